"""One sheet per unit (its quarters, trend and explanations), or at scale one sheet of
the indicators behind (Rincian Unit)."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import VALID, IndicatorResult, UnitSummary
from pipeline.layout import row_height
from pipeline.office_report.base import (
    HEADER_ROW,
    SHEET_MEASURES,
    Book,
    cached,
    whole,
)

# A unit's own words about an indicator, in the order of their columns.
EXPLANATIONS = ("penjelasan", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut")


# --- one sheet per unit
def write_unit(book: Book, ws: Worksheet, unit: UnitSummary, positions: list[int]) -> None:
    """The unit's sheet; `positions` are its indicators' places in Pengukuran Kinerja."""
    ev, st = book.ev, book.st
    named = unit.nama.upper()
    book.title(ws, f"DATA KINERJA: {named}" + ("" if named == unit.unit else f" ({unit.unit})"))
    status = unit.status
    if status != VALID:
        ws.write_string(
            4, 0, f"PERHATIAN: file unit {status}; angka unit ini belum final.", st["draft"]
        )
    quarters = list(ev.period.quarters)
    columns = [
        ("No", 5),
        ("Kode", 8),
        ("Indikator Kinerja", 36),
        ("Satuan", 9),
        ("Akumulasi", 10),
        (f"Target s.d. TW{ev.period.quarter}", 11),
    ]
    columns += [(f"Realisasi TW{q}", 10) for q in quarters]
    columns += [
        (f"Realisasi s.d. TW{ev.period.quarter}", 11),
        ("Capaian (%)", 9),
        ("Predikat", 12),
        ("Tren", 10),
        ("Penjelasan", 30),
        ("Faktor Pendukung", 24),
        ("Faktor Penghambat", 24),
        ("Tindak Lanjut", 24),
    ]
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    records = ev.records
    after = 6 + len(quarters)
    for i, pos in enumerate(positions):
        _unit_row(book, ws, header + 1 + i, i + 1, records[pos], book.first + pos)
    last = header + max(len(positions), 1)
    book.predikat_colours(ws, header + 1, last, after + 2)
    ws.freeze_panes(HEADER_ROW, 3)
    ws.autofilter(header, 0, last, len(columns) - 1)
    book.page(ws, header)


def _unit_row(
    book: Book, ws: Worksheet, r: int, number: int, row: IndicatorResult, measures_row: int
) -> None:
    """One indicator of the unit: quarters, what Pengukuran Kinerja has of it, the unit's
    own explanations."""
    st = book.st
    quarters = list(book.ev.period.quarters)
    q0 = 6
    after = q0 + len(quarters)
    ws.write_number(r, 0, number, st["int"])
    book.text(ws, r, 1, row.kode)
    book.text(ws, r, 2, row.indikator)
    book.text(ws, r, 3, row.satuan)
    book.text(ws, r, 4, row.akumulasi)
    book.number(ws, r, 5, row.target_dipakai, "num")
    for j, q in enumerate(quarters):
        book.number(ws, r, q0 + j, row.quarters.get(q), "num")
    realised = f"'{SHEET_MEASURES}'!I{measures_row}"
    ws.write_formula(
        r,
        after,
        f'=IF({realised}="","",{realised})',  # empty stays empty, not 0
        st["int"] if whole(row.realisasi) else st["num"],
        cached(row.realisasi),
    )
    if row.capaian is not None:
        ws.write_formula(
            r, after + 1, f"='{SHEET_MEASURES}'!J{measures_row}", st["pct"], row.capaian
        )
        ws.write_formula(
            r,
            after + 2,
            f"='{SHEET_MEASURES}'!K{measures_row}",
            st["cell"],
            row.predikat,
        )
    else:
        book.text(ws, r, after + 1, "-", "cell")
        book.text(ws, r, after + 2, row.alasan, "small_warn")
    # the trend in words and an arrow, which print (a sparkline printed as dots)
    book.text(ws, r, after + 3, row.tren_triwulan)
    for j, key in enumerate(EXPLANATIONS):
        book.text(ws, r, after + 4 + j, getattr(row, key), "small")
    explanations = zip(EXPLANATIONS, (30, 24, 24, 24), strict=True)
    texts = [(getattr(row, key) or "", width) for key, width in explanations]
    ws.set_row(r, row_height([(row.indikator, 36), *texts], 9))


# --- at scale: one sheet with every unit's quarters and explanations
def write_detail(book: Book, ws: Worksheet, behind: list[IndicatorResult]) -> None:
    """The indicators `behind` (below Tinggi or not computed) of every unit."""
    ev, st = book.ev, book.st
    book.title(ws, "RINCIAN UNIT: INDIKATOR DI BAWAH PREDIKAT TINGGI")
    ws.write_string(
        4,
        0,
        f"{len(ev.per_unit)} unit: indikator yang capaiannya di bawah Tinggi atau tidak dapat "
        f"dihitung ({len(behind)} dari {len(ev.records)}), dengan realisasi per "
        f"triwulan dan penjelasan unit. Seluruh indikator ada di sheet {SHEET_MEASURES}; "
        "rincian lengkap ada di file masing-masing unit.",
        st["note"],
    )
    quarters = list(ev.period.quarters)
    columns = [("Unit", 12), ("Kode", 11)]
    columns += [(f"Realisasi TW{q}", 10) for q in quarters]
    columns += [
        ("Tren", 10),
        ("Penjelasan", 34),
        ("Faktor Pendukung", 26),
        ("Faktor Penghambat", 26),
        ("Tindak Lanjut", 26),
    ]
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    q0, after = 2, 2 + len(quarters)
    for i, row in enumerate(behind):
        r = header + 1 + i
        explanations = zip(EXPLANATIONS, (34, 26, 26, 26), strict=True)
        ws.set_row(r, row_height([(getattr(row, k) or "", w) for k, w in explanations], 9))
        book.text(ws, r, 0, row.unit)
        book.text(ws, r, 1, row.kode)
        for j, q in enumerate(quarters):
            book.number(ws, r, q0 + j, row.quarters.get(q), "num")
        book.text(ws, r, after, row.tren_triwulan)
        for j, key in enumerate(EXPLANATIONS):
            book.text(ws, r, after + 1 + j, getattr(row, key), "small")
    last = header + max(len(behind), 1)
    ws.freeze_panes(HEADER_ROW, 2)
    ws.autofilter(header, 0, last, len(columns) - 1)
    book.page(ws, header)
