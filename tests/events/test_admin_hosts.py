"""Each host changes only the gatherings they host (#16, item 1), through the real admin URLs as
four people signed in past two-factor: a host who hosts nothing, the gathering's own host, an
editor and a superuser. Adding a gathering stays open to every host."""

import datetime
import zoneinfo

import pytest
from wagtail.models import Page

from events.models import EventPage, Series
from tests.conftest import signed_in
from tests.events.factories import gatherings_index, make_gathering, make_series
from tests.events.test_admin import edit_form
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
ADMIN_HOME = "/admin/"


@pytest.fixture
def host(db):
    return make_staff(group="Hosts", name="Hal Host")


@pytest.fixture
def host_of_nothing(db):
    return make_staff(group="Hosts", name="Nell Nothing")


@pytest.fixture
def gathering(host):
    return make_gathering(
        "Hal's gathering",
        hosts=[host],
        join_url="https://meet.example.org/hals-room",
        series=make_series("Hal's Tuesdays"),
        starts_at=datetime.datetime(2030, 3, 12, 11, 0, tzinfo=LONDON),
    )


def refused(response):
    """Wagtail's answer to an admin action someone may not take: back to the dashboard."""
    return response.status_code == 302 and response["Location"] == ADMIN_HOME


# Editing --------------------------------------------------------------------------------------


def test_a_host_who_hosts_nothing_cannot_open_or_save_the_editor(host_of_nothing, gathering):
    session = signed_in(host_of_nothing)

    assert refused(session.get(f"/admin/pages/{gathering.pk}/edit/"))
    response = session.post(
        f"/admin/pages/{gathering.pk}/edit/",
        edit_form(gathering, join_url="https://evil.example.org/room"),
    )

    assert refused(response)
    gathering.refresh_from_db()
    assert gathering.join_url == "https://meet.example.org/hals-room"


def test_a_co_host_who_did_not_create_the_gathering_edits_it(host, gathering):
    session = signed_in(host)

    assert session.get(f"/admin/pages/{gathering.pk}/edit/").status_code == 200
    response = session.post(
        f"/admin/pages/{gathering.pk}/edit/",
        edit_form(gathering, join_url="https://meet.example.org/new-room"),
    )

    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.join_url == "https://meet.example.org/new-room"


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_editors_and_superusers_edit_every_gathering(who, request, gathering):
    session = signed_in(request.getfixturevalue(who))

    assert session.get(f"/admin/pages/{gathering.pk}/edit/").status_code == 200


def test_the_explorer_offers_a_host_no_action_on_a_gathering_they_do_not_host(
    host_of_nothing, gathering
):
    listing = signed_in(host_of_nothing).get(f"/admin/pages/{gathering_index_pk()}/")
    text = listing.content.decode()

    assert f"/admin/pages/{gathering.pk}/edit/" not in text
    assert f"/admin/pages/{gathering.pk}/unpublish/" not in text
    assert f"/admin/gatherings/{gathering.pk}/next-dates/" not in text


def gathering_index_pk():
    return gatherings_index().pk


# Publishing and unpublishing ----------------------------------------------------------------


def test_a_host_who_hosts_nothing_cannot_unpublish_a_gathering(host_of_nothing, gathering):
    session = signed_in(host_of_nothing)

    assert refused(session.get(f"/admin/pages/{gathering.pk}/unpublish/"))
    assert refused(session.post(f"/admin/pages/{gathering.pk}/unpublish/"))

    gathering.refresh_from_db()
    assert gathering.live


def test_the_host_unpublishes_their_own_gathering(host, gathering):
    response = signed_in(host).post(f"/admin/pages/{gathering.pk}/unpublish/")

    assert response.status_code == 302
    gathering.refresh_from_db()
    assert not gathering.live


def bulk(action, page):
    return f"/admin/bulk/wagtailcore/page/{action}/?next=/admin/&id={page.pk}"


