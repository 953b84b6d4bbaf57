from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.layout import HEADER_ROW, wrapped_lines
from pipeline.master import read_master
from pipeline.periods import Period
from pipeline.template import write_templates
from tests.helpers import (
    convert_with_libreoffice,
    indicator_row,
    make_master,
    printed_type_sizes,
)

TW2 = Period(2026, 2)
TW4 = Period(2026, 4)
DAF_TITLES_TW2 = [
    "No",
    "Kode",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Satuan",
    "Polaritas",
    "Akumulasi",
    "Target Tahunan",
    "Target s.d. TW2",
    "Realisasi TW1",
    "Realisasi TW2",
    "Penjelasan",
    "Faktor Pendukung",
    "Faktor Penghambat",
    "Tindak Lanjut",
    "Sumber Data",
]


@pytest.fixture(scope="module")
def templates(tmp_path_factory, sample_master):
    out = tmp_path_factory.mktemp("template")
    paths = write_templates(sample_master, TW2, out)
    return {p.stem: p for p in paths}


@pytest.fixture(scope="module")
def widest(tmp_path_factory, sample_master):
    """DAFDUK's blank TW4 template: four realisations and a quarterly target, 18 columns."""
    [path] = write_templates(sample_master, TW4, tmp_path_factory.mktemp("tw4"), ["DAFDUK"])
    return path


def header(ws) -> list[str]:
    return [c.value for c in ws[HEADER_ROW] if c.value is not None]


def test_one_template_per_unit_with_the_sheets_in_order(templates):
    assert sorted(templates) == ["CAPIL", "DAFDUK", "PDIP", "PIAK", "SEKRETARIAT"]
    wb = openpyxl.load_workbook(templates["DAFDUK"])
    assert wb.sheetnames == ["Petunjuk", "Data Kinerja", "Pengesahan", "_datakinerja"]
    assert [wb[s].sheet_state for s in wb.sheetnames] == ["visible"] * 3 + ["veryHidden"]


def test_header_titles_in_spec_order(templates):
    ws = openpyxl.load_workbook(templates["DAFDUK"])["Data Kinerja"]
    assert header(ws) == DAF_TITLES_TW2


def test_rows_carry_the_master_indicators(templates, sample_master):
    ws = openpyxl.load_workbook(templates["DAFDUK"])["Data Kinerja"]
    expected = list(sample_master.unit_records("DAFDUK", 2026).values())
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, max_col=9, values_only=True))
    rows = [r for r in rows if r[1]]
    assert [r[1] for r in rows] == [e.kode for e in expected]
    assert [r[3] for r in rows] == [e.indikator for e in expected]
    assert [r[7] for r in rows] == [e.target for e in expected]
    assert [r[8] for r in rows] == [e.target_tw2 for e in expected]
    assert [r[0] for r in rows] == list(range(1, len(expected) + 1))


def test_master_columns_locked_input_columns_open(templates):
    ws = openpyxl.load_workbook(templates["DAFDUK"])["Data Kinerja"]
    titles = header(ws)
    first = HEADER_ROW + 1
    for col, title in enumerate(titles, start=1):
        locked = ws.cell(first, col).protection.locked
        assert locked == (col <= titles.index("Target s.d. TW2") + 1), title
    assert ws.protection.sheet is True
    assert ws.protection.password is None


