"""A profile page that reads like a person: who they are, what they work across, the
gatherings and circles they share with the viewer (only those), and how to reach them."""

import pytest

from events.models import Rsvp
from members.visibility import Visibility
from tests.conftest import signed_in
from tests.convening.circles.factories import make_circle
from tests.events.factories import days, make_gathering, make_host

from ..factories import make_member
from ..queries import count_queries
from .test_faces import with_picture

pytestmark = pytest.mark.django_db

GATHERING = "Canary gathering on housing"
CIRCLE = "Canary circle of conveners"


def page_of(session, user):
    return session.get(f"/members/{user.profile.slug}/")


def going(event, *people, listed=True):
    for person in people:
        Rsvp.objects.create(
            event=event, member=person, status=Rsvp.Status.GOING, on_attendee_list=listed
        )


@pytest.fixture
def owner(db):
    return make_member(
        name="Priya Person",
        visibility=Visibility.PUBLIC,
        headline="Convener of the Leeds health and housing network",
        sectors=(),
        boundaries=("health and housing",),
    )


class TestSharedGatherings:
    def test_a_member_going_to_the_same_gathering_sees_it(self, owner, member):
        event = make_gathering(GATHERING)
        going(event, owner, member)
        page = page_of(signed_in(member), owner).content.decode()
        assert "Gatherings you share" in page
        assert GATHERING in page
        assert event.url in page

    def test_a_member_who_is_not_going_does_not_see_it(self, owner, member):
        going(make_gathering(GATHERING), owner)
        page = page_of(signed_in(member), owner).content.decode()
        assert GATHERING not in page
        assert "Gatherings you share" not in page

    def test_a_visitor_does_not_see_it(self, client, owner):
        going(make_gathering(GATHERING), owner)
        page = page_of(client, owner).content.decode()
        assert page_of(client, owner).status_code == 200
        assert GATHERING not in page

    def test_not_where_the_member_chose_to_stay_off_the_list_of_who_is_coming(self, owner, member):
        event = make_gathering(GATHERING)
        going(event, owner, listed=False)
        going(event, member)
        assert GATHERING not in page_of(signed_in(member), owner).content.decode()

    def test_hosting_counts_as_taking_part(self, member):
        host = make_host("Harriet Host", visibility=Visibility.MEMBERS)
        event = make_gathering(GATHERING, hosts=[host], starts_in=-days(10))
        going(event, member)
        page = page_of(signed_in(member), host).content.decode()
        assert GATHERING in page

    def test_not_on_the_members_own_profile(self, owner):
        going(make_gathering(GATHERING), owner)
        assert "Gatherings you share" not in page_of(signed_in(owner), owner).content.decode()


class TestSharedCircles:
    def test_a_member_of_the_same_circle_sees_it(self, owner, member):
        circle = make_circle(CIRCLE, members=[owner, member])
        page = page_of(signed_in(member), owner).content.decode()
        assert "Circles you share" in page
        assert circle.get_absolute_url() in page

    def test_a_circle_the_viewer_is_not_in_is_never_named(self, owner, member):
        make_circle(CIRCLE, members=[owner], join_policy="open")
        make_circle("Canary invitation-only circle", members=[owner], join_policy="invitation")
        page = page_of(signed_in(member), owner).content.decode()
        assert "Canary" not in page
        assert "Circles you share" not in page

    def test_a_visitor_sees_no_circle(self, client, owner):
        make_circle(CIRCLE, members=[owner])
        assert "Canary" not in page_of(client, owner).content.decode()

    def test_a_circle_the_viewer_asked_to_join_is_not_shared(self, owner, member):
        from convening.circles.models import CircleMembership

        circle = make_circle(CIRCLE, members=[owner])
        CircleMembership.objects.create(
            circle=circle, member=member, status=CircleMembership.Status.REQUESTED
        )
        assert CIRCLE not in page_of(signed_in(member), owner).content.decode()


class TestHiddenProfilesStayHidden:
    def test_sharing_a_circle_does_not_open_a_hidden_profile(self, member):
        hidden = make_member(name="Hal Hidden", visibility=Visibility.PRIVATE)
        make_circle(CIRCLE, members=[hidden, member])
        going_to = make_gathering(GATHERING)
        going(going_to, hidden, member)
        response = page_of(signed_in(member), hidden)
        assert response.status_code == 404
        assert "Hal" not in response.content.decode()

    def test_a_members_only_profile_is_still_a_404_for_visitors(self, client, member):
        owner = make_member(name="Mia Members", visibility=Visibility.MEMBERS)
        make_circle(CIRCLE, members=[owner, member])
        assert page_of(client, owner).status_code == 404


class TestReadsLikeAPerson:
    def test_the_page_says_who_they_are_what_they_work_across_and_how_to_reach_them(
        self, owner, member
    ):
        page = page_of(signed_in(member), owner).content.decode()
        assert "Convener of the Leeds health and housing network" in page
        assert "What Priya Person works across" in page
        assert "health and housing" in page
        assert "How to reach Priya Person" in page
        assert f"/members/{owner.profile.slug}/contact/" in page
        assert 'class="profile-layout"' in page

    def test_a_visitor_is_not_offered_a_message(self, client, owner):
        page = page_of(client, owner).content.decode()
        assert f"/members/{owner.profile.slug}/contact/" not in page

    def test_a_member_who_is_not_open_to_contact_is_not_offered_a_message(self, member):
        closed = make_member(name="Cal Closed", open_to_contact=False)
        page = page_of(signed_in(member), closed).content.decode()
        assert f"/members/{closed.profile.slug}/contact/" not in page


def test_the_profile_page_costs_the_same_few_queries_whatever_they_share(owner, member):
    session = signed_in(member)
    url = owner.profile.get_absolute_url()
    with_picture(owner)

    def share(n):
        going(make_gathering(f"Gathering {n}"), owner, member)
        make_circle(f"Circle {n}", members=[owner, member])

    share(0)
    few, _ = count_queries(session, url)
    for n in range(1, 5):
        share(n)
    many, page = count_queries(session, url)

    assert many == few
    # The budget of every member page (tests/members/test_queries.py).
    assert many <= 20
    assert page.count("Gathering ") >= 5
