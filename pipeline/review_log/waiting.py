"""Which steps wait now, and since when: a step waits once the step before it is done
(every unit's step 7 for step 8) and it has not been done since, or when the step after it
sent the work back. The web page's "menunggu saya" is this list, filtered by who may act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.review_log.events import Event
from pipeline.sop import Step, sop_steps

DONE = ("selesai", "disetujui")
RETURNED = "dikembalikan"


@dataclass(frozen=True)
class Waiting:
    step: Step
    unit: str | None
    since: datetime | None  # when it became this step's turn (None: from the start)
    returned: str | None = None  # the reason ('' if none) when a later step sent it back


def reopened_by(step: int) -> int:
    """The step whose work a return at `step` sends back: the Kabid returns the unit's
    draft to its Katim (6 -> 5), the Sekretaris and the Kepala Dinas return the office's
    report to the Katim Penyusunan Program (9, 10 -> 8)."""
    return 8 if step in (9, 10) else step - 1


def waiting_steps(events: list[Event], units: list[str]) -> list[Waiting]:
    """Every step (per unit for steps 2 to 7) whose turn it is, in the SOP's order.
    Events are ordered by time and then by their row, so that two in the same second
    still come one after the other."""
    done: dict[Key, Event] = {}
    decided: dict[Key, Event] = {}
    returns: dict[Key, Event] = {}
    for e in sorted(events, key=_order):
        key = (e.step, e.unit)
        if e.status in DONE:
            done[key] = e
            # a step done after its own return: the return no longer sends work back
            returns.pop((reopened_by(e.step), e.unit), None)
        if e.status in (*DONE, RETURNED):
            decided[key] = e
        if e.status == RETURNED:
            returns[(reopened_by(e.step), e.unit)] = e
    found = []
    for number, step in sop_steps().items():
        for unit in units if step.per_unit else [None]:
            key = (number, unit)
            back = returns.get(key)
            if back is not None and (key not in done or _order(back) > _order(done[key])):
                found.append(Waiting(step, unit, back.time, back.note or ""))
                continue
            ready, since = _turn(number, unit, done, units)
            if not ready:
                continue
            if key not in decided or (since is not None and _order(since) > _order(decided[key])):
                found.append(Waiting(step, unit, since.time if since else None))
    return found


Key = tuple[int, str | None]


def _order(event: Event) -> tuple[datetime, int]:
    return event.time, event.row


def _turn(
    number: int, unit: str | None, done: dict[Key, Event], units: list[str]
) -> tuple[bool, Event | None]:
    """Whether the step before is done, and its latest completion."""
    if number == 1:
        return True, None
    if number == 8:
        handed = [done[(7, u)] for u in units if (7, u) in done]
        if not units or len(handed) < len(units):
            return False, None
        return True, max(handed, key=_order)
    before = (number - 1, unit if sop_steps()[number - 1].per_unit else None)
    return before in done, done.get(before)
