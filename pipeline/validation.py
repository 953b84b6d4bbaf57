"""Check a unit's filled file: every rule of SPEC section 7, as findings at cell addresses."""

from __future__ import annotations

import math
import multiprocessing
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime
from multiprocessing.context import BaseContext
from pathlib import Path

import pandas as pd

from pipeline.cells import address
from pipeline.cores import usable_cores
from pipeline.errors import DataKinerjaError
from pipeline.evaluation import Capaian, below_high, compute_capaian, predikat
from pipeline.failures import Failure, schema_findings
from pipeline.findings import Finding, has_errors, is_unreadable, make_finding
from pipeline.layout import (
    APPROVAL_ROWS,
    READABLE_SUFFIXES,
    SHEET_APPROVAL,
    SHEET_DATA,
    UNIT_FILE_SUFFIXES,
)
from pipeline.master import Indicator, Master, is_percent
from pipeline.numbers import MAX_MAGNITUDE, format_number, parse_number
from pipeline.periods import Period
from pipeline.reading import (
    Refused,
    UnitFile,
    percent_value,
    read_realisations,
    read_unit_file,
)
from pipeline.workbooks import sha256_of
from schemas.nip import nip_problem
from schemas.unit import quarter_columns, unit_table_schema

LOCKED_TEXT = ("sasaran", "indikator", "satuan", "polaritas", "akumulasi")
TEXT_COLUMNS = ("penjelasan", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut", "sumber")

# The most characters a spreadsheet cell holds: longer text is cut, and said so.
MAX_CELL_TEXT = 32_767

# Earlier realisations accepted for a unit: indicator code -> quarter -> value.
Accepted = dict[str, dict[int, float]]


@dataclass
class Report:
    """What `validasi` found in one file; `table` holds the parsed rows for later stages."""

    path: Path
    unit: str
    period: Period | None
    sha256: str
    findings: list[Finding]
    unit_file: UnitFile | None = None
    rows: list[dict] = field(default_factory=list)  # the table's rows as plain dicts
    # all files' rows typed in one frame, and where this file's rows are in it
    frame: pd.DataFrame | None = field(default=None, repr=False)
    first: int = field(default=0, repr=False)
    excel_rows: list[int] = field(default_factory=list, repr=False)

    @property
    def table(self) -> pd.DataFrame:
        """This file's rows as a typed frame indexed by Excel row (made when asked for:
        consolidating 500 files needs only `rows`)."""
        if self.frame is None:
            return pd.DataFrame()
        part = self.frame.iloc[self.first : self.first + len(self.excel_rows)]
        return part.set_axis(self.excel_rows, axis=0)

    @property
    def valid(self) -> bool:
        return not has_errors(self.findings)

    @property
    def unreadable(self) -> bool:
        return any(is_unreadable(f) for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "file": str(self.path),
            "unit": self.unit,
            "periode": str(self.period) if self.period else None,
            "sha256": self.sha256,
            "valid": self.valid,
            "temuan": [f.to_dict() for f in self.findings],
        }


def validate_file(
    path: Path,
    master: Master,
    period: Period | None = None,
    unit: str | None = None,
    accepted: Accepted | None = None,
) -> Report:
    """Read and check one unit file; never raises for a bad file, only reports."""
    accepted_by_unit = None if accepted is None else {(unit or "").upper(): accepted}
    return validate_files([(path, unit)], master, period, accepted_by_unit)[0]


@dataclass
class _Checked:
    """A file after the per-file checks, waiting for the cell rules (run once for all)."""

    report: Report
    unparsed: set[tuple[int, str]]
    where: dict
    rows: dict[int, dict]
    first: int = 0  # position of this file's first row in the combined frame


def validate_files(
    files: list[tuple[Path, str | None]],
    master: Master,
    period: Period | None = None,
    accepted_by_unit: dict[str, Accepted] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    keep_grids: bool = True,
) -> list[Report]:
    """Check many unit files: the per-file checks file by file (on every core when there
    are many), then the cell rules of the pandera schema once over all their rows together
    (that is what keeps 500 units fast). Without `keep_grids` the reports do not keep the
    files' sheets as read (only a feedback copy needs them)."""
    job = _Job(master, period, accepted_by_unit, keep_grids)
    checked: list[_Checked | Report] = []
    for number, item in enumerate(_each_checked(job, files), start=1):
        if progress:
            progress(number, len(files), files[number - 1][0].name)
        checked.append(item)
    # the cell rules once per period: a period's quarter decides the table's columns
    by_period: dict[Period | None, list[_Checked]] = {}
    for item in checked:
        if isinstance(item, _Checked):
            by_period.setdefault(item.report.period, []).append(item)
    for pending in by_period.values():
        combined = _attach_tables(pending)
        for item, cell_findings in zip(pending, _schema_findings(pending, combined), strict=True):
            item.report.findings = _ordered(item.report.findings + cell_findings)
    return [c.report if isinstance(c, _Checked) else c for c in checked]


# From this many files on, the per-file checks run in worker processes, one per core
# (forked ones; workers that must import everything anew pay off later).
PARALLEL_FILES = 24
PARALLEL_FILES_SPAWNED = 200


@dataclass(frozen=True)
class _Job:
    master: Master
    period: Period | None
    accepted_by_unit: dict[str, Accepted] | None
    keep_grids: bool = True

    def check(self, file: tuple[Path, str | None]) -> _Checked | Report:
        """The checks of one file that need no other file: reading, identity, rows against
        the master, each cell parsed, the approval sheet."""
        path, unit = file
        master, period = self.master, self.period
        try:
            unit_file, findings = read_unit_file(path, master, period, unit)
        except Refused as refused:
            try:
                digest = sha256_of(path) if path.is_file() else ""
            except OSError:  # unreadable (its finding says so): no hash to give
                digest = ""
            return Report(path, (unit or path.stem).upper(), period, digest, refused.findings)
        if self.accepted_by_unit is not None and unit_file.unit in self.accepted_by_unit:
            accepted = self.accepted_by_unit[unit_file.unit]
        else:
            accepted = accepted_realisations(master, unit_file.period, unit_file.unit, path)
        rows, unparsed, row_findings = check_table(unit_file, master, accepted)
        report = Report(
            path=path,
            unit=unit_file.unit,
            period=unit_file.period,
            sha256=unit_file.sha256,
            findings=findings + row_findings + check_approval(unit_file),
            unit_file=unit_file,
        )
        if not self.keep_grids:
            unit_file.grid, unit_file.approval_grid = [], []
        where = {"file": path.name, "sheet": SHEET_DATA, "unit": unit_file.unit}
        return _Checked(report, unparsed, where, rows)


_WORKER_JOB: _Job | None = None  # in a worker process: the job its initializer was given


def _worker_start() -> tuple[BaseContext, int]:
    """How worker processes start, and from how many files they pay off. A forked worker
    starts at once with the modules and the master already in memory; a spawned one
    (macOS, Windows) imports pandas and pandera first, about a second, so it pays off
    only for many files."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork"), PARALLEL_FILES
    return multiprocessing.get_context(), PARALLEL_FILES_SPAWNED


def _start_worker(job: _Job) -> None:
    """A worker's start: keep the job, and leave Ctrl-C to the parent ("Dibatalkan.")."""
    global _WORKER_JOB  # one job per worker process, set once
    _WORKER_JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_in_worker(file: tuple[Path, str | None]) -> _Checked | Report:
    assert _WORKER_JOB is not None, "worker started without a job"
    return _WORKER_JOB.check(file)


def _each_checked(
    job: _Job, files: Sequence[tuple[Path, str | None]]
) -> Iterator[_Checked | Report]:
    """The per-file results in the order of `files`. Reading and checking a file is pure
    Python work, so many files are shared out to worker processes, one per core; a few
    files, or one core, are checked one by one here."""
    workers = min(usable_cores(), 8)
    context, enough = _worker_start()
    if len(files) < enough or workers < 2:
        yield from map(job.check, files)
        return
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(job,)
        ) as pool:
            yield from pool.map(_check_in_worker, files, chunksize=4)
    except BrokenProcessPool as error:
        raise DataKinerjaError(
            "Pemeriksaan file unit terhenti karena salah satu proses pemeriksa berhenti "
            f"mendadak ({error}); mungkin memori komputer habis. Jalankan ulang perintahnya; "
            "bila berulang, tutup program lain atau periksa unit dalam beberapa bagian."
        ) from error


