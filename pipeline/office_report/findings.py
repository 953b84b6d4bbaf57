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
    # 110 units in all, which LibreOffice prints at 94 % on A4 landscape, or 92 % where that
    # saves a last page: 9-pt type at 8.3 pt or more. The short columns are as wide as
    # "SEKRETARIAT" or "PERINGATAN"; the rest wraps.
    columns = [
        ("No", 4),
        ("Unit", 9.5),
        ("Tingkat", 9),
        ("Kode Temuan", 11),
        ("File", 10),
        ("Sheet", 8),
        ("Sel", 5),
        ("Indikator", 7.5),
        ("Kolom", 9),
        ("Nilai", 9),
        ("Pesan", 14),
        ("Perbaikan", 14),
    ]
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    for i, f in enumerate(book.ev.findings):
        r = header + 1 + i
        ws.write_number(r, 0, i + 1, book.st["count"])
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
            book.text(ws, r, c, value)
        widths = [width for _, width in columns[1:]]
        ws.set_row(r, row_height(list(zip(values, widths, strict=True)), 9))
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
