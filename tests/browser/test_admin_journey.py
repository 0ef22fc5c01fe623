"""An editor signs in to the Wagtail admin with the demo credentials and edits a page."""

import pytest
from playwright.sync_api import expect

from convening.models import StandardPage
from members.demo import DEMO_EDITOR

pytestmark = pytest.mark.usefixtures("demo_site")


def test_the_demo_editor_signs_in_and_publishes_a_change_under_the_admin_policy(page):
    email, password, *_ = DEMO_EDITOR
    page.goto("/admin/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/")

    about = StandardPage.objects.get(slug="about")
    page.goto(f"/admin/pages/{about.pk}/edit/")
    page.locator("#id_title").fill("About us")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")

    page.goto("/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
