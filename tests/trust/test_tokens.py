"""Trust, section 4 (#8): secret links.

Each secret link the site sends (invitations to members and to guests, calendar feeds, email
confirmation, password reset) is checked for four things: at least 128 bits that cannot be
guessed, no raw copy anywhere in the database (every column of every table, and every
session's decoded data), dead once used or replaced, and absent from every log line written
while it was made, sent, opened and used (all loggers at DEBUG, SQL included).

How links are compared: invitations and calendar feeds are found by the SHA-256 of a 256-bit
token (`token_hash`, an indexed lookup), so no secret is ever compared byte by byte in Python;
password reset and email confirmation keys are HMACs checked by Django's
`constant_time_compare`. Sign-in codes are not links: a person types them, so they are short;
what protects them is that they die after three wrong tries (tests/trust/test_accounts.py) and
live three minutes in the session of the browser that asked.
"""

import base64
import inspect
import logging
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail, signing
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.test import Client
from django.utils.log import ServerFormatter as DjangoServerFormatter
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from events import invitations as service
from events.models import CalendarFeed, Invitation, Rsvp, hash_token
from members.models import Notification
from tests.events.factories import make_gathering
from tests.factories import make_member

from .world import PASSWORD

pytestmark = pytest.mark.django_db

SECTION = "4. Accounts, sessions, tokens"
INVITATION_LINK = re.compile(r"/gatherings/invitation/([A-Za-z0-9_-]+)/")
FEED_LINK = re.compile(r"/gatherings/calendar/([A-Za-z0-9_-]+)\.ics")
RESET_LINK = re.compile(r"/accounts/password/reset/key/([0-9a-z]+)-([0-9a-z]+-[0-9a-f]+)/")
HEARD = "/a-page-that-is-not-here/"
CONFIRM_LINK = re.compile(r"/accounts/confirm-email/([^/\s]+)/")


# What every secret must pass ---------------------------------------------------------------------


class EveryLogLine(logging.Handler):
    """Every record any logger writes, as the configured console prints it (message and
    traceback) and as runserver's django.server format prints it."""

    FORMATS = (
        logging.Formatter("%(levelname)s %(name)s %(message)s"),
        DjangoServerFormatter(fmt="[{server_time}] {message}", style="{"),
    )

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []
        self.stopped = False

    def emit(self, record):
        if not self.stopped:
            self.lines.extend(form.format(record) for form in self.FORMATS)

    def stop(self):
        """Stop listening: what the test does next (searching the database) is not a journey."""
        self.stopped = True


@pytest.fixture
def every_log_line():
    """All logging at DEBUG for the length of the test: the root logger and every logger
    (django, django.request, django.server, ...), except those whose level settings.LOGGING
    sets on purpose to keep them quiet. SQL is not included: Django logs it only with DEBUG on,
    which production never runs with. A first request to a missing page shows that the capture
    hears django.request."""
    handler = EveryLogLine()
    configured = {
        name for name, config in settings.LOGGING.get("loggers", {}).items() if "level" in config
    }
    names = {"django", "django.request", "django.server", "django.db.backends"}
    names |= set(logging.root.manager.loggerDict)
    loggers = [logging.getLogger(name) for name in sorted(names - configured)]
    saved = [(logger, logger.level) for logger in [logging.getLogger(), *loggers]]
    logging.getLogger().addHandler(handler)
    for logger, _ in saved:
        logger.setLevel(logging.DEBUG)
    try:
        Client().get(HEARD)
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)
        for logger, level in saved:
            logger.setLevel(level)


