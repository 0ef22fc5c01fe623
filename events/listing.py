"""The gatherings listing: upcoming first, grouped by month, or past ones; filtered by format,
topic and practice used. One service for the page, its feeds and its tests.

A value we do not know (a renamed tag in an old link, junk typed into the address bar) is
ignored rather than refused: the listing shows as if that filter were not there. The page runs
the same number of queries whatever the number of gatherings and replies: counts are
subqueries, and nothing in a row asks the database again."""

from dataclasses import dataclass, field
from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from .models import EventPage, Rsvp
from .times import zone_for

PER_PAGE = 30
LONGEST_VALUE = 100
LAST_PAGE_ASKED = 10_000
WHEN = ("upcoming", "past")


@dataclass
class GatheringFilters:
    when: str = "upcoming"
    format: str = ""
    topic: str = ""
    practice: str = ""
    page: int = 1
    options: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, query, options=None) -> "GatheringFilters":
        """Unknown or malformed values are ignored, never an error. With `options` (from
        `filter_options`), a topic or practice that no visible gathering has is ignored too."""
        options = options or {}
        when = _single(query, "when")
        fmt = _single(query, "format")
        topic = _single(query, "topic")
        practice = _single(query, "practice")
        if "topics" in options and topic not in {tag.slug for tag in options["topics"]}:
            topic = ""
        if "practices" in options and practice not in {p.slug for p in options["practices"]}:
            practice = ""
        return cls(
            when=when if when in WHEN else "upcoming",
            format=fmt if fmt in EventPage.Format.values else "",
            topic=topic,
            practice=practice,
            page=_page_number(_single(query, "page")),
            options=options,
        )

    def query_string(self) -> str:
        """The filters as a query string, without the page number (for pagination links)."""
        pairs = {
            "when": self.when if self.when != "upcoming" else "",
            "format": self.format,
            "topic": self.topic,
            "practice": self.practice,
        }
        return urlencode({key: value for key, value in pairs.items() if value})

    @property
    def any(self) -> bool:
        return bool(self.format or self.topic or self.practice)


def _single(query, key) -> str:
    value = query.get(key, "")
    return value[:LONGEST_VALUE] if isinstance(value, str) else ""


def _page_number(value) -> int:
    if not value.isdigit() or len(value) > 6:
        return 1
    return min(max(int(value), 1), LAST_PAGE_ASKED)


def visible_gatherings(viewer, index=None):
    events = EventPage.objects.live().visible_to(viewer)
    return events.child_of(index) if index is not None else events


def filter_options(viewer, index=None) -> dict:
    """The topics and practices that the gatherings this viewer may see have, so that the
    filter lists never name something only an invitation-only gathering uses."""
    from practices.models import PracticePage

    visible = visible_gatherings(viewer, index).values("pk")
    # Subqueries on the link tables rather than joins and DISTINCT: far cheaper with many
    # gatherings.
    tagged = EventPage.tags.through.objects.filter(content_object__in=visible)
    topics = Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("name")
    planned = EventPage.practices.through.objects.filter(eventpage__in=visible)
    harvested = EventPage.harvest_practices.through.objects.filter(eventpage__in=visible)
    practices = (
        PracticePage.objects.live()
        .filter(
            Q(pk__in=planned.values("practicepage_id"))
            | Q(pk__in=harvested.values("practicepage_id"))
        )
        .order_by("title")
        .only("pk", "title", "slug")
    )
    return {"topics": list(topics), "practices": list(practices)}


def with_going_count(events):
    """Each gathering with `going_count`, as one subquery rather than a join and a GROUP BY over
    every reply."""
    going = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=Rsvp.Status.GOING)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return events.annotate(
        going_count=Coalesce(Subquery(going, output_field=IntegerField()), Value(0))
    )


def browse(viewer, filters: GatheringFilters, index=None, now=None):
    """The page of gatherings `viewer` may see that match `filters`, and those gatherings
    grouped by month in the zone their times are shown in."""
    now = now or timezone.now()
    events = visible_gatherings(viewer, index)
    events = events.upcoming(now) if filters.when == "upcoming" else events.past(now)
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.topic:
        tagged = EventPage.tags.through.objects.filter(tag__slug=filters.topic)
        events = events.filter(pk__in=tagged.values("content_object_id"))
    if filters.practice:
        planned = EventPage.practices.through.objects.filter(practicepage__slug=filters.practice)
        harvested = EventPage.harvest_practices.through.objects.filter(
            practicepage__slug=filters.practice
        )
        events = events.filter(
            Q(pk__in=planned.values("eventpage_id")) | Q(pk__in=harvested.values("eventpage_id"))
        )
    events = with_going_count(events).select_related("series")
    paginator = Paginator(events, PER_PAGE)
    page_obj = paginator.get_page(filters.page)
    months = [
        (month, list(items))
        for month, items in groupby(page_obj.object_list, key=lambda event: month_of(viewer, event))
    ]
    return page_obj, months


def month_of(viewer, event) -> str:
    """The month heading a gathering falls under, in the zone its time is shown in (so a
    gathering at 00:30 on 1 May in Sydney is not listed under April)."""
    local = timezone.localtime(event.starts_at, zone_for(viewer, event))
    return f"{local:%B %Y}"
