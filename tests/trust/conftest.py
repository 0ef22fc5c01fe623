"""Fixtures of the trust tests (#8): the world of personas and the figures of the report.

Each test that measures something records it with `trust_figures.record(...)`. Under
`make trust` (TRUST_RESULTS set), the records are appended to that folder as JSON lines and
tests/trust/report.py turns them into docs/trust-report.md. Elsewhere recording costs nothing;
the tests assert their own figures either way.
"""

import json
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    """The world, built once for the test module (eleven people, five of them staff or hosts
    enrolled in two-factor, circles and gatherings) inside a transaction rolled back when the
    module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def world(db, built_world):
    """The module's world as it was built: each test's changes to it are rolled back after the
    test, and each test gets its own copies of the objects and browsers (`World.fresh`)."""
    return built_world.fresh()


class Figures:
    def __init__(self, folder):
        self.folder = Path(folder) if folder else None

    def record(self, section, figure, *, passed, attempted, detail=""):
        """One line of the report: `passed` of `attempted` in `section` (e.g. "2. Canaries",
        "canaries planted and not leaked"). Call it once per figure per test."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        line = {
            "section": section,
            "figure": figure,
            "passed": int(passed),
            "attempted": int(attempted),
            "detail": detail,
        }
        with open(self.folder / f"{worker}.jsonl", "a") as out:
            out.write(json.dumps(line) + "\n")


@pytest.fixture
def trust_figures():
    return Figures(os.environ.get("TRUST_RESULTS"))
