"""`manage.py import_practices`: an organisation brings its toolkit from a CSV or YAML file.
Every row is checked first; a file with refused rows imports nothing unless asked to skip them."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from practices.models import PracticePage
from tests.practices.factories import make_library, make_practice

pytestmark = pytest.mark.django_db

HEADER = [
    "title",
    "licence_note",
    "summary",
    "kind",
    "makes_possible",
    "steps",
    "minutes_min",
    "minutes_max",
    "modes",
    "originators",
    "origin_year",
    "attribution",
    "key_sources",
    "purposes",
    "competencies",
    "tags",
]

WORLD_CAFE = {
    "title": "World Café",
    "summary": "Rounds of small-table conversation with people moving between tables.",
    "kind": "method",
    "makes_possible": "Many voices heard.\n\nIdeas cross-pollinate.",
    "steps": (
        "Phase: Set the café\n"
        "Welcome | Explain the café etiquette | 10 | whole group\n"
        "Phase: Rounds\n"
        "First round | Each table explores the question | 25 min | tables of 4 | tablecloth notes\n"
        "Harvest together\n"
        "Close: Each person says what they take away"
    ),
    "minutes_min": "60",
    "minutes_max": "180",
    "modes": "in person, online",
    "originators": "Juanita Brown and David Isaacs",
    "origin_year": "1995",
    "attribution": "documented",
    "key_sources": (
        "The World Café Community Foundation https://theworldcafe.com/\nBrown and Isaacs (2005)"
    ),
    "purposes": "build-relationships, Surface perspectives",
    "competencies": "S5, b8",
    "tags": "hospitality, large groups",
}
TROIKA = {
    "title": "Troika Consulting",
    "summary": "Peer consulting in threes.",
    "makes_possible": "Quick, practical help from peers.",
    "kind": "activity",
    "minutes_min": "30",
    "minutes_max": "35",
    "originators": "Liberating Structures",
    "attribution": "documented",
}


@pytest.fixture
def library(db):
    return make_library()


def write_csv(path, rows, header=HEADER):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_practices", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused_run(path, *args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import_practices", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), str(refusal.value)


def test_a_valid_csv_imports_published_practices_with_their_spine(library, tmp_path):
    path = write_csv(tmp_path / "toolkit.csv", [WORLD_CAFE, TROIKA])

    out, err = run(path)

    assert "2 created, 0 updated, 0 refused" in out
    assert "Importing [" in err
    assert "2/2" in err
    cafe = PracticePage.objects.get(slug="world-cafe")
    assert cafe.live
    assert cafe.get_parent().pk == library.pk
    assert cafe.kind == "method"
    assert cafe.makes_possible == "<p>Many voices heard.</p><p>Ideas cross-pollinate.</p>"
    assert (cafe.minutes_min, cafe.minutes_max, cafe.origin_year) == (60, 180, 1995)
    assert (cafe.in_person, cafe.online, cafe.hybrid) == (True, True, False)
    assert cafe.attribution == "documented"
    assert '<a href="https://theworldcafe.com/">The World Café Community Foundation</a>' in (
        cafe.key_sources
    )
    assert {p.slug for p in cafe.purposes.all()} == {"build-relationships", "surface-perspectives"}
    assert {c.code for c in cafe.competencies.all()} == {"S5", "B8"}
    assert set(cafe.tags.names()) == {"hospitality", "large groups"}

    phases = [(phase.value["title"], phase.value["steps"]) for phase in cafe.steps]
    assert [title for title, _steps in phases] == ["Set the café", "Rounds"]
    first_round = phases[1][1][0]
    assert (first_round["title"], first_round["minutes"]) == ("First round", 25)
    assert (first_round["group_configuration"], first_round["output"]) == (
        "tables of 4",
        "tablecloth notes",
    )
    assert phases[1][1][1]["title"] == phases[1][1][1]["description"] == "Harvest together"
    assert (phases[1][1][2]["title"], phases[1][1][2]["description"]) == (
        "Close",
        "Each person says what they take away",
    )
    troika = PracticePage.objects.get(slug="troika-consulting")
    assert troika.live
    assert troika.licence_note == PracticePage._meta.get_field("licence_note").default


def test_a_file_with_errors_imports_nothing_and_says_why_for_each_row(library, tmp_path):
    bad_purpose = {**TROIKA, "title": "Fishbowl", "purposes": "foo", "minutes_min": "90"}
    no_summary = {**TROIKA, "title": "Circle", "summary": "", "competencies": "Z9"}
    path = write_csv(tmp_path / "toolkit.csv", [WORLD_CAFE, bad_purpose, no_summary])

    out, refusal = refused_run(path)

    assert "row 3 (Fishbowl): unknown purpose 'foo'; minutes_min greater than minutes_max" in out
    assert "row 4 (Circle): unknown competency 'Z9'; summary is required" in out
    assert "Nothing imported: 2 of 3 rows refused" in refusal
    assert "--skip-errors" in refusal
    assert not PracticePage.objects.exists()


def test_skip_errors_imports_the_good_rows_and_reports_the_others(library, tmp_path):
    bad = {
        **TROIKA,
        "title": "Fishbowl",
        "kind": "dance",
        "origin_year": "nineteen",
        "steps": "Inner circle talks | Outer circle listens | soon",
        "modes": "telepathy",
    }
    path = write_csv(tmp_path / "toolkit.csv", [WORLD_CAFE, bad, TROIKA])

    out, _err = run(path, "--skip-errors")

    assert "2 created, 0 updated, 1 refused" in out
    assert "row 3 (Fishbowl): unknown kind 'dance'" in out
    assert "origin_year 'nineteen' is not a whole number" in out
    assert "steps line 1: minutes 'soon' is not a number to 600" in out
    assert "unknown mode 'telepathy'" in out
    assert set(PracticePage.objects.values_list("slug", flat=True)) == {
        "world-cafe",
        "troika-consulting",
    }


def test_a_dry_run_of_a_file_with_errors_says_so_and_writes_nothing(library, tmp_path):
    path = write_csv(
        tmp_path / "toolkit.csv", [WORLD_CAFE, {**TROIKA, "scales": "galaxy"}], [*HEADER, "scales"]
    )

    out, refusal = refused_run(path, "--dry-run")

    assert "row 3 (Troika Consulting): unknown scale 'galaxy'" in out
    assert "Dry run, nothing written: 1 to create, 0 to update, 1 refused." in out
    assert "1 of 2 rows refused. Fix them before importing" in refusal
    assert not PracticePage.objects.exists()


def test_a_dry_run_checks_and_reports_but_writes_nothing(library, tmp_path):
    make_practice("Troika Consulting", library=library)
    path = write_csv(tmp_path / "toolkit.csv", [WORLD_CAFE, TROIKA])
    revisions = Revision.objects.count()

    out, _err = run(path, "--dry-run")

    assert "Dry run, nothing written: 1 to create, 1 to update, 0 refused." in out
    assert PracticePage.objects.count() == 1
    assert Revision.objects.count() == revisions


def test_yaml_works_with_lists_and_multi_line_steps(library, tmp_path):
    path = tmp_path / "toolkit.yaml"
    path.write_text(
        """
