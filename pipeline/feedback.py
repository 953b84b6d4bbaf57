"""The feedback workbook handed back to a unit: its own data, problem cells marked.

Written fresh with xlsxwriter from what was read (never by re-saving the unit's file),
so the unit's file is never touched and text stays text.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.cells import address
from pipeline.findings import Finding, Severity
from pipeline.layout import SHEET_APPROVAL, SHEET_DATA, row_height
from pipeline.report import counts_line
from pipeline.validation import Report
from pipeline.workbooks import Grid, atomic_output, inside

SHEET_FINDINGS = "Temuan"
FILLS = {Severity.GALAT: "#F4B183", Severity.PERINGATAN: "#FFE699"}
FINDING_COLUMNS = (
    ("No", 5),
    ("Tingkat", 12),
    ("Kode Temuan", 24),
    ("Sheet", 14),
    ("Sel", 8),
    ("Indikator", 10),
    ("Kolom", 18),
    ("Nilai", 16),
    ("Pesan", 60),
    ("Perbaikan", 60),
)

FEEDBACK_FOLDER = "umpan-balik"


def feedback_path(output_dir: Path, report: Report) -> Path:
    """Where a checked file's feedback copy goes: `<periode>/umpan-balik/<UNIT>.xlsx`, and
    `<UNIT>-ods.xlsx` for an .ods, so two files of one unit each keep their own."""
    name = feedback_name(str(report.unit), report.path.suffix)
    return inside(output_dir, str(report.period), FEEDBACK_FOLDER, name)


def feedback_name(unit: str, suffix: str) -> str:
    suffix = suffix.lower()
    return f"{unit}{'' if suffix == '.xlsx' else '-' + suffix[1:]}.xlsx"


def write_feedback(report: Report, path: Path) -> Path:
    """Write the annotated copy of a unit's file and its list of findings, atomically."""
    with atomic_output(path) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary), {"strings_to_formulas": False, "strings_to_urls": False}
        )
        created = report.period.start if report.period else date(2000, 1, 1)
        workbook.set_properties(
            {
                "title": f"Umpan balik Data Kinerja {report.unit} {report.period or ''}".strip(),
                "author": "Data Kinerja",
                "created": datetime.combine(created, datetime.min.time()),
            }
        )
        styles = _styles(workbook)
        _write_findings(workbook.add_worksheet(SHEET_FINDINGS), report, styles)
        unit_file = report.unit_file
        if unit_file is not None:
            by_sheet: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
            for finding in report.findings:
                if finding.cell:
                    by_sheet[finding.sheet][finding.cell].append(finding)
            widths = {
                unit_file.columns[c.key]: c.width
                for c in unit_file.expected_columns
                if c.key in unit_file.columns
            }
            data = workbook.add_worksheet(SHEET_DATA)
            _copy_grid(data, unit_file.grid, by_sheet[SHEET_DATA], styles, unit_file.header_row)
            for col, width in widths.items():
                data.set_column(col, col, width)
            for r in range(unit_file.header_row - 1, len(unit_file.grid)):
                texts = [
                    (str(v), widths.get(c, 10))
                    for c, v in enumerate(unit_file.grid[r])
                    if isinstance(v, str)
                ]
                data.set_row(r, row_height(texts))
            data.freeze_panes(unit_file.header_row, 4)
            _print_setup(data, unit_file.header_row - 1)
            if unit_file.approval_grid:
                approval = workbook.add_worksheet(SHEET_APPROVAL)
                _copy_grid(approval, unit_file.approval_grid, by_sheet[SHEET_APPROVAL], styles, 0)
                approval.set_column(0, 0, 30)
                approval.set_column(1, 1, 50)
                _print_setup(approval, None)
        workbook.close()
    return path


