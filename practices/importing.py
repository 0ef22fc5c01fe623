"""Bringing an organisation's existing toolkit into the library from a CSV or YAML file.

Every row is checked before anything is written, and a file with refused rows imports nothing
unless the caller asks to skip them. A practice whose slug or title is already in the library is
updated rather than duplicated. `manage.py import_practices` is the way in; the columns are listed
in `COLUMNS` and explained in its help."""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.html import escape, format_html
from django.utils.text import slugify

from members.models import Sector

from .models import (
    Competency,
    Concept,
    Participation,
    Phase,
    PracticeIndexPage,
    PracticePage,
    Purpose,
    Scale,
    Tradition,
)
from .models.pages import MODES

PLAIN_TEXT = {  # column: longest allowed (None: no limit)
    "summary": 200,
    "materials": None,
    "outputs": 300,
    "originators": 200,
    "licence_note": 300,
}
RICH_TEXT = ["makes_possible", "when_to_use", "when_not_to_use", "tips_and_traps", "variations"]
CHOICES = {
    "kind": PracticePage.Kind,
    "span": PracticePage.Span,
    "experience": PracticePage.Experience,
    "attribution": PracticePage.Attribution,
}
NUMBERS = ["minutes_min", "minutes_max", "group_min", "group_max", "origin_year"]
# Facet column: (model, the word for one of them in messages)
FACETS = {
    "purposes": (Purpose, "purpose"),
    "phases": (Phase, "phase"),
    "traditions": (Tradition, "tradition"),
    "scales": (Scale, "scale"),
    "participation": (Participation, "participation"),
    "sectors": (Sector, "sector"),
    "competencies": (Competency, "competency"),
    "concepts": (Concept, "concept"),
}
COLUMNS = [
    "title",
    "slug",
    *PLAIN_TEXT,
    *RICH_TEXT,
    *CHOICES,
    *NUMBERS,
    "steps",
    "modes",
    "key_sources",
    *FACETS,
    "tags",
]
REQUIRED = ["summary", "makes_possible"]
# What a toolkit may write for each mode: its label, its field name, or a common synonym.
MODE_WORDS = {
    **{label.lower(): name for name, label in MODES},
    **{name: name for name, _ in MODES},
    "in-person": "in_person",
    "face to face": "in_person",
    "async": "asynchronous",
}
STEP_LIMITS = {"title": 120, "description": 1500, "group_configuration": 80, "output": 120}
MAX_STEP_MINUTES = 600
PHASE_LINE = re.compile(r"^phase\s*:\s*(.*)$", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
MINUTES = re.compile(r"^(\d+)\s*(?:m|mins?|minutes?)?\.?$", re.IGNORECASE)
URL = re.compile(r"https?://\S+")


class ImportFileError(Exception):
    """The file cannot be read as a list of practices at all (as opposed to a refused row)."""


@dataclass
class Row:
    number: int
    values: dict
    problem: str = ""


@dataclass
class CheckedRow:
    """One row after checking: what it would write, or why it is refused."""

    number: int
    title: str
    errors: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)
    tags: list | None = None
    existing: PracticePage | None = None
    slug: str = ""

    @property
    def refused(self):
        return bool(self.errors)

    def describe(self):
        name = f" ({self.title})" if self.title else ""
        return f"row {self.number}{name}: {'; '.join(self.errors)}"


@dataclass
class ImportReport:
    rows: list
    ignored_columns: list
    dry_run: bool = False
    keep_existing: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    imported: bool = False

    @property
    def refused(self):
        return [row for row in self.rows if row.refused]

    @property
    def accepted(self):
        return [row for row in self.rows if not row.refused]

    @property
    def kept(self):
        """Accepted rows for practices already in the library, left alone with keep_existing."""
        if not self.keep_existing:
            return []
        return [row for row in self.accepted if row.existing is not None]

    @property
    def to_write(self):
        return [row for row in self.accepted if not (self.keep_existing and row.existing)]

    def summary(self):
        """ "12 created, 3 updated, 2 refused" once imported; "12 to create, ..." before."""
        kept = f", {len(self.kept)} left as they are" if self.keep_existing else ""
        if self.imported:
            created, updated = len(self.created), len(self.updated)
            return f"{created} created, {updated} updated{kept}, {len(self.refused)} refused"
        created = sum(1 for row in self.to_write if row.existing is None)
        updated = len(self.to_write) - created
        return f"{created} to create, {updated} to update{kept}, {len(self.refused)} refused"


# Reading the file ------------------------------------------------------------------------------


def _column(name):
    return re.sub(r"[\s-]+", "_", str(name).strip().lower())


def _plain(value):
    """A cell or YAML value as text, or a list of texts for YAML lists."""
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(item).strip() for item in value if item is not None]
    return str(value).strip()


