"""The consolidated workbook (pipeline/office_report/): what each sheet holds, its formulas
and their cached values, printing and LibreOffice's recalculation. Which periods may be
consolidated at all (blocking, drafts) is tested in test_consolidation.py."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import openpyxl
import pytest
import xlsxwriter

from pipeline.cli import main
from pipeline.office_report import write_report
from pipeline.workbooks import open_workbook, sheet_grid
from tests.conftest import ROOT
from tests.corpus import CASES
from tests.helpers import (
    PERIOD,
    convert_with_libreoffice,
    copy_input,
    overlapping_words,
    recalculate_with_libreoffice,
    report_path,
    run,
    sheet_pages,
    type_size,
)

SHEETS = [
    "Ringkasan",
    "Pengukuran Kinerja",
    "Rincian Perhitungan",
    "Tahun Lalu dan Renstra",
    "Analisis",
    "Per Sasaran",
    "SEKRETARIAT",
    "DAFDUK",
    "CAPIL",
    "PIAK",
    "PDIP",
    "Validasi",
    "Log Review",
    "Sumber Data",
]


def test_sheets_in_spec_order(sample_report):
    assert openpyxl.load_workbook(sample_report).sheetnames == SHEETS


def test_capaian_cells_are_formulas_caching_the_tools_figures(sample_report, sample_evaluation):
    book = openpyxl.load_workbook(sample_report)
    formulas, calculation = book["Pengukuran Kinerja"], book["Rincian Perhitungan"]
    values = sheet_grid(open_workbook(sample_report), "Pengukuran Kinerja")
    for i, row in enumerate(sample_evaluation.lkjip):
        excel = 7 + i
        assert calculation[f"B{excel}"].value == row.kode  # row for row
        assert formulas[f"C{excel}"].value == row.indikator
        assert formulas[f"H{excel}"].value.startswith("=")
        assert values[excel - 1][7] == row.capaian, row.kode
        assert values[excel - 1][8] == row.predikat
    assert formulas["H7"].value == "=ROUND(G7/F7*100,2)"
    sek05 = 7 + [r.kode for r in sample_evaluation.lkjip].index("SEK-05")
    assert formulas[f"H{sek05}"].value == f"=IF(G{sek05}=0,100,0)"


def test_pengukuran_is_the_lkjip_table_each_sasaran_once_iku_first(
    sample_report, sample_evaluation
):
    grid = sheet_grid(open_workbook(sample_report), "Pengukuran Kinerja")
    header = next(i for i, row in enumerate(grid) if row[:2] == ["No", "Sasaran Strategis"])
    assert grid[header] == [
        "No",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "IKU",
        "Satuan",
        "Target s.d. TW3",
        "Realisasi s.d. TW3",
        "Capaian (%)",
        "Predikat",
        "Unit",
    ]
    rows = grid[header + 1 : header + 1 + len(sample_evaluation.records)]
    written = [row[1] for row in rows if row[1]]
    sasaran = [s.sasaran for s in sample_evaluation.per_sasaran]
    assert written == sasaran  # each once, in the order of Per Sasaran
    by_indicator = {r.indikator: r for r in sample_evaluation.records}
    group = ""
    seen_plain: set[str] = set()
    for row in rows:
        record = by_indicator[row[2]]
        group = row[1] or group
        assert record.sasaran == group  # beneath its sasaran
        assert (row[3] or "") == ("IKU" if record.iku else "")
        assert not (record.iku and group in seen_plain), row[2]  # IKU before the others
        if not record.iku:
            seen_plain.add(group)
        assert row[9] == record.unit
    assert (
        sum(1 for row in rows if row[3] == "IKU")
        == sum(r.iku for r in sample_evaluation.records)
        > 3
    )


def test_summary_caches_office_capaian_and_predikat(sample_report, sample_evaluation):
    grid = sheet_grid(open_workbook(sample_report), "Ringkasan")
    assert grid[5][1] == sample_evaluation.office_capaian
    assert grid[6][1] == sample_evaluation.office_predikat == "Tinggi"
    assert sample_evaluation.office_capaian == 87.84
    ws = openpyxl.load_workbook(sample_report)["Ringkasan"]
    assert len(ws._charts) == 2


def test_same_inputs_and_date_give_identical_bytes(tmp_path, sample_report):
    assert run(tmp_path) == 0
    assert report_path(tmp_path).read_bytes() == sample_report.read_bytes()


def test_unit_text_arrives_as_text(tmp_path):
    input_dir = copy_input(tmp_path, units=("SEKRETARIAT", "CAPIL", "PIAK", "PDIP"))
    case = next(c for c in CASES if c.name == "teks-rumus")
    case.build(input_dir / PERIOD)
    assert run(tmp_path, input_dir=input_dir) == 0
    ws = openpyxl.load_workbook(report_path(tmp_path))["DAFDUK"]
    texts = [ws.cell(9, c).value for c in range(1, ws.max_column + 1)]  # under the figures
    for typed in (
        '=HYPERLINK("http://contoh.invalid","klik")',
        "+cmd|' /C calc'!A0",
        "@SUM(1)",
        "-2+3",
    ):
        column = texts.index(typed) + 1
        assert ws.cell(9, column).data_type == "s"


def test_a_crash_mid_write_leaves_the_previous_workbook(
    tmp_path, monkeypatch, sample_master, sample_evaluation
):
    assert run(tmp_path) == 0
    before = report_path(tmp_path).read_bytes()

    def broken(book, ws, unit, positions):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr("pipeline.office_report.units.write_unit", broken)
    from pipeline.office_report import ReportContext

    with pytest.raises(RuntimeError):
        write_report(
            sample_evaluation,
            ReportContext(report_date=__import__("datetime").date(2026, 10, 16)),
            report_path(tmp_path),
        )
    assert report_path(tmp_path).read_bytes() == before
    assert sorted(p.name for p in report_path(tmp_path).parent.iterdir()) == [
        f"Data-Kinerja-{PERIOD}.csv",
        report_path(tmp_path).name,
        "template",  # the Katim's analysis template, from the first run
    ]


def test_sources_sheet_lists_every_input_hash(sample_report):
    grid = sheet_grid(open_workbook(sample_report), "Sumber Data")
    rows = {row[0]: row for row in grid if row and row[0] in ("DAFDUK", "PIAK")}
    for unit, row in rows.items():
        digest = hashlib.sha256((ROOT / "input" / PERIOD / f"{unit}.xlsx").read_bytes())
        assert row[3] == digest.hexdigest()
        assert row[2] == "valid"
    master_row = next(row for row in grid if row and row[0] == "SHA-256 master")
    master_digest = hashlib.sha256((ROOT / "input" / "master.xlsx").read_bytes()).hexdigest()
    assert master_digest in master_row


def test_unit_sheet_shows_quarters_explanations_and_a_trend(sample_report, sample_evaluation):
    ws = openpyxl.load_workbook(sample_report)["PIAK"]
    header = [c.value for c in ws[6]]
    assert header == [
        "No",
        "Kode",
        "Indikator Kinerja",
        "Target s.d. TW3",
        "Realisasi TW1",
        "Realisasi TW2",
        "Realisasi TW3",
        "Realisasi s.d. TW3",
        "Capaian (%)",
        "Predikat",
        "Tren",
    ]
    explained = [ws.cell(7, c).value for c in range(1, 12)]  # the header's second row
    assert [t for t in explained if t] == [
        "Penjelasan",
        "Faktor Pendukung",
        "Faktor Penghambat",
        "Tindak Lanjut",
    ]
    row = next(r for r in range(8, 20, 2) if ws[f"B{r}"].value == "PIK-04")
    assert [ws.cell(row, c).value for c in (5, 6, 7)] == [160, 120, 95]
    # its explanations on the row beneath, under their titles
    penghambat = explained.index("Faktor Penghambat") + 1
    assert ws.cell(row + 1, penghambat).value.startswith("Penyelesaian")
    assert ws.cell(row + 1, 2).value == "PIK-04"  # a filter on Kode keeps both rows
    measures_row = 7 + [r.kode for r in sample_evaluation.lkjip].index("PIK-04")
    capaian = ws.cell(row, header.index("Capaian (%)") + 1).value
    assert capaian == f"='Pengukuran Kinerja'!H{measures_row}"
    assert ws.print_title_rows == "$6:$7"


@pytest.mark.slow
def test_libreoffice_recalculates_every_formula_to_the_cached_value(tmp_path, sample_report):
    probe = tmp_path / "probe.xlsx"  # the harness itself: a wrong cached value must be fixed
    workbook = xlsxwriter.Workbook(str(probe))
    workbook.add_worksheet("A").write_formula("A1", "=1+1", None, 5)
    workbook.close()
    fixed = recalculate_with_libreoffice(probe, tmp_path / "probe")
    assert sheet_grid(open_workbook(fixed), "A")[0][0] == 2

    recalculated = recalculate_with_libreoffice(sample_report, tmp_path / "recalc")
    formulas = openpyxl.load_workbook(sample_report)
    ours, theirs = open_workbook(sample_report), open_workbook(recalculated)
    checked = 0
    for ws in formulas.worksheets:
        mine, lo = sheet_grid(ours, ws.title), sheet_grid(theirs, ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                cached = mine[cell.row - 1][cell.column - 1]
                again = lo[cell.row - 1][cell.column - 1]
                if isinstance(cached, float):
                    assert again == pytest.approx(cached, rel=1e-9, abs=1e-9), (ws.title, cell)
                else:
                    assert again == cached, (ws.title, cell.coordinate)
                checked += 1
    assert checked > 150


@pytest.mark.slow
def test_every_sheet_prints_one_page_wide(tmp_path, sample_report):
    pdf = convert_with_libreoffice(sample_report, "pdf", tmp_path)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert 20 <= len(pages) <= 50  # type of 8 pt and more: about two pages a sheet
    for page in pages:
        assert "Dinas Kependudukan dan Pencatatan Sipil Kota Medan" in page
    # first and last header titles of each wide table on one page = one page wide
    for first, last in (
        ("Sasaran Strategis", "Unit"),
        ("Kode", "Cara Menghitung"),
        ("Kode", "Progres"),
        ("Tingkat", "Perbaikan"),
        ("Kode", "Tren"),
        ("Penjelasan", "Tindak Lanjut"),
    ):
        assert any(first in p and last in p for p in pages), (first, last)
    measures = next(p for p in pages if "PENGUKURAN KINERJA" in p)
    assert "Unit" in measures and "Drs. Ahmad Syahputra Nasution" in "".join(pages)


def test_no_empty_value_leaks_as_text(sample_report):
    workbook = open_workbook(sample_report)
    for sheet in workbook.sheet_names:
        for row in sheet_grid(workbook, sheet):
            for value in row:
                assert not (isinstance(value, str) and value.strip() in ("nan", "None", "NaN"))


def test_log_review_sheet_shows_derived_steps_above_the_raw_events(sample_report):
    grid = sheet_grid(open_workbook(sample_report), "Log Review")
    assert grid[4][0].startswith(
        "Posisi per 15 Oktober 2026: menunggu paraf Sekretaris (langkah 9)."
    )
    assert grid[5][:4] == ["Langkah", "Kegiatan", "Unit", "Pelaksana"]
    late = [row for row in grid[6:42] if row[9] == "tidak"]
    assert [(row[0], row[2]) for row in late] == [("4", "DAFDUK"), ("9", "Dinas")]
    capil6 = next(row for row in grid[6:42] if row[0] == "6" and row[2] == "CAPIL")
    assert capil6[10] == "1"
    assert capil6[11].startswith("Faktor penghambat CAP-04 belum dijelaskan")
    raw = next(i for i, row in enumerate(grid) if row[0] == "Kejadian tercatat (log mentah)")
    events = [row for row in grid[raw + 2 :] if row[0]]
    assert len(events) == 63
    assert events[0][1:5] == ["01-10-2026 08:30", "1", None, "mulai"]


def test_summary_shows_sop_position_and_timeliness(sample_report):
    grid = sheet_grid(open_workbook(sample_report), "Ringkasan")
    texts = [str(v) for row in grid for v in row if v is not None]
    assert "Posisi per 15 Oktober 2026: menunggu paraf Sekretaris (langkah 9)" in texts
    # step 9 is days over its standard: said loudly; step 4 DAFDUK, 6 hours against 3, is
    # counted in one quiet line (SOP sample: a working day is 8 hours)
    assert any(t.startswith("Melewati waktu baku: langkah 9 (Sekretaris)") for t in texts)
    assert not any(t.startswith("Melewati waktu baku: langkah 4 DAFDUK") for t in texts)
    assert "1 langkah lain melewati waktu baku kurang dari satu hari kerja" in " ".join(texts)
    assert "07-10-2026, tepat waktu" in texts  # CAPIL handed over before 09-10-2026


def test_a_predikat_name_with_quotes_stays_a_string_in_the_formulas(tmp_path):
    from tests.helpers import make_master

    master = make_master(tmp_path, {("Skala", 2, "Predikat"): 'Sangat "Tinggi"),HYPERLINK("x'})
    code = main(
        [
            "konsolidasi",
            "--periode",
            PERIOD,
            "--tanggal",
            "2026-10-15",
            "--master",
            str(master),
            "--keluaran",
            str(tmp_path / "output"),
        ]
    )
    assert code == 0
    ws = openpyxl.load_workbook(report_path(tmp_path))["Pengukuran Kinerja"]
    assert ws["I7"].value.startswith('=IF(H7>=91.0,"Sangat ""Tinggi""),HYPERLINK(""x",')
    values = sheet_grid(open_workbook(report_path(tmp_path)), "Pengukuran Kinerja")
    assert values[6][8] == 'Sangat "Tinggi"),HYPERLINK("x'  # SEK-01, 97,07%


def test_text_longer_than_a_cell_holds_is_cut_and_says_so(tmp_path):
    input_dir = copy_input(tmp_path, units=("SEKRETARIAT", "CAPIL", "PIAK", "PDIP"))
    next(c for c in CASES if c.name == "teks-panjang").build(input_dir / PERIOD)
    assert run(tmp_path, input_dir=input_dir) == 0
    grid = sheet_grid(open_workbook(report_path(tmp_path)), "DAFDUK")
    top, col = next(
        (i, j)
        for i, row in enumerate(grid)
        for j, v in enumerate(row)
        if isinstance(v, str) and v.startswith("xxx")
    )
    # longer than a row shows, it goes on over the rows beneath (same code, no number)
    below = [row for row in grid[top:] if row[1] == grid[top][1] and not row[0]]
    text = "".join(row[col] for row in below if isinstance(row[col], str))
    assert len(below) > 10
    assert len(text) == 32_767
    assert text.endswith("xxx … (dipotong dari 40.000 karakter)")


def test_a_complete_report_says_what_it_is_and_carries_the_paraf_box(sample_report):
    workbook = open_workbook(sample_report)
    for sheet in workbook.sheet_names:
        texts = [str(v) for row in sheet_grid(workbook, sheet) for v in row if v is not None]
        assert not any("DRAF" in t for t in texts), sheet
    summary = sheet_grid(workbook, "Ringkasan")
    assert summary[3][0] == (
        "Disusun 15 Oktober 2026 untuk paraf Sekretaris dan tanda tangan Kepala Dinas."
    )
    texts = [str(v) for row in summary for v in row if v is not None]
    paraf = texts.index("Paraf Sekretaris")
    assert "Rina Marlina Siregar, S.STP., M.AP." in texts[paraf:]
    book = openpyxl.load_workbook(sample_report)
    for sheet in book.worksheets:
        assert "DRAF" not in (sheet.oddHeader.right.text or ""), sheet.title
    box = book["Ringkasan"]
    row = next(c.row for c in box["A"] if c.value == "Paraf Sekretaris")
    edges = [box.cell(row + k, 1).border for k in (1, 2, 3)]
    assert (edges[0].top.style, edges[2].bottom.style) == ("thin", "thin")
    assert all(e.left.style == e.right.style == "thin" for e in edges)


def test_unit_sheets_name_a_unit_once_and_count_in_whole_numbers(sample_report):
    workbook = open_workbook(sample_report)
    assert sheet_grid(workbook, "SEKRETARIAT")[0][0] == "DATA KINERJA: SEKRETARIAT"
    assert sheet_grid(workbook, "DAFDUK")[0][0] == (
        "DATA KINERJA: BIDANG PELAYANAN PENDAFTARAN PENDUDUK (DAFDUK)"
    )
    summary = openpyxl.load_workbook(sample_report)["Ringkasan"]
    row = next(c.row for c in summary["A"] if c.value == "SEKRETARIAT")
    assert summary.cell(row, 5).value == 100 and summary.cell(row, 5).number_format == "#,##0"
    assert summary.cell(row, 7).alignment.horizontal == "center"  # Galat
    assert summary.cell(row, 8).alignment.horizontal == "center"  # Peringatan


def test_a_long_note_in_the_raw_log_gets_a_row_tall_enough(sample_report):
    sheet = openpyxl.load_workbook(sample_report)["Log Review"]
    notes = [c for c in sheet["H"] if isinstance(c.value, str) and len(c.value) > 60]
    assert notes, "the sample log has long notes"
    for cell in notes:
        assert sheet.row_dimensions[cell.row].height >= 30, cell.coordinate


def test_unit_sheets_show_the_trend_in_words_that_print(sample_report):
    grid = sheet_grid(open_workbook(sample_report), "DAFDUK")
    header = grid[5]
    trend = header.index("Tren")
    by_code = {row[1]: row[trend] for row in grid[7:] if row[0]}  # the figures' rows
    assert by_code["DAF-01"] == "▲ membaik"  # 99,15 then 99,31, positive polarity
    assert by_code["DAF-04"] == "▼ membaik"  # 1,2 then 1,1 days, negative polarity
    import zipfile

    with zipfile.ZipFile(sample_report) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"sparkline" in package.read(n) for n in sheets)


def test_a_long_column_title_gets_a_header_row_tall_enough(sample_report):
    sheet = openpyxl.load_workbook(sample_report)["Rincian Perhitungan"]
    header = next(c.row for c in sheet["A"] if c.value == "No")
    titles = [c.value for c in sheet[header] if c.value]
    assert "Capaian untuk Rata-rata (maks. 100)" in titles  # 35 characters in a column of 9
    assert sheet.row_dimensions[header].height >= 55


def test_the_unit_chart_draws_the_100_percent_target_line(sample_report):
    import zipfile

    with zipfile.ZipFile(sample_report) as package:
        charts = [package.read(n) for n in package.namelist() if n.startswith("xl/charts/chart")]
    bars = next(c for c in charts if b'<c:barDir val="bar"/>' in c)
    assert b'<c:majorUnit val="100"/>' in bars
    gridlines = bars.split(b"<c:majorGridlines>")[1].split(b"</c:majorGridlines>")[0]
    assert b"C00000" in gridlines and b'prstDash val="dash"' in gridlines


def test_analisis_tells_each_sasaran_its_shortfalls_in_the_units_own_words(sample_report):
    lines = [
        " ".join(str(v) for v in row if v)
        for row in sheet_grid(open_workbook(sample_report), "Analisis")
    ]
    text = "\n".join(lines)
    assert "1. Meningkatnya akuntabilitas kinerja perangkat daerah" in lines
    fourth = text.split("4. Meningkatnya kualitas pengelolaan")[1]
    shortfalls = [line for line in fourth.splitlines() if line.startswith("•")]
    # lowest first, each with the unit's own faktor penghambat and tindak lanjut quoted
    assert [line.split()[1] for line in shortfalls] == ["PIK-04", "PIK-02", "PDI-03"]
    assert "Faktor penghambat menurut PIAK: “Penyelesaian data ganda" in shortfalls[0]
    assert "tindak lanjut: “" in shortfalls[0]
    second = text.split("2. Meningkatnya kualitas pelayanan")[1].split("3. ")[0]
    assert "Semua indikator mencapai predikat Tinggi atau lebih." in second
    assert "Dibanding tahun lalu: 7 indikator membaik, 1 memburuk" in second


def test_analisis_counts_the_units_of_a_sasaran_shared_by_many():
    from pipeline.office_report.analysis import _units

    assert _units("SEKRETARIAT, DAFDUK") == "SEKRETARIAT, DAFDUK"
    assert _units(", ".join(f"U{i:04d}" for i in range(500))) == "500 unit"


def test_analisis_quotes_a_long_explanation_cut_with_a_mark():
    from pipeline.office_report.analysis import QUOTED_MAX, _quoted

    assert _quoted("Jaringan putus.") == "Jaringan putus."
    long = _quoted("kata " * 2000)
    assert long.endswith(" … (selengkapnya di sheet unit)")
    assert len(long) < QUOTED_MAX + 40


def test_last_year_and_renstra_stand_row_for_row_with_live_capaian(
    sample_report, sample_evaluation
):
    formulas = openpyxl.load_workbook(sample_report)["Tahun Lalu dan Renstra"]
    values = sheet_grid(open_workbook(sample_report), "Tahun Lalu dan Renstra")
    assert values[5][4:7] == ["Realisasi Tahun Lalu", "Target Tahun Lalu", "Capaian Tahun Lalu (%)"]
    excel = 7 + [r.kode for r in sample_evaluation.lkjip].index("SEK-01")
    assert values[excel - 1][1] == "SEK-01"
    assert values[excel - 1][4:7] == [70.5, 71, 99.3]  # 70,5 / 71 x 100
    assert formulas[f"G{excel}"].value == f"=ROUND(E{excel}/F{excel}*100,2)"
    assert (
        formulas[f"D{excel}"].value
        == f"=IF('Pengukuran Kinerja'!G{excel}=\"\",\"\",'Pengukuran Kinerja'!G{excel})"
    )


@pytest.fixture(scope="module")
def report_at_scale(tmp_path_factory):
    """41 units, more than get a sheet each: the workbook has one Rincian Unit sheet."""
    from benchmarks.generate import generate

    folder = generate(41, 2, tmp_path_factory.mktemp("skala"))
    args = ["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15"]
    args += ["--master", str(folder / "master.xlsx"), "--masukan", str(folder / "input")]
    assert main([*args, "--keluaran", str(folder / "output")]) == 0
    return folder / "output" / PERIOD / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"


def test_at_scale_rincian_unit_gives_each_indicator_behind_its_words_beneath(report_at_scale):
    book = openpyxl.load_workbook(report_at_scale)
    assert "Rincian Unit" in book.sheetnames and len(book.sheetnames) == len(SHEETS) - 4
    ws = book["Rincian Unit"]
    assert [c.value for c in ws[6]][:3] == ["Unit", "Kode", "Indikator Kinerja"]
    assert [c.value for c in ws[7] if c.value] == [
        "Penjelasan",
        "Faktor Pendukung",
        "Faktor Penghambat",
        "Tindak Lanjut",
    ]
    figures = ws[8]
    words = [c.value for c in ws[9]]
    assert figures[1].value == words[1] and figures[0].value == words[0]  # filters keep both
    assert "Penghambat sintetis." in words
    assert ws.print_title_rows == "$6:$7"


def test_analisis_shows_the_sample_katims_own_paragraphs_under_each_sasaran(sample_report):
    rows = [row for row in sheet_grid(open_workbook(sample_report), "Analisis") if any(row)]
    labels = [i for i, row in enumerate(rows) if row[1] == "Analisis Katim Penyusunan Program:"]
    headings = [i for i, row in enumerate(rows) if row[0] in ("1.", "2.", "3.", "4.")]
    assert len(labels) == 4
    assert all(h < label for h, label in zip(headings, labels, strict=True))
    assert rows[labels[0] + 1][1].startswith("Capaian rata-rata sasaran ini 87,59% (Tinggi).")
    assert rows[-1][1].startswith(
        f"Uraian analisis Katim Penyusunan Program diambil dari {ROOT / 'input' / PERIOD}"
    )


# LibreOffice prints about 105 units of column width (as set_column takes them) across A4
# landscape between 0.4-in margins at 100 %; a wider sheet is scaled down to one page wide,
# and then two per cent further where that saves a last page (its fit-to-width "nudge",
# tdf#103516), which depends on the rows: a sheet is planned for the smaller scale.
PAGE_WIDTH_AT_100 = 105
NUDGE = 0.98
# The sheets that print at 8 pt or more, by name and title (the words their first page shows).
READABLE_SHEETS = {
    "Ringkasan": "LAPORAN KINERJA DINAS: RINGKASAN",
    "Pengukuran Kinerja": "PENGUKURAN KINERJA",
    "Rincian Perhitungan": "RINCIAN PERHITUNGAN CAPAIAN",
    "Tahun Lalu dan Renstra": "PERBANDINGAN DENGAN TAHUN LALU",
    "Analisis": "ANALISIS CAPAIAN KINERJA",
    "PIAK": "DATA KINERJA: BIDANG PENGELOLAAN",
    "Per Sasaran": "CAPAIAN PER SASARAN STRATEGIS",
    "Validasi": "TEMUAN VALIDASI FILE UNIT",
    "Log Review": "LOG REVIEW SOP",
    "Sumber Data": "SUMBER DATA DAN PARAMETER",
}


def printed_scale(sheet) -> float:
    """The smallest scale a sheet may print at, one page wide, from its columns' widths."""
    widths = {}
    for dim in sheet.column_dimensions.values():  # one per run of columns of equal width
        for col in range(dim.min, dim.max + 1):
            # openpyxl reads a width back with xlsxwriter's 5 pixels of padding (5/7 of a unit)
            widths[col] = dim.width - 5 / 7
    width = sum(widths.get(col, 8.43) for col in range(1, sheet.max_column + 1))
    return min(1.0, PAGE_WIDTH_AT_100 / width) * NUDGE


