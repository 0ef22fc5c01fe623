"""Gatherings at scale: the gatherings, hosts, invitations, replies and feedback part of
`bench/seed_scale.py`.

Two in five gatherings are to come, the rest spread over three past years (more of them
recent); most are public, some for members, a few by invitation. Replies are skewed: a few
gatherings draw thousands, most a few dozen. Rows are written in bulk, so no email is sent
and no calendar is told; an invitation's secret is random and only its hash is kept, as the
service does."""

import random
import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.utils.html import escape
from django.utils.text import slugify

from events.models import (
    AccessProvision,
    EventHost,
    EventPage,
    Feedback,
    Invitation,
    Rsvp,
    Series,
    SeriesRegular,
    TaggedGathering,
    hash_token,
)
from events.visibility import GatheringVisibility

from .members import TOWNS, Skewed, Tick, link, no_tick, write
from .practices import add_pages, add_tags

# fmt: off
TOPICS = [
    "housing and health", "funding the work", "hospital discharge", "early help",
    "lived experience in the room", "place-based partnerships", "winter pressures",
    "youth voice", "measuring what matters", "power and participation", "data sharing",
    "community wealth", "social prescribing", "ageing well", "climate and communities",
    "relational commissioning", "trust between organisations", "anti-racist practice",
    "food partnerships", "convening without a mandate",
]
FORMATS = [
    "Tea and systems: {topic}", "Practice round: {topic}", "Learning day in {town}: {topic}",
    "Open gathering on {topic}", "Round table: {topic}", "Action learning set: {topic}",
    "Story sharing: {topic}", "Walk and talk in {town}", "Lunchtime conversation: {topic}",
]
AGENDA = [
    ("Welcome and check-in", "One word for how you arrive today."),
    ("Conversations at small tables", "Three rounds on one question."),
    ("Help from two peers", "In threes, each person brings a real challenge."),
    ("Drawing the situation", "Rich pictures of where people fall between services."),
    ("Break", ""),
    ("What? So what? Now what?", "What we take away, and what we might do together next."),
    ("A story from practice", "One member tells how it went, and what they would change."),
    ("Mapping who is missing", "Whose voice is not in the room yet?"),
]
PLATFORMS = [("Jitsi", "https://meet.jit.si/convening-"), ("Zoom", "https://zoom.example/j/"),
             ("Teams", "https://teams.example/l/")]
# fmt: on

LISTED = [GatheringVisibility.PUBLIC, GatheringVisibility.MEMBERS]


@dataclass
class Gatherings:
    pages: list[EventPage]
    replies: dict[int, int] = field(default_factory=dict)

    def busiest(self, visibility, now, *, upcoming=True):
        """The gathering of this visibility with most replies, to come (or past)."""
        chosen = [
            page
            for page in self.pages
            if page.visibility == visibility
            and (page.ends_at >= now) == upcoming
            and page.status == EventPage.Status.SCHEDULED
        ]
        return max(chosen, key=lambda page: (self.replies.get(page.pk, 0), -page.pk), default=None)


def _starts(rng, now, upcoming, zone):
    if upcoming:
        day = now.date() + timedelta(days=rng.randint(1, 180))
    else:
        day = now.date() - timedelta(days=1 + int(3 * 365 * rng.random() ** 1.6))
    local = datetime.combine(
        day, time(rng.choice([9, 10, 11, 13, 14, 16, 18, 19]), rng.choice([0, 30]))
    )
    return local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


