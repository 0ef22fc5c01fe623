"""A large, realistic community for measuring speed: what `bench/seed_scale.py` builds.

`seed()` runs each app's part in dependency order (bench/scale/members.py, practices.py,
events.py, then the circles and reflections below) inside one transaction, so a failed
run leaves nothing behind. Everything is written in bulk from one seeded random generator.
The database must already hold the demo content (`load_demo_content`): its home page, indexes,
facets and library are the skeleton and the vocabulary. Seeded accounts use the demo's
published password, so this never runs on a database without the demo accounts, that is never
on a real community's."""

import random
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from convening.circles.models import (
    Circle,
    CircleMembership,
    CircleSession,
    Commitment,
    Reflection,
    ReflectionReply,
    ReflectionVisibility,
    SessionAttendance,
)
from convening.circles.models.circles import TaggedCircle
from convening.circles.structures import STRUCTURES
from events.models import EventIndexPage
from events.visibility import GatheringVisibility
from members.demo import PASSWORD
from members.models import User
from practices.models import (
    Competency,
    PracticeIndexPage,
    PracticePage,
    StoryPage,
    StoryPractice,
)
from practices.value import ValueCycle

from .events import Gatherings, add_gatherings, add_replies
from .members import (
    DOMAIN,
    TOWNS,
    Members,
    Skewed,
    Tick,
    add_members,
    link,
    no_tick,
    write,
)
from .practices import (
    Library,
    add_practices,
    add_records,
    add_stories,
    add_tags,
    index_pages,
)


@dataclass(frozen=True)
class Sizes:
    members: int = 20_000
    practices: int = 5_000
    stories: int = 5_000
    gatherings: int = 2_000
    replies: int = 100_000
    circles: int = 1_000
    reflections: int = 50_000

    def times(self, factor: float) -> "Sizes":
        # Never fewer than a handful, so that even a tiny run has something of each kind.
        floors = {"members": 40, "replies": 40, "reflections": 40}
        return Sizes(
            **{
                name: max(floors.get(name, 4), round(value * factor))
                for name, value in asdict(self).items()
            }
        )


class NotReady(Exception):
    """The database lacks what seeding builds on: the migrations or the demo content."""


class AlreadySeeded(Exception):
    """The database already holds a seeded community."""


class Progress:
    """What `seed` reports: a stage starts, then work is done in units of its main object."""

    def stage(self, label: str) -> None:
        pass

    def advance(self, units: int) -> None:
        pass


def stages(sizes: Sizes) -> list[tuple[str, int, float]]:
    """The stages `seed` goes through: label, units of work, and a rough cost of each unit (so
    that a progress bar moves evenly in time)."""
    pages = sizes.practices + sizes.stories + sizes.gatherings
    return [
        ("Members", sizes.members, 4),
        ("Practices", sizes.practices, 7),
        ("Stories", sizes.stories, 10),
        ("Gatherings", sizes.gatherings, 6),
        ("Replies", sizes.replies, 1),
        ("Circles", sizes.circles, 20),
        ("Reflections", sizes.reflections, 1.5),
        ("Search index", pages, 8),
    ]


@dataclass
class Seeded:
    sizes: Sizes
    counts: dict[str, int]
    member_email: str
    urls: dict[str, str]
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def check_ready():
    """The library and the gatherings index, with the demo content loaded; or NotReady."""
    from django.db.utils import OperationalError, ProgrammingError

    try:
        library = PracticeIndexPage.objects.first()
        index = EventIndexPage.objects.first()
        demo_member = User.objects.filter(email="member@convening.example").exists()
        demo_library = library is not None and PracticePage.objects.live().exists()
        demo_stories = StoryPage.objects.live().exists()
    except (OperationalError, ProgrammingError) as error:
        raise NotReady(
            f"This database is not migrated ({error}). Run `manage.py migrate`, then "
            "`manage.py load_demo_content`, then bench/seed_scale.py."
        ) from error
    if index is None or not (demo_member and demo_library and demo_stories):
        raise NotReady(
            "This database has no demo content: bench/seed_scale.py builds on the demo's home "
            "page, library, facets and accounts. Run `manage.py migrate` and "
            "`manage.py load_demo_content` (with DEBUG=true) first."
        )
    seeded = User.objects.filter(email__endswith=f"@{DOMAIN}").count()
    if seeded:
        raise AlreadySeeded(
            f"This database already holds a seeded community ({seeded:,} members at "
            f"@{DOMAIN}). Seed a fresh database: migrate it, load the demo content, then run "
            "bench/seed_scale.py once."
        )
    return library, index


