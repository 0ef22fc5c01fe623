"""/gatherings/: upcoming first by month, past on their own tab, filters that forgive junk, times
in the viewer's zone, and who may and may not see each gathering there and in the RSS feed, the
public calendar, the sitemap and search."""

import datetime
import re
import zoneinfo
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from icalendar import Calendar

from events.models import EventPage, Invitation, hash_token
from events.rsvp import rsvp

from ..conftest import signed_in
from ..practices.factories import make_practice
from .factories import days, make_gathering, make_host

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def titles(response):
    html = response.content.decode()
    return [
        unescape(title)
        for title in re.findall(
            r'<h3><a href="[^"]+">(?:<span class="badge">Cancelled</span> )?([^<]+)</a>', html
        )
    ]


def month_headings(response):
    return re.findall(r'<h2 class="gathering-month"[^>]*>([^<]+)</h2>', response.content.decode())


def local(year, month, day, hour=11, minute=0, zone=LONDON):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.fixture
def host(db):
    return make_host("Harriet Clarke")


@pytest.fixture
def three_kinds(host):
    """A public, a members-only and an invitation-only gathering, all upcoming."""
    return {
        "public": make_gathering("Open Tuesday", hosts=[host], starts_in=days(3)),
        "members": make_gathering(
            "Members evening", hosts=[host], visibility="members", starts_in=days(4)
        ),
        "invited": make_gathering(
            "Funders round table", hosts=[host], visibility="invited", starts_in=days(5)
        ),
    }


def invite(event, member=None, email=""):
    return Invitation.objects.create(
        event=event,
        member=member,
        email=email or member.email,
        message="We would love you to come.",
        token_hash=hash_token(f"token-{event.pk}-{email or member.pk}"),
    )


# Order, months and tabs --------------------------------------------------------------------


@pytest.mark.usefixtures("host")
def test_upcoming_gatherings_come_soonest_first_grouped_by_month(client):
    with_time = timezone.now()
    make_gathering("Later", starts_at=local(2031, 5, 20))
    make_gathering("Sooner", starts_at=local(2031, 4, 8))
    make_gathering("Between", starts_at=local(2031, 5, 2))
    make_gathering("Long gone", starts_at=with_time - days(40))
    response = client.get("/gatherings/")
    assert titles(response) == ["Sooner", "Between", "Later"]
    assert month_headings(response) == ["April 2031", "May 2031"]


def test_past_gatherings_are_on_their_own_tab_most_recent_first(client):
    make_gathering("Last year", starts_in=-days(300))
    make_gathering("Last week", starts_in=-days(7))
    make_gathering("Next week", starts_in=days(7))
    response = client.get("/gatherings/?when=past")
    assert titles(response) == ["Last week", "Last year"]
    assert 'aria-current="page">Past gatherings' in response.content.decode()
    assert titles(client.get("/gatherings/")) == ["Next week"]


def test_a_gathering_happening_now_is_still_upcoming(client):
    make_gathering("Going on now", starts_in=-datetime.timedelta(minutes=30))
    assert titles(client.get("/gatherings/")) == ["Going on now"]


def test_month_headings_follow_the_members_own_time_zone(client):
    make_gathering("Late in London", starts_at=local(2031, 4, 30, 20, 0))
    sydney = signed_in(make_host("Sid Sydney", time_zone="Australia/Sydney"))
    assert month_headings(client.get("/gatherings/")) == ["April 2031"]
    response = sydney.get("/gatherings/")
    assert month_headings(response) == ["May 2031"]
    html = response.content.decode()
    assert "Thursday 1 May 2031, 05:00 to 06:30" in html
    assert "Australia/Sydney time" in html


def test_visitors_see_times_in_the_hosts_zone_with_its_name_and_offset(client):
    make_gathering(
        "Morning in New York",
        starts_at=local(2031, 7, 1, 9, 30, zoneinfo.ZoneInfo("America/New_York")),
        time_zone="America/New_York",
    )
    html = client.get("/gatherings/").content.decode()
    assert "Tuesday 1 July 2031, 09:30 to 11:00" in html
    assert "America/New York time (EDT, UTC-4)" in html


