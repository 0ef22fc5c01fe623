"""Invitations: a host (Harriet) invites a member (Ines) or an address (Nell, not yet a member);
invitees accept, decline and widen the room; Charlie is an outsider with no invitation."""

import re
import threading

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection, connections

from events import invitations as service
from events.links import propose_url_for
from events.models import EventPage, Invitation, Rsvp, hash_token
from events.rsvp import rsvp
from members.data_rights import delete_account
from members.models import Notification, User
from tests.conftest import signed_in
from tests.events.factories import days, hours, make_gathering, make_host
from tests.factories import make_member

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-42"
MESSAGE = "Ines, your work on hospital discharge is exactly what this circle needs. Come?"
LINK = re.compile(r"/gatherings/invitation/([A-Za-z0-9_-]{40,})/")


@pytest.fixture
def host(db):
    return make_host("Harriet Host", organisation="Leeds City Council")


@pytest.fixture
def ines(db):
    return make_member(name="Ines Invitee", organisation="St James's Hospital")


@pytest.fixture
def charlie(db):
    return make_member(name="Charlie Outsider")


@pytest.fixture
def gathering(host):
    return make_gathering(
        "Discharge to assess: a conversation",
        hosts=[host],
        visibility="invited",
        capacity=10,
        place="Leeds",
        venue="Room 4, Civic Hall, LS1 1UR",
        starts_in=days(10),
    )


def token_in(email) -> str:
    return LINK.search(email.body).group(1)


def invite_ines(gathering, host, ines, committed):
    with committed():
        invitation = service.invite(gathering, by=host, member=ines, message=MESSAGE)
    return invitation, token_in(mail.outbox[-1])


def invite_nell(gathering, host, committed, email="nell@example.net"):
    with committed():
        invitation = service.invite(
            gathering,
            by=host,
            email=email,
            name="Nell Newcomer",
            organisation="Chapeltown Community Kitchen",
            message="Nell, the kitchen feeds people leaving hospital. Your view would change ours.",
        )
    return invitation, token_in(mail.outbox[-1])


# Inviting ----------------------------------------------------------------------------------------


def test_a_host_invites_a_member_with_their_own_message_and_a_personal_link(
    gathering, host, ines, committed
):
    invitation, token = invite_ines(gathering, host, ines, committed)

    [email] = mail.outbox
    assert email.to == [ines.email]
    assert "Harriet Host invites you" in email.subject
    assert MESSAGE in email.body
    assert f"/gatherings/invitation/{token}/" in email.body
    assert "Europe/London time" in email.body
    assert "Room 4" not in email.body, "the exact venue comes with going, not with invitations"
    assert "meet.example.org" not in email.body, "nor does the join link"
    assert "unsubscribe" in email.body.lower() or "Turn off" in email.body
    assert email.alternatives
    assert MESSAGE.replace("'", "&#x27;") in email.alternatives[0][0]
    assert invitation.status == Invitation.Status.SENT
    assert invitation.member == ines
    assert invitation.times_sent == 1


def test_a_host_invites_anyone_by_email_address_with_a_plain_two_part_email(
    gathering, host, committed
):
    invitation, token = invite_nell(gathering, host, committed)

    [email] = mail.outbox
    assert email.to == ["nell@example.net"]
    assert "Hello Nell Newcomer" in email.body
    assert "the kitchen feeds people leaving hospital" in email.body
    assert f"/gatherings/invitation/{token}/" in email.body
    assert "Room 4" not in email.body
    assert "meet.example.org" not in email.body
    assert email.alternatives[0][1] == "text/html"
    assert invitation.member is None
    assert Invitation.objects.get(pk=invitation.pk).times_delivered == 1


