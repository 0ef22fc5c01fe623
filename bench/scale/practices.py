"""The practice library at scale: the practices, stories and records part of
`bench/seed_scale.py`, and `add_pages`, which writes Wagtail pages in bulk.

Each seeded practice and story is a variant of one of the demo library's own pages (its text,
steps and sources), under a new title, so pages are as long as real ones. Facets, tags and
"practices used in stories" are skewed: a few popular practices, purposes and tags, a long
tail of rarely used ones."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from members.models import Sector
from practices.models import (
    Competency,
    Concept,
    Participation,
    Perspective,
    Phase,
    PracticePage,
    PracticeRelation,
    PracticeUse,
    Purpose,
    SavedPractice,
    Scale,
    StoryAuthor,
    StoryPage,
    StoryPractice,
    StoryValue,
    TaggedPractice,
    TaggedStory,
    Tradition,
)
from practices.value import ValueCycle

from .members import TOWNS, Skewed, Tick, link, no_tick, seeded_uuid, tag_ids, write

PAGE_BATCH = 500


def add_pages(parent: Page, pages: Sequence[Page], *, rng: random.Random, tick: Tick = no_tick):
    """Writes `pages` (unsaved instances of one specific page type, with their own fields and
    `title`, `slug`, `first_published_at` set) as live children of `parent`, in bulk.

    Django's `bulk_create` refuses multi-table models, so this does what `add_child` would, a
    batch at a time: the `wagtailcore_page` rows with their materialised paths (treebeard's
    `steplen` digits of its alphabet per level, numbered on from the parent's last child),
    depth, `url_path`, content type and locale; then the specific table's rows with `page_ptr`
    set; then the parent's `numchild`. No revision is written (the admin makes one on the first
    edit) and no signal is sent: callers index the pages for search with `index_pages`."""
    if not pages:
        return
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    last = parent.get_children().order_by("-path").only("path").first()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    using = router.db_for_write(model)
    for start in range(0, len(pages), PAGE_BATCH):
        batch = pages[start : start + PAGE_BATCH]
        rows = []
        for page in batch:
            step += 1
            page.path = Page._get_path(parent.path, depth, step)
            page.depth = depth
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type = content_type
            page.locale_id = parent.locale_id
            page.translation_key = seeded_uuid(rng)
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.last_published_at = page.last_published_at or page.first_published_at
            page.latest_revision_created_at = page.last_published_at
            rows.append(
                Page(
                    **{
                        field.attname: getattr(page, field.attname)
                        for field in Page._meta.local_concrete_fields
                        if not field.primary_key
                    }
                )
            )
        for page, row in zip(batch, Page.objects.bulk_create(rows), strict=True):
            page.pk = page.page_ptr_id = page.id = row.pk
        model._base_manager._insert(
            batch, fields=model._meta.local_concrete_fields, using=using, raw=False
        )
        tick(len(batch))
    children = Page.objects.filter(path__startswith=parent.path, depth=depth).count()
    Page.objects.filter(pk=parent.pk).update(numchild=children)
    parent.numchild = children


def index_pages(pages: Sequence[Page], tick: Tick = no_tick):
    """Adds pages written by `add_pages` to Wagtail's search index (the database backend:
    PostgreSQL's full-text search, or FTS5 on SQLite), a batch per statement."""
    backend = get_search_backend()
    for start in range(0, len(pages), PAGE_BATCH):
        batch = pages[start : start + PAGE_BATCH]
        backend.add_bulk(type(batch[0]), batch)
        tick(len(batch))


# Vocabulary -------------------------------------------------------------------------------------

