"""Section 1 of #8, "revocation works on the next request": when someone loses access (removed
from a circle, a reflection taken back, an account deactivated, an invitation sent again), the
very next request already shows them nothing of what they lost.

Each loss goes through the real view or service, and every address is first asked BEFORE it, to
prove it showed the thing (a check that passes because the page never showed it proves
nothing). Asking first also fills the caches: the test settings run the content cache and the
page cache on a real local cache, so a stale cached copy would be served here as in production.
"""

import re
import secrets
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.test import Client

from convening.circles.models import Circle, CircleMembership, ReflectionVisibility
from events import invitations
from events.models import Invitation
from events.views.calendar import new_feed_token
from members.accounts import deactivate_member
from members.models import Profile
from tests.conftest import sign_in
from tests.convening.circles.factories import make_reflection, make_session
from tests.factories import make_member

SECTION = "1. Who sees what"
INVITATION_LINK = re.compile(r"/gatherings/invitation/([^/\s\"<>]+)/")


def marker(what: str) -> str:
    """A string found nowhere else, so its presence on a page can only come from this object."""
    return f"revoke-{what}-{secrets.token_hex(5)}"


def text_of(response) -> str:
    """What a response tells its reader: the body, and where a redirect leads (the join link
    of a session is a redirect to the meeting's address). Calendar files fold long lines."""
    body = response.content.decode(errors="replace").replace("\r\n ", "")
    return body + "\n" + response.get("Location", "")


def showing(response, markers) -> list[str]:
    text = text_of(response)
    return [found for found in markers if found in text]


# Removed from a circle ---------------------------------------------------------------------------


@pytest.fixture
def circle_a(world):
    """Circle A as a meeting, invitation-only circle, named and furnished with markers: after a
    removal nothing of it may reach the removed member, not even that it exists (a circle
    anyone may ask to join is listed to every member, by design)."""
    circle = world.circle_a
    Circle.objects.filter(pk=circle.pk).update(
        name=marker("circle-name"),
        join_policy=Circle.JoinPolicy.INVITATION,
        status=Circle.Status.MEETING,
    )
    circle.refresh_from_db()
    return circle


