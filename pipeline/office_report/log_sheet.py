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

# The table of steps; the raw events below it share its columns.
STEP_COLUMNS = [
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
    ws.write_string(
        4,
        0,
        f"Posisi {book.ctx.as_of}: {review.sentence}. Durasi dihitung dalam jam kerja "
        f"sampai {long_date(book.ctx.report_date)}.",
        book.st["line"],
    )
    header = HEADER_ROW - 1
    last = _steps(book, ws, review, header)
    end = _raw_events(book, ws, review, last + 2)
    if review.findings:
        ws.write_string(end + 1, 0, "Temuan log dan integritas", book.st["section"])
        for i, f in enumerate(review.findings):
            said = f"{f.where()}: {f.message} {f.hint}"
            ws.set_row(end + 2 + i, row_height([(said, STEP_COLUMNS[1][1])], 8))
            book.text(ws, end + 2 + i, 0, f.severity.value, "small")
            book.text(ws, end + 2 + i, 1, said, "small")
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
            book.text(ws, r, c, value, "small")
        ws.set_row(r, row_height([(state.step.activity, 40)], 8))
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
    for c, title in enumerate(raw):
        ws.write_string(top + 1, c, title, book.st["header"])
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
        widths = [width for _, width in STEP_COLUMNS]
        ws.set_row(r, row_height(list(zip(values, widths, strict=False)), 8))
        for c, value in enumerate(values):
            book.text(ws, r, c, value, "small")
    return top + 2 + len(review.log.events)
