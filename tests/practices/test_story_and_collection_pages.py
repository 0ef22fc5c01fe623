"""A story shows its structure, the practices it used and how each was adapted, its authors as
the viewer may see them and the value it created; a collection shows its steps in order with
their transitions and the total time, ready to print as a booklet."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Block
from members.visibility import Visibility
from practices.collection import collection_page_context, collection_steps, total_minutes
from practices.models import (
    CollectionPage,
    CollectionStep,
    PracticeIndexPage,
    PracticePage,
    StoryAuthor,
    StoryPage,
    StoryPractice,
    StoryValue,
)
from practices.reading import story_authors, story_page_context
from practices.value import ValueCycle

from ..factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    return home_page.add_child(instance=PracticeIndexPage(title="Practices", slug="practices"))


def make_practice(library, title, **fields):
    return library.add_child(
        instance=PracticePage(
            title=title, summary=f"{title} in a line.", makes_possible="<p>x</p>", **fields
        )
    )


def make_story(library, title="Housing and health meet", **fields):
    return library.add_child(
        instance=StoryPage(
            title=title,
            summary="Two sectors found a shared question.",
            situation="<p>Nobody owned the problem.</p>",
            what_we_did="<p>We convened a day.</p>",
            what_happened="<p>A joint pilot began.</p>",
            what_we_learned="<p>Start with the question.</p>",
            place="Leeds",
            **fields,
        )
    )


def publish_with(story, *, practices=(), authors=(), values=()):
    # Each list keeps the order given, as the editor's panels would (sort_order), whatever
    # order the database returns rows in.
    for order, (practice, adaptation) in enumerate(practices):
        story.practices_used.add(
            StoryPractice(practice=practice, adaptation=adaptation, sort_order=order)
        )
    for order, author in enumerate(authors):
        author.sort_order = order
        story.authors.add(author)
    for order, (cycle, evidence) in enumerate(values):
        story.value_created.add(StoryValue(cycle=cycle, evidence=evidence, sort_order=order))
    story.save_revision().publish()
    return StoryPage.objects.get(pk=story.pk)


# Stories -------------------------------------------------------------------------------------


def test_a_story_shows_its_structure_in_order(client, library):
    story = publish_with(make_story(library, do_differently="<p>Invite residents.</p>"))
    html = client.get(story.url).content.decode()
    main = html[html.index("<main") :]
    parts = [
        "The situation",
        "What we did",
        "What happened",
        "What we learned",
        "What we would do differently",
    ]
    positions = [main.index(part) for part in parts]
    assert positions == sorted(positions)
    assert "<dd>Leeds</dd>" in main


def test_a_story_lists_the_practices_used_with_how_each_was_adapted(client, library):
    cafe = make_practice(library, "World Cafe")
    withdrawn = make_practice(library, "Withdrawn method")
    story = publish_with(
        make_story(library),
        practices=[(cafe, "Two rounds instead of three."), (withdrawn, "")],
    )
    withdrawn.unpublish()
    html = client.get(story.url).content.decode()
    assert '<a href="/practices/world-cafe/">World Cafe</a>' in html
    assert "How we adapted it:</strong> Two rounds instead of three." in html
    # A practice taken out of the library keeps its name in the story, without a link.
    assert "<h3>Withdrawn method</h3>" in html


def test_authors_are_linked_only_when_the_viewer_may_see_their_profile(
    client, member, member_client, library
):
    public = make_member(name="Pat Public", visibility=Visibility.PUBLIC)
    members_only = make_member(name="Mel Members", visibility=Visibility.MEMBERS)
    hidden = make_member(name="Hal Hidden", visibility=Visibility.PRIVATE)
    story = publish_with(
        make_story(library),
        authors=[
            StoryAuthor(member=public),
            StoryAuthor(member=members_only),
            StoryAuthor(member=hidden),
            StoryAuthor(name="Rosa Resident"),
        ],
    )

    seen_by_member = member_client.get(story.url).content.decode()
    assert f'<a href="/members/{public.profile.slug}/">Pat Public</a>' in seen_by_member
    assert f'<a href="/members/{members_only.profile.slug}/">Mel Members</a>' in seen_by_member
    assert "Hal Hidden" in seen_by_member
    assert f"/members/{hidden.profile.slug}/" not in seen_by_member
    assert "Rosa Resident" in seen_by_member

    seen_by_visitor = client.get(story.url).content.decode()
    assert f'<a href="/members/{public.profile.slug}/">Pat Public</a>' in seen_by_visitor
    assert "Mel Members" in seen_by_visitor
    assert f"/members/{members_only.profile.slug}/" not in seen_by_visitor


def test_an_author_who_blocked_the_viewer_is_named_without_a_link(member, library):
    blocker = make_member(name="Bea Blocker", visibility=Visibility.PUBLIC)
    Block.objects.create(blocker=blocker, blocked=member)
    story = publish_with(make_story(library), authors=[StoryAuthor(member=blocker)])
    [author] = story_authors(story, member)
    assert (author.name, author.url) == ("Bea Blocker", "")


def test_an_author_who_deleted_their_account_is_a_former_member(client, library):
    leaver = make_member(name="Lee Leaver", visibility=Visibility.PUBLIC)
    story = publish_with(make_story(library), authors=[StoryAuthor(member=leaver)])
    leaver.delete()
    html = client.get(story.url).content.decode()
    assert "A former member" in html
    assert "Lee Leaver" not in html


def test_value_created_is_grouped_by_cycle_in_the_frameworks_order(client, library):
    story = publish_with(
        make_story(library),
        values=[
            (ValueCycle.REALISED, "Fewer evictions."),
            (ValueCycle.IMMEDIATE, "People enjoyed the day."),
            (ValueCycle.REALISED, "Faster referrals."),
        ],
    )
    context = story_page_context(story, AnonymousUser())
    assert [(group.cycle, group.evidence) for group in context["value_groups"]] == [
        ("Immediate value", ["People enjoyed the day."]),
        ("Realised value", ["Fewer evictions.", "Faster referrals."]),
    ]
    html = client.get(story.url).content.decode()
    assert html.index("Immediate value: the activity") < html.index("Realised value: a diff")


def test_a_story_page_runs_the_same_queries_for_one_or_many_practices_and_authors(
    client, library, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the page, not the whole-page cache
    few = publish_with(
        make_story(library, "Few"),
        practices=[(make_practice(library, "P0"), "")],
        authors=[StoryAuthor(member=make_member(name="A0", visibility=Visibility.PUBLIC))],
    )
    many = publish_with(
        make_story(library, "Many"),
        practices=[(make_practice(library, f"P{n}"), "Adapted.") for n in range(1, 9)],
        authors=[
            StoryAuthor(member=make_member(name=f"A{n}", visibility=Visibility.PUBLIC))
            for n in range(1, 9)
        ],
    )
    # Warm the per-process caches (site root paths) and the pages' cached fragments.
    client.get(few.url)
    client.get(many.url)
    with CaptureQueriesContext(connection) as one:
        client.get(few.url)
    with CaptureQueriesContext(connection) as eight:
        client.get(many.url)
    assert len(eight) == len(one)


# Collections ---------------------------------------------------------------------------------


@pytest.fixture
def first_gathering(library):
    check_in = make_practice(library, "Check-in", minutes_max=15)
    cafe = make_practice(library, "World Cafe", minutes_min=45, minutes_max=90)
    close = make_practice(library, "Closing round")
    collection = library.add_child(
        instance=CollectionPage(title="A first gathering", introduction="<p>Start here.</p>")
    )
    collection.steps.add(CollectionStep(practice=check_in, minutes=10, transition="Then mix."))
    collection.steps.add(CollectionStep(practice=cafe, transition="Gather what was heard."))
    collection.steps.add(CollectionStep(practice=close))
    collection.save_revision().publish()
    return CollectionPage.objects.get(pk=collection.pk)


def test_a_collection_totals_its_time_from_steps_and_practices(first_gathering):
    steps = collection_steps(first_gathering)
    assert [step.practice.title for step in steps] == ["Check-in", "World Cafe", "Closing round"]
    # The check-in's own 10 minutes, the cafe's longest 90; the closing round has no time.
    assert [step.minutes for step in steps] == [10, 90, None]
    assert total_minutes(steps) == 100
    context = collection_page_context(first_gathering)
    assert context["total_time"] == "1 hour 40 minutes"
    assert context["untimed_steps"] == 1


def test_a_collection_page_shows_steps_in_order_with_transitions(client, first_gathering):
    html = client.get(first_gathering.url).content.decode()
    assert "1 hour 40 minutes (and 1 step without a time)" in html
    assert "Use your browser's print to get a booklet" in html
    titles = re.findall(r'<h2 id="step-\d-title">.*?<a href="[^"]+">([^<]+)</a></h2>', html)
    assert titles == ["Check-in", "World Cafe", "Closing round"]
    assert "Leading on:</strong> Then mix." in html
    assert html.index("Then mix.") < html.index("Gather what was heard.")


def test_a_collection_step_whose_practice_was_withdrawn_keeps_its_place_without_a_link(
    client, first_gathering
):
    PracticePage.objects.get(title="World Cafe").unpublish()
    html = client.get(first_gathering.url).content.decode()
    assert "World Cafe</h2>" in html
    assert '<a href="/practices/world-cafe/">' not in html
    assert "not in the library at the moment" in html


def test_a_collections_steps_are_read_in_a_fixed_number_of_queries(
    first_gathering, library, django_assert_max_num_queries
):
    for number in range(6):
        practice = make_practice(library, f"Extra {number}", minutes_max=20)
        first_gathering.steps.add(CollectionStep(practice=practice))
    first_gathering.save_revision().publish()
    collection = CollectionPage.objects.get(pk=first_gathering.pk)
    collection.url  # Warm the site root paths, as serving the page does.  # noqa: B018
    with django_assert_max_num_queries(3):
        steps = collection_steps(collection)
    assert len(steps) == 9
    assert total_minutes(steps) == 100 + 6 * 20


def test_a_storys_similar_links_open_the_stories_shelf(client, home_page):
    from .factories import make_library, make_practice, make_story

    make_library(home_page)
    story = make_story("Kettle on", practices=[make_practice("World Cafe")], competencies=["S9"])
    html = client.get(story.url).content.decode()
    assert "?show=stories&amp;competency=S9" in html
    listing = client.get("/practices/?show=stories&competency=S9").content.decode()
    assert "Kettle on" in listing
