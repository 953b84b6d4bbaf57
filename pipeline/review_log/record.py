"""`catat`: append one event under a lock, as a whole row with its chain value,
refusing what is malformed or what the log's own check would reject; a decision on a
document also leaves a receipt beside the log.
"""

from __future__ import annotations

import contextlib
import csv
import getpass
import io
import os
from datetime import datetime
from pathlib import Path

from filelock import FileLock

from pipeline.errors import DataKinerjaError
from pipeline.findings import Severity
from pipeline.layout import READABLE_SUFFIXES
from pipeline.master import Master
from pipeline.report import visible
from pipeline.review_log.checks import check_events, unit_head
from pipeline.review_log.events import (
    COLUMNS,
    JAKARTA,
    KOREKSI,
    MAX_TEXT,
    Event,
    ReviewLog,
    parse_time,
)
from pipeline.review_log.integrity import ACTIONS, DECISIONS, chain_value, keep_receipt, log_cells
from pipeline.review_log.reading import read_log
from pipeline.sop import ROLES, Step, canonical_role, sop_steps
from pipeline.workbooks import cannot_write, sha256_of
from schemas.review_log import STATUSES


def record_event(
    path: Path,
    master: Master,
    *,
    step: int,
    status: str,
    by: str,
    unit: str | None = None,
    role: str | None = None,
    note: str | None = None,
    document: Path | None = None,
    when: str | None = None,
    corrects: int | None = None,
    recorder: str | None = None,
) -> Event:
    """Append one event, or a `koreksi` voiding the row `corrects` with a reason; refuse
    what is malformed or what the log's own check would reject (SPEC section 9, `catat`)."""
    status = status.strip().lower()
    unit = unit.strip().upper() if unit else None
    sop = _check_request(sop_steps().get(step), step, status, unit, role, note, corrects, master)
    requested = parse_time(when) if when else None
    if when and requested is None:
        raise DataKinerjaError(
            f"Waktu '{when}' tidak dapat dibaca; tulis seperti 2026-10-05T09:30 (WIB)."
        )
    if (note or "") and len(note or "") > MAX_TEXT:
        raise DataKinerjaError(
            f"Catatan terlalu panjang; ringkas menjadi paling banyak {MAX_TEXT} karakter."
        )
    _refuse_hidden_characters(by, note, recorder)
    digest = None
    if document is not None:
        if not document.is_file():
            raise DataKinerjaError(f"Dokumen {document} tidak ditemukan; periksa path-nya.")
        _check_unit_document(path, step, unit, document)
        digest = sha256_of(document)
    if path.suffix.lower() != ".csv":
        raise DataKinerjaError(
            f"Log {path} bukan file .csv; catat hanya menambah ke log-review.csv. Simpan log "
            "sebagai CSV (File › Save As › CSV) lalu ulangi."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=30):
        # the time is taken inside the lock, so that events land in the order they happened
        moment = requested or datetime.now(JAKARTA).replace(microsecond=0)
        log = read_log(path, master)
        if corrects is not None:
            own_role = canonical_role(role) if role else _default_role(sop, unit, master)
            _check_correction(log, step, unit, corrects, own_role)
            note = f"Koreksi baris {corrects}: {(note or '').strip()}"
            if len(note) > MAX_TEXT:
                raise DataKinerjaError(
                    f"Catatan terlalu panjang; ringkas menjadi paling banyak {MAX_TEXT} karakter."
                )
        event = Event(
            time=moment,
            step=step,
            unit=unit,
            status=status,
            by=by.strip(),
            role=canonical_role(role) if role else _default_role(sop, unit, master),
            note=(note or "").strip() or None,
            document=_relative_to(document, path.parent) if document else None,
            sha256=digest,
            row=log.next_row,
            corrects=corrects,
            recorder=(recorder or _computer_user()).strip(),
        )
        _refuse_what_the_check_rejects(log, event, master)
        _append(path, event, log.chain)
        if event.step in ACTIONS and event.status in DECISIONS and event.sha256:
            keep_receipt(path.parent, event)
    return event


def _refuse_hidden_characters(by: str, note: str | None, recorder: str | None) -> None:
    """Names and notes are kept as typed, so a character that a terminal or a spreadsheet
    would act on instead of show (a control or bidi character, the ones `visible` escapes)
    is refused, not stored; a name is one line, a note may have several."""
    for label, text, lines in (
        ("Nama pelaksana", by, False),
        ("Catatan", note, True),
        ("Nama pencatat", recorder, False),
    ):
        if text is None:
            continue
        hidden = [c for c in text if visible(c) != c or (not lines and c in "\t\n")]
        if hidden:
            raise DataKinerjaError(
                f"{label} memuat karakter kendali yang tidak tampak (\\u{ord(hidden[0]):04x}); "
                "log tidak menyimpannya. Ketik ulang tanpa karakter itu."
            )


