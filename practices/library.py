"""Browsing the library: the one facet query behind /practices/ and "Where do I start?", and
the glossary and resources pages beside it.

Filters come from the query string, so every view of the library is a link that can be shared
and bookmarked: `?purpose=map-the-system&purpose=find-leverage&tradition=soft-systems`. Values
of one facet widen the results (any of them); different facets narrow them (all of them). Each
option is counted against every *other* active filter, so its count is how many results there
would be with it ticked as well (classic faceted search).

A value we do not know (a renamed slug in an old link, junk typed into the address bar) is
dropped, never an error. Only live pages outside private sections ever appear, in results,
counts, options or search. `browse()` runs the same number of SQL queries whatever the size of
the library: two for the counts (one more for each fixed facet in use), a few for the page of
results.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from itertools import groupby
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page as ResultsPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Coalesce, Lower, Substr
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.permissions import page_permission_policy
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.weights import get_sql_weights
from wagtail.search.models import IndexEntry

from members.models import Sector

from .models import (
    CollectionPage,
    Competency,
    Concept,
    FundingSource,
    PracticeIndexPage,
    PracticePage,
    PracticeUse,
    Reading,
    StoryPage,
    StoryPractice,
    TaggedPractice,
    TaggedStory,
)
from .models.pages import LONGEST_BAND, MODES, SPAN_BANDS, TIME_BANDS, time_band

PER_PAGE = 24
# More values than anyone ticks by hand; a longer list is someone hammering the database.
MOST_VALUES_PER_FACET = 20
# Tags and practices are open-ended lists: the commonest are offered, plus any already ticked.
OPEN_OPTIONS_SHOWN = 25

PRACTICES = "practices"
STORIES = "stories"
LIBRARY_PAGE_TYPES = (PracticeIndexPage, PracticePage, StoryPage, CollectionPage)
# Wagtail's page actions that make someone a curator of the library.
PAGE_ACTIONS = ["add", "change", "publish"]


def listed_pages_q(through: str = "") -> Q:
    """Pages in a private section of the site (under a Wagtail view restriction): what
    `PageQuerySet.public()` excludes. A subquery rather than a list read first, so leaving
    them out costs no query of its own. With `through`, the pages at the end of that foreign
    key ("practice", "story") instead."""
    prefix = f"{through}__" if through else ""
    # A restriction on the page itself or an ancestor: its path starts the page's path.
    over = PageViewRestriction.objects.filter(
        page__depth__lte=OuterRef(f"{prefix}depth"),
        page__path=Substr(OuterRef(f"{prefix}path"), 1, F("page__depth") * Page.steplen),
    )
    return Q(Exists(over))


def _private_sections() -> list[tuple[str, int]]:
    return list(PageViewRestriction.objects.values_list("page__path", "page__depth"))


def is_listed(page) -> bool:
    """Whether `page` is outside every private section: `listed_pages_q()` for one page in
    hand."""
    return not any(
        page.path.startswith(path) and page.depth >= depth for path, depth in _private_sections()
    )


def page_lets_in(page, request) -> bool:
    """Whether `request` may open the live `page` as far as private sections go: Wagtail's own
    test before it serves a page, every restriction over it accepting."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def curates_library(user) -> bool:
    """People who may work on the library's pages: editors, not hosts, whose page rights cover
    only the gatherings. The library's listings (drafts in review included) are for them."""
    library = PracticeIndexPage.objects.first() or Page.get_first_root_node()
    return page_permission_policy.user_has_any_permission_for_instance(user, PAGE_ACTIONS, library)


def library_pages_seen_in_admin(user) -> QuerySet[Page]:
    """The library's pages a person sees in the Wagtail admin (explorer, chooser, API, history,
    previews): all of them, drafts and members' stories in review included, for those who curate
    the library; for everyone else (a host choosing a practice for an agenda) what the site
    shows anyone, published and outside private sections."""
    pages = Page.objects.type(*LIBRARY_PAGE_TYPES)
    if curates_library(user):
        return pages
    return pages.live().exclude(listed_pages_q())


def visible_practices() -> QuerySet[PracticePage]:
    """Practices anyone may see: published and not in a private section."""
    return PracticePage.objects.live().exclude(listed_pages_q())


def visible_stories() -> QuerySet[StoryPage]:
    """Stories anyone may see: published (so never one still in review) and not private."""
    return StoryPage.objects.live().exclude(listed_pages_q())


def published_since(since) -> tuple[int, int]:
    """How many practices and how many stories anyone may see went live after `since`, in
    one query (counted by page type)."""
    practice_type, story_type = (
        ContentType.objects.get_for_model(model).pk for model in (PracticePage, StoryPage)
    )
    counts = dict(
        Page.objects.live()
        .exclude(listed_pages_q())
        .filter(content_type__in=[practice_type, story_type], first_published_at__gt=since)
        .order_by()
        .values_list("content_type")
        .annotate(total=Count("pk"))
    )
    return counts.get(practice_type, 0), counts.get(story_type, 0)


# What a card of a practice or a story shows (and its address needs), for lists that show
# nothing else: the rest of each page, its long text above all, stays in the database.
PRACTICE_CARD_FIELDS = (
    "title",
    "url_path",
    "summary",
    "kind",
    "span",
    "minutes_min",
    "minutes_max",
)
STORY_CARD_FIELDS = ("title", "url_path", "summary", "place")


def most_used_practices() -> QuerySet[PracticePage]:
    """Practices anyone may see as cards, the most used first (by the stories that tell of
    using them), then by title. The count is a subquery per practice rather than a join
    grouped by every column of the page, so a short list of the top few stays cheap."""
    uses = (
        StoryPractice.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        visible_practices()
        .only(*PRACTICE_CARD_FIELDS)
        .annotate(stories=Coalesce(Subquery(uses, output_field=IntegerField()), 0))
        .order_by("-stories", "title")
    )


def visible_through(relation: str) -> Q:
    """Rows whose page at the end of the foreign key `relation` anyone may see. A join, not
    `relation__in=<subquery>`: SQLite plans the join well and the subquery very badly."""
    return Q(**{f"{relation}__live": True}) & ~listed_pages_q(relation)