def seed(*, scale: float = 1.0, seed: int = 7, progress: Progress | None = None) -> Seeded:
    """Builds the community at `scale` times the default sizes, from the random seed `seed`.

    Side effects: writes everything in one transaction; makes the benchmark's member a
    calendar feed (through the service, so its secret address is known); then, on
    PostgreSQL, ANALYZE (as autovacuum soon would), and clears the cache, since no page
    publishing signal told it that content changed.
    Raises NotReady or AlreadySeeded before writing anything."""
    from events.views.calendar import new_feed_token

    progress = progress or Progress()
    sizes = Sizes().times(scale)
    rng = random.Random(seed)  # noqa: S311 - made-up data that must repeat, not secrets
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    started = time.perf_counter()
    with transaction.atomic():
        library, index = check_ready()
        progress.stage("Members")
        members = add_members(rng, sizes.members, now=now, tick=progress.advance)
        progress.stage("Practices")
        stewards = members.hosts or members.ids
        practices = add_practices(
            rng, library, sizes.practices, stewards=stewards, now=now, tick=progress.advance
        )
        popular = Skewed(rng, [page.pk for page in practices], skew=0.9, offset=3)
        progress.stage("Stories")
        stories = add_stories(
            rng, library, sizes.stories, popular=popular, authors=members.ids, now=now,
            tick=progress.advance,
        )  # fmt: skip
        add_records(rng, popular=popular, members=members.ids, count=sizes.members)
        progress.stage("Gatherings")
        gatherings = add_gatherings(
            rng, index, sizes.gatherings, hosts=members.hosts or members.ids[:5],
            zones=members.zones, popular=popular, now=now, tick=progress.advance,
        )  # fmt: skip
        progress.stage("Replies")
        add_replies(
            rng, gatherings, members=members.ids, emails=members.emails, count=sizes.replies,
            bench=members.bench, now=now, tick=progress.advance,
        )  # fmt: skip
        progress.stage("Circles")
        circles = add_circles(rng, sizes.circles, members=members, now=now, tick=progress.advance)
        progress.stage("Reflections")
        library_pages = Library(practices=practices, stories=stories, popular=popular)
        add_reflections(
            rng, sizes.reflections, members=members, circles=circles, library=library_pages,
            gatherings=gatherings, now=now, tick=progress.advance,
        )  # fmt: skip
        progress.stage("Search index")
        for pages in (practices, stories, gatherings.pages):
            index_pages(pages, tick=progress.advance)
        bench = User.objects.get(pk=members.bench)
        token = new_feed_token(bench)
    # Inside a transaction (a test's), ANALYZE would lock every table until it rolls back, and
    # the statistics would go with it.
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    cache.clear()
    urls = _targets(bench, practices, stories, gatherings, circles, token, now)
    return Seeded(
        sizes=sizes,
        counts=community_counts(),
        member_email=bench.email,
        urls=urls,
        seconds=time.perf_counter() - started,
        extra={"password": PASSWORD, "scale": scale, "seed": seed},
    )


def community_counts() -> dict[str, int]:
    """How big the community in this database is (also for the benchmark's report)."""
    from events.models import EventPage, Rsvp

    return {
        "members": User.objects.count(),
        "practices": PracticePage.objects.count(),
        "stories": StoryPage.objects.count(),
        "gatherings": EventPage.objects.count(),
        "replies": Rsvp.objects.count(),
        "circles": Circle.objects.count(),
        "reflections": Reflection.objects.count(),
    }


