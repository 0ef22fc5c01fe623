"""Reminders before a gathering: one a day before and one an hour before, each sent once to
each member going, at the gathering's current date and time.

`send_due_reminders` is run every few minutes by `manage.py send_reminders`. It decides what is
due from the stored gatherings each time it runs, so a gathering that moved is reminded at its
new time, a cancelled one or a member who stopped going gets nothing, and running it twice
sends nothing twice (each reminder is a `Notification` keyed by gathering, date and time).
Higher apps add their own reminders (circle sessions) through the Wagtail hook
`convening_reminders` (README, "Extension points: hooks"): `func(now)` records the reminders of
its own that are due at `now` and returns how many, e.g. {"day": 1, "hour": 0}. Like ours, it
must send nothing twice however often it runs."""

import datetime

from django.utils import timezone
from wagtail import hooks

from members.models import Notification

from . import notices
from .models import EventPage, Rsvp

DAY = datetime.timedelta(hours=24)
HOUR = datetime.timedelta(hours=1)


def due_reminders(now=None) -> list[tuple[Rsvp, str]]:
    """The reminders due now and not yet sent, as (reply, "day" | "hour"). Reads only.

    The hour reminder is due when the gathering starts within the hour; the day reminder when
    it starts within a day but not within the hour (once the hour reminder is due, a late day
    reminder would only repeat it)."""
    now = now or timezone.now()
    answers = list(
        Rsvp.objects.going()
        .filter(
            event__live=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + DAY,
            member__is_active=True,
            member__profile__reminders=True,
        )
        .exclude(event__status=EventPage.Status.CANCELLED)
        .select_related("event", "member")
        .order_by("event__starts_at", "pk")
    )
    wanted = [
        (answer, "hour" if answer.event.starts_at <= now + HOUR else "day") for answer in answers
    ]
    keys = {notices.reminder_key(answer.event, which) for answer, which in wanted}
    already = set(
        Notification.objects.filter(
            key__in=keys, user__in=[answer.member_id for answer, _ in wanted]
        ).values_list("user_id", "key")
    )
    return [
        (answer, which)
        for answer, which in wanted
        if (answer.member_id, notices.reminder_key(answer.event, which)) not in already
    ]


def send_due_reminders(now=None) -> dict[str, int]:
    """Record every reminder due now; `deliver_notification` sends each after commit.

    Returns how many of each were recorded, gatherings and registered sources together, e.g.
    {"day": 3, "hour": 0}. Side effects: creates `Notification` rows and enqueues their
    delivery. Safe to run as often as you like."""
    now = now or timezone.now()
    sent = dict.fromkeys(notices.REMINDERS, 0)
    for answer, which in due_reminders(now):
        if notices.reminder(answer, which) is not None:
            sent[which] += 1
    for source in hooks.get_hooks("convening_reminders"):
        for which, count in source(now).items():
            sent[which] = sent.get(which, 0) + count
    return sent
