"""SOP step 11: freeze a signed period in `output/arsip/<periode>/` and verify it later."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath

from pipeline.errors import EXIT_INPUT, DataKinerjaError
from pipeline.findings import Finding, Severity, make_finding
from pipeline.master import Master
from pipeline.periods import Period
from pipeline.review_log.events import log_path
from pipeline.review_log.integrity import approvals, document_path
from pipeline.review_log.progress import PeriodStatus
from pipeline.review_log.record import record_event
from pipeline.workbooks import inside, sha256_of

MANIFEST = "MANIFEST.sha256"


def archive_dir(output_dir: Path, period: Period) -> Path:
    return output_dir / "arsip" / str(period)


def is_archived(output_dir: Path, period: Period) -> bool:
    """The period is archived (step 11): its archive folder exists, and nothing of the
    period is written or taken in any more."""
    return archive_dir(output_dir, period).exists()


def signed_workbook(status: PeriodStatus | None) -> Path:
    """The workbook the Kepala Dinas signed (step 10), unchanged since; else a clear refusal."""
    if status is None or status.report_status != "DITANDATANGANI":
        period = status.period if status else "PERIODE"
        raise DataKinerjaError(
            "Arsip hanya dapat dibuat setelah laporan ditandatangani Kepala Dinas (langkah 10).",
            EXIT_INPUT,
            command=f"Catat dulu: python run.py catat 10 disetujui --periode {period}.",
        )
    signed = [e for e in approvals(status.log.events) if e.step == 10]
    path = document_path(signed[0], status.log.path) if signed else None
    if path is None:
        raise DataKinerjaError(
            "Langkah 10 tercatat tanpa dokumen dan SHA-256, jadi laporan yang ditandatangani "
            "tidak diketahui; catat ulang persetujuan langkah 10 untuk laporan itu.",
            EXIT_INPUT,
            command="Sebutkan laporannya dengan --dokumen.",
        )
    changed = [f for f in status.integrity if f.severity == Severity.GALAT]
    if changed:
        raise DataKinerjaError(
            "Arsip dibatalkan: dokumen yang disetujui sudah berubah atau hilang, atau log "
            "review tidak utuh.",
            EXIT_INPUT,
            changed,
        )
    return path


def archive_period(
    period: Period,
    status: PeriodStatus | None,
    master: Master,
    master_path: Path,
    input_dir: Path,
    output_dir: Path,
    by: str,
    recorder: str | None = None,
) -> tuple[Path, list[tuple[str, str]]]:
    """SOP step 11: archive a signed period, then record step 11 with the manifest's own
    SHA-256 (so a manifest rewritten to match an edited file is caught). Nothing is
    recorded unless the archive is complete."""
    workbook = signed_workbook(status)
    period_dir = input_dir / str(period)
    # regular files only: a link could publish any file of the machine into the archive
    sources = {
        f"masukan/{p.name}": p
        for p in sorted(period_dir.iterdir())
        if p.is_file()
        and not p.is_symlink()
        and not p.name.startswith((".", "~$"))
        and not p.name.endswith(".lock")
    }
    sources["master.xlsx"] = master_path
    sources[workbook.name] = workbook
    target, entries = create_archive(period, sources, output_dir)
    try:
        record_event(
            log_path(input_dir, period),
            master,
            step=11,
            status="selesai",
            by=by,
            note="Dilaporkan ke Pemko Medan dan diarsipkan",
            document=target / MANIFEST,
            recorder=recorder,
        )
    except BaseException:
        # an archive no log records could never be made again: it goes with the failure
        _make_writable(target)
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target, entries


def create_archive(
    period: Period, sources: dict[str, Path], output_dir: Path
) -> tuple[Path, list[tuple[str, str]]]:
    """Copy `sources` (archive name -> file) into the period's archive with a SHA-256
    manifest, read-only; built beside and renamed in, so it appears whole or not at all."""
    target = archive_dir(output_dir, period)
    if target.exists():
        raise _archived_already(period, target)
    inside(output_dir, "arsip", str(period))  # not through a linked arsip folder
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{period}-", dir=target.parent))
    try:
        entries = []
        for name, source in sorted(sources.items()):
            destination = staging / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            entries.append((sha256_of(destination), name))
        (staging / MANIFEST).write_text(
            "".join(f"{digest}  {name}\n" for digest, name in entries), encoding="utf-8"
        )
        _make_read_only(staging)
        try:
            os.rename(staging, target)
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            raise _archived_already(period, target) from error  # by a run beside this one
    except BaseException:
        _make_writable(staging)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target, entries


def _archived_already(period: Period, target: Path) -> DataKinerjaError:
    return DataKinerjaError(
        f"Periode {period} sudah diarsipkan; arsip tidak pernah ditimpa.",
        command=f"Arsipnya di {target}; periksa dengan: python run.py arsip --periode {period} "
        "--periksa",
    )


def verify_archive(period: Period, output_dir: Path, status: PeriodStatus | None) -> list[Finding]:
    """Every file of the manifest present and unchanged, nothing added, no entry pointing
    outside the archive, and the manifest itself the one step 11 recorded."""
    target = archive_dir(output_dir, period)
    manifest = target / MANIFEST
    if not manifest.is_file():
        raise DataKinerjaError(f"Periode {period} belum diarsipkan (tidak ada {manifest}).")
    findings = _manifest_recorded(manifest, status)
    try:
        lines = manifest.read_bytes().decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return [*findings, make_finding("arsip-manifest-rusak", file=MANIFEST)]
    listed = set()
    for line in lines:
        digest, _, name = line.partition("  ")
        if not _safe_entry(name) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            findings.append(make_finding("arsip-manifest-rusak", file=MANIFEST, value=line[:80]))
            continue
        listed.add(name)
        path = target / name
        if not path.is_file():
            findings.append(make_finding("arsip-file-hilang", file=name))
        elif sha256_of(path) != digest:
            findings.append(make_finding("arsip-berubah", file=name))
    for path in sorted(target.rglob("*")):
        name = path.relative_to(target).as_posix()
        if path.is_file() and name != MANIFEST and name not in listed:
            findings.append(make_finding("arsip-file-tambahan", file=name))
    return findings


def _manifest_recorded(manifest: Path, status: PeriodStatus | None) -> list[Finding]:
    """The manifest's SHA-256 against the one step 11 recorded in the review log."""
    events = [e for e in status.log.events if e.step == 11 and e.sha256] if status else []
    if not events:
        return [make_finding("arsip-belum-tercatat", file=MANIFEST)]
    # every step 11 recorded must name this manifest: recording it again for a rewritten
    # manifest does not hide the first
    if any(sha256_of(manifest) != e.sha256 for e in events):
        return [make_finding("arsip-berubah", file=MANIFEST)]
    return []


def _safe_entry(name: str) -> bool:
    """A manifest entry is a plain relative path inside the archive."""
    parts = PurePosixPath(name).parts
    return (
        bool(parts) and not name.startswith(("/", "\\")) and ".." not in parts and ":" not in name
    )


def _make_read_only(root: Path) -> None:
    """Read-only for whom the umask lets read: never wider than the user's own files."""
    readable = _umask_allows(root) & 0o444
    for path in sorted(root.rglob("*"), reverse=True):
        path.chmod(readable | (readable >> 2 if path.is_dir() else 0))
    root.chmod(readable | readable >> 2)


def _umask_allows(folder: Path) -> int:
    """The permission bits the umask leaves on a new file (read without changing it)."""
    probe = folder / f".umask-{os.getpid()}"
    os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        return stat.S_IMODE(probe.stat().st_mode)
    finally:
        probe.unlink()


def _make_writable(root: Path) -> None:
    if root.exists():
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
