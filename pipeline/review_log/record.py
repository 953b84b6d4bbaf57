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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import DataKinerjaError
from pipeline.findings import Finding, Severity
from pipeline.layout import READABLE_SUFFIXES
from pipeline.master import Master
from pipeline.officials import OFFICE_NAME_KEYS, UNIT_ROLES, Post, head_role, performer, post_of
from pipeline.report import visible
from pipeline.review_log.checks import check_events
from pipeline.review_log.events import (
    COLUMNS,
    JAKARTA,
    KOREKSI,
    MAX_TEXT,
    Event,
    ReviewLog,
    parse_time,
)
from pipeline.review_log.integrity import (
    ACTIONS,
    DECISIONS,
    RECEIPTS,
    chain_value,
    keep_receipt,
    log_cells,
)
from pipeline.review_log.reading import read_log
from pipeline.review_log.waiting import waiting_steps
from pipeline.sop import ROLES, Step, canonical_role, sop_steps
from pipeline.workbooks import cannot_write, digest_or_sentence
from schemas.review_log import STATUSES


@dataclass(frozen=True)
class Request:
    """One event as a person asks for it: the arguments of `record_event`."""

    step: int
    status: str
    by: str | None = None  # who performs the step; None: the person the master names
    unit: str | None = None
    role: str | None = None
    note: str | None = None
    document: Path | None = None
    when: str | None = None
    corrects: int | None = None
    recorder: str | None = None  # who records it; None: the computer's user


@dataclass(frozen=True)
class _Checked:
    """A request as far as it can be checked before the log is opened."""

    request: Request  # with its status, unit and performer as they will be written
    role: str
    requested: datetime | None
    digest: str | None


def record_event(
    path: Path,
    master: Master,
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
) -> Event:
    """Append one event, or a `koreksi` voiding the row `corrects` with a reason; refuse
    what is malformed or what the log's own check would reject (SPEC section 9, `catat`).
    `by` is who performed the step: by default the person the master names for it."""
    request = Request(step, status, by, unit, role, note, document, when, corrects, recorder)
    return record_events(path, master, [request])[0]


