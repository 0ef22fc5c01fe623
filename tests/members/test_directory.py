"""The directory at /members/: finding people, and never finding those who chose not to be found."""

import pytest
from django.contrib.auth.models import Group

from members.directory import DirectoryPaginator, people_like
from members.models import Block, Profile, Sector
from members.visibility import Visibility
from tests.conftest import sign_in

from ..factories import make_member

pytestmark = pytest.mark.django_db


def names(response):
    return [profile.display_name for profile in response.context["page_obj"].object_list]


@pytest.fixture
def community(db):
    return {
        "ada": make_member(
            name="Ada Health",
            sectors=["health"],
            interests=["co-production"],
            boundaries=["health and housing"],
            region="North West",
            country="England",
            new_to_convening=True,
        ),
        "ben": make_member(
            name="Ben Housing",
            sectors=["housing"],
            interests=["mental health"],
            organisation="Secret Housing Trust",
            organisation_visibility=Visibility.PRIVATE,
            country="Wales",
            open_to_mentoring=True,
        ),
        "cat": make_member(name="Cat Public", sectors=["health"], visibility=Visibility.PUBLIC),
        "hid": make_member(name="Hidden Person", sectors=["health"], visibility=Visibility.PRIVATE),
        "unv": make_member(name="Unverified Person", sectors=["health"], verified=False),
    }


def test_visitors_are_sent_to_sign_in_and_come_back(client):
    response = client.get("/members/?sector=health")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/members/%3Fsector%3Dhealth"


def test_members_see_everyone_they_may_and_not_hidden_or_unverified_people(
    member_client, community
):
    found = names(member_client.get("/members/"))
    assert set(found) >= {"Ada Health", "Ben Housing", "Cat Public"}
    assert "Hidden Person" not in found
    assert "Unverified Person" not in found
    assert "Mo Member" not in found  # not yourself


def test_filter_by_sector_place_boundary_interest_newness_and_openness(member_client, community):
    assert names(member_client.get("/members/?sector=health")) == ["Ada Health", "Cat Public"]
    assert names(member_client.get("/members/?place=wales")) == ["Ben Housing"]
    assert names(member_client.get("/members/?boundary=health and housing")) == ["Ada Health"]
    assert names(member_client.get("/members/?interest=mental health")) == ["Ben Housing"]
    assert names(member_client.get("/members/?new_to_convening=on")) == ["Ada Health"]
    assert names(member_client.get("/members/?open_to=open_to_mentoring")) == ["Ben Housing"]


def test_search_by_name_and_keyword(member_client, community):
    assert names(member_client.get("/members/?q=ada")) == ["Ada Health"]
    assert names(member_client.get("/members/?q=co-production")) == ["Ada Health"]


def test_search_does_not_reveal_a_hidden_organisation(member_client, community):
    assert names(member_client.get("/members/?q=Secret Housing")) == []
    assert "Secret Housing Trust" not in member_client.get("/members/").content.decode()


def test_junk_filter_values_are_ignored_not_a_500(member_client, community):
    response = member_client.get(
        "/members/?sector=nonsense&open_to=drop table&page=10000000000000&q=" + "x" * 500
    )
    assert response.status_code == 200
    response = member_client.get("/members/?sector=nonsense&open_to=bogus&page=abc")
    assert response.status_code == 200
    assert len(names(response)) == 3


def test_blocked_people_are_hidden_both_ways(member_client, member, community):
    Block.objects.create(blocker=member, blocked=community["ada"])
    Block.objects.create(blocker=community["ben"], blocked=member)
    found = names(member_client.get("/members/"))
    assert "Ada Health" not in found
    assert "Ben Housing" not in found


def test_the_directory_is_paginated(member_client):
    for n in range(25):
        make_member(name=f"Person {n:02d}")
    first = member_client.get("/members/")
    assert len(names(first)) == 20
    second = member_client.get("/members/?page=2")
    assert len(names(second)) == 5


def test_a_large_directory_is_counted_only_a_little_past_the_page(member_client, monkeypatch):
    """Counting is capped (at the next thousand past the page; here the next ten), so the
    heading says "more than" and the pages go on without a last page number."""
    monkeypatch.setattr(DirectoryPaginator, "STEP", 10)
    for n in range(45):
        make_member(name=f"Person {n:02d}")

    first = member_client.get("/members/").content.decode()
    assert "More than 30 members" in first
    assert "Page 1<" in first
    assert 'rel="next"' in first

    second = member_client.get("/members/?page=2").content.decode()
    assert "45 members" in second
    assert "Page 2 of 3" in second

    third = member_client.get("/members/?page=3")
    assert names(third) == [f"Person {n:02d}" for n in range(40, 45)]
    assert 'rel="next"' not in third.content.decode()


