"""The Katim Penyusunan Program's own analysis paragraphs (SOP step 8, "menyusun dan
menganalisis"): the template `konsolidasi` hands out, and reading the filled file back.

The template lists the period's sasaran strategis with the facts the tool computed; the
Katim writes the paragraphs and saves the file beside the units' files. The file is
optional and is read with the same care as a unit's (SPEC section 11): measured before it
is read, through calamine, text kept as text. Anything wrong with it is a warning, and the
report is then written without the paragraphs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import python_calamine
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import __version__
from pipeline.cells import address
from pipeline.consolidation import Evaluation, SasaranAnalysis, sasaran_analysis
from pipeline.errors import DataKinerjaError
from pipeline.findings import Finding, make_finding
from pipeline.layout import (
    READABLE_SUFFIXES,
    SHEET_GUIDE,
    SHEET_META,
    UNIT_FILE_SUFFIXES,
    row_height,
)
from pipeline.master import normalise_header
from pipeline.numbers import format_number
from pipeline.periods import Period
from pipeline.reading import read_meta
from pipeline.workbooks import (
    KATIM_ANALYSIS,
    Grid,
    Spreadsheet,
    TooLarge,
    UnreadableSheet,
    atomic_output,
    sha256_of,
)

KIND = "analisis-katim"  # the meta sheet's `jenis`: a unit's template has none
FORMAT_VERSION = "1"
SHEET_TABLE = "Analisis Katim"
HEADER_ROW = 6  # Excel row of the table header; rows 1-5 are the title block
TEXT_MAX = 3_000  # characters of one cell taken into the report; the rest is cut, marked
CUT_MARK = " … (dipotong: uraian di file lebih panjang dari {} karakter)"
LABEL = "Analisis Katim Penyusunan Program"

INPUT_FILL = "#FFF2CC"
LOCKED_FILL = "#F2F2F2"
HEADER_FILL = "#1F4E78"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: float


COLUMNS = (
    Column("no", "No", 5),
    Column("sasaran", "Sasaran Strategis", 30),
    Column("capaian", "Capaian Rata-rata (%)", 11),
    Column("predikat", "Predikat", 12),
    Column("di_bawah", "Indikator di Bawah Tinggi", 28),
    Column("tahun_lalu", "Dibanding Tahun Lalu", 18),
    Column("analisis", LABEL, 70),
)
WIDTH = {c.key: c.width for c in COLUMNS}


def katim_file_name(period: Period) -> str:
    """The template's name, and the name the filled file is saved under."""
    return f"Analisis-Katim-{period}.xlsx"


def template_where(period: Period) -> str:
    """Where the template is, as the report and a finding say it: beside the report, so
    the workbook reads the same wherever the output folder is."""
    return f"{katim_file_name(period)} di folder template di samping laporan"


def is_katim_file(path: Path) -> bool:
    """A file named like an analysis file of any period (not a unit's file)."""
    return path.stem.lower().startswith("analisis-katim-")


@dataclass(frozen=True)
class KatimAnalysis:
    """The Katim's paragraphs for a period, as read from their file, and where the file
    belongs."""

    expected: Path  # where the filled file is looked for
    path: Path | None = None  # the file found; None when there is none
    sha256: str = ""
    paragraphs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # by sasaran
    findings: tuple[Finding, ...] = ()
    used: bool = False  # the file was read and its paragraphs go into the report

    @property
    def refusal(self) -> Finding | None:
        """Why a file that is there is not used."""
        return self.findings[0] if self.path is not None and not self.used else None


