"""Zones stored under an older name before the lists offered canonical zones only ("GB-Eire",
"Asia/Calcutta") are rewritten as their canonical zones by the data migrations of profiles,
gatherings and circles; canonical zones and zones no country uses (Etc/GMT+5) are left alone."""

import importlib

import pytest
from django.apps import apps

from convening.circles.models import Circle
from events.models import EventPage
from members.models import Profile
from members.time_zones import rewrite_aliases
from tests.convening.circles.factories import make_circle
from tests.events.factories import make_gathering

from ..factories import make_member

pytestmark = pytest.mark.django_db


def migration(name):
    return importlib.import_module(name)


def stored(model, pk):
    return model.objects.filter(pk=pk).values_list("time_zone", flat=True).get()


class TestRewriteAliases:
    def test_each_alias_becomes_its_canonical_zone_and_the_rest_stay(self):
        zones = ["GB-Eire", "Asia/Calcutta", "US/Eastern", "Europe/London", "Etc/GMT+5"]
        people = [make_member(name=f"Person {n}").profile for n in range(len(zones))]
        for person, zone in zip(people, zones, strict=True):
            Profile.objects.filter(pk=person.pk).update(time_zone=zone)

        changed = rewrite_aliases(Profile.objects.all())

        assert changed == 3
        assert [stored(Profile, person.pk) for person in people] == [
            "Europe/London",
            "Asia/Kolkata",
            "America/New_York",
            "Europe/London",
            "Etc/GMT+5",
        ]

    def test_nothing_to_rewrite_changes_nothing(self):
        make_member(time_zone="Europe/London")
        assert rewrite_aliases(Profile.objects.all()) == 0


class TestTheMigrations:
    def test_a_profile_alias_is_rewritten(self):
        person = make_member(time_zone="Europe/Paris").profile
        Profile.objects.filter(pk=person.pk).update(time_zone="GB-Eire")
        migration("members.migrations.0006_canonical_time_zones").canonical_profile_zones(
            apps, None
        )
        assert stored(Profile, person.pk) == "Europe/London"

    def test_a_live_gathering_alias_is_rewritten(self):
        gathering = make_gathering("Tuesday gathering")
        EventPage.objects.filter(pk=gathering.pk).update(time_zone="Asia/Calcutta")
        migration("events.migrations.0004_canonical_time_zones").canonical_gathering_zones(
            apps, None
        )
        assert stored(EventPage, gathering.pk) == "Asia/Kolkata"

    def test_a_circle_alias_is_rewritten(self):
        circle = make_circle("Housing and health")
        Circle.objects.filter(pk=circle.pk).update(time_zone="W-SU")
        migration("convening.circles.migrations.0002_canonical_time_zones").canonical_circle_zones(
            apps, None
        )
        assert stored(Circle, circle.pk) == "Europe/Moscow"
