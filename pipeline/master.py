"""Read and check the indicator master `input/master.xlsx` (SPEC section 4)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from pipeline.cells import address
from pipeline.errors import EXIT_INPUT, DataKinerjaError
from pipeline.failures import Failure, schema_findings
from pipeline.findings import Finding, has_errors, make_finding
from pipeline.numbers import parse_number, plausible
from pipeline.workbooks import MASTER as MASTER_LIMITS
from pipeline.workbooks import Grid, open_workbook, sha256_of
from schemas.master import ACCUMULATIONS, POLARITIES, indicator_schema, unit_schema
from schemas.nip import nip_problem

SHEET_OFFICE, SHEET_UNITS, SHEET_INDICATORS = "Dinas", "Unit", "Indikator"
SHEET_BANDS, SHEET_SCHEDULE = "Skala", "Jadwal"
DEFAULT_CAP = 100.0


@dataclass(frozen=True)
class Column:
    """One master column: its key in the frame, the header a person types, how to read it."""

    key: str
    header: str
    kind: str = "text"  # text | code | choice | number | year | yesno | nip
    required: bool = True  # the cell must be filled
    optional_column: bool = False  # the whole column may be left out
    aliases: tuple[str, ...] = ()


INDICATOR_COLUMNS = (
    Column("tahun", "Tahun", "year"),
    Column("kode", "Kode Indikator", "code", aliases=("kode",)),
    Column("unit", "Unit", "code", aliases=("kode unit",)),
    Column("sasaran", "Sasaran Strategis", aliases=("sasaran",)),
    Column("indikator", "Indikator Kinerja", aliases=("indikator",)),
    Column("definisi", "Definisi/Rumus", required=False, aliases=("definisi", "rumus")),
    Column("satuan", "Satuan"),
    Column("polaritas", "Polaritas", "choice"),
    Column("akumulasi", "Akumulasi", "choice"),
    Column("target", "Target Tahunan", "number"),
    *(Column(f"target_tw{q}", f"Target TW{q}", "number", False, True) for q in range(1, 5)),
    Column("boleh_lebih_100", "Boleh Lebih dari 100%", "yesno", False, True),
    Column("iku", "IKU", "yesno", False, True, aliases=("indikator kinerja utama",)),
    Column("realisasi_lalu", "Realisasi Tahun Lalu", "number", False, True),
    Column("target_lalu", "Target Tahun Lalu", "number", False, True),
    Column("target_renstra", "Target Akhir Renstra", "number", False, True),
    Column("tahun_renstra", "Tahun Akhir Renstra", "year", False, True),
    Column("sumber", "Sumber Data", required=False, optional_column=True),
)

# Columns only the office's report shows: a template does not carry them, so changing one
# does not make a unit's template outdated.
REPORT_ONLY_COLUMNS = frozenset(
    {"iku", "realisasi_lalu", "target_lalu", "target_renstra", "tahun_renstra"}
)
TEMPLATE_SOURCE_COLUMNS = tuple(c for c in INDICATOR_COLUMNS if c.key not in REPORT_ONLY_COLUMNS)

UNIT_COLUMNS = (
    Column("kode", "Kode Unit", "code", aliases=("kode",)),
    Column("nama", "Nama Unit"),
    Column("jabatan", "Jabatan Kepala", required=False, optional_column=True),
    Column("kepala", "Nama Kepala", required=False, aliases=("kepala",)),
    Column("nip", "NIP Kepala", "nip", required=False, aliases=("nip",)),
    Column("katim", "Nama Katim", required=False, optional_column=True, aliases=("katim",)),
)

CHOICES = {"polaritas": POLARITIES, "akumulasi": ACCUMULATIONS}

# The `Dinas` sheet: isian (key) -> what it is. NIP keys are checked as NIPs.
OFFICE_KEYS = {
    "nama dinas": True,
    "kota": True,
    "alamat": False,
    "nama kepala dinas": True,
    "nip kepala dinas": False,
    "pangkat/golongan kepala dinas": False,
    "nama sekretaris": True,
    "nip sekretaris": False,
    "nama katim penyusunan program": True,
    "nip katim penyusunan program": False,
    "batas atas capaian": False,
    "jam kerja": False,
    "hari kerja": False,
    "catatan": False,
}

DEFAULT_BANDS = (
    ("Sangat Tinggi", 91.0),
    ("Tinggi", 76.0),
    ("Sedang", 66.0),
    ("Rendah", 51.0),
    ("Sangat Rendah", 0.0),
)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of the master's Indikator sheet, read and checked (SPEC section 4)."""

    row: int  # its Excel row on the Indikator sheet
    tahun: int
    kode: str
    unit: str
    sasaran: str
    indikator: str
    definisi: str | None
    satuan: str
    polaritas: str  # positif | negatif
    akumulasi: str  # kumulatif | posisi | rata-rata
    target: float  # the annual target
    target_tw1: float | None  # quarterly targets, cumulative to the quarter (optional)
    target_tw2: float | None
    target_tw3: float | None
    target_tw4: float | None
    boleh_lebih_100: bool
    iku: bool
    realisasi_lalu: float | None
    target_lalu: float | None
    target_renstra: float | None
    tahun_renstra: int | None
    sumber: str | None

    def target_for(self, quarter: int) -> float | None:
        """The quarterly target up to `quarter`, when the master gives one."""
        return (self.target_tw1, self.target_tw2, self.target_tw3, self.target_tw4)[quarter - 1]


