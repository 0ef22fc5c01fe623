"""Calendar files: one gathering's .ics, the public feed and each member's personal feed. Every
file is parsed back with `icalendar`, as a calendar app would read it."""

import datetime
import hashlib
import logging
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarFeed, EventPage
from events.rsvp import rsvp
from events.views.calendar import new_feed_token
from tests.conftest import signed_in
from tests.events.factories import days, make_gathering, make_host
from tests.factories import make_member

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC
# Before the summer gatherings below, and before the clocks go back on 31 October 2027.
SPRING = datetime.datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
VENUE = "The Old Library, 12 Quay Street, Leeds LS1 4AB"
JOIN = "https://meet.example.org/secret-room-42"


@pytest.fixture(autouse=True)
def spring():
    with time_machine.travel(SPRING, tick=False):
        yield


def summer_gathering(title="Tuesday gathering", **fields):
    fields.setdefault("starts_at", datetime.datetime(2027, 7, 6, 11, 0, tzinfo=LONDON))
    fields.setdefault("format", EventPage.Format.HYBRID)
    fields.setdefault("venue", VENUE)
    fields.setdefault("join_url", JOIN)
    fields.setdefault("place", "Leeds")
    return make_gathering(title, **fields)


def events_in(body: bytes):
    return list(Calendar.from_ical(body).walk("VEVENT"))


def only_event(body: bytes):
    [event] = events_in(body)
    return event


