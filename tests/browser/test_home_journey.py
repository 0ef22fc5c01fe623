"""A visitor's first look: the home page, the main navigation, the keyboard, at any width."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, assert_fits_phone_width

pytestmark = pytest.mark.usefixtures("demo_site")


def test_a_visitor_reads_the_home_page_and_follows_the_main_navigation(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Convening")
    expect(page.get_by_role("heading", name="What we do together")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone_width(page)

    navigation = page.get_by_role("navigation", name="Main")
    links = navigation.get_by_role("link")
    names = links.all_inner_texts()
    assert "About" in names
    for name in names:
        page.goto("/")
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        current = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        expect(current).to_have_attribute("aria-current", "page")
        assert_accessible(page)
        assert_fits_phone_width(page)


def test_the_keyboard_reaches_the_content_first_through_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_an_unknown_address_shows_the_404_page_in_the_layout(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")
    assert_accessible(page)


def test_the_site_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/")
    tab.get_by_role("link", name="About").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("About")
    context.close()