def places_holding(secret) -> list[str]:
    """Every table column (and session) whose stored text contains `secret`. Uses the ORM over
    every model, so it reads every table Django knows, JSON and task arguments included."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = model._meta.concrete_fields
        texts = {
            f"_text_{n}": Cast(F(field.attname), TextField()) for n, field in enumerate(fields)
        }
        holding = Q()
        for name in texts:
            holding |= Q(**{f"{name}__contains": secret})
        # One query a table; the columns are named only when something is found.
        if model._base_manager.annotate(**texts).filter(holding).exists():
            found += [
                f"{model._meta.db_table}.{field.column}"
                for n, field in enumerate(fields)
                if model._base_manager.annotate(_text=texts[f"_text_{n}"])
                .filter(_text__contains=secret)
                .exists()
            ]
    for session in Session.objects.all():
        if secret in repr(SessionStore().decode(session.session_data)):
            found.append(f"session {session.session_key[:6]}...")
    return found


def bits_of_urlsafe_token(token) -> int:
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


def record(trust_figures, kind, *, entropy, hashed, single_use, not_logged):
    for figure, passed in (
        ("secret links: entropy >= 128 bits", entropy),
        ("secret links: no raw copy stored", hashed),
        ("secret links: dead once used or replaced", single_use),
        ("secret links: never logged", not_logged),
    ):
        trust_figures.record(SECTION, figure, passed=passed, attempted=1, detail=kind)


def in_logs(secret, log) -> list[str]:
    """The log lines that hold `secret`. The capture must be listening, or "not logged" would
    pass for a deaf logger."""
    assert any(f"Not Found: {HEARD}" in line for line in log.lines), "the capture heard nothing"
    return [line[:200] for line in log.lines if secret in line]


# Invitations -------------------------------------------------------------------------------------


@pytest.fixture
def gathering(world):
    return make_gathering(
        "A gathering by invitation", hosts=[world.people["host"]], visibility="invited"
    )


@pytest.fixture
def tasks_in_the_database(settings):
    """Tasks wait in the database, as in production, so their stored arguments are searched
    too; `run_queued_tasks` is the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued_tasks():
    """What `manage.py db_worker` does with each waiting task, without its loop (which closes
    the connection between tasks, and with it the test's transaction on PostgreSQL)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="trust",
        excluded_queue_names=[],
    )
    for waiting in DBTaskResult.objects.ready():
        waiting.claim(worker.worker_id)
        worker.run_task(waiting)
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert not failed.exists(), failed.values_list("exception_class_path", "traceback").first()


def test_a_members_invitation_link_is_random_unstored_single_use_and_unlogged(
    world,
    gathering,
    tasks_in_the_database,
    django_capture_on_commit_callbacks,
    every_log_line,
    trust_figures,
):
    host, member = world.people["host"], world.people["member"]
    with django_capture_on_commit_callbacks(execute=True):
        invitation = service.invite(gathering, by=host, member=member, message="Come, Mo.")
    stored_email = Notification.objects.get(user=member, key__startswith="invitation:")
    # Before it is sent, the recorded email holds a random mark where the link goes.
    waiting = places_holding(stored_email.link_mark)
    run_queued_tasks()
    [email] = mail.outbox
    token = INVITATION_LINK.search(email.body).group(1)
    assert token in email.alternatives[0][0], "the HTML part has the same link"

    browser = world.client("member")
    assert browser.get(f"/gatherings/invitation/{token}/").status_code == 200
    browser.post(f"/gatherings/invitation/{token}/", {"action": "accept"})
    again = browser.post(f"/gatherings/invitation/{token}/", {"action": "accept"})

    every_log_line.stop()
    entropy = bits_of_urlsafe_token(token)
    stored = places_holding(token)
    stored_email.refresh_from_db()
    invitation.refresh_from_db()
    single_use = again.status_code == 404 and Rsvp.objects.filter(event=gathering).count() == 1
    logged = in_logs(token, every_log_line)
    record(
        trust_figures,
        "invitation to a member",
        entropy=entropy >= 128,
        hashed=not stored,
        single_use=single_use,
        not_logged=not logged,
    )
    assert entropy >= 128
    assert "members_notification.body_text" in waiting
    assert stored == [], "no raw invitation token in the database"
    assert stored_email.link_mark in stored_email.body_text
    assert invitation.token_hash == hash_token(token)
    assert invitation.status == Invitation.Status.ACCEPTED
    assert single_use, "a used invitation link answers nothing twice"
    assert logged == []


def test_a_guests_invitation_link_is_random_unstored_dies_when_resent_and_is_unlogged(
    world,
    gathering,
    tasks_in_the_database,
    django_capture_on_commit_callbacks,
    every_log_line,
    trust_figures,
):
    host = world.people["host"]
    with django_capture_on_commit_callbacks(execute=True):
        invitation = service.invite(
            gathering, by=host, email="guest@example.net", name="Gil Guest", message="Come, Gil."
        )
    queued_before_sending = places_holding(str(invitation.pk))  # sanity: the search works
    run_queued_tasks()
    first = INVITATION_LINK.search(mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        service.resend(invitation, host)
    run_queued_tasks()
    second = INVITATION_LINK.search(mail.outbox[-1].body).group(1)
    run_queued_tasks()  # nothing left: each sending goes once

    visitor = Client()
    old = visitor.get(f"/gatherings/invitation/{first}/")
    new = visitor.get(f"/gatherings/invitation/{second}/")

    every_log_line.stop()
    entropy = min(bits_of_urlsafe_token(first), bits_of_urlsafe_token(second))
    stored = places_holding(first) + places_holding(second)
    logged = in_logs(first, every_log_line) + in_logs(second, every_log_line)
    record(
        trust_figures,
        "invitation to a guest (task in the database)",
        entropy=entropy >= 128 and first != second,
        hashed=not stored,
        single_use=old.status_code == 404,
        not_logged=not logged,
    )
    assert queued_before_sending
    assert len(mail.outbox) == 2
    assert entropy >= 128
    assert first != second
    assert stored == [], "no raw token in the invitation, the task's arguments or results"
    assert old.status_code == 404, "a resent invitation's old link is dead"
    assert new.status_code == 200
    assert logged == []


# Calendar feeds ----------------------------------------------------------------------------------


def test_a_calendar_feed_address_is_random_unstored_dies_when_reset_and_is_unlogged(
    world, every_log_line, trust_figures
):
    member = world.people["member"]
    browser = world.client("member")
    first = FEED_LINK.search(browser.post("/me/calendar/").content.decode()).group(1)
    calendar_app = Client()
    assert calendar_app.get(f"/gatherings/calendar/{first}.ics").status_code == 200
    second = FEED_LINK.search(browser.post("/me/calendar/").content.decode()).group(1)
    old = calendar_app.get(f"/gatherings/calendar/{first}.ics")
    browser.post("/me/calendar/", {"action": "stop"})
    stopped = calendar_app.get(f"/gatherings/calendar/{second}.ics")

    every_log_line.stop()
    entropy = min(bits_of_urlsafe_token(first), bits_of_urlsafe_token(second))
    stored = places_holding(first) + places_holding(second)
    logged = in_logs(first, every_log_line) + in_logs(second, every_log_line)
    single_use = old.status_code == 404 and stopped.status_code == 404
    record(
        trust_figures,
        "calendar feed",
        entropy=entropy >= 128,
        hashed=not stored,
        single_use=single_use,
        not_logged=not logged,
    )
    assert entropy >= 128
    assert stored == []
    assert not CalendarFeed.objects.filter(member=member).exists()
    assert single_use, "a reset or stopped feed address is dead at once"
    assert logged == []


# allauth's links ---------------------------------------------------------------------------------


def test_a_password_reset_link_is_an_hmac_of_128_bits_unstored_single_use_and_unlogged(
    every_log_line, trust_figures
):
    kim = make_member(name="Kim Known")
    browser = Client()
    browser.post("/accounts/password/reset/", {"email": kim.email})
    uidb36, key = RESET_LINK.search(mail.outbox[-1].body).groups()
    link = f"/accounts/password/reset/key/{uidb36}-{key}/"
    form = browser.get(link)
    browser.post(
        form["Location"], {"password1": "a-new-long-password", "password2": "a-new-long-password"}
    )
    kim.refresh_from_db()
    replay = Client().get(link)

    # Django's key is "<timestamp>-<HMAC-SHA256 cut to 32 hex digits>": 128 bits of HMAC.
    every_log_line.stop()
    entropy = len(key.split("-")[1]) * 4
    stored = places_holding(key)
    logged = in_logs(key, every_log_line)
    dead = replay.status_code == 200 and "password1" not in replay.content.decode()
    record(
        trust_figures,
        "password reset",
        entropy=entropy >= 128,
        hashed=not stored,
        single_use=dead,
        not_logged=not logged,
    )
    assert kim.check_password("a-new-long-password")
    assert entropy >= 128
    assert "constant_time_compare" in inspect.getsource(PasswordResetTokenGenerator.check_token)
    assert stored == [], "the key left in the session after use is gone"
    assert dead, "a used reset link offers no form"
    assert logged == []


def test_an_email_confirmation_link_is_a_signed_key_unstored_and_unlogged(
    every_log_line, trust_figures
):
    browser = Client()
    browser.post(
        "/accounts/signup/",
        {
            "email": "nia@example.net",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Nia New",
        },
    )
    key = CONFIRM_LINK.search(mail.outbox[-1].body).group(1)
    browser.post(f"/accounts/confirm-email/{key}/")
    stranger = Client()
    replay = stranger.post(f"/accounts/confirm-email/{key}/")

    # allauth's key is a signed, timestamped address id (Django signing: HMAC-SHA256); the
    # signature part carries the secret.
    signature = key.rsplit(":", 1)[-1]
    every_log_line.stop()
    entropy = bits_of_urlsafe_token(signature)
    stored = places_holding(key) + places_holding(signature)
    logged = in_logs(signature, every_log_line)
    # Using it again re-confirms the same address and signs no one in: harmless, so counted.
    harmless = "_auth_user_id" not in stranger.session and replay.status_code < 500
    record(
        trust_figures,
        "email confirmation",
        entropy=entropy >= 128,
        hashed=not stored,
        single_use=harmless,
        not_logged=not logged,
    )
    assert entropy >= 128
    assert any("/accounts/confirm-email/[secret]/" in line for line in every_log_line.lines), (
        "the used link's 404 is logged, with its key redacted"
    )
    assert "constant_time_compare" in inspect.getsource(signing.Signer.unsign)
    assert stored == []
    assert harmless
    assert logged == []


# Sign-in codes -----------------------------------------------------------------------------------


def test_a_sign_in_code_is_bound_to_its_browser_dies_once_used_and_is_unlogged(
    every_log_line, trust_figures
):
    # A code is typed by a person, so it is short (8 letters of 20: about 35 bits); what guards
    # it is three tries (tests/trust/test_accounts.py), three minutes, and the session of the
    # browser that asked, where allauth keeps it until it is used.
    kim = make_member(name="Kim Known")
    browser = Client()
    browser.post("/accounts/login/code/", {"email": kim.email})
    code = re.search(r"^([A-Z]{4}-[A-Z]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    another = Client()
    another.get("/accounts/login/")
    elsewhere = another.post("/accounts/login/code/confirm/", {"code": code})
    browser.post("/accounts/login/code/confirm/", {"code": code})
    signed_in = "_auth_user_id" in browser.session
    browser.post("/accounts/logout/")
    browser.post("/accounts/login/code/confirm/", {"code": code})

    every_log_line.stop()
    used_again = "_auth_user_id" in browser.session
    stored_after_use = places_holding(code)
    logged = in_logs(code, every_log_line)
    held = signed_in and not used_again and not stored_after_use and not logged
    trust_figures.record(
        SECTION,
        "sign-in codes: bound to one browser, dead once used, never logged",
        passed=held,
        attempted=1,
        detail="short by design; kept in the asking browser's session until used (allauth)",
    )
    assert "_auth_user_id" not in another.session
    assert elsewhere.status_code in (200, 302)
    assert signed_in
    assert not used_again
    assert stored_after_use == []
    assert logged == []