def read_practice_file(path):
    """The rows of a CSV or YAML file, numbered as people will look for them: CSV rows as a
    spreadsheet shows them (the header is row 1), YAML entries from 1. Also returns the columns
    that were not recognised, so the report can say they were ignored."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".yaml", ".yml"}:
        raise ImportFileError(f"{path.name}: expected a .csv, .yaml or .yml file.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise ImportFileError(f"{path}: no such file.") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name}: not UTF-8 text; save it as UTF-8 CSV.") from error
    rows = _read_csv(text, path.name) if suffix == ".csv" else _read_yaml(text, path.name)
    rows = [row for row in rows if row.problem or any(row.values.values())]
    if not rows:
        raise ImportFileError(f"{path.name}: no practices found.")
    columns = {column for row in rows for column in row.values}
    if "title" not in columns:
        found = ", ".join(sorted(columns)) or "none"
        raise ImportFileError(f"{path.name}: no 'title' column (columns found: {found}).")
    ignored = sorted(columns - set(COLUMNS))
    for row in rows:
        for column in ignored:
            row.values.pop(column, None)
    return rows, ignored


def _read_csv(text, name):
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    try:
        header = [_column(cell) for cell in next(reader)]
        records = list(reader)
    except StopIteration:
        return []
    except csv.Error as error:
        raise ImportFileError(f"{name}: not a readable CSV file ({error}).") from error
    rows = []
    for index, cells in enumerate(records, start=2):
        values = {column: _plain(cell) for column, cell in zip(header, cells, strict=False)}
        values.pop("", None)
        rows.append(Row(index, values))
    return rows


def _read_yaml(text, name):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ImportFileError(f"{name}: not readable YAML ({error}).") from error
    if isinstance(data, dict) and "practices" in data:
        data = data["practices"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise ImportFileError(f"{name}: expected a list of practices.")
    rows = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            rows.append(Row(index, {}, problem="not a set of keys and values"))
            continue
        rows.append(Row(index, {_column(key): _plain(value) for key, value in item.items()}))
    return rows


# Checking rows -----------------------------------------------------------------------------------


class _Facets:
    """Facet values by slug and by name (competencies by code), fetched once per import."""

    def __init__(self):
        self.tables = {}
        for column, (model, _word) in FACETS.items():
            table = {}
            for facet in model.objects.all():
                if model is Competency:
                    table[facet.code.lower()] = facet
                else:
                    table[facet.slug] = facet
                    table[facet.name.lower()] = facet
            self.tables[column] = table

    def find(self, column, value):
        table = self.tables[column]
        return table.get(value.lower()) or table.get(slugify(value))


def _items(value):
    """A comma-separated list, or a YAML list, as clean items."""
    if isinstance(value, list):
        return [item for item in value if item]
    return [item.strip() for item in value.split(",") if item.strip()]


def _text(value):
    return "\n".join(value) if isinstance(value, list) else value


def rich_text(text):
    """Plain text as safe rich text: blank lines separate paragraphs, and a paragraph whose lines
    all start with "- " or "* " becomes a bulleted list. Any HTML in the file is shown as text."""
    html = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(re.match(r"^[-*\u2022]\s+", line) for line in lines):
            items = "".join(f"<li>{escape(BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{escape(' '.join(lines))}</p>")
    return "".join(html)


def _key_sources(text, errors):
    """One source per line; a web address on the line becomes its link."""
    items = []
    check_url = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(_text(text).splitlines(), start=1):
        line = BULLET.sub("", line).strip()
        if not line:
            continue
        match = URL.search(line)
        if not match:
            items.append(format_html("<li>{}</li>", line))
            continue
        url = match.group(0).rstrip(".,;)")
        try:
            check_url(url)
        except ValidationError:
            errors.append(f"key source {number} has a link that is not a web address")
            continue
        # The address may sit in brackets after its label; the label's own brackets stay.
        label = (line[: match.start()] + line[match.end() :]).strip(" -:,;")
        label = label.removeprefix("(").removesuffix("(").strip(" -:,;") or url
        items.append(format_html('<li><a href="{}">{}</a></li>', url, label))
    return f"<ul>{''.join(items)}</ul>" if items else ""


def parse_steps(text, errors):
    """Steps in plain text: one step per line, "Phase: title" lines start a phase. A step line is
    `title | description | minutes | group configuration | output`, with only the title needed;
    a line without "|" may be "title: description", and otherwise is both title and description.
    Steps before any phase line go into a phase called "Steps"."""
    phases = []
    for number, raw in enumerate(_text(text).splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        phase_match = PHASE_LINE.match(line)
        if phase_match:
            title = phase_match.group(1).strip()
            if not title:
                errors.append(f"steps line {number}: a phase needs a title")
            elif len(title) > STEP_LIMITS["title"]:
                errors.append(f"steps line {number}: phase title longer than 120 characters")
            phases.append({"type": "phase", "value": {"title": title, "steps": []}})
            continue
        parts = [part.strip() for part in BULLET.sub("", line).split("|")]
        if len(parts) > 5:
            errors.append(f"steps line {number}: more than five parts separated by '|'")
            continue
        if len(parts) == 1:  # "Name: what to do", as members write steps on the site
            name, colon, rest = parts[0].partition(": ")
            if colon and rest.strip() and len(name) <= STEP_LIMITS["title"]:
                parts = [name.strip(), rest.strip()]
        parts += [""] * (5 - len(parts))
        title, description, minutes, group, output = parts
        step = {
            "title": title,
            "description": description or title,
            "minutes": None,
            "group_configuration": group,
            "output": output,
        }
        if not title:
            errors.append(f"steps line {number}: a step needs a title")
        if minutes:
            found = MINUTES.match(minutes)
            if not found or int(found.group(1)) > MAX_STEP_MINUTES:
                errors.append(f"steps line {number}: minutes '{minutes}' is not a number to 600")
            else:
                step["minutes"] = int(found.group(1))
        for key, limit in STEP_LIMITS.items():
            if len(step[key]) > limit:
                label = key.replace("_", " ")
                errors.append(f"steps line {number}: {label} longer than {limit} characters")
        if not phases:
            phases.append({"type": "phase", "value": {"title": "Steps", "steps": []}})
        phases[-1]["value"]["steps"].append(step)
    for phase in phases:
        if not phase["value"]["steps"]:
            errors.append(f"phase '{phase['value']['title']}' has no steps")
    return phases


def _choice(column, value, errors):
    choices = CHOICES[column]
    wanted = value.strip().lower()
    for choice in choices:
        label = str(choice.label).lower()
        if wanted in {choice.value, label, label.split(":")[0]}:
            return choice.value
    allowed = ", ".join(choice.value for choice in choices)
    errors.append(f"unknown {column.replace('_', ' ')} '{value}' (use one of: {allowed})")
    return None


def _number(column, value, errors):
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.append(f"{column} '{value}' is not a whole number")
        return None
    if column == "origin_year" and not 1000 <= number <= date.today().year:
        errors.append(f"origin_year {number} is not a year between 1000 and now")
        return None
    if number < 0:
        errors.append(f"{column} must not be negative")
        return None
    return number


def _check(row, facets):
    values = row.values
    checked = CheckedRow(number=row.number, title=_text(values.get("title", "")))
    errors = checked.errors
    if row.problem:
        errors.append(row.problem)
        return checked
    if not checked.title:
        errors.append("title is missing")
    elif len(checked.title) > 255:
        errors.append("title longer than 255 characters")
    checked.slug = slugify(_text(values.get("slug", "")) or checked.title)
    if checked.title and not checked.slug:
        errors.append("title has no letters or digits to make a web address from")

    fields = checked.fields
    for column, limit in PLAIN_TEXT.items():
        if column == "licence_note" and not values.get(column):
            continue  # keep the library's standard note
        if column in values:
            fields[column] = _text(values[column])
            if limit and len(fields[column]) > limit:
                errors.append(f"{column.replace('_', ' ')} longer than {limit} characters")
    for column in RICH_TEXT:
        if column in values:
            fields[column] = rich_text(_text(values[column]))
    for column in CHOICES:
        if values.get(column):
            fields[column] = _choice(column, _text(values[column]), errors)
    for column in NUMBERS:
        if column in values:
            fields[column] = _number(column, values[column], errors) if values[column] else None
    if "steps" in values:
        fields["steps"] = parse_steps(values["steps"], errors)
    if "key_sources" in values:
        fields["key_sources"] = _key_sources(values["key_sources"], errors)
    if values.get("modes"):  # an empty cell leaves the modes as they are
        chosen = set()
        for mode in _items(values["modes"]):
            if mode.lower() in MODE_WORDS:
                chosen.add(MODE_WORDS[mode.lower()])
            else:
                named = ", ".join(label.lower() for _, label in MODES)
                errors.append(f"unknown mode '{mode}' (use {named})")
        for mode, _ in MODES:
            fields[mode] = mode in chosen

    for column, (_model, word) in FACETS.items():
        if column not in values:
            continue
        found = []
        for value in _items(values[column]):
            facet = facets.find(column, value)
            if facet is None:
                errors.append(f"unknown {word} '{value}'")
            else:
                found.append(facet)
        checked.facets[column] = found
    if "tags" in values:
        checked.tags = _items(values["tags"])
        if any(len(tag) > 100 for tag in checked.tags):
            errors.append("a tag longer than 100 characters")
    return checked


def _check_against_library(checked, library_pages, earlier):
    """Match the row to a practice already in the library, and check what depends on both."""
    by_slug, by_title, others = library_pages
    existing = by_slug.get(checked.slug) or by_title.get(checked.title.lower())
    if existing is None and checked.slug in others:
        checked.errors.append(f"the address '{checked.slug}' is used by another page")
    checked.existing = existing
    key = existing.pk if existing else checked.slug
    if key in earlier:
        checked.errors.append(f"same practice as row {earlier[key]}")
    else:
        earlier[key] = checked.number

    for column in REQUIRED:
        missing = column not in checked.fields if existing is None else False
        if missing or (column in checked.fields and not checked.fields[column]):
            checked.errors.append(f"{column} is required")
    for low, high in [("minutes_min", "minutes_max"), ("group_min", "group_max")]:
        lowest = checked.fields.get(low, getattr(existing, low, None))
        highest = checked.fields.get(high, getattr(existing, high, None))
        if lowest is not None and highest is not None and lowest > highest:
            checked.errors.append(f"{low} greater than {high}")


def check_rows(rows, library):
    """Check every row, without writing anything."""
    facets = _Facets()
    practices = list(PracticePage.objects.child_of(library))
    by_slug = {page.slug: page for page in practices}
    by_title = {page.title.lower(): page for page in practices}
    others = set(
        library.get_children()
        .exclude(pk__in=[p.pk for p in practices])
        .values_list("slug", flat=True)
    )
    earlier = {}
    checked_rows = []
    for row in rows:
        checked = _check(row, facets)
        if checked.title:
            _check_against_library(checked, (by_slug, by_title, others), earlier)
        checked_rows.append(checked)
    return checked_rows


# Writing -----------------------------------------------------------------------------------------


class _RollBack(Exception):
    pass


def _write(checked, library):
    """Create or update one practice. New practices are published; an update is published when
    the practice is live, and otherwise kept as a draft for an editor."""
    if checked.existing is None:
        page = PracticePage(title=checked.title, slug=checked.slug, **checked.fields)
    else:
        page = checked.existing.get_latest_revision_as_object()
        page.title = checked.title
        for name, value in checked.fields.items():
            setattr(page, name, value)
    for column, found in checked.facets.items():
        setattr(page, column, found)
    if checked.tags is not None:
        page.tags.set(checked.tags)
    if checked.existing is None:
        # A fresh parent: a row rolled back before this one may have left it stale.
        library = PracticeIndexPage.objects.get(pk=library.pk)
        library.add_child(instance=page)
        page.save_revision().publish()
    else:
        revision = page.save_revision()
        if checked.existing.live:
            revision.publish()
    return page


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{name}: {'; '.join(texts)}" for name, texts in error.message_dict.items()]
    return list(error.messages)


def import_practices(
    path, *, library, dry_run=False, skip_errors=False, keep_existing=False, progress=None
):
    """Import the practices in a CSV or YAML file under `library` (a PracticeIndexPage).

    Every row is checked first. If any row is refused, nothing is imported unless `skip_errors`
    is set, in which case the other rows are. With `keep_existing`, practices already in the
    library are left as they are (editors' changes kept) and only the missing ones are created;
    that makes a rerun of the same file change nothing. With `dry_run`, nothing is written. All
    writes happen in one transaction; a row the database refuses while skipping errors is rolled
    back alone. `progress(done, total)` is called after each row written.

    Raises ImportFileError when the file cannot be read as practices. Side effects: creates and
    publishes pages, saves revisions (published when the practice is live), creates tags."""
    rows, ignored = read_practice_file(path)
    report = ImportReport(
        rows=check_rows(rows, library),
        ignored_columns=ignored,
        dry_run=dry_run,
        keep_existing=keep_existing,
    )
    if dry_run or (report.refused and not skip_errors):
        return report

    accepted = report.to_write
    try:
        with transaction.atomic():
            for done, checked in enumerate(accepted, start=1):
                try:
                    with transaction.atomic():
                        _write(checked, library)
                except ValidationError as error:
                    checked.errors.extend(_messages(error))
                    if not skip_errors:
                        raise _RollBack from error
                else:
                    (report.updated if checked.existing else report.created).append(checked)
                if progress:
                    progress(done, len(accepted))
    except _RollBack:
        report.created, report.updated = [], []
        return report
    report.imported = True
    return report


def default_library(slug=None):
    """The practice library page to import into: the one with `slug`, or the only one."""
    libraries = PracticeIndexPage.objects.all()
    if slug:
        return libraries.filter(slug=slug).first()
    return libraries.first()
