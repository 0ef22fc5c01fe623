"""Parts of pages kept until content changes (`content_cache`): a member's own parts are theirs
alone and carry their browser's CSRF token, every change shows at once, and what one reader
does with a kept value never reaches the next."""

import re

import pytest
from django.test import Client

from convening_site.content_cache import remember
from events.visibility import GatheringVisibility
from practices.models import SavedPractice
from tests.conftest import signed_in
from tests.events.factories import make_gathering
from tests.factories import make_member
from tests.practices.factories import make_library, make_practice, make_private

pytestmark = pytest.mark.django_db


def save(member, practice):
    SavedPractice.objects.create(member=member, practice=practice)


def browser(member, csrf_cookie=None, *, enforce_csrf_checks=False):
    session = Client(enforce_csrf_checks=enforce_csrf_checks)
    session.force_login(member)
    if csrf_cookie:
        session.cookies["csrftoken"] = csrf_cookie
    return session


def test_a_members_kept_space_is_never_handed_to_another_member(home_page):
    make_library(home_page)
    ada, bo = make_member(name="Ada"), make_member(name="Bo")
    save(ada, make_practice("Ada's secret favourite"))
    # The same CSRF cookie in both browsers: the member alone must tell the parts apart.
    cookie = "x" * 32
    ada_page = browser(ada, cookie).get("/me/").content.decode()
    assert "Ada&#x27;s secret favourite" in ada_page
    browser(ada, cookie).get("/me/")  # kept now
    bo_page = browser(bo, cookie).get("/me/").content.decode()
    assert "secret favourite" not in bo_page


def test_a_change_shows_at_once_on_the_members_own_page(home_page):
    make_library(home_page)
    ada = make_member(name="Ada")
    session = browser(ada, "y" * 32)
    assert "Check-in circle" not in session.get("/me/").content.decode()
    practice = make_practice("Check-in circle")
    session.post(f"/practices/{practice.slug}/save/")
    assert "Check-in circle" in session.get("/me/").content.decode()


def posted_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_form_in_a_kept_part_works_in_each_of_the_members_browsers(home_page):
    make_library(home_page)
    ada = make_member(name="Ada")
    first, second = make_practice("Check-in circle"), make_practice("Rich pictures")
    save(ada, first)
    save(ada, second)
    laptop = browser(ada, enforce_csrf_checks=True)
    phone = browser(ada, enforce_csrf_checks=True)
    for session in (laptop, phone):
        session.get("/me/")  # the first page gives the browser its CSRF cookie
    laptop_token = posted_token(laptop.get("/me/").content.decode())
    phone_token = posted_token(phone.get("/me/").content.decode())

    removed = laptop.post(f"/practices/{first.slug}/unsave/", {"csrfmiddlewaretoken": laptop_token})
    assert removed.status_code == 302
    removed = phone.post(f"/practices/{second.slug}/unsave/", {"csrfmiddlewaretoken": phone_token})
    assert removed.status_code == 302
    assert not SavedPractice.objects.filter(member=ada).exists()


def test_members_kept_lists_differ_as_what_they_may_see_differs(home_page):
    host, guest = make_member(name="Hal"), make_member(name="Gus")
    make_gathering("Invitation-only retreat", hosts=[host], visibility=GatheringVisibility.INVITED)
    assert "Invitation-only retreat" in signed_in(host).get("/gatherings/").content.decode()
    assert "Invitation-only retreat" not in signed_in(guest).get("/gatherings/").content.decode()


def test_visitors_never_get_the_listing_kept_for_a_member(client, home_page):
    member = make_member()
    make_gathering("Members' evening", visibility=GatheringVisibility.MEMBERS)
    assert "Members&#x27; evening" in signed_in(member).get("/gatherings/").content.decode()
    assert "Members&#x27; evening" not in client.get("/gatherings/").content.decode()


def test_a_gathering_published_shows_at_once_in_the_kept_listing(client, home_page):
    client.get("/gatherings/")
    make_gathering("Lived experience in the room")
    assert "Lived experience in the room" in client.get("/gatherings/").content.decode()


def test_a_practices_kept_body_changes_when_the_practice_is_published_again(client, home_page):
    make_library(home_page)
    practice = make_practice("Check-in circle", makes_possible="<p>Arriving together.</p>")
    assert "Arriving together." in client.get(practice.url).content.decode()
    practice.makes_possible = "<p>Everyone is heard once.</p>"
    practice.save_revision().publish()
    html = client.get(practice.url).content.decode()
    assert "Everyone is heard once." in html
    assert "Arriving together." not in html


def test_a_page_put_behind_a_password_is_closed_at_the_next_request(client, home_page):
    make_library(home_page)
    practice = make_practice("Check-in circle", makes_possible="<p>Arriving together.</p>")
    assert "Arriving together." in client.get(practice.url).content.decode()
    make_private(practice)
    closed = client.get(practice.url).content.decode()
    assert "csrfmiddlewaretoken" in closed  # the password form
    assert "Arriving together." not in closed


def test_each_reader_of_a_kept_value_gets_their_own_copy():
    first = remember("a-kept-list", lambda: ["shared"])
    first.append("one reader's change")
    assert remember("a-kept-list", lambda: ["worked out again"]) == ["shared"]