def _styles(workbook: Workbook) -> dict:
    add = workbook.add_format
    styles = {
        "title": add({"bold": True, "font_size": 14}),
        "bold": add({"bold": True}),
        "header": add(
            {
                "bold": True,
                "bg_color": "#1F4E78",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        ),
        "cell": add({"text_wrap": True, "valign": "top", "border": 1}),
        "link": add({"font_color": "#0563C1", "underline": 1, "valign": "top", "border": 1}),
        "date": add({"num_format": "dd-mm-yyyy", "valign": "top"}),
        "plain": add({"valign": "top", "text_wrap": True}),
        "line": add({"valign": "top"}),
        "table_header": add(
            {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#D9E1F2"}
        ),
    }
    for severity, fill in FILLS.items():
        styles[severity] = add(
            {
                "bg_color": fill,
                "border": 2,
                "border_color": "#C00000" if severity is Severity.GALAT else "#BF8F00",
                "valign": "top",
                "text_wrap": True,
            }
        )
        styles[f"{severity}-date"] = add(
            {"bg_color": fill, "num_format": "dd-mm-yyyy", "border": 2, "valign": "top"}
        )
        styles[f"{severity}-row"] = add(
            {"bg_color": fill, "valign": "top", "border": 1, "text_wrap": True}
        )
    return styles


def _write_findings(ws: Worksheet, report: Report, st: dict) -> None:
    verdict = "VALID" if report.valid else "TIDAK VALID"
    ws.write_string(
        0, 0, f"UMPAN BALIK DATA KINERJA: {report.unit} {report.period or ''}", st["title"]
    )
    summary = [
        ("File", report.path.name),
        ("SHA-256", report.sha256 or "-"),
        ("Hasil", f"{verdict} ({counts_line(report.findings)})"),
        (
            "Keterangan",
            "Sel bermasalah diberi warna (jingga: GALAT, kuning: PERINGATAN) dan "
            "catatan berisi pesan serta cara memperbaikinya. Perbaiki file asli Anda, "
            "bukan file umpan balik ini.",
        ),
    ]
    for r, (label, value) in enumerate(summary, start=2):
        ws.write_string(r, 0, f"{label}: {value}", st["line"])
    top = len(summary) + 3
    for c, (title, width) in enumerate(FINDING_COLUMNS):
        ws.write_string(top, c, title, st["header"])
        ws.set_column(c, c, width)
    for i, f in enumerate(report.findings, start=1):
        r = top + i
        row_style = st[f"{f.severity}-row"]
        values: list[str | None] = [
            str(i),
            f.severity.value,
            f.code,
            f.sheet,
            None,
            f.indicator,
            f.column,
            f.value,
            f.message,
            f.hint,
        ]
        for c, text in enumerate(values):
            if c == 4:
                continue
            ws.write_string(r, c, text or "", row_style if c == 1 else st["cell"])
        ws.set_row(r, row_height([(f.message, 60), (f.hint, 60), (f.column, 18)]))
        if f.cell and f.sheet and report.unit_file is not None:
            ws.write_url(r, 4, f"internal:'{f.sheet}'!{f.cell}", st["link"], f.cell)
        else:
            ws.write_string(r, 4, f.cell, st["cell"])
    if not report.findings:
        ws.write_string(top + 1, 0, "Tidak ada temuan: file siap diajukan.", st["plain"])
    ws.freeze_panes(top + 1, 0)
    ws.autofilter(top, 0, top + max(len(report.findings), 1), len(FINDING_COLUMNS) - 1)
    _print_setup(ws, top)
    ws.activate()


def _copy_grid(
    ws: Worksheet, grid: Grid, marks: dict[str, list[Finding]], st: dict, header_row: int
) -> None:
    """Write the unit's values as read; mark and annotate every cell with findings."""
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            cell = address(r + 1, c)
            found = marks.get(cell, [])
            severity = _worst(found)
            if severity:
                base = st[severity]
            elif header_row and r + 1 == header_row:
                base = st["table_header"]
            else:
                base = st["line"] if header_row and r + 1 < header_row else st["plain"]
            if isinstance(value, datetime | date):
                when = (
                    value
                    if isinstance(value, datetime)
                    else datetime.combine(value, datetime.min.time())
                )
                ws.write_datetime(r, c, when, st[f"{severity}-date"] if severity else st["date"])
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value, base)
            elif isinstance(value, int | float) and math.isfinite(value):
                ws.write_number(r, c, value, base)
            elif value is None:
                if severity:
                    ws.write_blank(r, c, None, base)
            else:
                ws.write_string(r, c, str(value), base)
            if found:
                note = "\n\n".join(
                    f"{f.severity.value} ({f.code}): {f.message}\nPerbaikan: {f.hint}"
                    for f in found
                )
                ws.write_comment(
                    r, c, note, {"x_scale": 2.5, "y_scale": 2, "author": "Data Kinerja"}
                )
    # cells with findings beyond the grid (e.g. an empty approval entry past the last row)
    for cell, found in marks.items():
        r, c = xl_cell_to_rowcol(cell)
        if r >= len(grid) or c >= len(grid[r]):
            ws.write_blank(r, c, None, st[_worst(found)])
            note = "\n\n".join(f"{f.severity.value} ({f.code}): {f.message}" for f in found)
            ws.write_comment(r, c, note, {"x_scale": 2.5, "y_scale": 2, "author": "Data Kinerja"})


def _worst(found: list[Finding]) -> Severity | None:
    if not found:
        return None
    return (
        Severity.GALAT
        if any(f.severity is Severity.GALAT for f in found)
        else (Severity.PERINGATAN)
    )


def _print_setup(ws: Worksheet, repeat: int | None) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if repeat is not None:
        ws.repeat_rows(repeat)
    ws.set_footer("&L&8Umpan balik Data Kinerja&R&8Halaman &P dari &N")