def test_realisation_cells_validate_numbers_with_an_input_message(templates):
    ws = openpyxl.load_workbook(templates["DAFDUK"])["Data Kinerja"]
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    first = HEADER_ROW + 1  # DAF-01, a percent: between 0 and 100
    percent = validations[f"K{first}"]
    # "between" is the default operator, which the file leaves out.
    assert (percent.type, percent.operator or "between") == ("decimal", "between")
    assert (percent.formula1, percent.formula2) == ("0", "100")
    count = validations[f"K{first + 2}"]  # DAF-03, a count: not below 0
    assert (count.type, count.operator, count.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert count.promptTitle == "Realisasi TW2"
    assert "bukan jumlah s.d. triwulan" in count.prompt
    assert count.showInputMessage and count.showErrorMessage
    assert validations[f"L{first}"].promptTitle == "Penjelasan"


def test_percent_cells_show_the_percent_sign_so_nobody_types_it(templates):
    ws = openpyxl.load_workbook(templates["DAFDUK"])["Data Kinerja"]
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    first = HEADER_ROW + 1  # DAF-01 (%), then DAF-03 (keping) two rows below
    assert ws[f"K{first}"].number_format == 'General"%"'
    assert "tanpa tanda %" in validations[f"K{first}"].prompt
    assert ws[f"K{first + 2}"].number_format == "General"
    assert "tanpa tanda %" not in validations[f"K{first + 2}"].prompt
    assert "0 bila tidak ada" in validations[f"K{first + 2}"].prompt  # kumulatif


def test_hidden_sheet_identifies_unit_period_and_master(templates, sample_master):
    ws = openpyxl.load_workbook(templates["PIAK"])["_datakinerja"]
    meta = {row[0]: row[1] for row in ws.iter_rows(values_only=True)}
    assert meta["format"] == "1"
    assert meta["unit"] == "PIAK"
    assert meta["periode"] == "2026-TW2"
    assert meta["hash_master"] == sample_master.unit_hash("PIAK", 2026)
    assert len(meta["hash_master"]) == 64


def test_print_setup_is_a4_landscape_one_page_wide(templates):
    ws = openpyxl.load_workbook(templates["CAPIL"])["Data Kinerja"]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1 is default
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert "Halaman &P dari &N" in ws.oddFooter.right.text


def test_approval_sheet_is_a_labelled_form(templates, sample_master):
    ws = openpyxl.load_workbook(templates["CAPIL"])["Pengesahan"]
    labels = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, 12) if ws.cell(r, 1).value}
    assert labels["Nama Kepala Unit"].value == sample_master.units.at["CAPIL", "kepala"]
    assert labels["NIP Kepala Unit"].value == "19800405 200501 2 006"
    assert labels["Nama Penyusun"].value is None
    assert labels["Nama Penyusun"].protection.locked is False
    assert ws.cell(8, 1).value == "Mengetahui, Kepala Bidang"


