"""Reading a log as a person may have left it: delimiter, BOM, date formats, an
.xlsx or .ods saved from a spreadsheet. Every read runs the log's check and its chain
check; a malformed row is a finding at its cell, never a traceback.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pipeline.cells import address, as_written
from pipeline.errors import DataKinerjaError
from pipeline.findings import Finding, make_finding
from pipeline.master import Master, normalise_header
from pipeline.review_log.checks import check_events
from pipeline.review_log.events import (
    COLUMNS,
    KOREKSI,
    MAX_TEXT,
    REQUIRED,
    UNREADABLE_ROW,
    Event,
    ReviewLog,
    parse_time,
)
from pipeline.review_log.integrity import check_chain, receipts
from pipeline.sop import canonical_role, sop_steps
from pipeline.workbooks import LOG, Spreadsheet, open_regular

_CORRECTS = re.compile(r"^Koreksi baris (\d+):")


def read_log(path: Path, master: Master) -> ReviewLog:
    """Read and validate a log as a person may have left it; problems become findings. A
    link, a folder or a pipe in its place is refused: it would be written through, or
    reading it would wait for ever."""
    linked = path.is_file() and path.stat().st_nlink > 1  # another period's log, hard-linked
    if path.is_symlink() or (path.exists() and not path.is_file()) or linked:
        raise DataKinerjaError(
            f"Log review {path.parent.name}/{path.name} bukan file biasa (tautan, folder, pipa "
            "atau perangkat); tidak ada yang dibaca atau dicatat. Hapus dari folder itu; bila "
            "log aslinya ada di tempat lain, salin ke tempat itu.",
            command=f"(Letaknya: {path}.)",
        )
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
    chain_findings, chain = check_chain(rows, positions, name) if chained else ([], None)
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


def _decoded(data: bytes) -> str:
    """A log's text: UTF-8 as catat writes it, Windows-1252 as Excel may save it; bytes
    neither reads become U+FFFD, and the chain check then names the row they are in."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


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
    with open_regular(path) as handle:
        data = handle.read(LOG.unpacked_bytes + 1)
    text = _decoded(data)
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
