"""Trust, section 4 (#8): accounts and sessions.

Signing up, signing in, resetting a password, asking for a sign-in code and changing an email
address answer the same whether or not the address has an account here; every way in is
rate-limited, and a forged X-Forwarded-For does not reset the count; a session ends when it
should (new key at sign-in, logout, password change or reset, deactivation).

Everything goes through the Django test client and allauth's real views, with the real cache
that counts rate limits.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client

from members.accounts import deactivate_member
from tests.conftest import sign_in
from tests.factories import make_member, make_staff

from .world import PASSWORD

pytestmark = pytest.mark.django_db

SECTION = "4. Accounts, sessions, tokens"
UNKNOWN = "nobody-by-this-name@example.net"
NEW_PASSWORD = "a-brand-new-long-password"

# What differs from one request to the next by design: the CSRF token and the CSP nonce.
PER_REQUEST = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
]


def normalised(response, address) -> str:
    """The page as a stranger compares it: the address they typed is theirs to know, and the
    per-request tokens are noise."""
    body = response.content.decode()
    for pattern, replacement in PER_REQUEST:
        body = pattern.sub(replacement, body)
    return body.replace(address, "ADDRESS").replace(address.lower(), "ADDRESS")


def what_a_stranger_sees(client, path, data, address) -> dict:
    """Everything observable from outside after one submission: the answer, the page it leads
    to, and the email sent (whether, to whom and its subject; its body goes only to the
    address's owner)."""
    sent_before = len(mail.outbox)
    response = client.post(path, data)
    seen = {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "body": normalised(response, address),
    }
    if response.status_code == 302:
        landing = client.get(response["Location"])
        seen["landing"] = (landing.status_code, normalised(landing, address))
    seen["emails"] = [
        (message.to == [address], message.subject) for message in mail.outbox[sent_before:]
    ]
    return seen


def compare(known_address, run):
    """Run the same journey for an address with an account and one without; the rate-limit
    counts are cleared between, so each starts equal."""
    cache.clear()
    known = run(known_address)
    cache.clear()
    unknown = run(UNKNOWN)
    return known, unknown


ENUMERATION_JOURNEYS = {
    "sign-up": lambda address: what_a_stranger_sees(
        Client(),
        "/accounts/signup/",
        {
            "email": address,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "display_name": "Sam Stranger",
        },
        address,
    ),
    "sign-in with a wrong password": lambda address: what_a_stranger_sees(
        Client(), "/accounts/login/", {"login": address, "password": "not-the-password-1"}, address
    ),
    "password reset": lambda address: what_a_stranger_sees(
        Client(), "/accounts/password/reset/", {"email": address}, address
    ),
    "sign-in code request": lambda address: what_a_stranger_sees(
        Client(), "/accounts/login/code/", {"email": address}, address
    ),
}


@pytest.mark.parametrize("journey", ENUMERATION_JOURNEYS)
def test_an_account_form_answers_the_same_whether_or_not_the_address_has_an_account(
    journey, trust_figures
):
    kim = make_member(name="Kim Known")
    run = ENUMERATION_JOURNEYS[journey]

    known, unknown = compare(kim.email, run)

    same = known == unknown
    trust_figures.record(SECTION, "enumeration checks", passed=same, attempted=1, detail=journey)
    assert known == unknown
    if journey != "sign-in with a wrong password":
        # "The same" must not mean "nothing": an email goes out either way, to the address.
        assert known["emails"]
        assert all(to_them for to_them, _ in known["emails"])


def test_changing_to_an_address_that_has_an_account_looks_like_changing_to_a_free_one(
    trust_figures,
):
    kim = make_member(name="Kim Known")
    mo = make_member(name="Mo Member")
    session = Client()
    sign_in(session, mo)

    def run(address):
        return what_a_stranger_sees(
            session, "/accounts/email/", {"email": address, "action_add": ""}, address
        )

    known, unknown = compare(kim.email, run)

    trust_figures.record(
        SECTION, "enumeration checks", passed=known == unknown, attempted=1, detail="email change"
    )
    assert known == unknown
    assert known["emails"], "a confirmation goes to the address either way"


# Rate limits -------------------------------------------------------------------------------------


def forged(n) -> dict:
    """A different made-up client address on every request, as an attacker would send."""
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n % 250 + 1}, 198.51.100.{n % 200 + 1}"}


def refused_for_too_many(response) -> bool:
    """allauth refuses with a 429 page, or with the form and this error where it has one."""
    return response.status_code == 429 or "Too many failed login attempts" in (
        response.content.decode()
    )


