"""One sheet per unit (its quarters, trend and explanations), or at scale one sheet of
the indicators behind (Rincian Unit)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import VALID, IndicatorResult, UnitSummary
from pipeline.layout import chars_per_line, lines_per_row, row_chunks, row_height
from pipeline.office_report import measures
from pipeline.office_report.base import (
    HEADER_ROW,
    SHEET_MEASURES,
    Book,
    cached,
    whole,
)

# A unit's own words about an indicator, in the order of their columns.
EXPLANATIONS = ("penjelasan", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut")
EXPLANATION_TITLES = ("Penjelasan", "Faktor Pendukung", "Faktor Penghambat", "Tindak Lanjut")


# --- one sheet per unit
def write_unit(
    book: Book, ws: Worksheet, unit: UnitSummary, records: list[IndicatorResult]
) -> None:
    """The unit's sheet: each indicator on two rows, its figures and under them the unit's
    own explanations, under a two-row header that repeats on every printed page."""
    ev, st = book.ev, book.st
    named = unit.nama.upper()
    book.title(ws, f"DATA KINERJA: {named}" + ("" if named == unit.unit else f" ({unit.unit})"))
    status = unit.status
    if status != VALID:
        ws.write_string(
            4, 0, f"PERHATIAN: file unit {status}; angka unit ini belum final.", st["draft"]
        )
    quarter = ev.period.quarter
    columns = [
        ("No", 4),
        ("Kode", 8),
        ("Indikator Kinerja", 24),
        (f"Target s.d. TW{quarter}", 9),
        *((f"Realisasi TW{q}", 8) for q in ev.period.quarters),
        (f"Realisasi s.d. TW{quarter}", 9),
        ("Capaian (%)", 8),
        ("Predikat", 10),
        ("Tren", 10),
    ]

    def figures(r: int, i: int, row: IndicatorResult) -> None:
        _unit_row(book, ws, r, i + 1, row, book.row_of[(row.unit, row.kode)])

    _two_row_table(book, ws, columns, records, figures)


def _two_row_table(
    book: Book,
    ws: Worksheet,
    columns: Sequence[tuple[str, float]],
    rows: list[IndicatorResult],
    figures: Callable[[int, int, IndicatorResult], None],
    unit_first: bool = False,
) -> None:
    """A table of two rows per indicator: `figures(r, i, row)` writes the first, the unit's
    own words go beneath it (on more rows when longer than a row shows); a two-row header
    that repeats on every printed page, filters that keep every row, predikat colours."""
    header = HEADER_ROW - 1
    book.table_header(ws, header, columns)
    spans = _explanation_spans([width for _, width in columns])
    _explanation_header(book, ws, header + 1, spans)
    r = header + 2
    for i, row in enumerate(rows):
        figures(r, i, row)
        r = _explanation_rows(book, ws, r + 1, row, spans, unit_first)
    last = max(r - 1, header + 2)
    predikat = [title for title, _ in columns].index("Predikat")
    book.predikat_colours(ws, header + 2, last, predikat)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.autofilter(header + 1, 0, last, len(columns) - 1)
    book.page(ws, header)
    ws.repeat_rows(header, header + 1)


def _explanation_spans(widths: list[float]) -> list[tuple[int, int, float]]:
    """The columns from the third on, cut into four runs of about equal width, one per
    explanation: (first column, last column, width)."""
    spans: list[tuple[int, int, float]] = []
    first, remaining = 2, sum(widths[2:])
    for left in range(len(EXPLANATIONS), 0, -1):
        last, width = first, widths[first]
        while last + left < len(widths) and width + widths[last + 1] / 2 <= remaining / left:
            last += 1
            width += widths[last]
        if left == 1:
            last, width = len(widths) - 1, remaining
        spans.append((first, last, width))
        first, remaining = last + 1, remaining - width
    return spans


def _explanation_header(
    book: Book, ws: Worksheet, r: int, spans: list[tuple[int, int, float]]
) -> None:
    for c in (0, 1):
        ws.write_blank(r, c, None, book.st["header"])
    for (first, last, _), title in zip(spans, EXPLANATION_TITLES, strict=True):
        _span(book, ws, r, first, last, title, "header")
    ws.set_row(r, 16)


def _span(book: Book, ws: Worksheet, r: int, first: int, last: int, text: str, style: str) -> None:
    """Text (user's text: never a formula) in one cell or merged across a run of columns."""
    if first == last:
        book.text(ws, r, first, text, style)
    else:
        ws.merge_range(r, first, r, last, text, book.st[style])


def _unit_row(
    book: Book, ws: Worksheet, r: int, number: int, row: IndicatorResult, measures_row: int
) -> None:
    """One indicator's figures: its quarters, and what Pengukuran Kinerja has of it."""
    st = book.st
    quarters = list(book.ev.period.quarters)
    after = 4 + len(quarters)
    ws.set_row(r, row_height([(row.indikator, 24)], 9))
    ws.write_number(r, 0, number, st["count"])
    book.text(ws, r, 1, row.kode)
    book.text(ws, r, 2, row.indikator)
    book.number(ws, r, 3, row.target_dipakai, "num")
    for j, q in enumerate(quarters):
        book.number(ws, r, 4 + j, row.quarters.get(q), "num")
    realised = f"'{SHEET_MEASURES}'!{xl_col_to_name(measures.REALISED)}{measures_row}"
    ws.write_formula(
        r,
        after,
        f'=IF({realised}="","",{realised})',  # empty stays empty, not 0
        st["int"] if whole(row.realisasi) else st["num"],
        cached(row.realisasi),
    )
    if row.capaian is not None:
        for col, source, value, style in (
            (after + 1, measures.CAPAIAN, row.capaian, "pct"),
            (after + 2, measures.PREDIKAT, row.predikat, "cell"),
        ):
            cell = f"'{SHEET_MEASURES}'!{xl_col_to_name(source)}{measures_row}"
            ws.write_formula(r, col, f"={cell}", st[style], value)
    else:
        book.text(ws, r, after + 1, "-", "cell")
        book.text(ws, r, after + 2, "tidak dihitung", "warn_cell")
    # the trend in words and an arrow, which print (a sparkline printed as dots)
    book.text(ws, r, after + 3, row.tren_triwulan)


def _explanation_rows(
    book: Book,
    ws: Worksheet,
    r: int,
    row: IndicatorResult,
    spans: list[tuple[int, int, float]],
    unit_first: bool = False,
) -> int:
    """The unit's own words under the indicator's figures, each in its run of columns,
    from row `r`; returns the next free row. A text longer than a row can show (rows stop
    at 409 pt) goes on over the rows beneath, cut where its lines begin, so that all of it
    prints. The first two columns repeat the row's identity quietly (`unit_first`: unit
    and code, else the code in the second), so that a filter keeps every row."""
    per_row = lines_per_row(9)
    pieces = [
        row_chunks(getattr(row, key) or "", chars_per_line(width, 9), per_row)
        for key, (_, _, width) in zip(EXPLANATIONS, spans, strict=True)
    ]
    for k in range(max(len(p) for p in pieces)):
        texts = [p[k] if k < len(p) else "" for p in pieces]
        sized = [(text, width) for text, (_, _, width) in zip(texts, spans, strict=True)]
        ws.set_row(r, row_height(sized, 9))
        book.text(ws, r, 0, row.unit if unit_first else "", "quiet")
        book.text(ws, r, 1, row.kode, "quiet")
        for text, (first, last, _) in zip(texts, spans, strict=True):
            _span(book, ws, r, first, last, text, "cell")
        r += 1
    return r


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
    columns = [
        ("Unit", 12),
        ("Kode", 9),
        ("Indikator Kinerja", 26),
        *((f"Realisasi TW{q}", 8) for q in quarters),
        ("Capaian (%)", 8),
        ("Predikat", 10),
        ("Tren", 10),
    ]
    after = 3 + len(quarters)

    def figures(r: int, _: int, row: IndicatorResult) -> None:
        ws.set_row(r, row_height([(row.indikator, 26)], 9))
        book.text(ws, r, 0, row.unit)
        book.text(ws, r, 1, row.kode)
        book.text(ws, r, 2, row.indikator)
        for j, q in enumerate(quarters):
            book.number(ws, r, 3 + j, row.quarters.get(q), "num")
        book.number(ws, r, after, row.capaian, "pct")
        book.text(ws, r, after + 1, row.predikat or "tidak dihitung")
        book.text(ws, r, after + 2, row.tren_triwulan)

    _two_row_table(book, ws, columns, behind, figures, unit_first=True)
