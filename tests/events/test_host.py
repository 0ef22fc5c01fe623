"""The host's view of a gathering: Harriet hosts; Ines and Mo reply; Charlie, an editor, a
superuser and Hugo (who hosts another gathering) may not look."""

import csv
import io

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from events.models import AccessProvision, EventPage, Invitation
from events.rsvp import rsvp
from tests.conftest import signed_in
from tests.events.factories import days, hours, make_gathering, make_host
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(db):
    return make_host("Harriet Host")


@pytest.fixture
def gathering(host):
    return make_gathering("Tea and systems", hosts=[host], capacity=1, starts_in=days(3))


@pytest.fixture
def replies(gathering):
    step_free = AccessProvision.objects.get_or_create(name="Step-free access", slug="step-free")[0]
    ines = make_member(name="Ines Invitee")
    mo = make_member(name="Mo Waiting")
    rsvp(
        gathering,
        ines,
        going=True,
        access_needs=[step_free],
        access_notes="I use a wheelchair",
        question="Is there tea?",
    )
    rsvp(gathering, mo, going=True)
    return ines, mo


def host_page(user, gathering):
    return signed_in(user).get(f"/gatherings/{gathering.pk}/host/")


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_host_sees_who_replied_with_access_needs_and_questions(host, gathering, replies):
    response = host_page(host, gathering)

    text = response.content.decode()
    assert "Going (1)" in text
    assert "Ines Invitee" in text
    assert "On the waitlist (1)" in text
    assert "Mo Waiting" in text
    assert "Step-free access" in text
    assert "I use a wheelchair" in text
    assert "Is there tea?" in text
    assert "no-store" in response["Cache-Control"]


def test_the_host_downloads_the_attendees_as_csv(host, gathering, replies):
    response = signed_in(host).get(f"/gatherings/{gathering.pk}/host/attendees.csv")

    assert response["Content-Disposition"] == 'attachment; filename="attendees.csv"'
    header, first, second = csv_rows(response)
    assert header == ["name", "email", "status", "on list", "needs", "notes", "question"]
    assert first[0] == "Ines Invitee"
    assert first[2] == "Going"
    assert first[4:] == ["Step-free access", "I use a wheelchair", "Is there tea?"]
    assert second[0] == "Mo Waiting"
    assert second[2] == "On the waitlist"


@pytest.mark.parametrize("path", ["host/", "host/attendees.csv"])
def test_no_one_but_the_gatherings_hosts_may_see_its_replies(
    client, path, gathering, replies, other_member, editor, superuser
):
    hugo = make_host("Hugo Elsewhere")
    make_gathering("Another gathering", hosts=[hugo])
    url = f"/gatherings/{gathering.pk}/{path}"

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous.url
    for outsider in (other_member, editor, superuser, hugo):
        response = signed_in(outsider).get(url)
        assert response.status_code == 404, outsider
        assert b"I use a wheelchair" not in response.content


def test_access_needs_are_hidden_from_the_host_eight_days_after_the_gathering(
    host, gathering, replies
):
    with time_machine.travel(gathering.ends_at + days(8)):
        page = host_page(host, gathering).content.decode()
        download = signed_in(host).get(f"/gatherings/{gathering.pk}/host/attendees.csv")

    assert "Access needs are no longer kept for hosts" in page
    assert "Ines Invitee" in page
    assert "I use a wheelchair" not in page
    assert "Is there tea?" not in page
    rows = csv_rows(download)
    assert rows[0] == ["name", "email", "status", "on list"]
    assert "I use a wheelchair" not in download.content.decode()


def test_the_csv_neutralises_spreadsheet_formulas(host, gathering):
    mallory = make_member(name='=HYPERLINK("https://evil.example","click")')
    rsvp(gathering, mallory, going=True, question="+SUM(A1:A9)", access_notes="@cmd")

    response = signed_in(host).get(f"/gatherings/{gathering.pk}/host/attendees.csv")

    [row] = csv_rows(response)[1:]
    assert row[0] == '\'=HYPERLINK("https://evil.example","click")'
    assert row[5] == "'@cmd"
    assert row[6] == "'+SUM(A1:A9)"


