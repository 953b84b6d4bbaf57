"""Write the consolidated workbook leadership reads and signs (SPEC section 8).

Writing only: every figure comes computed in an Evaluation. Capaian cells are live
formulas whose cached values are the tool's own figures.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import __version__
from pipeline.consolidation import MISSING, VALID, Evaluation
from pipeline.cores import can_share_work
from pipeline.evaluation import high_minimum
from pipeline.layout import row_height
from pipeline.numbers import format_number
from pipeline.review_log.progress import PeriodStatus, Submission, last_return_note, status_table
from pipeline.sop import format_minutes
from pipeline.workbooks import atomic_output
from schemas.nip import format_nip

SHEET_SUMMARY = "Ringkasan"
SHEET_MEASURES = "Pengukuran Kinerja"
SHEET_SASARAN = "Per Sasaran"
SHEET_FINDINGS = "Validasi"
SHEET_LOG = "Log Review"
SHEET_SOURCES = "Sumber Data"
SHEET_UNIT_DETAIL = "Rincian Unit"
# Above this many units the workbook has one `Rincian Unit` sheet instead of one sheet per
# unit (500 sheets help nobody), and the unit chart shows the units furthest behind.
UNIT_SHEETS_MAX = 40
CHART_UNITS_MAX = 25
FIXED_SHEETS = (
    SHEET_SUMMARY,
    SHEET_MEASURES,
    SHEET_SASARAN,
    SHEET_FINDINGS,
    SHEET_LOG,
    SHEET_SOURCES,
)

PREDIKAT_COLOURS = ("#C6EFCE", "#DDEBF7", "#FFEB9C", "#F8CBAD", "#FFC7CE", "#E7E6E6")
HEADER_ROW = 6  # Excel row of every table's header on the data sheets
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True)
class ReportContext:
    """What the workbook says about itself: dates, status, the run's parameters."""

    report_date: date
    status: str = "DRAF"  # DRAF, DIPARAF, DITANDATANGANI (from the review log)
    log_note: str = "Log review periode ini belum ada; status langkah SOP belum dapat ditampilkan."
    master_sha256: str = ""
    input_dir: str = "input"
    review: PeriodStatus | None = None
    submissions: list[Submission] = field(default_factory=list)

    @property
    def sop_sentence(self) -> str:
        return self.review.sentence if self.review else self.log_note


def report_file_name(period: object) -> str:
    return f"Laporan-Kinerja-Dinas-{period}.xlsx"


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def write_report(evaluation: Evaluation, context: ReportContext, path: Path) -> Path:
    """Write the consolidated workbook atomically; same inputs and date give the same bytes."""
    with atomic_output(path) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            {"strings_to_formulas": False, "strings_to_urls": False},
        )
        office = evaluation.master.office.get("nama dinas", "")
        workbook.set_properties(
            {
                "title": f"Laporan Kinerja Dinas {evaluation.period}",
                "subject": evaluation.period.label,
                "author": "Data Kinerja",
                "company": office,
                "created": datetime.combine(context.report_date, datetime.min.time()),
                "comments": f"datakinerja {__version__}",
            }
        )
        writer = _Writer(workbook, evaluation, context)
        writer.write_all()
        # Style numbers in the order the styles were made, not in the order cells meet them
        # while the sheets are written out: a sheet written by two processes (below) must
        # not number styles on its own. Same inputs, same bytes, either way.
        for style in writer.st.values():
            style._get_xf_index()
        workbook.close()
    return path


