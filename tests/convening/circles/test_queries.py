"""Circles, a circle's page, the member's reflections and portfolio run a fixed number of SQL
queries whatever their size (issue #7, "Speed at scale"): at most 20 for a signed-in member,
measured with 50 circles, a circle of 12 with sessions and shared reflections, and 50
reflections, so that anything asked once per row shows up as a broken budget."""

import pytest
from django.utils import timezone

from convening.circles.models import Circle, Commitment, ReflectionReply
from members.models import Profile
from practices.models import Competency
from tests.conftest import signed_in
from tests.factories import make_member
from tests.queries import queries_for

from .factories import days, make_circle, make_facilitator, make_reflection, make_session

pytestmark = pytest.mark.django_db

MEMBER_MOST = 20
MANY = 50


@pytest.fixture
def ada(db):
    return make_member(name="Ada Member", sectors=["health"], interests=["housing"])


@pytest.fixture
def circles(ada):
    """50 listed circles with topics, sectors and a few members each; Ada is in the first."""
    facilitator = make_facilitator()
    people = [make_member(name=f"Person {n}") for n in range(4)]
    made = []
    for n in range(MANY):
        circle = make_circle(
            f"Circle {n:02d}",
            facilitator=facilitator,
            members=[*people[: n % 4], *([ada] if n == 0 else [])],
            topics=["housing", f"topic {n % 5}"],
            join_policy=[Circle.JoinPolicy.OPEN, Circle.JoinPolicy.REQUEST][n % 2],
            status=[Circle.Status.FORMING, Circle.Status.MEETING][n % 2],
        )
        circle.sectors.set([1, 2])
        made.append(circle)
    return made


@pytest.fixture
def full_circle(ada):
    """A circle of 12 meeting, with upcoming sessions and reflections shared with it."""
    facilitator = make_facilitator()
    people = [make_member(name=f"Circle person {n}") for n in range(10)]
    circle = make_circle(
        "Leeds action learning set",
        facilitator=facilitator,
        members=[ada, *people],
        size_limit=12,
        status=Circle.Status.MEETING,
        topics=["housing"],
    )
    for n in range(8):
        make_session(circle, starts_in=days(7 * n - 14), number=n + 1, presenter=people[n])
    for person in people:
        shared = make_reflection(person, visibility="circle", circle=circle)
        ReflectionReply.objects.create(reflection=shared, author=ada, text="Thank you.")
    return circle


@pytest.fixture
def reflections(ada, full_circle):
    """50 of Ada's own reflections, tagged, about sessions, with commitments."""
    codes = list(Competency.objects.values_list("code", flat=True)[:6])
    session = full_circle.sessions.first()
    made = [
        make_reflection(
            ada,
            title=f"Reflection {n}",
            competencies=codes[n % 3 : n % 3 + 3],
            session=session if n % 2 else None,
            visibility=["private", "circle", "members"][n % 3],
            circle=full_circle if n % 3 == 1 else None,
        )
        for n in range(MANY)
    ]
    for reflection in made[:15]:
        Commitment.objects.create(
            member=ada, text="Call the ward.", session=session, reflection=reflection
        )
    return made


def test_the_circle_list_stays_within_a_members_budget(ada, circles, django_assert_max_num_queries):
    member = signed_in(ada)
    for url in ("/circles/", "/circles/?topic=housing&sector=health&cadence=fortnightly"):
        member.get(url)
        with django_assert_max_num_queries(MEMBER_MOST):
            assert member.get(url).status_code == 200


def test_the_circle_list_asks_as_often_for_50_circles_as_for_5(ada, circles):
    member = signed_in(ada)
    many = queries_for(member, "/circles/")
    Circle.objects.filter(pk__in=[circle.pk for circle in circles[5:]]).delete()
    assert queries_for(member, "/circles/") == many


def test_a_circle_page_stays_within_budget_for_its_member_and_a_visitor_to_it(
    ada, full_circle, django_assert_max_num_queries
):
    url = full_circle.get_absolute_url()
    member = signed_in(ada)
    member.get(url)
    with django_assert_max_num_queries(MEMBER_MOST):
        assert member.get(url).status_code == 200
    outsider = signed_in(make_member(name="Olu Outsider"))
    outsider.get(url)
    with django_assert_max_num_queries(MEMBER_MOST):
        assert outsider.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/me/reflections/", "/me/portfolio/"])
def test_reflections_and_portfolio_stay_within_budget_with_50_reflections(
    ada, reflections, url, django_assert_max_num_queries
):
    member = signed_in(ada)
    member.get(url)
    with django_assert_max_num_queries(MEMBER_MOST):
        assert member.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/me/reflections/", "/me/portfolio/"])
def test_reflections_and_portfolio_ask_as_often_for_50_reflections_as_for_5(ada, reflections, url):
    member = signed_in(ada)
    many = queries_for(member, url)
    for reflection in reflections[5:]:
        reflection.delete()
    assert queries_for(member, url) == many


def test_the_members_own_space_with_every_panel_full_stays_within_budget(
    ada, reflections, full_circle, django_assert_max_num_queries
):
    """/me/ with people like them, messages, gatherings going and hosted, circles, open
    commitments and 50 reflections."""
    from events.models import EventHost, Rsvp
    from members.models import ContactMessage
    from tests.events.factories import make_gathering

    for n in range(12):
        make_member(name=f"Like Ada {n}", sectors=["health"], interests=["housing"])
        ContactMessage.objects.create(sender=ada, recipient=ada, body=f"Note {n}")
    for n in range(12):
        event = make_gathering(f"Gathering {n}", starts_in=days(n + 1))
        Rsvp.objects.create(event=event, member=ada, status=Rsvp.Status.GOING)
        if n % 4 == 0:
            EventHost.objects.create(event=event, member=ada)
    member = signed_in(ada)
    # A member who has been before: "since your last visit" asks what changed.
    Profile.objects.filter(user=ada).update(previous_sign_in_at=timezone.now() - days(1))
    member.get("/me/")
    # Measured with nothing cached (issue #15): a member's budget, like every member page.
    with django_assert_max_num_queries(MEMBER_MOST):
        html = member.get("/me/").content.decode()
    assert "Gathering 11" not in html  # ten shown
    assert "Like Ada 0" in html
