"""An address belongs to whoever confirms it (#16, item 10): an unconfirmed sign-up or a
pending change of address does not keep the address's owner from joining."""

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from members.models import User
from tests.conftest import signed_in
from tests.factories import make_member

pytestmark = pytest.mark.django_db

OWNER = "owner@example.org"
PASSWORD = "tea-and-cake-at-eleven"


def sign_up(email, name, password=PASSWORD):
    return Client().post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password, "display_name": name},
    )


def confirmation_emails_to(address):
    return [m for m in mail.outbox if m.to == [address] and "confirm-email" in m.body]


def test_a_sign_up_nobody_confirmed_does_not_keep_the_owner_out():
    with time_machine.travel("2026-12-01 09:00Z", tick=False):
        sign_up(OWNER, "Squatter", password="squatters-own-password-1")
    squatter = User.objects.get(email=OWNER)
    mail.outbox.clear()

    # Later: allauth sends one confirmation to an address every few minutes at most.
    with time_machine.travel("2026-12-02 09:00Z", tick=False):
        sign_up(OWNER, "Olivia Owner")

    owner = User.objects.get(email=OWNER)
    assert owner.pk != squatter.pk
    assert owner.profile.name == "Olivia Owner"
    assert not User.objects.filter(pk=squatter.pk).exists()
    assert confirmation_emails_to(OWNER)


def test_a_pending_change_of_address_does_not_keep_the_owner_out():
    member = make_member(name="Mel Member")
    mine = member.email
    signed_in(member).post("/accounts/email/", {"action_add": "", "email": OWNER})
    assert EmailAddress.objects.filter(user=member, email=OWNER, verified=False).exists()

    sign_up(OWNER, "Olivia Owner")

    assert User.objects.get(email=OWNER).profile.name == "Olivia Owner"
    member.refresh_from_db()
    assert member.email == mine
    assert not EmailAddress.objects.filter(user=member, email=OWNER).exists()


def test_a_confirmed_address_stays_its_owners():
    owner = make_member(name="Olivia Owner")
    sign_up(owner.email, "Someone Else")
    assert list(User.objects.filter(email__iexact=owner.email)) == [owner]


def test_bad_input_releases_nothing():
    sign_up(OWNER, "Squatter", password="squatters-own-password-1")
    sign_up(OWNER, "Olivia Owner", password="short")
    assert User.objects.get(email=OWNER).profile.name == "Squatter"
