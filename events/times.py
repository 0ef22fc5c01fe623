"""Times as people read them: in the viewer's own zone (members, from their profile) or, for
visitors, in the host's zone with its UTC offset; always with the zone named."""

import calendar
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from members.middleware import viewer_time_zone


@dataclass(frozen=True)
class When:
    date: str  # Tuesday 8 December 2026
    time: str  # 11:00 to 12:30
    zone: str  # Europe/London (GMT, UTC+0)
    start_iso: str

    def __str__(self):
        return f"{self.date}, {self.time} {self.zone_short}"

    @property
    def zone_short(self):
        return self.zone


def zone_for(viewer, event) -> zoneinfo.ZoneInfo:
    return viewer_time_zone(viewer) or event.zone


def utc_offset(moment) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def describe(start, end, zone) -> When:
    local_start = timezone.localtime(start, zone)
    local_end = timezone.localtime(end, zone)
    date = f"{local_start:%A} {local_start.day} {local_start:%B %Y}"
    if local_end.date() == local_start.date():
        time = f"{local_start:%H:%M} to {local_end:%H:%M}"
    else:
        end_date = f"{local_end:%A} {local_end.day} {local_end:%B %Y}"
        time = f"{local_start:%H:%M} to {end_date}, {local_end:%H:%M}"
    name = zone.key.replace("_", " ")
    abbreviation = local_start.tzname()
    label = f"{name} time ({abbreviation}, {utc_offset(local_start)})"
    if abbreviation and abbreviation.startswith(("+", "-")):
        label = f"{name} time ({utc_offset(local_start)})"
    return When(date=date, time=time, zone=label, start_iso=local_start.isoformat())


def when_for(viewer, event) -> When:
    return describe(event.starts_at, event.ends_at, zone_for(viewer, event))


def weekday_of_month(year, month, weekday, week) -> int:
    """The day of `month` that is its `week`-th (0-based) `weekday`: the second Tuesday stays
    the second. Week 4 and beyond mean the last such weekday, since most months have no fifth."""
    first = 1 + (weekday - calendar.weekday(year, month, 1)) % 7
    if week >= 4:
        last_day = calendar.monthrange(year, month)[1]
        return first + 7 * ((last_day - first) // 7)
    return first + 7 * week
