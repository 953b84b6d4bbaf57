"""pandera failures as findings, one way for every schema (master, unit table, review log).

Each check of a schema carries the finding code it is reported under, and a row rule the
cells it points at (schemas/reporting.py). Here a lazy validation's `failure_cases`
become `Failure`s -- code, row, column, once per cell and code -- and the caller, who
knows the file, turns each into a finding at its address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import pandera.pandas as pa

from pipeline.findings import CATALOGUE
from schemas.reporting import failing_cells, failure_code

T = TypeVar("T")


@dataclass(frozen=True)
class Failure:
    """One cell a schema rejects."""

    code: str  # the finding code
    index: int  # the row's label in the validated frame
    column: str  # the column of the cell the finding is at


def schema_findings(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, finding: Callable[[Failure], T | None]
) -> list[T]:
    """Validate `frame` lazily; every failing cell, in pandera's order, becomes
    `finding(failure)` (the caller's finding at the file's address; None drops it)."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    found = (finding(failure) for failure in _failures(schema, frame, cases))
    return [f for f in found if f is not None]


def _failures(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, cases: pd.DataFrame
) -> Iterator[Failure]:
    """Each failing cell once per code. pandera names every cell of a row a row rule
    rejects; the rule's own cells say which of them it points at."""
    flagged: dict[str, pd.DataFrame] = {}  # per row rule, its flags over the whole frame
    seen: set[Failure] = set()
    for check, column, index in zip(cases["check"], cases["column"], cases["index"], strict=True):
        if index is None:
            continue  # a whole column's failure (one missing): the frames are built whole
        code = failure_code(schema, str(check))
        if code is None:
            continue  # a property the schema leaves to another check
        if code not in CATALOGUE:
            raise ValueError(f"Schema check '{check}' carries no finding code.")
        row = int(index)
        cells = failing_cells(schema, code)
        if cells is None:
            columns = [str(column)]
        else:
            if code not in flagged:
                flagged[code] = cells(frame)
            columns = [str(c) for c, flag in flagged[code].loc[row].items() if flag]
        for column in columns:
            failure = Failure(code, row, column)
            if failure not in seen:
                seen.add(failure)
                yield failure
