"""One machine standing in for several: real gunicorn instances and task workers, started as
separate processes with production settings (DEBUG off), sharing one PostgreSQL database and
one Redis, as docs/scaling.md describes. Nothing here touches pytest-django's test database.

The database: `scaling_a` holds the migrated schema and nothing else (kept between runs, so a
run migrates only what is new); each run copies it to a fresh `scaling_b` that the processes
share. The cache: Redis database 7. Ports 8301 to 8309."""

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
POSTGRES = os.environ.get("SCALING_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
TEMPLATE_DB, SHARED_DB = "scaling_a", "scaling_b"
REDIS_URL = os.environ.get("SCALING_REDIS_URL", "redis://127.0.0.1:6379/7")
# What a load balancer passes on: every instance sees the site's one host name.
HOST = "127.0.0.1"
# One signing key for the whole run, as every machine of a deployment shares SECRET_KEY.
SESSION_SECRET = secrets.token_urlsafe(50)


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path
    says: str = ""  # what it prints once it is running, when a test waits for that

    def output(self, last=60) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(lines[-last:])


class Processes:
    """Starts processes in their own process groups and always ends them: gunicorn's workers
    and anything else they spawn go with them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[Proc] = []

    def start(self, name, args, env) -> Proc:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                args,
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc = Proc(name, popen, log)
        self.started.append(proc)
        return proc

    def stop_all(self) -> None:
        """SIGTERM to every group at once (gunicorn and db_worker stop gracefully on it), then
        SIGKILL to any still running after 10 seconds."""
        running = [proc for proc in self.started if proc.popen.poll() is None]
        for proc in running:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in running:
            try:
                proc.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.popen.wait(timeout=10)

    def report(self) -> str:
        return "\n".join(
            f"--- {proc.name} (exit {proc.popen.poll()}), last lines of {proc.log}:\n"
            f"{proc.output()}"
            for proc in self.started
        )


def _signal_group(proc: Proc, signum) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(proc.popen.pid, signum)


def _reachable(host, port) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def base_env(**extra) -> dict:
    """Production settings: what every machine of the deployment shares, and nothing local."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PYTEST_", "TASKS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="convening_site.settings",
        DEBUG="false",
        SECRET_KEY=SESSION_SECRET,
        DATABASE_URL=f"{POSTGRES}/{SHARED_DB}",
        REDIS_URL=REDIS_URL,
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"http://{HOST}",
        SECURE_SSL_REDIRECT="false",
        STAFF_MUST_USE_TWO_FACTOR="true",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(*args, env, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def django_call(function: str, *args, env=None, timeout=120, module="tests.scaling.scenarios"):
    """Run `<module>.<function>(*args)` in a new Django process on the shared database and
    cache; returns what it returned."""
    code = (
        "import json, sys, importlib, django; django.setup(); "
        f"scenarios = importlib.import_module({module!r}); "
        f"result = scenarios.{function}(*json.loads(sys.argv[1])); "
        "print('RESULT ' + json.dumps(result))"
    )
    result = subprocess.run(
        [PYTHON, "-c", code, json.dumps(args)],
        cwd=REPO,
        env=env or base_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    failure = f"{function} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert result.returncode == 0, failure
    assert lines, failure
    return json.loads(lines[-1].removeprefix("RESULT "))


def _admin(sql_statements):
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        for statement, params in sql_statements:
            connection.execute(statement, params)


def _migrate_template() -> None:
    env = base_env(DATABASE_URL=f"{POSTGRES}/{TEMPLATE_DB}")
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE_DB]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
    result = manage("migrate", "--noinput", env=env)
    if result.returncode != 0:
        # Its history no longer matches the migrations (one was edited or renamed): start over.
        _admin([(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)', None)])
        _admin([(f'CREATE DATABASE "{TEMPLATE_DB}"', None)])
        result = manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _static_files_collected() -> None:
    """DEBUG off serves the hashed files of `collectstatic`; collect them when the manifest is
    missing or older than a source file (it is a build output, normally made at build time)."""
    manifest = REPO / "staticfiles" / "staticfiles.json"
    newest_source = max(path.stat().st_mtime for path in (REPO / "static").rglob("*"))
    if manifest.exists() and manifest.stat().st_mtime >= newest_source:
        return
    result = manage("collectstatic", "--noinput", env=base_env())
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def prepare_shared_services() -> None:
    """Check PostgreSQL and Redis answer, copy the migrated `scaling_a` to a fresh `scaling_b`,
    and collect the static files if needed."""
    postgres = urlsplit(POSTGRES)
    redis = urlsplit(REDIS_URL)
    for what, host, port in (
        ("PostgreSQL", postgres.hostname, postgres.port or 5432),
        ("Redis", redis.hostname, redis.port or 6379),
    ):
        if not _reachable(host, port):
            pytest.fail(f"{what} is not running at {host}:{port}: the scaling tests need it.")
    _migrate_template()
    _admin(
        [
            (
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [TEMPLATE_DB],
            ),
            (f'DROP DATABASE IF EXISTS "{SHARED_DB}" WITH (FORCE)', None),
            (f'CREATE DATABASE "{SHARED_DB}" TEMPLATE "{TEMPLATE_DB}"', None),
        ]
    )
    _static_files_collected()


def shared_db_query(sql, params=None) -> list[tuple]:
    """Read the shared database directly, as an operator would with psql."""
    with psycopg.connect(f"{POSTGRES}/{SHARED_DB}") as connection:
        return connection.execute(sql, params).fetchall()


def wait_for(condition, *, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


# The Procfile's `web` process.
WEB = [PYTHON, "-m", "gunicorn", "convening_site.wsgi", "--workers", "2", "--log-file", "-"]


def start_web(processes: Processes, instances: dict[str, int], env: dict) -> None:
    """Gunicorn instances like the Procfile's `web` (2 sync workers each), one per port, started
    together; returns once each answers."""
    started = {
        name: processes.start(
            name,
            [*WEB, "--bind", f"127.0.0.1:{port}"],
            env,
        )
        for name, port in instances.items()
    }
    for name, proc in started.items():
        port = instances[name]

        def answering(proc=proc, port=port):
            if proc.popen.poll() is not None:
                raise AssertionError(f"{proc.name} exited:\n{proc.output()}")
            if not _reachable("127.0.0.1", port):
                return False
            return Visitor().get(port, "/robots.txt").status == 200

        wait_for(answering, timeout=90, what=f"{name} to answer on port {port}", interval=0.2)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Visitor:
    """One person's browser. Its cookies go with every request, to whichever instance the
    test (standing in for the load balancer) sends it to. Secure cookies are sent over plain
    http here: TLS ends at the balancer."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, port, path) -> Answer:
        return self._request("GET", port, path)

    def post(self, port, path, form) -> Answer:
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
        return self._request("POST", port, path, urlencode(form, doseq=True))

    def _headers(self, body) -> dict:
        return {"Host": HOST}

    def _request(self, method, port, path, body=None) -> Answer:
        headers = self._headers(body)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, response.headers, text)