@dataclass(frozen=True)
class Master:
    path: Path
    office: dict[str, str]
    units: pd.DataFrame  # indexed by unit code
    rows: tuple[Indicator, ...]  # the Indikator sheet, in its order
    bands: tuple[tuple[str, float], ...] = DEFAULT_BANDS  # highest first
    deadlines: dict[str, date] = field(default_factory=dict)
    cap: float = DEFAULT_CAP
    warnings: tuple[Finding, ...] = ()
    sha256: str = ""  # of the file's bytes, as read

    @cached_property
    def indicators(self) -> pd.DataFrame:
        """The rows as a frame indexed by Excel row, for pandas' work on many at once."""
        names = [name for name in Indicator.__slots__ if name != "row"]
        return pd.DataFrame(
            {name: [getattr(r, name) for r in self.rows] for name in names},
            index=[r.row for r in self.rows],
        )

    def unit_records(self, unit: str, year: int) -> dict[str, Indicator]:
        """A unit's indicators of a year by code, in master order (empty when it has none)."""
        return self._by_unit.get((unit, year), {})

    def units_of_year(self, year: int) -> list[str]:
        """Units with indicators in a year, in the order of the Unit sheet."""
        return [u for u in self.units.index if (u, year) in self._by_unit]

    def unit_hash(self, unit: str, year: int) -> str:
        """SHA-256 of the master rows a unit's template is made from: the columns it carries
        or is checked against, not those only the office's report shows."""
        key = (unit, year)
        if key not in self._hashes:
            rows = [
                [getattr(record, c.key) for c in TEMPLATE_SOURCE_COLUMNS]
                for record in self.unit_records(unit, year).values()
            ]
            payload = json.dumps([unit, year, rows], ensure_ascii=False, sort_keys=True)
            self._hashes[key] = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        return self._hashes[key]

    @cached_property
    def _by_unit(self) -> dict[tuple[str, int], dict[str, Indicator]]:
        grouped: dict[tuple[str, int], dict[str, Indicator]] = {}
        for row in self.rows:
            grouped.setdefault((row.unit, row.tahun), {})[row.kode] = row
        return grouped

    @cached_property
    def _hashes(self) -> dict[tuple[str, int], str]:
        return {}


def indicator_rows(frame: pd.DataFrame) -> tuple[Indicator, ...]:
    """The checked Indikator frame as records; pandas' missing markers become None.
    Columns become Python lists once instead of boxing every cell."""
    columns = [_plain_column(frame[c.key].tolist(), c.kind) for c in INDICATOR_COLUMNS]
    return tuple(
        Indicator(row, *values)  # the checked frame has each column's type
        for row, *values in zip(frame.index.tolist(), *columns, strict=True)
    )


