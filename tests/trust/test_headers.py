"""Section 6 of #8: the security headers of representative responses, as gunicorn serves them
with production settings (DEBUG off) behind a TLS proxy.

Every response: HSTS of a year with subdomains, `nosniff`, a Referrer-Policy, and nothing that
names the software or its version. Every HTML page: a CSP with `object-src 'none'`,
`base-uri 'none'` and `frame-ancestors`. Every response made for a signed-in member, and every
secret-link or restricted answer: `Cache-Control: private` (or `no-store`), so that no proxy or
CDN keeps one person's page and hands it to another. Static files are the one exception to the
last rule, on purpose: they are the same for everyone and cached for a year.

One gunicorn (2 sync workers) on port 8420, on the database `h6headers_b` and Redis db 15
(tests/trust/gunicorn_processes.py). Runs under `make trust` (marker trust_long).
"""

import re
import secrets

import pytest

from .gunicorn_processes import (
    NEUTRAL_SERVER,
    SecureVisitor,
    base_env,
    django_call,
    gunicorn_services,  # noqa: F401 (a fixture)
    processes,  # noqa: F401 (a fixture)
    start_web,
)
from .header_checks import header_problems

# One xdist worker runs every test on the h6 databases and ports (`--dist loadgroup`): each
# session prepares `h6headers_b` afresh, which would pull it from under another worker.
pytestmark = [pytest.mark.trust_long, pytest.mark.xdist_group("h6-gunicorn")]

PORT = 8420


@pytest.fixture(scope="module")
def site(gunicorn_services, processes):  # noqa: F811 (fixtures imported above)
    env = base_env()
    start_web(processes, {"web-headers": PORT}, env)
    return django_call("header_scenario", secrets.token_hex(4), env=env)


def representative_responses(site):
    """(what, answer, is it HTML, must it be private) for each response the issue names."""
    anonymous = SecureVisitor()
    member = SecureVisitor()
    member.cookies["sessionid"] = site["session"]
    home = anonymous.get(PORT, "/")
    assert home.status == 200, home.text[:2000]
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text)
    assert stylesheet, "the home page links no stylesheet"
    members_only = site["members_only_practice"]
    unlocked = SecureVisitor()
    unlocked.get(PORT, site["password_practice"])  # the password form: a CSRF cookie
    answer = unlocked.post(
        PORT,
        site["password_form"],
        {"password": site["password"], "return_url": site["password_practice"]},
    )
    assert answer.status == 302, answer.text[:2000]
    fetches = [
        ("home", anonymous, "/", True, False, 200),
        ("library", anonymous, "/practices/", True, False, 200),
        ("a practice", anonymous, site["practice"], True, False, 200),
        ("a gathering", anonymous, site["gathering"], True, False, 200),
        ("a gathering's .ics", anonymous, site["gathering_ics"], False, False, 200),
        ("a 404", anonymous, f"/no-such-page-{secrets.token_hex(4)}/", True, False, 404),
        ("the login page", anonymous, "/accounts/login/", True, False, 200),
        ("a static file", anonymous, stylesheet.group(1), False, False, 200),
        ("the admin login", anonymous, "/admin/login/", False, False, 302),
        ("robots.txt", anonymous, "/robots.txt", False, False, 200),
        # The member's own secret calendar address: no one else's cache may keep it.
        ("the member's .ics feed", anonymous, site["feed"], False, True, 200),
        ("home, signed in", member, "/", True, True, 200),
        ("/members/, signed in", member, "/members/", True, True, 200),
        ("a profile, signed in", member, site["profile"], True, True, 200),
        ("a circle, signed in", member, site["circle"], True, True, 200),
        ("/me/, signed in", member, "/me/", True, True, 200),
        ("a members-only gathering", member, site["members_only_gathering"], True, True, 200),
        ("a members-only page", member, site["members_only_practice"], True, True, 200),
        ("a gathering, signed in", member, site["gathering"], True, True, 200),
        ("a 404, signed in", member, f"/no-such-{secrets.token_hex(4)}/", True, True, 404),
        ("the library, signed in", member, "/practices/", True, True, 200),
        # Restricted objects asked for without signing in: refused, never served.
        ("a circle, anonymous", anonymous, site["circle"], False, False, 302),
        ("a members-only page, anonymous", anonymous, members_only, False, False, 302),
        # A page behind a shared password, read by someone not signed in who typed it.
        ("a password page, unlocked", unlocked, site["password_practice"], True, True, 200),
    ]
    for what, visitor, path, html, private, status in fetches:
        answer = visitor.get(PORT, path)
        assert answer.status == status, f"{what} ({path}) answered {answer.status}"
        yield what, answer, html, private


def test_every_representative_response_carries_the_security_headers(site, trust_figures):
    checked = failed = 0
    problems = []
    for what, answer, html, private in representative_responses(site):
        checks, found = header_problems(answer, html=html, private=private)
        checked += checks
        failed += len(found)
        problems += [f"{what}: {problem}" for problem in found]

    trust_figures.record(
        "6. Headers and static checks",
        "headers checked on responses served by gunicorn",
        passed=checked - failed,
        attempted=checked,
        detail="; ".join(problems),
    )
    assert not problems, "\n".join(problems)


def test_gunicorn_names_no_software_in_its_server_header(site):
    answer = SecureVisitor().get(PORT, "/robots.txt")

    assert answer.headers.get("Server") == NEUTRAL_SERVER


def test_the_header_check_catches_a_response_without_them(site):
    """The control: a response without the headers fails every check it is given."""
    bare = SecureVisitor().get(PORT, "/robots.txt")
    for name in ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy"):
        del bare.headers[name]
    for name, value in (
        ("Server", "gunicorn/23.0.0"),
        ("X-Powered-By", "Django"),
        ("Cache-Control", "public, max-age=600"),
        ("Content-Security-Policy", "default-src 'self'"),
    ):
        del bare.headers[name]  # an HTTPMessage adds a second header on assignment
        bare.headers[name] = value

    checks, problems = header_problems(bare, html=True, private=True)

    assert len(problems) == checks
