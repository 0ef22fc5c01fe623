"""What a practice page and a story page show, each built with a fixed number of SQL queries
however many stories, relations and members the library holds.

The page models call these from `get_context`; nothing here changes anything. Pages a reader may
not know about (drafts, pages in a private section) never appear in a list, and members appear
only as `Profile.objects.visible_to(viewer)` allows.
"""

import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks
from wagtail.models import Page

from members.faces import FACE_FIELDS
from members.models import Profile
from members.models.profile import is_verified_member

from .library import listed_pages_q, option_name_sql
from .models import (
    Competency,
    PracticePage,
    PracticeRelation,
    PracticeUse,
    SavedPractice,
    StoryPage,
    StoryPractice,
    TaggedPractice,
)
from .value import ValueCycle

# Enough to show a practice is in use without turning its page into a directory.
MEMBERS_SHOWN = 12
STORIES_SHOWN = 24

ATTRIBUTION_IN_WORDS = {
    PracticePage.Attribution.DOCUMENTED: "Documented: the originators and year are set out in "
    "the key sources.",
    PracticePage.Attribution.COMMONLY_ATTRIBUTED: "Commonly attributed: this is who the practice "
    "is usually credited to, but we have not found it documented first-hand.",
    PracticePage.Attribution.CONTESTED: "Contested: more than one origin is claimed; the key "
    "sources give the different accounts.",
}

# The facets a practice is tagged with, in the order the page lists them, with the name of the
# library's filter each one links to (`/practices/?purpose=<slug>`).
PRACTICE_FACETS = [
    ("Purposes", "purposes", "purpose"),
    ("Phases", "phases", "phase"),
    ("Traditions", "traditions", "tradition"),
    ("Scales", "scales", "scale"),
    ("Participation", "participation", "participation"),
    ("Sectors", "sectors", "sector"),
]


# The other words a practice page lists, each linking on: concepts to the glossary,
# competencies and tags to the library.
PRACTICE_LABELS = ["concepts", "competencies", "tags"]


@dataclass(frozen=True)
class Label:
    """A purpose, concept, tag... as a practice page links to it: its name, and the slug the
    link names it by (a competency's code)."""

    name: str
    slug: str

    @property
    def code(self) -> str:
        return self.slug

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class FacetLink:
    name: str
    url: str


@dataclass(frozen=True)
class Facet:
    label: str
    links: list[FacetLink]


@dataclass(frozen=True)
class PageLink:
    """A page in a list on another page."""

    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class RelatedGroup:
    """Practices related to this one in the same way, e.g. "Often followed by"."""

    label: str
    practices: list[PageLink]


@dataclass(frozen=True)
class Person:
    """A member or author as this viewer may see them: a link only when their profile is
    visible to the viewer, otherwise their name as plain text; with their profile, for their
    avatar, on the same condition."""

    name: str
    url: str = ""
    profile: Profile | None = None


@dataclass(frozen=True)
class Usage:
    """Where else a practice was used (gatherings, circles), contributed by a higher app.

    `practices` may not import the apps above it, so they register `func(practice, viewer)`
    for the Wagtail hook `convening_practice_usage` (README, "Extension points: hooks"): it
    returns a `Usage`, or None to show nothing. It must run a fixed number of queries and list
    only what the viewer may see."""

    title: str
    count: int
    links: list[FacetLink] = field(default_factory=list)


# Practice pages ------------------------------------------------------------------------------


