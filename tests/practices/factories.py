"""Pages of the practice library for tests: the library itself, practices, stories, collections
and concepts, with their facets given by slug (competencies by code) as editors would pick them.

    library = make_library()
    cafe = make_practice("World Cafe", purposes=["surface-perspectives"], tags=["dialogue"])
    make_story("Housing first in Leeds", practices=[cafe], sectors=["housing"])
    make_practice("Unfinished", live=False)          # a draft
    make_practice("Staff only", private=True)       # behind a Wagtail view restriction

Pages are published through revisions, as the admin does, so Wagtail's search indexes them
and `first_published_at` is set. An unknown slug raises, so a typo cannot make a test pass.
"""

import datetime

from django.db import models
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site

from members.models import Sector
from practices.models import (
    CollectionPage,
    CollectionStep,
    Competency,
    Concept,
    FundingSource,
    Participation,
    Perspective,
    Phase,
    PracticeIndexPage,
    PracticePage,
    Purpose,
    Reading,
    Scale,
    StoryPage,
    StoryPractice,
    Tradition,
)

PRACTICE_FACETS = {
    "purposes": (Purpose, "slug"),
    "phases": (Phase, "slug"),
    "traditions": (Tradition, "slug"),
    "scales": (Scale, "slug"),
    "participation": (Participation, "slug"),
    "sectors": (Sector, "slug"),
    "competencies": (Competency, "code"),
    "concepts": (Concept, "slug"),
}
STORY_FACETS = {
    "sectors": (Sector, "slug"),
    "perspectives": (Perspective, "slug"),
    "competencies": (Competency, "code"),
}


def make_library(home_page=None, *, title="Practices", slug="practices", introduction=""):
    """The library (the one `PracticeIndexPage`) under the home page; the existing one if
    there is one already, so every factory below can call it."""
    existing = PracticeIndexPage.objects.first()
    if existing:
        return existing
    home = home_page or Site.objects.get(is_default_site=True).root_page
    return home.add_child(
        instance=PracticeIndexPage(title=title, slug=slug, introduction=introduction)
    )


def make_practice(
    title,
    *,
    library=None,
    slug="",
    summary="",
    makes_possible="<p>Something worth doing together.</p>",
    live=True,
    private=False,
    first_published_at=None,
    purposes=(),
    phases=(),
    traditions=(),
    scales=(),
    participation=(),
    sectors=(),
    competencies=(),
    concepts=(),
    tags=(),
    **fields,
) -> PracticePage:
    """A practice in the library. Facets by slug (`purposes=["map-the-system"]`, competencies
    by code: `competencies=["S9"]`), tags by name; any other `PracticePage` field as a keyword
    (`kind=PracticePage.Kind.TOOL`, `minutes_max=45`, `online=True`...). `live=False` leaves
    a draft that was never published; `private=True` puts it behind a view restriction;
    `first_published_at` back-dates its publication."""
    page = PracticePage(
        title=title,
        slug=slug,
        summary=summary or f"{title}, in a line.",
        makes_possible=makes_possible,
        live=False,
        **fields,
    )
    facets = {
        "purposes": purposes,
        "phases": phases,
        "traditions": traditions,
        "scales": scales,
        "participation": participation,
        "sectors": sectors,
        "competencies": competencies,
        "concepts": concepts,
    }
    _set_facets(page, PRACTICE_FACETS, facets)
    if tags:
        page.tags.set(list(tags))
    return _add(page, library, live=live, private=private, first_published_at=first_published_at)


def make_story(
    title,
    *,
    library=None,
    slug="",
    summary="",
    place="",
    live=True,
    private=False,
    first_published_at=None,
    practices=(),
    sectors=(),
    perspectives=(),
    competencies=(),
    tags=(),
    **fields,
) -> StoryPage:
    """A story in the library that used `practices` (practice pages, in order). Facets by
    slug, competencies by code, tags by name. `live=False` is a story still in review (never
    published); `private=True` and `first_published_at` as for `make_practice`."""
    fields.setdefault("situation", "<p>A system that did not work for the people in it.</p>")
    fields.setdefault("what_we_did", "<p>We brought people together.</p>")
    fields.setdefault("what_happened", "<p>Things changed a little.</p>")
    fields.setdefault("what_we_learned", "<p>Go slowly.</p>")
    page = StoryPage(
        title=title,
        slug=slug,
        summary=summary or f"What happened when we tried {title}.",
        place=place,
        live=False,
        **fields,
    )
    facets = {"sectors": sectors, "perspectives": perspectives, "competencies": competencies}
    _set_facets(page, STORY_FACETS, facets)
    if tags:
        page.tags.set(list(tags))
    page.practices_used.set(
        [StoryPractice(practice=p, sort_order=n) for n, p in enumerate(practices)]
    )
    return _add(page, library, live=live, private=private, first_published_at=first_published_at)


def make_collection(title, *, practices=(), library=None, live=True, **fields) -> CollectionPage:
    """An editor's collection whose steps are `practices`, in order."""
    page = CollectionPage(title=title, live=False, **fields)
    page.steps.set([CollectionStep(practice=p, sort_order=n) for n, p in enumerate(practices)])
    return _add(page, library, live=live, private=False, first_published_at=None)


def make_concept(name, *, definition="", slug="", source="") -> Concept:
    """A word of the shared vocabulary; link practices to it with `make_practice(concepts=)`."""
    return Concept.objects.create(
        name=name,
        slug=slug or slugify(name),
        definition=definition or f"What we mean by {name.lower()}.",
        source=source,
    )


def make_reading(title, *, practices=(), **fields) -> Reading:
    reading = Reading.objects.create(title=title, **fields)
    reading.practices.set(practices)
    return reading


def make_funding(
    funder, *, name="Systems change fund", deadline=None, sectors=(), **fields
) -> FundingSource:
    """A funding source; `deadline=None` is a rolling one."""
    fields.setdefault("what_they_fund", "Work across organisations that changes a system.")
    fields.setdefault("url", "https://funder.example/apply")
    source = FundingSource.objects.create(funder=funder, name=name, deadline=deadline, **fields)
    source.sectors.set(_lookup(Sector, "slug", sectors))
    return source


def make_private(page: Page, *, password="a-shared-secret") -> Page:  # noqa: S107
    """Put `page` (and everything under it) behind a shared-password view restriction."""
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
    )
    return page


def tag_slugs(*names) -> list[str]:
    return list(Tag.objects.filter(name__in=names).values_list("slug", flat=True))


def _set_facets(page, facet_models, values):
    for field, chosen in values.items():
        if chosen:
            model, key = facet_models[field]
            getattr(page, field).set(_lookup(model, key, chosen))


def _lookup(model: type[models.Model], key: str, values) -> list[models.Model]:
    found = {getattr(item, key): item for item in model.objects.filter(**{f"{key}__in": values})}
    missing = [value for value in values if value not in found]
    if missing:
        raise ValueError(f"No {model.__name__} with {key} {missing}")
    return [found[value] for value in values]


def _add(page, library, *, live, private, first_published_at):
    parent = library or make_library()
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        if first_published_at:
            if isinstance(first_published_at, datetime.date) and not isinstance(
                first_published_at, datetime.datetime
            ):
                first_published_at = datetime.datetime.combine(
                    first_published_at, datetime.time(12), tzinfo=datetime.UTC
                )
            Page.objects.filter(pk=page.pk).update(first_published_at=first_published_at)
        page.refresh_from_db()
    if private:
        make_private(page)
    return page
