"""Pengukuran Kinerja: one row per indicator, its capaian and predikat as live formulas."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import IndicatorResult
from pipeline.layout import row_height
from pipeline.numbers import format_number
from pipeline.office_report.base import (
    HEADER_ROW,
    Book,
    capaian_formula,
)


# --- Pengukuran Kinerja
def measure_columns(book: Book) -> list[tuple[str, float]]:
    quarter = book.ev.period.quarter
    return [
        ("No", 4),
        ("Sasaran Strategis", 20),
        ("Kode", 7),
        ("Indikator Kinerja", 30),
        ("Satuan", 7),
        ("Polaritas", 8),
        ("Target Tahunan", 9),
        (f"Target s.d. TW{quarter}", 9),
        (f"Realisasi s.d. TW{quarter}", 9),
        ("Capaian (%)", 8),
        ("Predikat", 11),
        (f"Capaian untuk Rata-rata (maks. {format_number(book.ev.master.cap)})", 8),
        ("Capaian thd Target Tahunan (%)", 8),
        ("Cara Menghitung", 34),
        ("Realisasi Tahun Lalu", 9),
        ("Perubahan", 8),
        ("Perbandingan", 11),
        ("Target Akhir Renstra", 8),
        ("Tahun Renstra", 6),
        ("Progres Renstra (%)", 8),
        ("Unit", 11),
    ]


# Columns the formulas refer to: annual target, target used, realisation, capaian,
# last year's realisation, Renstra target.
ANNUAL, TARGET, REALISED, CAPAIAN, LAST_YEAR, RENSTRA = (
    xl_col_to_name(c) for c in (6, 7, 8, 9, 14, 17)
)


@dataclass(frozen=True)
class _Templates:
    """Formulas shared by every row, with NUL where the row number goes (no spreadsheet
    text, and so no predikat name, can hold a NUL)."""

    predikat: str
    capped: str
    change: str

    def at(self, template: str, excel_row: str) -> str:
        return template.replace("\0", excel_row)


def write(book: Book, ws: Worksheet) -> None:
    book.title(ws, "PENGUKURAN KINERJA")
    columns = measure_columns(book)
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    templates = _Templates(
        predikat=book.predikat_formula(f"{CAPAIAN}\0"),
        capped=f"=ROUND(MIN({CAPAIAN}\0,{book.ev.master.cap!r}),2)",
        change=f"={REALISED}\0-{LAST_YEAR}\0",
    )
    for i, row in enumerate(book.ev.records):
        _indicator_row(book, ws, header + 1 + i, i + 1, row, templates)
    last = header + max(len(book.ev.records), 1)
    book.predikat_colours(ws, header + 1, last, 10)
    ws.freeze_panes(HEADER_ROW, 4)
    ws.autofilter(header, 0, last, len(columns) - 1)
    end = book.signature(ws, last + 3, 13)
    ws.print_area(0, 0, end, len(columns) - 1)
    book.page(ws, header)


def _indicator_row(
    book: Book, ws: Worksheet, r: int, number: int, row: IndicatorResult, templates: _Templates
) -> None:
    st, text, num = book.st, book.text, book.number
    excel = str(r + 1)
    realised, polaritas = f"{REALISED}{excel}", row.polaritas
    counted = row.capaian is not None
    explained = row.cara_hitung if counted else row.alasan
    ws.set_row(r, row_height([(row.indikator, 30), (row.sasaran, 20), (explained, 34)], 9))
    ws.write_number(r, 0, number, st["int"])
    for c, key in enumerate(("sasaran", "kode", "indikator", "satuan", "polaritas"), start=1):
        text(ws, r, c, getattr(row, key))
    num(ws, r, 6, row.target_tahunan, "num")
    num(ws, r, 7, row.target_dipakai, "num")
    num(ws, r, 8, row.realisasi, "num")
    if counted:
        formula = capaian_formula(realised, f"{TARGET}{excel}", polaritas, row.target_dipakai)
        ws.write_formula(r, 9, formula, st["pct"], row.capaian)
        ws.write_formula(r, 10, templates.at(templates.predikat, excel), st["cell"], row.predikat)
        capped = templates.at(templates.capped, excel)
        ws.write_formula(r, 11, capped, st["pct"], row.capaian_dibatasi)
        text(ws, r, 13, row.cara_hitung, "small")
    else:
        for c in (9, 10, 11):
            ws.write_blank(r, c, None, st["cell"])
        text(ws, r, 13, f"Tidak dihitung: {row.alasan}", "small_warn")

    def capaian_against(
        col: int, target_col: str, target: float | None, value: float | None
    ) -> None:
        """A capaian of the row's realisation against another target, or a blank."""
        if value is None:
            ws.write_blank(r, col, None, st["cell"])
            return
        formula = capaian_formula(realised, f"{target_col}{excel}", polaritas, target)
        ws.write_formula(r, col, formula, st["pct"], value)

    capaian_against(12, ANNUAL, row.target_tahunan, row.capaian_tahunan)
    num(ws, r, 14, row.realisasi_lalu, "num")
    if row.perubahan is not None:
        change = templates.at(templates.change, excel)
        ws.write_formula(r, 15, change, st["num"], row.perubahan)
    else:
        ws.write_blank(r, 15, None, st["cell"])
    text(ws, r, 16, row.tren_tahunan, "small")
    num(ws, r, 17, row.target_renstra, "num")
    num(ws, r, 18, row.tahun_renstra, "year")
    capaian_against(19, RENSTRA, row.target_renstra, row.progres_renstra)
    text(ws, r, 20, row.unit)
