"""SOP-20 as data (pipeline/sop.py): its steps, roles and standard times, and working time."""

from __future__ import annotations

import pytest

from pipeline.sop import WorkCalendar, calendar_from_office, canonical_role, sop_steps
from tests.helpers import at


def test_sop_table_has_eleven_steps_with_the_sop_standard_times():
    steps = sop_steps()
    assert [s.standard for s in steps.values()] == [
        "10 menit",
        "10 menit",
        "10 menit",
        "3 jam",
        "2 jam",
        "15 menit",
        "15 menit",
        "3 hari",
        "15 menit",
        "15 menit",
        "15 menit",
    ]
    assert [s.role for s in steps.values()] == [
        "Kadis",
        "Katim Penyusunan Program",
        "Kabid",
        "Katim pada Bidang",
        "Katim pada Bidang",
        "Kabid",
        "Sekretaris",
        "Katim Penyusunan Program",
        "Sekretaris",
        "Kadis",
        "Katim Penyusunan Program",
    ]
    assert [n for n, s in steps.items() if s.per_unit] == [2, 3, 4, 5, 6, 7]
    assert steps[8].standard_minutes(WorkCalendar()) == 3 * 8 * 60


@pytest.mark.parametrize(
    ("begin", "end", "minutes"),
    [
        ("2026-10-09T15:00", "2026-10-12T10:00", 180),  # Friday 15:00 -> Monday 10:00
        ("2026-10-05T17:00", "2026-10-06T09:00", 60),  # after hours -> next morning
        ("2026-10-05T06:00", "2026-10-05T07:30", 0),  # before opening
        ("2026-10-10T09:00", "2026-10-11T15:00", 0),  # a whole weekend
        ("2026-10-05T09:15", "2026-10-05T09:40", 25),
        ("2026-10-05T08:00", "2026-10-09T16:00", 5 * 480),  # a full working week
    ],
)
def test_working_minutes_count_only_office_hours(begin, end, minutes):
    assert WorkCalendar().working_minutes(at(begin), at(end)) == minutes


def test_office_hours_and_days_come_from_the_master():
    calendar = calendar_from_office({"jam kerja": "07.30-15.30", "hari kerja": "Senin-Sabtu"})
    assert calendar.minutes_per_day == 480
    assert calendar.working_minutes(at("2026-10-10T07:00"), at("2026-10-10T09:30")) == 120


@pytest.mark.parametrize("text", ["Kabid", "kepala bidang", "KEPALA BIDANG", " Kepala  Bidang "])
def test_roles_are_accepted_short_or_long_in_any_case(text):
    assert canonical_role(text) == "Kabid"