def test_guide_names_unit_period_deadline_and_contact(templates):
    ws = openpyxl.load_workbook(templates["PDIP"])["Petunjuk"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Bidang Pemanfaatan Data dan Inovasi Pelayanan (PDIP)" in text
    assert "Triwulan II Tahun 2026 (2026-TW2)" in text
    assert "10-07-2026" in text
    assert "Fadli Rahman Lubis" in text


def test_quarter_target_column_only_when_the_master_has_one(tmp_path):
    edits = {("Indikator", indicator_row("PIK-02"), f"Target TW{q}"): None for q in range(1, 5)}
    master = read_master(make_master(tmp_path, edits))
    [path] = write_templates(master, TW2, tmp_path / "out", ["PIAK"])
    titles = header(openpyxl.load_workbook(path)["Data Kinerja"])
    assert "Target s.d. TW2" not in titles
    assert titles[7:10] == ["Target Tahunan", "Realisasi TW1", "Realisasi TW2"]


def test_master_text_that_looks_like_a_formula_stays_text(tmp_path):
    row = indicator_row("PIK-01")
    sneaky = '=HYPERLINK("http://contoh.invalid","klik")'
    master = read_master(make_master(tmp_path, {("Indikator", row, "Sasaran Strategis"): sneaky}))
    [path] = write_templates(master, TW2, tmp_path / "out", ["PIAK"])
    cell = openpyxl.load_workbook(path)["Data Kinerja"].cell(HEADER_ROW + 1, 3)
    assert (cell.value, cell.data_type) == (sneaky, "s")


def test_same_master_and_period_give_identical_bytes(tmp_path, sample_master):
    [a] = write_templates(sample_master, TW2, tmp_path / "a", ["CAPIL"])
    [b] = write_templates(sample_master, TW2, tmp_path / "b", ["CAPIL"])
    assert a.read_bytes() == b.read_bytes()


def test_prefill_puts_earlier_quarters_in_open_cells(tmp_path, sample_master):
    prefill = {"CAPIL": {"CAP-02": {1: 11250.0}}}
    [path] = write_templates(sample_master, TW2, tmp_path, ["CAPIL"], prefill)
    ws = openpyxl.load_workbook(path)["Data Kinerja"]
    titles = header(ws)
    cell = ws.cell(HEADER_ROW + 2, titles.index("Realisasi TW1") + 1)
    assert cell.value == 11250
    assert cell.protection.locked is False


def test_cli_writes_templates_and_names_them(tmp_path, capsys):
    code = main(
        ["template", "--periode", "2026-TW1", "--unit", "capil", "--keluaran", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "Templat Triwulan I Tahun 2026 (2026-TW1) dibuat untuk 1 unit:"
    assert (tmp_path / "2026-TW1" / "template" / "CAPIL.xlsx").exists()
    ws = openpyxl.load_workbook(tmp_path / "2026-TW1" / "template" / "CAPIL.xlsx")["Data Kinerja"]
    assert "Realisasi TW2" not in header(ws)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--periode", "2026-TW5"],
            "GAGAL: Periode '2026-TW5' tidak dikenal. Tulis periode sebagai TAHUN-TWn dengan n "
            "antara 1 dan 4, misalnya 2026-TW2 (TW4 adalah laporan tahunan).",
        ),
        (
            ["--periode", "2026-TW2", "--unit", "XYZ"],
            "GAGAL: Unit XYZ tidak ada di sheet Unit master input/master.xlsx. "
            "Unit yang dikenal: SEKRETARIAT, DAFDUK, CAPIL, PIAK, PDIP.",
        ),
        (
            ["--periode", "2026-TW2", "--master", "tidak-ada.xlsx"],
            "GAGAL: Master indikator tidak-ada.xlsx tidak ditemukan. Periksa nama dan letak file.",
        ),
        (
            ["--periode", "2031-TW1"],
            "GAGAL: Master input/master.xlsx tidak memuat indikator tahun 2031 untuk unit yang "
            "diminta. Tambahkan baris tahun 2031 di sheet Indikator.",
        ),
    ],
    ids=["periode", "unit", "master", "tahun"],
)
def test_bad_arguments_exit_2_with_one_sentence(tmp_path, capsys, monkeypatch, args, message):
    from tests.conftest import ROOT

    monkeypatch.chdir(tmp_path)
    (tmp_path / "input").mkdir()
    shutil.copy(ROOT / "input" / "master.xlsx", tmp_path / "input" / "master.xlsx")
    code = main(["template", *args, "--keluaran", str(tmp_path / "out")])
    assert code == 2
    assert capsys.readouterr().err.strip() == message


@pytest.mark.slow
def test_template_renders_in_libreoffice(tmp_path, templates):
    pdf = convert_with_libreoffice(templates["DAFDUK"], "pdf", tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the guide on one page, then the data (as many pages as its rows need), then Pengesahan
    pages = text.split("\f")[:-1]
    assert "PETUNJUK PENGISIAN DATA KINERJA" in pages[0]
    assert "DATA KINERJA UNIT" in pages[1]
    assert f"Halaman 2 dari {len(pages)}" in pages[1]
    assert "PENGESAHAN DATA KINERJA UNIT" in pages[-1]
    # the indicator wraps in its column: its words come line by line, among other columns'
    assert _in_order("Persentase penduduk wajib KTP-el yang telah melakukan perekaman", text)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    [png] = list(tmp_path.glob("page*.png"))
    width, height = _png_size(png.read_bytes())
    assert width > height  # landscape


def _in_order(phrase: str, text: str) -> bool:
    words = iter(text.split())
    return all(word in words for word in phrase.split())


# The width unit is a digit of the workbook's font, Arial 10: 0.556 em, 5.56 pt at 100 % in
# LibreOffice, whose Liberation Sans has Arial's metrics (Excel rounds it to 7 px, 5.25 pt,
# and prints a little larger). A4 landscape is 11.69 in wide.
ARIAL_10_DIGIT = 5.56
A4_LANDSCAPE_WIDTH = 11.69 * 72


def test_data_sheet_fits_one_a4_landscape_width_with_its_type_at_8_pt(widest):
    ws = openpyxl.load_workbook(widest)["Data Kinerja"]
    titles = header(ws)
    assert len(titles) == 18
    first = ws.cell(HEADER_ROW + 1, 1).font
    assert (first.name, first.sz) == ("Arial", 10)  # what the budget below reckons with
    widths = sum(
        d.width * (d.max - d.min + 1) for d in ws.column_dimensions.values() if d.customWidth
    )
    paper = A4_LANDSCAPE_WIDTH - (ws.page_margins.left + ws.page_margins.right) * 72
    scale = min(1.0, paper / (widths * ARIAL_10_DIGIT))
    # LibreOffice's PDF of this sheet measures within 0.05 pt of this reckoning
    assert 10 * scale >= 8.1, f"columns {widths:.1f} digits wide print 10-pt type at {scale:.0%}"
    assert all(ws.cell(HEADER_ROW, c).alignment.wrap_text for c in range(1, len(titles) + 1))


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("", 10, 1),
        ("Meningkatnya cakupan kepemilikan dokumen kependudukan", 12, 5),
        ("Meningkatnya cakupan kepemilikan dokumen kependudukan", 60, 1),
        ("sudah ditindaklanjuti", 10, 3),  # a word wider than the column breaks inside
        ("satu\ndua tiga", 10, 2),
    ],
)
def test_wrapped_lines_breaks_at_spaces_and_inside_words_too_long(text, width, lines):
    assert wrapped_lines(text, width) == lines


