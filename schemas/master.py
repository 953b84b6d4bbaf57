"""The indicator master's `Indikator` and `Unit` sheets as pandera models (SPEC section 4).

Cells are parsed first (pipeline.master), so these models see typed values; the check
names are mapped to finding codes in pipeline.master, never shown raw.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.nip import nip_problem

CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]*$"
POLARITIES = ["positif", "negatif"]
ACCUMULATIONS = ["kumulatif", "posisi", "rata-rata"]
QUARTER_TARGETS = ["target_tw1", "target_tw2", "target_tw3", "target_tw4"]


class IndicatorSchema(pa.DataFrameModel):
    """One row per indicator and year; the index is the Excel row number."""

    tahun: Series[pd.Int64Dtype] = pa.Field(ge=2000, le=2100)
    kode: Series[str] = pa.Field(str_matches=CODE_PATTERN)
    unit: Series[str]
    sasaran: Series[str]
    indikator: Series[str]
    definisi: Series[str] = pa.Field(nullable=True)
    satuan: Series[str]
    polaritas: Series[str] = pa.Field(isin=POLARITIES)
    akumulasi: Series[str] = pa.Field(isin=ACCUMULATIONS)
    target: Series[float] = pa.Field(ge=0)
    target_tw1: Series[float] = pa.Field(ge=0, nullable=True)
    target_tw2: Series[float] = pa.Field(ge=0, nullable=True)
    target_tw3: Series[float] = pa.Field(ge=0, nullable=True)
    target_tw4: Series[float] = pa.Field(ge=0, nullable=True)
    boleh_lebih_100: Series[bool]
    iku: Series[bool]
    realisasi_lalu: Series[float] = pa.Field(ge=0, nullable=True)
    target_renstra: Series[float] = pa.Field(ge=0, nullable=True)
    tahun_renstra: Series[pd.Int64Dtype] = pa.Field(ge=2000, le=2100, nullable=True)
    sumber: Series[str] = pa.Field(nullable=True)

    class Config:
        unique = ["tahun", "kode"]
        strict = True

    @pa.dataframe_check
    def positive_target_not_zero(cls, df: pd.DataFrame) -> Series[bool]:
        """Positive polarity divides by the target: a target of 0 cannot be computed."""
        targets = df[["target", *QUARTER_TARGETS]]
        return ~((df["polaritas"] == "positif") & (targets == 0).any(axis=1))

    @pa.dataframe_check
    def cumulative_targets_not_decreasing(cls, df: pd.DataFrame) -> Series[bool]:
        """A `kumulatif` quarterly target is the target to date: it never goes down."""
        return ~((df["akumulasi"] == "kumulatif") & decreasing_quarter(df).notna())


def decreasing_quarter(df: pd.DataFrame) -> pd.Series:
    """Per row, the first quarterly target column lower than an earlier one, else NaN."""
    targets = df[QUARTER_TARGETS].astype(float)
    running = targets.ffill(axis=1).cummax(axis=1).shift(axis=1)
    drops = targets.lt(running) & targets.notna()
    first = drops.idxmax(axis=1).where(drops.any(axis=1))
    return first


def indicator_schema(unit_codes: list[str]) -> pa.DataFrameSchema:
    """The model plus the rule that needs the master's own list of units."""
    schema = IndicatorSchema.to_schema()
    return schema.update_column("unit", checks=[pa.Check.isin(unit_codes, name="known_unit")])


class UnitSchema(pa.DataFrameModel):
    """The `Unit` sheet: a unit code becomes a file name, so its alphabet is narrow."""

    kode: Series[str] = pa.Field(str_matches=CODE_PATTERN, unique=True)
    nama: Series[str]
    jabatan: Series[str] = pa.Field(nullable=True)
    kepala: Series[str] = pa.Field(nullable=True)
    nip: Series[str] = pa.Field(nullable=True)
    katim: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True

    @pa.check("nip", element_wise=True)
    def valid_nip(cls, nip: str) -> bool:
        return nip_problem(nip) is None
