"""#8, section 1, "lists agree with objects": for generated members, circle memberships,
reflections and gatherings, a thing appears in a list a member reads exactly when its own page
lets that member in (200).

Each list against its objects' own pages, through the real stack:
- the member's reflections (/me/reflections/) against each reflection's page: every
  reflection listed opens for the member; every one the member wrote, or shared with a circle
  the member is active in, that opens for the member is listed;
- the gatherings listing (/gatherings/) against each gathering's page: listed exactly when the
  page answers 200;
- the calendar feeds (each member's secret-address feed, and the public one for visitors)
  against each gathering's and circle session's page;
- search (the library's, of practices and stories, and the members' directory) against each
  page found or not found;
- the member's exports (portfolio Markdown and CSV, and the data download) against each
  reflection's page.

Few examples in `make test`; TRUST_LONG=1 (make trust) runs many more.
"""

import csv
import datetime
import io
import itertools
import json
import os
import re
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from convening.circles.calendar_items import uid_of as session_uid
from convening.circles.models import CircleMembership, CircleSession, ReflectionReply
from convening.circles.models.reflections import ReflectionVisibility
from events.calendar import FEED_LOOKBACK
from events.calendar import uid_of as calendar_uid
from events.models import EventPage, Invitation, Rsvp
from events.views.calendar import new_feed_token
from events.visibility import GatheringVisibility
from members.models import Block, is_verified_member
from members.visibility import Visibility
from tests.conftest import sign_in
from tests.convening.circles.factories import (
    make_circle,
    make_facilitator,
    make_reflection,
    make_session,
)
from tests.events.factories import make_gathering, make_host
from tests.factories import make_member
from tests.practices.factories import make_practice, make_private, make_story

SECTION = "1. Who sees what"
EXAMPLES = 120 if os.environ.get("TRUST_LONG") else 8
SLOW_EXAMPLES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
MEMBERSHIP = st.sampled_from([None, "active", "left", "requested", "removed"])
_serial = itertools.count()


def _browser(user) -> Client:
    browser = Client()
    sign_in(browser, user)
    return browser


class Tally:
    """Checks made and disagreements found, across the examples of one test."""

    def __init__(self):
        self.checked = 0
        self.disagreements = []
        self.shown = 0  # listed and opened: the check saw something both ways
        self.hidden = 0  # neither listed nor opened


def _generated_circle(label, serial, memberships):
    """A circle run by a new facilitator, and a new member per entry of `memberships` (their
    status in the circle, or None for someone outside it). Returns (circle, [facilitator,
    *members])."""
    facilitator = make_facilitator(name=f"Facilitator {serial}")
    circle = make_circle(f"{label} circle {serial}", facilitator=facilitator)
    people = [facilitator]
    for index, status in enumerate(memberships):
        person = make_member(name=f"{label} person {serial}-{index}")
        people.append(person)
        if status is not None:
            CircleMembership.objects.create(circle=circle, member=person, status=status)
    return circle, people


def _record(name, tally, trust_figures):
    trust_figures.record(
        SECTION,
        f"{name}: list entries that agree with the object's own page",
        passed=tally.checked - len(tally.disagreements),
        attempted=tally.checked,
    )
    assert not tally.disagreements, "\n".join(tally.disagreements)
    # Generated worlds must have shown members some things and hidden others, or the
    # agreement proves nothing.
    assert tally.shown, f"{name}: no generated thing was both listed and opened"
    assert tally.hidden, f"{name}: no generated thing was hidden from anyone"


@pytest.mark.django_db
def test_the_reflections_list_agrees_with_each_reflections_page(trust_figures):
    tally = Tally()
    check_reflections(tally)
    _record("reflections", tally, trust_figures)


@pytest.mark.django_db
def test_the_gatherings_listing_agrees_with_each_gatherings_page(trust_figures):
    tally = Tally()
    check_gatherings(tally)
    _record("gatherings", tally, trust_figures)


