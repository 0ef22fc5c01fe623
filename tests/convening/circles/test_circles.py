"""The life of a circle through its services: starting, joining, asking, inviting, deciding,
removing, leaving, pausing and closing; and a full circle staying full under a race."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from convening.circles import membership as circles
from convening.circles import rules
from convening.circles.membership import (
    AgreementsNotAccepted,
    AlreadyDecided,
    AlreadyInCircle,
    CircleClosed,
    CircleFull,
    CirclePaused,
    LastFacilitator,
    NotAllowed,
    NotInvited,
    NotVerified,
    TooSmall,
)
from convening.circles.models import Circle, CircleMembership
from members.models import Notification, Sector
from tests.conftest import signed_in
from tests.factories import make_member

from .factories import days, make_circle, make_facilitator, make_reflection, make_session

Status = CircleMembership.Status
Role = CircleMembership.Role


@pytest.fixture
def fay(db):
    return make_facilitator(name="Fay Facilitator")


def status_of(circle, person):
    membership = CircleMembership.objects.filter(circle=circle, member=person).first()
    return membership.status if membership else None


def active_count(circle):
    return CircleMembership.objects.active().filter(circle=circle).count()


# Starting a circle.


def test_a_facilitator_starts_a_circle_and_facilitates_it(fay):
    circle = circles.start_circle(
        fay,
        name="Health and housing set",
        purpose="Peers across health and housing.",
        size_limit=8,
        topics=["discharge", "housing"],
        sectors=Sector.objects.filter(slug="health"),
    )
    assert circle.status == Circle.Status.FORMING
    assert circle.slug == "health-and-housing-set"
    assert sorted(circle.topics.names()) == ["discharge", "housing"]
    assert [s.slug for s in circle.sectors.all()] == ["health"]
    membership = CircleMembership.objects.get(circle=circle)
    assert (membership.member, membership.role, membership.status) == (
        fay,
        Role.FACILITATOR,
        Status.ACTIVE,
    )
    assert membership.agreed_at is not None
    assert rules.is_facilitator(fay, circle)


def test_only_facilitators_start_circles(member):
    with pytest.raises(NotAllowed):
        circles.start_circle(member, name="Mine", purpose="Mine.")
    assert not Circle.objects.exists()


def test_a_circle_with_settings_out_of_bounds_is_not_started(fay):
    with pytest.raises(ValidationError):
        circles.start_circle(fay, name="Huge", purpose="Too big.", size_limit=40)
    with pytest.raises(ValidationError):
        circles.start_circle(fay, name="Odd", purpose="Quorum.", size_limit=4, quorum=6)
    assert not Circle.objects.exists()


# Joining an open circle.


def test_joining_an_open_circle_accepts_its_agreements(fay, member):
    circle = make_circle(facilitator=fay, join_policy="open")
    membership = circles.join(circle, member, agreed=True)
    assert membership.status == Status.ACTIVE
    assert membership.role == Role.MEMBER
    assert membership.agreed_at is not None
    assert membership.joined_at is not None
    assert rules.is_circle_member(member, circle)


def test_joining_without_accepting_the_agreements_changes_nothing(fay, member):
    circle = make_circle(facilitator=fay, join_policy="open")
    with pytest.raises(AgreementsNotAccepted, match="agreements"):
        circles.join(circle, member, agreed=False)
    assert status_of(circle, member) is None


@pytest.mark.parametrize(
    ("fields", "refusal", "words"),
    [
        ({"status": "closed"}, CircleClosed, "closed"),
        ({"status": "paused"}, CirclePaused, "paused"),
        ({"join_policy": "request"}, NotInvited, "ask to join"),
        ({"join_policy": "invitation"}, NotInvited, "invitation only"),
    ],
)
def test_joining_a_circle_that_does_not_take_joiners_is_refused(
    fay, member, fields, refusal, words
):
    circle = make_circle(facilitator=fay, **{"join_policy": "open", **fields})
    with pytest.raises(refusal, match=words):
        circles.join(circle, member, agreed=True)
    assert status_of(circle, member) is None


def test_a_full_circle_refuses_another_member(fay, member):
    others = [make_member(name=f"Peer {n}") for n in range(2)]
    circle = make_circle(facilitator=fay, members=others, size_limit=3, join_policy="open")
    with pytest.raises(CircleFull, match="full"):
        circles.join(circle, member, agreed=True)
    assert status_of(circle, member) is None
    assert active_count(circle) == 3


def test_joining_twice_is_refused(fay, member):
    circle = make_circle(facilitator=fay, join_policy="open")
    circles.join(circle, member, agreed=True)
    with pytest.raises(AlreadyInCircle, match="already"):
        circles.join(circle, member, agreed=True)
    assert active_count(circle) == 2


def test_an_unverified_account_cannot_join(fay, unverified):
    circle = make_circle(facilitator=fay, join_policy="open")
    with pytest.raises(NotVerified):
        circles.join(circle, unverified, agreed=True)
    assert status_of(circle, unverified) is None


def test_someone_who_left_may_join_an_open_circle_again(fay, member):
    circle = make_circle(facilitator=fay, join_policy="open", members=[member])
    circles.leave(circle, member)
    assert not rules.is_circle_member(member, circle)
    circles.join(circle, member, agreed=True)
    assert status_of(circle, member) == Status.ACTIVE


# Asking to join.


def test_asking_to_join_keeps_the_answers_for_the_facilitators_and_tells_them(
    fay, member, committed
):
    co = make_facilitator(name="Cody Cofacilitator")
    circle = make_circle(
        "Leeds set",
        facilitator=fay,
        join_questions="What do you hope to bring?\nWho do you manage?",
    )
    CircleMembership.objects.create(
        circle=circle, member=co, role=Role.FACILITATOR, status=Status.ACTIVE
    )
    with committed():
        membership = circles.request_to_join(
            circle,
            member,
            answers=["Stories from the ward", "Nobody"],
            message="I met Fay at the gathering.",
            agreed=True,
        )
    assert membership.status == Status.REQUESTED
    assert membership.answers == [
        {"question": "What do you hope to bring?", "answer": "Stories from the ward"},
        {"question": "Who do you manage?", "answer": "Nobody"},
    ]
    assert not rules.is_circle_member(member, circle)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([fay.email, co.email])
    email = mail.outbox[0]
    assert "Mo Member asks to join Leeds set" in email.subject
    assert "Stories from the ward" in email.body
    assert "I met Fay at the gathering." in email.body
    assert "/circles/leeds-set/facilitate/" in email.body
    assert email.alternatives  # HTML too


def test_asking_twice_or_asking_an_open_circle_is_refused(fay, member):
    circle = make_circle(facilitator=fay)
    circles.request_to_join(circle, member, answers=["Yes"], agreed=True)
    with pytest.raises(AlreadyInCircle, match="already asked"):
        circles.request_to_join(circle, member, answers=["Again"], agreed=True)
    open_circle = make_circle("Open one", facilitator=fay, join_policy="open")
    with pytest.raises(NotInvited, match="join it straight away"):
        circles.request_to_join(open_circle, member, agreed=True)


def test_asking_to_join_a_full_circle_is_refused(fay, member):
    circle = make_circle(facilitator=fay, size_limit=3, members=[make_member(), make_member()])
    with pytest.raises(CircleFull):
        circles.request_to_join(circle, member, answers=["Hi"], agreed=True)
    assert status_of(circle, member) is None


# Deciding requests.


def test_approving_a_request_makes_a_member_and_emails_the_note(fay, member, committed):
    circle = make_circle("Leeds set", facilitator=fay)
    request = circles.request_to_join(circle, member, answers=["Hi"], agreed=True)
    mail.outbox.clear()
    with committed():
        circles.decide_request(request, by=fay, approve=True, note="See you on the 3rd!")
    request.refresh_from_db()
    assert request.status == Status.ACTIVE
    assert request.decided_by == fay
    assert request.agreed_at is not None
    assert rules.is_circle_member(member, circle)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Welcome to Leeds set" in mail.outbox[0].subject
    assert "See you on the 3rd!" in mail.outbox[0].body


def test_declining_a_request_emails_the_note_and_lets_nobody_in(fay, member, committed):
    circle = make_circle("Leeds set", facilitator=fay)
    request = circles.request_to_join(circle, member, answers=["Hi"], agreed=True)
    mail.outbox.clear()
    with committed():
        circles.decide_request(request, by=fay, approve=False, note="Try the Bristol circle.")
    assert status_of(circle, member) == Status.DECLINED
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Try the Bristol circle." in mail.outbox[0].body
    assert "/circles/" in mail.outbox[0].body


def test_a_request_is_decided_once(fay, member):
    circle = make_circle(facilitator=fay)
    request = circles.request_to_join(circle, member, answers=["Hi"], agreed=True)
    circles.decide_request(request, by=fay, approve=True)
    with pytest.raises(AlreadyDecided, match="already been decided"):
        circles.decide_request(request, by=fay, approve=False)
    assert status_of(circle, member) == Status.ACTIVE


def test_only_the_circles_facilitators_decide(fay, member, other_member):
    other_facilitator = make_facilitator(name="Otto Other")
    make_circle("Elsewhere", facilitator=other_facilitator)
    circle = make_circle(facilitator=fay, members=[other_member])
    request = circles.request_to_join(circle, member, answers=["Hi"], agreed=True)
    for outsider in (other_member, other_facilitator):
        with pytest.raises(NotAllowed):
            circles.decide_request(request, by=outsider, approve=True)
    assert status_of(circle, member) == Status.REQUESTED


def test_a_request_cannot_be_approved_into_a_full_or_paused_circle(fay, member):
    circle = make_circle(facilitator=fay, size_limit=3, members=[make_member()])
    request = circles.request_to_join(circle, member, answers=["Hi"], agreed=True)
    CircleMembership.objects.create(circle=circle, member=make_member(), status=Status.ACTIVE)
    with pytest.raises(CircleFull, match="raise its size limit"):
        circles.decide_request(request, by=fay, approve=True)
    Circle.objects.filter(pk=circle.pk).update(size_limit=6, status="paused")
    with pytest.raises(CirclePaused, match="Resume"):
        circles.decide_request(request, by=fay, approve=True)
    assert status_of(circle, member) == Status.REQUESTED


# Invitations.


def test_an_invitation_is_emailed_with_a_link_to_accept_on_the_circle_page(fay, member, committed):
    circle = make_circle("Private set", facilitator=fay, join_policy="invitation")
    with committed():
        circles.invite(circle, member, by=fay, message="Your work on discharge fits.")
    assert status_of(circle, member) == Status.INVITED
    assert [m.to for m in mail.outbox] == [[member.email]]
    email = mail.outbox[0]
    assert "Fay Facilitator invites you to Private set" in email.subject
    assert "Your work on discharge fits." in email.body
    assert "/circles/private-set/" in email.body


def test_accepting_an_invitation_joins_and_declining_does_not(fay, member, other_member):
    circle = make_circle(facilitator=fay, join_policy="invitation")
    circles.invite(circle, member, by=fay)
    circles.invite(circle, other_member, by=fay)
    with pytest.raises(AgreementsNotAccepted):
        circles.answer_invitation(circle, member, accept=True, agreed=False)
    circles.answer_invitation(circle, member, accept=True, agreed=True)
    circles.answer_invitation(circle, other_member, accept=False)
    assert status_of(circle, member) == Status.ACTIVE
    assert status_of(circle, other_member) == Status.DECLINED
    assert not Circle.objects.visible_to(other_member).filter(pk=circle.pk).exists()


def test_an_invitation_only_circle_cannot_be_joined_without_an_invitation(fay, member):
    circle = make_circle(facilitator=fay, join_policy="invitation")
    with pytest.raises(NotInvited):
        circles.answer_invitation(circle, member, accept=True, agreed=True)
    with pytest.raises(NotInvited):
        circles.join(circle, member, agreed=True)
    assert status_of(circle, member) is None


def test_an_invitation_cannot_be_accepted_once_the_circle_is_full(fay, member):
    circle = make_circle(facilitator=fay, size_limit=3, members=[make_member()])
    circles.invite(circle, member, by=fay)
    CircleMembership.objects.create(circle=circle, member=make_member(), status=Status.ACTIVE)
    with pytest.raises(CircleFull):
        circles.answer_invitation(circle, member, accept=True, agreed=True)
    assert status_of(circle, member) == Status.INVITED


def test_inviting_someone_already_in_or_asking_is_refused(fay, member, other_member):
    circle = make_circle(facilitator=fay, members=[member])
    with pytest.raises(AlreadyInCircle, match="already in the circle"):
        circles.invite(circle, member, by=fay)
    circles.request_to_join(circle, other_member, answers=["Hi"], agreed=True)
    with pytest.raises(AlreadyInCircle, match="approve their request"):
        circles.invite(circle, other_member, by=fay)


def test_members_who_do_not_facilitate_cannot_invite(fay, member, other_member):
    circle = make_circle(facilitator=fay, members=[member])
    with pytest.raises(NotAllowed):
        circles.invite(circle, other_member, by=member)
    assert status_of(circle, other_member) is None


# Removing and leaving.


def test_a_removed_member_loses_access_at_once_and_is_told(fay, member, committed):
    circle = make_circle("Leeds set", facilitator=fay, members=[member], join_policy="open")
    membership = CircleMembership.objects.get(circle=circle, member=member)
    with committed():
        circles.remove(membership, by=fay)
    assert status_of(circle, member) == Status.REMOVED
    assert not rules.is_circle_member(member, circle)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "You are no longer in Leeds set" in mail.outbox[0].subject
    with pytest.raises(AlreadyInCircle, match="removed you"):
        circles.join(circle, member, agreed=True)
    # A facilitator may invite them back.
    circles.invite(circle, member, by=fay)
    assert status_of(circle, member) == Status.INVITED


def test_the_last_facilitator_cannot_remove_themselves_or_leave(fay, member):
    circle = make_circle(facilitator=fay, members=[member])
    own = CircleMembership.objects.get(circle=circle, member=fay)
    with pytest.raises(LastFacilitator, match="only facilitator"):
        circles.remove(own, by=fay)
    with pytest.raises(LastFacilitator, match="only facilitator"):
        circles.leave(circle, fay)
    assert status_of(circle, fay) == Status.ACTIVE


def test_a_facilitator_may_leave_once_another_facilitates(fay, member):
    circle = make_circle(facilitator=fay, members=[member])
    circles.make_facilitator(CircleMembership.objects.get(circle=circle, member=member), by=fay)
    circles.leave(circle, fay)
    assert status_of(circle, fay) == Status.LEFT
    assert rules.is_facilitator(member, circle)


def test_withdrawing_a_request_takes_the_answers_with_it(fay, member):
    circle = make_circle(facilitator=fay)
    circles.request_to_join(circle, member, answers=["Private thoughts"], agreed=True)
    circles.leave(circle, member)
    membership = CircleMembership.objects.get(circle=circle, member=member)
    assert (membership.status, membership.answers) == (Status.LEFT, [])


def test_leaving_a_circle_you_are_not_in_is_refused(fay, member):
    circle = make_circle(facilitator=fay)
    with pytest.raises(NotAllowed):
        circles.leave(circle, member)


# Status and settings.


def test_facilitators_pause_resume_and_close_a_circle(fay):
    circle = make_circle(facilitator=fay)
    seen = []

    def record(sender, circle, previous, status, by, **kwargs):
        seen.append((previous, status))

    circles.status_changed.connect(record)
    try:
        circles.set_status(circle, by=fay, status="paused")
        circles.set_status(circle, by=fay, status="meeting")
        circles.set_status(circle, by=fay, status="closed")
        with pytest.raises(NotAllowed, match="closed circle cannot become meeting"):
            circles.set_status(circle, by=fay, status="meeting")
        renewed = circles.set_status(circle, by=fay, status="forming", renew=True)
    finally:
        circles.status_changed.disconnect(record)
    assert renewed.status == "forming"
    assert seen == [
        ("forming", "paused"),
        ("paused", "meeting"),
        ("meeting", "closed"),
        ("closed", "forming"),
    ]


def test_only_facilitators_change_the_status(fay, member):
    circle = make_circle(facilitator=fay, members=[member])
    with pytest.raises(NotAllowed):
        circles.set_status(circle, by=member, status="closed")
    circle.refresh_from_db()
    assert circle.status == "forming"


def test_the_size_limit_cannot_go_below_the_members(fay):
    circle = make_circle(facilitator=fay, members=[make_member() for _ in range(4)])
    with pytest.raises(TooSmall, match="5 members"):
        circles.edit_circle(circle, fay, size_limit=4)
    edited = circles.edit_circle(
        circle, fay, size_limit=5, name="Renamed", topics=["care"], sectors=[]
    )
    assert (edited.size_limit, edited.name, list(edited.topics.names())) == (5, "Renamed", ["care"])


def test_the_quorum_cannot_be_above_the_size_limit(fay):
    circle = make_circle(facilitator=fay)
    with pytest.raises(ValidationError):
        circles.edit_circle(circle, fay, quorum=7)
    circle.refresh_from_db()
    assert circle.quorum == 3


# Races (PostgreSQL only: SQLite allows one writer at a time, so they cannot happen there).

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Races need concurrent writers with row locks: run with DATABASE_URL=postgres://...",
)
# Each thread commits on its own connection; serialized_rollback puts back what the migrations
# created (groups, sectors, the home page...).
racing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def all_at_once(jobs):
    """Run each job in its own thread and connection, released together by a barrier. Returns
    the refusals and errors raised."""
    barrier = threading.Barrier(len(jobs))
    raised = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # collected for the test to inspect
            raised.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return raised


@on_postgresql
@racing
def test_ten_members_racing_for_the_last_place_leaves_exactly_one_in():
    fay = make_facilitator()
    circle = make_circle(
        facilitator=fay, members=[make_member() for _ in range(4)], join_policy="open"
    )
    racers = [make_member(name=f"Racer {n}") for n in range(10)]

    raised = all_at_once(
        [lambda person=person: circles.join(circle, person, agreed=True) for person in racers]
    )

    assert active_count(circle) == 6
    joined = CircleMembership.objects.active().filter(circle=circle, member__in=racers)
    assert joined.count() == 1
    assert len(raised) == 9
    assert all(isinstance(error, CircleFull) for error in raised), raised


@on_postgresql
@racing
def test_two_facilitators_approving_one_request_at_once_make_one_member_and_one_email():
    fay = make_facilitator()
    co = make_facilitator(name="Cody Cofacilitator")
    asker = make_member(name="Asa Asker")
    circle = make_circle(facilitator=fay)
    CircleMembership.objects.create(
        circle=circle, member=co, role=Role.FACILITATOR, status=Status.ACTIVE
    )
    request = circles.request_to_join(circle, asker, answers=["Hi"], agreed=True)
    mail.outbox.clear()

    raised = all_at_once(
        [
            lambda by=by: circles.decide_request(request, by=by, approve=True, note="Welcome")
            for by in (fay, co)
        ]
    )

    assert [type(error) for error in raised] == [AlreadyDecided]
    assert CircleMembership.objects.active().filter(circle=circle, member=asker).count() == 1
    assert Notification.objects.filter(user=asker, key__startswith="circle-decision:").count() == 1
    assert [m.to for m in mail.outbox] == [[asker.email]]


# The circle's page and a member's own steps, through the site.


def page(client, circle):
    return client.get(f"/circles/{circle.slug}/")


@pytest.fixture
def leeds(fay, member):
    """A circle taking requests with Mo as a member, and a session coming up."""
    circle = make_circle(
        "Leeds set", facilitator=fay, members=[member, make_member(name="Bea Member")]
    )
    make_session(circle, starts_in=days(3))
    return circle


def test_members_see_who_is_in_the_circle_its_sessions_and_a_leave_link(leeds, member):
    response = page(signed_in(member), leeds)
    text = response.content.decode()
    assert "Bea Member" in text
    assert "Fay Facilitator" in text
    assert f"/circles/{leeds.slug}/sessions/1/" in text
    assert f"/circles/{leeds.slug}/leave/" in text
    assert "Only the 3 members of this circle see who is in it" in text
    assert "nobody at Convening can" in text
    assert f"/circles/{leeds.slug}/facilitate/" not in text


def test_facilitators_get_a_link_to_facilitate(leeds, fay):
    assert f"/circles/{leeds.slug}/facilitate/" in page(signed_in(fay), leeds).content.decode()


def test_outsiders_see_the_description_but_not_who_is_in_it_or_its_sessions(
    leeds, other_member, editor, superuser
):
    other_facilitator = make_facilitator(name="Otto Other")
    elsewhere = make_member(name="Eli Elsewhere")
    make_circle("Another circle", facilitator=other_facilitator, members=[elsewhere])
    for person in (other_member, elsewhere, other_facilitator, editor, superuser):
        response = page(signed_in(person), leeds)
        text = response.content.decode()
        assert leeds.purpose in text
        assert "Who can see this" in text
        assert "Bea Member" not in text, person
        assert "/sessions/1/" not in text, person
        assert response.context["members"] == []
        assert "Ask to join" in text


@pytest.fixture
def leeds_history(leeds, fay):
    """A session Leeds has held, a reflection shared with the circle, one kept private and one
    shared with another circle."""
    held = make_session(leeds, starts_in=-days(14), status="held")
    make_reflection(fay, title="The handover nobody owns", visibility="circle", circle=leeds)
    make_reflection(fay, title="Just for me")
    elsewhere = make_circle("Elsewhere", facilitator=fay)
    make_reflection(fay, title="Said elsewhere", visibility="circle", circle=elsewhere)
    return held


def test_members_see_past_sessions_what_was_shared_and_a_way_to_write_a_reflection(
    leeds, leeds_history, member
):
    text = page(signed_in(member), leeds).content.decode()
    assert "Past sessions" in text
    assert f'href="/circles/{leeds.slug}/sessions/{leeds_history.number}/"' in text
    assert "Reflections shared with the circle" in text
    assert 'The handover nobody owns</a> <span class="muted">by Fay Facilitator' in text
    assert "Just for me" not in text
    assert "Said elsewhere" not in text
    assert f'href="/me/reflections/new/?session={leeds_history.pk}">Write a reflection</a>' in text


def test_past_sessions_and_shared_reflections_are_sealed_from_everyone_outside_the_circle(
    leeds, leeds_history, other_member, editor, superuser
):
    """Editors and superusers included: circles are sealed, staff have no exception."""
    removed = make_member(name="Rae Removed")
    CircleMembership.objects.create(circle=leeds, member=removed, status=Status.REMOVED)
    other_facilitator = make_facilitator(name="Otto Other")
    for person in (other_member, editor, superuser, removed, other_facilitator):
        response = page(signed_in(person), leeds)
        text = response.content.decode()
        assert response.status_code == 200, person
        assert "Past sessions" not in text, person
        assert f"/sessions/{leeds_history.number}/" not in text, person
        assert "The handover nobody owns" not in text, person
        assert "Write a reflection" not in text, person
        assert response.context["past_sessions"] == []
        assert response.context["shared_reflections"] == []


def test_an_invitation_only_circle_is_404_to_everyone_but_its_people(
    fay, member, other_member, editor, superuser
):
    secret = make_circle("Secret set", facilitator=fay, join_policy="invitation")
    invited = make_member(name="Ivy Invited")
    circles.invite(secret, invited, by=fay)
    other_facilitator = make_facilitator(name="Otto Other")
    make_circle("Another circle", facilitator=other_facilitator, members=[member])
    for person in (member, other_member, other_facilitator, editor, superuser):
        client = signed_in(person)
        assert page(client, secret).status_code == 404, person
        for step in ("join", "leave", "agree", "invitation"):
            url = f"/circles/{secret.slug}/{step}/"
            assert client.post(url, {"agree": "on", "accept": "yes"}).status_code == 404
        assert client.get(f"/circles/{secret.slug}/leave/").status_code == 404
    assert (
        not CircleMembership.objects.filter(circle=secret, status=Status.ACTIVE)
        .exclude(member=fay)
        .exists()
    )
    text = page(signed_in(invited), secret).content.decode()
    assert "You are invited" in text
    assert "Fay Facilitator" not in text  # the member list is for members


def test_visitors_are_sent_to_sign_in_and_unverified_accounts_see_nothing(
    client, leeds, unverified
):
    for url in ("", "join/", "leave/", "agree/", "invitation/"):
        response = client.post(f"/circles/{leeds.slug}/{url}")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    response = page(signed_in(unverified), leeds)
    assert b"Bea Member" not in response.content
    assert b"Leeds set" not in response.content


def test_a_removed_member_loses_the_member_list_at_once(leeds, fay, member):
    client = signed_in(member)
    assert "Bea Member" in page(client, leeds).content.decode()
    circles.remove(CircleMembership.objects.get(circle=leeds, member=member), by=fay)
    text = page(client, leeds).content.decode()
    assert "Bea Member" not in text
    assert "A facilitator removed you" in text


def test_a_departed_member_of_an_invitation_only_circle_gets_404(fay, member):
    secret = make_circle("Secret set", facilitator=fay, join_policy="invitation", members=[member])
    client = signed_in(member)
    assert page(client, secret).status_code == 200
    response = client.post(f"/circles/{secret.slug}/leave/", follow=True)
    assert "You have left Secret set." in response.content.decode()
    assert page(client, secret).status_code == 404


def test_joining_an_open_circle_from_its_page(fay, member):
    circle = make_circle("Open set", facilitator=fay, join_policy="open")
    client = signed_in(member)
    assert "I accept the circle" in page(client, circle).content.decode()
    response = client.post(f"/circles/{circle.slug}/join/", {"agree": "on"}, follow=True)
    assert "Welcome to Open set" in response.content.decode()
    assert status_of(circle, member) == Status.ACTIVE


def test_joining_without_ticking_the_agreements_shows_why_and_changes_nothing(fay, member):
    circle = make_circle("Open set", facilitator=fay, join_policy="open")
    response = signed_in(member).post(f"/circles/{circle.slug}/join/", {})
    assert "every member of a circle accepts its agreements" in response.content.decode()
    assert status_of(circle, member) is None


def test_joining_a_full_circle_from_its_page_says_it_is_full(fay, member):
    circle = make_circle(
        "Packed",
        facilitator=fay,
        join_policy="open",
        size_limit=3,
        members=[make_member(), make_member()],
    )
    client = signed_in(member)
    assert "This circle is full" in page(client, circle).content.decode()
    response = client.post(f"/circles/{circle.slug}/join/", {"agree": "on"}, follow=True)
    assert "This circle is full." in response.content.decode()
    assert status_of(circle, member) is None


def test_asking_to_join_from_the_page_with_the_circles_questions(fay, member, committed):
    circle = make_circle("Leeds set", facilitator=fay, join_questions="What will you bring?")
    client = signed_in(member)
    assert "What will you bring?" in page(client, circle).content.decode()
    missing = client.post(f"/circles/{circle.slug}/join/", {"agree": "on"})
    assert "Answer this question for the facilitators." in missing.content.decode()
    assert status_of(circle, member) is None
    with committed():
        response = client.post(
            f"/circles/{circle.slug}/join/",
            {"answer_0": "Stories", "message": "Hello", "agree": "on"},
            follow=True,
        )
    assert "You have asked to join" in response.content.decode()
    membership = CircleMembership.objects.get(circle=circle, member=member)
    assert membership.answers == [{"question": "What will you bring?", "answer": "Stories"}]
    assert [m.to for m in mail.outbox] == [[fay.email]]


def test_answering_an_invitation_from_the_page(fay, member, other_member):
    circle = make_circle("Secret set", facilitator=fay, join_policy="invitation")
    circles.invite(circle, member, by=fay)
    circles.invite(circle, other_member, by=fay)
    client = signed_in(member)
    refused = client.post(f"/circles/{circle.slug}/invitation/", {"accept": "yes"})
    assert "every member of a circle accepts its agreements" in refused.content.decode()
    assert status_of(circle, member) == Status.INVITED
    client.post(f"/circles/{circle.slug}/invitation/", {"accept": "yes", "agree": "on"})
    assert status_of(circle, member) == Status.ACTIVE
    other = signed_in(other_member)
    response = other.post(f"/circles/{circle.slug}/invitation/", {"accept": "no"}, follow=True)
    assert "You declined the invitation" in response.content.decode()
    assert page(other, circle).status_code == 404


def test_leaving_asks_first_and_the_last_facilitator_is_told_why_not(leeds, fay, member):
    client = signed_in(member)
    confirm = client.get(f"/circles/{leeds.slug}/leave/")
    assert "Leave Leeds set?" in confirm.content.decode()
    assert status_of(leeds, member) == Status.ACTIVE
    client.post(f"/circles/{leeds.slug}/leave/")
    assert status_of(leeds, member) == Status.LEFT
    response = signed_in(fay).post(f"/circles/{leeds.slug}/leave/", follow=True)
    assert "only facilitator" in response.content.decode()
    assert status_of(leeds, fay) == Status.ACTIVE


def test_a_member_who_has_not_accepted_the_agreements_is_asked_to(fay, member):
    circle = make_circle("Leeds set", facilitator=fay, members=[member])
    CircleMembership.objects.filter(member=member).update(agreed_at=None)
    client = signed_in(member)
    assert "Accept the agreements" in page(client, circle).content.decode()
    client.post(f"/circles/{circle.slug}/agree/", {"agree": "on"})
    assert CircleMembership.objects.get(member=member).agreed_at is not None
    assert "Accept the agreements" not in page(client, circle).content.decode()


def test_the_circle_page_shows_its_settings(fay, member):
    circle = make_circle(
        "Leeds set",
        facilitator=fay,
        cadence="monthly",
        format="in_person",
        place="Leeds",
        time_zone="Europe/London",
        planned_sessions=8,
        topics=["discharge"],
    )
    text = page(signed_in(member), circle).content.decode()
    for words in (
        "Every month",
        "8 sessions planned",
        "In person, Leeds",
        "Europe/London",
        "1 of 6, 5 left",
        "Request to join",
        "Forming",
        "discharge",
        "stays in the circle",
    ):
        assert words in text, words


def test_your_circles_on_me_and_in_the_data_download(leeds, member, fay):
    from convening.circles.panels import export_memberships

    text = signed_in(member).get("/me/").content.decode()
    assert "Your circles" in text
    assert "Leeds set" in text
    rows = export_memberships(member)
    assert [(row["circle"], row["status"]) for row in rows] == [("Leeds set", "Member")]
