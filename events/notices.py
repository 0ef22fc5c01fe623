"""Every email about a gathering, through `members.notifications.notify` (the member's
preferences, plain text and HTML, sent once per key after commit). Confirmations and
promotions carry the calendar file made for the member, with the venue and their join link."""

import datetime

from django.conf import settings
from django.db import transaction

from members.notifications import REMINDER, UPDATE, notify

from .calendar import gathering_file
from .links import join_url_for
from .models import Rsvp
from .times import when_for


def _context(event, member):
    own = Rsvp.objects.filter(event=event, member=member).first()
    going = bool(own and own.status == Rsvp.Status.GOING)
    return {
        "event": event,
        "when": when_for(member, event),
        "page_url": settings.SITE_URL + (event.url or ""),
        "going": going,
        "venue": event.venue if going else "",
        "join_url": settings.SITE_URL + join_url_for(own)
        if going and event.join_url and not event.is_cancelled
        else "",
        # The calendar file goes to people going; the waitlist is told without one.
        "with_calendar_file": going,
    }


def _ics(event, member):
    return [("gathering.ics", gathering_file(event, member).decode(), "text/calendar")]


def reply_recorded(answer: Rsvp, *, previous) -> None:
    """Confirm a change of answer: going (with the calendar file) or on the waitlist."""
    event, member = answer.event, answer.member
    stamp = int(answer.updated_at.timestamp())
    if answer.status == Rsvp.Status.GOING:
        _after_commit(
            member,
            kind=UPDATE,
            template="gathering_going",
            event=event,
            key=f"gathering-going:{answer.pk}:{stamp}",
            attach=True,
        )
    elif answer.status == Rsvp.Status.WAITLISTED:
        _after_commit(
            member,
            kind=UPDATE,
            template="gathering_waitlisted",
            event=event,
            key=f"gathering-waitlisted:{answer.pk}:{stamp}",
        )


def promoted(answer: Rsvp) -> None:
    """A place came free: the member is going now."""
    stamp = int(answer.updated_at.timestamp())
    _after_commit(
        answer.member,
        kind=UPDATE,
        template="gathering_promoted",
        event=answer.event,
        key=f"gathering-promoted:{answer.pk}:{stamp}",
        attach=True,
    )


def changed(event) -> None:
    """Tell everyone going (and waiting) that the time, place or status changed, with the
    updated calendar file."""
    template = "gathering_cancelled" if event.is_cancelled else "gathering_changed"
    answers = Rsvp.objects.filter(
        event=event, status__in=[Rsvp.Status.GOING, Rsvp.Status.WAITLISTED]
    ).select_related("member")
    for answer in answers:
        _after_commit(
            answer.member,
            kind=UPDATE,
            template=template,
            event=event,
            key=f"{template}:{event.pk}:{event.sequence}",
            attach=answer.status == Rsvp.Status.GOING,
        )


REMINDERS = ("day", "hour")


def reminder_key(event, which: str) -> str:
    """Names a reminder for one date and time of a gathering: a moved gathering gets new
    reminders, one that stays put never gets the same reminder twice."""
    start = event.starts_at.astimezone(datetime.UTC)
    return f"gathering-reminder:{which}:{event.pk}:{start:%Y%m%dT%H%MZ}"


def reminder(answer: Rsvp, which: str):
    """A reminder ("day" or "hour") before the gathering, once per date and time, unless the
    member turned reminders off. Returns the `Notification` (None when nothing will be sent);
    the `deliver_notification` task sends it after commit."""
    if which not in REMINDERS:
        raise ValueError(f"Unknown reminder {which!r}; use one of {REMINDERS}.")
    event = answer.event
    return notify(
        answer.member,
        kind=REMINDER,
        template=f"gathering_reminder_{which}",
        context=_context(event, answer.member),
        key=reminder_key(event, which),
    )


def _after_commit(member, *, kind, template, event, key, attach=False):
    # The reply's transaction must commit before the email is written: the calendar file and
    # the join link read the stored reply.
    def send():
        event.refresh_from_db()
        notify(
            member,
            kind=kind,
            template=template,
            context=_context(event, member),
            key=key,
            attachments=_ics(event, member) if attach else None,
        )

    transaction.on_commit(send)