class _Refused(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


# --- reading
def katim_files(period_dir: Path, period: Period) -> list[Path]:
    """The period folder's files named like its analysis file, in any letter case (a
    shared drive on Windows does not tell `analisis-katim` from `Analisis-Katim`)."""
    if not period_dir.is_dir():
        return []
    stem = f"analisis-katim-{period}".lower()
    return sorted(
        p
        for p in period_dir.iterdir()
        if p.stem.lower() == stem and p.suffix.lower() in UNIT_FILE_SUFFIXES
    )


def read_katim_analysis(period_dir: Path, period: Period, sasaran: Sequence[str]) -> KatimAnalysis:
    """The Katim's paragraphs per sasaran from the period folder's analysis file, if any.
    Never raises for what is in the file: a file that cannot be used is one finding."""
    expected = period_dir / katim_file_name(period)
    found = katim_files(period_dir, period)
    if len(found) == 1:
        return read_katim_file(found[0], period, sasaran, expected)
    result = KatimAnalysis(expected)
    if not found:
        return result
    names = ", ".join(p.name for p in found)
    finding = make_finding(
        "analisis-katim-ganda",
        file=period_dir.name,
        value=names,
        expected=expected,
        template=template_where(period),
    )
    return replace(result, path=found[0], findings=(finding,))


def read_katim_file(
    path: Path, period: Period, sasaran: Sequence[str], expected: Path
) -> KatimAnalysis:
    """Read one analysis file: its paragraphs by sasaran (the master's spelling) with
    warnings for cells not used whole, or the one finding that refuses the file."""
    result = KatimAnalysis(expected, path)
    where = {"expected": expected, "template": template_where(period), "periode": str(period)}
    try:
        paragraphs, findings = _read(path, period, sasaran, where)
        digest = sha256_of(path)
    except _Refused as refused:
        return replace(result, findings=(refused.finding,))
    except OSError as error:  # gone or locked between reading and hashing
        finding = make_finding(
            "analisis-katim-rusak", file=path.name, detail=f" ({error})", **where
        )
        return replace(result, findings=(finding,))
    return replace(
        result, sha256=digest, paragraphs=paragraphs, findings=tuple(findings), used=True
    )


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or a password-protected .xlsx


def _read(
    path: Path, period: Period, sasaran: Sequence[str], where: dict[str, object]
) -> tuple[dict[str, tuple[str, ...]], list[Finding]]:
    name = path.name

    def broken(detail: str) -> _Refused:
        return _Refused(make_finding("analisis-katim-rusak", file=name, detail=detail, **where))

    try:
        if not path.is_file():  # a folder, a pipe or a device: opening a pipe never returns
            raise broken(" (bukan file biasa, melainkan folder, pipa atau perangkat)")
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise broken(f" ({error.strerror or error})") from error
    if size == 0:
        raise broken(" (file kosong, 0 byte)")
    if head == OLE_MAGIC:
        raise broken(" (berformat Excel 97-2003 atau dilindungi kata sandi)")
    if path.suffix.lower() not in READABLE_SUFFIXES:
        raise broken(f" (jenis {path.suffix} tidak diterima)")
    try:
        with Spreadsheet(path, "File analisis Katim", KATIM_ANALYSIS) as workbook:
            if any(m.lower().endswith("vbaproject.bin") for m in workbook.names):
                raise broken(" (memuat makro)")
            return _read_table(workbook, period, sasaran, where)
    except TooLarge as error:
        finding = make_finding(
            "analisis-katim-terlalu-besar", file=name, detail=error.detail, **where
        )
        raise _Refused(finding) from error
    except UnreadableSheet as error:
        if isinstance(error.__cause__, python_calamine.PasswordError):
            raise broken(" (dilindungi kata sandi)") from error
        raise broken(error.detail) from error
    except DataKinerjaError as error:  # the file went away after it was measured
        raise broken(f" ({error.message})") from error


def _read_table(
    workbook: Spreadsheet, period: Period, sasaran: Sequence[str], where: dict[str, object]
) -> tuple[dict[str, tuple[str, ...]], list[Finding]]:
    name = workbook.path.name

    def foreign(detail: str) -> _Refused:
        return _Refused(
            make_finding("analisis-katim-bukan-templat", file=name, detail=detail, **where)
        )

    sheets = set(workbook.sheet_names)
    if SHEET_META not in sheets:
        raise foreign(" (penanda templat tidak ada)")
    meta = read_meta(workbook.grid(SHEET_META))
    if meta.get("jenis") != KIND:
        what = f"templat unit {meta['unit'][:40]}" if meta.get("unit") else "file lain"
        raise foreign(f" (file ini {what})")
    if meta.get("periode") != str(period):
        value = meta.get("periode", "")[:40] or "?"
        raise _Refused(make_finding("analisis-katim-periode-lain", file=name, value=value, **where))
    if meta.get("format") != FORMAT_VERSION:
        finding = make_finding(
            "analisis-katim-versi-lain",
            file=name,
            value=meta.get("format", "")[:40] or "?",
            version=FORMAT_VERSION,
            **where,
        )
        raise _Refused(finding)
    if SHEET_TABLE not in sheets:
        raise foreign(f" (sheet '{SHEET_TABLE}' tidak ada)")
    grid = workbook.grid(SHEET_TABLE)
    located = _locate_table(grid)
    if located is None:
        raise foreign(f" (judul kolom 'Sasaran Strategis' dan '{LABEL}' tidak ditemukan)")
    header, sasaran_col, text_col = located
    return _paragraphs_by_sasaran(grid, header, sasaran_col, text_col, sasaran, name, where)


def _locate_table(grid: Grid) -> tuple[int, int, int] | None:
    """(0-based header row, sasaran column, paragraph column), found by their titles (rows
    may have been inserted above the table)."""
    wanted = (normalise_header(COLUMNS[1].title), normalise_header(LABEL))
    for r, row in enumerate(grid[:40]):
        titles = [normalise_header(v) if isinstance(v, str) else "" for v in row]
        if all(t in titles for t in wanted):
            return r, titles.index(wanted[0]), titles.index(wanted[1])
    return None


def _paragraphs_by_sasaran(
    grid: Grid,
    header: int,
    sasaran_col: int,
    text_col: int,
    sasaran: Sequence[str],
    name: str,
    where: dict[str, object],
) -> tuple[dict[str, tuple[str, ...]], list[Finding]]:
    known = {normalise_header(s): s for s in sasaran}
    found: dict[str, list[str]] = {}
    findings = []
    for r in range(header + 1, len(grid)):
        row = grid[r]
        text = as_text(row[text_col] if text_col < len(row) else None)
        if not text:
            continue
        claimed = as_text(row[sasaran_col] if sasaran_col < len(row) else None)
        own = known.get(normalise_header(claimed))
        if own is None:
            cell = address(r + 1, sasaran_col)
            value = claimed[:120] or "(kosong)"
            findings.append(
                make_finding(
                    "analisis-katim-sasaran-tidak-dikenal",
                    file=name,
                    sheet=SHEET_TABLE,
                    cell=cell,
                    value=value,
                    **where,
                )
            )
            continue
        if len(text) > TEXT_MAX:
            findings.append(
                make_finding(
                    "analisis-katim-teks-terlalu-panjang",
                    file=name,
                    sheet=SHEET_TABLE,
                    cell=address(r + 1, text_col),
                    value=format_number(len(text)),
                    limit=format_number(TEXT_MAX),
                    **where,
                )
            )
            text = text[:TEXT_MAX].rstrip() + CUT_MARK.format(format_number(TEXT_MAX))
        found.setdefault(own, []).extend(paragraphs(text))
    return {s: tuple(found[s]) for s in sasaran if s in found}, findings


def as_text(value: object) -> str:
    """A cell's value as the text it shows: a number as an Indonesian reader writes it,
    never evaluated; line breaks as `\\n`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "ya" if value else "tidak"
    elif isinstance(value, int | float):
        text = format_number(float(value))
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    elif isinstance(value, timedelta):
        text = str(value)
    else:
        text = str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def paragraphs(text: str) -> list[str]:
    """A cell's text as paragraphs: one per line, blank lines dropped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


# --- the template
@dataclass(frozen=True)
class HandedOut:
    """What became of the template at a run of `konsolidasi`."""

    path: Path
    written: bool
    why_not: str = ""  # a sentence when it was not written


def hand_out_template(
    evaluation: Evaluation, path: Path, expected: Path, report_date: date
) -> HandedOut:
    """Write the blank template for the period, unless the file there already holds
    paragraphs (a Katim who wrote in the template itself loses nothing). A template that
    cannot be written is a sentence, not a failure: the report is written already."""
    if path.exists():
        sasaran = [s.sasaran for s in evaluation.per_sasaran]
        earlier = read_katim_file(path, evaluation.period, sasaran, expected)
        # used: read whole; any finding then is about a paragraph that is there
        if earlier.used and (earlier.paragraphs or earlier.findings):
            return HandedOut(
                path,
                False,
                f"Templat {path} sudah berisi uraian, jadi tidak ditimpa (angkanya dari "
                f"konsolidasi sebelumnya). Bila uraian itu belum ada di {expected}, simpan ke "
                "sana lalu jalankan konsolidasi lagi; bila sudah, hapus templat ini agar "
                "konsolidasi berikutnya menulis templat dengan angka terbaru.",
            )
    try:
        write_katim_workbook(evaluation, path, expected, report_date)
    except DataKinerjaError as error:
        return HandedOut(path, False, f"Templat analisis Katim tidak ditulis: {error.message}")
    return HandedOut(path, True)


def write_katim_workbook(
    evaluation: Evaluation,
    path: Path,
    expected: Path,
    report_date: date,
    filled: Mapping[str, str] | None = None,
) -> Path:
    """Write the template atomically; the same inputs and date give the same bytes.
    `filled` writes the Katim's paragraphs into it (by sasaran), as they would type them."""
    told = sasaran_analysis(evaluation)
    with atomic_output(path) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary), {"strings_to_formulas": False, "strings_to_urls": False}
        )
        workbook.set_properties(
            {
                "title": f"Analisis Katim Penyusunan Program {evaluation.period}",
                "author": "Data Kinerja",
                "company": evaluation.master.office.get("nama dinas", ""),
                "created": datetime.combine(report_date, time()),
            }
        )
        st = _styles(workbook)
        _write_guide(workbook.add_worksheet(SHEET_GUIDE), evaluation, expected, report_date, st)
        table = workbook.add_worksheet(SHEET_TABLE)
        _write_table(table, evaluation, told, report_date, filled or {}, st)
        _write_meta(workbook.add_worksheet(SHEET_META), evaluation.period)
        table.activate()
        workbook.close()
    return path


