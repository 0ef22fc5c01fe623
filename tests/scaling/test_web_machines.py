"""Two web machines behind a load balancer serve the same signed-in session and the same content.

Two gunicorn instances (2 sync workers each, DEBUG off) on ports 8301 and 8302 share one
PostgreSQL database and one Redis; the test sends each request to the instance it chooses, as
a load balancer without sticky sessions may. Nothing is kept on one machine that the other
needs: sessions live in the database (read through Redis), cached pages in Redis."""

import secrets

import pytest

from .harness import Visitor, base_env, django_call, start_web

pytestmark = pytest.mark.scaling

A, B = 8301, 8302
PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module")
def scene(shared_services, processes):
    """Two web machines started together, a member who can sign in with PASSWORD, and a public
    gathering with 5 places, made through a third process."""
    start_web(processes, {"web-a": A, "web-b": B}, base_env())
    return django_call("web_scenario", secrets.token_hex(4), PASSWORD)


def sign_in(visitor, port, email, password):
    login = visitor.get(port, "/accounts/login/")
    assert login.status == 200
    assert "csrftoken" in visitor.cookies
    answer = visitor.post(port, "/accounts/login/", {"login": email, "password": password})
    assert answer.status == 302, answer.text[:2000]
    assert answer.headers["Location"] == "/me/"
    assert "sessionid" in visitor.cookies


def test_a_member_signed_in_on_one_machine_is_signed_in_on_the_other(scene):
    member = Visitor()

    sign_in(member, A, scene["email"], PASSWORD)

    on_b = member.get(B, "/me/")
    assert on_b.status == 200
    assert f"Hello, {scene['name']}" in on_b.text
    assert "private" in on_b.headers["Cache-Control"]

    # Signing out on B ends the session everywhere: A no longer knows it either.
    assert member.post(B, "/accounts/logout/", {}).status == 302
    member_again = Visitor()
    member_again.cookies = {**member.cookies}
    on_a = member_again.get(A, "/me/")
    assert on_a.status == 302
    assert on_a.headers["Location"].startswith("/accounts/login/")


def test_what_a_member_does_on_one_machine_shows_on_the_other_at_once(scene):
    page = scene["gathering"]

    # A visitor who is not signed in: A renders the page, B serves A's copy from the shared cache.
    first = Visitor().get(A, page)
    assert first.status == 200
    assert "0 going of 5, 5 left" in first.text
    assert first.headers["X-Page-Cache"] == "miss"
    from_cache = Visitor().get(B, page)
    assert from_cache.headers["X-Page-Cache"] == "hit"
    assert from_cache.text == first.text

    # A member says they are going, through A.
    member = Visitor()
    sign_in(member, A, scene["email"], PASSWORD)
    answer = member.post(A, f"/gatherings/{scene['gathering_id']}/reply/", {"going": "yes"})
    assert answer.status == 302

    # B shows it at once: to the member, and to anyone not signed in (no stale cached copy).
    assert "You are going." in member.get(B, page).text
    anonymous = Visitor().get(B, page)
    assert anonymous.status == 200
    assert "1 going of 5, 4 left" in anonymous.text
    assert anonymous.headers["X-Page-Cache"] == "miss"
    # ...and the fresh page is what A now serves from the cache too.
    again = Visitor().get(A, page)
    assert again.headers["X-Page-Cache"] == "hit"
    assert "1 going of 5, 4 left" in again.text