def _targets(bench, practices, stories, gatherings, circles, token, now) -> dict[str, str]:
    """Addresses the benchmark asks for: the busiest practice, story and gatherings, a circle
    of the benchmark's member, and their calendar feed."""
    busiest_practice = (
        PracticePage.objects.filter(pk__in=[page.pk for page in practices])
        .annotate(stories=Count("story_uses"))
        .order_by("-stories", "pk")
        .first()
    )
    busiest_story = (
        StoryPractice.objects.filter(story__in=[page.pk for page in stories])
        .values("story")
        .annotate(n=Count("pk"))
        .order_by("-n", "story")
        .first()
    )
    story = StoryPage.objects.get(pk=busiest_story["story"]) if busiest_story else stories[0]
    public = gatherings.busiest(GatheringVisibility.PUBLIC, now)
    members_only = gatherings.busiest(GatheringVisibility.MEMBERS, now)
    past = gatherings.busiest(GatheringVisibility.PUBLIC, now, upcoming=False)
    circle = (
        Circle.objects.filter(
            memberships__member=bench,
            memberships__status=CircleMembership.Status.ACTIVE,
            status=Circle.Status.MEETING,
        )
        .order_by("pk")
        .first()
    )
    purpose = busiest_practice.purposes.order_by("pk").first()
    word = busiest_practice.title.split()[-1]
    urls = {
        "home": "/",
        "practices": "/practices/",
        "practices_filtered": f"/practices/?purpose={purpose.slug}&sort=most-used"
        if purpose
        else "/practices/?sort=most-used",
        "search": f"/practices/?q={word}",
        "practice": busiest_practice.get_url(),
        "story": story.get_url(),
        "gatherings": "/gatherings/",
        "gathering": public.get_url() if public else "",
        "gathering_members_only": members_only.get_url() if members_only else "",
        "gathering_past": past.get_url() if past else "",
        "members": reverse("members:directory"),
        "profile": bench.profile.get_absolute_url(),
        "circles": reverse("circles:circles"),
        "circle": circle.get_absolute_url() if circle else "",
        "me": reverse("members:dashboard"),
        "portfolio": reverse("circles:portfolio"),
        "calendar_feed": reverse("events:personal_feed", kwargs={"token": token}),
    }
    return urls


# Circles and reflections ------------------------------------------------------------------------

# fmt: off
CIRCLE_KINDS = [
    "action learning set", "reflective practice circle", "peer support circle",
    "learning circle", "Troika circle", "practice circle",
]
CIRCLE_TOPICS = [
    "Health and housing", "New conveners'", "Place-based partnerships", "Funders and communities",
    "Lived experience leaders'", "Early help", "Council conveners'", "Youth work",
    "Social prescribing", "Evaluation", "Community power", "Integrated care", "Adult social care",
    "Voluntary sector leaders'", "Rural conveners'", "Climate and communities", "Data and insight",
    "Homelessness", "Mental health partnership", "Education and families",
]
REFLECTION_TITLES = [
    "Who gets to be in the room", "Consulted with my back turned", "Nervous about presenting",
    "What we changed by giving up the decision", "The meeting that went sideways",
    "Holding the space when it got heated", "A boundary I had not seen", "Slowing down on purpose",
    "When the data told a different story", "Hospitality matters more than agendas",
    "Inviting the people the system is for", "Power in a partnership board",
    "What the rich picture showed", "Trust before terms of reference",
    "Being the convener, not the expert", "After the world café",
    "Funding the work nobody commissions", "Letting the group decide",
    "What I learned from the waitlist", "Listening without fixing",
    "A hard conversation with a funder",
    "Mapping who is missing", "The quiet people at the table", "When a pilot ends",
]
SENTENCES = [
    "I brought the discharge delays and the set asked who else feels them.",
    "I realised I had never asked the families what the delay is like for them.",
    "The boundary of my system was drawn by job titles.",
    "Two peers talked about my problem as if I were not there, and I heard it differently.",
    "I had framed it as a legal problem when it is a trust problem.",
    "Nobody owns the handover, so everybody assumes somebody else does.",
    "The money mattered less than who got to decide.",
    "Drawing made it safe for people to disagree.",
    "I noticed how quickly I reach for a solution.",
    "The people with lived experience asked the best questions in the room.",
    "We ran out of time because I let the first speaker go on.",
    "Next time I will start with a check-in round and keep it short.",
    "Invite two families and a ward sister to the next partnership meeting.",
    "Ask both chief executives for a walk together before the next board.",
    "Write up what we learned and share it with two other councils.",
    "I will try the same questions with my own team on Monday.",
]
REPLIES = [
    "This landed for me too: we did the same with tenants last year.",
    "Thank you for writing this down. It helps to know I am not the only one.",
    "Have you tried asking them to set one question on the agenda?",
    "I would love to hear how the next meeting goes.",
]
# fmt: on

