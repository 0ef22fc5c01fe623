"""The gathering editor: times are typed as the host's wall-clock time in the gathering's own
zone, whatever zone the editor's browser or profile is in."""

import zoneinfo

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

WALL_CLOCK_FIELDS = ["starts_at", "ends_at", "rsvp_opens_at", "rsvp_closes_at"]


class GatheringForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = _zone(self.instance.time_zone)
        for name in WALL_CLOCK_FIELDS:
            value = getattr(self.instance, name, None)
            if name in self.fields and value is not None:
                # A naive value is shown as it is: the wall-clock time in the gathering's zone.
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone = _zone(cleaned.get("time_zone"))
        for name in WALL_CLOCK_FIELDS:
            value = cleaned.get(name)
            if value is not None:
                # Django read the typed time in the active zone; keep the wall-clock time and
                # place it in the gathering's zone instead.
                typed = timezone.localtime(value).replace(tzinfo=None)
                cleaned[name] = typed.replace(tzinfo=zone)
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            going = self.instance.rsvps.filter(status="going").count()
            if capacity < going:
                self.add_error(
                    "capacity",
                    f"{going} people are going, more than {capacity} places. Move people "
                    "to another date or raise the number of places.",
                )
        self._join_only_a_series_one_may_change(cleaned.get("series"))
        return cleaned

    def _join_only_a_series_one_may_change(self, series):
        """Its hosts count a series' regulars in to every new date: a host may put a gathering
        only into a series they started or whose gatherings they already host."""
        if series is None or series.pk == self.instance.series_id:
            return
        # Imported here: the page models import this form as they load, before the rules can.
        from events import rules

        if not rules.may_change_series(self.for_user, series):
            self.add_error(
                "series",
                "You may add gatherings only to a series you started or whose gatherings you "
                "host. Start a series of your own, or ask its hosts.",
            )


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name or "Europe/London")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/London")
