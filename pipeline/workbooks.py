"""Opening spreadsheets for reading (python-calamine) and writing them atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from pipeline.errors import EXIT_CANNOT_RUN, DataKinerjaError
from pipeline.measure import sheet_extent

Grid = list[list[object]]


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# What reading a damaged spreadsheet raises: calamine's own errors (broken XML, a bad
# checksum, sizes that lie, a password), the zip module's and zlib's for the parts read by
# hand, and the operating system's.
READ_ERRORS = (
    python_calamine.CalamineError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
)


@dataclass(frozen=True)
class Limits:
    """The most a spreadsheet of one kind can hold; anything more is refused unread."""

    rows: int
    cols: int
    unpacked_bytes: int
    entries: int = 2000


MIB = 1024 * 1024
UNIT_FILE = Limits(rows=5_000, cols=100, unpacked_bytes=64 * MIB)  # a template is ~20 x 20
MASTER = Limits(rows=200_000, cols=60, unpacked_bytes=512 * MIB)  # 2,500 units x 60 rows
LOG = Limits(rows=100_000, cols=30, unpacked_bytes=64 * MIB)
REPORT = Limits(rows=1_048_576, cols=16_384, unpacked_bytes=4096 * MIB)  # our own output


class UnreadableSheet(DataKinerjaError):
    """A spreadsheet or one of its sheets cannot be read; the message says which and why."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message, EXIT_CANNOT_RUN)
        self.detail = detail


class TooLarge(UnreadableSheet):
    """A spreadsheet that holds more than its kind can: refused before it is read."""


class Spreadsheet:
    """An .xlsx or .ods opened for reading; each sheet is measured before it is read, and
    any read error becomes one sentence naming the file."""

    def __init__(self, path: Path, what: str = "File", limits: Limits = REPORT) -> None:
        self.path, self.what, self.limits = path, what, limits
        if not path.exists():
            raise DataKinerjaError(f"{what} {path} tidak ditemukan. Periksa nama dan letak file.")
        self._check_unpacked()
        try:
            self.book = python_calamine.CalamineWorkbook.from_path(str(path))
        except READ_ERRORS as error:
            raise self._unreadable(error) from error
        self.sheet_names: list[str] = list(self.book.sheet_names)

    def grid(self, name: str) -> Grid:
        """The sheet as rows from A1 (row 0 is Excel row 1); empty cells are None."""
        try:
            extent = sheet_extent(self.path, name)
        except READ_ERRORS as error:
            raise self._unreadable(error) from error
        if extent.rows > self.limits.rows or extent.cols > self.limits.cols:
            detail = f"{_count(extent.rows)} baris × {_count(extent.cols)} kolom di sheet '{name}'"
            raise TooLarge(
                f"{self.what} {self.path} ditolak tanpa dibuka: isinya mencapai {detail}, jauh "
                f"di atas {_count(self.limits.rows)} baris × {_count(self.limits.cols)} kolom "
                "yang mungkin. Hapus isi di luar tabel (Ctrl+End menunjukkan sel terakhir yang "
                "terpakai) lalu simpan ulang.",
                detail,
            )
        try:
            rows = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except READ_ERRORS as error:
            raise self._unreadable(error, name) from error
        return [[None if cell == "" else cell for cell in row] for row in rows]

    def merged_ranges(self, name: str) -> list:
        try:
            return list(self.book.get_sheet_by_name(name).merged_cell_ranges or [])
        except READ_ERRORS as error:
            raise self._unreadable(error, name) from error

    def _check_unpacked(self) -> None:
        try:
            with zipfile.ZipFile(self.path) as archive:
                infos = archive.infolist()
        except READ_ERRORS as error:
            raise self._unreadable(error) from error
        unpacked = sum(info.file_size for info in infos)
        if len(infos) > self.limits.entries or unpacked > self.limits.unpacked_bytes:
            detail = f"{_count(round(unpacked / MIB))} MiB dalam {_count(len(infos))} bagian"
            raise TooLarge(
                f"{self.what} {self.path} ditolak tanpa dibuka: isinya {detail}, jauh di atas "
                "ukuran yang mungkin. Simpan ulang hanya sheet yang diperlukan.",
                detail,
            )

    def _unreadable(self, error: BaseException, sheet: str = "") -> UnreadableSheet:
        where = f" (sheet '{sheet}')" if sheet else ""
        return UnreadableSheet(
            f"{self.what} {self.path}{where} tidak dapat dibaca sebagai file Excel (.xlsx) atau "
            f".ods ({error}). Buka file di Excel atau LibreOffice dan simpan ulang sebagai .xlsx.",
            f"{where} ({error})",
        )


def _count(number: int) -> str:
    """1.048.576, as an Indonesian reader writes it."""
    return f"{number:,}".replace(",", ".")


def open_workbook(path: Path, what: str = "File", limits: Limits = REPORT) -> Spreadsheet:
    """Open an .xlsx/.ods for reading, or say in one sentence why it cannot be read."""
    return Spreadsheet(path, what, limits)


def sheet_grid(workbook: Spreadsheet, name: str) -> Grid:
    """The sheet as rows from A1 (row 0 is Excel row 1); empty cells are None."""
    return workbook.grid(name)


def inside(folder: Path, *parts: str) -> Path:
    """`folder / parts`, proven to stay inside `folder` (no `..`, no absolute part, no
    link leading out); every output path is built with this."""
    path = folder.joinpath(*parts)
    if not path.resolve().is_relative_to(folder.resolve()):
        raise DataKinerjaError(
            f"Menolak menulis {path}: letaknya di luar folder {folder}.", EXIT_CANNOT_RUN
        )
    return path


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it into place only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
