"""Opening spreadsheets for reading (python-calamine) and writing them atomically."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import python_calamine
import xlsxwriter.exceptions

from pipeline.errors import EXIT_CANNOT_RUN, DataKinerjaError
from pipeline.measure import Extent, ods_extents, sheet_parts, xlsx_extent
from pipeline.numbers import format_number

Grid = list[list[object]]


class NotARegularFile(OSError):
    """A folder, a pipe or a device where a file was expected."""


def open_regular(path: Path, follow: bool = True) -> BinaryIO:
    """`path` opened for reading when it is a regular file; a folder, a pipe or a device
    put in its place on the shared drive is refused at once (opening a pipe would wait
    for a writer for ever). `follow=False`: a link as its last name is refused too."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise NotARegularFile(errno.EINVAL, "bukan file biasa (folder, pipa atau perangkat)")
    return os.fdopen(descriptor, "rb")


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex (NotARegularFile for a pipe or a folder)."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def digest_or_sentence(path: Path) -> str:
    """`sha256_of`, where a file that cannot be read (no permission on the shared drive, a
    pipe) is one sentence naming it instead of an error."""
    try:
        return sha256_of(path)
    except OSError as error:
        raise DataKinerjaError(
            f"{path.name} tidak dapat dibaca ({error.strerror or error}), jadi keasliannya tidak "
            "dapat diperiksa. Minta Katim Penyusunan Program memeriksa izin file itu di folder "
            "bersama.",
            command=f"(Letaknya: {path}.)",
        ) from error


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
# the Katim's analysis file: one row per sasaran strategis, a paragraph or two in each
KATIM_ANALYSIS = Limits(rows=2_000, cols=30, unpacked_bytes=16 * MIB)
REPORT = Limits(rows=1_048_576, cols=16_384, unpacked_bytes=4096 * MIB)  # our own output


class UnreadableSheet(DataKinerjaError):
    """A spreadsheet or one of its sheets cannot be read; the message says which and why."""

    def __init__(self, message: str, detail: str, command: str = "") -> None:
        super().__init__(message, EXIT_CANNOT_RUN, command=command)
        self.detail = detail


class TooLarge(UnreadableSheet):
    """A spreadsheet that holds more than its kind can: refused before it is read."""


UNPACK_PIECE = 64 * 1024  # how much of a zip member is unpacked at a time when checked