def test_the_directory_runs_a_fixed_number_of_queries(member_client, django_assert_max_num_queries):
    for n in range(30):
        make_member(name=f"Person {n:02d}", sectors=["health"], interests=["systems"])
    # 15: the page itself, plus the main navigation (now listing Gatherings) and the session.
    with django_assert_max_num_queries(15):
        member_client.get("/members/?sector=health")


def test_an_unverified_account_cannot_use_the_directory(client, unverified):
    sign_in(client, unverified)
    response = client.get("/members/")
    assert "page_obj" not in (response.context or {})


# "People like you" (members.directory.people_like), on /me/ and at the end of onboarding.


def test_people_like_me_rank_shared_boundaries_then_interests_then_sectors_then_name():
    me = make_member(
        name="Mo Member",
        sectors=["health", "housing"],
        interests=["systems"],
        boundaries=["health and housing"],
    )
    make_member(name="Zed Both Sectors", sectors=["health", "housing"])
    make_member(name="Yan One Sector", sectors=["health"])
    make_member(name="Xia Interest", interests=["systems"])
    make_member(name="Wes Boundary", boundaries=["health and housing"])
    # A tag counts whichever of the two lists it sits in on either side.
    make_member(name="Vic Boundary As Interest", interests=["health and housing"])
    make_member(name="Abe Interest", interests=["systems"])
    make_member(name="Nobody Alike", sectors=["social-care"], interests=["gardening"])

    people = [profile.display_name for profile in people_like(me, limit=10)]

    assert people == [
        "Wes Boundary",
        "Abe Interest",
        "Vic Boundary As Interest",
        "Xia Interest",
        "Zed Both Sectors",
        "Yan One Sector",
    ]


def staff_alike(sectors):
    """An editor, a superuser and a staff account, alike in every way the ranking reads."""
    editor = make_member(name="Edie Editor", sectors=sectors)
    editor.groups.add(Group.objects.get(name="Editors"))
    for name, flags in (("Sue Superuser", {"is_superuser": True}), ("Stan Staff", {})):
        account = make_member(name=name, sectors=sectors)
        account.is_staff = True
        for flag, value in flags.items():
            setattr(account, flag, value)
        account.save()


def test_people_like_me_never_suggests_the_staff_who_look_after_the_site(member):
    member.profile.sectors.set(Sector.objects.filter(slug="health"))
    staff_alike(["health"])
    host = make_member(name="Hal Host", sectors=["health"])
    host.groups.add(Group.objects.get(name="Hosts"))
    make_member(name="Peer Health", sectors=["health"])

    people = [profile.display_name for profile in people_like(member)]

    assert people == ["Hal Host", "Peer Health"]


def test_staff_stay_in_the_directory_itself(member_client):
    staff_alike(["health"])
    assert "Edie Editor" in member_client.get("/members/").content.decode()


def test_people_like_me_is_empty_when_i_have_said_nothing_to_match_on():
    me = make_member(name="Mo Member")
    make_member(name="Ada Health", sectors=["health"])
    assert people_like(me) == []


def test_someone_who_hides_drops_out_even_when_the_ranking_was_made_before(member):
    """The ranking is kept in the cache; who may be seen is applied afresh every time."""
    member.profile.sectors.set(Sector.objects.filter(slug="health"))
    hiding = make_member(name="Ada Health", sectors=["health"])
    assert [profile.display_name for profile in people_like(member)] == ["Ada Health"]

    # An update that does not go through save(): the cached ranking still names her.
    Profile.objects.filter(user=hiding).update(visibility=Visibility.PRIVATE)
    assert people_like(member) == []


def test_people_like_me_looks_past_many_alike_people_i_may_not_see(member):
    member.profile.sectors.set(Sector.objects.filter(slug__in=["health", "housing"]))
    for n in range(12):
        blocked = make_member(name=f"Blocked {n:02d}", sectors=["health", "housing"])
        Block.objects.create(blocker=member, blocked=blocked)
    make_member(name="Seen Once", sectors=["health"])

    # Batches of ten: the first two hold only blocked people.
    assert [profile.display_name for profile in people_like(member, limit=1)] == ["Seen Once"]
