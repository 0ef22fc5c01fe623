"""The home page shows what is alive in the community, and degrades cleanly when nothing is."""

import pytest

from convening.models import HomeFeaturedPractice
from practices.models import PracticeIndexPage, PracticePage, StoryPage, StoryPractice

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
    client, home_page, library, django_assert_max_num_queries
):
    for n in range(12):
        story(library, f"Story {n}", uses=[practice(library, f"Practice {n}")])
    with django_assert_max_num_queries(12):
        client.get("/")
