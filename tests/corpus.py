"""A corpus of broken unit files, each with the findings it must produce.

`python -m tests.corpus DIR` writes every case to DIR for a person to open and review;
tests/test_validation.py checks each case's codes and cells.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "2026-TW3"
PERIOD = "2026-TW3"
# DAFDUK 2026-TW3: header row 6, DAF-01..DAF-06 in rows 7..12; J/K/L = Realisasi TW1/2/3,
# M Penjelasan, N Faktor Pendukung, O Faktor Penghambat, P Tindak Lanjut.


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]  # writes the file into a period folder, returns its path
    expected: list[tuple[str, str]]  # (cell, code) in report order
    exit_code: int


def _edit(unit: str = "DAFDUK", file_name: str | None = None, **changes) -> Callable:
    """Copy a sample file and change it with openpyxl, as a person editing in Excel would."""

    def build(folder: Path) -> Path:
        workbook = openpyxl.load_workbook(SAMPLE / f"{unit}.xlsx")
        for action, argument in changes.items():
            ACTIONS[action](workbook, argument)
        target = folder / (file_name or f"{unit}.xlsx")
        workbook.save(target)
        return target

    return build


def _cells(workbook, edits: dict) -> None:
    for ref, value in edits.items():
        sheet, _, cell = ref.rpartition("!")
        workbook[sheet or "Data Kinerja"][cell] = value


def _text_cells(workbook, edits: dict) -> None:
    """Text typed into a cell formatted as text: kept as characters, even a leading `=`."""
    for ref, value in edits.items():
        cell = workbook["Data Kinerja"][ref]
        cell.value = value
        cell.data_type = "s"


def _merge(workbook, span: str) -> None:
    workbook["Data Kinerja"].merge_cells(span)


def _delete_rows(workbook, spec: tuple[int, int]) -> None:
    workbook["Data Kinerja"].delete_rows(*spec)


def _insert_rows(workbook, spec: tuple[int, int]) -> None:
    workbook["Data Kinerja"].insert_rows(*spec)


def _delete_cols(workbook, spec: tuple[int, int]) -> None:
    workbook["Data Kinerja"].delete_cols(*spec)


def _insert_cols(workbook, spec: tuple[int, int]) -> None:
    workbook["Data Kinerja"].insert_cols(*spec)


def _rename(workbook, names: tuple[str, str]) -> None:
    workbook[names[0]].title = names[1]


def _drop_sheet(workbook, name: str) -> None:
    del workbook[name]


def _percent_cells(workbook, edits: dict) -> None:
    """A percent typed in Excel (`99,4%`): stored as the fraction, shown with a % format."""
    for ref, value in edits.items():
        cell = workbook["Data Kinerja"][ref]
        cell.value = value
        cell.number_format = "0.0%"


def _meta(workbook, values: dict) -> None:
    sheet = workbook["_datakinerja"]
    for row in sheet.iter_rows():
        if row[0].value in values:
            row[1].value = values[row[0].value]


ACTIONS = {
    "cells": _cells,
    "text_cells": _text_cells,
    "percent_cells": _percent_cells,
    "merge": _merge,
    "delete_rows": _delete_rows,
    "insert_rows": _insert_rows,
    "delete_cols": _delete_cols,
    "insert_cols": _insert_cols,
    "rename": _rename,
    "drop_sheet": _drop_sheet,
    "meta": _meta,
}


def _raw(name: str, content: bytes) -> Callable:
    def build(folder: Path) -> Path:
        target = folder / name
        target.write_bytes(content)
        return target

    return build


def _copy(source: Path, name: str) -> Callable:
    def build(folder: Path) -> Path:
        return Path(shutil.copy(source, folder / name))

    return build


def _foreign(folder: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.active["A1"] = "Rekap kinerja"
    target = folder / "DAFDUK.xlsx"
    workbook.save(target)
    return target


def _zip_bomb(folder: Path) -> Path:
    target = folder / "DAFDUK.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    return target


def _macro_enabled(folder: Path) -> Path:
    buffer = io.BytesIO((SAMPLE / "DAFDUK.xlsx").read_bytes())
    target = folder / "DAFDUK.xlsx"
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    target.write_bytes(buffer.getvalue())
    return target


def _member(member: str, change: Callable[[bytes], bytes]) -> Callable:
    """The sample file with one zip member's bytes changed, as a hostile tool would."""

    def build(folder: Path) -> Path:
        target = folder / "DAFDUK.xlsx"
        with (
            zipfile.ZipFile(SAMPLE / "DAFDUK.xlsx") as source,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                out.writestr(info.filename, change(data) if info.filename == member else data)
        return target

    return build


DATA_SHEET = "xl/worksheets/sheet2.xml"  # Data Kinerja in the sample files


def _stray_cell(ref: str) -> Callable[[bytes], bytes]:
    row = "".join(ch for ch in ref if ch.isdigit())
    cell = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
    return lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")


def _raw_cell(ref: str, xml_cell: str) -> Callable[[bytes], bytes]:
    """A cell replaced by raw XML."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    return lambda xml: pattern.sub(lambda _: xml_cell.encode(), xml, count=1)


def _inline_text(ref: str, text: str) -> Callable[[bytes], bytes]:
    """A cell's content replaced by inline text, as raw XML."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    cell = f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
    return lambda xml: pattern.sub(lambda _: cell, xml, count=1)


def _damaged(how: str) -> Callable:
    """A bad checksum or a member whose declared size lies: calamine fails mid-sheet."""

    def build(folder: Path) -> Path:
        target = _member(DATA_SHEET, lambda xml: xml)(folder)
        data = bytearray(target.read_bytes())
        with zipfile.ZipFile(target) as archive:
            info = archive.getinfo(DATA_SHEET)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        if how == "crc":
            data[start + info.compress_size // 2] ^= 0xFF
        else:  # the sizes in the local header and the central directory both say 100 bytes
            local = info.header_offset
            central = data.rfind(b"PK\x01\x02", 0, data.rfind(info.filename.encode()))
            data[local + 22 : local + 26] = (100).to_bytes(4, "little")
            data[central + 24 : central + 28] = (100).to_bytes(4, "little")
        target.write_bytes(bytes(data))
        return target

    return build


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = OLE + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512

CASES = [
    Case("bersih", _edit(), [], 0),
    Case(
        "angka-tidak-valid", _edit(cells={"L7": "sembilan puluh"}), [("L7", "angka-tidak-valid")], 1
    ),
    Case(
        "angka-teks",
        _edit(cells={"L9": "29.870", "L7": "99,31"}),
        [("L7", "angka-tidak-bersih"), ("L9", "angka-tidak-bersih")],
        0,
    ),
    Case("angka-negatif", _edit(cells={"L11": -5}), [("L11", "angka-negatif")], 1),
    Case("persen-lebih-100", _edit(cells={"L7": 101}), [("L7", "persen-lebih-100")], 1),
    Case("realisasi-kosong", _edit(cells={"L8": None}), [("L8", "realisasi-kosong")], 1),
    Case(
        "tanggal", _edit(cells={"L9": datetime(2026, 9, 30)}), [("L9", "angka-berupa-tanggal")], 1
    ),
    Case("rumus-tanpa-nilai", _edit(cells={"L9": "=28000+1870"}), [("L9", "rumus-tanpa-nilai")], 1),
    Case("capaian-tidak-wajar", _edit(cells={"L9": 298700}), [("L9", "capaian-tidak-wajar")], 0),
    Case(
        "penjelasan-wajib",
        _edit(cells={"O11": None, "P11": None}),
        [("O11", "penjelasan-wajib"), ("P11", "penjelasan-wajib")],
        1,
    ),
    Case(
        "kolom-terkunci",
        _edit(cells={"H9": 100000, "D7": "Persentase perekaman"}),
        [("D7", "kolom-terkunci-berubah"), ("H9", "kolom-terkunci-berubah")],
        1,
    ),
    Case(
        "kode-tidak-dikenal",
        _edit(cells={"B12": "DAF-99"}),
        [("", "indikator-hilang"), ("B12", "kode-tidak-dikenal")],
        1,
    ),
    Case(
        "kode-ganda",
        _edit(cells={"B12": "DAF-05"}),
        [("", "indikator-hilang"), ("B12", "kode-ganda")],
        1,
    ),
    Case("baris-dihapus", _edit(delete_rows=(12, 1)), [("", "indikator-hilang")], 1),
    Case(
        "baris-disisipkan",
        _edit(insert_rows=(10, 1), cells={"M10": "catatan tambahan"}),
        [("B10", "kode-kosong")],
        1,
    ),
    Case("baris-di-atas-tabel", _edit(insert_rows=(2, 2)), [], 0),
    Case("kolom-dihapus", _edit(delete_cols=(13, 1)), [("", "kolom-hilang")], 1),
    Case(
        "kolom-disisipkan",
        _edit(insert_cols=(13, 1), cells={"M6": "Catatan"}),
        [("M6", "kolom-tambahan")],
        0,
    ),
    Case("sel-gabungan", _edit(merge="M7:N7"), [("M7", "sel-gabungan")], 1),
    Case("sheet-diganti-nama", _edit(rename=("Data Kinerja", "Data")), [("", "sheet-hilang")], 1),
    Case("penanda-dihapus", _edit(drop_sheet="_datakinerja"), [("", "bukan-templat")], 1),
    Case("file-asing", _foreign, [("", "bukan-templat")], 1),
    Case("unit-lain", _edit(file_name="CAPIL.xlsx"), [("", "templat-unit-lain")], 1),
    Case(
        "periode-lain",
        _copy(ROOT / "input" / "2026-TW2" / "DAFDUK.xlsx", "DAFDUK.xlsx"),
        [("", "templat-periode-lain")],
        1,
    ),
    Case("master-berubah", _edit(meta={"hash_master": "0" * 64}), [("", "templat-kedaluwarsa")], 1),
    Case("versi-lama", _edit(meta={"format": "0"}), [("", "templat-versi-lama")], 1),
    Case(
        "pengesahan",
        _edit(cells={"Pengesahan!B4": None, "Pengesahan!B5": "1988"}),
        [("B4", "pengesahan-kosong"), ("B5", "nip-tidak-valid")],
        1,
    ),
    Case(
        "teks-rumus",
        _edit(
            text_cells={
                "M7": '=HYPERLINK("http://contoh.invalid","klik")',
                "N7": "+cmd|' /C calc'!A0",
                "O7": "@SUM(1)",
                "P7": "-2+3",
            }
        ),
        [],
        0,
    ),
    Case("file-kosong", _raw("DAFDUK.xlsx", b""), [("", "file-kosong")], 2),
    Case("bukan-zip", _raw("DAFDUK.xlsx", b"ini bukan file excel"), [("", "file-rusak")], 2),
    Case("xls", _raw("DAFDUK.xls", OLE + b"\0" * 1024), [("", "file-xls")], 1),
    Case("xlsm", _copy(SAMPLE / "DAFDUK.xlsx", "DAFDUK.xlsm"), [("", "file-xlsm")], 1),
    Case("makro-di-xlsx", _macro_enabled, [("", "file-xlsm")], 1),
    Case("terenkripsi", _raw("DAFDUK.xlsx", ENCRYPTED), [("", "file-terenkripsi")], 2),
    Case("bom-zip", _zip_bomb, [("", "file-terlalu-besar")], 2),
    Case(
        "csv",
        _raw("DAFDUK.csv", b"Kode;Realisasi\nDAF-01;99\n"),
        [("", "file-format-tidak-didukung")],
        1,
    ),
    Case("angka-raksasa", _edit(cells={"L9": 1e308}), [("L9", "angka-di-luar-batas")], 1),
    Case("persen-excel", _edit(percent_cells={"L7": 0.994}), [("L7", "angka-format-persen")], 0),
    Case(
        "unit-dari-penanda",
        _edit(file_name="laporan.xlsx", meta={"unit": "../../../input/2026-TW3/DAFDUK"}),
        [("", "nama-file-bukan-unit")],
        1,
    ),
    Case(
        "sel-di-XFD1048576",
        _member(DATA_SHEET, _stray_cell("XFD1048576")),
        [("", "file-terlalu-besar")],
        2,
    ),
    Case(
        "sel-di-A1048576",
        _member(DATA_SHEET, _stray_cell("A1048576")),
        [("", "file-terlalu-besar")],
        2,
    ),
    Case(
        "dimensi-bohong",
        _member(DATA_SHEET, lambda xml: xml.replace(b'ref="A1:Q12"', b'ref="A1:XFD1048576"')),
        [("", "file-terlalu-besar")],
        2,
    ),
    Case(
        "angka-tak-hingga",
        _member(
            DATA_SHEET, lambda xml: re.sub(rb'(<c r="L7"[^>]*><v>)[^<]*', rb"\g<1>1E+309", xml)
        ),
        [("L7", "angka-di-luar-batas")],
        1,
    ),
    Case(  # DAF-03 counts keping: `50%` typed in Excel is no number for it
        "persen-excel-bukan-persen",
        _edit(percent_cells={"L9": 0.5}),
        [("L9", "angka-tidak-valid")],
        1,
    ),
    Case(  # written as raw XML: Excel and openpyxl stop at 32.767 characters, a tool need not
        "teks-panjang",
        _member(DATA_SHEET, _inline_text("M7", "x" * 40_000)),
        [("M7", "teks-terlalu-panjang")],
        0,
    ),
    Case(
        "galat-rumus",
        _member(DATA_SHEET, _raw_cell("L9", '<c r="L9" t="e"><f>K9/0</f><v>#DIV/0!</v></c>')),
        [("L9", "sel-berisi-galat")],
        1,
    ),
    Case(
        "rumus-di-kolom-teks",
        _edit(cells={"O11": '=CONCAT("Blangko ","terlambat")'}),
        [("O11", "rumus-tanpa-nilai")],
        1,
    ),
    Case(
        "judul-tertukar",
        _edit(cells={"J6": "Realisasi TW2", "K6": "Realisasi TW1"}),
        [("J6", "kolom-tertukar")],
        1,
    ),
    Case("crc-rusak", _damaged("crc"), [("", "file-rusak")], 2),
    Case("ukuran-bohong", _damaged("sizes"), [("", "file-rusak")], 2),
    Case(
        "entitas-luar",
        _member(
            DATA_SHEET,
            lambda xml: xml.replace(
                b'standalone="yes"?>',
                b'standalone="yes"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
            ).replace(b"<v>", b"<v>&e;", 1),
        ),
        [],
        0,
    ),
    Case(
        "kumulatif-triwulan-kosong",
        _edit(cells={"J9": None}),
        [("J9", "realisasi-kumulatif-kosong")],
        1,
    ),
    Case("judul-tabel-dihapus", _edit(delete_rows=(6, 1)), [("", "tabel-tidak-ditemukan")], 1),
]


def _case(name):
    return next(c for c in CASES if c.name == name)


def write_corpus(out: Path) -> list[Path]:
    written = []
    for case in CASES:
        folder = out / case.name / PERIOD
        folder.mkdir(parents=True, exist_ok=True)
        written.append(case.build(folder))
    return written


if __name__ == "__main__":
    for path in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")):
        print(path)
