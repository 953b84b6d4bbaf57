"""The command line itself (pipeline/cli.py): argument errors, exit codes, the last-resort
handler and output cut short by a pipe. What each command prints is tested with the module
that does its work (test_template, test_validation, test_consolidation, ...)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline import cli
from pipeline.cli import main
from tests.conftest import ROOT


def test_an_unexpected_failure_is_one_sentence_and_exit_2(monkeypatch, capsys):
    def broken(_args):
        raise RuntimeError("sesuatu yang tidak terduga")

    monkeypatch.delenv("DATAKINERJA_DEBUG", raising=False)
    monkeypatch.setitem(cli.COMMANDS, "status", broken)
    assert main(["status", "--periode", "2026-TW3"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "GAGAL: Terjadi kesalahan tak terduga di dalam alat ini (RuntimeError: sesuatu yang "
        "tidak terduga). Ini bukan kesalahan isian Anda; laporkan kepada pengembang beserta "
        "perintah yang dijalankan. Tidak ada file yang ditulis setengah jadi.\n"
    )
    monkeypatch.setenv("DATAKINERJA_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["status", "--periode", "2026-TW3"])


def _run_py(office, args, stdout, unbuffered=False):
    """`python run.py ARGS` as a user runs it in their office folder: Python's own buffered
    stdout (or unbuffered, as PYTHONUNBUFFERED=1 in containers and CI makes it), no debug
    switch and no project named, whatever the environment running the tests sets."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONUNBUFFERED", "DATAKINERJA_DEBUG", "DATAKINERJA_PROYEK")
    }
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), *args],
        cwd=office,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )


def _run_py_into_a_closed_pipe(office, args, unbuffered=False):
    """`python run.py ARGS | head -1` with head gone before the output ends: the pipe's
    reading end is closed before the command starts, so its writes meet EPIPE for certain
    (with a real `| head -1`, output that fits in the pipe's 64 KiB buffer never does)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return _run_py(office, args, write_end, unbuffered)
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "unbuffered",
    [True, False],
    # unbuffered, each print meets the closed pipe inside the command; buffered (Python's
    # default), the status's 6 KB wait in the buffer and meet it as Python exits
    ids=["stdout-tanpa-penyangga", "stdout-bawaan"],
)
def test_output_cut_short_by_a_pipe_is_not_a_traceback(office_folder, unbuffered):
    args = ["status", "--periode", "2026-TW3"]
    whole = _run_py(office_folder, args, subprocess.PIPE, unbuffered)
    assert (whole.returncode, whole.stderr) == (0, "")
    assert whole.stdout.startswith("Periode 2026-TW3 (Triwulan III Tahun 2026)")
    cut = _run_py_into_a_closed_pipe(office_folder, args, unbuffered)
    # the reader chose to stop: the exit code of the whole output, and nothing on stderr
    # (no "Traceback", no "GAGAL ... BrokenPipeError", no "Exception ignored")
    assert (cut.returncode, cut.stderr) == (0, "")


def test_a_short_output_cut_short_by_a_pipe_is_not_an_error_either(office_folder):
    args = ["template", "--periode", "2026-TW3", "--unit", "DAFDUK", "--keluaran", "keluaran"]
    assert _run_py(office_folder, args, subprocess.PIPE).returncode == 0
    cut = _run_py_into_a_closed_pipe(office_folder, args)
    assert (cut.returncode, cut.stderr) == (0, "")


def test_usage_errors_are_in_bahasa_indonesia(capsys):
    assert main(["catat", "5"]) == 2
    assert capsys.readouterr().err.strip() == (
        "GAGAL: Perintah tidak lengkap atau salah: argumen berikut wajib diisi: status, "
        "--periode. Lihat 'python run.py --help' untuk cara pemakaian."
    )


# --- finding the project's folders from any working folder


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """A working folder outside every project, and no project in the program's folder."""
    folder = tmp_path / "di-luar-proyek"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setattr("pipeline.tasks.CODE_ROOT", tmp_path / "program-tanpa-master")
    return folder


def test_the_project_is_found_from_a_subfolder_and_files_are_as_typed(office, monkeypatch, capsys):
    monkeypatch.chdir(office / "input" / "2026-TW3")
    assert main(["validasi", "DAFDUK.xlsx"]) == 0
    assert (office / "output" / "2026-TW3" / "umpan-balik" / "DAFDUK.xlsx").is_file()
    assert main(["catat", "1", "selesai", "--periode", "2026-TW4"]) == 0
    assert (office / "input" / "2026-TW4" / "log-review.csv").is_file()
    assert capsys.readouterr().err == ""  # a parent folder is found without a word


@pytest.mark.parametrize("how", ["--proyek", "DATAKINERJA_PROYEK"])
def test_the_project_can_be_named_from_anywhere(office_folder, nowhere, monkeypatch, capsys, how):
    args = ["status", "--periode", "2026-TW4"]
    if how == "--proyek":
        args += ["--proyek", str(office_folder)]
    else:
        monkeypatch.setenv(how, str(office_folder))
    assert main(args) == 0
    log = office_folder / "input" / "2026-TW4" / "log-review.csv"
    assert capsys.readouterr().out.splitlines()[0] == (
        "Periode 2026-TW4 (Triwulan IV Tahun 2026) belum dimulai: belum ada kejadian yang "
        f"dicatat (log review {log} belum ada)."
    )


def test_folders_named_on_the_command_line_win_over_the_project(office, tmp_path):
    elsewhere = tmp_path / "keluaran-lain"
    args = ["template", "--periode", "2026-TW3", "--unit", "DAFDUK", "--keluaran", str(elsewhere)]
    assert main([*args, "--proyek", str(office)]) == 0
    assert (elsewhere / "2026-TW3" / "template" / "DAFDUK.xlsx").is_file()
    assert not (office / "output").exists()


def test_without_a_project_the_sentence_names_the_options(nowhere, capsys):
    assert main(["status", "--periode", "2026-TW3"]) == 2
    assert capsys.readouterr().err == (
        f"GAGAL: Folder proyek tidak ditemukan: tidak ada input/master.xlsx di {nowhere} maupun "
        "di folder induknya. Jalankan perintah dari folder proyek, sebutkan foldernya dengan "
        "--proyek FOLDER (atau variabel lingkungan DATAKINERJA_PROYEK), atau sebutkan "
        "--masukan, --master dan --keluaran.\n"
    )
    assert main(["status", "--periode", "2026-TW3", "--proyek", "tidak-ada"]) == 2
    assert capsys.readouterr().err == (
        "GAGAL: Folder proyek tidak-ada tidak ada. Periksa --proyek atau DATAKINERJA_PROYEK; "
        "yang disebut adalah folder yang memuat input/master.xlsx.\n"
    )


def test_the_programs_own_folder_is_the_last_resort_and_says_so(tmp_path):
    """`python run.py` from a folder outside every project, e.g. /tmp, uses the project
    the program is installed in (the repository, installed editable), and says so."""
    done = _run_py(tmp_path, ["status", "--periode", "2026-TW3"], subprocess.PIPE)
    assert done.returncode == 0
    assert done.stdout.startswith("Periode 2026-TW3 (Triwulan III Tahun 2026): menunggu paraf")
    assert done.stderr == (
        f"Folder proyek: {ROOT} (folder program ini; tidak ada input/master.xlsx di folder "
        "kerja maupun induknya). Pilih folder lain dengan --proyek.\n"
    )
