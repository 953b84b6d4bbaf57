"""Ringkasan: how the office is doing and who is late, at a glance, with two charts."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.consolidation import MISSING, VALID
from pipeline.layout import row_height
from pipeline.numbers import format_number
from pipeline.office_report import calculation, measures
from pipeline.office_report.base import (
    CHART_UNITS_MAX,
    PREDIKAT_COLOURS,
    SHEET_FINDINGS,
    SHEET_LOG,
    SHEET_SUMMARY,
    Book,
    cached,
    predikat_colour,
)
from pipeline.sop import calendar_from_office, format_minutes

# The unit table's columns, which set the sheet's: 110 width units print at 8.6 pt on A4
# landscape.
UNIT_COLUMNS = [
    ("Unit", 16),
    ("Nama Unit", 26),
    ("Capaian (%)", 9),
    ("Predikat", 11),
    ("Kelengkapan (%)", 10),
    ("Status File", 9),
    ("Galat", 7),
    ("Peringatan", 9),
    ("Penyerahan (langkah 7)", 13),
]
# The two charts side by side: the first over columns A-D, the second over E-I (pixels:
# xlsxwriter draws a column of width w as 7w + 5 pixels).
CHARTS = ((0, 440), (4, 350))


# --- Ringkasan
def write(book: Book, ws: Worksheet) -> None:
    _headline(book, ws)
    band_first, band_last = _band_counts(book, ws, 9)
    unit_first, unit_last = _unit_table(book, ws, band_last + 3)
    r = _sop_position(book, ws, unit_last + 2)
    chart_row = _units_chart(book, ws, r + 5, unit_first, unit_last)
    _bands_chart(book, ws, chart_row, band_first, band_last)
    end = book.signature(ws, chart_row + 17, 3, paraf_col=0)
    ws.print_area(0, 0, end, len(UNIT_COLUMNS) - 1)
    book.page(ws, None)


def _headline(book: Book, ws: Worksheet) -> None:
    """The office's capaian and predikat, in large type."""
    ev, st = book.ev, book.st
    book.title(ws, "LAPORAN KINERJA DINAS: RINGKASAN")
    for c, (_, width) in enumerate(UNIT_COLUMNS):
        ws.set_column(c, c, width)
    r = 5
    ws.set_row(r, 36)  # the label wraps to two lines beside the large figure
    ws.write_string(r, 0, "Capaian kinerja Dinas", st["kpi_label"])
    ws.write_formula(
        r,
        1,
        calculation.average_formula(book),
        st["kpi"],
        "" if ev.office_capaian is None else ev.office_capaian,
    )
    ws.write_formula(
        r + 1, 1, book.blank_or_predikat_formula("B6"), st["kpi_band"], ev.office_predikat
    )
    ws.write_string(r + 1, 0, "Predikat", st["kpi_label"])
    book.predikat_colours(ws, r + 1, r + 1, 1)
    ws.write_string(
        r + 2,
        0,
        f"Rata-rata capaian {book.ev.counted} indikator "
        f"yang dapat dihitung, masing-masing dibatasi {format_number(ev.master.cap)}%.",
        st["note"],
    )


def _band_counts(book: Book, ws: Worksheet, r: int) -> tuple[int, int]:
    """How many indicators have each predikat; returns the rows of the first and last."""
    ev, st = book.ev, book.st
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
            f"=SUMPRODUCT(--({book.measures_range(measures.PREDIKAT)}=A{band_first + i + 1}))",
            st["int"],
            ev.predikat_counts[name],
        )
    band_last = band_first + len(ev.master.bands) - 1
    book.predikat_colours(ws, band_first, band_last, 0)
    uncounted = len(ev.records) - ev.counted
    ws.write_string(band_last + 1, 0, "Tidak dapat dihitung", st["cell"])
    ws.write_number(band_last + 1, 1, uncounted, st["int"])
    return band_first, band_last


