"""A circle's life in sessions: scheduling one or a run at the circle's cadence, changing or
cancelling a session, recording who came, the facilitators' private notes, and the closing
session's retrospective with the choice to renew or close.

Every state change is one function here, run in a transaction, checked against
`rules.is_facilitator` (staff get no exception: circles are sealed), with emails to the circle's
members sent after commit by `session_notices`. Bad input raises a `SessionError` whose message
a view can show as it is; nothing is changed then.

Times: facilitators type a session's date and time as the wall-clock time of the circle's own
zone, and a run keeps that wall-clock time across clock changes (a 19:00 circle in London meets
at 19:00 in both January and July, which are different hours in UTC)."""

import datetime
import zoneinfo
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.dispatch import receiver
from django.utils import timezone

from events.models import validate_https
from events.times import weekday_of_month

from . import rules, session_notices
from .membership import status_changed
from .models import Circle, CircleMembership, CircleSession, SessionAttendance
from .structures import STRUCTURES

MAX_RUN = 24
SHORTEST = 15
LONGEST = 8 * 60


class SessionError(Exception):
    """Something a facilitator asked for that cannot be done; `str(error)` says why."""


class NotFacilitator(SessionError):
    pass


class CircleNotMeeting(SessionError):
    pass


class InvalidSession(SessionError):
    pass


# Dates of a run -------------------------------------------------------------------------------


def run_of_dates(first: datetime.datetime, cadence: str, count: int) -> list[datetime.datetime]:
    """`count` wall-clock datetimes (naive, in the circle's zone) from `first` at `cadence`.

    Monthly runs keep the weekday of the month ("the second Tuesday"); a first date in the
    fifth week of its month means "the last" weekday, since most months have no fifth."""
    if cadence == Circle.Cadence.MONTHLY:
        week = (first.day - 1) // 7
        dates = []
        for step in range(count):
            months = first.month - 1 + step
            year, month = first.year + months // 12, months % 12 + 1
            day = weekday_of_month(year, month, first.weekday(), week)
            dates.append(first.replace(year=year, month=month, day=day))
        return dates
    gap = datetime.timedelta(days=14 if cadence == Circle.Cadence.FORTNIGHTLY else 7)
    return [first + gap * step for step in range(count)]


def next_after(start: datetime.datetime, cadence: str) -> datetime.datetime:
    """The wall-clock date and time that follows `start` (naive) at `cadence`."""
    return run_of_dates(start, cadence, 2)[1]


def aware(local: datetime.datetime, zone_name: str) -> datetime.datetime:
    """A wall-clock time of `zone_name` as a moment. An aware datetime is read in that zone
    first, so a form may hand over either."""
    zone = zoneinfo.ZoneInfo(zone_name)
    if timezone.is_aware(local):
        local = timezone.localtime(local, zone).replace(tzinfo=None)
    return local.replace(tzinfo=zone)


def local_start(session) -> datetime.datetime:
    """The session's start as the circle's wall-clock time (naive)."""
    zone = zoneinfo.ZoneInfo(session.circle.time_zone)
    return timezone.localtime(session.starts_at, zone).replace(tzinfo=None)


# The presenter rota ---------------------------------------------------------------------------


def rota(circle, count: int) -> list:
    """The next `count` presenters: each time, the active member who has presented least,
    earliest joiner first. Facilitators hold the space rather than present, so they are in
    the rota only when a circle has no one else."""
    memberships = list(
        CircleMembership.objects.active()
        .filter(circle=circle)
        .select_related("member")
        .order_by(F("joined_at").asc(nulls_last=True), "created_at", "pk")
    )
    people = [m.member for m in memberships if m.role == CircleMembership.Role.MEMBER] or [
        m.member for m in memberships
    ]
    if not people:
        return [None] * count
    presented = Counter(
        CircleSession.objects.filter(circle=circle, presenter__in=people)
        .exclude(status=CircleSession.Status.CANCELLED)
        .values_list("presenter", flat=True)
    )
    order = {person.pk: index for index, person in enumerate(people)}
    chosen = []
    for _ in range(count):
        person = min(people, key=lambda p: (presented[p.pk], order[p.pk]))
        presented[person.pk] += 1
        chosen.append(person)
    return chosen


