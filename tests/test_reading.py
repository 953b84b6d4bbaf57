"""Reading a unit's file (pipeline/reading.py): finding its table, reading what a person typed
(percents, .ods) and refusing a file that is missing or not ours. The rules about the values
read are in test_validation.py; the broken-file corpus, which spans both, is there too."""

from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.validation import validate_file
from tests.conftest import ROOT
from tests.corpus import CASES, PERIOD, _case


def test_a_table_without_its_header_row_is_refused_with_what_to_restore(tmp_path, capsys):
    folder = tmp_path / PERIOD
    folder.mkdir()
    path = next(c for c in CASES if c.name == "judul-tabel-dihapus").build(folder)
    code = main(["validasi", str(path), "--keluaran", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 1
    assert "GALAT      DAFDUK.xlsx, sheet Data Kinerja (tabel-tidak-ditemukan)\n" in out
    assert (
        "Baris judul tabel (dengan kolom 'Kode' dan 'Indikator Kinerja') tidak ditemukan di "
        "sheet 'Data Kinerja'." in out
    )
    assert "Kembalikan baris judul tabel seperti pada templat" in out


def test_missing_file_is_a_sentence_and_exit_2(tmp_path, capsys, sample_master):
    path = tmp_path / PERIOD / "PIAK.xlsx"
    code = main(["validasi", str(path), "--keluaran", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 2
    assert f"GALAT      {path} (file-tidak-ada)\n" in out
    assert f"File {path} tidak ditemukan." in out
    assert [(f.cell, f.code) for f in validate_file(path, sample_master).findings] == [
        ("", "file-tidak-ada")
    ]


@pytest.mark.slow
def test_an_ods_saved_by_libreoffice_validates_like_the_xlsx(tmp_path, sample_master):
    from tests.helpers import convert_with_libreoffice

    folder = tmp_path / PERIOD
    folder.mkdir()
    ods = convert_with_libreoffice(ROOT / "input" / PERIOD / "PIAK.xlsx", "ods", folder)
    report = validate_file(ods, sample_master)
    xlsx = validate_file(ROOT / "input" / PERIOD / "PIAK.xlsx", sample_master)
    assert [(f.cell, f.code) for f in report.findings] == []
    assert report.table["capaian"].tolist() == xlsx.table["capaian"].tolist()


def test_a_percent_typed_in_excel_reads_as_the_percent_the_person_typed(tmp_path, sample_master):
    folder = tmp_path / PERIOD
    folder.mkdir()
    report = validate_file(_case("persen-excel").build(folder), sample_master)
    [finding] = report.findings
    assert (finding.severity, finding.value) == ("PERINGATAN", "99,4%")
    assert finding.message == (
        "Nilai '99,4%' pada kolom 'Realisasi TW3' diketik dengan tanda % sehingga Excel "
        "menyimpannya sebagai 0,994; dibaca sebagai 99,4."
    )
    row = report.table.set_index("kode").loc["DAF-01"]
    assert (row["realisasi_tw3"], row["capaian"], row["predikat"]) == (99.4, 100.0, "Sangat Tinggi")


@pytest.mark.slow
def test_a_percent_typed_in_a_sheet_saved_as_ods_reads_the_same(tmp_path, sample_master):
    from pipeline.periods import Period
    from pipeline.reading import read_realisations
    from tests.helpers import convert_with_libreoffice

    folder = tmp_path / PERIOD
    folder.mkdir()
    xlsx = _case("persen-excel").build(tmp_path)
    ods = convert_with_libreoffice(xlsx, "ods", folder)
    report = validate_file(ods, sample_master)
    assert [(f.cell, f.code, f.value) for f in report.findings] == [
        ("L7", "angka-format-persen", "99,4%")
    ]
    assert report.table.set_index("kode").loc["DAF-01", "capaian"] == 100.0
    earlier = read_realisations(ods, sample_master, Period.parse(PERIOD), "DAFDUK")
    assert earlier["DAF-01"][3] == 99.4  # as a previous quarter's file, for prefill and checks


def test_a_percent_cell_is_found_whatever_quotes_the_xml_uses(tmp_path, sample_master):
    import zipfile

    folder = tmp_path / PERIOD
    folder.mkdir()
    path = _case("persen-excel").build(folder)
    single = tmp_path / "single.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(single, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in ("xl/styles.xml", "xl/worksheets/sheet2.xml"):
                data = data.replace(b'"', b"'")
            out.writestr(info, data)
    single.replace(path)
    report = validate_file(path, sample_master)
    assert [(f.cell, f.code) for f in report.findings] == [("L7", "angka-format-persen")]


def test_a_member_larger_than_it_declares_is_refused_without_unpacking_it(tmp_path):
    """A zip may say a sheet holds 20 KB and hold 60 MB: nothing reads past the 20 KB."""
    import io
    import struct
    import tracemalloc
    import zipfile

    from pipeline.workbooks import Spreadsheet, UnreadableSheet

    sheet = "xl/worksheets/sheet2.xml"
    source = zipfile.ZipFile(ROOT / "input" / PERIOD / "DAFDUK.xlsx")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == sheet:
                data = data.replace(
                    b"</sheetData>", b"<!--" + b" " * (60 << 20) + b"--></sheetData>"
                )
            target.writestr(info.filename, data)
    lying = bytearray(packed.getvalue())
    declared = source.getinfo(sheet).file_size
    with zipfile.ZipFile(io.BytesIO(bytes(lying))) as archive:
        local = archive.getinfo(sheet).header_offset
    struct.pack_into("<I", lying, local + 22, declared)  # the local header's size
    central = lying.rfind(b"PK\x01\x02", 0, lying.rfind(sheet.encode()))
    struct.pack_into("<I", lying, central + 24, declared)  # and the directory's
    path = tmp_path / "DAFDUK.xlsx"
    path.write_bytes(bytes(lying))
    tracemalloc.start()
    with pytest.raises(UnreadableSheet, match="bagian xl/worksheets/sheet2.xml memuat lebih"):
        Spreadsheet(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 << 20  # far below the 60 MB it holds
