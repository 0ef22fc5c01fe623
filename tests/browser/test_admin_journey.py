"""An editor signs in with a password and an authenticator code, and publishes a change."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import expect

from convening.models import StandardPage
from members.demo import DEMO_EDITOR
from members.models import User

pytestmark = pytest.mark.usefixtures("demo_site")


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_the_demo_editor_signs_in_with_two_factor_and_publishes_a_change(page, live_server):
    email, password, *_ = DEMO_EDITOR
    secret = generate_totp_secret()
    TOTP.activate(User.objects.get(email=email), secret)

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    about = StandardPage.objects.get(slug="about")
    page.goto(f"/admin/pages/{about.pk}/edit/")
    page.locator("#id_title").fill("About us")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")

    page.goto("/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")


def test_an_editor_without_two_factor_is_asked_to_set_it_up_first(page, live_server):
    email, password, *_ = DEMO_EDITOR
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    # Enrolling starts from a link emailed to the account's address (#16, item 4).
    expect(page).to_have_url(re.compile(r"/me/two-factor/"))
    expect(page.get_by_text("need two-factor authentication")).to_be_visible()
