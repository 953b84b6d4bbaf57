"""What the events say: the state of every step and unit, working time against
the SOP's standard times, returns, the period's state in one sentence, and the timeliness
of each unit's report.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from pipeline.findings import Finding
from pipeline.master import Master
from pipeline.officials import performer
from pipeline.periods import Period
from pipeline.review_log.events import JAKARTA, Event, ReviewLog
from pipeline.review_log.waiting import Waiting, reopened_by, waiting_steps
from pipeline.sop import Step, WorkCalendar, format_minutes, sop_steps


@dataclass(frozen=True)
class StepState:
    step: Step
    unit: str | None
    state: str  # belum mulai | berjalan | dikembalikan (until handed over again) | selesai
    started: datetime | None
    finished: datetime | None
    minutes: int | None  # working minutes from start to finish (or to now, while running)
    standard_minutes: int
    returns: int
    performer: str
    attempts: int = 1
    role: str = ""  # the role it is done in (the Sekretariat's head: Sekretaris); "" the SOP's

    @property
    def over_standard(self) -> bool:
        return self.minutes is not None and self.minutes > self.standard_minutes

    @property
    def kept_standard(self) -> str:
        if self.minutes is None:
            return "-"
        return "tidak" if self.over_standard else "ya"


@dataclass
class PeriodStatus:
    period: Period
    states: list[StepState]
    sentence: str  # "menunggu paraf Sekretaris"
    late: list[StepState]
    report_status: str  # DRAF | DIPARAF | DITANDATANGANI
    log: ReviewLog
    integrity: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """The log's own findings, then the integrity alarms it does not already hold (a
        broken chain is both: the log reports it, and it is an alarm that stops the report)."""
        return [*self.log.findings, *(f for f in self.integrity if f not in self.log.findings)]


def derive_status(
    log: ReviewLog,
    master: Master,
    period: Period,
    calendar: WorkCalendar,
    now: datetime | None = None,
) -> PeriodStatus:
    """The state of every step and unit, durations in working time, and the period's state."""
    steps = sop_steps()
    units = master.units_of_year(period.year)
    now = now or datetime.now(JAKARTA)
    ordered = sorted(log.events, key=lambda e: (e.time, e.row))
    states = []
    finished_at: dict[tuple[int, str | None], datetime] = {}
    waiting = waiting_steps(log.events, units)
    turn = {(w.step.number, w.unit) for w in waiting if w.returned is None}
    sent_back = _sent_back(waiting)
    for number, step in steps.items():
        for unit in units if step.per_unit else [None]:
            own = [e for e in ordered if e.step == number and (e.unit == unit)]
            previous = finished_at.get((number - 1, unit)) or finished_at.get((number - 1, None))
            back = [
                e.time
                for e in ordered
                if e.status == "dikembalikan"
                and e.step > number
                and (e.unit == unit or e.unit is None)
                and (number < 8 or e.step in (9, 10))
            ]
            named = performer(master, number, unit)
            state = _step_state(step, unit, own, previous, back, calendar, now)
            if named is not None:  # the role it is done in; not begun: who it waits on
                state = replace(
                    state, role=named.role, performer=state.performer if own else named.name
                )
            state = _as_the_turns_stand(state, (number, unit), turn, sent_back)
            if state.finished:
                finished_at[(number, unit)] = state.finished
            states.append(state)
    late = [s for s in states if s.over_standard]
    return PeriodStatus(
        period=period,
        states=states,
        sentence=_sentence(states),
        late=late,
        report_status=_report_status(ordered),
        log=log,
    )


def _step_state(
    step: Step,
    unit: str | None,
    events: list[Event],
    handed_over: datetime | None,
    handed_back: list[datetime],
    calendar: WorkCalendar,
    now: datetime,
) -> StepState:
    """State and working time of one step for one unit.

    The time is summed over the step's spans of work: from `mulai` (or from when the
    document was handed over or handed back) to `selesai`, `disetujui` or `dikembalikan`.
    The standard applies to each attempt (each hand-over or decision), so a report that
    went back and forth twice has twice the time.
    """
    returns = sum(1 for e in events if e.status == "dikembalikan")
    attempts = max(1, sum(1 for e in events if e.status != "mulai"))
    standard = step.standard_minutes(calendar) * attempts
    if not events:
        return StepState(step, unit, "belum mulai", None, None, None, standard, 0, step.role, 1)
    minutes = 0
    opened: datetime | None = None
    started: datetime | None = None
    closed_at: datetime | None = handed_over
    for event in events:
        if event.status == "mulai":
            opened = opened or event.time
        else:
            back = [t for t in handed_back if closed_at is None or t > closed_at]
            begin = opened or max(
                [t for t in [closed_at, *back] if t is not None and t <= event.time],
                default=event.time,
            )
            minutes += calendar.working_minutes(begin, event.time)
            closed_at, opened = event.time, None
            started = started or begin
        started = started or opened
    last = events[-1]
    state = {"selesai": "selesai", "disetujui": "selesai", "dikembalikan": "dikembalikan"}.get(
        last.status, "berjalan"
    )
    finished = last.time if state == "selesai" else None
    if opened is not None:
        minutes += calendar.working_minutes(opened, max(now, opened))
    return StepState(
        step,
        unit,
        state,
        started,
        finished,
        minutes,
        standard,
        returns,
        last.by or step.role,
        attempts,
    )


