"""The review log's events as a pandera schema (SPEC section 9).

One row per event, indexed by the row number a spreadsheet shows; times already parsed.
The rules that need the SOP table and the master come in as arguments.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

PER_UNIT_STEPS = range(2, 8)
STATUSES = ("mulai", "selesai", "dikembalikan", "disetujui")  # what an event says happened


def unit_fits_step(df: pd.DataFrame) -> pd.Series:
    """Steps 2-7 are recorded per unit; steps 1 and 8-11 for the whole office."""
    has_unit = df["unit"].notna()
    per_unit = df["langkah"].isin(PER_UNIT_STEPS)
    return has_unit == per_unit


def return_has_reason(df: pd.DataFrame) -> pd.Series:
    return ~((df["status"] == "dikembalikan") & df["catatan"].isna())


def unanswered_returns(df: pd.DataFrame) -> pd.Series:
    """True for a return not followed by a resubmission (a later event of an earlier step)."""
    unanswered = pd.Series(False, index=df.index)
    for index, event in df[df["status"] == "dikembalikan"].iterrows():
        later = df[(df["waktu"] > event["waktu"]) & (df["langkah"] <= event["langkah"])]
        if event["langkah"] in PER_UNIT_STEPS:
            later = later[later["unit"] == event["unit"]]
        if later.empty:
            unanswered[index] = True
    return unanswered


def review_log_schema(role_fits: Callable[[pd.Series], bool]) -> pa.DataFrameSchema:
    """Every rule a log read from a spreadsheet must meet."""
    return pa.DataFrameSchema(
        {
            "waktu": pa.Column(
                "datetime64[us, Asia/Jakarta]",
                pa.Check(lambda s: s >= s.cummax().shift().fillna(s), name="times_in_order"),
            ),
            "langkah": pa.Column(int, pa.Check.in_range(1, 11)),
            "unit": pa.Column(str, nullable=True),
            "status": pa.Column(str, pa.Check.isin(STATUSES)),
            "oleh": pa.Column(str),
            "peran": pa.Column(str, nullable=True),
            "catatan": pa.Column(str, nullable=True),
        },
        checks=[
            pa.Check(unit_fits_step, name="unit_fits_step"),
            pa.Check(lambda df: df.apply(role_fits, axis=1), name="role_fits_step"),
            pa.Check(return_has_reason, name="return_has_reason"),
            pa.Check(lambda df: ~unanswered_returns(df), name="return_answered"),
        ],
        strict=False,
        coerce=False,
    )
