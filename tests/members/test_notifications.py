"""Every email goes through `notify`: it respects preferences, carries both parts and the
unsubscribe link, is sent once per key, and is only sent once the transaction commits."""

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from members.digest import DigestItem, DigestSection
from members.models import Notification, Profile
from members.notifications import (
    InvalidUnsubscribeLink,
    deliver_notification,
    notify,
    read_unsubscribe_token,
    unsubscribe_url,
)

from ..factories import make_member

pytestmark = pytest.mark.django_db


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server refused the connection.")


def send_news(user, *, kind="update", key="news:1", title="O'Brien & Co's harvest", **options):
    """Any email will do; the digest template is one every site has."""
    section = DigestSection(
        title="Gatherings near you",
        items=[DigestItem(title=title, url="/gatherings/harvest/")],
    )
    return notify(
        user,
        kind=kind,
        template="digest",
        context={"sections": [section], "since": timezone.now()},
        key=key,
        **options,
    )


def set_preferences(user, **fields):
    Profile.objects.filter(user=user).update(**fields)


def test_an_email_has_a_text_part_an_html_part_the_unsubscribe_link_and_header(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_news(member, reply_to=["olu@example.org"])

    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.reply_to == ["olu@example.org"]
    link = unsubscribe_url(member, "all")
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert link in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "/me/email/" in email.body
    assert "/me/email/" in html
    # Plain text is not escaped like HTML; the HTML part is.
    assert "O'Brien & Co's harvest" in email.body
    assert "O&#x27;Brien &amp; Co&#x27;s harvest" in html
    assert "http://localhost:8000/gatherings/harvest/" in email.body
    assert "<img" not in html
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_a_members_words_that_look_like_a_link_mark_are_sent_as_they_are(
    member, django_capture_on_commit_callbacks
):
    # The mark an email with a personal link used to carry, and one of the shape used now: in a
    # member's words (a headline quoted in a digest, a message) they are text, not a signal.
    words = "(personal-link-sent-by-email-and-never-stored) (personal-link-0123456789abcdef)"
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_news(member, title=words)

    [email] = mail.outbox
    assert words in email.body
    notification.refresh_from_db()
    assert notification.link_mark == ""
    assert notification.sent_at is not None
    assert notification.failed_at is None


def test_a_digest_links_to_turning_off_the_digest_only(member, django_capture_on_commit_callbacks):
    set_preferences(member, digest=Profile.Digest.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        send_news(member, kind="digest")

    [email] = mail.outbox
    assert unsubscribe_url(member, "digest") in email.body
    assert "Turn off the digest of new stories" in email.body


def test_the_same_key_twice_sends_one_email(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_news(member, key="gathering:7:moved")
        second = send_news(member, key="gathering:7:moved")

    assert first == second
    assert Notification.objects.filter(user=member).count() == 1
    assert len(mail.outbox) == 1


def test_running_the_delivery_task_twice_sends_one_email(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_news(member)

    deliver_notification.enqueue(notification.pk)

    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rollback_after_notify_sends_nothing():
    member = make_member(name="Rhea Rollback")

    def announce_then_fail():
        with transaction.atomic():
            send_news(member)
            raise RuntimeError("The gathering could not be saved.")

    with pytest.raises(RuntimeError):
        announce_then_fail()

    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_email_is_sent_at_once():
    member = make_member(name="Nat Now")

    send_news(member)

    assert len(mail.outbox) == 1


def test_a_reminder_is_not_sent_when_reminders_are_off(member, django_capture_on_commit_callbacks):
    set_preferences(member, reminders=False)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_news(member, kind="reminder")

    assert result is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_digest_is_not_sent_when_the_digest_is_never(member, django_capture_on_commit_callbacks):
    set_preferences(member, digest=Profile.Digest.NEVER)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_news(member, kind="digest")

    assert result is None
    assert mail.outbox == []


def test_account_messages_and_updates_are_sent_whatever_the_preferences(
    member, django_capture_on_commit_callbacks
):
    set_preferences(member, reminders=False, digest=Profile.Digest.NEVER)

    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("account", "message", "update"):
            send_news(member, kind=kind, key=f"{kind}:1")

    assert len(mail.outbox) == 3


def test_an_inactive_member_gets_nothing(member, django_capture_on_commit_callbacks):
    member.is_active = False
    member.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = send_news(member, kind="account")

    assert result is None
    assert mail.outbox == []


def test_a_failing_mail_server_is_recorded_on_the_notification(
    member, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        notification = send_news(member)

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.failed_at is not None
    assert "The mail server refused the connection." in notification.error
    assert mail.outbox == []


def test_a_failed_email_is_sent_when_the_task_runs_again(
    member, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_news(member)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    deliver_notification.enqueue(notification.pk)

    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert len(mail.outbox) == 1


def test_an_unknown_kind_is_refused(member):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        send_news(member, kind="newsletter")


def test_an_unsubscribe_token_names_its_member_and_scope(member):
    token = unsubscribe_url(member, "reminders").rstrip("/").rsplit("/", 1)[1]

    assert read_unsubscribe_token(token) == (member, "reminders")


def test_an_unsubscribe_link_is_the_same_every_time_and_never_expires(member):
    with time_machine.travel("2025-01-06 09:00Z", tick=False):
        link = unsubscribe_url(member)
    with time_machine.travel("2030-01-06 09:00Z", tick=False):
        assert unsubscribe_url(member) == link
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert read_unsubscribe_token(token) == (member, "all")


@pytest.mark.parametrize("token", ["", "nonsense", "eyJ1c2VyIjoxfQ:forged:signature"])
def test_a_bad_unsubscribe_token_is_refused_clearly(token):
    with pytest.raises(InvalidUnsubscribeLink):
        read_unsubscribe_token(token)
