"""A gathering's page: what each person sees of it, and what they may not."""

import datetime
import zoneinfo

import pytest
from wagtail.test.utils import WagtailTestUtils

from convening.models import HomePage
from events.links import join_url_for
from events.models import AccessProvision, EventHost, EventIndexPage, EventPage, Rsvp
from events.rsvp import rsvp
from members.visibility import Visibility
from tests.conftest import signed_in
from tests.events.factories import make_gathering, make_host
from tests.factories import make_member, make_staff

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
VENUE = "The Old Fire Station, 40 George Street, Oxford OX1 2AQ"
MEETING = "https://meet.example.org/tuesday-room"


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def in_person():
    return make_gathering(
        "Tea and systems in Oxford",
        format=EventPage.Format.HYBRID,
        place="Oxford city centre",
        venue=VENUE,
        join_url=MEETING,
        capacity=1,
    )


def test_a_visitor_sees_the_time_in_the_hosts_zone_with_its_offset(client):
    event = make_gathering(
        "Survey gathering",
        starts_at=datetime.datetime(2030, 12, 3, 11, 0, tzinfo=LONDON),
        lasts=datetime.timedelta(minutes=90),
    )

    page = text_of(client.get(event.url))

    assert "Tuesday 3 December 2030, 11:00 to 12:30" in page
    assert "Europe/London time (GMT, UTC+0)" in page


def test_a_member_sees_the_time_in_their_own_zone(client):
    event = make_gathering(
        "Survey gathering",
        starts_at=datetime.datetime(2030, 12, 3, 11, 0, tzinfo=LONDON),
    )
    new_yorker = make_member(name="Nia", time_zone="America/New_York")

    page = text_of(signed_in(new_yorker).get(event.url))

    assert "Tuesday 3 December 2030, 06:00 to 07:30" in page
    assert "America/New York time (EST, UTC-5)" in page


def test_the_venue_and_join_link_show_only_to_people_going_and_hosts(client, in_person):
    going, waiting, not_going = (make_member(name=n) for n in ("Going", "Waiting", "Declined"))
    host = make_host()
    EventHost.objects.create(event=in_person, member=host)
    rsvp(in_person, going, going=True)
    rsvp(in_person, waiting, going=True)
    rsvp(in_person, not_going, going=False)

    assert VENUE in text_of(signed_in(going).get(in_person.url))
    assert "Join online" in text_of(signed_in(going).get(in_person.url))
    assert VENUE in text_of(signed_in(host).get(in_person.url))
    for outsider in (waiting, not_going, make_staff(group="Editors", name="Ed")):
        page = text_of(signed_in(outsider).get(in_person.url))
        assert VENUE not in page
        assert "Join online" not in page
        assert "/gatherings/join/" not in page
        assert MEETING not in page
    page = text_of(client.get(in_person.url))
    assert VENUE not in page
    assert MEETING not in page
    assert "Oxford city centre" in page


def test_the_personal_join_link_leads_to_the_meeting_only_for_its_member_while_going(in_person):
    going, other = make_member(name="Going"), make_member(name="Forwarded to")
    answer = rsvp(in_person, going, going=True)
    link = join_url_for(answer)

    response = signed_in(going).get(link)
    assert response.status_code == 302
    assert response["Location"] == MEETING

    forwarded = signed_in(other).get(link)
    assert forwarded.status_code == 403
    assert "belongs to someone else" in forwarded.content.decode()
    assert MEETING not in forwarded.content.decode()

    rsvp(in_person, going, going=False)
    assert signed_in(going).get(link).status_code == 403


def test_hosts_can_change_the_meeting_address_without_sending_new_links(in_person):
    going = make_member(name="Going")
    link = join_url_for(rsvp(in_person, going, going=True))

    in_person.join_url = "https://meet.example.org/a-new-room"
    in_person.save_revision().publish()

    assert signed_in(going).get(link)["Location"] == "https://meet.example.org/a-new-room"


def test_a_tampered_or_anonymous_join_link_opens_nothing(client, in_person):
    going = make_member(name="Going")
    link = join_url_for(rsvp(in_person, going, going=True))

    assert "/accounts/login/" in client.get(link)["Location"]
    tampered = link[:-3] + "xyz/"
    response = signed_in(going).get(tampered)
    assert response.status_code == 403
    assert MEETING not in response.content.decode()


