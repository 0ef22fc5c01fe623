"""After the gathering: hosts ask the people who came for feedback, attendees answer once (and
may change it), hosts read the answers; the recording and the practices used show only to
those who may see them, on the gathering page and on the practice pages."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.harvest import (
    FeedbackRefused,
    ask_for_feedback,
    feedback_summary,
    record_feedback,
)
from events.models import EventPage, Feedback, Invitation
from events.rsvp import rsvp
from tests.conftest import signed_in
from tests.events.factories import days, hours, make_gathering, make_host
from tests.factories import make_member
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


def past_gathering(title="Last Tuesday", *, people=(), waiting=(), **fields):
    """A gathering that happened: `people` went, `waiting` stayed on the waitlist."""
    fields.setdefault("capacity", len(people) or None)
    event = make_gathering(title, starts_in=days(2), **fields)
    for person in people:
        rsvp(event, person, going=True)
    for person in waiting:
        rsvp(event, person, going=True)
    start = timezone.now() - days(3)
    EventPage.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + hours(2))
    event.refresh_from_db()
    return event


@pytest.fixture
def host():
    return make_host()


@pytest.fixture
def ada():
    return make_member(name="Ada Attendee")


@pytest.fixture
def gathered(host, ada, other_member):
    """A past gathering hosted by `host`: Ada went, the other member was waitlisted."""
    return past_gathering(hosts=[host], people=[ada], waiting=[other_member])


# Asking for feedback --------------------------------------------------------------------------


def test_a_host_asks_the_people_who_came_once_each(gathered, host, ada, committed):
    with committed():
        assert ask_for_feedback(gathered, host) == 1
    with committed():
        assert ask_for_feedback(gathered, host) == 0

    [email] = mail.outbox
    assert email.to == [ada.email]
    assert email.subject == "How was it? Last Tuesday"
    assert f"/gatherings/{gathered.pk}/feedback/" in email.body
    assert f"/gatherings/{gathered.pk}/feedback/" in email.alternatives[0][0]
    gathered.refresh_from_db()
    assert gathered.feedback_requested_at is not None


def test_only_a_host_may_ask_and_only_after_it_ended(host, ada, member):
    gathered = past_gathering(hosts=[host], people=[ada])
    upcoming = make_gathering("Next Tuesday", hosts=[host])

    with pytest.raises(FeedbackRefused, match="Only the gathering's hosts"):
        ask_for_feedback(gathered, member)
    with pytest.raises(FeedbackRefused, match="once the gathering is over"):
        ask_for_feedback(upcoming, host)
    assert EventPage.objects.filter(feedback_requested_at__isnull=False).count() == 0


def test_a_host_asks_from_the_site(gathered, host, committed):
    with committed():
        response = signed_in(host).post(f"/gatherings/{gathered.pk}/host/ask-for-feedback/")

    assert response.status_code == 302
    assert response["Location"] == f"/gatherings/{gathered.pk}/host/"
    assert len(mail.outbox) == 1


def test_people_who_are_not_hosts_cannot_ask_from_the_site(gathered, ada, client, committed):
    other_host = make_host(name="Other Host")
    past_gathering("Their own", hosts=[other_host])
    url = f"/gatherings/{gathered.pk}/host/ask-for-feedback/"

    with committed():
        assert signed_in(ada).post(url).status_code == 403
        assert signed_in(other_host).post(url).status_code == 403
        assert client.post(url).status_code == 302  # to the sign-in page
        assert signed_in(ada).get(url).status_code == 405

    assert mail.outbox == []


def test_an_invitation_only_gathering_is_404_to_outsiders_asking(host, member):
    secret = past_gathering(hosts=[host], visibility="invited")

    assert (
        signed_in(member).post(f"/gatherings/{secret.pk}/host/ask-for-feedback/").status_code == 404
    )


# Giving feedback ------------------------------------------------------------------------------


def test_an_attendee_gives_feedback_and_a_second_answer_updates_it(gathered, ada):
    session = signed_in(ada)
    url = f"/gatherings/{gathered.pk}/feedback/"

    assert "How useful was it for you?" in session.get(url).content.decode()
    session.post(url, {"usefulness": "4", "what_worked": "Troikas.", "what_next": "More."})
    response = session.post(url, {"usefulness": "5", "what_worked": "Troikas!", "what_next": ""})

    assert response.status_code == 302
    feedback = Feedback.objects.get(event=gathered)
    assert (feedback.member, feedback.usefulness, feedback.what_worked) == (ada, 5, "Troikas!")
    assert "you can change your answer" in session.get(url).content.decode()


def test_a_bad_answer_is_refused_with_a_message_and_saves_nothing(gathered, ada):
    response = signed_in(ada).post(f"/gatherings/{gathered.pk}/feedback/", {"usefulness": "9"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Feedback.objects.exists()


def test_only_people_who_were_going_may_give_feedback(gathered, host, other_member, client, editor):
    url = f"/gatherings/{gathered.pk}/feedback/"
    answer = {"usefulness": "1", "what_worked": "", "what_next": ""}

    for person in (other_member, host, editor, make_member(name="Never Replied")):
        assert signed_in(person).get(url).status_code == 404, person
        assert signed_in(person).post(url, answer).status_code == 404, person
    assert client.get(url).status_code == 302
    with pytest.raises(FeedbackRefused):
        record_feedback(gathered, other_member, usefulness=3)
    assert not Feedback.objects.exists()


def test_no_feedback_before_the_gathering_ends(ada):
    upcoming = make_gathering("Next Tuesday")
    rsvp(upcoming, ada, going=True)

    assert signed_in(ada).get(f"/gatherings/{upcoming.pk}/feedback/").status_code == 404
    with pytest.raises(FeedbackRefused):
        record_feedback(upcoming, ada, usefulness=3)


def test_the_page_offers_the_feedback_link_to_attendees_only(gathered, ada, other_member, client):
    link = f"/gatherings/{gathered.pk}/feedback/"

    assert link in signed_in(ada).get(gathered.url).content.decode()
    assert link not in signed_in(other_member).get(gathered.url).content.decode()
    assert link not in client.get(gathered.url).content.decode()


# What hosts read ------------------------------------------------------------------------------


def test_hosts_read_a_summary_without_names(host):
    people = [make_member(name=f"Person {n}") for n in range(3)]
    event = past_gathering(hosts=[host], people=people)
    record_feedback(event, people[0], usefulness=5, what_worked="The troikas.")
    record_feedback(event, people[1], usefulness=4, what_next="Meet in person.")

    summary = feedback_summary(event)

    assert (summary.count, summary.average_usefulness, summary.attendees) == (2, 4.5, 3)
    assert {answer.what_worked for answer in summary.answers} == {"The troikas.", ""}
    assert not hasattr(summary.answers[0], "member")


def test_the_summary_of_a_gathering_without_answers(host):
    summary = feedback_summary(past_gathering(hosts=[host]))

    assert (summary.count, summary.average_usefulness, summary.answers) == (0, None, [])


# The recording --------------------------------------------------------------------------------


def test_a_members_only_recording_is_for_members(client, member):
    event = past_gathering(recording_url="https://video.example.org/harvest-42")

    assert "harvest-42" not in client.get(event.url).content.decode()
    assert "A recording is available to members" in client.get(event.url).content.decode()
    assert "harvest-42" in signed_in(member).get(event.url).content.decode()


def test_a_recording_for_everyone_shows_to_visitors(client):
    event = past_gathering(
        recording_url="https://video.example.org/harvest-42", recording_members_only=False
    )

    assert "harvest-42" in client.get(event.url).content.decode()


# On the practice pages ------------------------------------------------------------------------


def test_the_harvest_shows_on_the_practice_pages_it_used(client):
    troika = make_practice("Troika consulting")
    event = past_gathering("Troikas in Leeds")
    event.harvest_practices.add(troika)
    event.save_revision().publish()

    html = client.get(troika.url).content.decode()

    assert "Used at gatherings" in html
    assert f'href="{event.url}"' in html


def test_an_agenda_practice_shows_on_its_page(client):
    troika = make_practice("Troika consulting")
    event = make_gathering(
        "Planned troikas", agenda=[("item", {"title": "Troikas", "practice": troika})]
    )

    assert f'href="{event.url}"' in client.get(troika.url).content.decode()


def test_an_invitation_only_harvest_never_shows_to_someone_not_invited(client, member):
    troika = make_practice("Troika consulting")
    invited = make_member(name="Ivy Invited")
    secret = past_gathering("Secret circle", visibility="invited")
    Invitation.objects.create(event=secret, member=invited, email=invited.email, message="Come.")
    secret.harvest_practices.add(troika)
    secret.save_revision().publish()

    for session in (client, signed_in(member), signed_in(make_host(name="Other Host"))):
        html = session.get(troika.url).content.decode()
        assert "Secret circle" not in html
        assert "Used at gatherings" not in html
    assert "Secret circle" in signed_in(invited).get(troika.url).content.decode()


def test_members_only_harvests_show_to_members_only(client, member):
    troika = make_practice("Troika consulting")
    event = past_gathering("Members evening", visibility="members")
    event.harvest_practices.add(troika)
    event.save_revision().publish()

    assert "Members evening" not in client.get(troika.url).content.decode()
    assert "Members evening" in signed_in(member).get(troika.url).content.decode()


def test_practice_pages_run_the_same_queries_however_many_gatherings_used_them(client):
    troika = make_practice("Troika consulting")

    def queries():
        client.get(troika.url)  # warm the site's cached root paths
        with CaptureQueriesContext(connection) as captured:
            assert client.get(troika.url).status_code == 200
        return len(captured)

    event = past_gathering("One")
    event.harvest_practices.add(troika)
    event.save_revision().publish()
    one = queries()
    for n in range(5):
        more = past_gathering(f"More {n}")
        more.harvest_practices.add(troika)
        more.save_revision().publish()

    assert queries() == one