def add_gatherings(
    rng: random.Random, index, count: int, *, hosts: list[int], zones: dict[int, str],
    popular: Skewed, now: datetime, tick: Tick = no_tick,
) -> Gatherings:  # fmt: skip
    """`count` published gatherings under the index, past and to come, public, for members or
    by invitation, each with one or two hosts, an agenda naming practices (kept in step with
    the `practices` relation, as saving a gathering does), hospitality, topics, a few series,
    and for most past ones a harvest."""
    host_pick = Skewed(rng, hosts, skew=0.8, offset=3)
    series = [
        Series(name=f"{topic.capitalize()} (series {n + 1})", cadence=Series.Cadence.FORTNIGHTLY)
        for n, topic in enumerate(rng.sample(TOPICS * 10, max(1, count // 80)))
    ]
    series = write(Series, series)
    taken = set(index.get_children().values_list("slug", flat=True))
    pages, page_hosts, agendas = [], [], []
    for n in range(count):
        upcoming = rng.random() < 0.4
        first_host = host_pick.one()
        pair = [first_host] + ([host_pick.one()] if rng.random() < 0.2 else [])
        zone = zones.get(first_host, "Europe/London")
        starts_at = _starts(rng, now, upcoming, zone)
        topic, town = rng.choice(TOPICS), rng.choice(TOWNS)
        in_series = series[n % len(series)] if n % 8 == 0 else None
        title = (
            in_series.name.split(" (series")[0]
            if in_series
            else rng.choice(FORMATS).format(topic=topic, town=town)
        )
        title = title[0].upper() + title[1:]
        slug = f"{slugify(title)[:60]}-{starts_at:%Y-%m-%d}"
        if slug in taken:
            slug = f"{slug}-{n}"
        taken.add(slug)
        form = rng.choices(list(EventPage.Format), weights=[55, 30, 15])[0]
        platform, address = rng.choice(PLATFORMS)
        online = form != EventPage.Format.IN_PERSON
        visibility = rng.choices(list(GatheringVisibility), weights=[70, 20, 10])[0]
        cancelled = rng.random() < 0.02
        items = _agenda(rng, starts_at.astimezone(zoneinfo.ZoneInfo(zone)), popular)
        harvest = not upcoming and not cancelled and rng.random() < 0.5
        page = EventPage(
            title=title,
            slug=slug,
            owner_id=first_host,
            first_published_at=starts_at - timedelta(days=rng.randint(7, 60)),
            summary=f"A {'members-only ' if visibility == 'members' else ''}gathering on "
            f"{topic} for people who bring others together across boundaries.",
            description=f"<p>{escape(topic.capitalize())} is where many of us are stuck. "
            "Come and think it through with peers who do this work, often without it being "
            "in their job description.</p><p>No preparation needed.</p>",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=rng.choice([60, 90, 90, 120, 180, 330])),
            time_zone=zone,
            format=form,
            place="" if form == EventPage.Format.ONLINE else f"{town} city centre",
            venue=""
            if form == EventPage.Format.ONLINE
            else f"Community Room\n1 Example Street\n{town}",
            access_information=""
            if form == EventPage.Format.ONLINE
            else "Step-free entrance; a quiet room all day.",
            online_platform=platform if online else "",
            join_url=f"{address}{slug}" if online else "",
            capacity=rng.choice([None, None, None, 6, 8, 12, 20, 24, 30, 40, 60, 80, 100, 150]),
            visibility=visibility,
            agenda=[item for item, _ in items],
            hospitality_notes=rng.choice(["", "Tea and cake.", "A break every 45 minutes."]),
            series=in_series,
            status=EventPage.Status.CANCELLED if cancelled else EventPage.Status.SCHEDULED,
            status_reason="The host is unwell; we will find a new date." if cancelled else "",
            harvest_notes="<p>We heard what helps: regular meetings, tea and cake, permission to "
            "step outside one's role.</p>"
            if harvest
            else "",
            harvest_outputs="<ul><li>A shared list of what helps.</li></ul>" if harvest else "",
            recording_url=f"https://video.example/convening/{slug}"
            if harvest and rng.random() < 0.3
            else "",
            feedback_requested_at=starts_at + timedelta(days=1) if harvest else None,
        )
        page.calendar_fingerprint = page.compute_calendar_fingerprint()
        pages.append(page)
        page_hosts.append(pair)
        agendas.append([practice for _, practice in items if practice])
    add_pages(index, pages, rng=rng, tick=tick)
    ids = [page.pk for page in pages]

    write(
        EventHost,
        (
            EventHost(event_id=page.pk, member_id=host, sort_order=order)
            for page, pair in zip(pages, page_hosts, strict=True)
            for order, host in enumerate(dict.fromkeys(pair))
        ),
    )
    link(
        EventPage,
        "practices",
        ((page.pk, p) for page, used in zip(pages, agendas, strict=True) for p in used),
    )
    link(
        EventPage,
        "harvest_practices",
        (
            (page.pk, p)
            for page, used in zip(pages, agendas, strict=True)
            if page.harvest_notes
            for p in used[:2]
        ),
    )
    provisions = Skewed(
        rng, AccessProvision.objects.values_list("pk", flat=True), skew=0.7, offset=2
    )
    link(
        EventPage,
        "hospitality",
        ((pk, p) for pk in ids for p in provisions.some(rng.choice([0, 1, 2, 3, 4]))),
    )
    add_tags(rng, TaggedGathering, ids, [0, 1, 2, 2, 3])
    return Gatherings(pages=pages)


def _agenda(rng, start, popular):
    items = []
    for order, (title, description) in enumerate(rng.sample(AGENDA, rng.randint(2, 5))):
        practice = popular.one() if title != "Break" and rng.random() < 0.5 else None
        when = start + timedelta(minutes=20 * order)
        value = {
            "time": f"{when:%H:%M}",
            "title": title,
            "description": description,
            "practice": practice,
        }
        block_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        items.append(({"type": "item", "value": value, "id": block_id}, practice))
    return items


def add_replies(
    rng: random.Random, gatherings: Gatherings, *, members: list[int], emails: dict[int, str],
    count: int, bench: int, now: datetime, tick: Tick = no_tick,
) -> int:  # fmt: skip
    """About `count` replies. Invitation-only gatherings get theirs through invitations
    (accepted: going; declined: not going); the others share the rest, skewed, so that a few
    are busy and most have a few dozen. Up to the places there are, people are going; then
    they wait, first come first served (a gathering far more wanted than its places has its
    limit lifted, as a host would move to a bigger room); about one in ten is not going.
    `bench` (the benchmark's member) goes to some gatherings to come and came to some past
    ones, so that their calendar feed and their space have something in them."""
    pages = gatherings.pages
    invited = [page for page in pages if page.visibility == GatheringVisibility.INVITED]
    listed = [page for page in pages if page.visibility in LISTED]
    replies = _invitations(rng, invited, members=members, emails=emails)
    budget = max(0, count - len(replies))
    ranks = list(range(len(listed)))
    rng.shuffle(ranks)
    weights = [1 / (rank + 8) for rank in ranks]
    total = sum(weights) or 1
    upcoming = [page for page in listed if page.ends_at >= now and page.status == "scheduled"]
    past = [page for page in listed if page.ends_at < now]
    bench_going = {page.pk for page in rng.sample(upcoming, min(8, len(upcoming)))}
    bench_going |= {page.pk for page in rng.sample(past, min(12, len(past)))}
    unlimited = []
    for page, weight in zip(listed, weights, strict=True):
        wanted = min(len(members) - 1, round(budget * weight / total))
        if page.capacity and wanted > 3 * page.capacity:
            page.capacity = None
            unlimited.append(page.pk)
        people = rng.sample(members, wanted)
        if page.pk in bench_going:
            people = [bench, *(person for person in people if person != bench)]
        else:
            people = [person for person in people if person != bench]
        going = 0
        queued = page.first_published_at + timedelta(hours=1)
        for k, person in enumerate(people):
            queued += timedelta(minutes=rng.randint(1, 240))
            if person != bench and rng.random() < 0.1:
                status = Rsvp.Status.NOT_GOING
            elif page.capacity is None or going < page.capacity:
                status = Rsvp.Status.GOING
                going += 1
            else:
                status = Rsvp.Status.WAITLISTED
            replies.append(
                Rsvp(
                    event_id=page.pk,
                    member_id=person,
                    status=status,
                    on_attendee_list=k % 5 < 2,
                    queued_at=queued if status == Rsvp.Status.WAITLISTED else None,
                )
            )
    EventPage.objects.filter(pk__in=unlimited).update(capacity=None)
    written = write(Rsvp, replies, tick, batch=2000)
    for reply in written:
        gatherings.replies[reply.event_id] = gatherings.replies.get(reply.event_id, 0) + 1
    _feedback(rng, pages, written)
    _regulars(rng, pages, members)
    return len(written)


def _invitations(rng, invited, *, members, emails):
    statuses = [
        Invitation.Status.ACCEPTED, Invitation.Status.DECLINED, Invitation.Status.OPENED,
        Invitation.Status.SENT,
    ]  # fmt: skip
    invitations, answers = [], []
    for page in invited:
        host = page.owner_id
        for person in rng.sample(members, rng.randint(4, 15)):
            if person == host:
                continue
            status = rng.choices(statuses, weights=[40, 15, 20, 25])[0]
            sent = page.first_published_at
            invitations.append(
                Invitation(
                    event_id=page.pk,
                    email=emails[person],
                    member_id=person,
                    message="Your experience is exactly what this conversation needs.",
                    invited_by_id=host,
                    status=status,
                    token_hash=hash_token(f"{rng.getrandbits(128):032x}"),
                    times_sent=1,
                    times_delivered=1,
                    sent_at=sent,
                    opened_at=sent + timedelta(days=1)
                    if status != Invitation.Status.SENT
                    else None,
                    answered_at=sent + timedelta(days=2)
                    if status in (Invitation.Status.ACCEPTED, Invitation.Status.DECLINED)
                    else None,
                )
            )
    invitations = write(Invitation, invitations)
    for invitation in invitations:
        if invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.DECLINED):
            answers.append(
                Rsvp(
                    event_id=invitation.event_id,
                    member_id=invitation.member_id,
                    status=Rsvp.Status.GOING
                    if invitation.status == Invitation.Status.ACCEPTED
                    else Rsvp.Status.NOT_GOING,
                    invitation_id=invitation.pk,
                )
            )
    return answers


def _feedback(rng, pages, replies):
    harvested = {page.pk for page in pages if page.harvest_notes}
    going = [r for r in replies if r.event_id in harvested and r.status == Rsvp.Status.GOING]
    write(
        Feedback,
        (
            Feedback(
                event_id=reply.event_id,
                member_id=reply.member_id,
                usefulness=rng.choice([3, 4, 4, 5, 5]),
                what_worked=rng.choice(["The small tables: everyone spoke.", "The harvest.", ""]),
                what_next=rng.choice(["Something on funding the work.", "More of the same.", ""]),
            )
            for reply in going
            if rng.random() < 0.15
        ),
    )


def _regulars(rng, pages, members):
    series = {page.series_id for page in pages if page.series_id}
    write(
        SeriesRegular,
        (
            SeriesRegular(series_id=pk, member_id=person)
            for pk in sorted(series)
            for person in rng.sample(members, min(len(members), rng.randint(2, 8)))
        ),
    )
