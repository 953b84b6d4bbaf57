"""The Katim Penyusunan Program's own analysis paragraphs (pipeline/katim_analysis.py): the
template `konsolidasi` hands out, reading the filled file back like a unit's file, and the
paragraphs under their sasaran on the Analisis sheet."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.consolidation import consolidate, read_inputs
from pipeline.katim_analysis import (
    TEXT_MAX,
    katim_file_name,
    read_katim_analysis,
    write_katim_workbook,
)
from pipeline.periods import Period
from pipeline.workbooks import open_workbook, sheet_grid
from tests.conftest import ROOT
from tests.helpers import PERIOD, copy_input, report_path, run

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


def analisis_lines(report: Path) -> list[str]:
    return [
        " ".join(str(v) for v in row if v)
        for row in sheet_grid(open_workbook(report), "Analisis")
        if any(row)
    ]


def template_path(tmp_path: Path) -> Path:
    return tmp_path / "output" / PERIOD / "template" / NAME


def test_the_katims_paragraphs_appear_under_their_sasaran(tmp_path, sample_evaluation, sasaran):
    input_dir = copy_input(tmp_path)
    katim = filled_file(
        input_dir / PERIOD,
        sample_evaluation,
        {
            sasaran[0]: "Paragraf pertama sasaran satu.\n\nParagraf kedua sasaran satu.",
            sasaran[3]: "Uraian sasaran empat.",
        },
    )
    assert run(tmp_path, input_dir=input_dir) == 0
    lines = analisis_lines(report_path(tmp_path))
    first = lines.index(f"1. {sasaran[0]}")
    second = lines.index(f"2. {sasaran[1]}")
    fourth = lines.index(f"4. {sasaran[3]}")
    assert lines[second - 3 : second] == [
        LABEL,
        "Paragraf pertama sasaran satu.",
        "Paragraf kedua sasaran satu.",
    ]
    assert lines.index(LABEL) > first
    assert f"{LABEL[:-1]}: belum diisi untuk sasaran ini." in lines[second : second + 8]
    assert lines[fourth:][-3:] == [
        LABEL,
        "Uraian sasaran empat.",
        "Uraian analisis Katim Penyusunan Program diambil dari "
        f"{katim} (SHA-256 {hashlib.sha256(katim.read_bytes()).hexdigest()}).",
    ]
    assert not any("belum disertakan" in line for line in lines)


def test_a_paragraph_starting_with_a_formula_sign_stays_text(tmp_path, sample_evaluation, sasaran):
    input_dir = copy_input(tmp_path)
    typed = ['=HYPERLINK("http://contoh.invalid","klik")', "+cmd|' /C calc'!A0", "@SUM(1)"]
    filled_file(input_dir / PERIOD, sample_evaluation, {sasaran[1]: "\n".join(typed)})
    assert run(tmp_path, input_dir=input_dir) == 0
    ws = openpyxl.load_workbook(report_path(tmp_path))["Analisis"]
    cells = {ws.cell(r, 2).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}
    for text in typed:
        assert cells[text].data_type == "s", text


def test_without_a_file_the_analysis_sheet_names_the_template_to_fill(tmp_path, capsys):
    input_dir = copy_input(tmp_path)
    assert run(tmp_path, input_dir=input_dir) == 0
    expected = input_dir / PERIOD / NAME
    lines = analisis_lines(report_path(tmp_path))
    assert lines[-1] == (
        "Uraian analisis Katim Penyusunan Program belum disertakan pada laporan ini. Isi "
        f"templat {NAME} di folder template di samping laporan, simpan sebagai {expected}, lalu "
        "jalankan konsolidasi lagi."
    )
    assert LABEL not in lines
    out = capsys.readouterr().out
    assert f"Analisis Katim Penyusunan Program: belum ada ({expected})" in out
    assert f"Templat untuk uraian itu: {template_path(tmp_path)}." in out
    assert template_path(tmp_path).is_file()


def test_a_file_of_another_period_is_refused_with_a_sentence(tmp_path, sample_master, capsys):
    input_dir = copy_input(tmp_path)
    earlier = Period.parse("2026-TW2")
    evaluation = consolidate(
        sample_master, earlier, read_inputs(sample_master, earlier, ROOT / "input")
    )
    tw2 = {s.sasaran: "Uraian triwulan II." for s in evaluation.per_sasaran}
    filled_file(input_dir / PERIOD, evaluation, tw2)
    assert run(tmp_path, input_dir=input_dir) == 0  # the paragraphs are optional
    sentence = (
        f"File {NAME} adalah analisis Katim periode 2026-TW2, bukan 2026-TW3, jadi laporan "
        "ditulis tanpa uraian analisis Katim."
    )
    out = capsys.readouterr().out
    assert f"PERINGATAN: {input_dir / PERIOD / NAME} tidak dipakai" in out
    assert sentence in out
    lines = analisis_lines(report_path(tmp_path))
    assert lines[-1].startswith(sentence + " Perbaikan: Tulis analisis periode 2026-TW3")
    assert "Uraian triwulan II." not in lines
    findings = sheet_grid(open_workbook(report_path(tmp_path)), "Validasi")
    assert any("analisis-katim-periode-lain" in row for row in findings)


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
            ".ods (bukan arsip zip), jadi",
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
    message = katim.findings[0].message
    assert words in message
    assert message.endswith("jadi laporan ditulis tanpa uraian analisis Katim.")
    assert "Buka file" not in message  # the fix is the hint's, said once
    assert not katim.used and not katim.paragraphs
    assert katim.refusal is katim.findings[0]


def test_a_broken_file_gives_a_sentence_not_a_traceback(tmp_path, capsys):
    input_dir = copy_input(tmp_path)
    (input_dir / PERIOD / NAME).write_bytes(b"PK\x03\x04 setengah file")
    assert run(tmp_path, input_dir=input_dir) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert (
        f"File analisis Katim {NAME} tidak dapat dibaca sebagai buku kerja .xlsx atau .ods"
        in captured.out
    )
    assert analisis_lines(report_path(tmp_path))[-1].startswith(f"File analisis Katim {NAME}")


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


def test_the_template_filled_in_a_spreadsheet_is_read_back(tmp_path, sasaran):
    input_dir = copy_input(tmp_path)
    assert run(tmp_path, input_dir=input_dir) == 0
    workbook = openpyxl.load_workbook(template_path(tmp_path))
    workbook["Analisis Katim"]["G10"] = "Uraian yang diketik di Excel.\nBaris kedua."
    workbook.save(input_dir / PERIOD / NAME)
    assert run(tmp_path, input_dir=input_dir) == 0
    lines = analisis_lines(report_path(tmp_path))
    fourth = lines.index(f"4. {sasaran[3]}")
    assert lines[fourth + 1 :][-4:-1] == [LABEL, "Uraian yang diketik di Excel.", "Baris kedua."]


def test_a_template_the_katim_wrote_in_is_not_overwritten(tmp_path, sasaran, capsys):
    input_dir = copy_input(tmp_path)
    assert run(tmp_path, input_dir=input_dir) == 0
    workbook = openpyxl.load_workbook(template_path(tmp_path))
    workbook["Analisis Katim"]["G7"] = "Tiga hari menulis, disimpan di tempat yang salah."
    workbook.save(template_path(tmp_path))
    written = template_path(tmp_path).read_bytes()
    capsys.readouterr()
    assert run(tmp_path, input_dir=input_dir) == 0
    assert template_path(tmp_path).read_bytes() == written
    assert (
        f"Templat {template_path(tmp_path)} sudah berisi uraian, jadi tidak ditimpa (angkanya "
        f"dari konsolidasi sebelumnya). Bila uraian itu belum ada di {input_dir / PERIOD / NAME}, "
        "simpan ke sana lalu jalankan konsolidasi lagi;"
    ) in capsys.readouterr().out


@pytest.mark.parametrize("with_file", [True, False])
def test_rerunning_with_the_same_inputs_gives_identical_workbooks(
    tmp_path, sample_evaluation, sasaran, with_file
):
    """The same inputs and date give the same bytes, wherever the output folder is."""
    input_dir = copy_input(tmp_path)
    if with_file:
        filled_file(input_dir / PERIOD, sample_evaluation, {s: f"Uraian {s}." for s in sasaran})
    assert run(tmp_path / "a", input_dir=input_dir) == 0
    assert run(tmp_path / "b", input_dir=input_dir) == 0
    for path in (report_path, template_path):
        assert path(tmp_path / "a").read_bytes() == path(tmp_path / "b").read_bytes()


def test_validating_the_period_folder_leaves_the_analysis_file_alone(
    tmp_path, sample_evaluation, sasaran, capsys
):
    input_dir = copy_input(tmp_path)
    filled_file(input_dir / PERIOD, sample_evaluation, {sasaran[0]: "Uraian."})
    folder = input_dir / PERIOD
    assert main(["validasi", str(folder), "--keluaran", str(tmp_path / "out")]) == 0
    assert NAME not in capsys.readouterr().out


def test_the_file_name_says_the_period():
    assert katim_file_name(Period.parse("2027-TW1")) == "Analisis-Katim-2027-TW1.xlsx"


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_pipe_or_folder_named_like_the_file_is_a_warning_not_a_hang(tmp_path, sasaran, kind):
    import os
    import threading

    folder = tmp_path / PERIOD
    folder.mkdir()
    if kind == "pipe":
        os.mkfifo(folder / NAME)  # opening it for reading waits for a writer, for ever
    else:
        (folder / NAME).mkdir()
    read: list = []
    reader = threading.Thread(
        target=lambda: read.append(read_katim_analysis(folder, Period.parse(PERIOD), sasaran)),
        daemon=True,
    )
    reader.start()
    reader.join(timeout=20)
    assert read, "reading the analysis file did not return"
    katim = read[0]
    assert [(f.code, f.severity.value) for f in katim.findings] == [
        ("analisis-katim-rusak", "PERINGATAN")
    ]
    assert "bukan file biasa" in katim.findings[0].message and not katim.used