def test_the_host_invites_a_member_from_the_directory_through_the_form(
    host, gathering, other_member, committed
):
    page = host_page(host, gathering).content.decode()
    assert other_member.profile.name in page, "directory members are offered"

    with committed():
        response = signed_in(host).post(
            f"/gatherings/{gathering.pk}/host/invite/",
            {"member": other_member.profile.pk, "message": "Olu, come and tell us about Hackney."},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.member == other_member
    assert mail.outbox[-1].to == [other_member.email]
    page = host_page(host, gathering).content.decode()
    assert "Olu Other" in page
    assert "Sent" in page
    assert "Resend" in page


def test_an_invitation_without_a_message_or_without_anyone_is_refused_with_a_message(
    host, gathering
):
    session = signed_in(host)

    no_message = session.post(
        f"/gatherings/{gathering.pk}/host/invite/", {"email": "a@example.net", "message": " "}
    )
    nobody = session.post(f"/gatherings/{gathering.pk}/host/invite/", {"message": "Come!"})

    assert "This field is required" in no_message.content.decode()
    assert "Choose a member or give an email address" in nobody.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_hosts_resend_from_their_page_and_others_cannot(host, gathering, other_member, committed):
    with committed():
        signed_in(host).post(
            f"/gatherings/{gathering.pk}/host/invite/",
            {"email": "nell@example.net", "message": "Nell, do come."},
        )
    invitation = Invitation.objects.get()
    url = f"/gatherings/{gathering.pk}/host/invitations/{invitation.pk}/resend/"

    assert signed_in(other_member).post(url).status_code == 404
    with committed():
        signed_in(host).post(url)

    invitation.refresh_from_db()
    assert invitation.times_sent == 2
    assert len(mail.outbox) == 2


def test_the_host_sees_how_far_invitations_travelled(host, gathering, committed):
    from events import invitations as service

    ines = make_member(name="Ines Invitee", organisation="St James's Hospital")
    invitation = service.invite(gathering, by=host, member=ines, message="Come, Ines.")
    service.accept(invitation, ines)
    proposal = service.propose(
        invitation,
        by=ines,
        email="olu@tenants.example",
        name="Olu Organiser",
        organisation="Harehills Tenants",
        reason="The other side of discharge.",
    )
    page = host_page(host, gathering).content.decode()
    assert "Proposals waiting for you (1)" in page
    assert "The other side of discharge" in page

    service.decide_proposal(proposal, host, approve=True)
    page = host_page(host, gathering).content.decode()

    assert "Who invited whom" in page
    assert "Olu Organiser, Harehills Tenants" in page
    assert "proposed by Ines Invitee" in page
    assert "2 organisations reached" in page


def test_after_the_gathering_the_host_page_offers_no_invitations(host, gathering):
    with time_machine.travel(gathering.ends_at + hours(2)):
        page = host_page(host, gathering).content.decode()

    assert "Invitations can be sent while the gathering is published and still to come" in page


def test_outsiders_cannot_invite_or_decide_on_proposals(host, gathering, other_member, editor):
    from events import invitations as service

    ines = make_member(name="Ines Invitee")
    invitation = service.invite(gathering, by=host, member=ines, message="Come, Ines.")
    service.accept(invitation, ines)
    proposal = service.propose(
        invitation,
        by=ines,
        email="olu@tenants.example",
        name="Olu",
        organisation="Tenants",
        reason="Widen it.",
    )
    base = f"/gatherings/{gathering.pk}/host"

    for outsider in (other_member, editor, ines):
        session = signed_in(outsider)
        invited = session.post(f"{base}/invite/", {"email": "x@example.net", "message": "Hi"})
        decided = session.post(f"{base}/proposals/{proposal.pk}/approve/")
        assert invited.status_code == 404
        assert decided.status_code == 404
    assert Invitation.objects.get(pk=proposal.pk).status == Invitation.Status.PROPOSED
    assert not Invitation.objects.filter(email="x@example.net").exists()
    bad = signed_in(host).post(f"{base}/proposals/{proposal.pk}/maybe/")
    assert bad.status_code == 404


def test_after_the_gathering_the_host_asks_for_feedback_and_reads_it_without_names(committed):
    host = make_host(name="Harriet Host")
    event = make_gathering("Last Tuesday", hosts=[host], starts_in=days(7))
    attendee = make_member(name="Ada Attendee")
    rsvp(event, attendee, going=True)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - days(2), ends_at=timezone.now() - days(2) + hours(1)
    )
    host_session = signed_in(host)

    with committed():
        host_session.post(f"/gatherings/{event.pk}/host/ask-for-feedback/")
    signed_in(attendee).post(
        f"/gatherings/{event.pk}/feedback/",
        {"usefulness": "4", "what_worked": "The Troika round", "what_next": "Meet monthly"},
    )

    page = host_session.get(f"/gatherings/{event.pk}/host/").content.decode()
    assert any(email.to == [attendee.email] for email in mail.outbox)
    assert "1 answered; on average they found it 4.0 out of 5 useful" in page
    assert "The Troika round" in page
    assert "Ada Attendee" in page  # in the list of replies, not beside the feedback
    assert page.count("Ada Attendee") == page[: page.index("After the gathering")].count(
        "Ada Attendee"
    )
