"""What a logged-in person does on the web page, as one function each: their own step of
the SOP (approve, or return with a reason), a unit's file handed in, what waits on them,
and the views of a period, a unit and the office. Each checks on the server who may do
or see it (the posts the master gives the person now) and calls the tasks of
`pipeline.tasks` for the work itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.archive import is_archived
from pipeline.consolidation import Evaluation, consolidate, read_inputs
from pipeline.errors import EXIT_INPUT, DataKinerjaError
from pipeline.master import Master
from pipeline.office_report import report_file_name
from pipeline.officials import Post, acting_role, head_title
from pipeline.periods import Period
from pipeline.review_log.events import Event, log_path
from pipeline.review_log.progress import PeriodStatus, StepState
from pipeline.review_log.record import log_lock, refuse_out_of_turn
from pipeline.review_log.waiting import Waiting, waiting_steps
from pipeline.sop import Step, calendar_from_office, sop_steps
from pipeline.tasks import (
    Consolidated,
    Folders,
    Recorded,
    archive,
    consolidate_period,
    default_document,
    record_steps,
    today_in_jakarta,
)
from pipeline.tidy import tidy_file_name
from pipeline.uploads import (
    Received,
    ReceivedAnalysis,
    latest_feedback,
    receive_katim_file,
    receive_unit_file,
    upload_refusal,
    versions_of,
)
from pipeline.validation import Report, accepted_realisations, find_unit_file, validate_file
from pipeline.workbooks import digest_or_sentence


class NotAllowed(DataKinerjaError):
    """A person asked for what their posts do not allow: the web page answers 403."""


@dataclass(frozen=True)
class Actor:
    """Someone acting on the web page: their name as the master writes it, the posts the
    master gives them now, and how the log names who recorded (their login)."""

    name: str
    posts: tuple[Post, ...]
    recorder: str

    def role_at(self, master: Master, step: int, unit: str | None) -> str | None:
        return acting_role(master, list(self.posts), step, unit)

    @property
    def office_wide(self) -> bool:
        """Sees every unit: the Kepala Dinas, the Sekretaris, the Katim Penyusunan Program."""
        return any(p.unit is None for p in self.posts)

    def sees_unit(self, unit: str) -> bool:
        return self.office_wide or any(p.unit == unit for p in self.posts)

    def is_program(self, master: Master) -> bool:
        """The Katim Penyusunan Program: consolidates, archives, sees the office's files."""
        return self.role_at(master, 8, None) is not None

    def may_upload(self, master: Master, unit: str) -> bool:
        """Hands in the unit's file: its Katim and its staff (steps 4 and 5)."""
        return bool(self.role_at(master, 5, unit) or self.role_at(master, 4, unit))


def waiting_for(folders: Folders, period: Period, actor: Actor) -> list[Waiting]:
    """The steps of the period that wait on this person, in the SOP's order."""
    master = folders.read_master()
    review = folders.status(master, period)
    events = review.log.events if review else []
    return [
        w
        for w in waiting_steps(events, master.units_of_year(period.year))
        if actor.role_at(master, w.step.number, w.unit)
    ]


def waiting_elsewhere(
    folders: Folders, period: Period, actor: Actor
) -> list[tuple[Period, list[Waiting]]]:
    """The other periods under way (begun, not archived) with steps waiting on this
    person, oldest first: a quarter's paraf is not forgotten once the next has begun."""
    found = []
    for other in periods(folders):
        if other == period or not _under_way(folders, other):
            continue
        try:
            waits = waiting_for(folders, other, actor)
        except DataKinerjaError:  # that period's own page says what is wrong with it
            continue
        if waits:
            found.append((other, waits))
    return found


def _under_way(folders: Folders, period: Period) -> bool:
    """Begun (a log) and not archived; a period whose folders cannot be looked into is not
    counted, so that it does not keep every other page from opening."""
    log = log_path(folders.input, period)
    try:
        begun = log.is_file() and not log.is_symlink()  # a link is refused when read
        return begun and not is_archived(folders.output, period)
    except OSError:
        return False


