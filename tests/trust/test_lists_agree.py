"""#8, section 1, "lists agree with objects": for generated members, circle memberships,
reflections and gatherings, a thing appears in a list a member reads exactly when its own page
lets that member in (200).

Two lists, each against its objects' own pages, through the real stack:
- the member's reflections (/me/reflections/) against each reflection's page: every
  reflection listed opens for the member; every one the member wrote, or shared with a circle
  the member is active in, that opens for the member is listed;
- the gatherings listing (/gatherings/) against each gathering's page: listed exactly when the
  page answers 200.

Few examples in `make test`; TRUST_LONG=1 (make trust) runs many more.
"""

import itertools
import os

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convening.models import CircleMembership
from convening.models.reflections import ReflectionVisibility
from events.models import Invitation
from events.visibility import GatheringVisibility
from tests.convening.factories import make_circle, make_facilitator, make_reflection
from tests.events.factories import make_gathering, make_host
from tests.factories import make_member

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
    browser.force_login(user)
    return browser


class Tally:
    """Checks made and disagreements found, across the examples of one test."""

    def __init__(self):
        self.checked = 0
        self.disagreements = []
        self.shown = 0  # listed and opened: the check saw something both ways
        self.hidden = 0  # neither listed nor opened


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
        facilitator = make_facilitator(name=f"Facilitator {serial}")
        circle = make_circle(f"Generated circle {serial}", facilitator=facilitator)
        people = [facilitator]
        for index, status in enumerate(memberships):
            person = make_member(name=f"Person {serial}-{index}")
            people.append(person)
            if status is not None:
                CircleMembership.objects.create(circle=circle, member=person, status=status)
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