@SLOW_EXAMPLES
@given(
    memberships=st.lists(MEMBERSHIP, min_size=2, max_size=4),
    reflections=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(list(ReflectionVisibility))),
        min_size=1,
        max_size=6,
    ),
)
def check_reflections(tally, memberships, reflections):
    with transaction.atomic():
        cache.clear()
        serial = next(_serial)
        circle, people = _generated_circle("Generated", serial, memberships)
        written = []
        for number, (author_index, visibility) in enumerate(reflections):
            author = people[author_index % len(people)]
            title = f"Generated reflection {serial}-{number}"
            found = make_reflection(
                author,
                title=title,
                visibility=visibility.value,
                circle=None if visibility == ReflectionVisibility.PRIVATE else circle,
            )
            written.append(found)
        for reader in people:
            browser = _browser(reader)
            listing = browser.get("/me/reflections/").content.decode()
            active = CircleMembership.objects.filter(
                circle=circle, member=reader, status="active"
            ).exists()
            for reflection in written:
                opens = browser.get(f"/circles/reflections/{reflection.pk}/").status_code == 200
                listed = reflection.title in listing
                # The list is the reader's own and what their circles shared with them.
                belongs = reflection.author_id == reader.pk or (
                    reflection.visibility == ReflectionVisibility.CIRCLE and active
                )
                tally.checked += 1
                tally.shown += listed and opens
                tally.hidden += not listed and not opens
                if listed and not opens:
                    tally.disagreements.append(f"{reflection.title} listed, page refused")
                if belongs and opens and not listed:
                    tally.disagreements.append(f"{reflection.title} opens, not listed")
        transaction.set_rollback(True)


@SLOW_EXAMPLES
@given(
    gatherings=st.lists(
        st.tuples(
            st.sampled_from(list(GatheringVisibility)),
            st.lists(st.integers(0, 3), max_size=2),  # who is invited
        ),
        min_size=1,
        max_size=4,
    ),
    verified=st.lists(st.booleans(), min_size=2, max_size=4),
)
def check_gatherings(tally, gatherings, verified):
    with transaction.atomic():
        cache.clear()
        serial = next(_serial)
        host = make_host(name=f"Host {serial}")
        people = [host] + [
            make_member(name=f"Guest {serial}-{index}", verified=is_verified)
            for index, is_verified in enumerate(verified)
        ]
        made = []
        for number, (visibility, invited) in enumerate(gatherings):
            event = make_gathering(
                f"Generated gathering {serial}-{number}",
                hosts=[host],
                visibility=visibility.value,
            )
            guests = {
                people[index % len(people)].pk: people[index % len(people)] for index in invited
            }
            for guest in guests.values():
                Invitation.objects.create(
                    event=event,
                    email=guest.email,
                    member=guest,
                    message="Come along.",
                    invited_by=host,
                    status=Invitation.Status.SENT,
                )
            made.append(event)
        for reader in [None, *people]:
            browser = _browser(reader) if reader else Client()
            listing = browser.get("/gatherings/").content.decode()
            for event in made:
                opens = browser.get(event.url).status_code == 200
                listed = event.title in listing
                tally.checked += 1
                tally.shown += listed and opens
                tally.hidden += not listed and not opens
                if listed != opens:
                    tally.disagreements.append(
                        f"{event.title} ({event.visibility}) for "
                        f"{reader or 'a visitor'}: listed={listed}, page opens={opens}"
                    )
            cache.clear()
        transaction.set_rollback(True)


# Calendar feeds --------------------------------------------------------------------------------

# When generated gatherings and sessions start: to come, inside the feeds' window in the past,
# and before it (a month back, by when they end).
WHEN = st.sampled_from([7, -20, -40])
# Most restricted first: with the few examples of `make test`, Hypothesis keeps to the first
# values of a choice more than to the others.
RESTRICTED_FIRST = list(reversed(GatheringVisibility))


@pytest.mark.django_db
def test_the_calendar_feeds_agree_with_each_gatherings_and_sessions_page(trust_figures):
    tally = Tally()
    check_calendar_feeds(tally)
    _record("calendar feed", tally, trust_figures)


def _feed_of(person) -> bytes:
    """The member's own feed, read at the secret address their space gives them. Only verified
    members can ask for one; an address made before a member's email stopped being verified
    goes on working, so theirs is made directly."""
    if is_verified_member(person):
        page = _browser(person).post("/me/calendar/").content.decode()
        path = re.search(r"https?://testserver(/gatherings/calendar/[\w-]+\.ics)", page)[1]
    else:
        path = reverse("events:personal_feed", kwargs={"token": new_feed_token(person)})
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content


def _uids(body: bytes) -> set[str]:
    return {str(entry["uid"]) for entry in Calendar.from_ical(body).walk("VEVENT")}