class Spreadsheet:
    """An .xlsx or .ods opened for reading; each sheet is measured before it is read, and
    any read error becomes one sentence naming the file. The zip is opened once: the
    parts read by hand (`member`) come from it too. Use it in a `with` block."""

    def __init__(self, path: Path, what: str = "File", limits: Limits = REPORT) -> None:
        self.path, self.what, self.limits = path, what, limits
        self._xml: dict[str, bytes | None] = {}
        if not path.exists():
            raise DataKinerjaError(f"{what} {path} tidak ditemukan. Periksa nama dan letak file.")
        try:
            self._file = open_regular(path)
        except READ_ERRORS as error:
            raise self._unreadable(error) from error
        try:
            self.archive = zipfile.ZipFile(self._file)  # a file passed in stays ours to close
        except zipfile.BadZipFile as error:
            self._file.close()
            raise self._unreadable("bukan arsip zip") from error
        except READ_ERRORS as error:
            self._file.close()
            raise self._unreadable(error) from error
        try:
            self._check_unpacked()
            self.is_ods = "content.xml" in self.names and "xl/workbook.xml" not in self.names
            self.parts = {} if self.is_ods else sheet_parts(self.archive)
            # an .ods is loaded whole when opened: every table is measured before that
            self.ods_extents: dict[str, Extent] = {}
            if self.is_ods:
                with self.archive.open("content.xml") as content:
                    self.ods_extents = ods_extents(content)
                for name in self.ods_extents:
                    self._check_extent(name)
            self.book = python_calamine.CalamineWorkbook.from_path(str(path))
        except READ_ERRORS as error:
            self._close_zip()
            raise self._unreadable(error) from error
        except DataKinerjaError:
            self._close_zip()
            raise
        self.sheet_names: list[str] = list(self.book.sheet_names)

    def __enter__(self) -> Spreadsheet:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._close_zip()
        self.book.close()

    def _close_zip(self) -> None:
        self.archive.close()
        self._file.close()

    @property
    def names(self) -> list[str]:
        """The zip's member names."""
        return self.archive.namelist()

    def member(self, name: str) -> bytes | None:
        """A zip member's bytes (None when there is none), for the parts read by hand."""
        try:
            return self.archive.read(name)
        except KeyError:
            return None

    def grid(self, name: str) -> Grid:
        """The sheet as rows from A1 (row 0 is Excel row 1); empty cells are None."""
        self._check_extent(name)
        try:
            rows = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except READ_ERRORS as error:
            raise self._unreadable(error, name) from error
        return [[None if cell == "" else cell for cell in row] for row in rows]

    def _check_extent(self, name: str) -> None:
        """Refuse a sheet reaching beyond what its kind can hold, before it is read."""
        try:
            extent = self.extent(name)
        except READ_ERRORS as error:
            raise self._unreadable(error) from error
        if extent.rows > self.limits.rows or extent.cols > self.limits.cols:
            rows, cols = format_number(extent.rows), format_number(extent.cols)
            most = f"{format_number(self.limits.rows)} baris × {format_number(self.limits.cols)}"
            detail = f"{rows} baris × {cols} kolom di sheet '{name}'"
            raise TooLarge(
                f"{self.what} {self.path.name} ditolak tanpa dibuka: isinya mencapai {detail}, "
                f"jauh di atas {most} kolom yang mungkin. Hapus isi di luar tabel (Ctrl+End "
                "menunjukkan sel terakhir yang terpakai) lalu simpan ulang.",
                detail,
                f"(Letaknya: {self.path}.)",
            )

    def extent(self, name: str) -> Extent:
        if self.is_ods:
            if name not in self.ods_extents:
                raise ValueError(f"sheet '{name}' tidak dapat diukur")
            return self.ods_extents[name]
        xml = self.sheet_xml(name)
        if xml is None:  # a sheet the reader would find but this measure cannot: refuse
            raise ValueError(f"sheet '{name}' tidak dapat diukur")
        return xlsx_extent(xml, self.limits.rows)

    def sheet_xml(self, name: str) -> bytes | None:
        """An .xlsx sheet's XML, unpacked once for all who look into it by hand."""
        if name not in self._xml:
            part = self.parts.get(name)
            self._xml[name] = self.archive.read(part) if part else None
        return self._xml[name]

    def merged_ranges(self, name: str) -> list:
        try:
            return list(self.book.get_sheet_by_name(name).merged_cell_ranges or [])
        except READ_ERRORS as error:
            raise self._unreadable(error, name) from error

    def _check_unpacked(self) -> None:
        """The sizes the zip declares are within the limits, and true: each member is
        unpacked a piece at a time, which stops at its declared size and fails its
        checksum when it holds more. (Read whole, zipfile unpacks all of a lying member
        before it notices: 2 GB for a 1 MB file.) Nothing read after unpacks more."""
        infos = self.archive.infolist()
        unpacked = sum(info.file_size for info in infos)
        if len(infos) > self.limits.entries or unpacked > self.limits.unpacked_bytes:
            size, parts = format_number(round(unpacked / MIB)), format_number(len(infos))
            detail = f"{size} MiB dalam {parts} bagian"
            raise TooLarge(
                f"{self.what} {self.path.name} ditolak tanpa dibuka: isinya {detail}, jauh di atas "
                "ukuran yang mungkin. Simpan ulang hanya sheet yang diperlukan.",
                detail,
                f"(Letaknya: {self.path}.)",
            )
        for info in infos:
            # deflate never packs a member into more bytes than it unpacks to (but for a
            # few bytes of framing): more compressed bytes than the declared size means
            # more data hides behind it, which calamine would unpack whole
            if info.compress_size > info.file_size + info.file_size // 100 + 1024:
                raise self._unreadable(f"bagian {info.filename} memuat lebih dari ukurannya")
            with self.archive.open(info) as member:
                while member.read(UNPACK_PIECE):
                    pass

    def _unreadable(self, why: object, sheet: str = "") -> UnreadableSheet:
        """The file (named, not where it is: the page shows this too) and why it cannot be
        read; the system's words for it, without the path it repeats."""
        where = f" (sheet '{sheet}')" if sheet else ""
        if isinstance(why, OSError) and why.strerror:
            why = why.strerror
        return UnreadableSheet(
            f"{self.what} {self.path.name}{where} tidak dapat dibaca sebagai file Excel (.xlsx) "
            f"atau .ods ({why}). Buka file di Excel atau LibreOffice dan simpan ulang sebagai "
            ".xlsx.",
            f"{where} ({why})",
            f"(Letaknya: {self.path}.)",
        )


def open_workbook(path: Path, what: str = "File", limits: Limits = REPORT) -> Spreadsheet:
    """Open an .xlsx/.ods for reading, or say in one sentence why it cannot be read."""
    return Spreadsheet(path, what, limits)


def sheet_grid(workbook: Spreadsheet, name: str) -> Grid:
    """The sheet as rows from A1 (row 0 is Excel row 1); empty cells are None."""
    return workbook.grid(name)


def inside(folder: Path, *parts: str) -> Path:
    """`folder / parts`, proven to stay inside `folder`: no `..`, no absolute part, and no
    link on the way below it (a period folder or an output folder linked on the shared
    drive to another would have the tool write over files there, approved ones too). The
    folder itself (input/, output/) may be a link. Every path the tool writes is built
    with this, from those top folders."""
    path = folder.joinpath(*parts)
    below = folder
    for part in Path(*parts).parts if parts else ():
        below = below / part
        if below.is_symlink():
            raise DataKinerjaError(
                f"Menolak menulis {path.name}: salah satu foldernya adalah tautan (link) ke "
                "tempat lain. Minta Katim Penyusunan Program menggantinya dengan folder biasa.",
                EXIT_CANNOT_RUN,
                command=f"(Tautan: {below}.)",
            )
    if not path.resolve().is_relative_to(folder.resolve()):
        raise DataKinerjaError(
            f"Menolak menulis {path}: letaknya di luar folder {folder}.", EXIT_CANNOT_RUN
        )
    return path