# fmt: off
NOUNS = [
    "Boundary walk", "Listening circle", "Rich picture", "Stakeholder map", "Causal loop sketch",
    "Journey map", "Story circle", "Fishbowl", "Open forum", "Kitchen table conversation",
    "Learning history", "Power map", "Assumption audit", "Futures wheel", "Scenario round",
    "Dialogue walk", "Feedback loop hunt", "Timeline of the system", "Appreciative interview",
    "Deep listening pair", "Harvest wall", "Leverage hunt", "Commitment round",
    "Critical friends review", "Peer coaching trio", "World map of services", "Gallery walk",
    "Silent brainstorm", "Citizens' panel", "Pre-mortem", "After action review",
    "Empathy interview", "Community asset map", "Sensemaking session", "Role reversal",
    "Iceberg conversation", "Theory of change sketch", "Learning sprint", "Walking interview",
    "Value creation story", "Check-in round", "Question storm", "Outcome trail",
    "Most significant change round", "Safe-to-fail probe", "Ecocycle planning",
    "Three horizons session", "Purpose-to-practice canvas", "Shared measurement table",
    "Neighbourhood map", "Paired reflection", "Conversation café", "Decision round",
    "Consent decision", "Hopes and fears wall", "Heard, seen, respected",
]
ADJECTIVES = [
    "", "", "", "Quick ", "Slow ", "Deep ", "Online ", "Neighbourhood ", "Cross-sector ",
    "Relational ", "Tea-and-cake ", "Lunchtime ", "Place-based ", "Participatory ",
    "Two-hour ", "Half-day ", "Youth-led ", "Resident-led ", "Frontline ", "Shared ",
]
QUALIFIERS = [
    "", "", "for housing partnerships", "for integrated care", "with people with lived experience",
    "for council teams", "across health and housing", "in a school", "for funders",
    "with frontline staff", "for a new partnership", "in a hospital ward", "for community groups",
    "at a town hall", "for a care home", "with young people", "for commissioners",
    "in a library", "for a neighbourhood forum", "for a new network", "across a region",
    "for a board", "in a GP practice", "for research partners", "with families",
    "in a community centre", "for a food partnership", "across agencies",
    "for the voluntary sector",
]
STORY_OPENINGS = [
    "Redrawing", "Listening to", "Mapping", "Slowing down", "Untangling", "Opening up",
    "Reimagining", "Sharing", "Rebuilding trust in", "Making room for", "Joining up",
    "Learning from", "Changing", "Testing",
]
STORY_SUBJECTS = [
    "the discharge pathway", "our referral system", "the front door", "a food partnership",
    "the homelessness pathway", "early help", "winter pressures", "youth services",
    "the neighbourhood forum", "our commissioning cycle", "a failing partnership board",
    "the carers' network", "damp and mould", "school exclusions", "social prescribing",
    "community transport", "mental health support", "the grant round", "adult learning",
    "hospital to home",
]
ADAPTATIONS = [
    "We ran it in two shorter sessions so that frontline staff could come.",
    "We drew on paper tablecloths over lunch.",
    "We paid people with lived experience for their time and met in their community centre.",
    "We did it online, with breakout rooms of four.",
    "We left out the last step: the group was not ready to decide.",
    "Young people co-facilitated and chose the questions.",
    "We used it to open a partnership board meeting.",
]
# fmt: on


@dataclass
class Library:
    practices: list[PracticePage]
    stories: list[StoryPage]
    popular: Skewed  # practice ids, most used first when drawn

    @property
    def practice_ids(self):
        return [page.pk for page in self.practices]


def _templates(model, fields):
    # The demo library is a prerequisite of bench/seed_scale.py, so there is always one to copy.
    return list(model.objects.live().order_by("pk").values(*fields))


def _practice_templates():
    fields = [
        "kind", "summary", "makes_possible", "when_to_use", "when_not_to_use", "materials",
        "span", "experience", "tips_and_traps", "variations", "outputs", "originators",
        "origin_year", "attribution", "key_sources", "minutes_min", "minutes_max",
        "group_min", "group_max", "in_person", "online", "hybrid", "asynchronous",
    ]  # fmt: skip
    templates = _templates(PracticePage, fields)
    pages = PracticePage.objects.live().order_by("pk").only("steps")
    for template, page in zip(templates, pages, strict=True):
        template["steps"] = list(page.steps.raw_data)
    return templates