def _attach_tables(items: list[_Checked]) -> pd.DataFrame:
    """Type all files' rows in one frame and tell each report where its rows are."""
    if not items:
        return pd.DataFrame()
    period = items[0].report.period
    assert period is not None, "a file that reached the cell rules was read with its period"
    quarter = period.quarter
    all_rows: list[dict] = []
    for item in items:
        item.first = len(all_rows)
        all_rows.extend(item.rows.values())
    combined = table_frame(all_rows, quarter)
    for item in items:
        item.report.frame, item.report.first = combined, item.first
        item.report.excel_rows = list(item.rows)
        item.report.rows = list(item.rows.values())
    return combined


def accepted_realisations(master: Master, period: Period, unit: str, path: Path) -> Accepted:
    """Realisations of the unit's file received for the previous quarter, if there is one.

    That file (`<input>/<previous period>/<UNIT>.xlsx`) is what was accepted then; only its
    identity is checked here, not every rule again, so that a period of 500 units reads
    each earlier file once and quickly.
    """
    previous = period.previous
    if previous is None:
        return {}
    candidate = find_unit_file(path.parent.parent / str(previous), unit)
    if candidate is None:
        return {}
    return read_realisations(candidate, master, previous, unit) or {}


def unit_file_candidates(period_dir: Path, units: list[str]) -> dict[str, list[Path]]:
    """Every file in a period folder that looks like a unit's (`DAFDUK.xlsx`, `DAFDUK.ods`,
    `DAFDUK (revisi).xlsx`), by unit; the folder is listed once."""
    found: dict[str, list[Path]] = {unit: [] for unit in units}
    if not period_dir.is_dir():
        return found
    codes = sorted(units, key=len, reverse=True)  # PIAK-2 before PIAK
    for path in sorted(period_dir.iterdir()):
        if path.suffix.lower() not in UNIT_FILE_SUFFIXES or not path.is_file():
            continue
        stem = path.stem.upper()
        for unit in codes:
            rest = stem[len(unit) :]
            if stem.startswith(unit) and (rest == "" or not re.match(r"[A-Z0-9-]", rest)):
                found[unit].append(path)
                break
    return found