STEPS = {"weekly": 7, "fortnightly": 14, "monthly": 28}
JOIN_ANSWERS = [
    {
        "question": Circle._meta.get_field("join_questions").default,
        "answer": "My own stuck places, and what peers see that I cannot.",
    }
]


@dataclass
class Circles:
    circles: list[Circle]
    active: dict[int, list[int]]  # circle id: active members (facilitators first)
    held: list[CircleSession]


def add_circles(
    rng: random.Random, count: int, *, members: Members, now: datetime, tick: Tick = no_tick
) -> Circles:
    """`count` circles in every state (forming, meeting, paused, closed) and join policy, each
    with facilitators, active members and some requests, invitations and leavers; sessions held
    and to come (with attendance), at the circle's cadence. The benchmark's member is active in
    three of them."""
    facilitators = Skewed(rng, members.facilitators or members.ids[:5], skew=0.7, offset=3)
    taken = set(Circle.objects.values_list("slug", flat=True))
    circles, plans = [], []
    structures = list(STRUCTURES)
    for n in range(count):
        name = f"{rng.choice(CIRCLE_TOPICS)} {rng.choice(CIRCLE_KINDS)}"
        in_person = rng.random() < 0.2
        town = rng.choice(TOWNS)
        if in_person:
            name = f"{name} in {town}"
        slug = slugify(name)[:120]
        if slug in taken:
            slug = f"{slug}-{n}"
        taken.add(slug)
        facilitator = facilitators.one()
        size = rng.randint(4, 12)
        status = rng.choices(list(Circle.Status), weights=[25, 50, 5, 20])[0]
        circles.append(
            Circle(
                name=name,
                slug=slug,
                purpose=f"{name}: conveners bring live problems from their work, the circle "
                "asks questions rather than gives advice, and each of us leaves with a next step.",
                size_limit=size,
                cadence=rng.choice(list(Circle.Cadence)),
                format=Circle.Format.IN_PERSON if in_person else Circle.Format.ONLINE,
                place=town if in_person else "",
                time_zone=members.zones.get(facilitator, "Europe/London"),
                planned_sessions=rng.choice([4, 6, 6, 8, 8, 10, 12]),
                join_policy=rng.choices(list(Circle.JoinPolicy), weights=[30, 50, 20])[0],
                status=status,
                quorum=min(3, size),
                default_structure=rng.choice(structures),
                created_by_id=facilitator,
            )
        )
        plans.append(facilitator)
    circles = write(Circle, circles, tick)
    link(
        Circle,
        "sectors",
        (
            (circle.pk, sector)
            for circle in circles
            for sector in members.sectors.get(circle.created_by_id, [])[:2]
        ),
    )
    add_tags(rng, TaggedCircle, [circle.pk for circle in circles], [1, 2, 2, 3])

    bench_circles = {
        c.pk
        for c in rng.sample(
            [c for c in circles if c.status == Circle.Status.MEETING] or circles,
            min(2, len(circles)),
        )
    }
    closed = [c for c in circles if c.status == Circle.Status.CLOSED]
    if closed:
        bench_circles.add(rng.choice(closed).pk)
    memberships, active = [], {}
    for circle, facilitator in zip(circles, plans, strict=True):
        people = [
            p
            for p in rng.sample(members.ids, min(len(members.ids), circle.size_limit + 4))
            if p not in (facilitator, members.bench)
        ]
        if circle.pk in bench_circles:
            people.insert(0, members.bench)
        forming = circle.status == Circle.Status.FORMING
        seats = rng.randint(1, 3) if forming else rng.randint(2, circle.size_limit - 1)
        active[circle.pk] = [facilitator, *people[:seats]]
        memberships += _memberships(rng, circle, active[circle.pk], people[seats:], now)
    write(CircleMembership, memberships)
    held = _sessions(rng, circles, active, now)
    return Circles(circles=circles, active=active, held=held)


