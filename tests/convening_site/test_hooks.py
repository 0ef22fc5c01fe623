"""The extension points between apps are Wagtail hooks, and the README's table of them says
which apps register each: this keeps the table true as apps add or drop contributions."""

import re
from pathlib import Path

from django.apps import apps as django_apps
from wagtail import hooks

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `(convening_[a-z_]+)` \|.*\| ([^|]+) \|$")


def documented_hooks() -> dict[str, set[str]]:
    """Each hook of the README's table, with the apps its last column names."""
    table = {}
    for line in README.read_text().splitlines():
        if match := ROW.match(line):
            apps = re.sub(r"\([^)]*\)", "", match[2])
            table[match[1]] = {app.strip() for app in apps.split(",")}
    return table


def test_the_readme_lists_the_twelve_hooks():
    assert len(documented_hooks()) == 12


def test_each_hook_is_registered_by_the_apps_the_readme_names():
    for name, apps in documented_hooks().items():
        registering = {
            django_apps.get_containing_app_config(func.__module__).label
            for func in hooks.get_hooks(name)
        }
        assert registering == apps, name
