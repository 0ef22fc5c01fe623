"""#8, section 7, tasks: a change that rolls back after queueing its email sends nothing and
leaves no task behind; a task that runs twice sends one email.

The tasks here go through the production backend (django-tasks' database backend), not the
test suite's run-at-once backend, and are run as the worker runs them: what is asserted is what
a deployment stores and sends. Commits are real commits of the
surrounding transaction as far as Django can tell (`django_capture_on_commit_callbacks` runs
what waits for the commit when the block ends). Both databases."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from convening.circles import membership as circles
from events import invitations
from events.reminders import send_due_reminders
from events.rsvp import rsvp
from members.models import Notification
from tests.convening.circles.factories import make_circle, make_facilitator
from tests.events.factories import hours, make_gathering
from tests.factories import make_member, make_staff

pytestmark = pytest.mark.django_db

SECTION = "7. Load, faults and tasks"


class Undo(Exception):
    """Whatever made the surrounding transaction roll back after the email was queued."""


# Wagtail queues tasks of its own (search and reference indexes); these are the emails.
EMAIL_TASKS = [
    "members.notifications.deliver_notification",
    "events.invitations.deliver_guest_invitation",
]


def email_tasks():
    return DBTaskResult.objects.filter(task_path__in=EMAIL_TASKS)


def run_the_worker(times=1):
    """What `manage.py db_worker` does with each email task waiting in the database: run it
    (`times` over, as a retry or a duplicate would). The worker itself, claiming and marking
    tasks across processes, is tested on real processes in tests/scaling; it closes the
    database connection between tasks, which a test's transaction cannot survive."""
    for queued in list(email_tasks()):
        for _ in range(times):
            queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])


# What a journey does and to whom it sends: each returns the address its email goes to.


def a_reply(people):
    event = make_gathering("Tea and systems", capacity=5)
    rsvp(event, people["member"], going=True)
    return people["member"].email


def a_request_to_join_a_circle(people):
    circle = make_circle("Asking circle", facilitator=people["facilitator"], size_limit=6)
    circles.request_to_join(circle, people["member"], agreed=True, message="May I join?")
    return people["facilitator"].email


def an_invitation_to_a_guest(people):
    event = make_gathering("By invitation", visibility="invited", hosts=[people["host"]])
    invitations.invite(event, by=people["host"], email="guest@example.org", message="Do come.")
    return "guest@example.org"


JOURNEYS = [a_reply, a_request_to_join_a_circle, an_invitation_to_a_guest]


@pytest.fixture(autouse=True)
def tasks_in_the_database(settings):
    """The production backend: tasks wait in the database for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def people(db):
    return {
        "member": make_member(name="Mo Member"),
        "facilitator": make_facilitator(name="Fay Facilitator"),
        "host": make_staff(group="Hosts", name="Hal Host"),
    }


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.__name__)
@pytest.mark.parametrize("backend", ["database", "immediate"])
def test_a_rollback_after_the_email_was_queued_sends_nothing_and_leaves_no_task(
    journey, backend, people, settings, django_capture_on_commit_callbacks, trust_figures
):
    """With tasks in the database the rolled-back task row goes with the transaction; with a
    backend outside it (run at once, as a broker would), only queueing after the commit keeps
    the email from leaving."""
    if backend == "immediate":
        settings.TASKS = IMMEDIATE
    mail.outbox.clear()

    def journey_then_undo():
        with transaction.atomic():
            journey(people)
            raise Undo

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Undo):
        journey_then_undo()
    run_the_worker()

    nothing = (
        mail.outbox == []
        and not DBTaskResult.objects.exists()
        and not Notification.objects.exists()
    )

    # The control: the same journey committed queues one task, and the worker sends its email.
    with django_capture_on_commit_callbacks(execute=True):
        address = journey(people)
    queued = email_tasks().count() if backend == "database" else 1
    run_the_worker()
    sent = [message.to for message in mail.outbox]

    trust_figures.record(
        SECTION,
        "rollback after enqueue: nothing sent, no task row (journeys)",
        passed=int(nothing),
        attempted=1,
    )
    assert nothing
    assert queued == 1
    assert sent == [[address]]


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.__name__)
def test_a_task_run_twice_sends_one_email(
    journey, people, django_capture_on_commit_callbacks, trust_figures
):
    """A worker that dies after sending but before recording, or a task queued twice, runs the
    same task again: the second run sends nothing."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        address = journey(people)
    queued = email_tasks().count()
    run_the_worker(times=2)
    run_the_worker()

    once = queued == 1 and [message.to for message in mail.outbox] == [[address]]
    trust_figures.record(
        SECTION, "task run twice: one email (tasks)", passed=int(once), attempted=1
    )
    assert queued == 1
    assert [message.to for message in mail.outbox] == [[address]]


def test_reminders_run_twice_send_each_reminder_once(
    people, django_capture_on_commit_callbacks, trust_figures
):
    event = make_gathering("Tomorrow's gathering", starts_in=hours(20), capacity=5)
    going = [people["member"], make_member(name="Bo Both")]
    with django_capture_on_commit_callbacks(execute=True):
        for person in going:
            rsvp(event, person, going=True)
    run_the_worker()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = send_due_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        second = send_due_reminders()
    run_the_worker()

    reminded = sorted(message.to[0] for message in mail.outbox)
    once = first["day"] == 2 and second["day"] == 0 and reminded == sorted(p.email for p in going)
    trust_figures.record(
        SECTION, "task run twice: one email (tasks)", passed=int(once), attempted=1
    )
    assert (first["day"], second["day"]) == (2, 0)
    assert reminded == sorted(person.email for person in going)