# Time bands ----------------------------------------------------------------------------------


def _longest(lookup: str, minutes: int) -> Q:
    """Practices whose longest time compares to `minutes` by `lookup`. The longest time is the
    upper bound when there is one, else the lower, as `PracticePage.time_band` reads it."""
    return (Q(minutes_max__gt=0) & Q(**{f"minutes_max__{lookup}": minutes})) | (
        ~Q(minutes_max__gt=0) & Q(**{f"minutes_min__{lookup}": minutes})
    )


def _time_bands() -> list[tuple[str, str, Q]]:
    """(value, label, condition) for each band `PracticePage.time_band` can show: each band
    runs up to and including its limit. Values are the labels' slugs, in links."""
    timed = ~Q(span__in=list(SPAN_BANDS))
    bands, shortest = [], None
    for limit, label in TIME_BANDS:
        condition = timed & _longest("lte", limit)
        if shortest is not None:
            condition &= _longest("gt", shortest)
        bands.append((slugify(label), label, condition))
        shortest = limit
    bands.append((slugify(LONGEST_BAND), LONGEST_BAND, timed & _longest("gt", shortest)))
    for span, label in SPAN_BANDS.items():
        bands.append((slugify(label), label, Q(span=span)))
    return bands


TIME_BAND_CHOICES = [(value, label) for value, label, _ in _time_bands()]


# How settled the situation is: which traditions and ways of taking part suit it. A practice
# fits when it comes from one of the traditions or involves people in one of the ways.
SITUATIONS = {
    "settled": (
        "Fairly settled: people broadly agree on the problem",
        ["system-dynamics", "improvement"],
        ["analyst-led"],
    ),
    "contested": (
        "Contested: people see it very differently",
        ["soft-systems", "critical-systems", "participatory-and-dialogic"],
        ["co-designed", "co-produced-with-people-with-lived-experience"],
    ),
}


def _through(model, relation: str):
    """The table behind a many-to-many field, with the names of its two foreign keys."""
    m2m = model._meta.get_field(relation)
    return m2m.remote_field.through, m2m.m2m_field_name(), m2m.m2m_reverse_field_name()


def _having(model, relation: str, lookup: str, values) -> Q:
    """Pages whose many-to-many `relation` includes any of `values` (by `lookup` on the far
    side). A subquery on the link table, so results never come back twice."""
    through, source, target = _through(model, relation)
    return Q(pk__in=through.objects.filter(**{f"{target}__{lookup}__in": values}).values(source))


def _situation(slug: str) -> Q:
    _, traditions, participation = SITUATIONS[slug]
    return _having(PracticePage, "traditions", "slug", traditions) | _having(
        PracticePage, "participation", "slug", participation
    )


def fits_group(people: int) -> Q:
    """Practices that work with this many people; one that gives no limit is no bar."""
    return (Q(group_min__isnull=True) | Q(group_min__lte=people)) & (
        Q(group_max__isnull=True) | Q(group_max__gte=people)
    )


# Facets ----------------------------------------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetCounts:
    """One facet as the page shows it: its options with their counts, and the form field
    that renders them as checkboxes."""

    name: str
    label: str
    options: list[Option]
    main: bool = False
    field: object = None

    @property
    def selected(self) -> list[Option]:
        return [option for option in self.options if option.selected]

    @property
    def open(self) -> bool:
        return self.main or bool(self.selected)


def _label_fields(vocabulary) -> list[str]:
    """The fields that name an option of a vocabulary, as its `__str__` does: a competency
    by its code and title, anything else (a tag too) by its name."""
    return ["code", "title"] if vocabulary is Competency else ["name"]


def option_name_sql(vocabulary, alias: str) -> str:
    """An option of a vocabulary (curated, or tags) named in SQL as its `__str__` names it
    (the `_label_fields`, spaced), from the row of its table called `alias`."""
    q = connection.ops.quote_name
    return " || ' ' || ".join(
        f"{alias}.{q(vocabulary._meta.get_field(name).column)}"
        for name in _label_fields(vocabulary)
    )


class ModelFacet:
    """A facet editors curate (purposes, traditions, sectors...): a many-to-many field of the
    listed pages, named in links by slug (competencies by code). Every option is counted in
    one query on the facet's own table."""

    def __init__(self, name, relation, *, model=PracticePage, key="slug", main=False):
        self.name, self.relation, self.model, self.key, self.main = name, relation, model, key, main
        self.vocabulary = model._meta.get_field(relation).related_model

    def known(self, values) -> QuerySet:
        """The options named by `values`, annotated with the name used in links as `key`."""
        return self.vocabulary.objects.filter(**{f"{self.key}__in": values}).annotate(
            key=F(self.key)
        )

    def condition(self, ids) -> Q:
        return _having(self.model, self.relation, "pk", ids)

    def counting_sql(self, counted: str) -> tuple[str, list]:
        """Every option with how many of the pages in the named set `counted` have it: one
        member of `_count_options`' statement. Options no page has count 0 (a chosen one
        still shows)."""
        q = connection.ops.quote_name
        field = self.model._meta.get_field(self.relation)
        through = field.remote_field.through._meta
        source = through.get_field(field.m2m_field_name()).column
        target = through.get_field(field.m2m_reverse_field_name()).column
        vocabulary = self.vocabulary._meta
        label = option_name_sql(self.vocabulary, "o")
        key, order = (
            q(vocabulary.get_field(self.key).column),
            q(vocabulary.get_field("order").column),
        )
        pk = q(vocabulary.pk.column)
        sql = (
            # Names from the models, values as parameters: nothing a reader typed.
            f"SELECT %s, o.{pk}, o.{key}, {label}, o.{order}, COUNT(l.{q(source)}) "  # noqa: S608
            f"FROM {q(vocabulary.db_table)} o LEFT JOIN {q(through.db_table)} l "
            f"ON l.{q(target)} = o.{pk} AND l.{q(source)} IN (SELECT pk FROM {counted}) "
            f"GROUP BY o.{pk}, o.{key}, {label}, o.{order}"
        )
        return sql, [self.name]

    def read(self, rows, selected: dict) -> list[Option]:
        """The options from this facet's rows of `counting_sql`, in the vocabulary's order."""
        chosen = set(selected.values())
        return [
            Option(key, label, hits, pk in chosen)
            for pk, key, label, _, hits in sorted(rows, key=lambda row: (row[3], row[2]))
        ]


