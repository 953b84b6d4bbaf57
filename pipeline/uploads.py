"""A unit's file handed in through the web page: checked like `validasi` before it is
kept, kept at `input/<periode>/<UNIT>.xlsx` only when it has no GALAT, written whole, and
the file it replaces kept as a version (`input/<periode>/versi/`), never lost.

The upload's own name says nothing but its suffix: the unit comes from the account and
the master, the period from the page, and the file's hidden sheet is checked against
both.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pipeline.archive import is_archived
from pipeline.errors import EXIT_INPUT, DataKinerjaError
from pipeline.feedback import FEEDBACK_FOLDER, feedback_name, feedback_path, write_feedback
from pipeline.katim_analysis import KatimAnalysis, katim_file_name, katim_files, read_katim_file
from pipeline.layout import READABLE_SUFFIXES, UNIT_FILE_SUFFIXES
from pipeline.master import Master
from pipeline.officials import head_title
from pipeline.periods import Period
from pipeline.review_log.events import JAKARTA, log_path
from pipeline.review_log.integrity import approved_and_never_returned
from pipeline.review_log.progress import PeriodStatus
from pipeline.review_log.record import log_lock
from pipeline.review_log.status import load_status
from pipeline.review_log.waiting import waiting_steps
from pipeline.sop import WorkCalendar
from pipeline.validation import Report, accepted_realisations, find_unit_file, validate_file
from pipeline.workbooks import atomic_output, inside

MAX_UPLOAD = 8 * 1024 * 1024  # a filled template is some 40 KB; a file this size is no template
VERSIONS = "versi"


@dataclass(frozen=True)
class Received:
    report: Report  # the upload checked, cell by cell
    stored: Path | None  # where it was kept: None when it has GALAT
    version: Path | None  # the earlier file it replaced, kept as a version
    feedback: Path | None  # the feedback copy to download


def receive_unit_file(
    input_dir: Path,
    output_dir: Path,
    master: Master,
    period: Period,
    unit: str,
    content: bytes,
    filename: str,
    calendar: WorkCalendar,
) -> Received:
    """Check an uploaded file as `validasi` does and, when it has no GALAT, keep it as the
    unit's file of the period; refused while the unit's file waits for its head or stands
    approved, or the period is archived. Whether it may be kept is asked again under the
    log's lock, where it is kept, so that no submission is recorded on a file being
    replaced; the checking itself goes on outside it."""
    period_dir = inside(input_dir, str(period))
    period_dir.mkdir(parents=True, exist_ok=True)
    archived = is_archived(output_dir, period)
    _refuse_upload(input_dir, master, period, unit, calendar, archived)
    if len(content) > MAX_UPLOAD:
        raise DataKinerjaError(
            f"File {filename} terlalu besar ({len(content) // 1024} KB); templat yang diisi "
            f"hanya puluhan KB. Unggah templat {unit} yang diisi, bukan file lain.",
            EXIT_INPUT,
        )
    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix in UNIT_FILE_SUFFIXES else ".xlsx"
    accepted = accepted_realisations(master, period, unit, period_dir / f"{unit}.xlsx")
    with tempfile.TemporaryDirectory(prefix="datakinerja-unggah-") as staging:
        staged = Path(staging) / f"{unit}{suffix}"
        staged.write_bytes(content)
        report = validate_file(staged, master, period, unit, accepted)
        feedback = None
        if report.period is not None and report.unit_file is not None:
            feedback = write_feedback(report, feedback_path(output_dir, report))
        if not report.valid or suffix not in READABLE_SUFFIXES:
            return Received(report, None, None, feedback)
        with log_lock(log_path(input_dir, period)):
            _refuse_upload(input_dir, master, period, unit, calendar, archived)
            earlier = [period_dir / f"{unit}{s}" for s in READABLE_SUFFIXES]
            stored, version = _keep(period_dir, f"{unit}{suffix}", earlier, content)
    return Received(report, stored, version, feedback)


def _refuse_upload(
    input_dir: Path,
    master: Master,
    period: Period,
    unit: str,
    calendar: WorkCalendar,
    archived: bool,
) -> None:
    period_dir = input_dir / str(period)
    review = load_status(input_dir, period, master, calendar)
    current = find_unit_file(period_dir, unit)
    head = head_title(master, unit)
    refused = upload_refusal(review, unit, period_dir, current, head, archived)
    if refused:
        raise DataKinerjaError(refused, EXIT_INPUT)


@dataclass(frozen=True)
class ReceivedAnalysis:
    analysis: KatimAnalysis  # the upload read as konsolidasi reads it; `used` when kept
    version: Path | None  # the earlier file it replaced, kept as a version


def receive_katim_file(
    input_dir: Path, master: Master, period: Period, content: bytes
) -> ReceivedAnalysis:
    """The Katim Penyusunan Program's analysis file, read as `konsolidasi` reads it and,
    when the report can use it, kept as `input/<periode>/Analisis-Katim-<periode>.xlsx`
    (any earlier one, in any letter case, as a version); under the log's lock."""
    period_dir = inside(input_dir, str(period))
    name = katim_file_name(period)
    if len(content) > MAX_UPLOAD:
        raise DataKinerjaError(
            f"File terlalu besar ({len(content) // 1024} KB); {name} yang diisi hanya puluhan "
            "KB. Unggah templat analisis yang diisi, bukan file lain.",
            EXIT_INPUT,
        )
    sasaran = list(dict.fromkeys(r.sasaran for r in master.rows if r.tahun == period.year))
    period_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="datakinerja-unggah-") as staging:
        staged = Path(staging) / name
        staged.write_bytes(content)
        analysis = read_katim_file(staged, period, sasaran, period_dir / name)
        if not analysis.used:
            return ReceivedAnalysis(replace(analysis, path=None), None)
        with log_lock(log_path(input_dir, period)):
            stored, version = _keep(period_dir, name, katim_files(period_dir, period), content)
    return ReceivedAnalysis(replace(analysis, path=stored), version)


