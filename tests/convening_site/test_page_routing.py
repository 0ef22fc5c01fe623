"""Pages are found by their whole address in one step, and the shortcut never serves a page
from a place it has left."""

import pytest
from wagtail.models import Site

from tests.events.factories import make_gathering
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


def test_a_page_is_found_by_its_address(client, home_page):
    practice = make_practice("Rich picture")

    response = client.get("/practices/rich-picture/")

    assert response.status_code == 200
    assert response.context["page"].specific_class is type(practice)
    assert "Rich picture" in response.content.decode()


def test_a_renamed_page_moves_to_its_new_address_at_once(client, home_page):
    practice = make_practice("Rich picture")
    assert client.get("/practices/rich-picture/").status_code == 200

    practice.slug = "rich-pictures"
    practice.save_revision().publish()

    assert client.get("/practices/rich-picture/").status_code == 404
    assert client.get("/practices/rich-pictures/").status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, home_page):
    practice = make_practice("Rich picture")
    assert client.get("/practices/rich-picture/").status_code == 200

    practice.unpublish()

    assert client.get("/practices/rich-picture/").status_code == 404


def test_a_deleted_page_is_gone_at_once(client, home_page):
    practice = make_practice("Rich picture")
    assert client.get("/practices/rich-picture/").status_code == 200

    practice.delete()

    assert client.get("/practices/rich-picture/").status_code == 404


def test_a_page_appears_as_soon_as_it_is_published(client, home_page):
    practice = make_practice("Rich picture", live=False)
    assert client.get("/practices/rich-picture/").status_code == 404

    practice.save_revision().publish()

    assert client.get("/practices/rich-picture/").status_code == 200


def test_a_pages_own_routes_still_answer(client, home_page):
    make_gathering("Open space on housing")

    feed = client.get("/gatherings/feed/")

    assert feed.status_code == 200
    assert "Open space on housing" in feed.content.decode()


def test_a_changed_home_page_shows_at_once(client, home_page):
    client.get("/")
    home_page.introduction = "A new welcome for conveners."
    home_page.save_revision().publish()

    assert "A new welcome for conveners." in client.get("/").content.decode()


def test_a_site_pointed_at_another_root_serves_it_at_once(client, home_page):
    practice = make_practice("Rich picture")
    assert client.get("/").context["page"].pk == home_page.pk

    site = Site.objects.get(is_default_site=True)
    site.root_page = practice
    site.save()

    assert client.get("/").context["page"].pk == practice.pk
