"""Circle sessions in each member's personal calendar feed (events' `/gatherings/calendar/
<token>.ics`). The feed asks `CircleSession.objects.visible_to(member)`, so a member sees the
sessions of the circles they are an active member of, and nothing else: someone removed from
a circle, or who left it, loses its sessions at their calendar's next refresh.

The join link in an entry is the member's personal address on our site, which leads to the
meeting only while they are a member; the meeting's own address is never written into a feed.
Registered in `convening/wagtail_hooks.py`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from events.calendar import FEED_LOOKBACK, CalendarItem

from .models import Circle, CircleSession
from .session_notices import join_path
from .structures import structure_of


def uid_of(session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "convening.example"
    return f"circle-session-{session.pk}@{host}"


def item_for(session) -> CalendarItem:
    """A session as its circle's members see it in a calendar."""
    circle = session.circle
    page_url = settings.SITE_URL + session.get_absolute_url()
    # A circle that closed meets no more, whatever was left on its calendar.
    cancelled = session.status == CircleSession.Status.CANCELLED or (
        circle.status == Circle.Status.CLOSED
        and session.status == CircleSession.Status.SCHEDULED
        and session.starts_at > timezone.now()
    )
    lines = [f"{circle.name}, session {session.number}: {structure_of(session.structure).name}."]
    if session.presenter_id:
        lines.append(f"Presenting: {session.presenter.profile.name}.")
    if session.is_closing:
        lines.append("The closing session of this run.")
    lines += ["", page_url]
    if session.join_url and not cancelled:
        lines += ["", f"Join online: {settings.SITE_URL + join_path(session)}"]
    if cancelled:
        lines = ["Cancelled.", "", *lines]
    return CalendarItem(
        uid=uid_of(session),
        title=f"{circle.name}: session {session.number}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        time_zone=circle.time_zone,
        url=page_url,
        description="\n".join(lines),
        location=session.place or ("Online" if session.join_url else ""),
        sequence=session.sequence,
        cancelled=cancelled,
        categories=["Circle session"],
    )


def circle_sessions(member) -> list[CalendarItem]:
    """The sessions of the member's circles, from a month ago on."""
    sessions = (
        CircleSession.objects.visible_to(member)
        .filter(ends_at__gte=timezone.now() - FEED_LOOKBACK)
        .select_related("circle", "presenter__profile")
        .order_by("starts_at", "pk")
        # What an entry says: not the circle's purpose and questions, the session's notes
        # and retrospective, or the presenter's whole account and profile.
        .only(
            "number",
            "starts_at",
            "ends_at",
            "status",
            "structure",
            "is_closing",
            "join_url",
            "place",
            "sequence",
            "circle__name",
            "circle__slug",
            "circle__status",
            "circle__time_zone",
            "presenter__profile__display_name",
        )
    )
    return [item_for(session) for session in sessions]