def _check_correction(
    log: ReviewLog, step: int, unit: str | None, row: int, role: str | None
) -> None:
    """A correction names a standing event of the same step and unit, by the same role."""
    target = next((e for e in log.events if e.row == row), None)
    if target is None:
        raise DataKinerjaError(
            f"Baris {row} bukan kejadian yang masih berlaku di log {log.path}; periksa nomor "
            "barisnya seperti ditampilkan spreadsheet."
        )
    if (target.step, target.unit) != (step, unit):
        unit_text = f" unit {target.unit}" if target.unit else ""
        raise DataKinerjaError(
            f"Baris {row} mencatat langkah {target.step}{unit_text}; koreksinya dicatat pada "
            f"langkah dan unit yang sama."
        )
    if role is not None and target.role is not None and role != target.role:
        raise DataKinerjaError(
            f"Baris {row} dicatat oleh peran {target.role}; hanya peran itu yang dapat "
            f"mengoreksinya, bukan {role}."
        )


def _computer_user() -> str:
    """Who is recording at this computer, when no logged-in person is named."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name to be had (a bare container)
        return "tidak diketahui"


def _check_unit_document(path: Path, step: int, unit: str | None, document: Path) -> None:
    """Steps 5 to 7 hand over the unit's own file, nothing else."""
    if step not in (5, 6, 7) or unit is None:
        return
    own = [path.parent / f"{unit}{suffix}" for suffix in READABLE_SUFFIXES]
    if not any(o.is_file() and o.resolve() == document.resolve() for o in own):
        raise DataKinerjaError(
            f"Dokumen langkah {step} adalah file unit itu sendiri ({own[0]}), bukan {document}."
        )


def _refuse_what_the_check_rejects(log: ReviewLog, event: Event, master: Master) -> None:
    """An event the log's own check would reject is not written: the same sentence."""
    if log.findings and any(f.code == "log-baris-terpotong" for f in log.findings):
        cut = next(f for f in log.findings if f.code == "log-baris-terpotong")
        raise DataKinerjaError(f"Tidak dicatat: {cut.message} {cut.hint}")
    before = set(log.findings)  # what the log's check says already, as read
    standing = [e for e in log.events if e.row != event.corrects]
    if event.status != KOREKSI:
        standing.append(event)
    after = check_events(standing, log.positions, master, log.path.name)
    new = [f for f in after if f not in before and f.severity == Severity.GALAT]
    if new:
        raise DataKinerjaError(f"Tidak dicatat: {new[0].message} {new[0].hint}")


def _relative_to(document: Path, folder: Path) -> str:
    """A document's path as the log keeps it: relative to the log's own folder, so that
    every check gives the same answer from any working folder."""
    try:
        return Path(os.path.relpath(document.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive (Windows): only an absolute path can say where
        return str(document.resolve())


def _check_request(
    sop: Step | None,
    step: int,
    status: str,
    unit: str | None,
    role: str | None,
    note: str | None,
    corrects: int | None,
    master: Master,
) -> Step:
    """What `catat` refuses before looking at the log, one sentence for each malformed
    part; the step, once it is known to be one."""
    if sop is None:
        raise DataKinerjaError(f"Langkah {step} tidak ada di SOP-20; isi nomor 1 sampai 11.")
    if status not in (*STATUSES, KOREKSI):
        raise DataKinerjaError(
            f"Status '{status}' tidak dikenal; pakai salah satu dari: "
            f"{', '.join((*STATUSES, KOREKSI))}."
        )
    if (status == KOREKSI) != (corrects is not None):
        raise DataKinerjaError(
            "Koreksi menyebut baris log yang dikoreksi dan alasannya: catat LANGKAH koreksi "
            '--baris NOMOR --catatan "alasan"; --baris hanya untuk koreksi.'
        )
    if status == KOREKSI and not (note or "").strip():
        raise DataKinerjaError('Koreksi wajib disertai alasan: tambahkan --catatan "alasan".')
    if status == "dikembalikan" and not (note or "").strip():
        raise DataKinerjaError(
            'Pengembalian wajib disertai alasan: tambahkan --catatan "alasan pengembalian".'
        )
    if sop.per_unit and not unit:
        raise DataKinerjaError(f"Langkah {step} dicatat per unit: tambahkan --unit KODE_UNIT.")
    if not sop.per_unit and unit:
        raise DataKinerjaError(
            f"Langkah {step} berlaku untuk seluruh Dinas; jangan isi --unit untuk langkah ini."
        )
    if unit and unit not in master.units.index:
        raise DataKinerjaError(
            f"Unit {unit} tidak ada di master. Unit yang dikenal: {', '.join(master.units.index)}."
        )
    if role is not None and canonical_role(role) is None:
        raise DataKinerjaError(
            f"Peran '{role}' tidak dikenal; pakai salah satu dari: {', '.join(_role_names())}."
        )
    return sop


def _role_names() -> list[str]:
    return list(ROLES)


def _default_role(step: Step, unit: str | None, master: Master) -> str:
    if step.role == "Kabid" and unit:
        head = canonical_role(unit_head(master, unit))
        return head or step.role
    return step.role


def _append(path: Path, event: Event, chain: str | None) -> None:
    """Append one row whole or not at all (the caller holds the lock): one write of the
    encoded row, flushed to disk; on failure the file is cut back to where it was."""
    new = not path.exists() or path.stat().st_size == 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if new:
        writer.writerow([header for header, _ in COLUMNS.values()])
    cells = log_cells(event)
    writer.writerow(cells if chain is None and not new else [*cells, chain_value(chain, cells)])
    data = buffer.getvalue().encode("utf-8")
    with path.open("ab") as handle:
        size = handle.tell()
        try:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as error:
            with contextlib.suppress(OSError):
                handle.truncate(size)
            raise cannot_write(path, error) from error
