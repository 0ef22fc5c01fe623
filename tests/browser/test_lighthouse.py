"""Lighthouse (mobile) scores 95 or more in performance, accessibility, best practices and SEO on
the main pages (#21): home, library, a practice, gatherings, a gathering as a visitor, and the
members' directory as a member (visitors are asked to sign in there).

Lighthouse comes from npm (tests/browser/package.json; `make test-browser` installs it, the
same version as `make bench`'s) and drives Debian's Chromium on its default mobile profile:
a mid-range phone on a slow 4G connection, simulated. Each page is measured on Django's live
server with the demo community, DEBUG off, as a visitor or member would receive it."""

import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from events.models import EventPage
from events.visibility import GatheringVisibility
from members.models import User

from .conftest import CHROMIUM

pytestmark = pytest.mark.usefixtures("demo_site")

LIGHTHOUSE = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LEAST = 0.95
MEMBER = "member@convening.example"


def main_pages() -> list[tuple[str, str, bool]]:
    """(name, address, as a member) of each page measured."""
    gathering = (
        EventPage.objects.live().filter(visibility=GatheringVisibility.PUBLIC).order_by("starts_at")
    ).first()
    return [
        ("home", "/", False),
        ("library", "/practices/", False),
        ("practice", "/practices/rich-pictures/", False),
        ("gatherings", "/gatherings/", False),
        ("gathering", gathering.url, False),
        ("members directory", "/members/", True),
    ]


def member_cookie() -> str:
    """The session cookie of the demo's member, for Lighthouse's requests."""
    client = Client()
    client.force_login(User.objects.get(email=MEMBER))
    return f"sessionid={client.cookies['sessionid'].value}"


def lighthouse(url: str, out: Path, *, cookie: str = "") -> dict:
    """The report of one run on Lighthouse's default (mobile) profile."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    completed = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert out.exists(), completed.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def shortfalls(name: str, report: dict) -> list[str]:
    """Each category under the mark, with the audits that cost it points."""
    found = []
    for key in CATEGORIES:
        category = report["categories"][key]
        score = category["score"] or 0
        if score >= LEAST:
            continue
        failing = [
            f"{ref['id']} ({report['audits'][ref['id']]['score']})"
            for ref in category["auditRefs"]
            if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 0.9
        ]
        found.append(f"{name}: {key} {round(score * 100)} ({', '.join(failing)})")
    return found


def test_the_main_pages_score_95_or_more_on_lighthouse_mobile(live_server, tmp_path):
    assert LIGHTHOUSE.exists(), "Lighthouse is missing: run `make test-browser`, which installs it"
    cookie = member_cookie()
    problems = []
    for name, address, as_member in main_pages():
        report = lighthouse(
            live_server.url + address,
            tmp_path / f"{name.replace(' ', '-')}.json",
            cookie=cookie if as_member else "",
        )
        assert report["finalDisplayedUrl"].startswith(live_server.url + address), (
            f"{address} went to {report['finalDisplayedUrl']}"
        )
        # The scores, for `pytest -s` or a failure's report.
        scores = {key: round((report["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}
        print(f"Lighthouse (mobile), {name}: {scores}")
        problems += shortfalls(name, report)
    assert not problems, "\n".join(problems)
