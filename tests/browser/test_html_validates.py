"""Every page of the site passes the Nu HTML Checker with no errors (#21, item 11).

A crawl of the demo community as a visitor, a member and a circle's facilitator, plus the
pages only a form's answer shows (a sign-up with mistakes, a search that finds nothing, a page
that is not there), checked in one run of vnu-jar, the checker the W3C runs. Its jar comes from
npm (tests/browser/package.json; `make test-browser` installs it) and runs on the machine's Java.
Wagtail's admin is Wagtail's own HTML and is left out.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from members.models import User
from tests.trust.canary_crawl import crawl

pytestmark = pytest.mark.usefixtures("demo_site")

VNU = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES_PER_PERSON = 250
SEEDS = [
    "/",
    "/practices/",
    "/practices/?q=community",
    "/practices/?q=zzzzqqq",
    "/practices/?purpose=reflect&sort=most-used",
    "/gatherings/",
    "/members/",
    "/circles/",
    "/me/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/change/",
    "/no-such-page/",
]


def crawl_html(client: Client, persona: str) -> dict[str, str]:
    """The HTML of every page the trust suite's crawl reaches from the seeds, by address (the
    crawl already keeps away from links that sign out, leave or delete, and from files)."""
    return {
        document.where: document.text
        for document in crawl(client, persona, SEEDS, limit=PAGES_PER_PERSON, admin_limit=0)
        if document.text.lstrip().lower().startswith("<!doctype html")
    }


def check_with_vnu(pages: dict[str, str], folder: Path) -> list[str]:
    """The checker's errors, each named by the page's address and line."""
    addresses = {}
    for number, (url, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html)
        addresses[path.name] = url
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{addresses.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker needs Java")
def test_every_page_of_the_crawl_passes_the_nu_html_checker(tmp_path):
    assert VNU.exists(), "vnu.jar is missing: run `make test-browser`, which installs it"
    pages = {}
    pages |= crawl_html(Client(), "visitor")
    for email in ("member@convening.example", "facilitator@convening.example"):
        client = Client()
        client.force_login(User.objects.get(email=email))
        pages |= {f"{url} (as {email})": html for url, html in crawl_html(client, email).items()}
    # What only a form's answer shows: the sign-up page with its mistakes pointed out.
    mistakes = Client().post(
        "/accounts/signup/", {"email": "not an address", "password1": "x", "password2": "y"}
    )
    pages["/accounts/signup/ (with mistakes)"] = mistakes.content.decode()

    assert len(pages) > 60, f"the crawl reached only {len(pages)} pages"
    errors = check_with_vnu(pages, tmp_path)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:80])
