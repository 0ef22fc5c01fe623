"""The fast part of the header test of #8 (section 6), for every run of the suite: the same
checks as tests/trust/test_headers.py, on responses the Django test client gets over HTTPS
from the same middleware, for the personas of the trust world. The gunicorn test adds what
only a real server shows (its Server header, static files through WhiteNoise)."""

import pytest
from django.http import HttpResponse

from .header_checks import header_problems

pytestmark = pytest.mark.django_db

SECTION = "6. Headers and static checks"
SIGNED_IN = ("member", "circle_member", "facilitator_a", "facilitator_b", "host", "unverified")


def addresses_for(world, persona) -> list[str]:
    paths = ["/", "/gatherings/", world.open_gathering.url, "/no-such-page-h6/"]
    if persona != "anonymous":
        paths += ["/me/", "/members/", "/circles/"]
    if persona in ("circle_member", "facilitator_a"):
        paths.append(f"/circles/{world.circle_a.slug}/")
    if persona == "facilitator_b":
        paths.append(f"/circles/{world.circle_b.slug}/")
    if persona == "host":
        paths.append(world.invitation_only.url)
    return paths


def test_every_response_has_the_security_headers_and_signed_in_ones_are_private(
    world, trust_figures
):
    checked = 0
    problems = []
    for persona in ("anonymous", *SIGNED_IN):
        browser = world.client(persona)
        for path in addresses_for(world, persona):
            answer = browser.get(path, secure=True)
            html = answer.get("Content-Type", "").startswith("text/html")
            checks, found = header_problems(answer, html=html, private=persona != "anonymous")
            checked += checks
            problems += [f"{persona} {path} ({answer.status_code}): {p}" for p in found]

    trust_figures.record(
        SECTION,
        "headers checked in-process (test client, every persona)",
        passed=checked - len(problems),
        attempted=checked,
        detail="; ".join(problems),
    )
    assert checked > 200
    assert not problems, "\n".join(problems)


def test_the_checks_fail_a_response_without_the_headers():
    bare = HttpResponse("<p>bare</p>")
    bare["Server"] = "gunicorn/23.0.0"
    bare["X-Powered-By"] = "Django"

    checks, problems = header_problems(bare, html=True, private=True)

    assert len(problems) == checks
