"""The review log's events as a pandera schema (SPEC section 9).

One row per event, indexed by the row number a spreadsheet shows; times already parsed.
The rules that need the SOP table and the master come in as arguments. Every check is
named by the finding code it is reported under (schemas/reporting.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from schemas.reporting import cells_of, reported, row_rule

PER_UNIT_STEPS = range(2, 8)
STATUSES = ("mulai", "selesai", "dikembalikan", "disetujui")  # what an event says happened


def unit_fits_step(df: pd.DataFrame) -> pd.Series:
    """Steps 2-7 are recorded per unit; steps 1 and 8-11 for the whole office."""
    has_unit = df["unit"].notna()
    per_unit = df["langkah"].isin(PER_UNIT_STEPS)
    return has_unit == per_unit


def return_without_reason(df: pd.DataFrame) -> pd.Series:
    return (df["status"] == "dikembalikan") & df["catatan"].isna()


def unanswered_returns(df: pd.DataFrame) -> pd.Series:
    """True for a return not followed by a resubmission (a later event of an earlier step)."""
    returns = df[df["status"] == "dikembalikan"]
    unanswered = [_unanswered(df, event) for _, event in returns.iterrows()]
    found = pd.Series(unanswered, index=returns.index, dtype=bool)
    return found.reindex(df.index, fill_value=False)


def _unanswered(df: pd.DataFrame, event: pd.Series) -> bool:
    later = df[(df["waktu"] > event["waktu"]) & (df["langkah"] <= event["langkah"])]
    if event["langkah"] in PER_UNIT_STEPS:
        later = later[later["unit"] == event["unit"]]
    return later.empty


def review_log_schema(role_fits: Callable[[pd.Series], bool]) -> pa.DataFrameSchema:
    """Every rule a log read from a spreadsheet must meet."""
    rules = {
        "log-unit-tidak-sesuai": cells_of("unit", lambda df: ~unit_fits_step(df)),
        "log-peran-tidak-sesuai": cells_of(
            "peran", lambda df: ~df.apply(role_fits, axis=1).astype(bool)
        ),
        "log-alasan-kosong": cells_of("catatan", return_without_reason),
        "log-belum-diajukan-ulang": cells_of("status", unanswered_returns),
    }
    schema = pa.DataFrameSchema(
        {
            "waktu": pa.Column(
                "datetime64[us, Asia/Jakarta]",
                pa.Check(lambda s: s >= s.cummax().shift().fillna(s), name="log-waktu-mundur"),
            ),
            "langkah": pa.Column(int, pa.Check.in_range(1, 11, error="log-langkah-tidak-dikenal")),
            "unit": pa.Column(str, nullable=True),
            "status": pa.Column(str, pa.Check.isin(STATUSES, error="log-status-tidak-dikenal")),
            # a name has a letter or a digit: spaces, zero-width or control characters alone
            # name nobody
            "oleh": pa.Column(
                str, pa.Check(lambda s: s.str.contains(r"\w", regex=True), name="log-oleh-kosong")
            ),
            "peran": pa.Column(str, nullable=True),
            "catatan": pa.Column(str, nullable=True),
        },
        checks=[row_rule(code, cells) for code, cells in rules.items()],
        strict=False,
        coerce=False,
    )
    # an empty name is not reported from here: a name read from the log is never missing
    return reported(schema, cells=rules)
