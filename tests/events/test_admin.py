"""Gatherings in the Wagtail admin, through the real admin forms: hosts create and publish them,
bad input is refused with a message, a start in the past warns, series are snippets and
"Add the next dates" makes the next dates of a series for those who may add gatherings."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventHost, EventPage, Rsvp, Series
from events.rsvp import rsvp
from tests.conftest import signed_in
from tests.events.factories import gatherings_index, make_gathering, make_series
from tests.factories import make_member, make_staff

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def add_url():
    return f"/admin/pages/add/events/eventpage/{gatherings_index().pk}/"


def local(moment):
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def gathering_form(*, hosts=(), publish=True, **fields):
    hosts_formset = fields.pop("hosts_formset", None) or inline_formset(
        [{"member": host.pk} for host in hosts]
    )
    data = {
        "title": "Tuesday gathering",
        "slug": "tuesday-gathering",
        "summary": "Tea, cake and a structured conversation.",
        "description": rich_text("<p>Come as you are.</p>"),
        "starts_at": "2030-07-02 11:00",
        "ends_at": "2030-07-02 12:30",
        "time_zone": "Europe/London",
        "series": "",
        "format": "online",
        "online_platform": "Jitsi",
        "join_url": "https://meet.example.org/tuesday",
        "place": "",
        "venue": "",
        "access_information": "",
        "visibility": "public",
        "capacity": "",
        "rsvp_opens_at": "",
        "rsvp_closes_at": "",
        "hosts": hosts_formset,
        "agenda": streamfield([]),
        "hospitality_notes": "",
        "tags": "",
        "status": "scheduled",
        "status_reason": "",
        "harvest_notes": rich_text(""),
        "harvest_outputs": rich_text(""),
        "recording_url": "",
        "recording_members_only": "on",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    form = nested_form_data(data)
    if publish:
        form["action-publish"] = "publish"
    return form


def edit_form(event, **changes):
    """The edit form as the admin would send it back, with `changes`."""
    hosts = list(event.hosts.all())
    fields = {
        "title": event.title,
        "slug": event.slug,
        "summary": event.summary,
        "starts_at": local(event.starts_at),
        "ends_at": local(event.ends_at),
        "time_zone": event.time_zone,
        "format": event.format,
        "online_platform": event.online_platform,
        "join_url": event.join_url,
        "visibility": event.visibility,
        "capacity": "" if event.capacity is None else str(event.capacity),
        "hosts_formset": inline_formset(
            [{"id": host.pk, "member": host.member_id} for host in hosts], initial=len(hosts)
        ),
        "status": event.status,
        "status_reason": event.status_reason,
    }
    return gathering_form(**(fields | changes))


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def host(db):
    return make_staff(group="Hosts", name="Hal Host")


@pytest.fixture
def host_client(host):
    return signed_in(host)


# Creating and publishing --------------------------------------------------------------------


def test_a_host_creates_and_publishes_a_gathering_under_gatherings(host, host_client, client):
    response = host_client.post(add_url(), gathering_form(hosts=[host]))

    assert response.status_code == 302
    event = EventPage.objects.get(slug="tuesday-gathering")
    assert event.live
    assert event.owner == host
    assert event.get_parent().specific == gatherings_index()
    assert [h.member for h in event.hosts.all()] == [host]
    assert event.starts_at == datetime.datetime(2030, 7, 2, 10, 0, tzinfo=datetime.UTC)
    page = client.get("/gatherings/tuesday-gathering/").content.decode()
    assert "Tea, cake and a structured conversation." in page
    assert not [m for m in said(response) if "in the past" in m]


def test_a_gathering_that_ends_before_it_starts_is_refused(host_client):
    response = host_client.post(add_url(), gathering_form(ends_at="2030-07-02 10:00"))

    assert response.status_code == 200
    assert "The gathering must end after it starts." in response.content.decode()
    assert not EventPage.objects.filter(slug="tuesday-gathering").exists()


def test_a_join_link_that_is_not_https_is_refused(host_client):
    response = host_client.post(add_url(), gathering_form(join_url="http://meet.example.org/x"))

    assert "Use a secure address that starts with https://." in response.content.decode()
    assert not EventPage.objects.filter(slug="tuesday-gathering").exists()


def test_the_editor_offers_the_time_zones_and_refuses_an_unknown_one(host_client):
    page = host_client.get(add_url()).content.decode()
    assert '<optgroup label="America">' in page
    assert '<option value="America/New_York">New York (United States)</option>' in page
    assert 'value="US/Eastern"' not in page  # canonical zones only, no aliases

    response = host_client.post(add_url(), gathering_form(time_zone="Mars/Olympus"))

    assert "is not a time zone we know" in response.content.decode()
    assert not EventPage.objects.filter(slug="tuesday-gathering").exists()


def test_a_new_gathering_in_the_past_warns_the_editor_but_is_saved(host_client):
    response = host_client.post(
        add_url(), gathering_form(starts_at="2020-03-03 11:00", ends_at="2020-03-03 12:30")
    )

    assert response.status_code == 302
    assert EventPage.objects.filter(slug="tuesday-gathering").exists()
    [warning] = [m for m in said(response) if "in the past" in m]
    assert "Tuesday 3 March 2020, 11:00 Europe/London" in warning


def test_editing_the_harvest_of_a_past_gathering_does_not_warn(editor_client):
    event = make_gathering(
        "Last spring", starts_at=datetime.datetime(2020, 3, 3, 11, tzinfo=LONDON)
    )

    response = editor_client.post(
        f"/admin/pages/{event.pk}/edit/",
        edit_form(event, harvest_notes=rich_text("<p>We mapped the system.</p>")),
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert "We mapped the system." in event.harvest_notes
    assert not [m for m in said(response) if "in the past" in m]


def test_moving_a_gathering_into_the_past_warns(editor_client):
    event = make_gathering("Soon")

    response = editor_client.post(
        f"/admin/pages/{event.pk}/edit/",
        edit_form(event, starts_at="2020-03-03 11:00", ends_at="2020-03-03 12:30"),
    )

    assert response.status_code == 302
    assert [m for m in said(response) if "in the past" in m]


def test_a_host_previews_the_draft_of_their_gathering(host, host_client):
    """A preview's gathering holds its practices in memory, not as a query: it still shows."""
    event = make_gathering("Tuesday gathering", hosts=[host], owner=host)
    event.summary = "A draft summary only the host has read."
    event.save_revision(user=host)

    for address in (f"/admin/pages/{event.pk}/view_draft/", f"/admin/pages/{event.pk}/edit/"):
        response = host_client.get(address)

        assert response.status_code == 200
        assert "A draft summary only the host has read." in response.content.decode()