# Scheduling -----------------------------------------------------------------------------------


def _check_facilitator(by, circle):
    if not rules.is_facilitator(by, circle):
        raise NotFacilitator("Only the circle's facilitators can do this.")


def _check_meeting(circle):
    if circle.status == Circle.Status.CLOSED:
        raise CircleNotMeeting("This circle has closed: it has no more sessions.")
    if circle.status == Circle.Status.PAUSED:
        raise CircleNotMeeting("This circle is paused: resume it before scheduling sessions.")


def _check_where(join_url, place):
    if not join_url and not place:
        raise InvalidSession("Give a join link or a place to meet.")
    try:
        validate_https(join_url)
    except ValidationError as error:
        raise InvalidSession(error.messages[0]) from error


def _check_structure(structure):
    if structure not in STRUCTURES:
        raise InvalidSession("Choose one of the reflective formats.")


def _check_minutes(minutes):
    if not SHORTEST <= minutes <= LONGEST:
        raise InvalidSession(f"A session lasts between {SHORTEST} minutes and 8 hours.")


def schedule_sessions(
    circle,
    by,
    *,
    first_start: datetime.datetime,
    count: int = 1,
    minutes: int = 90,
    join_url: str = "",
    place: str = "",
    structure: str = "",
) -> list[CircleSession]:
    """Schedule one session, or a run of `count` at the circle's cadence, from `first_start`
    (the wall-clock time of the circle's zone).

    Numbers run on from the circle's last session; the one numbered `circle.planned_sessions`
    is the closing session. With the presenter rota on, each gets the next presenter. The
    structure defaults to the circle's usual one.

    Side effects: creates the sessions; a forming circle starts meeting; once committed, the
    other active members are emailed the dates in their own zone.
    Raises NotFacilitator, CircleNotMeeting (closed or paused) and InvalidSession (a start in
    the past, a run of more than 24, no join link or place, a link that is not https)."""
    _check_facilitator(by, circle)
    structure = structure or circle.default_structure
    join_url, place = join_url.strip(), place.strip()
    _check_where(join_url, place)
    _check_structure(structure)
    _check_minutes(minutes)
    if not 1 <= count <= MAX_RUN:
        raise InvalidSession(f"Schedule between 1 and {MAX_RUN} sessions at a time.")
    if aware(first_start, circle.time_zone) <= timezone.now():
        raise InvalidSession("The first session must be in the future.")
    with transaction.atomic():
        circle = Circle.objects.select_for_update().get(pk=circle.pk)
        _check_meeting(circle)
        sessions = _create_run(
            circle,
            first_start,
            count,
            minutes=minutes,
            join_url=join_url,
            place=place,
            structure=structure,
        )
        if circle.status == Circle.Status.FORMING:
            circle.status = Circle.Status.MEETING
            circle.save(update_fields=["status", "updated_at"])
        session_notices.scheduled(circle, sessions, by=by)
    return sessions


def _create_run(circle, first_start, count, *, minutes, join_url, place, structure):
    """Create the sessions of a run. The caller holds the circle's row lock, so two
    facilitators scheduling at once cannot take the same numbers."""
    last = circle.sessions.aggregate(last=Max("number"))["last"] or 0
    presenters = rota(circle, count) if circle.presenter_rota else [None] * count
    length = datetime.timedelta(minutes=minutes)
    sessions = []
    for offset, (local, presenter) in enumerate(
        zip(run_of_dates(first_start, circle.cadence, count), presenters, strict=True), start=1
    ):
        starts_at = aware(local, circle.time_zone)
        number = last + offset
        sessions.append(
            CircleSession.objects.create(
                circle=circle,
                number=number,
                starts_at=starts_at,
                ends_at=starts_at + length,
                join_url=join_url,
                place=place,
                structure=structure,
                presenter=presenter,
                is_closing=number == circle.planned_sessions,
            )
        )
    return sessions


# Changing a session ---------------------------------------------------------------------------


def _lock(session) -> CircleSession:
    return CircleSession.objects.select_for_update().select_related("circle").get(pk=session.pk)


