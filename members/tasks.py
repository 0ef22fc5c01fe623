"""Background work for members: delivering the emails `members.notifications.notify` recorded."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from members.models import Notification
from members.notifications import (
    SECRET_LINK,
    secret_link_for,
    unsubscribe_scope_for,
    unsubscribe_url,
)


@task()
def deliver_notification(notification_id: int, reply_to: list[str] | None = None):
    """Send a recorded email once. Safe to run twice: the row is locked while sending and an
    email already marked sent is left alone.

    Side effects: sends the email and sets `sent_at`; if sending fails, records `failed_at` and
    `error` (kept even though the error is then re-raised, so nothing is dropped silently).
    """
    failure = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id)
            .first()
        )
        # Gone with a deleted account, already sent, or the account was deactivated since.
        if notification is None or notification.sent_at or not notification.user.is_active:
            return
        secret_link = None
        if SECRET_LINK in notification.body_text:
            secret_link = secret_link_for(notification)
            if secret_link is None:
                # Replaced by a newer email (a resend) or answered meanwhile: recorded, not sent.
                notification.failed_at = timezone.now()
                notification.error = "Not sent: its link was replaced or used before it went."
                notification.save(update_fields=["failed_at", "error"])
                return
        try:
            email_for(notification, reply_to=reply_to, secret_link=secret_link).send()
        except Exception as error:
            notification.failed_at = timezone.now()
            notification.error = f"{type(error).__name__}: {error}"
            notification.save(update_fields=["failed_at", "error"])
            failure = error
        else:
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
    if failure is not None:
        raise failure


def email_for(notification, *, reply_to=None, secret_link=None) -> EmailMultiAlternatives:
    """The email to send for a recorded notification; `secret_link` takes the place of the
    SECRET_LINK mark, so the link exists only in the email that leaves."""
    user = notification.user
    link = unsubscribe_url(user, unsubscribe_scope_for(notification.kind))
    body_text, body_html = notification.body_text, notification.body_html
    if secret_link:
        body_text = body_text.replace(SECRET_LINK, secret_link)
        body_html = body_html.replace(SECRET_LINK, secret_link)
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=body_text,
        to=[user.email],
        reply_to=reply_to or None,
        headers={"List-Unsubscribe": f"<{link}>"},
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    for filename, content, mimetype in notification.attachments:
        message.attach(filename, content, mimetype)
    return message
