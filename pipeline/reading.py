"""Read a unit's filled template into a frame that remembers every cell's address.

Nothing here judges the numbers: it finds the table, says where each value came from,
and refuses files that are not safe or not ours (SPEC section 7, the file checks).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import python_calamine

from pipeline.cells import address
from pipeline.errors import DataKinerjaError
from pipeline.findings import Finding, make_finding
from pipeline.layout import (
    APPROVAL_ROWS,
    FORMAT_VERSION,
    READABLE_SUFFIXES,
    SHEET_APPROVAL,
    SHEET_DATA,
    SHEET_META,
    TemplateColumn,
    template_columns,
)
from pipeline.master import Master, is_percent, normalise_header
from pipeline.measure import ods_cells_of_type, unescape
from pipeline.numbers import format_number, parse_number
from pipeline.periods import Period
from pipeline.workbooks import (
    READ_ERRORS,
    UNIT_FILE,
    Grid,
    Spreadsheet,
    TooLarge,
    UnreadableSheet,
    sha256_of,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclass
class UnitFile:
    """A unit's file as read: the grid, where the table is, and what the cells say."""

    path: Path
    sha256: str
    unit: str
    period: Period
    meta: dict[str, str]
    grid: Grid  # the data sheet from A1
    header_row: int  # Excel row of the table header
    columns: dict[str, int]  # template column key -> 0-based column index
    expected_columns: list[TemplateColumn]
    rows: dict[int, dict[str, object]]  # Excel row -> column key -> raw value
    approval: dict[str, object] = field(default_factory=dict)
    approval_cells: dict[str, str] = field(default_factory=dict)
    approval_grid: Grid = field(default_factory=list)
    # cells a reader sees as empty though they are not: a formula without a cached value
    # (cell -> "=formula") or a formula's error (cell -> "#DIV/0!")
    cells_without_value: dict[str, str] = field(default_factory=dict)
    percent_cells: frozenset[str] = frozenset()  # cells with a percent number format
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    def cell(self, row: int, key: str) -> str:
        return address(row, self.columns[key]) if key in self.columns else ""


