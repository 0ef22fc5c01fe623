import textwrap
from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from practices.importing import COLUMNS, ImportFileError, default_library, import_practices

HELP = f"""Import practices from a CSV or YAML file, so an organisation can bring its existing
toolkit into the library. Every row is checked first; if any is refused, nothing is imported unless
--skip-errors is given. A practice whose slug or title is already in the library is updated, not
duplicated: new practices are published, updates to live practices too. With --keep-existing,
practices already in the library are left as they are and only the missing ones are created.

Columns (CSV header, or keys of each YAML entry; only title is always needed, and summary and
makes_possible for new practices):
{textwrap.fill(", ".join(COLUMNS), width=96, initial_indent="  ", subsequent_indent="  ")}
Lists (modes, tags and the facets purposes, phases, traditions, scales, participation, sectors,
competencies, concepts) are comma-separated in CSV or YAML lists; facets by slug or name,
competencies by code (K1, S5, B8). An unknown value refuses the row. Text columns are plain text:
blank lines start new paragraphs, lines starting "- " make a list. steps: one step per line,
"Phase: title" lines start a phase, and a step is "title | description | minutes | group | output"
(or "title: description", or just a title).
key_sources: one source per line; a web address on the line becomes its link. A YAML file is a
list of practices, or a mapping with that list under "practices" (practices/data/demo/
practices.yaml is a full example). CSV rows are numbered as a spreadsheet shows them (the header
is row 1); YAML entries from 1."""


class ProgressBar:
    """A one-line progress bar, redrawn in place on standard error."""

    width = 30

    def __init__(self, stream, label):
        self.stream = stream
        self.label = label

    def __call__(self, done, total):
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}", style_func=str, ending=end)
        self.stream.flush()


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keeps the line breaks of the help text, so the list of columns stays readable."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter)

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv, .yaml or .yml file of practices")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report; write nothing"
        )
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="import the rows that pass and report the refused ones",
        )
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help="leave practices already in the library as they are; create only the missing",
        )
        parser.add_argument(
            "--parent",
            metavar="SLUG",
            help="slug of the practice library page to import into (default: the library)",
        )

    def handle(self, *args, file, dry_run, skip_errors, keep_existing, parent, **options):
        library = default_library(parent)
        if library is None:
            raise CommandError(
                f"No practice library page with the slug '{parent}'."
                if parent
                else "There is no practice library page yet: create one in the admin first."
            )
        try:
            report = import_practices(
                file,
                library=library,
                dry_run=dry_run,
                skip_errors=skip_errors,
                keep_existing=keep_existing,
                progress=ProgressBar(self.stderr, "Importing"),
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(f"Read {len(report.rows)} practices from {file}.")
        if report.ignored_columns:
            ignored = ", ".join(report.ignored_columns)
            self.stdout.write(self.style.WARNING(f"Ignored unknown columns: {ignored}."))
        if report.refused:
            self.stdout.write("Refused:")
            for row in report.refused:
                self.stdout.write(f"  {row.describe()}")
        if options["verbosity"] >= 2:
            for label, rows in [("Created", report.created), ("Updated", report.updated)]:
                for row in rows:
                    self.stdout.write(f"  {label}: row {row.number} ({row.title})")

        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {report.summary()}.")
        elif report.imported:
            self.stdout.write(self.style.SUCCESS(f"{report.summary()}."))
        if report.refused and not skip_errors:
            refused = f"{len(report.refused)} of {len(report.rows)} rows refused"
            advice = f"or use --skip-errors to import the other {len(report.accepted)}"
            if dry_run:
                raise CommandError(f"{refused}. Fix them before importing, {advice}.")
            raise CommandError(f"Nothing imported: {refused}. Fix them and run again, {advice}.")
