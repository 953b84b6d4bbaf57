from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline.evaluation import (
    MAX_CAPAIAN,
    below_high,
    capaian_value,
    capped_mean,
    compute_capaian,
    predikat,
    quarter_trend,
    renstra_progress,
    round2,
    year_on_year,
)
from pipeline.master import DEFAULT_BANDS

# A hand-worked table: quarters, akumulasi, polaritas, annual target, target s.d. TWn,
# then R, T, capaian and predikat worked out on paper.
HAND_WORKED = [
    # kumulatif, positive, quarterly target: (30+25+35)/90*100
    ([30, 25, 35], "kumulatif", "positif", 120, 90, 90, 90, 100.0, "Sangat Tinggi"),
    # kumulatif, positive, no quarterly target: annual target used, 90/120*100
    ([30, 25, 35], "kumulatif", "positif", 120, None, 90, 120, 75.0, "Sedang"),
    # posisi: the latest quarter, 98/100
    ([95, 97, 98], "posisi", "positif", 100, None, 98, 100, 98.0, "Sangat Tinggi"),
    # posisi with the current quarter empty: the latest filled (TW2), 76/100
    ([70, 76, None], "posisi", "positif", 100, None, 76, 100, 76.0, "Tinggi"),
    # rata-rata of filled quarters: (80+90)/2 = 85, 85/100
    ([80, None, 90], "rata-rata", "positif", 100, None, 85, 100, 85.0, "Tinggi"),
    # negative: (2*10-12)/10*100 = 80
    ([12], "posisi", "negatif", 10, None, 12, 10, 80.0, "Tinggi"),
    # negative, far worse than target: (2*10-25)/10 < 0 -> 0
    ([25], "posisi", "negatif", 10, None, 25, 10, 0.0, "Sangat Rendah"),
    # negative, better than target: (2*10-4)/10*100 = 160
    ([4], "rata-rata", "negatif", 10, None, 4, 10, 160.0, "Sangat Tinggi"),
    # negative, target 0, realisation 0 -> 100
    ([0, 0], "posisi", "negatif", 0, None, 0, 0, 100.0, "Sangat Tinggi"),
    # negative, target 0, realisation above 0 -> 0
    ([0, 2], "posisi", "negatif", 0, None, 2, 0, 0.0, "Sangat Rendah"),
    # kumulatif negative with quarterly target: 3+3+6 = 12 vs 9 -> (18-12)/9*100
    ([3, 3, 6], "kumulatif", "negatif", 12, 9, 12, 9, 66.67, "Sedang"),
    # positive, exactly on the 51 edge: 51/100
    ([51], "posisi", "positif", 100, None, 51, 100, 51.0, "Rendah"),
    # zero is a value: 0/50 -> 0
    ([0], "posisi", "positif", 50, None, 0, 50, 0.0, "Sangat Rendah"),
]


@pytest.mark.parametrize("row", HAND_WORKED)
def test_hand_worked_table(row):
    quarters, akumulasi, polaritas, annual, quarterly, r, t, value, band = row
    result = compute_capaian(quarters, akumulasi, polaritas, annual, quarterly, len(quarters))
    assert (result.realisasi, result.target) == (r, t)
    assert result.value == pytest.approx(value, abs=1e-12)
    assert predikat(result.value, DEFAULT_BANDS) == band
    assert result.how  # every capaian carries its explanation


def test_missing_values_get_no_capaian_and_a_reason():
    blank = compute_capaian([None, None], "posisi", "positif", 100, None, 2)
    assert (blank.value, blank.reason) == (None, "realisasi belum diisi")
    current_missing = compute_capaian([10, None], "kumulatif", "positif", 100, None, 2)
    assert current_missing.value is None
    assert current_missing.reason == "realisasi belum diisi"
    assert "TW2 belum diisi" in current_missing.how
    positive_zero = compute_capaian([5], "posisi", "positif", 0, None, 1)
    assert positive_zero.value is None
    assert positive_zero.reason == "target 0 untuk polaritas positif tidak dapat dihitung"


