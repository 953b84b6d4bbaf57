"""Excel cells: the addresses every finding names, and text a spreadsheet must not run."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name


def column_letter(col: int) -> str:
    """0-based column index -> `A`, `B`, ... `AA`."""
    return xl_col_to_name(col)


def address(row: int, col: int) -> str:
    """1-based Excel row number and 0-based column index -> `J14`."""
    return f"{column_letter(col)}{row}"


# A cell starting with one of these is read as a formula by a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a spreadsheet would run as a formula, with an apostrophe in front: the text
    is kept, made inert (a reader takes the apostrophe off again with `as_written`)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_written(text: str) -> str:
    """The text `inert` was given."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
