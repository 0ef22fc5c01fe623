"""Members writing to each other through the site, without either address being shown until
the person written to chooses to reply."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Block, ContactMessage, is_verified_member
from .notifications import notify

PER_HOUR = 5
PER_DAY = 20


class MessageRefused(Exception):
    """Why a message could not be sent, in words for the sender."""


def can_message(sender, recipient) -> str | None:
    """The reason `sender` may not write to `recipient`, or None if they may."""
    if not is_verified_member(sender):
        return "Please verify your email address before writing to other members."
    if sender.pk == recipient.pk:
        return "You cannot send a message to yourself."
    if not recipient.profile.open_to_contact or not recipient.is_active:
        return "This member is not accepting messages through the site."
    if Block.objects.filter(blocker=recipient, blocked=sender).exists():
        return "This member is not accepting messages through the site."
    if Block.objects.filter(blocker=sender, blocked=recipient).exists():
        return "You have blocked this member. Unblock them to send a message."
    return None


def send_message(sender, recipient, body: str) -> ContactMessage:
    """Record a message and email it to the recipient, without the sender's address.
    Raises MessageRefused when not allowed, or when the sender has sent too many recently."""
    if reason := can_message(sender, recipient):
        raise MessageRefused(reason)
    now = timezone.now()
    with transaction.atomic():
        recent = ContactMessage.objects.select_for_update().filter(sender=sender)
        if recent.filter(created_at__gte=now - timedelta(hours=1)).count() >= PER_HOUR:
            raise MessageRefused("You have sent several messages in the last hour. Try later.")
        if recent.filter(created_at__gte=now - timedelta(days=1)).count() >= PER_DAY:
            raise MessageRefused("You have sent many messages today. Try again tomorrow.")
        message = ContactMessage.objects.create(sender=sender, recipient=recipient, body=body)
        notify(
            recipient,
            kind="message",
            template="contact_message",
            context={
                "sender_name": sender.profile.name,
                "sender_profile_url": sender.profile.get_absolute_url(),
                "body": body,
                "reply_path": reverse("members:reply", kwargs={"pk": message.pk}),
            },
            key=f"message:{message.pk}",
        )
    return message


def reply(message: ContactMessage, body: str) -> None:
    """The recipient answers; the reply carries their address, so the two can write directly."""
    recipient, sender = message.recipient, message.sender
    if reason := can_message(recipient, sender):
        raise MessageRefused(reason)
    with transaction.atomic():
        message.replied_at = timezone.now()
        message.save(update_fields=["replied_at"])
        notify(
            sender,
            kind="message",
            template="contact_reply",
            context={
                "replier_name": recipient.profile.name,
                "replier_email": recipient.email,
                "body": body,
            },
            key=f"reply:{message.pk}:{message.replied_at.isoformat()}",
            reply_to=[recipient.email],
        )
