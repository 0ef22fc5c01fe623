"""What people see of the library in the Wagtail admin (#16, item 2): those who curate it
(editors) see every page, drafts and members' stories in review included; everyone else (a host
choosing a practice for an agenda) only what the site shows anyone, published and outside
private sections. Through the real admin URLs, as TOTP-enrolled staff."""

import pytest

from practices.submissions import submit_story
from tests.conftest import signed_in
from tests.factories import make_staff

from .factories import make_library, make_practice, make_private

pytestmark = pytest.mark.django_db

IN_REVIEW = "Damp walls in Leeds"


@pytest.fixture
def library(home_page, member):
    """A published practice, a draft one, one in a private section, and a member's story sent
    in and waiting for an editor."""
    index = make_library(home_page)
    cafe = make_practice("World Cafe")
    make_practice("Draft fishbowl", live=False)
    make_private(make_practice("Private troika"))
    story = submit_story(
        member,
        {
            "title": IN_REVIEW,
            "summary": "Tenants and the council, in a sentence.",
            "situation": "A stuck system.",
            "what_we_did": "We met.",
            "practices": [cafe],
            "what_happened": "Things moved.",
            "what_we_learned": "Go slowly.",
        },
    )
    return index, story


@pytest.fixture
def host_of_nothing(db):
    return make_staff(group="Hosts", name="Hal Hostless")


HIDDEN_FROM_HOSTS = (IN_REVIEW, "Draft fishbowl", "Private troika")


def chooser_pages(browser, index):
    return [
        browser.get(f"/admin/choose-page/{index.pk}/").content.decode(),
        browser.get("/admin/choose-page/search/?q=Damp").content.decode(),
        browser.get("/admin/choose-page/search/?q=fishbowl").content.decode(),
        browser.get("/admin/choose-page/search/?q=troika").content.decode(),
        browser.get(
            "/admin/choose-page/search/?q=Damp&page_type=practices.storypage"
        ).content.decode(),
    ]


def test_the_page_chooser_offers_a_host_only_what_the_site_shows_anyone(library, host_of_nothing):
    index, _story = library

    offered = "".join(chooser_pages(signed_in(host_of_nothing), index))

    assert "World Cafe" in offered
    for title in HIDDEN_FROM_HOSTS:
        assert title not in offered


def test_the_page_chooser_offers_an_editor_the_whole_library_stories_in_review_included(
    library, editor_client
):
    index, _story = library

    offered = "".join(chooser_pages(editor_client, index))

    for title in ("World Cafe", *HIDDEN_FROM_HOSTS):
        assert title in offered


def test_the_admin_api_tells_a_host_nothing_of_a_story_in_review(library, host_of_nothing):
    index, story = library
    browser = signed_in(host_of_nothing)

    listing = browser.get(f"/admin/api/main/pages/?child_of={index.pk}")
    detail = browser.get(f"/admin/api/main/pages/{story.pk}/")

    assert IN_REVIEW not in listing.content.decode()
    assert detail.status_code == 404


@pytest.mark.parametrize("view", ["/admin/pages/{pk}/view_draft/", "/admin/pages/{pk}/history/"])
def test_a_host_meets_not_found_at_the_draft_and_history_of_a_story_in_review(
    view, library, host_of_nothing
):
    _index, story = library

    response = signed_in(host_of_nothing).get(view.format(pk=story.pk))

    assert response.status_code == 404
    assert IN_REVIEW not in response.content.decode()


def test_an_editor_previews_a_story_in_review(library, editor_client):
    _index, story = library

    response = editor_client.get(f"/admin/pages/{story.pk}/view_draft/")

    assert "Tenants and the council" in response.content.decode()
