"""Every account page we use (allauth's, and our own two-factor page) speaks the site's words and
is well-formed HTML: sentence-case titles that match the header ("Join Convening", "Sign in"),
no placeholder repeating its label, and nothing a strict HTML parser objects to (such as a
paragraph wrapped around a list, "End tag p implied" in the Nu HTML Checker)."""

import re
from html.parser import HTMLParser

import html5lib
import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core import mail
from django.test import Client

from tests.conftest import signed_in
from tests.factories import code_from_app, make_member, make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # every factory account's (tests/factories.py)


class Page(HTMLParser):
    """The parts of a page this specification reads: the title, the first heading, and each
    control with its label and placeholder."""

    def __init__(self, html):
        super().__init__()
        self.title = self.h1 = ""
        self.labels = {}
        self.placeholders = {}
        self._in = None
        self._label_for = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("title", "h1") and not getattr(self, tag):
            self._in = tag
        elif tag == "label":
            self._label_for = attrs.get("for")
            self.labels.setdefault(self._label_for, "")
        elif tag in ("input", "textarea") and attrs.get("placeholder"):
            self.placeholders[attrs.get("id")] = attrs["placeholder"]

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None
        elif tag == "label":
            self._label_for = None

    def handle_data(self, data):
        if self._in:
            setattr(self, self._in, getattr(self, self._in) + data)
        if self._label_for:
            self.labels[self._label_for] += data


def words(text):
    return re.sub(r"\s+", " ", text).strip().rstrip(":")


def structural_errors(html):
    parser = html5lib.HTMLParser(tree=html5lib.treebuilders.getTreeBuilder("etree"))
    parser.parse(html)
    return [f"line {line}, col {col}: {code} {data}" for (line, col), code, data in parser.errors]


def check(response, title):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    page = Page(html)
    assert words(page.title) == words(f"{title} · Convening")
    assert words(page.h1) == words(title)
    assert structural_errors(html) == []
    for control, placeholder in page.placeholders.items():
        assert words(placeholder).casefold() != words(page.labels.get(control, "")).casefold()


# Signed out ------------------------------------------------------------------------------------

SIGNED_OUT = [
    ("/accounts/login/", "Sign in"),
    ("/accounts/signup/", "Join Convening"),
    ("/accounts/login/code/", "Sign in with a code"),
    ("/accounts/password/reset/", "Reset your password"),
    ("/accounts/password/reset/done/", "Check your email"),
    ("/accounts/password/reset/key/1-not-a-key/", "This link no longer works"),
    ("/accounts/password/reset/key/done/", "Your password is changed"),
    ("/accounts/confirm-email/", "Confirm your email address"),
    ("/accounts/confirm-email/not-a-real-key/", "Confirm your email address"),
    ("/accounts/inactive/", "This account is closed"),
]


@pytest.mark.parametrize(("path", "title"), SIGNED_OUT)
def test_a_signed_out_account_page_reads_as_the_site(client, path, title):
    check(client.get(path), title)


def test_the_sign_up_page_matches_the_join_button_in_the_header(client):
    html = client.get("/accounts/signup/").content.decode()

    assert "Sign Up" not in html
    assert "Signup" not in html
    assert html.count("Join Convening") >= 3  # title, heading and button


def test_a_form_sent_back_keeps_what_was_typed_and_says_what_is_wrong(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "short", "password2": "short"},
    )

    check(response, "Join Convening")
    html = response.content.decode()
    assert 'value="new@example.org"' in html
    assert "There is a problem" in html
    assert 'aria-invalid="true"' in html


def test_the_sign_in_code_page(client, member):
    client.post("/accounts/login/code/", {"email": member.email})

    check(client.get("/accounts/login/code/confirm/"), "Enter your sign-in code")


def test_a_password_reset_link_asks_for_the_new_password(client, member):
    key = default_token_generator.make_token(member)
    opened = client.get(f"/accounts/password/reset/key/{user_pk_to_url_str(member)}-{key}/")

    check(client.get(opened["Location"]), "Choose a new password")


