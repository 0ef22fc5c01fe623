"""Two-factor authentication guards every staff and host power, on the site as in the admin
(#16, item 4). A password alone is a member's key: what staff and hosts may do beyond a member
waits for a session that passed the second factor, and enrolling an authenticator starts from a
link emailed to the account's address, so a stolen password cannot enrol one."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from members.visibility import Visibility
from tests.conftest import sign_in
from tests.events.factories import make_gathering, make_host
from tests.factories import code_from_app, make_member, make_staff

PASSWORD = "a-long-test-password"  # every factory account's (tests/factories.py)

pytestmark = pytest.mark.django_db


def password_only(user) -> Client:
    """A browser that signed `user` in with the password and nothing more."""
    browser = Client()
    browser.force_login(user)
    return browser


def hidden_profile():
    return make_member(
        name="Hana Hidden", visibility=Visibility.PRIVATE, organisation="Secret Org Ltd"
    )


class TestTheAdmin:
    def test_staff_without_an_app_are_led_to_set_one_up(self):
        editor = make_staff(group="Editors", two_factor=False)
        response = password_only(editor).get("/admin/")
        assert response.status_code == 302
        assert response["Location"] == "/me/two-factor/?next=%2Fadmin%2F"

    def test_staff_with_an_app_but_a_password_only_session_are_asked_for_the_code(self):
        editor = make_staff(group="Editors")
        browser = password_only(editor)
        response = browser.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fpages%2F"

        answered = browser.post(response["Location"], {"code": code_from_app(editor)})
        assert answered.status_code == 302
        assert answered["Location"] == "/admin/pages/"
        assert browser.get("/admin/pages/").status_code == 200

    def test_signing_in_with_password_and_code_opens_the_admin(self):
        editor = make_staff(group="Editors")
        browser = Client()
        step = browser.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
        assert step["Location"].startswith("/accounts/2fa/authenticate/")
        browser.post("/accounts/2fa/authenticate/", {"code": code_from_app(editor)})
        assert browser.get("/admin/").status_code == 200

    def test_a_wrong_code_opens_nothing(self):
        editor = make_staff(group="Editors")
        browser = password_only(editor)
        browser.post("/accounts/2fa/reauthenticate/?next=/admin/", {"code": "000000"})
        assert browser.get("/admin/").status_code == 302

    def test_members_are_not_asked(self, member_client):
        assert member_client.get("/me/").status_code == 200

    def test_the_local_demo_may_switch_the_requirement_off(self, settings):
        settings.STAFF_MUST_USE_TWO_FACTOR = False
        editor = make_staff(group="Editors", two_factor=False)
        assert password_only(editor).get("/admin/").status_code == 200


class TestHiddenProfiles:
    def test_an_editor_signed_in_by_password_alone_sees_what_a_member_sees(self):
        hidden = hidden_profile()
        editor = make_staff(group="Editors", superuser=True)
        response = password_only(editor).get(f"/members/{hidden.profile.slug}/")
        assert response.status_code == 404
        assert "Secret Org Ltd" not in response.content.decode()

    def test_after_the_code_staff_see_the_hidden_profile_whole(self):
        hidden = hidden_profile()
        editor = make_staff(group="Editors", superuser=True)
        browser = Client()
        sign_in(browser, editor)
        response = browser.get(f"/members/{hidden.profile.slug}/")
        assert response.status_code == 200
        assert "Secret Org Ltd" in response.content.decode()


class TestHostPowers:
    @pytest.fixture
    def host(self):
        return make_host(name="Harriet Host")

    @pytest.fixture
    def gathering(self, host):
        return make_gathering("Tea and systems", hosts=[host])

    def test_a_host_signed_in_by_password_alone_is_asked_for_the_code_not_given_emails(
        self, host, gathering
    ):
        attendee = make_member(name="Ada Attendee")
        from events.rsvp import rsvp

        rsvp(gathering, attendee, going=True)
        url = f"/gatherings/{gathering.pk}/host/attendees.csv"
        response = password_only(host).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
        assert attendee.email not in response.content.decode()

    def test_the_gathering_page_leads_a_waiting_host_to_the_host_page(self, host, gathering):
        html = password_only(host).get(gathering.url).content.decode()
        assert f"/gatherings/{gathering.pk}/host/" in html

    def test_after_the_code_the_host_downloads_the_attendees(self, host, gathering):
        browser = Client()
        sign_in(browser, host)
        response = browser.get(f"/gatherings/{gathering.pk}/host/attendees.csv")
        assert response.status_code == 200

    def test_someone_who_hosts_nothing_still_gets_a_404_not_an_invitation_to_try(self, gathering):
        other_host = make_host(name="Hal Hostless")
        response = password_only(other_host).get(f"/gatherings/{gathering.pk}/host/")
        assert response.status_code == 404


class TestEnrolment:
    def signed_in_by_password(self, user) -> Client:
        browser = Client()
        browser.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        return browser

    def enrol(self, browser):
        """Scan the secret shown on allauth's page, type the code it makes."""
        page = browser.get("/accounts/2fa/totp/activate/")
        if page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/"):
            # allauth asks for the password again before anything about sign-in changes.
            browser.post(page["Location"], {"password": PASSWORD})
            page = browser.get("/accounts/2fa/totp/activate/")
        assert page.status_code == 200
        secret = browser.session["mfa.totp.secret"]
        return browser.post("/accounts/2fa/totp/activate/", {"code": code_from_app(secret=secret)})

    def emailed_link(self, user) -> str:
        (message,) = [m for m in mail.outbox if m.to == [user.email]]
        return re.search(r"https?://\S+/me/two-factor/\S+/", message.body).group(0)

    def test_the_password_alone_cannot_enrol_an_app(self):
        editor = make_staff(group="Editors", two_factor=False)
        browser = self.signed_in_by_password(editor)
        response = browser.get("/accounts/2fa/totp/activate/")
        assert response.status_code == 302
        assert response["Location"] == "/me/two-factor/"
        browser.post("/accounts/2fa/totp/activate/", {"code": "123456"})
        assert not Authenticator.objects.filter(user=editor).exists()

    def test_enrolment_starts_from_the_emailed_link_and_opens_the_powers(self):
        editor = make_staff(group="Editors", two_factor=False)
        browser = self.signed_in_by_password(editor)
        asked = browser.post("/me/two-factor/")
        assert "We have sent the link" in asked.content.decode()
        link = self.emailed_link(editor)

        opened = browser.get(link)
        assert opened["Location"] == "/accounts/2fa/totp/activate/"
        self.enrol(browser)
        assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
        assert browser.get("/admin/").status_code == 200

    def test_a_link_sent_to_someone_else_opens_nothing(self):
        editor = make_staff(group="Editors", two_factor=False)
        thief = make_staff(group="Editors", two_factor=False, name="Tom Thief")
        self.signed_in_by_password(editor).post("/me/two-factor/")
        link = self.emailed_link(editor)

        browser = self.signed_in_by_password(thief)
        opened = browser.get(link, follow=True)
        assert "another account" in opened.content.decode()
        assert browser.get("/accounts/2fa/totp/activate/")["Location"] == "/me/two-factor/"

    def test_a_link_dies_when_the_password_changes(self):
        editor = make_staff(group="Editors", two_factor=False)
        self.signed_in_by_password(editor).post("/me/two-factor/")
        link = self.emailed_link(editor)
        editor.set_password("a-new-long-passphrase-9")
        editor.save()

        browser = Client()
        browser.post(
            "/accounts/login/", {"login": editor.email, "password": "a-new-long-passphrase-9"}
        )
        opened = browser.get(link, follow=True)
        assert "no longer valid" in opened.content.decode()

    def test_a_garbled_link_says_so(self):
        editor = make_staff(group="Editors", two_factor=False)
        browser = self.signed_in_by_password(editor)
        opened = browser.get("/me/two-factor/not-a-token/", follow=True)
        assert opened.status_code == 200
        assert "expired or is not complete" in opened.content.decode()


class TestGrantingARole:
    def test_a_new_host_is_emailed_the_link_that_starts_enrolment(
        self, django_capture_on_commit_callbacks
    ):
        member = make_member(name="Nell Newhost")
        with django_capture_on_commit_callbacks(execute=True):
            member.groups.add(Group.objects.get(name="Hosts"))
        (message,) = [m for m in mail.outbox if m.to == [member.email]]
        assert "given the Hosts role" in message.body
        assert "/me/two-factor/" in message.body

    def test_the_role_is_granted_even_when_the_mail_server_is_down(
        self, settings, django_capture_on_commit_callbacks
    ):
        # Loading the demo on a machine without a mail server once failed here.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
        member = make_member(name="Nell Newhost")
        with django_capture_on_commit_callbacks(execute=True):
            member.groups.add(Group.objects.get(name="Hosts"))
        assert member.groups.filter(name="Hosts").exists()

    def test_a_role_without_staff_powers_sends_nothing(self, django_capture_on_commit_callbacks):
        member = make_member(name="Mo Member")
        with django_capture_on_commit_callbacks(execute=True):
            member.groups.add(Group.objects.get(name="Facilitators"))
        assert not [m for m in mail.outbox if m.to == [member.email]]