def practice_page_context(page: PracticePage, viewer, *, preview: bool = False) -> dict:
    """Everything a practice page shows beyond its own fields, for `viewer` (a user, possibly
    anonymous). Reads only. Runs the same number of queries whether the practice is used in
    five stories or five thousand; an unsaved page (a new page's preview) shows no stories,
    members or incoming relations, because none can point at it yet. A `preview` shows the
    editor's unsaved purposes, tags... rather than the stored ones."""
    stored = page.pk is not None
    member = is_verified_member(viewer)
    shared = _for_viewer(page, viewer, _practice_shared(page, preview=preview))
    own = PracticeUse.objects.filter(practice=page, member=viewer) if member and stored else None
    return {
        **shared,
        "facts": practice_facts(page),
        "materials": materials_of(page),
        "can_record": member,
        "saved": bool(
            member
            and stored
            and SavedPractice.objects.filter(practice=page, member=viewer).exists()
        ),
        "own_use": own.first() if own is not None else None,
        "attribution_in_words": ATTRIBUTION_IN_WORDS.get(page.attribution, ""),
        "library_url": library_url(page),
        "json_ld": json_ld_script(practice_how_to(page)),
    }


def _for_viewer(page: PracticePage, viewer, shared: dict) -> dict:
    """What every reader sees, with the members who use the practice and the gatherings that
    used it as far as `viewer` may see them."""
    return {
        **shared,
        **_practice_people(page, viewer),
        "usages": [
            usage
            for func in hooks.get_hooks("convening_practice_usage")
            if (usage := func(page, viewer))
        ],
    }


def _practice_shared(page: PracticePage, *, preview: bool) -> dict:
    """What a practice page shows every reader alike."""
    stories, story_count = [], 0
    use_count = 0
    if page.pk is not None:
        listed = listed_pages()
        uses = (
            StoryPractice.objects.filter(practice=page, story__in=listed.values("pk"))
            .select_related("story")
            .only("story__title", "story__url_path", "story__summary")
            .annotate(total=Window(Count("pk")))
            .order_by("-story__first_published_at", "story__title")
        )
        for use in uses[:STORIES_SHOWN]:
            story = use.story
            stories.append(PageLink(story.title, story.url, story.summary))
            story_count = use.total
        use_count = PracticeUse.objects.filter(practice=page, member__is_active=True).count()
    labels = practice_labels(page, stored=page.pk is not None and not preview)
    return {
        "facets": practice_facets(page, labels),
        **{relation: labels[relation] for relation in PRACTICE_LABELS},
        "related": related_practices(page, stored=page.pk is not None and not preview),
        "stories": stories,
        "story_count": story_count,
        "use_count": use_count,
    }


def _practice_people(page: PracticePage, viewer) -> dict:
    """The members who use the practice, and its steward, as `viewer` may see them."""
    users, visible_user_count = [], 0
    if page.pk is not None:
        profiles = (
            Profile.objects.visible_to(viewer)
            .filter(user__practice_uses__practice=page)
            .only(*FACE_FIELDS)
            .annotate(total=Window(Count("pk")))
            .order_by("display_name", "pk")
        )
        for profile in profiles[:MEMBERS_SHOWN]:
            users.append(_person(profile, visible=True))
            visible_user_count = profile.total
    return {
        "users": users,
        "visible_user_count": visible_user_count,
        "steward": people_as_seen_by(viewer, [page.steward_id]).get(page.steward_id),
    }


def practice_facts(page: PracticePage) -> list[Fact]:
    """The summary box at the top of a practice: what kind it is, how long, how many people,
    over what span, in which modes, and the experience needed to run it."""
    facts = [Fact("Kind", page.get_kind_display())]
    # The minutes the editor gave, when there are any. The band is for comparing in the
    # library; beside the minutes it read as a contradiction ("30 to 90 minutes (20 to 45
    # minutes)").
    if time := minutes_range(page.minutes_min, page.minutes_max) or page.time_band:
        facts.append(Fact("Time", time))
    if group := group_size(page.group_min, page.group_max):
        facts.append(Fact("Group size", group))
    facts.append(Fact("Span", page.get_span_display()))
    if page.modes:
        facts.append(Fact("Works", ", ".join(page.modes)))
    facts.append(Fact("Experience needed", page.get_experience_display()))
    return facts