def _styles(workbook: Workbook) -> dict[str, object]:
    add = workbook.add_format
    base = {"valign": "top", "border": 1, "font_size": 10, "text_wrap": True}
    return {
        "title": add({"bold": True, "font_size": 14}),
        "subtitle": add({"bold": True, "font_size": 11}),
        "note": add({"italic": True, "font_size": 9, "font_color": "#595959"}),
        "draft": add({"bold": True, "font_size": 10, "font_color": "#C00000"}),
        "text": add({"text_wrap": True, "valign": "top"}),
        "bold": add({"bold": True, "valign": "top"}),
        "header": add(
            {
                **base,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "bg_color": HEADER_FILL,
                "font_color": "#FFFFFF",
            }
        ),
        "locked": add({**base, "bg_color": LOCKED_FILL}),
        "locked_number": add({**base, "bg_color": LOCKED_FILL, "num_format": "#,##0.00"}),
        # "@": what the Katim types is text, even a paragraph that starts with "="
        "input": add({**base, "bg_color": INPUT_FILL, "locked": False, "num_format": "@"}),
        "legend_input": add({"bg_color": INPUT_FILL, "border": 1}),
        "legend_locked": add({"bg_color": LOCKED_FILL, "border": 1}),
    }


def _write_guide(
    ws: Worksheet, evaluation: Evaluation, expected: Path, report_date: date, st: dict
) -> None:
    period = evaluation.period
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, "PETUNJUK PENGISIAN ANALISIS KATIM PENYUSUNAN PROGRAM", st["title"])
    lines = [
        ("Dinas", evaluation.master.office.get("nama dinas", "")),
        ("Periode", f"{period.label} ({period})"),
        ("Angka per", f"konsolidasi {report_date:%d-%m-%Y}"),
        ("Simpan sebagai", str(expected)),
    ]
    for r, (label, value) in enumerate(lines, start=2):
        ws.write_string(r, 0, label, st["bold"])
        ws.write_string(r, 1, value, st["text"])
    steps = [
        f"Buka sheet '{SHEET_TABLE}'. Setiap baris adalah satu sasaran strategis periode ini. "
        "Sel abu-abu (sasaran, capaian rata-rata, predikat, indikator di bawah Tinggi, "
        "perbandingan dengan tahun lalu) berasal dari konsolidasi dan terkunci; gunakan "
        "sebagai bahan analisis.",
        f"Tulis analisis Anda di sel kuning kolom '{LABEL}': apa yang dicapai, mengapa "
        "indikator tertentu tertinggal, perbandingan dengan tahun lalu, dan langkah ke depan. "
        "Paragraf baru di dalam sel: Alt+Enter (Excel) atau Ctrl+Enter (LibreOffice). Paling "
        f"banyak {format_number(TEXT_MAX)} karakter per sel; selebihnya dipotong di laporan.",
        "Jangan mengubah teks sasaran: uraian untuk sasaran yang tidak ada di master periode "
        "ini tidak dimuat. Sasaran yang dibiarkan kosong ditandai 'belum diisi' di laporan.",
        f"Simpan sebagai .xlsx dengan nama dan letak: {expected} (folder yang sama dengan file "
        f"unit), lalu susun laporannya lagi: tombol Susun laporan di halaman web, atau "
        f"python run.py konsolidasi --periode {period}",
        f"Uraian Anda muncul di sheet Analisis laporan, di bawah setiap sasaran, dengan judul "
        f"'{LABEL}:'. Templat ini ditulis ulang dengan angka terbaru setiap kali konsolidasi "
        "dijalankan (kecuali bila sudah berisi uraian); file Anda di folder input tidak pernah "
        "diubah oleh alat ini.",
    ]
    r = len(lines) + 3
    ws.write_string(r, 0, "Langkah pengisian", st["subtitle"])
    for number, step in enumerate(steps, start=1):
        r += 1
        ws.write_number(r, 0, number, st["bold"])
        ws.write_string(r, 1, step, st["text"])
        ws.set_row(r, row_height([(step, 100)], 11))
    r += 2
    ws.write_blank(r, 0, None, st["legend_input"])
    ws.write_string(r, 1, "Sel isian (terbuka)", st["text"])
    ws.write_blank(r + 1, 0, None, st["legend_locked"])
    ws.write_string(r + 1, 1, "Sel dari konsolidasi (terkunci)", st["text"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def _write_table(
    ws: Worksheet,
    evaluation: Evaluation,
    told: list[SasaranAnalysis],
    report_date: date,
    filled: Mapping[str, str],
    st: dict,
) -> None:
    period = evaluation.period
    office = evaluation.master.office.get("nama dinas", "")
    ws.write_string(0, 0, LABEL.upper(), st["title"])
    ws.write_string(1, 0, office, st["subtitle"])
    ws.write_string(2, 0, f"{period.label} ({period})", st["subtitle"])
    ws.write_string(
        3,
        0,
        f"Sel abu-abu berasal dari konsolidasi {report_date:%d-%m-%Y} dan terkunci; tulis "
        "analisis Anda di sel kuning.",
        st["note"],
    )
    if evaluation.draft:
        ws.write_string(
            4,
            0,
            f"Angka dari konsolidasi DRAF ({evaluation.draft_note}); angka dapat berubah.",
            st["draft"],
        )
    header = HEADER_ROW - 1
    for c, column in enumerate(COLUMNS):
        ws.set_column(c, c, column.width)
        ws.write_string(header, c, column.title, st["header"])
    ws.set_row(header, 30)
    for i, item in enumerate(told):
        r = header + 1 + i
        facts = _facts(item, evaluation)
        ws.write_number(r, 0, i + 1, st["locked"])
        for c, column in enumerate(COLUMNS[1:-1], start=1):
            value = facts[column.key]
            if isinstance(value, float):
                ws.write_number(r, c, value, st["locked_number"])
            else:
                ws.write_string(r, c, value, st["locked"])
        text = filled.get(item.summary.sasaran)
        if text:
            ws.write_string(r, len(COLUMNS) - 1, text, st["input"])
        else:
            ws.write_blank(r, len(COLUMNS) - 1, None, st["input"])
        ws.data_validation(
            r,
            len(COLUMNS) - 1,
            r,
            len(COLUMNS) - 1,
            {
                "validate": "any",
                "input_title": "Analisis Katim",
                "input_message": "Tulis analisis sasaran ini: capaian, penyebab indikator yang "
                "tertinggal, perbandingan dengan tahun lalu, langkah ke depan. Paragraf baru: "
                "Alt+Enter.",
            },
        )
        wrapped = [(str(facts[k]), WIDTH[k]) for k in ("sasaran", "di_bawah", "tahun_lalu")]
        # room to write in, and the text typed there (the sample) shown whole
        height = row_height([*wrapped, (text or "", WIDTH["analisis"])], 10)
        ws.set_row(r, min(max(120, height), 409))
    last = header + max(len(told), 1)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&L&8{office.replace('&', '&&')}&R&8{period.label}")
    ws.set_footer("&L&8Templat Analisis Katim&R&8Halaman &P dari &N")
    ws.print_area(0, 0, last, len(COLUMNS) - 1)
    ws.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
        },
    )


