"""Render findings for the terminal: a summary line, counts, then a table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.consolidation import MISSING
from pipeline.findings import Finding, Severity
from pipeline.review_log.progress import REPORT_WORDS, PeriodStatus, status_table, timeliness
from pipeline.sop import format_minutes

if TYPE_CHECKING:
    from pipeline.consolidation import Evaluation
    from pipeline.katim_analysis import HandedOut, KatimAnalysis
    from pipeline.validation import Report


# C0 and C1 controls but tab and newline, and the bidirectional formatting characters: a
# cell holding them could retitle or recolour a terminal, or reorder the line it is on.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Text from files made safe to print: each control or bidi character as `\\uXXXX`."""
    return _INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def counts_line(findings: Sequence[Finding]) -> str:
    by_severity = Counter(f.severity for f in findings)
    return f"{by_severity[Severity.GALAT]} galat, {by_severity[Severity.PERINGATAN]} peringatan"


def code_counts(findings: Sequence[Finding]) -> list[str]:
    counts = Counter((f.severity.value, f.code) for f in findings)
    return [f"  {severity:<10} {code:<32} {n}" for (severity, code), n in sorted(counts.items())]


def findings_table(findings: Sequence[Finding]) -> str:
    """One block per finding: where, what, how to fix; plain text that reads in a terminal."""
    lines = []
    for f in findings:
        place = f.where()
        about = " ".join(p for p in (f.indicator, f"[{f.column}]" if f.column else "") if p)
        lines.append(f"{f.severity.value:<10} {place}{' - ' + about if about else ''} ({f.code})")
        lines.append(f"           {f.message}")
        lines.append(f"           Perbaikan: {f.hint}")
    return "\n".join(lines)


def render_report(report: Report, unit_name: str, feedback: Path | None, prefix: str = "") -> str:
    """The terminal summary of one file: verdict, counts per code, then the findings."""
    verdict = "VALID" if report.valid else "TIDAK VALID"
    unit = f"{report.unit}, {unit_name}" if unit_name else report.unit
    period = f", {report.period}" if report.period else ""
    lines = [
        f"{prefix}{report.path.name} ({unit}{period}): {verdict} - {counts_line(report.findings)}"
    ]
    if report.findings:
        lines += code_counts(report.findings)
        lines.append(findings_table(report.findings))
    if feedback is not None:
        lines.append(f"Umpan balik: {feedback}")
    return "\n".join(lines)


def percent(value: float | None) -> str:
    """`87,84%`, or a dash when there is no figure."""
    if value is None or value != value:
        return "-"
    return f"{value:,.2f}%".replace(",", "_").replace(".", ",").replace("_", ".")


def render_evaluation(evaluation: Evaluation, path: Path, tidy: Path | None = None) -> str:
    """The closing summary of `konsolidasi`: office, units, open findings, the workbook."""
    ev = evaluation
    lines = []
    if ev.draft:
        lines.append(f"DRAF: {ev.draft_note}.")
    lines.append(
        f"Capaian kinerja Dinas {ev.period.label}: {percent(ev.office_capaian)} "
        f"({ev.office_predikat or 'tidak dapat dihitung'})"
    )
    counts = ", ".join(f"{name} {n}" for name, n in ev.predikat_counts.items())
    lines.append(f"Indikator per predikat: {counts}")
    lines.append("Per unit:")
    for u in ev.per_unit:
        if u.status == MISSING:
            lines.append(f"  {u.unit:<12} {'-':>8}  file belum ada")
            continue
        lines.append(
            f"  {u.unit:<12} {percent(u.capaian):>8}  {u.predikat or '-':<14} "
            f"kelengkapan {percent(u.kelengkapan)}, {u.galat} galat, {u.peringatan} peringatan"
        )
    errors = sum(1 for f in ev.findings if f.severity == Severity.GALAT)
    lines.append(f"Temuan validasi terbuka: {errors} galat, {len(ev.findings) - errors} peringatan")
    lines.append(f"Laporan ditulis ke {path}")
    if tidy is not None:
        lines.append(f"Data per indikator (CSV) ditulis ke {tidy}")
    return "\n".join(lines)


def render_katim(katim: KatimAnalysis, sasaran: int, template: HandedOut) -> str:
    """What `konsolidasi` did with the Katim's own analysis file and its template."""
    label = "Analisis Katim Penyusunan Program"
    if katim.path is None:
        lines = [
            f"{label}: belum ada ({katim.expected}); laporan menyebut uraiannya belum disertakan."
        ]
    elif katim.used:
        lines = [
            f"{label}: uraian {len(katim.paragraphs)} dari {sasaran} sasaran diambil dari "
            f"{katim.path}."
        ]
    else:
        lines = [
            f"PERINGATAN: {katim.path} tidak dipakai; laporan ditulis tanpa uraian analisis "
            "Katim Penyusunan Program."
        ]
    if katim.findings:
        lines.append(findings_table(katim.findings))
    if not template.written:
        lines.append(template.why_not)
    elif katim.path is None:
        lines.append(
            f"Templat untuk uraian itu: {template.path}. Isi, simpan sebagai {katim.expected}, "
            "lalu jalankan konsolidasi lagi."
        )
    else:
        lines.append(f"Templat analisis Katim dengan angka terbaru: {template.path}")
    return "\n".join(lines)


def render_status(status: PeriodStatus, deadline: date | None) -> str:
    """`status`: the period's state, who is late, a table per step and unit, alarms."""
    lines = [
        f"Periode {status.period} ({status.period.label}): {status.sentence}",
        f"Status laporan: {status.report_status} ({REPORT_WORDS[status.report_status]})",
    ]
    if status.late:
        lines.append("Melewati waktu baku SOP:")
        for s in status.late:
            who = f" {s.unit}" if s.unit else ""
            doing = "masih berjalan" if s.state == "berjalan" else s.state
            lines.append(
                f"  langkah {s.step.number}{who} ({s.performer}, {s.step.role}): "
                f"{format_minutes(s.minutes or 0)} (waktu kerja), baku {s.step.standard}; {doing}"
            )
    else:
        lines.append("Tidak ada langkah yang melewati waktu baku.")
    for handed in timeliness(status, deadline):
        if handed.verdict.startswith("terlambat"):
            lines.append(
                f"Penyerahan {handed.unit}: {handed.verdict} dari batas {deadline:%d-%m-%Y}"
            )
    titles = [
        "Lgk",
        "Unit",
        "Pelaksana",
        "Keadaan",
        "Mulai",
        "Selesai",
        "Durasi kerja",
        "Baku",
        "Sesuai",
        "Kembali",
    ]
    rows = status_table(status)
    widths = [max(len(titles[i]), *(len(r[i]) for r in rows)) for i in range(len(titles))]
    lines.append("")
    lines.append("  ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)))
    for row in rows:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    if status.findings:
        lines.append("")
        lines.append(f"Temuan log dan integritas: {counts_line(status.findings)}")
        lines.append(findings_table(status.findings))
    return "\n".join(lines).rstrip()