def test_the_token_is_long_and_only_its_hash_is_stored(gathering, host, committed):
    invitation, token = invite_nell(gathering, host, committed)

    assert len(token) >= 43  # 32 random bytes: 256 bits
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert stored["token_hash"] == hash_token(token)
    assert token not in str(stored)
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_an_invitation_without_a_personal_message_is_refused(gathering, host, ines):
    with pytest.raises(service.InvitationRefused, match="personal message"):
        service.invite(gathering, by=host, member=ines, message="   \n ")

    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_inviting_the_same_address_twice_is_refused_with_a_clear_message(
    gathering, host, ines, committed
):
    invite_ines(gathering, host, ines, committed)

    with pytest.raises(service.InvitationRefused, match="already invited"):
        service.invite(gathering, by=host, email=ines.email.upper(), message="Again!")

    assert Invitation.objects.count() == 1


def test_only_hosts_can_invite(gathering, ines, charlie):
    with pytest.raises(service.InvitationRefused, match="hosts"):
        service.invite(gathering, by=charlie, member=ines, message="Come along")

    assert not Invitation.objects.exists()


# Opening and answering ---------------------------------------------------------------------------


def test_the_invitation_page_shows_the_message_and_the_public_details_and_records_opening(
    client, gathering, host, ines, committed
):
    invitation, token = invite_ines(gathering, host, ines, committed)

    response = signed_in(ines).get(f"/gatherings/invitation/{token}/")

    text = response.content.decode()
    assert "Discharge to assess" in text
    assert "hospital discharge is exactly what this circle needs" in text
    assert "Leeds" in text
    assert "Room 4" not in text
    assert "meet.example.org" not in text
    assert 'value="accept"' in text
    assert 'value="decline"' in text
    assert "Propose someone from outside your organisation" in text
    assert response["Referrer-Policy"] == "same-origin"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPENED
    assert invitation.opened_at is not None


def test_a_member_who_accepts_is_going_and_lands_on_the_gathering(gathering, host, ines, committed):
    invitation, token = invite_ines(gathering, host, ines, committed)

    with committed():
        response = signed_in(ines).post(f"/gatherings/invitation/{token}/", {"action": "accept"})

    assert response.status_code == 302
    assert response.url == gathering.url
    answer = Rsvp.objects.get(event=gathering, member=ines)
    assert answer.status == Rsvp.Status.GOING
    assert answer.invitation == invitation
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert "You are going" in mail.outbox[-1].subject


def test_accepting_when_the_gathering_is_full_puts_the_invitee_on_the_waitlist(
    gathering, host, ines, committed
):
    EventPage.objects.filter(pk=gathering.pk).update(capacity=1)
    rsvp(gathering, host, going=True)
    _invitation, token = invite_ines(gathering, host, ines, committed)

    response = signed_in(ines).post(
        f"/gatherings/invitation/{token}/", {"action": "accept"}, follow=True
    )

    assert Rsvp.objects.get(member=ines).status == Rsvp.Status.WAITLISTED
    assert "waitlist" in response.content.decode()


def test_an_invitee_can_decline(client, gathering, host, committed):
    invitation, token = invite_nell(gathering, host, committed)

    client.post(f"/gatherings/invitation/{token}/", {"action": "decline"})

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert invitation.answered_at is not None
    assert not Rsvp.objects.exists()


def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(client, gathering, host, committed):
    invitation, token = invite_nell(gathering, host, committed)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    for response in (
        client.get(f"/gatherings/invitation/{forged}/"),
        client.post(f"/gatherings/invitation/{forged}/", {"action": "accept"}),
        client.get("/gatherings/invitation/x/"),
    ):
        assert response.status_code == 404
        assert "This invitation link cannot be used" in response.content.decode()
        assert response._has_been_logged, "secret links stay out of the request log"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SENT


def test_a_used_link_says_it_was_answered_and_changes_nothing(gathering, host, ines, committed):
    invitation, token = invite_ines(gathering, host, ines, committed)
    service.accept(invitation, ines)

    response = signed_in(ines).post(f"/gatherings/invitation/{token}/", {"action": "decline"})

    assert response.status_code == 404
    assert "already been accepted" in response.content.decode()
    assert gathering.url in response.content.decode(), "the invitee is shown their gathering"
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED
    assert Rsvp.objects.get(member=ines).status == Rsvp.Status.GOING


