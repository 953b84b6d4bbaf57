"""What a person of the SOP does, as one function each: the command line and the web page
both call these, and print or show what they return.

Each task reads the master, checks what it must, writes its outputs whole or not at all,
and raises DataKinerjaError with a sentence for anything the user can act on. No task
prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from pipeline.archive import archive_dir, archive_period, verify_archive
from pipeline.consolidation import Evaluation, consolidate, read_inputs
from pipeline.errors import EXIT_INPUT, DataKinerjaError
from pipeline.feedback import feedback_path, write_feedback
from pipeline.findings import Finding
from pipeline.katim_analysis import (
    HandedOut,
    hand_out_template,
    is_katim_file,
    katim_file_name,
    read_katim_analysis,
)
from pipeline.layout import UNIT_FILE_SUFFIXES
from pipeline.master import Master, read_master
from pipeline.office_report import ReportContext, report_file_name, write_report
from pipeline.officials import Post, acting_role, head_title, performer
from pipeline.periods import Period
from pipeline.report import counts_line
from pipeline.review_log.events import JAKARTA, Event, log_path
from pipeline.review_log.integrity import ACTIONS, approved_and_never_returned
from pipeline.review_log.progress import PeriodStatus, StepState, timeliness
from pipeline.review_log.record import Request, record_events, refuse_out_of_turn
from pipeline.review_log.status import load_status
from pipeline.review_log.waiting import Waiting, waiting_steps
from pipeline.sop import Step, calendar_from_office, sop_steps
from pipeline.template import write_templates
from pipeline.tidy import tidy_file_name, write_tidy_csv
from pipeline.uploads import (
    Received,
    latest_feedback,
    receive_unit_file,
    upload_refusal,
    versions_of,
)
from pipeline.validation import Report, accepted_realisations, find_unit_file, validate_file
from pipeline.workbooks import inside, sha256_of

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Folders:
    """Where a project keeps its files: the units' files and the log, the master, and
    what the tool writes."""

    input: Path = Path("input")
    master: Path = Path("input") / "master.xlsx"
    output: Path = Path("output")

    @classmethod
    def of_project(cls, root: Path) -> Folders:
        """The folders of a project: `input/`, `input/master.xlsx` and `output/` in it."""
        return cls(root / cls.input, root / cls.master, root / cls.output)

    def read_master(self) -> Master:
        return read_master(self.master)

    def status(
        self, master: Master, period: Period, now: datetime | None = None
    ) -> PeriodStatus | None:
        return load_status(self.input, period, master, calendar_from_office(master.office), now)


# --- where the project is
PROJECT_ENV = "DATAKINERJA_PROYEK"  # names the project's folder, like --proyek
MASTER_IN_PROJECT = Folders.master
CODE_ROOT = Path(__file__).resolve().parent.parent  # the repository, in an editable install


@dataclass(frozen=True)
class Project:
    root: Path  # `.` when it is the working folder, so that paths print as they did
    how: str  # named | here | parent | code: how it was found


def find_project(named: Path | None = None, start: Path | None = None) -> Project:
    """The project's folder: the one named; else the working folder or the nearest of its
    parents holding input/master.xlsx; else the folder of the installed code when it holds
    one (the repository, installed editable); else a sentence naming the options."""
    if named is not None:
        if not named.is_dir():
            raise DataKinerjaError(
                f"Folder proyek {named} tidak ada. Periksa --proyek atau {PROJECT_ENV}; "
                f"yang disebut adalah folder yang memuat {MASTER_IN_PROJECT}."
            )
        return Project(named, "named")
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MASTER_IN_PROJECT).is_file():
            return Project(Path("."), "here") if folder == here else Project(folder, "parent")
    if (CODE_ROOT / MASTER_IN_PROJECT).is_file():
        return Project(CODE_ROOT, "code")
    raise DataKinerjaError(
        f"Folder proyek tidak ditemukan: tidak ada {MASTER_IN_PROJECT} di {here} maupun di "
        "folder induknya. Jalankan perintah dari folder proyek, sebutkan foldernya dengan "
        f"--proyek FOLDER (atau variabel lingkungan {PROJECT_ENV}), atau sebutkan --masukan, "
        "--master dan --keluaran."
    )


def today_in_jakarta() -> date:
    return datetime.now(JAKARTA).date()


def parse_date(text: str) -> date:
    """A report date as a person types it (TTTT-BB-HH), or a sentence saying how."""
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise DataKinerjaError(
            f"Tanggal '{text}' tidak dikenal. Tulis tanggal sebagai TTTT-BB-HH, misalnya "
            "2026-10-15."
        ) from error


# --- SOP step 2: templates
@dataclass(frozen=True)
class Template:
    path: Path
    prefilled: bool  # last quarter's accepted realisations are already in it


def make_templates(folders: Folders, period: Period, units: Sequence[str] | None) -> list[Template]:
    """One template per unit (or per unit named), with last quarter's accepted values."""
    master = folders.read_master()
    wanted = [u.strip().upper() for u in units] if units else None
    period_dir = folders.input / str(period)
    prefills = {
        unit: accepted_realisations(master, period, unit, period_dir / f"{unit}.xlsx")
        for unit in (wanted or list(master.units.index))
        if unit in master.units.index
    }
    out_dir = folders.output / str(period) / "template"
    paths = write_templates(master, period, out_dir, wanted, prefills)
    return [Template(path, bool(prefills.get(path.stem))) for path in paths]