def _plain_column(values: list[Any], kind: str) -> list[Any]:
    """A frame's column as plain values (see `_plain_value`), one pass per column."""
    if kind == "number":  # floats, NaN where empty
        return [None if v != v else v for v in values]
    if kind == "yesno":  # booleans, never empty
        return values
    return [v if type(v) is str or type(v) is int else _plain_value(v) for v in values]


def _plain_value(value: Any) -> object:
    """A JSON-able value of a frame's cell; pandas' missing markers become None."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        return None if value != value else value
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def normalise_header(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip(":").strip().lower()


def read_master(path: Path) -> Master:
    """Read and validate the master; every problem found is raised at once as findings.

    It is read afresh by every command: nothing read from disk is ever deserialised
    into objects (SPEC section 11), and on the office's master this costs ~30 ms.
    """
    try:
        digest = sha256_of(path)
    except OSError:
        return _read_master(path, "")  # missing or unreadable: it says so, by name
    return _read_master(path, digest)


def _read_master(path: Path, digest: str) -> Master:
    with open_workbook(path, "Master indikator", MASTER_LIMITS) as workbook:
        names = set(workbook.sheet_names)
        missing = [s for s in (SHEET_OFFICE, SHEET_UNITS, SHEET_INDICATORS) if s not in names]
        if missing:
            raise _master_error(
                path,
                [make_finding("master-sheet-hilang", file=path.name, sheet=s) for s in missing],
            )
        grids = {sheet: workbook.grid(sheet) for sheet in names & set(MASTER_SHEETS)}
    findings: list[Finding] = []
    office = _read_office(grids[SHEET_OFFICE], path, findings)
    units = _read_table(grids[SHEET_UNITS], UNIT_COLUMNS, SHEET_UNITS, path, findings)
    indicators = _read_table(
        grids[SHEET_INDICATORS], INDICATOR_COLUMNS, SHEET_INDICATORS, path, findings
    )
    bands: tuple[tuple[str, float], ...] = DEFAULT_BANDS
    if SHEET_BANDS in grids:
        bands = _read_bands(grids[SHEET_BANDS], path, findings)
    deadlines = {}
    if SHEET_SCHEDULE in grids:
        deadlines = _read_schedule(grids[SHEET_SCHEDULE], path, findings)
    if units is not None:
        findings += _validate(units, unit_schema(), UNIT_COLUMNS, SHEET_UNITS, path)
    if indicators is not None and units is not None:
        schema = indicator_schema(list(dict.fromkeys(units["kode"].dropna())))
        findings += _validate(indicators, schema, INDICATOR_COLUMNS, SHEET_INDICATORS, path)
    if has_errors(findings) or units is None or indicators is None:
        raise _master_error(path, findings)  # a missing column is an error: never None here

    indicators["sasaran"] = _one_spelling(indicators["sasaran"])
    cap = parse_number(office.get("batas atas capaian")).value or DEFAULT_CAP
    return Master(
        path=path,
        office=office,
        units=units.set_index("kode", drop=False),
        rows=indicator_rows(indicators),
        bands=bands,
        deadlines=deadlines,
        cap=cap,
        warnings=tuple(findings),
        sha256=digest,
    )


def _master_error(path: Path, findings: list[Finding]) -> DataKinerjaError:
    errors = sum(1 for f in findings if f.severity == "GALAT")
    return DataKinerjaError(
        f"Master indikator {path} memuat {errors} galat yang harus diperbaiki sebelum "
        "perintah ini dapat dijalankan.",
        EXIT_INPUT,
        findings,
    )


def _read_office(grid: Grid, path: Path, findings: list[Finding]) -> dict[str, str]:
    office: dict[str, str] = {}
    for r, row in enumerate(grid[1:], start=2):
        key = normalise_header(row[0] if row else None)
        value = row[1] if len(row) > 1 else None
        if not key:
            continue
        if key not in OFFICE_KEYS:
            findings.append(
                make_finding(
                    "master-isian-tidak-dikenal",
                    file=path.name,
                    sheet=SHEET_OFFICE,
                    cell=address(r, 0),
                    value=row[0],
                    choices=", ".join(OFFICE_KEYS),
                )
            )
            continue
        text = _text(value)
        office[key] = text or ""
        if key == "batas atas capaian" and text and not _valid_cap(value):
            findings.append(
                make_finding(
                    "master-batas-capaian-tidak-valid",
                    file=path.name,
                    sheet=SHEET_OFFICE,
                    cell=address(r, 1),
                    column=row[0],
                    value=text,
                )
            )
        if key.startswith("nip") and text and (problem := nip_problem(text)):
            findings.append(
                make_finding(
                    "nip-tidak-valid",
                    file=path.name,
                    sheet=SHEET_OFFICE,
                    cell=address(r, 1),
                    column=row[0],
                    value=text,
                    detail=problem,
                )
            )
    for key, required in OFFICE_KEYS.items():
        if required and not office.get(key):
            findings.append(
                make_finding(
                    "master-isian-kosong",
                    file=path.name,
                    sheet=SHEET_OFFICE,
                    column=key.title(),
                    value="",
                )
            )
    return office


def _one_spelling(texts: pd.Series) -> pd.Series:
    """Texts that differ only in letter case are one: a spreadsheet's `=` compares them so,
    and the workbook's averages per sasaran are formulas. The first spelling is kept."""
    first: dict[str, str] = {}
    return texts.map(lambda text: first.setdefault(text.casefold(), text))


