"""Onboarding: once, right after the first verified sign-in; skippable; never again."""

import pytest
from django.contrib.auth.models import Group

from members.models import Profile

from ..conftest import signed_in
from ..factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    user = make_member(name="Nia New")
    Profile.objects.filter(user=user).update(onboarding=Profile.Onboarding.PENDING)
    return user


def test_a_new_member_is_taken_to_onboarding_from_their_space(newcomer):
    response = signed_in(newcomer).get("/me/")
    assert response["Location"] == "/me/welcome/"


def test_completing_onboarding_saves_the_profile_and_never_shows_it_again(newcomer):
    session = signed_in(newcomer)
    response = session.post(
        "/me/welcome/",
        {
            "display_name": "Nia Newcomer",
            "time_zone": "Europe/London",
            "sectors": ["1"],
            "interests": "co-production",
            "new_to_convening": "on",
        },
    )
    assert response["Location"] == "/me/"
    profile = Profile.objects.get(user=newcomer)
    assert profile.onboarding == Profile.Onboarding.DONE
    assert profile.new_to_convening
    assert profile.display_name == "Nia Newcomer"
    assert session.get("/me/welcome/")["Location"] == "/me/"
    assert session.get("/me/").status_code == 200


def test_skipping_is_remembered(newcomer):
    session = signed_in(newcomer)
    session.post("/me/welcome/", {"skip": "1"})
    assert Profile.objects.get(user=newcomer).onboarding == Profile.Onboarding.SKIPPED
    assert session.get("/me/").status_code == 200


def test_onboarding_suggests_people_who_share_my_sectors(newcomer):
    make_member(name="Hana Health", sectors=["health"])
    newcomer.profile.sectors.set([1])
    html = signed_in(newcomer).get("/me/welcome/").content.decode()
    assert "People you might like to meet" in html


def test_the_dashboard_suggests_people_like_me_but_not_hidden_ones(member, member_client):
    member.profile.sectors.set([1])
    make_member(name="Visible Match", sectors=["health"])
    make_member(name="Hidden Match", sectors=["health"], visibility="private")
    make_member(name="No Match", sectors=["housing"])
    html = member_client.get("/me/").content.decode()
    assert "Visible Match" in html
    assert "Hidden Match" not in html
    assert "No Match" not in html


def test_onboarding_never_suggests_staff_even_when_nobody_is_alike(newcomer):
    """With nothing to match on, the newest members are suggested: never the staff."""
    make_member(name="Pat Peer")
    editor = make_member(name="Edie Editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    html = signed_in(newcomer).get("/me/welcome/").content.decode()
    assert "Pat Peer" in html
    assert "Edie Editor" not in html
