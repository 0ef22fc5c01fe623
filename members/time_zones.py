"""The IANA time zones a member, a gathering or a circle may name.

The list comes from the machine's tzdata, so models only validate against it and forms offer it
as choices: as a model field's `choices` it would be frozen into migrations, and
`makemigrations --check` would then depend on the machine it runs on."""

import zoneinfo

from django.core.exceptions import ValidationError

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
TIME_ZONE_CHOICES = [(zone, zone.replace("_", " ")) for zone in TIME_ZONES]


def validate_time_zone(value):
    if value not in TIME_ZONES:
        raise ValidationError(f"{value!r} is not a time zone we know. Choose one from the list.")
