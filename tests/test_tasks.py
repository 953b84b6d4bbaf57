"""The library's tasks, as a second front end (the web page) calls them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import DataKinerjaError
from pipeline.periods import Period
from pipeline.tasks import Folders, parse_date, period_status, record_steps

TW3 = Period.parse("2026-TW3")


def test_a_step_recorded_through_the_library_names_who_recorded_it(office):
    [recorded] = record_steps(
        Folders(),
        TW3,
        step=9,
        status="disetujui",
        by="Rina Marlina Siregar, S.STP., M.AP.",
        recorder="rina (halaman web)",
    )
    assert (recorded.event.step, recorded.event.recorder) == (9, "rina (halaman web)")
    assert recorded.review is not None
    assert "langkah 10" in recorded.review.sentence


def test_a_step_recorded_without_a_performer_names_the_one_the_master_gives(office):
    [recorded] = record_steps(Folders(), TW3, step=9, status="disetujui", recorder="web")
    assert (recorded.event.by, recorded.event.role, recorded.event.recorder) == (
        "Rina Marlina Siregar, S.STP., M.AP.",
        "Sekretaris",
        "web",
    )


def test_the_position_carries_the_deadline_the_master_gives(office):
    position = period_status(Folders(), TW3)
    assert position.deadline == date(2026, 10, 9)
    assert position.review.sentence.startswith("menunggu paraf Sekretaris")


def test_a_period_without_a_log_has_no_review_and_starts_at_step_1(office):
    position = period_status(Folders(input=Path("input")), Period.parse("2026-TW4"))
    assert position.review is None
    assert position.log == Path("input") / "2026-TW4" / "log-review.csv"
    assert (position.first.number, position.first.role) == (1, "Kadis")
    assert position.starter is not None
    assert position.starter.name == "Drs. Ahmad Syahputra Nasution, M.Si."


def test_a_report_date_is_read_or_refused_with_a_sentence():
    assert parse_date("2026-10-15") == date(2026, 10, 15)
    with pytest.raises(DataKinerjaError) as refused:
        parse_date("15/10/2026")
    assert "Tulis tanggal sebagai TTTT-BB-HH" in refused.value.message