def test_bulk_unpublish_and_publish_skip_gatherings_a_host_does_not_host(
    host_of_nothing, gathering
):
    session = signed_in(host_of_nothing)

    session.post(bulk("unpublish", gathering), {"include_descendants": ""})
    gathering.refresh_from_db()
    assert gathering.live

    EventPage.objects.filter(pk=gathering.pk).update(live=False)
    session.post(bulk("publish", gathering), {"include_descendants": ""})
    gathering.refresh_from_db()
    assert not gathering.live


def test_the_host_bulk_unpublishes_their_own_gathering(host, gathering):
    signed_in(host).post(bulk("unpublish", gathering), {"include_descendants": ""})

    gathering.refresh_from_db()
    assert not gathering.live


# Copying, moving, deleting, locking -----------------------------------------------------------


def test_a_host_who_hosts_nothing_cannot_copy_delete_move_or_lock(host_of_nothing, gathering):
    session = signed_in(host_of_nothing)
    index = gatherings_index()
    before = Page.objects.count()

    assert refused(
        session.post(
            f"/admin/pages/{gathering.pk}/copy/",
            {"new_title": "Mine now", "new_slug": "mine-now", "new_parent_page": index.pk},
        )
    )
    assert refused(session.post(f"/admin/pages/{gathering.pk}/delete/"))
    assert refused(session.get(f"/admin/pages/{gathering.pk}/move/"))
    assert refused(session.post(f"/admin/pages/{gathering.pk}/lock/"))
    assert refused(session.get(f"/admin/pages/{gathering.pk}/history/"))

    assert Page.objects.count() == before
    gathering.refresh_from_db()
    assert not gathering.locked


def test_the_host_copies_their_own_gathering(host, gathering):
    response = signed_in(host).post(
        f"/admin/pages/{gathering.pk}/copy/",
        {
            "new_title": "Hal's second",
            "new_slug": "hals-second",
            "new_parent_page": gatherings_index().pk,
        },
    )

    assert response.status_code == 302
    assert EventPage.objects.filter(slug="hals-second").exists()


def test_the_host_deletes_their_own_gathering(host, gathering):
    response = signed_in(host).post(f"/admin/pages/{gathering.pk}/delete/")

    assert response.status_code == 302
    assert not EventPage.objects.filter(pk=gathering.pk).exists()


def test_a_host_still_adds_new_gatherings(host_of_nothing):
    session = signed_in(host_of_nothing)

    response = session.get(f"/admin/pages/add/events/eventpage/{gatherings_index().pk}/")

    assert response.status_code == 200


# "Add the next dates" -------------------------------------------------------------------------


def next_dates(event):
    return f"/admin/gatherings/{event.pk}/next-dates/"


def test_a_host_who_hosts_nothing_cannot_add_dates_to_someone_elses_series(
    host_of_nothing, gathering
):
    session = signed_in(host_of_nothing)

    assert session.get(next_dates(gathering)).status_code == 403
    response = session.post(next_dates(gathering), {"count": "2", "publish": "publish"})

    assert response.status_code == 403
    assert EventPage.objects.filter(series=gathering.series).count() == 1


def test_the_host_adds_the_next_date_with_their_room_and_hosts(host, gathering):
    signed_in(host).post(next_dates(gathering), {"count": "1", "publish": "publish"})

    new = EventPage.objects.get(series=gathering.series, starts_at__gt=gathering.starts_at)
    assert new.join_url == "https://meet.example.org/hals-room"
    assert [h.member for h in new.hosts.all()] == [host]


def test_an_editors_copy_carries_no_join_link_or_venue_and_keeps_its_hosts(editor, host):
    leeds = make_gathering(
        "A day in Leeds",
        hosts=[host],
        format=EventPage.Format.IN_PERSON,
        place="Leeds",
        venue="The Civic Hall, Leeds LS1 1UR",
        series=make_series("Leeds days"),
    )
    online = make_gathering("Online Tuesday", hosts=[host], series=make_series("Online"))

    for event in (leeds, online):
        response = signed_in(editor).post(next_dates(event), {"count": "1", "publish": "publish"})
        assert response.status_code == 302
        new = EventPage.objects.get(series=event.series, starts_at__gt=event.starts_at)
        assert (new.join_url, new.venue, new.live) == ("", "", True)
        # An editor does not make themselves a host (item 3): the hosts set the room.
        assert [h.member for h in new.hosts.all()] == [host]
        assert new.place == event.place


