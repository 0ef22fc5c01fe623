"""Two task workers, and two runs of the reminder command at once, never send the same reminder
twice.

Reminders are decided by `manage.py send_reminders` (run by a scheduler every few minutes,
possibly on two machines at once) and sent by `manage.py db_worker` (as many as the load
needs), all on the one PostgreSQL database. Two things make each reminder go once:
- `send_reminders` records each as a `Notification` under a key unique per member (a database
  constraint), so a second run at the same moment finds it or fails to insert it, and only the
  run that inserted it queues its delivery;
- `db_worker` claims a queued task with `SELECT ... FOR UPDATE SKIP LOCKED` and marks it running
  in the same transaction, so no other worker can take it; and the delivery task itself locks
  the notification and skips one already sent.

Two sender processes and two workers run through every round. Each round makes new gatherings
due for reminders, releases the two senders at the same instant, and lets the two workers
deliver what they queued, each into its own mail folder (file-based email); then every
reminder must have arrived exactly once."""

import collections
import email
import email.policy
import json
import secrets
import time

import pytest

from .harness import PYTHON, Proc, base_env, shared_db_query, wait_for

pytestmark = pytest.mark.scaling

ROUNDS = 4
# 32 reminders a round: one for each member going to each gathering.
SIZE = {"gatherings": 4, "members": 8}
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in the file-based backend's files
# The Procfile's `worker` process, polling every 0.1 s instead of every second.
WORKER = [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"]


def sent_mail(folders) -> list[tuple[str, str]]:
    """Every message the workers wrote, as (recipient, subject)."""
    found = []
    for folder in folders:
        for path in sorted(folder.glob("*.log")):
            for raw in path.read_bytes().split(SEPARATOR):
                if raw.strip():
                    message = email.message_from_bytes(raw, policy=email.policy.default)
                    # "Coming up: <title>, <date>": the title names the gathering.
                    found.append((message["To"], message["Subject"].split(", ")[0]))
    return found


def unfinished_tasks() -> int:
    return shared_db_query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status IN ('READY', 'RUNNING')"
    )[0][0]


def start(processes, names, args, env, says) -> list[Proc]:
    """Start processes (they load Django in parallel with the others); `says` is what each
    prints once it is running (see `wait_until_running`)."""
    started = [processes.start(name, [*args, *extra], env(name)) for name, extra in names]
    for proc in started:
        proc.says = says
    return started


def wait_until_running(procs) -> None:
    for proc in procs:
        wait_for(
            lambda proc=proc: running(proc) and proc.says in proc.log.read_text(),
            timeout=90,
            what=f"{proc.name} to start",
        )


def running(proc) -> bool:
    if proc.popen.poll() is not None:
        raise AssertionError(f"{proc.name} exited:\n{proc.output()}")
    return True


def write(path, value):
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(value))
    partial.rename(path)


@pytest.fixture
def two_workers(shared_services, processes, tmp_path):
    """Two `db_worker` processes, each writing the mail it sends to its own folder (started,
    not yet waited for: they load alongside the senders)."""
    # Tasks a web test left queued are not this test's to send.
    shared_db_query("DELETE FROM django_tasks_database_dbtaskresult RETURNING id")
    folders = {name: tmp_path / f"mail-{name}" for name in ("worker-1", "worker-2")}
    for folder in folders.values():
        folder.mkdir()
    workers = start(
        processes,
        [(name, ["--worker-id", name]) for name in folders],
        WORKER,
        lambda name: base_env(EMAIL_FILE_PATH=str(folders[name])),
        says="Starting worker",
    )
    return workers, list(folders.values())


@pytest.fixture
def two_senders(shared_services, processes, tmp_path):
    """Two processes that each run `send_reminders` when a round starts (scenarios.py)."""
    control = tmp_path / "control"
    control.mkdir()
    code = (
        "import sys, django; django.setup(); print('RUNNING', flush=True); "
        "from tests.scaling.scenarios import reminder_sender; "
        "print(reminder_sender(sys.argv[1], int(sys.argv[2]), 2))"
    )
    senders = start(
        processes,
        [(f"sender-{n}", [str(control), str(n)]) for n in (0, 1)],
        [PYTHON, "-c", code],
        lambda name: base_env(),
        says="RUNNING",
    )
    yield senders, control
    (control / "stop").touch()
    for sender in senders:
        sender.popen.wait(timeout=30)


def test_two_workers_and_two_senders_send_each_reminder_exactly_once(two_workers, two_senders):
    workers, mail_folders = two_workers
    senders, control = two_senders
    wait_until_running([*workers, *senders])
    expected = collections.Counter()
    overlaps = []
    for round_number in range(1, ROUNDS + 1):
        order = {"token": f"{round_number}-{secrets.token_hex(3)}"}
        write(control / f"round-{round_number}.json", {**order, **SIZE})

        ran = [control / f"ran-{round_number}-{n}.json" for n in (0, 1)]
        wait_for(
            lambda ran=ran: all(running(s) for s in senders) and all(p.exists() for p in ran),
            timeout=120,
            what=f"both senders to finish round {round_number}",
        )
        due = json.loads((control / f"due-{round_number}.json").read_text())
        assert len(due) == SIZE["gatherings"] * SIZE["members"]
        expected.update(tuple(pair) for pair in due)
        first, second = (json.loads(path.read_text()) for path in ran)
        overlaps.append(
            min(first["finished"], second["finished"]) - max(first["started"], second["started"])
        )

        # The workers deliver everything queued; then nothing more arrives.
        wait_for(
            lambda: (
                all(running(w) for w in workers)
                and len(sent_mail(mail_folders)) >= expected.total()
                and not unfinished_tasks()
            ),
            timeout=60,
            what=f"the {expected.total()} emails of rounds 1 to {round_number}",
        )
        time.sleep(0.3)
        sent = collections.Counter(sent_mail(mail_folders))
        assert sent == expected, (
            f"round {round_number}: twice: {[k for k, n in sent.items() if n > 1]}, "
            f"missing: {list(expected - sent)}, unexpected: {list(sent - expected)}"
        )

    # The races were real: each round's two senders ran at the same time...
    assert all(overlap > 0 for overlap in overlaps), overlaps
    # ...and both workers took part in the sending.
    by_worker = dict(
        shared_db_query(
            "SELECT worker_ids->>0, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'SUCCESSFUL' "
            "AND task_path = 'members.notifications.deliver_notification' "
            "GROUP BY 1"
        )
    )
    assert set(by_worker) == {"worker-1", "worker-2"}, by_worker
    assert sum(by_worker.values()) == expected.total()
    # Every reminder was recorded once and marked sent.
    assert shared_db_query(
        "SELECT count(*), count(sent_at) FROM members_notification "
        "WHERE key LIKE 'gathering-reminder:%'"
    ) == [(expected.total(), expected.total())]
