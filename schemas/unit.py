"""A unit's filled table as a pandera schema (SPEC section 7, the cell rules).

The frame is one row per indicator, indexed by Excel row, with numbers already parsed
(pipeline.validation). Every check is named by the finding code it is reported under
(schemas/reporting.py).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from schemas.reporting import cells_of, reported, row_rule

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


def missing_explanations(frame: pd.DataFrame) -> pd.DataFrame:
    """A capaian below Tinggi needs its inhibiting factor and its follow-up written."""
    empty = frame[["faktor_penghambat", "tindak_lanjut"]].isna()
    return empty.mul(frame["di_bawah_tinggi"], axis=0).astype(bool)


def unit_table_schema(quarter: int) -> pa.DataFrameSchema:
    """The rules every row of a unit's table must meet at quarter `quarter`."""
    realisations = {
        f"realisasi_tw{q}": pa.Column(
            float, pa.Check.ge(0, error="angka-negatif"), nullable=q != quarter
        )
        for q in range(1, quarter + 1)
    }
    cells = {
        "persen-lebih-100": lambda df: over_100_columns(df, quarter),
        "realisasi-kumulatif-kosong": lambda df: empty_cumulative_quarters(df, quarter),
        "penjelasan-wajib": missing_explanations,
        # an implausible capaian is shown at the quarter's realisation it comes from
        "capaian-tidak-wajar": cells_of(
            f"realisasi_tw{quarter}", lambda df: df["capaian"] > PLAUSIBLE_CAPAIAN
        ),
    }
    schema = pa.DataFrameSchema(
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
            row_rule("persen-lebih-100", cells["persen-lebih-100"]),
            row_rule("realisasi-kumulatif-kosong", cells["realisasi-kumulatif-kosong"]),
            # one rule per explanation: a row may miss one of them or both
            row_rule(
                "penjelasan-wajib", lambda df: missing_explanations(df)[["faktor_penghambat"]]
            ),
            row_rule("penjelasan-wajib", lambda df: missing_explanations(df)[["tindak_lanjut"]]),
            row_rule("capaian-tidak-wajar", cells["capaian-tidak-wajar"]),
        ],
        strict=False,
    )
    return reported(schema, empty="realisasi-kosong", cells=cells)