def _memberships(rng, circle, active, others, now):
    """The facilitator and active members; then, depending on the circle, people asking to
    join, invited, or who left."""
    Role, Status = CircleMembership.Role, CircleMembership.Status
    started = now - timedelta(days=rng.randint(14, 900))
    facilitator = active[0]
    rows = [
        CircleMembership(
            circle_id=circle.pk,
            member_id=person,
            role=Role.FACILITATOR if person == facilitator else Role.MEMBER,
            status=Status.ACTIVE,
            agreed_at=started,
            joined_at=started,
            decided_by_id=None if person == facilitator else facilitator,
        )
        for person in active
    ]
    waiting = {
        Circle.JoinPolicy.REQUEST: Status.REQUESTED,
        Circle.JoinPolicy.INVITATION: Status.INVITED,
    }.get(circle.join_policy)
    if circle.status == Circle.Status.CLOSED:
        waiting = None
    for k, person in enumerate(others[: rng.randint(0, 3)]):
        status = waiting if waiting and k < 2 else Status.LEFT
        left = status == Status.LEFT
        rows.append(
            CircleMembership(
                circle_id=circle.pk,
                member_id=person,
                status=status,
                answers=JOIN_ANSWERS if status == Status.REQUESTED else [],
                joined_at=started if left else None,
                ended_at=now - timedelta(days=rng.randint(1, 10)) if left else None,
                decided_by_id=facilitator if status != Status.REQUESTED else None,
            )
        )
    return rows


def _sessions(rng, circles, active, now):
    sessions = []
    for circle in circles:
        planned = circle.planned_sessions
        if circle.status == Circle.Status.FORMING:
            done, coming = 0, rng.choice([0, 1])
        elif circle.status == Circle.Status.MEETING:
            done = rng.randint(1, planned - 1)
            coming = min(planned - done, rng.randint(1, 3))
        elif circle.status == Circle.Status.PAUSED:
            done, coming = rng.randint(1, planned - 1), 0
        else:
            done, coming = planned, 0
        step = timedelta(days=STEPS[circle.cadence])
        if circle.status == Circle.Status.CLOSED:
            first = now - timedelta(days=rng.randint(30, 700)) - step * planned
        else:
            first = now - step * done + timedelta(days=rng.randint(1, 6))
        first = first.replace(hour=rng.choice([9, 10, 12, 16]))
        people = active[circle.pk]
        for number in range(1, done + coming + 1):
            starts = first + step * (number - 1)
            is_held = number <= done
            sessions.append(
                CircleSession(
                    circle_id=circle.pk,
                    number=number,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=90),
                    join_url=f"https://meet.example.org/{circle.slug}"
                    if circle.format == "online"
                    else "",
                    place=circle.place,
                    structure=circle.default_structure,
                    presenter_id=people[1 + (number - 1) % (len(people) - 1)]
                    if circle.presenter_rota and len(people) > 1
                    else None,
                    is_closing=number == planned,
                    retrospective="We learned to ask before advising. Two of us carry on as a pair."
                    if is_held and number == planned
                    else "",
                    status=CircleSession.Status.HELD if is_held else CircleSession.Status.SCHEDULED,
                )
            )
    sessions = write(CircleSession, sessions)
    held = [s for s in sessions if s.status == CircleSession.Status.HELD]
    write(
        SessionAttendance,
        (
            SessionAttendance(session_id=session.pk, member_id=person, present=rng.random() < 0.85)
            for session in held
            for person in active[session.circle_id]
        ),
    )
    return held


