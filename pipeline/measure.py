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
from functools import cache
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell


@dataclass(frozen=True)
class Extent:
    """How far a sheet reaches, 1-based: never less than what a reader would allocate for."""

    rows: int
    cols: int


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b([^>]*)>")
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_REF_VALUE = re.compile(rb"([A-Z]{0,3})([0-9]{0,7})")
_RANGE_VALUE = re.compile(rb"([A-Z]{1,3}[0-9]{1,7})(?::([A-Z]{1,3}[0-9]{1,7}))?")
# a row or cell tag with a prefix, not written exactly as `<row r="` / `<c r="`, or whose
# reference is not a plain number / cell address (an entity such as &#88; for X)
_IRREGULAR = re.compile(
    rb'<(?:\w+:(?:row|c)\b|(?:row|c)\b(?! r=")|c r="(?![A-Z]{1,3}[0-9]{1,7}")'
    rb'|row r="(?![0-9]{1,7}"))'
)
_ROW_NUMBERS = re.compile(rb'<row r="([0-9]+)"')
_WIDE_CELLS = re.compile(rb'<c r="([A-Z]{2,})[0-9]')


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """An .xlsx's sheets by name -> their zip members (read once per file)."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    except KeyError:
        return {}
    targets = {}
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid, target = _attribute(rel.group(0), "Id"), _attribute(rel.group(0), "Target")
        if rid and target:
            targets[rid] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    parts: dict[str, str] = {}
    for tag in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name, rid = _attribute(tag.group(0), "name"), _attribute(tag.group(0), "r:id")
        if name is not None and rid in targets:
            parts.setdefault(unescape(name), targets[rid])
    return parts


@cache
def _value_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![\w:])" + re.escape(name) + rb"\s*=\s*([\"'])(.*?)\1", re.S)


def _value(attributes: bytes, name: bytes) -> bytes:
    """An attribute's raw value in a tag's bytes, in either kind of quotes ('' if none)."""
    found = _value_pattern(name).search(attributes)
    return found.group(2) if found else b""


def _attribute(tag: str, name: str) -> str | None:
    """An attribute's value in either kind of quotes."""
    found = re.search(rf"(?<![\w:]){re.escape(name)}\s*=\s*([\"'])(.*?)\1", tag, re.S)
    return found.group(2) if found else None


def unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def xlsx_extent(xml: bytes, max_rows: int) -> Extent:
    """How far an .xlsx sheet's XML reaches, as declared and as held: the larger of both.
    Exact up to `max_rows`; beyond it, at least as far as any reader would go. A
    reference that is not a plain cell address makes the sheet unmeasurable (ValueError)."""
    rows = cols = 0
    for declared in _DIMENSION.finditer(xml):
        value = _value(declared.group(1), b"ref")
        cells = _RANGE_VALUE.fullmatch(value)
        if cells is None:
            raise ValueError(f"dimensi sheet tidak dikenal: {value[:40]!r}")
        for corner in cells.groups():
            if corner:
                row, col = xl_cell_to_rowcol(corner.decode())
                rows, cols = max(rows, row + 1), max(cols, col + 1)
    held = _plain_extent(xml, max_rows) if _plain(xml) else _full_extent(xml)
    return Extent(max(rows, held.rows), max(cols, held.cols))


def _plain(xml: bytes) -> bool:
    """Every row and cell written as Excel, LibreOffice and xlsxwriter write them: with
    its reference first and no namespace prefix, so a few scans in C find the extent."""
    return _IRREGULAR.search(xml) is None


def _plain_extent(xml: bytes, max_rows: int) -> Extent:
    """The last row from the rows' numbers and from every cell whose row number has as
    many digits as `max_rows` (so any cell beyond it is seen); the last column from the
    cells of two letters or more, else at most Z."""
    rows = max((int(n) for n in _ROW_NUMBERS.findall(xml)), default=0)
    far = re.findall(rb'<c r="[A-Z]+([0-9]{%d,})"' % len(str(max_rows)), xml)
    rows = max([rows, *(int(n) for n in far)])
    wide = set(_WIDE_CELLS.findall(xml))
    cols = max((xl_cell_to_rowcol(f"{c.decode()}1")[1] + 1 for c in wide), default=0)
    if not cols and b'<c r="' in xml:
        cols = 26
    return Extent(rows, cols)