def _sent_back(waiting: list[Waiting]) -> set[tuple[int, str | None]]:
    """The steps whose return still stands: the work they sent back waits to be handed
    over again."""
    reopened = {(w.step.number, w.unit) for w in waiting if w.returned is not None}
    return {
        (number, unit)
        for number in sop_steps()
        for unit in {u for _, u in reopened}
        if (reopened_by(number), unit) in reopened
    }


def _as_the_turns_stand(
    state: StepState,
    key: tuple[int, str | None],
    turn: set[tuple[int, str | None]],
    sent_back: set[tuple[int, str | None]],
) -> StepState:
    """A step done or returned whose turn came again is in progress (the report resubmitted
    after a return waits for a new paraf); one returned whose work was handed over again
    but whose turn has not come (the Kadis's signature, before the new paraf) has not
    begun again. Neither keeps the time it was last finished."""
    if state.state in ("selesai", "dikembalikan") and key in turn:
        return replace(state, state="berjalan", finished=None)
    if state.state == "dikembalikan" and key not in sent_back:
        return replace(state, state="belum mulai", finished=None)
    return state


def _sentence(states: list[StepState]) -> str:
    """The period's state in one sentence: the first step not done, and for whom."""
    for number in range(1, 12):
        pending = [s for s in states if s.step.number == number and s.state != "selesai"]
        if not pending:
            continue
        step = pending[0].step
        if step.per_unit:
            units = ", ".join(s.unit or "" for s in pending)
            returned = [s.unit or "" for s in pending if s.state == "dikembalikan"]
            extra = f"; dikembalikan untuk diperbaiki: {', '.join(returned)}" if returned else ""
            return f"menunggu {step.waiting_for} (langkah {number}: {units}){extra}"
        if pending[0].state == "dikembalikan":
            return f"dikembalikan untuk diperbaiki pada langkah {number} ({step.waiting_for})"
        return f"menunggu {step.waiting_for} (langkah {number})"
    return "selesai: laporan telah dilaporkan ke Pemko Medan dan diarsipkan"


# The report's state in words (DRAF in the log means only "not yet initialled"), as the
# command line's status and the web page both say it.
REPORT_WORDS = {
    "DRAF": "disusun, belum diparaf Sekretaris",
    "DIPARAF": "diparaf Sekretaris, menunggu tanda tangan Kepala Dinas",
    "DITANDATANGANI": "ditandatangani Kepala Dinas",
}


def report_words(report_status: str, written: bool) -> str:
    return REPORT_WORDS.get(report_status, report_status) if written else "belum disusun"


def _report_status(events: list[Event]) -> str:
    """DITANDATANGANI after step 10 approved, DIPARAF after step 9, else DRAF; a return at
    either step sends the report back to step 8 and undoes both (`events` in order)."""
    decided = [
        e
        for e in events
        if e.step in (9, 10) and e.status in ("disetujui", "selesai", "dikembalikan")
    ]
    returns = [i for i, e in enumerate(decided) if e.status == "dikembalikan"]
    standing = (
        {e.step for e in decided[returns[-1] + 1 :]} if returns else {e.step for e in decided}
    )
    if 10 in standing:
        return "DITANDATANGANI"
    return "DIPARAF" if 9 in standing else "DRAF"


def status_table(status: PeriodStatus) -> list[list[str]]:
    """Rows for the terminal and the Log Review sheet: one per step and unit."""
    rows = []
    for s in status.states:
        rows.append(
            [
                str(s.step.number),
                s.unit or "Dinas",
                s.role or s.step.role,
                s.state,
                s.started.strftime("%d-%m-%Y %H:%M") if s.started else "",
                s.finished.strftime("%d-%m-%Y %H:%M") if s.finished else "",
                format_minutes(s.minutes) if s.minutes is not None else "",
                s.step.standard + (f" × {s.attempts}" if s.attempts > 1 else ""),
                s.kept_standard,
                str(s.returns),
            ]
        )
    return rows


def last_return_note(events: list[Event]) -> dict[tuple[int, str | None], str]:
    """The reason of the latest return per step and unit (for the Log Review sheet)."""
    notes = {}
    for e in sorted(events, key=lambda e: (e.time, e.row)):
        if e.status == "dikembalikan":
            notes[(e.step, e.unit)] = e.note or ""
    return notes


@dataclass(frozen=True)
class Submission:
    unit: str
    submitted: datetime | None  # step 7 done: the unit report handed to the Katim Program
    deadline: date | None
    verdict: str  # tepat waktu | terlambat N hari | belum diserahkan | tanpa batas waktu


def timeliness(status: PeriodStatus, deadline: date | None) -> list[Submission]:
    """Per unit: when its report was handed over (step 7) against the period's deadline."""
    result = []
    for state in status.states:
        if state.step.number != 7:
            continue
        when = state.finished
        if when is None:
            verdict = "belum diserahkan"
        elif deadline is None:
            verdict = "tanpa batas waktu"
        elif when.date() <= deadline:
            verdict = "tepat waktu"
        else:
            verdict = f"terlambat {(when.date() - deadline).days} hari"
        result.append(Submission(state.unit or "", when, deadline, verdict))
    return result
