"""Circle sessions in members' personal calendar feeds, and their reminders a day and an hour
before: for the circle's active members only, at the session's current time."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from convening.circles.models import CircleMembership
from convening.circles.sessions import cancel_session, change_session, local_start
from events.reminders import send_due_reminders
from events.views.calendar import new_feed_token
from tests.convening.circles.factories import days, make_circle, make_facilitator, make_session
from tests.events.factories import make_gathering
from tests.factories import make_member

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
MEETING_ROOM = "https://meet.example.org/leeds-set-room"


@pytest.fixture
def facilitator():
    return make_facilitator()


@pytest.fixture
def ada():
    return make_member(name="Ada Adeyemi")


@pytest.fixture
def circle(facilitator, ada):
    return make_circle("Leeds set", facilitator=facilitator, members=[ada])


def feed_of(client, member):
    body = client.get(f"/gatherings/calendar/{new_feed_token(member)}.ics").content
    return list(Calendar.from_ical(body).walk("VEVENT"))


# The personal feed ----------------------------------------------------------------------------


def test_a_member_sees_their_circles_next_session_in_their_feed(client, circle, ada):
    session = make_session(circle, starts_in=days(5), join_url=MEETING_ROOM)

    (entry,) = feed_of(client, ada)

    assert str(entry["UID"]) == f"circle-session-{session.pk}@localhost"
    assert str(entry["SUMMARY"]) == "Leeds set: session 1"
    assert entry["DTSTART"].dt == session.starts_at
    assert entry["DTSTART"].params["TZID"] == "Europe/London"
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert f"/circles/{circle.slug}/sessions/1/join/" in str(entry["DESCRIPTION"])
    assert MEETING_ROOM not in str(entry["DESCRIPTION"]) + str(entry.get("LOCATION", ""))


def test_removing_a_member_takes_the_session_out_of_their_feed_at_once(client, circle, ada):
    make_session(circle, starts_in=days(5))
    assert len(feed_of(client, ada)) == 1

    membership = CircleMembership.objects.get(member=ada)
    membership.status = CircleMembership.Status.REMOVED
    membership.save()

    assert feed_of(client, ada) == []


def test_a_member_of_another_circle_never_sees_the_session(client, circle):
    elsewhere = make_member(name="Elsewhere Member")
    make_circle("Another circle", facilitator=make_facilitator("Fay"), members=[elsewhere])
    make_session(circle, starts_in=days(5))
    invited = make_member(name="Only Invited")
    CircleMembership.objects.create(
        circle=circle, member=invited, status=CircleMembership.Status.INVITED
    )

    assert feed_of(client, elsewhere) == []
    assert feed_of(client, invited) == []


def test_a_moved_or_cancelled_session_updates_the_calendar(client, circle, facilitator, ada):
    session = make_session(circle, starts_in=days(5))
    new_start = local_start(session) + datetime.timedelta(days=1)
    change_session(
        session,
        facilitator,
        start=new_start,
        minutes=90,
        join_url=session.join_url,
        place="",
        structure=session.structure,
    )
    (moved,) = feed_of(client, ada)

    cancel_session(session, facilitator)
    (cancelled,) = feed_of(client, ada)

    assert moved["SEQUENCE"] == 1
    assert moved["DTSTART"].dt.replace(tzinfo=None) == new_start
    assert cancelled["SEQUENCE"] == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "/join/" not in str(cancelled["DESCRIPTION"])


def test_a_circle_closed_by_its_facilitator_shows_its_sessions_cancelled(
    client, circle, facilitator, ada
):
    from convening.circles.membership import set_status

    make_session(circle, starts_in=days(5))

    set_status(circle, by=facilitator, status="closed")
    (entry,) = feed_of(client, ada)

    assert str(entry["STATUS"]) == "CANCELLED"
    assert entry["SEQUENCE"] == 1


def test_the_facilitator_has_the_session_in_their_feed_beside_gatherings(
    client, circle, facilitator
):
    from events.rsvp import rsvp

    gathering = make_gathering("A gathering", starts_at=datetime.datetime.now(UTC) + days(3))
    rsvp(gathering, facilitator, going=True)
    make_session(circle, starts_in=days(5))

    summaries = sorted(str(entry["SUMMARY"]) for entry in feed_of(client, facilitator))

    assert summaries == ["A gathering", "Leeds set: session 1"]


# Reminders ------------------------------------------------------------------------------------

# The session: Tuesday 6 July 2027, 19:00 in London, which is 18:00 UTC.
STARTS = datetime.datetime(2027, 7, 6, 19, 0, tzinfo=LONDON)


def at(day, hour, minute=0):
    return time_machine.travel(
        datetime.datetime(2027, 7, day, hour, minute, tzinfo=UTC), tick=False
    )


@pytest.fixture
def session(circle):
    with at(1, 9):
        return make_session(circle, starts_in=STARTS - datetime.datetime.now(UTC))


def run(committed):
    with committed():
        return send_due_reminders()


def test_each_member_is_reminded_a_day_and_an_hour_before_once_each(
    session, facilitator, ada, committed
):
    with at(5, 17, 30):  # 24.5 hours before: nothing yet
        assert run(committed) == {"day": 0, "hour": 0}
    with at(5, 18, 5):
        assert run(committed) == {"day": 2, "hour": 0}
        assert run(committed) == {"day": 0, "hour": 0}
    with at(6, 17, 5):
        assert run(committed) == {"day": 0, "hour": 2}
        assert run(committed) == {"day": 0, "hour": 0}

    to_ada = [email for email in mail.outbox if email.to == [ada.email]]
    assert [email.subject for email in to_ada] == [
        "Coming up: Leeds set, session 1, Tuesday 6 July 2027",
        "Starting soon: Leeds set, session 1",
    ]
    assert "19:00 to 20:30" in to_ada[0].body
    assert f"/circles/{session.circle.slug}/sessions/1/join/" in to_ada[1].body
    assert [part[1] for part in to_ada[1].alternatives] == ["text/html"]


def test_a_moved_session_is_reminded_at_its_new_time(session, facilitator, ada, committed):
    with at(5, 18, 5):
        run(committed)
        change_session(
            session,
            facilitator,
            start=datetime.datetime(2027, 7, 7, 19, 0),
            minutes=90,
            join_url=session.join_url,
            place="",
            structure=session.structure,
        )
    mail.outbox.clear()

    with at(6, 17, 5):  # the old hour: nothing
        assert run(committed) == {"day": 0, "hour": 0}
    with at(6, 18, 5):
        assert run(committed) == {"day": 2, "hour": 0}
    with at(7, 17, 5):
        assert run(committed) == {"day": 0, "hour": 2}


def test_no_reminders_for_cancelled_sessions_former_members_or_people_who_said_no(
    session, facilitator, ada, committed
):
    quiet = make_member(name="Quinn Quiet", reminders=False)
    gone = make_member(name="Gone Away")
    for person, status in ((quiet, "active"), (gone, "left")):
        CircleMembership.objects.create(circle=session.circle, member=person, status=status)

    with at(5, 18, 5):
        assert run(committed) == {"day": 2, "hour": 0}
    recipients = {email.to[0] for email in mail.outbox}
    assert recipients == {facilitator.email, ada.email}

    with at(6, 9):
        cancel_session(session, facilitator)
    mail.outbox.clear()
    with at(6, 17, 5):
        assert run(committed) == {"day": 0, "hour": 0}
    assert mail.outbox == []


def test_the_reminders_command_counts_sessions_with_gatherings(session, committed):
    out = io.StringIO()

    with at(5, 18, 5), committed():
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)

    assert out.getvalue().splitlines() == [
        "Reminders sent: 2 a day before, 0 an hour before.",
        "Reminders sent: 0 a day before, 0 an hour before.",
    ]
