"""Whose turn it is: the steps that wait, per unit, and the work sent back."""

from __future__ import annotations

from datetime import timedelta

from pipeline.review_log.events import Event
from pipeline.review_log.reading import read_log
from pipeline.review_log.waiting import waiting_steps
from tests.helpers import ROOT, at

UNITS = ["SEKRETARIAT", "DAFDUK", "CAPIL", "PIAK", "PDIP"]


def _waits(events, units=UNITS):
    return [(w.step.number, w.unit) for w in waiting_steps(events, units)]


def _event(step, status, unit=None, minutes=0, note=None):
    return Event(
        at("2026-10-01T08:00") + timedelta(minutes=minutes), step, unit, status, "X", None, note
    )


def test_a_new_period_waits_on_the_kepala_dinas_alone():
    assert _waits([]) == [(1, None)]


def test_after_step_1_every_unit_waits_for_its_nota_dinas():
    assert _waits([_event(1, "selesai")]) == [(2, u) for u in UNITS]


def test_the_sample_period_waits_for_the_sekretaris_paraf(sample_master):
    log = read_log(ROOT / "input" / "2026-TW3" / "log-review.csv", sample_master)
    assert _waits(log.events) == [(9, None)]


def test_a_return_sends_the_unit_draft_back_and_its_resubmission_back_to_the_kabid():
    events = [
        _event(1, "selesai"),
        _event(2, "selesai", "PIAK", 1),
        _event(3, "selesai", "PIAK", 2),
        _event(4, "selesai", "PIAK", 3),
        _event(5, "selesai", "PIAK", 4),
    ]
    assert _waits(events, ["PIAK"]) == [(6, "PIAK")]
    events.append(_event(6, "dikembalikan", "PIAK", 5, note="CAP-02 belum dicocokkan"))
    waiting = waiting_steps(events, ["PIAK"])
    assert [(w.step.number, w.unit, w.returned) for w in waiting] == [
        (5, "PIAK", "CAP-02 belum dicocokkan")
    ]
    events.append(_event(5, "selesai", "PIAK", 6))
    assert _waits(events, ["PIAK"]) == [(6, "PIAK")]
    events.append(_event(6, "disetujui", "PIAK", 7))
    assert _waits(events, ["PIAK"]) == [(7, "PIAK")]


def test_step_8_waits_until_every_unit_is_handed_over():
    events = [_event(1, "selesai")]
    for i, unit in enumerate(["DAFDUK", "CAPIL"]):
        events += [_event(s, "selesai", unit, 10 * i + s) for s in range(2, 8)]
    assert _waits(events[:-1], ["DAFDUK", "CAPIL"]) == [(7, "CAPIL")]
    assert _waits(events, ["DAFDUK", "CAPIL"]) == [(8, None)]


def test_the_kadis_return_sends_the_report_back_to_the_katim_then_to_a_new_paraf():
    events = [_event(1, "selesai")]
    events += [_event(s, "selesai", "PDIP", s) for s in range(2, 8)]
    events += [_event(8, "selesai", minutes=20), _event(9, "disetujui", minutes=21)]
    assert _waits(events, ["PDIP"]) == [(10, None)]
    events.append(_event(10, "dikembalikan", minutes=22, note="Analisis sasaran 2 kurang"))
    assert _waits(events, ["PDIP"]) == [(8, None)]
    events.append(_event(8, "selesai", minutes=23))
    assert _waits(events, ["PDIP"]) == [(9, None)]
    events += [_event(9, "disetujui", minutes=24), _event(10, "disetujui", minutes=25)]
    assert _waits(events, ["PDIP"]) == [(11, None)]
    events.append(_event(11, "selesai", minutes=26))
    assert _waits(events, ["PDIP"]) == []


def test_an_approval_after_a_return_overrules_it():
    events = [_event(1, "selesai")]
    events += [_event(s, "selesai", "PIAK", s) for s in range(2, 6)]
    events += [
        _event(6, "dikembalikan", "PIAK", 6, note="salah"),
        _event(6, "disetujui", "PIAK", 7),
    ]
    assert _waits(events, ["PIAK"]) == [(7, "PIAK")]
