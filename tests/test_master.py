from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import DataKinerjaError
from pipeline.master import read_master
from pipeline.sample import build_master
from pipeline.workbooks import open_workbook, sheet_grid
from tests.conftest import ROOT
from tests.helpers import DROP, SAMPLE_SHEETS, indicator_row, make_master

DAF03 = indicator_row("DAF-03")  # positif, kumulatif, quarterly targets
SEK01 = indicator_row("SEK-01")


def findings_of(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(DataKinerjaError) as caught:
        read_master(path)
    assert caught.value.exit_code == 1
    return [(f.sheet, f.cell, f.code) for f in caught.value.findings]


def test_sample_master_reads_clean(sample_master):
    indicators = sample_master.indicators
    assert len(indicators) >= 25
    assert set(indicators["unit"]) == {"SEKRETARIAT", "DAFDUK", "CAPIL", "PIAK", "PDIP"}
    assert set(indicators["polaritas"]) == {"positif", "negatif"}
    assert set(indicators["akumulasi"]) == {"kumulatif", "posisi", "rata-rata"}
    assert indicators["target_tw2"].notna().sum() > 0
    assert sample_master.warnings == ()
    assert "ilustratif" in sample_master.office["catatan"]


def test_committed_master_matches_its_csv_source(tmp_path):
    rebuilt = build_master(tmp_path / "master.xlsx")
    committed = open_workbook(ROOT / "input" / "master.xlsx")
    fresh = open_workbook(rebuilt)
    assert committed.sheet_names == fresh.sheet_names
    for sheet in committed.sheet_names:
        assert sheet_grid(committed, sheet) == sheet_grid(fresh, sheet), sheet


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            {("Indikator", DAF03, "Kode Indikator"): "DAF-01"},
            [
                ("Indikator", "B7", "master-kode-ganda"),
                ("Indikator", f"B{DAF03}", "master-kode-ganda"),
            ],
        ),
        (
            {("Indikator", DAF03, "Unit"): "DUKCAPIL"},
            [("Indikator", f"C{DAF03}", "master-unit-tidak-dikenal")],
        ),
        (
            {("Indikator", DAF03, "Polaritas"): "naik"},
            [("Indikator", f"H{DAF03}", "master-pilihan-tidak-valid")],
        ),
        (
            {("Indikator", DAF03, "Akumulasi"): "total"},
            [("Indikator", f"I{DAF03}", "master-pilihan-tidak-valid")],
        ),
        (
            {("Indikator", SEK01, "Target Tahunan"): -5},
            [("Indikator", f"J{SEK01}", "master-target-negatif")],
        ),
        (
            {("Indikator", SEK01, "Target Tahunan"): "tujuh puluh"},
            [("Indikator", f"J{SEK01}", "angka-tidak-valid")],
        ),
        (
            {("Indikator", SEK01, "Target Tahunan"): 0},
            [("Indikator", f"J{SEK01}", "master-target-nol")],
        ),
        (
            {("Indikator", DAF03, "Target TW3"): 50000},
            [("Indikator", f"M{DAF03}", "master-target-menurun")],
        ),
        (
            {("Indikator", DAF03, "Satuan"): None},
            [("Indikator", f"G{DAF03}", "master-isian-kosong")],
        ),
        (
            {("Indikator", DAF03, "Kode Indikator"): "daf 03"},
            [("Indikator", f"B{DAF03}", "master-kode-tidak-valid")],
        ),
        (
            {("Indikator", DAF03, "Tahun"): "20x6"},
            [("Indikator", f"A{DAF03}", "master-tahun-tidak-valid")],
        ),
        (
            {("Indikator", DAF03, "Boleh Lebih dari 100%"): "mungkin"},
            [("Indikator", f"O{DAF03}", "ya-tidak-tidak-valid")],
        ),
        (
            {("Unit", 3, "NIP Kepala"): "19750610 199803 1 04"},
            [("Unit", "E3", "nip-tidak-valid")],
        ),
        (
            {("Unit", 3, "Kode Unit"): "DAF DUK"},
            [("Unit", "A3", "master-kode-tidak-valid")]
            + [("Indikator", f"C{r}", "master-unit-tidak-dikenal") for r in range(7, 13)],
        ),
        (
            {("Dinas", 6, "Nilai"): "19700315 199413 1 005"},
            [("Dinas", "B6", "nip-tidak-valid")],
        ),
        (
            {("Indikator", 1, "Satuan"): DROP},
            [("Indikator", "", "master-kolom-hilang")],
        ),
        (
            {("Skala", 6, "Capaian Minimum"): 10},
            [("Skala", "", "master-skala-tidak-valid")],
        ),
        (
            {("Jadwal", 3, "Batas Waktu Penyampaian"): "besok"},
            [("Jadwal", "B3", "master-tanggal-tidak-valid")],
        ),
        (
            {("Dinas", 12, "Nilai"): -50},
            [("Dinas", "B12", "master-batas-capaian-tidak-valid")],
        ),
        (
            {("Dinas", 12, "Nilai"): "sembilan puluh"},
            [("Dinas", "B12", "master-batas-capaian-tidak-valid")],
        ),
        (
            {("Indikator", SEK01, "Target Tahunan"): 1e308},
            [("Indikator", f"J{SEK01}", "angka-di-luar-batas")],
        ),
    ],
    ids=[
        "kode-ganda",
        "unit",
        "polaritas",
        "akumulasi",
        "negatif",
        "bukan-angka",
        "target-nol",
        "menurun",
        "kosong",
        "kode",
        "tahun",
        "ya-tidak",
        "nip-unit",
        "kode-unit",
        "nip-dinas",
        "kolom-hilang",
        "skala",
        "jadwal",
        "batas-capaian-negatif",
        "batas-capaian-teks",
        "target-raksasa",
    ],
)
def test_each_master_rule_names_sheet_cell_and_code(tmp_path, edits, expected):
    assert findings_of(make_master(tmp_path, edits)) == expected


