"""Series of gatherings: the next dates made from the last one at the same wall-clock time,
keeping what the hosts prepared and leaving replies and the harvest behind; regulars counted
as going to each new date until they say otherwise."""

import datetime
import zoneinfo

import pytest
import time_machine

from events.models import EventHost, EventPage, Feedback, Invitation, Rsvp, SeriesRegular
from events.rsvp import rsvp
from events.series import (
    come_to_every_date,
    next_start,
    schedule_next,
    stop_coming_to_every_date,
)
from tests.conftest import signed_in
from tests.events.factories import make_gathering, make_host, make_series
from tests.factories import make_member
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC
# Clocks in London go forward on 31 March 2030: the first date is on GMT, the next on BST.
FIRST = datetime.datetime(2030, 3, 19, 11, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def early_march():
    with time_machine.travel(datetime.datetime(2030, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def tuesdays():
    return make_series("Tuesdays", cadence="fortnightly")


def first_date(series, **fields):
    return make_gathering("Tuesday gathering", series=series, starts_at=FIRST, **fields)


def wall_clock(event):
    return event.starts_at.astimezone(LONDON).strftime("%a %d %b %H:%M")


def dates_of(series):
    return list(EventPage.objects.filter(series=series).order_by("starts_at"))


def test_the_next_dates_keep_the_wall_clock_time_across_a_clock_change(tuesdays):
    event = first_date(tuesdays)

    new = schedule_next(event, count=2)

    assert [wall_clock(d) for d in dates_of(tuesdays)] == [
        "Tue 19 Mar 11:00",
        "Tue 02 Apr 11:00",
        "Tue 16 Apr 11:00",
    ]
    assert event.starts_at.astimezone(UTC).hour == 11
    assert new[0].starts_at.astimezone(UTC).hour == 10, "11:00 British Summer Time"
    assert new[0].ends_at - new[0].starts_at == datetime.timedelta(minutes=90)
    assert [d.slug for d in new] == ["tuesday-gathering-2030-04-02", "tuesday-gathering-2030-04-16"]
    assert all(d.live for d in new)


def test_monthly_keeps_the_same_weekday_of_the_same_week():
    monthly = make_series("Second Tuesdays", cadence="monthly")
    second_tuesday = datetime.datetime(2030, 3, 12, 11, 0)

    assert next_start(monthly, second_tuesday) == datetime.datetime(2030, 4, 9, 11, 0)
    fifth_friday = datetime.datetime(2030, 3, 29, 18, 0)
    assert next_start(monthly, fifth_friday) == datetime.datetime(2030, 4, 26, 18, 0)
    assert next_start(monthly, datetime.datetime(2030, 12, 10, 9, 0)) == datetime.datetime(
        2031, 1, 14, 9, 0
    )


def test_new_dates_keep_what_the_hosts_prepared_and_nothing_of_what_happened(tuesdays, member):
    host = make_host()
    practice = make_practice("Troika consulting")
    event = first_date(
        tuesdays,
        hosts=[host],
        capacity=12,
        visibility="members",
        hospitality_notes="Tea and cake.",
        agenda=[("item", {"time": "11:00", "title": "Troikas", "practice": practice})],
    )
    event.harvest_notes = "<p>We found three leverage points.</p>"
    event.recording_url = "https://video.example.org/recording"
    event.harvest_practices.add(practice)
    event.save_revision().publish()
    rsvp(event, member, going=True)
    Invitation.objects.create(event=event, email="guest@example.org", message="Do come.")

    [new] = schedule_next(event)

    new = EventPage.objects.get(pk=new.pk)
    assert [h.member for h in EventHost.objects.filter(event=new)] == [host]
    assert (new.capacity, new.visibility, new.hospitality_notes) == (12, "members", "Tea and cake.")
    assert new.agenda[0].value["practice"].pk == practice.pk
    assert list(new.practices.all()) == [practice]
    assert (new.harvest_notes, new.recording_url) == ("", "")
    assert list(new.harvest_practices.all()) == []
    assert new.feedback_requested_at is None
    assert not Rsvp.objects.filter(event=new).exists()
    assert not Invitation.objects.filter(event=new).exists()
    assert not Feedback.objects.filter(event=new).exists()
    assert (new.sequence, new.status) == (0, EventPage.Status.SCHEDULED)


def test_a_cancelled_date_does_not_make_its_successor_cancelled(tuesdays):
    event = first_date(tuesdays)
    event.status, event.status_reason = EventPage.Status.CANCELLED, "The room flooded."
    event.save_revision().publish()

    [new] = schedule_next(event)

    assert (new.status, new.status_reason) == (EventPage.Status.SCHEDULED, "")


def test_asking_again_from_an_older_date_continues_after_the_latest(tuesdays):
    event = first_date(tuesdays)
    schedule_next(event, count=2)

    schedule_next(event, count=1)

    assert [wall_clock(d) for d in dates_of(tuesdays)][-2:] == [
        "Tue 16 Apr 11:00",
        "Tue 30 Apr 11:00",
    ]
    assert len({d.slug for d in dates_of(tuesdays)}) == 4


def test_drafts_are_not_live_and_count_regulars_when_published(tuesdays, member):
    event = first_date(tuesdays)
    come_to_every_date(tuesdays, member)

    [draft] = schedule_next(event, publish=False)

    assert not draft.live
    assert not Rsvp.objects.filter(event=draft).exists()
    draft.get_latest_revision().publish()
    assert Rsvp.objects.get(event=draft, member=member).status == Rsvp.Status.GOING


def test_a_wrong_number_of_dates_or_no_series_is_refused(tuesdays):
    with pytest.raises(ValueError, match="between 1 and 12"):
        schedule_next(first_date(tuesdays), count=13)
    with pytest.raises(ValueError, match="no series"):
        schedule_next(make_gathering("One-off"))


# Regulars -------------------------------------------------------------------------------------


def test_regulars_are_counted_as_going_to_each_new_date(tuesdays, member, other_member):
    event = first_date(tuesdays)
    come_to_every_date(tuesdays, member)

    new = schedule_next(event, count=2)

    assert Rsvp.objects.get(event=event, member=member).status == Rsvp.Status.GOING
    for date in new:
        answer = Rsvp.objects.get(event=date, member=member)
        assert (answer.status, answer.as_regular) == (Rsvp.Status.GOING, True)
    assert not Rsvp.objects.filter(member=other_member).exists()


def test_a_regular_who_said_not_going_for_one_date_stays_not_going(tuesdays, member):
    event = first_date(tuesdays)
    come_to_every_date(tuesdays, member)
    [second] = schedule_next(event)
    rsvp(second, member, going=False)

    [third] = schedule_next(event)
    come_to_every_date(tuesdays, member)

    assert Rsvp.objects.get(event=second, member=member).status == Rsvp.Status.NOT_GOING
    assert Rsvp.objects.get(event=third, member=member).status == Rsvp.Status.GOING


def test_regulars_beyond_the_places_wait_in_the_order_they_became_regulars(tuesdays):
    event = first_date(tuesdays, capacity=1)
    first, second = make_member(name="Ada"), make_member(name="Bo")
    come_to_every_date(tuesdays, first)
    come_to_every_date(tuesdays, second)

    [new] = schedule_next(event)

    assert Rsvp.objects.get(event=new, member=first).status == Rsvp.Status.GOING
    assert Rsvp.objects.get(event=new, member=second).status == Rsvp.Status.WAITLISTED


def test_a_member_stops_being_a_regular_and_their_replies_stand(tuesdays, member):
    event = first_date(tuesdays)
    come_to_every_date(tuesdays, member)
    [second] = schedule_next(event)

    stop_coming_to_every_date(tuesdays, member)
    [third] = schedule_next(event)

    assert not SeriesRegular.objects.filter(member=member).exists()
    assert Rsvp.objects.get(event=second, member=member).status == Rsvp.Status.GOING
    assert not Rsvp.objects.filter(event=third, member=member).exists()


def test_a_member_says_they_come_to_every_one_from_the_page(tuesdays, member):
    event = first_date(tuesdays)
    session = signed_in(member)

    session.post(f"/gatherings/{event.pk}/regular/", {"every": "yes"})
    [new] = schedule_next(event)
    page = session.get(new.url).content.decode()
    session.post(f"/gatherings/{event.pk}/regular/", {"every": "no"})

    assert Rsvp.objects.get(event=new, member=member).status == Rsvp.Status.GOING
    assert "You come to every date of Tuesdays." in page
    assert not SeriesRegular.objects.filter(member=member).exists()
