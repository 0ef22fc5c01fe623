"""The glossary of the shared vocabulary, and further reading and funding beside the library."""

import datetime
import re
from html import unescape

import pytest
import time_machine

from .factories import (
    make_concept,
    make_funding,
    make_library,
    make_practice,
    make_reading,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 5, 14)


@pytest.fixture
def concepts(home_page):
    make_library(home_page)
    feedback = make_concept("Feedback", definition="When an effect comes back to change its cause.")
    make_concept("boundaries", definition="Where we draw the line, and who is left out.")
    make_concept("Emergence", definition="What the whole does that no part does alone.")
    make_practice("Causal Loop Diagram", concepts=["feedback"])
    make_practice("Behaviour Over Time Graph", concepts=["feedback"])
    make_practice("Draft Loops", concepts=["feedback"], live=False)
    make_practice("Private Loops", concepts=["feedback"], private=True)
    return feedback


def test_the_glossary_lists_concepts_a_to_z_with_their_definitions(client, concepts):
    html = client.get("/practices/glossary/").content.decode()
    names = re.findall(r'<article class="concept" id="([^"]+)">\s*<h3>([^<]+)</h3>', html)
    assert names == [
        ("boundaries", "boundaries"),
        ("emergence", "Emergence"),
        ("feedback", "Feedback"),
    ]
    assert "When an effect comes back to change its cause." in html
    # A letter index, each letter a heading to jump to.
    assert '<a href="#letter-B">B</a>' in html
    assert '<h2 id="letter-F">F</h2>' in html


def test_each_concept_links_the_practices_anyone_may_read(client, concepts):
    html = client.get("/practices/glossary/").content.decode()
    feedback = html[html.index('id="feedback"') :]
    assert (
        'Practices that use it: <a href="/practices/behaviour-over-time-graph/">Behaviour Over Time'
        ' Graph</a>, <a href="/practices/causal-loop-diagram/">Causal Loop Diagram</a>'
    ) in feedback
    assert "Draft Loops" not in html
    assert "Private Loops" not in html


def test_the_glossary_runs_the_same_queries_for_many_concepts(
    client, concepts, django_assert_max_num_queries
):
    client.get("/practices/glossary/")
    with django_assert_max_num_queries(14):
        client.get("/practices/glossary/")
    for number in range(20):
        make_concept(f"Idea {number}")
        make_practice(f"Practice {number}", concepts=[f"idea-{number}", "feedback"])
    with django_assert_max_num_queries(14):
        html = client.get("/practices/glossary/").content.decode()
    assert "Idea 19" in html


@pytest.fixture
def funding(db):
    make_funding("Closed Trust", name="Last year's round", deadline=datetime.date(2025, 5, 13))
    make_funding("Today Foundation", name="Closes today", deadline=TODAY, sectors=["housing"])
    make_funding("Later Fund", name="Place-based change", deadline=datetime.date(2025, 9, 1))
    make_funding("Health Charity", name="Care systems", deadline=None, sectors=["health"])
    make_funding("Anyone Trust", name="Open to all", deadline=None)


def funds(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r'class="card funding-card">\s*<h3><a href="[^"]*">([^<]*)</a>', html)
    return [unescape(name) for name in found]


@time_machine.travel(datetime.datetime(2025, 5, 14, 12, tzinfo=datetime.UTC))
def test_funding_open_now_is_shown_soonest_deadline_first(client, funding):
    response = client.get("/practices/resources/")
    assert funds(response) == ["Closes today", "Place-based change", "Open to all", "Care systems"]
    html = response.content.decode()
    assert 'Deadline: <time datetime="2025-05-14">14 May 2025</time>' in html
    assert "Rolling: apply at any time" in html


@time_machine.travel(datetime.datetime(2025, 5, 14, 12, tzinfo=datetime.UTC))
def test_funding_can_include_closed_funds_marked_closed(client, funding):
    response = client.get("/practices/resources/?funding=all")
    assert funds(response)[0] == "Last year's round"
    assert '<span class="badge">Closed</span>' in response.content.decode()


@time_machine.travel(datetime.datetime(2025, 5, 14, 12, tzinfo=datetime.UTC))
def test_funding_for_a_sector_includes_funds_open_to_every_sector(client, funding):
    assert funds(client.get("/practices/resources/?sector=health")) == [
        "Place-based change",
        "Open to all",
        "Care systems",
    ]
    assert funds(client.get("/practices/resources/?sector=housing&funding=all")) == [
        "Last year's round",
        "Closes today",
        "Place-based change",
        "Open to all",
    ]


@time_machine.travel(datetime.datetime(2025, 5, 14, 12, tzinfo=datetime.UTC))
def test_junk_in_the_resources_address_is_ignored(client, funding):
    response = client.get("/practices/resources/?sector=atlantis&funding=maybe&free=perhaps")
    assert response.status_code == 200
    assert funds(response) == ["Closes today", "Place-based change", "Open to all", "Care systems"]
    assert "errorlist" not in response.content.decode()


def test_reading_lists_books_and_the_practices_they_are_about(client, home_page):
    make_library(home_page)
    loops = make_practice("Causal Loop Diagram")
    draft = make_practice("Draft Loops", live=False)
    make_reading(
        "Thinking in Systems",
        authors="Donella Meadows",
        year=2008,
        practices=[loops, draft],
    )
    make_reading(
        "Systems Thinking for Civil Servants", free_to_read=True, url="https://gov.example"
    )
    html = client.get("/practices/resources/").content.decode()
    assert "Thinking in Systems" in html
    assert "Donella Meadows, 2008" in html
    assert 'About: <a href="/practices/causal-loop-diagram/">Causal Loop Diagram</a></p>' in html
    assert "Draft Loops" not in html

    free = client.get("/practices/resources/?free=on").content.decode()
    assert "Systems Thinking for Civil Servants" in free
    assert "Thinking in Systems<" not in free