def consolidate_as(
    folders: Folders, period: Period, actor: Actor, draft: bool = False
) -> Consolidated:
    """`konsolidasi` from the web page, for the Katim Penyusunan Program alone; under the
    log's lock, like step 8, so that a report submitted meanwhile is not written over."""
    master = folders.read_master()
    if not actor.is_program(master):
        raise NotAllowed("Hanya Katim Penyusunan Program yang menyusun laporan Dinas.")
    with log_lock(log_path(folders.input, period)):
        _refuse_while_submitted(folders, master, period, "laporan itu tidak ditulis ulang")
        return consolidate_period(folders, period, draft=draft)


def upload_katim_analysis(
    folders: Folders, period: Period, actor: Actor, content: bytes
) -> ReceivedAnalysis:
    """The Katim Penyusunan Program's own analysis paragraphs (SOP step 8), read as
    `konsolidasi` reads them and kept while the report can still be written anew."""
    master = folders.read_master()
    if not actor.is_program(master):
        raise NotAllowed("Hanya Katim Penyusunan Program yang mengunggah analisisnya.")
    _refuse_while_submitted(folders, master, period, "uraian analisisnya tidak diganti")
    return receive_katim_file(folders.input, master, period, content)


def _refuse_while_submitted(folders: Folders, master: Master, period: Period, what: str) -> None:
    """The office's report, once handed to the Sekretaris (step 8) and until it comes back,
    is what they and the Kepala Dinas decide on: nothing that would change it is taken;
    nor once the period is archived."""
    if is_archived(folders.output, period):
        raise DataKinerjaError(f"Periode {period} sudah diarsipkan; {what}.", EXIT_INPUT)
    review = folders.status(master, period)
    events = review.log.events if review else []
    units = master.units_of_year(period.year)
    waiting = any(w.step.number in (9, 10) for w in waiting_steps(events, units))
    if waiting or (review is not None and review.report_status != "DRAF"):
        raise DataKinerjaError(
            f"Laporan {period} sudah diajukan dan menunggu paraf atau tanda tangan, atau sudah "
            f"disetujui; {what} sebelum laporan dikembalikan.",
            EXIT_INPUT,
        )


def upload_unit_file(
    folders: Folders, period: Period, actor: Actor, unit: str, content: bytes, filename: str
) -> Received:
    """A unit's filled file from its own people, checked and, without GALAT, kept."""
    master = folders.read_master()
    unit = _unit_of_year(master, period, unit)
    if not actor.may_upload(master, unit):
        raise NotAllowed(
            f"Anda tidak berwenang mengunggah file unit {unit}; file diunggah oleh Katim atau "
            "staf unit itu sendiri."
        )
    calendar = calendar_from_office(master.office)
    return receive_unit_file(
        folders.input, folders.output, master, period, unit, content, filename, calendar
    )