- title: What? So what? Now what?
  summary: Three questions for reflecting together.
  makes_possible: |
    - Observations first
    - Then meaning
    - Then action
  kind: Activity
  minutes_min: 15
  minutes_max: 45
  modes: [online, asynchronous]
  attribution: Commonly attributed
  originators: Terry Borton; Rolfe, Freshwater and Jasper
  steps: |
    What? | What happened? | 5
    So what? | Why does it matter? | 10
    Now what? | What next? | 10
  traditions: [action-learning]
  tags: [reflection, circle]
""",
        encoding="utf-8",
    )

    out, _err = run(path)

    assert "1 created, 0 updated, 0 refused" in out
    practice = PracticePage.objects.get(slug="what-so-what-now-what")
    assert practice.makes_possible == (
        "<ul><li>Observations first</li><li>Then meaning</li><li>Then action</li></ul>"
    )
    assert (practice.kind, practice.attribution) == ("activity", "commonly")
    assert (practice.in_person, practice.online, practice.asynchronous) == (False, True, True)
    steps = practice.steps[0].value["steps"]
    assert practice.steps[0].value["title"] == "Steps"
    assert [step["minutes"] for step in steps] == [5, 10, 10]
    assert [t.slug for t in practice.traditions.all()] == ["action-learning"]


def test_reimporting_updates_practices_instead_of_duplicating_them(library, tmp_path):
    path = write_csv(tmp_path / "toolkit.csv", [WORLD_CAFE, TROIKA])
    run(path)
    changed = {**WORLD_CAFE, "title": "world café", "summary": "A new summary.", "tags": "cafe"}
    write_csv(path, [changed, TROIKA])

    out, _err = run(path)

    assert "0 created, 2 updated, 0 refused" in out
    assert PracticePage.objects.count() == 2
    cafe = PracticePage.objects.get(slug="world-cafe")
    assert cafe.summary == "A new summary."
    assert cafe.live
    assert not cafe.has_unpublished_changes
    assert list(cafe.tags.names()) == ["cafe"]


def test_keep_existing_creates_only_the_missing_practices_and_leaves_the_others_alone(
    library, tmp_path
):
    make_practice("Troika Consulting", library=library, summary="An editor's own summary.")
    path = write_csv(tmp_path / "toolkit.csv", [WORLD_CAFE, TROIKA])
    revisions = Revision.objects.count()

    out, _err = run(path, "--keep-existing")

    assert "1 created, 0 updated, 1 left as they are, 0 refused" in out
    assert PracticePage.objects.get(slug="troika-consulting").summary == "An editor's own summary."
    assert PracticePage.objects.get(slug="world-cafe").live
    assert Revision.objects.count() == revisions + 1

    out, _err = run(path, "--keep-existing")

    assert "0 created, 0 updated, 2 left as they are, 0 refused" in out
    assert Revision.objects.count() == revisions + 1


def test_columns_missing_from_the_file_leave_existing_values_alone(library, tmp_path):
    make_practice("Troika Consulting", library=library, originators="Liberating Structures")
    path = write_csv(
        tmp_path / "toolkit.csv",
        [{"title": "Troika Consulting", "minutes_max": "35"}],
        ["title", "minutes_max"],
    )

    out, _err = run(path)

    assert "0 created, 1 updated" in out
    troika = PracticePage.objects.get(slug="troika-consulting")
    assert troika.minutes_max == 35
    assert troika.originators == "Liberating Structures"


def test_an_update_to_a_draft_stays_a_draft_for_an_editor(library, tmp_path):
    make_practice("Troika Consulting", library=library, live=False)
    path = write_csv(tmp_path / "toolkit.csv", [TROIKA])

    run(path)

    troika = PracticePage.objects.get(slug="troika-consulting")
    assert not troika.live
    assert troika.get_latest_revision_as_object().summary == "Peer consulting in threes."


def test_a_row_repeating_an_earlier_one_is_refused(library, tmp_path):
    path = write_csv(tmp_path / "toolkit.csv", [TROIKA, {**TROIKA, "title": "TROIKA CONSULTING"}])

    out, _refusal = refused_run(path)

    assert "row 3 (TROIKA CONSULTING): same practice as row 2" in out


def test_html_in_the_file_is_shown_as_text_not_run(library, tmp_path):
    sneaky = {**TROIKA, "makes_possible": '<script>alert("hi")</script>'}
    run(write_csv(tmp_path / "toolkit.csv", [sneaky]))

    troika = PracticePage.objects.get(slug="troika-consulting")
    assert "<script>" not in troika.makes_possible
    assert "&lt;script&gt;" in troika.makes_possible


def test_a_key_source_keeps_the_brackets_of_its_own_label(library, tmp_path):
    sources = (
        "Open University courses (OpenLearn) https://www.open.edu/openlearn/\n"
        "Liberating Structures (https://www.liberatingstructures.com/)"
    )
    path = write_csv(tmp_path / "toolkit.csv", [{**TROIKA, "key_sources": sources}])

    run(path)

    assert PracticePage.objects.get(slug="troika-consulting").key_sources == (
        '<ul><li><a href="https://www.open.edu/openlearn/">Open University courses (OpenLearn)'
        '</a></li><li><a href="https://www.liberatingstructures.com/">Liberating Structures'
        "</a></li></ul>"
    )


def test_unknown_columns_are_reported_as_ignored(library, tmp_path):
    path = write_csv(tmp_path / "toolkit.csv", [{**TROIKA, "notes": "x"}], [*HEADER, "notes"])

    out, _err = run(path)

    assert "Ignored unknown columns: notes." in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("toolkit.txt", "title\nA", "expected a .csv, .yaml or .yml file"),
        ("toolkit.csv", "name,summary\nA,B\n", "no 'title' column"),
        ("toolkit.yaml", "title: [unclosed", "not readable YAML"),
        ("toolkit.csv", "title\n", "no practices found"),
    ],
)
def test_a_file_that_cannot_be_read_stops_with_a_clear_message(
    library, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        run(path)


def test_it_needs_a_library_to_import_into(db, tmp_path):
    path = write_csv(tmp_path / "toolkit.csv", [TROIKA])
    with pytest.raises(CommandError, match="no practice library page"):
        run(path)


def test_parent_chooses_the_library_by_slug(library, tmp_path):
    path = write_csv(tmp_path / "toolkit.csv", [TROIKA])
    with pytest.raises(CommandError, match="No practice library page with the slug 'toolkit'"):
        run(path, "--parent", "toolkit")
    run(path, "--parent", library.slug)
    assert PracticePage.objects.child_of(library).count() == 1
