"""Per Sasaran: the capaian per sasaran strategis."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.layout import row_height
from pipeline.office_report import calculation
from pipeline.office_report.base import (
    HEADER_ROW,
    Book,
    cached,
)


# --- Per Sasaran
def write(book: Book, ws: Worksheet) -> None:
    book.title(ws, "CAPAIAN PER SASARAN STRATEGIS")
    # printed widths sum to 104: at most ~105 print at 100 % on A4 landscape (9-pt type)
    columns = [
        ("No", 4),
        ("Sasaran Strategis", 36),
        ("Jumlah Indikator", 9),
        ("Dihitung", 9),
        ("Rata-rata Capaian (%)", 10),
        ("Predikat", 12),
        ("Di bawah Tinggi", 8),
        ("Unit", 16),
    ]
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    for i, s in enumerate(book.ev.per_sasaran):
        r = header + 1 + i
        ws.write_number(r, 0, i + 1, book.st["count"])
        book.text(ws, r, 1, s.sasaran)
        ws.write_number(r, 2, s.jumlah, book.st["count"])
        ws.write_number(r, 3, s.dihitung, book.st["count"])
        ws.write_formula(
            r,
            4,
            calculation.average_formula(book, *book.sasaran_rows[s.sasaran]),
            book.st["pct"],
            cached(s.capaian),
        )
        ws.write_formula(
            r, 5, book.blank_or_predikat_formula(f"E{r + 1}"), book.st["cell"], s.predikat
        )
        ws.write_number(r, 6, s.di_bawah_tinggi, book.st["count"])
        book.text(ws, r, 7, s.unit)
        texts: list[tuple[str, float]] = [(s.sasaran, columns[1][1]), (s.unit, columns[7][1])]
        ws.set_row(r, row_height(texts, 9))
    last = header + max(len(book.ev.per_sasaran), 1)
    book.predikat_colours(ws, header + 1, last, 5)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(header, 0, last, len(columns) - 1)
    book.page(ws, header)