def test_an_email_confirmation_link_asks_in_plain_english(client, unverified):
    address = EmailAddress.objects.get(user=unverified)
    key = EmailConfirmationHMAC(address).key

    response = client.get(f"/accounts/confirm-email/{key}/")

    check(response, "Confirm your email address")
    assert f"Confirm that {address.email} is your email address." in response.content.decode()
    assert "for user" not in response.content.decode()


# Signed in -------------------------------------------------------------------------------------

SIGNED_IN = [
    ("/accounts/password/change/", "Change your password"),
    ("/accounts/email/", "Your email address"),
    ("/accounts/logout/", "Sign out"),
    ("/accounts/reauthenticate/", "Confirm it is you"),
    ("/accounts/reauthenticate/code/", "Confirm it is you"),
    ("/accounts/2fa/", "Two-factor authentication"),
    ("/me/two-factor/", "Set up two-factor authentication"),
]


@pytest.mark.parametrize(("path", "title"), SIGNED_IN)
def test_a_signed_in_account_page_reads_as_the_site(member, path, title):
    check(signed_in(member).get(path), title)


def test_confirming_it_is_you_with_an_emailed_code(member):
    browser = signed_in(member)
    sent = browser.post("/accounts/reauthenticate/code/", {"recipient": member.email})

    check(browser.get(sent["Location"]), "Enter the code we emailed you")


def test_a_pending_change_of_address_is_shown_without_inline_style(member):
    browser = signed_in(member)
    browser.post("/accounts/email/", {"action_add": "", "email": "moved@example.org"})

    response = browser.get("/accounts/email/")

    check(response, "Your email address")
    assert "moved@example.org" in response.content.decode()
    assert "style=" not in response.content.decode()


# Two-factor ------------------------------------------------------------------------------------


def test_the_code_step_of_signing_in(db):
    editor = make_staff(group="Editors")
    browser = Client()
    step = browser.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})

    check(browser.get(step["Location"]), "Enter the code from your app")


def test_confirming_it_is_you_with_the_code(db):
    host = make_staff(group="Hosts")

    check(signed_in(host).get("/accounts/2fa/reauthenticate/"), "Confirm it is you")


def confirmed_with_password(browser, path):
    """`path`, after the "confirm it is you" step that changes to two-factor ask for."""
    response = browser.get(path)
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        browser.post(response["Location"], {"password": PASSWORD})
        response = browser.get(path)
    return response


def test_turning_off_the_authenticator_app(db):
    editor = make_staff(group="Editors")
    browser = Client()
    browser.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    browser.post("/accounts/2fa/authenticate/", {"code": code_from_app(editor)})

    response = confirmed_with_password(browser, "/accounts/2fa/totp/deactivate/")

    check(response, "Turn off your authenticator app")


def test_setting_up_an_authenticator_app_from_the_emailed_link(db):
    member = make_member(name="Ada App")
    browser = signed_in(member)
    mail.outbox.clear()
    browser.post("/me/two-factor/")
    [sent] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/me/two-factor/\S+)", sent.body).group(1)
    check(browser.get(link, follow=True), "Confirm it is you")

    response = confirmed_with_password(browser, "/accounts/2fa/totp/activate/")

    check(response, "Set up your authenticator app")


def test_the_two_factor_page_of_someone_with_an_app(db):
    editor = make_staff(group="Editors")

    response = signed_in(editor).get("/accounts/2fa/")

    check(response, "Two-factor authentication")
    assert "Turn off" in response.content.decode()


def test_a_member_sets_up_an_app_from_the_emailed_link_not_allauths_own_page(member_client):
    html = member_client.get("/accounts/2fa/").content.decode()

    assert 'href="/me/two-factor/"' in html
    assert "/accounts/2fa/totp/activate/" not in html


def test_the_recovery_code_pages(db):
    editor = make_staff(group="Editors")
    browser = Client()
    browser.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    browser.post("/accounts/2fa/authenticate/", {"code": code_from_app(editor)})

    generate = confirmed_with_password(browser, "/accounts/2fa/recovery-codes/generate/")
    check(generate, "Make new recovery codes")
    made = browser.post("/accounts/2fa/recovery-codes/generate/")

    check(browser.get(made["Location"]), "Your recovery codes")
