from __future__ import annotations

import shutil

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.consolidation import read_inputs
from pipeline.periods import Period
from tests.conftest import ROOT
from tests.corpus import CASES, _case
from tests.helpers import (
    PERIOD,
    copy_input,
    report_path,
    run,
)


def test_cli_prints_the_summary(tmp_path, capsys):
    assert run(tmp_path) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "Capaian kinerja Dinas Triwulan III Tahun 2026: 87,84% (Tinggi)"
    assert lines[1] == (
        "Indikator per predikat: Sangat Tinggi 18, Tinggi 5, Sedang 3, Rendah 1, Sangat Rendah 1"
    )
    assert lines[6].startswith("  PIAK           75,02%  Sedang         kelengkapan 100,00%")
    assert lines[-5] == f"Laporan ditulis ke {report_path(tmp_path)}"
    tidy = report_path(tmp_path).parent / f"Data-Kinerja-{PERIOD}.csv"
    assert lines[-4] == f"Data per indikator (CSV) ditulis ke {tidy}"
    katim = ROOT / "input" / PERIOD / f"Analisis-Katim-{PERIOD}.xlsx"
    assert lines[-3] == (
        f"Analisis Katim Penyusunan Program: uraian 4 dari 4 sasaran diambil dari {katim}."
    )
    template = tmp_path / "output" / PERIOD / "template" / katim.name
    assert lines[-2] == f"Templat analisis Katim dengan angka terbaru: {template}"
    assert lines[-1] == "Posisi SOP: menunggu paraf Sekretaris (langkah 9)"
    assert "[5/5] Memeriksa PDIP.xlsx" in captured.err


def test_missing_unit_stops_with_a_summary(tmp_path, capsys):
    input_dir = copy_input(tmp_path, units=("SEKRETARIAT", "DAFDUK", "CAPIL", "PDIP"))
    assert run(tmp_path, input_dir=input_dir) == 1
    err = capsys.readouterr().err
    assert err.endswith(
        "GAGAL: Konsolidasi 2026-TW3 dihentikan: 1 unit belum siap.\n"
        "- PIAK: file belum ada (belum diunggah atau diterima).\n"
        "Perbaiki dulu, atau buat draf yang menandai unit tersebut.\n"
        "Di baris perintah:\n"
        f"- PIAK: simpan file unit yang diterima sebagai {input_dir / PERIOD / 'PIAK.xlsx'}.\n"
        "- draf: jalankan lagi dengan --draf.\n"
    )
    assert not report_path(tmp_path).exists()


def test_unit_with_errors_stops_and_names_the_command_to_run(tmp_path, capsys):
    input_dir = copy_input(tmp_path, units=("SEKRETARIAT", "CAPIL", "PIAK", "PDIP"))
    next(c for c in CASES if c.name == "angka-negatif").build(input_dir / PERIOD)
    assert run(tmp_path, input_dir=input_dir) == 1
    err = capsys.readouterr().err
    assert (
        "- DAFDUK: 1 galat di DAFDUK.xlsx, antara lain DAFDUK.xlsx, sheet Data Kinerja, sel L11: "
        "Nilai -5 pada kolom 'Realisasi TW3' negatif. Kembalikan file kepada unit untuk "
        "diperbaiki.\n" in err
    )
    assert (
        f"- DAFDUK: 'python run.py validasi {input_dir / PERIOD / 'DAFDUK.xlsx'}' menunjukkan "
        "setiap galat.\n" in err
    )


@pytest.mark.parametrize("other", ["DAFDUK (revisi).xlsx", "DAFDUK.ods", "dafduk_final.xlsx"])
def test_two_files_for_one_unit_stop_consolidation_instead_of_one_taken_silently(
    tmp_path, other, capsys, sample_master
):
    input_dir = copy_input(tmp_path)
    (input_dir / PERIOD / "PIAK-LAMA.xlsx").write_bytes(b"")  # another code: not DAFDUK's
    shutil.copy(input_dir / PERIOD / "DAFDUK.xlsx", input_dir / PERIOD / other)
    assert run(tmp_path, input_dir=input_dir) == 1
    err = capsys.readouterr().err
    names = ", ".join(sorted(["DAFDUK.xlsx", other]))
    assert "- DAFDUK: 1 galat di DAFDUK.xlsx, antara lain 2026-TW3: Folder periode memuat " in err
    assert f"lebih dari satu file untuk unit DAFDUK: {names}." in err
    assert "PIAK" not in err.split("Konsolidasi")[1].split("Perbaiki")[0]
    inputs = read_inputs(sample_master, Period.parse(PERIOD), input_dir)
    errors = [(i.unit, f.file, f.code, f.value) for i in inputs for f in i.report.findings]
    assert [e for e in errors if e[2] != "realisasi-lalu-berubah"] == [  # the sample's warning
        ("DAFDUK", PERIOD, "file-ganda", names)
    ]


