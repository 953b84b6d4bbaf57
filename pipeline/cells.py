"""Excel cell addresses: how every finding names the cell a person sees."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name


def column_letter(col: int) -> str:
    """0-based column index -> `A`, `B`, ... `AA`."""
    return xl_col_to_name(col)


def address(row: int, col: int) -> str:
    """1-based Excel row number and 0-based column index -> `J14`."""
    return f"{column_letter(col)}{row}"
