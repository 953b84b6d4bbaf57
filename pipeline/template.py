"""Write the blank unit templates handed out at SOP step 2 (SPEC section 5)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import __version__
from pipeline.errors import DataKinerjaError
from pipeline.layout import (
    APPROVAL_ROWS,
    FIRST_DATA_ROW,
    FORMAT_VERSION,
    HEADER_ROW,
    SHEET_APPROVAL,
    SHEET_DATA,
    SHEET_GUIDE,
    SHEET_META,
    TemplateColumn,
    template_columns,
    wrapped_lines,
)
from pipeline.master import Indicator, Master, is_percent
from pipeline.periods import Period
from pipeline.workbooks import atomic_output, inside
from schemas.nip import format_nip

INPUT_FILL = "#FFF2CC"
CURRENT_FILL = "#FFE699"  # the quarter being reported
CURRENT_HEADER_FILL = "#C65911"
HEADER_FILL = "#1F4E78"
LOCKED_FILL = "#F2F2F2"

# The workbook's font, and so its width unit (one digit of it). Arial is LibreOffice's
# Liberation Sans, metric for metric, so a column holds the same text in Excel and in
# LibreOffice; Calibri falls back there to DejaVu Sans where Carlito is missing, a fifth
# wider. Not tied to the theme's font ("minor", Calibri), which Excel would show instead.
FONT = {"font_name": "Arial", "font_size": 10, "font_scheme": "none"}
DEFAULT_ROW_PIXELS = 17  # Excel's row height for Arial 10

# Widths on `Data Kinerja`, in digits of Arial 10. The widest table (TW4 with quarterly
# targets, 18 columns) must print one A4-landscape page wide with its 10-pt type at 8 pt or
# more: that leaves each column little more than the longest word of its title or of the
# master's text in it, and a long word a unit types may still break inside. Text wraps;
# rows are as tall as their text. By column key; "realisasi" is every quarter's column.
DATA_WIDTHS = {
    "no": 3,
    "kode": 6.8,
    "sasaran": 12.5,
    "indikator": 13,
    "satuan": 9.5,
    "polaritas": 8.2,
    "akumulasi": 9.7,
    "target": 8,
    "target_twn": 7,
    "realisasi": 8.4,
    "penjelasan": 10,
    "faktor_pendukung": 10.4,
    "faktor_penghambat": 11.4,
    "tindak_lanjut": 9,
    "sumber": 10.6,
}
# Excel's "Narrow" side margins: every millimetre of width is type size on paper
SIDE_MARGIN = 0.25

# A unit's earlier realisations: indicator code -> quarter -> value.
Prefill = Mapping[str, Mapping[int, float]]
# A filled template (the bundled sample, tests): indicator code -> column key -> value.
Filled = Mapping[str, Mapping[str, object]]


def write_templates(
    master: Master,
    period: Period,
    out_dir: Path,
    units: list[str] | None = None,
    prefills: Mapping[str, Prefill] | None = None,
) -> list[Path]:
    """One template per unit into `out_dir`; returns the paths written."""
    chosen = units or list(master.units.index)
    unknown = [u for u in chosen if u not in master.units.index]
    if unknown:
        raise DataKinerjaError(
            f"Unit {', '.join(unknown)} tidak ada di sheet Unit master {master.path}. "
            f"Unit yang dikenal: {', '.join(master.units.index)}."
        )
    written = []
    for unit in chosen:
        if not master.unit_records(unit, period.year):
            continue
        path = inside(out_dir, f"{unit}.xlsx")
        write_template(master, period, unit, path, (prefills or {}).get(unit, {}))
        written.append(path)
    if not written:
        raise DataKinerjaError(
            f"Master {master.path} tidak memuat indikator tahun {period.year} untuk unit "
            f"yang diminta. Tambahkan baris tahun {period.year} di sheet Indikator."
        )
    return written


def write_template(
    master: Master,
    period: Period,
    unit: str,
    path: Path,
    prefill: Prefill | None = None,
    filled: Filled | None = None,
    approval: Mapping[str, object] | None = None,
) -> Path:
    """Write one unit's template atomically; the same inputs give the same bytes.

    `filled` and `approval` write a unit's answers into it, as a unit would type them.
    """
    indicators = list(master.unit_records(unit, period.year).values())
    quarterly = any(row.target_for(period.quarter) is not None for row in indicators)
    columns = template_columns(period.quarter, quarterly)
    with atomic_output(path) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "default_format_properties": FONT,
                "default_row_height": DEFAULT_ROW_PIXELS,
            },
        )
        workbook.set_properties(
            {
                "title": f"Templat Data Kinerja {unit} {period}",
                "author": "Data Kinerja",
                "company": master.office.get("nama dinas", ""),
                "created": datetime.combine(period.start, datetime.min.time()),
            }
        )
        styles = _styles(workbook)
        _write_guide(workbook.add_worksheet(SHEET_GUIDE), master, period, unit, styles)
        data = workbook.add_worksheet(SHEET_DATA)
        answers = _answers(prefill or {}, filled or {})
        _write_data(data, master, period, unit, indicators, columns, answers, styles)
        _write_approval(
            workbook.add_worksheet(SHEET_APPROVAL), master, unit, styles, approval or {}
        )
        _write_meta(workbook.add_worksheet(SHEET_META), master, period, unit)
        data.activate()
        workbook.close()
    return path


def _answers(prefill: Prefill, filled: Filled) -> dict[str, dict[str, object]]:
    """Prefilled realisations and typed answers, by indicator code and column key."""
    answers: dict[str, dict[str, object]] = {}
    for kode, quarters in prefill.items():
        answers.setdefault(kode, {}).update({f"realisasi_tw{q}": v for q, v in quarters.items()})
    for kode, values in filled.items():
        answers.setdefault(kode, {}).update(values)
    return answers


def _styles(workbook: Workbook) -> dict[str, object]:
    base = {"valign": "top", "border": 1, "font_size": 10}
    add = workbook.add_format
    return {
        "title": add({"bold": True, "font_size": 14}),
        "subtitle": add({"bold": True, "font_size": 11}),
        "note": add({"italic": True, "font_size": 9, "font_color": "#595959"}),
        "text": add({"text_wrap": True, "valign": "top", "font_size": 11}),
        "bold": add({"bold": True, "valign": "top", "align": "left", "font_size": 11}),
        "header": add(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "bg_color": HEADER_FILL,
                "font_color": "#FFFFFF",
            }
        ),
        "locked": add({**base, "text_wrap": True, "bg_color": LOCKED_FILL}),
        "locked_int": add({**base, "bg_color": LOCKED_FILL, "num_format": "#,##0"}),
        "locked_dec": add({**base, "bg_color": LOCKED_FILL, "num_format": "#,##0.0##"}),
        "input_number": add({**base, "bg_color": INPUT_FILL, "locked": False}),
        # this quarter's column: a stronger fill and border than the quarters already given
        "header_current": add(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "bg_color": CURRENT_HEADER_FILL,
                "font_color": "#FFFFFF",
            }
        ),
        "input_current_number": add(
            {**base, "bg_color": CURRENT_FILL, "locked": False, "border": 2, "bold": True}
        ),
        "input_current_percent": add(
            {
                **base,
                "bg_color": CURRENT_FILL,
                "locked": False,
                "border": 2,
                "bold": True,
                "num_format": 'General"%"',
            }
        ),
        "signature_box": add({"border": 1}),
        # the % is shown by the format, so nobody types it (Excel would keep 99,4% as 0,994)
        "input_percent": add(
            {**base, "bg_color": INPUT_FILL, "locked": False, "num_format": 'General"%"'}
        ),
        "input_text": add({**base, "bg_color": INPUT_FILL, "locked": False, "text_wrap": True}),
        "input_date": add(
            {**base, "bg_color": INPUT_FILL, "locked": False, "num_format": "dd-mm-yyyy"}
        ),
        "label": add({**base, "bold": True, "bg_color": LOCKED_FILL}),
        "legend_input": add({"bg_color": INPUT_FILL, "border": 1}),
        "legend_locked": add({"bg_color": LOCKED_FILL, "border": 1}),
    }


def _unit_name(master: Master, unit: str) -> str:
    return str(master.units.at[unit, "nama"])


def _write_guide(ws: Worksheet, master: Master, period: Period, unit: str, st: dict) -> None:
    office = master.office
    deadline = master.deadlines.get(str(period))
    unit_row = master.units.loc[unit]
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, "PETUNJUK PENGISIAN DATA KINERJA", st["title"])
    lines = [
        ("Dinas", office.get("nama dinas", "")),
        ("Unit", f"{_unit_name(master, unit)} ({unit})"),
        ("Periode", f"{period.label} ({period})"),
        (
            "Batas waktu",
            deadline.strftime("%d-%m-%Y") if deadline else "belum ditetapkan di master",
        ),
        (
            "Bertanya kepada",
            f"{office.get('nama katim penyusunan program', '')} (Katim Penyusunan Program, "
            f"Sekretariat)"
            + (
                f" atau {unit_row['katim']} (Katim pada unit)" if _filled(unit_row["katim"]) else ""
            ),
        ),
    ]
    for r, (label, value) in enumerate(lines, start=2):
        ws.write_string(r, 0, label, st["bold"])
        ws.write_string(r, 1, value, st["text"])
        ws.set_row(r, text_height([(value, 100)], 11))
    steps = [
        f"Buka sheet '{SHEET_DATA}'. Sel berwarna kuning adalah isian Anda; sel abu-abu berasal "
        "dari master indikator dan terkunci.",
        f"Isi realisasi {period.label} pada kolom 'Realisasi TW{period.quarter}' (kuning tua, "
        "judul jingga). Tulis angka saja: "
        "koma untuk desimal (85,5), tanpa satuan. Nol adalah nilai; biarkan kosong bila data "
        "memang belum ada dan jelaskan di kolom Penjelasan.",
        "Untuk indikator akumulasi 'kumulatif' isi angka triwulan itu saja (bukan jumlah s.d. "
        "triwulan); 'posisi' isi keadaan akhir triwulan; 'rata-rata' isi nilai triwulan itu.",
        "Kolom Polaritas menunjukkan arah yang baik: 'positif' berarti makin tinggi realisasi "
        "makin baik (misalnya cakupan layanan); 'negatif' berarti makin rendah makin baik "
        "(misalnya lama waktu layanan atau jumlah keluhan).",
        "Realisasi triwulan sebelumnya yang sudah diterima telah diisikan; ubah hanya bila ada "
        "koreksi, dan jelaskan koreksinya di kolom Penjelasan.",
        "Isi Penjelasan untuk setiap indikator. Bila capaian di bawah predikat 'Tinggi' "
        "(kurang dari 76%), Faktor Penghambat dan Tindak Lanjut wajib diisi.",
        f"Isi sheet '{SHEET_APPROVAL}': nama, NIP dan tanggal penyusun. Periksa nama Kepala.",
        "Jangan mengganti nama sheet, menyisipkan atau menghapus baris/kolom tabel. Simpan "
        "sebagai .xlsx (Excel Workbook), lalu serahkan: unggah di halaman unit Anda pada "
        "halaman web Data Kinerja kantor (file langsung diperiksa dan temuannya tampil per "
        "sel; unggah lagi sampai valid), atau serahkan kepada Katim Penyusunan Program. File "
        "yang valid diajukan kepada Kepala Bidang untuk disetujui (SOP langkah 5 dan 6).",
        "Setelah disetujui, file ini diserahkan melalui Sekretaris kepada Katim Penyusunan "
        "Program (SOP langkah 7), yang memeriksanya. Bila ada yang perlu diperbaiki, unit "
        "menerima file umpan balik: setiap sel bermasalah berwarna dan berisi pesan "
        "perbaikannya.",
    ]
    r = len(lines) + 3
    ws.write_string(r, 0, "Langkah pengisian", st["subtitle"])
    for number, step in enumerate(steps, start=1):
        r += 1
        ws.write_number(r, 0, number, st["bold"])
        ws.write_string(r, 1, step, st["text"])
        ws.set_row(r, text_height([(step, 100)], 11))
    r += 2
    ws.write_string(r, 0, "", st["legend_input"])
    ws.write_string(r, 1, "Sel isian (terbuka)", st["text"])
    ws.write_string(r + 1, 0, "", st["legend_locked"])
    ws.write_string(r + 1, 1, "Sel dari master (terkunci)", st["text"])
    if office.get("catatan"):
        ws.write_string(r + 3, 1, office["catatan"], st["note"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)  # the guide is one sheet of paper
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def _write_data(
    ws: Worksheet,
    master: Master,
    period: Period,
    unit: str,
    indicators: list[Indicator],
    columns: list[TemplateColumn],
    answers: dict[str, dict[str, object]],
    st: dict,
) -> None:
    office = master.office.get("nama dinas", "")
    ws.write_string(0, 0, "DATA KINERJA UNIT", st["title"])
    ws.write_string(1, 0, office, st["subtitle"])
    ws.write_string(2, 0, f"Unit: {_unit_name(master, unit)} ({unit})", st["subtitle"])
    ws.write_string(3, 0, f"Periode: {period.label} ({period})", st["subtitle"])
    ws.write_string(
        4,
        0,
        "Sel kuning diisi oleh unit; sel abu-abu berasal dari master dan terkunci.",
        st["note"],
    )
    header = HEADER_ROW - 1
    for c, column in enumerate(columns):
        ws.set_column(c, c, data_width(column))
        current = column.kind == "realisasi" and column.quarter == period.quarter
        ws.write_string(header, c, column.title, st["header_current" if current else "header"])
    ws.set_row(header, text_height([(c.title, data_width(c)) for c in columns]))
    for i, row in enumerate(indicators):
        r = FIRST_DATA_ROW - 1 + i
        written = [
            (_write_cell(ws, r, c, column, row, i + 1, period, answers, st), data_width(column))
            for c, column in enumerate(columns)
        ]
        # LibreOffice does not fit a row to its wrapped text on opening, so we do
        ws.set_row(r, text_height([(text, width) for text, width in written if text]))
    last = FIRST_DATA_ROW - 2 + len(indicators)
    ws.freeze_panes(HEADER_ROW, 4)
    ws.autofilter(header, 0, max(last, header), len(columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header)
    ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.6, bottom=0.6)
    unit_label = f"{_unit_name(master, unit)} - {period}".replace("&", "&&")
    ws.set_header(f"&L&8{office.replace('&', '&&')}&R&8{unit_label}")
    ws.set_footer("&L&8Templat Data Kinerja&R&8Halaman &P dari &N")
    ws.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
            "autofilter": True,
            "sort": False,
        },
    )


def data_width(column: TemplateColumn) -> float:
    """The column's width on `Data Kinerja`, in digits of the workbook's font."""
    return DATA_WIDTHS["realisasi" if column.kind == "realisasi" else column.key]


def text_height(texts: list[tuple[str, float]], font_size: float = 10) -> float:
    """Points a row needs to show each text wrapped in its column (width in digits).

    A character is reckoned a digit of Arial 10 wide, scaled by the font size: Arial's
    letters are narrower on average, so the row errs towards room to spare, never towards
    cutting text off.
    """
    lines = max(
        [wrapped_lines(text, max(int(width * 10 / font_size), 1)) for text, width in texts] or [1]
    )
    return round(lines * font_size * 1.3 + 3, 2)


def _write_cell(
    ws: Worksheet,
    r: int,
    c: int,
    column: TemplateColumn,
    row: Indicator,
    number: int,
    period: Period,
    answers: dict[str, dict[str, object]],
    st: dict,
) -> str | None:
    """Write one cell of an indicator's row; returns the text written, None for a number."""
    if column.key == "no":
        ws.write_number(r, c, number, st["locked_int"])
        return None
    if column.key in ("target", "target_twn"):
        value = row.target if column.key == "target" else row.target_for(period.quarter)
        if value is None:
            ws.write_blank(r, c, None, st["locked"])
        else:
            style = st["locked_int"] if float(value).is_integer() else st["locked_dec"]
            ws.write_number(r, c, float(value), style)
        return None
    if column.kind == "master":
        text = str(getattr(row, column.key))
        ws.write_string(r, c, text, st["locked"])
        if column.key == "indikator" and row.definisi:
            ws.write_comment(
                r, c, f"Definisi/rumus: {row.definisi}", {"x_scale": 2, "y_scale": 1.2}
            )
        return text
    if column.kind == "realisasi":
        current = column.quarter == period.quarter
        kind = "input_current" if current else "input"
        style = st[f"{kind}_percent" if is_percent(row.satuan) else f"{kind}_number"]
        typed = _write_answer(ws, r, c, answers.get(str(row.kode), {}).get(column.key), style)
        ws.data_validation(r, c, r, c, _number_validation(row, column))
        return typed
    default = row.sumber if column.key == "sumber" else None
    answer = answers.get(str(row.kode), {}).get(column.key, default)
    typed = _write_answer(ws, r, c, answer, st["input_text"])
    ws.data_validation(r, c, r, c, _text_message(column))
    return typed