def act(
    folders: Folders,
    period: Period,
    actor: Actor,
    step: int,
    units: Sequence[str],
    approve: bool = True,
    note: str | None = None,
) -> list[Recorded]:
    """Record the person's own step: for every unit named (none for the office's steps),
    once it is their turn and what the step hands over is ready. Approve, or return with
    a reason at a decision (steps 6, 9, 10). Step 8 writes the report first; step 11
    archives. Nothing is recorded unless every unit named passes."""
    master = folders.read_master()
    sop = sop_steps().get(step)
    if sop is None:
        raise DataKinerjaError(f"Langkah {step} tidak ada di SOP-20.")
    if not master.units_of_year(period.year):
        raise DataKinerjaError(
            f"Master tidak memuat indikator tahun {period.year}, jadi periode {period} tidak "
            "dapat dimulai. Minta Katim Penyusunan Program melengkapi master lebih dulu."
        )
    targets: list[str | None] = (
        [_unit_of_year(master, period, u) for u in units] if sop.per_unit else [None]
    )
    if not targets:
        raise DataKinerjaError("Pilih sedikitnya satu unit.")
    if not approve and not sop.decision:
        raise DataKinerjaError(f"Langkah {step} tidak dapat dikembalikan.")
    review = folders.status(master, period)
    events = review.log.events if review else []
    units_of_year = master.units_of_year(period.year)
    roles = {}
    for unit in targets:
        role = actor.role_at(master, step, unit)
        if role is None:
            where = f" untuk unit {unit}" if unit else ""
            raise NotAllowed(f"Anda tidak berwenang mencatat langkah {step}{where}.")
        # before any work is done; recording checks it again, under the log's lock
        refuse_out_of_turn(events, units_of_year, step, unit)
        if approve:
            _ready_to_hand_over(folders, master, period, events, step, unit)
        roles[unit] = role
    if len(set(roles.values())) > 1:
        raise DataKinerjaError(
            "Catat unit-unit ini satu per satu: peran Anda berbeda di tiap unit."
        )
    if step in (8, 11):
        # the report written (or the archive made) and the step recorded as one, under the
        # log's lock: a second click finds the step done, not a report written anew that
        # the Sekretaris could no longer initial
        with log_lock(log_path(folders.input, period)):
            now = folders.status(master, period)
            refuse_out_of_turn(now.log.events if now else [], units_of_year, step, None)
            if step == 11:
                archive(folders, period, actor.name, actor.recorder)
                recorded_review = folders.status(master, period)
                last = recorded_review.log.events[-1] if recorded_review else None
                return [Recorded(last, None, recorded_review)] if last else []
            consolidate_period(folders, period)
            return _record(folders, period, actor, sop, approve, targets, roles, note)
    return _record(folders, period, actor, sop, approve, targets, roles, note)


def _record(
    folders: Folders,
    period: Period,
    actor: Actor,
    sop: Step,
    approve: bool,
    targets: list[str | None],
    roles: dict[str | None, str],
    note: str | None,
) -> list[Recorded]:
    return record_steps(
        folders,
        period,
        step=sop.number,
        status=sop.done_status if approve else "dikembalikan",
        units=[u for u in targets if u is not None],
        by=actor.name,
        role=next(iter(roles.values())),
        note=(note or "").strip() or None,
        recorder=actor.recorder,
        in_turn=True,
    )


def _unit_of_year(master: Master, period: Period, unit: str) -> str:
    code = unit.strip().upper()
    if code not in master.units_of_year(period.year):
        raise DataKinerjaError(f"Unit {code} tidak punya indikator pada tahun {period.year}.")
    return code


def _ready_to_hand_over(
    folders: Folders,
    master: Master,
    period: Period,
    events: list[Event],
    step: int,
    unit: str | None,
) -> None:
    """What a step hands over is ready: a unit's file without GALAT (step 5), the same
    file that was handed over at the step before (6, 7), the report the Katim submitted
    (9, 10)."""
    document = default_document(folders, period, step, unit) if step != 8 else None
    if step == 5:
        valid = document is not None and (
            validate_file(
                document,
                master,
                period,
                unit,
                accepted_realisations(master, period, unit or "", document),
            ).valid
        )
        if not valid:
            raise DataKinerjaError(
                f"File unit {unit} belum ada atau masih memuat GALAT; unggah file yang valid "
                "dulu, lalu ajukan.",
                EXIT_INPUT,
            )
    if step in (6, 7, 9, 10):
        what = f"File unit {unit}" if unit else "Laporan Dinas"
        if document is None:
            raise DataKinerjaError(f"{what} tidak ada lagi di foldernya; {HAND_OVER_AGAIN[step]}")
        handed = [e for e in events if e.step == step - 1 and e.unit == unit and e.sha256]
        # a step before recorded without its document (on the command line) leaves nothing
        # to compare: the decision records the document's hash itself
        if handed and digest_or_sentence(document) != handed[-1].sha256:
            raise DataKinerjaError(
                f"{what} berubah sejak langkah {step - 1} ({handed[-1].time:%d-%m-%Y %H:%M}); "
                f"langkah {step} hanya untuk dokumen yang diserahkan itu. "
                f"{HAND_OVER_AGAIN[step]}",
                EXIT_INPUT,
            )


