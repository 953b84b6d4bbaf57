"""Render findings for the terminal: a summary line, counts, then a table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.findings import Finding, Severity

if TYPE_CHECKING:
    from pipeline.master import Master
    from pipeline.validation import Report


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


def render_report(report: Report, master: Master, feedback: Path | None, prefix: str = "") -> str:
    """The terminal summary of one file: verdict, counts per code, then the findings."""
    verdict = "VALID" if report.valid else "TIDAK VALID"
    unit = report.unit
    if unit in master.units.index:
        unit = f"{unit}, {master.units.at[unit, 'nama']}"
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
