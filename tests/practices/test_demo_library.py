"""The practice library that `make run` builds: enough real practices, stories and resources to
show the library working, honestly attributed, and nothing made twice.

The demo is built once for the module (`demo_content`), and each test looks at one area of it
as a whole."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, ReferenceIndex, Revision

from practices.demo import DATA
from practices.importing import import_practices
from practices.models import (
    CollectionPage,
    Competency,
    Concept,
    FundingSource,
    PracticeIndexPage,
    PracticePage,
    PracticeRelation,
    Reading,
    StoryPage,
)

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_content):
    return demo_content


def test_it_builds_a_library_worth_browsing_under_the_home_page(demo, home_page):
    assert PracticePage.objects.live().count() >= 30
    assert StoryPage.objects.live().count() >= 8
    assert Competency.objects.count() == 25
    assert CollectionPage.objects.live().count() == 2
    assert Reading.objects.count() >= 5
    assert FundingSource.objects.count() >= 5
    assert Concept.objects.count() >= 12
    assert "Practice library at /practices/" in demo

    library = PracticeIndexPage.objects.get()
    assert (library.slug, library.live, library.show_in_menus) == ("practices", True, True)
    assert library.get_parent().pk == home_page.pk


def test_its_practices_are_a_file_the_importer_takes_as_an_organisations_toolkit(demo):
    library = PracticeIndexPage.objects.get()

    report = import_practices(
        DATA / "practices.yaml", library=library, dry_run=True, keep_existing=True
    )

    assert report.ignored_columns == []
    assert [row.describe() for row in report.refused] == []
    assert len(report.kept) == PracticePage.objects.count() == 37


def test_every_practice_is_credited_described_and_related(demo):
    for practice in PracticePage.objects.all():
        assert practice.originators, practice.title
        assert practice.attribution in PracticePage.Attribution.values, practice.title
        assert practice.key_sources, practice.title
        assert practice.licence_note, practice.title
        assert practice.purposes.exists(), practice.title
        assert practice.competencies.exists(), practice.title
    contested = set(
        PracticePage.objects.filter(attribution="contested").values_list("slug", flat=True)
    )
    assert {"iceberg-model", "theory-of-change", "pdsa-cycles"} <= contested

    rich_pictures = PracticePage.objects.get(slug="rich-pictures")
    assert "drawing" in rich_pictures.tags.names()
    assert rich_pictures.last_reviewed is not None
    assert rich_pictures.steward.email == "editor@convening.example"

    troika = PracticePage.objects.get(slug="troika-consulting")
    steps = [step for phase in troika.steps for step in phase.value["steps"]]
    assert len(steps) >= 4
    assert all(step["title"] and step["description"] for step in steps)
    assert sum(step["minutes"] or 0 for step in steps) >= 10
    assert "Liberating Structures" in troika.licence_note

    relations = set(PracticeRelation.objects.values_list("page__slug", "kind", "target__slug"))
    assert ("rich-pictures", "part_of", "soft-systems-methodology") in relations
    assert ("catwoe", "part_of", "soft-systems-methodology") in relations
    assert ("causal-loop-diagrams", "part_of", "system-dynamics") in relations
    # Relations and collection steps show up where Wagtail looks for usage.
    system_dynamics = PracticePage.objects.get(slug="system-dynamics")
    assert ReferenceIndex.get_references_to(system_dynamics).exists()


def test_stories_collections_and_resources_are_complete(demo):
    for story in StoryPage.objects.all():
        assert story.practices_used.exists(), story.title
        assert story.authors.exists(), story.title
        assert story.value_created.exists(), story.title
    authors = [author for story in StoryPage.objects.live() for author in story.authors.all()]
    assert any(author.member_id for author in authors)
    assert any(not author.member_id and author.name for author in authors)

    waiting = StoryPage.objects.get(live=False)
    assert waiting.submitted_by is not None

    unused = Competency.objects.filter(practices__isnull=True, stories__isnull=True)
    assert list(unused.values_list("code", flat=True)) == []

    gathering = CollectionPage.objects.get(slug="your-first-fortnightly-gathering")
    steps = list(gathering.steps.select_related("practice"))
    assert [step.practice.slug for step in steps] == [
        "rich-pictures",
        "boundary-critique",
        "causal-loop-diagrams",
    ]
    assert all(step.transition and step.minutes for step in steps)

    for source in FundingSource.objects.all():
        assert "check the funder's site" in source.what_they_fund


def test_running_it_again_creates_nothing_twice_and_keeps_editors_changes(demo, settings):
    settings.DEBUG = True
    practice = PracticePage.objects.get(slug="world-cafe")
    practice.summary = "Our own summary."
    practice.save_revision().publish()

    def counts():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            PracticeRelation.objects.count(),
            Concept.objects.count(),
            Reading.objects.count(),
            FundingSource.objects.count(),
        )

    before = counts()
    load_demo()
    assert counts() == before
    assert PracticePage.objects.get(slug="world-cafe").summary == "Our own summary."