def find_unit_file(period_dir: Path, unit: str) -> Path | None:
    """A unit's received file in a period folder: `<UNIT>.xlsx`, else `<UNIT>.ods`."""
    for suffix in READABLE_SUFFIXES:
        candidate = period_dir / f"{unit}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def realisations_of(report: Report) -> Accepted:
    accepted: Accepted = {}
    table = report.table
    if table.empty:
        return accepted
    quarters = [c for c in table.columns if c.startswith("realisasi_tw")]
    for record in table.to_dict("records"):
        accepted[str(record["kode"])] = {
            int(col.removeprefix("realisasi_tw")): float(record[col])
            for col in quarters
            if pd.notna(record[col])
        }
    return accepted


def check_table(
    unit_file: UnitFile, master: Master, accepted: Accepted
) -> tuple[dict[int, dict], set[tuple[int, str]], list[Finding]]:
    """The table's rows against the master, and each cell parsed; the cell rules that
    compare values run afterwards over all files at once (`_schema_findings`)."""
    name, unit, period = unit_file.path.name, unit_file.unit, unit_file.period
    where = {"file": name, "sheet": SHEET_DATA, "unit": unit}
    indicators = master.unit_records(unit, period.year)
    findings = _merged_cells(unit_file, where)
    seen: dict[str, int] = {}
    records: dict[int, dict] = {}
    unparsed: set[tuple[int, str]] = set()
    for row, values in unit_file.rows.items():
        kode = _text(values.get("kode"))
        kode = kode.upper() if kode else None
        cell = unit_file.cell(row, "kode")
        if kode is None:
            if any(_text(values.get(k)) for k in values if k not in ("no",)):
                findings.append(make_finding("kode-kosong", cell=cell, **where))
            continue
        if kode not in indicators:
            findings.append(make_finding("kode-tidak-dikenal", cell=cell, value=kode, **where))
            continue
        if kode in seen:
            findings.append(
                make_finding("kode-ganda", cell=cell, value=kode, indicator=kode, **where)
            )
            continue
        seen[kode] = row
        master_row = indicators[kode]
        findings += _locked_changes(unit_file, row, values, master_row, period, where)
        record, cell_findings = _parse_row(unit_file, row, values, master_row, accepted, where)
        findings += cell_findings
        unparsed |= {(row, key) for key in (*record["_unparsed"], *record["_unread_text"])}
        records[row] = record
    for kode, master_row in indicators.items():
        if kode not in seen:
            findings.append(
                make_finding(
                    "indikator-hilang", indicator=kode, value=master_row.indikator, **where
                )
            )
    return _table_rows(records, period, master, indicators), unparsed, findings


