"""The "I have used this" journey of issue #21, in Chromium: a member says on a practice's page
that they have used it, with what worked, and finds it again in their own space at /me/."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_member
from tests.practices.factories import make_library, make_practice

from .conftest import assert_accessible, assert_fits_phone_width


@pytest.fixture
def uma(browser, live_server, home_page):
    # The browser and the live server start before the database is touched (see
    # test_library_journey.py).
    make_library(home_page)
    return make_member(name="Uma User")


@pytest.fixture
def troika(uma):
    return make_practice("Troika Consulting", summary="Three peers help one with a challenge.")


def test_a_member_records_using_a_practice_and_finds_their_note_on_me(page, uma, troika):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(uma.email)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()

    page.goto(troika.url)
    page.get_by_role("link", name="I have used this").click()
    page.get_by_label("Where did you use it?").fill("A ward team away day")
    page.get_by_label("With how many people?").fill("9")
    page.get_by_label("What worked?").fill("Turning our backs made the advice franker.")
    page.get_by_role("button", name="I have used this").click()

    page.goto("/me/")
    heading = page.get_by_role("heading", name="Practices you have used")
    panel = page.locator("section.panel", has=heading)
    expect(panel.get_by_role("link", name="Troika Consulting", exact=True)).to_have_attribute(
        "href", troika.url
    )
    expect(panel).to_contain_text("A ward team away day, with 9 people")
    expect(panel).to_contain_text("What worked: Turning our backs made the advice franker.")
    assert_accessible(page)
    assert_fits_phone_width(page)

    panel.get_by_role("link", name=re.compile("Update your note")).click()
    expect(page.get_by_label("What worked?")).to_have_value(
        "Turning our backs made the advice franker."
    )
