"""What search engines and link previews read: robots.txt, the sitemap, canonical and OG tags."""

import pytest

from convening.models import StandardPage

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_private_areas_out_and_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://convening.example"
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Disallow: /me/" in body
    assert "Sitemap: https://convening.example/sitemap.xml" in body


def test_sitemap_lists_live_pages_and_not_drafts(client, home_page):
    home_page.add_child(instance=StandardPage(title="About", slug="about"))
    home_page.add_child(
        instance=StandardPage(title="Secret plans", slug="secret-plans", live=False)
    )
    body = client.get("/sitemap.xml").content.decode()
    assert "/about/" in body
    assert "secret-plans" not in body


def test_pages_carry_canonical_and_open_graph_tags_from_site_url(client, home_page, settings):
    settings.SITE_URL = "https://convening.example"
    home_page.add_child(
        instance=StandardPage(title="About", slug="about", search_description="Who we are.")
    )
    html = client.get("/about/").content.decode()
    assert '<link rel="canonical" href="https://convening.example/about/">' in html
    assert '<meta property="og:title" content="About">' in html
    assert '<meta property="og:description" content="Who we are.">' in html


def test_a_practice_without_a_search_description_describes_itself_by_its_summary(client, home_page):
    from tests.practices.factories import make_library, make_practice

    make_library(home_page)
    practice = make_practice("Rich pictures", summary="Drawing a messy situation together.")
    html = client.get(practice.url).content.decode()
    assert '<meta property="og:description" content="Drawing a messy situation together.">' in html
    assert '<meta name="description" content="Drawing a messy situation together.">' in html