# --- SOP steps 4-6: checking a unit's file
@dataclass(frozen=True)
class Checked:
    report: Report
    unit_name: str  # the master's name of the unit, '' for a file of no known unit
    feedback: Path | None  # the feedback copy written for the unit, when one could be


def unit_files(paths: Sequence[Path]) -> list[Path]:
    """Files named, and the unit files inside folders named (not logs, not Excel lock files)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in UNIT_FILE_SUFFIXES
                and not p.name.startswith(("~$", "."))
                and not p.stem.startswith("log-review")
                and not is_katim_file(p)
            )
        else:
            files.append(path)
    if not files:
        raise DataKinerjaError(f"Tidak ada file unit (.xlsx/.ods) di {', '.join(map(str, paths))}.")
    return files


def check_files(
    folders: Folders,
    paths: Sequence[Path],
    period: Period | None = None,
    unit: str | None = None,
    done: Callable[[int, int, Checked], None] | None = None,
) -> list[Checked]:
    """Check unit files (or the files in folders) and write each one's feedback copy;
    `done` hears of each file as soon as it is checked."""
    master = folders.read_master()
    files = unit_files(paths)
    if unit and len(files) > 1:
        raise DataKinerjaError("--unit hanya dapat dipakai untuk satu file.")
    code = unit.strip().upper() if unit else None
    results = []
    for number, path in enumerate(files, start=1):
        report = validate_file(path, master, period, code)
        feedback = None
        if report.period is not None and report.unit_file is not None:
            feedback = write_feedback(report, feedback_path(folders.output, report))
        known = report.unit in master.units.index
        name = str(master.units.at[report.unit, "nama"]) if known else ""
        results.append(Checked(report, name, feedback))
        if done:
            done(number, len(files), results[-1])
    return results


# --- SOP step 8: the consolidated report
@dataclass(frozen=True)
class Consolidated:
    evaluation: Evaluation  # with the Katim's own paragraphs, when their file is there
    report: Path
    tidy: Path
    review: PeriodStatus | None
    katim_template: HandedOut  # the template for the Katim's paragraphs


def consolidate_period(
    folders: Folders,
    period: Period,
    report_date: date | None = None,
    draft: bool = False,
    progress: Progress | None = None,
) -> Consolidated:
    """Check every unit's file and write the workbook and the tidy CSV, unless the period
    is archived or its report was approved (a signed report is never overwritten). The
    Katim's own paragraphs come from their optional file in the period folder; the
    template for it is handed out beside the units' templates."""
    report_date = report_date or today_in_jakarta()
    master = folders.read_master()
    target = inside(folders.output, str(period), report_file_name(period))
    archive = archive_dir(folders.output, period)
    if archive.exists():
        raise DataKinerjaError(
            f"Periode {period} sudah diarsipkan; laporannya tidak ditulis ulang.",
            command=f"Arsipnya di {archive}. Untuk koreksi, buat laporan dengan --keluaran ke "
            "folder lain.",
        )
    calendar = calendar_from_office(master.office)
    review = folders.status(master, period, datetime.combine(report_date, calendar.end, JAKARTA))
    _refuse_overwriting_approved(folders, period, review, target)
    inputs = read_inputs(master, period, folders.input, progress)
    alarms = review.integrity if review else []
    evaluation = consolidate(master, period, inputs, draft, folders.input, alarms)
    template = inside(folders.output, str(period), "template", katim_file_name(period))
    sasaran = [s.sasaran for s in evaluation.per_sasaran]
    katim = read_katim_analysis(folders.input / str(period), period, sasaran)
    evaluation = replace(evaluation, katim=katim, findings=[*evaluation.findings, *katim.findings])
    context = ReportContext(
        report_date=report_date,
        master_sha256=master.sha256,
        review=review,
        submissions=timeliness(review, master.deadlines.get(str(period))) if review else [],
    )
    write_report(evaluation, context, target)
    tidy = write_tidy_csv(evaluation, inside(target.parent, tidy_file_name(period)))
    handed = hand_out_template(evaluation, template, katim.expected, report_date)
    return Consolidated(evaluation, target, tidy, review, handed)