def open_inside(folder: Path, path: Path) -> BinaryIO | None:
    """`path` opened for reading when it is a regular file inside `folder` reached without
    a link (a link on the shared drive could point at any file of the computer); None
    otherwise."""
    try:
        if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
            return None
        handle = open_regular(path, follow=False)
    except OSError:  # NotARegularFile among them
        return None
    if not _opened_inside(handle, folder):
        handle.close()
        return None
    return handle


def _opened_inside(handle: BinaryIO, folder: Path) -> bool:
    """Where the file opened really is, where the system says (Linux): a folder on the way
    swapped for a link between the check and the opening is caught here."""
    where = Path(f"/proc/self/fd/{handle.fileno()}")
    if not where.is_symlink():
        return True  # no such view of open files here: the check before opening stands
    return Path(os.readlink(where)).is_relative_to(folder.resolve())


# A temporary file beside its target: `.<stem>-<8 hex>.tmp<suffix>`.
STALE_AFTER_SECONDS = 3600


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it into place only if the block
    succeeds, so the previous file stays whole otherwise. The file gets the permissions
    the user's umask gives; a temporary left by a killed run is removed by a later one.
    A file that cannot be written is one sentence naming it (exit 2)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        temporary = _create_beside(path)
    except OSError as error:
        raise cannot_write(path, error) from error
    try:
        yield temporary
        os.replace(temporary, path)
    except xlsxwriter.exceptions.FileCreateError as error:
        raise cannot_write(path, error) from error
    except OSError as error:
        if error.filename not in (None, str(temporary), str(path)):
            raise  # reading some other file failed: not ours to call a write error
        raise cannot_write(path, error) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _create_beside(path: Path) -> Path:
    """A new empty file beside `path`, created with mode 0666 less the umask (a
    colleague on a shared folder can read the report when the umask says so). Its name
    says which machine and process write it, so a later run knows a dead one's leftover."""
    while True:
        candidate = path.with_name(
            f".{path.stem}-{_HOST}-{os.getpid()}-{secrets.token_hex(4)}.tmp{path.suffix}"
        )
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate


_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"


def _remove_stale_temporaries(path: Path) -> None:
    """Temporaries of `path` left by a killed run: by a process of this machine that no
    longer runs, or by any machine more than an hour ago (a run takes minutes)."""
    pattern = re.compile(
        rf"\.{re.escape(path.stem)}-([A-Za-z0-9]+)-([0-9]+)-[0-9a-f]{{8}}\.tmp{re.escape(path.suffix)}"
    )
    now = time.time()
    for candidate in path.parent.glob(f".{path.stem}-*.tmp{path.suffix}"):
        match = pattern.fullmatch(candidate.name)
        if match is None:
            continue
        with contextlib.suppress(OSError):
            dead = match.group(1) == _HOST and not _running(int(match.group(2)))
            if dead or now - candidate.stat().st_mtime > STALE_AFTER_SECONDS:
                candidate.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def cannot_write(path: Path, error: BaseException) -> DataKinerjaError:
    """What to do when `path` cannot be written, in one sentence; the old file is intact."""
    # xlsxwriter wraps the OSError of a failed write in its FileCreateError
    wrapped = [error, *error.args, error.__context__]
    cause = next((e for e in wrapped if isinstance(e, OSError)), None)
    code = cause.errno if isinstance(cause, OSError) else None
    # the page names the file and what to do; where it is on the server, and the system's
    # own words, are for the command line (its `command`)
    system = getattr(cause, "strerror", None) or str(error)
    command = f"(File: {path}; sistem: {system}.)"
    if code == errno.ENOSPC:
        why = "disk penuh. Kosongkan ruang disk lalu ulangi"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ETXTBSY):
        why = (
            "izin ditolak. Bila file itu sedang dibuka (misalnya di Excel), tutup dulu; bila "
            "foldernya hanya-baca, minta izin menulis di folder itu"
        )
        command += " Atau pilih folder lain dengan --keluaran."
    elif code in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        why = "foldernya tidak ada, tidak dapat dibuat, atau ada folder di tempat file itu"
        command += " Periksa path foldernya (--masukan, --keluaran)."
    else:
        why = "sistem menolak menulisnya. Periksa folder dan disknya lalu ulangi"
    return DataKinerjaError(
        f"Tidak dapat menulis {path.name}: {why}. File lama, bila ada, tidak berubah.",
        EXIT_CANNOT_RUN,
        command=command,
    )
