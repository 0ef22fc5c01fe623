"""A large, made-up community for measuring speed at scale: the members part of
`bench/seed_scale.py` (bench/scale/community.py runs the parts in order).

Rows are written in bulk: no signals, no emails, one password hash computed once for everyone.
Names, roles, places, sectors and interests come from the demo community's own vocabulary and
are spread the way real communities are: a few sectors, organisations and interests are
common, most are rare (`Skewed`). Everything is drawn from one seeded random generator, so the
same seed builds the same community (apart from dates, which are relative to today)."""

import itertools
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.utils.text import slugify
from taggit.models import Tag

from members.demo import PASSWORD, PEOPLE
from members.models import Profile, Sector, TaggedBoundary, TaggedInterest, User
from members.visibility import Visibility

# Every seeded account has an address at this domain (and the demo's published password), so
# seeded people are easy to tell apart from the demo cast and from real people.
DOMAIN = "scale.convening.example"
BATCH = 1000

Tick = Callable[[int], None]


def no_tick(_count: int) -> None:
    pass


class Skewed:
    """Draws from `items` with a long tail (Zipf's law): the most popular is chosen about twice
    as often as the second, three times as often as the third, and so on. The order is shuffled
    by the generator, so which items are popular differs from one list to the next. A larger
    `offset` flattens the head."""

    def __init__(self, rng: random.Random, items: Iterable, *, skew=1.0, offset=1, shuffle=True):
        self.rng = rng
        self.items = list(items)
        if shuffle:
            rng.shuffle(self.items)
        weights = (1 / (rank + offset) ** skew for rank in range(len(self.items)))
        self.cumulative = list(itertools.accumulate(weights))

    def __len__(self):
        return len(self.items)

    def one(self):
        return self.rng.choices(self.items, cum_weights=self.cumulative)[0]

    def some(self, count: int) -> list:
        """Up to `count` different items, popular ones more often."""
        count = min(count, len(self.items))
        chosen = dict.fromkeys(self.rng.choices(self.items, cum_weights=self.cumulative, k=count))
        for _ in range(count * 4):
            if len(chosen) >= count:
                break
            chosen.setdefault(self.one())
        return list(chosen)


def write(model, rows: Iterable, tick: Tick = no_tick, *, batch=BATCH, **options) -> list:
    """`bulk_create` in batches, reporting each batch to `tick`. Returns the objects, with their
    primary keys (both PostgreSQL and SQLite 3.35+ return them from a bulk insert)."""
    written = []
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, batch)):
        written.extend(model.objects.bulk_create(chunk, batch_size=batch, **options))
        tick(len(chunk))
    return written


def link(model, relation: str, pairs: Iterable[tuple[int, int]], tick: Tick = no_tick) -> int:
    """Rows of the many-to-many `model.relation` for (owner id, target id) pairs; a pair given
    twice is written once."""
    relation_field = model._meta.get_field(relation)
    through = relation_field.remote_field.through
    columns = [
        through._meta.get_field(relation_field.m2m_field_name()).column,
        through._meta.get_field(relation_field.m2m_reverse_field_name()).column,
    ]
    rows = list(dict.fromkeys(pairs))
    # Plain multi-row INSERTs: these tables have only the two ids, and building a model
    # instance for each of hundreds of thousands of rows would double the time of the run.
    # Table and column names come from the models' metadata; every value is a parameter.
    quote = connection.ops.quote_name
    table, names = quote(through._meta.db_table), ", ".join(map(quote, columns))
    into = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(into + values, [value for row in chunk for value in row])
            tick(len(chunk))
    return len(rows)


def tag_ids(names: Iterable[str]) -> dict[str, int]:
    """The tags with these names, created when missing: {name: id}."""
    wanted = list(dict.fromkeys(names))
    existing = dict(Tag.objects.filter(name__in=wanted).values_list("name", "pk"))
    taken = set(Tag.objects.values_list("slug", flat=True))
    new = []
    for name in wanted:
        if name in existing:
            continue
        base = slugify(name)[:90] or "tag"
        slug = base
        for n in itertools.count(2):
            if slug not in taken:
                break
            slug = f"{base}-{n}"
        taken.add(slug)
        new.append(Tag(name=name, slug=slug))
    Tag.objects.bulk_create(new)
    return dict(Tag.objects.filter(name__in=wanted).values_list("name", "pk"))