def _write_answer(ws: Worksheet, r: int, c: int, value: object, style: object) -> str | None:
    """An input cell: blank, a number, or text kept as text (never a formula); returns the
    text written."""
    if value is None:
        ws.write_blank(r, c, None, style)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(r, c, float(value), style)
    else:
        ws.write_string(r, c, str(value), style)
        return str(value)
    return None


def _number_validation(row: Indicator, column: TemplateColumn) -> dict:
    percent_capped = is_percent(row.satuan) and not row.boleh_lebih_100
    rule = (
        {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100}
        if percent_capped
        else {"validate": "decimal", "criteria": ">=", "value": 0}
    )
    limit = "antara 0 dan 100" if percent_capped else "tidak kurang dari 0"
    what = {
        "kumulatif": "angka triwulan ini saja (bukan jumlah s.d. triwulan); 0 bila tidak ada",
        "posisi": "keadaan pada akhir triwulan",
        "rata-rata": "nilai triwulan ini",
    }[row.akumulasi]
    typing = "Ketik angkanya saja tanpa tanda %, misalnya 99,4. " if is_percent(row.satuan) else ""
    return {
        **rule,
        "ignore_blank": True,
        "input_title": f"Realisasi TW{column.quarter}"[:32],
        "input_message": (
            f"{row.kode} ({row.satuan}): isi {what}, {limit}. {typing}Koma untuk "
            "desimal. Kosongkan bila data belum ada."
        )[:255],
        "error_title": "Angka tidak valid",
        "error_message": f"Realisasi harus berupa angka {limit}.",
        "error_type": "stop",
    }