def test_a_members_only_gathering_asks_visitors_to_sign_in(client, member):
    event = make_gathering("Members' evening", visibility="members")

    response = client.get(event.url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "Members&#x27; evening" in text_of(signed_in(member).get(event.url))


def test_an_invitation_only_gathering_is_a_404_for_everyone_not_invited(client, member):
    event = make_gathering("Closed room", visibility="invited")
    editor = make_staff(group="Editors", name="Ed")
    superuser = make_staff(superuser=True, name="Su")

    assert client.get(event.url).status_code == 404
    for person in (member, editor, superuser):
        assert signed_in(person).get(event.url).status_code == 404
        assert signed_in(person).get(f"/gatherings/{event.pk}/calendar.ics").status_code == 404


def test_hosts_and_invited_members_see_an_invitation_only_gathering(member):
    host = make_host()
    event = make_gathering("Closed room", visibility="invited", hosts=[host])
    event.invitations.create(email=member.email, message="Do come", invited_by=host)

    assert "Closed room" in text_of(signed_in(host).get(event.url))
    assert "Closed room" in text_of(signed_in(member).get(event.url))


def test_the_attendee_list_shows_only_people_who_chose_it_and_whose_profiles_you_may_see(client):
    event = make_gathering(capacity=10)
    listed = make_member(name="Listed Public", visibility=Visibility.PUBLIC)
    members_only = make_member(name="Listed Members Only", visibility=Visibility.MEMBERS)
    unlisted = make_member(name="Quietly Coming", visibility=Visibility.PUBLIC)
    rsvp(event, listed, going=True, on_attendee_list=True)
    rsvp(event, members_only, going=True, on_attendee_list=True)
    rsvp(event, unlisted, going=True, on_attendee_list=False)

    visitor_view = text_of(client.get(event.url))
    member_view = text_of(signed_in(make_member(name="Viewer")).get(event.url))

    assert "Listed Public" in visitor_view
    assert "Listed Members Only" not in visitor_view
    assert "Listed Members Only" in member_view
    assert "Quietly Coming" not in visitor_view + member_view
    assert "3 going" in visitor_view


def test_the_reply_form_offers_the_members_saved_access_needs(member):
    event = make_gathering()
    captions = AccessProvision.objects.get(slug="captions")
    signed_in(member).post(
        "/me/access-needs/", {"needs": [captions.pk], "notes": "Breaks every hour"}
    )

    page = text_of(signed_in(member).get(event.url))

    assert f'value="{captions.pk}" id="id_access_needs_1" checked' in page or (
        f'value="{captions.pk}"' in page and "checked" in page
    )
    assert "Breaks every hour" in page


def test_the_reply_form_says_the_hosts_will_see_the_members_name_and_email(member):
    """The hosts' attendee list (and its CSV) holds each person's email address, so members
    are told before they reply, as they would be on any event platform."""
    event = make_gathering()

    page = text_of(signed_in(member).get(event.url))

    assert "The hosts see your name and email address" in page


def test_access_needs_are_private_to_the_member(client, member, other_member):
    captions = AccessProvision.objects.get(slug="captions")
    signed_in(member).post("/me/access-needs/", {"needs": [captions.pk], "notes": "Secret note"})

    assert "Secret note" not in text_of(signed_in(other_member).get("/me/access-needs/"))
    assert "/accounts/login/" in client.get("/me/access-needs/")["Location"]
    assert member.access_needs.notes == "Secret note"


def test_a_waitlisted_member_sees_their_place_in_the_queue(member, other_member):
    event = make_gathering(capacity=1)
    third = make_member(name="Third")
    rsvp(event, member, going=True)
    rsvp(event, other_member, going=True)
    rsvp(event, third, going=True)

    assert "on the waitlist</strong>, number 2" in text_of(signed_in(third).get(event.url))
    assert Rsvp.objects.get(member=third).status == Rsvp.Status.WAITLISTED


def test_a_cancelled_gathering_says_so_and_takes_no_replies(member):
    event = make_gathering(status="cancelled", status_reason="The hosts are unwell")

    page = text_of(signed_in(member).get(event.url))

    assert "Cancelled." in page
    assert "The hosts are unwell" in page
    assert "I am going" not in page


def test_signed_in_pages_are_private_to_the_browser(member):
    event = make_gathering()

    response = signed_in(member).get(event.url)

    assert "private" in response["Cache-Control"]


class TestStructure(WagtailTestUtils):
    def test_gatherings_live_only_under_the_gatherings_index(self):
        assert EventPage.parent_page_types == ["events.EventIndexPage"]
        assert EventIndexPage.parent_page_types == ["convening.HomePage"]
        assert EventIndexPage.max_count == 1

    def test_the_gatherings_index_is_at_gatherings(self, client):
        index = EventIndexPage.objects.get()
        assert index.get_parent().specific_class == HomePage
        assert index.url == "/gatherings/"
        assert client.get("/gatherings/").status_code == 200


def test_an_agenda_part_named_after_its_practice_links_its_title_without_repeating_it(client):
    from tests.practices.factories import make_practice

    what = make_practice("What? So what? Now what?")
    troika = make_practice("Troika consulting")
    event = make_gathering(
        "Reflecting together",
        agenda=[
            ("item", {"title": "What? So What? Now what?", "practice": what}),
            ("item", {"title": "Peer help", "practice": troika}),
        ],
    )

    html = client.get(event.url).content.decode()

    assert f'<strong><a href="{what.url}">What? So What? Now what?</a></strong>' in html
    assert f'using <a href="{what.url}">' not in html
    assert (
        f'<strong>Peer help</strong> <span class="muted">using <a href="{troika.url}">'
        "Troika consulting</a></span>"
    ) in html
