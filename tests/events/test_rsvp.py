"""Replying to a gathering: going, not going, the waitlist, and every way a reply is refused."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from events.models import AccessProvision, EventPage, Rsvp
from events.rsvp import (
    GatheringCancelled,
    GatheringOver,
    NotInvited,
    NotVerified,
    RepliesClosed,
    leave_waitlist,
    rsvp,
)
from tests.conftest import signed_in
from tests.events.factories import days, hours, make_gathering, make_host
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def statuses(event):
    return dict(Rsvp.objects.filter(event=event).values_list("member__email", "status"))


def test_a_member_who_says_they_are_going_is_going_and_gets_the_calendar_file(member, committed):
    event = make_gathering("Tuesday gathering")

    with committed():
        answer = rsvp(event, member, going=True)

    assert answer.status == Rsvp.Status.GOING
    [email] = mail.outbox
    assert email.to == [member.email]
    assert "You are going" in email.subject
    assert email.attachments[0][0] == "gathering.ics"
    assert "BEGIN:VEVENT" in email.attachments[0][1]
    assert email.alternatives, "the email has an HTML part beside the plain text"


def test_when_full_the_next_member_joins_the_waitlist(member, other_member, committed):
    event = make_gathering(capacity=1)
    rsvp(event, member, going=True)

    with committed():
        answer = rsvp(event, other_member, going=True)

    assert answer.status == Rsvp.Status.WAITLISTED
    assert "waitlist" in mail.outbox[-1].subject


def test_answering_twice_changes_nothing_and_sends_nothing_more(member, committed):
    event = make_gathering(capacity=3)
    with committed():
        first = rsvp(event, member, going=True)
    sent = len(mail.outbox)

    with committed():
        again = rsvp(event, member, going=True)

    assert again.pk == first.pk
    assert Rsvp.objects.filter(event=event).count() == 1
    assert len(mail.outbox) == sent


def test_cancelling_frees_the_place_for_the_first_on_the_waitlist_who_is_emailed(committed):
    event = make_gathering(capacity=1)
    first, second, third = (make_member(name=name) for name in ("Ada", "Bo", "Cy"))
    for person in (first, second, third):
        rsvp(event, person, going=True)

    with committed():
        rsvp(event, first, going=False)

    assert statuses(event) == {
        first.email: Rsvp.Status.NOT_GOING,
        second.email: Rsvp.Status.GOING,
        third.email: Rsvp.Status.WAITLISTED,
    }
    [promotion] = mail.outbox
    assert promotion.to == [second.email]
    assert "A place came free" in promotion.subject
    assert promotion.attachments, "the promotion carries the calendar file"


def test_a_member_can_leave_the_waitlist(member, other_member):
    event = make_gathering(capacity=1)
    rsvp(event, member, going=True)
    rsvp(event, other_member, going=True)

    leave_waitlist(event, other_member)

    assert statuses(event)[other_member.email] == Rsvp.Status.NOT_GOING
    rsvp(event, member, going=False)
    assert statuses(event)[other_member.email] == Rsvp.Status.NOT_GOING


def test_access_needs_and_a_question_are_kept_with_the_reply(member):
    event = make_gathering()
    captions = AccessProvision.objects.get(slug="captions")

    answer = rsvp(
        event,
        member,
        going=True,
        access_needs=[captions],
        access_notes="I lip-read: cameras on please",
        question="Is there a recording?",
        on_attendee_list=True,
    )

    answer.refresh_from_db()
    assert list(answer.access_needs.all()) == [captions]
    assert answer.access_notes == "I lip-read: cameras on please"
    assert answer.question == "Is there a recording?"
    assert answer.on_attendee_list


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        ({"status": "cancelled", "status_reason": "Snow"}, GatheringCancelled),
        ({"starts_in": -days(2)}, GatheringOver),
        ({"rsvp_closes_at": timezone.now() - hours(1)}, RepliesClosed),
        ({"rsvp_opens_at": timezone.now() + days(1)}, RepliesClosed),
        ({"visibility": "invited"}, NotInvited),
    ],
    ids=["cancelled", "past", "closed", "not yet open", "invitation only"],
)
def test_replies_the_rules_do_not_allow_are_refused_and_change_nothing(member, fields, refusal):
    event = make_gathering(**fields)

    with pytest.raises(refusal):
        rsvp(event, member, going=True)

    assert not Rsvp.objects.filter(event=event).exists()
    assert not mail.outbox


def test_an_unverified_account_cannot_reply(unverified):
    event = make_gathering()

    with pytest.raises(NotVerified):
        rsvp(event, unverified, going=True)

    assert not Rsvp.objects.exists()


def test_a_host_of_an_invitation_only_gathering_may_reply():
    host = make_host()
    event = make_gathering(visibility="invited", hosts=[host])

    assert rsvp(event, host, going=True).status == Rsvp.Status.GOING


def test_a_refused_reply_through_the_page_shows_the_reason_and_changes_nothing(member):
    event = make_gathering(status="cancelled", status_reason="The venue flooded")

    response = signed_in(member).post(
        f"/gatherings/{event.pk}/reply/", {"going": "yes"}, follow=True
    )

    assert "This gathering has been cancelled." in response.content.decode()
    assert not Rsvp.objects.exists()


def test_a_refused_reply_keeps_what_the_member_typed(member):
    event = make_gathering(status="cancelled", status_reason="The venue flooded")

    response = signed_in(member).post(
        f"/gatherings/{event.pk}/reply/", {"going": "yes", "question": "Is there parking?"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This gathering has been cancelled." in html
    assert "Is there parking?</textarea>" in html
    assert not Rsvp.objects.exists()


def test_a_reply_the_form_cannot_take_shows_the_page_again_with_what_was_typed(member):
    event = make_gathering(capacity=10)
    step_free = AccessProvision.objects.get(slug="step-free")
    too_long = " ".join(["Will there be a hearing loop?"] * 40)

    response = signed_in(member).post(
        f"/gatherings/{event.pk}/reply/",
        {
            "going": "yes",
            "access_needs": [step_free.pk],
            "access_notes": "A chair near the door",
            "question": too_long,
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_question">A question for the hosts: Ensure this value has at most' in html
    assert "We could not read that reply" not in html
    assert f"{too_long}</textarea>" in html
    assert "A chair near the door</textarea>" in html
    assert re.search(rf'value="{step_free.pk}"[^>]*checked', html)
    assert not Rsvp.objects.exists()


def test_a_reply_without_its_answer_says_what_is_missing(member):
    event = make_gathering()

    response = signed_in(member).post(f"/gatherings/{event.pk}/reply/", {"question": "Hello"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Say whether you are going, with one of the buttons." in html
    assert "Hello</textarea>" in html
    assert not Rsvp.objects.exists()


def test_a_member_who_has_not_replied_is_told_so_not_shown_as_not_going(member):
    html = signed_in(member).get(make_gathering().url).content.decode()

    assert "You have not replied yet." in html
    assert "I am not going" not in html
    assert "You said you are not going" not in html
    assert ">I cannot go</button>" in html


def test_replying_through_the_page_records_the_answer_and_can_remember_needs(member):
    event = make_gathering(capacity=10)
    step_free = AccessProvision.objects.get(slug="step-free")

    response = signed_in(member).post(
        f"/gatherings/{event.pk}/reply/",
        {
            "going": "yes",
            "access_needs": [step_free.pk],
            "access_notes": "A chair near the door",
            "remember_needs": "on",
        },
        follow=True,
    )

    assert "You are going." in response.content.decode()
    assert statuses(event) == {member.email: Rsvp.Status.GOING}
    assert list(member.access_needs.needs.all()) == [step_free]
    assert member.access_needs.notes == "A chair near the door"


def test_a_double_submitted_page_reply_leaves_one_row(member, committed):
    event = make_gathering(capacity=10)
    session = signed_in(member)
    with committed():
        for _ in range(3):
            session.post(f"/gatherings/{event.pk}/reply/", {"going": "yes"})

    assert Rsvp.objects.filter(event=event, member=member).count() == 1
    assert sum("You are going" in email.subject for email in mail.outbox) == 1


def test_replying_needs_a_signed_in_verified_member(client, unverified):
    event = make_gathering()

    response = client.post(f"/gatherings/{event.pk}/reply/", {"going": "yes"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    signed_in(unverified).post(f"/gatherings/{event.pk}/reply/", {"going": "yes"})
    assert not Rsvp.objects.exists()


def test_replying_to_an_invitation_only_gathering_by_editing_the_url_is_a_404(member):
    event = make_gathering(visibility="invited")

    response = signed_in(member).post(f"/gatherings/{event.pk}/reply/", {"going": "yes"})

    assert response.status_code == 404
    assert not Rsvp.objects.exists()


def test_junk_in_the_reply_form_changes_nothing(member):
    event = make_gathering()

    signed_in(member).post(f"/gatherings/{event.pk}/reply/", {"going": "perhaps"})
    signed_in(member).post("/gatherings/999999/reply/", {"going": "yes"})

    assert not Rsvp.objects.exists()


def test_lowering_capacity_below_the_number_going_keeps_the_places_taken(member, other_member):
    """The editor's form refuses it with a message (tests/events/test_admin.py); a publish that
    gets past the form anyway (replies landing in between) stores no fewer places than people
    going, counted under the gathering's row lock."""
    event = make_gathering(capacity=3)
    rsvp(event, member, going=True)
    rsvp(event, other_member, going=True)
    event.capacity = 1

    event.save_revision().publish()

    assert EventPage.objects.get(pk=event.pk).capacity == 2
    assert Rsvp.objects.filter(event=event, status=Rsvp.Status.GOING).count() == 2


def test_raising_capacity_lets_the_waitlist_in_when_the_hosts_publish(member, other_member):
    event = make_gathering(capacity=1)
    rsvp(event, member, going=True)
    rsvp(event, other_member, going=True)

    event.capacity = 2
    event.save_revision().publish()

    assert statuses(event)[other_member.email] == Rsvp.Status.GOING


def test_a_member_can_still_say_they_cannot_come_after_replies_close(member):
    event = make_gathering(capacity=5)
    rsvp(event, member, going=True)
    event.rsvp_closes_at = timezone.now() - hours(1)
    event.save_revision().publish()

    answer = rsvp(event, member, going=False)

    assert answer.status == Rsvp.Status.NOT_GOING
