"""The page tree: a single home page at the root, editorial pages beneath it."""

import pytest
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from convening.models import HomePage, StandardPage
from tests.factories import make_member

pytestmark = pytest.mark.django_db


class TestPageStructure(WagtailPageTestCase):
    def test_home_page_is_the_only_type_allowed_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_pages_live_under_the_home_page_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


def test_a_fresh_database_already_has_the_home_page_as_the_site_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert isinstance(response.context["page"], HomePage)


def test_home_page_shows_editor_written_sections(client, home_page):
    home_page.body = [
        {
            "type": "section",
            "value": {
                "heading": "What we do together",
                "intro": "<p>Find your people.</p>",
                "cards": [{"title": "Gatherings", "text": "Tea and cake."}],
            },
        },
        {
            "type": "quote",
            "value": {"quote": "It's how the work needs to happen.", "attribution": ""},
        },
    ]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "<h2>What we do together</h2>" in html
    assert "Tea and cake." in html
    assert "It&#x27;s how the work needs to happen." in html


def test_main_navigation_lists_menu_pages_and_marks_the_current_one(client, home_page):
    home_page.add_child(instance=StandardPage(title="About", slug="about", show_in_menus=True))
    home_page.add_child(instance=StandardPage(title="Hidden", slug="hidden", show_in_menus=False))
    home_page.add_child(
        instance=StandardPage(title="Draft", slug="draft", show_in_menus=True, live=False)
    )
    html = client.get("/about/").content.decode()
    assert '<a href="/about/" aria-current="page">About</a>' in html
    assert ">Hidden<" not in html
    assert ">Draft<" not in html


def test_the_menu_leaves_out_pages_in_a_private_section(client, home_page):
    home_page.add_child(instance=StandardPage(title="About", slug="about", show_in_menus=True))
    private = home_page.add_child(
        instance=StandardPage(title="Stewards", slug="stewards", show_in_menus=True)
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    html = client.get("/about/").content.decode()

    assert '<a href="/about/" aria-current="page">About</a>' in html
    assert '<a href="/stewards/"' not in html


def test_a_private_site_lists_no_menu_pages_to_anyone(member_client, home_page):
    home_page.add_child(instance=StandardPage(title="About", slug="about", show_in_menus=True))
    PageViewRestriction.objects.create(page=home_page, restriction_type=PageViewRestriction.LOGIN)

    response = member_client.get("/about/")

    assert response.status_code == 200
    assert '<a href="/about/"' not in response.content.decode()


def test_an_editor_can_create_a_standard_page_in_the_admin(editor_client, home_page):
    url = f"/admin/pages/add/convening/standardpage/{home_page.pk}/"
    data = nested_form_data(
        {
            "title": "How circles work",
            "slug": "how-circles-work",
            "introduction": "Small, confidential, regular.",
            "body": streamfield([("text", rich_text("<p>Six people, every fortnight.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="how-circles-work")
    assert page.live
    assert (
        "Six people, every fortnight." in editor_client.get("/how-circles-work/").content.decode()
    )


def test_visitors_are_sent_through_the_one_login_form_and_back_to_the_admin(client):
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert response.status_code == 200


def test_a_member_without_editor_rights_cannot_use_the_admin(member_client):
    response = member_client.get("/admin/")
    assert response.status_code == 302
    assert HomePage.objects.count() == 1


def test_a_signed_in_member_without_admin_rights_is_told_not_bounced(member_client):
    response = member_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "You cannot do that here" in response.content.decode()
    assert len(response.redirect_chain) == 1


# What members and staff can rely on, in words they can read ------------------------------

LEGAL_PAGES = {
    "/privacy/": "Privacy notice",
    "/terms/": "Terms of use",
    "/code-of-conduct/": "Code of conduct",
    "/contact/": "Contact us",
}


@pytest.mark.parametrize(("path", "title"), LEGAL_PAGES.items())
def test_a_fresh_site_serves_its_notices_as_pages_editors_can_change(client, path, title):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()
    page = StandardPage.objects.get(slug=path.strip("/"))
    assert page.live
    assert page.body  # words, not a placeholder


def test_every_page_links_the_notices_in_its_footer(client):
    footer = client.get("/").content.decode().split('class="site-footer"', 1)[1]
    for path in LEGAL_PAGES:
        assert f'href="{path}"' in footer


def test_the_sign_up_page_links_the_terms_the_code_and_the_privacy_notice(client):
    page = client.get("/accounts/signup/").content.decode()
    for path in ("/terms/", "/code-of-conduct/", "/privacy/"):
        assert f'href="{path}"' in page.split('class="site-footer"', 1)[0]


def test_the_report_form_says_where_to_read_what_happens_next(member_client):
    other = make_member(name="Pat Pest")
    page = member_client.get(f"/members/{other.profile.slug}/report/").content.decode()
    assert 'href="/code-of-conduct/"' in page.split('class="site-footer"', 1)[0]