# What the person can do when the document of their step is not the one handed over.
HAND_OVER_AGAIN = {
    6: "Kembalikan kepada Katim dengan alasannya, agar file diajukan lagi.",
    7: "Beri tahu Katim Penyusunan Program: file berubah setelah disetujui Kepala Bidang.",
    9: "Kembalikan dengan alasannya, agar Katim Penyusunan Program mengajukan laporannya lagi.",
    10: "Kembalikan dengan alasannya, agar Katim Penyusunan Program mengajukan laporannya lagi.",
}


@dataclass(frozen=True)
class Overview:
    """A period at a glance for the web page: the evaluation of the units' files as they
    are now (marked where a unit is missing or has GALAT), the SOP's position, and the
    workbook and tidy CSV when `konsolidasi` wrote them."""

    evaluation: Evaluation
    review: PeriodStatus | None
    report: Path | None
    tidy: Path | None

    @property
    def complete(self) -> bool:
        return not self.evaluation.flagged_units


def overview(folders: Folders, period: Period) -> Overview:
    master = folders.read_master()
    review = folders.status(master, period)
    inputs = read_inputs(master, period, folders.input)
    alarms = review.integrity if review else []
    evaluation = consolidate(master, period, inputs, True, folders.input, alarms)
    report = folders.output / str(period) / report_file_name(period)
    tidy = folders.output / str(period) / tidy_file_name(period)
    return Overview(
        evaluation, review, report if report.is_file() else None, tidy if tidy.is_file() else None
    )


@dataclass(frozen=True)
class UnitView:
    """A unit's page: its file of the period as kept and as checked now, the feedback
    copy, the earlier versions, and the unit's steps of the SOP."""

    unit: str
    name: str
    stored: Path | None
    report: Report | None
    feedback: Path | None
    versions: list[Path]
    states: list[StepState]
    closed: str | None  # why uploads are not taken now; None while they are
    head: str  # how the unit's head is named: Kepala Bidang, or Sekretaris


def unit_view(folders: Folders, period: Period, unit: str) -> UnitView:
    master = folders.read_master()
    unit = _unit_of_year(master, period, unit)
    period_dir = folders.input / str(period)
    stored = find_unit_file(period_dir, unit)
    report = None
    if stored is not None:
        accepted = accepted_realisations(master, period, unit, stored)
        report = validate_file(stored, master, period, unit, accepted)
    feedback = latest_feedback(folders.output, period, unit)
    versions = versions_of(period_dir, unit)
    review = folders.status(master, period)
    states = [s for s in review.states if s.unit == unit] if review else []
    head = head_title(master, unit)
    closed = upload_refusal(
        review, unit, period_dir, stored, head, is_archived(folders.output, period)
    )
    name = str(master.units.at[unit, "nama"])
    return UnitView(unit, name, stored, report, feedback, versions, states, closed, head)


def periods(folders: Folders) -> list[Period]:
    """The periods a page can show: those of the master's Jadwal and those with a folder
    under input/, oldest first."""
    master = folders.read_master()
    found = set()
    names = list(master.deadlines)
    if folders.input.is_dir():
        names += [p.name for p in folders.input.iterdir() if p.is_dir()]
    for name in names:
        try:
            found.add(Period.parse(name))
        except DataKinerjaError:
            continue
    return sorted(found, key=str)


def current_period(folders: Folders, today: date | None = None) -> Period:
    """The period a page opens on: the latest whose SOP has started (it has a log) and is
    not yet archived; else the first of the master's Jadwal whose deadline has not passed;
    else this quarter."""
    today = today or today_in_jakarta()
    master = folders.read_master()
    known = periods(folders)
    running = [p for p in known if _under_way(folders, p)]
    if running:
        return running[-1]
    due = [p for p in known if master.deadlines.get(str(p), date.min) >= today]
    if due:
        return due[0]
    return Period.parse(f"{today.year}-TW{(today.month - 1) // 3 + 1}")
