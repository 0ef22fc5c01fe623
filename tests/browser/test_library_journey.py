"""A visitor browses the practice library in Chromium: ticks a purpose and a tradition, reads
the counts, searches, opens a practice and prints it; asks "Where do I start?"; and does the
same without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.practices.factories import (
    make_collection,
    make_concept,
    make_library,
    make_practice,
    make_story,
)

from .conftest import PHONE, assert_accessible, assert_fits_phone_width


@pytest.fixture
def small_library(browser, live_server, home_page):
    # The browser and the live server start before the database is touched: the other way
    # round, the test database's saved contents are lost and the next test finds no site.
    make_library(home_page, introduction="Tools and stories that work, in our own words.")
    make_concept("Feedback", definition="When an effect comes back to change its cause.")
    picture = make_practice(
        "Rich Picture",
        summary="Draw the situation, people, conflicts and all, on one large sheet.",
        kind="tool",
        purposes=["map-the-system", "surface-perspectives"],
        traditions=["soft-systems"],
        minutes_max=75,
    )
    loops = make_practice(
        "Causal Loop Diagram",
        summary="Trace the feedback loops that keep a problem in place.",
        kind="tool",
        purposes=["map-the-system", "find-leverage"],
        traditions=["system-dynamics"],
        concepts=["feedback"],
        minutes_max=120,
    )
    make_practice(
        "CATWOE",
        summary="Six questions that show how differently people see a system.",
        purposes=["frame-the-situation"],
        traditions=["soft-systems"],
        minutes_max=45,
    )
    cafe = make_practice(
        "World Cafe",
        summary="Conversations at small tables that cross-pollinate ideas.",
        purposes=["surface-perspectives"],
        traditions=["participatory-and-dialogic"],
        participation=["co-designed"],
        minutes_max=120,
    )
    make_practice("Unfinished Mapping", purposes=["map-the-system"], live=False)
    make_story(
        "Housing First in Leeds",
        summary="Landlords, tenants and the council drew the system together.",
        place="Leeds",
        sectors=["housing"],
        practices=[picture, cafe],
    )
    make_collection("First mapping workshop", practices=[picture, loops])


pytestmark = pytest.mark.usefixtures("small_library")


def card_titles(page):
    return page.locator(".library-results .card h3").all_inner_texts()


def test_a_visitor_filters_searches_opens_and_prints_a_practice(page):
    page.goto("/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practices")
    expect(page.locator("#results-heading")).to_have_text("4 practices")
    assert_accessible(page)
    assert_fits_phone_width(page)

    # Purpose is open from the start; the other facets open on demand.
    page.get_by_label("Map the system (2)").check()
    page.locator("summary", has_text="Tradition").click()
    page.get_by_label("Soft systems (2)").check()
    page.get_by_role("button", name="Show results").click()

    expect(page).to_have_url(re.compile(r"purpose=map-the-system&.*tradition=soft-systems"))
    expect(page.locator("#results-heading")).to_have_text("1 practice")
    assert card_titles(page) == ["Rich Picture"]
    # Counts now say what each other choice would add to these results.
    expect(page.get_by_label("Map the system (1)")).to_be_checked()
    expect(page.get_by_label("Surface perspectives (1)")).not_to_be_checked()
    expect(page.get_by_role("link", name="Remove filter: Soft systems")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone_width(page)

    # Start again and search.
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Search the library").fill("feedback loops")
    page.get_by_role("button", name="Show results").click()
    expect(page.locator("#results-heading")).to_have_text("1 practice for “feedback loops”")
    assert card_titles(page) == ["Causal Loop Diagram"]

    # Open it, and print it: the site's header and navigation stay off the paper.
    page.get_by_role("link", name="Causal Loop Diagram").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Causal Loop Diagram")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.emulate_media(media="screen")


def test_on_a_phone_the_results_come_first_and_the_filters_wait_behind_one_control(page):
    page.set_viewport_size(PHONE)
    page.goto("/practices/")
    assert page.locator(".site-header").bounding_box()["height"] <= 100
    assert page.locator(".library-results .card").first.bounding_box()["y"] < 900
    expect(page.get_by_label("Map the system (2)")).to_be_hidden()

    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Map the system (2)").check()
    page.get_by_role("button", name="Show results").click()
    expect(page.locator("#results-heading")).to_have_text("2 practices")
    expect(page.locator(".library-more > summary")).to_have_text("Filters (1 chosen)")
    assert page.locator(".library-results .card").first.bounding_box()["y"] < 900
    assert_accessible(page)

    # The chip removes the filter, from the keyboard too.
    page.get_by_role("link", name="Remove filter: Map the system").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_have_text("4 practices")
    assert_fits_phone_width(page)


def test_a_visitor_reads_stories_and_the_glossary(page):
    page.goto("/practices/")
    page.get_by_label("Stories").check()
    page.get_by_role("button", name="Show results").click()
    expect(page.locator("#results-heading")).to_have_text("1 story")
    assert card_titles(page) == ["Housing First in Leeds"]
    expect(page.get_by_label("World Cafe (1)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Glossary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary")
    expect(
        page.locator("#feedback").get_by_role("link", name="Causal Loop Diagram")
    ).to_be_visible()
    assert_accessible(page)
    assert_fits_phone_width(page)


def test_where_do_i_start_suggests_practices_and_a_collection(page):
    page.goto("/practices/")
    page.get_by_role("link", name="Where do I start?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where do I start?")
    assert_accessible(page)
    assert_fits_phone_width(page)

    page.get_by_label("Map the system").check()
    page.get_by_label(re.compile("Contested")).check()
    page.get_by_label("Up to half a day").check()
    page.get_by_label("How many people will take part?").fill("12")
    page.get_by_role("button", name="Suggest practices").click()

    suggestions = page.locator("section[aria-labelledby=suggestions-heading] .card h3")
    expect(page.get_by_role("heading", name="Practices to start with")).to_be_visible()
    assert suggestions.all_inner_texts() == ["Rich Picture"]
    expect(page.get_by_role("heading", name="A collection to begin with")).to_be_visible()
    expect(page.get_by_role("link", name="First mapping workshop")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone_width(page)

    # The same answers, as the library's filters, in a link that can be shared.
    page.get_by_role("link", name=re.compile("See all 1 matching practice")).click()
    expect(page.locator("#results-heading")).to_have_text("1 practice")
    assert card_titles(page) == ["Rich Picture"]
    expect(page.get_by_label("How many people")).to_have_value("12")


def test_the_library_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/practices/")
    tab.get_by_label("Map the system (2)").check()
    tab.get_by_role("button", name="Show results").click()
    expect(tab.locator("#results-heading")).to_have_text("2 practices")
    assert tab.locator(".library-results .card h3").all_inner_texts() == [
        "Causal Loop Diagram",
        "Rich Picture",
    ]
    tab.get_by_role("link", name="Where do I start?").click()
    tab.get_by_label("Surface perspectives").check()
    tab.get_by_role("button", name="Suggest practices").click()
    expect(tab.get_by_role("heading", name="Practices to start with")).to_be_visible()
    context.close()