class OpenFacet:
    """A facet anyone can add to (tags), or as long as the library (the practices a story
    used), linked through `through` from its `owner` (the listed page) to its `target`. The
    commonest options among the results, and those already chosen, in one query."""

    def __init__(self, name, through, owner, target, *, label_field, main=False):
        self.name, self.through, self.owner, self.target = name, through, owner, target
        self.label_field, self.main = label_field, main

    def known(self, values) -> QuerySet:
        # Only practices anyone may read can be named, so a link cannot reveal a draft's title.
        options = visible_practices() if self.target == "practice" else Tag.objects.all()
        return options.filter(slug__in=values).annotate(key=F("slug"))

    def condition(self, ids) -> Q:
        links = self.through.objects.filter(**{f"{self.target}__in": ids})
        return Q(pk__in=links.values(self.owner))

    def counting_sql(self, counted: str, selected: dict, listed: str) -> tuple[str, list]:
        """The OPEN_OPTIONS_SHOWN commonest options among the pages in the named set
        `counted`, those already chosen first: one member of `_count_options`' statement.
        Practices are offered only from the named set `listed` of practices anyone may see
        (a story may name one that is now a draft or private)."""
        q = connection.ops.quote_name
        through = self.through._meta
        target_field = through.get_field(self.target)
        target = target_field.related_model._meta
        # The slug and the label may live on a parent's table (a practice's on Page's).
        label_field = target.get_field(self.label_field.split("__")[-1])
        table = label_field.model._meta
        owner, target_id = q(through.get_field(self.owner).column), q(target_field.column)
        label, slug = q(label_field.column), q(target.get_field("slug").column)
        ids = list(selected.values())
        order = f"hits DESC, o.{label}"
        if ids:  # the chosen first
            marks = ", ".join(["%s"] * len(ids))
            order = f"CASE WHEN l.{target_id} IN ({marks}) THEN 0 ELSE 1 END, {order}"
        visible = ""
        if self.target == "practice":
            visible = f" AND l.{target_id} IN (SELECT pk FROM {listed})"  # noqa: S608
        sql = (
            # Names from the models, values as parameters: nothing a reader typed.
            f"SELECT * FROM (SELECT %s AS facet, l.{target_id}, o.{slug}, o.{label}, 0, "  # noqa: S608
            f"COUNT(*) AS hits FROM {q(through.db_table)} l "
            f"JOIN {q(table.db_table)} o ON o.{q(table.pk.column)} = l.{target_id} "
            f"WHERE l.{owner} IN (SELECT pk FROM {counted}){visible} "
            f"GROUP BY l.{target_id}, o.{slug}, o.{label} "
            f"ORDER BY {order} LIMIT {OPEN_OPTIONS_SHOWN}) AS {q(self.name)}"
        )
        return sql, [self.name, *ids]

    def read(self, rows, selected: dict) -> list[Option]:
        """The options from this facet's rows of `counting_sql`, commonest first."""
        ids = set(selected.values())
        # A union keeps no order of its own; a stable sort keeps the database's by label.
        rows = sorted(rows, key=lambda row: (row[0] not in ids, -row[4]))
        return [Option(slug, label, hits, pk in ids) for pk, slug, label, _, hits in rows]


class ChoiceFacet:
    """A facet with fixed options, each a condition on the practice itself (kind, time band,
    how it works). Its options are counted in one query, shared with the other such facets
    that count against the same results (`_count_fixed`). When it is given the `columns` its
    options depend on, and `values_of`, which options a row of those columns is in (as the
    conditions would find), the database groups the results by those columns and the options
    are counted from the few distinct rows: many filtered counts cost more to build than to
    run. Without them each option is counted by its condition."""

    def __init__(self, name, choices, *, main=False, columns=(), values_of=None):
        self.name, self.choices, self.main = name, choices, main
        self.columns, self.values_of = list(columns), values_of

    def recognise(self, values) -> dict:
        known = {value for value, _, _ in self.choices}
        return {value: value for value in values if value in known}

    def condition(self, values) -> Q:
        condition = Q()
        for value, _, when in self.choices:
            if value in values:
                condition |= when
        return condition

    def counters(self) -> dict:
        return {
            f"{self.name}_{i}": Count("pk", filter=when)
            for i, (_, _, when) in enumerate(self.choices)
        }

    def read(self, counts: dict, selected: dict) -> list[Option]:
        return [
            Option(value, label, counts[f"{self.name}_{i}"], value in selected)
            for i, (value, label, _) in enumerate(self.choices)
        ]

    def tally(self, rows: list[dict]) -> dict:
        """`counters`' answers from rows grouped by `columns`, each with its `results`."""
        index = {value: i for i, (value, _, _) in enumerate(self.choices)}
        counts = {f"{self.name}_{i}": 0 for i in range(len(self.choices))}
        for row in rows:
            for value in self.values_of(row):
                counts[f"{self.name}_{index[value]}"] += row["results"]
        return counts

    def options(self, matching: QuerySet, selected: dict) -> list[Option]:
        return self.read(matching.aggregate(**self.counters()), selected)


def _band_of(row) -> list[str]:
    band = time_band(row["span"], row["minutes_min"], row["minutes_max"])
    return [slugify(band)] if band else []