def test_missing_sheet_is_named(tmp_path):
    assert findings_of(make_master(tmp_path, drop=("Unit",))) == [
        ("Unit", "", "master-sheet-hilang")
    ]


def test_negative_polarity_allows_a_zero_target(sample_master):
    row = sample_master.indicators.set_index("kode").loc["SEK-05"]
    assert (row["polaritas"], row["target"]) == ("negatif", 0.0)


def test_text_number_is_read_and_warned(tmp_path):
    master = read_master(make_master(tmp_path, {("Indikator", SEK01, "Target Tahunan"): "75,5"}))
    assert master.indicators.loc[SEK01, "target"] == 75.5
    assert [(f.cell, f.code) for f in master.warnings] == [(f"J{SEK01}", "angka-tidak-bersih")]


def test_message_says_what_and_how_to_fix(tmp_path):
    path = make_master(tmp_path, {("Indikator", DAF03, "Unit"): "DUKCAPIL"})
    with pytest.raises(DataKinerjaError) as caught:
        read_master(path)
    finding = caught.value.findings[0]
    assert finding.message == "Unit 'DUKCAPIL' tidak ada di sheet Unit."
    assert "SEKRETARIAT, DAFDUK, CAPIL, PIAK, PDIP" in finding.hint
    assert finding.indicator == "DAF-03"


