"""A member takes a copy of their data, then deletes their account, in a real browser."""

import json
import re
import zipfile

from playwright.sync_api import expect

from members.models import User
from tests.factories import make_member, profile_of

from .conftest import assert_accessible

PASSWORD = "a-long-test-password"


def test_a_member_downloads_their_data_and_then_deletes_their_account(page, live_server):
    user = make_member(name="Dara Departing", headline="Housing partnerships")
    user.set_password(PASSWORD)
    user.save()
    profile = profile_of(user)
    profile.onboarding = profile.Onboarding.SKIPPED
    profile.save()

    # A visitor asking for their data page is asked to sign in, then comes back to it.
    page.goto("/me/data/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sign in", re.I))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()

    expect(page).to_have_url(f"{live_server.url}/me/data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    assert_accessible(page)

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download my data").click()
    download = waiting.value
    assert re.fullmatch(r"convening-my-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    with zipfile.ZipFile(download.path()) as archive:
        exported = json.loads(archive.read("profile.json"))
    assert exported["display_name"] == "Dara Departing"
    assert exported["headline"] == "Housing partnerships"

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete my account")
    assert_accessible(page)

    # A wrong password deletes nothing and says why.
    page.get_by_label("Your current password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_text("That is not your current password. Nothing has been deleted.", exact=True)
    ).to_be_visible()
    assert User.objects.filter(pk=user.pk).exists()
    assert_accessible(page)

    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Your account and personal data have been deleted.")).to_be_visible()
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()
    assert not User.objects.filter(pk=user.pk).exists()
