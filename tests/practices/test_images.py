"""Pictures on stories and practices: responsive renditions with their size set, so the page
does not jump while they load, and lazy below the fold."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from practices.demo_images import illustrate, illustration
from tests.practices.factories import make_practice, make_story

pytestmark = pytest.mark.django_db


def test_an_illustration_is_a_small_webp_picture():
    picture = illustration(3)

    assert picture[8:12] == b"WEBP"
    assert len(picture) < 60_000


def test_a_story_shows_its_picture_in_every_size_with_its_description(client, home_page):
    story = make_story("Housing and health together")
    illustrate([story])

    html = client.get(story.url).content.decode()

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert "480w" in picture
    assert "1200w" in picture
    assert re.search(r'<img[^>]* width="\d+"', picture)
    assert re.search(r'<img[^>]* height="\d+"', picture)
    assert 'alt="Groups of people drawn as circles' in picture
    # The first thing seen on the page: fetched early, never lazily.
    assert 'loading="lazy"' not in picture


def test_story_cards_load_their_pictures_lazily(client, home_page):
    illustrate([make_story("Housing and health together")])

    html = client.get("/practices/?show=stories").content.decode()

    card = re.search(r'<article class="card story-card">.*?</article>', html, re.S).group(0)
    assert 'loading="lazy"' in card
    assert 'alt=""' in card  # the title beside it says what the card is


def test_a_page_of_illustrated_stories_reads_their_pictures_in_a_fixed_number_of_queries(
    client, home_page, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    practice = make_practice("Open space")

    def stories_page_queries():
        client.get("/practices/?show=stories")  # renditions are made on the first view
        cache.clear()  # the listing's own fragment cache: count the work of the page
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/practices/?show=stories").status_code == 200
        return len(queries)

    illustrate([make_story(f"Story {n}", practices=[practice]) for n in range(3)])
    few = stories_page_queries()
    illustrate([make_story(f"Later story {n}", practices=[practice]) for n in range(12)])
    many = stories_page_queries()

    assert many == few
    assert get_image_model().objects.count() == 15


def test_a_practice_shows_its_picture(client, home_page):
    practice = make_practice("Rich picture")
    illustrate([practice])

    html = client.get(practice.url).content.decode()

    assert "<picture>" in html
