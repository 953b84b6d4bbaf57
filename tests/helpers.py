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


def printed_type_sizes(pdf: Path) -> list[tuple[float, str]]:
    """Each page's type size as printed, in points, with the page's first words: the median
    height of its word boxes (`pdftotext -bbox`) divided by 1.3, which reads a 9-pt font
    printed at 100 % as 9.0 (measured on LibreOffice's PDFs)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    sizes = []
    for page in xhtml.split("<page ")[1:]:
        boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)
        if boxes:
            heights = [float(bottom) - float(top) for top, bottom, _ in boxes]
            words = " ".join(word for _, _, word in boxes[:12])
            sizes.append((round(statistics.median(heights) / 1.3, 2), words))
    return sizes


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
