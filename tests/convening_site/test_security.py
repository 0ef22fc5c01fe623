"""The security baseline every response carries."""

import pytest
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_public_pages_forbid_inline_script_and_style_and_framing(client, home_page):
    policy = directives(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_admin_alone_gets_inline_styles_and_same_origin_framing(editor_client):
    policy = directives(editor_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_public_pages_contain_no_inline_script_or_style(client, home_page):
    html = client.get("/").content.decode()
    assert "<script" not in html
    assert "<style" not in html
    assert " style=" not in html


def test_https_responses_carry_hsts_and_the_other_headers(client, home_page):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_unknown_addresses_get_the_friendly_404_page(client, home_page):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert 'href="#main"' in response.content.decode()


def raise_error(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", raise_error)]
handler500 = "convening_site.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_server_errors_show_the_500_page_in_our_layout(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html