# In the order the filters are shown: purpose and phase, the main ways in, first.
PRACTICE_FACETS = [
    ModelFacet("purpose", "purposes", main=True),
    ModelFacet("phase", "phases", main=True),
    ChoiceFacet(
        "situation",
        [(value, label, _situation(value)) for value, (label, _, _) in SITUATIONS.items()],
    ),
    ModelFacet("tradition", "traditions"),
    ModelFacet("scale", "scales"),
    ModelFacet("participation", "participation"),
    ModelFacet("sector", "sectors"),
    ModelFacet("competency", "competencies", key="code"),
    ChoiceFacet(
        "kind",
        [(value, label, Q(kind=value)) for value, label in PracticePage.Kind.choices],
        columns=["kind"],
        values_of=lambda row: [row["kind"]],
    ),
    ChoiceFacet(
        "mode",
        [(name, label, Q(**{name: True})) for name, label in MODES],
        columns=[name for name, _ in MODES],
        values_of=lambda row: [name for name, _ in MODES if row[name]],
    ),
    ChoiceFacet(
        "time",
        _time_bands(),
        columns=["span", "minutes_min", "minutes_max"],
        values_of=_band_of,
    ),
    OpenFacet("tag", TaggedPractice, "content_object_id", "tag", label_field="tag__name"),
]
STORY_FACETS = [
    ModelFacet("sector", "sectors", model=StoryPage, main=True),
    OpenFacet(
        "practice", StoryPractice, "story_id", "practice", label_field="practice__title", main=True
    ),
    ModelFacet("competency", "competencies", model=StoryPage, key="code"),
    OpenFacet("tag", TaggedStory, "content_object_id", "tag", label_field="tag__name"),
]
FACETS = {PRACTICES: PRACTICE_FACETS, STORIES: STORY_FACETS}
FACET_NAMES = list(dict.fromkeys(facet.name for facets in FACETS.values() for facet in facets))

SORTS = {
    PRACTICES: [("title", "A to Z"), ("newest", "Newest first"), ("most-used", "Most used")],
    STORIES: [("title", "A to Z"), ("newest", "Newest first")],
}


# The query string ------------------------------------------------------------------------------


class FacetCheckboxes(forms.CheckboxSelectMultiple):
    """A facet's options as checkboxes, as Django would write them but in Python: the library
    offers a hundred or more, and Django's own widget renders three templates for each."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in value or []}
        prefix = escape((attrs or {}).get("id") or f"id_{name}")
        name = escape(name)
        # Every value escaped as `format_html` would (the same entities), by the standard
        # library's escape: `format_html` for each of a hundred options cost more than the rest
        # of the form.
        options = "".join(
            f'<div><label for="{prefix}_{i}"><input type="checkbox" name="{name}" '
            f'value="{escape(str(option))}" id="{prefix}_{i}"'
            f"{' checked' if str(option) in chosen else ''}> {escape(str(label))}</label></div>"
            for i, (option, label) in enumerate(self.choices)
        )
        # Escaped above, every part a reader or an editor wrote.
        return mark_safe(f'<div id="{prefix}">{options}</div>')  # noqa: S308  # nosemgrep: mark-safe-on-a-variable


class FacetField(forms.MultipleChoiceField):
    """Any number of values of one facet, as checkboxes. Unknown values are dropped by
    `browse()` rather than refused here: a shared link keeps working after an editor renames
    an option. The options and their counts are filled in by `browse()`."""

    widget = FacetCheckboxes

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = [value]
        # Without NUL bytes, which PostgreSQL refuses in a query (a 500 for `?tag=%00`).
        cleaned = (str(item).replace("\x00", "").strip()[:100] for item in value or [])
        return list(dict.fromkeys(item for item in cleaned if item))[:MOST_VALUES_PER_FACET]

    def validate(self, value):
        pass


class LibraryFilters(forms.Form):
    """The library's query string. Every part is optional and a part that does not fit is
    ignored, so any link to the library shows something sensible."""

    q = forms.CharField(
        label="Search the library",
        required=False,
        # No max_length: a search too long is cut and said so (`read_search`), not dropped.
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    show = forms.ChoiceField(
        label="Show",
        choices=[(PRACTICES, "Practices"), (STORIES, "Stories")],
        required=False,
        widget=forms.RadioSelect,
    )
    sort = forms.CharField(label="Sort by", required=False, widget=forms.Select)
    purpose = FacetField(label="Purpose")
    phase = FacetField(label="Phase")
    situation = FacetField(label="How settled the situation is")
    tradition = FacetField(label="Tradition")
    scale = FacetField(label="Scale")
    participation = FacetField(label="How people take part")
    sector = FacetField(label="Sector")
    competency = FacetField(label="Competency")
    kind = FacetField(label="Kind")
    mode = FacetField(label="Works")
    time = FacetField(label="Time needed")
    tag = FacetField(label="Tags")
    practice = FacetField(label="Practices used")
    people = forms.IntegerField(
        label="How many people",
        help_text="Practices that work with a group this size.",
        required=False,
        min_value=1,
        max_value=10_000,
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data if data is not None else {}, **kwargs)
        show = self.data.get("show")
        self.shelf = STORIES if show == STORIES else PRACTICES
        if self.data.get("show") != self.shelf:
            self.data = self.data.copy()
            self.data["show"] = self.shelf
        # Without a search the first option is A to Z; with one it is the best match, so a
        # search typed on a sorted page still comes back best match first.
        sorts = SORTS[self.shelf]
        if (self.data.get("q") or "").strip():
            self.fields["sort"].widget.choices = [("", "Best match"), *sorts]
        else:
            self.fields["sort"].widget.choices = [("", sorts[0][1]), *sorts[1:]]
        self._sorts = {value for value, _ in sorts}

    def clean_sort(self):
        sort = self.cleaned_data.get("sort")
        return sort if sort in self._sorts else ""

    def valid_values(self) -> dict:
        """The parts of the query that are valid. The rest are dropped without a word: the
        page shows what it can rather than complaining about a link someone shared."""
        self.is_valid()
        self.errors.clear()
        return {name: value for name, value in self.cleaned_data.items() if value}


# Browsing --------------------------------------------------------------------------------------


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_query: str
    name: str = ""  # the part of the query it is: "q", "purpose", "people"...


@dataclass
class LibraryResults:
    """What the library shows for one query: a page of practices or stories, each facet's
    options with their counts, the filters in force, and the query as a shareable string."""

    shelf: str
    page_obj: ResultsPage
    facets: list[FacetCounts]
    active: list[ActiveFilter]
    query: str
    search: str = ""
    sort: str = ""
    # Why what was typed in the search box was not searched for as it stands.
    search_problem: str = ""

    @property
    def total(self) -> int:
        return self.page_obj.paginator.count

    @property
    def items(self) -> list:
        return list(self.page_obj.object_list)

    @property
    def showing_stories(self) -> bool:
        return self.shelf == STORIES

    @property
    def filters_chosen(self) -> int:
        """How many filters are in force beside the search, for the closed "Filters" control."""
        return sum(1 for active in self.active if active.name != "q")


def browse(
    filters: LibraryFilters,
    *,
    per_page: int = PER_PAGE,
    with_counts: bool = True,
    library_url: str | None = None,
) -> LibraryResults:
    """The practices (or, with `show=stories`, the stories) matching `filters`, a page at a
    time, with every facet's options counted against the other active filters, and the
    form's checkboxes labelled with those counts ("Map the system (12)"). Without
    `with_counts`, only the results (for suggestions that show no filters). Practices come as
    `PracticeCard`s linked from `library_url`, the library's address for this request (looked
    up when not given). Reads only.
    """
    values = filters.valid_values()
    shelf = filters.shelf
    search = read_search(values.get("q", ""))
    sort = values.get("sort", "")
    people = values.get("people") if shelf == PRACTICES else None
    state = _browse_state(filters, values, shelf, search, sort, people, with_counts)

    paginator = Paginator([], per_page)
    paginator.count = state.total  # counted with the facets, not again here
    number = paginator.get_page(values.get("page")).number
    offset = (number - 1) * per_page
    cards = _page_of_cards(shelf, state, people, sort, offset, per_page, library_url)
    page_obj = ResultsPage(cards, number, paginator)

    # A search that could not be used stays in the address, so it can be seen and removed.
    asked = search.words or search.typed[:LONGEST_SEARCH]
    pairs = _query_pairs(shelf, asked, sort, people, state.selected)
    counted = state.counted
    _label_form(filters, counted)
    return LibraryResults(
        shelf=shelf,
        page_obj=page_obj,
        facets=counted,
        active=_active(pairs, counted, asked, people),
        query=urlencode(pairs),
        search=search.words,
        sort=sort,
        search_problem=search.problem,
    )


@dataclass
class _BrowseState:
    """What `browse()` works out for one address: the options recognised in it (by facet, the
    value in the link mapped to its id), the search hits in order (None without a search),
    each facet's options with their counts, and how many results there are."""

    selected: dict[str, dict]
    hits: list[int] | None
    counted: list[FacetCounts]
    total: int