def test_members_see_times_in_their_own_zone(member):
    make_gathering("Tuesday in London", starts_at=local(2031, 7, 1, 11, 0))
    paris = signed_in(make_host("Pia Paris", time_zone="Europe/Paris"))
    html = paris.get("/gatherings/").content.decode()
    assert "Tuesday 1 July 2031, 12:00 to 13:30" in html
    assert "Europe/Paris time (CEST, UTC+2)" in html


def test_cancelled_gatherings_stay_listed_and_say_so(client, host):
    event = make_gathering("Rained off", hosts=[host])
    event.status = EventPage.Status.CANCELLED
    event.status_reason = "The hall flooded."
    event.save_revision().publish()
    html = client.get("/gatherings/").content.decode()
    assert titles(client.get("/gatherings/")) == ["Rained off"]
    assert '<span class="badge">Cancelled</span> Rained off' in html
    assert "Cancelled: The hall flooded." in html


def test_drafts_are_not_listed(client, member):
    make_gathering("Still a draft", live=False)
    assert titles(client.get("/gatherings/")) == []
    assert titles(signed_in(member).get("/gatherings/")) == []


def test_each_gathering_shows_how_many_are_going_and_when_it_is_full(client, member, other_member):
    event = make_gathering("Small room", capacity=1)
    rsvp(event, member, going=True)
    rsvp(event, other_member, going=True)
    html = client.get("/gatherings/").content.decode()
    assert "1 going of 1, full: join the waitlist" in html


# Filters ------------------------------------------------------------------------------------


@pytest.fixture
def mixed(host):
    cafe = make_practice("World Cafe")
    troika = make_practice("Troika Consulting")
    online = make_gathering(
        "Online with a cafe",
        starts_in=days(2),
        tags=["housing"],
        agenda=[("item", {"title": "Tables", "practice": cafe})],
    )
    room = make_gathering(
        "In a room", starts_in=days(3), format=EventPage.Format.IN_PERSON, tags=["health"]
    )
    hybrid = make_gathering("Both at once", starts_in=days(4), format=EventPage.Format.HYBRID)
    past = make_gathering("Troika last month", starts_in=-days(30), tags=["housing"])
    past.harvest_practices.add(troika)
    past.save_revision().publish()
    return {"online": online, "room": room, "hybrid": hybrid, "past": past}


@pytest.mark.usefixtures("mixed")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("format=online", ["Online with a cafe"]),
        ("format=in_person", ["In a room"]),
        ("format=hybrid", ["Both at once"]),
        ("topic=housing", ["Online with a cafe"]),
        ("topic=health&format=in_person", ["In a room"]),
        ("topic=health&format=online", []),
        ("practice=world-cafe", ["Online with a cafe"]),
        ("when=past&practice=troika-consulting", ["Troika last month"]),
        ("when=past&topic=housing", ["Troika last month"]),
    ],
)
def test_filters_by_format_topic_and_practice_used(client, query, expected):
    assert titles(client.get(f"/gatherings/?{query}")) == expected


@pytest.mark.usefixtures("mixed")
def test_the_filter_lists_offer_the_topics_and_practices_of_the_gatherings_on_the_tab(client):
    upcoming = client.get("/gatherings/").content.decode()
    assert '<option value="housing">housing</option>' in upcoming
    assert '<option value="world-cafe">World Cafe</option>' in upcoming
    # Troika was used (harvested) only at a past gathering.
    assert "troika-consulting" not in upcoming
    past = client.get("/gatherings/?when=past").content.decode()
    assert '<option value="troika-consulting">Troika Consulting</option>' in past
    assert "world-cafe" not in past


