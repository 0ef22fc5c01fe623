"""The admin's tag autocomplete offers only the tags the public site already shows: never a
sealed circle's topics, the interests on a hidden profile, or the tags of pages in a private
section, a draft or a gathering for members or by invitation."""

import pytest

from convening.circles.models import Circle
from members.visibility import Visibility
from tests.conftest import signed_in
from tests.convening.circles.factories import make_circle
from tests.events.factories import make_gathering
from tests.factories import make_member, make_staff
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/tag-autocomplete/"


@pytest.fixture
def tags_everywhere(home_page):
    make_practice("Open practice", tags=["harbour-public"])
    make_practice("Draft practice", tags=["harbour-draft"], live=False)
    make_practice("Private practice", tags=["harbour-private-section"], private=True)
    make_gathering("Open gathering", tags=["harbour-gathering"])
    make_gathering("Invited gathering", tags=["harbour-invited"], visibility="invited")
    make_circle(
        "Sealed circle",
        join_policy=Circle.JoinPolicy.INVITATION,
        topics=["harbour-sealed-topic"],
    )
    make_member(name="Hidden Person", visibility=Visibility.PRIVATE, interests=["harbour-hidden"])


@pytest.fixture(params=["editor", "host"])
def staff(request, db):
    group = {"editor": "Editors", "host": "Hosts"}[request.param]
    return signed_in(make_staff(group=group))


def test_only_tags_shown_on_the_public_site_are_offered(tags_everywhere, staff):
    response = staff.get(AUTOCOMPLETE, {"term": "harbour"})
    assert response.status_code == 200
    assert response.json() == ["harbour-gathering", "harbour-public"]


def test_no_tag_model_is_offered_by_its_name(tags_everywhere, staff):
    assert staff.get(f"{AUTOCOMPLETE}taggit/tag/", {"term": "harbour"}).status_code == 404


def test_a_member_without_admin_access_gets_no_tags(tags_everywhere):
    response = signed_in(make_member()).get(AUTOCOMPLETE, {"term": "harbour"})
    assert response.status_code in (302, 403)


def test_an_empty_term_offers_nothing(tags_everywhere, staff):
    assert staff.get(AUTOCOMPLETE).json() == []