def seeded_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# Vocabulary -------------------------------------------------------------------------------------

# fmt: off
FIRST_NAMES = [
    "Aisha", "Ben", "Catriona", "Dev", "Eleanor", "Farid", "Grace", "Hamish", "Ifeoma", "James",
    "Kiran", "Laura", "Marcus", "Nadia", "Owen", "Priya", "Rosa", "Samuel", "Tove", "Uma",
    "Victor", "Wendy", "Xavier", "Yasmin", "Zoe", "Amelia", "Tom", "Rachel", "Olusegun", "Isla",
    "Daniel", "Maya", "Harriet", "Femi", "Esther", "Alex", "Adebayo", "Agnieszka", "Ahmed",
    "Aled", "Alice", "Amira", "Anand", "Angharad", "Ann", "Arjun", "Beatriz", "Bethan", "Bilal",
    "Bronwen", "Carlos", "Chen", "Chloe", "Chidi", "Ciaran", "Claire", "Connor", "Deborah",
    "Deepa", "Dylan", "Ebony", "Elif", "Emeka", "Emma", "Erin", "Fatima", "Fergus", "Fiona",
    "Gareth", "Gemma", "Hannah", "Hassan", "Helen", "Huw", "Imran", "Ingrid", "Jack", "Jasmine",
    "Jia", "Joanna", "Jonah", "Joseph", "Kasia", "Kwame", "Lakshmi", "Leah", "Liam", "Lina",
    "Lucy", "Mairead", "Malik", "Mandeep", "Mariam", "Martha", "Matteo", "Mei", "Mohammed",
    "Morag", "Niamh", "Nikhil", "Noor", "Oliver", "Paul", "Rhys", "Rohan", "Ruth", "Saanvi",
    "Sean", "Shona", "Simran", "Sinead", "Sophie", "Stuart", "Tariq", "Thandiwe", "Yusuf",
    "Zainab", "Zara", "Ewan", "Kofi", "Leila", "Nia", "Oscar", "Ravi", "Sadia", "Tegan",
]
LAST_NAMES = [
    "Rahman", "Okoro", "MacLeod", "Patel", "Hughes", "Haddad", "Mensah", "Grant", "Nwosu",
    "Whitfield", "Shah", "Bianchi", "Reid", "Hussain", "Davies", "Sharma", "Martínez",
    "Adeyemi", "Nielsen", "Krishnan", "Dubois", "Clarke", "Thompson", "Ali", "Carter", "Brooks",
    "Nguyen", "Green", "Bello", "Morgan", "Kaur", "Okafor", "Fox", "Ahmed", "Anderson",
    "Begum", "Bennett", "Campbell", "Chowdhury", "Collins", "Cooper", "Doherty", "Edwards",
    "Evans", "Ferguson", "Fraser", "Gallagher", "Gill", "Griffiths", "Hall", "Harris", "Hill",
    "Hoang", "Howell", "Iqbal", "Jackson", "James", "Jenkins", "Johnson", "Jones", "Kamara",
    "Kelly", "Khan", "Kowalski", "Lee", "Lewis", "Li", "Lloyd", "McCarthy", "McKenzie", "Mistry",
    "Mitchell", "Moore", "Murphy", "Murray", "Nowak", "O'Brien", "Obi", "Owen", "Parry",
    "Phillips", "Price", "Quinn", "Roberts", "Robertson", "Rossi", "Scott", "Singh", "Smith",
    "Stewart", "Taylor", "Thomas", "Turner", "Walker", "Wang", "Watson", "White", "Williams",
    "Wilson", "Wong", "Wood", "Wright", "Young", "Zhang", "Asante", "Baptiste", "Costa",
    "Demir", "Eriksen", "Farah", "Gonzalez", "Herrera", "Ibrahim", "Jovanovic", "Kumar",
]
# region, country, time zone, weight: most of the community is in the UK, as in the survey.
PLACES = [
    ("London", "England", "Europe/London", 14), ("North West", "England", "Europe/London", 8),
    ("Yorkshire and the Humber", "England", "Europe/London", 7),
    ("West Midlands", "England", "Europe/London", 6),
    ("East Midlands", "England", "Europe/London", 4),
    ("South East", "England", "Europe/London", 6), ("South West", "England", "Europe/London", 5),
    ("North East", "England", "Europe/London", 4),
    ("East of England", "England", "Europe/London", 4),
    ("Glasgow", "Scotland", "Europe/London", 3),
    ("Edinburgh and Lothians", "Scotland", "Europe/London", 3),
    ("Highlands", "Scotland", "Europe/London", 1), ("Tayside", "Scotland", "Europe/London", 1),
    ("South Wales", "Wales", "Europe/London", 3), ("North Wales", "Wales", "Europe/London", 1),
    ("Belfast", "Northern Ireland", "Europe/London", 2), ("Dublin", "Ireland", "Europe/Dublin", 2),
    ("Île-de-France", "France", "Europe/Paris", 1), ("Lombardy", "Italy", "Europe/Rome", 1),
    ("Central Denmark", "Denmark", "Europe/Copenhagen", 1),
    ("North Holland", "Netherlands", "Europe/Amsterdam", 1),
    ("Berlin", "Germany", "Europe/Berlin", 1), ("Catalonia", "Spain", "Europe/Madrid", 1),
    ("Delaware", "United States", "America/New_York", 1),
    ("California", "United States", "America/Los_Angeles", 1),
    ("Illinois", "United States", "America/Chicago", 1),
    ("Ontario", "Canada", "America/Toronto", 1),
    ("Ciudad de México", "Mexico", "America/Mexico_City", 1),
    ("New South Wales", "Australia", "Australia/Sydney", 2),
    ("Victoria", "Australia", "Australia/Melbourne", 1),
    ("Auckland", "New Zealand", "Pacific/Auckland", 1),
    ("Gauteng", "South Africa", "Africa/Johannesburg", 1),
    ("Nairobi", "Kenya", "Africa/Nairobi", 1), ("Maharashtra", "India", "Asia/Kolkata", 1),
]
TOWNS = [
    "Leeds", "Bradford", "Manchester", "Salford", "Liverpool", "Newcastle", "Sunderland",
    "Birmingham", "Coventry", "Leicester", "Nottingham", "Derby", "Sheffield", "Hull", "York",
    "Bristol", "Plymouth", "Exeter", "Brighton", "Southampton", "Portsmouth", "Oxford",
    "Cambridge", "Norwich", "Ipswich", "Lambeth", "Hackney", "Tower Hamlets", "Camden",
    "Croydon", "Glasgow", "Edinburgh", "Dundee", "Aberdeen", "Inverness", "Cardiff", "Swansea",
    "Wrexham", "Belfast", "Derry", "Stockport", "Wigan", "Oldham", "Preston", "Blackpool",
    "Middlesbrough", "Gateshead", "Wakefield", "Barnsley", "Stoke", "Wolverhampton", "Walsall",
    "Luton", "Reading", "Swindon", "Gloucester", "Cornwall", "Cumbria", "Norfolk", "Somerset",
]
ORGANISATIONS = {
    "health": ["{town} Integrated Care Board", "{town} Primary Care Network",
               "{town} NHS Foundation Trust", "{town} Public Health", "{town} Health Partnership"],
    "social-care": ["{town} Adult Social Care", "{town} Children's Services",
                    "{town} Care Alliance", "{town} Carers Centre"],
    "housing": ["{town} Housing Association", "{town} Homes", "{town} Tenants' Federation",
                "{town} Housing First"],
    "education": ["University of {town}", "{town} College", "{town} Schools Partnership",
                  "{town} Adult Learning"],
    "local-government": ["{town} City Council", "{town} Council", "{town} Combined Authority"],
    "voluntary-and-community": ["{town} Council for Voluntary Service", "{town} Community Trust",
                                "{town} Food Partnership", "Together {town}", "{town} Mind"],
    "funder": ["{town} Community Foundation", "The {town} Fund", "{town} Lottery Partnership"],
    "research": ["{town} Institute for Public Policy", "{town} Centre for Systems Research",
                 "{town} Evaluation Lab"],
    "other": ["{town} Police", "{town} Fire and Rescue", "{town} Chamber of Commerce",
              "{town} Library Service"],
}
EXTRA_HEADLINES = [
    "Systems convener", "Partnership manager", "Programme lead", "Community organiser",
    "Head of transformation", "Improvement advisor", "Strategy officer", "Service designer",
    "Public health consultant", "Neighbourhood coordinator", "Learning and evaluation lead",
    "Chief executive", "Trustee", "Independent facilitator", "Peer support worker",
]
MORE_INTERESTS = [
    "systems convening", "relational practice", "co-production", "place-based working",
    "lived experience", "complexity", "system mapping", "peer support", "evaluation",
    "early help", "health inequalities", "community power", "neighbourhood working",
    "prevention", "learning partnerships", "participatory budgeting", "anti-racism",
    "trauma-informed practice", "digital inclusion", "climate adaptation",
]
LIVED_EXPERIENCE = [
    "I have been homeless, and I use that experience in how I convene.",
    "I care for a parent with dementia and know the system from the kitchen table.",
    "I grew up in care.",
    "I live with a long-term condition and use health services every month.",
]
# fmt: on


