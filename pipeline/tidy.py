"""The period's evaluation as tidy data: one CSV row per indicator (SPEC section 8).

It is what e-SAKIP entry and any analysis start from, so it is plain: UTF-8, a comma
between fields, a point as the decimal separator, empty where there is no figure.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.cells import inert
from pipeline.consolidation import Evaluation
from pipeline.workbooks import atomic_output

# (column, what it holds): the user guide's table of the CSV is generated from this.
COLUMNS = (
    ("periode", "periode laporan, `TAHUN-TWn`"),
    ("unit", "kode unit penanggung jawab"),
    ("sasaran", "sasaran strategis"),
    ("kode", "kode indikator"),
    ("indikator", "nama indikator kinerja"),
    ("iku", "`ya` bila Indikator Kinerja Utama, selain itu `tidak`"),
    ("satuan", "satuan"),
    ("polaritas", "`positif` atau `negatif`"),
    ("akumulasi", "`kumulatif`, `posisi` atau `rata-rata`"),
    ("target", "target yang dipakai: target s.d. triwulan bila ada, selain itu target tahunan"),
    ("realisasi", "realisasi s.d. triwulan menurut akumulasinya"),
    ("capaian", "capaian (%), dua desimal; kosong bila tidak dapat dihitung"),
    ("capaian_dibatasi", "capaian (%) setelah dibatasi batas atas capaian, dipakai rata-rata"),
    ("predikat", "predikat dari capaian"),
    ("capaian_tahunan", "capaian (%) terhadap target tahunan"),
    ("alasan", "mengapa capaian tidak dihitung; kosong bila dihitung"),
)


def tidy_file_name(period: object) -> str:
    return f"Data-Kinerja-{period}.csv"


def tidy_rows(evaluation: Evaluation) -> list[list[str]]:
    """The CSV's rows, header first, every value already text."""
    rows = [[name for name, _ in COLUMNS]]
    for record in evaluation.records:
        rows.append(
            [
                str(evaluation.period),
                _text(record.unit),
                _text(record.sasaran),
                _text(record.kode),
                _text(record.indikator),
                "ya" if record.iku else "tidak",
                _text(record.satuan),
                record.polaritas,
                record.akumulasi,
                _number(record.target_dipakai),
                _number(record.realisasi),
                _percent(record.capaian),
                _percent(record.capaian_dibatasi),
                _text(record.predikat),
                _percent(record.capaian_tahunan),
                _text(record.alasan),
            ]
        )
    return rows


def write_tidy_csv(evaluation: Evaluation, path: Path) -> Path:
    """Write the CSV whole or not at all; same evaluation, same bytes."""
    with (
        atomic_output(path) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as handle,
    ):
        csv.writer(handle, lineterminator="\n").writerows(tidy_rows(evaluation))
    return path


def _text(value: object) -> str:
    return "" if value is None else inert(str(value))


def _number(value: float | None) -> str:
    if value is None or value != value:
        return ""
    return f"{value:.15g}"  # the digits a spreadsheet shows: 89.9, not 89.89999999999999


def _percent(value: float | None) -> str:
    return "" if value is None or value != value else f"{value:.2f}"
