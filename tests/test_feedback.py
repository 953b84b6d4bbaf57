"""The feedback workbook `validasi` writes for a unit (pipeline/feedback.py)."""

from __future__ import annotations

import openpyxl
import pytest

from pipeline.cli import main
from tests.corpus import CASES, PERIOD


def test_feedback_workbook_marks_cells_and_links_findings(tmp_path, sample_master):
    folder = tmp_path / PERIOD
    folder.mkdir()
    path = CASES[9].build(folder)  # penjelasan-wajib at O11 and P11
    main(["validasi", str(path), "--keluaran", str(tmp_path / "out")])
    feedback = tmp_path / "out" / PERIOD / "umpan-balik" / "DAFDUK.xlsx"
    wb = openpyxl.load_workbook(feedback)
    assert wb.sheetnames == ["Temuan", "Data Kinerja", "Pengesahan"]
    data = wb["Data Kinerja"]
    assert data["O11"].comment is not None
    assert data["O11"].comment.text.startswith("GALAT (penjelasan-wajib): Capaian 58,64%")
    assert data["O11"].fill.fgColor.rgb.endswith("F4B183")
    assert data["L11"].value == 24800  # the unit's own data, copied
    assert data["O10"].comment is None
    temuan = wb["Temuan"]
    header = next(r for r in range(1, 20) if temuan.cell(r, 1).value == "No")
    links = [temuan.cell(r, 5) for r in (header + 1, header + 2)]
    assert [c.value for c in links] == ["O11", "P11"]
    assert [c.hyperlink.location for c in links] == ["'Data Kinerja'!O11", "'Data Kinerja'!P11"]


def test_text_typed_by_a_unit_reaches_the_feedback_as_text(tmp_path):
    folder = tmp_path / PERIOD
    folder.mkdir()
    case = next(c for c in CASES if c.name == "teks-rumus")
    main(["validasi", str(case.build(folder)), "--keluaran", str(tmp_path / "out")])
    feedback = tmp_path / "out" / PERIOD / "umpan-balik" / "DAFDUK.xlsx"
    data = openpyxl.load_workbook(feedback)["Data Kinerja"]
    cells = [data["M7"], data["N7"], data["O7"], data["P7"]]
    assert [c.data_type for c in cells] == ["s"] * 4
    assert cells[0].value == '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.mark.slow
def test_feedback_workbook_converts_to_pdf_in_libreoffice(tmp_path):
    import subprocess

    from tests.helpers import convert_with_libreoffice

    folder = tmp_path / PERIOD
    folder.mkdir()
    path = CASES[9].build(folder)
    main(["validasi", str(path), "--keluaran", str(tmp_path / "out")])
    feedback = tmp_path / "out" / PERIOD / "umpan-balik" / "DAFDUK.xlsx"
    pdf = convert_with_libreoffice(feedback, "pdf", tmp_path / "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "UMPAN BALIK DATA KINERJA: DAFDUK 2026-TW3" in text
    assert "penjelasan-wajib" in text
    assert "Jumlah penduduk yang mengaktivasi" in text
