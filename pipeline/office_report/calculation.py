"""The technical columns behind Pengukuran Kinerja, row for row with it (same No, same
Excel row): Rincian Perhitungan (how each capaian was computed, the capped capaian the
averages use, capaian against the annual target) and Tahun Lalu dan Renstra (last year's
realisation and capaian, progress toward the Renstra end target). Two sheets, because all
of it on one A4 page width would print at under 7 pt."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import IndicatorResult
from pipeline.layout import row_height
from pipeline.numbers import format_number
from pipeline.office_report import measures
from pipeline.office_report.base import (
    HEADER_ROW,
    SHEET_CALCULATION,
    SHEET_MEASURES,
    Book,
    cached,
    capaian_formula,
    whole,
)

# Rincian Perhitungan's columns
NO, KODE, UNIT, INDIKATOR, CAPAIAN, CAPPED, ANNUAL, CAPAIAN_ANNUAL, HOW = range(9)
# Tahun Lalu dan Renstra's columns, after the same No and Kode
(
    COMPARED,  # the indicator's name
    REALISED,
    LAST_REALISED,
    LAST_TARGET,
    LAST_CAPAIAN,
    TREND,
    RENSTRA,
    RENSTRA_YEAR,
    RENSTRA_PROGRESS,
) = range(2, 11)


def _measures_cell(col: int, excel_row: str) -> str:
    return f"'{SHEET_MEASURES}'!{xl_col_to_name(col)}{excel_row}"


def _identity(book: Book, ws: Worksheet, r: int, number: int, row: IndicatorResult) -> None:
    ws.write_number(r, NO, number, book.st["count"])
    book.text(ws, r, KODE, row.kode)


# --- Rincian Perhitungan
def write(book: Book, ws: Worksheet) -> None:
    book.title(ws, "RINCIAN PERHITUNGAN CAPAIAN")
    ws.write_string(
        4,
        0,
        f"Baris dan nomor sama dengan sheet {SHEET_MEASURES}. Rata-rata kantor, unit dan "
        f"sasaran memakai capaian yang dibatasi {format_number(book.ev.master.cap)}.",
        book.st["note"],
    )
    titles = [
        ("No", 4),
        ("Kode", 8),
        ("Unit", 10),
        ("Indikator Kinerja", 26),
        ("Capaian (%)", 8),
        (f"Capaian untuk Rata-rata (maks. {format_number(book.ev.master.cap)})", 9),
        ("Target Tahunan", 9),
        ("Capaian thd Target Tahunan (%)", 9),
        ("Cara Menghitung", 30),
    ]
    header = HEADER_ROW - 1
    book.table_header(ws, header, titles)
    capped = f"=ROUND(MIN({xl_col_to_name(CAPAIAN)}\0,{book.ev.master.cap!r}),2)"
    for i, row in enumerate(book.lkjip):
        _calculation_row(book, ws, header + 1 + i, i + 1, row, capped)
    end = header + max(len(book.ev.records), 1)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(header, 0, end, len(titles) - 1)
    book.page(ws, header)


def _calculation_row(
    book: Book, ws: Worksheet, r: int, number: int, row: IndicatorResult, capped: str
) -> None:
    st, excel = book.st, str(r + 1)
    how = row.cara_hitung if row.capaian is not None else f"Tidak dihitung: {row.alasan}"
    ws.set_row(r, row_height([(row.indikator, 26), (how, 30)], 9))
    _identity(book, ws, r, number, row)
    book.text(ws, r, UNIT, row.unit)
    book.text(ws, r, INDIKATOR, row.indikator)
    if row.capaian is not None:
        measured = _measures_cell(measures.CAPAIAN, excel)
        ws.write_formula(r, CAPAIAN, f"={measured}", st["pct"], row.capaian)
        ws.write_formula(r, CAPPED, capped.replace("\0", excel), st["pct"], row.capaian_dibatasi)
        book.text(ws, r, HOW, how)
    else:
        ws.write_blank(r, CAPAIAN, None, st["cell"])
        ws.write_blank(r, CAPPED, None, st["cell"])
        book.text(ws, r, HOW, how, "warn_cell")
    book.number(ws, r, ANNUAL, row.target_tahunan, "num")
    if row.capaian_tahunan is None:
        ws.write_blank(r, CAPAIAN_ANNUAL, None, st["cell"])
    else:
        realised = _measures_cell(measures.REALISED, excel)
        target = f"{xl_col_to_name(ANNUAL)}{excel}"
        formula = capaian_formula(realised, target, row.polaritas, row.target_tahunan)
        ws.write_formula(r, CAPAIAN_ANNUAL, formula, st["pct"], row.capaian_tahunan)


# --- Tahun Lalu dan Renstra
def write_comparison(book: Book, ws: Worksheet) -> None:
    book.title(ws, "PERBANDINGAN DENGAN TAHUN LALU DAN TARGET AKHIR RENSTRA")
    ws.write_string(
        4,
        0,
        f"Baris dan nomor sama dengan sheet {SHEET_MEASURES} dan {SHEET_CALCULATION}. "
        "Realisasi kumulatif sebelum TW4 belum sebanding dengan setahun penuh.",
        book.st["note"],
    )
    quarter = book.ev.period.quarter
    titles = [
        ("No", 4),
        ("Kode", 8),
        ("Indikator Kinerja", 24),
        (f"Realisasi s.d. TW{quarter}", 9),
        ("Realisasi Tahun Lalu", 9),
        ("Target Tahun Lalu", 9),
        ("Capaian Tahun Lalu (%)", 8),
        ("Dibanding Tahun Lalu", 12),
        ("Target Akhir Renstra", 9),
        ("Tahun Renstra", 6),
        ("Progres Renstra (%)", 8),
    ]
    header = HEADER_ROW - 1
    book.table_header(ws, header, titles)
    for i, row in enumerate(book.lkjip):
        _comparison_row(book, ws, header + 1 + i, i + 1, row)
    end = header + max(len(book.ev.records), 1)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(header, 0, end, len(titles) - 1)
    book.page(ws, header)


def _comparison_row(book: Book, ws: Worksheet, r: int, number: int, row: IndicatorResult) -> None:
    st, excel = book.st, str(r + 1)
    ws.set_row(r, row_height([(row.indikator, 24), (row.tren_tahunan, 12)], 9))
    _identity(book, ws, r, number, row)
    book.text(ws, r, COMPARED, row.indikator)
    realised = _measures_cell(measures.REALISED, excel)
    ws.write_formula(
        r,
        REALISED,
        f'=IF({realised}="","",{realised})',  # empty stays empty, not 0
        st["int"] if whole(row.realisasi) else st["num"],
        cached(row.realisasi),
    )
    book.number(ws, r, LAST_REALISED, row.realisasi_lalu, "num")
    book.number(ws, r, LAST_TARGET, row.target_lalu, "num")
    here = {c: f"{xl_col_to_name(c)}{excel}" for c in (REALISED, LAST_REALISED, LAST_TARGET)}

    def capaian_against(col: int, r_cell: str, t_cell: str, t: float | None, value: float | None):
        """A capaian of one cell against a target cell, or a blank where there is none."""
        if value is None:
            ws.write_blank(r, col, None, st["cell"])
        else:
            formula = capaian_formula(r_cell, t_cell, row.polaritas, t)
            ws.write_formula(r, col, formula, st["pct"], value)

    capaian_against(
        LAST_CAPAIAN, here[LAST_REALISED], here[LAST_TARGET], row.target_lalu, row.capaian_lalu
    )
    book.text(ws, r, TREND, row.tren_tahunan)
    book.number(ws, r, RENSTRA, row.target_renstra, "num")
    book.number(ws, r, RENSTRA_YEAR, row.tahun_renstra, "year")
    renstra = f"{xl_col_to_name(RENSTRA)}{excel}"
    capaian_against(
        RENSTRA_PROGRESS, here[REALISED], renstra, row.target_renstra, row.progres_renstra
    )


# --- the averages other sheets show, over the capped capaian
def capped_range(book: Book, first: int | None = None, last: int | None = None) -> str:
    """Rincian Perhitungan's capped capaian, all rows or Excel rows `first`..`last`."""
    letter = xl_col_to_name(CAPPED)
    first, last = first or book.first, last or book.last
    return f"'{SHEET_CALCULATION}'!${letter}${first}:${letter}${last}"


def average_formula(book: Book, first: int | None = None, last: int | None = None) -> str:
    """The mean capped capaian of all rows or of a block of rows (a sasaran's, which are
    contiguous), empty where none was computed."""
    return f'=IFERROR(ROUND(AVERAGE({capped_range(book, first, last)}),2),"")'


def unit_average_formula(book: Book, unit_cell: str) -> str:
    """The mean capped capaian of one unit's rows (an exact match, no wildcards)."""
    letter = xl_col_to_name(UNIT)
    units = f"'{SHEET_CALCULATION}'!${letter}${book.first}:${letter}${book.last}"
    values = capped_range(book)
    match = f"({units}={unit_cell})*ISNUMBER({values})"
    return f'=IFERROR(ROUND(SUMPRODUCT({match},{values})/SUMPRODUCT({match}),2),"")'