@pytest.fixture(scope="module")
def sample_book(sample_report):
    return openpyxl.load_workbook(sample_report)


@pytest.fixture(scope="module")
def sample_pdf(sample_report, tmp_path_factory):
    return convert_with_libreoffice(sample_report, "pdf", tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def draft_pdf(tmp_path_factory):
    """A draft with long texts where they print: findings of a unit's file (DAFDUK's unknown
    code, a missing indicator named in full) and of the review log (PIAK's approved file
    moved away), and input paths under a temporary folder."""
    tmp_path = tmp_path_factory.mktemp("draf")
    input_dir = tmp_path / "input"
    shutil.copytree(ROOT / "input", input_dir)
    next(c for c in CASES if c.name == "kode-tidak-dikenal").build(input_dir / PERIOD)
    (input_dir / PERIOD / "PIAK.xlsx").rename(input_dir / PERIOD / "PIAK-final.xlsx")
    assert run(tmp_path, "--draf", input_dir=input_dir) == 0
    return convert_with_libreoffice(report_path(tmp_path), "pdf", tmp_path / "pdf")


@pytest.mark.parametrize("name", READABLE_SHEETS)
def test_a_sheets_smallest_type_prints_at_8_pt_or_more(sample_book, name):
    sheet = sample_book[name]
    sizes = [cell.font.sz for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert min(sizes) * printed_scale(sheet) >= 8.0, (min(sizes), printed_scale(sheet))


@pytest.mark.slow
@pytest.mark.parametrize("report", ["sample_pdf", "draft_pdf"])
@pytest.mark.parametrize("name", READABLE_SHEETS)
def test_a_sheet_prints_at_8_pt_or_more_with_nothing_overlapping(request, report, name):
    pages = sheet_pages(request.getfixturevalue(report), READABLE_SHEETS[name])
    # LibreOffice 7.4 can leave a blank page after a sheet it nudged smaller (the page
    # count is kept from before the nudge): nothing of the sheet is on it
    pages = [(width, words) for width, words in pages if words]
    assert min(type_size(words) for _, words in pages) >= 8.0, [type_size(w) for _, w in pages]
    for width, words in pages:
        assert overlapping_words(words) == []
        assert max(word[2] for word in words) <= width - 28  # inside the 0.4-in margin


def test_a_long_sasaran_wraps_on_analisis_rather_than_shrinking_the_page(tmp_path):
    from tests.helpers import SAMPLE_SHEETS, make_master

    rows = SAMPLE_SHEETS["Indikator"]
    column = rows[0].index("Sasaran Strategis")
    first = rows[1][column]
    long = " melalui ".join([first] * 4)  # about 230 characters, as a Renstra may word one
    edits = {
        ("Indikator", i + 1, "Sasaran Strategis"): long
        for i, row in enumerate(rows)
        if i and row[column] == first
    }
    master = make_master(tmp_path, edits)
    args = ["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15", "--draf"]
    assert main([*args, "--master", str(master), "--keluaran", str(tmp_path / "out")]) == 0
    report = tmp_path / "out" / PERIOD / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"
    ws = openpyxl.load_workbook(report)["Analisis"]
    heading = next(c for c in ws["B"] if c.value == long)
    assert heading.alignment.wrap_text
    assert ws.row_dimensions[heading.row].height >= 3 * 12  # three lines and more


LONG_WORDS = " ".join(f"Kalimat penjelasan nomor {i} tentang pelayanan." for i in range(70))
LONG_WORDS += " AKHIRKALIMAT"  # about 3,200 characters: more than a 409-pt row shows


@pytest.fixture(scope="module")
def long_words_report(tmp_path_factory):
    from tests.corpus import _edit

    tmp_path = tmp_path_factory.mktemp("panjang")
    input_dir = copy_input(tmp_path, units=("SEKRETARIAT", "CAPIL", "PIAK", "PDIP"))
    _edit(text_cells={"M7": LONG_WORDS})(input_dir / PERIOD)
    assert run(tmp_path, input_dir=input_dir) == 0
    return report_path(tmp_path)


def test_a_units_long_explanation_goes_on_over_rows_beneath_all_of_it(long_words_report):
    ws = openpyxl.load_workbook(long_words_report)["DAFDUK"]
    rows = [r for r in range(9, 30) if ws.cell(r, 2).value == "DAF-01" and not ws.cell(r, 1).value]
    assert len(rows) >= 3  # the figures' row is numbered; the words take three rows and more
    assert rows == list(range(rows[0], rows[0] + len(rows)))
    pieces = [ws.cell(r, 3).value for r in rows]
    assert " ".join(pieces) == LONG_WORDS  # cut between words, nothing lost
    assert all(ws.row_dimensions[r].height <= 409 for r in rows)
    assert ws.cell(rows[-1] + 1, 2).value == "DAF-02"  # the next indicator follows


@pytest.mark.slow
def test_a_units_long_explanation_prints_to_its_last_word(long_words_report, tmp_path):
    pdf = convert_with_libreoffice(long_words_report, "pdf", tmp_path)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "AKHIRKALIMAT" in text
    assert "nomor 69 tentang" in text.replace("\n", " ")
