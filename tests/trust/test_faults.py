"""Section 7 of #8, faults: what gunicorn (production settings, DEBUG off) does when what it
stands on fails.

- Redis is down: pages are still served and members still sign in (site/cache.py).
- The mail server refuses every message: the reply still stands, and the email is recorded as
  failed with its reason, never dropped silently (members/notifications.py).
- PostgreSQL restarts in the middle: requests while it is away get a polite 503 (never a
  traceback or a 500), the site recovers by itself when it is back (CONN_HEALTH_CHECKS), and a
  reply confirmed before the restart is still there after. This drill runs on a PRIVATE
  PostgreSQL cluster started for it (port 5499, initdb in a temporary folder), so the shared
  server is never restarted.

Ports: 8421 to 8423 (web), 8425 (the refusing mail server), 8429 (where no Redis answers).
Runs under `make trust` (marker trust_long); about a minute in all.
"""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import psycopg
import pytest

from tests.scaling.harness import PYTHON, REPO, wait_for

from .gunicorn_processes import (
    TEMPLATE_DB,
    SecureVisitor,
    base_env,
    django_call,
    gunicorn_services,  # noqa: F401 (a fixture)
    processes,  # noqa: F401 (a fixture)
    start_web,
)

# One xdist worker runs every test on the h6 databases and ports (`--dist loadgroup`): each
# session prepares `h6headers_b` afresh, which would pull it from under another worker.
pytestmark = [pytest.mark.trust_long, pytest.mark.xdist_group("h6-gunicorn")]

SECTION = "7. Load, faults and tasks"
REDIS_DOWN_WEB, MAIL_WEB, POSTGRES_WEB = 8421, 8422, 8423
SMTP_PORT, DEAD_REDIS_PORT = 8425, 8429
PRIVATE_PG_PORT = 5499
PASSWORD = secrets.token_urlsafe(16)


@contextlib.contextmanager
def drill(trust_figures, fault):
    """Records the drill as survived or not in the report, whichever way the test ends."""
    survived = False
    try:
        yield
        survived = True
    finally:
        trust_figures.record(
            SECTION, f"faults survived: {fault}", passed=int(survived), attempted=1
        )


def sign_in(visitor, port, email, password):
    assert visitor.get(port, "/accounts/login/").status == 200
    answer = visitor.post(port, "/accounts/login/", {"login": email, "password": password})
    assert answer.status == 302, answer.text[:2000]
    assert answer.headers["Location"] == "/me/"


def reply_going(visitor, port, scene):
    assert visitor.get(port, scene["gathering"]).status == 200  # and its CSRF cookie
    answer = visitor.post(port, f"/gatherings/{scene['gathering_id']}/reply/", {"going": "yes"})
    assert answer.status == 302, answer.text[:2000]
    assert "You are going." in visitor.get(port, scene["gathering"]).text


# Redis down -----------------------------------------------------------------------------------


def test_with_redis_down_the_site_serves_pages_and_members_sign_in(
    gunicorn_services,  # noqa: F811 (fixtures imported above)
    processes,  # noqa: F811
    trust_figures,
):
    with drill(trust_figures, "Redis down"):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", DEAD_REDIS_PORT)) != 0, "something answers there"
        env = base_env(REDIS_URL=f"redis://127.0.0.1:{DEAD_REDIS_PORT}/0")
        start_web(processes, {"web-no-redis": REDIS_DOWN_WEB}, env)
        scene = django_call("fault_scenario", secrets.token_hex(4), PASSWORD, env=env)

        visitor = SecureVisitor()
        for path in ("/", "/practices/", "/gatherings/", scene["gathering"]):
            answer = visitor.get(REDIS_DOWN_WEB, path)
            assert answer.status == 200, f"{path}: {answer.status}\n{answer.text[:3000]}"
        member = SecureVisitor()
        sign_in(member, REDIS_DOWN_WEB, scene["email"], PASSWORD)
        me = member.get(REDIS_DOWN_WEB, "/me/")
        assert me.status == 200
        assert "Faye Faults" in me.text
        reply_going(member, REDIS_DOWN_WEB, scene)


# The mail server refuses ----------------------------------------------------------------------


class RefusingMailServer:
    """An SMTP server that greets, then refuses every recipient with 554, as a mail server
    that has blocked the site would. It counts the messages it was offered."""

    def __init__(self, port):
        self.listener = socket.create_server(("127.0.0.1", port))
        self.refused = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed: the drill is over
                return
            with connection, connection.makefile("rwb") as stream:
                self._converse(stream)

    def _converse(self, stream):
        def say(line):
            stream.write(line.encode() + b"\r\n")
            stream.flush()

        say("220 refusing.example ESMTP")
        for raw in stream:
            command = raw.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                say("250 refusing.example")
            elif command.startswith("MAIL FROM"):
                say("250 OK")
            elif command.startswith("RCPT TO"):
                self.refused += 1
                say("554 5.7.1 Message refused")
            elif command.startswith("QUIT"):
                say("221 Bye")
                return
            else:
                say("503 5.5.1 Bad sequence of commands")

    def close(self):
        self.listener.close()


