from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.measure import Extent, ods_extents, xlsx_extent
from pipeline.workbooks import Spreadsheet
from tests.conftest import ROOT

SAMPLE = ROOT / "input" / "2026-TW3" / "DAFDUK.xlsx"


def test_a_template_measures_as_what_it_holds():
    with Spreadsheet(SAMPLE) as book:
        assert book.extent("Data Kinerja") == Extent(12, 26)  # up to Z at most: 17 used
        with pytest.raises(ValueError):  # what cannot be measured is not read
            book.extent("Tidak Ada")


@pytest.mark.parametrize(
    ("cells", "extent"),
    [
        (b'<row r="3"><c r="B3"/></row>', Extent(3, 26)),
        (b'<row r="3"><c r="XFD3"/></row>', Extent(3, 16384)),
        (b'<row r="3"><c r="A1048576"/></row>', Extent(1048576, 26)),  # a cell far below its row
        (b'<row r="1048576"><c r="A1048576"/></row>', Extent(1048576, 26)),
        (b'<row><c/><c/><c/></row><row><c t="n"/></row>', Extent(2, 3)),  # no references at all
        (b'<x:row r="9"><x:c r="AB9"/></x:row>', Extent(9, 28)),  # prefixed tags
        (b"<row r='1048576'><c r='XFD1048576'/></row>", Extent(1048576, 16384)),  # 'quotes'
        (b'<row\nr="1048576"><c\tr="XFD1048576"/></row>', Extent(1048576, 16384)),  # spacing
        (b'<row r="5"><c r="CV400000"/></row>', Extent(400000, 100)),  # far below its row
        (b'<row r="5"><c s="1" r="CV400000"/></row>', Extent(400000, 100)),  # r not first
    ],
)
def test_rows_and_columns_are_found_however_the_xml_is_written(cells, extent):
    xml = b'<worksheet><dimension ref="A1"/><sheetData>' + cells + b"</sheetData></worksheet>"
    assert xlsx_extent(xml, 5_000) == extent


def test_a_declared_dimension_counts_even_without_cells():
    assert xlsx_extent(b'<worksheet><dimension ref="A1:XFD1048576"/></worksheet>', 5_000) == Extent(
        1048576, 16384
    )


def _ods(rows: str) -> io.BytesIO:
    return io.BytesIO(
        (
            "<office:document-content"
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            '<table:table table:name="Lain"><table:table-row table:number-rows-repeated="900000">'
            '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
            '</table:table><table:table table:name="Data Kinerja">'
            f"{rows}</table:table></office:body></office:document-content>"
        ).encode()
    )


def test_an_ods_counts_values_not_the_empty_tail_libreoffice_writes():
    rows = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Kode</text:p>'
        '</table:table-cell><table:table-cell table:number-columns-repeated="3"/>'
        '<table:table-cell office:value-type="float" office:value="5"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert ods_extents(_ods(rows))["Data Kinerja"] == Extent(1, 5)


def test_an_ods_value_repeated_a_million_times_counts_a_million_times():
    rows = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float"'
        ' office:value="1"/></table:table-row>'
    )
    assert ods_extents(_ods(rows))["Data Kinerja"] == Extent(1000000, 16384)


@pytest.mark.parametrize(
    "hidden",
    [
        # the table: prefix bound to another namespace: a reader going by prefix still reads it
        '<table:table-row xmlns:table="urn:lain" table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>',
        # a nested table before the huge row must not end the count
        '<table:table-row><table:table-cell><table:table table:name="x"/></table:table-cell>'
        '</table:table-row><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>',
    ],
    ids=["namespace-lain", "tabel-bersarang"],
)
def test_an_ods_row_hidden_from_a_namespace_aware_reader_still_counts(hidden):
    assert ods_extents(_ods(hidden))["Data Kinerja"].rows >= 1000000


@pytest.mark.slow
def test_an_ods_saved_by_libreoffice_measures_as_what_it_holds(tmp_path):
    from tests.helpers import convert_with_libreoffice

    ods = convert_with_libreoffice(SAMPLE, "ods", tmp_path)
    with Spreadsheet(ods) as book:
        assert book.is_ods
        assert book.extent("Data Kinerja") == Extent(12, 17)
        assert book.grid("Data Kinerja")[6][1] == "DAF-01"


@pytest.mark.parametrize(
    "xml",
    [
        b'<sheetData><row r="1"><c r="&#88;FD1048576"/></row></sheetData>',
        b'<dimension ref="A1:&#88;FD1"/>',
        b"<sheetData><row r='1'><c r='A1 '/></row></sheetData>",
    ],
)
def test_a_reference_that_is_not_a_plain_address_cannot_be_measured(xml):
    with pytest.raises(ValueError):
        xlsx_extent(b"<worksheet>" + xml + b"</worksheet>", 5_000)


def test_a_sheet_named_in_single_quotes_is_still_measured(tmp_path):
    from tests.corpus import _member

    def single_quoted(xml: bytes) -> bytes:
        return xml.replace(b'name="Data Kinerja"', b"name='Data Kinerja'")

    folder = tmp_path / "2026-TW3"
    folder.mkdir()
    path = _member("xl/workbook.xml", single_quoted)(folder)
    with Spreadsheet(path) as book:
        assert book.extent("Data Kinerja") == Extent(12, 26)


def test_a_huge_ods_is_refused_before_any_reader_loads_it(tmp_path, sample_master, monkeypatch):
    import python_calamine

    from pipeline.validation import validate_file

    def must_not_open(_path):
        raise AssertionError("the .ods was loaded before it was measured")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", must_not_open)
    folder = tmp_path / "2026-TW3"
    folder.mkdir()
    path = folder / "DAFDUK.ods"
    huge = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", _ods(huge).getvalue())
    report = validate_file(path, sample_master)
    assert [(f.cell, f.code) for f in report.findings] == [("", "file-terlalu-besar")]


def test_an_ods_table_without_rows_is_measured_empty():
    assert ods_extents(_ods(""))["Data Kinerja"] == Extent(0, 0)
