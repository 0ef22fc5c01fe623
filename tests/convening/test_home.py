"""The home page shows what is alive in the community, and degrades cleanly when nothing is."""

import pytest

from convening.models import HomeFeaturedPractice
from practices.models import PracticeIndexPage, PracticePage, StoryPage, StoryPractice

from ..conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    return home_page.add_child(instance=PracticeIndexPage(title="Practices", slug="practices"))


def practice(library, title, live=True):
    page = library.add_child(
        instance=PracticePage(
            title=title, summary=f"{title} in a line", makes_possible="<p>x</p>", live=live
        )
    )
    return page


def story(library, title, uses=(), live=True):
    page = StoryPage(
        title=title,
        summary=f"{title} summary",
        situation="<p>s</p>",
        what_we_did="<p>d</p>",
        what_happened="<p>h</p>",
        what_we_learned="<p>l</p>",
        live=live,
    )
    for used in uses:
        page.practices_used.add(StoryPractice(practice=used))
    library.add_child(instance=page)
    return page


def test_without_any_library_the_home_page_still_shows_the_editors_sections(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert "Practices to try" not in response.content.decode()


def test_editors_choice_comes_first_then_the_most_used_practices(client, home_page, library):
    chosen = practice(library, "Rich picture")
    popular = practice(library, "World Cafe")
    practice(library, "Quiet one")
    practice(library, "Draft practice", live=False)
    story(library, "A story", uses=[popular])
    HomeFeaturedPractice.objects.create(home=home_page, practice=chosen)
    html = client.get("/").content.decode()
    assert html.index("Rich picture") < html.index("World Cafe") < html.index("Quiet one")
    assert "Draft practice" not in html


def test_the_newest_live_stories_are_shown_and_drafts_never(client, home_page, library):
    story(library, "Published story")
    story(library, "Draft story", live=False)
    html = client.get("/").content.decode()
    assert "Published story" in html
    assert "Draft story" not in html


def test_the_home_page_runs_a_fixed_number_of_queries(
    client, member, home_page, library, django_assert_max_num_queries, settings
):
    """At most 12 for a visitor and 20 for a member (issue #7), measured on the page itself
    (the whole-page cache off), once its fragment is cached, with 50 practices and stories."""
    settings.PAGE_CACHE_SECONDS = 0
    for n in range(50):
        story(library, f"Story {n}", uses=[practice(library, f"Practice {n}")])
    HomeFeaturedPractice.objects.create(home=home_page, practice=PracticePage.objects.first())
    browser = signed_in(member)
    for visitor, most in ((client, 12), (browser, 20)):
        visitor.get("/")
        with django_assert_max_num_queries(most):
            visitor.get("/")


def test_what_the_home_page_shows_changes_as_soon_as_the_library_does(
    client, home_page, library, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    first = story(library, "First story")
    assert "First story" in client.get("/").content.decode()
    story(library, "Second story")
    assert "Second story" in client.get("/").content.decode()
    first.unpublish()
    assert "First story" not in client.get("/").content.decode()
