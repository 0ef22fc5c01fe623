"""The layout is enforced, not only drawn: `make lint` runs lint-imports with the contracts in
pyproject.toml (README, "Architecture" and "Inside an app"). These tests run it on a copy of our
apps and prove that it passes on the code as it is and fails on an import against the arrows,
including one made inside a function, which is how the import cycles of old were made."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["members", "practices", "events", "convening"]


@pytest.fixture
def tree(tmp_path):
    for app in APPS:
        shutil.copytree(
            ROOT / app,
            tmp_path / app,
            ignore=shutil.ignore_patterns("__pycache__", "data", "migrations", "*.egg-info"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def lint_imports(tree):
    # The copy comes first on the path, ahead of the editable install of the real code.
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def add_line(path, line):
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n{line}\n")


def test_the_code_keeps_every_contract(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_lower_app_importing_a_higher_one_breaks_the_lint(tree):
    add_line(tree / "members" / "directory.py", "from events.times import describe  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "members.directory -> events.times" in result.stdout


def test_an_import_upwards_inside_a_function_breaks_the_lint(tree):
    add_line(
        tree / "events" / "times.py",
        "def _upwards():\n    from events.rsvp import rsvp  # noqa",
    )
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "events.times -> events.rsvp" in result.stdout


def test_circles_and_the_home_pages_do_not_import_each_other(tree):
    add_line(tree / "convening" / "home.py", "from convening.circles import rules  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "convening.home -> convening.circles.rules" in result.stdout