def test_the_filter_lists_draw_on_the_next_gatherings_only_but_any_can_be_chosen(
    client, monkeypatch
):
    """With years of gatherings, listing every practice ever used would be most of the page."""
    from events import listing

    monkeypatch.setattr(listing, "OPTIONS_FROM", 2)
    make_gathering("Soon", starts_in=days(1), tags=["soon-topic"])
    make_gathering("Next", starts_in=days(2), tags=["next-topic"])
    make_gathering("Far off", starts_in=days(90), tags=["far-topic"])

    html = client.get("/gatherings/").content.decode()
    assert '<option value="soon-topic">' in html
    assert '<option value="next-topic">' in html
    assert "far-topic" not in html

    chosen = client.get("/gatherings/?topic=far-topic")
    assert titles(chosen) == ["Far off"]
    assert '<option value="far-topic" selected>' in chosen.content.decode()


@pytest.mark.usefixtures("mixed")
@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=10**12",
        "page=1000000000000",
        "page=-3",
        "page=0",
        "page=",
        "when=yesterday",
        "format=underwater",
        "topic=no-such-topic",
        "practice=no-such-practice",
        "topic=" + "x" * 5000,
        "practice=" + "y" * 5000 + "&format=" + "z" * 5000,
        "format=online&format=hybrid",
        "topic=%00%ff",
    ],
)
def test_junk_in_the_address_is_ignored(client, query):
    response = client.get(f"/gatherings/?{query}")
    assert response.status_code == 200
    assert titles(response) == ["Online with a cafe", "In a room", "Both at once"] or (
        "format=online" in query and titles(response) == ["Both at once"]
    )


def test_pagination_keeps_the_filters(client, settings):
    from events import listing

    for n in range(listing.PER_PAGE + 2):
        make_gathering(f"Housing circle {n:02d}", starts_in=days(n + 1), tags=["housing"])
    make_gathering("Health circle", starts_in=days(1), tags=["health"])
    response = client.get("/gatherings/?topic=housing")
    html = response.content.decode()
    assert 'href="?topic=housing&amp;page=2" rel="next"' in html
    assert len(titles(response)) == listing.PER_PAGE
    second = client.get("/gatherings/?topic=housing&page=2")
    n = listing.PER_PAGE
    assert titles(second) == [f"Housing circle {n:02d}", f"Housing circle {n + 1:02d}"]
    assert 'href="?topic=housing&amp;page=1" rel="prev"' in second.content.decode()
    # A page past the end shows the last one rather than an error.
    assert titles(client.get("/gatherings/?topic=housing&page=99")) == titles(second)


# Who may see what ---------------------------------------------------------------------------


def test_visitors_see_only_public_gatherings(client, three_kinds):
    assert titles(client.get("/gatherings/")) == ["Open Tuesday"]


def test_members_see_members_only_gatherings_but_not_invitation_only_ones(
    member_client, three_kinds
):
    assert titles(member_client.get("/gatherings/")) == ["Open Tuesday", "Members evening"]


def test_unverified_accounts_see_only_public_gatherings(unverified, three_kinds):
    assert titles(signed_in(unverified).get("/gatherings/")) == ["Open Tuesday"]


def test_an_editor_without_an_invitation_does_not_see_an_invitation_only_gathering(
    editor_client, three_kinds
):
    assert "Funders round table" not in titles(editor_client.get("/gatherings/"))


def test_the_host_of_another_gathering_does_not_see_an_invitation_only_gathering(three_kinds):
    someone_else = make_host("Other Host")
    make_gathering("Their own", hosts=[someone_else], visibility="invited")
    listed = titles(signed_in(someone_else).get("/gatherings/"))
    assert "Funders round table" not in listed
    assert "Their own" in listed


def test_invited_members_and_hosts_see_an_invitation_only_gathering(
    host, member, other_member, three_kinds
):
    invite(three_kinds["invited"], member)
    invite(three_kinds["invited"], email=other_member.email)
    for person in (host, member, other_member):
        assert "Funders round table" in titles(signed_in(person).get("/gatherings/")), person


def test_an_invitation_to_an_unverified_address_does_not_reveal_the_gathering(
    unverified, three_kinds
):
    invite(three_kinds["invited"], email=unverified.email)
    assert "Funders round table" not in titles(signed_in(unverified).get("/gatherings/"))


