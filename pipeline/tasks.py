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
from pipeline.officials import Post, performer
from pipeline.periods import Period
from pipeline.report import counts_line
from pipeline.review_log.events import JAKARTA, Event, log_path
from pipeline.review_log.integrity import ACTIONS, approved_and_never_returned
from pipeline.review_log.progress import PeriodStatus, timeliness
from pipeline.review_log.record import Request, record_events
from pipeline.review_log.status import load_status
from pipeline.review_log.waiting import waiting_steps
from pipeline.sop import Step, calendar_from_office, sop_steps
from pipeline.template import write_templates
from pipeline.tidy import tidy_file_name, write_tidy_csv
from pipeline.validation import Report, accepted_realisations, find_unit_file, validate_file
from pipeline.workbooks import digest_or_sentence, inside

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
    out_dir = inside(folders.output, str(period), "template")
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
    _refuse_overwriting_approved(folders, master, period, review, target)
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
    tidy = write_tidy_csv(evaluation, inside(folders.output, str(period), tidy_file_name(period)))
    handed = hand_out_template(evaluation, template, katim.expected, report_date)
    return Consolidated(evaluation, target, tidy, review, handed)


def _refuse_overwriting_approved(
    folders: Folders, master: Master, period: Period, review: PeriodStatus | None, target: Path
) -> None:
    """A report initialled, signed, or handed over at step 8 and waiting for the decision
    on it is not written anew: the decision is on those bytes."""
    handed = _handed_over(master, period, review, target)
    if handed is not None:
        raise DataKinerjaError(
            f"Laporan {period} sudah diajukan kepada Sekretaris (langkah 8, "
            f"{handed.time:%d-%m-%Y %H:%M}) dan menunggu paraf atau tanda tangan; laporan yang "
            "diajukan tidak ditulis ulang sebelum dikembalikan.",
            EXIT_INPUT,
            command="Bila perlu koreksi, catat dulu pengembaliannya: python run.py catat 9 "
            f'dikembalikan --periode {period} --catatan "alasan".',
        )
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


def _handed_over(
    master: Master, period: Period, review: PeriodStatus | None, target: Path
) -> Event | None:
    """Step 8's event when the report on disk is the one it handed over (its SHA-256) and
    paraf or signature waits on it."""
    if review is None or not target.is_file():
        return None
    events = review.log.events
    waits = waiting_steps(events, master.units_of_year(period.year))
    if not any(w.step.number in (9, 10) for w in waits):
        return None
    handed = [e for e in events if e.step == 8 and e.status == "selesai" and e.sha256]
    last = max(handed, key=lambda e: (e.time, e.row), default=None)
    return last if last is not None and last.sha256 == digest_or_sentence(target) else None


# --- every step: the review log
APPROVALS = ("disetujui", "selesai")
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
    unit's performer and document default to its own (see `record_event`): `by` is who
    performed it, `recorder` who records it (the logged-in person on the web page, the
    computer's user otherwise). `in_turn`: only
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
    # an approval (6, 9, 10) recorded now is one on what waits for it, from any front end:
    # the Kepala Dinas's signature is not recorded on a report whose new paraf is missing.
    # A return stays open to the command line (a signed report taken back, with a reason)
    sop = sop_steps().get(step)
    approval = sop is not None and sop.decision and status.strip().lower() in APPROVALS
    turn_among = master.units_of_year(period.year) if in_turn or (approval and not when) else None
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
