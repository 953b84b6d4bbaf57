"""A unit's filled table as a pandera schema (SPEC section 7, the cell rules).

The frame is one row per indicator, indexed by Excel row, with numbers already parsed
(pipeline.validation); the check names below are mapped to finding codes there.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

PLAUSIBLE_CAPAIAN = 150.0


def quarter_columns(quarter: int) -> list[str]:
    return [f"realisasi_tw{q}" for q in range(1, quarter + 1)]


def over_100_columns(frame: pd.DataFrame, quarter: int) -> pd.DataFrame:
    """Cells holding a percent above 100 for indicators that do not allow it."""
    values = frame[quarter_columns(quarter)]
    return values.gt(100).mul(frame["persen_dibatasi"], axis=0)


def empty_cumulative_quarters(frame: pd.DataFrame, quarter: int) -> pd.DataFrame:
    """Empty earlier quarters of `kumulatif` indicators: their sum would silently be short."""
    earlier = frame[quarter_columns(quarter)[:-1]]
    return earlier.isna().mul(frame["kumulatif"], axis=0).astype(bool)


def unit_table_schema(quarter: int) -> pa.DataFrameSchema:
    """The rules every row of a unit's table must meet at quarter `quarter`."""
    realisations = {
        f"realisasi_tw{q}": pa.Column(float, pa.Check.ge(0), nullable=q != quarter)
        for q in range(1, quarter + 1)
    }
    return pa.DataFrameSchema(
        {
            "kode": pa.Column(str),
            **realisations,
            "persen_dibatasi": pa.Column(bool),
            "kumulatif": pa.Column(bool),
            "capaian": pa.Column(float, nullable=True),
            "di_bawah_tinggi": pa.Column(bool),
            "faktor_penghambat": pa.Column(str, nullable=True),
            "tindak_lanjut": pa.Column(str, nullable=True),
        },
        checks=[
            pa.Check(
                lambda df: ~over_100_columns(df, quarter).any(axis=1),
                name="percent_at_most_100",
            ),
            pa.Check(
                lambda df: ~empty_cumulative_quarters(df, quarter).any(axis=1),
                name="cumulative_quarters_filled",
            ),
            pa.Check(
                lambda df: ~(df["di_bawah_tinggi"] & df["faktor_penghambat"].isna()),
                name="penghambat_required",
            ),
            pa.Check(
                lambda df: ~(df["di_bawah_tinggi"] & df["tindak_lanjut"].isna()),
                name="tindak_lanjut_required",
            ),
            pa.Check(
                lambda df: ~(df["capaian"] > PLAUSIBLE_CAPAIAN),
                name="capaian_plausible",
            ),
        ],
        strict=False,
    )
