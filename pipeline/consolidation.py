"""The office-wide evaluation of a period (SOP step 8): read, check, compute.

Pure computing over the master and the validated unit tables; writing is office_report/.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.errors import EXIT_INPUT, DataKinerjaError
from pipeline.evaluation import (
    Capaian,
    capaian_value,
    capped,
    capped_mean,
    compute_capaian,
    high_minimum,
    predikat,
    quarter_trend,
    renstra_progress,
    year_on_year,
)
from pipeline.findings import Finding, make_finding
from pipeline.master import Indicator, Master
from pipeline.periods import Period
from pipeline.validation import (
    TEXT_COLUMNS,
    Report,
    find_unit_file,
    unit_file_candidates,
    validate_files,
)

if TYPE_CHECKING:
    from pipeline.katim_analysis import KatimAnalysis

MISSING = "tidak ada"
INVALID = "ada galat"
VALID = "valid"


@dataclass
class UnitInput:
    unit: str
    path: Path | None
    report: Report | None

    @property
    def status(self) -> str:
        if self.report is None:
            return MISSING
        return VALID if self.report.valid else INVALID


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator of the period as the office evaluates it: the master's definition,
    the unit's realisations and explanations, and every figure computed from them."""

    unit: str
    kode: str
    sasaran: str
    indikator: str
    iku: bool
    satuan: str
    polaritas: str
    akumulasi: str
    target_tahunan: float
    target_dipakai: float | None
    quarters: dict[int, float | None]  # realisation per quarter of the year so far
    tren_triwulan: str  # the latest quarter against the one before ("▲ membaik")
    realisasi: float | None  # up to this quarter, by the indicator's akumulasi
    capaian: float | None
    capaian_dibatasi: float | None
    predikat: str
    cara_hitung: str
    alasan: str  # why capaian was not computed; '' when it was
    capaian_tahunan: float | None
    realisasi_lalu: float | None
    target_lalu: float | None
    capaian_lalu: float | None  # last year's realisation against last year's target
    perubahan: float | None
    tren_tahunan: str
    target_renstra: float | None
    tahun_renstra: int | None
    progres_renstra: float | None
    penjelasan: str | None
    faktor_pendukung: str | None
    faktor_penghambat: str | None
    tindak_lanjut: str | None
    sumber: str | None
    status_unit: str


@dataclass(frozen=True, slots=True)
class UnitSummary:
    unit: str
    nama: str
    jumlah: int
    dihitung: int
    capaian: float | None
    predikat: str
    terisi: int
    kelengkapan: float | None
    galat: int
    peringatan: int
    status: str
    file: str


@dataclass(frozen=True, slots=True)
class SasaranSummary:
    sasaran: str
    jumlah: int
    dihitung: int
    capaian: float | None
    predikat: str
    di_bawah_tinggi: int
    unit: str  # the units responsible, in the master's order


@dataclass
class Evaluation:
    master: Master
    period: Period
    inputs: list[UnitInput]
    records: list[IndicatorResult]  # every master indicator of the year, master order
    per_sasaran: list[SasaranSummary]
    per_unit: list[UnitSummary]
    office_capaian: float | None
    office_predikat: str
    predikat_counts: dict[str, int]
    draft: bool = False
    findings: list[Finding] = field(default_factory=list)
    katim: KatimAnalysis | None = None  # the Katim's own paragraphs; None: not looked for

    @property
    def indicators(self) -> pd.DataFrame:
        """The records as a frame, one column per field, for pandas' aggregation."""
        return indicator_frame(self.records)

    @property
    def counted(self) -> int:
        """How many indicators have a capaian."""
        return sum(1 for r in self.records if r.capaian is not None)

    @property
    def flagged_units(self) -> list[str]:
        return [i.unit for i in self.inputs if i.status != VALID]

    @property
    def draft_note(self) -> str:
        """Why a draft is one, as the terminal and the workbook both say it."""
        if self.flagged_units:
            return f"unit {', '.join(self.flagged_units)} belum lengkap atau memuat galat"
        return "dibuat sebagai draf atas permintaan, semua unit lengkap dan valid"

    def lowest_units(self, limit: int | None = None) -> list[tuple[float, int]]:
        """(capaian, position in per_unit) of the units with a capaian: all of them in
        their order, or with a `limit` that many of the lowest, lowest first."""
        counted = [(u.capaian, i) for i, u in enumerate(self.per_unit) if u.capaian is not None]
        return counted if limit is None else sorted(counted)[:limit]

    @property
    def lkjip(self) -> list[IndicatorResult]:
        """The indicators as the LKjIP table lists them: by sasaran strategis (in the order
        of Per Sasaran), the IKU first within each, otherwise in the master's order."""
        order = {summary.sasaran: i for i, summary in enumerate(self.per_sasaran)}
        return sorted(self.records, key=lambda r: (order[r.sasaran], not r.iku))

    @property
    def behind(self) -> list[IndicatorResult]:
        """The indicators below the Tinggi band or not computed, in the master's order."""
        minimum = high_minimum(self.master.bands)
        return [r for r in self.records if r.capaian is None or r.capaian < minimum]