def record_events(
    path: Path, master: Master, requests: Sequence[Request], turn_among: list[str] | None = None
) -> list[Event]:
    """Append events in order, all or none: each is checked as `record_event` checks one,
    against the log and the events before it, and when one is refused nothing is written
    and the sentence names it. With `turn_among` (the period's units), each event must
    also be of a step that waits now (see `refuse_out_of_turn`)."""
    if not requests:
        return []
    checked = []
    for number, request in enumerate(requests):
        with _refusing_all(requests, number):
            checked.append(_check(path, master, request))
    if path.suffix.lower() != ".csv":
        raise DataKinerjaError(
            f"Log {path} bukan file .csv; catat hanya menambah ke log-review.csv. Simpan log "
            "sebagai CSV (File › Save As › CSV) lalu ulangi."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with log_lock(path):
        # the time is taken inside the lock, so that events land in the order they happened
        now = datetime.now(JAKARTA).replace(microsecond=0)
        log = read_log(path, master)
        _refuse_a_cut_log(log)
        events: list[Event] = []
        known = set(log.findings)  # what the log's check says already, as read
        for number, item in enumerate(checked):
            with _refusing_all(requests, number):
                if item.request.document is not None:
                    # hashed again under the lock: a file replaced since it was first
                    # looked at (an upload at the same moment) is recorded as it is now
                    item = replace(item, digest=digest_or_sentence(item.request.document))
                event = _event(log, item, item.requested or now, log.next_row + len(events))
                # the log's own check first: its sentence is the one status prints
                known = _refuse_what_the_check_rejects(log, [*events, event], master, known)
                if turn_among is not None:
                    refuse_out_of_turn([*log.events, *events], turn_among, event.step, event.unit)
            events.append(event)
        receipted = [e for e in events if e.step in ACTIONS and e.status in DECISIONS and e.sha256]
        if receipted:
            _refuse_unusable_receipts(path.parent)  # before the row, not after it
        _append(path, events, log.chain)
        for event in events:
            if event.step in ACTIONS and event.status in DECISIONS and event.sha256:
                keep_receipt(path.parent, event)
    return events


LOCK_WAIT_SECONDS = 30


@contextlib.contextmanager
def log_lock(path: Path) -> Iterator[None]:
    """The lock of a period's log: held while an event is appended, while a unit's file is
    taken in, and while the report is written or archived for the step that records it.
    Taken again by the same thread it is the same lock (a step that writes the report,
    then records itself); a wait past LOCK_WAIT_SECONDS is a sentence."""
    place = Path(str(path.absolute()) + ".lock")
    # the lock file is opened for writing and emptied: a link put in its place on the
    # shared drive (symbolic or hard) would have the file it stands for emptied
    if place.is_symlink() or (place.exists() and not _own_file(place)):
        raise DataKinerjaError(
            f"{place.name} di folder {path.parent.name} bukan file kunci biasa (tautan atau "
            "folder); tidak ada yang dicatat. Hapus dari folder itu, lalu ulangi.",
            command=f"(Letaknya: {place}.)",
        )
    lock = FileLock(str(place), timeout=LOCK_WAIT_SECONDS, is_singleton=True)
    try:
        lock.acquire()
    except Timeout as error:
        raise DataKinerjaError(
            f"Log review {path.parent.name}/{path.name} sedang dipakai lebih dari "
            f"{LOCK_WAIT_SECONDS} detik oleh orang lain; tidak ada yang dicatat. Coba lagi "
            "sebentar lagi."
        ) from error
    except OSError as error:  # a read-only folder or lock file
        raise cannot_write(place, error) from error
    try:
        yield
    finally:
        lock.release()


def _refuse_unusable_receipts(folder: Path) -> None:
    """A decision's receipt is written right after its row: a `.persetujuan` that is a
    link, a file or a pipe would fail it after the row was written (and a link would put
    the receipt in another period), so it is refused before anything is."""
    place = folder / RECEIPTS
    if place.is_symlink() or (place.exists() and not place.is_dir()):
        raise DataKinerjaError(
            f"{RECEIPTS} di folder {folder.name} bukan folder biasa (tautan, file atau pipa); "
            "tidak ada yang dicatat. Hapus dari folder itu, lalu ulangi.",
            command=f"(Letaknya: {place}.)",
        )


def _own_file(path: Path) -> bool:
    """A regular file that is nothing else too: no other name (a hard link) points at it."""
    return path.is_file() and path.stat().st_nlink == 1


@contextlib.contextmanager
def _refusing_all(requests: Sequence[Request], number: int) -> Iterator[None]:
    """A refusal of one of several events says that none of them is recorded."""
    try:
        yield
    except DataKinerjaError as error:
        if len(requests) == 1:
            raise
        names = [(r.unit or "").strip().upper() or "Dinas" for r in requests]
        raise DataKinerjaError(
            f"{error.message} Karena itu tidak satu pun dari {len(names)} unit yang diminta "
            f"({', '.join(names)}) dicatat, agar log tidak setengah jadi; perbaiki dulu unit "
            f"{names[number]}, atau ulangi tanpa unit itu.",
            error.exit_code,
            error.findings,
            error.command,
        ) from error


def _check(path: Path, master: Master, request: Request) -> _Checked:
    """What can be refused before the log is opened; the performer named when not given."""
    step, note, document = request.step, request.note, request.document
    status = request.status.strip().lower()
    unit = request.unit.strip().upper() if request.unit else None
    role = request.role
    sop = _check_request(
        sop_steps().get(step), step, status, unit, role, note, request.corrects, master
    )
    requested = parse_time(request.when) if request.when else None
    if request.when and requested is None:
        raise DataKinerjaError(
            f"Waktu '{request.when}' tidak dapat dibaca; tulis seperti 2026-10-05T09:30 (WIB)."
        )
    if (note or "") and len(note or "") > MAX_TEXT:
        raise DataKinerjaError(
            f"Catatan terlalu panjang; ringkas menjadi paling banyak {MAX_TEXT} karakter."
        )
    by = request.by if request.by is not None else _named_performer(master, sop, unit, role)
    _refuse_hidden_characters(by, note, request.recorder)
    digest = None
    if document is not None:
        if not document.is_file():
            raise DataKinerjaError(f"Dokumen {document} tidak ditemukan; periksa path-nya.")
        _check_unit_document(path, step, unit, document)
        digest = digest_or_sentence(document)
    own_role = (canonical_role(role) if role else None) or _default_role(sop, unit, master)
    normal = replace(request, status=status, unit=unit, by=by)
    return _Checked(normal, own_role, requested, digest)


def _event(log: ReviewLog, item: _Checked, moment: datetime, row: int) -> Event:
    """The event a checked request makes at a row of the log, a correction checked
    against the row it voids."""
    request = item.request
    note = request.note
    if request.corrects is not None:
        _check_correction(log, request.step, request.unit, request.corrects, item.role)
        note = f"Koreksi baris {request.corrects}: {(note or '').strip()}"
        if len(note) > MAX_TEXT:
            raise DataKinerjaError(
                f"Catatan terlalu panjang; ringkas menjadi paling banyak {MAX_TEXT} karakter."
            )
    return Event(
        time=moment,
        step=request.step,
        unit=request.unit,
        status=request.status,
        by=(request.by or "").strip(),
        role=item.role,
        note=(note or "").strip() or None,
        document=_relative_to(request.document, log.path.parent) if request.document else None,
        sha256=item.digest,
        row=row,
        corrects=request.corrects,
        recorder=(request.recorder or _computer_user()).strip(),
    )


def _named_performer(master: Master, step: Step, unit: str | None, role: str | None) -> str:
    """The person the master names for a step and unit (in the role asked, when one is),
    or a sentence saying how to name them."""
    post = performer(master, step.number, unit)
    wanted = canonical_role(role) if role else None
    if post is None or (wanted is not None and wanted != post.role):
        wanted = wanted or (head_role(master, unit) if step.role == "Kabid" and unit else step.role)
        post = post_of(master, wanted, unit) or post_of(master, wanted, None)
        if post is None or not post.name:
            raise _nobody_named(step.number, unit, wanted, post)
    return post.name


def _nobody_named(step: int, unit: str | None, role: str, post: Post | None) -> DataKinerjaError:
    """Where the master would name the performer, when it names nobody."""
    where = ""
    if post is not None and post.unit:
        column = "Nama Katim" if post.role == "Katim pada Bidang" else "Nama Kepala"
        where = f", atau isi kolom {column} unit {post.unit} di sheet Unit master"
    elif post is not None:
        where = f", atau isi '{OFFICE_NAME_KEYS[post.role].title()}' di sheet Dinas master"
    holder = (post.unit if post else unit if role in UNIT_ROLES else None) or ""
    label = f"{role} unit {holder}" if holder else role
    return DataKinerjaError(
        f"Master tidak menyebut nama {label}, pelaksana langkah {step}. Tambahkan --oleh "
        f"NAMA{where}."
    )


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


def refuse_out_of_turn(events: list[Event], units: list[str], step: int, unit: str | None) -> None:
    """A person does their own step only while it waits (`waiting_steps` among the period's
    `units`); checked under the log's lock, so that two clicks at once record one decision,
    not two."""
    waiting = waiting_steps(events, units)
    if not any((w.step.number, w.unit) == (step, unit) for w in waiting):
        where = f" unit {unit}" if unit else ""
        now = sorted({w.step.number for w in waiting})
        instead = ", ".join(f"langkah {n}" for n in now) or "tidak ada langkah"
        raise DataKinerjaError(
            f"Langkah {step}{where} belum atau tidak lagi menunggu tindakan; yang menunggu "
            f"sekarang: {instead}."
        )


def _refuse_a_cut_log(log: ReviewLog) -> None:
    """Nothing is appended after a half-written last row: it would be read as an event."""
    cut = next((f for f in log.findings if f.code == "log-baris-terpotong"), None)
    if cut is not None:
        raise DataKinerjaError(
            f"Tidak dicatat: {cut.message} Minta Katim Penyusunan Program memperbaiki lognya.",
            command=cut.hint,  # editing the log and catat: the terminal's
        )


def _refuse_what_the_check_rejects(
    log: ReviewLog, events: list[Event], master: Master, known: set[Finding]
) -> set[Finding]:
    """The last of `events` is not written when the log's own check, run on the log with
    `events` added, rejects it: the same sentence. `known` is what the check said before
    it; the result is what it says with it."""
    voided = {e.corrects for e in events if e.corrects is not None}
    standing = [e for e in log.events if e.row not in voided]
    standing += [e for e in events if e.status != KOREKSI]
    after = check_events(standing, log.positions, master, log.path.name)
    new = [f for f in after if f not in known and f.severity == Severity.GALAT]
    if new:
        # the fix of a log finding is the log's keeper's, at the terminal
        raise DataKinerjaError(f"Tidak dicatat: {new[0].message}", command=new[0].hint)
    return known | set(after)


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
    if status == "dikembalikan" and not sop.decision:
        decisions = ", ".join(str(n) for n, s in sop_steps().items() if s.decision)
        raise DataKinerjaError(
            f"Langkah {step} bukan keputusan, jadi tidak dapat dikembalikan; yang dapat "
            f"dikembalikan adalah langkah {decisions}."
        )
    if status == "dikembalikan" and not (note or "").strip():
        raise DataKinerjaError(
            "Pengembalian wajib disertai alasan: tulis apa yang harus diperbaiki.",
            command='Tambahkan --catatan "alasan pengembalian".',
        )
    if sop.per_unit and not unit:
        raise DataKinerjaError(
            f"Langkah {step} dicatat per unit: tambahkan --unit KODE_UNIT (boleh diulang), "
            "atau --unit semua."
        )
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
    """The role a step is done in: the unit's head's own (the Sekretaris for the
    Sekretariat) at a Kabid step, the step's role otherwise."""
    return head_role(master, unit) if step.role == "Kabid" and unit else step.role


def _append(path: Path, events: list[Event], chain: str | None) -> None:
    """Append rows whole or not at all (the caller holds the lock): one write of the
    encoded rows, each chained to the one before, flushed to disk; on failure the file is
    cut back to where it was."""
    new = not path.exists() or path.stat().st_size == 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if new:
        writer.writerow([header for header, _ in COLUMNS.values()])
        chain = ""  # a new log is chained from its first row
    for event in events:
        cells = log_cells(event)
        if chain is None:  # a log kept without a chain: rows without one, as it has
            writer.writerow(cells)
        else:
            chain = chain_value(chain, cells)
            writer.writerow([*cells, chain])
    data = buffer.getvalue().encode("utf-8")
    try:
        handle = path.open("ab")
    except OSError as error:  # read-only, or a folder in its place
        raise cannot_write(path, error) from error
    with handle:
        size = handle.tell()
        try:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as error:
            with contextlib.suppress(OSError):
                handle.truncate(size)
            raise cannot_write(path, error) from error