def test_explanation_names_method_quarters_target_and_formula():
    result = compute_capaian([30, 25, 35], "kumulatif", "positif", 120, 90, 3)
    assert result.how == (
        "kumulatif TW1+TW2+TW3 = 90; target s.d. TW3 90; positif R/T×100 = 90/90×100 = 100%"
    )


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (91, "Sangat Tinggi"),
        (90.999999, "Tinggi"),
        (76, "Tinggi"),
        (75.99, "Sedang"),
        (66, "Sedang"),
        (65.999, "Rendah"),
        (51, "Rendah"),
        (50.99, "Sangat Rendah"),
        (0, "Sangat Rendah"),
        (150, "Sangat Tinggi"),
    ],
)
def test_band_edges_are_half_open(value, band):
    assert predikat(value, DEFAULT_BANDS) == band


@given(st.floats(min_value=0, max_value=1e9), st.floats(min_value=1e-6, max_value=1e9))
def test_positive_capaian_is_r_over_t_to_two_decimals(r, t):
    assume(r / t * 100 < MAX_CAPAIAN)
    value, _ = capaian_value(r, t, "positif")
    assert abs(value - r / t * 100) <= 0.005 + 1e-9 * max(1, r / t * 100)
    assert value == round2(value)


@given(st.floats(min_value=0, max_value=1e9), st.floats(min_value=1e-3, max_value=1e9))
def test_negative_capaian_never_below_zero_and_100_on_target(r, t):
    value, _ = capaian_value(r, t, "negatif")
    assert value >= 0
    assert capaian_value(t, t, "negatif")[0] == pytest.approx(100)
    if r <= t:
        assert value >= 100 - 1e-9


@given(st.floats(min_value=0, max_value=300, allow_nan=False))
def test_every_capaian_gets_exactly_one_band(value):
    bands = [name for name, minimum in DEFAULT_BANDS if value >= minimum]
    assert predikat(value, DEFAULT_BANDS) == bands[0]
    assert below_high(value, DEFAULT_BANDS) == (value < 76)


@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=500)), max_size=12))
def test_capped_mean_ignores_missing_and_caps(values):
    mean = capped_mean(values, 100)
    kept = [v for v in values if v is not None]
    if not kept:
        assert mean is None
    else:
        assert 0 <= mean <= 100
        exact = sum(min(v, 100) for v in kept) / len(kept)
        assert abs(mean - exact) <= 0.01
        assert mean == round2(mean)


def test_overachieving_cannot_hide_a_shortfall():
    assert capped_mean([200, 50], 100) == 75
    assert capped_mean([200, 50], 150) == 100


def test_year_on_year_uses_polarity_and_refuses_partial_cumulative():
    assert year_on_year(90, 80, "positif", "posisi", 2) == (10, "membaik")
    assert year_on_year(90, 80, "negatif", "posisi", 2) == (10, "memburuk")
    assert year_on_year(80, 80, "negatif", "rata-rata", 2) == (0, "tetap")
    assert year_on_year(50, 80, "positif", "kumulatif", 3) == (
        None,
        "tidak sebanding (kumulatif belum setahun)",
    )
    assert year_on_year(90, 80, "positif", "kumulatif", 4) == (10, "membaik")
    assert year_on_year(90, None, "positif", "posisi", 2) == (None, "")


def test_renstra_progress_mirrors_for_negative_polarity():
    assert renstra_progress(98.9, 100, "positif") == pytest.approx(98.9)
    assert renstra_progress(12, 8, "negatif") == pytest.approx(50)
    assert renstra_progress(95, 0, "negatif") == 0
    assert renstra_progress(95, math.nan, "negatif") is None