MASTER_SHEETS = (SHEET_OFFICE, SHEET_UNITS, SHEET_INDICATORS, SHEET_BANDS, SHEET_SCHEDULE)


def _valid_cap(raw: object) -> bool:
    """The capaian cap: a plausible number of at least 100 (SPEC section 6)."""
    cap = parse_number(raw).value
    return cap is not None and cap >= 100


def _read_table(
    grid: Grid, columns: tuple[Column, ...], sheet: str, path: Path, findings: list[Finding]
) -> pd.DataFrame | None:
    """Parse a header-in-row-1 table into typed columns, indexed by Excel row number."""
    header = [normalise_header(h) for h in (grid[0] if grid else [])]
    positions: dict[str, int] = {}
    for column in columns:
        names = {normalise_header(column.header), *column.aliases}
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is not None:
            positions[column.key] = found
        elif not column.optional_column:
            findings.append(
                make_finding(
                    "master-kolom-hilang", file=path.name, sheet=sheet, column=column.header
                )
            )
    if any(c.key not in positions and not c.optional_column for c in columns):
        return None

    rows = [
        (r, row)
        for r, row in enumerate(grid[1:], start=2)
        if any(v is not None and (type(v) is not str or v.strip()) for v in row)
    ]
    data: dict[str, list[object]] = {}
    slow: list[tuple[int, int, Column, int | None, object]] = []
    for order, column in enumerate(columns):
        col = positions.get(column.key)
        raws = [row[col] if col is not None and col < len(row) else None for _, row in rows]
        values = _fast_column(raws, column.kind)
        slow += [(i, order, column, col, raws[i]) for i, v in enumerate(values) if v is _SLOW]
        data[column.key] = values
    # the cells that need the full treatment, in the sheet's reading order (row by row),
    # so that their findings come in the order a person reads them
    unparsed: set[tuple[int, str]] = set()
    for i, _, column, col, raw in sorted(slow, key=lambda cell: (cell[0], cell[1])):
        r = rows[i][0]
        cell = address(r, col) if col is not None else ""
        where = {"file": path.name, "sheet": sheet, "cell": cell, "column": column.header}
        before = len(findings)
        value = _parse_cell(raw, column, where, findings)
        if value is None and len(findings) > before:
            unparsed.add((r, column.key))
        data[column.key][i] = value
    frame = pd.DataFrame(data, index=[r for r, _ in rows], columns=[c.key for c in columns])
    for column in columns:
        if column.kind in ("year",):
            frame[column.key] = frame[column.key].astype("Int64")
        elif column.kind == "number":
            frame[column.key] = frame[column.key].astype(float)
        elif column.kind == "yesno":
            frame[column.key] = frame[column.key].fillna(False).astype(bool)
        else:
            frame[column.key] = frame[column.key].astype("str").where(frame[column.key].notna())
    frame.attrs["positions"] = positions
    frame.attrs["unparsed"] = unparsed
    return frame