class Refused(Exception):
    """The file cannot be read further; `findings` say why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings[0].message)
        self.findings = findings


def read_unit_file(
    path: Path, master: Master, period: Period | None = None, unit: str | None = None
) -> tuple[UnitFile, list[Finding]]:
    """Read a filled template; raise Refused when it cannot or must not be read further.
    Whatever goes wrong while any part of the file is read is one finding for this file."""
    name = path.name
    try:
        _check_container(path)
        return _read_unit_file(path, master, period, unit)
    except TooLarge as error:
        raise Refused(
            [make_finding("file-terlalu-besar", file=name, detail=error.detail)]
        ) from error
    except UnreadableSheet as error:
        if isinstance(error.__cause__, python_calamine.PasswordError):
            raise Refused([make_finding("file-terenkripsi", file=name)]) from error
        raise Refused([make_finding("file-rusak", file=name, detail=error.detail)]) from error
    except READ_ERRORS as error:  # the parts read by hand: formulas, number formats
        raise Refused([make_finding("file-rusak", file=name, detail=f" ({error})")]) from error


def _read_unit_file(
    path: Path, master: Master, period: Period | None, unit: str | None
) -> tuple[UnitFile, list[Finding]]:
    with Spreadsheet(path, "File unit", UNIT_FILE) as workbook:
        return _read_template(workbook, master, period, unit)


def _read_template(
    workbook: Spreadsheet, master: Master, period: Period | None, unit: str | None
) -> tuple[UnitFile, list[Finding]]:
    path, name = workbook.path, workbook.path.name
    if any(member.lower().endswith("vbaproject.bin") for member in workbook.names):
        raise Refused([make_finding("file-xlsm", file=name)])
    sheets = set(workbook.sheet_names)
    if SHEET_DATA not in sheets:
        finding = (
            make_finding("sheet-hilang", file=name, sheet=SHEET_DATA)
            if SHEET_META in sheets
            else make_finding("bukan-templat", file=name)
        )
        raise Refused([finding])
    if SHEET_META not in sheets:
        raise Refused([make_finding("bukan-templat", file=name, sheet=SHEET_DATA)])

    meta = read_meta(workbook.grid(SHEET_META))
    unit, period = _identify(path, master, meta, period, unit)
    findings = _check_identity(name, master, meta, unit, period)
    indicators = master.unit_records(unit, period.year)
    quarterly = any(r.target_for(period.quarter) is not None for r in indicators.values())
    expected = template_columns(period.quarter, quarterly)
    grid = workbook.grid(SHEET_DATA)
    merged = workbook.merged_ranges(SHEET_DATA)
    header_row, columns, column_findings = _locate_table(grid, expected, name)
    findings += column_findings
    rows = _table_rows(grid, header_row, columns)
    unit_file = UnitFile(
        path=path,
        sha256=sha256_of(path),
        unit=unit,
        period=period,
        meta=meta,
        grid=grid,
        header_row=header_row,
        columns=columns,
        expected_columns=expected,
        rows=rows,
        merged=merged,
    )
    if SHEET_APPROVAL in sheets:
        _read_approval(unit_file, workbook.grid(SHEET_APPROVAL))
    else:
        findings.append(make_finding("sheet-hilang", file=name, sheet=SHEET_APPROVAL, unit=unit))
    if not workbook.is_ods:
        unit_file.cells_without_value = _cells_without_value(workbook, SHEET_DATA)
    unit_file.percent_cells = percent_cells(workbook, SHEET_DATA)
    return unit_file, [_with_unit(f, unit) for f in findings]


def read_realisations(
    path: Path, master: Master, period: Period, unit: str
) -> dict[str, dict[int, float]] | None:
    """The realisations in an earlier, already received file: None unless it is this unit's
    template of that period. Numbers are read as in validation; unreadable ones are left out.
    """

    try:
        with Spreadsheet(path, "File unit", UNIT_FILE) as workbook:
            meta = read_meta(workbook.grid(SHEET_META))
            grid = workbook.grid(SHEET_DATA)
            percent = percent_cells(workbook, SHEET_DATA)
    except (DataKinerjaError, *READ_ERRORS):
        return None
    if (meta.get("unit"), meta.get("periode"), meta.get("format")) != (
        unit,
        str(period),
        FORMAT_VERSION,
    ):
        return None
    indicators = master.unit_records(unit, period.year)
    quarterly = any(r.target_for(period.quarter) is not None for r in indicators.values())
    expected = template_columns(period.quarter, quarterly)
    try:
        header_row, columns, _ = _locate_table(grid, expected, path.name)
    except Refused:
        return None
    values: dict[str, dict[int, float]] = {}
    for r, row in _table_rows(grid, header_row, columns).items():
        kode = str(row.get("kode") or "").strip().upper()
        if kode not in indicators:
            continue
        for q in period.quarters:
            key = f"realisasi_tw{q}"
            raw = row.get(key)
            percent_indicator = is_percent(indicators[kode].satuan)
            if key in columns and address(r, columns[key]) in percent:
                raw = percent_value(raw, percent_indicator)
            parsed = parse_number(raw, percent_allowed=percent_indicator)
            if parsed.value is not None:
                values.setdefault(kode, {})[q] = parsed.value
    return values


def percent_value(raw: object, percent_indicator: bool) -> object:
    """A percent-formatted cell's number as the person typed it: Excel keeps a typed
    `99,4%` as 0,994, which for a percent indicator means 99,4; for any other indicator it
    stays the text `99,4%`, which is no number there (as if typed into a text cell)."""
    if type(raw) is not float or not math.isfinite(raw):
        return raw
    typed = float(Decimal(repr(raw)).scaleb(2))
    return typed if percent_indicator else f"{format_number(typed)}%"


def _with_unit(finding: Finding, unit: str) -> Finding:
    if finding.unit:
        return finding
    return Finding(**{**finding.__dict__, "unit": unit})


def _check_container(path: Path) -> None:
    """Refuse what is missing, empty, old-format, macro-enabled by name or encrypted; the
    zip itself is looked into once, by `Spreadsheet`."""
    name = path.name
    if not path.exists():
        raise Refused([make_finding("file-tidak-ada", file=str(path))])
    if path.stat().st_size == 0:
        raise Refused([make_finding("file-kosong", file=name)])
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        # An OLE container: an old .xls, or an .xlsx encrypted with a password.
        if suffix == ".xls" or ENCRYPTED_MARK not in path.read_bytes()[: 1 << 20]:
            raise Refused([make_finding("file-xls", file=name)])
        raise Refused([make_finding("file-terenkripsi", file=name)])
    if suffix == ".xls":
        raise Refused([make_finding("file-xls", file=name)])
    if suffix in (".xlsm", ".xltm", ".xlsb"):
        raise Refused([make_finding("file-xlsm", file=name)])
    if suffix not in READABLE_SUFFIXES:
        raise Refused([make_finding("file-format-tidak-didukung", file=name)])


def read_meta(grid: Grid) -> dict[str, str]:
    """A template's hidden sheet as key -> value (column A -> column B), stripped."""
    meta = {}
    for row in grid:
        if len(row) >= 2 and row[0] is not None:
            meta[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
    return meta


def _identify(
    path: Path, master: Master, meta: dict[str, str], period: Period | None, unit: str | None
) -> tuple[str, Period]:
    """Which unit and period the file is checked as: the unit asked for, else its name, and
    only ever a unit code of the master (a code becomes a file name: what the file says
    about itself is checked against it, never taken)."""
    unit = (unit or path.stem).strip().upper()
    if unit not in master.units.index:
        claimed = meta.get("unit", "")[:40] or "?"
        codes = ", ".join(master.units.index)
        raise Refused(
            [make_finding("nama-file-bukan-unit", file=path.name, value=claimed, choices=codes)]
        )
    if period is None:
        try:
            period = Period.parse(path.parent.name)
        except DataKinerjaError:
            try:
                period = Period.parse(meta.get("periode", ""))
            except DataKinerjaError as error:
                raise Refused([make_finding("bukan-templat", file=path.name)]) from error
    return unit, period


def _check_identity(
    name: str, master: Master, meta: dict[str, str], unit: str, period: Period
) -> list[Finding]:
    where = {"file": name, "sheet": SHEET_META, "unit": unit}
    if meta.get("unit") != unit:
        raise Refused([make_finding("templat-unit-lain", value=meta.get("unit", "?"), **where)])
    if meta.get("periode") != str(period):
        raise Refused(
            [
                make_finding(
                    "templat-periode-lain",
                    value=meta.get("periode", "?"),
                    periode=str(period),
                    **where,
                )
            ]
        )
    if meta.get("format") != FORMAT_VERSION:
        raise Refused(
            [
                make_finding(
                    "templat-versi-lama",
                    value=meta.get("format", "?"),
                    expected=FORMAT_VERSION,
                    **where,
                )
            ]
        )
    if meta.get("hash_master") != master.unit_hash(unit, period.year):
        return [make_finding("templat-kedaluwarsa", **where)]
    return []


def _locate_table(
    grid: Grid, expected: list[TemplateColumn], name: str
) -> tuple[int, dict[str, int], list[Finding]]:
    """Find the header row by its titles (rows may have been inserted above it)."""
    wanted = {normalise_header(c.title): c.key for c in expected}
    header_row = next(
        (
            r + 1
            for r, row in enumerate(grid[:40])
            if _mentions_kode(row)
            and {"kode", "indikator kinerja"} <= {normalise_header(v) for v in row}
        ),
        None,
    )
    if header_row is None:
        raise Refused([make_finding("tabel-tidak-ditemukan", file=name, sheet=SHEET_DATA)])
    row = grid[header_row - 1]
    titles = [normalise_header(v) for v in row]
    columns: dict[str, int] = {}
    findings = []
    for c, title in enumerate(titles):
        if not title:
            continue
        if title in wanted and wanted[title] not in columns:
            columns[wanted[title]] = c
        else:
            findings.append(
                make_finding(
                    "kolom-tambahan",
                    file=name,
                    sheet=SHEET_DATA,
                    cell=address(header_row, c),
                    value=row[c],
                )
            )
    for column in expected:
        if column.key not in columns:
            findings.append(
                make_finding("kolom-hilang", file=name, sheet=SHEET_DATA, column=column.title)
            )
    findings += _moved_columns(expected, columns, header_row, name)
    return header_row, columns, findings


def _moved_columns(
    expected: list[TemplateColumn], columns: dict[str, int], header_row: int, name: str
) -> list[Finding]:
    """The template's columns in its own order: titles swapped or moved would exchange the
    values read under them (Realisasi TW1 read as TW2), so that is an error, not a guess."""
    present = [c for c in expected if c.key in columns]
    for before, after in zip(present, present[1:], strict=False):
        if columns[after.key] < columns[before.key]:
            cell = address(header_row, columns[after.key])
            return [
                make_finding(
                    "kolom-tertukar",
                    file=name,
                    sheet=SHEET_DATA,
                    cell=cell,
                    column=after.title,
                    value=before.title,
                )
            ]
    return []


def _mentions_kode(row: list[object]) -> bool:
    """A cheap first look for the header row, before normalising every title."""
    return any(isinstance(v, str) and v.strip().lower() == "kode" for v in row)


def _table_rows(grid: Grid, header_row: int, columns: dict[str, int]) -> dict[int, dict]:
    rows = {}
    for r in range(header_row, len(grid)):
        line = grid[r]
        values = {key: (line[c] if c < len(line) else None) for key, c in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        rows[r + 1] = values
    return rows


def _read_approval(unit_file: UnitFile, grid: Grid) -> None:
    labels = {normalise_header(label): key for key, (_, label) in APPROVAL_ROWS.items()}
    unit_file.approval_grid = grid
    for r, row in enumerate(grid):
        key = labels.get(normalise_header(row[0] if row else None))
        if key:
            unit_file.approval[key] = row[1] if len(row) > 1 else None
            unit_file.approval_cells[key] = address(r + 1, 1)


# Built-in number formats 9 (`0%`) and 10 (`0.00%`); others are declared in styles.xml.
_PERCENT_FORMAT_IDS = {9, 10}
_CELL_TAG = re.compile(r"<(?:\w+:)?c\b([^>]*)>")
_ATTRIBUTE = re.compile(r"(?<![\w:])(r|s|t|numFmtId|formatCode)\s*=\s*([\"'])(.*?)\2", re.S)
_NUM_FMT = re.compile(r"<(?:\w+:)?numFmt\b[^>]*>")
_CELL_XFS = re.compile(r"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(r"<(?:\w+:)?xf\b[^>]*>")


def percent_cells(workbook: Spreadsheet, sheet: str) -> frozenset[str]:
    """Cells of `sheet` holding a percent as a spreadsheet keeps it (a typed `99,4%` is
    0,994 shown with a percent format). In an .xlsx the styles are looked at first: a file
    with no percent format at all (every template) costs no more."""
    if workbook.is_ods:
        with workbook.archive.open("content.xml") as content:
            return frozenset(ods_cells_of_type(content, sheet, "percentage"))
    styles = workbook.member("xl/styles.xml")
    percent_styles = _percent_styles(styles.decode("utf-8", errors="replace")) if styles else set()
    data = workbook.sheet_xml(sheet) if percent_styles else None
    if data is None:
        return frozenset()
    xml = data.decode("utf-8", errors="replace")
    found = set()
    for tag in _CELL_TAG.finditer(xml):
        attributes = _attributes(tag.group(1))
        if attributes.get("s", "").isdigit() and int(attributes["s"]) in percent_styles:
            found.add(attributes.get("r", ""))
    return frozenset(found)


def _percent_styles(styles: str) -> set[int]:
    """Indexes of the cell styles (`cellXfs`) whose number format shows a percent."""
    percent_ids = set(_PERCENT_FORMAT_IDS)
    for tag in _NUM_FMT.finditer(styles):
        attributes = _attributes(tag.group(0))
        code = re.sub(r'"[^"]*"|\\.', "", unescape(attributes.get("formatCode", "")))
        if "%" in code and attributes.get("numFmtId", "").isdigit():
            percent_ids.add(int(attributes["numFmtId"]))
    block = _CELL_XFS.search(styles)
    if block is None:
        return set()
    found = set()
    for index, tag in enumerate(_XF.finditer(block.group(0))):
        number_format = _attributes(tag.group(0)).get("numFmtId", "0")
        if number_format.isdigit() and int(number_format) in percent_ids:
            found.add(index)
    return found


def _attributes(tag: str) -> dict[str, str]:
    """The attributes this module reads, in either kind of quotes."""
    return {name: value for name, _, value in _ATTRIBUTE.findall(tag)}


_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_FORMULA = re.compile(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(r"<(?:\w+:)?v\b[^>]*>([^<]+)</(?:\w+:)?v>")


# a formula (`<f>`, also prefixed) or an error cell (t="e", either quotes): scans in C
# inside sheetData, a formula (`<f`, also prefixed) or an error cell (t="e", either quotes)
_FORMULA_OR_ERROR_MARKS = (b"<f", b":f", b'"e"', b"'e'")


def _cells_without_value(workbook: Spreadsheet, sheet: str) -> dict[str, str]:
    """Cells of `sheet` that calamine reads as empty though they are not: a formula with no
    cached value (-> "=formula") or a formula's error such as #DIV/0! (-> the error)."""
    data = workbook.sheet_xml(sheet)
    if data is None:
        return {}
    cells = data[data.find(b"sheetData") : data.rfind(b"sheetData")]
    if not any(mark in cells for mark in _FORMULA_OR_ERROR_MARKS):
        return {}  # no formula and no error at all (every template): nothing to look for
    xml = data.decode("utf-8", errors="replace")
    found = {}
    for match in _CELL.finditer(xml):
        attributes = _attributes(match.group(1))
        inner = match.group(2) or ""
        value = _VALUE.search(inner)
        ref = attributes.get("r", "")
        if attributes.get("t") == "e" and value:
            found[ref] = unescape(value.group(1))
            continue
        formula = _FORMULA.search(inner)
        if formula and not value:
            found[ref] = "=" + unescape(formula.group(1) or "")
    return found
