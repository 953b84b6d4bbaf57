"""Reporting periods: a quarter written `YYYY-TWn`; TW4 is the annual report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.errors import DataKinerjaError

_PERIOD = re.compile(r"^\s*(\d{4})\s*-\s*TW\s*([1-9]\d*)\s*$", re.IGNORECASE)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read `2026-TW2`; anything else is a usage error with the expected form."""
        match = _PERIOD.match(text or "")
        if (
            not match
            or not 1 <= int(match.group(2)) <= 4
            or not 2000 <= int(match.group(1)) <= 2100
        ):
            raise DataKinerjaError(
                f"Periode '{text}' tidak dikenal. Tulis periode sebagai TAHUN-TWn dengan n "
                "antara 1 dan 4, misalnya 2026-TW2 (TW4 adalah laporan tahunan)."
            )
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year}-TW{self.quarter}"

    @property
    def label(self) -> str:
        """How a reader names it: `Triwulan II Tahun 2026`."""
        return f"Triwulan {ROMAN[self.quarter]} Tahun {self.year}"

    @property
    def quarters(self) -> range:
        """The quarters reported so far this year: 1..n."""
        return range(1, self.quarter + 1)

    @property
    def previous(self) -> Period | None:
        """The earlier quarter of the same year, whose accepted file prefills this one."""
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else None

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)
