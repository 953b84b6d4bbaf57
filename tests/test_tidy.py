from __future__ import annotations

import csv
import dataclasses

from pipeline.tidy import COLUMNS, tidy_rows, write_tidy_csv


def test_one_row_per_indicator_with_the_documented_columns(tmp_path, sample_evaluation):
    path = write_tidy_csv(sample_evaluation, tmp_path / "Data-Kinerja-2026-TW3.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [name for name, _ in COLUMNS]
    assert [r["kode"] for r in rows] == [r.kode for r in sample_evaluation.records]
    sek01 = rows[0]
    assert (sek01["periode"], sek01["unit"], sek01["iku"]) == ("2026-TW3", "SEKRETARIAT", "ya")
    assert (sek01["target"], sek01["realisasi"], sek01["capaian"]) == ("75", "72.8", "97.07")
    assert (sek01["predikat"], sek01["alasan"]) == ("Sangat Tinggi", "")
    by_code = {r["kode"]: r for r in rows}
    assert by_code["CAP-06"]["realisasi"] == "89.9"  # mean of 3 quarters, no float noise
    for row, record in zip(rows, sample_evaluation.records, strict=True):
        assert float(row["capaian"]) == record.capaian
        assert float(row["capaian_dibatasi"]) == record.capaian_dibatasi


def test_same_evaluation_gives_identical_bytes(tmp_path, sample_evaluation):
    first = write_tidy_csv(sample_evaluation, tmp_path / "a.csv").read_bytes()
    assert write_tidy_csv(sample_evaluation, tmp_path / "b.csv").read_bytes() == first
    assert first.decode("utf-8").count("\n") == len(sample_evaluation.records) + 1


def test_text_that_a_spreadsheet_would_run_is_made_inert(sample_evaluation):
    first, second = sample_evaluation.records[:2]
    records = [
        dataclasses.replace(first, indikator='=HYPERLINK("http://x","klik")'),
        dataclasses.replace(second, sasaran="+cmd|' /C calc'!A0", alasan="@SUM(1)"),
    ]
    evaluation = dataclasses.replace(sample_evaluation, records=records)
    rows = tidy_rows(evaluation)
    assert rows[1][4] == """'=HYPERLINK("http://x","klik")"""
    assert rows[2][2] == "'+cmd|' /C calc'!A0"
    assert rows[2][15] == "'@SUM(1)"


def test_a_figure_that_cannot_be_computed_is_empty_with_its_reason(sample_evaluation):
    record = dataclasses.replace(
        sample_evaluation.records[0],
        capaian=None,
        capaian_dibatasi=None,
        predikat="",
        capaian_tahunan=None,
        realisasi=None,
        alasan="file unit tidak ada",
    )
    records = [record]
    rows = tidy_rows(dataclasses.replace(sample_evaluation, records=records))
    assert rows[1][10:] == ["", "", "", "", "", "file unit tidak ada"]
