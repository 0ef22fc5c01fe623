"""Emails about a gathering: the confirmation and promotion with the calendar file, the waitlist,
and the change and cancellation notices a host's publishing sends to people going."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from icalendar import Calendar

from events.models import EventPage
from events.rsvp import rsvp
from tests.events.factories import days, make_gathering, make_host
from tests.factories import make_member

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
VENUE = "The Old Library, 12 Quay Street, Leeds"


def gathering(**fields):
    fields.setdefault("format", EventPage.Format.IN_PERSON)
    fields.setdefault("venue", VENUE)
    fields.setdefault("place", "Leeds")
    return make_gathering("Tea and systems", **fields)


def calendar_file(email):
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == ("gathering.ics", "text/calendar")
    [entry] = Calendar.from_ical(content).walk("VEVENT")
    return entry


def html_of(email):
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    return html


def assert_two_parts_without_images(email):
    assert email.body.strip(), "a plain-text part"
    html = html_of(email)
    assert "<img" not in html
    assert email.subject


def test_going_is_confirmed_with_a_calendar_file_carrying_the_venue(member, committed):
    event = gathering()

    with committed():
        rsvp(event, member, going=True)

    [email] = mail.outbox
    assert email.subject == "You are going: Tea and systems"
    assert "Quay Street" in str(calendar_file(email)["LOCATION"])
    assert "Quay Street" in email.body
    assert_two_parts_without_images(email)


def test_the_waitlist_email_has_no_venue_and_no_calendar_file(member, other_member, committed):
    event = gathering(capacity=1)
    rsvp(event, other_member, going=True)

    with committed():
        rsvp(event, member, going=True)

    [email] = mail.outbox
    assert email.subject == "You are on the waitlist: Tea and systems"
    assert email.attachments == []
    assert "Quay Street" not in email.body
    assert "Quay Street" not in html_of(email)
    assert_two_parts_without_images(email)


def test_a_promoted_member_gets_the_calendar_file(member, other_member, committed):
    event = gathering(capacity=1)
    rsvp(event, other_member, going=True)
    rsvp(event, member, going=True)

    with committed():
        rsvp(event, other_member, going=False)

    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "A place came free: you are going to Tea and systems"
    assert "Quay Street" in str(calendar_file(email)["LOCATION"])
    assert_two_parts_without_images(email)


def test_a_published_change_of_time_tells_everyone_going_with_the_new_file(committed):
    event = gathering(capacity=1)
    going, waiting, declined = (make_member(name=n) for n in ("Ada", "Bo", "Cy"))
    rsvp(event, going, going=True)
    rsvp(event, waiting, going=True)
    rsvp(event, declined, going=False)
    new_start = datetime.datetime(2030, 3, 5, 14, 0, tzinfo=LONDON)

    with committed():
        event.starts_at, event.ends_at = new_start, new_start + datetime.timedelta(hours=2)
        event.status = EventPage.Status.MOVED
        event.status_reason = "The room is free later."
        event.save_revision().publish()

    by_person = {email.to[0]: email for email in mail.outbox}
    assert set(by_person) == {going.email, waiting.email}
    to_going = by_person[going.email]
    assert to_going.subject == "Changed: Tea and systems"
    assert "Tuesday 5 March 2030, 14:00 to 16:00" in to_going.body
    assert "The room is free later." in to_going.body
    entry = calendar_file(to_going)
    assert int(entry["SEQUENCE"]) == 1
    assert entry["DTSTART"].dt == new_start
    assert_two_parts_without_images(to_going)
    to_waiting = by_person[waiting.email]
    assert to_waiting.attachments == []
    assert "Quay Street" not in to_waiting.body
    assert "calendar file" not in to_waiting.body


def test_a_published_cancellation_tells_everyone_going_why(member, committed):
    quiet = make_member(name="Quinn Quiet", reminders=False, digest="never")
    event = gathering()
    rsvp(event, member, going=True)
    rsvp(event, quiet, going=True)

    with committed():
        event.status = EventPage.Status.CANCELLED
        event.status_reason = "The host is unwell."
        event.save_revision().publish()

    assert sorted(email.to[0] for email in mail.outbox) == sorted([member.email, quiet.email])
    email = mail.outbox[0]
    assert email.subject == "Cancelled: Tea and systems"
    assert "The host is unwell." in email.body
    assert "The host is unwell." in html_of(email)
    assert str(calendar_file(email)["STATUS"]) == "CANCELLED"


def test_publishing_without_changing_time_place_or_status_sends_nothing(member, committed):
    event = gathering()
    rsvp(event, member, going=True)

    with committed():
        event.summary = "Now with cake."
        event.save_revision().publish()
        event.save_revision().publish()

    assert mail.outbox == []


def test_saving_a_draft_of_a_change_tells_nobody_until_it_is_published(member, committed):
    event = gathering()
    rsvp(event, member, going=True)

    with committed():
        event.starts_at += days(1)
        event.ends_at += days(1)
        event.save_revision()
    assert mail.outbox == []

    with committed():
        event.get_latest_revision().publish()

    assert [email.subject for email in mail.outbox] == ["Changed: Tea and systems"]


def test_each_change_is_told_once(member, committed):
    host = make_host()
    event = gathering(hosts=[host])
    rsvp(event, member, going=True)

    with committed():
        event.place = "Bradford"
        event.save_revision().publish()
    with committed():
        event.place = "Halifax"
        event.save_revision().publish()

    assert [email.subject for email in mail.outbox] == ["Changed: Tea and systems"] * 2
    assert "Halifax" in mail.outbox[1].body