# Where binary floating point falls just short of a band's edge: R, T, the capaian ROUND(R/T*100; 2)
# gives in Excel and LibreOffice, and its predikat.
BAND_EDGES = [
    (8.19, 9, 91.0, "Sangat Tinggi"),  # 90.99999999999999 before rounding
    (2.28, 3, 76.0, "Tinggi"),  # 75.99999999999999
    (16.83, 33, 51.0, "Rendah"),  # 50.99999999999999
    (0.726, 1.1, 66.0, "Sedang"),  # 65.99999999999999
]


@pytest.mark.parametrize(("r", "t", "value", "band"), BAND_EDGES)
def test_capaian_on_a_band_edge_is_rounded_before_its_predikat(r, t, value, band):
    assert r / t * 100 < value  # the trap is real
    result = compute_capaian([r], "posisi", "positif", t, None, 1)
    assert result.value == value
    assert predikat(result.value, DEFAULT_BANDS) == band
    assert below_high(result.value, DEFAULT_BANDS) == (value < 76)
    assert result.how.endswith(f"= {value:g}%")


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [
        (2.675, 2.68),  # binary 2.67499999..., Excel's ROUND gives 2,68
        (-2.675, -2.68),  # half away from zero
        (1.005, 1.01),
        (0.125, 0.13),
        (90.99999999999999, 91.0),
        (66.66666666666667, 66.67),
        (12.344999, 12.34),
        (1e16, 1e16),
    ],
)
def test_round2_rounds_half_away_from_zero_as_excel(raw, rounded):
    assert round2(raw) == rounded


def test_capped_mean_rounds_the_capped_values_and_the_mean():
    assert capped_mean([8.19 / 9 * 100, 100.004, 250], 100) == 97.0
    assert capped_mean([66.665, 66.67], 100) == 66.67


def test_a_capaian_too_large_to_show_is_not_computed():
    value, reason = capaian_value(1e11, 1e-300, "positif")
    assert value is None
    assert "terlalu besar" in reason


def _excel_round(value: float) -> float:
    """The reference: 15 significant digits, then half away from zero, all in decimal."""
    return float(Decimal(f"{value:.15g}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@given(st.floats(min_value=-1e14, max_value=1e14, allow_nan=False))
def test_round2_equals_the_decimal_reference(value):
    assert round2(value) == _excel_round(value)
    assert math.copysign(1, round2(value)) == math.copysign(1, _excel_round(value) + 0.0)


@pytest.mark.parametrize(
    "value",
    [
        123456.7812499997 / 1 * 100,  # 12345678.12499997: 15 digits make it ...125, so .13
        1234567.8949999999,
        98765432.10499999,
        -0.001,  # rounds to 0, never to -0
    ],
)
def test_round2_of_large_values_looks_at_15_significant_digits(value):
    assert round2(value) == _excel_round(value)
    assert str(round2(value)) == str(_excel_round(value) + 0.0)


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_round2_on_half_cents_rounds_away_from_zero(cents):
    half = (cents + 0.5) / 100  # x.xx5 as close as binary gets
    assert round2(half) == _excel_round(half)
    assert abs(round2(half)) == pytest.approx((abs(cents + 0.5) + 0.5) // 1 / 100)


@pytest.mark.parametrize(
    ("quarters", "polaritas", "trend"),
    [
        ([99.02, 99.15, 99.31], "positif", "▲ membaik"),
        ([1.3, 1.2, 1.1], "negatif", "▼ membaik"),
        ([5.0, None, 7.0], "negatif", "▲ memburuk"),
        ([95.0, 93.5], "positif", "▼ memburuk"),
        ([4.0, 4.0], "positif", "= tetap"),
        ([None, 3.0], "positif", ""),
        ([2.0, 3.0, None], "positif", ""),  # this quarter empty: no trend shown
        ([], "positif", ""),
    ],
)
def test_quarter_trend_says_direction_and_whether_it_is_better(quarters, polaritas, trend):
    assert quarter_trend(quarters, polaritas) == trend