# A world with each case in it, whatever Hypothesis draws: a member whose email is no longer
# verified going to a members-only and an invitation-only gathering, a member going to an
# invitation-only one without an invitation, one out of the window, one unpublished, and
# sessions in and out of the window for an active member and one who left.
@example(
    people=[(False, "active"), (True, "left"), (True, "active")],
    gatherings=[
        (GatheringVisibility.MEMBERS, 7, True, [], [1, 2]),
        (GatheringVisibility.INVITED, -20, True, [3], [1, 2, 3]),
        (GatheringVisibility.PUBLIC, -40, True, [], [1, 3]),
        (GatheringVisibility.PUBLIC, 7, False, [], [3]),
    ],
    sessions=[-40, 7],
)
@SLOW_EXAMPLES
@given(
    people=st.lists(st.tuples(st.booleans(), MEMBERSHIP), min_size=2, max_size=3),
    gatherings=st.lists(
        st.tuples(
            st.sampled_from(RESTRICTED_FIRST),
            WHEN,
            st.sampled_from([True, True, False]),  # published
            st.lists(st.integers(0, 3), max_size=2),  # who is invited
            st.lists(st.integers(0, 3), max_size=3),  # who said they are going
        ),
        min_size=1,
        max_size=3,
    ),
    sessions=st.lists(WHEN, max_size=2),
)
def check_calendar_feeds(tally, people, gatherings, sessions):
    """A member's feed holds the gatherings they said they are going to and the sessions of
    their circles, ending less than a month ago or later: so an entry is in it only when its
    page opens for them, and within that month and after, it holds every gathering they are
    going to whose page opens for them and every session whose page opens for them (a host
    who has not said they are going finds their gathering on their space, not in the feed).
    The public feed holds exactly the gatherings whose page opens for a visitor, over the
    same window."""
    with transaction.atomic():
        cache.clear()
        serial = next(_serial)
        now = timezone.now()
        host = make_host(name=f"Host {serial}")
        circle = make_circle(f"Feed circle {serial}", facilitator=host)
        everyone = [host]
        for index, (verified, status) in enumerate(people):
            person = make_member(name=f"Subscriber {serial}-{index}", verified=verified)
            everyone.append(person)
            if status is not None:
                CircleMembership.objects.create(circle=circle, member=person, status=status)
        made = []
        for number, (visibility, when, live, invited, going) in enumerate(gatherings):
            event = make_gathering(
                f"Feed gathering {serial}-{number}",
                hosts=[host],
                visibility=visibility.value,
                starts_in=datetime.timedelta(days=when),
            )
            for index in {index % len(everyone) for index in invited}:
                guest = everyone[index]
                Invitation.objects.create(
                    event=event,
                    email=guest.email,
                    member=guest,
                    message="Come along.",
                    invited_by=host,
                    status=Invitation.Status.SENT,
                )
            # Answers written directly: people said they were going before the gathering was
            # unpublished or made invitation-only, or before their email stopped being verified.
            for index in {index % len(everyone) for index in going}:
                Rsvp.objects.create(event=event, member=everyone[index], status=Rsvp.Status.GOING)
            if not live:
                event.unpublish()
            made.append(event)
        held = [
            make_session(circle, starts_in=datetime.timedelta(days=when), number=number + 1)
            for number, when in enumerate(sessions)
        ]
        for reader in [None, *everyone]:
            if reader is None:
                browser, body = Client(), Client().get("/gatherings/calendar.ics").content
            else:
                browser, body = _browser(reader), _feed_of(reader)
            entries = _uids(body)
            objects = [(event, calendar_uid(event)) for event in made]
            objects += [(session, session_uid(session)) for session in held]
            for thing, uid in objects:
                url = thing.url if isinstance(thing, EventPage) else thing.get_absolute_url()
                opens = browser.get(url).status_code == 200
                in_feed = uid in entries
                in_window = thing.ends_at >= now - FEED_LOOKBACK
                if reader is None or isinstance(thing, CircleSession):
                    belongs = opens and in_window
                else:
                    going = Rsvp.objects.filter(
                        event=thing, member=reader, status=Rsvp.Status.GOING
                    ).exists()
                    belongs = opens and in_window and going
                tally.checked += 1
                tally.shown += in_feed and opens
                tally.hidden += not in_feed and not opens
                if in_feed != belongs:
                    tally.disagreements.append(
                        f"{thing} for {reader or 'a visitor'}: in the feed={in_feed}, "
                        f"page opens={opens}, within the month={in_window}"
                    )
            cache.clear()
        transaction.set_rollback(True)


# Search ----------------------------------------------------------------------------------------

RESTRICTION = st.sampled_from([None, None, "password", "login", "groups"])
# Written into each page's body, which a password form in its place does not show.
OPENED = "The page itself, opened."


@pytest.mark.django_db
def test_search_agrees_with_each_page_found_or_not(trust_figures):
    tally = Tally()
    check_search(tally)
    _record("search", tally, trust_figures)


def _word(serial: int) -> str:
    """A word no other page carries, of letters only (full-text search splits on digits) and
    ending in a letter no stemmer strips, so each search finds its own example's pages."""
    letters = "".join("bcdfghjklmnpr"[int(digit)] for digit in f"{serial:04d}")
    return f"zq{letters}x"


