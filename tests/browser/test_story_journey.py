"""The stories journey of the issue, in Chromium: a member shares a story that used two practices,
an editor approves it in the admin, and it appears on both practices, in search and in the feed.
"""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from playwright.sync_api import expect

import practices.signals  # noqa: F401 (connected in PracticesConfig.ready())
from practices.models import StoryPage
from tests.factories import make_member, make_staff
from tests.practices.factories import make_library, make_practice

from .conftest import DESKTOP, assert_accessible, assert_fits_phone_width, sign_in

MEMBER_PASSWORD = "tea-and-cake-every-tuesday"
EDITOR_PASSWORD = "proof-reading-every-friday"
TITLE = "Kettles and damp walls in Kirklees"


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def library(db):
    make_library()
    return make_practice("World Cafe", slug="world-cafe"), make_practice(
        "Troika Consulting", slug="troika-consulting"
    )


def test_a_member_shares_a_story_an_editor_publishes_and_everyone_can_find_it(
    page, browser, live_server, library
):
    cafe, troika = library
    member = make_member(name="Mo Member")
    member.set_password(MEMBER_PASSWORD)
    member.save()

    # The member shares a story from their space.
    sign_in(page, member.email, MEMBER_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/me/")
    page.get_by_role("link", name="Share a story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share a story")
    assert_accessible(page)
    assert_fits_phone_width(page)

    # A missing section is named, and the rest of what was typed is kept.
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("button", name="Send my story to the editors").click()
    expect(page.locator(".messages")).to_contain_text("nothing has been shared yet")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    assert not StoryPage.objects.exists()
    assert_accessible(page)

    page.get_by_label("Summary").fill("Tenants and housing officers met over tea.")
    page.get_by_label("The situation").fill("Tenants and officers had stopped talking.")
    page.get_by_label("What we did", exact=True).fill("We met in the community kitchen.")
    page.get_by_label("World Cafe").check()
    page.get_by_label("Troika Consulting").check()
    page.get_by_label("How you adapted them").fill("Kitchen tables instead of cafe tables.")
    page.get_by_label("What happened").fill("Officers heard what damp does to a family.")
    page.get_by_label("What we learned").fill("Start with the kettle on.")
    page.get_by_label(re.compile("I have permission to share this story")).check()
    page.get_by_role("button", name="Send my story to the editors").click()

    expect(page).to_have_url(f"{live_server.url}/me/")
    expect(page.locator(".messages")).to_contain_text(
        "Thank you: your story is with the editors. Nothing is public until an editor publishes it."
    )
    expect(page.get_by_text("in review")).to_be_visible()
    story = StoryPage.objects.get()
    assert not story.live

    # Nobody can read it yet.
    visitor = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    anyone = visitor.new_page()
    assert anyone.goto(f"/practices/{story.slug}/").status == 404

    # An editor signs in with an authenticator code and approves it in the admin.
    editor = make_staff(group="Editors", two_factor=False, name="Edie Editor")
    editor.set_password(EDITOR_PASSWORD)
    editor.save()
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    desk = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    admin = desk.new_page()
    sign_in(admin, editor.email, EDITOR_PASSWORD, next_url="/admin/")
    admin.get_by_label("Code").fill(current_code(secret))
    admin.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(admin).to_have_url(f"{live_server.url}/admin/")

    admin.goto(f"/admin/pages/{story.pk}/edit/")
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("approved and published")
    desk.close()

    story.refresh_from_db()
    assert story.live
    assert any(
        email.to == [member.email] and "is published" in email.subject for email in mail.outbox
    )

    # It is on both practices, found by search, and in the feed.
    for practice in (cafe, troika):
        anyone.goto(f"/practices/{practice.slug}/")
        expect(anyone.get_by_role("link", name=TITLE)).to_be_visible()
    feed = anyone.request.get("/practices/feed/").text()
    assert TITLE in feed

    # The member sees it published in their space, and can suggest a practice next.
    page.goto("/me/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    expect(page.get_by_text("published", exact=True)).to_be_visible()
    page.get_by_role("link", name="Suggest a practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest a practice")
    assert_accessible(page)

    anyone.goto("/practices/?show=stories&q=kettle")
    expect(anyone.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.close()