def _browse_state(
    filters, values, shelf, search: "Search", sort, people, with_counts
) -> _BrowseState:
    facets = FACETS[shelf]
    selected = _recognise(facets, values)
    hits = None
    if search.words:
        hits = _search(shelf, search.words, ranked=not sort)
    elif search.unusable:
        hits = []  # nothing could be searched for, so nothing was found: never everything
    base, conditions = _matching(shelf, selected, hits, people)
    if with_counts:
        counted, total = _count(filters, facets, base, conditions, selected)
    else:
        counted, total = [], base.filter(*conditions.values()).count()
    return _BrowseState(selected, hits, counted, total)


def _visible(shelf: str) -> QuerySet:
    return visible_practices() if shelf == PRACTICES else visible_stories()


def _matching(shelf, selected, hits, people) -> tuple[QuerySet, dict[str, Q]]:
    """The pages of `shelf` before the facets' conditions, and those conditions by facet."""
    base = _visible(shelf)
    if hits is not None:
        base = base.filter(pk__in=hits)
    if people:
        base = base.filter(fits_group(people))
    conditions = {
        facet.name: facet.condition(list(selected[facet.name].values()))
        for facet in FACETS[shelf]
        if selected[facet.name]
    }
    return base, conditions


def _page_of_cards(shelf, state: _BrowseState, people, sort, offset, limit, library_url) -> list:
    """One page of results, in order, as their cards. The database sorts and counts off the
    offset, with the indexes on the sorted columns; a practice's card comes from that same
    query."""
    base, conditions = _matching(shelf, state.selected, state.hits, people)
    listing = base.filter(*conditions.values())
    if state.hits and not sort:
        # Best match first: the search's own order, kept for the ids that pass the filters.
        # (Sorting in SQL needs a CASE of every hit, thousands of terms to build and compile
        # for a common word in a large library.)
        found = set(listing.values_list("pk", flat=True))
        ids = [pk for pk in state.hits if pk in found][offset : offset + limit]
        listing = base.model.objects.filter(pk__in=ids)
        order = {pk: position for position, pk in enumerate(ids)}
    else:
        listing = _ordered(listing, shelf, sort)[offset : offset + limit]
        order = None
    cards = practice_cards(listing, library_url) if shelf == PRACTICES else _story_cards(listing)
    if order is not None:
        cards.sort(key=lambda card: order[card.pk])
    return cards


@dataclass(frozen=True)
class PracticeCard:
    """A practice as a card in a list shows it (practice_card.html). A few columns, not the
    page: a page has some forty, a StreamField among them, and making pages of a page of
    results cost several times the query."""

    pk: int
    title: str
    url: str
    summary: str
    kind: str
    time_band: str
    purposes: list[str]
    traditions: list[str]


# What a practice card is made from: its link from the slug, its kind's label from the kind, its
# time band from the span and the minutes.
CARD_COLUMNS = ["pk", "title", "slug", "summary", "kind", "span", "minutes_min", "minutes_max"]
# The names a card lists under "For:" and "From:", each in its vocabulary's order.
CARD_LABELS = ["purposes", "traditions"]


def practice_cards(practices: QuerySet, library_url: str | None = None) -> list[PracticeCard]:
    """The cards of `practices` (a queryset, in its order), linked from `library_url`, the
    library's address: every practice is a child of the one library, so its address is the
    library's and its slug. Two queries."""
    rows = list(practices.values_list(*CARD_COLUMNS))
    if not rows:
        return []
    if library_url is None:
        library_url = _library_url()
    labels = _card_labels([row[0] for row in rows])
    kinds = dict(PracticePage.Kind.choices)
    return [
        PracticeCard(
            pk=pk,
            title=title,
            url=f"{library_url}{slug}/",
            summary=summary,
            kind=kinds.get(kind, kind),
            time_band=time_band(span, minutes_min, minutes_max),
            purposes=labels["purposes"].get(pk, []),
            traditions=labels["traditions"].get(pk, []),
        )
        for pk, title, slug, summary, kind, span, minutes_min, minutes_max in rows
    ]


