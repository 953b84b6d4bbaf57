"""How a schema's failures are reported: under which finding code, and at which cells.

pandera reports a failed check under its `error`, else its `name` (the `check` column of
`SchemaErrors.failure_cases`), so every check in these schemas carries the finding code
it is reported under: `pa.Check(..., name=code)`, or `error=code` for pandera's built-in
checks, which set an `error` of their own. A missing value and a duplicate are column
properties, not checks; a schema says their codes with `reported(empty=, duplicate=)`.

A rule over whole rows (`row_rule`) is built from a function that flags the cells of each
row that break it. pandera lists every cell of a failing row; the schema keeps the
function (`reported(cells=)`) to tell which of them a finding is at.

pipeline.failures turns the failures of any of these schemas into findings.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

Cells = Callable[[pd.DataFrame], pd.DataFrame]  # True at each cell of a row breaking a rule

EMPTY = "not_nullable"  # how pandera names a missing value in a non-nullable column
DUPLICATES = ("field_uniqueness", "multiple_fields_uniqueness")


def row_rule(code: str, cells: Cells) -> pa.Check:
    """A check over whole rows, reported under `code`: a row fails where `cells` flags any
    of its cells."""
    return pa.Check(lambda df: ~cells(df).any(axis=1), name=code)


def cells_of(column: str, breaks: Callable[[pd.DataFrame], pd.Series]) -> Cells:
    """Cells of one column, flagged in the rows where `breaks` is True."""
    return lambda df: breaks(df).astype(bool).to_frame(column)


def at(column: str) -> Cells:
    """Every failing row's cell in one column."""
    return lambda df: pd.DataFrame({column: True}, index=df.index)


def reported(
    schema: pa.DataFrameSchema,
    *,
    empty: str | None = None,
    duplicate: str | None = None,
    cells: dict[str, Cells] | None = None,
) -> pa.DataFrameSchema:
    """A copy of `schema` that says the codes of a missing value and of a duplicate (None:
    not reported from the schema), and the cells its row rules point at, by code."""
    codes = {EMPTY: empty, **dict.fromkeys(DUPLICATES, duplicate)}
    result = copy.copy(schema)  # a model's schema is pandera's cached one: leave it be
    result.metadata = {
        "codes": {name: code for name, code in codes.items() if code},
        "cells": dict(cells or {}),
    }
    return result


def failure_code(schema: pa.DataFrameSchema, check: str) -> str | None:
    """The finding code a failure of `check` (pandera's name for it) is reported under;
    None for a missing value or a duplicate the schema does not report."""
    codes = (schema.metadata or {}).get("codes", {})
    if check == EMPTY or check in DUPLICATES:
        return codes.get(check)
    return check


def failing_cells(schema: pa.DataFrameSchema, code: str) -> Cells | None:
    """The cells a row rule reported under `code` points at; None for a column's check."""
    return (schema.metadata or {}).get("cells", {}).get(code)