def test_a_host_of_an_earlier_date_adds_dates_without_the_later_hosts_room(
    host, host_of_nothing, gathering
):
    later = make_gathering(
        "Nell's Tuesday",
        hosts=[host_of_nothing],
        join_url="https://meet.example.org/nells-room",
        series=gathering.series,
        starts_at=gathering.starts_at + datetime.timedelta(weeks=2),
    )

    signed_in(host).post(next_dates(gathering), {"count": "1", "publish": "drafts"})

    new = EventPage.objects.get(series=gathering.series, starts_at__gt=later.starts_at)
    assert new.join_url == ""
    assert [h.member for h in new.hosts.all()] == [host]
    assert [h.member for h in new.get_latest_revision_as_object().hosts.all()] == [host]


# Series ---------------------------------------------------------------------------------------


def series_edit(series):
    return f"/admin/snippets/events/series/edit/{series.pk}/"


def series_delete(series):
    return f"/admin/snippets/events/series/delete/{series.pk}/"


RENAMED = {"name": "Taken over", "cadence": "weekly", "description": ""}


def test_a_host_who_hosts_nothing_cannot_change_or_delete_a_series(host_of_nothing, gathering):
    session = signed_in(host_of_nothing)
    series = gathering.series

    assert refused(session.get(series_edit(series)))
    assert refused(session.post(series_edit(series), RENAMED))
    assert refused(session.post(series_delete(series)))
    session.post(f"/admin/bulk/events/series/delete/?next=/admin/&id={series.pk}")

    series.refresh_from_db()
    assert (series.name, series.cadence) == ("Hal's Tuesdays", "fortnightly")


def test_the_host_of_a_gathering_in_the_series_changes_it(host, gathering):
    response = signed_in(host).post(series_edit(gathering.series), RENAMED)

    assert response.status_code == 302
    gathering.series.refresh_from_db()
    assert gathering.series.name == "Taken over"


def test_whoever_started_a_series_changes_and_deletes_it(host_of_nothing):
    session = signed_in(host_of_nothing)
    session.post(
        "/admin/snippets/events/series/add/",
        {"name": "Nell's Fridays", "cadence": "weekly", "description": ""},
    )
    series = Series.objects.get(name="Nell's Fridays")
    assert series.created_by == host_of_nothing

    assert session.post(series_edit(series), RENAMED).status_code == 302
    assert session.post(series_delete(series)).status_code == 302
    assert not Series.objects.filter(pk=series.pk).exists()


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_editors_and_superusers_change_every_series(who, request, gathering):
    response = signed_in(request.getfixturevalue(who)).post(series_edit(gathering.series), RENAMED)

    assert response.status_code == 302
    gathering.series.refresh_from_db()
    assert gathering.series.name == "Taken over"


def test_a_host_cannot_put_a_gathering_into_someone_elses_series(host_of_nothing, gathering):
    from tests.events.test_admin import add_url, gathering_form

    session = signed_in(host_of_nothing)

    response = session.post(add_url(), gathering_form(series=str(gathering.series.pk)))

    assert response.status_code == 200
    assert "You may add gatherings only to a series you started" in response.text
    assert EventPage.objects.filter(series=gathering.series).count() == 1


def test_the_host_of_a_series_adds_a_gathering_to_it(host, gathering):
    from tests.events.test_admin import add_url, gathering_form

    response = signed_in(host).post(add_url(), gathering_form(series=str(gathering.series.pk)))

    assert response.status_code == 302
    assert EventPage.objects.filter(series=gathering.series).count() == 2