_TEXT_HELP = {
    "penjelasan": "Jelaskan angka realisasi: apa yang dicapai dan, bila ada, koreksi angka.",
    "faktor_pendukung": "Hal yang membantu tercapainya target.",
    "faktor_penghambat": "Wajib bila capaian di bawah predikat Tinggi: apa yang menghambat.",
    "tindak_lanjut": "Wajib bila capaian di bawah predikat Tinggi: langkah perbaikan dan kapan.",
    "sumber": "Dokumen atau aplikasi sumber angka; ubah bila berbeda dari master.",
}


def _text_message(column: TemplateColumn) -> dict:
    return {
        "validate": "any",
        "input_title": column.title[:32],
        "input_message": _TEXT_HELP[column.key][:255],
    }


def _write_approval(
    ws: Worksheet, master: Master, unit: str, st: dict, approval: Mapping[str, object]
) -> None:
    row = master.units.loc[unit]
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 50)
    ws.write_string(0, 0, "PENGESAHAN DATA KINERJA UNIT", st["title"])
    ws.write_string(2, 0, "Disusun oleh", st["subtitle"])
    jabatan = row["jabatan"] if _filled(row["jabatan"]) else "Kepala Bidang"
    ws.write_string(7, 0, f"Mengetahui, {jabatan}", st["subtitle"])
    prefilled = {
        "kepala_nama": row["kepala"] if _filled(row["kepala"]) else None,
        "kepala_nip": format_nip(row["nip"]) if _filled(row["nip"]) else None,
    }
    help_text = {
        "penyusun_nama": "Nama lengkap penyusun (Katim pada Bidang atau staf).",
        "penyusun_nip": "NIP 18 angka; boleh dengan spasi.",
        "penyusun_tanggal": "Tanggal penyusunan, misalnya 05-07-2026.",
        "kepala_nama": "Diisi dari master; ubah bila dijabat Plt.",
        "kepala_nip": "Diisi dari master; ubah bila dijabat Plt.",
    }
    for key, (excel_row, label) in APPROVAL_ROWS.items():
        r = excel_row - 1
        ws.write_string(r, 0, label, st["label"])
        style = st["input_date"] if key == "penyusun_tanggal" else st["input_text"]
        value = approval.get(key, prefilled.get(key))
        if isinstance(value, datetime):
            ws.write_datetime(r, 1, value, style)
        elif value:
            ws.write_string(r, 1, str(value), style)
        else:
            ws.write_blank(r, 1, None, style)
        validation: dict[str, object] = {"validate": "any"}
        if key == "penyusun_tanggal":
            validation = {
                "validate": "date",
                "criteria": ">",
                "value": datetime(2000, 1, 1),
                "error_message": "Isi tanggal yang valid, misalnya 05-07-2026.",
            }
        ws.data_validation(
            r,
            1,
            r,
            1,
            {**validation, "input_title": label[:32], "input_message": help_text[key]},
        )
    # room to sign on paper: the penyusun under their rows, the Kepala under theirs
    ws.write_string(6, 0, "Tanda Tangan Penyusun", st["label"])
    ws.write_blank(6, 1, None, st["signature_box"])
    ws.set_row(6, 45)
    ws.write_string(10, 0, "Tanda Tangan Kepala Unit", st["label"])
    ws.write_blank(10, 1, None, st["signature_box"])
    ws.set_row(10, 45)
    ws.write_string(11, 0, "Tanggal Disetujui", st["label"])
    ws.write_blank(11, 1, None, st["signature_box"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def _write_meta(ws: Worksheet, master: Master, period: Period, unit: str) -> None:
    values = {
        "format": FORMAT_VERSION,
        "unit": unit,
        "periode": str(period),
        "tahun": str(period.year),
        "hash_master": master.unit_hash(unit, period.year),
        "alat": f"datakinerja {__version__}",
    }
    for r, (key, value) in enumerate(values.items()):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.very_hidden()
    ws.protect("")


def _filled(value: object) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and str(value).strip() != ""
    )
