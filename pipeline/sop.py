"""The SOP-20 steps as data (pipeline/data/sop-20.csv), the roles, and working time.

The step table is read from the SOP's "No. / Kegiatan / Pelaksana / Mutu Baku" section;
it is loaded and checked once, at first use.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path

from pipeline.errors import DataKinerjaError

SOP_TABLE = Path(__file__).resolve().parent / "data" / "sop-20.csv"

# Role name -> the forms people write it in (compared case-insensitively).
ROLES = {
    "Kadis": ("kadis", "kepala dinas"),
    "Sekretaris": ("sekretaris",),
    "Katim Penyusunan Program": ("katim penyusunan program", "katim program"),
    "Kabid": ("kabid", "kepala bidang"),
    "Katim pada Bidang": ("katim pada bidang", "katim bidang"),
    "Staf": ("staf", "staff"),
}
# Who else may act at a step: at step 4 the Staf collect the data for their Katim.
ALSO_ALLOWED = {4: ("Staf",), 5: ("Staf",)}
_DURATION = re.compile(r"^(\d+)\s*(menit|jam|hari)$")


@dataclass(frozen=True)
class Step:
    number: int
    activity: str
    role: str
    input_document: str
    output_document: str
    standard: str  # as the SOP writes it: "15 menit", "3 jam", "3 hari"
    per_unit: bool
    hands_over_document: bool
    waiting_for: str  # "paraf Sekretaris": the period is "menunggu paraf Sekretaris"
    action: str = ""  # what its performer's button says: "Paraf"
    decision: bool = False  # approved (disetujui) or returned with a reason (6, 9, 10)

    @property
    def done_status(self) -> str:
        """The status that completes the step: `disetujui` for a decision."""
        return "disetujui" if self.decision else "selesai"

    def standard_minutes(self, calendar: WorkCalendar) -> int:
        """The standard time in working minutes; a day is one office day."""
        match = _DURATION.match(self.standard)
        if match is None:  # sop_steps() refuses such a table; a Step made by hand may not
            raise DataKinerjaError(
                f"Waktu baku langkah {self.number} ('{self.standard}') tidak dapat dibaca; "
                "tulis seperti '15 menit', '3 jam' atau '3 hari'."
            )
        amount, unit = match.groups()
        per = {"menit": 1, "jam": 60, "hari": calendar.minutes_per_day}[unit]
        return int(amount) * per


@cache
def sop_steps(path: Path = SOP_TABLE) -> dict[int, Step]:
    """The eleven steps, checked: numbered 1..11, known roles, readable standard times."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    steps = {}
    for row in rows:
        step = Step(
            number=int(row["langkah"]),
            activity=row["kegiatan"],
            role=row["pelaksana"],
            input_document=row["masukan"],
            output_document=row["keluaran"],
            standard=row["waktu_baku"].strip(),
            per_unit=row["per_unit"] == "ya",
            hands_over_document=row["serah_dokumen"] == "ya",
            waiting_for=row["menunggu"],
            action=row["tindakan"],
            decision=row["keputusan"] == "ya",
        )
        if step.role not in ROLES or not _DURATION.match(step.standard):
            raise DataKinerjaError(
                f"Tabel SOP {path} baris langkah {step.number} tidak valid: pelaksana harus "
                f"salah satu dari {', '.join(ROLES)} dan waktu baku seperti '15 menit'."
            )
        steps[step.number] = step
    if sorted(steps) != list(range(1, 12)):
        raise DataKinerjaError(f"Tabel SOP {path} harus memuat langkah 1 sampai 11.")
    return steps


def canonical_role(text: str | None) -> str | None:
    """`kepala bidang`, `KABID`, `Kabid` -> `Kabid`; None when the role is unknown."""
    wanted = re.sub(r"\s+", " ", (text or "")).strip().lower()
    for role, forms in ROLES.items():
        if wanted == role.lower() or wanted in forms:
            return role
    return None


def roles_for(step: Step, unit_head: str | None = None) -> tuple[str, ...]:
    """The roles that may record an event at a step; a unit's head acts as its Kabid."""
    roles = (step.role, *ALSO_ALLOWED.get(step.number, ()))
    if step.role == "Kabid" and unit_head:
        roles += (unit_head,)
    return roles


@dataclass(frozen=True)
class WorkCalendar:
    """Office days and hours (default Monday-Friday 08:00-16:00, Asia/Jakarta)."""

    start: time = time(8, 0)
    end: time = time(16, 0)
    weekdays: frozenset[int] = frozenset(range(5))  # Monday = 0

    @property
    def minutes_per_day(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def working_minutes(self, begin: datetime, finish: datetime) -> int:
        """Working minutes between two moments, counting only office hours on office days."""
        if finish <= begin:
            return 0
        total = timedelta()
        day = begin.date()
        while day <= finish.date():
            if day.weekday() in self.weekdays:
                open_at = datetime.combine(day, self.start, begin.tzinfo)
                close_at = datetime.combine(day, self.end, begin.tzinfo)
                lo, hi = max(begin, open_at), min(finish, close_at)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return int(total.total_seconds() // 60)


DAY_NAMES = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")


def calendar_from_office(office: dict[str, str]) -> WorkCalendar:
    """The master's `Jam Kerja` (`08:00-16:00`) and `Hari Kerja` (`Senin-Jumat`), if set."""
    calendar = WorkCalendar()
    hours = office.get("jam kerja", "")
    match = re.match(r"^\s*(\d{1,2})[.:](\d{2})\s*-\s*(\d{1,2})[.:](\d{2})\s*$", hours)
    if match:
        h1, m1, h2, m2 = map(int, match.groups())
        calendar = WorkCalendar(time(h1, m1), time(h2, m2), calendar.weekdays)
    days = office.get("hari kerja", "").lower().replace("'", "")
    span = re.match(r"^\s*(\w+)\s*-\s*(\w+)\s*$", days)
    if span and span.group(1) in DAY_NAMES and span.group(2) in DAY_NAMES:
        first, last = DAY_NAMES.index(span.group(1)), DAY_NAMES.index(span.group(2))
        calendar = WorkCalendar(calendar.start, calendar.end, frozenset(range(first, last + 1)))
    return calendar


def format_minutes(minutes: int, minutes_per_day: int = 480) -> str:
    """`2 hari kerja 1 jam 5 menit`: a day is one office day (8 hours by default)."""
    days, rest = divmod(minutes, minutes_per_day) if minutes >= minutes_per_day else (0, minutes)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari kerja"] if days else []
    if hours:
        parts.append(f"{hours} jam")
    if mins or not parts:
        parts.append(f"{mins} menit")
    return " ".join(parts)
