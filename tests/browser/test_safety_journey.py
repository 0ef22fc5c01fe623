"""The safety journey of issue #21, in Chromium: a member reports another member's profile (a
mistake first: the form says what is missing and keeps what was typed), blocks them after a
page that says what a block does, no longer sees them, and is not seen by them; then finds them
under "People you have blocked" on their own space and unblocks them."""

import pytest
from playwright.sync_api import expect

from members.models import Block, Report
from tests.factories import make_member

from .conftest import DESKTOP, assert_accessible, assert_fits_phone_width, sign_in

PASSWORD = "a-long-test-password"


@pytest.fixture
def bea(browser, live_server):
    # The browser and the live server start before the database is touched (see
    # test_library_journey.py).
    return make_member(name="Bea Blocker")


@pytest.fixture
def cal(bea):
    return make_member(name="Cal Careless")


def test_a_member_reports_blocks_and_unblocks_another(browser, live_server, page, bea, cal):
    sign_in(page, bea.email, PASSWORD)
    page.goto(f"/members/{cal.profile.slug}/")

    page.get_by_role("link", name="Report this profile to the site's staff").click()
    page.get_by_label("Details").fill("Sent me the same advert four times.")
    page.get_by_role("button", name="Send report").click()
    summary = page.get_by_role("heading", name="There is a problem")
    expect(summary).to_be_visible()
    expect(page.get_by_label("Details")).to_have_value("Sent me the same advert four times.")
    assert not Report.objects.exists()
    assert_accessible(page)

    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("The site's staff will look at your report")).to_be_visible()
    report = Report.objects.get()
    assert (report.reporter, report.reason) == (bea, Report.Reason.SPAM)

    page.get_by_role("link", name="Block Cal Careless").click()
    expect(page.get_by_role("heading", name="Block Cal Careless?")).to_be_visible()
    assert not Block.objects.exists(), "Following the link only asks"
    page.get_by_role("button", name="Block Cal Careless").click()
    expect(page.get_by_text("You have blocked Cal Careless")).to_be_visible()
    expect(page.get_by_role("link", name="Cal Careless")).to_have_count(0)

    # Cal, in a browser of their own, can no longer find Bea.
    cals = browser.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    sign_in(cals, cal.email, PASSWORD)
    response = cals.goto(f"/members/{bea.profile.slug}/")
    assert response.status == 404
    cals.context.close()

    page.goto("/me/blocked/")
    expect(page.get_by_role("heading", name="People you have blocked")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone_width(page)
    page.get_by_role("button", name="Unblock Cal Careless").click()
    expect(page.get_by_text("You have unblocked Cal Careless")).to_be_visible()
    expect(page.get_by_text("You have not blocked anyone")).to_be_visible()
    page.goto("/members/")
    expect(page.get_by_role("link", name="Cal Careless")).to_have_count(1)