def _facts(item: SasaranAnalysis, evaluation: Evaluation) -> dict[str, str | float]:
    """What the tool computed for a sasaran, as the template shows it beside the paragraph."""
    s = item.summary
    if item.shortfalls:
        listed = [
            f"{r.kode} ({r.unit}): "
            + (f"{format_number(r.capaian)}%" if r.capaian is not None else "tidak dihitung")
            for r in item.shortfalls
        ]
        below = "; ".join(listed) + (f"; dan {item.more} lainnya" if item.more else "")
    else:
        below = "Tidak ada: semua Tinggi atau lebih"
    c = item.compared
    return {
        "sasaran": s.sasaran,
        "capaian": s.capaian if s.capaian is not None else "belum dapat dihitung",
        "predikat": s.predikat or "-",
        "di_bawah": below,
        "tahun_lalu": f"{c['membaik']} membaik, {c['memburuk']} memburuk, {c['tetap']} tetap, "
        f"{c['lain']} belum dapat dibandingkan",
    }


def _write_meta(ws: Worksheet, period: Period) -> None:
    values = {
        "format": FORMAT_VERSION,
        "jenis": KIND,
        "periode": str(period),
        "tahun": str(period.year),
        "alat": f"datakinerja {__version__}",
    }
    for r, (key, value) in enumerate(values.items()):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.very_hidden()
    ws.protect("")
