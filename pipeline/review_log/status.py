"""A period's status as `status` and the workbook show it: the log read and
checked, its steps derived, and its integrity alarms.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.master import Master
from pipeline.periods import Period
from pipeline.review_log.events import log_path
from pipeline.review_log.integrity import check_integrity, receipt_findings
from pipeline.review_log.progress import PeriodStatus, derive_status
from pipeline.review_log.reading import read_log
from pipeline.sop import WorkCalendar


def load_status(
    input_dir: Path,
    period: Period,
    master: Master,
    calendar: WorkCalendar,
    now: datetime | None = None,
) -> PeriodStatus | None:
    """Read, validate and derive a period's log, with its integrity alarms; None if no log."""
    path = log_path(input_dir, period)
    if not path.exists() and not path.is_symlink():
        return None
    log = read_log(path, master)
    status = derive_status(log, master, period, calendar, now)
    broken = [f for f in log.findings if f.code == "log-rantai-putus"]
    missing = receipt_findings(path.parent, path, log.events)
    status.integrity = check_integrity(log.events, path) + broken + missing
    return status
