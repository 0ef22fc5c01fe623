"""The practice library of the demo community, built from the data files in `practices/data/demo/`:
the practices come in through `import_practices`, the same path an organisation's toolkit takes;
then what editors add after an import (steward, last review, relations), stories, collections, the
shared vocabulary, readings and funding sources.

Idempotent: everything is found by its slug (or title) first, and what exists is left alone, so a
rerun keeps what editors changed. Facets and competencies come from migrations."""

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.utils.text import slugify
from wagtail.models import ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from members.models import Sector, User

from .demo_images import illustrate
from .importing import ImportFileError, import_practices, rich_text
from .models import (
    CollectionPage,
    CollectionStep,
    Competency,
    Concept,
    FundingSource,
    Perspective,
    PracticeIndexPage,
    PracticePage,
    PracticeRelation,
    Reading,
    StoryAuthor,
    StoryPage,
    StoryPractice,
    StoryValue,
)

DATA = Path(__file__).resolve().parent / "data" / "demo"
FACET_MODELS = {"perspectives": Perspective, "sectors": Sector}
DEMO_EDITOR_EMAIL = "editor@convening.example"
STORY_TEXT = ["situation", "what_we_did", "what_happened", "what_we_learned", "do_differently"]


def _data(name, key):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))[key]


def published_stories():
    """The demo's stories that are published, as in the data file (the benchmark's large
    community varies them)."""
    return [spec for spec in _data("stories.yaml", "stories") if not spec.get("waiting_for_review")]


class _Lookup:
    """Facets by slug and competencies by code, fetched once; a typo in the data fails loudly."""

    def __init__(self):
        self._cache = {}

    def _table(self, name):
        if name not in self._cache:
            if name == "competencies":
                self._cache[name] = {c.code: c for c in Competency.objects.all()}
            else:
                self._cache[name] = {f.slug: f for f in FACET_MODELS[name].objects.all()}
        return self._cache[name]

    def __call__(self, name, keys):
        table = self._table(name)
        missing = [key for key in keys if key not in table]
        if missing:
            raise LookupError(f"Demo data names unknown {name}: {', '.join(missing)}")
        return [table[key] for key in keys]


def _library(home):
    library = PracticeIndexPage.objects.child_of(home).filter(slug="practices").first()
    library = library or PracticeIndexPage.objects.first()
    if library:
        return library, False
    library = home.add_child(
        instance=PracticeIndexPage(
            title="Practices",
            slug="practices",
            show_in_menus=True,
            introduction=(
                "Tools, methods and stories from systems conveners, in plain words and with "
                "honest credit to the people who created them. Filter by what you need to do, "
                "how much time you have and how many people are in the room."
            ),
        )
    )
    library.save_revision().publish()
    return library, True


def _concepts(concepts):
    created = 0
    for spec in concepts:
        _, made = Concept.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "definition": spec["definition"],
                "source": spec["source"],
            },
        )
        created += made
    return created


def _practices(library):
    """Imports the practices that are missing, then adds what editors add after an import:
    relations go in once every practice exists, so they can point at any of them."""
    report = import_practices(DATA / "practices.yaml", library=library, keep_existing=True)
    if not report.imported:
        refused = "; ".join(row.describe() for row in report.refused)
        raise ImportFileError(f"The demo practices were refused: {refused}")
    by_slug = {page.slug: page for page in PracticePage.objects.child_of(library)}
    curation = _data("curation.yaml", "practices")
    steward = User.objects.filter(email=DEMO_EDITOR_EMAIL).first()
    for row in report.created:
        page = by_slug[row.slug]
        spec = curation.get(row.slug, {})
        reviewed = spec.get("reviewed_days_ago")
        page.steward = steward
        page.last_reviewed = None if reviewed is None else date.today() - timedelta(days=reviewed)
        page.relations = [
            PracticeRelation(kind=kind, target=by_slug[target])
            for relation in spec.get("related", [])
            for kind, target in relation.items()
            if target in by_slug
        ]
        page.save_revision().publish()
    return by_slug, len(report.rows), len(report.created)


def _demo_members():
    members = User.objects.filter(email__endswith="@people.convening.example")
    return {member.first_name: member for member in members}


