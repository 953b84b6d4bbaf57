"""`arsip` (pipeline/archive.py): archiving a signed period read-only, and checking an archive
against its manifest and the log's step 11."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import DataKinerjaError
from tests.helpers import PERIOD, _sign


def test_archive_refuses_before_step_10(office, capsys):
    assert main(["arsip", "--periode", PERIOD]) == 1
    assert "setelah laporan ditandatangani Kepala Dinas (langkah 10)" in capsys.readouterr().err


def test_signed_period_is_archived_read_only_and_verified(office, capsys):
    _sign(office)
    capsys.readouterr()
    assert main(["status", "--periode", PERIOD]) == 0
    assert "Status laporan: DITANDATANGANI" in capsys.readouterr().out
    # a signed report is never regenerated over
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-16"]) == 1
    assert "sudah ditandatangani" in capsys.readouterr().err
    assert main(["arsip", "--periode", PERIOD]) == 0
    out = capsys.readouterr().out
    archive = office / "output" / "arsip" / PERIOD
    assert out.splitlines()[0].startswith(f"Periode {PERIOD} diarsipkan di output/arsip/{PERIOD}")
    names = sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file())
    assert names == sorted(
        [
            "MANIFEST.sha256",
            "master.xlsx",
            f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx",
            f"masukan/Analisis-Katim-{PERIOD}.xlsx",
            "masukan/CAPIL.xlsx",
            "masukan/DAFDUK.xlsx",
            "masukan/PDIP.xlsx",
            "masukan/PIAK.xlsx",
            "masukan/SEKRETARIAT.xlsx",
            "masukan/log-review.csv",
        ]
    )
    assert not os.access(archive / "master.xlsx", os.W_OK) or os.geteuid() == 0
    assert stat.S_IMODE((archive / "master.xlsx").stat().st_mode) == 0o444
    # step 11 is recorded once the archive is complete, with the manifest's own hash
    assert ",11,," not in (archive / "masukan" / "log-review.csv").read_text()
    manifest_hash = hashlib.sha256((archive / "MANIFEST.sha256").read_bytes()).hexdigest()
    last = (office / "input" / PERIOD / "log-review.csv").read_text().splitlines()[-1]
    assert ",11,,selesai," in last
    assert f",../../output/arsip/{PERIOD}/MANIFEST.sha256,{manifest_hash}," in last
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 0
    assert "utuh" in capsys.readouterr().out
    # tamper with one file
    target = archive / "masukan" / "PIAK.xlsx"
    target.chmod(0o644)
    target.write_bytes(target.read_bytes() + b"\0")
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 1
    err = capsys.readouterr().err
    assert "GALAT      masukan/PIAK.xlsx (arsip-berubah)\n" in err
    assert "File arsip masukan/PIAK.xlsx berubah: SHA-256 tidak sama dengan manifest." in err
    # and an archive is never overwritten
    assert main(["arsip", "--periode", PERIOD]) == 2
    assert "arsip tidak pernah ditimpa" in capsys.readouterr().err


def _edit_with_manifest(archive: Path) -> Path:
    """An archived file edited and the manifest rewritten to match, as a forger would."""
    target, manifest = archive / "masukan" / "PIAK.xlsx", archive / "MANIFEST.sha256"
    for path in (target, manifest):
        path.chmod(0o644)
    target.write_bytes(target.read_bytes() + b"\0")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    lines = [
        f"{digest}  masukan/PIAK.xlsx" if line.endswith("  masukan/PIAK.xlsx") else line
        for line in manifest.read_text().splitlines()
    ]
    manifest.write_text("\n".join(lines) + "\n")
    return manifest


def _archived(office):
    _sign(office)
    assert main(["arsip", "--periode", PERIOD]) == 0
    return office / "output" / "arsip" / PERIOD


def test_an_edited_archive_file_with_a_rewritten_manifest_is_caught(office, capsys):
    _edit_with_manifest(_archived(office))
    capsys.readouterr()
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 1
    assert "File arsip MANIFEST.sha256 berubah" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("0" * 64 + "  ../../../input/2026-TW3/PIAK.xlsx", "arsip-manifest-rusak"),
        ("0" * 64 + "  /etc/passwd", "arsip-manifest-rusak"),
        ("bukan-hash  master.xlsx", "arsip-manifest-rusak"),
    ],
)
def test_a_manifest_entry_never_leads_outside_the_archive(office, capsys, line, code):
    archive = _archived(office)
    manifest = archive / "MANIFEST.sha256"
    manifest.chmod(0o644)
    manifest.write_text(manifest.read_text() + line + "\n")
    capsys.readouterr()
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 1
    err = capsys.readouterr().err
    assert f"({code})" in err and "Traceback" not in err


def test_a_manifest_that_is_not_utf8_is_a_finding(office, capsys):
    archive = _archived(office)
    manifest = archive / "MANIFEST.sha256"
    manifest.chmod(0o644)
    manifest.write_bytes(b"\xff\xfe" + manifest.read_bytes())
    capsys.readouterr()
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 1
    assert "(arsip-manifest-rusak)" in capsys.readouterr().err


def test_step_11_is_not_recorded_when_the_archive_fails(office, capsys, monkeypatch):
    _sign(office)

    def full_disk(*_args, **_kwargs):
        raise DataKinerjaError("Tidak dapat menulis arsip: disk penuh.")

    monkeypatch.setattr("pipeline.archive.create_archive", full_disk)
    assert main(["arsip", "--periode", PERIOD]) == 2
    assert ",11,," not in (office / "input" / PERIOD / "log-review.csv").read_text()


def test_two_archivings_at_once_make_one_archive_and_one_sentence(office, capsys, monkeypatch):
    import pipeline.archive

    _sign(office)
    capsys.readouterr()
    target = office / "output" / "arsip" / PERIOD
    made_read_only = pipeline.archive._make_read_only

    def another_run_finishes_first(staging):
        made_read_only(staging)
        target.mkdir()
        (target / "MANIFEST.sha256").write_text("arsip proses lain\n")

    monkeypatch.setattr(pipeline.archive, "_make_read_only", another_run_finishes_first)
    assert main(["arsip", "--periode", PERIOD]) == 2
    assert capsys.readouterr().err.startswith(
        f"GAGAL: Periode {PERIOD} sudah diarsipkan; arsip tidak pernah ditimpa."
    )
    assert [p.name for p in target.iterdir()] == ["MANIFEST.sha256"]  # the other run's, whole
    assert [p for p in target.parent.iterdir() if p != target] == []  # no staging left behind
    assert ",11,," not in (office / "input" / PERIOD / "log-review.csv").read_text()


def test_recording_step_11_again_for_a_rewritten_manifest_hides_nothing(office, capsys):
    manifest = _edit_with_manifest(_archived(office))
    again = ["catat", "11", "selesai", "--periode", PERIOD, "--oleh", "Fadli"]
    main([*again, "--dokumen", str(manifest)])
    capsys.readouterr()
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 1
    assert "File arsip MANIFEST.sha256 berubah" in capsys.readouterr().err


def test_a_link_in_the_period_folder_is_not_archived(office, capsys, tmp_path_factory):
    private = tmp_path_factory.mktemp("pribadi") / "kunci.txt"
    private.write_text("rahasia")
    private.chmod(0o600)
    (office / "input" / PERIOD / "catatan.txt").symlink_to(private)
    archive = _archived(office)
    assert not (archive / "masukan" / "catatan.txt").exists()
    assert "catatan.txt" not in (archive / "MANIFEST.sha256").read_text()


def test_the_archive_is_read_only_within_the_umask(office):
    old = os.umask(0o077)
    try:
        archive = _archived(office)
    finally:
        os.umask(old)
    assert stat.S_IMODE((archive / "master.xlsx").stat().st_mode) == 0o400
    assert stat.S_IMODE(archive.stat().st_mode) == 0o500


def test_an_archive_whose_step_11_cannot_be_recorded_is_not_left_behind(office, capsys):
    _sign(office)
    log = office / "input" / PERIOD / "log-review.csv"
    with log.open("a", encoding="utf-8") as handle:
        handle.write("2026-10-16T08:00:00+07:00,11,,sel")  # a row cut short: catat refuses
    assert main(["arsip", "--periode", PERIOD]) == 2
    assert "Baris terakhir log" in capsys.readouterr().err
    assert not (office / "output" / "arsip" / PERIOD).exists()


def _writable(archive: Path) -> None:
    for path in [archive, *archive.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_an_archived_file_deleted_and_one_added_are_both_named(office, capsys):
    archive = _archived(office)
    _writable(archive)
    (archive / "masukan" / "PDIP.xlsx").unlink()
    (archive / "catatan.txt").write_text("catatan rapat", encoding="utf-8")
    capsys.readouterr()
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"GAGAL: Arsip output/arsip/{PERIOD} tidak utuh: 1 galat, 1 peringatan.\n"
    )
    assert "GALAT      masukan/PDIP.xlsx (arsip-file-hilang)\n" in err
    assert "File arsip masukan/PDIP.xlsx tercatat di manifest tetapi tidak ada." in err
    assert "PERINGATAN catatan.txt (arsip-file-tambahan)\n" in err
    assert "File catatan.txt ada di folder arsip tetapi tidak tercatat di manifest." in err
    assert "Pindahkan file tersebut keluar dari folder arsip." in err


def test_an_archive_whose_step_11_row_is_gone_from_the_log_cannot_be_proven(office, capsys):
    """The log put back from a copy taken before the archive was made: its manifest's
    SHA-256 is recorded nowhere."""
    _archived(office)
    log = office / "input" / PERIOD / "log-review.csv"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",11,,selesai," in lines[-1]
    log.write_text("".join(lines[:-1]), encoding="utf-8")
    capsys.readouterr()
    assert main(["arsip", "--periode", PERIOD, "--periksa"]) == 1
    err = capsys.readouterr().err
    assert "GALAT      MANIFEST.sha256 (arsip-belum-tercatat)\n" in err
    assert (
        "Log review tidak memuat langkah 11 dengan SHA-256 manifest MANIFEST.sha256, jadi "
        "keaslian manifest tidak dapat dibuktikan." in err
    )
    assert "periksa apakah baris langkah 11 terhapus dari log" in err
