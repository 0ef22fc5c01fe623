"""The demo community that `make run` builds: its home and about pages, circles, gatherings and
practice library look like the community's own, and loading it again makes nothing twice.

Building the demo takes most of a minute, so it is built once for this module (`demo_content`)
and each test looks at one area of it, its own changes rolled back after it. The demo's areas
live in one module so that the suite builds it once, not once per app."""

import datetime
import itertools
import zoneinfo
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex, Revision

from convening.circles.models import Circle, CircleSession, Reflection
from events.models import EventPage, Feedback, Invitation, Rsvp, Series, SeriesRegular
from events.visibility import GatheringVisibility
from members.models import User
from practices.demo import DATA
from practices.importing import import_practices
from practices.models import (
    CollectionPage,
    Competency,
    Concept,
    FundingSource,
    PracticeIndexPage,
    PracticePage,
    PracticeRelation,
    Reading,
    StoryPage,
)
from tests.conftest import sign_in, signed_in

# One worker under `--dist loadgroup` (make test), so the demo is built once, not on each.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-content")]

LONDON = zoneinfo.ZoneInfo("Europe/London")


def load(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


# ----- Home, about and circles.


def test_demo_content_fills_the_home_page_and_adds_an_about_page(client, demo_content):
    home = client.get("/").content.decode()
    assert "What we do together" in home
    assert '<a href="/about/">About</a>' in home
    assert client.get("/about/").status_code == 200


def test_the_demo_has_four_circles_in_different_states_with_sessions_and_reflections(
    client, demo_content
):
    assert sorted(Circle.objects.values_list("status", flat=True)) == [
        "closed",
        "forming",
        "meeting",
        "meeting",
    ]
    assert CircleSession.objects.filter(status="held").exists()
    assert CircleSession.objects.filter(status="scheduled").exists()
    shared = Reflection.objects.get(title="Who gets to be in the room")
    assert shared.visibility == "circle"
    assert shared.replies.exists()
    assert set(shared.competencies.values_list("code", flat=True)) >= {"S9", "B1"}
    member = User.objects.get(email="member@convening.example")
    sign_in(client, member)
    assert "Health and housing action learning set" in client.get("/circles/").content.decode()
    portfolio = client.get("/me/portfolio/").content.decode()
    assert "Who gets to be in the room" in portfolio


def test_it_prints_editor_credentials_that_open_the_admin(client, settings, demo_content):
    settings.STAFF_MUST_USE_TWO_FACTOR = False
    line = next(line for line in demo_content.splitlines() if "Editor" in line)
    email, password = line.split(": ", 1)[1].split(" / ")
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    before = User.objects.count()
    with pytest.raises(CommandError, match="DEBUG=true"):
        load()
    assert User.objects.count() == before


# ----- Gatherings.


def test_the_demo_gatherings_look_like_ours(client, demo_content):
    assert "Gatherings at /gatherings/" in demo_content
    harriet = User.objects.get(email="host@convening.example")
    maya = User.objects.get(email="member@convening.example")
    now = timezone.now()

    # The survey's invitation: free, online, a Tuesday 11:00 to 12:30 in London, by Harriet.
    survey = EventPage.objects.get(slug="continuing-the-conversation")
    start = timezone.localtime(survey.starts_at, LONDON)
    assert (start.weekday(), start.hour, start.minute) == (1, 11, 0)
    assert survey.ends_at - survey.starts_at == datetime.timedelta(minutes=90)
    assert survey.starts_at > now
    assert (survey.format, survey.visibility, survey.time_zone) == (
        "online",
        "public",
        "Europe/London",
    )
    assert list(survey.hosts.values_list("member", flat=True)) == [harriet.pk]
    assert {"world-cafe", "troika-consulting"} <= set(
        survey.practices.values_list("slug", flat=True)
    )

    # A fortnightly series: three upcoming dates, each with its two regulars going.
    series = Series.objects.get(name="Tea and systems")
    upcoming = EventPage.objects.live().filter(series=series).upcoming(now)
    assert upcoming.count() == 3
    dates = [event.starts_at for event in upcoming]
    gaps = [later - earlier for earlier, later in itertools.pairwise(dates)]
    assert gaps == [datetime.timedelta(weeks=2)] * 2
    regulars = set(SeriesRegular.objects.filter(series=series).values_list("member", flat=True))
    assert len(regulars) == 2
    for event in upcoming:
        going = set(event.rsvps.going().values_list("member", flat=True))
        assert regulars <= going, event

    # In person, with the venue only for people going.
    leeds = EventPage.objects.get(slug="where-housing-meets-health-leeds")
    goer = leeds.rsvps.going().first().member
    assert "LS2 7ZZ" in signed_in(goer).get(leeds.url).content.decode()
    assert "LS2 7ZZ" not in client.get(leeds.url).content.decode()
    assert "LS2 7ZZ" not in signed_in(maya).get(leeds.url).content.decode()

    # Members only, invitation only (with invitations), and a full one with a waitlist.
    assert EventPage.objects.filter(visibility=GatheringVisibility.MEMBERS).exists()
    secret = EventPage.objects.get(visibility=GatheringVisibility.INVITED)
    assert secret.invitations.count() >= 4
    listing = client.get("/gatherings/").content.decode()
    assert "Continuing the conversation".lower() in listing.lower()
    assert secret.title not in listing
    assert secret.title not in signed_in(maya).get("/gatherings/").content.decode()
    full = EventPage.objects.get(slug="troika-consulting-practice-round")
    assert full.rsvps.going().count() == full.capacity
    assert full.rsvps.waitlisted().first().member_id == maya.pk

    # A past gathering with its harvest, the practices used and feedback.
    past = EventPage.objects.get(slug="what-the-survey-told-us")
    assert past.has_ended()
    assert past.harvest_notes
    assert past.harvest_outputs
    assert past.harvest_practices.exists()
    assert past.feedback.count() == 3
    assert "The harvest" in client.get(past.url).content.decode()


# ----- The practice library.


def test_it_builds_a_library_worth_browsing_under_the_home_page(demo_content, home_page):
    assert PracticePage.objects.live().count() >= 30
    assert StoryPage.objects.live().count() >= 8
    assert Competency.objects.count() == 25
    assert CollectionPage.objects.live().count() == 2
    assert Reading.objects.count() >= 5
    assert FundingSource.objects.count() >= 5
    assert Concept.objects.count() >= 12
    assert "Practice library at /practices/" in demo_content

    library = PracticeIndexPage.objects.get()
    assert (library.slug, library.live, library.show_in_menus) == ("practices", True, True)
    assert library.get_parent().pk == home_page.pk


def test_its_practices_are_a_file_the_importer_takes_as_an_organisations_toolkit(demo_content):
    library = PracticeIndexPage.objects.get()

    report = import_practices(
        DATA / "practices.yaml", library=library, dry_run=True, keep_existing=True
    )

    assert report.ignored_columns == []
    assert [row.describe() for row in report.refused] == []
    assert len(report.kept) == PracticePage.objects.count() == 37


def test_every_practice_is_credited_described_and_related(demo_content):
    for practice in PracticePage.objects.all():
        assert practice.originators, practice.title
        assert practice.attribution in PracticePage.Attribution.values, practice.title
        assert practice.key_sources, practice.title
        assert practice.licence_note, practice.title
        assert practice.purposes.exists(), practice.title
        assert practice.competencies.exists(), practice.title
    contested = set(
        PracticePage.objects.filter(attribution="contested").values_list("slug", flat=True)
    )
    assert {"iceberg-model", "theory-of-change", "pdsa-cycles"} <= contested

    rich_pictures = PracticePage.objects.get(slug="rich-pictures")
    assert "drawing" in rich_pictures.tags.names()
    assert rich_pictures.last_reviewed is not None
    assert rich_pictures.steward.email == "editor@convening.example"

    troika = PracticePage.objects.get(slug="troika-consulting")
    steps = [step for phase in troika.steps for step in phase.value["steps"]]
    assert len(steps) >= 4
    assert all(step["title"] and step["description"] for step in steps)
    assert sum(step["minutes"] or 0 for step in steps) >= 10
    assert "Liberating Structures" in troika.licence_note

    relations = set(PracticeRelation.objects.values_list("page__slug", "kind", "target__slug"))
    assert ("rich-pictures", "part_of", "soft-systems-methodology") in relations
    assert ("catwoe", "part_of", "soft-systems-methodology") in relations
    assert ("causal-loop-diagrams", "part_of", "system-dynamics") in relations
    # Relations and collection steps show up where Wagtail looks for usage.
    system_dynamics = PracticePage.objects.get(slug="system-dynamics")
    assert ReferenceIndex.get_references_to(system_dynamics).exists()


def test_stories_collections_and_resources_are_complete(demo_content):
    for story in StoryPage.objects.all():
        assert story.practices_used.exists(), story.title
        assert story.authors.exists(), story.title
        assert story.value_created.exists(), story.title
    authors = [author for story in StoryPage.objects.live() for author in story.authors.all()]
    assert any(author.member_id for author in authors)
    assert any(not author.member_id and author.name for author in authors)

    waiting = StoryPage.objects.get(live=False)
    assert waiting.submitted_by is not None

    unused = Competency.objects.filter(practices__isnull=True, stories__isnull=True)
    assert list(unused.values_list("code", flat=True)) == []

    gathering = CollectionPage.objects.get(slug="your-first-fortnightly-gathering")
    steps = list(gathering.steps.select_related("practice"))
    assert [step.practice.slug for step in steps] == [
        "rich-pictures",
        "boundary-critique",
        "causal-loop-diagrams",
    ]
    assert all(step.transition and step.minutes for step in steps)

    for source in FundingSource.objects.all():
        assert "check the funder's site" in source.what_they_fund


# ----- Loading it again.


def test_loading_it_again_creates_nothing_twice_sends_nothing_and_keeps_editors_changes(
    demo_content, settings
):
    settings.DEBUG = True
    practice = PracticePage.objects.get(slug="world-cafe")
    practice.summary = "Our own summary."
    practice.save_revision().publish()

    def counts():
        return {
            model.__name__: model.objects.count()
            for model in (
                Page,
                Revision,
                User,
                Circle,
                CircleSession,
                Reflection,
                EventPage,
                Rsvp,
                Invitation,
                Feedback,
                Series,
                SeriesRegular,
                PracticeRelation,
                Concept,
                Reading,
                FundingSource,
            )
        }

    before = counts()
    outbox = len(mail.outbox)
    load()
    assert counts() == before
    assert len(mail.outbox) == outbox
    assert PracticePage.objects.get(slug="world-cafe").summary == "Our own summary."
