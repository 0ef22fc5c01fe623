"""Commitments: what a member said they would do after a session. Recorded once per
reflection, shown to the member alone on /me/, and followed up once by email four to six
weeks after the session."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from convening.circles.commitments import CommitmentError, commit, send_commitment_follow_ups
from convening.circles.models import CircleMembership, CircleSession, Commitment
from tests.conftest import signed_in
from tests.convening.circles.factories import make_circle, make_facilitator, make_reflection
from tests.factories import make_member

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# The session: Tuesday 2 March 2027, 18:00 UTC.
SESSION_AT = datetime.datetime(2027, 3, 2, 18, 0, tzinfo=UTC)


def after(days, hours=0):
    return time_machine.travel(SESSION_AT + datetime.timedelta(days=days, hours=hours), tick=False)


@pytest.fixture
def ada():
    return make_member(name="Ada Adeyemi")


@pytest.fixture
def bo():
    return make_member(name="Bo Brennan")


@pytest.fixture
def circle(ada, bo):
    return make_circle("Leeds set", facilitator=make_facilitator(), members=[ada, bo])


@pytest.fixture
def session(circle):
    return CircleSession.objects.create(
        circle=circle,
        number=1,
        starts_at=SESSION_AT,
        ends_at=SESSION_AT + datetime.timedelta(minutes=90),
        status=CircleSession.Status.HELD,
    )


def run(committed):
    with committed():
        return send_commitment_follow_ups()


# Recording ------------------------------------------------------------------------------------


def test_a_member_commits_after_their_circles_session(ada, session):
    commitment = commit(ada, session, "  Ask the ward to co-host the mapping.  ")

    assert commitment.member == ada
    assert commitment.session == session
    assert commitment.text == "Ask the ward to co-host the mapping."
    assert commitment.follow_up_sent_at is None


def test_saving_the_same_reflection_again_updates_its_commitment(ada, session):
    reflection = make_reflection(ada, session=session)

    first = commit(ada, session, "Ask the ward.", reflection=reflection)
    again = commit(ada, session, "Ask the ward sister, this week.", reflection=reflection)

    assert again.pk == first.pk
    assert list(Commitment.objects.values_list("text", flat=True)) == [
        "Ask the ward sister, this week."
    ]


def test_a_commitment_without_a_session_is_kept_too(ada):
    assert commit(ada, None, "Read Meadows again.").session is None


@pytest.mark.parametrize(
    ("text", "message"), [("   ", "Say what you will do"), ("x" * 1001, "1,000 characters")]
)
def test_empty_or_overlong_commitments_are_refused(ada, session, text, message):
    with pytest.raises(CommitmentError, match=message):
        commit(ada, session, text)

    assert not Commitment.objects.exists()


def test_nobody_commits_after_a_session_of_a_circle_they_are_not_in(session):
    outsider = make_member(name="Out Sider")

    with pytest.raises(CommitmentError, match="your own circle"):
        commit(outsider, session, "Sneak in.")

    assert not Commitment.objects.exists()


# On /me/ --------------------------------------------------------------------------------------


def test_the_member_sees_their_open_commitments_on_their_own_page(ada, bo, session):
    mine = commit(ada, session, "Ask the ward to co-host the mapping.")
    commit(bo, session, "Bo's private plan.")
    done = commit(ada, session, "Something already done.")
    done.done = True
    done.save()

    page = signed_in(ada).get("/me/").content.decode()

    assert "What you said you would do" in page
    assert "Ask the ward to co-host the mapping." in page
    assert f'href="/me/commitments/{mine.pk}/"' in page
    assert "Leeds set, session 1" in page
    assert "Bo&#x27;s private plan." not in page
    assert "Something already done." not in page


def test_no_commitments_no_panel(ada):
    assert "What you said you would do" not in signed_in(ada).get("/me/").content.decode()


# Follow-ups -----------------------------------------------------------------------------------


def test_the_member_is_asked_once_between_four_and_six_weeks_after(ada, session, committed):
    commitment = commit(ada, session, "Ask the ward to co-host the mapping.")

    with after(27, 23):
        assert run(committed) == 0
    with after(28, 1):
        assert run(committed) == 1
        assert run(committed) == 0
    with after(35):
        assert run(committed) == 0

    commitment.refresh_from_db()
    assert commitment.follow_up_sent_at == SESSION_AT + datetime.timedelta(days=28, hours=1)
    (email,) = mail.outbox
    assert email.to == [ada.email]
    assert email.subject == "Did you try it? Your commitment from Leeds set"
    assert "Ask the ward to co-host the mapping." in email.body
    assert "Did you try it? What happened?" in email.body
    assert f"/me/commitments/{commitment.pk}/" in email.body
    assert "Tuesday 2 March 2027" in email.body
    assert [part[1] for part in email.alternatives] == ["text/html"]


def test_a_commitment_missed_for_six_weeks_is_not_asked_about_later(ada, session, committed):
    commit(ada, session, "Ask the ward.")

    with after(42, 1):
        assert run(committed) == 0

    assert mail.outbox == []


def test_a_member_who_left_or_was_removed_is_not_asked(ada, bo, session, committed):
    commit(ada, session, "Ask the ward.")
    commit(bo, session, "Draw the map.")
    CircleMembership.objects.filter(member=ada).update(status=CircleMembership.Status.LEFT)
    CircleMembership.objects.filter(member=bo).update(status=CircleMembership.Status.REMOVED)

    with after(30):
        assert run(committed) == 0

    assert mail.outbox == []
    assert not Commitment.objects.filter(follow_up_sent_at__isnull=False).exists()


def test_a_deactivated_account_is_not_asked(ada, session, committed):
    commit(ada, session, "Ask the ward.")
    ada.is_active = False
    ada.save()

    with after(30):
        assert run(committed) == 0

    assert mail.outbox == []


def test_commitments_done_or_answered_are_not_asked_about(ada, bo, session, committed):
    commit(ada, session, "Ask the ward.").__class__.objects.update(done=True)
    answered = commit(bo, session, "Draw the map.")
    answered.outcome = make_reflection(bo, title="How the map went")
    answered.save()

    with after(30):
        assert run(committed) == 0


def test_the_daily_command_reports_and_is_safe_to_repeat(ada, bo, session, committed):
    commit(ada, session, "Ask the ward.")
    commit(bo, session, "Draw the map.")
    out = io.StringIO()

    with after(29), committed():
        call_command("send_commitment_follow_ups", stdout=out)
        call_command("send_commitment_follow_ups", stdout=out)

    assert out.getvalue().splitlines() == [
        "Commitment follow-ups sent: 2.",
        "Commitment follow-ups sent: 0.",
    ]
    assert sorted(email.to[0] for email in mail.outbox) == sorted([ada.email, bo.email])