def test_broken_master_exits_1_with_the_cell_in_the_message(tmp_path, capsys):
    path = make_master(tmp_path, {("Indikator", SEK01, "Polaritas"): "naik"})
    code = main(
        [
            "template",
            "--periode",
            "2026-TW2",
            "--master",
            str(path),
            "--keluaran",
            str(tmp_path / "out"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines()[0] == (
        f"GAGAL: Master indikator {path} memuat 1 galat yang harus diperbaiki sebelum "
        "perintah ini dapat dijalankan."
    )
    assert f"master.xlsx, sheet Indikator, sel H{SEK01} - SEK-01 [Polaritas]" in err
    assert "Isi dengan salah satu dari: positif, negatif." in err
    assert "Traceback" not in err


def test_an_unknown_isian_in_the_dinas_sheet_is_named_with_the_known_ones(tmp_path, capsys):
    row = len(SAMPLE_SHEETS["Dinas"]) + 1  # a row added under the last isian
    edits = {("Dinas", row, "Isian"): "Telepon", ("Dinas", row, "Nilai"): "(061) 4512345"}
    path = make_master(tmp_path, edits)
    with pytest.raises(DataKinerjaError) as caught:
        read_master(path)
    assert [(f.sheet, f.cell, f.code) for f in caught.value.findings] == [
        ("Dinas", f"A{row}", "master-isian-tidak-dikenal")
    ]
    args = ["template", "--periode", "2026-TW3", "--master", str(path)]
    assert main([*args, "--keluaran", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"master.xlsx, sheet Dinas, sel A{row} (master-isian-tidak-dikenal)" in err
    assert "Isian 'Telepon' di sheet Dinas tidak dikenal." in err
    assert "Gunakan salah satu nama isian: nama dinas, kota, alamat, nama kepala dinas" in err
    assert not (tmp_path / "out").exists()


def test_a_file_that_is_not_a_workbook_exits_2(tmp_path, capsys):
    path = tmp_path / "master.xlsx"
    path.write_text("ini bukan excel")
    args = ["template", "--periode", "2026-TW2", "--master", str(path)]
    code = main([*args, "--keluaran", str(tmp_path / "out")])
    assert code == 2
    assert "tidak dapat dibaca sebagai file Excel" in capsys.readouterr().err


# --- nothing read from disk is deserialised (SPEC section 11)


def test_a_planted_cache_file_is_never_read_or_run(tmp_path, capsys):
    """A pickle in the output folder once stood in for the master: it ran code and changed
    the office's predikat silently. Now no command reads such a file."""
    import pickle

    marker = tmp_path / "dijalankan"

    class Payload:
        def __reduce__(self):
            return (marker.write_text, ("kode berjalan",))

    out = tmp_path / "out"
    planted = out / ".cache" / "master-x.pickle"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(pickle.dumps(Payload()))
    before = planted.read_bytes()
    common = ["--periode", "2026-TW3", "--keluaran", str(out)]
    assert main(["status", *common]) in (0, 1)
    assert main(["template", *common, "--masukan", str(tmp_path)]) == 0
    assert not marker.exists()
    assert planted.read_bytes() == before  # not replaced either
    assert sorted(p.name for p in planted.parent.iterdir()) == ["master-x.pickle"]


def test_no_project_code_deserialises_pickle_marshal_or_shelve():
    root = Path(__file__).resolve().parent.parent
    for path in [*root.glob("pipeline/*.py"), *root.glob("schemas/*.py"), root / "run.py"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(import|from)\s+(pickle|marshal|shelve|dill)\b", text), path
        assert not re.search(r"\b(eval|exec)\(", text), path


@pytest.mark.parametrize("ref", ["A1048576", "XFD1"])
def test_a_master_reaching_far_beyond_its_table_is_refused_unread(tmp_path, ref, capsys):
    import zipfile

    source = make_master(tmp_path)
    target = tmp_path / "besar.xlsx"
    row = "".join(ch for ch in ref if ch.isdigit())
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":  # Indikator
                cell = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
                data = data.replace(b"</sheetData>", cell + b"</sheetData>")
            new.writestr(info, data)
    args = ["template", "--periode", "2026-TW3", "--master", str(target)]
    assert main([*args, "--keluaran", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"GAGAL: Master indikator {target.name} ditolak tanpa dibuka: isinya")
    assert "di sheet 'Indikator'" in err


def test_sasaran_that_differ_only_in_case_are_one_sasaran(tmp_path):
    first = read_master(make_master(tmp_path)).indicators.loc[SEK01, "sasaran"]
    edits = {("Indikator", indicator_row("SEK-04"), "Sasaran Strategis"): first.upper()}
    master = read_master(make_master(tmp_path, edits))
    assert master.indicators.loc[indicator_row("SEK-04"), "sasaran"] == first


def test_an_indicator_record_has_the_master_columns_in_their_order(sample_master):
    from pipeline.master import INDICATOR_COLUMNS, Indicator

    assert Indicator.__slots__ == ("row", *(c.key for c in INDICATOR_COLUMNS))
    first = sample_master.rows[0]
    assert (first.kode, first.target, first.tahun_renstra) == ("SEK-01", 75.0, 2026)


def test_a_column_only_the_report_shows_does_not_outdate_templates(tmp_path):
    sample = read_master(ROOT / "input" / "master.xlsx")
    row = indicator_row("DAF-02")
    for header, value, outdated in (
        ("IKU", "ya", False),
        ("Target Tahun Lalu", 12, False),
        ("Target Akhir Renstra", 55, False),
        ("Indikator Kinerja", "Persentase lain", True),
        ("Target Tahunan", 41, True),
    ):
        edited = read_master(make_master(tmp_path, {("Indikator", row, header): value}))
        changed = edited.unit_hash("DAFDUK", 2026) != sample.unit_hash("DAFDUK", 2026)
        assert changed is outdated, header


def test_target_tahun_lalu_is_read_and_checked(tmp_path):
    row = indicator_row("SEK-01")
    master = read_master(ROOT / "input" / "master.xlsx")
    assert master.unit_records("SEKRETARIAT", 2026)["SEK-01"].target_lalu == 71
    broken = make_master(tmp_path, {("Indikator", row, "Target Tahun Lalu"): -5})
    with pytest.raises(DataKinerjaError) as refused:
        read_master(broken)
    found = [(f.sheet, f.cell, f.code) for f in refused.value.findings]
    assert found == [("Indikator", f"R{row}", "master-target-negatif")]
