"""The SOP event log `input/<periode>/log-review.csv`: record, read, check, derive.

`catat` appends one event under a lock; a person may also correct the file in a
spreadsheet, so reading is forgiving (delimiter, BOM, date formats, .xlsx) and every
read validates it. From the events come the state of every step and unit, working-time
durations against the SOP's standard times, returns, and the integrity of approvals.
"""

from __future__ import annotations

import contextlib
import csv
import getpass
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pandera.pandas as pa
from filelock import FileLock

from pipeline.cells import address, as_written, inert
from pipeline.errors import DataKinerjaError
from pipeline.findings import Finding, Severity, make_finding
from pipeline.master import Master, normalise_header
from pipeline.periods import Period
from pipeline.sop import (
    ROLES,
    Step,
    WorkCalendar,
    canonical_role,
    format_minutes,
    roles_for,
    sop_steps,
)
from pipeline.workbooks import LOG, Spreadsheet, atomic_output, cannot_write, sha256_of
from schemas.review_log import PER_UNIT_STEPS, STATUSES, review_log_schema

JAKARTA = ZoneInfo("Asia/Jakarta")
LOG_NAME = "log-review"
COLUMNS = {  # key -> header written; reading also accepts the aliases
    "waktu": ("Waktu", ("tanggal", "waktu (wib)")),
    "langkah": ("Langkah", ("no", "no. langkah")),
    "unit": ("Unit", ("kode unit",)),
    "status": ("Status", ("kejadian",)),
    "oleh": ("Oleh", ("nama",)),
    "peran": ("Peran", ("jabatan",)),
    "catatan": ("Catatan", ("alasan", "keterangan")),
    "dokumen": ("Dokumen", ("file",)),
    "sha256": ("SHA-256", ("sha256", "hash")),
    "pencatat": ("Dicatat Oleh", ("pencatat", "dicatat")),
    "rantai": ("Rantai", ("rantai sha-256", "hash rantai")),
}
CHAINED = [key for key in COLUMNS if key != "rantai"]  # the cells a row's chain value covers
REQUIRED = ("waktu", "langkah", "status", "oleh")
DEFAULT_POSITIONS = {key: i for i, key in enumerate(COLUMNS)}
MAX_TEXT = 2000  # a note longer than this is no note, and a spreadsheet cell of the log
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H.%M",
    "%d-%m-%Y %H.%M",
)


@dataclass(frozen=True)
class Event:
    time: datetime
    step: int
    unit: str | None
    status: str
    by: str
    role: str | None
    note: str | None = None
    document: str | None = None
    sha256: str | None = None
    row: int = 0  # the row a spreadsheet shows for this event
    corrects: int | None = None  # a `koreksi` event: the row it voids
    recorder: str | None = None  # who recorded it: the logged-in or the computer's user


@dataclass
class ReviewLog:
    path: Path
    events: list[Event]  # the events that stand: without corrections and what they void
    findings: list[Finding] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_POSITIONS))
    next_row: int = 2  # the spreadsheet row a new event would take
    chain: str | None = ""  # the last row's chain value; None: a log kept without a chain
    corrections: list[Event] = field(default_factory=list)  # `koreksi` events, as recorded


def log_path(input_dir: Path, period: Period) -> Path:
    """The period's log: an existing .csv or .xlsx, else where a new .csv goes."""
    folder = input_dir / str(period)
    for suffix in (".csv", ".xlsx", ".ods"):
        candidate = folder / f"{LOG_NAME}{suffix}"
        if candidate.is_file():
            return candidate
    return folder / f"{LOG_NAME}.csv"


def parse_time(raw: object) -> datetime | None:
    """ISO 8601 or a spreadsheet's date-time; a time without zone is Asia/Jakarta."""
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, date):
        moment = datetime.combine(raw, datetime.min.time())
    else:
        text = str(raw or "").strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
            for pattern in TIME_FORMATS:
                try:
                    moment = datetime.strptime(text, pattern)
                    break
                except ValueError:
                    continue
            if moment is None:
                return None
    if not 2000 <= moment.year <= 2100:  # a typing accident, and beyond it no arithmetic
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    return moment.astimezone(JAKARTA)


# --- recording -------------------------------------------------------------------------


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
            _keep_receipt(path.parent, event)
    return event


RECEIPTS = ".persetujuan"  # beside the log: one file per approval or return of a document
DECISIONS = ("disetujui", "selesai", "dikembalikan")


