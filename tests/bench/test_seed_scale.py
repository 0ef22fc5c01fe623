"""`bench/seed_scale.py` fills a database that holds the demo content with a large community
(here at 1% of its full size): the counts asked for, a valid page tree, pages that render for a
seeded member, search that finds seeded practices, and targets the benchmark can use."""

import json
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, TestCase
from wagtail.models import Page

from bench.scale.members import DOMAIN
from bench.seed_scale import Command as SeedScale
from convening.circles.models import Circle, Reflection
from events.models import EventPage, Rsvp
from members.demo import PASSWORD
from members.models import User
from practices.models import PracticeIndexPage, PracticePage, StoryPage, StoryPractice
from tests.conftest import signed_in

SCALE = 0.01

# One worker under `--dist loadgroup` (make test), so the class below loads and seeds once.
pytestmark = pytest.mark.xdist_group("seed-scale")


class SeededCommunity(TestCase):
    """One demo load and one seeding for all the tests below (each test rolls back to it)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", allow_without_debug=True, stdout=_quiet())
        cls.before = {
            "practices": PracticePage.objects.count(),
            "stories": StoryPage.objects.count(),
            "gatherings": EventPage.objects.count(),
            "replies": Rsvp.objects.count(),
            "circles": Circle.objects.count(),
            "reflections": Reflection.objects.count(),
        }
        folder = Path(tempfile.mkdtemp(prefix="seed-scale-test-"))
        cls.output = _quiet()
        call_command(
            SeedScale(),
            scale=SCALE,
            targets=str(folder / "targets.json"),
            stdout=cls.output,
            stderr=_quiet(),
        )
        cls.targets = json.loads((folder / "targets.json").read_text())

    def test_it_adds_each_kind_of_thing_in_the_sizes_asked_for(self):
        assert User.objects.filter(email__endswith=f"@{DOMAIN}").count() == 200
        assert PracticePage.objects.count() - self.before["practices"] == 50
        assert StoryPage.objects.count() - self.before["stories"] == 50
        assert EventPage.objects.count() - self.before["gatherings"] == 20
        assert Circle.objects.count() - self.before["circles"] == 10
        assert 900 <= Rsvp.objects.count() - self.before["replies"] <= 1_100
        assert 450 <= Reflection.objects.count() - self.before["reflections"] <= 550
        assert self.targets["counts"]["members"] == User.objects.count()

    def test_seeded_members_are_verified_and_settled(self):
        seeded = User.objects.filter(email__endswith=f"@{DOMAIN}")
        assert seeded.filter(emailaddress__verified=True).count() == 200
        assert seeded.filter(groups__name="Members").count() == 200
        assert seeded.filter(profile__isnull=False).count() == 200
        assert seeded.values("profile__visibility").distinct().count() == 3

    def test_the_page_tree_stays_valid(self):
        assert all(not problems for problems in Page.find_problems())
        library = PracticeIndexPage.objects.get()
        assert library.numchild == library.get_children().count()
        practice = PracticePage.objects.live().order_by("-pk").first()
        assert practice.url == f"/practices/{practice.slug}/"

    def test_stories_name_the_practices_they_used_popular_ones_most(self):
        uses = [
            StoryPractice.objects.filter(practice=page).count()
            for page in PracticePage.objects.all()
        ]
        assert max(uses) >= 4 * (sum(uses) / len(uses))

    def test_the_main_pages_render_for_the_seeded_member(self):
        member = User.objects.get(email=self.targets["member"]["email"])
        session = signed_in(member)
        names = [
            "home", "practices", "practices_filtered", "search", "practice", "story",
            "gatherings", "gathering", "gathering_members_only", "members", "profile",
            "circles", "circle", "me", "portfolio",
        ]  # fmt: skip
        for name in names:
            url = self.targets["urls"][name]
            assert url, name
            response = session.get(url)
            assert response.status_code == 200, (name, url, response.status_code)

    def test_public_pages_render_for_visitors(self):
        for name in ["home", "practices", "practice", "story", "gatherings", "gathering"]:
            response = Client().get(self.targets["urls"][name])
            assert response.status_code == 200, name

    def test_the_seeded_member_has_a_portfolio_and_a_circle(self):
        member = User.objects.get(email=self.targets["member"]["email"])
        assert Reflection.objects.filter(author=member).count() >= 60
        assert Reflection.objects.filter(author=member).exclude(competencies=None).exists()
        response = signed_in(member).get(self.targets["urls"]["portfolio"])
        assert Reflection.objects.filter(author=member).first().title in response.content.decode()
        slug = self.targets["urls"]["circle"].strip("/").split("/")[-1]
        circle = Circle.objects.get(slug=slug, memberships__member=member)
        assert circle.name in signed_in(member).get(circle.get_absolute_url()).content.decode()

    def test_search_finds_a_seeded_practice(self):
        practice = PracticePage.objects.live().order_by("-pk").first()
        response = Client().get("/practices/", {"q": practice.title})
        assert practice.url in response.content.decode()

    def test_the_calendar_feed_in_the_targets_works(self):
        response = Client().get(self.targets["urls"]["calendar_feed"])
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VEVENT" in response.content

    def test_the_seeded_member_signs_in_with_the_documented_password(self):
        assert self.targets["member"]["password"] == PASSWORD
        assert Client().login(email=self.targets["member"]["email"], password=PASSWORD)

    def test_it_reports_how_long_it_took_and_what_it_made(self):
        text = self.output.getvalue()
        assert f"Seeded the {connection.vendor} database in" in text
        assert self.targets["member"]["email"] in text

    def test_a_second_run_refuses_and_changes_nothing(self):
        members = User.objects.count()
        with pytest.raises(CommandError, match="already holds a seeded community"):
            call_command(SeedScale(), scale=SCALE, stdout=_quiet(), stderr=_quiet())
        assert User.objects.count() == members


def test_it_refuses_a_database_without_the_demo_content(db):
    with pytest.raises(CommandError, match="load_demo_content"):
        call_command(SeedScale(), scale=SCALE, stdout=_quiet(), stderr=_quiet())
    assert not User.objects.filter(email__endswith=f"@{DOMAIN}").exists()


def _quiet():
    return StringIO()
