"""The library's filters on a small screen: behind one "Filters" control that needs no
JavaScript (a <details>), with the filters in force shown above the results as chips, each a
link that removes it."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from .factories import make_library, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    make_library(home_page)
    make_practice("Ward Huddle", summary="A daily check-in for a ward.", sectors=["health"])
    make_practice(
        "Rich Picture",
        summary="Draw the situation on one large sheet.",
        sectors=["health", "housing"],
        purposes=["map-the-system"],
    )


def filters_control(html: str) -> str:
    return re.search(r'<details class="library-more"[^>]*>\s*<summary>(.*?)</summary>', html)


def chips(html: str) -> list[tuple[str, str]]:
    """(accessible name, address) of each chip."""
    found = re.findall(r'<a class="chip" href="([^"]*)">(.*?)</a>', html, re.S)
    return [
        (
            unescape(re.sub(r"<[^>]+>", "", text)).replace("\N{MULTIPLICATION SIGN}", "").strip(),
            unescape(href),
        )
        for href, text in found
    ]


def query(href: str) -> set[tuple[str, str]]:
    return set(parse_qsl(urlsplit(href).query))


def test_the_filters_wait_behind_one_closed_control_after_the_search_box(client, library):
    html = client.get("/practices/").content.decode()
    control = filters_control(html)
    assert control is not None
    assert "open" not in control.group(0).split(">")[0]
    assert control.group(1) == "Filters"
    # The search box comes before it, the results after it.
    assert html.index('type="search"') < control.start() < html.index('id="results-heading"')
    assert 'class="chips' not in html


def test_the_control_counts_the_filters_chosen(client, library):
    html = client.get("/practices/?sector=health&purpose=map-the-system&q=draw").content.decode()
    assert filters_control(html).group(1) == "Filters (2 chosen)"


def test_each_filter_in_force_is_a_chip_that_removes_it(client, library):
    html = client.get("/practices/?sector=health&sector=housing&q=sheet&people=5").content.decode()
    found = dict(chips(html))
    assert set(found) == {
        "Remove filter: Health",
        "Remove filter: Housing",
        "Remove filter: Search “sheet”",
        "Remove filter: 5 people",
    }
    assert query(found["Remove filter: Health"]) == {
        ("q", "sheet"),
        ("sector", "housing"),
        ("people", "5"),
    }
    assert query(found["Remove filter: Search “sheet”"]) == {
        ("sector", "health"),
        ("sector", "housing"),
        ("people", "5"),
    }
    # Following a chip's link removes that filter and keeps the others.
    after = client.get(found["Remove filter: Housing"]).content.decode()
    assert dict(chips(after)).keys() == {
        "Remove filter: Health",
        "Remove filter: Search “sheet”",
        "Remove filter: 5 people",
    }