def _restrict(page, kind):
    if kind == "password":
        make_private(page)
    elif kind == "login":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    elif kind == "groups":
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get(name="Facilitators"))


def _opens(browser, url) -> bool:
    response = browser.get(url)
    return response.status_code == 200 and OPENED in response.content.decode()


@example(
    pages=[
        ("practice", True, None),
        ("story", True, None),
        ("practice", False, None),
        ("story", True, "password"),
        ("practice", True, "login"),
        ("story", True, "groups"),
    ],
    profiles=[
        (Visibility.PUBLIC, True, False),
        (Visibility.MEMBERS, True, True),
        (Visibility.PRIVATE, True, False),
        (Visibility.MEMBERS, False, False),
    ],
)
@SLOW_EXAMPLES
@given(
    pages=st.lists(
        st.tuples(st.sampled_from(["practice", "story"]), st.booleans(), RESTRICTION),
        min_size=1,
        max_size=4,
    ),
    profiles=st.lists(
        st.tuples(
            st.sampled_from([Visibility.PRIVATE, Visibility.MEMBERS, Visibility.PUBLIC]),
            st.booleans(),  # verified
            st.booleans(),  # blocked by the first reader
        ),
        max_size=3,
    ),
)
def check_search(tally, pages, profiles):
    """The library's search (of practices, and of stories) is the same for everyone: it finds
    the live pages outside private sections, so a page is found only when it opens for the
    member searching, and every page that opens for a visitor and carries the word is found (a
    page behind a sign-in, a group or a password is never found, even by those it opens for).
    The members' directory, for verified members only, finds a profile only when its page
    opens for the member searching, and finds every verified member's profile, other than
    their own, that opens for them."""
    with transaction.atomic():
        cache.clear()
        serial = next(_serial)
        word = _word(serial)
        made = []
        for number, (kind, live, restriction) in enumerate(pages):
            title = f"Found {kind} {number} {word}"
            if kind == "practice":
                page = make_practice(title, live=live, makes_possible=f"<p>{OPENED}</p>")
            else:
                page = make_story(title, live=live, situation=f"<p>{OPENED}</p>")
            _restrict(page, restriction)
            made.append((kind, page))
        readers = [
            None,
            make_member(name=f"Searcher {serial}"),
            make_member(name=f"Unverified searcher {serial}", verified=False),
            make_facilitator(name=f"Facilitating searcher {serial}"),
        ]
        people = []
        for number, (visibility, verified, blocked) in enumerate(profiles):
            person = make_member(
                name=f"Person {number} {word}", visibility=visibility, verified=verified
            )
            if blocked:
                Block.objects.create(blocker=readers[1], blocked=person)
            people.append(person)
        visitor = Client()
        for reader in readers:
            browser = _browser(reader) if reader else Client()
            found = {
                "practice": browser.get(f"/practices/?q={word}").content.decode(),
                "story": browser.get(f"/practices/?show=stories&q={word}").content.decode(),
            }
            for kind, page in made:
                opens = _opens(browser, page.url)
                listed = page.title in found[kind]
                belongs = _opens(visitor, page.url) if reader else opens
                tally.checked += 1
                tally.shown += listed and opens
                tally.hidden += not listed and not opens
                if (listed and not opens) or (belongs and not listed):
                    tally.disagreements.append(
                        f"{page.title} for {reader or 'a visitor'}: found={listed}, "
                        f"page opens={opens}, opens for a visitor={belongs}"
                    )
            directory = browser.get(f"/members/?q={word}").content.decode()
            for person in people:
                profile = person.profile
                opens = browser.get(profile.get_absolute_url()).status_code == 200
                listed = profile.display_name in directory
                belongs = (
                    opens
                    and is_verified_member(person)
                    and person != reader
                    and reader is not None
                    and is_verified_member(reader)
                )
                tally.checked += 1
                tally.shown += listed and opens
                tally.hidden += not listed and not opens
                if listed != belongs:
                    tally.disagreements.append(
                        f"{profile.display_name} ({profile.visibility}) for "
                        f"{reader or 'a visitor'}: found={listed}, page opens={opens}"
                    )
            cache.clear()
        transaction.set_rollback(True)


# Exports ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_members_exports_agree_with_each_reflections_page(trust_figures):
    tally = Tally()
    check_exports(tally)
    _record("exports", tally, trust_figures)