# Refusals on edit ---------------------------------------------------------------------------


def test_cancelling_without_a_reason_is_refused_and_tells_nobody(editor_client, member, mailoutbox):
    event = make_gathering("Soon")
    rsvp(event, member, going=True)

    response = editor_client.post(
        f"/admin/pages/{event.pk}/edit/", edit_form(event, status="cancelled", status_reason="")
    )

    assert response.status_code == 200
    assert "Say why it is cancelled" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventPage.Status.SCHEDULED
    assert event.sequence == 0


def test_lowering_places_below_the_number_going_is_refused(editor_client):
    event = make_gathering("Soon", capacity=3)
    for name in ("Ada", "Bo"):
        rsvp(event, make_member(name=name), going=True)

    response = editor_client.post(f"/admin/pages/{event.pk}/edit/", edit_form(event, capacity="1"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "2 people are going, more than 1 places." in text
    assert "raise the number of places" in text
    event.refresh_from_db()
    assert event.capacity == 3
    assert Rsvp.objects.filter(event=event, status="going").count() == 2


def test_raising_places_lets_the_waitlist_in(editor_client):
    event = make_gathering("Soon", capacity=1)
    first, second = make_member(name="Ada"), make_member(name="Bo")
    rsvp(event, first, going=True)
    rsvp(event, second, going=True)

    editor_client.post(f"/admin/pages/{event.pk}/edit/", edit_form(event, capacity="2"))

    assert Rsvp.objects.get(event=event, member=second).status == Rsvp.Status.GOING


# The Gatherings menu: listing and series ------------------------------------------------------


def test_editors_and_hosts_find_gatherings_and_series_in_the_admin(editor_client, host_client):
    make_gathering("Tuesday gathering", series=make_series("Tuesdays"))

    for session in (editor_client, host_client):
        home = session.get("/admin/").content.decode()
        assert "Gatherings" in home
        listing = session.get("/admin/gatherings/all/").content.decode()
        assert "Tuesday gathering" in listing
        series = session.get("/admin/snippets/events/series/").content.decode()
        assert "Tuesdays" in series


def test_a_host_adds_a_series(host_client):
    response = host_client.post(
        "/admin/snippets/events/series/add/",
        {"name": "Second Tuesdays", "cadence": "monthly", "description": ""},
    )

    assert response.status_code == 302
    assert Series.objects.get(name="Second Tuesdays").cadence == "monthly"


def test_members_without_admin_access_cannot_reach_series(member_client):
    response = member_client.get("/admin/snippets/events/series/")

    assert response.status_code in (302, 403)
    assert member_client.post(
        "/admin/snippets/events/series/add/", {"name": "Sneaky", "cadence": "weekly"}
    ).status_code in (302, 403)
    assert not Series.objects.filter(name="Sneaky").exists()


# "Add the next dates" -----------------------------------------------------------------------


def next_dates_url(event):
    return f"/admin/gatherings/{event.pk}/next-dates/"


@pytest.fixture
def tuesdays():
    series = make_series("Tuesdays", cadence="fortnightly")
    return make_gathering(
        "Tuesday gathering",
        series=series,
        starts_at=datetime.datetime(2030, 3, 12, 11, 0, tzinfo=LONDON),
    )


def test_the_edit_page_offers_the_next_dates_only_for_a_series(editor_client, tuesdays):
    lonely = make_gathering("One-off")

    assert (
        next_dates_url(tuesdays)
        in editor_client.get(f"/admin/pages/{tuesdays.pk}/edit/").content.decode()
    )
    assert (
        next_dates_url(lonely)
        not in editor_client.get(f"/admin/pages/{lonely.pk}/edit/").content.decode()
    )
    listing = editor_client.get(f"/admin/pages/{gatherings_index().pk}/").content.decode()
    assert next_dates_url(tuesdays) in listing


def test_a_host_adds_the_next_two_dates_published(host, host_client, tuesdays):
    EventHost.objects.create(event=tuesdays, member=host)
    page = host_client.get(next_dates_url(tuesdays)).content.decode()
    assert "Tuesday 26 March 2030, 11:00 to 12:30" in page

    response = host_client.post(next_dates_url(tuesdays), {"count": "2", "publish": "publish"})

    assert response.status_code == 302
    dates = EventPage.objects.filter(series=tuesdays.series).order_by("starts_at")
    assert [(d.live, d.starts_at.astimezone(LONDON).strftime("%d %b %H:%M")) for d in dates] == [
        (True, "12 Mar 11:00"),
        (True, "26 Mar 11:00"),
        (True, "09 Apr 11:00"),
    ]
    assert {d.owner for d in dates[1:]} == {host}
    assert "Added 2 dates of Tuesdays" in said(response)[0]


def test_the_next_dates_can_be_drafts(editor_client, tuesdays):
    editor_client.post(next_dates_url(tuesdays), {"count": "1", "publish": "drafts"})

    new = EventPage.objects.get(series=tuesdays.series, starts_at__gt=tuesdays.starts_at)
    assert not new.live
    assert new.latest_revision is not None


@pytest.mark.parametrize("count", ["0", "13", "many", ""])
def test_a_wrong_number_of_dates_makes_nothing(editor_client, tuesdays, count):
    response = editor_client.post(next_dates_url(tuesdays), {"count": count, "publish": "publish"})

    assert response.status_code == 200
    assert EventPage.objects.filter(series=tuesdays.series).count() == 1


def test_someone_who_may_not_add_gatherings_gets_403(tuesdays):
    viewer = make_staff(name="Vi Viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    session = signed_in(viewer)

    assert session.get(next_dates_url(tuesdays)).status_code == 403
    assert (
        session.post(next_dates_url(tuesdays), {"count": "2", "publish": "publish"}).status_code
        == 403
    )
    assert next_dates_url(tuesdays) not in session.get("/admin/").content.decode()
    assert EventPage.objects.filter(series=tuesdays.series).count() == 1


def test_members_and_visitors_never_reach_the_next_dates(client, member_client, tuesdays):
    for session in (client, member_client):
        response = session.post(next_dates_url(tuesdays), {"count": "2", "publish": "publish"})
        assert response.status_code in (302, 403)
    assert EventPage.objects.filter(series=tuesdays.series).count() == 1


def test_a_gathering_without_a_series_has_no_next_dates(editor_client):
    lonely = make_gathering("One-off")

    assert editor_client.get(next_dates_url(lonely)).status_code == 404
