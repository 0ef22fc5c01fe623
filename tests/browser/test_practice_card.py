"""A practice prints as a one-page card: the longest in the demo library fits on one A4 page,
and "Print this card" works without JavaScript."""

import re

from playwright.sync_api import expect

from practices.models import PracticePage


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_every_demo_practice_prints_on_one_a4_page(page, demo_site):
    printed = {}
    for practice in PracticePage.objects.live():
        page.goto(practice.url)
        printed[practice.slug] = pages_in(page.pdf(format="A4", prefer_css_page_size=True))
    assert {slug: n for slug, n in printed.items() if n != 1} == {}


def test_print_this_card_leads_to_the_card_view_without_javascript(browser, live_server, demo_site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(PracticePage.objects.get(slug="soft-systems-methodology").url)
    tab.get_by_role("link", name="Print this card").click()
    expect(tab).to_have_url(re.compile(r"\?print=card$"))
    expect(tab.get_by_text("it fits on one A4 page")).to_be_visible()
    expect(tab.get_by_role("heading", name="Used in", exact=False)).to_be_hidden()
    expect(tab.get_by_role("button", name="Print this card")).to_be_hidden()
    assert pages_in(tab.pdf(format="A4", prefer_css_page_size=True)) == 1
    context.close()