def _refuse_overwriting_approved(
    folders: Folders, period: Period, review: PeriodStatus | None, target: Path
) -> None:
    if review is not None and review.report_status != "DRAF":
        step = 10 if review.report_status == "DITANDATANGANI" else 9
        raise DataKinerjaError(
            f"Laporan {period} sudah {review.report_status.lower()} (langkah {step} di log "
            "review); laporan yang disetujui tidak ditulis ulang.",
            EXIT_INPUT,
            command=f"Bila perlu koreksi, catat dulu pengembaliannya: python run.py catat {step} "
            f'dikembalikan --periode {period} --catatan "alasan".',
        )
    kept = approved_and_never_returned(review, folders.input / str(period), target)
    if kept:
        raise DataKinerjaError(
            f"Laporan {period} sudah {ACTIONS[kept.step]} pada langkah {kept.step} "
            f"({kept.time:%d-%m-%Y %H:%M}) dan tidak ditulis ulang, juga bila baris "
            "persetujuannya tidak lagi ada di log.",
            EXIT_INPUT,
            command=f"Bila perlu koreksi, catat dulu pengembaliannya: python run.py catat "
            f'{kept.step} dikembalikan --periode {period} --catatan "alasan".',
        )


# --- every step: the review log
ALL_UNITS = "semua"  # stands for every unit with indicators in the period's year


@dataclass(frozen=True)
class Recorded:
    event: Event
    document: Path | None
    review: PeriodStatus | None  # the period's position once the events asked are recorded

    @property
    def sentence(self) -> str:
        """What was recorded, as the command line and the web page say it."""
        event = self.event
        unit = f" unit {event.unit}" if event.unit else ""
        return (
            f"Tercatat: langkah {event.step}{unit} {event.status} oleh {event.by} "
            f"({event.role}) pada {event.time:%d-%m-%Y %H:%M} WIB."
        )

    @property
    def document_missing(self) -> bool:
        """The step hands over a document, and none was named or found to hash."""
        handed = sop_steps()[self.event.step].hands_over_document
        return handed and not self.event.sha256 and self.event.status in ("selesai", "disetujui")


def default_document(folders: Folders, period: Period, step: int, unit: str | None) -> Path | None:
    """The document a step hands over, when the person did not name one: the unit's own
    file for the unit steps, the consolidated report for the office's."""
    if not sop_steps()[step].hands_over_document:
        return None
    if unit:
        return find_unit_file(folders.input / str(period), unit)
    report = folders.output / str(period) / report_file_name(period)
    return report if report.is_file() else None