@pytest.mark.slow
def test_every_printed_page_has_type_of_8_pt_or_more(tmp_path, widest):
    pdf = convert_with_libreoffice(widest, "pdf", tmp_path)
    sizes = printed_type_sizes(pdf)
    assert len(sizes) >= 3  # Petunjuk, Data Kinerja, Pengesahan
    for page, (size, words) in enumerate(sizes, start=1):
        assert size >= 8.0, f"page {page} ({words}) prints at {size} pt"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_cli_prefills_earlier_quarters_from_the_accepted_previous_file(tmp_path, capsys):
    from tests.conftest import ROOT

    code = main(
        [
            "template",
            "--periode",
            "2026-TW3",
            "--unit",
            "DAFDUK",
            "--masukan",
            str(ROOT / "input"),
            "--keluaran",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert "(realisasi triwulan lalu sudah diisikan)" in capsys.readouterr().out
    ws = openpyxl.load_workbook(tmp_path / "2026-TW3" / "template" / "DAFDUK.xlsx")["Data Kinerja"]
    titles = header(ws)
    row = HEADER_ROW + 3  # DAF-03
    tw1, tw2, tw3 = (ws.cell(row, titles.index(f"Realisasi TW{q}") + 1).value for q in (1, 2, 3))
    assert (tw1, tw2, tw3) == (28450, 31180, None)


def test_guide_explains_polaritas_and_asks_for_no_command(templates):
    ws = openpyxl.load_workbook(templates["PDIP"])["Petunjuk"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "'negatif' berarti makin rendah makin baik" in text
    assert "python" not in text.lower() and "run.py" not in text
    assert "Isi realisasi Triwulan II Tahun 2026 pada kolom 'Realisasi TW2'" in text
    # one sheet of paper: fitted, one page high (1 is OOXML's default, so it may be absent)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight in (None, 1)


def test_this_quarters_column_stands_out_from_the_quarters_already_given(templates):
    ws = openpyxl.load_workbook(templates["DAFDUK"])["Data Kinerja"]
    titles = header(ws)
    earlier, current = titles.index("Realisasi TW1") + 1, titles.index("Realisasi TW2") + 1
    head = HEADER_ROW

    def fill(row, col):
        return ws.cell(row, col).fill.fgColor.rgb

    assert fill(head, current) != fill(head, earlier)
    assert fill(head + 1, current) != fill(head + 1, earlier)
    assert ws.cell(head + 1, current).border.left.style == "medium"
    assert ws.cell(head + 1, current).protection.locked is False


def test_approval_sheet_has_room_to_sign(templates):
    ws = openpyxl.load_workbook(templates["DAFDUK"])["Pengesahan"]
    labels = {c.value: c.row for c in ws["A"] if c.value}
    for label in ("Tanda Tangan Penyusun", "Tanda Tangan Kepala Unit"):
        row = labels[label]
        assert ws.row_dimensions[row].height >= 40
        assert ws.cell(row, 2).border.bottom.style == "thin"
    assert labels["Tanda Tangan Kepala Unit"] > labels["NIP Kepala Unit"]
