"""/me/ opens with what is next: "Coming up" (the member's next gathering, circle session and
a commitment due) and "Since your last visit" (what changed since they last signed in), then
the panels, the less used ones folded. Only ever the member's own."""

import datetime

import pytest
from django.utils import timezone

from convening.circles.commitments import commit
from convening.circles.models import CircleMembership, CircleSession, ReflectionReply
from events.models import Rsvp
from events.rsvp import rsvp
from members.models import ContactMessage, Profile
from practices.models import PracticeIndexPage, PracticePage
from tests.conftest import signed_in
from tests.convening.circles.factories import make_circle, make_reflection, make_session
from tests.events.factories import days, make_gathering
from tests.factories import make_member
from tests.members.test_account_pages import structural_errors

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory


def came_before(member, when):
    """The member's previous sign-in, as `members.signals` keeps it when they sign in."""
    Profile.objects.filter(user=member).update(previous_sign_in_at=when)


def section(html, heading):
    """The text of the section under `heading` on /me/, up to the next section."""
    start = html.index(f">{heading}</h2>")
    return html[start : html.index("</section>", start)]


class TestSigningInKeepsTheLastVisit:
    def test_signing_in_keeps_when_the_member_signed_in_before(self, client, member):
        before = timezone.now() - days(3)
        type(member).objects.filter(pk=member.pk).update(last_login=before)

        response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

        assert response.status_code == 302
        member.refresh_from_db()
        assert Profile.objects.get(user=member).previous_sign_in_at == before
        assert member.last_login > before

    def test_the_first_sign_in_has_no_last_visit(self, client, member):
        client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
        assert Profile.objects.get(user=member).previous_sign_in_at is None

    def test_looking_at_my_space_changes_nothing(self, member):
        browser = signed_in(member)
        when = timezone.now() - days(2)
        came_before(member, when)
        last_login = type(member).objects.get(pk=member.pk).last_login
        browser.get("/me/")
        browser.get("/me/")
        assert Profile.objects.get(user=member).previous_sign_in_at == when
        assert type(member).objects.get(pk=member.pk).last_login == last_login


class TestComingUp:
    def test_my_next_gathering_circle_session_and_a_commitment_due(self, member):
        later = make_gathering("Later gathering", starts_in=days(9))
        sooner = make_gathering("Sooner gathering", starts_in=days(4))
        waiting = make_gathering("Waitlisted gathering", starts_in=days(1), capacity=0)
        for event in (later, sooner, waiting):
            rsvp(event, member, going=True)
        assert Rsvp.objects.get(event=waiting, member=member).status == Rsvp.Status.WAITLISTED
        circle = make_circle("Health and housing", members=[member])
        held = make_session(circle, starts_in=-days(14))
        make_session(circle, starts_in=-days(1))
        make_session(circle, starts_in=days(2), status=CircleSession.Status.CANCELLED)
        make_session(circle, starts_in=days(6))
        commit(member, held, "Ask the ward to co-host the mapping.")

        coming_up = section(signed_in(member).get("/me/").content.decode(), "Coming up")

        assert f'<a href="{sooner.url}">Sooner gathering</a>' in coming_up
        assert "Later gathering" not in coming_up
        assert "Waitlisted" not in coming_up
        assert '<a href="/circles/health-and-housing/sessions/4/">' in coming_up
        assert "Ask the ward to co-host the mapping." in coming_up

    def test_never_another_members_gatherings_sessions_or_commitments(self, member, other_member):
        theirs = make_gathering("Their gathering")
        rsvp(theirs, other_member, going=True)
        circle = make_circle("Their circle", members=[other_member])
        held = make_session(circle, starts_in=-days(3))
        make_session(circle, starts_in=days(3))
        commit(other_member, held, "Their private commitment")
        # Asking to join a circle is not being in it: its sessions are not yours yet.
        CircleMembership.objects.create(
            circle=circle, member=member, status=CircleMembership.Status.REQUESTED
        )

        html = signed_in(member).get("/me/").content.decode()
        coming_up = section(html, "Coming up")

        assert "Their gathering" not in coming_up
        assert "Their circle" not in coming_up
        assert "Their private commitment" not in html
        assert "Nothing in your diary yet" in coming_up

    def test_visitors_and_unverified_people_have_no_space_to_see(self, client, unverified):
        assert client.get("/me/").status_code == 302
        response = signed_in(unverified).get("/me/")
        assert "Coming up" not in response.content.decode()


