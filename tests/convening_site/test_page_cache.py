"""Whole pages for visitors who are not signed in come from the shared cache, a change purges
the pages it shows on, and nothing made for one person is ever handed to another."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.cache import get_cache_key

from events.views.calendar import new_feed_token
from tests.conftest import signed_in
from tests.events.factories import make_gathering
from tests.factories import make_member
from tests.practices.factories import make_library, make_practice, make_private

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The page cache as with REDIS_URL, on the host the test client asks for."""
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 300
    settings.WAGTAILFRONTENDCACHE = {
        "pages": {"BACKEND": "convening_site.page_cache.PageCacheBackend"}
    }
    settings.SITE_URL = "http://testserver"


def stored(address) -> bool:
    key = get_cache_key(RequestFactory().get(address), settings.CACHE_MIDDLEWARE_KEY_PREFIX)
    return key is not None and cache.get(key) is not None


def fetch(client, address):
    """The response, and whether it came from the cache: a stored page, served without a
    single query."""
    was_stored = stored(address)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    return response, was_stored and len(queries) == 0


def test_a_visitor_is_served_the_stored_page_without_touching_the_database(client, home_page):
    make_practice("Check-in circle")
    first, cached = fetch(client, "/practices/")
    assert not cached

    second, cached = fetch(client, "/practices/")

    assert cached
    assert second.content == first.content
    # The stored headers include the content security policy of the page as first served.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_address_with_a_query_is_made_afresh_each_time(client, home_page):
    make_practice("Check-in circle", purposes=["reflect"])
    make_practice("Rich picture", purposes=["map-the-system"])
    client.get("/practices/?purpose=map-the-system")

    again, cached = fetch(client, "/practices/?purpose=map-the-system")

    assert not cached
    assert "Rich picture" in again.content.decode()
    assert "Check-in circle" not in again.content.decode()


def test_publishing_a_practice_purges_the_library(
    client, home_page, django_capture_on_commit_callbacks
):
    make_library()
    client.get("/practices/")
    draft = make_practice("Three horizons", live=False)
    assert "Three horizons" not in client.get("/practices/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    fresh, cached = fetch(client, "/practices/")
    assert not cached
    assert "Three horizons" in fresh.content.decode()


def test_unpublishing_purges_the_page_and_the_library(
    client, home_page, django_capture_on_commit_callbacks
):
    practice = make_practice("Three horizons")
    address = practice.url
    assert "Three horizons" in client.get("/practices/").content.decode()
    assert client.get(address).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        practice.unpublish()

    assert "Three horizons" not in client.get("/practices/").content.decode()
    assert client.get(address).status_code == 404


def test_a_new_reply_purges_its_gathering_page(
    client, home_page, member, django_capture_on_commit_callbacks
):
    gathering = make_gathering("Open space on housing", capacity=10)
    client.get(gathering.url)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(member).post(f"/gatherings/{gathering.pk}/reply/", {"going": "yes"})

    fresh, cached = fetch(client, gathering.url)
    assert not cached
    assert "1 going of 10, 9 left" in fresh.content.decode()


def test_a_reply_leaves_the_rest_of_the_site_cached(
    client, home_page, member, django_capture_on_commit_callbacks
):
    make_practice("Check-in circle")
    gathering = make_gathering("Open space on housing", capacity=10)
    client.get("/practices/")
    client.get(gathering.url)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(member).post(f"/gatherings/{gathering.pk}/reply/", {"going": "yes"})

    assert fetch(client, "/practices/")[1]
    assert not fetch(client, gathering.url)[1]


def test_a_member_signing_in_does_not_empty_the_cache(client, home_page, member):
    make_practice("Check-in circle")
    client.get("/practices/")

    client_of_member = signed_in(member)  # saves the member's last_login
    client_of_member.get("/")

    assert fetch(client, "/practices/")[1]


def test_a_member_is_never_served_a_stored_page_and_theirs_is_never_stored(
    client, home_page, member
):
    make_practice("Check-in circle")
    client.get("/practices/")
    reader = signed_in(member)

    theirs, cached = fetch(reader, "/practices/")
    assert not cached
    assert "Sign out" in theirs.content.decode()

    visitor = client.get("/")
    assert "Sign out" not in visitor.content.decode()


def test_every_page_for_a_signed_in_member_is_private_to_proxies(home_page, member):
    make_practice("Check-in circle")
    reader = signed_in(member)

    for address in ["/", "/practices/", "/me/", "/members/"]:
        response = reader.get(address)
        assert "private" in response["Cache-Control"], address
        assert "Cookie" in response["Vary"], address


def test_a_visitor_with_a_cookie_gets_a_fresh_page(client, home_page):
    make_practice("Check-in circle")
    client.get("/practices/")
    client.cookies["sessionid"] = "anything"

    assert not fetch(client, "/practices/")[1]


def test_a_page_that_hands_out_a_form_token_is_never_stored(client, home_page):
    practice = make_private(make_practice("Behind a password"))

    first = client.get(practice.url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    client.cookies.clear()

    assert not fetch(client, practice.url)[1]


def test_secret_links_are_never_cached(client, home_page):
    member = make_member(name="Feed Reader")
    address = f"/gatherings/calendar/{new_feed_token(member)}.ics"

    assert client.get(address).status_code == 200
    assert not fetch(client, address)[1]


def test_member_routes_and_forms_are_never_cached(client, home_page):
    for address in ["/accounts/login/", "/accounts/signup/", "/members/", "/circles/", "/me/"]:
        client.get(address)
        assert not stored(address), address


def test_pages_that_were_not_found_are_not_stored(client, home_page):
    client.get("/practices/no-such-practice/")

    assert not fetch(client, "/practices/no-such-practice/")[1]


def test_the_cache_can_be_turned_off(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_practice("Check-in circle")
    client.get("/practices/")

    assert not fetch(client, "/practices/")[1]


def test_pages_are_still_served_when_the_cache_is_down(client, home_page, member, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "convening_site.redis_cache.RedisCacheTheSiteCanLiveWithout",
            # Nothing listens on port 9: every cache call fails at once.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    make_practice("Check-in circle")

    response = client.get("/practices/")
    assert response.status_code == 200
    assert "Check-in circle" in response.content.decode()

    # Sessions are kept in the database as well, so members stay signed in.
    reader = signed_in(member)
    assert reader.get("/me/").status_code == 200
