"""A number no database integer holds finds nothing, however a query compares it, and the
numbers beside it are still found: as PostgreSQL answers, so SQLite does (its driver refused
such a number with OverflowError, a 500 wherever someone typed it)."""

import pytest

from events.models import EventPage, Rsvp
from members.models import Sector
from tests.events.factories import make_gathering

pytestmark = pytest.mark.django_db

PAST = [10**40, -(10**40), 2**63, -(2**63) - 1]


def test_a_number_past_the_range_among_ids_finds_only_the_others():
    sector = Sector.objects.create(name="Ferries", slug="ferries")
    for number in PAST:
        assert list(Sector.objects.filter(pk__in=[number, sector.pk])) == [sector]
        assert not Sector.objects.filter(pk__in=[number]).exists()


def test_a_page_type_asked_for_by_a_number_past_the_range_finds_nothing():
    # A page type's primary key is its link to Page: a relation, which Django does not check.
    gathering = make_gathering("Ferry crossing")
    for number in PAST:
        assert not EventPage.objects.filter(pk=number).exists()
        assert list(EventPage.objects.filter(pk__in=[number, gathering.pk])) == [gathering]


def test_a_foreign_key_compared_with_a_number_past_the_range_finds_nothing():
    gathering = make_gathering("Ferry crossing")
    for number in PAST:
        assert not Rsvp.objects.filter(event_id=number).exists()
        assert not Rsvp.objects.filter(event__in=[number, gathering.pk]).exists()
        assert Rsvp.objects.exclude(event_id=number).count() == Rsvp.objects.count()


def test_numbers_within_the_range_are_compared_as_before():
    sector = Sector.objects.create(name="Ferries", slug="ferries")
    assert list(Sector.objects.filter(pk__in=[str(sector.pk), 0, -1])) == [sector]
    assert Sector.objects.filter(pk=sector.pk).exists()
