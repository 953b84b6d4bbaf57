"""The log's own check: the pandera schema (known step and status, role fits the
step, unit fits the step, a return has a reason and is answered, times in order) and the
steps' order. `catat` refuses what this rejects; `status` reports it.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pandera.pandas as pa

from pipeline.cells import address
from pipeline.findings import Finding, make_finding
from pipeline.master import Master
from pipeline.review_log.events import COLUMNS, Event
from pipeline.sop import canonical_role, roles_for, sop_steps
from schemas.review_log import PER_UNIT_STEPS, review_log_schema

ANY_UNIT = "*"  # stands for every unit in the order check's index

_CHECK_CODES = {
    "times_in_order": ("log-waktu-mundur", "waktu"),
    "in_range": ("log-langkah-tidak-dikenal", "langkah"),
    "isin": ("log-status-tidak-dikenal", "status"),
    "unit_fits_step": ("log-unit-tidak-sesuai", "unit"),
    "role_fits_step": ("log-peran-tidak-sesuai", "peran"),
    "return_has_reason": ("log-alasan-kosong", "catatan"),
    "return_answered": ("log-belum-diajukan-ulang", "status"),
    "not_nullable": ("log-kolom-hilang", "oleh"),
}


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
    steps = sop_steps()
    frame = events_frame(events)

    def role_fits(row: pd.Series) -> bool:
        step = steps.get(int(row["langkah"]))
        if step is None:
            return True  # reported as an unknown step
        head = (
            canonical_role(unit_head(master, row["unit"])) if isinstance(row["unit"], str) else None
        )
        return not isinstance(row["peran"], str) or row["peran"] in roles_for(step, head)

    try:
        review_log_schema(role_fits).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    findings: dict[tuple[int, str], Finding] = {}
    for case in cases.itertuples(index=False):
        check = str(case.check).split("(")[0]
        if check not in _CHECK_CODES or case.index is None:
            continue
        code, key = _CHECK_CODES[check]
        if check == "not_nullable":
            continue  # an empty name: the schema's not-null on `oleh` -- reported below
        row = int(case.index)
        event = frame.loc[row]
        step = steps.get(int(event["langkah"]))
        cell = address(row, positions[key]) if key in positions else ""
        value = {
            "waktu": event["waktu"].strftime("%d-%m-%Y %H:%M"),
            "langkah": str(event["langkah"]),
            "status": str(event["status"]),
            "peran": str(event["peran"]),
            "unit": "" if not isinstance(event["unit"], str) else event["unit"],
            "catatan": "",
        }[key]
        if code == "log-belum-diajukan-ulang":
            value = event["waktu"].strftime("%d-%m-%Y %H:%M")  # when it was returned
        detail = ""
        if code == "log-unit-tidak-sesuai":
            detail = (
                f"Langkah {event['langkah']} dicatat per unit, tetapi kolom Unit kosong."
                if int(event["langkah"]) in PER_UNIT_STEPS
                else f"Langkah {event['langkah']} berlaku untuk seluruh Dinas, tetapi kolom Unit "
                f"berisi {event['unit']}."
            )
        unit = event["unit"] if isinstance(event["unit"], str) else ""
        findings.setdefault(
            (row, code),
            make_finding(
                code,
                file=name,
                cell=cell,
                column=COLUMNS[key][0],
                value=value,
                unit=unit,
                step=event["langkah"],
                expected=step.role if step else "",
                detail=detail,
                unit_text=f" unit {unit}" if unit else "",
            ),
        )
    return [findings[k] for k in sorted(findings)]


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
    return None if value is None or pd.isna(value) else str(value)


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
