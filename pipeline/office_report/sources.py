"""Sumber Data: every input file with its hash, and the parameters of the run."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline import __version__
from pipeline.layout import row_height
from pipeline.numbers import format_number
from pipeline.office_report.base import (
    HEADER_ROW,
    Book,
)


# --- Sumber Data
def write(book: Book, ws: Worksheet) -> None:
    book.title(ws, "SUMBER DATA DAN PARAMETER")
    # 100 units in all, which LibreOffice prints at 100 % on A4 landscape (9-pt type): a
    # hash wraps in two lines of 32 hex digits, which Calibri in Excel also fits in 29 units
    columns = [
        ("Unit", 9),
        ("File", 16),
        ("Status", 9),
        ("SHA-256", 29),
        ("Versi Templat", 8),
        ("Hash Master (unit)", 29),
    ]
    widths: list[float] = [width for _, width in columns]
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    r = header
    for r, item in enumerate(book.ev.inputs, start=header + 1):
        report = item.report
        meta = report.unit_file.meta if report and report.unit_file else {}
        values = [
            item.unit,
            str(item.path or "-"),
            item.status,
            report.sha256 if report else "",
            meta.get("format", ""),
            meta.get("hash_master", ""),
        ]
        ws.set_row(r, row_height(list(zip(values, widths, strict=True)), 9))
        for c, value in enumerate(values):
            book.text(ws, r, c, value)
    params = [
        ("Master indikator", str(book.ev.master.path)),
        ("SHA-256 master", book.ctx.master_sha256),
        ("Periode", str(book.ev.period)),
        ("Tanggal laporan", book.ctx.report_date.isoformat()),
        ("Draf", "ya" if book.ev.draft else "tidak"),
        ("Batas atas capaian", format_number(book.ev.master.cap)),
        (
            "Skala predikat",
            "; ".join(f"{n} >= {format_number(m)}" for n, m in book.ev.master.bands),
        ),
        ("Alat", f"datakinerja {__version__}"),
    ]
    # a value spans the table's other columns: the master's hash on one line, not four
    top = r + 2
    last = len(columns) - 1
    ws.write_string(top, 0, "Parameter", book.st["header"])
    ws.merge_range(top, 1, top, last, "Nilai", book.st["header"])
    for i, (label, value) in enumerate(params, start=1):
        texts = [(label, widths[0]), (value, sum(widths[1:]))]
        ws.set_row(top + i, row_height(texts, 9))
        book.text(ws, top + i, 0, label)
        ws.merge_range(top + i, 1, top + i, last, "", book.st["cell"])
        book.text(ws, top + i, 1, value)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(header, 0, header + max(len(book.ev.inputs), 1), len(columns) - 1)
    book.page(ws, header)
