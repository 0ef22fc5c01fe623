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
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from taggit.models import Tag

from .models import EventPage, Rsvp
from .times import zone_for

# A phone screen's worth of cards a page: a long scroll helps nobody, and a page costs the same
# whatever the size of the programme.
PER_PAGE = 12
# The filter lists are drawn from this many gatherings: the next ones, or the latest past.
OPTIONS_FROM = 60
LONGEST_VALUE = 100
LAST_PAGE_ASKED = 10_000
WHEN = ("upcoming", "past")
# What a gathering's card shows: the rest of the row (its description, agenda and harvest)
# is for its own page.
CARD_FIELDS = (
    "title",
    "url_path",
    "summary",
    "starts_at",
    "ends_at",
    "time_zone",
    "format",
    "online_platform",
    "place",
    "capacity",
    "visibility",
    "status",
    "status_reason",
    "series__name",
)


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
        `filter_options`), a topic or practice that none of the tab's gatherings has is ignored
        too."""
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
    # A NUL byte is junk, and PostgreSQL refuses it in a query (the chosen topic is looked up).
    if not isinstance(value, str) or "\x00" in value:
        return ""
    return value[:LONGEST_VALUE]


def _page_number(value) -> int:
    if not value.isdigit() or len(value) > 6:
        return 1
    return min(max(int(value), 1), LAST_PAGE_ASKED)


# The home page's "next gatherings": a row of cards, not a programme.
NEXT_SHOWN = 4


def next_gatherings(viewer, how_many=NEXT_SHOWN, now=None) -> list[EventPage]:
    """The next gatherings `viewer` may see, soonest first, cancelled ones left out: each with
    its `going_count` and, for a member, `my_status` (their reply, or None), in one query. With
    what a card shows and what `replies_open` reads, and nothing else of the page."""
    events = (
        visible_gatherings(viewer)
        .upcoming(now)
        .exclude(status=EventPage.Status.CANCELLED)
        .with_going_count()
        .select_related("series")
        .only(*CARD_FIELDS, "live", "rsvp_opens_at", "rsvp_closes_at")
    )
    if viewer.is_authenticated:
        reply = Rsvp.objects.filter(event=OuterRef("pk"), member=viewer).values("status")[:1]
        events = events.annotate(my_status=Subquery(reply))
    return list(events[:how_many])


def visible_gatherings(viewer, index=None):
    events = EventPage.objects.live().visible_to(viewer)
    return events.child_of(index) if index is not None else events


def filter_options(
    viewer, filters: GatheringFilters | None = None, index=None, now=None, *, visible=None
) -> dict:
    """The topics and practices of the next OPTIONS_FROM gatherings on the tab the filters are
    on (the latest ones on the past tab) that this viewer may see, so that the lists never name
    something only an invitation-only gathering uses; and the one already chosen, when any
    gathering on the tab has it. Drawing on every gathering instead would make the lists, and
    the page, grow with the years of gatherings (thousands of practices); one further away
    still filters from its address (`?practice=...`, as the practice pages link). `visible`:
    `visible_gatherings(viewer, index)` when the caller has it already."""
    from practices.library import listed_pages_q
    from practices.models import PracticePage

    filters = filters or GatheringFilters()
    now = now or timezone.now()
    if visible is None:
        visible = visible_gatherings(viewer, index)
    tab = visible.upcoming(now) if filters.when == "upcoming" else visible.past(now)
    # The nearest gatherings feed three subqueries (topics, planned and harvested practices):
    # written once, not compiled again for each, since a member's visibility rule alone is
    # four subqueries.
    nearest = RawSQL(*tab[:OPTIONS_FROM].values("pk").query.sql_with_params())  # noqa: S611
    anywhere = tab.order_by().values("pk")

    def tags_of(gatherings):
        tagged = EventPage.tags.through.objects.filter(content_object__in=gatherings)
        return Q(pk__in=tagged.values("tag_id"))

    def practices_of(gatherings):
        planned = EventPage.practices.through.objects.filter(eventpage__in=gatherings)
        harvested = EventPage.harvest_practices.through.objects.filter(eventpage__in=gatherings)
        return Q(pk__in=planned.values("practicepage_id")) | Q(
            pk__in=harvested.values("practicepage_id")
        )

    topics = tags_of(nearest)
    if filters.topic:
        topics |= Q(slug=filters.topic) & tags_of(anywhere)
    practices = practices_of(nearest)
    if filters.practice:
        practices |= Q(slug=filters.practice) & practices_of(anywhere)
    return {
        "topics": list(Tag.objects.filter(topics).order_by("name")),
        "practices": list(
            PracticePage.objects.live()
            .exclude(listed_pages_q())
            .filter(practices)
            .order_by("title")
            .only("pk", "title", "slug")
        ),
    }


def browse(viewer, filters: GatheringFilters, index=None, now=None, *, visible=None):
    """The page of gatherings `viewer` may see that match `filters`, and those gatherings
    grouped by month in the zone their times are shown in. `visible`: as `filter_options`."""
    now = now or timezone.now()
    events = visible if visible is not None else visible_gatherings(viewer, index)
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
    events = events.with_going_count().select_related("series").only(*CARD_FIELDS)
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
