"""Contacting a member through the site, without revealing addresses until they reply."""

import pytest
from django.core import mail

from members.contact import PER_HOUR
from members.models import Block, ContactMessage

from ..factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient(db):
    return make_member(name="Rita Recipient")


def write(client, person, text="Could we talk about your housing work?"):
    return client.post(f"/members/{person.profile.slug}/contact/", {"message": text})


def test_a_message_reaches_the_recipient_without_the_senders_address(
    member_client, member, recipient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = write(member_client, recipient)
    assert response.status_code == 302
    assert ContactMessage.objects.get().recipient == recipient
    [email] = mail.outbox
    assert email.to == [recipient.email]
    assert "Could we talk about your housing work?" in email.body
    assert member.email not in email.body
    assert member.email not in str(email.message())


def test_replying_shares_the_repliers_address_with_the_sender(
    member_client, member, recipient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(member_client, recipient)
    message = ContactMessage.objects.get()
    from ..conftest import signed_in

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(recipient).post(f"/me/messages/{message.pk}/reply/", {"message": "Yes, gladly"})
    reply = mail.outbox[-1]
    assert reply.to == [member.email]
    assert reply.reply_to == [recipient.email]
    assert "Yes, gladly" in reply.body


def test_only_the_recipient_may_reply(member_client, member, recipient, other_client):
    write(member_client, recipient)
    message = ContactMessage.objects.get()
    assert other_client.get(f"/me/messages/{message.pk}/reply/").status_code == 404
    assert member_client.get(f"/me/messages/{message.pk}/reply/").status_code == 404


def test_a_member_who_turned_messages_off_cannot_be_written_to(member_client, recipient):
    recipient.profile.open_to_contact = False
    recipient.profile.save()
    response = write(member_client, recipient)
    assert "not accepting messages" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_a_member_who_blocked_you_cannot_be_written_to(member_client, member, recipient):
    Block.objects.create(blocker=recipient, blocked=member)
    response = write(member_client, recipient)
    assert response.status_code == 404  # they are hidden from you
    assert not ContactMessage.objects.exists()


def test_sending_is_rate_limited(member_client, recipient):
    for n in range(PER_HOUR):
        write(member_client, recipient, f"Message {n}")
    response = write(member_client, recipient, "One too many")
    assert "several messages in the last hour" in response.content.decode()
    assert ContactMessage.objects.count() == PER_HOUR


def test_an_empty_or_overlong_message_is_refused(member_client, recipient):
    assert "This field is required" in write(member_client, recipient, "").content.decode()
    assert "at most 2000" in write(member_client, recipient, "x" * 2001).content.decode()
    assert not ContactMessage.objects.exists()


def test_visitors_cannot_contact_anyone(client, recipient):
    response = write(client, recipient)
    assert response["Location"].startswith("/accounts/login/")
    assert not ContactMessage.objects.exists()


def test_messages_page_shows_only_my_messages(member_client, member, recipient, other_member):
    ContactMessage.objects.create(sender=recipient, recipient=member, body="For Mo")
    ContactMessage.objects.create(sender=recipient, recipient=other_member, body="For Olu")
    html = member_client.get("/me/messages/").content.decode()
    assert "For Mo" in html
    assert "For Olu" not in html
