"""A CSV cell never runs as a formula when a spreadsheet program opens it."""

import pytest

from convening.shared.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize("cell", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote(cell):
    assert spreadsheet_safe(cell) == "'" + cell


def test_other_cells_are_left_as_they_are():
    assert spreadsheet_safe("Ada Lovelace") == "Ada Lovelace"
    assert spreadsheet_safe(42) == "42"
