"""Capaian, predikat and their explanations: pure functions of numbers (SPEC section 6)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pipeline.numbers import format_number

Bands = Sequence[tuple[str, float]]  # (predikat, minimum capaian), highest first

_CENT = Decimal("0.01")
MISSING_REALISATION = "realisasi belum diisi"
# A capaian this large means a target near zero: no spreadsheet shows it meaningfully.
MAX_CAPAIAN = 1e15


def round2(value: float) -> float:
    """Two decimals, half away from zero, as Excel's and LibreOffice's ROUND(x; 2) do.

    Both spreadsheets look at the 15 significant digits they display, so 8,19/9×100 =
    90.99999999999999 is 91 and 2,675 is 2,68; the decimal text of `.15g` does the same.
    """
    if not math.isfinite(value) or abs(value) >= MAX_CAPAIAN:
        return value  # nothing after the decimal point survives 15 significant digits
    # Not near a half cent (the margin grows with the value: the 15th significant digit
    # of 10^7 is in the 8th decimal): every reading of the value rounds the same way, and
    # this runs for every capaian and mean of 30,000 indicators. `+ 0.0`: never -0.
    if abs(abs(value * 100) % 1 - 0.5) > max(1e-6, abs(value) * 1e-11):
        return round(value, 2) + 0.0
    return float(Decimal(f"{value:.15g}").quantize(_CENT, rounding=ROUND_HALF_UP)) + 0.0


@dataclass(frozen=True)
class Capaian:
    realisasi: float | None  # R, realisation to date
    target: float | None  # T, the target used
    value: float | None  # capaian in percent, uncapped; None when it cannot be computed
    how: str  # one line: method, polarity, quarters used, target used
    reason: str = ""  # why there is no value


def realisation_to_date(
    quarters: Sequence[float | None], akumulasi: str
) -> tuple[float | None, str, str]:
    """R from the quarterly values TW1..TWn, how it was taken, and why there is none."""
    filled = [(q, v) for q, v in enumerate(quarters, start=1) if v is not None]
    if not filled:
        return None, "belum ada realisasi", MISSING_REALISATION
    if akumulasi == "kumulatif":
        if quarters[-1] is None:
            how = f"kumulatif: realisasi TW{len(quarters)} belum diisi"
            return None, how, MISSING_REALISATION
        empty = [q for q, v in enumerate(quarters, start=1) if v is None]
        if empty:
            # summing the filled ones would silently come out short
            how = f"kumulatif: realisasi TW{empty[0]} kosong (isi 0 bila tidak ada)"
            return None, how, how
        total = math.fsum(v for _, v in filled)
        used = "+".join(f"TW{q}" for q, _ in filled)
        return total, f"kumulatif {used} = {format_number(round(total, 4))}", ""
    if akumulasi == "posisi":
        q, v = filled[-1]
        return v, f"posisi TW{q} = {format_number(v)}", ""
    mean = math.fsum(v for _, v in filled) / len(filled)
    used = ", ".join(f"TW{q}" for q, _ in filled)
    return mean, f"rata-rata {used} = {format_number(round(mean, 4))}", ""


def target_for(annual: float, quarterly: float | None, quarter: int) -> tuple[float, str]:
    """The cumulative quarterly target when the master has one, else the annual target."""
    if quarterly is not None and not math.isnan(quarterly):
        return quarterly, f"target s.d. TW{quarter} {format_number(quarterly)}"
    return annual, f"target tahunan {format_number(annual)}"


def capaian_value(r: float, t: float, polaritas: str) -> tuple[float | None, str]:
    """Achievement in percent by polarity, rounded as ROUND(x; 2); None with a reason
    where it cannot be computed."""
    if t == 0:
        if polaritas == "positif":
            return None, "target 0 untuk polaritas positif tidak dapat dihitung"
        return (100.0 if r == 0 else 0.0), "negatif, target 0: 100 bila realisasi 0, selain itu 0"
    if polaritas == "positif":
        value = r / t * 100
        how = f"positif R/T×100 = {format_number(r)}/{format_number(t)}×100"
    else:
        value = max((2 * t - r) / t * 100, 0.0)
        how = (
            f"negatif (2T−R)/T×100 = (2×{format_number(t)}−{format_number(r)})/"
            f"{format_number(t)}×100, min. 0"
        )
    if not abs(value) < MAX_CAPAIAN:
        return None, f"capaian {how} terlalu besar untuk dihitung; periksa target di master"
    return round2(value), how


def compute_capaian(
    quarters: Sequence[float | None],
    akumulasi: str,
    polaritas: str,
    annual_target: float,
    quarterly_target: float | None,
    quarter: int,
) -> Capaian:
    """Capaian of one indicator at TWn with a one-line explanation of how it was computed."""
    r, r_how, missing = realisation_to_date(quarters, akumulasi)
    t, t_how = target_for(annual_target, quarterly_target, quarter)
    if r is None:
        return Capaian(None, t, None, f"{r_how}; {t_how}", missing)
    value, formula = capaian_value(r, t, polaritas)
    if value is None:
        return Capaian(r, t, None, f"{r_how}; {t_how}; {formula}", formula)
    return Capaian(r, t, value, f"{r_how}; {t_how}; {formula} = {format_number(value)}%")


def predikat(value: float | None, bands: Bands) -> str:
    """The band a capaian falls in; bands are half-open [minimum, next minimum)."""
    if value is None:
        return ""
    for name, minimum in bands:
        if value >= minimum:
            return name
    return bands[-1][0]


def high_minimum(bands: Bands) -> float:
    """The lowest capaian of `Tinggi` (of the second band when no band has that name)."""
    names = [name.lower() for name, _ in bands]
    return bands[names.index("tinggi") if "tinggi" in names else 1][1]


def below_high(value: float | None, bands: Bands) -> bool:
    """True when the predikat is below `Tinggi`."""
    return value is not None and value < high_minimum(bands)


def renstra_progress(r: float | None, target: float | None, polaritas: str) -> float | None:
    """Progress towards the Renstra end target: R/T×100, mirrored for negative polarity."""
    if r is None or target is None or math.isnan(target):
        return None
    value, _ = capaian_value(r, target, polaritas)
    return value


def year_on_year(
    r: float | None, last_year: float | None, polaritas: str, akumulasi: str, quarter: int
) -> tuple[float | None, str]:
    """Change against last year's realisation and whether it is an improvement.

    A `kumulatif` total before TW4 is not comparable with a full year's total.
    """
    if r is None or last_year is None or math.isnan(last_year):
        return None, ""
    if akumulasi == "kumulatif" and quarter < 4:
        return None, "tidak sebanding (kumulatif belum setahun)"
    change = r - last_year
    if change == 0:
        return 0.0, "tetap"
    better = change > 0 if polaritas == "positif" else change < 0
    return change, "membaik" if better else "memburuk"


def quarter_trend(quarters: Sequence[float | None], polaritas: str) -> str:
    """The latest quarter against the one reported before it, in words that print: an arrow
    for the direction and whether that is better for this indicator's polarity."""
    if not quarters or quarters[-1] is None:
        return ""  # no value this quarter: an older trend must not pass for this one
    known = [q for q in quarters if q is not None]
    if len(known) < 2:
        return ""
    before, last = known[-2], known[-1]
    if last == before:
        return "= tetap"
    up = last > before
    better = up if polaritas == "positif" else not up
    return f"{'▲' if up else '▼'} {'membaik' if better else 'memburuk'}"


def capped(value: float | None, cap: float) -> float | None:
    """A capaian capped at `cap` (rounded again: the master's cap may have more decimals)."""
    return None if value is None else round2(min(value, cap))


def capped_mean(values: Sequence[float | None], cap: float) -> float | None:
    """Mean of the capaian that could be computed, each capped at `cap`, rounded."""
    kept = [round2(min(v, cap)) for v in values if v is not None and not math.isnan(v)]
    return round2(math.fsum(kept) / len(kept)) if kept else None
