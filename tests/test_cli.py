from __future__ import annotations

import pytest

from pipeline import cli
from pipeline.cli import main


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