def practice_labels(page: PracticePage, *, stored: bool = True) -> dict[str, list[Label]]:
    """The practice's purposes, phases... concepts, competencies and tags, each list in its
    vocabulary's order. As stored, in one query; otherwise (a preview) as the editor left
    them on the page in hand."""
    relations = [attribute for _, attribute, _ in PRACTICE_FACETS] + PRACTICE_LABELS
    if not stored:
        return {
            relation: [_label(item) for item in getattr(page, relation).all()]
            for relation in relations
        }
    selects = [_stored_labels_sql(relation) for relation in relations]
    # One statement written out: as a union of nine querysets, building and compiling them
    # cost several times what the database does.
    sql = " UNION ALL ".join(selects)
    params = [value for relation in relations for value in (relation, page.pk)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {relation: [] for relation in relations}
    for relation, name, slug, _ in sorted(rows, key=lambda row: (row[3], row[1])):
        found[relation].append(Label(name, slug))
    return found


def _label(item) -> Label:
    return Label(str(item), item.code if isinstance(item, Competency) else item.slug)


def _stored_labels_sql(relation: str) -> str:
    """A SELECT of (relation, name, slug, position) for one of `practice_labels`' relations,
    with two parameters: the relation's name and the practice's id."""
    q = connection.ops.quote_name
    if relation == "tags":
        through = TaggedPractice._meta
        source, target = through.get_field("content_object"), through.get_field("tag")
    else:
        field = PracticePage._meta.get_field(relation)
        through = field.remote_field.through._meta
        source = through.get_field(field.m2m_field_name())
        target = through.get_field(field.m2m_reverse_field_name())
    vocabulary = target.related_model
    names = {f.name for f in vocabulary._meta.fields}
    key = vocabulary._meta.get_field("code" if vocabulary is Competency else "slug").column
    position = f"o.{q('order')}" if "order" in names else "0"
    table, pk = q(vocabulary._meta.db_table), q(vocabulary._meta.pk.column)
    return (
        # Names from the models, values as parameters: nothing a reader typed.
        f"SELECT %s, {option_name_sql(vocabulary, 'o')}, o.{q(key)}, {position} "  # noqa: S608
        f"FROM {q(through.db_table)} l JOIN {table} o ON o.{pk} = l.{q(target.column)} "
        f"WHERE l.{q(source.column)} = %s"
    )


def practice_facets(page: PracticePage, labels: dict[str, list[Label]]) -> list[Facet]:
    """The practice's facets as links into the library, filtered by each one."""
    base = library_url(page)
    facets = []
    for label, attribute, parameter in PRACTICE_FACETS:
        links = [
            FacetLink(item.name, f"{base}?{parameter}={item.slug}") for item in labels[attribute]
        ]
        if links:
            facets.append(Facet(label, links))
    return facets


def related_practices(page: PracticePage, listed=None, *, stored=None) -> list[RelatedGroup]:
    """The typed relations read both ways: this page's own relations with their label ("Often
    followed by"), then other practices' relations to this one with the inverse label ("Often
    preceded by"). Only live, public practices; each practice appears once under a label.
    One query for a page as stored; for a preview (not `stored`), whose own relations are the
    editor's unsaved ones, three."""
    if stored is None:
        stored = page.pk is not None
    listed = listed_pages() if listed is None else listed
    pairs = _stored_relations(page, listed) if stored else _previewed_relations(page, listed)
    groups: dict[str, list[PageLink]] = {}
    for label, practice in pairs:
        group = groups.setdefault(label, [])
        link = PageLink(practice.title, practice.url)
        if link not in group:
            group.append(link)
    return [RelatedGroup(label, links) for label, links in groups.items()]


def _stored_relations(page: PracticePage, listed) -> list[tuple[str, PracticePage]]:
    """(label, practice) for the stored relations both ways, in one query: the page's own in
    its editor's order, then the incoming by the other practice's title."""
    relations = (
        PracticeRelation.objects.filter(
            Q(page=page, target__in=listed.values("pk"))
            | Q(target=page, page__in=listed.values("pk"))
        )
        .select_related("page", "target")
        .only(
            "kind",
            "sort_order",
            "page__title",
            "page__url_path",
            "target__title",
            "target__url_path",
        )
        .order_by("page__title", "pk")
    )
    forward, incoming = [], []
    for relation in relations:
        if relation.page_id == page.pk:
            forward.append(relation)
        else:
            incoming.append((relation.inverse_label, relation.page))
    forward.sort(key=lambda relation: (relation.sort_order is None, relation.sort_order or 0))
    return [(relation.get_kind_display(), relation.target) for relation in forward] + incoming


def _previewed_relations(page: PracticePage, listed) -> list[tuple[str, PracticePage]]:
    """As `_stored_relations`, with the page's own relations as the editor left them on the
    page in hand (during a preview, unsaved): their targets checked in one query."""
    forward = [relation for relation in page.relations.all() if relation.target_id]
    targets = PracticePage.objects.filter(pk__in=[relation.target_id for relation in forward])
    targets = targets.filter(pk__in=listed.values("pk")).only("title", "url_path")
    targets = {practice.pk: practice for practice in targets}
    pairs = [
        (relation.get_kind_display(), targets[relation.target_id])
        for relation in forward
        if relation.target_id in targets
    ]
    if page.pk is not None:
        incoming = (
            PracticeRelation.objects.filter(target=page, page__in=listed.values("pk"))
            .select_related("page")
            .only("kind", "page__title", "page__url_path")
            .order_by("page__title", "pk")
        )
        pairs += [(relation.inverse_label, relation.page) for relation in incoming]
    return pairs


def practice_how_to(page: PracticePage) -> dict:
    """The practice as schema.org HowTo data, for search engines: name, description, total
    time, supplies and steps (a HowToSection for each phase when there are several)."""
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": page.title,
        "description": page.summary,
    }
    if page.pk is not None and (url := page.full_url):
        data["url"] = url
    if minutes := page.minutes_max or page.minutes_min:
        data["totalTime"] = iso_duration(minutes)
    if supplies := materials_of(page):
        data["supply"] = [{"@type": "HowToSupply", "name": name} for name in supplies]
    phases = [block.value for block in page.steps if block.block_type == "phase"]
    if len(phases) == 1:
        data["step"] = _how_to_steps(phases[0]["steps"])
    elif phases:
        data["step"] = [
            {
                "@type": "HowToSection",
                "position": position,
                "name": phase["title"],
                "itemListElement": _how_to_steps(phase["steps"]),
            }
            for position, phase in enumerate(phases, start=1)
        ]
    return data


