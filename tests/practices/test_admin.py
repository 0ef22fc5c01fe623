"""The library in the Wagtail admin: editors curate its snippets, find practices by facet, see
which practices are due a review and what waits for their review; members and hosts cannot."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Sector
from practices.models import (
    Competency,
    Concept,
    FundingSource,
    Participation,
    Perspective,
    Phase,
    Purpose,
    Reading,
    Scale,
    Tradition,
)
from tests.conftest import signed_in
from tests.factories import make_staff
from tests.practices.factories import (
    make_concept,
    make_funding,
    make_library,
    make_practice,
    make_reading,
    make_story,
)

pytestmark = pytest.mark.django_db

PRACTICES = "/admin/library/practices/"
DUE_A_REVIEW = "/admin/library/practices-to-review/"
WAITING = "/admin/library/waiting-for-review/"
PAGE_LISTINGS = [PRACTICES, DUE_A_REVIEW, WAITING]

SNIPPETS = [
    Purpose,
    Phase,
    Tradition,
    Scale,
    Participation,
    Perspective,
    Competency,
    Concept,
    Reading,
    FundingSource,
]


def snippet_url(model, view="list", *args):
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def library(db):
    return make_library()


@pytest.fixture
def host_client(db):
    return signed_in(make_staff(group="Hosts", name="Hal Host"))


# Snippets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda model: model.__name__)
def test_an_editor_can_open_each_library_snippet_listing(editor_client, model):
    make_concept("Requisite variety")
    make_reading("Thinking in Systems", authors="Donella Meadows")
    make_funding("Esmée Fairbairn Foundation")
    shown = model.objects.first()

    response = editor_client.get(snippet_url(model))

    assert response.status_code == 200
    assert str(getattr(shown, "name", None) or getattr(shown, "title", None) or shown.funder) in (
        response.content.decode()
    )


def test_facet_listings_count_the_practices_using_each_facet(editor_client, library):
    make_practice("Rich pictures", purposes=["map-the-system"])
    make_practice("Causal loop diagrams", purposes=["map-the-system"])

    rows = editor_client.get(snippet_url(Purpose)).context["object_list"]

    assert {row.slug: row.uses for row in rows}["map-the-system"] == 2


def test_an_editor_adds_a_concept_and_renames_a_facet(editor_client):
    response = editor_client.post(
        snippet_url(Concept, "add"),
        {"name": "Emergence", "slug": "emergence", "definition": "More than the parts."},
    )
    assert response.status_code == 302
    assert Concept.objects.get(slug="emergence").definition == "More than the parts."

    purpose = Purpose.objects.get(slug="reflect")
    response = editor_client.post(
        snippet_url(Purpose, "edit", purpose.pk),
        {"name": "Reflect together", "slug": "reflect", "description": "", "order": 12},
    )
    assert response.status_code == 302
    purpose.refresh_from_db()
    assert purpose.name == "Reflect together"


def test_competencies_may_be_reworded_but_not_added_or_deleted(editor_client):
    k1 = Competency.objects.get(code="K1")

    response = editor_client.post(
        snippet_url(Competency, "edit", k1.pk),
        {"title": "Systems thinking, in plain words", "description": k1.description},
    )

    assert response.status_code == 302
    k1.refresh_from_db()
    assert (k1.code, k1.title) == ("K1", "Systems thinking, in plain words")
    assert editor_client.get(snippet_url(Competency, "add")).status_code in (302, 403)
    assert editor_client.post(snippet_url(Competency, "delete", k1.pk)).status_code in (302, 403)
    assert Competency.objects.count() == 25


def test_funding_sources_filter_by_sector_and_rolling_deadline(editor_client):
    make_funding("Health Foundation", sectors=["health"], deadline=days_ago(-60))
    make_funding("Esmée Fairbairn Foundation", sectors=["voluntary-and-community"])
    health = Sector.objects.get(slug="health")

    by_sector = editor_client.get(snippet_url(FundingSource), {"sectors": health.pk})
    rolling = editor_client.get(snippet_url(FundingSource), {"rolling": "true"})

    assert [s.funder for s in by_sector.context["object_list"]] == ["Health Foundation"]
    assert [s.funder for s in rolling.context["object_list"]] == ["Esmée Fairbairn Foundation"]
    assert "Rolling" in rolling.content.decode()


# Practice listings ------------------------------------------------------------------------------


def test_an_editor_filters_practices_by_facet(editor_client, library):
    make_practice("Rich pictures", purposes=["map-the-system"], traditions=["soft-systems"])
    make_practice("Troika Consulting", purposes=["reflect"], kind="activity")
    mapping = Purpose.objects.get(slug="map-the-system")
    soft = Tradition.objects.get(slug="soft-systems")

    by_purpose = editor_client.get(PRACTICES, {"purposes": mapping.pk})
    by_tradition = editor_client.get(PRACTICES, {"traditions": soft.pk})
    by_kind = editor_client.get(PRACTICES, {"kind": "activity"})

    assert by_purpose.status_code == 200
    assert [p.title for p in by_purpose.context["object_list"]] == ["Rich pictures"]
    assert [p.title for p in by_tradition.context["object_list"]] == ["Rich pictures"]
    assert [p.title for p in by_kind.context["object_list"]] == ["Troika Consulting"]
    content = by_purpose.content.decode()
    assert "Troika Consulting" not in content
    assert "Tradition" in content
    assert "Has child pages" not in content


def test_the_practices_listings_query_the_same_for_few_or_many_practices(editor_client, library):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    for number in range(3):
        make_practice(f"Practice {number}", purposes=["reflect"], last_reviewed=None)
    queries(PRACTICES)  # the first request of a session fills caches
    few = [queries(PRACTICES), queries(DUE_A_REVIEW), queries(snippet_url(Purpose))]
    for number in range(3, 12):
        make_practice(f"Practice {number}", purposes=["reflect"], last_reviewed=None)
    queries(PRACTICES)  # new content: the caches fill again
    many = [queries(PRACTICES), queries(DUE_A_REVIEW), queries(snippet_url(Purpose))]

    assert many == few


def test_the_practices_listing_can_show_drafts_only(editor_client, library):
    make_practice("Published")
    make_practice("Suggested by a member", live=False)

    drafts = editor_client.get(PRACTICES, {"live": "false"})

    assert [p.title for p in drafts.context["object_list"]] == ["Suggested by a member"]


def test_practices_due_a_review_are_those_not_reviewed_for_a_year(editor_client, library):
    make_practice("Viable System Model", last_reviewed=days_ago(400))
    make_practice("World Cafe", last_reviewed=days_ago(30))
    make_practice("PDSA cycles", last_reviewed=None)

    titles = {p.title for p in editor_client.get(DUE_A_REVIEW).context["object_list"]}

    assert titles == {"Viable System Model", "PDSA cycles"}


def test_practices_not_edited_for_a_year_are_due_a_review_too(editor_client, library):
    reviewed_lately = days_ago(10)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400), tick=False):
        make_practice("Team Syntegrity", last_reviewed=reviewed_lately)
    make_practice("Open Space Technology", last_reviewed=reviewed_lately)

    titles = {p.title for p in editor_client.get(DUE_A_REVIEW).context["object_list"]}

    assert titles == {"Team Syntegrity"}


def test_waiting_for_review_lists_what_is_in_moderation(editor_client, library, member):
    sent_in = make_story("Peer researchers redesign the hostel welcome", live=False)
    sent_in.save_revision(user=member)
    sent_in.get_workflow().start(sent_in, member)
    make_story("A published story")
    make_practice("A draft nobody submitted", live=False)

    response = editor_client.get(WAITING)

    assert response.status_code == 200
    titles = [page.title for page in response.context["object_list"]]
    assert titles == ["Peer researchers redesign the hostel welcome"]


def test_the_dashboard_counts_what_waits_for_review(editor_client, library, member):
    sent_in = make_story("Peer researchers redesign the hostel welcome", live=False)
    sent_in.save_revision(user=member)
    sent_in.get_workflow().start(sent_in, member)

    content = editor_client.get("/admin/").content.decode()

    assert f'<a href="{WAITING}">1 waiting for review</a>' in content


def test_the_library_menu_offers_the_listings_to_editors(editor_client):
    content = editor_client.get("/admin/").content.decode()

    for label in ["Library", "Practices due a review", "Waiting for review", "Funding sources"]:
        assert label in content


# Who may not ------------------------------------------------------------------------------------


def test_a_plain_member_cannot_reach_the_library_admin(member_client):
    for url in [*PAGE_LISTINGS, snippet_url(Purpose), snippet_url(FundingSource)]:
        response = member_client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url


def test_a_host_reaches_the_admin_but_not_the_library(host_client, library):
    make_practice("Rich pictures")
    for url in [*PAGE_LISTINGS, snippet_url(Purpose), snippet_url(Concept)]:
        response = host_client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Rich pictures" not in response.content
    dashboard = host_client.get("/admin/").content.decode()
    assert "Waiting for review" not in dashboard
    assert "waiting for review" not in dashboard
