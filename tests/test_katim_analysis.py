"""The Katim Penyusunan Program's own analysis paragraphs (pipeline/katim_analysis.py): the
template, and reading the filled file back like a unit's file."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pipeline.katim_analysis import (
    TEXT_MAX,
    katim_file_name,
    read_katim_analysis,
    write_katim_workbook,
)
from pipeline.periods import Period
from tests.conftest import ROOT
from tests.helpers import PERIOD

NAME = f"Analisis-Katim-{PERIOD}.xlsx"
LABEL = "Analisis Katim Penyusunan Program:"


@pytest.fixture
def sasaran(sample_evaluation) -> list[str]:
    return [s.sasaran for s in sample_evaluation.per_sasaran]


def filled_file(folder: Path, evaluation, filled: dict[str, str], name: str = NAME) -> Path:
    """The Katim's analysis file as they hand it in: the template with their paragraphs."""
    path = folder / name
    write_katim_workbook(evaluation, path, path, date(2026, 10, 9), filled)
    return path


def _change_table(path: Path, change) -> None:
    """The file with its table sheet's XML changed, as a hostile or failing tool leaves it."""
    source = path.with_suffix(".asli")
    path.rename(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as out:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":  # Analisis Katim
                data = change(data)
            out.writestr(info.filename, data)
    source.unlink()


def _oversized(path: Path) -> None:
    stray = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    _change_table(path, lambda xml: xml.replace(b"</sheetData>", stray))


def _not_our_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("catatan.txt", "bukan buku kerja")


def _broken_member(path: Path) -> None:
    _change_table(path, lambda xml: xml[: len(xml) // 2])  # a copy cut short


@pytest.mark.parametrize(
    ("case", "build", "code", "words"),
    [
        ("kosong", lambda p: p.write_bytes(b""), "analisis-katim-rusak", "file kosong, 0 byte"),
        (
            "bukan-zip",
            lambda p: p.write_bytes(b"ini bukan excel"),
            "analisis-katim-rusak",
            "bukan arsip zip",
        ),
        (
            "xls",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
            "analisis-katim-rusak",
            "Excel 97-2003",
        ),
        ("zip-lain", _not_our_zip, "analisis-katim-rusak", "tidak dapat dibaca"),
        ("xml-terpotong", _broken_member, "analisis-katim-rusak", "tidak dapat dibaca"),
        ("terlalu-besar", _oversized, "analisis-katim-terlalu-besar", "1.048.576 baris"),
    ],
)
def test_a_broken_file_is_one_warning_and_no_paragraphs(
    tmp_path, sample_evaluation, sasaran, case, build, code, words
):
    folder = tmp_path / PERIOD
    path = filled_file(folder, sample_evaluation, {sasaran[0]: "Uraian."})
    build(path)
    katim = read_katim_analysis(folder, Period.parse(PERIOD), sasaran)
    assert [(f.file, f.code, f.severity.value) for f in katim.findings] == [
        (NAME, code, "PERINGATAN")
    ]
    assert words in katim.findings[0].message
    assert not katim.used and not katim.paragraphs
    assert katim.refusal is katim.findings[0]


def test_a_units_template_under_the_analysis_name_is_refused(tmp_path, sasaran):
    folder = tmp_path / PERIOD
    folder.mkdir()
    shutil.copy(ROOT / "input" / PERIOD / "DAFDUK.xlsx", folder / NAME)
    katim = read_katim_analysis(folder, Period.parse(PERIOD), sasaran)
    [finding] = katim.findings
    assert finding.code == "analisis-katim-bukan-templat"
    assert finding.message.startswith(
        f"File {NAME} bukan templat analisis Katim Penyusunan Program (file ini templat unit "
        "DAFDUK)"
    )


def test_a_sasaran_not_in_the_master_is_a_warning_at_its_cell(tmp_path, sample_evaluation, sasaran):
    folder = tmp_path / PERIOD
    path = filled_file(folder, sample_evaluation, {sasaran[0]: "Uraian satu."})
    workbook = openpyxl.load_workbook(path)
    workbook["Analisis Katim"]["B8"] = "Sasaran yang sudah dihapus dari master"
    workbook["Analisis Katim"]["G8"] = "Uraian yang tidak punya sasaran."
    workbook.save(path)
    katim = read_katim_analysis(folder, Period.parse(PERIOD), sasaran)
    assert katim.used
    assert [(f.file, f.sheet, f.cell, f.code) for f in katim.findings] == [
        (NAME, "Analisis Katim", "B8", "analisis-katim-sasaran-tidak-dikenal")
    ]
    assert "'Sasaran yang sudah dihapus dari master' tidak ada di master periode 2026-TW3" in (
        katim.findings[0].message
    )
    assert katim.paragraphs == {sasaran[0]: ("Uraian satu.",)}


def test_a_paragraph_longer_than_the_limit_is_cut_with_a_mark(tmp_path, sample_evaluation, sasaran):
    folder = tmp_path / PERIOD
    filled_file(folder, sample_evaluation, {sasaran[2]: "kata " * 2_000})
    katim = read_katim_analysis(folder, Period.parse(PERIOD), sasaran)
    [finding] = katim.findings
    assert (finding.cell, finding.code, finding.value) == (
        "G9",
        "analisis-katim-teks-terlalu-panjang",
        "9.999",  # as read: the trailing space is no text
    )
    [text] = katim.paragraphs[sasaran[2]]
    assert text.endswith(" … (dipotong: uraian di file lebih panjang dari 3.000 karakter)")
    assert len(text) < TEXT_MAX + 80


def test_two_analysis_files_are_refused_rather_than_one_picked(
    tmp_path, sample_evaluation, sasaran
):
    folder = tmp_path / PERIOD
    filled_file(folder, sample_evaluation, {sasaran[0]: "Versi lama."})
    filled_file(folder, sample_evaluation, {sasaran[0]: "Versi baru."}, NAME.lower())
    katim = read_katim_analysis(folder, Period.parse(PERIOD), sasaran)
    assert [f.code for f in katim.findings] == ["analisis-katim-ganda"]
    assert not katim.used


def test_the_template_holds_the_period_the_facts_and_locks_all_but_the_paragraphs(
    tmp_path, sample_evaluation
):
    expected = Path("input") / PERIOD / NAME
    path = write_katim_workbook(sample_evaluation, tmp_path / NAME, expected, date(2026, 10, 9))
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Petunjuk", "Analisis Katim", "_datakinerja"]
    meta = workbook["_datakinerja"]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert (values["periode"], values["jenis"], values["format"]) == (PERIOD, "analisis-katim", "1")
    table = workbook["Analisis Katim"]
    assert table.protection.sheet
    assert [table.cell(6, c).value for c in (2, 3, 4, 7)] == [
        "Sasaran Strategis",
        "Capaian Rata-rata (%)",
        "Predikat",
        LABEL[:-1],
    ]
    for i, summary in enumerate(sample_evaluation.per_sasaran):
        row = 7 + i
        facts = [table.cell(row, c).value for c in (2, 3, 4)]
        assert facts == [summary.sasaran, summary.capaian, summary.predikat]
        assert table.cell(row, 2).protection.locked
        assert table.cell(row, 4).protection.locked
        assert not table.cell(row, 7).protection.locked
        assert table.cell(row, 7).number_format == "@"  # a typed "=" stays text
    guide = " ".join(
        str(c) for row in workbook["Petunjuk"].iter_rows(values_only=True) for c in row if c
    )
    assert f"Simpan sebagai .xlsx dengan nama dan letak: {expected}" in guide
    assert f"python run.py konsolidasi --periode {PERIOD}" in guide


def test_the_template_is_read_back_as_no_paragraphs_yet(tmp_path, sample_evaluation, sasaran):
    folder = tmp_path / PERIOD
    filled_file(folder, sample_evaluation, {})
    katim = read_katim_analysis(folder, Period.parse(PERIOD), sasaran)
    assert (katim.used, katim.paragraphs, katim.findings) == (True, {}, ())


def test_the_file_name_says_the_period():
    assert katim_file_name(Period.parse("2027-TW1")) == "Analisis-Katim-2027-TW1.xlsx"