@dataclass(frozen=True)
class Receipt:
    step: int
    status: str
    time: datetime
    unit: str | None
    sha256: str


def _keep_receipt(folder: Path, event: Event) -> None:
    """A second record of a decision on a document, outside the log: rows cut off the end
    of the log leave no gap in its chain, but the decision is still known."""
    name = f"{event.sha256}-{event.step}-{event.status}-{event.time:%Y%m%dT%H%M%S}"
    with atomic_output(folder / RECEIPTS / name) as temporary:
        temporary.write_text(
            f"{event.time.isoformat()},{event.step},{event.unit or ''},{event.status}\n"
        )


def receipts(folder: Path) -> list[Receipt]:
    """Every receipt beside a log, oldest first; a file that is not one is ignored (read
    bounded, links not followed)."""
    found = []
    place = folder / RECEIPTS
    if not place.is_dir() or place.is_symlink():
        return []
    for path in place.iterdir():
        digest = path.name.split("-", 1)[0]
        if path.is_symlink() or not path.is_file() or not re.fullmatch(r"[0-9a-f]{64}", digest):
            continue
        with path.open("rb") as handle:
            fields = handle.read(200).decode("utf-8", errors="replace").strip().split(",")
        if len(fields) != 4 or not fields[1].isdigit() or fields[3] not in DECISIONS:
            continue
        when = parse_time(fields[0])
        if when is not None:
            found.append(Receipt(int(fields[1]), fields[3], when, fields[2] or None, digest))
    return sorted(found, key=lambda r: r.time)


def approved_and_never_returned(status: PeriodStatus | None, folder: Path, path: Path) -> str:
    """Why `path` must not be overwritten: it was approved (step 6, 9 or 10) and no return
    of those steps was recorded since, in the log or beside it; '' when it may be written."""
    if not path.is_file():
        return ""
    digest = sha256_of(path)
    every = receipts(folder)
    approved = [r for r in every if r.sha256 == digest and r.status != "dikembalikan"]
    if not approved:
        return ""
    last = approved[-1]
    steps = {r.step for r in approved}
    events = status.log.events if status else []
    returned = [r.time for r in every if r.step in steps and r.status == "dikembalikan"]
    returned += [e.time for e in events if e.step in steps and e.status == "dikembalikan"]
    if any(when > last.time for when in returned):
        return ""
    return (
        f"{path} sudah {ACTIONS[last.step]} pada langkah {last.step} "
        f"({last.time:%d-%m-%Y %H:%M}) dan tidak ditulis ulang, juga bila baris persetujuannya "
        f"tidak lagi ada di log. Bila perlu koreksi, catat dulu pengembaliannya: python run.py "
        f'catat {last.step} dikembalikan --catatan "alasan" ...'
    )


