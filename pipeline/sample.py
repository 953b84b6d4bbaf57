"""Build the bundled sample from its readable source: `python -m pipeline.sample`.

`input/sumber/*.csv` is what a reviewer reads in a diff; `input/master.xlsx` is made from
it, and a test checks that the committed workbook still matches.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from pipeline.workbooks import atomic_output

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "input" / "sumber"
MASTER = ROOT / "input" / "master.xlsx"

# sheet name -> source file; the order is the workbook's sheet order.
MASTER_SHEETS = {
    "Dinas": "dinas.csv",
    "Unit": "unit.csv",
    "Indikator": "indikator.csv",
    "Skala": "skala.csv",
    "Jadwal": "jadwal.csv",
}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PINNED_CREATED = datetime(2026, 1, 2, 8, 0, 0)


def read_source(source: Path = SOURCE) -> dict[str, list[list[object]]]:
    """Each sheet's rows as typed cells: numbers as numbers, dates as dates, NIPs as text."""
    sheets = {}
    for sheet, name in MASTER_SHEETS.items():
        with (source / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        sheets[sheet] = [header] + [
            [
                _typed(value, header[i] if sheet != "Dinas" else row[0])
                for i, value in enumerate(row)
            ]
            for row in rows[1:]
        ]
    return sheets


def _typed(value: str, column: str) -> object:
    if value == "":
        return None
    if "NIP" in column:
        return value
    if _NUMBER.match(value):
        number = float(value)
        return int(number) if number.is_integer() else number
    if _DATE.match(value):
        return date.fromisoformat(value)
    return value


def build_master(out: Path = MASTER, source: Path = SOURCE) -> Path:
    """Write the master workbook a Katim Program would keep, from the CSV source."""
    return write_master(out, read_source(source))


def write_master(out: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write sheets of typed rows (header first) as a master workbook."""
    with atomic_output(out) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary), {"strings_to_formulas": False, "strings_to_urls": False}
        )
        workbook.set_properties(
            {
                "title": "Master Indikator Kinerja",
                "created": PINNED_CREATED,
                "comments": "Data contoh bersifat ilustratif.",
            }
        )
        header = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"}
        )
        text = workbook.add_format({"text_wrap": True, "valign": "top"})
        when = workbook.add_format({"num_format": "dd-mm-yyyy", "valign": "top"})
        for sheet, rows in sheets.items():
            ws = workbook.add_worksheet(sheet)
            widths = [len(str(h)) for h in rows[0]]
            for c, title in enumerate(rows[0]):
                ws.write_string(0, c, title, header)
            for r, row in enumerate(rows[1:], start=1):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, date):
                        ws.write_datetime(r, c, datetime.combine(value, datetime.min.time()), when)
                    elif isinstance(value, str):
                        ws.write_string(r, c, value, text)
                    else:
                        ws.write_number(r, c, value)
                    widths[c] = max(widths[c], min(len(str(value)), 60))
            for c, width in enumerate(widths):
                ws.set_column(c, c, min(max(width + 2, 8), 50))
            ws.freeze_panes(1, 0)
            if sheet != "Dinas":
                ws.autofilter(0, 0, max(len(rows) - 1, 1), len(rows[0]) - 1)
        workbook.close()
    return out


if __name__ == "__main__":
    print(f"Master contoh ditulis ke {build_master()}")
