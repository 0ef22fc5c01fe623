"""The demo community's gatherings: the free online gathering the survey ends with, a
fortnightly series with its regulars, a day in a room in Leeds, a members' action learning
set, an invitation-only round table, a full practice round with a waitlist, and a past
gathering with its harvest and feedback.

Dates are relative to today (next Tuesday...), in the host's zone. Idempotent: each gathering is
found by its slug first and left alone when it exists, replies and all, so a rerun creates
nothing twice and keeps what people changed. Replies are written as rows, not through the
reply service, so loading the demo sends no email (the series' dates are the exception: they
are made by `schedule_next`, which counts the regulars in as a host's click would)."""

import datetime
import secrets
import zoneinfo

from django.utils import timezone
from django.utils.html import escape

from members.models import User
from practices.models import PracticePage

from .models import (
    AccessProvision,
    EventHost,
    EventIndexPage,
    EventPage,
    Feedback,
    Invitation,
    Rsvp,
    Series,
    SeriesRegular,
    hash_token,
)
from .series import schedule_next
from .visibility import GatheringVisibility

LONDON = zoneinfo.ZoneInfo("Europe/London")
TUESDAY, WEDNESDAY, THURSDAY = 1, 2, 3
PUBLIC, MEMBERS, INVITED = (
    GatheringVisibility.PUBLIC,
    GatheringVisibility.MEMBERS,
    GatheringVisibility.INVITED,
)
ONLINE, IN_PERSON = EventPage.Format.ONLINE, EventPage.Format.IN_PERSON
GOING, WAITLISTED, NOT_GOING = Rsvp.Status.GOING, Rsvp.Status.WAITLISTED, Rsvp.Status.NOT_GOING

SERIES_NAME = "Tea and systems"
SERIES_SLUG = "tea-and-systems"


