"""Opening spreadsheets for reading (python-calamine) and writing them atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import python_calamine

from pipeline.errors import EXIT_CANNOT_RUN, DataKinerjaError

Grid = list[list[object]]


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_workbook(path: Path, what: str = "File") -> python_calamine.CalamineWorkbook:
    """Open an .xlsx/.ods for reading, or say in one sentence why it cannot be read."""
    if not path.exists():
        raise DataKinerjaError(f"{what} {path} tidak ditemukan. Periksa nama dan letak file.")
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except (python_calamine.CalamineError, OSError, ValueError) as error:
        raise DataKinerjaError(
            f"{what} {path} tidak dapat dibaca sebagai file Excel (.xlsx) atau .ods "
            f"({error}). Buka file di Excel atau LibreOffice dan simpan ulang sebagai .xlsx.",
            EXIT_CANNOT_RUN,
        ) from error


def sheet_grid(workbook: python_calamine.CalamineWorkbook, name: str) -> Grid:
    """The sheet as rows from A1 (row 0 is Excel row 1); empty cells are None."""
    rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return [[None if cell == "" else cell for cell in row] for row in rows]


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
