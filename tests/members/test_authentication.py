"""Accounts: sign up with an email address, verify it, sign in by password or one-time code;
staff need two-factor authentication before the admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from members.models import Profile, User

from ..factories import make_member

pytestmark = pytest.mark.django_db

PASSWORD = "tea-and-cake-at-eleven"


def sign_up(client, email="new@example.org", password=PASSWORD, name="Nia New"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password, "display_name": name},
    )


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_signing_up_creates_an_unverified_account_with_a_profile_and_sends_a_link(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert Profile.objects.get(user=user).display_name == "Nia New"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_the_emailed_link_verifies_the_address_and_leads_to_onboarding(client):
    sign_up(client)
    link = confirmation_link(mail.outbox[0])
    response = client.post(link, follow=True)
    assert EmailAddress.objects.get(email="new@example.org").verified
    assert response.redirect_chain[-1][0] == "/me/welcome/"
    user = User.objects.get(email="new@example.org")
    assert user.groups.filter(name="Members").exists()


def test_passwords_need_twelve_characters_and_no_composition_rules(client):
    response = sign_up(client, password="short-pass")
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.exists()
    sign_up(client, password="all lower case words")
    assert User.objects.count() == 1


def test_production_hashes_passwords_with_argon2():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from convening_site import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()  # fails here if argon2-cffi is not installed
    assert hasher.encode("a-long-password", hasher.salt()).startswith("argon2$argon2id$")


def test_signing_up_with_a_taken_address_looks_the_same_and_creates_nothing(client):
    existing = make_member(name="Already Here")
    response = sign_up(client, email=existing.email.upper())
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=existing.email).count() == 1
    # The owner of the address is told instead; the stranger learns nothing.
    assert mail.outbox[-1].to == [existing.email.upper()] or mail.outbox[-1].to == [existing.email]


def test_an_unverified_account_cannot_sign_in(client):
    user = make_member(name="Una", verified=False)
    user.set_password(PASSWORD)
    user.save()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_a_member_signs_in_with_a_one_time_code_sent_by_email(client):
    user = make_member(name="Cody")
    client.post("/accounts/login/code/", {"email": user.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_admin_login_page_sends_people_to_the_one_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_repeated_wrong_passwords_are_refused_even_when_right(client, settings):
    user = make_member(name="Target")
    user.set_password(PASSWORD)
    user.save()
    for _ in range(6):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-x"})
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(client):
    user = make_member(name="Target")
    user.set_password(PASSWORD)
    user.save()
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        stranger.post("/accounts/login/", {"login": user.email, "password": "wrong-password-x"})
    refused = stranger.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in stranger.session
    assert refused.status_code in (200, 429)

    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_account_pages_use_the_site_layout(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="#main"' in html
    assert "/static/css/site.css" in html
