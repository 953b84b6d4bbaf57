from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import DataKinerjaError
from pipeline.master import read_master
from pipeline.sample import build_master
from pipeline.workbooks import open_workbook, sheet_grid
from tests.conftest import ROOT
from tests.helpers import DROP, indicator_row, make_master

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


def test_a_file_that_is_not_a_workbook_exits_2(tmp_path, capsys):
    path = tmp_path / "master.xlsx"
    path.write_text("ini bukan excel")
    code = main(["template", "--periode", "2026-TW2", "--master", str(path)])
    assert code == 2
    assert "tidak dapat dibaca sebagai file Excel" in capsys.readouterr().err


# --- the master cache (every command reads the master; it changes a few times a year)


def _frames_equal(a, b) -> bool:
    return a.indicators.equals(b.indicators) and a.units.equals(b.units)


def test_a_checked_master_is_taken_from_the_cache_the_second_time(tmp_path, monkeypatch):
    import pipeline.master as module

    path = make_master(tmp_path, {("Indikator", SEK01, "Target Tahunan"): "75,5"})
    first = read_master(path, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("master-*.pickle"))) == 1

    def must_not_read(_path, _digest):
        raise AssertionError("the cached master should have been used")

    monkeypatch.setattr(module, "_read_master", must_not_read)
    moved = path.rename(tmp_path / "elsewhere.xlsx")  # same bytes, another name
    second = read_master(moved, cache_dir=tmp_path / "cache")
    assert second.path == moved
    assert _frames_equal(first, second)
    assert second.office == first.office
    assert second.warnings == first.warnings  # its warnings are still reported
    assert repr(second.unit_records("CAPIL", 2026)) == repr(first.unit_records("CAPIL", 2026))
    assert second.unit_hash("DAFDUK", 2026) == first.unit_hash("DAFDUK", 2026)


def test_a_changed_master_is_read_again(tmp_path):
    cache = tmp_path / "cache"
    path = make_master(tmp_path, {("Indikator", SEK01, "Target Tahunan"): 80})
    assert read_master(path, cache_dir=cache).indicators.loc[SEK01, "target"] == 80
    path = make_master(tmp_path, {("Indikator", SEK01, "Target Tahunan"): 90})
    assert read_master(path, cache_dir=cache).indicators.loc[SEK01, "target"] == 90
    assert len(list(cache.glob("master-*.pickle"))) == 2


def test_a_master_with_galat_is_never_cached(tmp_path):
    cache = tmp_path / "cache"
    path = make_master(tmp_path, {("Indikator", SEK01, "Polaritas"): "naik"})
    for _ in range(2):
        with pytest.raises(DataKinerjaError) as caught:
            read_master(path, cache_dir=cache)
        assert [f.code for f in caught.value.findings] == ["master-pilihan-tidak-valid"]
    assert not list(cache.glob("master-*"))


def test_a_damaged_or_stale_cache_is_only_a_slower_run(tmp_path, monkeypatch):
    import pipeline.master as module

    cache = tmp_path / "cache"
    path = make_master(tmp_path)
    expected = read_master(path, cache_dir=cache)
    (cached,) = cache.glob("master-*.pickle")
    cached.write_bytes(b"rusak")
    assert _frames_equal(read_master(path, cache_dir=cache), expected)
    assert cached.read_bytes() != b"rusak"  # replaced by a good one

    # new code (or new pandas) makes every cached master stale
    module._cache_stamp.cache_clear()
    monkeypatch.setattr(module, "__version__", "9.9.9")
    calls = []
    monkeypatch.setattr(module, "_read_master", lambda p, _d: calls.append(p) or expected)
    read_master(path, cache_dir=cache)
    module._cache_stamp.cache_clear()
    assert calls == [path]


def test_an_unwritable_cache_folder_does_not_stop_the_command(tmp_path):
    blocked = tmp_path / "bukan-folder"
    blocked.write_text("sebuah file, bukan folder")
    master = read_master(make_master(tmp_path), cache_dir=blocked / "cache")
    assert len(master.indicators) >= 25


def test_commands_keep_the_cache_under_the_output_folder(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["template", "--periode", "2026-TW3", "--masukan", str(tmp_path), "--keluaran", str(out)]
    assert main(args) == 0
    assert len(list((out / ".cache").glob("master-*.pickle"))) == 1
    assert main(args) == 0
    assert len(list((out / ".cache").glob("master-*.pickle"))) == 1