def _check_open(session):
    if session.status == CircleSession.Status.CANCELLED:
        raise InvalidSession("This session was cancelled.")
    if session.status == CircleSession.Status.HELD:
        raise InvalidSession("This session has been held already.")


def change_session(
    session,
    by,
    *,
    start: datetime.datetime,
    minutes: int,
    join_url: str,
    place: str,
    structure: str,
    presenter=None,
) -> CircleSession:
    """Change when and where a session meets, its structure or its presenter. `start` is the
    wall-clock time of the circle's zone.

    Side effects: saves the session; when its time or place changed, raises its SEQUENCE (so
    calendars update) and, once committed, emails the other active members.
    Raises NotFacilitator, InvalidSession (cancelled or held, moved into the past, no join
    link or place, a presenter who is not an active member)."""
    _check_facilitator(by, session.circle)
    join_url, place = join_url.strip(), place.strip()
    _check_where(join_url, place)
    _check_structure(structure)
    _check_minutes(minutes)
    if presenter is not None and not rules.is_circle_member(presenter, session.circle):
        raise InvalidSession("The presenter must be a member of the circle.")
    with transaction.atomic():
        session = _lock(session)
        _check_open(session)
        starts_at = aware(start, session.circle.time_zone)
        ends_at = starts_at + datetime.timedelta(minutes=minutes)
        moved = (starts_at, ends_at) != (session.starts_at, session.ends_at)
        if moved and starts_at <= timezone.now():
            raise InvalidSession("A session can only be moved to a time in the future.")
        elsewhere = (join_url, place) != (session.join_url, session.place)
        session.starts_at, session.ends_at = starts_at, ends_at
        session.join_url, session.place = join_url, place
        session.structure, session.presenter = structure, presenter
        if moved or elsewhere:
            session.sequence += 1
        session.save()
        if moved or elsewhere:
            session_notices.moved(session, by=by)
    return session


def cancel_session(session, by, *, reason: str = "") -> CircleSession:
    """Cancel a session that has not been held.

    Side effects: the session is cancelled and its SEQUENCE raised (calendars show it
    cancelled); once committed, the other active members are emailed, with `reason`.
    Raises NotFacilitator and InvalidSession (already cancelled or held)."""
    _check_facilitator(by, session.circle)
    with transaction.atomic():
        session = _lock(session)
        _check_open(session)
        session.status = CircleSession.Status.CANCELLED
        session.sequence += 1
        session.save(update_fields=["status", "sequence"])
        session_notices.cancelled(session, by=by, reason=reason.strip())
    return session


def mark_held(session, by) -> CircleSession:
    """Record that a session took place. Raises NotFacilitator and InvalidSession (cancelled,
    or not started yet). Marking it twice changes nothing."""
    _check_facilitator(by, session.circle)
    with transaction.atomic():
        session = _lock(session)
        if session.status == CircleSession.Status.CANCELLED:
            raise InvalidSession("This session was cancelled.")
        if session.starts_at > timezone.now():
            raise InvalidSession("A session can be marked held once it has started.")
        if session.status != CircleSession.Status.HELD:
            session.status = CircleSession.Status.HELD
            session.save(update_fields=["status"])
    return session


def record_attendance(session, by, present) -> dict:
    """Record who was present: every active member of the circle gets a row, present or not
    (a second call replaces the first). A session with attendance has been held, so it is
    marked held too.

    Returns the quorum as `quorum_of` does. Raises NotFacilitator and InvalidSession
    (cancelled, not started, or someone present who is not an active member)."""
    _check_facilitator(by, session.circle)
    present_ids = {person.pk for person in present}
    members = set(
        CircleMembership.objects.active()
        .filter(circle=session.circle)
        .values_list("member_id", flat=True)
    )
    if present_ids - members:
        raise InvalidSession("Only the circle's members can be marked present.")
    with transaction.atomic():
        mark_held(session, by)
        for member_id in members:
            SessionAttendance.objects.update_or_create(
                session=session, member_id=member_id, defaults={"present": member_id in present_ids}
            )
        # People who have left since keep no row saying they were absent.
        SessionAttendance.objects.filter(session=session).exclude(member__in=members).filter(
            present=False
        ).delete()
    return quorum_of(session)


