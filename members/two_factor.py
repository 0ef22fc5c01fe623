"""Two-factor authentication for every staff and host power (#16, item 4).

A password alone is a member's key. What staff and hosts can do beyond a member (the Wagtail admin,
hidden profiles, attendees' names, emails and access needs) waits until this session has passed the
second factor: signing in with the authenticator app, or confirming it afterwards. Until then the
account is an ordinary member's, and the page that needs more says so and leads to the step.

Enrolling an authenticator proves nothing by itself: whoever holds the password could enrol their
own. So setting one up starts from a link emailed to the account's address; only a session that
opened that link may enrol.

The rules (`visible_to`, `events.rules.is_host`) take a user, not a request, so the middleware
notes on the request's user whether its session passed (`user.second_factor_passed`). Outside a
request (emails, tasks) no one is signed in and there is nothing to note.
"""

import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django_tasks import task

PASSED_SESSION_KEY = "second_factor_passed_at"
ENROLMENT_SESSION_KEY = "second_factor_enrolment_confirmed_at"
ENROLMENT_LINK_SALT = "members.two_factor.enrolment"
ENROLMENT_LINK_LASTS = 60 * 60  # seconds


class SecondFactorRequired(PermissionDenied):
    """Raised where a staff or host power is used from a session that has not passed the second
    factor. The middleware turns it into a redirect to the step; anywhere else it is a 403."""


def is_staff_account(user) -> bool:
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def is_required() -> bool:
    return settings.STAFF_MUST_USE_TWO_FACTOR


def second_factor_passed(user) -> bool:
    """Whether `user`'s powers beyond a member's may be used now."""
    return getattr(user, "second_factor_passed", True)


def require_second_factor(user) -> None:
    if not second_factor_passed(user):
        raise SecondFactorRequired


def session_passed(request) -> bool:
    return not is_required() or PASSED_SESSION_KEY in request.session


def second_factor_url(user, next_url: str) -> str:
    """Where a session goes to pass the second factor: the code from the app if the account has
    one, else the start of enrolment."""
    if is_mfa_enabled(user):
        target = reverse("mfa_reauthenticate")
    else:
        target = reverse("members:two_factor")
    return target + "?" + urlencode({"next": next_url})


# Enrolment starts from the mailbox --------------------------------------------------------------


def _password_fingerprint(user) -> str:
    return salted_hmac(ENROLMENT_LINK_SALT, user.password).hexdigest()[:16]


def enrolment_link(user, request=None) -> str:
    token = signing.dumps(
        {"user": user.pk, "password": _password_fingerprint(user)}, salt=ENROLMENT_LINK_SALT
    )
    path = reverse("members:two_factor_confirm", kwargs={"token": token})
    return request.build_absolute_uri(path) if request else settings.SITE_URL.rstrip("/") + path


def send_enrolment_link(user, *, request=None, reason="") -> None:
    """Email `user` the link that opens enrolment. Sent whatever their email preferences: it is
    about the safety of their account, like allauth's own emails."""
    context = {
        "user": user,
        "link": enrolment_link(user, request),
        "reason": reason,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Set up two-factor authentication",
        message=render_to_string("members/email/two_factor_enrolment.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@task()
def email_enrolment_link(user_id: int, reason: str = "") -> None:
    """`send_enrolment_link`, in the task worker: granting a role (in the admin, or while loading
    the demo) must not fail, or wait, because the mail server does."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None and user.email and not is_mfa_enabled(user):
        send_enrolment_link(user, reason=reason)


class InvalidEnrolmentLink(ValueError):
    pass


def confirm_enrolment(request, token) -> None:
    """The session that opened the emailed link may enrol an authenticator for the next hour.
    The link names the account and its current password, so it dies when the password changes."""
    try:
        data = signing.loads(token, salt=ENROLMENT_LINK_SALT, max_age=ENROLMENT_LINK_LASTS)
    except signing.BadSignature as error:
        raise InvalidEnrolmentLink("This link has expired or is not complete.") from error
    user = request.user
    if data.get("user") != user.pk or data.get("password") != _password_fingerprint(user):
        raise InvalidEnrolmentLink("This link was sent to another account, or is no longer valid.")
    request.session[ENROLMENT_SESSION_KEY] = time.time()


def may_enrol(request) -> bool:
    at = request.session.get(ENROLMENT_SESSION_KEY)
    return at is not None and time.time() - at < ENROLMENT_LINK_LASTS


def note_passed(request) -> None:
    request.session[PASSED_SESSION_KEY] = time.time()


def note_enrolled(request) -> None:
    """Enrolling proves the password, the mailbox (the link) and the new app's code at once."""
    if may_enrol(request):
        note_passed(request)
        request.session.pop(ENROLMENT_SESSION_KEY, None)