def add_practices(
    rng: random.Random, library, count: int, *, stewards, now: datetime, tick: Tick = no_tick
) -> list[PracticePage]:
    """`count` published practices under the library, each a variant of a demo practice, with
    skewed facets, competencies, concepts, tags and typed relations to popular practices."""
    templates = _practice_templates()
    taken = set(library.get_children().values_list("slug", flat=True))
    combos = len(ADJECTIVES) * len(NOUNS) * len(QUALIFIERS)
    pages = []
    for n, code in enumerate(rng.sample(range(combos), count) if count <= combos else range(count)):
        adjective = ADJECTIVES[code % len(ADJECTIVES)]
        noun = NOUNS[(code // len(ADJECTIVES)) % len(NOUNS)]
        qualifier = QUALIFIERS[(code // (len(ADJECTIVES) * len(NOUNS))) % len(QUALIFIERS)]
        title = " ".join(
            part
            for part in [f"{adjective}{noun.lower() if adjective else noun}", qualifier]
            if part
        )
        slug = slugify(title)[:80]
        if slug in taken:
            slug = f"{slug}-{n}"
        taken.add(slug)
        template = templates[n % len(templates)]
        published = now - timedelta(days=rng.randint(1, 6 * 365), hours=rng.randint(0, 23))
        fields = dict(template)
        summary = f"{title}: {fields.pop('summary')[0].lower()}{template['summary'][1:]}"
        pages.append(
            PracticePage(
                title=title,
                slug=slug,
                summary=summary[:197] + "..." if len(summary) > 200 else summary,
                first_published_at=published,
                last_published_at=published + timedelta(days=rng.randint(0, 300)),
                steward_id=rng.choice(stewards) if stewards and rng.random() < 0.3 else None,
                last_reviewed=(now - timedelta(days=rng.randint(0, 700))).date()
                if rng.random() < 0.6
                else None,
                **fields,
            )
        )
    add_pages(library, pages, rng=rng, tick=tick)
    ids = [page.pk for page in pages]

    facets = {
        "purposes": (Purpose, [1, 1, 2, 2, 3]),
        "phases": (Phase, [1, 1, 2]),
        "traditions": (Tradition, [1, 1, 1, 2]),
        "scales": (Scale, [1, 2, 2, 3]),
        "participation": (Participation, [1, 1, 2]),
        "sectors": (Sector, [0, 1, 2, 2, 3]),
        "competencies": (Competency, [1, 2, 3, 4]),
        "concepts": (Concept, [0, 0, 1, 2]),
    }
    for relation, (model, sizes) in facets.items():
        options = Skewed(rng, model.objects.values_list("pk", flat=True), skew=0.9, offset=2)
        link(
            PracticePage,
            relation,
            ((pk, option) for pk in ids for option in options.some(rng.choice(sizes))),
        )
    add_tags(rng, TaggedPractice, ids, [1, 2, 2, 3, 4])
    popular = Skewed(rng, ids, skew=0.9, offset=3)
    kinds = [kind for kind, _ in PracticeRelation.Kind.choices]
    write(
        PracticeRelation,
        (
            PracticeRelation(page_id=pk, kind=rng.choice(kinds), target_id=target, sort_order=order)
            for pk in ids
            if rng.random() < 0.6
            for order, target in enumerate(
                t for t in popular.some(rng.choice([1, 1, 2, 3])) if t != pk
            )
        ),
    )
    return pages


def add_tags(rng, through, ids, sizes):
    """Free tags from the demo's vocabulary (every tag already in the database), skewed."""
    from taggit.models import Tag

    names = list(Tag.objects.order_by("name").values_list("name", flat=True)) or ["systems"]
    tags = Skewed(rng, tag_ids(names).values(), skew=1.0, offset=2)
    write(
        through,
        (
            through(content_object_id=pk, tag_id=tag)
            for pk in ids
            for tag in tags.some(rng.choice(sizes))
        ),
    )


def add_stories(
    rng: random.Random, library, count: int, *, popular: Skewed, authors, now: datetime,
    tick: Tick = no_tick,
) -> list[StoryPage]:  # fmt: skip
    """`count` published stories, variants of the demo's, each naming one to three practices
    it used (popular practices far more often), with authors, sectors, perspectives,
    competencies, value created and tags."""
    from practices.demo import published_stories

    fields = [
        "summary", "situation", "what_we_did", "what_happened", "what_we_learned",
        "do_differently",
    ]  # fmt: skip
    templates = _templates(StoryPage, fields)
    places = [spec["place"] for spec in published_stories()] or ["Leeds"]
    taken = set(library.get_children().values_list("slug", flat=True))
    writers = Skewed(rng, authors, skew=0.8, offset=5)
    pages = []
    for n in range(count):
        town = rng.choice(TOWNS)
        title = f"{rng.choice(STORY_OPENINGS)} {rng.choice(STORY_SUBJECTS)} in {town}"
        slug = slugify(title)[:80]
        if slug in taken:
            slug = f"{slug}-{n}"
        taken.add(slug)
        published = now - timedelta(days=rng.randint(1, 5 * 365), hours=rng.randint(0, 23))
        pages.append(
            StoryPage(
                title=title,
                slug=slug,
                place=rng.choice([town, town, rng.choice(places)]),
                first_published_at=published,
                submitted_by_id=writers.one() if rng.random() < 0.25 else None,
                **templates[n % len(templates)],
            )
        )
    add_pages(library, pages, rng=rng, tick=tick)
    ids = [page.pk for page in pages]
    for relation, model, sizes in [
        ("sectors", Sector, [1, 1, 2]),
        ("perspectives", Perspective, [0, 1, 2]),
        ("competencies", Competency, [1, 2, 3]),
    ]:
        options = Skewed(rng, model.objects.values_list("pk", flat=True), skew=0.9, offset=2)
        link(
            StoryPage,
            relation,
            ((pk, option) for pk in ids for option in options.some(rng.choice(sizes))),
        )
    add_tags(rng, TaggedStory, ids, [0, 1, 2, 3])
    write(
        StoryPractice,
        (
            StoryPractice(
                story_id=pk,
                practice_id=practice,
                adaptation=rng.choice(ADAPTATIONS) if rng.random() < 0.7 else "",
                sort_order=order,
            )
            for pk in ids
            for order, practice in enumerate(popular.some(rng.choice([1, 1, 2, 2, 3])))
        ),
    )
    write(
        StoryAuthor,
        (
            StoryAuthor(
                story_id=page.pk, member_id=page.submitted_by_id or writers.one(), sort_order=0
            )
            for page in pages
        ),
    )
    cycles = [cycle for cycle, _ in ValueCycle.choices]
    write(
        StoryValue,
        (
            StoryValue(
                story_id=pk,
                cycle=rng.choice(cycles),
                evidence="People who had never met now meet monthly without us.",
                sort_order=order,
            )
            for pk in ids
            for order in range(rng.choice([0, 1, 1, 2]))
        ),
    )
    return pages


def add_records(rng: random.Random, *, popular: Skewed, members: list[int], count: int):
    """Members saying "I used this" and saving practices: `count` of each, popular practices
    far more often, a member never twice for the same practice."""
    active = Skewed(rng, members, skew=0.6, offset=10)
    for model, notes in [
        (PracticeUse, ["", "", "It worked better in a smaller group.", "We ran it twice."]),
        (SavedPractice, None),
    ]:
        pairs = dict.fromkeys((active.one(), popular.one()) for _ in range(count))
        write(
            model,
            (
                model(
                    member_id=member,
                    practice_id=practice,
                    **({"note": rng.choice(notes)} if notes else {}),
                )
                for member, practice in pairs
            ),
        )
