"""Emails about circle sessions, through `members.notifications.notify` (the member's
preferences, plain text and HTML, once per key, after commit): new sessions scheduled, a
session moved or cancelled, and the reminders a day and an hour before, which
`events.reminders.send_due_reminders` runs with the gatherings' own.

Emails go to the circle's active members only, each with the dates in their own zone and their
personal join link on our site (never the meeting's address itself). Facilitators' notes never
appear in any email."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events.times import describe
from members.middleware import viewer_time_zone
from members.models import Notification
from members.notifications import REMINDER, UPDATE, notify

from .models import Circle, CircleMembership, CircleSession
from .structures import structure_of

DAY = datetime.timedelta(hours=24)
HOUR = datetime.timedelta(hours=1)
REMINDERS = ("day", "hour")


def join_path(session) -> str:
    return reverse(
        "circles:join_session", kwargs={"slug": session.circle.slug, "number": session.number}
    )


def details(session, member) -> dict:
    """What an email says about one session, for `member` (an active member of its circle)."""
    zone = viewer_time_zone(member) or zoneinfo.ZoneInfo(session.circle.time_zone)
    return {
        "session": session,
        "when": describe(session.starts_at, session.ends_at, zone),
        "structure": structure_of(session.structure),
        "page_url": settings.SITE_URL + session.get_absolute_url(),
        "join_url": settings.SITE_URL + join_path(session)
        if session.join_url and session.status != CircleSession.Status.CANCELLED
        else "",
    }


def _members(circle, *, but=None):
    people = (
        CircleMembership.objects.active()
        .filter(circle=circle, member__is_active=True)
        .select_related("member__profile")
    )
    if but is not None:
        people = people.exclude(member=but)
    return [membership.member for membership in people]


def scheduled(circle, sessions, *, by=None) -> None:
    """Tell the circle's other active members about new sessions, once committed."""
    if not sessions:
        return
    key = f"circle-sessions-scheduled:{circle.pk}:{sessions[0].pk}:{len(sessions)}"

    def send():
        for member in _members(circle, but=by):
            notify(
                member,
                kind=UPDATE,
                template="circle_session_scheduled",
                context={
                    "circle": circle,
                    "circle_url": settings.SITE_URL + circle.get_absolute_url(),
                    "sessions": [details(session, member) for session in sessions],
                },
                key=key,
            )

    transaction.on_commit(send)


def moved(session, *, by=None) -> None:
    """Tell the other active members that a session's time or place changed, once committed."""
    _after_commit(session, "circle_session_moved", by=by)


def cancelled(session, *, by=None, reason="") -> None:
    """Tell the other active members that a session is cancelled, once committed."""
    _after_commit(session, "circle_session_cancelled", by=by, reason=reason)


def _after_commit(session, template, *, by=None, **extra):
    circle = session.circle
    key = f"{template}:{session.pk}:{session.sequence}"

    def send():
        fresh = CircleSession.objects.select_related("circle").get(pk=session.pk)
        for member in _members(circle, but=by):
            notify(
                member,
                kind=UPDATE,
                template=template,
                context={"circle": circle, **details(fresh, member), **extra},
                key=key,
            )

    transaction.on_commit(send)


# Reminders ------------------------------------------------------------------------------------


def reminder_key(session, which: str) -> str:
    """One reminder per date and time of a session: a moved session is reminded again at its
    new time, one that stays put never twice."""
    start = session.starts_at.astimezone(datetime.UTC)
    return f"circle-session-reminder:{which}:{session.pk}:{start:%Y%m%dT%H%MZ}"


def due_session_reminders(now=None) -> list[tuple[CircleSession, object, str]]:
    """The reminders due now and not yet sent, as (session, member, "day" | "hour"): for the
    active members who want reminders, of scheduled sessions of circles still meeting that
    start within a day (the hour one within the hour). Reads only."""
    now = now or timezone.now()
    sessions = list(
        CircleSession.objects.filter(
            status=CircleSession.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + DAY,
            circle__status__in=[Circle.Status.MEETING, Circle.Status.FORMING],
        ).select_related("circle")
    )
    if not sessions:
        return []
    memberships = (
        CircleMembership.objects.active()
        .filter(
            circle__in={session.circle_id for session in sessions},
            member__is_active=True,
            member__profile__reminders=True,
        )
        .select_related("member__profile")
    )
    people = {}
    for membership in memberships:
        people.setdefault(membership.circle_id, []).append(membership.member)
    wanted = [
        (session, member, "hour" if session.starts_at <= now + HOUR else "day")
        for session in sessions
        for member in people.get(session.circle_id, [])
    ]
    already = set(
        Notification.objects.filter(
            key__in={reminder_key(session, which) for session, _, which in wanted},
            user__in={member.pk for _, member, _ in wanted},
        ).values_list("user_id", "key")
    )
    return [
        (session, member, which)
        for session, member, which in wanted
        if (member.pk, reminder_key(session, which)) not in already
    ]


def send_session_reminders(now=None) -> dict[str, int]:
    """Record the session reminders due now; `deliver_notification` sends each after commit.
    Returns how many of each, e.g. {"day": 2, "hour": 0}. Safe to run as often as you like."""
    sent = dict.fromkeys(REMINDERS, 0)
    for session, member, which in due_session_reminders(now):
        about = details(session, member)
        notification = notify(
            member,
            kind=REMINDER,
            template=f"circle_session_reminder_{which}",
            context={"circle": session.circle, "reminder": about, **about},
            key=reminder_key(session, which),
        )
        if notification is not None:
            sent[which] += 1
    return sent
