from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

import pytest
import xlsxwriter
import xlsxwriter.exceptions

from pipeline.cli import main
from pipeline.errors import DataKinerjaError
from pipeline.tidy import write_tidy_csv
from pipeline.workbooks import STALE_AFTER_SECONDS, inside
from tests.conftest import ROOT
from tests.helpers import PERIOD


def test_an_output_path_stays_inside_its_folder(tmp_path):
    assert inside(tmp_path, "2026-TW3", "DAFDUK.xlsx") == tmp_path / "2026-TW3" / "DAFDUK.xlsx"
    for parts in (("..", "x.xlsx"), ("/etc/passwd",), ("a", "..", "..", "x")):
        with pytest.raises(DataKinerjaError) as refused:
            inside(tmp_path / "out", *parts)
        assert "di luar folder" in str(refused.value)


def test_a_link_leading_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "umpan-balik").symlink_to(tmp_path / "input", target_is_directory=True)
    with pytest.raises(DataKinerjaError):
        inside(tmp_path / "out", "umpan-balik", "DAFDUK.xlsx")


# --- writing to a folder others share (SPEC section 11)


def _stale_name(path, digits="deadbeef", host="lain", pid=1):
    return path.with_name(f".{path.stem}-{host}-{pid}-{digits}.tmp{path.suffix}")


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_files_get_the_permissions_the_umask_gives(tmp_path, mask):
    old = os.umask(mask)
    try:
        path = write_tidy_csv(_evaluation(), tmp_path / "out" / "data.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "disk penuh"),
        (PermissionError(errno.EACCES, "Permission denied"), "sedang dibuka (misalnya di Excel)"),
        (OSError(errno.EROFS, "Read-only file system"), "foldernya hanya-baca"),
    ],
)
def test_a_file_that_cannot_be_written_is_one_sentence_and_the_old_file_stays(
    tmp_path, monkeypatch, capsys, error, words
):
    args = ["konsolidasi", "--periode", "2026-TW3", "--keluaran", str(tmp_path / "out")]
    assert main(args) == 0
    report = tmp_path / "out" / "2026-TW3" / "Laporan-Kinerja-Dinas-2026-TW3.xlsx"
    before = report.read_bytes()
    capsys.readouterr()

    def fail(self):
        Path(self.filename).write_bytes(b"PK setengah")  # half a file, then the error
        raise xlsxwriter.exceptions.FileCreateError(error)

    monkeypatch.setattr(xlsxwriter.Workbook, "close", fail)
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith(f"GAGAL: Tidak dapat menulis {report.name}: ")
    assert words in err and "File lama, bila ada, tidak berubah." in err
    assert f"(File: {report}; sistem: {error.strerror}.)" in err  # where, at the command line
    assert "Traceback" not in err
    assert report.read_bytes() == before
    assert sorted(p.name for p in report.parent.iterdir()) == [
        "Data-Kinerja-2026-TW3.csv",
        report.name,
        "template",  # the Katim's analysis template, from the first run
    ]


def test_a_temporary_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    target = tmp_path / "out" / "data.csv"
    target.parent.mkdir(parents=True)
    stale, fresh = _stale_name(target), _stale_name(target, "0123abcd")
    stale.write_text("sisa proses yang dihentikan")
    fresh.write_text("proses lain yang sedang menulis")
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(stale, (old, old))
    unrelated = target.with_name(".data-catatan.tmp.csv")
    unrelated.write_text("bukan milik alat ini")
    os.utime(unrelated, (old, old))
    write_tidy_csv(_evaluation(), target)
    assert not stale.exists()
    assert fresh.exists() and unrelated.exists()


def test_an_output_folder_that_cannot_be_made_is_one_sentence(tmp_path, capsys):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("sebuah file")
    args = ["konsolidasi", "--periode", "2026-TW3", "--keluaran", str(blocker / "out")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "GAGAL: Tidak dapat menulis" in err and "foldernya tidak ada" in err


def _evaluation():
    from pipeline.consolidation import consolidate, read_inputs
    from pipeline.master import read_master
    from pipeline.periods import Period

    master = read_master(ROOT / "input" / "master.xlsx")
    period = Period.parse("2026-TW3")
    return consolidate(master, period, read_inputs(master, period, ROOT / "input"))


def test_a_temporary_of_a_killed_process_on_this_machine_goes_at_once(tmp_path):
    import subprocess
    import sys

    from pipeline.workbooks import _HOST

    target = tmp_path / "out" / "data.csv"
    target.parent.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    left = _stale_name(target, host=_HOST, pid=int(dead.stdout))  # a fresh leftover
    left.write_text("sisa kill -9")
    alive = _stale_name(target, "0123abcd", host=_HOST, pid=os.getpid())
    alive.write_text("proses ini sendiri")
    write_tidy_csv(_evaluation(), target)
    assert not left.exists() and alive.exists()


def test_a_file_read_is_closed_after_its_with_block():
    import os

    from pipeline.workbooks import Spreadsheet

    path = ROOT / "input" / PERIOD / "DAFDUK.xlsx"

    def open_handles() -> int:
        return sum(
            1 for fd in os.listdir("/proc/self/fd") if _points_to(f"/proc/self/fd/{fd}", path)
        )

    with Spreadsheet(path) as book:
        book.grid("Data Kinerja")
    assert open_handles() == 0


def _points_to(link: str, path: Path) -> bool:
    try:
        return os.readlink(link) == str(path)
    except OSError:
        return False
