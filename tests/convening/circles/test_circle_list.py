"""/circles/: circles forming or taking requests, for signed-in members, with filters, places
left, suggestions and the member's own circles."""

import pytest
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convening.circles.models import CircleMembership
from convening.circles.views.circles import PER_PAGE
from members.models import Sector
from tests.conftest import signed_in
from tests.factories import make_member

from .factories import make_circle, make_facilitator

URL = "/circles/"
Status = CircleMembership.Status


@pytest.fixture
def fay(db):
    return make_facilitator(name="Fay Facilitator")


def listed(response):
    return [circle.name for circle in response.context["circles"]]


def suggested(response):
    return [circle.name for circle in response.context["suggestions"]]


def test_visitors_are_asked_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(URL).url


def test_an_unverified_account_is_asked_to_confirm_its_email(unverified, fay):
    make_circle("Leeds set", facilitator=fay)
    response = signed_in(unverified).get(URL)
    assert "circles" not in (response.context or {})
    assert b"Leeds set" not in response.content
    assert b"erif" in response.content  # allauth's "verify your email address" page


def test_members_see_circles_forming_or_meeting_that_take_joiners(member, fay):
    make_circle("Open forming", facilitator=fay, join_policy="open")
    make_circle("Asking meeting", facilitator=fay, join_policy="request", status="meeting")
    make_circle("Secret set", facilitator=fay, join_policy="invitation")
    make_circle("Paused set", facilitator=fay, status="paused")
    make_circle("Closed set", facilitator=fay, status="closed")
    response = signed_in(member).get(URL)
    assert listed(response) == ["Asking meeting", "Open forming"]
    assert b"Secret set" not in response.content
    assert b"Paused set" not in response.content


def test_places_left_are_shown(member, fay):
    make_circle("Roomy", facilitator=fay, size_limit=6, members=[make_member()])
    make_circle("Packed", facilitator=fay, size_limit=3, members=[make_member(), make_member()])
    text = signed_in(member).get(URL).content.decode()
    assert "4 places left of 6" in text
    assert "full" in text


def test_filters_by_topic_sector_time_zone_and_cadence(member, fay):
    health = make_circle(
        "Health set", facilitator=fay, topics=["discharge"], time_zone="Europe/London"
    )
    health.sectors.set(Sector.objects.filter(slug="health"))
    housing = make_circle("Housing set", facilitator=fay, cadence="monthly", time_zone="Asia/Tokyo")
    housing.sectors.set(Sector.objects.filter(slug="housing"))
    client = signed_in(member)
    assert listed(client.get(URL, {"topic": "discharge"})) == ["Health set"]
    assert listed(client.get(URL, {"sector": "housing"})) == ["Housing set"]
    assert listed(client.get(URL, {"time_zone": "Asia/Tokyo"})) == ["Housing set"]
    assert listed(client.get(URL, {"cadence": "monthly"})) == ["Housing set"]
    assert listed(client.get(URL, {"cadence": "monthly", "sector": "health"})) == []


def test_junk_filter_values_are_ignored(member, fay):
    make_circle("Health set", facilitator=fay)
    response = signed_in(member).get(
        URL,
        {"topic": "<script>", "sector": "nope", "time_zone": "Mars/Olympus", "cadence": "x" * 500},
    )
    assert response.status_code == 200
    assert listed(response) == ["Health set"]
    assert response.context["filtered"] is False


def test_suggestions_follow_interests_sectors_and_time_zone(fay):
    mo = make_member(
        name="Mo", interests=["discharge"], sectors=["health"], time_zone="Europe/London"
    )
    make_circle("Discharge London", facilitator=fay, topics=["discharge"])
    make_circle("Discharge Tokyo", facilitator=fay, topics=["discharge"], time_zone="Asia/Tokyo")
    health = make_circle("Health anywhere", facilitator=fay)
    health.sectors.set(Sector.objects.filter(slug="health"))
    make_circle("Nothing shared", facilitator=fay, topics=["funding"])
    make_circle("Mine already", facilitator=fay, topics=["discharge"], members=[mo])
    make_circle(
        "Full of discharge",
        facilitator=fay,
        topics=["discharge"],
        size_limit=3,
        members=[make_member(), make_member()],
    )
    response = signed_in(mo).get(URL)
    assert suggested(response) == ["Discharge London", "Discharge Tokyo", "Health anywhere"]
    assert "Suggested for you" in response.content.decode()