def test_a_member_removed_from_a_circle_sees_none_of_it_on_the_next_request(
    world, circle_a, trust_figures, django_capture_on_commit_callbacks
):
    removed, facilitator = world.people["circle_member"], world.people["facilitator_a"]
    place = marker("session-place")
    join_url = f"https://meet.example.org/{marker('join')}"
    session = make_session(circle_a, place=place, join_url=join_url)
    shared = make_reflection(
        facilitator,
        title=marker("reflection-title"),
        visibility=ReflectionVisibility.CIRCLE,
        circle=circle_a,
        session=session,
    )
    markers = [circle_a.name, place, join_url, shared.title]
    feeds = {
        removed: f"/gatherings/calendar/{new_feed_token(removed)}.ics",
        facilitator: f"/gatherings/calendar/{new_feed_token(facilitator)}.ics",
    }
    # Each address, what the member saw there before, and the status it must answer after.
    addresses = {
        circle_a.get_absolute_url(): (circle_a.name, 404),
        "/circles/": (circle_a.name, 200),
        "/me/": (circle_a.name, 200),
        "/me/reflections/": (shared.title, 200),
        session.get_absolute_url(): (place, 404),
        f"/circles/{circle_a.slug}/sessions/{session.number}/join/": (join_url, 404),
        shared.get_absolute_url(): (shared.title, 404),
        feeds[removed]: (circle_a.name, 200),
    }
    member_browser = world.client("circle_member")
    for address, (seen, _after) in addresses.items():
        response = member_browser.get(address)
        assert response.status_code in (200, 302), address
        assert seen in text_of(response), f"{address} did not show circle A before the removal"

    membership = CircleMembership.objects.get(circle=circle_a, member=removed)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("facilitator_a").post(
            f"/circles/{circle_a.slug}/members/{membership.pk}/remove/"
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == CircleMembership.Status.REMOVED

    leaks = {}
    for address, (_seen, status) in addresses.items():
        response = member_browser.get(address)
        if response.status_code != status or showing(response, markers):
            leaks[address] = (response.status_code, showing(response, markers))
    trust_figures.record(
        SECTION,
        "revocation: addresses showing nothing after removal from a circle",
        passed=len(addresses) - len(leaks),
        attempted=len(addresses),
    )
    assert leaks == {}
    assert len(addresses) == 8

    # The removal took only the removed member's access: the facilitator still sees it all.
    facilitator_browser = world.client("facilitator_a")
    for address, seen in (
        (circle_a.get_absolute_url(), circle_a.name),
        (session.get_absolute_url(), place),
        (shared.get_absolute_url(), shared.title),
        (feeds[facilitator], circle_a.name),
    ):
        response = facilitator_browser.get(address)
        assert response.status_code == 200, address
        assert seen in text_of(response), address


# A reflection taken back ------------------------------------------------------------------------


def test_a_reflection_taken_back_from_the_circle_is_gone_for_the_circle_at_once(world, circle_a):
    author = world.people["circle_member"]
    reflection = make_reflection(
        author,
        title=marker("reflection"),
        visibility=ReflectionVisibility.CIRCLE,
        circle=circle_a,
    )
    address = reflection.get_absolute_url()
    author_browser, circle_browser = world.client("circle_member"), world.client("facilitator_a")
    shown = circle_browser.get(address)
    assert shown.status_code == 200
    assert reflection.title in text_of(shown)
    assert reflection.title in text_of(circle_browser.get("/me/reflections/"))

    response = author_browser.post(
        f"/circles/reflections/{reflection.pk}/edit/",
        {
            "structure": reflection.structure,
            "title": reflection.title,
            "date": reflection.date.isoformat(),
            **{f"section_{s['key']}": s["text"] for s in reflection.sections},
            "visibility": ReflectionVisibility.PRIVATE,
        },
    )
    assert response.status_code == 302, text_of(response)
    reflection.refresh_from_db()
    assert reflection.visibility == ReflectionVisibility.PRIVATE

    gone = circle_browser.get(address)
    assert gone.status_code == 404
    assert reflection.title not in text_of(gone)
    assert reflection.title not in text_of(circle_browser.get("/me/reflections/"))
    kept = author_browser.get(address)
    assert kept.status_code == 200
    assert reflection.title in text_of(kept)


# A deactivated account --------------------------------------------------------------------------


def test_a_deactivated_member_is_anonymous_on_the_next_request_and_drops_out_of_lists(world):
    leaving = make_member(name=marker("Name").replace("-", " ").title())
    name = Profile.objects.get(user=leaving).name
    with_members = make_reflection(
        leaving, title=marker("members-reflection"), visibility=ReflectionVisibility.MEMBERS
    )
    profile_url = Profile.objects.get(user=leaving).get_absolute_url()
    feed = f"/gatherings/calendar/{new_feed_token(leaving)}.ics"
    theirs = Client()
    sign_in(theirs, leaving)
    other = world.client("member")
    assert theirs.get("/me/").status_code == 200
    assert theirs.get(feed).status_code == 200
    search = f"/members/?{urlencode({'q': name})}"
    assert name in text_of(other.get("/members/"))
    # The search box echoes the name typed: a result is a link to the profile.
    assert profile_url in text_of(other.get(search))
    assert name in text_of(other.get(profile_url))
    assert with_members.title in text_of(other.get(with_members.get_absolute_url()))

    deactivate_member(leaving, by=world.people["superuser"])

    response = theirs.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert theirs.get(feed).status_code == 404
    assert name not in text_of(other.get("/members/"))
    assert profile_url not in text_of(other.get(search))
    hidden_profile = other.get(profile_url)
    assert hidden_profile.status_code == 404
    assert name not in text_of(hidden_profile)
    hidden_reflection = other.get(with_members.get_absolute_url())
    assert hidden_reflection.status_code == 404
    assert with_members.title not in text_of(hidden_reflection)


# An invitation sent again -----------------------------------------------------------------------


def test_a_resent_invitation_kills_the_old_link_at_once(
    world, client, django_capture_on_commit_callbacks
):
    gathering, host = world.invitation_only, world.people["host"]
    gathering.title = marker("gathering-title")
    gathering.save_revision().publish()
    gathering.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.invite(
            gathering, by=host, email="guest@example.net", message="Do come, we need you."
        )
    old = INVITATION_LINK.search(mail.outbox[-1].body).group(0)
    before = client.get(old)
    assert before.status_code == 200
    assert gathering.title in text_of(before)

    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("host").post(
            f"/gatherings/{gathering.pk}/host/invitations/{invitation.pk}/resend/"
        )
    assert response.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).times_sent == 2
    new = INVITATION_LINK.search(mail.outbox[-1].body).group(0)
    assert new != old

    dead = client.get(old)
    assert dead.status_code == 404
    assert gathering.title not in text_of(dead)
    assert gathering.title in text_of(client.get(new))