def _unit_table(book: Book, ws: Worksheet, r: int) -> tuple[int, int]:
    """Per unit: capaian, completeness, findings, hand-over; returns its first and last row."""
    ev, st = book.ev, book.st
    ws.write_string(r, 0, "Capaian, kelengkapan dan ketepatan waktu per unit", st["section"])
    submissions = {s.unit: s for s in book.ctx.submissions}
    deadline = book.ev.master.deadlines.get(str(book.ev.period))
    if deadline:
        ws.write_string(r, 5, f"Batas waktu penyampaian: {deadline:%d-%m-%Y}", st["note"])
    book.table_header(ws, r + 1, UNIT_COLUMNS, minimum=30)
    unit_first = r + 2
    for i, u in enumerate(ev.per_unit):
        row = unit_first + i
        handed = submissions.get(u.unit)
        if handed is None:
            text = "log review belum ada"
        elif handed.submitted is None:
            text = "belum diserahkan"
        else:
            text = f"{handed.submitted:%d-%m-%Y}, {handed.verdict}"
        ws.set_row(row, row_height([(u.nama, UNIT_COLUMNS[1][1]), (text, UNIT_COLUMNS[8][1])], 9))
        ws.write_string(row, 0, u.unit, st["cell"])
        book.text(ws, row, 1, u.nama)
        if u.status == MISSING:
            ws.write_string(row, 2, "file belum ada", st["warn"])
            ws.write_blank(row, 3, None, st["cell"])
        else:
            ws.write_formula(
                row,
                2,
                calculation.unit_average_formula(book, f"A{row + 1}"),
                st["pct"],
                cached(u.capaian),
            )
            ws.write_formula(
                row, 3, book.blank_or_predikat_formula(f"C{row + 1}"), st["cell"], u.predikat
            )
        status = "lengkap" if u.status == VALID else u.status
        ws.write_string(row, 5, status, st["cell"] if u.status == VALID else st["warn"])
        if u.status == MISSING:  # nothing was read: no completeness, no findings to count
            for c in (4, 6, 7):
                ws.write_string(row, c, "-", st["cell"])
        else:
            book.number(ws, row, 4, u.kelengkapan, "num")  # 100, or 95,83
            ws.write_number(row, 6, u.galat, st["count"])
            ws.write_number(row, 7, u.peringatan, st["count"])
        late_style = handed is not None and handed.verdict.startswith("terlambat")
        ws.write_string(row, 8, text, st["warn"] if late_style else st["cell"])
    unit_last = unit_first + len(ev.per_unit) - 1
    book.predikat_colours(ws, unit_first, unit_last, 3)
    return unit_first, unit_last


