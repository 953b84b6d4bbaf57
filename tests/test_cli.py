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
    switch, whatever the environment running the tests sets."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "DATAKINERJA_DEBUG")
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