def test_no_suggestions_for_a_member_who_said_nothing_to_match_on(member, fay):
    make_circle("Discharge", facilitator=fay, topics=["discharge"])
    response = signed_in(member).get(URL)
    assert suggested(response) == []
    assert "Suggested for you" not in response.content.decode()


def test_your_circles_lists_active_asked_and_invited_only(member, fay):
    make_circle("In it", facilitator=fay, members=[member])
    asked = make_circle("Asked", facilitator=fay)
    CircleMembership.objects.create(circle=asked, member=member, status=Status.REQUESTED)
    invited = make_circle("Secret invite", facilitator=fay, join_policy="invitation")
    CircleMembership.objects.create(circle=invited, member=member, status=Status.INVITED)
    gone = make_circle("Gone from", facilitator=fay)
    CircleMembership.objects.create(circle=gone, member=member, status=Status.REMOVED)
    response = signed_in(member).get(URL)
    assert [m.circle.name for m in response.context["yours"]] == ["Asked", "In it", "Secret invite"]
    text = response.content.decode()
    assert "You asked to join" in text
    assert "You are invited" in text


def test_a_circle_i_am_in_or_asked_to_join_is_never_offered_to_me_again(member, fay):
    make_circle("In it", facilitator=fay, members=[member], join_policy="request")
    asked = make_circle("Asked", facilitator=fay, join_policy="request")
    CircleMembership.objects.create(circle=asked, member=member, status=Status.REQUESTED)
    make_circle("Taking requests", facilitator=fay, join_policy="request")

    response = signed_in(member).get(URL)

    assert listed(response) == ["Taking requests"]
    assert [m.circle.name for m in response.context["yours"]] == ["Asked", "In it"]
    newcomer = signed_in(make_member(name="Nell New"))
    assert listed(newcomer.get(URL)) == ["Asked", "In it", "Taking requests"]


def test_invitation_only_circles_are_listed_to_nobody_but_their_people(
    member, other_member, editor, superuser, fay
):
    make_circle("Secret set", facilitator=fay, join_policy="invitation", members=[member])
    for person in (other_member, editor, superuser):
        assert b"Secret set" not in signed_in(person).get(URL).content
    assert b"Secret set" in signed_in(member).get(URL).content


def test_only_facilitators_are_offered_to_start_a_circle(member, fay):
    assert b"Start a circle" not in signed_in(member).get(URL).content
    assert b"Start a circle" in signed_in(fay).get(URL).content


def make_listed(n, fay, prefix="Circle"):
    for index in range(n):
        circle = make_circle(
            f"{prefix} {index:02d}",
            facilitator=fay,
            topics=["discharge", f"{prefix}-{index}"],
            members=[make_member(name=f"Peer {index}")],
        )
        circle.sectors.set(Sector.objects.filter(slug__in=["health", "housing"]))


def queries_for_listing(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response


def test_the_listing_runs_the_same_number_of_queries_for_5_or_a_page_more_circles(fay):
    viewer = make_member(name="Mo", interests=["discharge"], sectors=["health"])
    asked = make_circle("Asked", facilitator=fay)
    CircleMembership.objects.create(circle=asked, member=viewer, status=Status.REQUESTED)
    client = signed_in(viewer)
    client.get(URL)  # the first request of a session does its own bookkeeping
    make_listed(5, fay)
    few, response = queries_for_listing(client)
    # "Asked" is under the viewer's own circles, not among those offered.
    assert len(response.context["circles"]) == 5
    make_listed(PER_PAGE + 1, fay, prefix="More")
    many, response = queries_for_listing(client)
    assert len(response.context["circles"]) == PER_PAGE
    assert response.context["page_obj"].paginator.count == PER_PAGE + 6
    assert len(response.context["suggestions"]) == 3
    assert many == few <= 20
    assert len(client.get(URL + "?page=2").context["circles"]) == 6
