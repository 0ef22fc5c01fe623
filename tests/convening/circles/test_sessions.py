"""A circle's sessions: scheduling one or a run at the cadence, the presenter rota, the session
page and who may see it, the facilitators' tools, and the closing session's choice to renew or
close."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from convening.circles.commitments import commit
from convening.circles.models import Circle, CircleMembership, CircleSession, SessionAttendance
from convening.circles.sessions import (
    CircleNotMeeting,
    InvalidSession,
    NotFacilitator,
    cancel_session,
    change_session,
    close_or_renew,
    local_start,
    mark_held,
    record_attendance,
    schedule_sessions,
)
from tests.conftest import signed_in
from tests.convening.circles.factories import days, make_circle, make_facilitator, make_session
from tests.factories import make_member, make_staff
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
MEETING_ROOM = "https://meet.example.org/leeds-set-room"


def frozen(year=2027, month=3, day=1, hour=9):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=UTC), tick=False)


@pytest.fixture
def facilitator():
    return make_facilitator()


@pytest.fixture
def ada():
    return make_member(name="Ada Adeyemi", time_zone="America/New_York")


@pytest.fixture
def bo():
    return make_member(name="Bo Brennan")


@pytest.fixture
def cy():
    return make_member(name="Cy Corrigan")


@pytest.fixture
def circle(facilitator, ada, bo, cy):
    return make_circle(
        "Leeds action learning set",
        facilitator=facilitator,
        members=[ada, bo, cy],
        cadence=Circle.Cadence.WEEKLY,
        planned_sessions=4,
        quorum=3,
    )


def schedule(circle, by, first, count=1, **fields):
    fields.setdefault("join_url", MEETING_ROOM)
    return schedule_sessions(circle, by, first_start=first, count=count, **fields)


def utc_starts(sessions):
    return [session.starts_at.astimezone(UTC).strftime("%d %b %H:%M") for session in sessions]


# Scheduling -----------------------------------------------------------------------------------


def test_a_weekly_run_keeps_its_wall_clock_time_across_the_clock_change(circle, facilitator):
    with frozen():
        sessions = schedule(circle, facilitator, datetime.datetime(2027, 3, 21, 19, 0), count=3)

    # British Summer Time starts on 28 March 2027: 19:00 in London is 18:00 UTC from then on.
    assert utc_starts(sessions) == ["21 Mar 19:00", "28 Mar 18:00", "04 Apr 18:00"]
    assert [local_start(s).strftime("%a %H:%M") for s in sessions] == ["Sun 19:00"] * 3
    assert [s.ends_at - s.starts_at for s in sessions] == [datetime.timedelta(minutes=90)] * 3


def test_fortnightly_and_monthly_runs_keep_their_rhythm(facilitator, ada, bo):
    fortnightly = make_circle(
        "Fortnightly", facilitator=facilitator, members=[ada], cadence="fortnightly"
    )
    monthly = make_circle("Monthly", facilitator=facilitator, members=[bo], cadence="monthly")
    with frozen(month=1):
        every_other = schedule(fortnightly, facilitator, datetime.datetime(2027, 1, 5, 12), 3)
        # The second Tuesday of the month, then the last Tuesday for a fifth-week start.
        second = schedule(monthly, facilitator, datetime.datetime(2027, 1, 12, 8, 30), 4)
        last = schedule(monthly, facilitator, datetime.datetime(2027, 3, 30, 8, 30), 2)

    assert [s.starts_at.date().isoformat() for s in every_other] == [
        "2027-01-05",
        "2027-01-19",
        "2027-02-02",
    ]
    assert [local_start(s).strftime("%a %d %b %H:%M") for s in second] == [
        "Tue 12 Jan 08:30",
        "Tue 09 Feb 08:30",
        "Tue 09 Mar 08:30",
        "Tue 13 Apr 08:30",
    ]
    assert [local_start(s).strftime("%a %d %b") for s in last] == ["Tue 30 Mar", "Tue 27 Apr"]


def test_numbers_run_on_and_the_last_planned_session_is_the_closing_one(circle, facilitator):
    with frozen():
        first = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 18), 2)
        then = schedule(circle, facilitator, datetime.datetime(2027, 4, 5, 18), 3)

    assert [s.number for s in first + then] == [1, 2, 3, 4, 5]
    assert [s.is_closing for s in first + then] == [False, False, False, True, False]


def test_scheduling_the_first_session_starts_a_forming_circle_meeting(circle, facilitator):
    assert circle.status == Circle.Status.FORMING
    with frozen():
        schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 18))

    circle.refresh_from_db()
    assert circle.status == Circle.Status.MEETING


def test_the_structure_defaults_to_the_circles_usual_one(circle, facilitator):
    circle.default_structure = "troika"
    circle.save()
    with frozen():
        usual, chosen = (
            schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 18))[0],
            schedule(circle, facilitator, datetime.datetime(2027, 3, 9, 18), structure="gibbs")[0],
        )

    assert (usual.structure, chosen.structure) == ("troika", "gibbs")


def test_the_rota_gives_each_session_the_member_who_presented_least_in_join_order(
    circle, facilitator, ada, bo, cy
):
    with frozen():
        make_session(circle, starts_in=days(-20), presenter=ada)
        sessions = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 18), 4)

    assert [s.presenter for s in sessions] == [bo, cy, ada, bo], "the facilitator holds the space"


def test_without_the_rota_sessions_have_no_presenter(circle, facilitator):
    circle.presenter_rota = False
    circle.save()
    with frozen():
        sessions = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 18), 2)

    assert [s.presenter for s in sessions] == [None, None]


def test_only_the_circles_facilitators_schedule(circle, ada):
    other_facilitator = make_facilitator("Fay Elsewhere")
    make_circle("Another circle", facilitator=other_facilitator)
    superuser = make_staff(superuser=True)

    for person in (ada, other_facilitator, superuser):
        with frozen(), pytest.raises(NotFacilitator):
            schedule(circle, person, datetime.datetime(2027, 3, 8, 18))

    assert not CircleSession.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"first": datetime.datetime(2027, 2, 1, 18)}, "must be in the future"),
        ({"join_url": "http://meet.example.org/room"}, "https://"),
        ({"join_url": "", "place": ""}, "join link or a place"),
        ({"count": 25}, "between 1 and 24"),
        ({"structure": "made-up"}, "reflective formats"),
    ],
)
def test_bad_schedules_are_refused_and_change_nothing(circle, facilitator, fields, message):
    first = fields.pop("first", datetime.datetime(2027, 3, 8, 18))
    with frozen(), pytest.raises(InvalidSession, match=message):
        schedule(circle, facilitator, first, **fields)

    assert not CircleSession.objects.exists()
    circle.refresh_from_db()
    assert circle.status == Circle.Status.FORMING


def test_a_closed_or_paused_circle_gets_no_new_sessions(circle, facilitator):
    for status in (Circle.Status.CLOSED, Circle.Status.PAUSED):
        circle.status = status
        circle.save()
        with frozen(), pytest.raises(CircleNotMeeting):
            schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 18))

    assert not CircleSession.objects.exists()


def test_members_are_emailed_new_sessions_in_their_own_zone(
    circle, facilitator, ada, bo, cy, committed
):
    with frozen(), committed():
        schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 19), 2)

    by_person = {email.to[0]: email for email in mail.outbox}
    assert facilitator.email not in by_person, "the facilitator who scheduled knows"
    assert set(by_person) == {ada.email, bo.email, cy.email}
    to_ada, to_bo = by_person[ada.email], by_person[bo.email]
    assert to_bo.subject == "Leeds action learning set: 2 new sessions from Monday 8 March 2027"
    assert "19:00 to 20:30, Europe/London time" in to_bo.body
    assert "14:00 to 15:30, America/New York time" in to_ada.body
    assert f"/circles/{circle.slug}/sessions/1/join/" in to_ada.body
    assert MEETING_ROOM not in to_ada.body + to_ada.alternatives[0][0]
    assert [part[1] for part in to_ada.alternatives] == ["text/html"]


# Changing, cancelling, attendance -------------------------------------------------------------


def test_moving_a_session_raises_its_sequence_and_tells_the_members(
    circle, facilitator, bo, committed
):
    with frozen():
        session = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 19))[0]
        mail.outbox.clear()
        with committed():
            change_session(
                session,
                facilitator,
                start=datetime.datetime(2027, 3, 9, 18, 30),
                minutes=60,
                join_url=MEETING_ROOM,
                place="",
                structure=session.structure,
                presenter=bo,
            )

    session.refresh_from_db()
    assert session.sequence == 1
    assert session.starts_at == datetime.datetime(2027, 3, 9, 18, 30, tzinfo=UTC)
    assert session.presenter == bo
    to_bo = next(email for email in mail.outbox if email.to == [bo.email])
    assert to_bo.subject.startswith("Changed: Leeds action learning set, session 1")
    assert "18:30 to 19:30" in to_bo.body


def test_changing_only_the_presenter_tells_no_one_and_keeps_the_sequence(
    circle, facilitator, cy, committed
):
    with frozen():
        session = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 19))[0]
        mail.outbox.clear()
        with committed():
            change_session(
                session,
                facilitator,
                start=local_start(session),
                minutes=90,
                join_url=MEETING_ROOM,
                place="",
                structure="gibbs",
                presenter=cy,
            )

    session.refresh_from_db()
    assert (session.sequence, session.structure, session.presenter) == (0, "gibbs", cy)
    assert mail.outbox == []


def test_a_session_cannot_move_into_the_past_or_to_an_outsider_presenting(circle, facilitator):
    outsider = make_member(name="Out Sider")
    with frozen():
        session = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 19))[0]
        for start, presenter, message in [
            (datetime.datetime(2027, 2, 8, 19), None, "in the future"),
            (datetime.datetime(2027, 3, 9, 19), outsider, "member of the circle"),
        ]:
            with pytest.raises(InvalidSession, match=message):
                change_session(
                    session,
                    facilitator,
                    start=start,
                    minutes=90,
                    join_url=MEETING_ROOM,
                    place="",
                    structure=session.structure,
                    presenter=presenter,
                )

    session.refresh_from_db()
    assert (session.sequence, local_start(session).day) == (0, 8)


def test_cancelling_tells_the_members_with_the_reason(circle, facilitator, bo, committed):
    with frozen():
        session = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 19))[0]
        mail.outbox.clear()
        with committed():
            cancel_session(session, facilitator, reason="Half of us are at the conference.")

        with pytest.raises(InvalidSession, match="cancelled"):
            cancel_session(session, facilitator)

    session.refresh_from_db()
    assert (session.status, session.sequence) == (CircleSession.Status.CANCELLED, 1)
    to_bo = next(email for email in mail.outbox if email.to == [bo.email])
    assert to_bo.subject == "Cancelled: Leeds action learning set, session 1 on Monday 8 March 2027"
    assert "Half of us are at the conference." in to_bo.body
    assert len(mail.outbox) == 3


def test_attendance_is_recorded_against_the_quorum(circle, facilitator, ada, bo):
    session = make_session(circle, starts_in=days(-1))

    below = record_attendance(session, facilitator, [ada, bo])
    met = record_attendance(session, facilitator, [facilitator, ada, bo])

    assert below == {"present": 2, "needed": 3, "met": False}
    assert met == {"present": 3, "needed": 3, "met": True}
    assert SessionAttendance.objects.filter(session=session).count() == 4
    session.refresh_from_db()
    assert session.status == CircleSession.Status.HELD


def test_attendance_names_only_members_and_waits_for_the_session(circle, facilitator, ada):
    past = make_session(circle, starts_in=days(-1))
    future = make_session(circle, starts_in=days(3))

    with pytest.raises(InvalidSession, match="Only the circle's members"):
        record_attendance(past, facilitator, [ada, make_member(name="Not In It")])
    with pytest.raises(InvalidSession, match="once it has started"):
        record_attendance(future, facilitator, [ada])
    with pytest.raises(NotFacilitator):
        mark_held(past, ada)

    assert not SessionAttendance.objects.exists()
    assert set(CircleSession.objects.values_list("status", flat=True)) == {"scheduled"}


# The end of a run -----------------------------------------------------------------------------


def test_renewing_schedules_a_new_run_after_the_last_session(circle, facilitator, committed):
    with frozen():
        run = schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 19), 4)
    with frozen(month=4, day=6), committed():
        new = close_or_renew(circle, facilitator, renew=True, sessions=3)

    circle.refresh_from_db()
    assert circle.status == Circle.Status.MEETING
    assert circle.planned_sessions == 7
    assert [s.number for s in new] == [5, 6, 7]
    assert [s.is_closing for s in new] == [False, False, True]
    assert run[-1].is_closing
    # After Monday 29 March, weekly, still at 19:00 in London.
    assert [local_start(s).strftime("%a %d %b %H:%M") for s in new] == [
        "Mon 12 Apr 19:00",
        "Mon 19 Apr 19:00",
        "Mon 26 Apr 19:00",
    ], "the first date after today at the cadence"
    assert {s.join_url for s in new} == {MEETING_ROOM}
    assert any("3 new sessions" in email.subject for email in mail.outbox)


def test_closing_the_circle_cancels_what_was_left(circle, facilitator, ada):
    with frozen():
        schedule(circle, facilitator, datetime.datetime(2027, 3, 8, 19), 5)
    with frozen(month=4, day=1):
        with pytest.raises(NotFacilitator):
            close_or_renew(circle, ada, renew=False)
        assert close_or_renew(circle, facilitator, renew=False) == []
        with pytest.raises(CircleNotMeeting):
            close_or_renew(circle, facilitator, renew=True)

    circle.refresh_from_db()
    assert circle.status == Circle.Status.CLOSED
    left = CircleSession.objects.get(number=5)
    assert (left.status, left.sequence) == (CircleSession.Status.CANCELLED, 1)
    assert CircleSession.objects.get(number=4).status == CircleSession.Status.SCHEDULED


# The session page -----------------------------------------------------------------------------


@pytest.fixture
def session(circle, bo):
    return make_session(
        circle,
        starts_in=days(7),
        presenter=bo,
        structure="what-so-what-now-what",
        join_url=MEETING_ROOM,
    )


def page_of(session):
    return f"/circles/{session.circle.slug}/sessions/{session.number}/"


def test_a_member_sees_the_session_in_their_own_zone_without_the_meeting_address(
    circle, session, ada, bo
):
    make_practice("What? So what? Now what?", slug="what-so-what-now-what")

    response = signed_in(ada).get(page_of(session))
    html = response.content.decode()

    assert "America/New York time" in html
    assert "What happened? What did you notice?" in html, "the structure's prompts"
    assert 'href="/practices/what-so-what-now-what/"' in html
    assert "Bo Brennan" in html, "the presenter"
    assert "quorum: 3 present needed" in html
    assert f'href="{page_of(session)}join/"' in html
    assert MEETING_ROOM not in html
    assert f'href="/me/reflections/new/?session={session.pk}"' in html
    assert "Your private notes" not in html
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]


def test_the_next_session_brings_back_what_the_member_said_they_would_do(circle, ada, bo):
    earlier = make_session(circle, starts_in=days(-7))
    later = make_session(circle, starts_in=days(7))
    commit(ada, earlier, "Ask the ward sister to co-host the next mapping.")
    commit(bo, earlier, "Bo's own commitment.")

    for_ada = signed_in(ada).get(page_of(later)).content.decode()
    earlier_page = signed_in(ada).get(page_of(earlier)).content.decode()

    assert "Last time you said you would..." in for_ada
    assert "Ask the ward sister to co-host the next mapping." in for_ada
    assert "Bo&#x27;s own commitment." not in for_ada
    assert "Last time you said you would..." not in earlier_page


def test_the_facilitator_sees_their_private_notes_and_the_members_never_do(
    circle, session, facilitator, ada
):
    session.facilitator_notes = "Ada seemed quiet: check in before next time."
    session.save()

    as_facilitator = signed_in(facilitator).get(page_of(session)).content.decode()
    as_member = signed_in(ada).get(page_of(session)).content.decode()

    assert "Ada seemed quiet" in as_facilitator
    assert "Attendance not recorded yet" in as_facilitator
    assert "Ada seemed quiet" not in as_member
    assert "Save attendance" not in as_member


def test_the_join_link_leads_members_to_the_meeting(circle, session, ada):
    response = signed_in(ada).get(f"{page_of(session)}join/")

    assert response.status_code == 302
    assert response["Location"] == MEETING_ROOM
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_removed_member_loses_the_session_and_its_join_link(circle, session, ada):
    CircleMembership.objects.filter(circle=circle, member=ada).update(
        status=CircleMembership.Status.REMOVED
    )
    browser = signed_in(ada)

    assert browser.get(page_of(session)).status_code == 404
    assert browser.get(f"{page_of(session)}join/").status_code == 404


def test_a_cancelled_sessions_join_link_says_so(circle, session, facilitator, ada):
    cancel_session(session, facilitator)

    response = signed_in(ada).get(f"{page_of(session)}join/", follow=True)

    assert response.redirect_chain == [(page_of(session), 302)]
    assert "This session was cancelled." in response.content.decode()


# Facilitators' tools through the site ---------------------------------------------------------


def test_a_facilitator_schedules_a_run_from_the_form(circle, facilitator, committed):
    with committed():
        response = signed_in(facilitator).post(
            f"/circles/{circle.slug}/sessions/new/",
            {
                "date": (datetime.date.today() + datetime.timedelta(days=10)).isoformat(),
                "time": "18:00",
                "minutes": "90",
                "count": "4",
                "join_url": MEETING_ROOM,
                "place": "",
                "structure": "action-learning",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == f"/circles/{circle.slug}/sessions/1/"
    assert list(circle.sessions.values_list("number", "is_closing", "structure")) == [
        (1, False, "action-learning"),
        (2, False, "action-learning"),
        (3, False, "action-learning"),
        (4, True, "action-learning"),
    ]
    assert {local_start(s).strftime("%H:%M") for s in circle.sessions.all()} == {"18:00"}


def test_a_bad_schedule_from_the_form_says_why_and_changes_nothing(circle, facilitator):
    response = signed_in(facilitator).post(
        f"/circles/{circle.slug}/sessions/new/",
        {
            "date": "2020-01-01",
            "time": "18:00",
            "minutes": "90",
            "count": "1",
            "join_url": "http://insecure.example.org/",
            "structure": "gibbs",
        },
    )

    assert response.status_code == 200
    assert "https://" in response.content.decode()
    assert not circle.sessions.exists()


def test_a_schedule_with_neither_link_nor_place_says_so_and_keeps_what_was_typed(
    circle, facilitator
):
    response = signed_in(facilitator).post(
        f"/circles/{circle.slug}/sessions/new/",
        {
            "date": (datetime.date.today() + datetime.timedelta(days=10)).isoformat(),
            "time": "18:30",
            "minutes": "90",
            "count": "2",
            "join_url": "",
            "place": "",
            "structure": "gibbs",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Give a join link or a place to meet." in page
    assert 'value="18:30"' in page
    assert not circle.sessions.exists()


def test_a_facilitator_records_attendance_and_keeps_notes(circle, facilitator, ada, bo, cy):
    held = make_session(circle, starts_in=days(-1))
    browser = signed_in(facilitator)
    edit = f"{page_of(held)}edit/"

    browser.post(edit, {"action": "attendance", "present": [ada.pk, bo.pk, cy.pk]})
    browser.post(edit, {"action": "notes", "facilitator_notes": "Good energy; Cy presented."})
    page = browser.get(page_of(held)).content.decode()

    held.refresh_from_db()
    assert held.status == CircleSession.Status.HELD
    assert held.facilitator_notes == "Good energy; Cy presented."
    assert set(
        SessionAttendance.objects.filter(session=held, present=True).values_list(
            "member", flat=True
        )
    ) == {ada.pk, bo.pk, cy.pk}
    assert "3 present: the quorum of 3 was met." in page


def test_a_facilitator_moves_a_session_from_the_edit_form(circle, session, facilitator):
    browser = signed_in(facilitator)
    form = browser.get(f"{page_of(session)}edit/").content.decode()
    new_date = (datetime.date.today() + datetime.timedelta(days=9)).isoformat()

    response = browser.post(
        f"{page_of(session)}edit/",
        {
            "action": "change",
            "date": new_date,
            "time": "07:45",
            "minutes": "60",
            "join_url": MEETING_ROOM,
            "place": "",
            "structure": "troika",
            "presenter": "",
        },
    )

    assert 'name="date"' in form
    assert response.status_code == 302
    session.refresh_from_db()
    assert local_start(session).strftime("%Y-%m-%d %H:%M") == f"{new_date} 07:45"
    assert (session.sequence, session.structure, session.presenter) == (1, "troika", None)


def test_the_closing_session_holds_the_retrospective_and_the_choice_to_close(
    circle, facilitator, ada
):
    closing = make_session(circle, starts_in=days(-1), is_closing=True)
    browser = signed_in(facilitator)
    edit = f"{page_of(closing)}edit/"

    browser.post(edit, {"action": "retrospective", "retrospective": "We learned to ask."})
    browser.post(edit, {"action": "end", "choice": "close"})
    for_member = signed_in(ada).get(page_of(closing)).content.decode()

    circle.refresh_from_db()
    assert circle.status == Circle.Status.CLOSED
    assert "We learned to ask." in for_member


def test_renew_or_close_is_only_offered_at_the_closing_session(circle, facilitator):
    ordinary = make_session(circle, starts_in=days(-1))

    response = signed_in(facilitator).post(
        f"{page_of(ordinary)}edit/", {"action": "end", "choice": "close"}, follow=True
    )

    assert "made at the closing session" in response.content.decode()
    circle.refresh_from_db()
    assert circle.status == Circle.Status.FORMING


def test_an_unknown_action_changes_nothing(circle, session, facilitator):
    response = signed_in(facilitator).post(
        f"{page_of(session)}edit/", {"action": "delete"}, follow=True
    )

    assert "That is not something a session can do." in response.content.decode()
    assert CircleSession.objects.filter(pk=session.pk, status="scheduled").exists()


# Who may do what ------------------------------------------------------------------------------


def outsiders():
    """Everyone who must not learn the session exists."""
    plain = make_member(name="Plain Member")
    other_circle_member = make_member(name="Elsewhere Member")
    other_facilitator = make_facilitator("Elsewhere Facilitator")
    make_circle("Another circle", facilitator=other_facilitator, members=[other_circle_member])
    return {
        "unverified": make_member(name="Una Unverified", verified=False),
        "plain member": plain,
        "member of another circle": other_circle_member,
        "facilitator of another circle": other_facilitator,
        "editor": make_staff(group="Editors", name="Edie Editor"),
        "superuser": make_staff(superuser=True, name="Sol Super"),
    }


def requests_for(session):
    page = page_of(session)
    return [
        ("get", page, {}),
        ("get", f"{page}join/", {}),
        ("get", f"{page}edit/", {}),
        ("post", f"{page}edit/", {"action": "notes", "facilitator_notes": "Overwritten"}),
        ("post", f"{page}edit/", {"action": "cancel"}),
        ("get", f"/circles/{session.circle.slug}/sessions/new/", {}),
        ("post", f"/circles/{session.circle.slug}/sessions/new/", {"count": "1"}),
    ]


def assert_untouched(session):
    session.refresh_from_db()
    assert session.facilitator_notes == "Only for facilitators."
    assert session.status == CircleSession.Status.SCHEDULED
    assert CircleSession.objects.count() == 1


@pytest.fixture
def noted_session(session):
    session.facilitator_notes = "Only for facilitators."
    session.save()
    return session


def test_visitors_are_sent_to_sign_in(client, noted_session):
    for method, url, data in requests_for(noted_session):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert_untouched(noted_session)


def test_everyone_outside_the_circle_gets_404_staff_included(noted_session):
    for role, person in outsiders().items():
        browser = signed_in(person)
        for method, url, data in requests_for(noted_session):
            response = getattr(browser, method)(url, data)
            assert response.status_code == 404, (role, method, url)
            assert b"Only for facilitators." not in response.content
    assert_untouched(noted_session)


def test_a_circle_member_may_view_and_join_but_not_use_the_facilitators_tools(noted_session, ada):
    browser = signed_in(ada)
    expected = [200, 302, 403, 403, 403, 403, 403]

    got = [
        getattr(browser, m)(url, data).status_code for m, url, data in requests_for(noted_session)
    ]

    assert got == expected
    assert_untouched(noted_session)


def test_a_former_member_is_an_outsider(noted_session, ada):
    CircleMembership.objects.filter(member=ada).update(status=CircleMembership.Status.LEFT)
    browser = signed_in(ada)

    got = {
        getattr(browser, m)(url, data).status_code for m, url, data in requests_for(noted_session)
    }

    assert got == {404}
    assert_untouched(noted_session)


def test_the_facilitator_may_use_every_tool(noted_session, facilitator):
    browser = signed_in(facilitator)
    page = page_of(noted_session)

    assert browser.get(f"{page}edit/").status_code == 200
    assert browser.get(f"/circles/{noted_session.circle.slug}/sessions/new/").status_code == 200
    assert (
        browser.post(f"{page}edit/", {"action": "notes", "facilitator_notes": "Mine"}).status_code
        == 302
    )
    assert browser.post(f"{page}edit/", {"action": "cancel"}).status_code == 302

    noted_session.refresh_from_db()
    assert (noted_session.facilitator_notes, noted_session.status) == ("Mine", "cancelled")


def test_the_session_page_reads_in_a_fixed_number_of_queries(
    circle, session, facilitator, ada, django_assert_max_num_queries
):
    earlier = make_session(circle, starts_in=days(-7))
    for n in range(5):
        commit(ada, earlier, f"Commitment {n}")
    member_browser, facilitator_browser = signed_in(ada), signed_in(facilitator)

    with django_assert_max_num_queries(20):
        member_page = member_browser.get(page_of(session))
    with django_assert_max_num_queries(26):
        facilitator_page = facilitator_browser.get(page_of(session))

    assert "Commitment 4" in member_page.content.decode()
    assert "Save attendance" in facilitator_page.content.decode()