@dataclass
class Members:
    """Who was made: ids in order of activity (the first is the benchmark's member), and the
    ones given the Hosts and Facilitators roles."""

    ids: list[int]
    hosts: list[int]
    facilitators: list[int]
    sectors: dict[int, list[int]] = field(default_factory=dict)
    zones: dict[int, str] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)

    @property
    def bench(self) -> int:
        return self.ids[0]


def _headlines_by_sector():
    by_sector = {}
    for person in PEOPLE:
        for sector in person["sectors"]:
            by_sector.setdefault(sector, []).append(person["headline"])
    return by_sector


def add_members(rng: random.Random, count: int, *, now: datetime, tick: Tick = no_tick) -> Members:
    """`count` verified members with profiles, as rows: accounts (one shared password hash),
    verified primary addresses, the Members group (and Hosts or Facilitators for a few),
    profiles across sectors, organisations, places and time zones with mixed visibility, and
    their interests and boundaries."""
    password = make_password(PASSWORD)
    sectors = Skewed(rng, Sector.objects.all(), skew=0.8, offset=2)
    places = [place for place in PLACES for _ in range(place[3])]
    headlines = _headlines_by_sector()
    towns = Skewed(rng, TOWNS, skew=0.7, offset=3)
    interests = Skewed(
        rng, {*(i for row in PEOPLE for i in row["interests"]), *MORE_INTERESTS}, skew=0.9, offset=2
    )
    boundaries = Skewed(rng, {b for row in PEOPLE for b in row["boundaries"]}, skew=0.9, offset=2)

    people = []
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        mine = sectors.some(rng.choice([1, 1, 1, 2, 2, 3]))
        region, country, zone, _weight = rng.choice(places)
        organisation = rng.choice(ORGANISATIONS[mine[0].slug]).format(town=towns.one())
        headline = rng.choice(headlines.get(mine[0].slug, []) + EXTRA_HEADLINES)
        people.append((n, first, last, mine, region, country, zone, organisation, headline))

    users = write(
        User,
        (
            User(
                email=_email(n, first, last),
                first_name=first,
                last_name=last,
                password=password,
                date_joined=now - timedelta(days=rng.randint(0, 4 * 365), minutes=n % 1440),
                last_login=now - timedelta(days=rng.randint(0, 90)) if n % 3 else None,
            )
            for n, first, last, *_ in people
        ),
    )
    ids = [user.pk for user in users]
    write(
        EmailAddress,
        (
            EmailAddress(user_id=pk, email=user.email, verified=True, primary=True)
            for pk, user in zip(ids, users, strict=True)
        ),
    )
    groups = dict(Group.objects.values_list("name", "pk"))
    hosts = [pk for n, pk in enumerate(ids) if n % 33 == 5]
    facilitators = [pk for n, pk in enumerate(ids) if n % 16 == 7]
    memberships = [(pk, groups["Members"]) for pk in ids]
    memberships += [(pk, groups["Hosts"]) for pk in hosts]
    memberships += [(pk, groups["Facilitators"]) for pk in facilitators]
    link(User, "groups", memberships)

    profiles = write(
        Profile,
        (
            _profile(rng, pk, n, first, last, region, country, zone, organisation, headline, now)
            for pk, (n, first, last, _s, region, country, zone, organisation, headline) in zip(
                ids, people, strict=True
            )
        ),
        tick,
    )
    link(
        Profile,
        "sectors",
        (
            (profile.pk, sector.pk)
            for profile, person in zip(profiles, people, strict=True)
            for sector in person[3]
        ),
    )
    chosen = [interests.some(rng.choice([0, 1, 2, 2, 3, 4])) for _ in profiles]
    spans = [boundaries.some(rng.choice([0, 1, 1, 2])) for _ in profiles]
    ids_of = tag_ids([*interests.items, *boundaries.items])
    write(
        TaggedInterest,
        (
            TaggedInterest(content_object_id=profile.pk, tag_id=ids_of[name])
            for profile, names in zip(profiles, chosen, strict=True)
            for name in names
        ),
    )
    write(
        TaggedBoundary,
        (
            TaggedBoundary(content_object_id=profile.pk, tag_id=ids_of[name])
            for profile, names in zip(profiles, spans, strict=True)
            for name in names
        ),
    )
    return Members(
        ids=ids,
        hosts=hosts,
        facilitators=facilitators,
        sectors={pk: [s.pk for s in person[3]] for pk, person in zip(ids, people, strict=True)},
        zones={pk: person[6] for pk, person in zip(ids, people, strict=True)},
        emails={user.pk: user.email for user in users},
    )