def add_reflections(
    rng: random.Random, count: int, *, members: Members, circles: Circles, library: Library,
    gatherings: Gatherings, now: datetime, tick: Tick = no_tick,
) -> int:  # fmt: skip
    """About `count` reflections: half written after circle sessions by the people present
    (private, shared with the circle or with all members), the rest by a minority of keen
    writers (a few write hundreds), some about a practice, story or past gathering; each with
    one to three competencies of the standard (some far more common), some with replies and,
    after a session, a commitment. The benchmark's member writes 60 across the standard."""
    competencies = Skewed(rng, Competency.objects.values_list("pk", flat=True), skew=0.8, offset=2)
    stories = [page.pk for page in library.stories]
    past = [page.pk for page in gatherings.pages if page.ends_at < now]
    writers = Skewed(
        rng, rng.sample(members.ids, max(1, len(members.ids) * 3 // 10)), skew=0.8, offset=20
    )

    plans = []  # (author, session, circle id)
    attendances = [(person, s) for s in circles.held for person in circles.active[s.circle_id]]
    chance = min(1.0, count * 0.5 / max(1, len(attendances)))
    plans += [(person, s) for person, s in attendances if rng.random() < chance]
    bench_sessions = [s for s in circles.held if members.bench in circles.active[s.circle_id]]
    plans += [(members.bench, s) for s in bench_sessions[:20]]
    plans += [(members.bench, None) for _ in range(max(0, 60 - min(20, len(bench_sessions))))]
    plans += [(writers.one(), None) for _ in range(max(0, count - len(plans)))]

    reflections = []
    for author, session in plans:
        structure = STRUCTURES[session.structure if session else rng.choice(list(STRUCTURES))]
        if session:
            visibility = rng.choices(list(ReflectionVisibility), weights=[40, 50, 10])[0]
        else:
            visibility = rng.choices(list(ReflectionVisibility), weights=[75, 0, 25])[0]
        shared_circle = (
            session.circle_id if session and visibility == ReflectionVisibility.CIRCLE else None
        )
        when = (
            session.starts_at.date()
            if session
            else (now - timedelta(days=int(900 * rng.random() ** 1.5))).date()
        )
        reflections.append(
            Reflection(
                author_id=author,
                title=rng.choice(REFLECTION_TITLES),
                date=when,
                structure=structure.code,
                sections=[
                    {
                        "key": p.key,
                        "heading": p.heading,
                        "text": " ".join(rng.sample(SENTENCES, rng.randint(1, 3))),
                    }
                    for p in structure.prompts
                ],
                session_id=session.pk if session else None,
                practice_id=library.popular.one() if not session and rng.random() < 0.35 else None,
                gathering_id=rng.choice(past)
                if past and not session and rng.random() < 0.15
                else None,
                story_id=rng.choice(stories)
                if stories and not session and rng.random() < 0.05
                else None,
                value_cycle=rng.choice([c for c, _ in ValueCycle.choices])
                if rng.random() < 0.6
                else "",
                visibility=visibility,
                circle_id=shared_circle,
            )
        )
    reflections = write(Reflection, reflections, tick)
    link(
        Reflection,
        "competencies",
        ((r.pk, c) for r in reflections for c in competencies.some(rng.choice([1, 1, 2, 3]))),
    )
    everyone = members.ids
    write(
        ReflectionReply,
        (
            ReflectionReply(
                reflection_id=r.pk,
                author_id=rng.choice(circles.active[r.circle_id] if r.circle_id else everyone),
                text=rng.choice(REPLIES),
            )
            for r in reflections
            if r.visibility != ReflectionVisibility.PRIVATE and rng.random() < 0.15
            for _ in range(rng.choice([1, 1, 2]))
        ),
    )
    write(
        Commitment,
        (
            Commitment(
                member_id=r.author_id,
                session_id=r.session_id,
                reflection_id=r.pk,
                text=r.sections[-1]["text"],
                done=rng.random() < 0.3,
                follow_up_sent_at=now - timedelta(days=3)
                if r.date < (now - timedelta(days=42)).date()
                else None,
            )
            for r in reflections
            if r.session_id and rng.random() < 0.4
        ),
    )
    return len(reflections)
