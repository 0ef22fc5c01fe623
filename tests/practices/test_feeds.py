"""The RSS and Atom feeds of new practices and stories: only what anyone may read."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from .factories import make_collection, make_library, make_practice, make_private, make_story

pytestmark = pytest.mark.django_db

RSS = reverse("practices:feed")
ATOM = reverse("practices:atom_feed")
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://convening.example"


@pytest.fixture
def library(home_page):
    return make_library(home_page)


def parse(content):
    return ET.fromstring(content)  # noqa: S314 (our own feed, not untrusted input)


def rss_items(client):
    response = client.get(RSS)
    assert response["Content-Type"].startswith("application/rss+xml")
    return parse(response.content).findall("./channel/item")


def test_the_rss_feed_lists_new_practices_and_stories_newest_first(client, library):
    cafe = make_practice(
        "World Cafe",
        slug="world-cafe",
        summary="Many small conversations.",
        first_published_at=datetime.date(2025, 1, 10),
    )
    make_story(
        "Tea in Kirklees",
        slug="tea-in-kirklees",
        summary="Tenants and officers over tea.",
        practices=[cafe],
        first_published_at=datetime.date(2025, 3, 1),
    )

    items = rss_items(client)

    assert [item.findtext("title") for item in items] == ["Tea in Kirklees", "World Cafe"]
    story = items[0]
    assert story.findtext("description") == "Tenants and officers over tea."
    assert story.findtext("link") == "https://convening.example/practices/tea-in-kirklees/"
    assert story.findtext("pubDate").startswith("Sat, 01 Mar 2025")
    assert story.findtext("category") == "Story"
    assert items[1].findtext("category") == "Practice"


def test_the_atom_feed_has_the_same_entries(client, library):
    make_practice("World Cafe", slug="world-cafe", summary="Many small conversations.")
    response = client.get(ATOM)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    [entry] = feed.findall("atom:entry", ATOM_NS)
    assert entry.findtext("atom:title", namespaces=ATOM_NS) == "World Cafe"
    assert entry.findtext("atom:summary", namespaces=ATOM_NS) == "Many small conversations."
    link = entry.find("atom:link", ATOM_NS).get("href")
    assert link == "https://convening.example/practices/world-cafe/"
    assert entry.findtext("atom:published", namespaces=ATOM_NS)


def test_the_feed_links_to_the_library(client, library):
    channel = parse(client.get(RSS).content).find("channel")
    assert channel.findtext("link") == "https://convening.example/practices/"


def test_drafts_stories_in_review_and_restricted_pages_are_never_in_the_feeds(client, library):
    cafe = make_practice("World Cafe")
    make_practice("Unfinished practice", live=False)
    make_story("Story in review", practices=[cafe], live=False)
    make_practice("Members only practice", private=True)
    make_story("Members only story", practices=[cafe], private=True)
    make_collection("A starter kit", practices=[cafe])

    for address in (RSS, ATOM):
        feed = client.get(address).content.decode()
        assert "World Cafe" in feed
        for hidden in (
            "Unfinished practice",
            "Story in review",
            "Members only practice",
            "Members only story",
            "A starter kit",
        ):
            assert hidden not in feed, f"{hidden} is in {address}"


def test_a_page_under_a_restricted_library_is_not_in_the_feeds(client, library):
    make_practice("World Cafe")
    make_private(library)
    assert rss_items(client) == []


def test_an_unpublished_page_leaves_the_feeds(client, library):
    cafe = make_practice("World Cafe")
    cafe.unpublish()
    assert rss_items(client) == []


def test_the_feeds_hold_the_thirty_newest(client, library, django_assert_max_num_queries):
    for day in range(1, 33):
        published = datetime.date(2025, 1, 1) + datetime.timedelta(days=day)
        make_practice(f"Practice {day:02}", first_published_at=published)
    with django_assert_max_num_queries(8):
        titles = [item.findtext("title") for item in rss_items(client)]
    assert len(titles) == 30
    assert titles[0] == "Practice 32"
    assert "Practice 02" not in titles


# Finding the feeds ---------------------------------------------------------------------------


def feed_links(html):
    """(type, href) of each `<link rel="alternate">` in the page's head."""
    head = html.split("</head>", 1)[0]
    return set(re.findall(r'<link rel="alternate" type="([^"]+)"[^>]* href="([^"]+)"', head))


def test_the_library_and_the_home_page_announce_their_feeds_to_feed_readers(client, library):
    for address in ("/", library.url):
        html = client.get(address).content.decode()
        links = feed_links(html)
        assert ("application/rss+xml", RSS) in links, address
        assert ("application/atom+xml", ATOM) in links, address


def test_the_home_page_also_announces_the_gatherings_feed_and_calendar(client, library):
    links = feed_links(client.get("/").content.decode())
    assert ("application/rss+xml", "/gatherings/feed/") in links
    assert ("text/calendar", reverse("events:public_calendar")) in links


def test_people_find_the_feeds_on_the_library_the_home_page_and_in_every_footer(client, library):
    for address in ("/", library.url):
        main = client.get(address).content.decode().split("<main", 1)[1].split("</main>")[0]
        assert f'<a href="{RSS}">RSS</a>' in main, address
        assert f'<a href="{ATOM}">Atom</a>' in main, address
    footer = client.get("/privacy-or-anything/").content.decode().split("<footer", 1)[1]
    assert f'<a href="{RSS}">RSS</a>' in footer
    assert '<a href="/gatherings/feed/">RSS</a>' in footer
    assert f'<a href="{reverse("events:public_calendar")}">your calendar</a>' in footer