def ics_of(session, event):
    response = session.get(f"/gatherings/{event.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def publish(event, **changes):
    for name, value in changes.items():
        setattr(event, name, value)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


# One gathering's file -------------------------------------------------------------------------


def test_a_gathering_page_announces_its_calendar_file(client):
    event = summer_gathering()
    head = client.get(event.url).content.decode().split("</head>", 1)[0]
    assert (
        f'<link rel="alternate" type="text/calendar" title="Tuesday gathering (calendar file)" '
        f'href="/gatherings/{event.pk}/calendar.ics">'
    ) in head


def test_the_uid_stays_and_sequence_rises_with_each_published_change(client):
    event = summer_gathering()
    first = only_event(ics_of(client, event))
    assert int(first["SEQUENCE"]) == 0

    publish(event, starts_at=event.starts_at + days(1), ends_at=event.ends_at + days(1))
    moved = only_event(ics_of(client, event))
    publish(event, place="Bradford")
    moved_again = only_event(ics_of(client, event))

    assert str(first["UID"]) == str(moved["UID"]) == str(moved_again["UID"])
    assert (int(moved["SEQUENCE"]), int(moved_again["SEQUENCE"])) == (1, 2)


def test_a_change_calendars_do_not_show_leaves_the_sequence_alone(client):
    event = summer_gathering()
    publish(event, summary="A new summary line.")
    assert int(only_event(ics_of(client, event))["SEQUENCE"]) == 0


def test_a_cancelled_gathering_is_cancelled_in_the_file(client):
    event = summer_gathering()
    publish(event, status=EventPage.Status.CANCELLED, status_reason="The host is unwell.")

    entry = only_event(ics_of(client, event))

    assert str(entry["STATUS"]) == "CANCELLED"
    assert int(entry["SEQUENCE"]) == 1
    assert "The host is unwell." in str(entry["DESCRIPTION"])


def test_times_carry_the_hosts_zone_and_a_matching_vtimezone(client):
    event = summer_gathering(time_zone="America/New_York")
    body = ics_of(client, event)
    calendar = Calendar.from_ical(body)
    entry = only_event(body)

    assert entry["DTSTART"].params["TZID"] == "America/New_York"
    assert entry["DTEND"].params["TZID"] == "America/New_York"
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["America/New_York"]
    assert b"DTSTART;TZID=America/New_York:20270706T060000" in body


def test_a_summer_gathering_in_london_is_at_the_right_utc_instant(client):
    event = summer_gathering()  # 11:00 in London in July is 10:00 UTC (British Summer Time)

    entry = only_event(ics_of(client, event))

    start = entry["DTSTART"].dt
    assert start.astimezone(UTC) == datetime.datetime(2027, 7, 6, 10, 0, tzinfo=UTC)
    assert entry["DTSTART"].params["TZID"] == "Europe/London"
    assert (start.hour, start.minute) == (11, 0)
    assert entry["DTEND"].dt.astimezone(UTC) == datetime.datetime(2027, 7, 6, 11, 30, tzinfo=UTC)


def test_a_winter_gathering_in_london_is_on_utc_and_the_zone_has_both_rules(client):
    event = summer_gathering(starts_at=datetime.datetime(2027, 12, 7, 11, 0, tzinfo=LONDON))
    body = ics_of(client, event)

    entry = only_event(body)

    assert entry["DTSTART"].dt.astimezone(UTC) == datetime.datetime(2027, 12, 7, 11, 0, tzinfo=UTC)
    [zone] = Calendar.from_ical(body).walk("VTIMEZONE")
    assert {part.name for part in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_calendar_files_end_their_lines_with_crlf(client):
    body = ics_of(client, summer_gathering())

    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert body.count(b"\n") == body.count(b"\r\n")


def test_the_venue_and_join_link_are_only_in_the_file_of_someone_going_or_a_host(client):
    host = make_host()
    going, waiting, declined = (make_member(name=n) for n in ("Ada Going", "Bo Wait", "Cy No"))
    event = summer_gathering(hosts=[host], capacity=1)
    rsvp(event, going, going=True)
    rsvp(event, waiting, going=True)
    rsvp(event, declined, going=False)

    for person in (None, waiting, declined, make_member(name="Di Other")):
        session = signed_in(person) if person else client
        text = ics_of(session, event).decode()
        assert "Quay Street" not in text, person
        assert "secret-room" not in text, person
        assert "/gatherings/join/" not in text, person

    goer_text = only_event(ics_of(signed_in(going), event))
    assert "Quay Street" in str(goer_text["LOCATION"])
    assert "/gatherings/join/" in str(goer_text["DESCRIPTION"]), "their own join link"
    assert "secret-room" not in str(goer_text["DESCRIPTION"])
    host_text = only_event(ics_of(signed_in(host), event))
    assert "Quay Street" in str(host_text["LOCATION"])
    assert JOIN in str(host_text["DESCRIPTION"]).replace("\n", "")


def test_an_invitation_only_gathering_has_no_file_for_outsiders(client, member):
    event = summer_gathering(visibility="invited")

    assert client.get(f"/gatherings/{event.pk}/calendar.ics").status_code == 404
    assert signed_in(member).get(f"/gatherings/{event.pk}/calendar.ics").status_code == 404


# The public feed ------------------------------------------------------------------------------


def test_the_public_feed_has_only_public_gatherings_and_no_venue(client):
    summer_gathering("Open gathering")
    summer_gathering("Members evening", visibility="members")
    summer_gathering("Invited circle", visibility="invited")
    summer_gathering("Draft gathering", live=False)

    response = client.get("/gatherings/calendar.ics")

    entries = events_in(response.content)
    assert [str(entry["SUMMARY"]) for entry in entries] == ["Open gathering"]
    assert "Quay Street" not in response.content.decode()
    assert "secret-room" not in response.content.decode()


# "Add to Google / Outlook" --------------------------------------------------------------------


def test_add_to_google_and_outlook_links_carry_utc_times(client):
    event = summer_gathering()

    html = client.get(event.url).content.decode().replace("&amp;", "&")

    google = next(
        part.split('"')[0] for part in html.split('href="') if "calendar.google.com" in part
    )
    outlook = next(part.split('"')[0] for part in html.split('href="') if "outlook.live" in part)
    assert parse_qs(urlsplit(google).query)["dates"] == ["20270706T100000Z/20270706T113000Z"]
    assert parse_qs(urlsplit(outlook).query)["startdt"] == ["2027-07-06T10:00:00Z"]
    assert parse_qs(urlsplit(outlook).query)["enddt"] == ["2027-07-06T11:30:00Z"]


# The personal feed ----------------------------------------------------------------------------


def make_address(member):
    response = signed_in(member).post("/me/calendar/")
    address = response.context["address"]
    return urlsplit(address).path, address.rsplit("/", 1)[1].removesuffix(".ics")


def test_a_member_makes_a_feed_address_and_only_its_hash_is_kept(client, member):
    path, token = make_address(member)

    feed = CalendarFeed.objects.get(member=member)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_hash
    assert client.get(path).status_code == 200
    assert signed_in(member).get("/me/calendar/").context["address"] == ""


def test_the_feed_lists_what_the_member_is_going_to_and_may_see(client, member, other_member):
    going = summer_gathering("Going to this")
    waiting = summer_gathering("Waiting for this", capacity=1)
    rsvp(waiting, other_member, going=True)
    rsvp(waiting, member, going=True)
    not_going = summer_gathering("Not going to this")
    rsvp(not_going, member, going=False)
    summer_gathering("Never answered")
    rsvp(going, member, going=True)
    path, _ = make_address(member)

    entries = events_in(client.get(path).content)

    assert [str(entry["SUMMARY"]) for entry in entries] == ["Going to this"]
    assert "Quay Street" in str(entries[0]["LOCATION"])


def test_a_gathering_leaves_the_feed_when_the_member_stops_going(client, member):
    event = summer_gathering()
    rsvp(event, member, going=True)
    path, _ = make_address(member)
    assert len(events_in(client.get(path).content)) == 1

    rsvp(event, member, going=False)

    assert events_in(client.get(path).content) == []


def test_a_gathering_taken_down_leaves_the_feed(client, member):
    event = summer_gathering()
    rsvp(event, member, going=True)
    path, _ = make_address(member)

    event.unpublish()

    assert events_in(client.get(path).content) == []


def test_a_new_address_kills_the_old_one_at_once(client, member):
    old_path, _ = make_address(member)
    new_path, _ = make_address(member)

    assert client.get(old_path).status_code == 404
    assert client.get(new_path).status_code == 200
    assert CalendarFeed.objects.filter(member=member).count() == 1


def test_a_member_can_stop_their_feed(client, member):
    path, _ = make_address(member)

    signed_in(member).post("/me/calendar/", {"action": "stop"})

    assert client.get(path).status_code == 404
    assert not CalendarFeed.objects.filter(member=member).exists()


@pytest.mark.parametrize("token", ["not-a-token", "x" * 500, "%00", "..", "a.b-c_d%20e"])
def test_an_unknown_feed_address_is_a_plain_404(client, token):
    response = client.get(f"/gatherings/calendar/{token}.ics")

    assert response.status_code == 404
    assert "not valid any more" in response.content.decode()


def test_a_deactivated_members_feed_is_dead(client, member):
    rsvp(summer_gathering(), member, going=True)
    path, _ = make_address(member)
    member.is_active = False
    member.save()

    assert client.get(path).status_code == 404


def test_feed_tokens_never_reach_the_logs(client, member, caplog):
    rsvp(summer_gathering(), member, going=True)
    token = new_feed_token(member)
    dead = new_feed_token(make_member(name="Gone Soon"))
    CalendarFeed.objects.filter(token_hash=hashlib.sha256(dead.encode()).hexdigest()).delete()

    with caplog.at_level(logging.DEBUG):
        assert client.get(f"/gatherings/calendar/{token}.ics").status_code == 200
        assert client.get(f"/gatherings/calendar/{dead}.ics").status_code == 404

    logged = caplog.text + " ".join(str(record.args) for record in caplog.records)
    assert token not in logged
    assert dead not in logged


def test_visitors_are_asked_to_sign_in_to_manage_a_feed(client):
    response = client.get("/me/calendar/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_reading_the_feed_records_when_it_was_last_read(client, member):
    path, _ = make_address(member)

    client.get(path)

    assert CalendarFeed.objects.get(member=member).last_read_at == timezone.now()


def test_the_public_feed_is_kept_until_a_gathering_is_published_or_unpublished(client):
    event = make_gathering("Tea and systems")
    assert b"Tea and systems" in client.get("/gatherings/calendar.ics").content

    event.title = "Tea and cake and systems"
    event.save_revision().publish()
    assert b"Tea and cake and systems" in client.get("/gatherings/calendar.ics").content

    event.unpublish()
    assert b"Tea and cake and systems" not in client.get("/gatherings/calendar.ics").content
