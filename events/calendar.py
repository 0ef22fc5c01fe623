"""Calendar files (RFC 5545), built with the `icalendar` library: one gathering's `.ics`, the
public feed of public gatherings and each member's personal feed.

Each event has a stable UID, a SEQUENCE raised whenever its time, place or status changes,
STATUS:CANCELLED once cancelled, and its times in the host's zone (TZID) with that zone's
VTIMEZONE, so a calendar shows the right hour on both sides of a clock change. The exact venue
and the join link are written only into a file made for someone going (or a host)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event
from wagtail import hooks

from . import rules
from .links import join_url_for

PRODID = "-//Convening//Gatherings//EN"
PUBLIC_CALENDAR_KEY = "events:public-calendar"
PUBLIC_CALENDAR_SECONDS = 300
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Feeds keep what ended in the last month, so a calendar app still shows recent gatherings.
FEED_LOOKBACK = datetime.timedelta(days=31)
# What `item_for` writes of a gathering: not its description, agenda or harvest.
ENTRY_FIELDS = (
    "title",
    "url_path",
    "summary",
    "starts_at",
    "ends_at",
    "time_zone",
    "format",
    "place",
    "venue",
    "online_platform",
    "join_url",
    "sequence",
    "status",
    "status_reason",
    "visibility",
)


@dataclass
class CalendarItem:
    """One entry of a calendar feed. Higher apps (circle sessions) add entries to every
    member's personal feed through the Wagtail hook `convening_calendar_items` (README,
    "Extension points: hooks"): `func(member)` returns the `CalendarItem`s the member may see."""

    uid: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    url: str = ""
    description: str = ""
    location: str = ""
    sequence: int = 0
    cancelled: bool = False
    categories: list[str] = field(default_factory=list)


def uid_of(event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "convening.example"
    return f"gathering-{event.pk}@{host}"


def item_for(event, viewer) -> CalendarItem:
    """A gathering as `viewer` may see it in a calendar: the venue and their own join link only
    when they are going or host it."""
    page_url = settings.SITE_URL + event.url if event.url else settings.SITE_URL
    lines = [event.summary, "", page_url]
    location = event.place or ""
    if event.format != event.Format.IN_PERSON:
        location = event.online_platform or "Online"
        if event.format == event.Format.HYBRID and event.place:
            location = f"{event.place} and online ({event.online_platform or 'online'})"
    if rules.can_see_venue(viewer, event):
        if event.venue:
            location = event.venue.replace("\r\n", ", ").replace("\n", ", ")
        own = rules.rsvp_of(viewer, event)
        if rules.can_join_online(viewer, event):
            link = (
                settings.SITE_URL + join_url_for(own)
                if own and own.status == own.Status.GOING
                else event.join_url
            )
            lines += ["", f"Join online: {link}"]
    if event.is_cancelled:
        lines = [f"Cancelled: {event.status_reason}", "", *lines]
    return CalendarItem(
        uid=uid_of(event),
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        url=page_url,
        description="\n".join(lines),
        location=location,
        sequence=event.sequence,
        cancelled=event.is_cancelled,
        categories=["Gathering"],
    )


def calendar_of(items: Iterable[CalendarItem], *, name: str = "") -> bytes:
    """The calendar file of these entries, with a VTIMEZONE for each zone used and CRLF line
    endings (as RFC 5545 asks; `icalendar` writes them)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    items = list(items)
    for item in items:
        zone = _zone(item.time_zone)
        entry = Event()
        entry.add("uid", item.uid)
        entry.add("dtstamp", stamp)
        entry.add("summary", item.title)
        entry.add("dtstart", timezone.localtime(item.starts_at, zone))
        entry.add("dtend", timezone.localtime(item.ends_at, zone))
        entry.add("sequence", item.sequence)
        entry.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.url:
            entry.add("url", item.url)
        if item.description:
            entry.add("description", strip_tags(item.description))
        if item.location:
            entry.add("location", item.location)
        if item.categories:
            entry.add("categories", item.categories)
        calendar.add_component(entry)
    if items:
        # Each VTIMEZONE covers the years the entries fall in (and one either side), not the
        # default 1970-2038: a feed stays small while every clock change it needs is there.
        first = min(item.starts_at for item in items).date() - datetime.timedelta(days=366)
        last = max(item.ends_at for item in items).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _zone(name):
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


def gathering_file(event, viewer) -> bytes:
    return calendar_of([item_for(event, viewer)], name=event.title)


def personal_items(member) -> list[CalendarItem]:
    """Every gathering `member` is going to (from a month ago on), then what other apps add."""
    from .models import EventHost, EventPage, Rsvp

    since = timezone.now() - FEED_LOOKBACK
    answers = {
        answer.event_id: answer
        for answer in Rsvp.objects.filter(
            member=member,
            status=Rsvp.Status.GOING,
            event__live=True,
            event__ends_at__gte=since,
        ).only("event_id", "member_id", "status")
    }
    events = list(
        EventPage.objects.live()
        .visible_to(member)
        .filter(pk__in=list(answers), ends_at__gte=since)
        .order_by("starts_at")
        .only(*ENTRY_FIELDS)
    )
    # What `rules` asks of each gathering (the member's reply, its hosts), answered for all of
    # them in two queries instead of two a gathering.
    hosts = {event.pk: set() for event in events}
    for event_id, host_id in EventHost.objects.filter(event__in=events).values_list(
        "event_id", "member_id"
    ):
        hosts[event_id].add(host_id)
    for event in events:
        event._rsvp_of = {member.pk: answers[event.pk]}
        event._hosts_ids = hosts[event.pk]
    items = [item_for(event, member) for event in events]
    for provider in hooks.get_hooks("convening_calendar_items"):
        items.extend(provider(member))
    return items


def add_to_calendar_links(event) -> dict:
    """ "Add to Google Calendar" and "Add to Outlook" links: they carry the public details only
    (the venue and join link are in the file for people going)."""
    start = event.starts_at.astimezone(datetime.UTC)
    end = event.ends_at.astimezone(datetime.UTC)
    page_url = settings.SITE_URL + (event.url or "")
    details = f"{event.summary}\n\n{page_url}"
    location = event.place or event.online_platform or ""
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": event.title,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
            "details": details,
            "location": location,
            "ctz": event.time_zone,
        }
    )
    outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": event.title,
            "startdt": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "enddt": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "body": details,
            "location": location,
        }
    )
    return {"google": google, "outlook": outlook}