def requested_units(master: Master, period: Period, units: Sequence[str]) -> list[str]:
    """The unit codes asked for, in order and each once; `semua` is every unit of the
    master with indicators in the period's year."""
    codes: list[str] = []
    for name in units:
        code = name.strip().upper()
        found = master.units_of_year(period.year) if code == ALL_UNITS.upper() else [code]
        if not found:
            raise DataKinerjaError(
                f"Master tidak memuat indikator tahun {period.year} untuk unit mana pun, jadi "
                f"'{ALL_UNITS}' tidak menyebut satu unit pun. Sebutkan kode unitnya."
            )
        codes += [c for c in found if c not in codes]
    return codes


def record_step(
    folders: Folders,
    period: Period,
    *,
    step: int,
    status: str,
    by: str | None = None,
    unit: str | None = None,
    role: str | None = None,
    note: str | None = None,
    document: Path | None = None,
    when: str | None = None,
    corrects: int | None = None,
    recorder: str | None = None,
) -> Recorded:
    """Record one event of the SOP in the period's log (see `record_event`); `by` is who
    performed it, by default the person the master names for the step and unit; `recorder`
    is who records it (the logged-in person on the web page; the computer's user otherwise)."""
    [recorded] = record_steps(
        folders,
        period,
        step=step,
        status=status,
        units=[unit] if unit else [],
        by=by,
        role=role,
        note=note,
        document=document,
        when=when,
        corrects=corrects,
        recorder=recorder,
    )
    return recorded


def record_steps(
    folders: Folders,
    period: Period,
    *,
    step: int,
    status: str,
    units: Sequence[str] = (),
    by: str | None = None,
    role: str | None = None,
    note: str | None = None,
    document: Path | None = None,
    when: str | None = None,
    corrects: int | None = None,
    recorder: str | None = None,
    in_turn: bool = False,
) -> list[Recorded]:
    """Record a step for each unit named (`semua`: every unit of the period), in order, or
    once for the office when no unit is: all of them or, when one is refused, none. Each
    unit's performer and document default to its own (see `record_step`). `in_turn`: only
    while the step waits (a person doing their own step on the web page)."""
    master = folders.read_master()
    codes = requested_units(master, period, units)
    if corrects is not None and len(codes) > 1:
        raise DataKinerjaError(
            f"Koreksi membatalkan satu baris dari satu unit; sebutkan satu unit saja, bukan "
            f"{len(codes)}."
        )
    targets: list[str | None] = [*codes] or [None]
    requests = [
        Request(
            step,
            status,
            by,
            code,
            role,
            note,
            document or _default_document_of(folders, master, period, step, code, corrects),
            when,
            corrects,
            recorder,
        )
        for code in targets
    ]
    turn_among = master.units_of_year(period.year) if in_turn else None
    events = record_events(log_path(folders.input, period), master, requests, turn_among)
    review = folders.status(master, period)
    return [Recorded(e, r.document, review) for e, r in zip(events, requests, strict=True)]


def _default_document_of(
    folders: Folders,
    master: Master,
    period: Period,
    step: int,
    unit: str | None,
    corrects: int | None,
) -> Path | None:
    """`default_document`, where there can be one: a correction hands over nothing, and
    an unknown step or unit is refused before any file is looked for."""
    if corrects is not None or step not in sop_steps():
        return None
    if unit is not None and unit not in master.units.index:
        return None
    return default_document(folders, period, step, unit)


@dataclass(frozen=True)
class Position:
    review: PeriodStatus | None  # None: nothing recorded yet, the period has no log
    deadline: date | None  # for handing in the units' files, from the master's Jadwal
    log: Path  # the period's log, or where `catat` will start it
    first: Step  # the SOP's first step, where a period starts
    starter: Post | None  # who performs it according to the master; None: nobody named


def period_status(folders: Folders, period: Period) -> Position:
    """The period's position in the SOP; for a period without a log, where it starts."""
    master = folders.read_master()
    first = sop_steps()[min(sop_steps())]
    return Position(
        folders.status(master, period),
        master.deadlines.get(str(period)),
        log_path(folders.input, period),
        first,
        performer(master, first.number, None),
    )


