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
    columns = [
        ("Unit", 13),
        ("File", 22),
        ("Status", 12),
        ("SHA-256", 68),
        ("Versi Templat", 9),
        ("Hash Master (unit)", 68),
    ]
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
        for c, value in enumerate(values):
            book.text(ws, r, c, value, "small")
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
    top = r + 2
    ws.write_string(top, 0, "Parameter", book.st["header"])
    ws.write_string(top, 1, "Nilai", book.st["header"])
    for i, (label, value) in enumerate(params, start=1):
        ws.set_row(top + i, row_height([(label, columns[0][1]), (value, columns[1][1])], 8))
        book.text(ws, top + i, 0, label, "small")
        book.text(ws, top + i, 1, value, "small")
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(header, 0, header + max(len(book.ev.inputs), 1), len(columns) - 1)
    book.page(ws, header)