def _sop_position(book: Book, ws: Worksheet, r: int) -> int:
    """Where the SOP stands, who is late, the open findings. Returns the row of the last
    lateness line; the findings count and the master's note stand two and three below it."""
    ev, st = book.ev, book.st
    ws.write_string(r, 0, "Status SOP periode ini", st["section"])
    ws.write_string(r + 1, 0, f"Posisi {book.ctx.as_of}: {book.ctx.sop_sentence}", st["line"])
    # a day or more over the standard is said loudly, the worst first; minutes and hours
    # over are counted in one quiet line (all of them are on the Log Review sheet)
    late = book.ctx.review.late if book.ctx.review else []
    day = calendar_from_office(ev.master.office).minutes_per_day
    loud = sorted(
        (s for s in late if (s.minutes or 0) - s.standard_minutes >= day),
        key=lambda s: s.standard_minutes - (s.minutes or 0),
    )
    for s in loud[:4]:
        r += 1
        who = f" {s.unit}" if s.unit else ""
        state = "masih berjalan" if s.state == "berjalan" else s.state
        ws.write_string(
            r + 1,
            0,
            f"Melewati waktu baku: langkah {s.step.number}{who} ({s.step.role}), "
            f"{format_minutes(s.minutes or 0)} (waktu kerja), baku {s.step.standard}; {state}",
            st["warn_line"],
        )
    if len(loud) > 4:
        r += 1
        ws.write_string(
            r + 1, 0, f"... dan {len(loud) - 4} lainnya (sheet {SHEET_LOG}).", st["warn_line"]
        )
    quiet = len(late) - len(loud)
    if quiet:
        r += 1
        ws.write_string(
            r + 1,
            0,
            f"{quiet} langkah lain melewati waktu baku kurang dari satu hari kerja "
            f"(rincian di sheet {SHEET_LOG}).",
            st["line"],
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
    return r


def _units_chart(book: Book, ws: Worksheet, chart_row: int, unit_first: int, unit_last: int) -> int:
    """Capaian per unit: every unit with a capaian (a unit without one is no bar at 0), or
    at scale the units furthest behind; returns the row the charts stand on."""
    ev, st = book.ev, book.st
    chart_first, chart_last, chart_col = unit_first, unit_last, 2
    chart_title = "Capaian per unit (%)"
    at_scale = len(ev.per_unit) > CHART_UNITS_MAX
    charted = ev.lowest_units(CHART_UNITS_MAX if at_scale else None)
    if at_scale or len(charted) < len(ev.per_unit):
        if at_scale:
            chart_title = f"{len(charted)} unit dengan capaian terendah (%)"
        else:
            chart_title = f"Capaian per unit (%), {len(charted)} unit yang dapat dihitung"
        ws.write_string(chart_row, 0, chart_title, st["section"])
        for j, (value, i) in enumerate(charted):
            ws.write_string(chart_row + 1 + j, 0, ev.per_unit[i].unit, st["cell"])
            ws.write_formula(chart_row + 1 + j, 1, f"=C{unit_first + i + 1}", st["pct"], value)
        chart_first, chart_last, chart_col = chart_row + 1, chart_row + len(charted), 1
        chart_row += len(charted) + 2
    if charted:
        edge = {"color": "#7F7F7F"}
        units_chart = book.wb.add_chart({"type": "bar"})
        units_chart.add_series(
            {
                "name": "Capaian (%)",
                "categories": [SHEET_SUMMARY, chart_first, 0, chart_last, 0],
                "values": [SHEET_SUMMARY, chart_first, chart_col, chart_last, chart_col],
                "data_labels": {"value": True, "num_format": "0.0"},
                # each bar in its unit's predikat colour, as in the tables
                "points": [
                    {
                        "fill": {
                            "color": predikat_colour(ev.master.bands, ev.per_unit[i].predikat)
                        },
                        "border": edge,
                    }
                    for _, i in charted
                ],
            }
        )
        units_chart.set_title({"name": chart_title, "name_font": {"size": 11}})
        units_chart.set_legend({"none": True})
        # one major unit of 100: the only gridline is the target, drawn as a red dashed line
        units_chart.set_x_axis(
            {
                "min": 0,
                "max": max(110, ev.master.cap),
                "major_unit": 100,
                "num_format": "0",
                "major_gridlines": {
                    "visible": True,
                    "line": {"color": "#C00000", "width": 1.25, "dash_type": "dash"},
                },
            }
        )
        units_chart.set_y_axis({"reverse": True})
        units_chart.set_size({"width": CHARTS[0][1], "height": 300})
        ws.insert_chart(chart_row, CHARTS[0][0], units_chart)
    return chart_row


def _bands_chart(book: Book, ws: Worksheet, row: int, band_first: int, band_last: int) -> None:
    """How many indicators per predikat, each bar in its predikat's colour."""
    ev = book.ev
    bands_chart = book.wb.add_chart({"type": "column"})
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
    bands_chart.set_size({"width": CHARTS[1][1], "height": 300})
    ws.insert_chart(row, CHARTS[1][0], bands_chart)