def _full_extent(xml: bytes) -> Extent:
    """Row by row and cell by cell, for a sheet written in an unusual way: any quotes,
    any spacing, prefixed tags, rows and cells without references."""
    rows = cols = row_number = col_number = 0
    for match in _ROW_OR_CELL.finditer(xml):
        value = _value(match.group(2), b"r")
        parts = _REF_VALUE.fullmatch(value)
        if parts is None:
            raise ValueError(f"referensi sel tidak dikenal: {value[:40]!r}")
        letters, digits = parts.groups()
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


OdsCell = tuple[int, str | None, bool]  # columns repeated, value type, holds something


def _local(name: str) -> str:
    """A tag or attribute name without its namespace: a reader may go by the prefix's
    local name whatever namespace it is bound to, so the measure does too."""
    return name.rsplit("}", 1)[-1]


def _attr(element: Element, name: str) -> str | None:
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _repeat(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 1


def _cell(element: Element) -> OdsCell:
    repeat = _repeat(_attr(element, "number-columns-repeated"))
    held = len(element) > 0 or bool((element.text or "").strip())
    return repeat, _attr(element, "value-type"), held


def _ods_table_rows(content: IO[bytes]) -> Iterator[tuple[str, int, list[OdsCell]]]:
    """Every row of an .ods as (its table, rows repeated, its cells), read as a stream:
    nothing is spelled out, so a row repeated a million times is one item. Tags go by
    local name; a table nested in a table counts as the outer one."""
    depth = 0
    name = ""
    cells: list[OdsCell] = []
    try:
        for event, element in iterparse(content, events=("start", "end")):
            local = _local(element.tag)
            if local == "table":
                depth += 1 if event == "start" else -1
                if event == "start" and depth == 1:
                    name = _attr(element, "name") or ""
                    yield name, 0, []  # a table without rows is a table too
                continue
            if event != "end":
                continue
            if depth and local in ("table-cell", "covered-table-cell"):
                cells.append(_cell(element))
            elif depth and local == "table-row":
                yield name, _repeat(_attr(element, "number-rows-repeated")), cells
                cells = []
            element.clear()
    except ParseError as error:
        raise ValueError(f"content.xml rusak: {error}") from error


def ods_extents(content: IO[bytes]) -> dict[str, Extent]:
    """How far each table of an .ods reaches, in one pass before any reader loads it: the
    last row and column holding a value. Empty rows and cells repeated to the sheet's end
    (as LibreOffice writes them) cost nothing; a value repeated a million times counts a
    million times."""
    extents: dict[str, Extent] = {}
    next_row: dict[str, int] = {}
    for name, repeat, cells in _ods_table_rows(content):
        row = next_row.get(name, 0)
        col = used = 0
        for span, kind, held in cells:
            col += span
            if kind or held:
                used = col
        old = extents.get(name, Extent(0, 0))
        extents[name] = Extent(row + repeat, max(old.cols, used)) if used else old
        next_row[name] = row + repeat
    return extents


def ods_cells_of_type(content: IO[bytes], sheet: str, value_type: str) -> set[str]:
    """Addresses of the cells of an .ods table whose value is of `value_type` (such as
    `percentage`). Only for a sheet already measured: repeated cells are spelled out."""
    found: set[str] = set()
    row = 0
    for name, repeat, cells in _ods_table_rows(content):
        if name != sheet:
            continue
        col, columns = 0, list[int]()
        for span, kind, _ in cells:
            if kind == value_type:
                columns += range(col, col + span)
            col += span
        found |= {xl_rowcol_to_cell(r, c) for r in range(row, row + repeat) for c in columns}
        row += repeat
    return found
