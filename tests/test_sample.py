from __future__ import annotations

import shutil

import pytest

from pipeline.sample import SAMPLE_PERIODS, build_period
from pipeline.workbooks import open_workbook, sheet_grid
from tests.conftest import ROOT


@pytest.mark.parametrize("period", SAMPLE_PERIODS)
def test_committed_unit_files_match_their_csv_source(tmp_path, period):
    rebuilt = build_period(period, input_dir=tmp_path)
    assert len(rebuilt) == 5
    for path in rebuilt:
        committed = open_workbook(ROOT / "input" / period / path.name)
        fresh = open_workbook(path)
        assert committed.sheet_names == fresh.sheet_names
        for sheet in committed.sheet_names:
            assert sheet_grid(committed, sheet) == sheet_grid(fresh, sheet), (path.name, sheet)


def test_committed_review_log_matches_its_source(tmp_path):
    from pipeline.sample import build_log

    rebuilt = build_log("2026-TW3", input_dir=tmp_path)
    committed = ROOT / "input" / "2026-TW3" / "log-review.csv"
    assert rebuilt.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")


def test_committed_katim_analysis_matches_its_source(tmp_path):
    from pipeline.sample import build_katim_analysis

    period = "2026-TW3"
    shutil.copytree(ROOT / "input" / period, tmp_path / period)
    (tmp_path / period / f"Analisis-Katim-{period}.xlsx").unlink()
    rebuilt = build_katim_analysis(period, input_dir=tmp_path)
    assert rebuilt is not None
    committed = open_workbook(ROOT / "input" / period / rebuilt.name)
    fresh = open_workbook(rebuilt)
    assert committed.sheet_names == fresh.sheet_names
    for sheet in committed.sheet_names:
        assert sheet_grid(committed, sheet) == sheet_grid(fresh, sheet), sheet