def _email(n, first, last):
    name = slugify(f"{first} {last}").replace("-", ".")
    return f"{name}.{n}@{DOMAIN}"


def _profile(rng, pk, n, first, last, region, country, zone, organisation, headline, now):
    # The benchmark's member (n == 0) is an ordinary, settled member whose profile members see.
    visibility = rng.choices(
        [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE], weights=[25, 65, 10]
    )[0]
    if n == 0:
        visibility = Visibility.MEMBERS
    shared = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE]
    lived = rng.random() < 0.1
    onboarding = Profile.Onboarding.DONE
    if n and rng.random() < 0.06:
        onboarding = rng.choice([Profile.Onboarding.PENDING, Profile.Onboarding.SKIPPED])
    name = f"{first} {last}"
    return Profile(
        user_id=pk,
        slug=f"{slugify(name)[:60] or 'member'}-{n}",
        display_name=name,
        pronouns=rng.choice(["", "", "", "she/her", "he/him", "they/them"]),
        headline=headline,
        organisation=organisation,
        region=region,
        country=country,
        time_zone=zone,
        bio=f"I work as {headline[0].lower() + headline[1:]} at {organisation}. I bring people "
        f"together across services and communities in {region}.",
        lived_experience=rng.choice(LIVED_EXPERIENCE) if lived else "",
        new_to_convening=rng.random() < 0.2,
        open_to_peer_support=rng.random() < 0.5,
        open_to_being_mentored=rng.random() < 0.2,
        open_to_mentoring=rng.random() < 0.15,
        open_to_co_hosting=rng.random() < 0.2,
        open_to_contact=rng.random() < 0.8,
        website=f"https://{slugify(first)}-{n}.example" if rng.random() < 0.2 else "",
        visibility=visibility,
        contact_visibility=rng.choices(shared, weights=[20, 60, 20])[0],
        organisation_visibility=rng.choices(shared, weights=[50, 45, 5])[0],
        lived_experience_visibility=rng.choices(shared, weights=[10, 40, 50])[0],
        digest=rng.choice([Profile.Digest.MONTHLY, Profile.Digest.WEEKLY, Profile.Digest.NEVER]),
        onboarding=onboarding,
    )
