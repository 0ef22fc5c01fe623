""" "Where do I start?": four questions become the library's own filters, a few practices and a
collection to begin with, and a link to the same results in the library."""

import re

import pytest

from practices.chooser import library_answers, suggest

from ..conftest import signed_in
from .factories import make_collection, make_library, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    index = make_library(home_page)
    loops = make_practice(
        "Causal Loop Diagram",
        purposes=["map-the-system"],
        traditions=["system-dynamics"],
        minutes_max=120,
        group_min=2,
        group_max=8,
    )
    picture = make_practice(
        "Rich Picture",
        purposes=["map-the-system"],
        traditions=["soft-systems"],
        minutes_max=60,
        group_min=3,
        group_max=30,
    )
    walk = make_practice(
        "Walking the System",
        purposes=["map-the-system"],
        participation=["co-produced-with-people-with-lived-experience"],
        span="sessions",
    )
    cafe = make_practice(
        "World Cafe",
        purposes=["build-relationships"],
        traditions=["participatory-and-dialogic"],
        minutes_max=80,
    )
    make_practice("Draft Map", purposes=["map-the-system"], live=False)
    make_collection("Understanding a place", practices=[cafe])
    make_collection("First mapping workshop", practices=[picture, walk, loops])
    return index


def cards(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="card practice-card">\s*<h3><a href="[^"]*">([^<]*)</a>', html)


def test_the_questions_are_asked_with_labels_and_nothing_suggested_yet(client, library):
    html = client.get("/practices/start/").content.decode()
    assert "What are you trying to do?" in html
    assert 'value="map-the-system"' in html
    assert "How settled or contested is the situation?" in html
    assert "How much time do you have?" in html
    assert '<label for="id_people">How many people will take part?</label>' in html
    assert "Practices to start with" not in html


def test_answers_become_the_librarys_filters():
    assert library_answers(
        {"purpose": ["map-the-system"], "situation": "contested", "time": "short", "people": 9}
    ) == {
        "sort": "most-used",
        "purpose": ["map-the-system"],
        "situation": ["contested"],
        "time": ["up-to-30-minutes", "30-to-90-minutes"],
        "people": 9,
    }


def test_a_contested_situation_suggests_soft_and_participatory_practices(client, library):
    response = client.get(
        "/practices/start/", {"purpose": "map-the-system", "situation": "contested"}
    )
    assert cards(response) == ["Rich Picture", "Walking the System"]
    html = response.content.decode()
    assert "First mapping workshop" in html
    assert "Understanding a place" not in html


def test_a_settled_situation_with_a_short_time_and_a_small_group(client, library):
    response = client.get(
        "/practices/start/",
        {"purpose": "map-the-system", "situation": "settled", "time": "half-day", "people": 5},
    )
    assert cards(response) == ["Causal Loop Diagram"]


def test_the_link_to_the_library_shows_the_same_practices(client, library):
    response = client.get(
        "/practices/start/", {"purpose": "map-the-system", "time": "short", "people": 10}
    )
    assert cards(response) == ["Rich Picture"]
    link = re.search(
        r'href="([^"]*)">See all 1 matching practice in the library', response.content.decode()
    )
    url = link.group(1).replace("&amp;", "&")
    assert url == (
        "/practices/?purpose=map-the-system&time=up-to-30-minutes&time=30-to-90-minutes"
        "&people=10&sort=most-used"
    )
    assert re.findall(
        r'class="card practice-card">\s*<h3><a href="[^"]*">([^<]*)</a>',
        client.get(url).content.decode(),
    ) == ["Rich Picture"]


def test_when_nothing_fits_every_answer_the_least_important_are_set_aside(library):
    suggestions = suggest({"purpose": ["build-relationships"], "time": "short", "people": 500})
    # World Cafe says nothing about group size, so it fits any: set nothing aside.
    assert [p.title for p in suggestions.practices] == ["World Cafe"]
    assert suggestions.set_aside == []

    suggestions = suggest({"purpose": ["map-the-system"], "situation": "settled", "people": 50})
    assert [p.title for p in suggestions.practices] == ["Causal Loop Diagram"]
    assert suggestions.set_aside == ["how many people"]


def test_suggestions_are_at_most_six_and_never_drafts(library):
    for number in range(8):
        make_practice(f"Mapping {number}", purposes=["map-the-system"])
    suggestions = suggest({"purpose": ["map-the-system"]})
    assert len(suggestions.practices) == 6
    assert suggestions.total == 11
    assert "Draft Map" not in [p.title for p in suggestions.practices]


def test_the_first_collection_is_offered_when_none_holds_the_suggestions(library):
    suggestions = suggest({"purpose": ["reflect"]})
    assert suggestions.practices == []
    assert suggestions.collection.title == "Understanding a place"


def test_junk_answers_are_ignored(client, library):
    response = client.get("/practices/start/?purpose=nope&situation=calm&time=forever&people=many")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing in the library matches" not in html
    assert cards(response) == [
        "Causal Loop Diagram",
        "Rich Picture",
        "Walking the System",
        "World Cafe",
    ]


def test_a_members_chooser_page_is_private(client, library, member):
    assert "public" in client.get("/practices/start/")["Cache-Control"]
    assert "private" in signed_in(member).get("/practices/start/")["Cache-Control"]