def test_wrong_passwords_for_one_account_stop_that_client_even_with_a_forged_address_each_time(
    trust_figures,
):
    kim = make_member(name="Kim Known")
    client = Client()
    for n in range(6):
        client.post(
            "/accounts/login/", {"login": kim.email, "password": "wrong-guess-12"}, **forged(n)
        )

    response = client.post(
        "/accounts/login/", {"login": kim.email, "password": PASSWORD}, **forged(99)
    )

    # Counted per account and client (the connection's own address), so a stranger's guesses
    # do not lock the owner out: tests/members/test_authentication.py.
    held = "_auth_user_id" not in client.session
    trust_figures.record(
        SECTION,
        "rate-limit checks",
        passed=held,
        attempted=1,
        detail="password, per account and client",
    )
    assert held, "the right password after five wrong ones from this client is refused for now"
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_one_address_are_limited_across_accounts_despite_forged_headers(
    trust_figures,
):
    # allauth counts failed sign-ins per client address too (10 a minute). The address is the
    # connection's own unless ALLAUTH_TRUSTED_PROXY_COUNT says a proxy in front adds one.
    client = Client()
    answers = [
        client.post(
            "/accounts/login/",
            {"login": f"guess{n}@example.net", "password": "wrong-guess-12"},
            **forged(n),
        )
        for n in range(11)
    ]

    limited = refused_for_too_many(answers[-1])
    trust_figures.record(
        SECTION, "rate-limit checks", passed=limited, attempted=1, detail="password, per address"
    )
    assert not any(refused_for_too_many(answer) for answer in answers[:10])
    assert limited


def test_behind_one_trusted_proxy_only_the_address_it_adds_is_counted(settings, trust_figures):
    # The proxy appends the address it saw; whatever the client put before it is forged.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client = Client()
    answers = [
        client.post(
            "/accounts/login/",
            {"login": f"guess{n}@example.net", "password": "wrong-guess-12"},
            HTTP_X_FORWARDED_FOR=f"10.0.{n}.1, 192.0.2.44",
        )
        for n in range(11)
    ]

    limited = refused_for_too_many(answers[-1])
    trust_figures.record(
        SECTION, "rate-limit checks", passed=limited, attempted=1, detail="behind a proxy"
    )
    assert limited


def test_sign_in_codes_for_one_address_are_limited_despite_forged_headers(trust_figures):
    kim = make_member(name="Kim Known")
    answers = [
        Client().post("/accounts/login/code/", {"email": kim.email}, **forged(n)) for n in range(4)
    ]

    codes_sent = sum(1 for message in mail.outbox if message.to == [kim.email])
    limited = refused_for_too_many(answers[-1]) and codes_sent == 3
    trust_figures.record(
        SECTION, "rate-limit checks", passed=limited, attempted=1, detail="sign-in code request"
    )
    assert codes_sent == 3
    assert refused_for_too_many(answers[-1])


