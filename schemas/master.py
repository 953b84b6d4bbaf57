"""The indicator master's `Indikator` and `Unit` sheets as pandera models (SPEC section 4).

Cells are parsed first (pipeline.master), so these models see typed values. Every check
is named by the finding code it is reported under (schemas/reporting.py).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.nip import nip_problem
from schemas.reporting import at, reported

CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]*$"
POLARITIES = ["positif", "negatif"]
ACCUMULATIONS = ["kumulatif", "posisi", "rata-rata"]
QUARTER_TARGETS = ["target_tw1", "target_tw2", "target_tw3", "target_tw4"]
TARGETS = ["target", *QUARTER_TARGETS]


class IndicatorSchema(pa.DataFrameModel):
    """One row per indicator and year; the index is the Excel row number."""

    tahun: Series[pd.Int64Dtype]
    kode: Series[str]
    unit: Series[str]
    sasaran: Series[str]
    indikator: Series[str]
    definisi: Series[str] = pa.Field(nullable=True)
    satuan: Series[str]
    polaritas: Series[str]
    akumulasi: Series[str]
    target: Series[float]
    target_tw1: Series[float] = pa.Field(nullable=True)
    target_tw2: Series[float] = pa.Field(nullable=True)
    target_tw3: Series[float] = pa.Field(nullable=True)
    target_tw4: Series[float] = pa.Field(nullable=True)
    boleh_lebih_100: Series[bool]
    iku: Series[bool]
    realisasi_lalu: Series[float] = pa.Field(nullable=True)
    target_lalu: Series[float] = pa.Field(nullable=True)
    target_renstra: Series[float] = pa.Field(nullable=True)
    tahun_renstra: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    sumber: Series[str] = pa.Field(nullable=True)

    class Config:
        unique = ["tahun", "kode"]
        strict = True

    @pa.check("tahun", "tahun_renstra", name="master-tahun-tidak-valid")
    def plausible_year(cls, years: pd.Series) -> pd.Series:
        return years.between(2000, 2100)

    @pa.check("kode", name="master-kode-tidak-valid")
    def code_alphabet(cls, codes: pd.Series) -> pd.Series:
        return valid_codes(codes)

    @pa.check("polaritas", name="master-pilihan-tidak-valid")
    def known_polarity(cls, values: pd.Series) -> pd.Series:
        return values.isin(POLARITIES)

    @pa.check("akumulasi", name="master-pilihan-tidak-valid")
    def known_accumulation(cls, values: pd.Series) -> pd.Series:
        return values.isin(ACCUMULATIONS)

    @pa.check(
        *TARGETS, "realisasi_lalu", "target_lalu", "target_renstra", name="master-target-negatif"
    )
    def not_negative(cls, values: pd.Series) -> pd.Series:
        return values >= 0

    @pa.dataframe_check(name="master-target-nol")
    def positive_target_not_zero(cls, df: pd.DataFrame) -> pd.Series:
        """Positive polarity divides by the target: a target of 0 cannot be computed."""
        return ~zero_targets(df).any(axis=1)

    @pa.dataframe_check(name="master-target-menurun")
    def cumulative_targets_not_decreasing(cls, df: pd.DataFrame) -> pd.Series:
        """A `kumulatif` quarterly target is the target to date: it never goes down."""
        return ~decreasing_targets(df).any(axis=1)


def valid_codes(codes: pd.Series) -> pd.Series:
    """A code becomes part of a file name, so its alphabet is narrow."""
    return codes.str.match(CODE_PATTERN, na=False)


def zero_targets(df: pd.DataFrame) -> pd.DataFrame:
    """Per row of positive polarity, its first target of 0 (the cell a finding is at)."""
    zero = df[TARGETS] == 0
    first = zero & (zero.cumsum(axis=1) == 1)
    return first.mul(df["polaritas"] == "positif", axis=0).astype(bool)


def decreasing_targets(df: pd.DataFrame) -> pd.DataFrame:
    """Per `kumulatif` row, its first quarterly target lower than an earlier one."""
    first = decreasing_quarter(df)
    cumulative = df["akumulasi"] == "kumulatif"
    return pd.DataFrame({q: cumulative & (first == q) for q in QUARTER_TARGETS}, index=df.index)


def decreasing_quarter(df: pd.DataFrame) -> pd.Series:
    """Per row, the first quarterly target column lower than an earlier one, else NaN."""
    targets = df[QUARTER_TARGETS].astype(float)
    running = targets.ffill(axis=1).cummax(axis=1).shift(axis=1)
    drops = targets.lt(running) & targets.notna()
    first = drops.idxmax(axis=1).where(drops.any(axis=1))
    return first


def indicator_schema(unit_codes: list[str]) -> pa.DataFrameSchema:
    """The model plus the rule that needs the master's own list of units."""
    schema = IndicatorSchema.to_schema().update_column(
        "unit", checks=[pa.Check.isin(unit_codes, error="master-unit-tidak-dikenal")]
    )
    return reported(
        schema,
        empty="master-isian-kosong",
        duplicate="master-kode-ganda",
        cells={
            "master-target-nol": zero_targets,
            "master-target-menurun": decreasing_targets,
            "master-kode-ganda": at("kode"),  # a code listed twice for one year
        },
    )


class UnitSchema(pa.DataFrameModel):
    """The `Unit` sheet: a unit code becomes a file name, so its alphabet is narrow."""

    kode: Series[str] = pa.Field(unique=True)
    nama: Series[str]
    jabatan: Series[str] = pa.Field(nullable=True)
    kepala: Series[str] = pa.Field(nullable=True)
    nip: Series[str] = pa.Field(nullable=True)
    katim: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True

    @pa.check("kode", name="master-kode-tidak-valid")
    def code_alphabet(cls, codes: pd.Series) -> pd.Series:
        return valid_codes(codes)

    @pa.check("nip", element_wise=True, name="nip-tidak-valid")
    def valid_nip(cls, nip: str) -> bool:
        return nip_problem(nip) is None


def unit_schema() -> pa.DataFrameSchema:
    """The model, with the codes of an empty cell and of a unit listed twice."""
    return reported(
        UnitSchema.to_schema(), empty="master-isian-kosong", duplicate="master-kode-ganda"
    )
