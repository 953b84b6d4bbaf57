from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.numbers import format_number, parse_number


@pytest.mark.parametrize(
    ("raw", "value", "clean"),
    [
        (85.5, 85.5, True),
        (0, 0.0, True),
        ("85,5", 85.5, False),
        ("1.234", 1234.0, False),
        ("1.234,5", 1234.5, False),
        ("1,234.5", 1234.5, False),
        ("1.234.567", 1234567.0, False),
        ("0.5", 0.5, False),
        ("85.25", 85.25, False),
        (" 12 ", 12.0, False),
        ("-3", -3.0, False),
        ("1 234", 1234.0, False),
    ],
)
def test_lenient_numbers_read_as_an_indonesian_writer_means(raw, value, clean):
    parsed = parse_number(raw)
    assert (parsed.value, parsed.clean, parsed.invalid) == (value, clean, False)


@pytest.mark.parametrize(
    "raw", ["abc", "85,5,1", "1.2.3", "12a", "--1", True, float("nan"), "1,,2"]
)
def test_garbage_is_invalid_not_missing(raw):
    parsed = parse_number(raw)
    assert parsed.invalid and parsed.value is None and not parsed.missing


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0"])
def test_blank_is_missing(raw):
    assert parse_number(raw).missing


def test_percent_sign_only_for_percent_indicators():
    assert parse_number("85%", percent_allowed=True).value == 85.0
    assert parse_number("85,5 %", percent_allowed=True).value == 85.5
    assert parse_number("85%").invalid


def test_a_date_where_a_number_belongs_is_reported_as_a_date():
    parsed = parse_number(datetime(2026, 7, 1))
    assert parsed.invalid and parsed.is_date


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_integers_written_with_thousand_dots_read_back(n):
    text = f"{n:,}".replace(",", ".")
    assert parse_number(text).value == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_indonesian_decimals_read_back(whole, cents):
    text = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert parse_number(text).value == pytest.approx(whole + cents / 100)


@given(st.floats(min_value=0, max_value=1e12, exclude_max=True, allow_nan=False))
def test_real_numbers_are_clean_and_unchanged(x):
    parsed = parse_number(x)
    assert parsed.clean and parsed.value == x


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_format_number_round_trips_integers(n):
    assert parse_number(format_number(n)).value == n


@given(st.text(alphabet="abcxyz!?#", min_size=1))
def test_letters_never_parse(text):
    assert parse_number(text).invalid


@pytest.mark.parametrize(
    "raw", [1e308, -1e308, float("inf"), float("-inf"), 1e12, 10**400, "1.000.000.000.000"]
)
def test_infinite_or_implausibly_large_numbers_are_refused(raw):
    parsed = parse_number(raw)
    assert parsed.value is None and parsed.invalid and parsed.too_large


def test_the_largest_plausible_number_still_reads():
    assert parse_number(999_999_999_999.0).value == 999_999_999_999.0
    assert parse_number("999.999.999.999").value == 999_999_999_999.0
