"""The digest lists upcoming gatherings a member may see and has not answered yet."""

import pytest
from django.utils import timezone

from events.digest import upcoming_gatherings
from events.rsvp import rsvp
from tests.events.factories import days, make_gathering

pytestmark = pytest.mark.django_db


def titles(section):
    return [item.title for item in section.items] if section else []


def test_the_digest_lists_upcoming_gatherings_not_yet_answered(member):
    make_gathering("Open to all", starts_in=days(3))
    answered = make_gathering("Already going", starts_in=days(4))
    make_gathering("Members' evening", starts_in=days(5), visibility="members")
    make_gathering("Closed room", starts_in=days(6), visibility="invited")
    make_gathering("Long ago", starts_in=-days(10))
    make_gathering("Called off", starts_in=days(2), status="cancelled", status_reason="Snow")
    rsvp(answered, member, going=True)

    section = upcoming_gatherings(member, timezone.now() - days(7))

    assert titles(section) == ["Open to all", "Members' evening"]
    assert section.items[0].url.startswith("http")


def test_no_section_when_nothing_is_coming_up(member):
    assert upcoming_gatherings(member, timezone.now()) is None