# --- SOP step 11: the archive
def archive(
    folders: Folders, period: Period, by: str | None = None, recorder: str | None = None
) -> tuple[Path, list[tuple[str, str]]]:
    """Archive a signed period read-only and record step 11 as done `by` its performer
    (the Katim Penyusunan Program of the master by default); returns the folder and its
    (SHA-256, name) entries."""
    master = folders.read_master()
    review = folders.status(master, period)
    named = performer(master, 11, None)
    by = by or (named.name if named else "Katim Penyusunan Program")
    return archive_period(
        period, review, master, folders.master, folders.input, folders.output, by, recorder
    )


def check_archive(folders: Folders, period: Period) -> Path:
    """The archive's folder when every file and its manifest are as recorded."""
    master = folders.read_master()
    findings: list[Finding] = verify_archive(period, folders.output, folders.status(master, period))
    target = archive_dir(folders.output, period)
    if findings:
        raise DataKinerjaError(
            f"Arsip {target} tidak utuh: {counts_line(findings)}.", EXIT_INPUT, findings
        )
    return target


# --- the web page: a logged-in person does their own step
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


def consolidate_as(
    folders: Folders, period: Period, actor: Actor, draft: bool = False
) -> Consolidated:
    """`konsolidasi` from the web page, for the Katim Penyusunan Program alone."""
    master = folders.read_master()
    if not actor.is_program(master):
        raise NotAllowed("Hanya Katim Penyusunan Program yang menyusun laporan Dinas.")
    review = folders.status(master, period)
    events = review.log.events if review else []
    units = master.units_of_year(period.year)
    if any(w.step.number in (9, 10) for w in waiting_steps(events, units)):
        raise DataKinerjaError(
            f"Laporan {period} sudah diajukan dan menunggu paraf atau tanda tangan; laporan itu "
            "tidak ditulis ulang sebelum dikembalikan.",
            EXIT_INPUT,
        )
    return consolidate_period(folders, period, draft=draft)


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
    targets: list[str | None] = (
        [_unit_of_year(master, period, u) for u in units] if sop.per_unit else [None]
    )
    if not targets:
        raise DataKinerjaError("Pilih sedikitnya satu unit.")
    if not approve and not sop.decision:
        raise DataKinerjaError(f"Langkah {step} tidak dapat dikembalikan.")
    review = folders.status(master, period)
    events = review.log.events if review else []
    roles = {}
    for unit in targets:
        role = actor.role_at(master, step, unit)
        if role is None:
            where = f" untuk unit {unit}" if unit else ""
            raise NotAllowed(f"Anda tidak berwenang mencatat langkah {step}{where}.")
        # before any work is done; recording checks it again, under the log's lock
        refuse_out_of_turn(events, master.units_of_year(period.year), step, unit)
        if approve:
            _ready_to_hand_over(folders, master, period, events, step, unit)
        roles[unit] = role
    if len(set(roles.values())) > 1:
        raise DataKinerjaError(
            "Catat unit-unit ini satu per satu: peran Anda berbeda di tiap unit."
        )
    if step == 11:
        archive(folders, period, actor.name, actor.recorder)
        recorded_review = folders.status(master, period)
        last = recorded_review.log.events[-1] if recorded_review else None
        return [Recorded(last, None, recorded_review)] if last else []
    if step == 8 and approve:
        consolidate_period(folders, period)
    return record_steps(
        folders,
        period,
        step=step,
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
        if handed and sha256_of(document) != handed[-1].sha256:
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
    closed = upload_refusal(review, unit, period_dir, stored, head)
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
    running = [
        p
        for p in known
        if log_path(folders.input, p).is_file() and not archive_dir(folders.output, p).exists()
    ]
    if running:
        return running[-1]
    due = [p for p in known if master.deadlines.get(str(p), date.min) >= today]
    if due:
        return due[0]
    return Period.parse(f"{today.year}-TW{(today.month - 1) // 3 + 1}")
