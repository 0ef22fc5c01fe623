"""Real gunicorn processes for the header test and the fault drills of #8, through the scaling
harness (tests/scaling/harness.py), on names of their own so they never meet the scaling tests
or another trust test: databases `h6headers_a` (migrated template) and `h6headers_b` (shared by
the processes of a run), Redis database 15, ports 8420 to 8429."""

import contextlib
import os

import pytest

from tests.scaling import harness
from tests.scaling.harness import Processes, Visitor

TEMPLATE_DB, SHARED_DB = "h6headers_a", "h6headers_b"
REDIS_URL = os.environ.get("H6_REDIS_URL", "redis://127.0.0.1:6379/15")
# A name that says nothing about the software, put in the place of gunicorn's own.
NEUTRAL_SERVER = "web"


@contextlib.contextmanager
def _our_names():
    """The harness keeps its names in module globals: ours stand in for them while a helper of
    ours runs, and theirs come back after, so a scaling test in the same process is untouched."""
    saved = harness.TEMPLATE_DB, harness.SHARED_DB, harness.REDIS_URL
    harness.TEMPLATE_DB, harness.SHARED_DB, harness.REDIS_URL = TEMPLATE_DB, SHARED_DB, REDIS_URL
    try:
        yield
    finally:
        harness.TEMPLATE_DB, harness.SHARED_DB, harness.REDIS_URL = saved


def base_env(**extra) -> dict:
    """The harness's production environment (DEBUG off) on our database and Redis, behind a TLS
    proxy: requests carrying `X-Forwarded-Proto: https` count as secure, as they do in
    production, so HSTS and secure cookies are what a browser would get."""
    with _our_names():
        env = harness.base_env(
            BEHIND_TLS_PROXY="true",
            SITE_URL=f"https://{harness.HOST}",
            CSRF_TRUSTED_ORIGINS=f"https://{harness.HOST}",
        )
    env.update(extra)
    return env


def prepare_services() -> None:
    with _our_names():
        harness.prepare_shared_services()


def start_web(processes: Processes, instances: dict[str, int], env: dict) -> None:
    harness.start_web(processes, instances, env)


def shared_db_query(sql, params=None) -> list[tuple]:
    with _our_names():
        return harness.shared_db_query(sql, params)


def django_call(function: str, *args, env: dict, timeout=180):
    """`tests.trust.gunicorn_scenarios.<function>(*args)` in a new Django process with `env`."""
    return harness.django_call(
        function, *args, env=env, timeout=timeout, module="tests.trust.gunicorn_scenarios"
    )


class SecureVisitor(Visitor):
    """The harness's browser, reaching the site through a TLS proxy: every request says
    `X-Forwarded-Proto: https`, and a POST carries the Origin a browser would send."""

    def _headers(self, body) -> dict:
        headers = {**super()._headers(body), "X-Forwarded-Proto": "https"}
        if body is not None:
            headers["Origin"] = f"https://{harness.HOST}"
        return headers


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    """The processes a test module starts, all ended after its last test (a failing test
    shows their output with `processes.report()`)."""
    started = Processes(tmp_path_factory.mktemp("h6-processes"))
    try:
        yield started
    finally:
        started.stop_all()


@pytest.fixture(scope="session")
def gunicorn_services():
    """PostgreSQL with a fresh `h6headers_b` copied from the migrated `h6headers_a`, Redis, and
    collected static files."""
    prepare_services()
