"""What every sheet of the office's report shares: names, the run's context, styles, and
the pieces each sheet is made of (title, page setup, table header, text and number cells,
predikat formulas and colours, the signature block)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import Evaluation
from pipeline.layout import row_height
from pipeline.review_log.progress import PeriodStatus, Submission
from schemas.nip import format_nip

SHEET_SUMMARY = "Ringkasan"
SHEET_MEASURES = "Pengukuran Kinerja"
SHEET_CALCULATION = "Rincian Perhitungan"
SHEET_COMPARISON = "Tahun Lalu dan Renstra"
SHEET_ANALYSIS = "Analisis"
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
    SHEET_CALCULATION,
    SHEET_COMPARISON,
    SHEET_ANALYSIS,
    SHEET_SASARAN,
    SHEET_FINDINGS,
    SHEET_LOG,
    SHEET_SOURCES,
)

PREDIKAT_COLOURS = ("#C6EFCE", "#DDEBF7", "#FFEB9C", "#F8CBAD", "#FFC7CE", "#E7E6E6")


def predikat_colour(bands: tuple[tuple[str, float], ...], name: str) -> str:
    """A predikat's colour by its place among the bands (best first), as every sheet and
    the web page paint it; grey for a name that is no band."""
    names = [band for band, _ in bands]
    position = names.index(name) if name in names else len(PREDIKAT_COLOURS) - 1
    return PREDIKAT_COLOURS[min(position, len(PREDIKAT_COLOURS) - 1)]


HEADER_ROW = 6  # Excel row of every table's header on the data sheets
# Printing on A4 landscape between our margins (measured in LibreOffice): the column width
# that prints at 100 %, and the points of a page's height between top and bottom margins.
PRINT_WIDTH = 105
PAGE_HEIGHT = 494
DEFAULT_ROW_HEIGHT = 15
TITLE_HEIGHT = 19  # the first row, in 14-pt type
SIGNATURE_LINES = 8  # rows of the signature block
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
    log_note: str = "Log review periode ini belum ada; status langkah SOP belum dapat ditampilkan."
    master_sha256: str = ""
    review: PeriodStatus | None = None
    submissions: list[Submission] = field(default_factory=list)

    @property
    def sop_sentence(self) -> str:
        return self.review.sentence if self.review else self.log_note

    @property
    def as_of(self) -> str:
        """When the SOP position the workbook shows was true: the day it was written."""
        return f"per {long_date(self.report_date)}"


def report_file_name(period: object) -> str:
    return f"Laporan-Kinerja-Dinas-{period}.xlsx"


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class Book:
    """The workbook being written, with what every sheet needs to know."""

    def __init__(self, workbook: Workbook, evaluation: Evaluation, context: ReportContext):
        self.wb = workbook
        self.ev = evaluation
        self.ctx = context
        self.office = evaluation.master.office.get("nama dinas", "")
        self.st = styles(workbook, len(evaluation.master.bands))
        # Pengukuran Kinerja and the sheets row for row with it: the indicators in the
        # LKjIP's order, the first and last data row (Excel numbering), each indicator's
        # row by (unit, kode), and each sasaran's first and last row (they are contiguous)
        self.lkjip = evaluation.lkjip
        self.first = HEADER_ROW + 1
        self.last = self.first + len(self.lkjip) - 1
        self.row_of: dict[tuple[str, str], int] = {}
        self.sasaran_rows: dict[str, tuple[int, int]] = {}
        for row, record in enumerate(self.lkjip, start=self.first):
            self.row_of[(record.unit, record.kode)] = row
            first, _ = self.sasaran_rows.get(record.sasaran, (row, row))
            self.sasaran_rows[record.sasaran] = (first, row)

    # --- shared pieces
    def title(self, ws: Worksheet, text: str) -> int:
        """Title block (rows 1-4); returns the next free 0-based row."""
        draft = " (DRAF)" if self.ev.draft else ""
        ws.write_string(0, 0, f"{text}{draft}", self.st["title"])
        ws.write_string(1, 0, self.office, self.st["subtitle"])
        ws.write_string(2, 0, f"{self.ev.period.label} ({self.ev.period})", self.st["subtitle"])
        if self.ev.draft:
            ws.write_string(3, 0, f"DRAF: belum final, {self.ev.draft_note}.", self.st["draft"])
        else:
            ws.write_string(3, 0, self.purpose, self.st["note"])
        return 4

    @property
    def purpose(self) -> str:
        """What a complete report is, for good: it is written before anyone signs it."""
        return (
            f"Disusun {long_date(self.ctx.report_date)} untuk paraf Sekretaris dan tanda "
            "tangan Kepala Dinas."
        )

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

    def table_header(
        self, ws: Worksheet, row: int, columns: Sequence[tuple[str, float]], minimum: float = 48
    ) -> float:
        """The header row of a table, with its columns' widths; returns its height."""
        for c, (title, width) in enumerate(columns):
            ws.write_string(row, c, title, self.st["header"])
            ws.set_column(c, c, width)
        # tall enough for the longest title in its column (bold type runs wider: sized as 10 pt)
        height = max(minimum, row_height(list(columns), 10))
        ws.set_row(row, height)
        return height

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
                    "value": string_literal(name),
                    "format": self.st[f"band{i}"],
                },
            )

    def predikat_formula(self, cell: str) -> str:
        bands = self.ev.master.bands
        formula = string_literal(bands[-1][0])
        for name, minimum in reversed(bands[:-1]):
            formula = f"IF({cell}>={minimum!r},{string_literal(name)},{formula})"
        return f"={formula}"

    def blank_or_predikat_formula(self, cell: str) -> str:
        """The predikat of a cell that may be empty (""): empty then, as the tool has it."""
        return f'=IF({cell}="","",' + self.predikat_formula(cell)[1:] + ")"

    def text(self, ws: Worksheet, row: int, col: int, value: object, style: str = "cell") -> None:
        """Text from users is always written as text, never as a formula or a link."""
        # (written for speed: this runs for every text cell of 30,000 indicators)
        if value is None or value == "":
            ws.write_blank(row, col, None, self.st[style])
        else:
            ws.write_string(row, col, value if type(value) is str else str(value), self.st[style])

    def number(self, ws: Worksheet, row: int, col: int, value: float | None, style: str) -> None:
        if value is None:
            ws.write_blank(row, col, None, self.st[style])
            return
        if style == "num" and float(value).is_integer():
            style = "int"  # no trailing decimal separator on whole numbers
        ws.write_number(row, col, value, self.st[style])

    def signature(self, ws: Worksheet, row: int, col: int, paraf_col: int | None = None) -> int:
        """The Kepala Dinas signature block: place, date, title, name, rank, NIP; with
        `paraf_col`, the Sekretaris' paraf box beside it (written row by row with it, as
        constant_memory writes a row once the next begins)."""
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
        assert len(lines) == SIGNATURE_LINES
        for i, (text, style) in enumerate(lines):
            if paraf_col is not None:
                self._paraf_line(ws, row + i, paraf_col, i)
            if text:
                ws.write_string(row + i, col, text, self.st[style])
        return row + len(lines)

    def _paraf_line(self, ws: Worksheet, row: int, col: int, line: int) -> None:
        """Line `line` of the Sekretaris' paraf box: title, a box to initial, name, NIP."""
        office = self.ev.master.office
        if line == 1:
            ws.write_string(row, col, "Paraf Sekretaris", self.st["paraf"])
        elif line in (2, 3, 4):
            ws.write_blank(row, col, None, self.st[f"paraf_box{line - 2}"])
        elif line == 5:
            ws.write_string(row, col, office.get("nama sekretaris", ""), self.st["paraf_name"])
        elif line == 7 and office.get("nip sekretaris"):
            nip = format_nip(office.get("nip sekretaris", ""))
            ws.write_string(row, col, f"NIP. {nip}", self.st["paraf"])

    def measures_range(self, col: int) -> str:
        letter = xl_col_to_name(col)
        return f"'{SHEET_MEASURES}'!${letter}${self.first}:${letter}${self.last}"


