from __future__ import annotations

import json
import os

import pytest

import pipeline.validation as validation
from pipeline.cli import main
from pipeline.errors import DataKinerjaError
from pipeline.katim_analysis import is_katim_file
from pipeline.validation import validate_file
from tests.conftest import ROOT
from tests.corpus import CASES, PERIOD, _case

MASTER = ROOT / "input" / "master.xlsx"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case_gives_its_codes_cells_and_exit_code(tmp_path, sample_master, case, capsys):
    folder = tmp_path / PERIOD
    folder.mkdir()
    path = case.build(folder)
    before = path.read_bytes()
    report = validate_file(path, sample_master)
    assert [(f.cell, f.code) for f in report.findings] == case.expected
    code = main(["validasi", str(path), "--keluaran", str(tmp_path / "out")])
    output = capsys.readouterr()
    assert code == case.exit_code
    assert "Traceback" not in output.out + output.err
    assert path.read_bytes() == before  # the unit's file is never modified


def test_sample_period_validates_with_only_the_correction_warning(sample_master):
    codes = []
    for path in sorted((ROOT / "input" / "2026-TW3").glob("*.xlsx")):
        if is_katim_file(path):  # the Katim's analysis, not a unit's file
            continue
        report = validate_file(path, sample_master)
        assert report.valid, path
        codes += [(report.unit, f.cell, f.code) for f in report.findings]
    assert codes == [("DAFDUK", "K9", "realisasi-lalu-berubah")]


def test_findings_carry_everything_a_person_needs(tmp_path, sample_master):
    folder = tmp_path / PERIOD
    folder.mkdir()
    path = CASES[1].build(folder)  # "sembilan puluh" in L7
    [finding] = validate_file(path, sample_master).findings
    assert finding.to_dict() == {
        "code": "angka-tidak-valid",
        "severity": "GALAT",
        "message": "Nilai 'sembilan puluh' pada kolom 'Realisasi TW3' tidak dapat dibaca "
        "sebagai angka.",
        "hint": "Tulis angka saja, dengan koma untuk desimal, misalnya 85,5 atau 1.234.",
        "file": "DAFDUK.xlsx",
        "sheet": "Data Kinerja",
        "cell": "L7",
        "unit": "DAFDUK",
        "indicator": "DAF-01",
        "column": "Realisasi TW3",
        "value": "sembilan puluh",
    }


