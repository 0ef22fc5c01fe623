"""Hosts type a gathering's times as the wall-clock time of the gathering's own zone."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventIndexPage, EventPage
from tests.conftest import signed_in
from tests.events.factories import make_gathering
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def gathering_form(**fields):
    data = {
        "title": "Lunch with Delaware",
        "slug": "lunch-with-delaware",
        "summary": "Conveners on both sides of the Atlantic.",
        "description": rich_text(""),
        "starts_at": "2030-06-04 11:00",
        "ends_at": "2030-06-04 12:30",
        "time_zone": "America/New_York",
        "format": "online",
        "online_platform": "Jitsi",
        "join_url": "https://meet.example.org/lunch",
        "visibility": "public",
        "hosts": inline_formset([]),
        "agenda": streamfield([]),
        "tags": "",
        "status": "scheduled",
        "harvest_notes": rich_text(""),
        "harvest_outputs": rich_text(""),
        "action-publish": "publish",
    }
    return nested_form_data(data | fields)


def test_times_typed_in_the_admin_are_in_the_gatherings_own_zone():
    host = make_staff(group="Hosts", name="Hana Host")
    index = EventIndexPage.objects.get()

    response = signed_in(host).post(
        f"/admin/pages/add/events/eventpage/{index.pk}/", gathering_form()
    )

    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="lunch-with-delaware")
    assert event.live
    assert event.starts_at == datetime.datetime(2030, 6, 4, 15, 0, tzinfo=datetime.UTC)
    assert list(event.hosts.values_list("member", flat=True)) == [host.pk], (
        "whoever creates a gathering hosts it until they name other hosts"
    )


def test_the_editor_shows_the_stored_times_in_the_gatherings_zone():
    editor = make_staff(group="Editors", name="Edie")
    event = make_gathering(
        "Sydney morning",
        starts_at=datetime.datetime(2030, 6, 4, 23, 0, tzinfo=datetime.UTC),
        time_zone="Australia/Sydney",
    )

    page = signed_in(editor).get(f"/admin/pages/{event.pk}/edit/").content.decode()

    assert 'value="2030-06-05 09:00"' in page
