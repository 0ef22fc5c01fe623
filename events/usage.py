"""Practice pages list the gatherings that used the practice: planned in the agenda or named
in the harvest. Only gatherings the reader may see are counted or linked, so an
invitation-only gathering's harvest never shows to someone not invited. Registered in
`events/wagtail_hooks.py`."""

from django.db.models import Q
from django.utils import timezone

from practices.reading import FacetLink, Usage

from .models import EventPage

GATHERINGS_SHOWN = 12


def used_at_gatherings(practice, viewer) -> Usage | None:
    """Three queries whatever the number of gatherings: the count, the latest few, and (once
    per process, then cached) the site's root paths for their addresses."""
    if practice.pk is None:
        return None
    harvested = EventPage.objects.filter(harvest_practices=practice).values("pk")
    planned = EventPage.objects.filter(practices=practice).values("pk")
    gatherings = (
        EventPage.objects.live().visible_to(viewer).filter(Q(pk__in=harvested) | Q(pk__in=planned))
    )
    count = gatherings.count()
    if not count:
        return None
    latest = gatherings.only("title", "starts_at", "time_zone", "url_path").order_by(
        "-starts_at", "-pk"
    )[:GATHERINGS_SHOWN]
    return Usage(
        title="Used at gatherings",
        count=count,
        links=[FacetLink(_label(event), event.get_url()) for event in latest],
    )


def _label(event) -> str:
    day = timezone.localtime(event.starts_at, event.zone)
    return f"{event.title}, {day.day} {day:%B %Y}"
