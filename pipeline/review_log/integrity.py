"""Tamper evidence: the hash chain over the log's rows, the receipts of decisions
kept beside the log, and the approved documents (steps 6, 9, 10), which must not change
after their approval.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.cells import address, inert
from pipeline.findings import Finding, make_finding
from pipeline.review_log.events import COLUMNS, UNREADABLE_ROW, Event, parse_time
from pipeline.review_log.progress import PeriodStatus
from pipeline.review_log.waiting import reopened_by
from pipeline.workbooks import atomic_output, digest_or_sentence, sha256_of

CHAINED = [key for key in COLUMNS if key != "rantai"]  # the cells a row's chain value covers

RECEIPTS = ".persetujuan"  # beside the log: one file per approval or return of a document

DECISIONS = ("disetujui", "selesai", "dikembalikan")

ACTIONS = {6: "disetujui Kepala Bidang", 9: "diparaf Sekretaris", 10: "ditandatangani Kepala Dinas"}

# --- the hash chain over the log's rows -----------------------------------------------


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


def check_chain(
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


# --- receipts: decisions on documents, kept beside the log ----------------------------


@dataclass(frozen=True)
class Receipt:
    step: int
    status: str
    time: datetime
    unit: str | None
    sha256: str


def keep_receipt(folder: Path, event: Event) -> None:
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


# --- approved documents ---------------------------------------------------------------


def document_path(event: Event, log: Path) -> Path | None:
    """Where an event's document is, read relative to the log's folder."""
    if not event.document:
        return None
    document = Path(event.document)
    return document if document.is_absolute() else log.parent / document


def approvals(events: list[Event]) -> list[Event]:
    """Standing approvals of documents: the last disetujui/selesai at steps 6, 9, 10 per
    unit that carries a hash and that no later return of the same work undid (a return at
    step 10 sends the report back to step 8, so the paraf of step 9 goes with it)."""
    ordered = sorted(events, key=lambda e: (e.time, e.row))
    standing = []
    for step in ACTIONS:
        for unit in {e.unit for e in events if e.step == step}:
            own = [
                e
                for e in ordered
                if e.step == step and e.unit == unit and e.status in ("disetujui", "selesai")
            ]
            if not own or not own[-1].sha256:
                continue
            last = own[-1]
            undone = any(
                e.status == "dikembalikan"
                and e.step in ACTIONS
                and e.unit == unit
                and reopened_by(e.step) == reopened_by(step)
                and (e.time, e.row) > (last.time, last.row)
                for e in events
            )
            if not undone:
                standing.append(last)
    return sorted(standing, key=lambda e: (e.step, e.unit or ""))


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
            continue
        try:
            changed = sha256_of(path) != event.sha256
        except OSError as error:
            detail = f" ({error.strerror or error})"
            findings.append(make_finding("dokumen-tidak-terbaca", detail=detail, **where))
            continue
        if changed:
            findings.append(make_finding("dokumen-berubah", **where))
    return findings


def approved_and_never_returned(
    status: PeriodStatus | None, folder: Path, path: Path
) -> Receipt | None:
    """The approval (step 6, 9 or 10) that keeps `path` from being overwritten: one of its
    bytes, recorded in the log or beside it, that no later return of the same work undid
    (a return at 9 or 10 sends the report back to step 8, at 6 the unit's file to step 5);
    None when it may be written."""
    if not path.is_file():
        return None
    digest = digest_or_sentence(path)
    events = status.log.events if status else []
    # a decision in the log comes in its row's order (two in one second are still one
    # after the other); a receipt whose row is no longer there was cut off the log's end
    logged = {
        Receipt(e.step, e.status, e.time, e.unit, e.sha256 or ""): (e.time, e.row)
        for e in events
        if e.step in ACTIONS and e.status in DECISIONS
    }
    decisions = [*receipts(folder), *logged]

    def order(decision: Receipt) -> tuple[datetime, float]:
        return logged.get(decision, (decision.time, math.inf))

    approved = [r for r in decisions if r.sha256 == digest and r.status != "dikembalikan"]
    if not approved:
        return None
    last = max(approved, key=order)
    work = {(reopened_by(r.step), r.unit) for r in approved}
    undone = [
        r for r in decisions if r.status == "dikembalikan" and (reopened_by(r.step), r.unit) in work
    ]
    return None if any(order(r) > order(last) for r in undone) else last