def break_before_if_split(
    ws: Worksheet, heights: Sequence[float], block: float, repeated: float, width: float
) -> None:
    """Start a block (a signature) on a new page when it would otherwise be split: the rows
    above it have `heights` (points), the header repeated on each page `repeated`, and the
    sheet's columns `width` (fitted to the page width, so scaled below 100 % when wide)."""
    page = PAGE_HEIGHT / min(1.0, PRINT_WIDTH / width)  # a page's height in sheet points
    used = 0.0
    for height in heights:
        if used + height > page:
            used = repeated
        used += height
    if used + block > page:
        ws.set_h_pagebreaks([len(heights)])


def capaian_formula(r: str, t: str, polaritas: str, target: float | None) -> str:
    """The SPEC section 6 formula as Excel text, rounded as the tool rounds; T = 0 only
    occurs for negative polarity."""
    if polaritas == "positif":
        return f"=ROUND({r}/{t}*100,2)"
    if target == 0:
        return f"=IF({r}=0,100,0)"
    return f"=ROUND(MAX((2*{t}-{r})/{t}*100,0),2)"


def string_literal(text: str) -> str:
    """Text from the master as a string inside a formula: quotes doubled, never code."""
    return '"' + text.replace('"', '""') + '"'


def unit_sheet_names(units: list[str]) -> dict[str, str]:
    taken = {name.lower() for name in FIXED_SHEETS}
    names = {}
    for unit in units:
        name = unit[:31]
        while name.lower() in taken:
            name = f"{unit[:27]} ({len(taken)})"[:31]
        taken.add(name.lower())
        names[unit] = name
    return names