def test_when_the_mail_server_refuses_the_reply_stands_and_the_email_is_recorded_as_failed(
    gunicorn_services,  # noqa: F811
    processes,  # noqa: F811
    trust_figures,
):
    with drill(trust_figures, "mail server refusing"):
        mail = RefusingMailServer(SMTP_PORT)
        try:
            env = base_env(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(SMTP_PORT),
                EMAIL_TIMEOUT="5",
            )
            start_web(processes, {"web-mail": MAIL_WEB}, env)
            scene = django_call("fault_scenario", secrets.token_hex(4), PASSWORD, env=env)
            member = SecureVisitor()
            member.cookies["sessionid"] = scene["session"]

            reply_going(member, MAIL_WEB, scene)
            worker = subprocess.run(
                [PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            emails = django_call("notifications_of", scene["member_id"], env=env)
        finally:
            mail.close()

        assert worker.returncode == 0, worker.stdout[-3000:] + worker.stderr[-3000:]
        assert mail.refused >= 1, "the worker never offered the email to the mail server"
        assert emails, "the reply recorded no email at all"
        for email in emails:
            assert not email["sent"]
            assert email["failed"], f"{email['kind']} neither sent nor marked failed"
            assert "554" in email["error"] or "refused" in email["error"].lower(), email["error"]
        # The reply itself stands, as the member was told.
        assert "You are going." in member.get(MAIL_WEB, scene["gathering"]).text


# PostgreSQL restarts --------------------------------------------------------------------------


def _as_postgres_user(args):
    """initdb and pg_ctl refuse to run as root: as root, run them as the `postgres` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class PrivatePostgres:
    """A PostgreSQL cluster of this drill's own, in a temporary folder, on port 5499."""

    def __init__(self):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            pytest.skip("PostgreSQL's server programs (initdb) are not installed")
        self.bin = found[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="h6-postgres-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()

    def _run(self, program, *args, check=True):
        return subprocess.run(
            _as_postgres_user([str(self.bin / program), *args]),
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
        )

    def start(self):
        options = f"-p {PRIVATE_PG_PORT} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database=""):
        return f"postgres://postgres@127.0.0.1:{PRIVATE_PG_PORT}/{database}"

    def close(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def private_postgres(gunicorn_services):  # noqa: F811
    """The private cluster, holding a copy of the migrated schema (`h6headers_a` on the shared
    server, copied with pg_dump)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PRIVATE_PG_PORT)) == 0:
            pytest.fail(f"Something already listens on port {PRIVATE_PG_PORT}.")
    cluster = PrivatePostgres()
    try:
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE h6faults")
        dump = subprocess.run(
            [
                str(cluster.bin / "pg_dump"),
                "--no-owner",
                "--dbname",
                f"postgres://postgres@127.0.0.1:5432/{TEMPLATE_DB}",
            ],
            capture_output=True,
            timeout=300,
            check=True,
        )
        subprocess.run(
            [str(cluster.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", cluster.url("h6faults")],
            input=dump.stdout,
            capture_output=True,
            timeout=300,
            check=True,
        )
        yield cluster
    finally:
        cluster.close()


def test_a_postgresql_restart_answers_503_meanwhile_recovers_and_loses_no_reply(
    private_postgres,
    processes,  # noqa: F811
    trust_figures,
):
    with drill(trust_figures, "PostgreSQL restart"):
        env = base_env(DATABASE_URL=private_postgres.url("h6faults"))
        start_web(processes, {"web-postgres": POSTGRES_WEB}, env)
        scene = django_call("fault_scenario", secrets.token_hex(4), PASSWORD, env=env)
        member = SecureVisitor()
        member.cookies["sessionid"] = scene["session"]
        reply_going(member, POSTGRES_WEB, scene)

        private_postgres.stop()
        try:
            while_away = {
                "/me/": member.get(POSTGRES_WEB, "/me/"),
                "/members/": member.get(POSTGRES_WEB, "/members/"),
                "a reply": member.post(
                    POSTGRES_WEB, f"/gatherings/{scene['gathering_id']}/reply/", {"going": "no"}
                ),
                "a page, anonymous": SecureVisitor().get(POSTGRES_WEB, "/gatherings/"),
            }
        finally:
            private_postgres.start()

        for what, answer in while_away.items():
            # A visitor's page may still come from the shared page cache; nothing else can work.
            allowed = (200, 503) if what.endswith("anonymous") else (503,)
            assert answer.status in allowed, f"{what} answered {answer.status}"
            if answer.status == 503:
                assert "back in a moment" in answer.text, what
                assert "Traceback" not in answer.text
                assert answer.headers["Retry-After"]
        # Back by itself: the same gunicorn workers, with connections checked before reuse.
        wait_for(
            lambda: member.get(POSTGRES_WEB, "/me/").status == 200,
            timeout=30,
            what="the site to answer again after PostgreSQL came back",
            interval=0.5,
        )
        # The reply confirmed before the restart is there, and the one refused meanwhile is not.
        assert "You are going." in member.get(POSTGRES_WEB, scene["gathering"]).text
        with psycopg.connect(private_postgres.url("h6faults")) as connection:
            status = connection.execute(
                "SELECT status FROM events_rsvp WHERE event_id = %s AND member_id = %s",
                [scene["gathering_id"], scene["member_id"]],
            ).fetchone()
        assert status == ("going",)
