"""The demo community that `make run` builds."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from members.models import User

pytestmark = pytest.mark.django_db


def load(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def test_demo_content_fills_the_home_page_and_adds_an_about_page(client, settings):
    settings.DEBUG = True
    load()
    home = client.get("/").content.decode()
    assert "What we do together" in home
    assert '<a href="/about/">About</a>' in home
    assert client.get("/about/").status_code == 200


def test_running_it_twice_creates_nothing_twice(settings):
    settings.DEBUG = True
    load()
    counts = (Page.objects.count(), Revision.objects.count(), User.objects.count())
    load()
    assert (Page.objects.count(), Revision.objects.count(), User.objects.count()) == counts


def test_it_prints_editor_credentials_that_open_the_admin(client, settings):
    settings.DEBUG = True
    settings.STAFF_MUST_USE_TWO_FACTOR = False
    output = load()
    line = next(line for line in output.splitlines() if "Editor" in line)
    email, password = line.split(": ", 1)[1].split(" / ")
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        load()
    assert not User.objects.exists()
