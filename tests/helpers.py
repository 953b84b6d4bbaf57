"""Small builders for test inputs: masters edited cell by cell, rendered by LibreOffice;
the sample period consolidated as a user runs it."""

from __future__ import annotations

import copy
import os
import re
import shutil
import statistics
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.review_log.events import JAKARTA
from pipeline.sample import read_source, write_master

ROOT = Path(__file__).resolve().parent.parent

SAMPLE_SHEETS = read_source()


def indicator_row(code: str) -> int:
    """Excel row of an indicator in the sample master's Indikator sheet."""
    rows = SAMPLE_SHEETS["Indikator"]
    return next(i + 1 for i, row in enumerate(rows) if row[1] == code)


def make_master(tmp_path: Path, edits: dict | None = None, drop: tuple = (), name="master.xlsx"):
    """The sample master with edits {(sheet, excel_row, header): value}; None clears a cell.

    A header absent from the sheet is dropped from the sheet when its value is `DROP`.
    """
    sheets = copy.deepcopy(SAMPLE_SHEETS)
    for (sheet, row, header), value in (edits or {}).items():
        rows = sheets[sheet]
        col = rows[0].index(header)
        if value is DROP:
            for line in rows:
                del line[col]
            continue
        while len(rows) < row:
            rows.append([None] * len(rows[0]))
        rows[row - 1][col] = value
    for sheet in drop:
        del sheets[sheet]
    return write_master(tmp_path / name, sheets)


DROP = object()


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang; .ci/run memasangnya untuk CI")
    return path


def _soffice(profile: Path, out_dir: Path, target_format: str, source: Path) -> None:
    """Run LibreOffice headless in a private profile (tests never share the user's)."""
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(out_dir)},
    )


def convert_with_libreoffice(source: Path, target_format: str, out_dir: Path) -> Path:
    """Convert a workbook with LibreOffice headless in a private profile; return the result."""
    profile = out_dir / "lo-profile"
    profile.mkdir(parents=True, exist_ok=True)
    _soffice(profile, out_dir, target_format, source)
    result = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


Word = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax (points), text


def pdf_words(pdf: Path) -> list[tuple[float, list[Word]]]:
    """Each page's width and its words with their boxes, in points (`pdftotext -bbox`)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in xhtml.split("<page ")[1:]:
        width = float(page.split('width="', 1)[1].split('"', 1)[0])
        boxes = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
        )
        words = [
            (float(x0), float(y0), float(x1), float(y1), text) for x0, y0, x1, y1, text in boxes
        ]
        pages.append((width, words))
    return pages


def type_size(words: list[Word]) -> float:
    """A page's type size as printed, in points: the median height of its word boxes divided
    by 1.3, which reads a 9-pt font printed at 100 % as 9.0 (measured on LibreOffice's PDFs)."""
    return round(statistics.median(y1 - y0 for _, y0, _, y1, _ in words) / 1.3, 2)


def printed_type_sizes(pdf: Path) -> list[tuple[float, str]]:
    """Each page's type size as printed (`type_size`), with the page's first words."""
    return [
        (type_size(words), " ".join(word[4] for word in words[:12]))
        for _, words in pdf_words(pdf)
        if words
    ]


def printed_sheets(pdf: Path) -> list[list[tuple[float, list[Word]]]]:
    """The printed pages of each sheet of a report, in order (as `pdf_words`). A sheet begins
    on the page with its title block, whose fourth line says what the document is (or DRAF)."""
    sheets: list[list[tuple[float, list[Word]]]] = []
    for width, words in pdf_words(pdf):
        text = " ".join(word[4] for word in words)
        starts = "tanda tangan Kepala Dinas." in text or "DRAF: belum final" in text
        if starts or not sheets:
            sheets.append([])
        sheets[-1].append((width, words))
    return sheets


def sheet_pages(pdf: Path, title: str) -> list[tuple[float, list[Word]]]:
    """The printed pages of the sheet titled `title` (its first page carries the title)."""
    for pages in printed_sheets(pdf):
        if title in " ".join(word[4] for word in pages[0][1]):
            return pages
    raise AssertionError(f"no sheet titled {title!r} in {pdf}")


def overlapping_words(words: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words printed over each other: text spilling out of its cell onto another's."""
    found = []
    ordered = sorted(words, key=lambda word: word[1])
    for i, (x0, y0, x1, y1, text) in enumerate(ordered):
        for a0, b0, a1, b1, other in ordered[i + 1 :]:
            if b0 >= y1:
                break
            # a shared strip of a third of the smaller height: more than touching lines
            tall = min(y1 - y0, b1 - b0) / 3
            if min(x1, a1) - max(x0, a0) > 0.5 and min(y1, b1) - max(y0, b0) > tall:
                found.append((text, other))
    return found


RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate_with_libreoffice(source: Path, out_dir: Path) -> Path:
    """Open in LibreOffice with 'always recalculate on load' and save as .xlsx again."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE)
    _soffice(profile, out_dir, "xlsx:Calc MS Excel 2007 XML", source)
    result = out_dir / source.name
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


# --- `konsolidasi` of the sample period (test_consolidation, test_office_report)

PERIOD = "2026-TW3"


def copy_input(tmp_path, units=("SEKRETARIAT", "DAFDUK", "CAPIL", "PIAK", "PDIP")):
    """The sample input folder with only some units' files, to break freely."""
    source = ROOT / "input"
    target = tmp_path / "input"
    shutil.copytree(source / "2026-TW2", target / "2026-TW2")
    (target / PERIOD).mkdir(parents=True)
    for unit in units:
        shutil.copy(source / PERIOD / f"{unit}.xlsx", target / PERIOD / f"{unit}.xlsx")
    return target


def run(tmp_path, *extra, input_dir=None):
    return main(
        [
            "konsolidasi",
            "--periode",
            PERIOD,
            "--tanggal",
            "2026-10-15",
            "--masukan",
            str(input_dir or ROOT / "input"),
            "--keluaran",
            str(tmp_path / "output"),
            *extra,
        ]
    )


def report_path(tmp_path):
    return tmp_path / "output" / PERIOD / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"


# --- the review log of the sample period (test_review_log, test_archive, test_sop)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=JAKARTA)


def _sign(office_dir: Path) -> None:
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15"]) == 0
    for step, who in ((9, "Rina Marlina Siregar"), (10, "Ahmad Syahputra Nasution")):
        assert (
            main(
                [
                    "catat",
                    str(step),
                    "disetujui",
                    "--periode",
                    PERIOD,
                    "--oleh",
                    who,
                    "--waktu",
                    f"2026-10-15T{step:02d}:00",
                ]
            )
            == 0
        )
