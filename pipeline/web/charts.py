"""The Ringkasan's two charts for a screen, as the workbook draws them: capaian per unit
(the units furthest behind when there are many) against a dashed 100 % line, and the
number of indicators per predikat. Plain geometry for an inline SVG: no script.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.consolidation import Evaluation
from pipeline.office_report.base import CHART_UNITS_MAX, predikat_colour
from pipeline.report import percent

WIDTH = 560  # the SVG's own units; the page scales it to its column
LABEL = 110  # room for the bar's name on the left
ROW = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    colour: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: int
    target_x: float | None  # where 100 % stands, for capaian
    label_width: int = LABEL
    width: int = WIDTH


def colours(evaluation: Evaluation) -> dict[str, str]:
    """Each predikat's colour, as the workbook paints it."""
    bands = evaluation.master.bands
    return {name: predikat_colour(bands, name) for name, _ in bands}


def _colour(evaluation: Evaluation, predikat: str) -> str:
    return predikat_colour(evaluation.master.bands, predikat)


def unit_bars(evaluation: Evaluation) -> Chart:
    """Capaian per unit; above CHART_UNITS_MAX units, the lowest that many."""
    many = len(evaluation.per_unit) > CHART_UNITS_MAX
    charted = evaluation.lowest_units(CHART_UNITS_MAX if many else None)
    title = f"{len(charted)} unit dengan capaian terendah (%)" if many else "Capaian per unit (%)"
    top = max([120.0, *(value for value, _ in charted)])
    scale = (WIDTH - LABEL - 60) / top
    bars = [
        Bar(
            evaluation.per_unit[i].unit,
            percent(value),
            j * ROW,
            value * scale,
            _colour(evaluation, evaluation.per_unit[i].predikat),
        )
        for j, (value, i) in enumerate(charted)
    ]
    return Chart(title, bars, max(1, len(bars)) * ROW, LABEL + 100 * scale)


def predikat_bars(evaluation: Evaluation) -> Chart:
    """How many indicators fall in each predikat."""
    counts = evaluation.predikat_counts
    top = max([1, *counts.values()])
    scale = (WIDTH - LABEL - 60) / top
    bars = [
        Bar(name, str(count), j * ROW, count * scale, _colour(evaluation, name))
        for j, (name, count) in enumerate(counts.items())
    ]
    return Chart("Jumlah indikator per predikat", bars, max(1, len(bars)) * ROW, None)
