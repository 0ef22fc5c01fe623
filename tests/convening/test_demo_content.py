"""The demo community that `make run` builds, once for the module (`demo_content`)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from convening.circles.models import Circle, CircleSession, Reflection
from members.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def load(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def test_demo_content_fills_the_home_page_and_adds_an_about_page(client, demo_content):
    home = client.get("/").content.decode()
    assert "What we do together" in home
    assert '<a href="/about/">About</a>' in home
    assert client.get("/about/").status_code == 200


def test_running_it_twice_creates_nothing_twice(demo_content, settings):
    settings.DEBUG = True

    def counts():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            User.objects.count(),
            Circle.objects.count(),
            CircleSession.objects.count(),
            Reflection.objects.count(),
        )

    first = counts()
    load()
    assert counts() == first


def test_the_demo_has_four_circles_in_different_states_with_sessions_and_reflections(
    client, demo_content
):
    assert sorted(Circle.objects.values_list("status", flat=True)) == [
        "closed",
        "forming",
        "meeting",
        "meeting",
    ]
    assert CircleSession.objects.filter(status="held").exists()
    assert CircleSession.objects.filter(status="scheduled").exists()
    shared = Reflection.objects.get(title="Who gets to be in the room")
    assert shared.visibility == "circle"
    assert shared.replies.exists()
    assert set(shared.competencies.values_list("code", flat=True)) >= {"S9", "B1"}
    member = User.objects.get(email="member@convening.example")
    sign_in(client, member)
    assert "Health and housing action learning set" in client.get("/circles/").content.decode()
    portfolio = client.get("/me/portfolio/").content.decode()
    assert "Who gets to be in the room" in portfolio


def test_it_prints_editor_credentials_that_open_the_admin(client, settings, demo_content):
    settings.STAFF_MUST_USE_TWO_FACTOR = False
    line = next(line for line in demo_content.splitlines() if "Editor" in line)
    email, password = line.split(": ", 1)[1].split(" / ")
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    before = User.objects.count()
    with pytest.raises(CommandError, match="DEBUG=true"):
        load()
    assert User.objects.count() == before