def whole(value: float | None) -> bool:
    return value is not None and value.is_integer()


def cached(value: float | None) -> float | str:
    """A formula's cached result: the figure, or empty text where there is none."""
    return "" if value is None else value


def styles(workbook: Workbook, bands: int) -> dict:
    add = workbook.add_format
    base = {"valign": "top", "border": 1, "font_size": 9}
    st = {
        "title": add({"bold": True, "font_size": 14, "font_color": "#1F4E78"}),
        "subtitle": add({"bold": True, "font_size": 11}),
        "note": add({"italic": True, "font_size": 9, "font_color": "#595959"}),
        "draft": add({"bold": True, "font_size": 11, "font_color": "#C00000"}),
        "section": add({"bold": True, "font_size": 11, "font_color": "#1F4E78"}),
        "section_wrap": add(
            {"bold": True, "font_size": 11, "font_color": "#1F4E78", "text_wrap": True}
        ),
        "line": add({"font_size": 10}),
        "line_wrap": add({"font_size": 10, "text_wrap": True, "valign": "top"}),
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
        "quiet": add({**base, "font_color": "#7F7F7F"}),
        "cell_bold": add({**base, "text_wrap": True, "bold": True}),
        "centre": add({**base, "align": "center"}),
        "warn_cell": add({**base, "text_wrap": True, "font_color": "#C00000"}),
        "small": add({**base, "text_wrap": True, "font_size": 8}),
        "small_warn": add({**base, "text_wrap": True, "font_size": 8, "font_color": "#C00000"}),
        "warn": add({**base, "font_color": "#C00000", "bold": True}),
        "warn_line": add({"font_size": 10, "font_color": "#C00000"}),
        "int": add({**base, "num_format": "#,##0"}),
        "year": add({**base, "num_format": "0"}),
        # a count in a table: centred, so that it never reads into the next column's text
        "count": add({**base, "num_format": "#,##0", "align": "center"}),
        "num": add({**base, "num_format": "#,##0.00"}),
        "pct": add({**base, "num_format": "0.00"}),
        "kpi_label": add({"bold": True, "font_size": 12, "valign": "vcenter", "text_wrap": True}),
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
        # the paraf box (left-aligned: it stands in the first column, a name spills right)
        "paraf": add({"font_size": 10}),
        "paraf_name": add({"font_size": 10, "bold": True, "underline": 1}),
        "paraf_box0": add({"top": 1, "left": 1, "right": 1}),
        "paraf_box1": add({"left": 1, "right": 1}),
        "paraf_box2": add({"bottom": 1, "left": 1, "right": 1}),
    }
    # a cell that a group of rows shares, written once on its first row: "group<first><last>"
    # has the outer border only, so the group reads as one cell
    unbordered = {k: v for k, v in base.items() if k != "border"}
    for first in (0, 1):
        for last in (0, 1):
            sides = {"left": 1, "right": 1, "top": first, "bottom": last}
            st[f"group{first}{last}"] = add({**unbordered, **sides, "text_wrap": True})
    for i in range(max(bands, 5)):
        st[f"band{i}"] = add({"bg_color": PREDIKAT_COLOURS[min(i, len(PREDIKAT_COLOURS) - 1)]})
    return st