def test_cli_summary_names_file_cell_and_fix(tmp_path, capsys):
    folder = tmp_path / PERIOD
    folder.mkdir()
    path = CASES[1].build(folder)
    code = main(["validasi", str(path), "--keluaran", str(tmp_path / "out")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == (
        "DAFDUK.xlsx (DAFDUK, Bidang Pelayanan Pendaftaran Penduduk, 2026-TW3): "
        "TIDAK VALID - 1 galat, 0 peringatan"
    )
    assert out[1].split() == ["GALAT", "angka-tidak-valid", "1"]
    assert out[2] == (
        "GALAT      DAFDUK.xlsx, sheet Data Kinerja, sel L7 - DAF-01 [Realisasi TW3] "
        "(angka-tidak-valid)"
    )
    assert out[-1] == f"Umpan balik: {tmp_path / 'out' / PERIOD / 'umpan-balik' / 'DAFDUK.xlsx'}"


def test_json_output_equals_the_report_dictionary(tmp_path, capsys, sample_master):
    folder = tmp_path / PERIOD
    folder.mkdir()
    path = CASES[4].build(folder)
    main(["validasi", str(path), "--json", "--keluaran", str(tmp_path / "out")])
    printed = json.loads(capsys.readouterr().out)
    assert printed == validate_file(path, sample_master).to_dict()
    assert printed["valid"] is False
    assert [t["code"] for t in printed["temuan"]] == ["persen-lebih-100"]


def test_earlier_quarter_change_is_compared_with_the_accepted_file(sample_master):
    report = validate_file(ROOT / "input" / "2026-TW3" / "DAFDUK.xlsx", sample_master)
    [finding] = report.findings
    assert finding.message == (
        "'Realisasi TW2' berisi 31.220, berbeda dari yang sudah diterima (31.180)."
    )


def test_capaian_is_computed_for_every_row(sample_master):
    report = validate_file(ROOT / "input" / "2026-TW3" / "PIAK.xlsx", sample_master)
    row = report.table.set_index("kode").loc["PIK-04"]
    assert (row["realisasi"], row["target_dipakai"], row["capaian"]) == (95.0, 50.0, 10.0)
    assert row["predikat"] == "Sangat Rendah"
    assert row["cara_hitung"] == (
        "posisi TW3 = 95; target tahunan 50; negatif (2T−R)/T×100 = (2×50−95)/50×100, min. 0 = 10%"
    )


def test_folder_argument_checks_every_unit_with_progress(tmp_path, capsys):
    code = main(["validasi", str(ROOT / "input" / "2026-TW3"), "--keluaran", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "[1/5] CAPIL.xlsx" in out and "[5/5] SEKRETARIAT.xlsx" in out
    assert out.strip().splitlines()[-1] == "Ringkasan: 5 file diperiksa, 5 valid, 0 tidak valid."


def test_a_negative_value_is_not_also_called_implausible(tmp_path, sample_master):
    import openpyxl

    folder = tmp_path / PERIOD
    folder.mkdir()
    workbook = openpyxl.load_workbook(ROOT / "input" / PERIOD / "PIAK.xlsx")
    workbook["Data Kinerja"]["L10"] = -3  # PIK-04, negative polarity: capaian would be 206%
    workbook.save(folder / "PIAK.xlsx")
    report = validate_file(folder / "PIAK.xlsx", sample_master)
    assert [(f.cell, f.code) for f in report.findings] == [("L10", "angka-negatif")]


def test_many_files_are_checked_in_worker_processes_with_the_same_results(
    tmp_path, sample_master, monkeypatch
):
    files = []
    for number, case in enumerate(CASES):
        folder = tmp_path / f"kasus-{number:02d}" / PERIOD
        folder.mkdir(parents=True)
        files.append((case.build(folder), None))
    files += [(path, None) for path in sorted((ROOT / "input" / PERIOD).glob("*.xlsx"))]

    def outcome(reports):
        return [
            (r.path, r.unit, r.sha256, r.valid, [(f.cell, f.code, f.message) for f in r.findings])
            + (repr(r.rows), repr(r.table.to_dict("list")))
            for r in reports
        ]

    monkeypatch.setattr(validation, "PARALLEL_FILES", 10**9)
    one_by_one = validation.validate_files(files, sample_master)

    pools = []
    real_pool = validation.ProcessPoolExecutor

    def spy(workers, **options):
        pools.append(workers)
        return real_pool(workers, **options)

    monkeypatch.setattr(validation, "PARALLEL_FILES", 2)
    monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    monkeypatch.setattr(validation, "ProcessPoolExecutor", spy)
    seen = []
    parallel = validation.validate_files(
        files, sample_master, progress=lambda n, total, name: seen.append((n, total, name))
    )
    assert pools == [2]
    assert outcome(parallel) == outcome(one_by_one)
    assert [c.expected for c in CASES] == [
        [(f.cell, f.code) for f in r.findings] for r in parallel[: len(CASES)]
    ]
    assert seen == [(n, len(files), path.name) for n, (path, _) in enumerate(files, start=1)]


def _die(file):
    os._exit(3)


def test_a_worker_that_dies_ends_in_a_sentence_not_a_hang(tmp_path, monkeypatch, sample_master):
    files = [(path, None) for path in sorted((ROOT / "input" / PERIOD).glob("*.xlsx"))]
    monkeypatch.setattr(validation, "PARALLEL_FILES", 2)
    monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    monkeypatch.setattr(validation, "_check_in_worker", _die)
    with pytest.raises(DataKinerjaError) as refused:
        validation.validate_files(files, sample_master)
    assert refused.value.exit_code == 2
    assert "proses pemeriksa berhenti mendadak" in refused.value.message


def test_an_empty_earlier_quarter_of_a_cumulative_indicator_gets_no_capaian(
    tmp_path, sample_master, capsys
):
    folder = tmp_path / PERIOD
    folder.mkdir()
    path = _case("kumulatif-triwulan-kosong").build(folder)
    report = validate_file(path, sample_master)
    row = report.table.set_index("kode").loc["DAF-03"]
    assert row["capaian"] != row["capaian"]  # NaN in the typed frame: not computed
    assert row["alasan"] == "kumulatif: realisasi TW1 kosong (isi 0 bila tidak ada)"
    [finding] = report.findings
    assert finding.message == (
        "Indikator kumulatif ini menjumlahkan semua triwulan, tetapi kolom 'Realisasi TW1' "
        "kosong; jumlahnya akan terlalu kecil."
    )
    assert main(["validasi", str(path), "--keluaran", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    assert "sel J9 - DAF-03 [Realisasi TW1] (realisasi-kumulatif-kosong)" in out


@pytest.mark.parametrize(
    ("file_name", "claimed", "unit"),
    [
        ("laporan.xlsx", "../../../input/2026-TW3/DAFDUK", None),
        ("laporan.xlsx", "/tmp/laporan", None),
        ("DAFDUK (revisi).xlsx", "DAFDUK", None),
        ("DAFDUK.xlsx", "DAFDUK", "../../input/2026-TW3/CAPIL"),
    ],
)
def test_a_unit_comes_only_from_the_master_and_no_feedback_goes_elsewhere(
    tmp_path, file_name, claimed, unit, capsys
):
    """A file's hidden sheet (or a --unit) naming a path never becomes a file name."""
    from tests.corpus import _edit

    folder = tmp_path / "input" / PERIOD
    folder.mkdir(parents=True)
    path = _edit(file_name=file_name, meta={"unit": claimed})(folder)
    victim = folder / "CAPIL.xlsx"
    victim.write_bytes((ROOT / "input" / PERIOD / "CAPIL.xlsx").read_bytes())
    before = {p: p.read_bytes() for p in folder.iterdir()}
    args = ["validasi", str(path), "--keluaran", str(tmp_path / "out")]
    code = main(args + (["--unit", unit] if unit else []))
    output = capsys.readouterr()
    assert code == 1
    assert "nama-file-bukan-unit" in output.out
    assert "Traceback" not in output.out + output.err
    assert {p: p.read_bytes() for p in folder.iterdir()} == before
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.parent != folder]
    assert written == []


def test_cell_text_cannot_retitle_the_terminal_or_reorder_a_line(tmp_path, capsys):
    import re

    from tests.corpus import DATA_SHEET, _inline_text, _member

    folder = tmp_path / PERIOD
    folder.mkdir()
    sneaky = "\x1b]0;DIRETAS\x07\x1b[31mmerah\u202eKTP\x9b"
    # as Excel stores control characters in a cell's text: _x001B_
    stored = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"_x{ord(m.group()):04X}_", sneaky)
    path = _member(DATA_SHEET, _inline_text("L7", stored))(folder)
    assert main(["validasi", str(path), "--keluaran", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out
    assert "\\u001b]0;DIRETAS\\u0007\\u001b[31mmerah\\u202eKTP\\u009b" in out
    assert main(["validasi", str(path), "--json", "--keluaran", str(tmp_path / "out")]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["temuan"][0]["value"] == sneaky  # the JSON still means the same text


def test_workers_are_forked_where_possible_and_spawned_only_for_many_files(monkeypatch):
    context, enough = validation._worker_start()
    assert (context.get_start_method(), enough) == ("fork", validation.PARALLEL_FILES)
    monkeypatch.setattr(validation.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    context, enough = validation._worker_start()
    assert enough == validation.PARALLEL_FILES_SPAWNED > validation.PARALLEL_FILES
