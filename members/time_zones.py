"""The IANA time zones a member, a gathering or a circle may name.

People choose from the canonical zones only, one or more for each country as the tz database's
`zone.tab` lists them (Asia/Kolkata, never also Asia/Calcutta; no GB-Eire or W-SU), grouped by
region and named by place: "London (United Kingdom)" under "Europe", so typing a city's first
letters in the list finds it. Every name the machine knows still validates, so a zone stored
under an older name (an alias) keeps working, and shows and saves as its canonical zone
(`canonical_zone`).

The lists come from the tzdata package (Python's copy of the tz database, which icalendar
requires), so models only validate against them and forms offer them as choices: as a model
field's `choices` they would be frozen into migrations, and `makemigrations --check` would
then depend on the machine it runs on."""

import functools
import zoneinfo
from importlib import resources

from django import forms
from django.core.exceptions import ValidationError

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
UTC = "UTC"


def _table(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


# The tz database's own short names for these, e.g. "Britain (UK)", read oddly after a city.
COUNTRY_NAMES = {"GB": "United Kingdom", "US": "United States"}


def _country_names() -> dict[str, str]:
    return {row[0]: row[1] for row in _table("iso3166.tab")} | COUNTRY_NAMES


def _place(zone: str) -> str:
    """The place a zone is named after: "Buenos Aires" for America/Argentina/Buenos_Aires."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _canonical_zones() -> dict[str, str]:
    """Each canonical zone with its label, in the regions' and then the labels' order."""
    countries = _country_names()
    labels = {}
    for codes, _, zone, *_ in _table("zone.tab"):
        names = [countries.get(code, code) for code in codes.split(",")]
        place = _place(zone)
        labels[zone] = place if place in names else f"{place} ({', '.join(names)})"
    return dict(sorted(labels.items(), key=lambda item: (item[0].split("/")[0], item[1])))


CANONICAL_ZONES = _canonical_zones()


def region(zone: str) -> str:
    return zone.split("/")[0]


# UTC first, then each region's zones, as a <select> shows them in optgroups.
TIME_ZONE_CHOICES = [
    (UTC, "UTC (Coordinated Universal Time)"),
    *[
        (name, [(zone, label) for zone, label in CANONICAL_ZONES.items() if region(zone) == name])
        for name in dict.fromkeys(region(zone) for zone in CANONICAL_ZONES)
    ],
]


def _rules(zone: str) -> bytes:
    return resources.files("tzdata").joinpath("zoneinfo", *zone.split("/")).read_bytes()


@functools.cache
def _same_rules() -> dict[bytes, str]:
    """Each set of rules with the canonical zone that keeps it: an alias is a copy of its
    zone's file. Where several listed zones share one (London, Jersey, Guernsey), the one the
    tz database keeps as its own since 1970 (`zone1970.tab`) is chosen."""
    main = {row[2] for row in _table("zone1970.tab")}
    chosen: dict[bytes, str] = {}
    for zone in sorted([*CANONICAL_ZONES, UTC], key=lambda zone: (zone not in main, zone)):
        chosen.setdefault(_rules(zone), zone)
    return chosen


@functools.cache
def canonical_zone(name: str) -> str:
    """The zone people choose for `name`: itself when it is listed, its canonical zone when it
    is an alias of one ("Asia/Calcutta" gives "Asia/Kolkata", "GB-Eire" "Europe/London"), and
    otherwise the name as it is (a zone with rules of its own that no country uses, such as
    "Etc/GMT+5": still valid, never changed behind anyone's back)."""
    if name in CANONICAL_ZONES or name == UTC or name not in TIME_ZONES:
        return name
    try:
        return _same_rules().get(_rules(name), name)
    except (OSError, ValueError):
        return name


def validate_time_zone(value):
    if value not in TIME_ZONES:
        raise ValidationError(f"{value!r} is not a time zone we know. Choose one from the list.")


class TimeZoneSelect(forms.Select):
    """The zones in their regions, with a stored alias shown as its canonical zone, and a
    stored zone no list offers (Etc/GMT+5) kept as an option of its own, so that saving the
    form never changes it unasked. `data-time-zone` lets static/js/time-zone.js offer the
    browser's zone."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-time-zone": "", **(attrs or {})}, choices or TIME_ZONE_CHOICES)

    def format_value(self, value):
        return [canonical_zone(item) for item in super().format_value(value)]

    def get_context(self, name, value, attrs):
        offered = {UTC, *CANONICAL_ZONES}
        kept = [zone for zone in self.format_value(value) if zone and zone not in offered]
        if kept:
            self.choices = [*[(zone, zone.replace("_", " ")) for zone in kept], *self.choices]
        return super().get_context(name, value, attrs)


class TimeZoneField(forms.ChoiceField):
    """A zone from the list; an alias or any other name the machine knows is accepted too,
    and stored as its canonical zone."""

    widget = TimeZoneSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Time zone")
        super().__init__(choices=TIME_ZONE_CHOICES, **kwargs)

    def valid_value(self, value):
        return value in TIME_ZONES

    def clean(self, value):
        value = super().clean(value)
        return canonical_zone(value) if value else value


def rewrite_aliases(rows, field: str = "time_zone") -> int:
    """Rewrite each alias stored in `rows` (a queryset) as its canonical zone; returns how many
    rows changed. For the data migrations of profiles, gatherings and circles: rows saved before
    the lists offered canonical zones only keep names such as "GB-Eire", which read oddly and
    group apart from "Europe/London" in anything that counts by zone. One update per alias
    found, so the rows are never loaded one by one."""
    changed = 0
    for name in rows.order_by().values_list(field, flat=True).distinct():
        zone = canonical_zone(name)
        if zone != name:
            changed += rows.filter(**{field: name}).update(**{field: zone})
    return changed
