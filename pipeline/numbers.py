"""Lenient reading of numbers typed by people (SPEC section 6).

`85,5` -> 85.5 (comma is the Indonesian decimal separator), `1.234` -> 1234,
`1.234,5` -> 1234.5, `85%` -> 85 where percent is allowed. Zero is a value; blank is missing.
Only finite numbers below 10^12 in magnitude are numbers: a typed 1e308 is refused, not
carried into a capaian that overflows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

# No performance figure of an office comes near this; beyond it is a typing accident.
MAX_MAGNITUDE = 1e12


def plausible(value: float) -> bool:
    """A finite number of a plausible size (magnitude below 10^12)."""
    return -MAX_MAGNITUDE < value < MAX_MAGNITUDE


@dataclass(frozen=True)
class ParsedNumber:
    value: float | None  # None: missing or unreadable
    clean: bool = True  # False: read from text, the user should double-check
    invalid: bool = False  # True: something was there but it is not a number
    is_date: bool = False  # a date or time where a number belongs
    too_large: bool = False  # a number, but infinite or of 10^12 or more

    @property
    def missing(self) -> bool:
        return self.value is None and not self.invalid


MISSING = ParsedNumber(None)
INVALID = ParsedNumber(None, clean=False, invalid=True)
TOO_LARGE = ParsedNumber(None, clean=False, invalid=True, too_large=True)

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DIGITS = re.compile(r"^[+-]?\d+$")
_GROUPED_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


def parse_number(raw: object, *, percent_allowed: bool = False) -> ParsedNumber:
    """Read a cell's value as a number, remembering whether it was a clean number."""
    if raw is None:
        return MISSING
    if isinstance(raw, bool):
        return INVALID
    if isinstance(raw, int | float):
        if raw != raw:
            return INVALID
        return ParsedNumber(float(raw) + 0.0) if plausible(raw) else TOO_LARGE  # never -0
    if isinstance(raw, datetime | date | time | timedelta):
        return ParsedNumber(None, clean=False, invalid=True, is_date=True)
    text = _SPACES.sub("", str(raw))
    if text == "":
        return MISSING
    if text.endswith("%"):
        if not percent_allowed:
            return INVALID
        text = text[:-1]
    value = _parse_text(text)
    if value is None or math.isnan(value):
        return INVALID
    if not plausible(value):
        return TOO_LARGE
    return ParsedNumber(value + 0.0, clean=False)


def _parse_text(text: str) -> float | None:
    if _DIGITS.match(text):
        return float(text)
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        # The separator that comes last is the decimal one: 1.234,5 and 1,234.5.
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        head, _, tail = text.rpartition(decimal)
        if not (_GROUPED_DOT if thousands == "." else _GROUPED_COMMA).match(head):
            return None
        return _to_float(head.replace(thousands, "") + "." + tail)
    if has_comma:
        if _GROUPED_COMMA.match(text) and text.count(",") > 1:
            return _to_float(text.replace(",", ""))
        return _to_float(text.replace(",", ".")) if text.count(",") == 1 else None
    if has_dot:
        # `1.234` is a thousands group in Indonesian writing; `0.5` and `85.25` are decimals.
        if _GROUPED_DOT.match(text) and not re.match(r"^[+-]?0\.", text):
            return _to_float(text.replace(".", ""))
        return _to_float(text) if text.count(".") == 1 else None
    return None


def _to_float(text: str) -> float | None:
    if not re.match(r"^[+-]?(\d+\.?\d*|\.\d+)$", text):
        return None
    return float(text)


@lru_cache(maxsize=65536)
def format_number(value: float) -> str:
    """A number as an Indonesian reader writes it: 1.234,5 and 85 (no trailing ,0)."""
    if abs(value) >= 1e15:
        return f"{value:.6g}".replace(".", ",")  # no one reads 300 digits
    if value == int(value):
        body = f"{int(value):,}".replace(",", ".")
    else:
        body = f"{value:,.4f}".rstrip("0").rstrip(".")
        body = body.replace(",", "_").replace(".", ",").replace("_", ".")
    return body