_SLOW = object()


def _fast_column(raws: list[object], kind: str) -> list[object]:
    """The typed values of a column's ordinary cells, with _SLOW where a cell needs the
    full treatment (and a finding, perhaps). One pass per column without a function call
    per cell: 30,000 indicator rows make this matter."""
    if kind in ("text", "code", "choice"):
        texts = [
            (" ".join(v.split()) or None) if type(v) is str else (None if v is None else _SLOW)
            for v in raws
        ]
        if kind == "code":
            return [t.upper() if type(t) is str else t for t in texts]
        if kind == "choice":
            return [t.lower() if type(t) is str else t for t in texts]
        return texts
    if kind == "number":
        return [
            float(v)
            if (type(v) is float or type(v) is int) and plausible(v)
            else (None if v is None else _SLOW)
            for v in raws
        ]
    if kind == "year":
        return [
            int(v)
            if type(v) is int or (type(v) is float and v.is_integer())
            else (None if v is None else _SLOW)
            for v in raws
        ]
    if kind == "yesno":
        return [
            False
            if v is None
            else (v.strip().lower() == "ya")
            if type(v) is str and v.strip().lower() in ("ya", "tidak")
            else _SLOW
            for v in raws
        ]
    return [None if v is None else _SLOW for v in raws]


def _parse_cell(raw: object, column: Column, where: dict, findings: list[Finding]) -> object:
    """Typed value of one master cell; problems become findings and the value None."""
    if column.kind == "number":
        parsed = parse_number(raw, percent_allowed=True)
        if parsed.invalid:
            code = "angka-di-luar-batas" if parsed.too_large else "angka-tidak-valid"
            findings.append(make_finding(code, value=_shown(raw), **where))
        elif not parsed.clean:
            findings.append(
                make_finding("angka-tidak-bersih", value=raw, parsed=parsed.value, **where)
            )
        return parsed.value
    if column.kind == "year":
        parsed = parse_number(raw)
        if parsed.invalid or (parsed.value is not None and not float(parsed.value).is_integer()):
            findings.append(make_finding("master-tahun-tidak-valid", value=_shown(raw), **where))
            return None
        return None if parsed.value is None else int(parsed.value)
    text = _text(raw)
    if column.kind == "yesno":
        if text is None:
            return False
        if text.lower() in ("ya", "y", "yes", "true", "1"):
            return True
        if text.lower() in ("tidak", "t", "no", "false", "0"):
            return False
        findings.append(make_finding("ya-tidak-tidak-valid", value=text, **where))
        return False
    if text is None:
        return None
    if column.kind == "code":
        return text.upper()
    if column.kind == "choice":
        return text.lower()
    if column.kind == "nip":
        return re.sub(r"\s+", " ", text)
    return text


def _text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime):
        raw = raw.date().isoformat()
    text = re.sub(r"\s+", " ", str(raw)).strip()
    return text or None


def _shown(raw: object) -> str:
    if isinstance(raw, datetime | date):
        return raw.strftime("%d-%m-%Y")
    return str(raw)


def _validate(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    columns: tuple[Column, ...],
    sheet: str,
    path: Path,
) -> list[Finding]:
    """Run a pandera schema lazily and turn each failure into a finding at its cell."""
    positions = frame.attrs["positions"]
    headers = {c.key: c.header for c in columns}

    def finding(failure: Failure) -> Finding | None:
        row, key, code = failure.index, failure.column, failure.code
        # Cells already reported while parsing are None here; do not report them twice.
        if code == "master-isian-kosong" and _already_reported(frame, row, key):
            return None
        col = positions.get(key)
        value = frame.at[row, key]
        choices = _allowed(schema, "unit") if key == "unit" else ", ".join(CHOICES.get(key, []))
        return make_finding(
            code,
            file=path.name,
            sheet=sheet,
            cell=address(row, col) if col is not None else "",
            column=headers[key],
            indicator=_code_of(frame, row),
            value=_plain(value),
            choices=choices,
            detail=nip_problem(value) if code == "nip-tidak-valid" else "",
        )

    findings = schema_findings(schema, frame, finding)
    return sorted(findings, key=lambda f: (_row_of(f.cell), f.cell, f.code))