def _portfolio_exports(browser) -> tuple[list[str], str, str]:
    """The reflections the export form offers, and the Markdown and CSV made of them all."""
    form = browser.get("/me/portfolio/export/").content.decode()
    offered = re.findall(r'name="reflections" value="(\d+)"', form)
    if not offered:
        return offered, "", ""
    made = {}
    for kind in ("markdown", "csv"):
        response = browser.post("/me/portfolio/export/", {"reflections": offered, "format": kind})
        assert response.status_code == 200, kind
        made[kind] = response.content.decode()
    return offered, made["markdown"], made["csv"]


def _data_download(browser) -> dict:
    response = browser.get("/me/data/download/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        return {
            name: json.loads(archive.read(f"{name}.json"))
            for name in ("reflections", "reflection_replies")
        }


# Reflections of each kind by members in and out of the circle, and replies by a member who
# has left it since, to their circle's reflections and to their own.
@example(
    memberships=["active", "left", None],
    reflections=[
        (1, ReflectionVisibility.CIRCLE),
        (2, ReflectionVisibility.CIRCLE),
        (0, ReflectionVisibility.MEMBERS),
        (3, ReflectionVisibility.PRIVATE),
        (1, ReflectionVisibility.PRIVATE),
    ],
    replies=[(2, 0), (1, 1), (2, 1), (3, 2), (1, 3)],
)
@SLOW_EXAMPLES
@given(
    memberships=st.lists(MEMBERSHIP, min_size=2, max_size=3),
    reflections=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(list(ReflectionVisibility))),
        min_size=1,
        max_size=5,
    ),
    replies=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), max_size=4),
)
def check_exports(tally, memberships, reflections, replies):
    """A member's exports hold their own reflections and nothing else: the portfolio's
    Markdown and CSV hold exactly those the member wrote and chose (each of which opens for
    them), and naming anyone else's is refused; the data download holds exactly the
    reflections they wrote, and names the reflection each of their replies answered only while
    its page opens for them (someone who left a circle keeps their words, not the circle's)."""
    with transaction.atomic():
        cache.clear()
        serial = next(_serial)
        circle, people = _generated_circle("Exported", serial, memberships)
        written = [
            make_reflection(
                people[author % len(people)],
                title=f"Exported reflection {serial}-{number}",
                visibility=visibility.value,
                circle=None if visibility == ReflectionVisibility.PRIVATE else circle,
            )
            for number, (author, visibility) in enumerate(reflections)
        ]
        # Replies written directly: people replied while in the circle, some have left since.
        for number, (replier, answered) in enumerate(replies):
            ReflectionReply.objects.create(
                reflection=written[answered % len(written)],
                author=people[replier % len(people)],
                text=f"Reply {serial}-{number}",
            )
        for reader in people:
            browser = _browser(reader)
            offered, markdown, spreadsheet = _portfolio_exports(browser)
            in_csv = {row["title"] for row in csv.DictReader(io.StringIO(spreadsheet))}
            download = _data_download(browser)
            downloaded = {entry["title"] for entry in download["reflections"]}
            answered = {
                entry["text"]: entry["reflection"] for entry in download["reflection_replies"]
            }
            for reflection in written:
                opens = browser.get(reflection.get_absolute_url()).status_code == 200
                own = reflection.author_id == reader.pk
                places = {
                    "the export form": str(reflection.pk) in offered,
                    "the Markdown": reflection.title in markdown,
                    "the CSV": reflection.title in in_csv,
                    "the data download": reflection.title in downloaded,
                }
                for place, listed in places.items():
                    tally.checked += 1
                    tally.shown += listed and opens
                    tally.hidden += not listed and not opens
                    if listed != own or (listed and not opens):
                        tally.disagreements.append(
                            f"{reflection.title} in {place} of {reader}: {listed}, "
                            f"own={own}, page opens={opens}"
                        )
                for reply in reflection.replies.filter(author=reader):
                    named = answered[reply.text] == reflection.title
                    tally.checked += 1
                    tally.shown += named and opens
                    tally.hidden += not named and not opens
                    if named != opens:
                        tally.disagreements.append(
                            f"{reply.text} of {reader} names {reflection.title}: {named}, "
                            f"page opens={opens}"
                        )
            others = [str(r.pk) for r in written if r.author_id != reader.pk]
            if others:
                refused = browser.post(
                    "/me/portfolio/export/", {"reflections": offered + others, "format": "csv"}
                )
                tally.checked += 1
                if refused.status_code != 400 or "text/csv" in refused["Content-Type"]:
                    tally.disagreements.append(
                        f"{reader} exported others' reflections {others}: "
                        f"{refused.status_code} {refused['Content-Type']}"
                    )
        transaction.set_rollback(True)
