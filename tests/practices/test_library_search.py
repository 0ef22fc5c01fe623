"""Searching the library at /practices/?q=...: word forms, the facets a practice is filed
under, and a search that cannot be used as typed, which is said, never dropped in silence."""

import pytest

from practices.library import LONGEST_SEARCH, MOST_SEARCH_WORDS, browse, library_filters

from .factories import make_library, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    make_library(home_page)
    make_practice(
        "Asset Mapping",
        summary="Map what a community already has before asking what it lacks.",
        sectors=["housing"],
    )
    make_practice(
        "Community Conversations",
        summary="Open meetings where communities set the agenda.",
        sectors=["local-government"],
    )
    make_practice(
        "Ward Huddle",
        summary="A short daily check-in for a ward team.",
        sectors=["health"],
        tags=["huddles"],
        purposes=["build-relationships"],
    )
    make_practice("Rich Picture", summary="Draw the situation on one large sheet.")


def listed(**query) -> list[str]:
    return sorted(practice.title for practice in browse(library_filters(**query)).items)


def test_a_word_and_its_plural_find_the_same_practices(library):
    assert listed(q="community") == ["Asset Mapping", "Community Conversations"]
    assert listed(q="communities") == listed(q="community")
    assert listed(q="huddles") == listed(q="huddle") == ["Ward Huddle"]


def test_every_word_must_be_found_but_title_and_summary_together_can_hold_them(library):
    # "rich" only in a title and "sheet" only in its summary: found, as one text.
    assert listed(q="rich sheet") == ["Rich Picture"]
    assert listed(q="rich community") == []


def test_the_best_match_comes_first(library):
    found = browse(library_filters(q="community")).items
    assert [practice.title for practice in found] == ["Community Conversations", "Asset Mapping"]


def test_search_finds_a_practice_by_its_sector_tags_and_purposes(library):
    assert listed(q="health") == listed(sector=["health"]) == ["Ward Huddle"]
    assert listed(q="housing") == ["Asset Mapping"]
    assert listed(q="relationships") == ["Ward Huddle"]


def test_a_search_with_nothing_to_search_for_finds_nothing_and_says_why(client, library):
    response = client.get("/practices/", {"q": "🙂🙂"})
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == []
    assert "A search needs letters or numbers" in html
    # What was typed stays in the box and in a removable filter.
    assert 'value="🙂🙂"' in html
    assert (
        '<a class="chip" href="/practices/"><span class="visually-hidden">Remove filter: </span>'
        "Search “🙂🙂”" in html
    )


def test_a_search_too_long_is_cut_and_said_so_not_dropped(client, library):
    words = ["community"] + ["zebra"] * (MOST_SEARCH_WORDS + 5)
    response = client.get("/practices/", {"q": " ".join(words)})
    html = response.content.decode()
    assert "too long to use whole" in html
    assert titles(response) == []  # every word searched must match; a zebra never does
    assert " ".join(words) in html  # kept in the box

    one_long_word = "x" * 500
    response = client.get("/practices/", {"q": one_long_word})
    assert titles(response) == []
    assert "too long to use whole" in response.content.decode()


def test_the_start_of_a_long_search_is_what_is_searched(library):
    search = "community " + "a" * (LONGEST_SEARCH + 10)
    results = browse(library_filters(q=search))
    assert results.search == "community"
    assert sorted(page.title for page in results.items) == [
        "Asset Mapping",
        "Community Conversations",
    ]


def test_a_search_that_finds_nothing_says_what_was_searched(client, library):
    html = client.get("/practices/", {"q": "zanzibar"}).content.decode()
    assert "0 practices for “zanzibar”" in html
    assert "No practice has all the words “zanzibar”" in html


def titles(response) -> list[str]:
    return sorted(practice.title for practice in response.context["results"].items)