def test_a_link_to_a_gathering_that_is_over_or_cancelled_has_expired(
    client, gathering, host, committed
):
    invitation, token = invite_nell(gathering, host, committed)

    with time_machine.travel(gathering.ends_at + hours(1)):
        response = client.get(f"/gatherings/invitation/{token}/")
    assert response.status_code == 410
    assert "already happened" in response.content.decode()

    EventPage.objects.filter(pk=gathering.pk).update(status="cancelled")
    response = client.post(f"/gatherings/invitation/{token}/", {"action": "accept"})
    assert response.status_code == 410
    assert "cancelled" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.SENT


def test_resending_kills_the_old_link_at_once(client, gathering, host, committed):
    invitation, old = invite_nell(gathering, host, committed)

    with committed():
        service.resend(invitation, host)
    new = token_in(mail.outbox[-1])

    assert new != old
    assert client.get(f"/gatherings/invitation/{old}/").status_code == 404
    assert client.get(f"/gatherings/invitation/{new}/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.times_sent == 2
    assert len(mail.outbox) == 2


def test_the_invitation_email_task_is_safe_to_run_twice(gathering, host, committed):
    invitation, _token = invite_nell(gathering, host, committed)

    service.deliver_guest_invitation.call(invitation.pk, 1)

    assert len(mail.outbox) == 1


def test_a_member_cannot_accept_an_invitation_sent_to_another_member(
    gathering, host, ines, charlie, committed
):
    invitation, token = invite_ines(gathering, host, ines, committed)

    signed_in(charlie).post(f"/gatherings/invitation/{token}/", {"action": "accept"})

    assert not Rsvp.objects.exists()
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.SENT


# Who can see an invitation-only gathering --------------------------------------------------------


def test_an_invitation_only_gathering_is_404_for_a_member_without_an_invitation(
    gathering, host, ines, charlie, committed
):
    invite_ines(gathering, host, ines, committed)

    assert signed_in(charlie).get(gathering.url).status_code == 404
    response = signed_in(ines).get(gathering.url)
    assert response.status_code == 200
    assert "Discharge to assess" in response.content.decode()


# A visitor accepts and joins ---------------------------------------------------------------------


def sign_up(client, url, email, name="Nell Newcomer"):
    return client.post(
        url,
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": name},
    )


def test_a_visitor_who_accepts_signs_up_and_lands_on_the_gathering_going(
    client, gathering, host, committed
):
    invitation, token = invite_nell(gathering, host, committed)
    client.get(f"/gatherings/invitation/{token}/")

    response = client.post(f"/gatherings/invitation/{token}/", {"action": "accept"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/signup/?next=")
    with committed():
        response = sign_up(client, response.url, "nell@example.net")

    assert response.status_code == 302
    assert response.url == gathering.url
    nell = User.objects.get(email="nell@example.net")
    assert EmailAddress.objects.get(user=nell).verified, "the link proved the address"
    assert nell.groups.filter(name="Members").exists()
    assert Rsvp.objects.get(event=gathering, member=nell).status == Rsvp.Status.GOING
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.member == nell
    page = client.get(gathering.url).content.decode()
    assert "You are going" in page
    assert "Room 4" in page, "people going see the venue"
    assert not any("confirm-email" in email.body for email in mail.outbox)


def test_a_visitor_who_accepts_a_full_gathering_joins_and_is_on_the_waitlist(
    client, gathering, host, ines, committed
):
    EventPage.objects.filter(pk=gathering.pk).update(capacity=1)
    rsvp(gathering, host, going=True)
    _invitation, token = invite_nell(gathering, host, committed)

    response = client.post(f"/gatherings/invitation/{token}/", {"action": "accept"})
    response = sign_up(client, response.url, "nell@example.net")

    assert response.url == gathering.url
    nell = User.objects.get(email="nell@example.net")
    assert Rsvp.objects.get(event=gathering, member=nell).status == Rsvp.Status.WAITLISTED
    assert "on the waitlist" in client.get(gathering.url).content.decode()


def test_a_visitor_who_joins_with_another_address_keeps_the_invited_one_confirmed(
    client, gathering, host, committed
):
    """allauth adds the invited address, confirmed, beside the one typed, and makes it primary:
    the newcomer is a member at once and going; the typed address waits for its own link."""
    _invitation, token = invite_nell(gathering, host, committed)
    response = client.post(f"/gatherings/invitation/{token}/", {"action": "accept"})

    response = sign_up(client, response.url, "nell.work@example.net")

    assert response.url == gathering.url
    nell = User.objects.get(emailaddress__email="nell.work@example.net")
    addresses = dict(EmailAddress.objects.filter(user=nell).values_list("email", "verified"))
    assert addresses == {"nell@example.net": True, "nell.work@example.net": False}
    assert Rsvp.objects.get(event=gathering, member=nell).status == Rsvp.Status.GOING


def test_a_visitor_whose_address_is_confirmed_later_is_accepted_then(
    client, gathering, host, committed
):
    invitation, token = invite_nell(gathering, host, committed)
    response = client.post(f"/gatherings/invitation/{token}/", {"action": "accept"})
    session = client.session
    session["account_verified_email"] = None  # as if allauth had not kept the invited address
    session.save()
    with committed():
        sign_up(client, response.url, "nell.work@example.net")
    nell = User.objects.get(email="nell.work@example.net")
    assert not Rsvp.objects.exists(), "not before the address is confirmed"

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    with committed():
        client.post(link.group(1))

    assert Rsvp.objects.get(event=gathering, member=nell).status == Rsvp.Status.GOING
    assert nell.groups.filter(name="Members").exists()
    assert Invitation.objects.get(pk=invitation.pk).member == nell


def test_a_visitor_whose_address_has_an_account_is_asked_to_sign_in(
    client, gathering, host, ines, committed
):
    _invitation, token = invite_nell(gathering, host, committed, email=ines.email)

    response = client.post(f"/gatherings/invitation/{token}/", {"action": "accept"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert f"/gatherings/invitation/{token}/" in response.url.replace("%2F", "/")
    assert not Rsvp.objects.exists()


def test_a_member_opening_a_guest_invitation_sent_to_another_address_is_told_the_hosts_will_see(
    gathering, host, charlie, committed
):
    _invitation, token = invite_nell(gathering, host, committed)
    page = signed_in(charlie).get(f"/gatherings/invitation/{token}/").content.decode()
    assert "sent to an email address that is not yours" in page
    assert "nell@example.net" not in page


def test_the_invitee_at_their_own_address_is_not_warned(gathering, host, ines, committed):
    _invitation, token = invite_nell(gathering, host, committed, email=ines.email)
    page = signed_in(ines).get(f"/gatherings/invitation/{token}/").content.decode()
    assert "not yours" not in page


def test_hosts_see_who_accepted_a_guest_invitation_sent_to_another_address(
    gathering, host, charlie, committed
):
    _invitation, token = invite_nell(gathering, host, committed)
    signed_in(charlie).post(f"/gatherings/invitation/{token}/", {"action": "accept"})
    host_page = signed_in(host).get(f"/gatherings/{gathering.pk}/host/").content.decode()
    assert f"Accepted by Charlie Outsider ({charlie.email}), not the address it was sent to" in (
        host_page
    )


def test_a_deleted_hosts_message_leaves_the_invitees_recorded_email(
    gathering, host, ines, committed
):
    invite_ines(gathering, host, ines, committed)
    assert Notification.objects.filter(user=ines, key__startswith="invitation:").exists()

    delete_account(host, keep_published=False)

    assert not Notification.objects.filter(user=ines, key__startswith="invitation:").exists()


# Widening the room -------------------------------------------------------------------------------


def propose_through(client, invitation, **fields):
    data = {
        "name": "Olu Organiser",
        "email": "olu@tenants.example",
        "organisation": "Harehills Tenants' Association",
        "reason": "Olu runs the tenants' association; they see discharge from the other side.",
    } | fields
    return client.post(propose_url_for(invitation), data)


def test_an_invitee_proposes_someone_and_the_host_approves_it_into_an_invitation(
    gathering, host, ines, committed
):
    invitation, _ = invite_ines(gathering, host, ines, committed)
    service.accept(invitation, ines)
    assert "Propose someone" in signed_in(ines).get(gathering.url).content.decode()

    with committed():
        response = propose_through(signed_in(ines), invitation)

    assert response.status_code == 302
    proposal = Invitation.objects.get(email="olu@tenants.example")
    assert proposal.status == Invitation.Status.PROPOSED
    assert proposal.token_hash is None
    assert proposal.via == invitation
    assert proposal.depth == 1
    assert proposal.invited_by == ines
    to_host = mail.outbox[-1]
    assert to_host.to == [host.email]
    assert "Olu Organiser" in to_host.subject
    assert "olu@tenants.example" not in {address for email in mail.outbox for address in email.to}

    with committed():
        signed_in(host).post(
            f"/gatherings/{gathering.pk}/host/proposals/{proposal.pk}/approve/",
            {"message": "Ines is right: we would love you there."},
        )

    proposal.refresh_from_db()
    assert proposal.status == Invitation.Status.SENT
    assert proposal.token_hash
    email = mail.outbox[-1]
    assert email.to == ["olu@tenants.example"]
    assert "Ines Invitee suggested you" in email.subject
    assert "they see discharge from the other side" in email.body
    assert "we would love you there" in email.body
    summary = service.reach(gathering)
    assert [step.invited for step in summary.steps] == [1, 1, 0]
    assert summary.organisations == 2
    assert summary.chains[0].children[0].invitation == proposal


def test_proposing_someone_from_your_own_organisation_is_refused(gathering, host, ines, committed):
    invitation, _ = invite_ines(gathering, host, ines, committed)
    service.accept(invitation, ines)

    response = propose_through(signed_in(ines), invitation, organisation="st james's HOSPITAL ")

    assert "outside your own organisation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_a_host_can_refuse_a_proposal_and_nothing_is_sent(gathering, host, ines, committed):
    invitation, _ = invite_ines(gathering, host, ines, committed)
    service.accept(invitation, ines)
    proposal = service.propose(
        invitation,
        by=ines,
        email="olu@tenants.example",
        name="Olu",
        organisation="Tenants",
        reason="They would widen it.",
    )
    sent = len(mail.outbox)

    signed_in(host).post(f"/gatherings/{gathering.pk}/host/proposals/{proposal.pk}/refuse/")

    assert Invitation.objects.get(pk=proposal.pk).status == Invitation.Status.REFUSED
    assert len(mail.outbox) == sent


def test_only_the_invitee_may_propose(gathering, host, ines, charlie, committed):
    invitation, _ = invite_ines(gathering, host, ines, committed)
    service.accept(invitation, ines)

    assert signed_in(charlie).get(propose_url_for(invitation)).status_code == 404
    assert signed_in(ines).get("/gatherings/invitation/1:forged/propose/").status_code == 404
    response = propose_through(signed_in(charlie), invitation)
    assert response.status_code == 404
    assert Invitation.objects.count() == 1


# Many people accepting one link at once ----------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers, so it cannot race; the row lock is PostgreSQL's",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_people_accepting_one_link_at_once_make_one_acceptance_and_one_reply():
    host = make_host("Harriet Host")
    event = make_gathering("Popular", hosts=[host], capacity=5, starts_in=days(5))
    invitation = service.invite(event, by=host, email="shared@example.net", message="Come!")
    people = [make_member(name=f"Person {n}") for n in range(10)]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def accept(person):
        try:
            barrier.wait()
            service.accept(Invitation.objects.get(pk=invitation.pk), person)
            outcomes.append("accepted")
        except service.InvitationInvalid:
            outcomes.append("used")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted"] + ["used"] * 9
    assert Rsvp.objects.filter(event=event).count() == 1
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED


def test_notifications_for_member_invitations_are_recorded_once_per_sending(
    gathering, host, ines, committed
):
    invitation, _ = invite_ines(gathering, host, ines, committed)
    with committed():
        service.resend(invitation, host)

    assert Notification.objects.filter(user=ines, key__startswith="invitation:").count() == 2
