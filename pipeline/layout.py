"""The unit template's layout: sheet names, title rows, column titles (SPEC section 5).

Writing (pipeline.template) and reading (pipeline.reading) both take it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMAT_VERSION = "1"

# A unit's file is read as .xlsx or .ods; an .xls or .xlsm named like one is answered with
# how to save it as .xlsx.
READABLE_SUFFIXES = (".xlsx", ".ods")
UNIT_FILE_SUFFIXES = (*READABLE_SUFFIXES, ".xls", ".xlsm")

SHEET_GUIDE = "Petunjuk"
SHEET_DATA = "Data Kinerja"
SHEET_APPROVAL = "Pengesahan"
SHEET_META = "_datakinerja"

HEADER_ROW = 6  # Excel row of the table header; rows 1-4 are the title block
FIRST_DATA_ROW = HEADER_ROW + 1

# Labels in column A of `Pengesahan`; entries are in column B, same row.
APPROVAL_ROWS = {
    "penyusun_nama": (4, "Nama Penyusun"),
    "penyusun_nip": (5, "NIP Penyusun"),
    "penyusun_tanggal": (6, "Tanggal Disusun"),
    "kepala_nama": (9, "Nama Kepala Unit"),
    "kepala_nip": (10, "NIP Kepala Unit"),
}


@dataclass(frozen=True)
class TemplateColumn:
    key: str
    title: str
    kind: str  # master (locked) | realisasi (number input) | text (text input)
    width: float
    quarter: int = 0


def template_columns(quarter: int, with_quarter_target: bool) -> list[TemplateColumn]:
    """The table's columns for a period's quarter, in the order of SPEC section 5."""
    columns = [
        TemplateColumn("no", "No", "master", 4),
        TemplateColumn("kode", "Kode", "master", 8),
        TemplateColumn("sasaran", "Sasaran Strategis", "master", 22),
        TemplateColumn("indikator", "Indikator Kinerja", "master", 34),
        TemplateColumn("satuan", "Satuan", "master", 9),
        TemplateColumn("polaritas", "Polaritas", "master", 9),
        TemplateColumn("akumulasi", "Akumulasi", "master", 10),
        TemplateColumn("target", "Target Tahunan", "master", 10),
    ]
    if with_quarter_target:
        columns.append(
            TemplateColumn("target_twn", f"Target s.d. TW{quarter}", "master", 10, quarter)
        )
    columns += [
        TemplateColumn(f"realisasi_tw{q}", f"Realisasi TW{q}", "realisasi", 10, q)
        for q in range(1, quarter + 1)
    ]
    columns += [
        TemplateColumn("penjelasan", "Penjelasan", "text", 24),
        TemplateColumn("faktor_pendukung", "Faktor Pendukung", "text", 20),
        TemplateColumn("faktor_penghambat", "Faktor Penghambat", "text", 20),
        TemplateColumn("tindak_lanjut", "Tindak Lanjut", "text", 20),
        TemplateColumn("sumber", "Sumber Data", "text", 18),
    ]
    return columns


MAX_ROW_HEIGHT = 409  # points: the tallest row Excel keeps


def chars_per_line(width: float, font_size: float) -> int:
    """Characters a line of a column `width` units wide holds in type of `font_size`."""
    return int(max(width * 1.15 * 10 / font_size, 1))


def row_height(texts: list[tuple[str, float]], font_size: float = 10) -> float:
    """Points needed to show wrapped texts, each in a column of the given width.

    Spreadsheets do not grow rows for wrapped text written by a program, so we do: lines
    break as a spreadsheet breaks them (`wrapped_lines`).
    """
    lines = 1
    for text, width in texts:
        lines = max(lines, wrapped_lines(str(text), chars_per_line(width, font_size)))
    return min(round(lines * font_size * 1.35 + 3, 1), MAX_ROW_HEIGHT)


def lines_per_row(font_size: float) -> int:
    """The most lines of type of `font_size` a row shows (rows stop at 409 pt)."""
    return int((MAX_ROW_HEIGHT - 3) // (font_size * 1.35))


# Where a word may break: after a slash, or after a hyphen unless a digit follows (as in
# "0-18" or "01-10-2026", which LibreOffice keeps whole, by Unicode's line-breaking rules)
_BREAKS = re.compile(r"(?<=/)(?=.)|(?<=-)(?=\D)")
_WORD = re.compile(r"\S+")


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines a text takes wrapped as a spreadsheet wraps it (see `line_starts`)."""
    if len(text) <= per_line and "\n" not in text:
        return 1  # most cells: a code, a unit, a number
    return len(line_starts(text, per_line))


def line_starts(text: str, per_line: int) -> list[int]:
    """Where each line of a text starts (offsets into it) when wrapped as a spreadsheet
    wraps it: at spaces or after a "/" or "-" (a path, a code; see `_BREAKS`), and a piece
    longer than a line anywhere (a hash). A narrow column loses the end of a line to the
    next word."""
    starts = []
    offset = 0
    for part in text.split("\n"):
        starts.append(offset)
        used = 0
        for word in _WORD.finditer(part):
            at = offset + word.start()  # where the current piece begins in the text
            text_of = word.group()
            pieces = _BREAKS.split(text_of) if "-" in text_of or "/" in text_of else (text_of,)
            for i, piece in enumerate(pieces):
                space = 1 if used and i == 0 else 0
                if used and used + space + len(piece) > per_line:
                    starts.append(at)
                    used = space = 0
                column = used + space  # where the piece begins on its line
                used = column + len(piece)
                full = 0
                while used > per_line:  # the piece breaks wherever a line is full
                    full += 1
                    starts.append(at + full * per_line - column)
                    used -= per_line
                at += len(piece)
        offset += len(part) + 1
    return starts


def row_chunks(text: str, per_line: int, lines: int) -> list[str]:
    """A text cut, where its wrapped lines begin, into pieces of at most `lines` lines
    each: one piece per row, when the text is longer than a row can show."""
    starts = line_starts(text, per_line)
    cuts = [*starts[::lines], len(text)]
    return [text[a:b].rstrip() for a, b in zip(cuts, cuts[1:], strict=False)]