def _how_to_steps(steps) -> list[dict]:
    result = []
    for position, step in enumerate(steps, start=1):
        item = {
            "@type": "HowToStep",
            "position": position,
            "name": step["title"],
            "text": step["description"],
        }
        if step.get("minutes"):
            item["timeRequired"] = iso_duration(step["minutes"])
        result.append(item)
    return result


def json_ld_script(data: dict) -> SafeString:
    """`data` as JSON that is safe inside a `<script type="application/ld+json">` element: the
    characters that could end the element or open a comment are escaped, as Django's
    `json_script` does."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for character, escaped in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    # Escaped above, and never executed: a reviewed exception to both linters.
    return mark_safe(text)  # noqa: S308  # nosemgrep: mark-safe-on-a-variable


def materials_of(page: PracticePage) -> list[str]:
    """The materials, one a line as editors type them (a leading "-" or "*" is dropped); a
    single line with commas is read as a list."""
    lines = [line.strip().lstrip("-*•").strip() for line in page.materials.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1 and "," in lines[0]:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return lines


# Story pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeUsed:
    practice: PageLink
    adaptation: str
    listed: bool


@dataclass(frozen=True)
class ValueGroup:
    cycle: str
    label: str
    evidence: list[str]


def story_page_context(page: StoryPage, viewer) -> dict:
    """Everything a story page shows beyond its own fields, for `viewer`: the practices used
    with how each was adapted (linked only while the practice is live and public), the authors
    as the viewer may see them, and the value created grouped by value-creation cycle. Reads
    only; a fixed number of queries whatever the number of authors and practices."""
    return {
        **_story_shared(page),
        "authors": story_authors(page, viewer),
        "library_url": library_url(page),
    }


def _story_shared(page: StoryPage) -> dict:
    used = list(
        page.practices_used.select_related("practice").only(
            "story_id", "sort_order", "adaptation", "practice__title", "practice__url_path"
        )
    )
    shown = set(
        listed_pages().filter(pk__in=[use.practice_id for use in used]).values_list("pk", flat=True)
    )
    return {
        "practices_used": [
            PracticeUsed(
                PageLink(use.practice.title, use.practice.url),
                use.adaptation,
                use.practice_id in shown,
            )
            for use in used
        ],
        "value_groups": value_groups(page.value_created.all()),
        "sectors": list(page.sectors.all()),
        "perspectives": list(page.perspectives.all()),
        "competencies": list(page.competencies.all()),
        "tags": list(page.tags.all()),
    }


def story_authors(page: StoryPage, viewer) -> list[Person]:
    """A story's authors in order: members by their display name, linked to their profile only
    when the viewer may see it; people who are not members by the name typed in; members who
    have since deleted their account as "A former member"."""
    authors = list(page.authors.all())
    people = people_as_seen_by(viewer, [author.member_id for author in authors])
    return [
        people.get(author.member_id) or Person(author.name or "A former member")
        for author in authors
    ]


def value_groups(values) -> list[ValueGroup]:
    """Evidence of value grouped by value-creation cycle, in the framework's order."""
    by_cycle: dict[str, list[str]] = {}
    for value in values:
        by_cycle.setdefault(value.cycle, []).append(value.evidence)
    return [
        ValueGroup(cycle.short, cycle.label, by_cycle[cycle.value])
        for cycle in ValueCycle
        if cycle.value in by_cycle
    ]