def test_the_topic_list_does_not_name_a_topic_only_an_invitation_only_gathering_has(
    client, member_client, host
):
    make_gathering("Public", tags=["housing"])
    make_gathering("Secret", visibility="invited", hosts=[host], tags=["merger talks"])
    for viewer in (client, member_client):
        assert "merger talks" not in viewer.get("/gatherings/").content.decode()
    assert "merger talks" in signed_in(host).get("/gatherings/").content.decode()


def test_filtering_by_an_invitation_only_gatherings_topic_shows_nothing_secret(member_client, host):
    make_gathering("Public", tags=["housing"])
    make_gathering("Secret", visibility="invited", hosts=[host], tags=["merger-talks"])
    response = member_client.get("/gatherings/?topic=merger-talks")
    assert "Secret" not in response.content.decode()
    assert titles(response) == ["Public"]


def test_the_rss_feed_lists_only_upcoming_public_gatherings_even_for_members(
    client, member, host, three_kinds
):
    invite(three_kinds["invited"], member)
    make_gathering("Public but past", starts_in=-days(10))
    for viewer in (client, signed_in(member), signed_in(host)):
        response = viewer.get("/gatherings/feed/")
        assert response["Content-Type"].startswith("application/rss+xml")
        body = response.content.decode()
        assert "<title>Open Tuesday</title>" in body
        assert "Members evening" not in body
        assert "Funders round table" not in body
        assert "Public but past" not in body


def test_the_rss_feed_marks_cancelled_gatherings(client):
    event = make_gathering("Rained off")
    event.status, event.status_reason = EventPage.Status.CANCELLED, "Flood."
    event.save_revision().publish()
    assert (
        "<title>Cancelled: Rained off</title>" in client.get("/gatherings/feed/").content.decode()
    )


def summaries(response):
    calendar = Calendar.from_ical(response.content)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def test_the_public_calendar_lists_only_public_gatherings_even_for_members(
    client, member, host, three_kinds
):
    invite(three_kinds["invited"], member)
    for viewer in (client, signed_in(member), signed_in(host)):
        response = viewer.get("/gatherings/calendar.ics")
        assert summaries(response) == ["Open Tuesday"]


def test_the_sitemap_lists_only_public_gatherings(client, member, three_kinds):
    invite(three_kinds["invited"], member)
    for viewer in (client, signed_in(member)):
        body = viewer.get("/sitemap.xml").content.decode()
        assert three_kinds["public"].url in body
        assert three_kinds["members"].url not in body
        assert three_kinds["invited"].url not in body


def found(user, words):
    return sorted(event.title for event in EventPage.objects.live().visible_to(user).search(words))


def test_search_finds_only_gatherings_the_searcher_may_see(
    member, other_member, unverified, editor, host
):
    make_gathering("Kettle chat, open", summary="Tea and a kettle for everyone.")
    make_gathering("Kettle chat, members", visibility="members", summary="Tea and a kettle.")
    secret = make_gathering(
        "Kettle chat, invited", visibility="invited", hosts=[host], summary="A kettle, quietly."
    )
    invite(secret, member)
    everything = ["Kettle chat, invited", "Kettle chat, members", "Kettle chat, open"]
    assert found(AnonymousUser(), "kettle") == ["Kettle chat, open"]
    assert found(unverified, "kettle") == ["Kettle chat, open"]
    assert found(other_member, "kettle") == ["Kettle chat, members", "Kettle chat, open"]
    assert found(editor, "kettle") == ["Kettle chat, members", "Kettle chat, open"]
    assert found(member, "kettle") == everything
    assert found(host, "kettle") == everything


def test_a_member_who_replied_before_being_uninvited_still_sees_the_gathering(member, host):
    """Replying is what makes a reply visible on /me/: the gathering must not vanish under it."""
    secret = make_gathering("Round table", visibility="invited", hosts=[host])
    invitation = invite(secret, member)
    rsvp(secret, member, going=True, invitation=invitation)
    invitation.delete()
    assert titles(signed_in(member).get("/gatherings/")) == ["Round table"]