def rich(*paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


# Dates ----------------------------------------------------------------------------------------


def next_weekday(weekday, *, weeks_later=0, today=None):
    """The next `weekday` (0 is Monday) after today in London, never today itself."""
    today = today or timezone.localdate(timezone=LONDON)
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + datetime.timedelta(days=ahead + 7 * weeks_later)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


# People and practices -------------------------------------------------------------------------


class Cast:
    """The demo members by first name (and the role accounts by their role), fetched once."""

    def __init__(self):
        people = User.objects.filter(email__endswith="@people.convening.example")
        self.by_name = {person.first_name: person for person in people}
        roles = User.objects.filter(email__endswith="@convening.example")
        self.by_email = {user.email: user for user in roles}

    @property
    def host(self):
        return self.by_email["host@convening.example"]

    @property
    def facilitator(self):
        return self.by_email["facilitator@convening.example"]

    @property
    def member(self):
        return self.by_email["member@convening.example"]

    def __call__(self, *names):
        return [self.by_name[name] for name in names if name in self.by_name]


def practices_by_slug(*slugs):
    return {page.slug: page for page in PracticePage.objects.live().filter(slug__in=slugs)}


def agenda(practices, *items):
    """Agenda items as (time, title, description, practice slug or "")."""
    return [
        (
            "item",
            {
                "time": time,
                "title": title,
                "description": description,
                "practice": practices.get(slug),
            },
        )
        for time, title, description, slug in items
    ]


# Building -------------------------------------------------------------------------------------


def gathering(index, *, slug, hosts, tags=(), hospitality=(), **fields):
    """A published gathering under the index, or None when one with this slug exists."""
    if EventPage.objects.child_of(index).filter(slug=slug).exists():
        return None
    event = EventPage(slug=slug, time_zone="Europe/London", **fields)
    for host in hosts:
        event.hosts.add(EventHost(member=host))
    if tags:
        event.tags.add(*tags)
    index.add_child(instance=event)
    if hospitality:
        event.hospitality.set(AccessProvision.objects.filter(slug__in=hospitality))
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def replies(event, people, status=GOING, *, listed=True, since=None):
    """Replies written as rows (no emails). The waitlist is queued a minute apart, in order."""
    since = since or timezone.now() - datetime.timedelta(days=3)
    Rsvp.objects.bulk_create(
        [
            Rsvp(
                event=event,
                member=person,
                status=status,
                on_attendee_list=listed and n % 4 != 3,
                queued_at=since + datetime.timedelta(minutes=n) if status == WAITLISTED else None,
            )
            for n, person in enumerate(people)
        ],
        ignore_conflicts=True,
    )


def survey_gathering(index, cast, practices):
    """Like the survey's own invitation: free, online, a Tuesday from 11:00 to 12:30."""
    day = next_weekday(TUESDAY)
    event = gathering(
        index,
        slug="continuing-the-conversation",
        title="Systems convening: continuing the conversation",
        summary="A free online gathering for anyone who brings people together across "
        "boundaries to change how public systems work.",
        description=rich(
            "Over 80 of you told us what systems convening is, what helps and what gets in "
            "the way. Come and carry on that conversation with others who do this work, "
            "often without it being in their job description.",
            "No preparation needed. Cameras are optional, and there is a break halfway.",
        ),
        starts_at=at(day, 11, 0),
        ends_at=at(day, 12, 30),
        format=ONLINE,
        online_platform="Jitsi",
        join_url="https://meet.jit.si/convening-continuing-the-conversation",
        capacity=80,
        visibility=PUBLIC,
        hosts=[cast.host],
        tags=["systems convening", "belonging"],
        hospitality=["captions", "breaks", "cameras-optional", "materials-in-advance"],
        hospitality_notes="A break at 11:45. Bring a cup of tea.",
        agenda=agenda(
            practices,
            ("11:00", "Welcome and check-in", "One word for how you arrive today.", ""),
            (
                "11:15",
                "What the survey told us",
                "Harriet shares the four success themes, briefly.",
                "",
            ),
            (
                "11:25",
                "Conversations at small tables",
                "Three rounds on one question: what would help you do this work well?",
                "world-cafe",
            ),
            ("11:45", "Break", "", ""),
            (
                "11:55",
                "Help from two peers",
                "In threes, each person brings a real challenge from their own place.",
                "troika-consulting",
            ),
            (
                "12:20",
                "What? So what? Now what?",
                "What we take away, and what we might do together next.",
                "what-so-what-now-what",
            ),
        ),
    )
    if event:
        people = [
            cast.member,
            cast.facilitator,
            *cast("Aisha", "Ben", "Eleanor", "Grace", "Hamish", "Ifeoma", "Priya", "Zoe", "Tom"),
        ]
        replies(event, people)
        replies(event, cast("Kiran"), NOT_GOING, listed=False)
    return event


def tea_and_systems(index, cast, practices):
    """A fortnightly series: one date that has happened, three upcoming ones made from it by
    `schedule_next`, and two regulars counted as going to each."""
    series, _ = Series.objects.get_or_create(
        name=SERIES_NAME,
        defaults={
            "cadence": Series.Cadence.FORTNIGHTLY,
            "description": "Every other Thursday at four: an hour to get to know each other, "
            "then one structured conversation. Tea and cake at your own desk.",
        },
    )
    if EventPage.objects.filter(series=series).exists():
        return []
    first_day = next_weekday(THURSDAY) - datetime.timedelta(days=14)
    first = gathering(
        index,
        slug=f"{SERIES_SLUG}-{first_day:%Y-%m-%d}",
        title=SERIES_NAME,
        summary="Fortnightly and online: getting to know each other, then one structured "
        "conversation.",
        description=rich(
            "Regular, informal and small. The first half hour is for catching up; the second "
            "is a structured conversation on something one of us is stuck on."
        ),
        starts_at=at(first_day, 16, 0),
        ends_at=at(first_day, 17, 0),
        format=ONLINE,
        online_platform="Zoom",
        join_url="https://zoom.example/j/tea-and-systems",
        capacity=20,
        visibility=PUBLIC,
        series=series,
        hosts=[cast.host],
        tags=["tea and cake"],
        hospitality=["cameras-optional"],
        hospitality_notes="Bring your own tea and cake.",
        agenda=agenda(
            practices,
            ("16:00", "Catching up", "How are things where you are?", ""),
            (
                "16:30",
                "One structured conversation",
                "Someone brings a question; two peers help.",
                "troika-consulting",
            ),
        ),
    )
    if first is None:
        return []
    regulars = [cast.member, *cast("Catriona")]
    replies(first, [*regulars, *cast("Owen", "Wendy")])
    for regular in regulars:
        SeriesRegular.objects.get_or_create(series=series, member=regular)
    return [first, *schedule_next(first, user=cast.host, count=3)]


def day_in_leeds(index, cast, practices):
    day = next_weekday(WEDNESDAY, weeks_later=2)
    event = gathering(
        index,
        slug="where-housing-meets-health-leeds",
        title="Where housing meets health: a day in Leeds",
        summary="In a room together: people from housing, health and the voluntary sector "
        "redraw one boundary between their services.",
        description=rich(
            "A day to map where people fall between housing and health services, with the "
            "people who work on both sides and people who have lived through it.",
            "Lunch is provided. We reimburse travel for people taking part with lived experience.",
        ),
        starts_at=at(day, 10, 0),
        ends_at=at(day, 15, 30),
        format=IN_PERSON,
        place="Leeds city centre",
        venue="The Community Room, Quarry House Neighbourhood Centre\n"
        "14 Example Street\nLeeds LS2 7ZZ",
        access_information="Step-free entrance from the car park side. Accessible toilets "
        "on the ground floor. A quiet room next door all day. Ten minutes' walk from Leeds "
        "station, mostly flat.",
        capacity=24,
        visibility=PUBLIC,
        hosts=[cast.host],
        tags=["housing", "health"],
        hospitality=["step-free", "quiet-room", "dietary", "breaks", "hearing-loop"],
        hospitality_notes="Tea and cake on arrival, a proper lunch, breaks every hour.",
        agenda=agenda(
            practices,
            ("10:00", "Arrivals, tea and introductions", "", ""),
            (
                "10:30",
                "Drawing the situation",
                "Rich pictures of where people fall between services.",
                "rich-pictures",
            ),
            (
                "13:30",
                "Where is the boundary, and who drew it?",
                "",
                "boundary-critique",
            ),
            ("15:00", "What we will try next", "", "what-so-what-now-what"),
        ),
    )
    if event:
        replies(event, cast("Ben", "Samuel", "Rachel", "Nadia", "Grace", "Daniel"))
    return event


def action_learning_set(index, cast, practices):
    day = next_weekday(THURSDAY, weeks_later=1)
    event = gathering(
        index,
        slug="action-learning-funding-the-work",
        title="Action learning set: funding the work nobody commissions",
        summary="For members: a small set working on how to resource convening when it is "
        "nobody's job.",
        description=rich(
            "Systems convening is often how the work needs to happen, and rarely what anyone "
            "is funded to do. Bring a live situation; leave with a next step."
        ),
        starts_at=at(day, 14, 0),
        ends_at=at(day, 15, 30),
        format=ONLINE,
        online_platform="Jitsi",
        join_url="https://meet.jit.si/convening-action-learning",
        capacity=8,
        visibility=MEMBERS,
        hosts=[cast.facilitator, cast.host],
        tags=["funding", "peer support"],
        hospitality=["cameras-optional", "breaks"],
        agenda=agenda(
            practices,
            ("14:00", "Check-in", "", ""),
            ("14:10", "Two presenters, one question each", "", "action-learning-sets"),
        ),
    )
    if event:
        replies(event, [cast.member, *cast("Nadia", "Xavier", "Marcus")])
    return event


def round_table(index, cast, practices):
    """Invitation only: invisible to anyone the hosts did not invite."""
    day = next_weekday(TUESDAY, weeks_later=3)
    event = gathering(
        index,
        slug="funders-and-conveners-round-table",
        title="Funders and conveners: a round table",
        summary="A candid conversation between funders and conveners about what KPIs stop "
        "from emerging.",
        description=rich(
            "Few funders fully understand this work, and outcomes that must be known in "
            "advance can stop things from emerging. A small, invited group, under the "
            "Chatham House rule."
        ),
        starts_at=at(day, 10, 0),
        ends_at=at(day, 12, 0),
        format=ONLINE,
        online_platform="Teams",
        join_url="https://teams.example/l/round-table",
        capacity=12,
        visibility=INVITED,
        hosts=[cast.host],
        tags=["funding"],
        hospitality=["captions", "materials-in-advance"],
        agenda=agenda(
            practices,
            ("10:00", "What each of us is trying to change", "", ""),
            ("10:30", "Where the money gets stuck", "", "actor-and-power-mapping"),
        ),
    )
    if not event:
        return None
    now = timezone.now()
    invited = [
        (cast("Farid"), Invitation.Status.ACCEPTED, "Your work on participatory grant-making "
         "is exactly what this conversation needs."),
        (cast("Isla"), Invitation.Status.OPENED, "You have seen more learning partnerships "
         "than anyone I know: will you bring that?"),
        (cast("Amelia"), Invitation.Status.SENT, "I would love the view from Sydney, if the "
         "time works for you."),
        (cast("Kiran"), Invitation.Status.DECLINED, "Central government's view would help us "
         "all."),
    ]  # fmt: skip
    for people, status, message in invited:
        for person in people:
            invitation = Invitation.objects.create(
                event=event,
                email=person.email,
                member=person,
                name=f"{person.first_name} {person.last_name}",
                message=message,
                invited_by=cast.host,
                status=status,
                token_hash=hash_token(secrets.token_urlsafe(32)),
                times_sent=1,
                sent_at=now - datetime.timedelta(days=4),
                opened_at=now - datetime.timedelta(days=3)
                if status != Invitation.Status.SENT
                else None,
                answered_at=now - datetime.timedelta(days=2)
                if status in (Invitation.Status.ACCEPTED, Invitation.Status.DECLINED)
                else None,
            )
            if status == Invitation.Status.ACCEPTED:
                Rsvp.objects.create(event=event, member=person, status=GOING, invitation=invitation)
    Invitation.objects.create(
        event=event,
        email="director@community-foundation.example",
        name="Jo Director",
        organisation="Community Foundation",
        message="We met at the place-based funding day: I would value your voice here.",
        invited_by=cast.host,
        status=Invitation.Status.SENT,
        token_hash=hash_token(secrets.token_urlsafe(32)),
        times_sent=1,
        sent_at=now - datetime.timedelta(days=4),
    )
    return event


def full_practice_round(index, cast, practices):
    day = next_weekday(TUESDAY, weeks_later=1)
    event = gathering(
        index,
        slug="troika-consulting-practice-round",
        title="Troika Consulting: a practice round",
        summary="Six places to practise giving and receiving help in threes. It fills fast.",
        description=rich(
            "Two rounds of Troika Consulting, then a short reflection on what it is like to "
            "be helped by peers rather than experts."
        ),
        starts_at=at(day, 18, 30),
        ends_at=at(day, 19, 30),
        format=ONLINE,
        online_platform="Jitsi",
        join_url="https://meet.jit.si/convening-troika-round",
        capacity=6,
        visibility=PUBLIC,
        hosts=[cast.facilitator],
        tags=["peer support"],
        hospitality=["cameras-optional"],
        agenda=agenda(
            practices,
            ("18:30", "Round one", "", "troika-consulting"),
            ("18:55", "Round two", "", "troika-consulting"),
            ("19:20", "What was it like?", "", "what-so-what-now-what"),
        ),
    )
    if event:
        replies(event, cast("Aisha", "Dev", "Laura", "Marcus", "Olusegun", "Uma"))
        replies(event, [cast.member, *cast("Victor", "Yasmin")], WAITLISTED)
    return event


def past_gathering(index, cast, practices):
    """Five weeks ago, with its harvest, the practices actually used and feedback."""
    day = next_weekday(TUESDAY) - datetime.timedelta(weeks=5)
    slug = "what-the-survey-told-us"
    if EventPage.objects.child_of(index).filter(slug=slug).exists():
        return None
    event = gathering(
        index,
        slug=slug,
        title="What the survey told us: a first gathering",
        summary="The first online gathering after the survey of systems conveners.",
        description=rich("We shared what over 80 conveners said and asked what comes next."),
        starts_at=at(day, 11, 0),
        ends_at=at(day, 12, 30),
        format=ONLINE,
        online_platform="Jitsi",
        join_url="https://meet.jit.si/convening-first-gathering",
        capacity=60,
        visibility=PUBLIC,
        hosts=[cast.host],
        tags=["systems convening"],
        hospitality=["captions", "breaks"],
        agenda=agenda(
            practices,
            ("11:00", "Check-in", "", ""),
            ("11:15", "Small tables", "", "world-cafe"),
            ("12:10", "What next?", "", "1-2-4-all"),
        ),
    )
    people = [cast.member, cast.facilitator, *cast("Aisha", "Eleanor", "Grace", "Ifeoma", "Zoe")]
    replies(event, people)
    event.harvest_notes = rich(
        "Twenty-three people came, from health, housing, councils, charities and two "
        "universities. Most said convening is part of their role but not what they are "
        "resourced to do.",
        "Three threads ran through every table: hospitality matters more than agendas; "
        "relationships have to be authentic enough to survive a crisis; and funders' wish "
        "for quick wins wears people out.",
    )
    event.harvest_outputs = (
        "<ul><li>A shared list of what helps: regular meetings, tea and cake, permission to "
        "step outside one's role.</li><li>Three offers of peer support between people who "
        "had never met.</li><li>The idea for a fortnightly, informal series: Tea and systems."
        "</li></ul>"
    )
    event.recording_url = "https://video.example/convening/first-gathering"
    event.recording_members_only = True
    event.harvest_practices.set(
        [page for slug, page in practices.items() if slug in ("world-cafe", "1-2-4-all")]
    )
    event.save_revision().publish()
    EventPage.objects.filter(pk=event.pk).update(feedback_requested_at=event.ends_at)
    feedback = [
        (cast.member, 5, "Hearing that others are also doing this without a mandate.",
         "A regular space, fortnightly, small."),
        (cast("Grace"), 4, "The small tables: everyone spoke.",
         "More people with lived experience in the room next time."),
        (cast("Eleanor"), 5, "The harvest at the end.",
         "Something on funding the work."),
    ]  # fmt: skip
    for person, usefulness, worked, next_time in feedback:
        for member in person if isinstance(person, list) else [person]:
            Feedback.objects.get_or_create(
                event=event,
                member=member,
                defaults={
                    "usefulness": usefulness,
                    "what_worked": worked,
                    "what_next": next_time,
                },
            )
    return event


def load(out):
    index = EventIndexPage.objects.first()
    if index is None:
        out.write("  No gatherings index (run the migrations first): no demo gatherings.")
        return
    cast = Cast()
    practices = practices_by_slug(
        "world-cafe",
        "troika-consulting",
        "what-so-what-now-what",
        "1-2-4-all",
        "rich-pictures",
        "boundary-critique",
        "action-learning-sets",
        "actor-and-power-mapping",
    )
    made = [
        survey_gathering(index, cast, practices),
        *tea_and_systems(index, cast, practices),
        day_in_leeds(index, cast, practices),
        action_learning_set(index, cast, practices),
        round_table(index, cast, practices),
        full_practice_round(index, cast, practices),
        past_gathering(index, cast, practices),
    ]
    new = sum(1 for event in made if event is not None)
    total = EventPage.objects.child_of(index).count()
    out.write(
        f"  Gatherings at /{index.slug}/: {total} ({new} new), including a fortnightly series "
        f"({SERIES_NAME}), a members-only set, an invitation-only round table, a full one "
        "with a waitlist and a past one with its harvest"
    )