def _library_url() -> str:
    library = PracticeIndexPage.objects.live().only("url_path").first()
    return (library and library.url) or "/practices/"


def _card_labels(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """For each of `CARD_LABELS`, the names each practice in `ids` has, in the vocabulary's
    order: one statement written out, as `ModelFacet.counting_sql` is."""
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(ids))
    selects, params = [], []
    for relation in CARD_LABELS:
        through, source, target = _through(PracticePage, relation)
        vocabulary = PracticePage._meta.get_field(relation).related_model._meta
        link = through._meta
        selects.append(
            # Names from the models, values as parameters: nothing a reader typed.
            f"SELECT %s, l.{q(link.get_field(source).column)}, o.{q('name')}, "  # noqa: S608
            f"o.{q('order')} FROM {q(link.db_table)} l JOIN {q(vocabulary.db_table)} o "
            f"ON o.{q(vocabulary.pk.column)} = l.{q(link.get_field(target).column)} "
            f"WHERE l.{q(link.get_field(source).column)} IN ({marks})"
        )
        params += [relation, *ids]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = cursor.fetchall()
    found = {relation: {} for relation in CARD_LABELS}
    for relation, pk, name, _ in sorted(rows, key=lambda row: (row[3], row[2])):
        found[relation].setdefault(pk, []).append(name)
    return found


def matches_on_other_shelf(results: LibraryResults) -> int:
    """How many stories (when showing practices) or practices (when showing stories) the same
    search finds, so a search never looks empty when the answer is on the other shelf. Counted
    only when this shelf found nothing: a second full-text search is the costliest query here."""
    if not results.search or results.total:
        return 0
    other = STORIES if results.shelf == PRACTICES else PRACTICES
    return _count_found(other, results.search)


def _count_found(shelf: str, search: str) -> int:
    pages = _visible(shelf)
    return pages.filter(pk__in=_search(shelf, search, ranked=False)).count()


def _count(filters, facets, base, conditions, selected) -> tuple[list[FacetCounts], int]:
    """Each facet's options, counted against the results of all the other conditions, and
    how many results there are. Two queries whatever is chosen (and one more for each fixed
    facet in use): the fixed options of every facet not in use in one aggregate with the
    total, and the curated facets and the tags (or practices used) in one statement."""
    matching = base.filter(*conditions.values())

    def others(facet):
        return base.filter(*[c for name, c in conditions.items() if name != facet.name])

    idle = [f for f in facets if isinstance(f, ChoiceFacet) and f.name not in conditions]
    shared = _count_fixed(matching, idle)
    counted_in_sql = [f for f in facets if not isinstance(f, ChoiceFacet)]
    rows = _count_options(counted_in_sql, matching, others, selected)
    counted = []
    for facet in facets:
        if facet in idle:
            options = facet.read(shared, {})
        elif isinstance(facet, ChoiceFacet):
            options = facet.options(others(facet), selected[facet.name])
        else:
            options = facet.read(rows.get(facet.name, []), selected[facet.name])
        options = [option for option in options if option.count or option.selected]
        label = filters.fields[facet.name].label
        counted.append(FacetCounts(facet.name, label, options, main=facet.main))
    return counted, shared["results"]


def _count_fixed(matching: QuerySet, facets: list[ChoiceFacet]) -> dict:
    """How many pages match, and the options of the fixed `facets` counted against them, as
    `ChoiceFacet.read` reads them: one query, grouped by the columns the facets that give
    them depend on (see `ChoiceFacet`), with the others' counts in each group."""
    grouped = [f for f in facets if f.values_of]
    columns = list(dict.fromkeys(column for facet in grouped for column in facet.columns))
    counters = {k: v for f in facets if not f.values_of for k, v in f.counters().items()}
    if not columns:
        return matching.aggregate(results=Count("pk"), **counters)
    rows = list(matching.order_by().values(*columns).annotate(results=Count("pk"), **counters))
    shared = {name: sum(row[name] for row in rows) for name in ["results", *counters]}
    for facet in grouped:
        shared |= facet.tally(rows)
    return shared


def _count_options(facets, matching: QuerySet, others, selected) -> dict[str, list[tuple]]:
    """The options of the curated and open `facets` with their counts, by facet: one
    statement. A facet not in use counts against `matching`, one in use against `others(it)`.
    Each set of pages counted against is written once, as a named subquery (WITH), from the
    ORM's SQL for it: building and compiling the same filtered queryset for every facet cost
    more than the database's work."""
    sets, named = [], {}

    def named_set(queryset) -> str:
        try:
            sql, params = queryset.values("pk").query.sql_with_params()
        except EmptyResultSet:  # e.g. a search that found nothing
            sql, params = "SELECT 0 WHERE 1 = 0", ()
        key = (sql, tuple(params))
        if key not in named:
            named[key] = f"counted_{len(named)}"
            sets.append((f"{named[key]}(pk) AS ({sql})", list(params)))
        return named[key]

    everything = named_set(matching)
    listed = None
    members = []
    for facet in facets:
        counted = named_set(others(facet)) if selected[facet.name] else everything
        if isinstance(facet, ModelFacet):
            members.append(facet.counting_sql(counted))
        else:
            if facet.target == "practice" and listed is None:
                listed = named_set(visible_practices())
            members.append(facet.counting_sql(counted, selected[facet.name], listed))
    if not members:
        return {}
    sql = "WITH " + ", ".join(s for s, _ in sets) + " " + " UNION ALL ".join(m for m, _ in members)
    params = [p for _, ps in sets for p in ps] + [p for _, ps in members for p in ps]
    rows = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, *row in cursor.fetchall():
            rows.setdefault(name, []).append(row)
    return rows


