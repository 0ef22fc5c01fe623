"""The digest's section on gatherings: what is coming up that the member may see, and has not
replied to yet. Registered for `members.digest` in `events/wagtail_hooks.py`."""

import datetime

from django.utils import timezone

from members.digest import DigestItem, DigestSection

from .models import EventPage
from .times import when_for

LOOKAHEAD = datetime.timedelta(days=45)
SHOWN = 5


def upcoming_gatherings(user, since):
    now = timezone.now()
    events = (
        EventPage.objects.live()
        .visible_to(user)
        .filter(starts_at__gte=now, starts_at__lte=now + LOOKAHEAD)
        .exclude(status=EventPage.Status.CANCELLED)
        .exclude(rsvps__member=user)
        .order_by("starts_at")[:SHOWN]
    )
    items = []
    for event in events:
        when = when_for(user, event)
        items.append(
            DigestItem(
                title=event.title,
                url=event.url or "",
                summary=f"{when.date}, {when.time} ({when.zone}). {event.summary}",
            )
        )
    return DigestSection(title="Upcoming gatherings", items=items) if items else None
