"""Log Review: the SOP's steps as the review log has them, and the raw events."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.layout import row_height
from pipeline.office_report.base import (
    HEADER_ROW,
    Book,
    long_date,
)
from pipeline.review_log.progress import PeriodStatus, last_return_note, status_table

# The table of steps; the raw events below it share its columns. 110 units in all, which
# LibreOffice prints at 94 % on A4 landscape, or 92 % where that saves a last page: 9-pt type
# at 8.3 pt or more. A date, "SEKRETARIAT", "dikembalikan" and the bold titles each fit on
# a line; the rest wraps.
STEP_COLUMNS = [
    ("Langkah", 6.5),
    ("Kegiatan", 14),
    ("Unit", 9),
    ("Pelaksana", 9),
    ("Keadaan", 9),
    ("Mulai", 9.5),
    ("Selesai", 9.5),
    ("Durasi Kerja", 9),
    ("Waktu Baku", 7.5),
    ("Sesuai Baku", 6.5),
    ("Dikembalikan", 10),
    ("Alasan Pengembalian Terakhir", 10.5),
]
WIDTHS = [width for _, width in STEP_COLUMNS]
LAST = len(STEP_COLUMNS) - 1
# A raw event's SHA-256 (its last field, in the column of "Sesuai Baku") spans the columns
# to the table's right edge: two lines of hex, not seven.
HASH_COL = 9
HASH_WIDTH = sum(WIDTHS[HASH_COL:])


# --- Log Review (filled by the review-log stage when a log exists)
def write(book: Book, ws: Worksheet) -> None:
    book.title(ws, "LOG REVIEW SOP")
    review = book.ctx.review
    if review is None:
        ws.set_column(0, 0, 100)
        ws.write_string(HEADER_ROW - 1, 0, "Keterangan", book.st["header"])
        ws.write_string(HEADER_ROW, 0, book.ctx.log_note, book.st["line"])
        ws.freeze_panes(HEADER_ROW, 0)
        book.page(ws, HEADER_ROW - 1)
        return
    position = (
        f"Posisi {book.ctx.as_of}: {review.sentence}. Durasi dihitung dalam jam kerja "
        f"sampai {long_date(book.ctx.report_date)}."
    )
    # across the table and wrapped: a long sentence would run past the printed page
    ws.set_row(4, row_height([(position, sum(WIDTHS))], 10))
    _merged(book, ws, 4, 0, LAST, position, "line_wrap")
    header = HEADER_ROW - 1
    last = _steps(book, ws, review, header)
    end = _raw_events(book, ws, review, last + 2)
    if review.findings:
        ws.write_string(end + 1, 0, "Temuan log dan integritas", book.st["section"])
        for i, f in enumerate(review.findings):
            # the severity across two columns ("PERINGATAN" is wider than "Langkah"), what
            # was found across the rest
            r = end + 2 + i
            said = f"{f.where()}: {f.message} {f.hint}"
            ws.set_row(r, row_height([(said, sum(WIDTHS[2:]))], 9))
            _merged(book, ws, r, 0, 1, f.severity.value)
            _merged(book, ws, r, 2, LAST, said)
    ws.freeze_panes(HEADER_ROW, 0)
    book.page(ws, header)


def _steps(book: Book, ws: Worksheet, review: PeriodStatus, header: int) -> int:
    """Each step of the SOP as the log has it; returns the table's last row."""
    columns = STEP_COLUMNS
    book.table_header(ws, header, columns)
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
            book.text(ws, r, c, value)
        ws.set_row(r, row_height(list(zip(values, WIDTHS, strict=True)), 9))
    last = header + len(rows)
    for value, band in (('"tidak"', "band4"), ('"ya"', "band0")):
        ws.conditional_format(
            header + 1,
            9,
            last,
            9,
            {"type": "cell", "criteria": "==", "value": value, "format": book.st[band]},
        )
    ws.autofilter(header, 0, last, len(columns) - 1)
    return last


def _raw_events(book: Book, ws: Worksheet, review: PeriodStatus, top: int) -> int:
    """The events as recorded; returns the row after them."""
    ws.write_string(top, 0, "Kejadian tercatat (log mentah)", book.st["section"])
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
    for c, title in enumerate(raw[:HASH_COL]):
        ws.write_string(top + 1, c, title, book.st["header"])
    _merged(book, ws, top + 1, HASH_COL, LAST, raw[HASH_COL], "header")
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
        # a note or a path wraps in its column: the row grows so that nothing overlaps
        widths = [*WIDTHS[:HASH_COL], HASH_WIDTH]
        ws.set_row(r, row_height(list(zip(values, widths, strict=True)), 9))
        for c, value in enumerate(values[:HASH_COL]):
            book.text(ws, r, c, value)
        _merged(book, ws, r, HASH_COL, LAST, values[HASH_COL])
    return top + 2 + len(review.log.events)


def _merged(
    book: Book, ws: Worksheet, row: int, first: int, last: int, text: str, style: str = "cell"
) -> None:
    """Text across columns `first` to `last` of a row, written as text (never a formula)."""
    ws.merge_range(row, first, row, last, "", book.st[style])
    book.text(ws, row, first, text, style)