def test_draft_marks_every_sheet_and_flags_the_unit(tmp_path, capsys):
    input_dir = copy_input(tmp_path, units=("SEKRETARIAT", "DAFDUK", "CAPIL", "PDIP"))
    assert run(tmp_path, "--draf", input_dir=input_dir) == 0
    assert capsys.readouterr().out.startswith("DRAF: unit PIAK belum lengkap atau memuat galat.")
    wb = openpyxl.load_workbook(report_path(tmp_path))
    for ws in wb.worksheets:
        assert ws["A1"].value.endswith("(DRAF)"), ws.title
        assert ws["A4"].value.startswith("DRAF: belum final, unit PIAK"), ws.title
        assert "DRAF" in ws.oddFooter.left.text
    assert wb["PIAK"]["A5"].value == "PERHATIAN: file unit tidak ada; angka unit ini belum final."
    measures, calculation = wb["Pengukuran Kinerja"], wb["Rincian Perhitungan"]
    piak = [r for r in range(7, 35) if measures[f"J{r}"].value == "PIAK"]
    assert piak and all(measures[f"I{r}"].value == "tidak dihitung" for r in piak)
    assert all(calculation[f"I{r}"].value == "Tidak dihitung: file unit tidak ada" for r in piak)


def test_archived_period_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "output" / "arsip" / PERIOD).mkdir(parents=True)
    assert run(tmp_path) == 2
    assert "sudah diarsipkan" in capsys.readouterr().err
    assert not report_path(tmp_path).exists()


@pytest.mark.parametrize("case", ["crc-rusak", "sel-di-XFD1048576", "ukuran-bohong"])
def test_one_damaged_file_is_one_finding_and_the_others_are_still_summarised(
    tmp_path, case, capsys
):
    input_dir = copy_input(tmp_path, units=("SEKRETARIAT", "CAPIL", "PIAK", "PDIP"))
    next(c for c in CASES if c.name == case).build(input_dir / PERIOD)
    assert run(tmp_path, input_dir=input_dir) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "[5/5] Memeriksa PDIP.xlsx" in captured.err  # every unit was still read
    assert "- DAFDUK: 1 galat di DAFDUK.xlsx" in captured.err
    assert run(tmp_path, "--draf", input_dir=input_dir) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "DRAF: unit DAFDUK belum lengkap atau memuat galat."
    assert any(line.startswith("  PIAK ") and "%" in line for line in lines)


def test_a_draft_of_a_complete_period_says_so(tmp_path, capsys):
    assert run(tmp_path, "--draf") == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "DRAF: dibuat sebagai draf atas permintaan, semua unit lengkap dan valid.\n"
    )
    ws = openpyxl.load_workbook(report_path(tmp_path))["Ringkasan"]
    assert (
        ws["A4"].value
        == "DRAF: belum final, dibuat sebagai draf atas permintaan, semua unit lengkap dan valid."
    )


@pytest.mark.parametrize("case", ["angka-raksasa", "kumulatif-triwulan-kosong"])
def test_konsolidasi_stops_on_an_impossible_or_short_realisation(tmp_path, case, capsys):
    source = ROOT / "input"
    target = tmp_path / "input" / PERIOD
    target.mkdir(parents=True)
    for unit in ("SEKRETARIAT", "CAPIL", "PIAK", "PDIP"):
        (target / f"{unit}.xlsx").write_bytes((source / PERIOD / f"{unit}.xlsx").read_bytes())
    _case(case).build(target)
    code = main(
        [
            "konsolidasi",
            "--periode",
            PERIOD,
            "--masukan",
            str(tmp_path / "input"),
            "--keluaran",
            str(tmp_path / "output"),
        ]
    )
    output = capsys.readouterr()
    assert code == 1
    assert "DAFDUK: 1 galat di DAFDUK.xlsx" in output.err + output.out
    assert "Traceback" not in output.err + output.out
    assert not (tmp_path / "output" / PERIOD).exists() or not any(
        (tmp_path / "output" / PERIOD).glob("*.xlsx")
    )
