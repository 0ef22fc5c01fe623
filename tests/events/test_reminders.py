"""Reminders a day and an hour before a gathering: each sent once, at the gathering's current
time, only to members going who want reminders."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from events.models import EventPage
from events.reminders import send_due_reminders
from events.rsvp import rsvp
from tests.events.factories import make_gathering
from tests.factories import make_member

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
# The gathering: Tuesday 6 July 2027, 11:00 in London, which is 10:00 UTC.
STARTS = datetime.datetime(2027, 7, 6, 11, 0, tzinfo=LONDON)


def at(day, hour, minute=0):
    return time_machine.travel(
        datetime.datetime(2027, 7, day, hour, minute, tzinfo=UTC), tick=False
    )


@pytest.fixture
def gathering():
    with at(1, 9):
        return make_gathering("Tuesday gathering", starts_at=STARTS)


def run(committed):
    with committed():
        return send_due_reminders()


def subjects():
    return [email.subject for email in mail.outbox]


def test_each_reminder_is_sent_once_however_often_it_runs(gathering, member, committed):
    rsvp(gathering, member, going=True)

    with at(5, 9, 30):  # 24.5 hours before: nothing yet
        assert run(committed) == {"day": 0, "hour": 0}
    with at(5, 10, 5):
        assert run(committed) == {"day": 1, "hour": 0}
        assert run(committed) == {"day": 0, "hour": 0}
    with at(5, 20, 0):
        assert run(committed) == {"day": 0, "hour": 0}
    with at(6, 9, 5):
        assert run(committed) == {"day": 0, "hour": 1}
        assert run(committed) == {"day": 0, "hour": 0}

    assert subjects() == [
        "Coming up: Tuesday gathering, Tuesday 6 July 2027",
        "Starting soon: Tuesday gathering",
    ]
    day, hour = mail.outbox
    assert day.to == [member.email]
    assert "11:00 to 12:30" in day.body, "in the member's zone, London"
    assert "/gatherings/join/" in hour.body, "the member's own join link"
    assert [part[1] for part in hour.alternatives] == ["text/html"]


def test_a_late_run_sends_only_the_hour_reminder(gathering, member, committed):
    rsvp(gathering, member, going=True)

    with at(6, 9, 30):
        assert run(committed) == {"day": 0, "hour": 1}

    assert subjects() == ["Starting soon: Tuesday gathering"]


def test_a_moved_gathering_is_reminded_at_its_new_time(gathering, member, committed):
    rsvp(gathering, member, going=True)
    with at(5, 10, 5):
        run(committed)

    with at(5, 11, 0):
        gathering.starts_at = datetime.datetime(2027, 7, 7, 15, 0, tzinfo=LONDON)
        gathering.ends_at = gathering.starts_at + datetime.timedelta(minutes=90)
        gathering.status = EventPage.Status.MOVED
        gathering.save_revision().publish()
    mail.outbox.clear()

    with at(6, 9, 5):  # the old hour: nothing
        assert run(committed) == {"day": 0, "hour": 0}
    with at(6, 14, 30):
        assert run(committed) == {"day": 1, "hour": 0}
    with at(7, 13, 10):
        assert run(committed) == {"day": 0, "hour": 1}

    assert subjects() == [
        "Coming up: Tuesday gathering, Wednesday 7 July 2027",
        "Starting soon: Tuesday gathering",
    ]


def test_people_not_going_and_cancelled_gatherings_get_no_reminder(committed):
    with at(1, 9):
        full = make_gathering("Full gathering", starts_at=STARTS, capacity=1)
        cancelled = make_gathering("Cancelled gathering", starts_at=STARTS)
    going, waiting, declined = (make_member(name=n) for n in ("Ada", "Bo", "Cy"))
    rsvp(full, going, going=True)
    rsvp(full, waiting, going=True)
    rsvp(full, declined, going=False)
    rsvp(cancelled, going, going=True)
    cancelled.status = EventPage.Status.CANCELLED
    cancelled.status_reason = "The room flooded."
    cancelled.save_revision().publish()
    mail.outbox.clear()

    with at(5, 10, 5):
        assert run(committed) == {"day": 1, "hour": 0}

    assert [(email.to, email.subject) for email in mail.outbox] == [
        ([going.email], "Coming up: Full gathering, Tuesday 6 July 2027")
    ]


def test_members_who_turned_reminders_off_get_none(gathering, committed):
    quiet = make_member(name="Quinn Quiet", reminders=False)
    rsvp(gathering, quiet, going=True)

    with at(5, 10, 5):
        assert run(committed) == {"day": 0, "hour": 0}
    with at(6, 9, 5):
        assert run(committed) == {"day": 0, "hour": 0}

    assert mail.outbox == []


def test_a_gathering_that_started_or_was_taken_down_is_not_reminded(gathering, member, committed):
    rsvp(gathering, member, going=True)

    with at(6, 10, 1):
        assert run(committed) == {"day": 0, "hour": 0}
    with at(5, 10, 5):
        gathering.unpublish()
        assert run(committed) == {"day": 0, "hour": 0}

    assert mail.outbox == []


def test_a_deactivated_member_gets_no_reminder(gathering, member, committed):
    rsvp(gathering, member, going=True)
    member.is_active = False
    member.save()

    with at(5, 10, 5):
        assert run(committed) == {"day": 0, "hour": 0}


def test_the_command_reports_what_it_sent_and_is_safe_to_repeat(gathering, member, committed):
    rsvp(gathering, member, going=True)
    out = io.StringIO()

    with at(5, 10, 5), committed():
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)

    assert out.getvalue().splitlines() == [
        "Reminders sent: 1 a day before, 0 an hour before.",
        "Reminders sent: 0 a day before, 0 an hour before.",
    ]
    assert len(mail.outbox) == 1
