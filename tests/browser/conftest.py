"""Real journeys in Debian's Chromium, driven by Playwright, against Django's live server."""

import os
import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data, so each test empties the database after
            # itself; serialized rollback restores what the migrations created (site, groups).
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make while
    # it runs are ordinary synchronous ones, so Django's async-safety guard is lifted, for the
    # browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo_site(settings):
    """The demo community, rebuilt for each test."""
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False


@pytest.fixture
def page(browser, live_server):
    """A fresh tab whose console is watched: a CSP violation or script error fails the test."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    tab = context.new_page()
    problems = []

    def on_console(message):
        # A page answering 404 reports its own status; only other failures are problems.
        if message.type == "error" and message.location.get("url") != tab.url:
            problems.append(f"{message.text} ({message.location.get('url')})")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    yield tab
    context.close()
    assert not problems, f"The browser reported errors: {problems}"


def assert_accessible(page):
    """axe-core finds no violation of serious or critical impact, on a desktop and at 360 px."""
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = Axe().run(page).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        assert not serious, f"{page.url} at {viewport['width']}px: {serious}"
    page.set_viewport_size(DESKTOP)


def assert_fits_phone_width(page):
    """Nothing forces sideways scrolling on a 360 px wide phone."""
    page.set_viewport_size(PHONE)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size(DESKTOP)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 360px"


def sign_in(tab, email, password, *, next_url=""):
    """Sign in through the form, as a person does."""
    tab.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password", exact=True).fill(password)
    tab.get_by_role("button", name=re.compile("Sign in", re.I)).click()