def _already_reported(frame: pd.DataFrame, row: int, key: str) -> bool:
    return (row, key) in frame.attrs["unparsed"]


def _allowed(schema: pa.DataFrameSchema, column: str) -> str:
    check = schema.columns[column].checks[0]
    return ", ".join(check.statistics.get("allowed_values", []))


def _code_of(frame: pd.DataFrame, row: int) -> str:
    value = frame.at[row, "kode"] if "kode" in frame else None
    return value if isinstance(value, str) else ""  # a text column: text or missing


def _plain(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row_of(cell: str) -> int:
    digits = re.sub(r"\D", "", cell)
    return int(digits) if digits else 0


def _read_bands(grid: Grid, path: Path, findings: list[Finding]) -> tuple[tuple[str, float], ...]:
    bands = []
    for row in grid[1:]:
        name = _text(row[0] if row else None)
        minimum = parse_number(row[1] if len(row) > 1 else None).value
        if name is None and minimum is None:
            continue
        if name is None or minimum is None:
            detail = f"baris '{name or ''}' tidak lengkap"
            findings.append(
                make_finding(
                    "master-skala-tidak-valid", file=path.name, sheet=SHEET_BANDS, detail=detail
                )
            )
            return DEFAULT_BANDS
        bands.append((name, float(minimum)))
    bands.sort(key=lambda band: -band[1])
    minimums = [m for _, m in bands]
    problem = ""
    if len(bands) < 2:
        problem = "paling sedikit dua predikat diperlukan"
    elif len(set(minimums)) != len(minimums):
        problem = "dua predikat memiliki capaian minimum yang sama"
    elif minimums[-1] != 0:
        problem = f"capaian minimum terendah adalah {minimums[-1]:g}, seharusnya 0"
    if problem:
        findings.append(
            make_finding(
                "master-skala-tidak-valid", file=path.name, sheet=SHEET_BANDS, detail=problem
            )
        )
        return DEFAULT_BANDS
    return tuple(bands)


def _read_schedule(grid: Grid, path: Path, findings: list[Finding]) -> dict[str, date]:
    from pipeline.periods import Period  # noqa: PLC0415 - periods is a leaf module

    deadlines: dict[str, date] = {}
    for r, row in enumerate(grid[1:], start=2):
        label = _text(row[0] if row else None)
        raw = row[1] if len(row) > 1 else None
        if label is None:
            continue
        try:
            period = str(Period.parse(label))
        except DataKinerjaError:
            findings.append(
                make_finding(
                    "master-pilihan-tidak-valid",
                    file=path.name,
                    sheet=SHEET_SCHEDULE,
                    cell=address(r, 0),
                    column="Periode",
                    value=label,
                    choices="periode seperti 2026-TW2",
                )
            )
            continue
        when = _as_date(raw)
        if when is None:
            findings.append(
                make_finding(
                    "master-tanggal-tidak-valid",
                    file=path.name,
                    sheet=SHEET_SCHEDULE,
                    cell=address(r, 1),
                    column="Batas Waktu Penyampaian",
                    value=_shown(raw) if raw is not None else "",
                )
            )
            continue
        deadlines[period] = when
    return deadlines


def _as_date(raw: object) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = _text(raw)
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text or "", pattern).date()
        except ValueError:
            continue
    return None


def is_percent(satuan: object) -> bool:
    """A percent indicator: its values are read with `%` and capped at 100 unless allowed."""
    text = str(satuan or "").strip().lower()
    return text in ("%", "persen") or text.startswith("% ")