def _recognise(facets, values: dict) -> dict[str, dict]:
    """For each facet, the values in the query that name a real option, mapped to the id the
    conditions use. One query for all the facets together."""
    recognised = {facet.name: {} for facet in facets}
    lookups = []
    for facet in facets:
        wanted = values.get(facet.name)
        if not wanted:
            continue
        if isinstance(facet, ChoiceFacet):
            recognised[facet.name] = facet.recognise(wanted)
        else:
            lookups.append(
                facet.known(wanted)
                .order_by()
                .annotate(facet=Value(facet.name, output_field=CharField()))
                .values_list("facet", "key", "pk")
            )
    if lookups:
        first, *rest = lookups
        for name, value, pk in first.union(*rest, all=True) if rest else first:
            recognised[name][value] = pk
    return recognised


# A search is cut to this many characters, at a word, and this many words: longer ones are
# someone pasting a paragraph, and each word is a term of the full-text query.
LONGEST_SEARCH = 200
MOST_SEARCH_WORDS = 12
# Longer than the words of a language: a longer run of letters is not one, and is left out.
LONGEST_WORD = 40


@dataclass
class Search:
    """What a reader typed in the search box, the words the library searched for, and, when
    they differ, why (shown beside the results, so a search is never dropped in silence)."""

    typed: str = ""
    words: str = ""
    problem: str = ""

    @property
    def unusable(self) -> bool:
        """Something was typed but nothing in it can be searched for: no results, not all."""
        return bool(self.typed) and not self.words


def read_search(typed: str) -> Search:
    """The words of a search, without the punctuation that full-text query syntax would read
    as operators (an unmatched quote is an error in SQLite's), cut to `LONGEST_SEARCH`
    characters and `MOST_SEARCH_WORDS` words."""
    typed = typed.strip()[: LONGEST_SEARCH * 10]
    if not typed:
        return Search()
    found = re.findall(r"\w+", typed)
    if not found:
        return Search(
            typed,
            problem="A search needs letters or numbers, and there were none in it, "
            "so nothing was searched for.",
        )
    words, length = [], 0
    for word in [word for word in found if len(word) <= LONGEST_WORD][:MOST_SEARCH_WORDS]:
        length += len(word) + bool(words)
        if length > LONGEST_SEARCH:
            break
        words.append(word)
    search = Search(typed, " ".join(words))
    if len(words) < len(found):
        search.problem = (
            f"That search was too long to use whole (the most is {MOST_SEARCH_WORDS} words "
            f"of up to {LONGEST_WORD} letters, {LONGEST_SEARCH} characters in all), so "
            + ("only its start was searched for." if words else "nothing was searched for.")
        )
    return search


def _search(shelf: str, words: str, *, ranked: bool) -> list[int]:
    """The ids of the live pages Wagtail's search finds for `words` (PostgreSQL's full-text
    search on PostgreSQL, FTS5 on SQLite, both stemming English words so that "community"
    and "communities" find the same pages), best match first when `ranked`: ranking costs
    time, so it is skipped when the results are to be sorted otherwise. One query. Pages in
    private sections are among them: the search backend cannot read that subquery, so the
    callers keep to `_visible(shelf)` pages."""
    model = PracticePage if shelf == PRACTICES else StoryPage
    if connection.vendor == "postgresql":
        return _search_index(model, words, ranked=ranked)
    # Private pages are left out by the callers (above).
    pages = model.objects.live()  # nosemgrep: live-pages-without-the-visibility-filter
    return [page.pk for page in pages.only("pk").search(words, order_by_relevance=ranked)]


def _search_index(model, words: str, *, ranked: bool) -> list[int]:
    """`_search` on PostgreSQL, asked of Wagtail's search index alone: the ids of the pages of
    `model` whose entry's title and body together have every word, ranked as Wagtail ranks
    them (the title's rank by its weight, plus the body's). Wagtail's own query joins every
    page to its entry and tests only the title and body joined into one text, which no index
    can answer: it read the whole index table for each search. Here the title or the body
    must first have one of the words, which their GIN indexes answer, and only those few
    entries are tested whole. Drafts are among the ids too: the callers keep to
    `_visible(shelf)` pages."""
    config = getattr(get_search_backend(), "config", None)
    every_word = SearchQuery(words, config=config, search_type="plain")
    # The words are letters and digits only (`read_search`), so "or" between them is the
    # only operator; an "or" typed as a word is a stop word, which no query keeps.
    any_word = SearchQuery(" or ".join(words.split()), config=config, search_type="websearch")
    # The title and body as one text, as Wagtail's own query tests them.
    text = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
    entries = (
        IndexEntry.objects.filter(
            Q(title=any_word) | Q(body=any_word),
            content_type=ContentType.objects.get_for_model(model),
        )
        .alias(text=text)
        .filter(text=every_word)
    )
    if ranked:
        weights = get_sql_weights()
        rank = SearchRank(F("title"), every_word, weights=weights) * F("title_norm") + SearchRank(
            F("body"), every_word, weights=weights
        )
        entries = entries.order_by(rank.desc(), Cast("object_id", IntegerField()).desc())
    return [int(pk) for pk in entries.values_list("object_id", flat=True)]


def _ordered(listing: QuerySet, shelf: str, sort: str) -> QuerySet:
    if sort == "newest":
        return listing.order_by(F("first_published_at").desc(nulls_last=True), "-pk")
    if sort == "most-used" and shelf == PRACTICES:
        return listing.annotate(use_count=use_count()).order_by("-use_count", Lower("title"), "pk")
    return listing.order_by(Lower("title"), "pk")


