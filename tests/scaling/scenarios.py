"""What the scaling tests run inside their own Django processes (never imported by pytest itself).

Each function is called by `tests/scaling/conftest.py`'s `django_call` in a fresh process with
production settings and the shared database and cache, and returns something JSON can carry.
"""

import datetime
import json
import pathlib
import time

from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from events.models import EventPage, Rsvp
from tests.events.factories import make_gathering
from tests.factories import UserFactory, make_member

# The reminder recipients never sign in: a fast hash spares a second per round on 2 cores.
FAST_HASHES = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def _fresh_addresses():
    # Each process starts the factory's numbering again: begin where no earlier run has been.
    UserFactory.reset_sequence(time.time_ns() // 1000)


def web_scenario(token: str, password: str) -> dict:
    """A verified member who can sign in with `password`, and a public gathering with places,
    in an empty shared cache."""
    cache.clear()
    _fresh_addresses()
    member = make_member(name=f"Wren Scaling {token}")
    member.set_password(password)
    member.save()
    gathering = make_gathering(f"Scaling evening {token}", capacity=5)
    return {
        "email": member.email,
        "name": f"Wren Scaling {token}",
        "gathering": gathering.url,
        "gathering_id": gathering.pk,
    }


def reminder_scenario(token: str, gatherings: int, members: int) -> list[list[str]]:
    """Public gatherings starting within the day, half within the hour, each with `members`
    going who want reminders. Returns the reminders now due, as [email, subject] pairs."""
    now = timezone.now()
    due = []
    _fresh_addresses()
    with FAST_HASHES:
        people = [make_member(name=f"Rae {token} {n}") for n in range(members)]
        for n in range(gatherings):
            soon = n % 2 == 0
            event = make_gathering(
                f"Round {token} gathering {n}",
                starts_at=(now + datetime.timedelta(minutes=40 if soon else 300)).replace(
                    microsecond=0
                ),
            )
            Rsvp.objects.bulk_create(
                Rsvp(event=event, member=person, status=Rsvp.Status.GOING) for person in people
            )
            subject = f"Starting soon: {event.title}" if soon else f"Coming up: {event.title}"
            due += [[person.email, subject] for person in people]
    assert EventPage.objects.filter(title__startswith=f"Round {token} ").count() == gatherings
    return due


def reminder_sender(control_dir: str, me: int, racers: int) -> str:
    """One of `racers` processes that run `manage.py send_reminders` at the same moment as each
    other, round after round, as the schedulers of two machines might.

    The test starts round n by writing `round-<n>.json` into `control_dir`. Sender 0 first makes
    that round's gatherings due (`reminder_scenario`) and writes `due-<n>.json`. Each sender then
    says it is ready and waits for the others, so all start the command together, and writes
    `ran-<n>-<me>.json` (when it started and finished). A file named `stop` ends the loop."""
    control = pathlib.Path(control_dir)
    Rsvp.objects.exists()  # connected before the start line, as a long-running process would be
    round_number = 1
    while True:
        order = control / f"round-{round_number}.json"
        _wait(lambda order=order: order.exists() or (control / "stop").exists())
        if not order.exists():
            return "stopped"
        if me == 0:
            _write(control / f"due-{round_number}.json", reminder_scenario(**_read(order)))
        (control / f"ready-{round_number}-{me}").touch()
        _wait(lambda n=round_number: len(list(control.glob(f"ready-{n}-*"))) == racers)
        started = time.time()
        call_command("send_reminders")
        ran = {"started": started, "finished": time.time()}
        _write(control / f"ran-{round_number}-{me}.json", ran)
        round_number += 1


def _wait(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the test or the other sender went quiet")
        time.sleep(0.005)


def _read(path):
    return json.loads(path.read_text())


def _write(path, value):
    # Whole or not at all: the reader polls for the file.
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(value))
    partial.rename(path)
