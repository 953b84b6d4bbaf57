"""The log's own check: the pandera schema (known step and status, role fits the
step, unit fits the step, a return has a reason and is answered, times in order) and the
steps' order. `catat` refuses what this rejects; `status` reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd

from pipeline.cells import address
from pipeline.failures import Failure, schema_findings
from pipeline.findings import Finding, make_finding
from pipeline.master import Master
from pipeline.review_log.events import COLUMNS, Event
from pipeline.sop import canonical_role, roles_for, sop_steps
from schemas.review_log import PER_UNIT_STEPS, review_log_schema

ANY_UNIT = "*"  # stands for every unit in the order check's index


def check_events(
    events: list[Event], positions: dict[str, int], master: Master, name: str
) -> list[Finding]:
    """Everything the log's own check rejects: the schema's rules and the steps' order."""
    return _validate(events, positions, master, name) + _order_findings(events, positions, name)


def _validate(
    events: list[Event], positions: dict[str, int], master: Master, name: str
) -> list[Finding]:
    """Run the log schema and place each failure on its cell."""
    if not events:
        return []
    by_row = {e.row: e for e in events}

    def finding(failure: Failure) -> tuple[int, str, Finding]:
        event = by_row[failure.index]
        return event.row, failure.code, _finding(failure, event, positions, name)

    schema = review_log_schema(_role_fits(master))
    found = schema_findings(schema, events_frame(events), finding)
    return [f for _, _, f in sorted(found, key=lambda item: item[:2])]


def _role_fits(master: Master) -> Callable[[pd.Series], bool]:
    """Whether an event's role may act at its step (a unit's head acts as its Kabid)."""
    steps = sop_steps()

    def role_fits(row: pd.Series) -> bool:
        step = steps.get(int(row["langkah"]))
        if step is None:
            return True  # reported as an unknown step
        head = (
            canonical_role(unit_head(master, row["unit"])) if isinstance(row["unit"], str) else None
        )
        return not isinstance(row["peran"], str) or row["peran"] in roles_for(step, head)

    return role_fits


def _finding(failure: Failure, event: Event, positions: dict[str, int], name: str) -> Finding:
    """A failure of the log schema as a finding at the event's cell."""
    key, code = failure.column, failure.code
    step = sop_steps().get(event.step)
    value = {
        "waktu": lambda: event.time.strftime("%d-%m-%Y %H:%M"),
        "langkah": lambda: str(event.step),
        "status": lambda: event.status,
        "peran": lambda: str(event.role),
        "unit": lambda: event.unit or "",
        "catatan": lambda: "",
        "oleh": lambda: event.by,
    }[key]()
    if code == "log-belum-diajukan-ulang":
        value = event.time.strftime("%d-%m-%Y %H:%M")  # when it was returned
    detail = ""
    if code == "log-unit-tidak-sesuai":
        detail = (
            f"Langkah {event.step} dicatat per unit, tetapi kolom Unit kosong."
            if event.step in PER_UNIT_STEPS
            else f"Langkah {event.step} berlaku untuk seluruh Dinas, tetapi kolom Unit "
            f"berisi {event.unit}."
        )
    unit = event.unit or ""
    return make_finding(
        code,
        file=name,
        cell=address(failure.index, positions[key]) if key in positions else "",
        column=COLUMNS[key][0],
        value=value,
        unit=unit,
        step=event.step,
        expected=step.role if step else "",
        detail=detail,
        unit_text=f" unit {unit}" if unit else "",
    )


def events_frame(events: list[Event]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "waktu": pd.Series([e.time for e in events], dtype="datetime64[us, Asia/Jakarta]"),
            "langkah": pd.Series([e.step for e in events], dtype=int),
            "unit": pd.Series([e.unit for e in events], dtype="str"),
            "status": pd.Series([e.status for e in events], dtype="str"),
            "oleh": pd.Series([e.by for e in events], dtype="str"),
            "peran": pd.Series([e.role for e in events], dtype="str"),
            "catatan": pd.Series([e.note for e in events], dtype="str"),
        }
    )
    frame.index = [e.row for e in events]
    return frame


def unit_head(master: Master, unit: str) -> str | None:
    if unit not in master.units.index:
        return None
    value = master.units.at[unit, "jabatan"]
    return value if isinstance(value, str) else None  # a text column: text or missing


def _order_findings(events: list[Event], positions: dict[str, int], name: str) -> list[Finding]:
    """A step recorded before the step it follows (the same unit's for steps 3 to 7)."""
    steps = sop_steps()
    # the earliest time each step was started and finished, per unit and for any unit
    started: dict[tuple[int, str | None], datetime] = {}
    finished: dict[tuple[int, str | None], datetime] = {}
    for e in events:
        for unit in {e.unit, ANY_UNIT}:
            if e.status in ("mulai", "selesai", "disetujui"):
                started[(e.step, unit)] = min(started.get((e.step, unit), e.time), e.time)
            if e.status in ("selesai", "disetujui"):
                finished[(e.step, unit)] = min(finished.get((e.step, unit), e.time), e.time)
    findings = []
    for event in events:
        before = event.step - 1
        if before < 1 or event.step not in steps:
            continue
        same_unit = steps[event.step].per_unit and steps[before].per_unit
        # starting may overlap the step before; finishing, approving or returning may not
        earliest = started if event.status == "mulai" else finished
        when = earliest.get((before, event.unit if same_unit else ANY_UNIT))
        if when is None or when > event.time:
            unit = event.unit or ""
            findings.append(
                make_finding(
                    "log-langkah-mendahului",
                    file=name,
                    cell=address(event.row, positions["langkah"]) if "langkah" in positions else "",
                    column=COLUMNS["langkah"][0],
                    unit=unit,
                    step=event.step,
                    expected=before,
                    value=event.time.strftime("%d-%m-%Y %H:%M"),
                    unit_text=f" unit {unit}" if unit else "",
                )
            )
    return findings