def upload_refusal(
    review: PeriodStatus | None,
    unit: str,
    period_dir: Path,
    current: Path | None,
    head: str,
    archived: bool,
) -> str | None:
    """Why no file of the unit is taken now (the period is archived, or its file waits for
    its head, `Kepala Bidang` or `Sekretaris`, or stands approved); None while uploads are
    open."""
    if archived:
        return (
            f"Periode {period_dir.name} sudah dilaporkan dan diarsipkan (langkah 11); file "
            "unit tidak diganti lagi."
        )
    if review is None:
        return None
    if any(w.step.number == 6 and w.unit == unit for w in waiting_steps(review.log.events, [unit])):
        return (
            f"File {unit} sudah diajukan kepada {head} dan menunggu keputusannya; file baru "
            "dapat diunggah setelah dikembalikan untuk diperbaiki."
        )
    if current and approved_and_never_returned(review, period_dir, current):
        return (
            f"File {unit} sudah disetujui {head} (langkah 6) dan tidak diganti. Bila masih "
            f"perlu diperbaiki, minta {head} mengembalikannya dulu."
        )
    return None


def _keep(
    period_dir: Path, name: str, earlier: list[Path], content: bytes
) -> tuple[Path, Path | None]:
    """Write an upload as `name` in the period folder, whole, in place of the `earlier`
    files it replaces (the unit's .xlsx and .ods), each moved to the versions folder first
    unless it holds the very same bytes (under the log's lock)."""
    target = inside(period_dir, name)
    stem = Path(name).stem
    version = None
    stamp = datetime.now(JAKARTA).strftime("%Y%m%d-%H%M%S")
    replaced = [p for p in earlier if p.is_file() and not p.is_symlink()]
    for old in replaced:
        if old.read_bytes() != content:
            version = _versioned(period_dir, stem, old, stamp)
    with atomic_output(target) as temporary:
        temporary.write_bytes(content)
    for old in replaced:
        # not the file just written (on Windows `a.xlsx` and `A.XLSX` are one file)
        if old.exists() and not old.samefile(target):
            old.unlink()
    return target, version


def versions_of(period_dir: Path, unit: str) -> list[Path]:
    """The unit's earlier files kept in `versi/`, newest first (PIAK's, not PIAK-2's)."""
    name = re.compile(rf"{re.escape(unit)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.(?:xlsx|ods)")
    folder = period_dir / VERSIONS
    if not folder.is_dir():
        return []
    found = {p: name.fullmatch(p.name) for p in folder.iterdir() if p.is_file()}
    kept = {p: (m.group(1), int(m.group(2) or 1)) for p, m in found.items() if m}
    return sorted(kept, key=kept.__getitem__, reverse=True)  # by time, then by number


def latest_feedback(output_dir: Path, period: Period, unit: str) -> Path | None:
    """The feedback copy of the unit's latest check (of an .xlsx or of an .ods)."""
    folder = output_dir / str(period) / FEEDBACK_FOLDER
    copies = [folder / feedback_name(unit, suffix) for suffix in READABLE_SUFFIXES]
    found = [p for p in copies if p.is_file()]
    return max(found, key=lambda p: p.stat().st_mtime_ns, default=None)


def _versioned(period_dir: Path, stem: str, earlier: Path, stamp: str) -> Path:
    """A copy of an earlier file in `versi/`, under a name no other version has."""
    folder = inside(period_dir, VERSIONS)
    number = 1
    while True:
        name = f"{stem}-{stamp}{'' if number == 1 else f'-{number}'}{earlier.suffix.lower()}"
        candidate = inside(folder, name)
        if not candidate.exists():
            break
        number += 1
    with atomic_output(candidate) as temporary:
        shutil.copyfile(earlier, temporary)
    return candidate
