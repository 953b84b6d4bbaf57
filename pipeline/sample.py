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
    sheets: dict[str, list[list[object]]] = {}
    for sheet, name in MASTER_SHEETS.items():
        with (source / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        sheets[sheet] = [list[object](header)] + [
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


SAMPLE_PERIODS = ("2026-TW2", "2026-TW3")


def _csv_rows(name: str, source: Path) -> list[dict[str, str]]:
    with (source / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sample_answers(period: str, source: Path = SOURCE) -> dict[str, dict[str, dict]]:
    """The sample units' answers for a period: unit -> indicator code -> column key -> value."""
    keys = {
        "Penjelasan": "penjelasan",
        "Faktor Pendukung": "faktor_pendukung",
        "Faktor Penghambat": "faktor_penghambat",
        "Tindak Lanjut": "tindak_lanjut",
    }
    answers: dict[str, dict[str, dict]] = {}
    for row in _csv_rows("realisasi.csv", source):
        if row["Periode"] != period:
            continue
        values: dict[str, object] = {
            f"realisasi_tw{q}": float(row[f"TW{q}"]) for q in (1, 2, 3) if row[f"TW{q}"]
        }
        values.update({key: row[title] or None for title, key in keys.items()})
        answers.setdefault(row["Unit"], {})[row["Kode"]] = values
    return answers


def sample_approvals(period: str, source: Path = SOURCE) -> dict[str, dict[str, object]]:
    return {
        row["Unit"]: {
            "penyusun_nama": row["Nama Penyusun"],
            "penyusun_nip": row["NIP Penyusun"],
            "penyusun_tanggal": datetime.fromisoformat(row["Tanggal Disusun"]),
        }
        for row in _csv_rows("pengesahan.csv", source)
        if row["Periode"] == period
    }


def build_period(
    period_text: str,
    input_dir: Path = ROOT / "input",
    master_path: Path = MASTER,
    source: Path = SOURCE,
) -> list[Path]:
    """Write every unit's filled file for a sample period, made from the project's template."""
    from pipeline.master import read_master  # the builder needs the reader
    from pipeline.periods import Period
    from pipeline.template import write_template

    master = read_master(master_path)
    period = Period.parse(period_text)
    answers = sample_answers(period_text, source)
    approvals = sample_approvals(period_text, source)
    paths = []
    for unit in master.units.index:
        path = input_dir / period_text / f"{unit}.xlsx"
        write_template(
            master,
            period,
            unit,
            path,
            filled=answers.get(unit, {}),
            approval=approvals.get(unit, {}),
        )
        paths.append(path)
    return paths


def build_log(
    period_text: str, input_dir: Path = ROOT / "input", source: Path = SOURCE, root: Path = ROOT
) -> Path | None:
    """Write the sample review log as `catat` would: each handed-over document hashed, each
    row chained to the one before."""
    from pipeline.review_log.events import COLUMNS, Event, parse_time
    from pipeline.review_log.integrity import chain_value, log_cells
    from pipeline.workbooks import sha256_of

    name = f"log-review-{period_text}.csv"
    if not (source / name).is_file():
        return None
    target = input_dir / period_text / "log-review.csv"
    with (
        atomic_output(target) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as handle,
    ):
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([header for header, _ in COLUMNS.values()])
        chain = ""
        for row in _csv_rows(name, source):
            document = row["Dokumen"]
            # relative to the log's folder: the sample's own unit files
            digest = sha256_of(root / "input" / period_text / document) if document else ""
            moment = parse_time(row["Waktu"])
            if moment is None:
                raise ValueError(f"waktu contoh tidak terbaca: {row['Waktu']}")
            event = Event(
                time=moment,
                step=int(row["Langkah"]),
                unit=row["Unit"] or None,
                status=row["Status"],
                by=row["Oleh"],
                role=row["Peran"] or None,
                note=row["Catatan"] or None,
                document=document or None,
                sha256=digest or None,
                recorder="contoh",
            )
            cells = log_cells(event)
            chain = chain_value(chain, cells)
            writer.writerow([*cells, chain])
    return target


# The day the sample's Katim first consolidated (step 8 began): the facts in their file.
KATIM_FACTS_DATE = date(2026, 10, 9)


def build_katim_analysis(
    period_text: str,
    input_dir: Path = ROOT / "input",
    master_path: Path = MASTER,
    source: Path = SOURCE,
) -> Path | None:
    """Write the sample Katim's filled analysis file for a period, made from the template
    `konsolidasi` hands out, with the paragraphs of `input/sumber/analisis-katim-<periode>.csv`
    (illustrative, as every sample figure)."""
    from pipeline.consolidation import consolidate, read_inputs
    from pipeline.katim_analysis import katim_file_name, write_katim_workbook
    from pipeline.master import read_master
    from pipeline.periods import Period

    name = f"analisis-katim-{period_text}.csv"
    if not (source / name).is_file():
        return None
    paragraphs = {
        row["Sasaran Strategis"]: row["Analisis Katim Penyusunan Program"]
        for row in _csv_rows(name, source)
    }
    master = read_master(master_path)
    period = Period.parse(period_text)
    evaluation = consolidate(master, period, read_inputs(master, period, input_dir))
    file_name = katim_file_name(period)
    # the guide names the folder as the office sees it, not this machine's path
    shown = Path("input") / period_text / file_name
    target = input_dir / period_text / file_name
    return write_katim_workbook(evaluation, target, shown, KATIM_FACTS_DATE, paragraphs)


if __name__ == "__main__":
    print(f"Master contoh ditulis ke {build_master()}")
    for sample_period in SAMPLE_PERIODS:
        for written in build_period(sample_period):
            print(f"File unit contoh ditulis ke {written}")
        if log := build_log(sample_period):
            print(f"Log review contoh ditulis ke {log}")
        if katim := build_katim_analysis(sample_period):
            print(f"Analisis Katim contoh ditulis ke {katim}")
