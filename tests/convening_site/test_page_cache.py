"""Whole pages for visitors who are not signed in come from the shared cache, go stale the
moment content changes, and nothing made for one person is ever handed to another."""

import pytest
from django.test import override_settings

from convening_site.page_cache import HEADER
from events.views.calendar import new_feed_token
from tests.conftest import signed_in
from tests.events.factories import make_gathering
from tests.factories import make_member
from tests.practices.factories import make_library, make_practice, make_private

pytestmark = pytest.mark.django_db


def cache_state(response):
    return response.get(HEADER)


def test_a_visitor_is_served_the_stored_page_without_touching_the_database(
    client, home_page, django_assert_num_queries
):
    make_practice("Check-in circle")
    first = client.get("/practices/")
    assert cache_state(first) == "miss"

    with django_assert_num_queries(0):
        second = client.get("/practices/")

    assert cache_state(second) == "hit"
    assert second.content == first.content
    # The stored headers include the content security policy of the page as first served.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_each_address_is_its_own_page(client, home_page):
    make_practice("Check-in circle", purposes=["reflect"])
    make_practice("Rich picture", purposes=["map-the-system"])
    client.get("/practices/?purpose=reflect")

    other = client.get("/practices/?purpose=map-the-system")

    assert cache_state(other) == "miss"
    assert "Rich picture" in other.content.decode()


def test_publishing_a_practice_shows_at_once(client, home_page):
    make_library()
    client.get("/practices/")
    draft = make_practice("Three horizons", live=False)
    assert "Three horizons" not in client.get("/practices/").content.decode()

    draft.save_revision().publish()

    fresh = client.get("/practices/")
    assert cache_state(fresh) == "miss"
    assert "Three horizons" in fresh.content.decode()


def test_unpublishing_removes_the_page_from_the_cached_listing(client, home_page):
    practice = make_practice("Three horizons")
    assert "Three horizons" in client.get("/practices/").content.decode()

    practice.unpublish()

    assert "Three horizons" not in client.get("/practices/").content.decode()


def test_a_new_reply_updates_the_cached_gathering_page(client, home_page, member):
    gathering = make_gathering("Open space on housing", capacity=10)
    client.get(gathering.url)

    signed_in(member).post(f"/gatherings/{gathering.pk}/reply/", {"going": "yes"})

    fresh = client.get(gathering.url)
    assert cache_state(fresh) == "miss"
    assert "1 going of 10, 9 left" in fresh.content.decode()


def test_a_member_signing_in_does_not_empty_the_cache(client, home_page, member):
    make_practice("Check-in circle")
    client.get("/practices/")

    client_of_member = signed_in(member)  # saves the member's last_login
    client_of_member.get("/")

    assert cache_state(client.get("/practices/")) == "hit"


def test_a_member_is_never_served_a_stored_page_and_theirs_is_never_stored(
    client, home_page, member
):
    make_practice("Check-in circle")
    client.get("/practices/")
    reader = signed_in(member)

    theirs = reader.get("/practices/")
    assert cache_state(theirs) is None
    assert "Mo Member" in theirs.content.decode() or "Sign out" in theirs.content.decode()

    visitor = client.get("/")
    assert "Mo Member" not in visitor.content.decode()


def test_every_page_for_a_signed_in_member_is_private_to_proxies(home_page, member):
    make_practice("Check-in circle")
    reader = signed_in(member)

    for address in ["/", "/practices/", "/me/", "/members/"]:
        response = reader.get(address)
        assert "private" in response["Cache-Control"], address
        assert "Cookie" in response["Vary"], address


def test_a_visitor_with_a_session_gets_a_fresh_page(client, home_page):
    make_practice("Check-in circle")
    client.get("/practices/")
    client.cookies["sessionid"] = "anything"

    assert cache_state(client.get("/practices/")) is None


def test_a_page_that_hands_out_a_form_token_is_never_stored(client, home_page):
    practice = make_private(make_practice("Behind a password"))

    first = client.get(practice.url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()

    assert cache_state(first) is None
    assert cache_state(client.get(practice.url)) is None


def test_secret_links_are_never_cached(client, home_page):
    member = make_member(name="Feed Reader")
    address = f"/gatherings/calendar/{new_feed_token(member)}.ics"

    assert client.get(address).status_code == 200
    assert cache_state(client.get(address)) is None


def test_member_routes_and_forms_are_never_cached(client, home_page):
    for address in ["/accounts/login/", "/accounts/signup/", "/members/", "/circles/", "/me/"]:
        client.get(address)
        assert cache_state(client.get(address)) is None, address


def test_pages_that_were_not_found_are_not_stored(client, home_page):
    client.get("/practices/no-such-practice/")

    assert cache_state(client.get("/practices/no-such-practice/")) is None


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(client, home_page):
    make_practice("Check-in circle")
    client.get("/practices/")

    assert cache_state(client.get("/practices/")) is None


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "convening_site.cache.ResilientRedisCache",
            # Nothing listens on port 9: every cache call fails at once.
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
)
def test_pages_are_still_served_when_the_cache_is_down(client, home_page, member):
    make_practice("Check-in circle")

    response = client.get("/practices/")
    assert response.status_code == 200
    assert "Check-in circle" in response.content.decode()

    # Sessions are kept in the database as well, so members stay signed in.
    reader = signed_in(member)
    assert reader.get("/me/").status_code == 200
