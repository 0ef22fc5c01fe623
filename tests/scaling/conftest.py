"""Fixtures of the scaling tests: the shared services and the processes a test starts (their
output is shown when the test fails). The helpers themselves are in `harness.py`."""

import pytest

from .harness import Processes, prepare_shared_services


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    processes = getattr(item, "funcargs", {}).get("processes")
    if report.failed and isinstance(processes, Processes):
        report.sections.append(("processes started for the test", processes.report()))


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    """The processes a test module starts, all ended after its last test; their output is shown
    when a test fails."""
    started = Processes(tmp_path_factory.mktemp("processes"))
    try:
        yield started
    finally:
        started.stop_all()


@pytest.fixture(scope="session")
def shared_services():
    """PostgreSQL with a fresh `scaling_b`, Redis, and collected static files."""
    prepare_shared_services()