def use_count():
    """How much a practice is used: stories anyone can read that used it, and members who said
    "I used this". Subqueries, so that sorting by it needs no grouping of the whole page."""
    stories = (
        StoryPractice.objects.filter(visible_through("story"), practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    members = (
        PracticeUse.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(stories, output_field=IntegerField()), 0) + Coalesce(
        Subquery(members, output_field=IntegerField()), 0
    )


# The fields a story's card shows (story_card.html), with what its link is made from: a page
# has some forty columns, and loading them all for every card of a page of results cost more
# than the query.
STORY_CARD_FIELDS = ["title", "url_path", "summary", "place", "image"]


def _story_cards(stories: QuerySet) -> list[StoryPage]:
    """The stories with what their cards show, fetched for the whole page at once."""
    stories = stories.only(*STORY_CARD_FIELDS)
    used = StoryPractice.objects.filter(visible_through("practice")).select_related("practice")
    return list(
        stories.prefetch_related(
            Prefetch("image", queryset=get_image_model().objects.prefetch_renditions()),
            Prefetch("sectors", queryset=Sector.objects.only("name", "slug", "order")),
            Prefetch(
                "practices_used",
                queryset=used.only(
                    "story_id", "sort_order", "practice__title", "practice__url_path"
                ),
                to_attr="listed_practices_used",
            ),
        )
    )


def _query_pairs(shelf, search, sort, people, selected) -> list[tuple[str, str]]:
    """The query in a fixed order with only what was recognised: the address to share."""
    pairs = []
    if search:
        pairs.append(("q", search))
    if shelf == STORIES:
        pairs.append(("show", STORIES))
    for name in FACET_NAMES:
        pairs += [(name, value) for value in selected.get(name, {})]
    if people:
        pairs.append(("people", str(people)))
    if sort:
        pairs.append(("sort", sort))
    return pairs


def _active(pairs, counted: list[FacetCounts], search: str, people) -> list[ActiveFilter]:
    """The filters in force, each with the query that removes it."""
    labels = {
        (facet.name, option.value): (facet.label, option.label)
        for facet in counted
        for option in facet.options
    }
    labels[("q", search)] = ("Search", f"“{search}”")
    labels[("people", str(people))] = ("Group size", f"{people} people")
    active = []
    for pair in pairs:
        if pair in labels:
            rest = [other for other in pairs if other != pair]
            active.append(ActiveFilter(*labels[pair], urlencode(rest), name=pair[0]))
    return active


def _label_form(filters: LibraryFilters, counted: list[FacetCounts]) -> None:
    for facet in counted:
        form_field = filters.fields[facet.name]
        form_field.choices = [
            (option.value, f"{option.label} ({option.count})") for option in facet.options
        ]
        facet.field = filters[facet.name]


def library_filters(**answers: Iterable | str | int) -> LibraryFilters:
    """A `LibraryFilters` from keyword arguments, as if read from a query string:
    `library_filters(purpose=["map-the-system"], time=["half-a-day"], people=12)`."""
    data = QueryDict(mutable=True)
    for name, value in answers.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, str | int):
            data[name] = str(value)
        else:
            data.setlist(name, [str(item) for item in value])
    return LibraryFilters(data)


def first_collection_for(practices: list[PracticeCard]) -> CollectionPage | None:
    """The live collection whose steps include the most of these practices; the first
    collection in the library when none does. One query."""
    ids = [practice.pk for practice in practices]
    return _best_collection(ids)


def _best_collection(ids: list[int]) -> CollectionPage | None:
    return (
        CollectionPage.objects.live()
        .exclude(listed_pages_q())
        .annotate(hits=Count("steps", filter=Q(steps__practice__in=ids)))
        .order_by("-hits", "path")
        .first()
    )


# Glossary and resources ------------------------------------------------------------------------


@dataclass
class Letter:
    letter: str
    concepts: list[Concept]


def glossary() -> list[Letter]:
    """The shared vocabulary A to Z, grouped by first letter, each concept with the practices
    anyone may read that use it (as `concept.listed_practices`). Three queries."""
    practices = visible_practices().defer_streamfields().order_by(Lower("title"))
    concepts = Concept.objects.order_by(Lower("name")).prefetch_related(
        Prefetch("practices", queryset=practices, to_attr="listed_practices")
    )
    return [
        Letter(letter, list(group))
        for letter, group in groupby(concepts, key=lambda concept: _initial(concept.name))
    ]


def _initial(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() else "#"


class ResourceFilters(forms.Form):
    """The resources page's query string; values that do not fit are ignored."""

    sector = forms.ModelChoiceField(
        label="Sector",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any sector",
    )
    funding = forms.ChoiceField(
        label="Which funds",
        choices=[("open", "Open now"), ("all", "All, including closed")],
        required=False,
    )
    free = forms.BooleanField(label="Only reading that is free to read", required=False)

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)

    def valid_values(self) -> dict:
        self.is_valid()
        self.errors.clear()
        return {name: value for name, value in self.cleaned_data.items() if value}


def funding_sources(*, sector: Sector | None = None, open_now: bool = True, today=None):
    """Funding sources, soonest deadline first and rolling ones last. `open_now` keeps those
    whose deadline is today or later, or that are rolling (no deadline). With a `sector`, funds
    for that sector and those naming no sector, which are open to every sector."""
    sources = FundingSource.objects.prefetch_related("sectors")
    if sector is not None:
        links = FundingSource.sectors.through.objects
        sources = sources.filter(
            Q(pk__in=links.filter(sector=sector).values("fundingsource_id"))
            | ~Q(pk__in=links.values("fundingsource_id"))
        )
    if open_now:
        today = today or timezone.localdate()
        sources = sources.filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
    return sources.order_by(F("deadline").asc(nulls_last=True), "funder", "name")


def readings(*, free_only: bool = False):
    """Further reading A to Z, each with the practices anyone may read that it is about (as
    `reading.listed_practices`)."""
    practices = visible_practices().defer_streamfields().order_by(Lower("title"))
    found = Reading.objects.prefetch_related(
        Prefetch("practices", queryset=practices, to_attr="listed_practices")
    ).order_by(Lower("title"))
    return found.filter(free_to_read=True) if free_only else found


__all__ = [
    "PER_PAGE",
    "ActiveFilter",
    "FacetCounts",
    "LibraryFilters",
    "LibraryResults",
    "Option",
    "PracticeCard",
    "ResourceFilters",
    "browse",
    "first_collection_for",
    "fits_group",
    "funding_sources",
    "glossary",
    "library_filters",
    "listed_pages_q",
    "readings",
    "use_count",
    "visible_practices",
    "visible_stories",
]