class _Writer:
    def __init__(self, workbook: Workbook, evaluation: Evaluation, context: ReportContext):
        self.wb = workbook
        self.ev = evaluation
        self.ctx = context
        self.office = evaluation.master.office.get("nama dinas", "")
        self.st = _styles(workbook, len(evaluation.master.bands))
        self.n = len(evaluation.indicators)
        self.first = HEADER_ROW + 1  # first data row (Excel) on Pengukuran Kinerja
        self.last = self.first + self.n - 1
        self.unit_sheets = _unit_sheet_names(list(evaluation.per_unit["unit"]))
        self.scale_mode = len(evaluation.per_unit) > UNIT_SHEETS_MAX
        self.high_minimum = high_minimum(evaluation.master.bands)
        self.indicator_records = evaluation.records or evaluation.indicators.to_dict("records")
        self.rows_of_unit: dict[str, list[int]] = {}
        for position, record in enumerate(self.indicator_records):
            self.rows_of_unit.setdefault(record["unit"], []).append(position)

    # --- the sheets, in the order of SPEC section 8
    def write_all(self) -> None:
        add = self.add_sheet
        summary = add(SHEET_SUMMARY)
        measures = add(SHEET_MEASURES)
        sasaran = add(SHEET_SASARAN)
        units = (
            [add(self.unit_sheets[u]) for u in self.ev.per_unit["unit"]]
            if not self.scale_mode
            else [add(SHEET_UNIT_DETAIL)]
        )
        findings = add(SHEET_FINDINGS)
        log = add(SHEET_LOG)
        sources = add(SHEET_SOURCES)
        self.measures(measures)
        self.summary(summary)
        self.sasaran(sasaran)
        if self.scale_mode:
            self.unit_detail(units[0])
        else:
            for ws, unit in zip(units, self.ev.per_unit["unit"], strict=True):
                self.unit(ws, unit)
        self.findings(findings)
        self.log(log)
        self.sources(sources)
        summary.activate()

    def add_sheet(self, name: str) -> Worksheet:
        return self.wb.add_worksheet(name, worksheet_class=_ReportSheet)

    # --- shared pieces
    def title(self, ws: Worksheet, text: str, width_cols: int) -> int:
        """Title block (rows 1-4); returns the next free 0-based row."""
        draft = " (DRAF)" if self.ev.draft else ""
        ws.write_string(0, 0, f"{text}{draft}", self.st["title"])
        ws.write_string(1, 0, self.office, self.st["subtitle"])
        ws.write_string(2, 0, f"{self.ev.period.label} ({self.ev.period})", self.st["subtitle"])
        if self.ev.draft:
            ws.write_string(3, 0, f"DRAF: belum final, {self.ev.draft_note}.", self.st["draft"])
        else:
            ws.write_string(3, 0, f"Status laporan: {self.ctx.status}", self.st["note"])
        return 4

    def page(self, ws: Worksheet, header_row: int | None, landscape: bool = True) -> None:
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        if header_row is not None:
            ws.repeat_rows(header_row)
        draft = " - DRAF" if self.ev.draft else ""
        office = self.office.replace("&", "&&")
        ws.set_header(f"&L&8{office}&R&8{self.ev.period.label}{draft}")
        ws.set_footer(f"&L&8Data Kinerja {self.ev.period}{draft}&R&8Halaman &P dari &N")

    def table_header(self, ws: Worksheet, row: int, columns: Sequence[tuple[str, float]]) -> None:
        for c, (title, width) in enumerate(columns):
            ws.write_string(row, c, title, self.st["header"])
            ws.set_column(c, c, width)
        ws.set_row(row, 48)

    def predikat_colours(self, ws: Worksheet, first: int, last: int, col: int) -> None:
        for i, (name, _) in enumerate(self.ev.master.bands):
            ws.conditional_format(
                first,
                col,
                last,
                col,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": _string_literal(name),
                    "format": self.st[f"band{i}"],
                },
            )

    def predikat_formula(self, cell: str) -> str:
        bands = self.ev.master.bands
        formula = _string_literal(bands[-1][0])
        for name, minimum in reversed(bands[:-1]):
            formula = f"IF({cell}>={minimum!r},{_string_literal(name)},{formula})"
        return f"={formula}"

    def blank_or_predikat_formula(self, cell: str) -> str:
        """The predikat of a cell that may be empty (""): empty then, as the tool has it."""
        return f'=IF({cell}="","",' + self.predikat_formula(cell)[1:] + ")"

    def text(self, ws: Worksheet, row: int, col: int, value: object, style: str = "cell") -> None:
        """Text from users is always written as text, never as a formula or a link."""
        # (written for speed: this runs for every text cell of 30,000 indicators)
        if value is None or value == "" or (type(value) is float and value != value):
            ws.write_blank(row, col, None, self.st[style])
        else:
            ws.write_string(row, col, value if type(value) is str else str(value), self.st[style])

    def number(self, ws: Worksheet, row: int, col: int, value: object, style: str) -> None:
        if value is None or value != value:
            ws.write_blank(row, col, None, self.st[style])
            return
        value = float(value)
        if style == "num" and value.is_integer():
            style = "int"  # no trailing decimal separator on whole numbers
        ws.write_number(row, col, value, self.st[style])

    def signature(self, ws: Worksheet, row: int, col: int) -> int:
        """The Kepala Dinas signature block: place, date, title, name, rank, NIP."""
        office = self.ev.master.office
        city = office.get("kota", "")
        lines = [
            (f"{city}, {long_date(self.ctx.report_date)}", "sign"),
            (f"Kepala {self.office}", "sign"),
            ("", "sign"),
            ("", "sign"),
            ("", "sign"),
            (office.get("nama kepala dinas", ""), "sign_name"),
            (office.get("pangkat/golongan kepala dinas", ""), "sign"),
            (f"NIP. {format_nip(office.get('nip kepala dinas', ''))}", "sign"),
        ]
        for i, (text, style) in enumerate(lines):
            if text:
                ws.write_string(row + i, col, text, self.st[style])
        return row + len(lines)

    # --- Pengukuran Kinerja
    def measure_columns(self) -> list[tuple[str, float]]:
        quarter = self.ev.period.quarter
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
            (f"Capaian untuk Rata-rata (maks. {format_number(self.ev.master.cap)})", 8),
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

    def measures(self, ws: Worksheet) -> None:
        self.title(ws, "PENGUKURAN KINERJA", 0)
        columns = self.measure_columns()
        header = HEADER_ROW - 1
        self.table_header(ws, header, columns)
        cap = self.ev.master.cap
        letters = {
            k: xl_col_to_name(c)
            for k, c in {"ta": 6, "t": 7, "r": 8, "c": 9, "last": 14, "ren": 17}.items()
        }
        # Written for speed (30,000 rows at province scale): bound methods and formats
        # once, formulas from templates with the row number put in place of NUL (which no
        # spreadsheet text, and so no predikat name, can hold).
        st = self.st
        fmt_int, fmt_num, fmt_pct, fmt_cell = st["int"], st["num"], st["pct"], st["cell"]
        write_number, write_formula, write_blank = ws.write_number, ws.write_formula, ws.write_blank
        text, number = self.text, self.number
        predikat_template = self.predikat_formula(f"{letters['c']}\0")
        capped_template = f"=ROUND(MIN({letters['c']}\0,{cap!r}),2)"
        change_template = f"={letters['r']}\0-{letters['last']}\0"
        for i, row in enumerate(self.indicator_records):
            r = header + 1 + i
            excel = str(r + 1)
            realised, target = f"{letters['r']}{excel}", f"{letters['t']}{excel}"
            polaritas = row["polaritas"]
            capaian = row["capaian"]
            counted = _has(capaian)
            explained = row["cara_hitung"] if counted else row["alasan"]
            ws.set_row(
                r, row_height([(row["indikator"], 30), (row["sasaran"], 20), (explained, 34)], 9)
            )
            write_number(r, 0, i + 1, fmt_int)
            text(ws, r, 1, row["sasaran"])
            text(ws, r, 2, row["kode"])
            text(ws, r, 3, row["indikator"])
            text(ws, r, 4, row["satuan"])
            text(ws, r, 5, polaritas)
            number(ws, r, 6, row["target_tahunan"], "num")
            number(ws, r, 7, row["target_dipakai"], "num")
            number(ws, r, 8, row["realisasi"], "num")
            if counted:
                formula = _capaian_formula(realised, target, polaritas, row["target_dipakai"])
                write_formula(r, 9, formula, fmt_pct, capaian)
                write_formula(
                    r, 10, predikat_template.replace("\0", excel), fmt_cell, row["predikat"]
                )
                write_formula(
                    r, 11, capped_template.replace("\0", excel), fmt_pct, row["capaian_dibatasi"]
                )
                text(ws, r, 13, row["cara_hitung"], "small")
            else:
                for c in (9, 10, 11):
                    write_blank(r, c, None, fmt_cell)
                text(ws, r, 13, f"Tidak dihitung: {row['alasan']}", "small_warn")
            if _has(row["capaian_tahunan"]):
                annual = f"{letters['ta']}{excel}"
                formula = _capaian_formula(realised, annual, polaritas, row["target_tahunan"])
                write_formula(r, 12, formula, fmt_pct, row["capaian_tahunan"])
            else:
                write_blank(r, 12, None, fmt_cell)
            number(ws, r, 14, row["realisasi_lalu"], "num")
            if _has(row["perubahan"]):
                write_formula(
                    r, 15, change_template.replace("\0", excel), fmt_num, row["perubahan"]
                )
            else:
                write_blank(r, 15, None, fmt_cell)
            text(ws, r, 16, row["tren_tahunan"], "small")
            number(ws, r, 17, row["target_renstra"], "num")
            number(ws, r, 18, row["tahun_renstra"], "year")
            if _has(row["progres_renstra"]):
                renstra = f"{letters['ren']}{excel}"
                formula = _capaian_formula(realised, renstra, polaritas, row["target_renstra"])
                write_formula(r, 19, formula, fmt_pct, row["progres_renstra"])
            else:
                write_blank(r, 19, None, fmt_cell)
            text(ws, r, 20, row["unit"])
        last = header + max(self.n, 1)
        self.predikat_colours(ws, header + 1, last, 10)
        ws.freeze_panes(HEADER_ROW, 4)
        ws.autofilter(header, 0, last, len(columns) - 1)
        end = self.signature(ws, last + 3, 13)
        ws.print_area(0, 0, end, len(columns) - 1)
        self.page(ws, header)

    def measures_range(self, col: int) -> str:
        letter = xl_col_to_name(col)
        return f"'{SHEET_MEASURES}'!${letter}${self.first}:${letter}${self.last}"

    def unit_average_formula(self, criteria_col: int, criteria_cell: str) -> str:
        """Mean of the capped capaian of the rows matching a cell (exact match, no wildcards)."""
        match = f"({self.measures_range(criteria_col)}={criteria_cell})"
        numbers = f"ISNUMBER({self.measures_range(11)})"
        return (
            f"=IFERROR(ROUND(SUMPRODUCT({match}*{numbers},{self.measures_range(11)})"
            f'/SUMPRODUCT({match}*{numbers}),2),"")'
        )

    # --- Ringkasan
    def summary(self, ws: Worksheet) -> None:
        ev, st = self.ev, self.st
        self.title(ws, "LAPORAN KINERJA DINAS: RINGKASAN", 0)
        ws.set_column(0, 0, 26)
        ws.set_column(1, 1, 44)
        ws.set_column(2, 7, 11)
        ws.set_column(8, 8, 24)
        r = 5
        ws.write_string(r, 0, "Capaian kinerja Dinas", st["kpi_label"])
        ws.write_formula(
            r,
            1,
            f'=IFERROR(ROUND(AVERAGE({self.measures_range(11)}),2),"")',
            st["kpi"],
            "" if ev.office_capaian is None else ev.office_capaian,
        )
        ws.write_formula(
            r + 1, 1, self.blank_or_predikat_formula("B6"), st["kpi_band"], ev.office_predikat
        )
        ws.write_string(r + 1, 0, "Predikat", st["kpi_label"])
        self.predikat_colours(ws, r + 1, r + 1, 1)
        ws.write_string(
            r + 2,
            0,
            f"Rata-rata capaian {int(self.ev.indicators['capaian'].notna().sum())} indikator "
            f"yang dapat dihitung, masing-masing dibatasi {format_number(ev.master.cap)}%.",
            st["note"],
        )
        # counts per predikat
        r = 9
        ws.write_string(r, 0, "Jumlah indikator per predikat", st["section"])
        ws.write_string(r + 1, 0, "Predikat", st["header"])
        ws.write_string(r + 1, 1, "Jumlah indikator", st["header"])
        band_first = r + 2
        for i, (name, _) in enumerate(ev.master.bands):
            ws.write_string(band_first + i, 0, name, st["cell"])
            ws.write_formula(
                band_first + i,
                1,
                # an exact match: COUNTIF would read a name like `=x` or `a*` as a pattern
                f"=SUMPRODUCT(--({self.measures_range(10)}=A{band_first + i + 1}))",
                st["int"],
                ev.predikat_counts[name],
            )
        band_last = band_first + len(ev.master.bands) - 1
        self.predikat_colours(ws, band_first, band_last, 0)
        uncounted = int(ev.indicators["capaian"].isna().sum())
        ws.write_string(band_last + 1, 0, "Tidak dapat dihitung", st["cell"])
        ws.write_number(band_last + 1, 1, uncounted, st["int"])
        # per unit
        r = band_last + 3
        ws.write_string(r, 0, "Capaian, kelengkapan dan ketepatan waktu per unit", st["section"])
        submissions = {s.unit: s for s in self.ctx.submissions}
        deadline = self.ev.master.deadlines.get(str(self.ev.period))
        if deadline:
            ws.write_string(r, 5, f"Batas waktu penyampaian: {deadline:%d-%m-%Y}", st["note"])
        headers = [
            "Unit",
            "Nama Unit",
            "Capaian (%)",
            "Predikat",
            "Kelengkapan (%)",
            "Status File",
            "Galat",
            "Peringatan",
            "Penyerahan (langkah 7)",
        ]
        for c, title in enumerate(headers):
            ws.write_string(r + 1, c, title, st["header"])
        ws.set_row(r + 1, 30)
        unit_first = r + 2
        for i, u in enumerate(ev.per_unit.itertuples(index=False)):
            row = unit_first + i
            ws.write_string(row, 0, u.unit, st["cell"])
            self.text(ws, row, 1, u.nama)
            if u.status == MISSING:
                ws.write_string(row, 2, "file belum ada", st["warn"])
                ws.write_blank(row, 3, None, st["cell"])
            else:
                ws.write_formula(
                    row,
                    2,
                    self.unit_average_formula(20, f"A{row + 1}"),
                    st["pct"],
                    _cached(u.capaian),
                )
                ws.write_formula(
                    row, 3, self.blank_or_predikat_formula(f"C{row + 1}"), st["cell"], u.predikat
                )
            status = "lengkap" if u.status == VALID else u.status
            ws.write_string(row, 5, status, st["cell"] if u.status == VALID else st["warn"])
            if u.status == MISSING:  # nothing was read: no completeness, no findings to count
                for c in (4, 6, 7):
                    ws.write_string(row, c, "-", st["cell"])
            else:
                self.number(ws, row, 4, u.kelengkapan, "pct")
                ws.write_number(row, 6, u.galat, st["int"])
                ws.write_number(row, 7, u.peringatan, st["int"])
            handed = submissions.get(u.unit)
            if handed is None:
                text = "log review belum ada"
            elif handed.submitted is None:
                text = "belum diserahkan"
            else:
                text = f"{handed.submitted:%d-%m-%Y}, {handed.verdict}"
            late_style = handed is not None and handed.verdict.startswith("terlambat")
            ws.write_string(row, 8, text, st["warn"] if late_style else st["cell"])
        unit_last = unit_first + len(ev.per_unit) - 1
        self.predikat_colours(ws, unit_first, unit_last, 3)
        # SOP status and findings
        r = unit_last + 2
        ws.write_string(r, 0, "Status SOP periode ini", st["section"])
        ws.write_string(r + 1, 0, f"Posisi: {self.ctx.sop_sentence}", st["line"])
        late = self.ctx.review.late if self.ctx.review else []
        for s in late[:4]:
            r += 1
            who = f" {s.unit}" if s.unit else ""
            state = "masih berjalan" if s.state == "berjalan" else s.state
            ws.write_string(
                r + 1,
                0,
                f"Melewati waktu baku: langkah {s.step.number}{who} ({s.step.role}), "
                f"{format_minutes(s.minutes)} (waktu kerja), baku {s.step.standard}; {state}",
                st["warn_line"],
            )
        if len(late) > 4:
            r += 1
            ws.write_string(
                r + 1, 0, f"... dan {len(late) - 4} lainnya (sheet {SHEET_LOG}).", st["warn_line"]
            )
        open_errors = sum(1 for f in ev.findings if f.severity == "GALAT")
        open_warnings = len(ev.findings) - open_errors
        ws.write_string(
            r + 2,
            0,
            f"Temuan validasi terbuka: {open_errors} galat, {open_warnings} peringatan "
            f"(rincian di sheet {SHEET_FINDINGS}).",
            st["line"],
        )
        note = ev.master.office.get("catatan")
        if note:
            ws.write_string(r + 3, 0, note, st["note"])
        # charts: every unit with a capaian (a unit without one is no bar at 0), or at
        # scale the units furthest behind
        chart_first, chart_last, chart_col = unit_first, unit_last, 2
        chart_title = "Capaian per unit (%)"
        chart_row = r + 5
        charted = [
            (u.capaian, i) for i, u in enumerate(ev.per_unit.itertuples()) if _has(u.capaian)
        ]
        if len(ev.per_unit) > CHART_UNITS_MAX or len(charted) < len(ev.per_unit):
            if len(ev.per_unit) > CHART_UNITS_MAX:
                charted = sorted(charted)[:CHART_UNITS_MAX]
                chart_title = f"{len(charted)} unit dengan capaian terendah (%)"
            else:
                chart_title = f"Capaian per unit (%), {len(charted)} unit yang dapat dihitung"
            ws.write_string(chart_row, 0, chart_title, st["section"])
            for j, (value, i) in enumerate(charted):
                ws.write_string(chart_row + 1 + j, 0, ev.per_unit.iloc[i]["unit"], st["cell"])
                ws.write_formula(chart_row + 1 + j, 1, f"=C{unit_first + i + 1}", st["pct"], value)
            chart_first, chart_last, chart_col = chart_row + 1, chart_row + len(charted), 1
            chart_row += len(charted) + 2
        if charted:
            units_chart = self.wb.add_chart({"type": "bar"})
            units_chart.add_series(
                {
                    "name": "Capaian (%)",
                    "categories": [SHEET_SUMMARY, chart_first, 0, chart_last, 0],
                    "values": [SHEET_SUMMARY, chart_first, chart_col, chart_last, chart_col],
                    "data_labels": {"value": True, "num_format": "0.0"},
                    "fill": {"color": "#2F5597"},
                }
            )
            units_chart.set_title({"name": chart_title, "name_font": {"size": 11}})
            units_chart.set_legend({"none": True})
            units_chart.set_x_axis({"min": 0, "max": max(110, ev.master.cap), "num_format": "0"})
            units_chart.set_y_axis({"reverse": True})
            units_chart.set_size({"width": 520, "height": 300})
            ws.insert_chart(chart_row, 0, units_chart)
        bands_chart = self.wb.add_chart({"type": "column"})
        bands_chart.add_series(
            {
                "name": "Jumlah indikator",
                "categories": [SHEET_SUMMARY, band_first, 0, band_last, 0],
                "values": [SHEET_SUMMARY, band_first, 1, band_last, 1],
                "data_labels": {"value": True},
                "points": [
                    {"fill": {"color": c}, "border": {"color": "#7F7F7F"}}
                    for c in PREDIKAT_COLOURS[: len(ev.master.bands)]
                ],
            }
        )
        bands_chart.set_title({"name": "Sebaran predikat indikator", "name_font": {"size": 11}})
        bands_chart.set_legend({"none": True})
        bands_chart.set_size({"width": 480, "height": 300})
        ws.insert_chart(chart_row, 3, bands_chart)
        end = self.signature(ws, chart_row + 17, 3)
        ws.print_area(0, 0, end, 8)
        self.page(ws, None, landscape=False)

    # --- Per Sasaran
    def sasaran(self, ws: Worksheet) -> None:
        self.title(ws, "CAPAIAN PER SASARAN STRATEGIS", 0)
        columns = [
            ("No", 5),
            ("Sasaran Strategis", 50),
            ("Jumlah Indikator", 11),
            ("Dihitung", 10),
            ("Rata-rata Capaian (%)", 12),
            ("Predikat", 14),
            ("Di bawah Tinggi", 11),
            ("Unit", 34),
        ]
        header = HEADER_ROW - 1
        self.table_header(ws, header, columns)
        for i, s in enumerate(self.ev.per_sasaran.itertuples(index=False)):
            r = header + 1 + i
            ws.write_number(r, 0, i + 1, self.st["int"])
            self.text(ws, r, 1, s.sasaran)
            ws.write_number(r, 2, s.jumlah, self.st["int"])
            ws.write_number(r, 3, s.dihitung, self.st["int"])
            ws.write_formula(
                r,
                4,
                self.unit_average_formula(1, f"B{r + 1}"),
                self.st["pct"],
                _cached(s.capaian),
            )
            ws.write_formula(
                r, 5, self.blank_or_predikat_formula(f"E{r + 1}"), self.st["cell"], s.predikat
            )
            ws.write_number(r, 6, s.di_bawah_tinggi, self.st["int"])
            self.text(ws, r, 7, s.unit)
            ws.set_row(r, row_height([(s.sasaran, 50)], 9))
        last = header + max(len(self.ev.per_sasaran), 1)
        self.predikat_colours(ws, header + 1, last, 5)
        ws.freeze_panes(HEADER_ROW, 0)
        ws.autofilter(header, 0, last, len(columns) - 1)
        self.page(ws, header)

    # --- one sheet per unit
    def unit(self, ws: Worksheet, unit: str) -> None:
        ev, st = self.ev, self.st
        name = ev.master.units.at[unit, "nama"]
        self.title(ws, f"DATA KINERJA: {str(name).upper()} ({unit})", 0)
        status = ev.per_unit.set_index("unit").at[unit, "status"]
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
        self.table_header(ws, header, columns)
        positions = self.rows_of_unit[unit]
        records = self.indicator_records
        q0 = 6
        after = q0 + len(quarters)
        trend_cells: list[str] = []
        trend_ranges: list[str] = []
        for i, pos in enumerate(positions):
            row = records[pos]
            r = header + 1 + i
            measures_row = self.first + pos
            ws.write_number(r, 0, i + 1, st["int"])
            self.text(ws, r, 1, row["kode"])
            self.text(ws, r, 2, row["indikator"])
            self.text(ws, r, 3, row["satuan"])
            self.text(ws, r, 4, row["akumulasi"])
            self.number(ws, r, 5, row["target_dipakai"], "num")
            for j, q in enumerate(quarters):
                self.number(ws, r, q0 + j, _none(row[f"realisasi_tw{q}"]), "num")
            realised = f"'{SHEET_MEASURES}'!I{measures_row}"
            ws.write_formula(
                r,
                after,
                f'=IF({realised}="","",{realised})',  # empty stays empty, not 0
                st["int"] if _whole(row["realisasi"]) else st["num"],
                _cached(row["realisasi"]),
            )
            if _has(row["capaian"]):
                ws.write_formula(
                    r, after + 1, f"='{SHEET_MEASURES}'!J{measures_row}", st["pct"], row["capaian"]
                )
                ws.write_formula(
                    r,
                    after + 2,
                    f"='{SHEET_MEASURES}'!K{measures_row}",
                    st["cell"],
                    row["predikat"],
                )
            else:
                self.text(ws, r, after + 1, "-", "cell")
                self.text(ws, r, after + 2, row["alasan"], "small_warn")
            ws.write_blank(r, after + 3, None, st["cell"])
            if len(quarters) > 1:
                trend_cells.append(xl_rowcol_to_cell(r, after + 3))
                trend_ranges.append(
                    f"'{ws.name}'!{xl_rowcol_to_cell(r, q0)}:"
                    f"{xl_rowcol_to_cell(r, q0 + len(quarters) - 1)}"
                )
            for j, key in enumerate(
                ("penjelasan", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut")
            ):
                self.text(ws, r, after + 4 + j, row[key], "small")
            ws.set_row(
                r,
                row_height(
                    [(row["indikator"], 36)]
                    + [
                        (row[k] if _has(row[k]) else "", 24)
                        for k in ("penjelasan", "faktor_penghambat", "tindak_lanjut")
                    ],
                    9,
                ),
            )
        if trend_cells:
            # one group for the whole sheet: xlsxwriter styles a group once, not per cell
            ws.add_sparkline(
                trend_cells[0], {"location": trend_cells, "range": trend_ranges, "markers": True}
            )
        last = header + max(len(positions), 1)
        self.predikat_colours(ws, header + 1, last, after + 2)
        ws.freeze_panes(HEADER_ROW, 3)
        ws.autofilter(header, 0, last, len(columns) - 1)
        self.page(ws, header)

    # --- at scale: one sheet with every unit's quarters and explanations
    def unit_detail(self, ws: Worksheet) -> None:
        ev, st = self.ev, self.st
        self.title(ws, "RINCIAN UNIT: INDIKATOR DI BAWAH PREDIKAT TINGGI", 0)
        behind = [
            r
            for r in self.indicator_records
            if r["capaian"] is None or (_has(r["capaian"]) and r["capaian"] < self.high_minimum)
        ]
        ws.write_string(
            4,
            0,
            f"{len(ev.per_unit)} unit: indikator yang capaiannya di bawah Tinggi atau tidak dapat "
            f"dihitung ({len(behind)} dari {len(self.indicator_records)}), dengan realisasi per "
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
        self.table_header(ws, header, columns)
        trend_cells: list[str] = []
        trend_ranges: list[str] = []
        q0, after = 2, 2 + len(quarters)
        for i, row in enumerate(behind):
            r = header + 1 + i
            self.text(ws, r, 0, row["unit"])
            self.text(ws, r, 1, row["kode"])
            for j, q in enumerate(quarters):
                self.number(ws, r, q0 + j, _none(row[f"realisasi_tw{q}"]), "num")
            ws.write_blank(r, after, None, st["cell"])
            if len(quarters) > 1:
                trend_cells.append(xl_rowcol_to_cell(r, after))
                trend_ranges.append(
                    f"'{ws.name}'!{xl_rowcol_to_cell(r, q0)}:{xl_rowcol_to_cell(r, after - 1)}"
                )
            for j, key in enumerate(
                ("penjelasan", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut")
            ):
                self.text(ws, r, after + 1 + j, row[key], "small")
        if trend_cells:
            ws.add_sparkline(
                trend_cells[0], {"location": trend_cells, "range": trend_ranges, "markers": True}
            )
        last = header + max(len(behind), 1)
        ws.freeze_panes(HEADER_ROW, 2)
        ws.autofilter(header, 0, last, len(columns) - 1)
        self.page(ws, header)

    # --- Validasi
    def findings(self, ws: Worksheet) -> None:
        self.title(ws, "TEMUAN VALIDASI FILE UNIT", 0)
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
        self.table_header(ws, header, columns)
        for i, f in enumerate(self.ev.findings):
            r = header + 1 + i
            ws.write_number(r, 0, i + 1, self.st["int"])
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
                self.text(ws, r, c, value, "small")
            ws.set_row(r, row_height([(f.message, 50), (f.hint, 50)], 9))
        if not self.ev.findings:
            ws.write_string(header + 1, 1, "Tidak ada temuan.", self.st["line"])
        last = header + max(len(self.ev.findings), 1)
        ws.conditional_format(
            header + 1,
            2,
            last,
            2,
            {"type": "cell", "criteria": "==", "value": '"GALAT"', "format": self.st["band4"]},
        )
        ws.conditional_format(
            header + 1,
            2,
            last,
            2,
            {"type": "cell", "criteria": "==", "value": '"PERINGATAN"', "format": self.st["band2"]},
        )
        ws.freeze_panes(HEADER_ROW, 0)
        ws.autofilter(header, 0, last, len(columns) - 1)
        self.page(ws, header)

    # --- Log Review (filled by the review-log stage when a log exists)
    def log(self, ws: Worksheet) -> None:
        self.title(ws, "LOG REVIEW SOP", 0)
        review = self.ctx.review
        if review is None:
            ws.set_column(0, 0, 100)
            ws.write_string(HEADER_ROW - 1, 0, "Keterangan", self.st["header"])
            ws.write_string(HEADER_ROW, 0, self.ctx.log_note, self.st["line"])
            ws.freeze_panes(HEADER_ROW, 0)
            self.page(ws, HEADER_ROW - 1)
            return
        ws.write_string(
            4,
            0,
            f"Posisi: {review.sentence}. Durasi dihitung dalam jam kerja "
            f"sampai {long_date(self.ctx.report_date)}.",
            self.st["line"],
        )
        columns = [
            ("Langkah", 7),
            ("Kegiatan", 40),
            ("Unit", 13),
            ("Pelaksana", 16),
            ("Keadaan", 11),
            ("Mulai", 14),
            ("Selesai", 14),
            ("Durasi Kerja", 14),
            ("Waktu Baku", 11),
            ("Sesuai Baku", 8),
            ("Dikembalikan", 11),
            ("Alasan Pengembalian Terakhir", 40),
        ]
        header = HEADER_ROW - 1
        self.table_header(ws, header, columns)
        notes = last_return_note(review.log.events)
        rows = status_table(review)
        for i, (state, row) in enumerate(zip(review.states, rows, strict=True)):
            r = header + 1 + i
            values = [
                row[0],
                state.step.activity,
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                notes.get((state.step.number, state.unit), ""),
            ]
            for c, value in enumerate(values):
                self.text(ws, r, c, value, "small")
            ws.set_row(r, row_height([(state.step.activity, 40)], 8))
        last = header + len(rows)
        for value, band in (('"tidak"', "band4"), ('"ya"', "band0")):
            ws.conditional_format(
                header + 1,
                9,
                last,
                9,
                {"type": "cell", "criteria": "==", "value": value, "format": self.st[band]},
            )
        ws.autofilter(header, 0, last, len(columns) - 1)
        # the raw events, as recorded
        top = last + 2
        ws.write_string(top, 0, "Kejadian tercatat (log mentah)", self.st["section"])
        raw = [
            "Baris",
            "Waktu",
            "Langkah",
            "Unit",
            "Status",
            "Oleh",
            "Peran",
            "Catatan",
            "Dokumen",
            "SHA-256",
        ]
        for c, title in enumerate(raw):
            ws.write_string(top + 1, c, title, self.st["header"])
        for i, e in enumerate(sorted(review.log.events, key=lambda e: e.row)):
            r = top + 2 + i
            values = [
                str(e.row),
                e.time.strftime("%d-%m-%Y %H:%M"),
                str(e.step),
                e.unit or "",
                e.status,
                e.by,
                e.role or "",
                e.note or "",
                e.document or "",
                e.sha256 or "",
            ]
            for c, value in enumerate(values):
                self.text(ws, r, c, value, "small")
        end = top + 2 + len(review.log.events)
        if review.findings:
            ws.write_string(end + 1, 0, "Temuan log dan integritas", self.st["section"])
            for i, f in enumerate(review.findings):
                self.text(ws, end + 2 + i, 0, f.severity.value, "small")
                self.text(ws, end + 2 + i, 1, f"{f.where()}: {f.message} {f.hint}", "small")
        ws.freeze_panes(HEADER_ROW, 0)
        self.page(ws, header)

    # --- Sumber Data
    def sources(self, ws: Worksheet) -> None:
        self.title(ws, "SUMBER DATA DAN PARAMETER", 0)
        columns = [
            ("Unit", 13),
            ("File", 22),
            ("Status", 12),
            ("SHA-256", 68),
            ("Versi Templat", 9),
            ("Hash Master (unit)", 68),
        ]
        header = HEADER_ROW - 1
        self.table_header(ws, header, columns)
        r = header
        for r, item in enumerate(self.ev.inputs, start=header + 1):
            report = item.report
            meta = report.unit_file.meta if report and report.unit_file else {}
            values = [
                item.unit,
                str(item.path or "-"),
                item.status,
                report.sha256 if report else "",
                meta.get("format", ""),
                meta.get("hash_master", ""),
            ]
            for c, value in enumerate(values):
                self.text(ws, r, c, value, "small")
        params = [
            ("Master indikator", str(self.ev.master.path)),
            ("SHA-256 master", self.ctx.master_sha256),
            ("Periode", str(self.ev.period)),
            ("Tanggal laporan", self.ctx.report_date.isoformat()),
            ("Draf", "ya" if self.ev.draft else "tidak"),
            ("Batas atas capaian", format_number(self.ev.master.cap)),
            (
                "Skala predikat",
                "; ".join(f"{n} >= {format_number(m)}" for n, m in self.ev.master.bands),
            ),
            ("Alat", f"datakinerja {__version__}"),
        ]
        top = r + 2
        ws.write_string(top, 0, "Parameter", self.st["header"])
        ws.write_string(top, 1, "Nilai", self.st["header"])
        for i, (label, value) in enumerate(params, start=1):
            self.text(ws, top + i, 0, label, "small")
            self.text(ws, top + i, 1, value, "small")
        ws.freeze_panes(HEADER_ROW, 0)
        ws.autofilter(header, 0, header + max(len(self.ev.inputs), 1), len(columns) - 1)
        self.page(ws, header)


# From this many rows on, a sheet's XML is written by two processes, half each.
PARALLEL_ROWS = 2000


class _ReportSheet(Worksheet):
    """A worksheet that takes our formulas as written, and writes a long sheet's rows out
    on two cores.

    xlsxwriter rewrites every formula through ~30 regular expressions to prefix Excel's
    newer functions (_xlfn.); the report uses only classic functions (IF, MIN, MAX,
    AVERAGE, SUMPRODUCT, ISNUMBER, IFERROR, ROUND), so that work is skipped. At 30,000
    indicators it was most of the writing time.

    Turning 620,000 cells into XML at `close()` is then the largest single cost of a
    province-scale run, and it is one loop over rows. For a long sheet a forked child
    writes the second half of the rows to a temporary file while this process writes the
    first half; the child's part is appended after. The halves split on a 16-row block
    (xlsxwriter's unit for the optional row spans), so the bytes are those of one loop.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula

    def _write_rows(self) -> None:
        first, last = self.dim_rowmin, self.dim_rowmax
        middle = (first + last) // 2 // 16 * 16
        if last - first < PARALLEL_ROWS or middle <= first or not can_share_work():
            super()._write_rows()
            return
        with tempfile.TemporaryFile("w+", encoding="utf-8") as second_half:
            own_file = self.fh
            own_file.flush()  # nothing of ours may be left in a buffer the child inherits
            child = os.fork()
            if child == 0:  # pragma: no cover - runs in the child, checked by its output
                status = 1
                try:
                    self.fh, self.dim_rowmin = second_half, middle
                    super()._write_rows()
                    second_half.flush()
                    status = 0
                finally:
                    # never run the parent's cleanup or flush its files; `own_file` is
                    # still referenced from this frame, so it is not closed here either
                    os._exit(status)
            try:
                self.dim_rowmax = middle - 1
                super()._write_rows()
            finally:
                self.dim_rowmax = last
                _, status = os.waitpid(child, 0)
            if status != 0:
                raise RuntimeError(f"Menulis sheet {self.name}: proses pembantu gagal ({status}).")
            second_half.seek(0)
            shutil.copyfileobj(second_half, self.fh)


def _capaian_formula(r: str, t: str, polaritas: str, target: float | None) -> str:
    """The SPEC section 6 formula as Excel text, rounded as the tool rounds; T = 0 only
    occurs for negative polarity."""
    if polaritas == "positif":
        return f"=ROUND({r}/{t}*100,2)"
    if target == 0:
        return f"=IF({r}=0,100,0)"
    return f"=ROUND(MAX((2*{t}-{r})/{t}*100,0),2)"


def _string_literal(text: str) -> str:
    """Text from the master as a string inside a formula: quotes doubled, never code."""
    return '"' + text.replace('"', '""') + '"'


def _unit_sheet_names(units: list[str]) -> dict[str, str]:
    taken = {name.lower() for name in FIXED_SHEETS}
    names = {}
    for unit in units:
        name = unit[:31]
        while name.lower() in taken:
            name = f"{unit[:27]} ({len(taken)})"[:31]
        taken.add(name.lower())
        names[unit] = name
    return names


def _whole(value: object) -> bool:
    return _has(value) and float(value).is_integer()


def _has(value: object) -> bool:
    """A figure is there: not None and not NaN (pandas' empty)."""
    return value is not None and not _isnan(value)


def _isnan(value: object) -> bool:
    return isinstance(value, float) and value != value


def _none(value: object) -> object:
    return None if value is None or _isnan(value) else value


def _cached(value: object) -> object:
    return "" if value is None or _isnan(value) else value


def _styles(workbook: Workbook, bands: int) -> dict:
    add = workbook.add_format
    base = {"valign": "top", "border": 1, "font_size": 9}
    st = {
        "title": add({"bold": True, "font_size": 14, "font_color": "#1F4E78"}),
        "subtitle": add({"bold": True, "font_size": 11}),
        "note": add({"italic": True, "font_size": 9, "font_color": "#595959"}),
        "draft": add({"bold": True, "font_size": 11, "font_color": "#C00000"}),
        "section": add({"bold": True, "font_size": 11, "font_color": "#1F4E78"}),
        "line": add({"font_size": 10}),
        "header": add(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "bg_color": "#1F4E78",
                "font_color": "#FFFFFF",
            }
        ),
        "cell": add({**base, "text_wrap": True}),
        "small": add({**base, "text_wrap": True, "font_size": 8}),
        "small_warn": add({**base, "text_wrap": True, "font_size": 8, "font_color": "#C00000"}),
        "warn": add({**base, "font_color": "#C00000", "bold": True}),
        "warn_line": add({"font_size": 10, "font_color": "#C00000"}),
        "int": add({**base, "num_format": "#,##0"}),
        "year": add({**base, "num_format": "0"}),
        "num": add({**base, "num_format": "#,##0.00"}),
        "pct": add({**base, "num_format": "0.00"}),
        "kpi_label": add({"bold": True, "font_size": 12, "valign": "vcenter"}),
        "kpi": add(
            {
                "bold": True,
                "font_size": 22,
                "num_format": '0.00"%"',
                "align": "left",
                "font_color": "#1F4E78",
            }
        ),
        "kpi_band": add({"bold": True, "font_size": 14, "align": "left", "border": 1}),
        "sign": add({"font_size": 10, "align": "center"}),
        "sign_name": add({"font_size": 10, "align": "center", "bold": True, "underline": 1}),
    }
    for i in range(max(bands, 5)):
        st[f"band{i}"] = add({"bg_color": PREDIKAT_COLOURS[min(i, len(PREDIKAT_COLOURS) - 1)]})
    return st