class TestSinceYourLastVisit:
    def test_what_changed_since_the_last_sign_in_and_not_before(
        self, member, other_member, home_page
    ):
        library = home_page.add_child(
            instance=PracticeIndexPage(title="Practices", slug="practices")
        )
        library.add_child(
            instance=PracticePage(title="Old practice", summary="s", makes_possible="<p>x</p>")
        )
        old_message = ContactMessage.objects.create(
            sender=make_member(name="Early Writer"), recipient=member, body="Hello."
        )
        event = make_gathering("Tea and systems")
        rsvp(event, member, going=True)
        mine = make_reflection(member, title="My reflection")
        browser = signed_in(member)
        last_visit = timezone.now()
        came_before(member, last_visit)
        ContactMessage.objects.filter(pk=old_message.pk).update(
            created_at=last_visit - datetime.timedelta(hours=1)
        )
        PracticePage.objects.filter(title="Old practice").update(
            first_published_at=last_visit - days(1)
        )

        new_practice = library.add_child(
            instance=PracticePage(title="New practice", summary="s", makes_possible="<p>x</p>")
        )
        new_practice.save_revision().publish()
        ContactMessage.objects.create(sender=other_member, recipient=member, body="Hi again.")
        ReflectionReply.objects.create(reflection=mine, author=other_member, text="Thank you.")
        event.title = "Tea and systems, now at noon"
        event.save_revision().publish()

        since = section(browser.get("/me/").content.decode(), "Since your last visit")

        assert "1 practice</a>" in since
        assert "From Olu Other" in since
        assert "Early Writer" not in since
        assert "1 new reply" in since
        assert "Tea and systems, now at noon" in since

    def test_nothing_of_what_happened_to_others(self, member, other_member):
        theirs = make_reflection(other_member, title="Their reflection")
        ReflectionReply.objects.create(reflection=theirs, author=member, text="Well said.")
        ContactMessage.objects.create(sender=member, recipient=other_member, body="Hello.")
        event = make_gathering("Their gathering")
        rsvp(event, other_member, going=True)
        browser = signed_in(member)
        came_before(member, timezone.now() - days(1))
        event.save_revision().publish()

        since = section(browser.get("/me/").content.decode(), "Since your last visit")

        assert "Nothing new for you since you last signed in" in since

    def test_a_first_visit_has_no_since(self, member):
        html = signed_in(member).get("/me/").content.decode()
        assert "Since your last visit" not in html


class TestThePanels:
    def test_the_less_used_panels_are_folded_and_the_main_ones_open(self, member):
        make_reflection(member)
        html = signed_in(member).get("/me/").content.decode()
        assert '<summary><h2 id="panel-2">People like you</h2></summary>' in html
        assert "Your reflections</h2></summary>" in html
        assert "Your gatherings</h2></summary>" not in html
        assert ">Your gatherings</h2>" in html
        assert ">Practices you have used</h2>" in html
        assert "Practices you have used</h2></summary>" not in html
        assert "Your stories and suggestions</h2></summary>" not in html

    def test_on_a_phone_the_greeting_and_whats_next_come_before_the_account_menu(self, member):
        html = signed_in(member).get("/me/").content.decode()
        assert (
            html.index("Hello, Mo Member")
            < html.index(">Coming up<")
            < html.index('aria-label="Your account"')
        )
        assert html.index('aria-label="Your account"') < html.index('class="panels"')

    def test_my_space_with_everything_in_it_is_well_formed(self, member):
        event = make_gathering("Tea and systems")
        rsvp(event, member, going=True)
        make_reflection(member)
        browser = signed_in(member)
        came_before(member, timezone.now() - days(1))
        writer = make_member(name="Writer")
        ContactMessage.objects.create(sender=writer, recipient=member, body="Hi")
        html = browser.get("/me/").content.decode()
        assert "Since your last visit" in html
        assert structural_errors(html) == []
