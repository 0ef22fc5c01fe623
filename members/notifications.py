"""Every email the site sends a member goes through `notify`: it respects the member's
preferences, renders a template pair (plain text and HTML) with the preferences and unsubscribe
links in the footer, records a `Notification` so the same email is never sent twice, and hands
delivery to a background task once the surrounding transaction commits.

Templates live in `templates/email/`: `<template>_subject.txt`, `<template>.txt` (extends
`email/base.txt`) and `<template>.html` (extends `email/base.html`); the bases add the footer.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail import hooks

from members.models import Notification, Profile, User

ACCOUNT = "account"
MESSAGE = "message"
REMINDER = "reminder"
DIGEST = "digest"
UPDATE = "update"
KINDS = {ACCOUNT, MESSAGE, REMINDER, DIGEST, UPDATE}

# What a member can turn off from an email, and how we say it to them.
UNSUBSCRIBE_SCOPES = {
    "all": "reminders and the digest",
    "digest": "the digest of new stories and upcoming gatherings",
    "reminders": "reminders before gatherings and circle sessions",
}
# A digest's unsubscribe link stops the digest, a reminder's stops reminders; any other email
# offers to stop both, since those are the only emails a member can do without.
_SCOPE_OF_KIND = {DIGEST: "digest", REMINDER: "reminders"}

# Why the member is getting the email, said in the footer.
_REASONS = {
    ACCOUNT: "You are getting this email because it is about your Convening account.",
    MESSAGE: "A member sent you this message through Convening. You can choose whether "
    "members may message you in your email preferences.",
    REMINDER: "You are getting this because reminders are on in your email preferences.",
    DIGEST: "You are getting this because you asked for a digest in your email preferences.",
    UPDATE: "You are getting this because you signed up for this, so we tell you when it changes.",
}

_UNSUBSCRIBE_SALT = "members.unsubscribe"

# A secret link (an invitation's) is never stored, not even in the recorded email: `notify` puts
# a random mark where the link goes and records it on the notification, and as
# `deliver_notification` sends, it asks the app that owns the link (named by the first part of
# the notification's key) for a fresh one. The mark is random per email so that a member's words
# in an email (a host's message, a name in a digest) can never pass for it: member text is data.


def _link_mark() -> str:
    return f"(personal-link-{secrets.token_hex(16)})"


@dataclass(frozen=True)
class SecretLink:
    """What a `convening_secret_links` hook returns: for the emails whose key starts with
    `key_prefix`, `make(notification)` returns the absolute secret link to put in the email about
    to be sent (minting it and storing only its hash), or None when the email should no longer go
    (the link was replaced or answered meanwhile). It runs in the sending transaction."""

    key_prefix: str
    make: Callable[[Notification], str | None]


def secret_link_for(notification) -> str | None:
    prefix = notification.key.split(":", 1)[0]
    makers = {
        link.key_prefix: link.make
        for link in (give() for give in hooks.get_hooks("convening_secret_links"))
    }
    make = makers.get(prefix)
    if make is None:
        raise ImproperlyConfigured(
            f"The email {notification.key!r} has a secret link but no app registered a "
            "maker for it (the convening_secret_links hook)."
        )
    return make(notification)


class InvalidUnsubscribeLink(ValueError):
    """The unsubscribe token was tampered with, cut short, or names no member."""


def unsubscribe_url(user, scope="all") -> str:
    """The absolute address of the page that turns off `scope` for `user`, without signing in.
    The link never expires: an old email's link must still work."""
    if scope not in UNSUBSCRIBE_SCOPES:
        raise ValueError(f"Unknown unsubscribe scope {scope!r}.")
    # A plain Signer, not dumps(): no timestamp, so the same link every time (in the body and
    # the List-Unsubscribe header) and it never expires.
    token = _signer().sign_object({"user": user.pk, "scope": scope})
    return settings.SITE_URL + reverse("members:unsubscribe", kwargs={"token": token})


def read_unsubscribe_token(token) -> tuple[User, str]:
    """The member and scope an unsubscribe token was made for.
    Raises `InvalidUnsubscribeLink` when the token is not one we signed or its member is gone."""
    try:
        payload = _signer().unsign_object(token)
        user_id, scope = payload["user"], payload["scope"]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.") from error
    if scope not in UNSUBSCRIBE_SCOPES:
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
    try:
        user = User.objects.select_related("profile").get(pk=user_id)
    except User.DoesNotExist as error:
        raise InvalidUnsubscribeLink(
            "This unsubscribe link is for an account that is gone."
        ) from error
    return user, scope


def _signer():
    return signing.Signer(salt=_UNSUBSCRIBE_SALT)


