"""Series of gatherings ("every other Tuesday"): the next dates made from the last one without
retyping, and regulars who are counted as going to every new date."""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction

from . import rules
from .models import EventHost, EventPage, Rsvp, SeriesRegular
from .rsvp import RsvpRefused, rsvp
from .times import weekday_of_month

STEP = {
    "weekly": datetime.timedelta(weeks=1),
    "fortnightly": datetime.timedelta(weeks=2),
    "four-weekly": datetime.timedelta(weeks=4),
}
MOST_DATES_AT_ONCE = 12

# What a new date does not inherit from the one before: its own status, calendar history and
# harvest. Replies, invitations and feedback are rows of their own and are never copied.
FRESH = {
    "status": EventPage.Status.SCHEDULED,
    "status_reason": "",
    "sequence": 0,
    "calendar_fingerprint": "",
    "harvest_notes": "",
    "harvest_outputs": "",
    "recording_url": "",
    "feedback_requested_at": None,
    "live": False,
    "has_unpublished_changes": True,
    "first_published_at": None,
    "last_published_at": None,
    "live_revision": None,
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
    "locked": False,
    "locked_at": None,
    "locked_by": None,
}


def next_start(series, start):
    """The next date after `start` (a naive wall-clock time in the host's zone), at the same
    wall-clock time: a gathering at 11:00 stays at 11:00 across a clock change."""
    if series.cadence == "monthly":
        # The same weekday in the same week of the month: the second Tuesday stays the second
        # (the fifth, in a month without one, becomes the last).
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        day = weekday_of_month(year, month, start.weekday(), (start.day - 1) // 7)
        return start.replace(year=year, month=month, day=day)
    return start + STEP[series.cadence]


def may_add_dates(user, event) -> bool:
    """The gathering's own hosts, editors and superusers (`rules.may_manage`), if they may add
    gatherings beside it: never a host of other gatherings, whose copy would sign the series'
    regulars up to something they control."""
    if not user.is_authenticated or not user.is_active or event.series_id is None:
        return False
    if not rules.may_manage(user, event):
        return False
    return event.get_parent().permissions_for_user(user).can_add_subpage()


def may_publish_dates(user, event) -> bool:
    return event.get_parent().permissions_for_user(user).can_publish_subpage()


def last_date_of(event: EventPage) -> EventPage:
    """The latest gathering of `event`'s series (published or draft): new dates follow it, so
    asking twice, or from an older date, never makes the same date twice."""
    latest = (
        EventPage.objects.filter(series_id=event.series_id).order_by("-starts_at", "-pk").first()
    )
    return latest.specific if latest and latest.starts_at > event.starts_at else event


def schedule_next(event: EventPage, *, user=None, count: int = 1, publish: bool = True):
    """Create the next `count` dates of `event`'s series after its latest date, each a copy of
    the one before (title, agenda, hosts, hospitality, visibility, capacity) with its times
    moved on by the series' cadence at the same wall-clock time in the host's zone. Replies,
    invitations, feedback and the harvest are left behind; regulars are counted as going.

    When `user` does not host the latest date (an editor, or a host of an earlier date), the
    copies do not carry its join link or venue: the regulars are never signed up to a room
    someone else controls. A host of an earlier date then hosts the copies instead of the
    latest date's hosts; an editor does not become a host (adding a host is a host's act), so
    the copies keep the latest date's hosts, who set the room.

    Side effects: creates pages owned by `user` (published when `publish`, otherwise drafts
    with a revision to review); for published dates, RSVPs for the series' regulars (emails
    after commit). The caller checks permission (`may_add_dates`).
    Raises ValueError when `event` belongs to no series or `count` is not 1 to 12."""
    if event.series_id is None:
        raise ValueError("This gathering belongs to no series.")
    if not 1 <= count <= MOST_DATES_AT_ONCE:
        raise ValueError(f"Add between 1 and {MOST_DATES_AT_ONCE} dates at a time.")
    created = []
    source = last_date_of(event)
    parent = source.get_parent()
    carried_over = user is None or rules.is_host(user, source)
    not_carried = {} if carried_over else {"join_url": "", "venue": ""}
    hosted_by_user = not carried_over and _hosts_in_series(user, source.series)
    with transaction.atomic():
        for _ in range(count):
            starts_at, ends_at = _moved_on(source)
            moved_by = starts_at - source.starts_at
            copy = CopyPageAction(
                source,
                to=parent,
                update_attrs={
                    **FRESH,
                    **not_carried,
                    "slug": _free_slug(parent, source.slug, starts_at, source.zone),
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "rsvp_opens_at": source.rsvp_opens_at + moved_by
                    if source.rsvp_opens_at
                    else None,
                    "rsvp_closes_at": source.rsvp_closes_at + moved_by
                    if source.rsvp_closes_at
                    else None,
                },
                exclude_fields=["harvest_practices", *(["hosts"] if hosted_by_user else [])],
                copy_revisions=False,
                keep_live=False,
                user=user,
                log_action="wagtail.copy",
            ).execute(skip_permission_checks=True)
            copy = EventPage.objects.get(pk=copy.pk)
            if hosted_by_user:
                _hosted_by(copy, user)
            if publish:
                # The copy's one revision holds the new times: publishing it is what the
                # admin's "Publish" would do.
                copy.latest_revision.publish(user=user)
                copy.refresh_from_db()
                count_regulars_in(copy)
            created.append(copy)
            source = copy
    return created


def _hosts_in_series(user, series) -> bool:
    return EventHost.objects.filter(event__series=series, member=user).exists()


def _hosted_by(copy, user):
    """`user` alone hosts `copy`, in its rows and in the revision that publishing applies."""
    copy.hosts = [EventHost(member=user)]
    copy.save_revision(user=user, changed=False, clean=False)
    EventHost.objects.filter(event=copy).exclude(member=user).delete()
    EventHost.objects.get_or_create(event=copy, member=user)


def _moved_on(source):
    zone = source.zone
    local_start = timezone.localtime(source.starts_at, zone).replace(tzinfo=None)
    local_end = timezone.localtime(source.ends_at, zone).replace(tzinfo=None)
    new_start = next_start(source.series, local_start)
    new_end = new_start + (local_end - local_start)
    return new_start.replace(tzinfo=zone), new_end.replace(tzinfo=zone)


def _free_slug(parent, slug, starts_at, zone):
    base = _base_slug(slug)
    candidate = f"{base}-{timezone.localtime(starts_at, zone):%Y-%m-%d}"
    taken = set(
        parent.get_children().filter(slug__startswith=candidate).values_list("slug", flat=True)
    )
    number, free = 2, candidate
    while free in taken:
        free, number = f"{candidate}-{number}", number + 1
    return free


def _base_slug(slug):
    # "tuesday-gathering-2027-07-06" (or "...-2027-07-06-2") -> "tuesday-gathering"
    parts = slug.split("-")
    for end in range(len(parts) - 2, 0, -1):
        day = parts[end : end + 3]
        if len(day) == 3 and [len(p) for p in day] == [4, 2, 2] and all(map(str.isdigit, day)):
            return "-".join(parts[:end])
    return slug


def count_regulars_in(event: EventPage) -> list[Rsvp]:
    """Regulars of the series are going to this date (or on its waitlist, first come first
    served by when they became regulars), unless they already answered for it. Safe to call
    again: people who answered are left alone."""
    if event.series_id is None:
        return []
    answers = []
    regulars = (
        SeriesRegular.objects.filter(series_id=event.series_id, member__is_active=True)
        .exclude(member__rsvps__event=event)
        .select_related("member")
        .order_by("created_at", "pk")
    )
    for regular in regulars:
        try:
            answers.append(rsvp(event, regular.member, going=True, as_regular=True))
        except RsvpRefused:
            continue
    return answers


def come_to_every_date(series, member) -> SeriesRegular:
    """`member` comes to every date of `series`: going to each upcoming date they have not
    answered (or on its waitlist), and to each new date as it is made.

    Side effects: a `SeriesRegular` row; RSVPs and their emails (after commit)."""
    regular, _ = SeriesRegular.objects.get_or_create(series=series, member=member)
    upcoming = (
        EventPage.objects.live()
        .visible_to(member)
        .filter(series=series)
        .exclude(rsvps__member=member)
        .upcoming()
    )
    for event in upcoming:
        try:
            rsvp(event, member, going=True, as_regular=True)
        except RsvpRefused:
            continue
    return regular


def stop_coming_to_every_date(series, member) -> None:
    """No longer a regular. Replies already given stand; new dates no longer count them."""
    SeriesRegular.objects.filter(series=series, member=member).delete()
