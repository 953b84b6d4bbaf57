from __future__ import annotations

import io

import pytest

from pipeline.measure import Extent, ods_extent, xlsx_extent
from pipeline.workbooks import Spreadsheet
from tests.conftest import ROOT

SAMPLE = ROOT / "input" / "2026-TW3" / "DAFDUK.xlsx"


def test_a_template_measures_as_what_it_holds():
    with Spreadsheet(SAMPLE) as book:
        assert book.extent("Data Kinerja") == Extent(12, 26)  # up to Z at most: 17 used
        assert book.extent("Tidak Ada") == Extent(0, 0)


@pytest.mark.parametrize(
    ("cells", "extent"),
    [
        (b'<row r="3"><c r="B3"/></row>', Extent(3, 26)),
        (b'<row r="3"><c r="XFD3"/></row>', Extent(3, 16384)),
        (b'<row r="3"><c r="A1048576"/></row>', Extent(1048576, 26)),  # a cell far below its row
        (b'<row r="1048576"><c r="A1048576"/></row>', Extent(1048576, 26)),
        (b'<row><c/><c/><c/></row><row><c t="n"/></row>', Extent(2, 3)),  # no references at all
        (b'<x:row r="9"><x:c r="AB9"/></x:row>', Extent(9, 28)),  # prefixed tags
    ],
)
def test_rows_and_columns_are_found_however_the_xml_is_written(cells, extent):
    xml = b'<worksheet><dimension ref="A1"/><sheetData>' + cells + b"</sheetData></worksheet>"
    assert xlsx_extent(xml) == extent


def test_a_declared_dimension_counts_even_without_cells():
    assert xlsx_extent(b'<worksheet><dimension ref="A1:XFD1048576"/></worksheet>') == Extent(
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
    assert ods_extent(_ods(rows), "Data Kinerja") == Extent(1, 5)


def test_an_ods_value_repeated_a_million_times_counts_a_million_times():
    rows = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float"'
        ' office:value="1"/></table:table-row>'
    )
    assert ods_extent(_ods(rows), "Data Kinerja") == Extent(1000000, 16384)


@pytest.mark.slow
def test_an_ods_saved_by_libreoffice_measures_as_what_it_holds(tmp_path):
    from tests.helpers import convert_with_libreoffice

    ods = convert_with_libreoffice(SAMPLE, "ods", tmp_path)
    with Spreadsheet(ods) as book:
        assert book.is_ods
        assert book.extent("Data Kinerja") == Extent(12, 17)
        assert book.grid("Data Kinerja")[6][1] == "DAF-01"