def _merged_cells(unit_file: UnitFile, where: dict) -> list[Finding]:
    findings = []
    for (r0, c0), (r1, c1) in unit_file.merged:
        if r1 + 1 >= unit_file.header_row:
            span = f"{address(r0 + 1, c0)}:{address(r1 + 1, c1)}"
            findings.append(
                make_finding("sel-gabungan", cell=address(r0 + 1, c0), value=span, **where)
            )
    return findings


def _locked_changes(
    unit_file: UnitFile,
    row: int,
    values: dict,
    master_row: Indicator,
    period: Period,
    where: dict,
) -> list[Finding]:
    findings = []
    titles = {c.key: c.title for c in unit_file.expected_columns}
    expected: dict[str, object] = {key: getattr(master_row, key) for key in LOCKED_TEXT}
    expected["target"] = master_row.target
    if "target_twn" in unit_file.columns:
        expected["target_twn"] = master_row.target_for(period.quarter)
    for key, want in expected.items():
        if key not in unit_file.columns:
            continue
        got = values.get(key)
        if _same(got, want):
            continue
        findings.append(
            make_finding(
                "kolom-terkunci-berubah",
                cell=unit_file.cell(row, key),
                column=titles[key],
                indicator=master_row.kode,
                value=_shown(got),
                expected=_shown(want),
                **where,
            )
        )
    return findings


def _same(got: object, want: object) -> bool:
    if want is None:
        return got is None
    if isinstance(want, float):
        parsed = parse_number(got)
        return parsed.value is not None and math.isclose(parsed.value, want, abs_tol=1e-9)
    if got == want:
        return True
    text = _text(got)
    return text is not None and _norm(text) == _norm(str(want))


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _parse_row(
    unit_file: UnitFile,
    row: int,
    values: dict,
    master_row: Indicator,
    accepted: Accepted,
    where: dict,
) -> tuple[dict, list[Finding]]:
    """Parse one indicator's realisations and texts; problems with a cell become findings."""
    kode = str(master_row.kode)
    findings: list[Finding] = []
    # _unparsed: realisations that could not be read (no capaian until fixed); _unread_text:
    # text cells already reported, which the cell rules then leave alone
    unparsed_keys: list[str] = []
    unread_text: list[str] = []
    record: dict[str, object] = {
        "kode": kode,
        "_unparsed": unparsed_keys,
        "_unread_text": unread_text,
    }
    for q in unit_file.period.quarters:
        key = f"realisasi_tw{q}"
        record[key] = None
        if key in unit_file.columns:
            value, unparsed, quarter_findings = _parse_realisation(
                unit_file, row, q, values.get(key), master_row, accepted, where
            )
            record[key] = value
            findings += quarter_findings
            if unparsed:
                unparsed_keys.append(key)
    for key in TEXT_COLUMNS:
        text, unread_here, text_findings = _parse_text(unit_file, row, key, values, kode, where)
        record[key] = text
        findings += text_findings
        if unread_here:
            unread_text.append(key)
    record["baris"] = row
    return record, findings


def _parse_realisation(
    unit_file: UnitFile,
    row: int,
    q: int,
    raw: object,
    master_row: Indicator,
    accepted: Accepted,
    where: dict,
) -> tuple[float | None, bool, list[Finding]]:
    """One quarter's realisation: its value, whether it could not be read, and findings."""
    kode = str(master_row.kode)
    key = f"realisasi_tw{q}"
    unread = unit_file.cells_without_value
    if type(raw) is float and 0 <= raw < MAX_MAGNITUDE and not (unread or unit_file.percent_cells):
        # the common case, a clean number: nothing to report but a changed earlier quarter
        before = accepted.get(kode, {}).get(q)
        if before is None or q == unit_file.period.quarter or abs(raw - before) <= 1e-9:
            return raw, False, []
    titles = {c.key: c.title for c in unit_file.expected_columns}
    cell = unit_file.cell(row, key)
    at = {**where, "cell": cell, "column": titles[key], "indicator": kode}
    if cell in unread:
        return None, True, [_unread_finding(unread[cell], at)]
    findings: list[Finding] = []
    percent = is_percent(master_row.satuan)
    typed = percent_value(raw, percent) if cell in unit_file.percent_cells else raw
    parsed = parse_number(typed, percent_allowed=percent)
    if typed is not raw and percent and parsed.value is not None and isinstance(raw, int | float):
        findings.append(
            make_finding(
                "angka-format-persen",
                value=f"{format_number(parsed.value)}%",
                stored=format_number(float(raw)),
                parsed=format_number(parsed.value),
                **at,
            )
        )
    if parsed.is_date:
        findings.append(make_finding("angka-berupa-tanggal", value=_shown(raw), **at))
    elif parsed.invalid:
        code = "angka-di-luar-batas" if parsed.too_large else "angka-tidak-valid"
        findings.append(make_finding(code, value=_shown(typed), **at))
    elif not parsed.clean:
        findings.append(
            make_finding("angka-tidak-bersih", value=raw, parsed=format_number(parsed.value), **at)
        )
    before = accepted.get(kode, {}).get(q)
    if (
        q < unit_file.period.quarter
        and before is not None
        and parsed.value is not None
        and not math.isclose(parsed.value, before, abs_tol=1e-9)
    ):
        findings.append(
            make_finding(
                "realisasi-lalu-berubah",
                value=format_number(parsed.value),
                expected=format_number(before),
                **at,
            )
        )
    return parsed.value, parsed.invalid, findings


