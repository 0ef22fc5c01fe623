"""The UI components page (/styleguide/, README "UI components") shows each component of
templates/components/ to whoever builds the site, under DEBUG only: without DEBUG it is not
there for anyone, signed in or not."""

import pytest
from django.test import Client

from ..conftest import signed_in
from ..factories import make_staff

pytestmark = pytest.mark.django_db

COMPONENTS = ["card", "button", "chip", "avatar", "form-field", "panel", "empty-state"]


class TestStyleguide:
    def test_under_debug_it_shows_every_component(self, settings):
        settings.DEBUG = True
        response = Client().get("/styleguide/")
        assert response.status_code == 200
        html = response.content.decode()
        for component in COMPONENTS:
            assert f'id="{component}"' in html
        # The example form is shown after a mistake, with its error beside the field.
        assert "Enter a valid email address." in html

    def test_without_debug_it_is_not_found(self, settings):
        settings.DEBUG = False
        assert Client().get("/styleguide/").status_code == 404

    def test_without_debug_not_even_staff_find_it(self, settings):
        settings.DEBUG = False
        assert signed_in(make_staff()).get("/styleguide/").status_code == 404

    def test_it_changes_nothing_so_a_post_is_refused(self, settings):
        settings.DEBUG = True
        assert Client().post("/styleguide/").status_code == 405