def test_a_sign_in_code_dies_after_three_wrong_tries(trust_figures):
    kim = make_member(name="Kim Known")
    client = Client()
    client.post("/accounts/login/code/", {"email": kim.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    for n in range(3):
        client.post("/accounts/login/code/confirm/", {"code": f"AAAA-AAA{n}"}, **forged(n))

    client.post("/accounts/login/code/confirm/", {"code": code}, **forged(9))

    held = "_auth_user_id" not in client.session
    trust_figures.record(
        SECTION, "rate-limit checks", passed=held, attempted=1, detail="sign-in code confirm"
    )
    assert held


def test_password_reset_requests_for_one_address_are_limited_despite_forged_headers(
    trust_figures,
):
    kim = make_member(name="Kim Known")
    answers = [
        Client().post("/accounts/password/reset/", {"email": kim.email}, **forged(n))
        for n in range(6)
    ]

    resets_sent = sum(1 for message in mail.outbox if message.to == [kim.email])
    limited = refused_for_too_many(answers[-1]) and resets_sent == 5
    trust_figures.record(
        SECTION, "rate-limit checks", passed=limited, attempted=1, detail="password reset"
    )
    assert resets_sent == 5
    assert refused_for_too_many(answers[-1])


def test_wrong_two_factor_codes_are_limited_for_staff(trust_figures):
    editor = make_staff(group="Editors", name="Edie Editor")
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    client = Client()
    response = client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    answers = [
        client.post("/accounts/2fa/authenticate/", {"code": "000000"}, **forged(n))
        for n in range(7)
    ]

    last = answers[-1].content.decode()
    limited = "_auth_user_id" not in client.session and "Too many" in last
    trust_figures.record(
        SECTION, "rate-limit checks", passed=limited, attempted=1, detail="two-factor code"
    )
    assert "_auth_user_id" not in client.session
    assert "Too many" in last


def test_the_admin_has_no_login_form_of_its_own(trust_figures):
    kim = make_member(name="Kim Known")
    client = Client()
    looked = client.get("/admin/login/?next=/admin/")
    posted = client.post("/admin/login/", {"username": kim.email, "password": PASSWORD})

    held = (
        looked["Location"].startswith("/accounts/login/")
        and posted.status_code == 302
        and posted["Location"].startswith("/accounts/login/")
        and "_auth_user_id" not in client.session
    )
    trust_figures.record(
        SECTION, "rate-limit checks", passed=held, attempted=1, detail="admin login redirects"
    )
    assert held


# Sessions ----------------------------------------------------------------------------------------


def session_key_of(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def is_signed_in(client) -> bool:
    """Whether the next request of this browser is someone's: /me/ is for members only."""
    return client.get("/me/").status_code == 200


def test_signing_in_gives_the_browser_a_new_session_key(trust_figures):
    kim = make_member(name="Kim Known")
    client = Client()
    client.get("/accounts/login/")
    session = client.session
    session["planted_before_sign_in"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    client.post("/accounts/login/", {"login": kim.email, "password": PASSWORD})

    after = session_key_of(client)
    held = after != before and not Session.objects.filter(session_key=before).exists()
    trust_figures.record(SECTION, "session checks", passed=held, attempted=1, detail="new key")
    assert is_signed_in(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logging_out_ends_the_session_on_the_server_too(trust_figures):
    kim = make_member(name="Kim Known")
    client = Client()
    client.post("/accounts/login/", {"login": kim.email, "password": PASSWORD})
    key = session_key_of(client)

    client.post("/accounts/logout/")

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    held = not is_signed_in(replay) and not Session.objects.filter(session_key=key).exists()
    trust_figures.record(SECTION, "session checks", passed=held, attempted=1, detail="logout")
    assert not is_signed_in(client)
    assert held, "a copy of the old cookie opens nothing"


def test_changing_a_password_signs_out_the_members_other_browsers(trust_figures):
    kim = make_member(name="Kim Known")
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.post("/accounts/login/", {"login": kim.email, "password": PASSWORD})
    assert is_signed_in(elsewhere)

    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    held = is_signed_in(here) and not is_signed_in(elsewhere)
    trust_figures.record(
        SECTION, "session checks", passed=held, attempted=1, detail="password change"
    )
    assert response.status_code == 302
    assert is_signed_in(here), "the browser that changed it stays signed in"
    assert not is_signed_in(elsewhere)


def test_resetting_a_password_signs_out_every_browser(trust_figures):
    kim = make_member(name="Kim Known")
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.post("/accounts/login/", {"login": kim.email, "password": PASSWORD})

    resetter = Client()
    resetter.post("/accounts/password/reset/", {"email": kim.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    form = resetter.get(link.group(1))
    resetter.post(form["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    signed_out = [not is_signed_in(browser) for browser in browsers]
    kim.refresh_from_db()
    trust_figures.record(
        SECTION, "session checks", passed=all(signed_out), attempted=1, detail="password reset"
    )
    assert kim.check_password(NEW_PASSWORD), "the reset went through"
    assert all(signed_out)


def test_a_deactivated_account_is_anonymous_on_its_next_request(world, trust_figures):
    # The world's deactivated member opened this session before their account was switched off
    # without the service (so no session row was deleted): Django's own check must hold.
    browser = world.client("deactivated")

    held = not is_signed_in(browser)
    trust_figures.record(
        SECTION, "session checks", passed=held, attempted=1, detail="deactivated, stale session"
    )
    assert held


def test_deactivating_through_the_service_ends_the_members_sessions(world, trust_figures):
    browser = Client()
    browser.post("/accounts/login/", {"login": world.people["member"].email, "password": PASSWORD})
    key = session_key_of(browser)
    assert is_signed_in(browser)

    deactivate_member(world.people["member"], by=world.people["editor"])

    held = not is_signed_in(browser) and not Session.objects.filter(session_key=key).exists()
    trust_figures.record(
        SECTION, "session checks", passed=held, attempted=1, detail="deactivated by staff"
    )
    assert held
