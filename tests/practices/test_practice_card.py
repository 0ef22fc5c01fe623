"""A practice's one-page card: a "Print this card" control that works without JavaScript (a
link to the card view, which says how to print), enhanced by an external script to print at
once, and print styles that fit the card on one A4 page (tests/browser/test_practice_card.py
counts the pages)."""

import re

import pytest

from .factories import make_library, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(home_page):
    make_library(home_page)
    return make_practice("World Cafe", summary="Conversations at small tables.")


def test_a_practice_offers_to_print_its_card_by_a_link_to_the_card_view(client, practice):
    html = client.get(practice.url).content.decode()
    link = re.search(r'<a class="[^"]*" href="([^"]+)" data-print>Print this card</a>', html)
    assert link is not None
    assert link.group(1) == "?print=card"
    assert re.search(r'<script src="/static/js/print\.js" defer></script>', html)
    assert "<script>" not in html  # no inline script: the CSP allows none
    assert "practice-page--card" not in html


def test_the_card_view_is_the_card_and_says_how_to_print_it(client, practice):
    html = client.get(practice.url, {"print": "card"}).content.decode()
    assert '<article class="practice-page practice-page--card">' in html
    assert "Print it with your browser's Print command" in html
    assert f'<a href="{practice.url}">Back to the whole practice</a>' in html
    # Its own print button needs the script, so it starts hidden.
    assert '<button type="button" class="print-now" data-print hidden>' in html
    assert ">Print this card</a>" not in html
