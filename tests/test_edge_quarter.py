"""A quarter full of traps (SPEC section 6): every figure agrees in the terminal, the CSV,
the workbook's cached values and LibreOffice's recalculation.

The traps: capaian on the 91, 76, 66 and 51 band edges where binary floating point falls
just short (8,19/9, 2,28/3, 0,726/1,1, 16,83/33), a percent typed in Excel (kept as 0,994
with a percent format), a negative-polarity indicator at 0 against a target of 0, one
missing realisation (so only a `--draf` runs) and one unit with no file at all.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.master import read_master
from pipeline.periods import Period
from pipeline.sample import sample_answers, sample_approvals
from pipeline.template import write_template
from pipeline.workbooks import open_workbook, sheet_grid
from tests.helpers import indicator_row, make_master, recalculate_with_libreoffice

PERIOD = "2026-TW3"
UNITS = ("SEKRETARIAT", "DAFDUK", "CAPIL", "PIAK")  # PDIP hands in nothing

# indicator -> (master edits, TW3 realisation typed)
TRAPS = {
    "SEK-01": ({"Target Tahunan": 9}, 8.19),
    "SEK-03": ({"Target Tahunan": 3, "Akumulasi": "posisi"}, 2.28),
    "PIK-05": ({"Target Tahunan": 1.1}, 0.726),
    "PIK-03": ({"Target Tahunan": 33}, 16.83),
    "SEK-05": ({}, 0),  # negative polarity, target 0 in the sample master
}

# indicator -> (capaian, predikat) worked out on paper
EXPECTED = {
    "SEK-01": (91.0, "Sangat Tinggi"),
    "SEK-03": (76.0, "Tinggi"),
    "PIK-05": (66.0, "Sedang"),
    "PIK-03": (51.0, "Rendah"),
    "SEK-05": (100.0, "Sangat Tinggi"),
    "DAF-01": (100.0, "Sangat Tinggi"),  # 99,4% typed in Excel against a target of 99,4
    "CAP-02": (None, ""),  # TW3 left empty
}


@pytest.fixture(scope="module")
def quarter(tmp_path_factory):
    """Build the period, run `konsolidasi --draf` as a user would; keep what it printed."""
    tmp_path = tmp_path_factory.mktemp("edges")
    edits = {
        ("Indikator", indicator_row(code), header): value
        for code, (changes, _) in TRAPS.items()
        for header, value in changes.items()
    }
    master_path = make_master(tmp_path, edits)
    master = read_master(master_path)
    answers = sample_answers(PERIOD)
    for code, (_, typed) in TRAPS.items():
        unit = next(u for u in answers if code in answers[u])
        answers[unit][code]["realisasi_tw3"] = typed
    for code in ("PIK-03", "PIK-05"):  # below Tinggi: the unit explains, as it must
        answers["PIAK"][code].update(faktor_penghambat="Pengadaan tertunda.", tindak_lanjut="TW4.")
    del answers["CAPIL"]["CAP-02"]["realisasi_tw3"]
    folder = tmp_path / "input" / PERIOD
    for unit in UNITS:
        write_template(
            master,
            Period.parse(PERIOD),
            unit,
            folder / f"{unit}.xlsx",
            filled=answers[unit],
            approval=sample_approvals(PERIOD)[unit],
        )
    workbook = openpyxl.load_workbook(folder / "DAFDUK.xlsx")  # DAF-01 is row 7, TW3 column L
    workbook["Data Kinerja"]["L7"].value = 0.994
    workbook["Data Kinerja"]["L7"].number_format = "0.0%"
    workbook.save(folder / "DAFDUK.xlsx")
    return tmp_path, master_path


@pytest.fixture(scope="module")
def run(quarter):
    """`konsolidasi --draf` as a user runs it: exit code, what it printed, what it wrote."""
    tmp_path, master_path = quarter
    args = ["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15", "--draf"]
    args += ["--master", str(master_path), "--masukan", str(tmp_path / "input")]
    args += ["--keluaran", str(tmp_path / "output")]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(args)
    output = tmp_path / "output" / PERIOD
    workbook = output / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"
    return code, printed.getvalue(), workbook, output / f"Data-Kinerja-{PERIOD}.csv"


def csv_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["kode"]: row for row in csv.DictReader(handle)}


def excel_round(values):
    """The mean of capped capaian as Excel's ROUND(AVERAGE(...); 2), in decimal arithmetic."""
    decimals = [Decimal(v) for v in values]
    mean = sum(decimals) / len(decimals)
    return float(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def workbook_figures(path):
    """Per indicator (capaian, predikat), per unit capaian, the office capaian and the
    counts per predikat, as the workbook holds them."""
    book = open_workbook(path)
    measures = sheet_grid(book, "Pengukuran Kinerja")
    codes = sheet_grid(book, "Rincian Perhitungan")  # row for row with Pengukuran Kinerja
    header = next(
        i
        for i, row in enumerate(measures)
        if row[:3] == ["No", "Sasaran Strategis", "Indikator Kinerja"]
    )
    assert codes[header][:2] == ["No", "Kode"]
    indicators = {
        code[1]: (row[7] if row[7] != "" else None, row[8] if row[8] != "tidak dihitung" else "")
        for row, code in zip(measures[header + 1 :], codes[header + 1 :], strict=False)
        if code[1]
    }
    summary = sheet_grid(book, "Ringkasan")
    units: dict = {}
    for row in summary:  # the unit table comes first; the chart's data block repeats codes
        if row and row[0] in (*UNITS, "PDIP"):
            units.setdefault(row[0], row[2])
    counts_at = next(
        i for i, row in enumerate(summary) if row[:2] == ["Predikat", "Jumlah indikator"]
    )
    counts = {summary[i][0]: summary[i][1] for i in range(counts_at + 1, counts_at + 6)}
    return indicators, units, summary[5][1], counts


def test_the_draft_runs_and_says_which_units_are_flagged(run):
    code, out, workbook, tidy = run
    assert code == 0
    assert out.splitlines()[0] == "DRAF: unit CAPIL, PDIP belum lengkap atau memuat galat."
    assert workbook.is_file() and tidy.is_file()


def test_trap_indicators_have_the_capaian_worked_out_on_paper(run):
    _, _, workbook, tidy = run
    rows = csv_rows(tidy)
    indicators, _, _, _ = workbook_figures(workbook)
    for code, (capaian, predikat) in EXPECTED.items():
        shown = rows[code]["capaian"]
        assert (float(shown) if shown else None, rows[code]["predikat"]) == (capaian, predikat), (
            code
        )
        assert indicators[code] == (capaian, predikat), code
    assert rows["CAP-02"]["alasan"] == "realisasi belum diisi"
    assert rows["PDI-01"]["alasan"] == "file unit tidak ada"
    assert rows["DAF-01"]["realisasi"] == "99.4"


def test_terminal_csv_and_cached_values_agree_on_every_mean(run):
    _, out, workbook, tidy = run
    rows = csv_rows(tidy).values()
    indicators, units, office, counts = workbook_figures(workbook)
    capped = [r["capaian_dibatasi"] for r in rows if r["capaian_dibatasi"]]
    assert office == excel_round(capped)
    assert re.search(rf"Capaian kinerja Dinas .*: {_percent(office)} ", out)
    for unit in UNITS:
        own = [r["capaian_dibatasi"] for r in rows if r["unit"] == unit and r["capaian_dibatasi"]]
        assert units[unit] == excel_round(own), unit
        assert re.search(rf"^  {unit}\s+{_percent(units[unit])} ", out, re.M), unit
    assert units["PDIP"] == "file belum ada"
    pdip = next(r for r in sheet_grid(open_workbook(workbook), "Ringkasan") if r[0] == "PDIP")
    assert pdip[4:8] == ["-", "tidak ada", "-", "-"]  # no completeness or findings to count
    assert re.search(r"^  PDIP\s+-  file belum ada$", out, re.M)
    by_band = {band: sum(1 for r in rows if r["predikat"] == band) for band in counts}
    assert counts == by_band
    assert f"Indikator per predikat: {', '.join(f'{b} {n}' for b, n in by_band.items())}" in out
    assert {code: v for code, v in indicators.items()} == {
        r["kode"]: (float(r["capaian"]) if r["capaian"] else None, r["predikat"]) for r in rows
    }


def test_the_draft_opens_in_openpyxl_and_holds_no_nan_or_inf(run):
    _, _, workbook, _ = run
    openpyxl.load_workbook(workbook)  # raises on a `<v>nan</v>`
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                assert not re.search(r"<v>-?(nan|inf)</v>", xml, re.I), name


def test_a_missing_realisation_stays_empty_on_the_unit_sheet(run):
    _, _, workbook, _ = run
    grid = sheet_grid(open_workbook(workbook), "CAPIL")
    header = next(i for i, row in enumerate(grid) if row[:2] == ["No", "Kode"])
    row = next(r for r in grid[header + 1 :] if r[1] == "CAP-02")
    titles = grid[header]
    assert row[titles.index("Realisasi TW3")] in ("", None)
    assert row[titles.index("Realisasi s.d. TW3")] in ("", None)
    formulas = openpyxl.load_workbook(workbook)["CAPIL"]
    cell = formulas.cell(header + 1 + 1 + 1, titles.index("Realisasi s.d. TW3") + 1)
    assert cell.value.startswith("=IF(")  # empty stays empty after recalculation too


@pytest.mark.slow
def test_libreoffice_recalculates_the_trap_quarter_to_the_same_figures(run, tmp_path):
    _, _, workbook, _ = run
    recalculated = recalculate_with_libreoffice(workbook, tmp_path / "recalc")
    assert workbook_figures(recalculated) == workbook_figures(workbook)
    grid = sheet_grid(open_workbook(recalculated), "CAPIL")
    header = next(i for i, row in enumerate(grid) if row[:2] == ["No", "Kode"])
    row = next(r for r in grid[header + 1 :] if r[1] == "CAP-02")
    assert row[grid[header].index("Realisasi s.d. TW3")] in ("", None)  # not 0


def _percent(value: float) -> str:
    return re.escape(f"{value:,.2f}%".replace(",", "_").replace(".", ",").replace("_", "."))
