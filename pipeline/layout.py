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


def row_height(texts: list[tuple[str, float]], font_size: float = 10) -> float:
    """Points needed to show wrapped texts, each in a column of the given width.

    Spreadsheets do not grow rows for wrapped text written by a program, so we do: lines
    break as a spreadsheet breaks them (`wrapped_lines`).
    """
    lines = 1
    for text, width in texts:
        per_line = int(max(width * 1.15 * 10 / font_size, 1))
        lines = max(lines, wrapped_lines(str(text), per_line))
    return min(round(lines * font_size * 1.35 + 3, 1), MAX_ROW_HEIGHT)


# Where a word may break: after a slash, or after a hyphen unless a digit follows (as in
# "0-18" or "01-10-2026", which LibreOffice keeps whole, by Unicode's line-breaking rules)
_BREAKS = re.compile(r"(?<=/)(?=.)|(?<=-)(?=\D)")


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines a text takes wrapped as a spreadsheet wraps it: at spaces or after a "/" or "-"
    (a path, a code; see `_BREAKS`), and a piece longer than a line anywhere (a hash). A
    narrow column loses the end of a line to the next word."""
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for word in part.split():
            for i, piece in enumerate(_BREAKS.split(word)):
                space = 1 if used and i == 0 else 0
                if used and used + space + len(piece) > per_line:
                    lines += 1
                    used = space = 0
                used += space + len(piece)
                while used > per_line:
                    lines += 1
                    used -= per_line
    return lines