def indicator_frame(records: list[IndicatorResult]) -> pd.DataFrame:
    names = [f.name for f in fields(IndicatorResult) if f.name != "quarters"]
    return pd.DataFrame({name: [getattr(r, name) for r in records] for name in names})


def read_inputs(
    master: Master,
    period: Period,
    input_dir: Path,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[UnitInput]:
    """Validate every unit's file of the period; a unit without a file is kept as missing."""
    period_dir = input_dir / str(period)
    units = master.units_of_year(period.year)
    paths = {unit: find_unit_file(period_dir, unit) for unit in units}
    present: list[tuple[Path, str | None]] = [
        (path, unit) for unit, path in paths.items() if path is not None
    ]
    checked = validate_files(present, master, period, progress=progress, keep_grids=False)
    reports = {r.unit: r for r in checked}
    for unit, files in unit_file_candidates(period_dir, units).items():
        if len(files) > 1 and unit in reports:  # which one was handed in is not ours to guess
            names = ", ".join(p.name for p in files)
            found = make_finding("file-ganda", file=period_dir.name, unit=unit, value=names)
            reports[unit].findings.insert(0, found)
    return [UnitInput(unit, paths[unit], reports.get(unit)) for unit in units]


def blocking_summary(
    inputs: list[UnitInput], period: Period, input_dir: Path
) -> tuple[list[str], list[str]]:
    """One sentence per unit that stops consolidation, saying what is wrong and who acts;
    and for the command line, one per unit naming the file and the command."""
    lines, commands = [], []
    for item in inputs:
        if item.status == MISSING:
            lines.append(f"- {item.unit}: file belum ada (belum diunggah atau diterima).")
            where = input_dir / str(period) / f"{item.unit}.xlsx"
            commands.append(f"- {item.unit}: simpan file unit yang diterima sebagai {where}.")
        elif item.status == INVALID and item.report is not None and item.path is not None:
            errors = [f for f in item.report.findings if f.severity == "GALAT"]
            first = f"{errors[0].where()}: {errors[0].message}" if errors else ""
            lines.append(
                f"- {item.unit}: {len(errors)} galat di {item.path.name}, antara lain {first} "
                "Kembalikan file kepada unit untuk diperbaiki."
            )
            commands.append(
                f"- {item.unit}: 'python run.py validasi {item.path}' menunjukkan setiap galat."
            )
    return lines, commands


def consolidate(
    master: Master,
    period: Period,
    inputs: list[UnitInput],
    draft: bool = False,
    input_dir: Path = Path("input"),
    alarms: list[Finding] | None = None,
) -> Evaluation:
    """The evaluation of the period; stops (exit 1) on missing or broken units, or on an
    approved file that changed since (`alarms` from the review log), unless draft."""
    alarms = alarms or []
    blocked = [i for i in inputs if i.status != VALID]
    changed = [f for f in alarms if f.severity == "GALAT"]
    if (blocked or changed) and not draft:
        lines, commands = blocking_summary(inputs, period, input_dir)
        lines += [f"- {f.unit or 'Dinas'}: {f.message}" for f in changed]
        parts = [f"{len(blocked)} unit belum siap"] if blocked else []
        parts += [f"{len(changed)} dokumen berubah setelah disetujui"] if changed else []
        raise DataKinerjaError(
            f"Konsolidasi {period} dihentikan: {', '.join(parts)}.\n"
            + "\n".join(lines)
            + "\nPerbaiki dulu, atau buat draf yang menandai unit tersebut.",
            EXIT_INPUT,
            changed,
            command="\n".join(
                ["Di baris perintah:", *commands, "- draf: jalankan lagi dengan --draf."]
            ),
        )
    records = evaluate_indicators(master, period, inputs)
    per_unit = unit_summary(master, period, records, inputs)
    per_sasaran = sasaran_summary(master, indicator_frame(records))
    office = capped_mean([r.capaian for r in records], master.cap)
    counts = {name: sum(1 for r in records if r.predikat == name) for name, _ in master.bands}
    findings = [f for i in inputs if i.report for f in i.report.findings] + alarms
    return Evaluation(
        master=master,
        period=period,
        inputs=inputs,
        records=records,
        per_sasaran=per_sasaran,
        per_unit=per_unit,
        office_capaian=office,
        office_predikat=predikat(office, master.bands),
        predikat_counts=counts,
        draft=draft,
        findings=findings,
    )


def evaluate_indicators(
    master: Master, period: Period, inputs: list[UnitInput]
) -> list[IndicatorResult]:
    """Every indicator of the year with its realisations, capaian and comparisons."""
    tables = {
        i.unit: {r["kode"]: r for r in i.report.rows}
        for i in inputs
        if i.report is not None and i.report.rows
    }
    status = {i.unit: i.status for i in inputs}
    rows = []
    for unit in master.units_of_year(period.year):
        for kode, m in master.unit_records(unit, period.year).items():
            rows.append(
                _indicator_row(
                    master, period, m, tables.get(unit, {}).get(kode), status.get(unit, MISSING)
                )
            )
    return rows


def _indicator_row(
    master: Master, period: Period, m: Indicator, unit_row: dict | None, unit_status: str
) -> IndicatorResult:
    quarters = [
        None if unit_row is None else _num(unit_row[f"realisasi_tw{q}"]) for q in period.quarters
    ]
    if unit_row is not None:
        # validation already computed it from the same values: take it as it is
        result = Capaian(
            _num(unit_row["realisasi"]),
            _num(unit_row["target_dipakai"]),
            _num(unit_row["capaian"]),
            unit_row["cara_hitung"],
            unit_row["alasan"] or "",
        )
    else:
        result = compute_capaian(
            quarters,
            m.akumulasi,
            m.polaritas,
            m.target,
            m.target_for(period.quarter),
            period.quarter,
        )
    reason = result.reason
    if unit_row is None:
        reason = (
            "file unit tidak ada"
            if unit_status == MISSING
            else ("indikator tidak ada di file unit")
        )

    annual = _capaian_or_none(result.realisasi, m.target, m.polaritas)
    last_year, renstra, renstra_year = (
        m.realisasi_lalu,
        m.target_renstra,
        m.tahun_renstra,
    )
    change, trend = year_on_year(
        result.realisasi, last_year, m.polaritas, m.akumulasi, period.quarter
    )
    value = result.value
    texts = {k: (None if unit_row is None else unit_row[k]) for k in TEXT_COLUMNS}
    return IndicatorResult(
        unit=m.unit,
        kode=m.kode,
        sasaran=m.sasaran,
        indikator=m.indikator,
        iku=m.iku,
        satuan=m.satuan,
        polaritas=m.polaritas,
        akumulasi=m.akumulasi,
        target_tahunan=m.target,
        target_dipakai=result.target,
        quarters=dict(zip(period.quarters, quarters, strict=True)),
        tren_triwulan=quarter_trend(quarters, m.polaritas),
        realisasi=result.realisasi,
        capaian=value,
        capaian_dibatasi=capped(value, master.cap),
        predikat=predikat(value, master.bands),
        cara_hitung=result.how,
        alasan="" if value is not None else reason,
        capaian_tahunan=annual,
        realisasi_lalu=last_year,
        target_lalu=m.target_lalu,
        capaian_lalu=_capaian_or_none(last_year, m.target_lalu, m.polaritas),
        perubahan=change,
        tren_tahunan=trend,
        target_renstra=renstra,
        tahun_renstra=renstra_year,
        progres_renstra=renstra_progress(result.realisasi, renstra, m.polaritas),
        penjelasan=texts["penjelasan"],
        faktor_pendukung=texts["faktor_pendukung"],
        faktor_penghambat=texts["faktor_penghambat"],
        tindak_lanjut=texts["tindak_lanjut"],
        sumber=texts["sumber"],
        status_unit=unit_status,
    )


def _capaian_or_none(r: float | None, t: float | None, polaritas: str) -> float | None:
    return None if r is None or t is None else capaian_value(r, t, polaritas)[0]


def unit_summary(
    master: Master, period: Period, records: list[IndicatorResult], inputs: list[UnitInput]
) -> list[UnitSummary]:
    """Per unit: capped mean capaian, completeness, open findings, file status."""
    by_unit: dict[str, list[IndicatorResult]] = {}
    for record in records:
        by_unit.setdefault(record.unit, []).append(record)
    rows = []
    for item in inputs:
        own = by_unit.get(item.unit, [])
        capaian = capped_mean([r.capaian for r in own], master.cap)
        filled = sum(1 for r in own if r.quarters.get(period.quarter) is not None)
        findings = item.report.findings if item.report else []
        rows.append(
            UnitSummary(
                unit=item.unit,
                nama=str(master.units.at[item.unit, "nama"]),
                jumlah=len(own),
                dihitung=sum(1 for r in own if r.capaian is not None),
                capaian=capaian,
                predikat=predikat(capaian, master.bands),
                terisi=filled,
                kelengkapan=filled / len(own) * 100 if own else None,
                galat=sum(1 for f in findings if f.severity == "GALAT"),
                peringatan=sum(1 for f in findings if f.severity == "PERINGATAN"),
                status=item.status,
                file=item.path.name if item.path else "",
            )
        )
    return rows


def sasaran_summary(master: Master, indicators: pd.DataFrame) -> list[SasaranSummary]:
    """Per sasaran strategis, in the master's order: pandas groups the indicators."""
    rows = []
    for sasaran, own in indicators.groupby("sasaran", sort=False):
        capaian = capped_mean(own["capaian"].tolist(), master.cap)
        rows.append(
            SasaranSummary(
                sasaran=str(sasaran),
                jumlah=len(own),
                dihitung=int(own["capaian"].notna().sum()),
                capaian=capaian,
                predikat=predikat(capaian, master.bands),
                di_bawah_tinggi=int(own["capaian"].lt(high_minimum(master.bands)).sum()),
                unit=", ".join(dict.fromkeys(own["unit"])),
            )
        )
    return rows


def _num(value: object) -> float | None:
    if not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# How an indicator compares with last year (evaluation.year_on_year), as counted.
TRENDS = ("membaik", "memburuk", "tetap")


@dataclass(frozen=True)
class SasaranAnalysis:
    """The facts the Analisis sheet tells of one sasaran strategis."""

    summary: SasaranSummary
    shortfalls: list[IndicatorResult]  # below Tinggi or not computed, lowest first
    more: int  # shortfalls beyond the ones listed
    compared: Counter[str]  # against last year: membaik, memburuk, tetap, and "lain"


def sasaran_analysis(evaluation: Evaluation, listed: int = 10) -> list[SasaranAnalysis]:
    """Per sasaran, in the master's order: its summary, the indicators that fell short (the
    `listed` lowest; those without a capaian first), and how it compares with last year."""
    by_sasaran: dict[str, list[IndicatorResult]] = {}
    for record in evaluation.behind:
        by_sasaran.setdefault(record.sasaran, []).append(record)
    trends: dict[str, Counter[str]] = {}
    for record in evaluation.records:
        kind = record.tren_tahunan if record.tren_tahunan in TRENDS else "lain"
        trends.setdefault(record.sasaran, Counter())[kind] += 1
    result = []
    for summary in evaluation.per_sasaran:
        short = sorted(
            by_sasaran.get(summary.sasaran, []),
            key=lambda r: -1.0 if r.capaian is None else r.capaian,
        )
        more = max(0, len(short) - listed)
        result.append(SasaranAnalysis(summary, short[:listed], more, trends[summary.sasaran]))
    return result
