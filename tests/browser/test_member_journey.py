"""The members journey of the issue, in Chromium: join, verify, onboard, find someone by sector,
write to them, go hidden, take a copy of your data and leave."""

import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.models import ContactMessage, User

from .conftest import assert_accessible, assert_fits_phone_width, sign_in

pytestmark = pytest.mark.usefixtures("demo_site")

PASSWORD = "tea-and-cake-every-tuesday"
EMAIL = "newcomer@example.org"


def link_in_latest_mail(pattern):
    return re.search(pattern, mail.outbox[-1].body).group(0)


def test_a_newcomer_joins_finds_their_people_and_stays_in_control(page, live_server, browser):
    # Sign up and verify the address from the email.
    page.goto("/")
    page.get_by_role("link", name="Join").click()
    assert_accessible(page)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Your name").fill("Nia Newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign up|Join", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Confirm your", re.I))

    confirm = link_in_latest_mail(r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(confirm.replace(re.match(r"https?://[^/]+", confirm).group(0), live_server.url))
    page.get_by_role("button", name="Confirm").click()

    # Onboarding, once.
    expect(page).to_have_url(f"{live_server.url}/me/welcome/")
    assert_accessible(page)
    assert_fits_phone_width(page)
    page.get_by_label("Role").fill("Convener, healthy places")
    page.get_by_label("Health", exact=True).check()
    page.get_by_label("Interests").fill("co-production, healthy placemaking")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.get_by_role("heading", name="People like you")).to_be_visible()
    assert_accessible(page)

    # Find a demo member by sector, open their profile, write to them.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    page.get_by_label("Sector", exact=True).select_option(label="Housing")
    page.get_by_role("button", name="Show members").click()
    assert_accessible(page)
    assert_fits_phone_width(page)
    page.get_by_role("link", name="Ben Okoro").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ben Okoro")
    assert_accessible(page)
    page.get_by_role("link", name="Send Ben Okoro a message").click()
    page.get_by_label("Message").fill("Hello Ben, I would love to hear about your prevention work.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message is on its way to Ben Okoro.")).to_be_visible()
    message = ContactMessage.objects.get()
    assert message.recipient.profile.display_name == "Ben Okoro"
    assert EMAIL not in mail.outbox[-1].body

    # Go hidden: another member can no longer find the newcomer.
    page.goto("/me/profile/")
    page.get_by_label("Hidden: only me (and the site's staff)").first.check()
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in(other, "member@convening.example", "demo-password-123")
    other.goto("/members/?q=Nia")
    expect(other.get_by_role("heading", name="0 members")).to_be_visible()
    response = other.goto(f"/members/{User.objects.get(email=EMAIL).profile.slug}/")
    assert response.status == 404
    other.context.close()

    # Take a copy of my data, then leave.
    page.goto("/me/data/")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download my data").click()
    with zipfile.ZipFile(waiting.value.path()) as archive:
        assert "profile.json" in archive.namelist()
    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and personal data have been deleted.")).to_be_visible()
    assert not User.objects.filter(email=EMAIL).exists()
