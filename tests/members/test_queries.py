"""The member pages run a fixed number of SQL queries whatever the size of the community (issue
#7, "Speed at scale"): at most 12 for a visitor and 20 for a signed-in member, measured with 50
people whose profiles carry sectors, interests and boundaries, so that anything asked once per
person shows up as a broken budget."""

import pytest

from members.models import ContactMessage
from members.visibility import Visibility

from ..conftest import signed_in
from ..factories import make_member
from ..queries import queries_for

pytestmark = pytest.mark.django_db

VISITOR_MOST = 12
MEMBER_MOST = 20
PEOPLE = 50


@pytest.fixture(autouse=True)
def uncached(settings):
    """A public profile is normally served to visitors from the page cache without a query:
    these tests count what it costs to make it."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def community(db):
    sectors = ["health", "housing", "social-care"]
    return [
        make_member(
            name=f"Person {n:02d}",
            visibility=Visibility.PUBLIC if n % 2 else Visibility.MEMBERS,
            sectors=[sectors[n % 3], sectors[(n + 1) % 3]],
            interests=["systems", f"interest {n % 7}"],
            boundaries=["health and housing", f"boundary {n % 5}"],
            headline="Convener",
            region="North West",
            country="England",
        )
        for n in range(PEOPLE)
    ]


@pytest.fixture
def viewer(community):
    """A member who shares sectors and interests with everyone, so "people like you" is full,
    and who has messages waiting."""
    person = make_member(
        name="Mo Member", sectors=["health", "housing"], interests=["systems"], boundaries=[]
    )
    for sender in community[:5]:
        ContactMessage.objects.create(sender=sender, recipient=person, body="Hello there.")
    return person


@pytest.mark.parametrize(
    "url", ["/members/", "/members/?sector=health", "/members/?q=person&page=2"]
)
def test_the_directory_stays_within_a_members_budget(viewer, url, django_assert_max_num_queries):
    member = signed_in(viewer)
    member.get(url)
    with django_assert_max_num_queries(MEMBER_MOST):
        response = member.get(url)
    assert response.status_code == 200


def test_the_directory_asks_as_often_for_50_people_as_for_5(viewer, community):
    member = signed_in(viewer)
    many = queries_for(member, "/members/")
    for person in community[5:]:
        person.delete()
    assert queries_for(member, "/members/") == many


def test_a_profile_stays_within_budget_for_a_visitor_and_a_member(
    client, viewer, community, django_assert_max_num_queries
):
    url = community[1].profile.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(VISITOR_MOST):
        assert client.get(url).status_code == 200
    member = signed_in(viewer)
    member.get(url)
    with django_assert_max_num_queries(MEMBER_MOST):
        assert member.get(url).status_code == 200


# The member's own space (/me/) gathers panels from every app: its budget is tested with all
# of them full in tests/convening/circles/test_queries.py.
