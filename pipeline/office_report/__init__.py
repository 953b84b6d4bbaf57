"""Write the consolidated workbook leadership reads and signs (SPEC section 8).

Writing only: every figure comes computed in an Evaluation. Capaian cells are live
formulas whose cached values are the tool's own figures. Each sheet has its module here,
handed the facts it shows; `base` holds what they share.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from pipeline import __version__
from pipeline.consolidation import Evaluation, IndicatorResult
from pipeline.office_report import (
    analysis,
    calculation,
    findings,
    log_sheet,
    measures,
    sasaran,
    sources,
    summary,
    units,
)
from pipeline.office_report.base import (
    SHEET_ANALYSIS,
    SHEET_CALCULATION,
    SHEET_COMPARISON,
    SHEET_FINDINGS,
    SHEET_LOG,
    SHEET_MEASURES,
    SHEET_SASARAN,
    SHEET_SOURCES,
    SHEET_SUMMARY,
    SHEET_UNIT_DETAIL,
    UNIT_SHEETS_MAX,
    Book,
    ReportContext,
    report_file_name,
    unit_sheet_names,
)
from pipeline.workbooks import atomic_output

__all__ = ["ReportContext", "report_file_name", "write_report"]


def write_report(evaluation: Evaluation, context: ReportContext, path: Path) -> Path:
    """Write the consolidated workbook atomically; same inputs and date give the same bytes."""
    with atomic_output(path) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            # constant_memory: each row goes to disk once the next begins (every sheet is
            # written top to bottom), so a province-scale report does not sit in memory
            {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True},
        )
        workbook.set_properties(
            {
                "title": f"Laporan Kinerja Dinas {evaluation.period}",
                "subject": evaluation.period.label,
                "author": "Data Kinerja",
                "company": evaluation.master.office.get("nama dinas", ""),
                "created": datetime.combine(context.report_date, datetime.min.time()),
                "comments": f"datakinerja {__version__}",
            }
        )
        write_sheets(Book(workbook, evaluation, context))
        workbook.close()
    return path


def write_sheets(book: Book) -> None:
    """The sheets in the order of SPEC section 8: one per unit, or at scale (more units
    than anyone reads sheet by sheet) one sheet of the indicators behind."""
    unit_codes = [u.unit for u in book.ev.per_unit]
    at_scale = len(unit_codes) > UNIT_SHEETS_MAX
    add = book.wb.add_worksheet
    summary_sheet = add(SHEET_SUMMARY)
    measures_sheet = add(SHEET_MEASURES)
    calculation_sheet, comparison_sheet = add(SHEET_CALCULATION), add(SHEET_COMPARISON)
    analysis_sheet = add(SHEET_ANALYSIS)
    sasaran_sheet = add(SHEET_SASARAN)
    names = unit_sheet_names(unit_codes)
    unit_sheets = [add(SHEET_UNIT_DETAIL)] if at_scale else [add(names[u]) for u in unit_codes]
    findings_sheet, log, sources_sheet = add(SHEET_FINDINGS), add(SHEET_LOG), add(SHEET_SOURCES)
    measures.write(book, measures_sheet)
    calculation.write(book, calculation_sheet)
    calculation.write_comparison(book, comparison_sheet)
    summary.write(book, summary_sheet)
    analysis.write(book, analysis_sheet)
    sasaran.write(book, sasaran_sheet)
    if at_scale:
        units.write_detail(book, unit_sheets[0], book.ev.behind)
    else:
        own: dict[str, list[IndicatorResult]] = {}
        for record in book.ev.records:
            own.setdefault(record.unit, []).append(record)
        for sheet, unit in zip(unit_sheets, book.ev.per_unit, strict=True):
            units.write_unit(book, sheet, unit, own.get(unit.unit, []))
    findings.write(book, findings_sheet)
    log_sheet.write(book, log)
    sources.write(book, sources_sheet)
    summary_sheet.activate()