def receipt_findings(folder: Path, log: Path, events: list[Event]) -> list[Finding]:
    """What the receipts know that the log no longer says: a decision on a document whose
    row is gone, or an approved unit file changed with its hash rewritten in the log."""
    findings = []
    latest: dict[tuple[int, str | None], Receipt] = {}
    for receipt in receipts(folder):
        latest[(receipt.step, receipt.unit)] = receipt
    for (step, unit), receipt in sorted(latest.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        recorded = any(
            e.step == step
            and e.unit == unit
            and e.sha256 == receipt.sha256
            and e.status == receipt.status
            for e in events
        )
        if not recorded:
            findings.append(
                make_finding(
                    "log-keputusan-hilang",
                    file=log.name,
                    unit=unit or "",
                    step=step,
                    value=f"{receipt.status} {receipt.time:%d-%m-%Y %H:%M}",
                    unit_text=f" unit {unit}" if unit else "",
                )
            )
    return findings


KOREKSI = "koreksi"  # the status of an event that voids an earlier row, with a reason
_CORRECTS = re.compile(r"^Koreksi baris (\d+):")


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
    own = [path.parent / f"{unit}{suffix}" for suffix in (".xlsx", ".ods")]
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


def document_path(event: Event, log: Path) -> Path | None:
    """Where an event's document is, read relative to the log's folder."""
    if not event.document:
        return None
    document = Path(event.document)
    return document if document.is_absolute() else log.parent / document


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
        head = canonical_role(_unit_head(master, unit))
        return head or step.role
    return step.role


def _unit_head(master: Master, unit: str) -> str | None:
    if unit not in master.units.index:
        return None
    value = master.units.at[unit, "jabatan"]
    return None if value is None or pd.isna(value) else str(value)


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


def log_cells(event: Event) -> list[str]:
    """An event's cells as the log keeps them (before its chain value)."""
    return [
        event.time.isoformat(),
        str(event.step),
        event.unit or "",
        event.status,
        inert(event.by),
        event.role or "",
        inert(event.note or ""),
        inert(event.document or ""),
        event.sha256 or "",
        inert(event.recorder or ""),
    ]


def chain_value(previous: str | None, cells: list[str]) -> str:
    """The row's link in the log's hash chain: SHA-256 of the previous row's link and this
    row's cells, so a row edited, deleted or moved by hand is named when the log is read."""
    text = (previous or "") + "\n" + "\x1f".join(cells)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- reading ---------------------------------------------------------------------------


def read_log(path: Path, master: Master) -> ReviewLog:
    """Read and validate a log as a person may have left it; problems become findings."""
    if not path.is_file():
        return ReviewLog(path, [])
    rows, cut = _rows(path)
    name = path.name
    header = [normalise_header(h) for h in (rows[0] if rows else [])]
    positions: dict[str, int] = {}
    for key, (title, aliases) in COLUMNS.items():
        names = {normalise_header(title), *aliases, key}
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is not None:
            positions[key] = found
    findings = [
        make_finding("log-kolom-hilang", file=name, column=COLUMNS[key][0])
        for key in REQUIRED
        if key not in positions
    ]
    if findings:
        return ReviewLog(path, [], findings, positions, len(rows) + 1)
    if cut:  # a row the writer did not finish (a full disk, a killed process): not an event
        findings.append(make_finding("log-baris-terpotong", file=name, cell=f"A{len(rows)}"))
        rows = rows[:-1]
    events: list[Event] = []
    for number, row in enumerate(rows[1:], start=2):
        if row == [UNREADABLE_ROW]:
            findings.append(make_finding("log-baris-terlalu-panjang", file=name, cell=f"A{number}"))
            continue
        if all(str(v or "").strip() == "" for v in row):
            continue
        event = _parse_row(row, number, positions, master, name, findings)
        if event is not None:
            events.append(event)
    events, corrections = _apply_corrections(events, positions, name, findings)
    findings += check_events(events, positions, master, name)
    chained = path.suffix.lower() == ".csv" and "rantai" in positions
    chain_findings, chain = _check_chain(rows, positions, name) if chained else ([], None)
    if not chained and len(rows) > 1:
        # once this tool has recorded a decision here, a log without its chain is one
        # stripped of it: an error, not a hand-typed log to be tolerated
        code = "log-rantai-dihapus" if receipts(path.parent) else "log-tanpa-rantai"
        chain_findings = [make_finding(code, file=name)]
    return ReviewLog(
        path,
        events,
        findings + chain_findings,
        positions,
        len(rows) + 1 + int(cut),
        chain,
        corrections,
    )


def _apply_corrections(
    events: list[Event], positions: dict[str, int], name: str, findings: list[Finding]
) -> tuple[list[Event], list[Event]]:
    """The events that stand once every `koreksi` has voided the row it names."""
    corrections = [e for e in events if e.status == KOREKSI]
    voided = set()
    rows = {e.row: e for e in events if e.status != KOREKSI}
    for correction in corrections:
        target = rows.get(correction.corrects or 0)
        if target is None or (target.step, target.unit, target.role) != (
            correction.step,
            correction.unit,
            correction.role,
        ):
            findings.append(
                make_finding(
                    "log-koreksi-tidak-sah",
                    file=name,
                    cell=address(correction.row, positions.get("catatan", 0)),
                    column=COLUMNS["catatan"][0],
                    value=str(correction.corrects or "?"),
                )
            )
            continue
        voided.add(target.row)
    standing = [e for e in events if e.status != KOREKSI and e.row not in voided]
    return standing, corrections


def _check_chain(
    rows: list[list[object]], positions: dict[str, int], name: str
) -> tuple[list[Finding], str]:
    """Each row's link against the one computed from the row before: the first row that
    does not fit is where the log was edited, or a row was deleted or moved."""
    findings = []
    previous = ""
    for number, row in enumerate(rows[1:], start=2):
        if row == [UNREADABLE_ROW] or all(str(v or "").strip() == "" for v in row):
            continue
        cells = [_raw(row, positions.get(key)) for key in CHAINED]
        stated = _raw(row, positions["rantai"])
        if stated != chain_value(previous, cells):
            findings.append(
                make_finding(
                    "log-rantai-putus",
                    file=name,
                    cell=address(number, positions["rantai"]),
                    column=COLUMNS["rantai"][0],
                    value=str(number),
                )
            )
        previous = stated
    return findings, previous


def _raw(row: list[object], col: int | None) -> str:
    return "" if col is None or col >= len(row) or row[col] is None else str(row[col])


def _rows(path: Path) -> tuple[list[list[object]], bool]:
    """The log's rows, and whether its last row was cut short while being written."""
    if path.suffix.lower() in (".xlsx", ".ods"):
        with Spreadsheet(path, "Log review", LOG) as book:
            return (book.grid(book.sheet_names[0]) if book.sheet_names else []), False
    if path.stat().st_size > LOG.unpacked_bytes:
        raise DataKinerjaError(
            f"Log review {path} ditolak tanpa dibuka: ukurannya jauh di atas log satu periode. "
            "Periksa isinya; log yang benar hanya berisi kejadian SOP periode itu."
        )
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    while True:
        try:
            rows.append(list(next(reader)))
        except StopIteration:
            break
        except csv.Error:  # a field beyond the csv module's limit: that row alone is unread
            rows.append([UNREADABLE_ROW])
    return rows, bool(text) and not text.endswith("\n")


UNREADABLE_ROW = object()  # stands in for a row too long to read, keeping the numbering


def _cell(row: list[object], positions: dict[str, int], key: str) -> object:
    col = positions.get(key)
    if col is None or col >= len(row):
        return None
    value = row[col]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _parse_row(
    row: list[object],
    number: int,
    positions: dict[str, int],
    master: Master,
    name: str,
    findings: list[Finding],
) -> Event | None:
    def at(key: str) -> dict:
        return {
            "file": name,
            "cell": address(number, positions[key]) if key in positions else "",
            "column": COLUMNS[key][0],
        }

    raw_time = _cell(row, positions, "waktu")
    moment = parse_time(raw_time)
    if moment is None:
        findings.append(make_finding("log-waktu-tidak-valid", value=raw_time, **at("waktu")))
        return None
    raw_step = _cell(row, positions, "langkah")
    step = int(str(raw_step)) if re.fullmatch(r"\d{1,2}", str(raw_step)) else 0
    if step not in sop_steps():
        findings.append(make_finding("log-langkah-tidak-dikenal", value=raw_step, **at("langkah")))
        return None
    note = _text(_cell(row, positions, "catatan"))
    if note is not None and len(note) > MAX_TEXT:
        findings.append(
            make_finding("log-catatan-terlalu-panjang", value=len(note), **at("catatan"))
        )
        note = note[:MAX_TEXT] + " …"
    unit = _cell(row, positions, "unit")
    unit = str(unit).upper() if unit is not None else None
    if unit is not None and unit not in master.units.index:
        findings.append(
            make_finding(
                "log-unit-tidak-dikenal",
                value=unit,
                unit=unit,
                choices=", ".join(master.units.index),
                **at("unit"),
            )
        )
    role_text = _cell(row, positions, "peran")
    return Event(
        time=moment,
        step=step,
        unit=unit,
        status=str(_cell(row, positions, "status") or "").lower(),
        by=_text(_cell(row, positions, "oleh")) or "",
        role=canonical_role(str(role_text)) or (str(role_text) if role_text else None),
        note=note,
        document=_text(_cell(row, positions, "dokumen")),
        sha256=_text(_cell(row, positions, "sha256")),
        row=number,
        corrects=int(match.group(1)) if (match := _CORRECTS.match(note or "")) else None,
        recorder=_text(_cell(row, positions, "pencatat")),
    )


def _text(value: object) -> str | None:
    """A cell's text as it was recorded: the apostrophe `inert` put in front is taken off."""
    return None if value is None else as_written(str(value))


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


ANY_UNIT = "*"  # stands for every unit in the order check's index


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
            canonical_role(_unit_head(master, row["unit"]))
            if isinstance(row["unit"], str)
            else None
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


# --- what the events say ---------------------------------------------------------------


@dataclass(frozen=True)
class StepState:
    step: Step
    unit: str | None
    state: str  # belum mulai | berjalan | dikembalikan | selesai
    started: datetime | None
    finished: datetime | None
    minutes: int | None  # working minutes from start to finish (or to now, while running)
    standard_minutes: int
    returns: int
    performer: str
    attempts: int = 1

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
        return [*self.log.findings, *self.integrity]


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
            state = _step_state(step, unit, own, previous, back, calendar, now)
            if state.finished:
                finished_at[(number, unit)] = state.finished
            states.append(state)
    late = [s for s in states if s.over_standard]
    return PeriodStatus(
        period=period,
        states=states,
        sentence=_sentence(states, master),
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


def _sentence(states: list[StepState], master: Master) -> str:
    """The period's state in one sentence: the first step not done, and for whom."""
    for number in range(1, 12):
        pending = [s for s in states if s.step.number == number and s.state != "selesai"]
        if not pending:
            continue
        step = pending[0].step
        if step.per_unit:
            units = ", ".join(s.unit for s in pending)
            returned = [s.unit for s in pending if s.state == "dikembalikan"]
            extra = f"; dikembalikan untuk diperbaiki: {', '.join(returned)}" if returned else ""
            return f"menunggu {step.waiting_for} (langkah {number}: {units}){extra}"
        if pending[0].state == "dikembalikan":
            return f"dikembalikan untuk diperbaiki pada langkah {number} ({step.waiting_for})"
        return f"menunggu {step.waiting_for} (langkah {number})"
    return "selesai: laporan telah dilaporkan ke Pemko Medan dan diarsipkan"


def _report_status(events: list[Event]) -> str:
    """DITANDATANGANI after step 10 approved, DIPARAF after step 9, else DRAF (a return
    at that step afterwards undoes it)."""
    for step, label in ((10, "DITANDATANGANI"), (9, "DIPARAF")):
        own = [
            e
            for e in events
            if e.step == step and e.status in ("disetujui", "selesai", "dikembalikan")
        ]
        if own and own[-1].status != "dikembalikan":
            return label
    return "DRAF"


def approvals(events: list[Event]) -> list[Event]:
    """Standing approvals of documents: the last disetujui/selesai at steps 6, 9, 10 per
    unit that carries a hash and was not followed by a return."""
    standing = []
    for step in (6, 9, 10):
        keys = {e.unit for e in events if e.step == step}
        for unit in keys:
            own = [
                e
                for e in sorted(events, key=lambda e: (e.time, e.row))
                if e.step == step
                and e.unit == unit
                and e.status in ("disetujui", "selesai", "dikembalikan")
            ]
            if own and own[-1].status != "dikembalikan" and own[-1].sha256:
                standing.append(own[-1])
    return sorted(standing, key=lambda e: (e.step, e.unit or ""))


ACTIONS = {6: "disetujui Kepala Bidang", 9: "diparaf Sekretaris", 10: "ditandatangani Kepala Dinas"}


def check_integrity(events: list[Event], log: Path) -> list[Finding]:
    """GALAT for every approved document whose bytes changed since it was approved."""
    findings = []
    for event in approvals(events):
        path = document_path(event, log)
        if path is None:
            continue
        where = {
            "file": log.name,
            "unit": event.unit or "",
            "step": event.step,
            "action": ACTIONS[event.step],
            "document": str(path),
            "value": event.time.strftime("%d-%m-%Y %H:%M"),
        }
        if not path.is_file():
            findings.append(make_finding("dokumen-hilang", **where))
        elif sha256_of(path) != event.sha256:
            findings.append(make_finding("dokumen-berubah", **where))
    return findings


def status_table(status: PeriodStatus) -> list[list[str]]:
    """Rows for the terminal and the Log Review sheet: one per step and unit."""
    rows = []
    for s in status.states:
        rows.append(
            [
                str(s.step.number),
                s.unit or "Dinas",
                s.step.role,
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


def load_status(
    input_dir: Path,
    period: Period,
    master: Master,
    calendar: WorkCalendar,
    now: datetime | None = None,
) -> PeriodStatus | None:
    """Read, validate and derive a period's log, with its integrity alarms; None if no log."""
    path = log_path(input_dir, period)
    if not path.is_file():
        return None
    log = read_log(path, master)
    status = derive_status(log, master, period, calendar, now)
    broken = [f for f in log.findings if f.code == "log-rantai-putus"]
    missing = receipt_findings(path.parent, path, log.events)
    status.integrity = check_integrity(log.events, path) + broken + missing
    return status
