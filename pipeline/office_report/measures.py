"""Pengukuran Kinerja: the LKjIP table (PermenPAN-RB 53/2014). Each sasaran strategis is
written once with its indicators beneath it, the IKU first; capaian and predikat are live
formulas. The technical columns are on Rincian Perhitungan, row for row."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import IndicatorResult
from pipeline.layout import row_height
from pipeline.office_report.base import (
    DEFAULT_ROW_HEIGHT,
    HEADER_ROW,
    SIGNATURE_LINES,
    TITLE_HEIGHT,
    Book,
    break_before_if_split,
    capaian_formula,
)

# The columns, by what they hold; other sheets refer to them by these names.
NO, SASARAN, INDIKATOR, IKU, SATUAN, TARGET, REALISED, CAPAIAN, PREDIKAT, UNIT = range(10)


def columns(book: Book) -> list[tuple[str, float]]:
    """Titles and widths: 112 width units, which print at 8.4 pt on A4 landscape."""
    quarter = book.ev.period.quarter
    return [
        ("No", 4),
        ("Sasaran Strategis", 19),
        ("Indikator Kinerja", 29),
        ("IKU", 5),
        ("Satuan", 8),
        (f"Target s.d. TW{quarter}", 9),
        (f"Realisasi s.d. TW{quarter}", 9),
        ("Capaian (%)", 8),
        ("Predikat", 10),
        ("Unit", 11),
    ]


def write(book: Book, ws: Worksheet) -> None:
    book.title(ws, "PENGUKURAN KINERJA")
    ws.write_string(
        4,
        0,
        "IKU = Indikator Kinerja Utama, didahulukan dalam sasarannya. Cara menghitung, tahun "
        "lalu dan Renstra: sheet berikutnya, dengan nomor yang sama.",
        book.st["note"],
    )
    titles = columns(book)
    header = HEADER_ROW - 1
    repeated = book.table_header(ws, header, titles)
    heights = [TITLE_HEIGHT, *([DEFAULT_ROW_HEIGHT] * (header - 1)), repeated]
    predikat = book.predikat_formula(f"{xl_col_to_name(CAPAIAN)}\0")
    rows = book.lkjip
    for i, row in enumerate(rows):
        first = i == 0 or rows[i - 1].sasaran != row.sasaran
        last = i == len(rows) - 1 or rows[i + 1].sasaran != row.sasaran
        height = _indicator_row(book, ws, header + 1 + i, i + 1, row, (first, last), predikat)
        heights.append(height)
    end = header + max(len(rows), 1)
    book.predikat_colours(ws, header + 1, end, PREDIKAT)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(header, 0, end, len(titles) - 1)
    heights += [DEFAULT_ROW_HEIGHT] * (end + 3 - len(heights))
    width = sum(w for _, w in titles)
    break_before_if_split(ws, heights, SIGNATURE_LINES * DEFAULT_ROW_HEIGHT, repeated, width)
    bottom = book.signature(ws, end + 3, PREDIKAT - 1)
    ws.print_area(0, 0, bottom, len(titles) - 1)
    book.page(ws, header)


def _indicator_row(
    book: Book,
    ws: Worksheet,
    r: int,
    number: int,
    row: IndicatorResult,
    group: tuple[bool, bool],
    predikat: str,
) -> float:
    """One indicator; the sasaran is written on its group's first row only, and its cell
    is bordered so that the group reads as one."""
    st, excel = book.st, str(r + 1)
    first, last = group
    sasaran = row.sasaran if first else ""
    height = row_height([(row.indikator, 29), (sasaran, 19)], 9)
    ws.set_row(r, height)
    ws.write_number(r, NO, number, st["count"])
    book.text(ws, r, SASARAN, sasaran, f"group{int(first)}{int(last)}")
    book.text(ws, r, INDIKATOR, row.indikator, "cell_bold" if row.iku else "cell")
    book.text(ws, r, IKU, "IKU" if row.iku else "", "centre")
    book.text(ws, r, SATUAN, row.satuan)
    book.number(ws, r, TARGET, row.target_dipakai, "num")
    book.number(ws, r, REALISED, row.realisasi, "num")
    if row.capaian is not None:
        realised, target = (f"{xl_col_to_name(c)}{excel}" for c in (REALISED, TARGET))
        formula = capaian_formula(realised, target, row.polaritas, row.target_dipakai)
        ws.write_formula(r, CAPAIAN, formula, st["pct"], row.capaian)
        ws.write_formula(r, PREDIKAT, predikat.replace("\0", excel), st["cell"], row.predikat)
    else:
        ws.write_blank(r, CAPAIAN, None, st["cell"])
        book.text(ws, r, PREDIKAT, "tidak dihitung", "warn_cell")
    book.text(ws, r, UNIT, row.unit)
    return height
