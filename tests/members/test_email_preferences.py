"""A member chooses which emails they get at /me/email/; every email's unsubscribe link turns
them off without signing in, and only for the member it was sent to."""

import base64
import re

import pytest
from django.test import Client

from members.models import Profile
from members.notifications import unsubscribe_url

from ..factories import profile_of

pytestmark = pytest.mark.django_db

PREFERENCES = "/me/email/"


def path_of(link):
    return link.removeprefix("http://localhost:8000")


def test_visitors_are_sent_to_sign_in_and_come_back(client):
    response = client.get(PREFERENCES)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PREFERENCES}"


def test_a_member_sees_their_current_choices(member_client):
    response = member_client.get(PREFERENCES)

    page = response.content.decode()
    assert "Reminders before gatherings and circle sessions" in page
    assert "A digest of new stories and upcoming gatherings" in page
    assert "Let other members send me messages through the site" in page
    assert re.search(r'<input type="radio" name="digest" value="monthly"[^>]* checked>', page)
    assert re.search(r'<input type="checkbox" name="reminders"[^>]* checked>', page)


def test_a_member_changes_their_preferences_and_they_are_saved(member, member_client):
    response = member_client.post(
        PREFERENCES, {"digest": "weekly", "open_to_contact": "on"}, follow=True
    )

    profile = profile_of(member)
    assert profile.digest == Profile.Digest.WEEKLY
    assert profile.reminders is False
    assert profile.open_to_contact is True
    assert "Your email preferences are saved." in response.content.decode()


def test_a_digest_choice_we_do_not_offer_changes_nothing_and_says_why(member, member_client):
    response = member_client.post(PREFERENCES, {"digest": "hourly", "reminders": ""})

    page = response.content.decode()
    assert "Nothing was changed." in page
    assert "Choose weekly, monthly or never for the digest." in page
    profile = profile_of(member)
    assert profile.digest == Profile.Digest.MONTHLY
    assert profile.reminders is True


def test_the_unsubscribe_link_asks_first_and_changes_nothing_on_opening(member, client):
    response = client.get(path_of(unsubscribe_url(member)))

    page = response.content.decode()
    assert "This will turn off reminders and the digest." in page
    assert '<form method="post">' in page
    profile = profile_of(member)
    assert profile.reminders is True
    assert profile.digest == Profile.Digest.MONTHLY


def test_the_unsubscribe_button_works_without_signing_in(member):
    browser = Client(enforce_csrf_checks=True)
    link = path_of(unsubscribe_url(member))
    browser.get(link)

    response = browser.post(link, {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})

    page = response.content.decode()
    assert "You are unsubscribed" in page
    assert 'href="/me/email/"' in page
    profile = profile_of(member)
    assert profile.reminders is False
    assert profile.digest == Profile.Digest.NEVER


def test_the_unsubscribe_button_refuses_a_post_without_the_csrf_token(member):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(path_of(unsubscribe_url(member)))

    assert response.status_code == 403
    assert profile_of(member).reminders is True


def test_a_digest_unsubscribe_link_turns_off_only_the_digest(member, client):
    client.post(path_of(unsubscribe_url(member, "digest")))

    profile = profile_of(member)
    assert profile.digest == Profile.Digest.NEVER
    assert profile.reminders is True


def test_a_reminders_unsubscribe_link_turns_off_only_reminders(member, client):
    client.post(path_of(unsubscribe_url(member, "reminders")))

    profile = profile_of(member)
    assert profile.reminders is False
    assert profile.digest == Profile.Digest.MONTHLY


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused_clearly(member, client, method):
    link = path_of(unsubscribe_url(member))
    tampered = link[:-3] + ("A" if link[-2] != "A" else "B") + "/"

    response = getattr(client, method)(tampered)

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert profile_of(member).reminders is True


def test_a_malformed_unsubscribe_link_is_refused_clearly(client):
    response = client.get("/members/unsubscribe/not-a-token/")

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()


def test_one_members_link_cannot_change_another_members_preferences(
    member, other_member, other_client
):
    """Olu, signed in, follows Mo's link: only Mo's choices change, never Olu's."""
    other_client.post(path_of(unsubscribe_url(member)))

    assert profile_of(member).reminders is False
    olu = profile_of(other_member)
    assert olu.reminders is True
    assert olu.digest == Profile.Digest.MONTHLY


def test_a_link_cannot_be_rewritten_to_name_another_member(member, other_member, client):
    """Swapping the member in the signed part breaks the signature."""
    link = path_of(unsubscribe_url(member))
    token = link.rstrip("/").rsplit("/", 1)[1]
    _payload, signature = token.split(":", 1)
    forged_payload = (
        base64.urlsafe_b64encode(f'{{"user":{other_member.pk},"scope":"all"}}'.encode())
        .decode()
        .rstrip("=")
    )

    response = client.post(f"/members/unsubscribe/{forged_payload}:{signature}/")

    assert response.status_code == 400
    assert profile_of(other_member).reminders is True
