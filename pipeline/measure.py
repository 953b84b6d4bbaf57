"""Measure a sheet before reading it (SPEC section 11).

A spreadsheet reader allocates for the area a sheet spans: one stray cell at XFD1048576
in a 14 KB file asks for half a terabyte. So the sheet's own XML is scanned first, with
no allocation for the cells, and a sheet that declares or holds more rows or columns than
its purpose allows is refused before any reader sees it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import ParseError, iterparse

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell


@dataclass(frozen=True)
class Extent:
    """How far a sheet reaches, 1-based: never less than what a reader would allocate for."""

    rows: int
    cols: int


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]+[0-9]+)(?::([A-Z]+[0-9]+))?"')
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]*)([0-9]*)"')
# a row or cell tag with a prefix, or without `r="` as its first attribute
_IRREGULAR = re.compile(rb'<(?:\w+:(?:row|c)\b|(?:row|c)(?:[>/]| (?!r=")))')
_ROW_NUMBERS = re.compile(rb'<row r="([0-9]+)"')
_WIDE_CELLS = re.compile(rb'<c r="([A-Z]{2,})[0-9]')
_ROWS_BY_DIGITS = 7  # a cell whose row number has this many digits is always seen


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """An .xlsx's sheets by name -> their zip members (read once per file)."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    except KeyError:
        return {}
    targets = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]*)"', rel.group(0))
        target = re.search(r'Target="([^"]*)"', rel.group(0))
        if rid and target:
            path = target.group(1)
            targets[rid.group(1)] = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    parts: dict[str, str] = {}
    for tag in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(r'name="([^"]*)"', tag.group(0))
        rid = re.search(r'r:id="([^"]*)"', tag.group(0))
        if name and rid and rid.group(1) in targets:
            parts.setdefault(unescape(name.group(1)), targets[rid.group(1)])
    return parts


def unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def xlsx_extent(xml: bytes) -> Extent:
    """How far an .xlsx sheet's XML reaches, as declared and as held: the larger of both."""
    rows = cols = 0
    declared = _DIMENSION.search(xml)
    if declared:
        for ref in declared.groups():
            if ref:
                row, col = xl_cell_to_rowcol(ref.decode())
                rows, cols = max(rows, row + 1), max(cols, col + 1)
    held = _plain_extent(xml) if _plain(xml) else _full_extent(xml)
    return Extent(max(rows, held.rows), max(cols, held.cols))


def _plain(xml: bytes) -> bool:
    """Every row and cell written as Excel, LibreOffice and xlsxwriter write them: with
    its reference first and no namespace prefix, so a few scans in C find the extent."""
    return _IRREGULAR.search(xml) is None


def _plain_extent(xml: bytes) -> Extent:
    """The last row from the rows' numbers (and from any cell placed a million rows or
    more away); the last column from the cells of two letters or more, else at most Z."""
    rows = max((int(n) for n in _ROW_NUMBERS.findall(xml)), default=0)
    far = re.findall(rb'<c r="[A-Z]+([0-9]{%d,})"' % _ROWS_BY_DIGITS, xml)
    rows = max([rows, *(int(n) for n in far)])
    wide = set(_WIDE_CELLS.findall(xml))
    cols = max((xl_cell_to_rowcol(f"{c.decode()}1")[1] + 1 for c in wide), default=0)
    if not cols and b'<c r="' in xml:
        cols = 26
    return Extent(rows, cols)


def _full_extent(xml: bytes) -> Extent:
    """Row by row and cell by cell, for a sheet written in an unusual way."""
    rows = cols = row_number = col_number = 0
    for match in _ROW_OR_CELL.finditer(xml):
        ref = _REF.search(match.group(2))
        letters, digits = (ref.group(1), ref.group(2)) if ref else (b"", b"")
        if match.group(1) == b"row":
            # a row without r="" follows the one before
            row_number = int(digits) if digits else row_number + 1
            col_number = 0
            rows = max(rows, row_number)
        else:
            if letters:
                col_number = xl_cell_to_rowcol(f"{letters.decode()}1")[1] + 1
            else:
                col_number += 1
            if digits:
                rows = max(rows, int(digits))
            cols = max(cols, col_number)
    return Extent(rows, cols)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT_P = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"


_CELL_TAGS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
OdsCell = tuple[int, str | None, bool]  # columns repeated, value type, holds text


def _ods_rows(content: IO[bytes], sheet: str) -> Iterator[tuple[int, list[OdsCell]]]:
    """The rows of one .ods table as (rows repeated, its cells), read as a stream: nothing
    is spelled out, so a row repeated a million times is one item."""
    inside = False
    cells: list[OdsCell] = []
    try:
        for event, element in iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == f"{_TABLE}table":
                if event == "start":
                    inside = element.get(f"{_TABLE}name") == sheet
                elif inside:
                    return
                continue
            if event != "end":
                continue
            if inside and tag in _CELL_TAGS:
                repeat = _repeat(element.get(f"{_TABLE}number-columns-repeated"))
                text = element.find(_TEXT_P) is not None
                cells.append((repeat, element.get(f"{_OFFICE}value-type"), text))
            elif inside and tag == f"{_TABLE}table-row":
                yield _repeat(element.get(f"{_TABLE}number-rows-repeated")), cells
                cells = []
            element.clear()
    except ParseError as error:
        raise ValueError(f"content.xml rusak: {error}") from error


def ods_extent(content: IO[bytes], sheet: str) -> Extent:
    """The last row and column holding a value in an .ods table. Empty rows and cells
    repeated to the sheet's end (as LibreOffice writes them) cost nothing here, but a
    value repeated a million times counts a million times."""
    rows = cols = row = 0
    for repeat, cells in _ods_rows(content, sheet):
        col = used = 0
        for span, kind, text in cells:
            col += span
            if kind or text:
                used = col
        if used:
            rows, cols = row + repeat, max(cols, used)
        row += repeat
    return Extent(rows, cols)


def _repeat(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 1


def ods_cells_of_type(content: IO[bytes], sheet: str, value_type: str) -> set[str]:
    """Addresses of the cells of an .ods table whose value is of `value_type` (such as
    `percentage`). Only for a sheet already measured: repeated cells are spelled out."""
    found: set[str] = set()
    row = 0
    for repeat, cells in _ods_rows(content, sheet):
        col, columns = 0, list[int]()
        for span, kind, _ in cells:
            if kind == value_type:
                columns += range(col, col + span)
            col += span
        found |= {xl_rowcol_to_cell(r, c) for r in range(row, row + repeat) for c in columns}
        row += repeat
    return found
