"""CSV that is safe to open in a spreadsheet program."""

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """The cell as text, with a leading ' where a spreadsheet would read a formula."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