# Shared --------------------------------------------------------------------------------------


def people_as_seen_by(viewer, user_ids) -> dict[int, Person]:
    """The members with these ids as `viewer` may see them, in one query: each by the display
    name on their profile, with a link only if `Profile.objects.visible_to(viewer)` includes
    it. Ids of deleted members (None) are left out."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    visible = Profile.objects.visible_to(viewer).filter(pk=OuterRef("pk"))
    profiles = (
        Profile.objects.filter(user_id__in=ids).only(*FACE_FIELDS).annotate(visible=Exists(visible))
    )
    return {profile.user_id: _person(profile, visible=profile.visible) for profile in profiles}


def _person(profile: Profile, *, visible: bool) -> Person:
    if not visible:
        return Person(profile.name)
    return Person(profile.name, profile.get_absolute_url(), profile)


def listed_pages():
    """Pages a reader may find in a list: live and outside any private section of the site (a
    Wagtail view restriction). Lazy, so every list on a page can use it as a subquery."""
    return Page.objects.live().exclude(listed_pages_q())


def library_url(page: Page) -> str:
    """The address of the library a practice or story lives in. Pages are addressed by their
    place in the tree, so the parent's address is the page's without its last part; no query."""
    url = page.url if page.pk is not None else None
    if not url:
        return "/practices/"
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


def minutes_in_words(minutes: int | None) -> str:
    """75 -> "1 hour 15 minutes"."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def minutes_range(low: int | None, high: int | None) -> str:
    if low and high and low != high:
        if high < 60:
            return f"{low} to {high} minutes"
        return f"{minutes_in_words(low)} to {minutes_in_words(high)}"
    if low or high:
        return minutes_in_words(low or high)
    return ""


def group_size(low: int | None, high: int | None) -> str:
    if low and high:
        return f"{low} people" if low == high else f"{low} to {high} people"
    if low:
        return f"{low} or more people"
    if high:
        return f"Up to {high} people"
    return ""


def iso_duration(minutes: int) -> str:
    """Minutes as an ISO 8601 duration, as schema.org wants: 90 -> "PT1H30M"."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
