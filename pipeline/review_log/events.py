"""What the review log `input/<periode>/log-review.csv` holds (SPEC section 9): the
`Event` record, the log as read (`ReviewLog`), its columns and where a period's log is,
and how its times are read (ISO 8601 or a spreadsheet's date-time, Asia/Jakarta).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.findings import Finding
from pipeline.periods import Period

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

REQUIRED = ("waktu", "langkah", "status", "oleh")

DEFAULT_POSITIONS = {key: i for i, key in enumerate(COLUMNS)}

MAX_TEXT = 2000  # a note longer than this is no note, and a spreadsheet cell of the log

KOREKSI = "koreksi"  # the status of an event that voids an earlier row, with a reason

UNREADABLE_ROW = object()  # stands in for a row too long to read, keeping the numbering

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
        parsed = _time_from_text(str(raw or "").strip())
        if parsed is None:
            return None
        moment = parsed
    if not 2000 <= moment.year <= 2100:  # a typing accident, and beyond it no arithmetic
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    return moment.astimezone(JAKARTA)


def _time_from_text(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None
