"""#8, section 7: the load test. Locust (headless, on 127.0.0.1 only, bounded) against gunicorn
(2 sync workers, DEBUG off, production settings) on PostgreSQL (database `h3load`) and Redis
(database 12), seeded with the demo content and one account per simulated member.

Visitors browse and search; members sign in with real logins, browse, search, and reply to two
gatherings with few places (going, then not going, again and again). Zero 5xx, and every
member's last answer as the page told them is what the database holds: told going means going,
told not going means not going, told waitlisted means waitlisted or promoted since (with the
email that says so). Nobody is ever over a gathering's places.

Size: LOAD_USERS (50) for LOAD_SECONDS (120), spawning LOAD_SPAWN_RATE (5) a second; try it
small with LOAD_USERS=10 LOAD_SECONDS=20. Ports 8410-8419; the processes the harness of the
scaling tests starts and stops (tests/scaling/harness.py)."""

import json
import os
import subprocess
import sys
from collections import Counter

import psycopg
import pytest

from tests.scaling.harness import (
    POSTGRES,
    REPO,
    Processes,
    _static_files_collected,
    base_env,
    manage,
    start_web,
)

SECTION = "7. Load, faults and tasks"
DATABASE = "h3load"
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
PORT = 8410
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "120"))
SPAWN_RATE = os.environ.get("LOAD_SPAWN_RATE", "5")


def load_env(**extra):
    return base_env(DATABASE_URL=f"{POSTGRES}/{DATABASE}", REDIS_URL=REDIS_URL, **extra)


def django_call(function, *args, env):
    """`tests.trust.load_setup.<function>(*args)` in a Django process on the load database."""
    code = (
        "import json, sys, django; django.setup(); from tests.trust import load_setup; "
        "print('RESULT ' + json.dumps(getattr(load_setup, sys.argv[1])(*json.loads(sys.argv[2]))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, function, json.dumps(args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    failure = f"{function}: {result.stdout[-2000:]}{result.stderr[-3000:]}"
    assert result.returncode == 0, failure
    assert lines, failure
    return json.loads(lines[-1].removeprefix("RESULT "))


def prepare_database():
    """`h3load` migrated (kept between runs, so only new migrations run), the demo content (its
    loader refuses to run with DEBUG off, as it publishes passwords: this database is ours
    alone), a clean Redis database, and the static files that DEBUG off serves."""
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    for command in (["migrate", "--noinput"], ["load_demo_content"]):
        result = manage(*command, env=load_env(DEBUG="true"), timeout=900)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    _static_files_collected()


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    started = Processes(tmp_path_factory.mktemp("load-processes"))
    try:
        yield started
    finally:
        started.stop_all()


def compare(told: dict, unknown: list, stored: dict) -> tuple[int, int, list]:
    """How many of the members' last answers the database agrees with, of how many, and the
    disagreements."""
    rows = {f"{email} {event}": (status, promoted) for event, email, status, promoted in stored}
    agreed, disagreements = 0, []
    for key, answer in told.items():
        if key in unknown:
            continue
        status, promoted = rows.get(key, (None, False))
        if answer == status or (answer == "waitlisted" and status == "going" and promoted):
            agreed += 1
        else:
            disagreements.append((key, answer, status))
    # A reply stored that nobody was told about (other than one whose answer never came back).
    for key in rows.keys() - told.keys() - set(unknown):
        disagreements.append((key, None, rows[key][0]))
    return agreed, len(told) - len(set(unknown) & told.keys()), disagreements


def test_the_comparison_catches_a_reply_stored_differently_from_what_the_member_was_told():
    """The control: if the comparison could not see a disagreement, the load test would prove
    nothing about replies."""
    stored = [
        [1, "a@x.org", "going", False],
        [1, "b@x.org", "going", True],  # promoted from the waitlist, and emailed so
        [1, "c@x.org", "going", False],  # told waitlisted, yet going without being told: wrong
        [1, "d@x.org", "not_going", False],  # never told anything: wrong
        [2, "e@x.org", "waitlisted", False],  # its answer never came back: left out
    ]
    told = {"a@x.org 1": "going", "b@x.org 1": "waitlisted", "c@x.org 1": "waitlisted"}
    agreed, compared, disagreements = compare(told, ["e@x.org 2"], stored)
    assert (agreed, compared) == (2, 3)
    assert sorted(disagreements) == [
        ("c@x.org 1", "waitlisted", "going"),
        ("d@x.org 1", None, "not_going"),
    ]


@pytest.mark.trust_long
def test_under_load_no_5xx_and_every_reply_is_what_the_member_was_told(
    processes, tmp_path, trust_figures
):
    prepare_database()
    plan = django_call("seed", USERS, env=load_env(DEBUG="true"))
    plan_file, results_file = tmp_path / "plan.json", tmp_path / "results.json"
    plan_file.write_text(json.dumps(plan))
    start_web(processes, {"web": PORT}, load_env())

    locust = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(REPO / "tests" / "trust" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--users",
            str(USERS),
            "--spawn-rate",
            SPAWN_RATE,
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "30",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=REPO,
        env={**os.environ, "LOAD_PLAN": str(plan_file), "LOAD_RESULTS": str(results_file)},
        capture_output=True,
        text=True,
        timeout=SECONDS + 180,
        check=False,
    )
    assert results_file.exists(), locust.stdout[-3000:] + locust.stderr[-3000:]
    results = json.loads(results_file.read_text())
    statuses = Counter(results["statuses"])
    requests = sum(statuses.values())
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    no_answer = statuses.get("error", 0) + statuses.get("0", 0)

    stored = django_call("tally", [g["pk"] for g in plan["gatherings"]], env=load_env())
    agreed, compared, disagreements = compare(
        results["told"], results["unknown"], stored["replies"]
    )
    over = [
        pk
        for pk, places in stored["places"].items()
        if sum(
            1 for event, _, status, _ in stored["replies"] if str(event) == pk and status == "going"
        )
        > places
    ]

    detail = (
        f"{USERS} users for {SECONDS} s against gunicorn (2 sync workers) on PostgreSQL: "
        f"{requests} requests, statuses {dict(sorted(statuses.items()))}"
    )
    trust_figures.record(
        SECTION,
        "load requests answered without a 5xx",
        passed=requests - server_errors - no_answer,
        attempted=requests,
        detail=detail,
    )
    trust_figures.record(
        SECTION,
        "replies under load: stored = what the member was told",
        passed=agreed,
        attempted=compared,
    )
    print(detail, f"replies compared {compared}, agreed {agreed}", file=sys.stderr)
    assert server_errors == 0, detail + "\n" + processes.report()
    assert no_answer == 0, detail
    assert requests > USERS, detail + locust.stderr[-3000:]
    assert compared > 0, "no member was told an answer: the replies did not run"
    assert disagreements == []
    assert over == []