def _parse_text(
    unit_file: UnitFile, row: int, key: str, values: dict, kode: str, where: dict
) -> tuple[str | None, bool, list[Finding]]:
    """One explanation cell: its text (cut to what a cell holds), whether it could not be
    read, and findings."""
    unread = unit_file.cells_without_value
    findings: list[Finding] = []
    text = _text(values.get(key))
    cell = unit_file.cell(row, key)
    unread_here = text is None and cell in unread
    if unread_here:
        titles = {c.key: c.title for c in unit_file.expected_columns}
        at = {**where, "cell": cell, "column": titles.get(key, key), "indicator": kode}
        findings.append(_unread_finding(unread[cell], at))
    if text is not None and len(text) > MAX_CELL_TEXT:
        titles = {c.key: c.title for c in unit_file.expected_columns}
        findings.append(
            make_finding(
                "teks-terlalu-panjang",
                cell=unit_file.cell(row, key),
                column=titles[key],
                indicator=kode,
                value=format_number(len(text)),
                **where,
            )
        )
        cut = f" … (dipotong dari {format_number(len(text))} karakter)"
        text = text[: MAX_CELL_TEXT - len(cut)] + cut
    return text, unread_here, findings


def _unread_finding(content: str, at: dict) -> Finding:
    """A cell that reads as empty but holds a formula without its result, or an error."""
    code = "rumus-tanpa-nilai" if content.startswith("=") else "sel-berisi-galat"
    return make_finding(code, value=content, **at)


def _table_rows(
    records: dict[int, dict], period: Period, master: Master, indicators: dict[str, Indicator]
) -> dict[int, dict]:
    """One row per indicator with parsed values and its capaian, by Excel row."""
    rows = {}
    for row, record in records.items():
        m = indicators[record["kode"]]
        quarters = [record[f"realisasi_tw{q}"] for q in period.quarters]
        result = compute_capaian(
            quarters,
            m.akumulasi,
            m.polaritas,
            m.target,
            m.target_for(period.quarter),
            period.quarter,
        )
        if record["_unparsed"]:
            # A value that could not be read is not a missing one: no capaian until fixed.
            result = Capaian(
                None, result.target, None, result.how, "ada realisasi yang tidak dapat dibaca"
            )
        rows[row] = {
            **{k: v for k, v in record.items() if k not in ("_unparsed", "_unread_text")},
            "persen_dibatasi": is_percent(m.satuan) and not m.boleh_lebih_100,
            "kumulatif": m.akumulasi == "kumulatif",
            "realisasi": result.realisasi,
            "target_dipakai": result.target,
            "capaian": result.value,
            "cara_hitung": result.how,
            "alasan": result.reason,
            "predikat": predikat(result.value, master.bands),
            "di_bawah_tinggi": below_high(result.value, master.bands),
        }
    return rows