def quorum_of(session) -> dict:
    """How many were present against the circle's quorum; `met` is None until attendance is
    recorded."""
    rows = list(SessionAttendance.objects.filter(session=session).values_list("present", flat=True))
    present = sum(rows)
    needed = session.circle.quorum
    return {"present": present, "needed": needed, "met": (present >= needed) if rows else None}


def save_notes(session, by, notes: str) -> CircleSession:
    """Keep the facilitators' private notes on a session (only the circle's facilitators read
    them). Raises NotFacilitator."""
    _check_facilitator(by, session.circle)
    session.facilitator_notes = notes.strip()
    session.save(update_fields=["facilitator_notes"])
    return session


def save_retrospective(session, by, text: str) -> CircleSession:
    """The closing session's retrospective, which the whole circle reads. Raises
    NotFacilitator and InvalidSession (not the closing session)."""
    _check_facilitator(by, session.circle)
    if not session.is_closing:
        raise InvalidSession("Only the closing session has a retrospective.")
    session.retrospective = text.strip()
    session.save(update_fields=["retrospective"])
    return session


# The end of a run -----------------------------------------------------------------------------


def close_or_renew(circle, by, renew: bool, sessions: int = 6) -> list[CircleSession]:
    """The circle's choice at its closing session.

    Renew: a new run of `sessions` follows at the cadence, after the last session, at the same
    wall-clock time, place and structure; its last is the new closing session and the circle
    stays meeting. Returns the new sessions (the members are emailed their dates).
    Close: the circle closes; sessions still to come are cancelled (calendars show them
    cancelled). Returns [].
    Raises NotFacilitator, CircleNotMeeting (already closed) and InvalidSession (nothing to
    renew from, or a run longer than 24)."""
    _check_facilitator(by, circle)
    with transaction.atomic():
        circle = Circle.objects.select_for_update().get(pk=circle.pk)
        if circle.status == Circle.Status.CLOSED:
            raise CircleNotMeeting("This circle has closed already.")
        if not renew:
            from .membership import status_changed

            previous = circle.status
            circle.status = Circle.Status.CLOSED
            circle.save(update_fields=["status", "updated_at"])
            cancel_remaining(circle)
            status_changed.send(
                sender=Circle, circle=circle, previous=previous, status=circle.status, by=by
            )
            return []
        if not 1 <= sessions <= MAX_RUN:
            raise InvalidSession(f"Renew for between 1 and {MAX_RUN} sessions.")
        last = (
            circle.sessions.exclude(status=CircleSession.Status.CANCELLED)
            .order_by("-number")
            .first()
        )
        if last is None:
            raise InvalidSession("The circle has no sessions yet: schedule its first ones.")
        last.circle = circle
        first = next_after(local_start(last), circle.cadence)
        while aware(first, circle.time_zone) <= timezone.now():
            first = next_after(first, circle.cadence)
        last_number = circle.sessions.aggregate(last=Max("number"))["last"]
        circle.planned_sessions = last_number + sessions
        circle.status = Circle.Status.MEETING
        circle.save(update_fields=["planned_sessions", "status", "updated_at"])
        new = _create_run(
            circle,
            first,
            sessions,
            minutes=int((last.ends_at - last.starts_at).total_seconds() // 60),
            join_url=last.join_url,
            place=last.place,
            structure=last.structure,
        )
        session_notices.scheduled(circle, new, by=by)
    return new


def cancel_remaining(circle) -> int:
    """Cancel the sessions a closed circle still had to come, raising each one's SEQUENCE so
    calendars show it cancelled. No email: closing the circle is the news. Returns how many;
    running it again cancels nothing more."""
    left = 0
    with transaction.atomic():
        for session in circle.sessions.select_for_update().filter(
            status=CircleSession.Status.SCHEDULED, starts_at__gt=timezone.now()
        ):
            session.status = CircleSession.Status.CANCELLED
            session.sequence += 1
            session.save(update_fields=["status", "sequence"])
            left += 1
    return left


@receiver(status_changed)
def closed_circles_meet_no_more(sender, *, circle, status, **kwargs):
    """However a circle closes (the closing session's choice or the facilitators' status
    page), the sessions it still had to come are cancelled in members' calendars."""
    if status == Circle.Status.CLOSED:
        cancel_remaining(circle)
