"""Validasi: every finding of every unit."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.layout import row_height
from pipeline.office_report.base import (
    HEADER_ROW,
    Book,
)


# --- Validasi
def write(book: Book, ws: Worksheet) -> None:
    book.title(ws, "TEMUAN VALIDASI FILE UNIT")
    columns = [
        ("No", 5),
        ("Unit", 13),
        ("Tingkat", 11),
        ("Kode Temuan", 22),
        ("File", 16),
        ("Sheet", 13),
        ("Sel", 7),
        ("Indikator", 9),
        ("Kolom", 16),
        ("Nilai", 14),
        ("Pesan", 50),
        ("Perbaikan", 50),
    ]
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    for i, f in enumerate(book.ev.findings):
        r = header + 1 + i
        ws.write_number(r, 0, i + 1, book.st["int"])
        values = [
            f.unit,
            f.severity.value,
            f.code,
            f.file,
            f.sheet,
            f.cell,
            f.indicator,
            f.column,
            f.value,
            f.message,
            f.hint,
        ]
        for c, value in enumerate(values, start=1):
            book.text(ws, r, c, value, "small")
        ws.set_row(r, row_height([(f.message, 50), (f.hint, 50)], 9))
    if not book.ev.findings:
        ws.write_string(header + 1, 1, "Tidak ada temuan.", book.st["line"])
    last = header + max(len(book.ev.findings), 1)
    ws.conditional_format(
        header + 1,
        2,
        last,
        2,
        {"type": "cell", "criteria": "==", "value": '"GALAT"', "format": book.st["band4"]},
    )
    ws.conditional_format(
        header + 1,
        2,
        last,
        2,
        {"type": "cell", "criteria": "==", "value": '"PERINGATAN"', "format": book.st["band2"]},
    )
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(header, 0, last, len(columns) - 1)
    book.page(ws, header)