def table_frame(rows: dict[int, dict] | list[dict], quarter: int) -> pd.DataFrame:
    """Parsed rows as a typed frame (index: Excel row when given a dict)."""
    columns = [
        "kode",
        *quarter_columns(quarter),
        *TEXT_COLUMNS,
        "baris",
        "persen_dibatasi",
        "kumulatif",
        "realisasi",
        "target_dipakai",
        "capaian",
        "cara_hitung",
        "alasan",
        "predikat",
        "di_bawah_tinggi",
    ]
    if isinstance(rows, dict):
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    else:
        frame = pd.DataFrame(rows, columns=columns)
    for column in [*quarter_columns(quarter), "realisasi", "target_dipakai", "capaian"]:
        frame[column] = frame[column].astype(float)
    for column in ("kode", *TEXT_COLUMNS, "cara_hitung", "alasan", "predikat"):
        frame[column] = frame[column].astype("str").where(frame[column].notna())
    for column in ("persen_dibatasi", "kumulatif", "di_bawah_tinggi"):
        frame[column] = frame[column].astype(bool)
    return frame


def _schema_findings(items: list[_Checked], combined: pd.DataFrame) -> list[list[Finding]]:
    """Validate every file's parsed rows in one lazy pandera run; each failure goes back to
    its file and cell. Returns one list of findings per item."""
    if combined.empty:
        return [[] for _ in items]
    quarter = _unit_file(items[0]).period.quarter
    origin = [(i, row) for i, item in enumerate(items) for row in item.rows]

    def finding(failure: Failure) -> tuple[int, Finding] | None:
        i, row = origin[failure.index]
        item, key = items[i], failure.column
        unit_file = _unit_file(item)
        if (row, key) in item.unparsed or key not in unit_file.columns:
            return None
        record = combined.loc[failure.index].to_dict()
        value = record.get(key)
        if failure.code in ("penjelasan-wajib", "capaian-tidak-wajar"):
            value = format_number(round(record["capaian"], 2))
        titles = {c.key: c.title for c in unit_file.expected_columns}
        cell = unit_file.cell(row, key)
        return i, make_finding(
            failure.code,
            cell=cell,
            column=titles.get(key, key),
            indicator=record["kode"],
            value=_shown(value),
            predikat=record["predikat"],
            **item.where,
        )

    results: list[list[Finding]] = [[] for _ in items]
    for i, found in schema_findings(unit_table_schema(quarter), combined, finding):
        results[i].append(found)
    return [_without_echoes(found) for found in results]


def _unit_file(item: _Checked) -> UnitFile:
    """The file a checked report was read from: only a file read whole is checked."""
    if item.report.unit_file is None:
        raise ValueError(f"{item.report.path} was checked without being read.")
    return item.report.unit_file


def _without_echoes(findings: list[Finding]) -> list[Finding]:
    """A capaian made implausible by a value that is already an error says nothing more."""
    negative = {f.cell for f in findings if f.code == "angka-negatif"}
    return [f for f in findings if f.code != "capaian-tidak-wajar" or f.cell not in negative]


def check_approval(unit_file: UnitFile) -> list[Finding]:
    """`Pengesahan`: who compiled the report must be filled, and a NIP must be a NIP."""
    if not unit_file.approval_grid:
        return []
    where = {"file": unit_file.path.name, "sheet": SHEET_APPROVAL, "unit": unit_file.unit}
    findings = []
    for key in ("penyusun_nama", "penyusun_nip", "penyusun_tanggal"):
        label = APPROVAL_ROWS[key][1]
        value = unit_file.approval.get(key)
        cell = unit_file.approval_cells.get(key, "")
        if _text(value) is None:
            findings.append(make_finding("pengesahan-kosong", cell=cell, column=label, **where))
        elif key.endswith("_nip") and (problem := nip_problem(value)):
            findings.append(
                make_finding(
                    "nip-tidak-valid",
                    cell=cell,
                    column=label,
                    value=_shown(value),
                    detail=problem,
                    **where,
                )
            )
    nip = unit_file.approval.get("kepala_nip")
    if _text(nip) and (problem := nip_problem(nip)):
        findings.append(
            make_finding(
                "nip-tidak-valid",
                cell=unit_file.approval_cells.get("kepala_nip", ""),
                column=APPROVAL_ROWS["kepala_nip"][1],
                value=_shown(nip),
                detail=problem,
                **where,
            )
        )
    return findings


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _shown(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def _ordered(findings: list[Finding]) -> list[Finding]:
    """File-level findings first, then by sheet, row and column as a person reads."""

    def key(f: Finding) -> tuple:
        match = re.match(r"([A-Z]+)(\d+)", f.cell)
        col, row = (match.group(1), int(match.group(2))) if match else ("", 0)
        return (f.sheet != "" and f.cell != "", f.sheet != SHEET_DATA, row, len(col), col)

    return sorted(findings, key=key)
