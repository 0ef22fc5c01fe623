"""The portfolio at /me/portfolio/: coverage of the standard, by competency and by month, and
its exports (PDF, Markdown, CSV) of the member's own reflections only."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from practices.models import Competency
from tests.conftest import signed_in
from tests.convening.circles.factories import make_reflection
from tests.factories import make_member

pytestmark = pytest.mark.django_db

ALL_CODES = (
    [f"K{n}" for n in range(1, 6)]
    + [f"S{n}" for n in range(1, 12)]
    + [f"B{n}" for n in range(1, 10)]
)


@pytest.fixture
def ada():
    return make_member(name="Ada Author")


def test_the_standard_has_every_competency_the_grid_shows():
    assert sorted(Competency.objects.values_list("code", flat=True)) == sorted(ALL_CODES)


def test_the_grid_shows_every_k_s_and_b_and_which_have_evidence(ada):
    make_reflection(ada, title="After session one", competencies=["S9", "B1"])
    make_reflection(ada, title="After session two", competencies=["S9"])
    html = signed_in(ada).get("/me/portfolio/").content.decode()
    for code in ALL_CODES:
        assert f"<strong>{code}</strong>" in html
    assert "2 of the standard's 25 knowledge, skills and behaviours have evidence" in html
    assert 'href="#competency-S9">2 reflections</a>' in html
    assert 'href="#competency-B1">1 reflection</a>' in html
    assert html.count("None yet") == 23
    assert 'id="competency-S9"' in html
    assert 'id="competency-K1"' not in html


def test_reflections_are_grouped_by_month_and_untagged_ones_are_flagged(ada):
    make_reflection(ada, title="March thoughts", date=datetime.date(2025, 3, 14))
    make_reflection(ada, title="May thoughts", date=datetime.date(2025, 5, 2), competencies=["K1"])
    html = signed_in(ada).get("/me/portfolio/").content.decode()
    assert html.index("May 2025") < html.index("March 2025")
    # The months are a summary: each reflection is listed under its competencies, or untagged.
    assert "May 2025: 1 reflection</li>" in html
    assert html.count("May thoughts") == 1
    assert "Not tagged yet" in html
    assert html.index("March thoughts", html.index("Not tagged yet")) > 0


def test_the_portfolio_shows_only_the_members_own_reflections(ada):
    other = make_member(name="Olu Other")
    make_reflection(other, title="Olu's members note", visibility="members", competencies=["K2"])
    html = signed_in(ada).get("/me/portfolio/").content.decode()
    assert "Olu" not in html
    assert "0 of the standard's 25" in html


def test_visitors_are_sent_to_sign_in(client):
    for url in ("/me/portfolio/", "/me/portfolio/export/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_portfolio_takes_the_same_number_of_queries_for_5_or_40_reflections(ada):
    client = signed_in(ada)
    codes = ["S9", "B1", "K3"]
    for n in range(5):
        make_reflection(ada, title=f"Early {n}", competencies=codes[: n % 3 + 1])
    client.get("/me/portfolio/")  # warm the site's own caches (navigation, site root)
    few = _queries(client, "/me/portfolio/")
    for n in range(35):
        make_reflection(
            ada,
            title=f"Later {n}",
            competencies=codes[: n % 3 + 1],
            date=datetime.date(2024, 1 + n % 12, 1),
        )
    client.get("/me/portfolio/")  # new content: the caches fill again
    many = _queries(client, "/me/portfolio/")
    assert few == many


# Export.


def test_the_export_form_offers_all_my_reflections_checked(ada):
    first = make_reflection(ada, title="First")
    second = make_reflection(ada, title="Second")
    make_reflection(make_member(name="Olu Other"), title="Not mine", visibility="members")
    html = signed_in(ada).get("/me/portfolio/export/").content.decode()
    for reflection in (first, second):
        assert f'value="{reflection.pk}"' in html
    assert html.count("checked") >= 3  # both reflections and the PDF format
    assert "Not mine" not in html


def test_the_pdf_holds_the_chosen_reflections_only(ada):
    chosen = make_reflection(ada, title="Mapping the discharge pathway", competencies=["S9"])
    left_out = make_reflection(ada, title="A note I keep back")
    response = signed_in(ada).post(
        "/me/portfolio/export/", {"reflections": [chosen.pk], "format": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="portfolio-')
    assert response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mapping the discharge pathway" in text
    assert "Nobody owns the handover." in text
    assert "S9 Developing self" in text
    assert "Ada Author" in text
    assert left_out.title not in text


def test_the_markdown_export(ada):
    reflection = make_reflection(
        ada, title="Handovers & hand-offs", competencies=["S9", "B1"], value_cycle="applied"
    )
    response = signed_in(ada).post(
        "/me/portfolio/export/", {"reflections": [reflection.pk], "format": "markdown"}
    )
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# Reflective practice portfolio: Ada Author")
    assert "## Handovers & hand-offs" in text
    assert "### So what?\n\nNobody owns the handover." in text
    assert "**Competencies:** S9 Developing self; B1 Develops self and practice" in text
    assert "Applied value" in text


def test_the_csv_export_cannot_smuggle_formulas_into_a_spreadsheet(ada):
    dangerous = make_reflection(
        ada,
        title='=HYPERLINK("https://evil.example","click")',
        sections=[{"key": "what", "heading": "What?", "text": "+1 it went well"}],
        competencies=["S9"],
    )
    safe = make_reflection(ada, title="@home -- fine", competencies=["K1", "B1"])
    response = signed_in(ada).post(
        "/me/portfolio/export/", {"reflections": [dangerous.pk, safe.pk], "format": "csv"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    titles = {row["title"] for row in rows}
    assert titles == {'\'=HYPERLINK("https://evil.example","click")', "'@home -- fine"}
    by_title = {row["title"]: row for row in rows}
    assert by_title["'@home -- fine"]["competencies"] == "K1 B1"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_someone_elses_reflection_can_never_be_exported(ada):
    mine = make_reflection(ada, title="Mine to share")
    theirs = make_reflection(
        make_member(name="Olu Other"), title="Olu's shared note", visibility="members"
    )
    response = signed_in(ada).post(
        "/me/portfolio/export/", {"reflections": [mine.pk, theirs.pk], "format": "markdown"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "You can only export your own reflections." in body
    assert "Olu&#x27;s shared note" not in body


def test_exporting_nothing_or_an_unknown_format_is_refused(ada):
    mine = make_reflection(ada)
    client = signed_in(ada)
    response = client.post("/me/portfolio/export/", {"format": "pdf"})
    assert "Choose at least one reflection to export." in response.content.decode()
    response = client.post("/me/portfolio/export/", {"reflections": [mine.pk], "format": "docx"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
