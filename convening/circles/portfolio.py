"""A member's reflective-practice portfolio: their own reflections grouped by the competencies
of the Systems Thinking Practitioner standard, a coverage grid of every K, S and B, the months
they wrote in, and exports (PDF, Markdown, CSV) of the reflections they choose.

Only the member's own reflections ever come in: everything starts from
`Reflection.objects.filter(author=member)`, never from what they may read."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from convening.circles.models import Reflection
from convening.shared.spreadsheets import spreadsheet_safe
from practices.models import Competency


@dataclass
class Coverage:
    competency: Competency
    reflections: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.reflections)


@dataclass
class Portfolio:
    reflections: list
    kinds: list  # [(kind label, [Coverage, ...])], every competency of the standard
    by_month: list  # [(first day of the month, [reflections])], newest first
    untagged: list

    @property
    def covered(self) -> int:
        return sum(1 for _, cells in self.kinds for cell in cells if cell.count)

    @property
    def total(self) -> int:
        return sum(len(cells) for _, cells in self.kinds)


def own_reflections(member):
    """The member's reflections with everything the portfolio and the exports show, in a fixed
    number of queries."""
    return (
        Reflection.objects.filter(author=member)
        .select_related("session__circle", "gathering", "practice", "story", "circle")
        .prefetch_related("competencies")
        .order_by("-date", "-pk")
    )


def portfolio_of(member) -> Portfolio:
    """Three queries whatever the number of reflections: the reflections, which competencies
    each is tagged with, and the standard's competencies.

    Each reflection comes with what the page shows of it, made once though it may be shown
    under several competencies: `url`, `day` (its date in words) and `tags`, its competencies
    in the standard's order."""
    # The page shows each reflection's title, date and competencies, nothing it is about: not
    # the five joins (three of them to pages) the exports need.
    reflections = list(
        Reflection.objects.filter(author=member)
        .only("pk", "title", "date")
        .order_by("-date", "-pk")
    )
    standard = list(Competency.objects.order_by("order", "code"))
    # Pairs of ids rather than `prefetch_related`: a related manager made for each reflection
    # would cost more than the page it serves.
    tagged = defaultdict(set)
    for reflection_id, competency_id in Reflection.competencies.through.objects.filter(
        reflection__author=member
    ).values_list("reflection_id", "competency_id"):
        tagged[reflection_id].add(competency_id)
    evidence = defaultdict(list)
    untagged = []
    for reflection in reflections:
        reflection.url = reflection.get_absolute_url()
        reflection.day = dateformat.format(reflection.date, "j F Y")
        codes = tagged[reflection.pk]
        reflection.tags = [competency for competency in standard if competency.pk in codes]
        for competency in reflection.tags:
            evidence[competency.pk].append(reflection)
        if not reflection.tags:
            untagged.append(reflection)
    grouped = defaultdict(list)
    for competency in standard:
        grouped[competency.kind].append(Coverage(competency, evidence[competency.pk]))
    kinds = [(label, grouped[kind]) for kind, label in Competency.Kind.choices if grouped.get(kind)]
    months = defaultdict(list)
    for reflection in reflections:
        months[reflection.date.replace(day=1)].append(reflection)
    by_month = sorted(months.items(), key=lambda item: item[0], reverse=True)
    return Portfolio(reflections, kinds, by_month, untagged)


def _about(reflection) -> list[str]:
    """What a reflection is about, in words, for the member's own export (they wrote it, and
    the titles are of things they could see when they wrote it)."""
    about = []
    if reflection.session_id:
        about.append(f"{reflection.session.circle.name}, session {reflection.session.number}")
    for page in (reflection.gathering, reflection.practice, reflection.story):
        if page is not None:
            about.append(page.title)
    return about


def _rows(reflections):
    for reflection in reflections:
        yield {
            "reflection": reflection,
            "about": _about(reflection),
            "competencies": list(reflection.competencies.all()),
            "url": settings.SITE_URL + reflection.get_absolute_url(),
        }


def export_csv(member, reflections) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    headings = ["date", "title", "structure", "competencies", "value", "who can read it"]
    writer.writerow([*headings, "about", "reflection", "address"])
    for row in _rows(reflections):
        reflection = row["reflection"]
        text = "\n\n".join(
            f"{section['heading']}\n{section['text']}"
            for section in reflection.sections
            if section.get("text")
        )
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    reflection.date.isoformat(),
                    reflection.title,
                    reflection.structure_info.name,
                    " ".join(c.code for c in row["competencies"]),
                    reflection.get_value_cycle_display() if reflection.value_cycle else "",
                    reflection.get_visibility_display(),
                    "; ".join(row["about"]),
                    text,
                    row["url"],
                )
            ]
        )
    return buffer.getvalue()


def export_markdown(member, reflections) -> str:
    return render_to_string(
        "circles/portfolio/export.md",
        {"member": member, "rows": list(_rows(reflections)), "today": timezone.localdate()},
    )


def export_pdf(member, reflections) -> bytes:
    """The printable HTML of the chosen reflections, made into a PDF by WeasyPrint. Nothing is
    fetched from anywhere while rendering: the stylesheet is passed in, and any other address in
    the page is refused, so a reflection's text can never make the server request a URL."""
    weasyprint = _weasyprint()

    rows = list(_rows(reflections))
    html = render_to_string(
        "circles/portfolio/export_pdf.html",
        {
            "member": member,
            "rows": rows,
            "today": timezone.localdate(),
            "codes": sorted(
                {c.code: c for row in rows for c in row["competencies"]}.values(),
                key=lambda c: c.order,
            ),
        },
    )
    stylesheet = weasyprint.CSS(string=render_to_string("circles/portfolio/print.css"))
    return weasyprint.HTML(string=html, url_fetcher=_no_fetching(), base_url=None).write_pdf(
        stylesheets=[stylesheet]
    )


def _weasyprint():
    """WeasyPrint, imported without its side effect: on import it tells Pillow to accept
    truncated images, for the whole process, and uploads must go on refusing them (a broken
    or polyglot picture would otherwise pass the editors' image checks after any PDF export).
    The PDF embeds no images, so it needs no such leniency."""
    from PIL import ImageFile

    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = strict
    return weasyprint


def _no_fetching():
    """A URL fetcher that fetches nothing (recent WeasyPrint takes a `URLFetcher`, older
    versions a function)."""
    from weasyprint import urls

    def refuse(url, *args, **kwargs):
        raise ValueError(f"The portfolio PDF does not fetch {url!r}.")

    if not hasattr(urls, "URLFetcher"):
        return refuse

    class NoFetching(urls.URLFetcher):
        def fetch(self, url, headers=None):
            refuse(url)

    return NoFetching()
