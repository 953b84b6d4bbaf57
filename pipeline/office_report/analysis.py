"""Analisis: per sasaran strategis, what was achieved, which indicators fell short and why in
the units' own words, how it compares with last year, and the Katim Penyusunan Program's
own paragraphs from their file (SPEC section 8, SOP step 8)."""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import IndicatorResult, SasaranAnalysis, sasaran_analysis
from pipeline.katim_analysis import LABEL, KatimAnalysis, template_where
from pipeline.layout import row_height
from pipeline.numbers import format_number
from pipeline.office_report.base import SHEET_MEASURES, SHEET_UNIT_DETAIL, Book

TEXT_WIDTH = 105  # the one wide column the paragraphs are written in
QUOTED_MAX = 600  # characters of a unit's own words quoted here; the unit sheets hold all
NOT_INCLUDED = "Uraian analisis Katim Penyusunan Program belum disertakan pada laporan ini."


def write(book: Book, ws: Worksheet) -> None:
    r = book.title(ws, "ANALISIS CAPAIAN KINERJA PER SASARAN STRATEGIS") + 1
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, TEXT_WIDTH)
    katim = book.ev.katim
    st = _katim_styles(book)
    for number, told in enumerate(sasaran_analysis(book.ev), start=1):
        r = _sasaran(book, ws, r, number, told)
        if katim is not None and katim.used:
            r = _katim_paragraphs(book, ws, r, katim.paragraphs.get(told.summary.sasaran), st)
        r += 1
    _katim_source(book, ws, r, katim, st)
    book.page(ws, None)


def _katim_styles(book: Book) -> dict[str, Format]:
    """The Katim's label, and notes that wrap (a path or a refusal runs long)."""
    add = book.wb.add_format
    wrap = {"font_size": 10, "text_wrap": True, "valign": "top"}
    return {
        "label": add({"bold": True, "font_size": 10}),
        "note": add({**wrap, "italic": True, "font_size": 9, "font_color": "#595959"}),
        "warn": add({**wrap, "font_color": "#C00000"}),
    }


def _katim_paragraphs(
    book: Book,
    ws: Worksheet,
    r: int,
    paragraphs: tuple[str, ...] | None,
    st: dict[str, Format],
) -> int:
    """The Katim's own paragraphs under their sasaran, labelled as theirs and written as
    text, one row each; returns the next free row."""
    if not paragraphs:
        return _styled_line(ws, r, f"{LABEL}: belum diisi untuk sasaran ini.", st["note"])
    ws.write_string(r, 1, f"{LABEL}:", st["label"])
    r += 1
    for paragraph in paragraphs:
        r = _line(book, ws, r, paragraph)
    return r


def _katim_source(
    book: Book, ws: Worksheet, r: int, katim: KatimAnalysis | None, st: dict[str, Format]
) -> None:
    """Where the Katim's paragraphs came from, why a file there was not used, or which
    template to fill when there is none."""
    if katim is None:
        _styled_line(ws, r, NOT_INCLUDED, st["note"])
    elif katim.path is None:
        _styled_line(
            ws,
            r,
            f"{NOT_INCLUDED} Isi templat {template_where(book.ev.period)}, simpan sebagai "
            f"{katim.expected}, lalu jalankan konsolidasi lagi.",
            st["note"],
        )
    elif katim.refusal is not None:
        refusal = katim.refusal
        _styled_line(ws, r, f"{refusal.message} Perbaikan: {refusal.hint}", st["warn"])
    else:
        notes = len(katim.findings)
        more = f" {notes} catatan tentang file itu ada di sheet Validasi." if notes else ""
        source = (
            f"Uraian analisis Katim Penyusunan Program diambil dari {katim.path} (SHA-256 "
            f"{katim.sha256}).{more}"
        )
        _styled_line(ws, r, source, st["note"])


def _sasaran(book: Book, ws: Worksheet, r: int, number: int, told: SasaranAnalysis) -> int:
    """One sasaran's paragraphs from row `r`; returns the next free row."""
    s = told.summary
    ws.write_string(r, 0, f"{number}.", book.st["section"])
    # a long sasaran wraps in its column, or the page shrinks to fit it
    ws.write_string(r, 1, s.sasaran, book.st["section_wrap"])
    ws.set_row(r, row_height([(s.sasaran, TEXT_WIDTH)], 12))  # bold runs wider: as 12 pt
    achieved = (
        f"Capaian rata-rata {format_number(s.capaian)}% (predikat {s.predikat})"
        if s.capaian is not None
        else "Capaian belum dapat dihitung"
    )
    r = _line(
        book,
        ws,
        r + 1,
        f"{achieved}; {s.dihitung} dari {s.jumlah} indikator dapat dihitung. "
        f"Unit penanggung jawab: {_units(s.unit)}.",
    )
    if told.shortfalls:
        r = _line(book, ws, r, "Indikator di bawah predikat Tinggi atau belum dapat dihitung:")
        for record in told.shortfalls:
            r = _line(book, ws, r, _shortfall(record))
        if told.more:
            where = SHEET_UNIT_DETAIL if len(book.ev.per_unit) > 40 else SHEET_MEASURES
            r = _line(book, ws, r, f"… dan {told.more} indikator lain (lihat sheet {where}).")
    else:
        r = _line(book, ws, r, "Semua indikator mencapai predikat Tinggi atau lebih.")
    c = told.compared
    return _line(
        book,
        ws,
        r,
        f"Dibanding tahun lalu: {c['membaik']} indikator membaik, {c['memburuk']} memburuk, "
        f"{c['tetap']} tetap; {c['lain']} belum dapat dibandingkan (tanpa realisasi tahun lalu "
        "atau akumulasi kumulatif sebelum akhir tahun).",
    )


def _units(listed: str) -> str:
    """The units responsible, by name up to eight, else how many (a province has hundreds)."""
    units = listed.split(", ")
    return listed if len(units) <= 8 else f"{len(units)} unit"


def _shortfall(record: IndicatorResult) -> str:
    """An indicator that fell short, with the unit's own faktor penghambat and tindak
    lanjut quoted as the unit wrote them."""
    if record.capaian is None:
        head = f"tidak dihitung ({record.alasan})"
    else:
        head = f"capaian {format_number(record.capaian)}% ({record.predikat})"
    said = []
    if record.faktor_penghambat:
        words = _quoted(record.faktor_penghambat)
        said.append(f"faktor penghambat menurut {record.unit}: “{words}”")
    if record.tindak_lanjut:
        said.append(f"tindak lanjut: “{_quoted(record.tindak_lanjut)}”")
    quoted = "; ".join(said) if said else f"{record.unit} belum menjelaskan penyebabnya"
    quoted = quoted[0].upper() + quoted[1:]
    ending = "" if said else "."  # a quotation ends with the unit's own punctuation
    return f"• {record.kode} {record.indikator} ({record.unit}): {head}. {quoted}{ending}"


def _quoted(words: str) -> str:
    """A unit's words as quoted, cut with a mark where they run long."""
    if len(words) <= QUOTED_MAX:
        return words
    return words[:QUOTED_MAX].rstrip() + " … (selengkapnya di sheet unit)"


def _line(book: Book, ws: Worksheet, r: int, text: str, style: str = "line_wrap") -> int:
    ws.set_row(r, row_height([(text, TEXT_WIDTH)], 10))
    book.text(ws, r, 1, text, style)
    return r + 1


def _styled_line(ws: Worksheet, r: int, text: str, style: Format) -> int:
    ws.set_row(r, row_height([(text, TEXT_WIDTH)], 10))
    ws.write_string(r, 1, text, style)
    return r + 1
