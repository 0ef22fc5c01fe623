"""The gathering editor: times are typed as the host's wall-clock time in the gathering's own
zone, whatever zone the editor's browser or profile is in; who hosts it is the hosts' choice."""

import zoneinfo

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

WALL_CLOCK_FIELDS = ["starts_at", "ends_at", "rsvp_opens_at", "rsvp_closes_at"]


class GatheringForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_only_practices_anyone_may_see()
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
        self._keep_hosts_unless_allowed()
        self._join_only_a_series_one_may_change(cleaned.get("series"))
        return cleaned

    def _offer_only_practices_anyone_may_see(self):
        """The practices a gathering used: for those who do not curate the library, those the
        site shows anyone (never a draft or one in a private section), plus those already
        chosen, so saving keeps them (#16, item 2)."""
        # Imported here: the page models import this form as they load.
        from django.db.models import Q

        from practices.library import curates_library, visible_practices

        field = self.fields.get("harvest_practices")
        if field is None or curates_library(self.for_user):
            return

        chosen = self.instance.harvest_practices.all() if self.instance.pk else []
        field.queryset = field.queryset.filter(
            Q(pk__in=visible_practices().values("pk")) | Q(pk__in=[p.pk for p in chosen])
        )

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

    def _keep_hosts_unless_allowed(self):
        """Hosts see attendees' access needs, questions and addresses: only a host of the
        gathering (or a superuser) may change who hosts it. A new gathering's creator names its
        hosts (and hosts it when they name nobody)."""
        if not self.instance.pk or "hosts" not in self.formsets:
            return
        named = hosts_named(self.formsets["hosts"])
        if named is None:
            return  # the formset shows its own errors
        from events import rules  # imported here, as above

        stored = type(self.instance).objects.get(pk=self.instance.pk)
        current = {host.member_id for host in stored.get_latest_revision_as_object().hosts.all()}
        if named != current and not rules.may_change_hosts(self.for_user, stored):
            self.add_error(
                None,
                "Only the gathering's hosts may change who hosts it. Put the hosts back as they "
                "were to save your other changes, or ask one of the hosts.",
            )


def hosts_named(formset) -> set | None:
    """The members the hosts formset names, without those marked for removal (None while the
    formset itself is invalid)."""
    if not formset.is_valid():
        return None
    deleted = set(map(id, formset.deleted_forms))
    return {
        form.cleaned_data["member"].pk
        for form in formset.forms
        if id(form) not in deleted and form.cleaned_data.get("member")
    }


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name or "Europe/London")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/London")
