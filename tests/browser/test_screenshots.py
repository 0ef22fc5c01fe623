"""The main pages at 360 and 1280 px, photographed for review (#21).

`make screenshots` writes them to screenshots/ (SCREENSHOTS_DIR); the browser suite takes them
into a temporary folder, so every run also proves each page answers, fits a phone and lets
axe find nothing serious.
"""

import os
from pathlib import Path

import pytest

from events.models import EventPage
from events.visibility import GatheringVisibility
from members.demo import PASSWORD
from practices.models import StoryPage

from .conftest import DESKTOP, PHONE, assert_accessible, assert_fits_phone_width, sign_in

pytestmark = pytest.mark.usefixtures("demo_site")

MEMBER = "member@convening.example"


def main_pages():
    """(name, address, signed in) for each page a reviewer looks at."""
    gathering = (
        EventPage.objects.live().filter(visibility=GatheringVisibility.PUBLIC).order_by("starts_at")
    ).first()
    story = StoryPage.objects.live().public().first()
    return [
        ("home", "/", False),
        ("library", "/practices/", False),
        ("practice", "/practices/rich-pictures/", False),
        ("story", story.url, False),
        ("gatherings", "/gatherings/", False),
        ("gathering", gathering.url, False),
        ("sign-up", "/accounts/signup/", False),
        ("home-member", "/", True),
        ("me", "/me/", True),
        ("members", "/members/", True),
        ("circles", "/circles/", True),
        ("portfolio", "/me/portfolio/", True),
        ("gathering-member", gathering.url, True),
    ]


def test_the_main_pages_are_photographed_at_phone_and_desktop_widths(page, tmp_path):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    signed_in = False
    for name, address, as_member in main_pages():
        if as_member and not signed_in:
            sign_in(page, MEMBER, PASSWORD)
            signed_in = True
        response = page.goto(address)
        assert response.ok, f"{address} answered {response.status}"
        assert_fits_phone_width(page)
        assert_accessible(page)
        for width, viewport in (("360", PHONE), ("1280", DESKTOP)):
            page.set_viewport_size(viewport)
            page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        page.set_viewport_size(DESKTOP)
    assert len(list(folder.glob("*.png"))) >= 26