def unsubscribe(user, scope) -> None:
    """Turn off what an unsubscribe link names. Side effect: saves the member's profile
    (`digest` set to never and/or `reminders` off). Account emails, messages and changes to
    things they signed up for are not affected."""
    if scope not in UNSUBSCRIBE_SCOPES:
        raise ValueError(f"Unknown unsubscribe scope {scope!r}.")
    profile = Profile.objects.get(user=user)
    if scope in ("all", "digest"):
        profile.digest = Profile.Digest.NEVER
    if scope in ("all", "reminders"):
        profile.reminders = False
    profile.save(update_fields=["digest", "reminders", "updated_at"])


def unsubscribe_scope_for(kind: str) -> str:
    return _SCOPE_OF_KIND.get(kind, "all")


def wants(profile, kind: str) -> bool:
    """Whether the member's preferences let an email of this kind through."""
    if kind == REMINDER:
        return profile.reminders
    if kind == DIGEST:
        return profile.digest != Profile.Digest.NEVER
    return True


def notify(
    user,
    *,
    kind: str,
    template: str,
    context: dict,
    key: str,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    personal_link: str | None = None,
) -> Notification | None:
    """Send `user` the email `template` once, if their preferences allow `kind`.

    `key` names this email for this member (e.g. "reminder:event-42:2025-06-01"): a second call
    with the same key returns the first `Notification` and sends nothing. `attachments` are
    small text files, as (filename, content, mimetype). `personal_link` names the context
    variable where a secret link goes: it is minted only as the email is sent, by the app
    registered for the key's first part (the `convening_secret_links` hook). Returns None when
    nothing will be sent (inactive account, no address, or the member turned this kind off).

    Side effects: creates a `Notification` row holding the rendered email and, once the current
    transaction commits, enqueues `deliver_notification` (so a rollback sends nothing).
    Raises ValueError for an unknown kind and ImproperlyConfigured when a template leaves out
    the footer with the unsubscribe link.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}; use one of {sorted(KINDS)}.")
    if not user.is_active or not user.email:
        return None
    profile = Profile.objects.get(user=user)
    if not wants(profile, kind):
        return None

    existing = Notification.objects.filter(user=user, key=key).first()
    if existing:
        return existing

    link_mark = ""
    if personal_link:
        link_mark = _link_mark()
        context = {**context, personal_link: link_mark}
    subject, body_text, body_html = render_email(
        user, profile=profile, kind=kind, template=template, context=context
    )
    # get_or_create also copes with another process recording the same email meanwhile.
    notification, created = Notification.objects.get_or_create(
        user=user,
        key=key,
        defaults={
            "kind": kind,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "attachments": [list(attachment) for attachment in attachments or []],
            "link_mark": link_mark,
        },
    )
    if created:
        transaction.on_commit(
            lambda: deliver_notification.enqueue(notification.pk, reply_to=reply_to)
        )
    return notification


def render_email(user, *, profile, kind, template, context) -> tuple[str, str, str]:
    """The subject, plain text and HTML of an email, footer included. Sends nothing."""
    unsubscribe_scope = unsubscribe_scope_for(kind)
    link = unsubscribe_url(user, unsubscribe_scope)
    full_context = {
        **context,
        "user": user,
        "profile": profile,
        "site_url": settings.SITE_URL,
        "preferences_url": settings.SITE_URL + reverse("members:email_preferences"),
        "unsubscribe_url": link,
        "unsubscribe_what": UNSUBSCRIBE_SCOPES[unsubscribe_scope],
        "email_reason": _REASONS[kind],
    }
    subject = " ".join(_render_plain(f"email/{template}_subject.txt", full_context).split())
    body_text = _render_plain(f"email/{template}.txt", full_context).strip() + "\n"
    body_html = render_to_string(f"email/{template}.html", full_context)
    for name, body in ((f"{template}.txt", body_text), (f"{template}.html", body_html)):
        if link not in body:
            raise ImproperlyConfigured(
                f"templates/email/{name} has no unsubscribe link: extend the email base "
                "template so the footer is included."
            )
    return subject[:200], body_text, body_html


def _render_plain(name, context) -> str:
    # Plain text is not HTML: "O'Brien & Co" must not arrive as "O&#x27;Brien &amp; Co".
    return get_template(name).template.render(Context(context, autoescape=False))


# Delivery, in the task worker ----------------------------------------------------------------


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
        if notification.link_mark:
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
    notification's link mark, so the link exists only in the email that leaves."""
    user = notification.user
    link = unsubscribe_url(user, unsubscribe_scope_for(notification.kind))
    body_text, body_html = notification.body_text, notification.body_html
    if secret_link:
        body_text = body_text.replace(notification.link_mark, secret_link)
        body_html = body_html.replace(notification.link_mark, secret_link)
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
