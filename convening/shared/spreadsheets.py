"""CSV that is safe to open in a spreadsheet program."""

import csv
import io

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """The cell as text, with a leading ' where a spreadsheet would read a formula."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _safe_records(text: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


class SpreadsheetSafeCsv:
    """Every CSV the site or Wagtail's admin sends is spreadsheet-safe, whoever wrote it: our own
    exports write safe cells already (unchanged here, the rule is idempotent), and this covers
    the ones Wagtail writes (the site history, workflow and other report exports), where a page
    title such as `=HYPERLINK(...)` would otherwise run as a formula. Streamed exports are
    rewritten chunk by chunk: Django's and Wagtail's CSV writers yield one record per chunk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/csv"):
            return response
        charset = response.charset
        if response.streaming:
            chunks = response.streaming_content
            response.streaming_content = (
                _safe_records(chunk.decode(charset)).encode(charset) for chunk in chunks
            )
        else:
            response.content = _safe_records(response.content.decode(charset)).encode(charset)
        return response