def _story(spec, lookup, practices, members):
    authors = []
    for author in spec["authors"]:
        if isinstance(author, dict):
            authors.append(StoryAuthor(name=author["name"]))
        elif author in members:
            authors.append(StoryAuthor(member=members[author]))
    return StoryPage(
        title=spec["title"],
        slug=slugify(spec["title"]),
        summary=spec["summary"],
        **{name: rich_text(spec.get(name, "")) for name in STORY_TEXT},
        place=spec["place"],
        sectors=lookup("sectors", spec["sectors"]),
        perspectives=lookup("perspectives", spec["perspectives"]),
        competencies=lookup("competencies", spec["competencies"]),
        submitted_by=members.get(spec.get("submitted_by")),
        authors=authors,
        practices_used=[
            StoryPractice(practice=practices[used["practice"]], adaptation=used["adaptation"])
            for used in spec["practices"]
        ],
        value_created=[
            StoryValue(cycle=value["cycle"], evidence=value["evidence"])
            for value in spec["value_created"]
        ],
    )


def _stories(library, lookup, practices, stories):
    """Publishes the stories, and sends the one waiting for review to the editors' workflow."""
    existing = set(StoryPage.objects.child_of(library).values_list("slug", flat=True))
    members = _demo_members()
    created = 0
    for spec in stories:
        if slugify(spec["title"]) in existing:
            continue
        story = _story(spec, lookup, practices, members)
        story.tags.set(spec["tags"])
        if spec.get("waiting_for_review"):
            story.live = False
            library.add_child(instance=story)
            story.save_revision(user=story.submitted_by)
            workflow = story.get_workflow()
            if workflow:
                workflow.start(story, story.submitted_by)
            continue
        library.add_child(instance=story)
        story.save_revision().publish()
        created += 1
    return created


def _collections(library, practices, collections):
    existing = set(CollectionPage.objects.child_of(library).values_list("slug", flat=True))
    created = 0
    for spec in collections:
        slug = slugify(spec["title"])
        if slug in existing:
            continue
        collection = library.add_child(
            instance=CollectionPage(
                title=spec["title"],
                slug=slug,
                introduction=rich_text(spec["introduction"]),
                # The order is the point of a collection: said, not left to the database.
                steps=[
                    CollectionStep(
                        practice=practices[step["practice"]],
                        minutes=step["minutes"],
                        transition=step["transition"],
                        sort_order=order,
                    )
                    for order, step in enumerate(spec["steps"])
                ],
            )
        )
        collection.save_revision().publish()
        created += 1
    return created


def _readings(practices, readings):
    created = 0
    for spec in readings:
        reading, made = Reading.objects.get_or_create(
            title=spec["title"],
            defaults={
                "authors": spec["authors"],
                "year": spec["year"],
                "url": spec["url"],
                "summary": spec["summary"],
                "free_to_read": spec["free_to_read"],
            },
        )
        if made:
            reading.practices.set([practices[slug] for slug in spec["practices"]])
            created += 1
    return created


def _funding(lookup, funding_sources):
    created = 0
    for spec in funding_sources:
        days = spec["deadline_in_days"]
        source, made = FundingSource.objects.get_or_create(
            funder=spec["funder"],
            name=spec["name"],
            defaults={
                "what_they_fund": spec["what_they_fund"],
                "url": spec["url"],
                "deadline": None if days is None else date.today() + timedelta(days=days),
                "region": spec["region"],
            },
        )
        if made:
            source.sectors.set(lookup("sectors", spec["sectors"]))
            created += 1
    return created


def load(out):
    home = Site.objects.get(is_default_site=True).root_page
    lookup = _Lookup()
    concepts = _data("concepts.yaml", "concepts")
    stories = _data("stories.yaml", "stories")
    collections = _data("collections.yaml", "collections")
    readings = _data("readings.yaml", "readings")
    funding_sources = _data("funding.yaml", "funding_sources")
    # Each page is saved several times while it is built; index its references once, at the end.
    with disable_reference_index_auto_update():
        library, _ = _library(home)
        new_concepts = _concepts(concepts)  # before the practices, which name them
        practices, practice_count, new_practices = _practices(library)
        new_stories = _stories(library, lookup, practices, stories)
        new_collections = _collections(library, practices, collections)
        new_readings = _readings(practices, readings)
        new_funding = _funding(lookup, funding_sources)
        illustrated = illustrate(StoryPage.objects.child_of(library).live().order_by("path"))
    for page in library.get_children().specific():
        ReferenceIndex.create_or_update_for_object(page)
    made = new_practices + new_stories + new_collections + new_concepts + new_readings + new_funding
    published = sum(1 for spec in stories if not spec.get("waiting_for_review"))
    out.write(
        f"  Practice library at /{library.slug}/: {practice_count} practices, "
        f"{published} stories (and one waiting for review), {len(collections)} collections, "
        f"{len(concepts)} concepts, {len(readings)} readings, {len(funding_sources)} funding "
        f"sources ({made} new; {illustrated} stories illustrated)"
    )
