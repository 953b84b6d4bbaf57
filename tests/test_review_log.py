from __future__ import annotations

import csv
import hashlib
import io
import multiprocessing
import shutil
from pathlib import Path

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.errors import DataKinerjaError
from pipeline.master import read_master
from pipeline.periods import Period
from pipeline.review_log.integrity import chain_value
from pipeline.review_log.progress import derive_status
from pipeline.review_log.reading import read_log
from pipeline.review_log.record import record_event
from pipeline.sop import WorkCalendar
from tests.conftest import ROOT
from tests.helpers import SAMPLE_SHEETS, _sign, at, make_master

PERIOD = "2026-TW3"
HEADER = "Waktu,Langkah,Unit,Status,Oleh,Peran,Catatan,Dokumen,SHA-256\n"


def log_text(rows: str) -> str:
    """A log as `catat` writes it: the rows given, each chained to the one before."""
    lines = [HEADER.strip() + ",Dicatat Oleh,Rantai"]
    chain = ""
    for cells in csv.reader(io.StringIO(rows)):
        cells = [*cells, "uji"]  # recorded by: the test
        chain = chain_value(chain, cells)
        lines.append(",".join(f'"{c}"' if "," in c else c for c in cells) + "," + chain)
    return "\n".join(lines) + "\n"


PIAK_UP_TO_STEP_5 = (
    "2026-10-01T08:30,1,,selesai,Ahmad,Kadis,,,\n"
    "2026-10-01T09:00,2,PIAK,selesai,Fadli,Katim Penyusunan Program,,,\n"
    "2026-10-01T10:00,3,PIAK,selesai,Iqbal,Kabid,,,\n"
    "2026-10-02T10:00,4,PIAK,selesai,Putri,Katim pada Bidang,,,\n"
    "2026-10-06T14:30,5,PIAK,selesai,Putri,Katim pada Bidang,,,\n"
)


# --- recording


def test_catat_appends_an_event_with_default_role_and_document(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "input", tmp_path / "input")
    # the log up to PIAK's submission (step 5), which step 6 follows
    (tmp_path / "input" / PERIOD / "log-review.csv").write_text(log_text(PIAK_UP_TO_STEP_5))
    code = main(
        [
            "catat",
            "6",
            "disetujui",
            "--periode",
            PERIOD,
            "--unit",
            "piak",
            "--oleh",
            "Muhammad Iqbal Tanjung",
            "--waktu",
            "2026-10-06T14:46",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == (
        "Tercatat: langkah 6 unit PIAK disetujui oleh Muhammad Iqbal Tanjung "
        "(Kabid) pada 06-10-2026 14:46 WIB."
    )
    assert out[1].startswith("Dokumen: input/2026-TW3/PIAK.xlsx (SHA-256 ")
    lines = (tmp_path / "input" / PERIOD / "log-review.csv").read_text().splitlines()
    assert lines[0] == HEADER.strip() + ",Dicatat Oleh,Rantai"
    assert lines[-1].startswith("2026-10-06T14:46:00+07:00,6,PIAK,disetujui,Muhammad Iqbal")
    digest = hashlib.sha256((tmp_path / "input" / PERIOD / "PIAK.xlsx").read_bytes()).hexdigest()
    assert f",PIAK.xlsx,{digest}," in lines[-1]  # the document relative to the log's own folder


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["12", "selesai"], "Langkah 12 tidak ada di SOP-20; isi nomor 1 sampai 11."),
        (
            ["9", "beres"],
            "Status 'beres' tidak dikenal; pakai salah satu dari: mulai, selesai, "
            "dikembalikan, disetujui, koreksi.",
        ),
        (
            ["9", "dikembalikan"],
            "Pengembalian wajib disertai alasan: tulis apa yang harus diperbaiki. Tambahkan "
            '--catatan "alasan pengembalian".',
        ),
        (
            ["5", "selesai"],
            "Langkah 5 dicatat per unit: tambahkan --unit KODE_UNIT (boleh diulang), atau "
            "--unit semua.",
        ),
        (
            ["9", "mulai", "--waktu", "kemarin sore"],
            "Waktu 'kemarin sore' tidak dapat dibaca; tulis seperti 2026-10-05T09:30 (WIB).",
        ),
        (
            ["9", "mulai", "--peran", "Bupati"],
            "Peran 'Bupati' tidak dikenal; pakai salah satu dari: Kadis, Sekretaris, Katim "
            "Penyusunan Program, Kabid, Katim pada Bidang, Staf.",
        ),
    ],
    ids=["langkah", "status", "alasan", "unit", "waktu", "peran"],
)
def test_catat_refuses_a_malformed_event(tmp_path, capsys, args, message):
    code = main(["catat", *args, "--periode", PERIOD, "--oleh", "Rina", "--masukan", str(tmp_path)])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"GAGAL: {message}"
    assert not (tmp_path / PERIOD / "log-review.csv").exists()


def test_catat_refuses_what_status_would_report_with_the_same_sentence(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    with pytest.raises(DataKinerjaError) as refused:  # step 9 before step 8
        record_event(log, sample_master, step=9, status="disetujui", by="Rina")
    assert refused.value.at_command_line == (
        "Tidak dicatat: Langkah 9 dicatat pada "
        + refused.value.message.split(" pada ")[1].split(",")[0]
        + ", sebelum langkah 8 tercatat. Catat dulu langkah 8; bila urutannya salah ketik, "
        "catat koreksinya, jangan mengubah baris lama."
    )
    assert not log.exists()
    record_event(log, sample_master, step=1, status="selesai", by="Ahmad", when="2026-10-02T09:00")
    # recorded late with an earlier time: kept, with the warning status gives (not a GALAT)
    record_event(log, sample_master, step=1, status="mulai", by="Ahmad", when="2026-10-01T09:00")
    with pytest.raises(DataKinerjaError) as refused:  # a Staf does not approve step 6
        record_event(log, sample_master, step=2, status="selesai", by="X", unit="PIAK", role="Staf")
    assert "tidak melaksanakan langkah 2" in refused.value.message
    review = read_log(log, sample_master)
    assert len(review.events) == 2
    assert [(f.cell, f.code) for f in review.findings] == [("A3", "log-waktu-mundur")]


def _append_many(args: tuple[str, int]) -> None:
    path, worker = args
    master = read_master(ROOT / "input" / "master.xlsx")
    for i in range(25):
        record_event(
            Path(path),
            master,
            step=1,
            status="mulai",
            by=f"Petugas {worker}-{i}",
            when="2026-10-09T08:30",
        )


def test_concurrent_appends_lose_nothing(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_append_many, [(str(log), w) for w in range(4)])
    review = read_log(log, sample_master)
    assert len(review.events) == 100
    assert len({e.by for e in review.events}) == 100
    assert log.read_text().count("Waktu,Langkah") == 1


# --- reading what a spreadsheet left behind


def test_reading_tolerates_semicolons_bom_and_local_date_formats(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    text = (
        "Waktu;Langkah;Unit;Status;Oleh;Peran;Catatan\n"
        "01/10/2026 08:30;1;;mulai;Ahmad;Kepala Dinas;\n"
        "01-10-2026 08.38;1;;selesai;Ahmad;KADIS;Arahan\n"
    )
    log.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    review = read_log(log, sample_master)
    # read as written; only, a log typed by hand carries no chain to prove it unedited
    assert [f.code for f in review.findings] == ["log-tanpa-rantai"]
    assert [(e.time.isoformat(), e.role) for e in review.events] == [
        ("2026-10-01T08:30:00+07:00", "Kadis"),
        ("2026-10-01T08:38:00+07:00", "Kadis"),
    ]


def test_each_log_rule_names_its_cell(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    log.write_text(
        log_text(
            "2026-10-01T08:30,1,,selesai,Ahmad,Kadis,,,\n"  # 2 fine
            + "2026-10-01T09:00,14,,selesai,Ahmad,Kadis,,,\n"  # 3 unknown step
            + "2026-10-01T09:10,2,,selesai,Fadli,Katim Penyusunan Program,,,\n"  # 4 unit missing
            + "2026-10-01T09:20,9,DAFDUK,mulai,Rina,Sekretaris,,,\n"  # 5 unit on a period step
            + "2026-10-01T09:30,6,DAFDUK,disetujui,Rina,Staf,,,\n"  # 6 role does not fit
            + "2026-10-01T09:00,3,DAFDUK,selesai,Hendra,Kabid,,,\n"  # 7 time goes back
            + "2026-10-02T09:00,6,PIAK,dikembalikan,Iqbal,Kabid,,,\n"  # 8 no reason, unanswered
            + "2026-10-02T10:00,6,SEKRETARIAT,disetujui,Rina,sekretaris,,,\n"  # 9 head of unit
            + "besok pagi,7,PIAK,selesai,Rina,Sekretaris,,,\n"  # 10 unreadable time
            + "2026-10-02T11:00,5,XYZ,selesai,Budi,Katim pada Bidang,,,\n"  # 11 unknown unit
            + "2026-10-02T12:00,5,CAPIL,beres,Budi,Katim pada Bidang,,,\n"
        ),  # 12 unknown status
        encoding="utf-8",
    )
    review = read_log(log, sample_master)
    # (the order of the steps has its own test: these rows skip steps on purpose)
    checked = [f for f in review.findings if f.code != "log-langkah-mendahului"]
    assert sorted((f.cell, f.code) for f in checked) == sorted(
        [
            ("A10", "log-waktu-tidak-valid"),
            ("C11", "log-unit-tidak-dikenal"),
            ("B3", "log-langkah-tidak-dikenal"),
            ("C4", "log-unit-tidak-sesuai"),
            ("C5", "log-unit-tidak-sesuai"),
            ("F6", "log-peran-tidak-sesuai"),
            ("A7", "log-waktu-mundur"),
            ("G8", "log-alasan-kosong"),
            ("D8", "log-belum-diajukan-ulang"),
            ("D12", "log-status-tidak-dikenal"),
        ]
    )
    messages = {f.code: f.message for f in review.findings}
    assert messages["log-peran-tidak-sesuai"] == (
        "Peran 'Staf' tidak melaksanakan langkah 6 (Kabid)."
    )
    assert {f.message for f in review.findings if f.code == "log-unit-tidak-sesuai"} == {
        "Langkah 2 dicatat per unit, tetapi kolom Unit kosong.",
        "Langkah 9 berlaku untuk seluruh Dinas, tetapi kolom Unit berisi DAFDUK.",
    }


def test_a_return_answered_by_a_resubmission_is_fine(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    log.write_text(
        log_text(
            PIAK_UP_TO_STEP_5.replace("PIAK", "CAPIL").replace(
                "2026-10-06T14:30", "2026-10-06T14:00"
            )
            + "2026-10-07T09:40,5,CAPIL,selesai,Rahmat,Katim pada Bidang,,,\n"
            + "2026-10-07T09:58,6,CAPIL,dikembalikan,Dewi,Kepala Bidang,CAP-04 kosong,,\n"
            + "2026-10-07T11:20,5,CAPIL,selesai,Rahmat,Katim pada Bidang,Diajukan ulang,,\n"
        ),
        encoding="utf-8",
    )
    assert read_log(log, sample_master).findings == []


# --- what the log says


def test_sample_log_says_where_the_period_is_and_who_is_late(sample_master):
    review = read_log(ROOT / "input" / PERIOD / "log-review.csv", sample_master)
    assert review.findings == []
    status = derive_status(
        review, sample_master, Period.parse(PERIOD), WorkCalendar(), at("2026-10-15T16:00")
    )
    assert status.sentence == "menunggu paraf Sekretaris (langkah 9)"
    assert status.report_status == "DRAF"
    assert [(s.step.number, s.unit, s.minutes) for s in status.late] == [
        (4, "DAFDUK", 360),  # Friday 13:00-16:00 and Monday 08:00-11:00
        (9, None, 450 + 480),  # running since Wednesday 08:30, counted to Thursday 16:00
    ]
    capil = next(s for s in status.states if s.step.number == 6 and s.unit == "CAPIL")
    assert (capil.returns, capil.minutes, capil.kept_standard) == (1, 24, "ya")


def test_status_command_prints_state_lateness_and_table(office, capsys):
    code = main(["status", "--periode", PERIOD])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == (
        "Periode 2026-TW3 (Triwulan III Tahun 2026): menunggu paraf Sekretaris (langkah 9)"
    )
    assert out[1] == "Status laporan: DRAF (disusun, belum diparaf Sekretaris)"
    assert out[3] == (
        "  langkah 4 DAFDUK (Yusnita Harahap, S.Kom., Katim pada Bidang): "
        "6 jam (waktu kerja), baku 3 jam; selesai"
    )
    assert out[4].startswith("  langkah 9 (Rina Marlina Siregar, S.STP., M.AP., Sekretaris): ")
    assert any(line.split()[:4] == ["6", "CAPIL", "Kabid", "selesai"] for line in out)


def test_status_of_a_period_not_started_says_so_and_how_to_start(office, capsys):
    assert main(["status", "--periode", "2026-TW4"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Periode 2026-TW4 (Triwulan IV Tahun 2026) belum dimulai: belum ada kejadian yang "
        "dicatat (log review input/2026-TW4/log-review.csv belum ada).",
        "Langkah pertama: memberikan arahan kepada Katim Penyusunan Program untuk menyusun "
        "Laporan Data Kinerja Dinas (langkah 1, oleh Kadis: Drs. Ahmad Syahputra Nasution, "
        "M.Si.).",
        "Catat dengan: python run.py catat 1 selesai --periode 2026-TW4",
        "Batas penyerahan file unit: 15-01-2027.",
    ]
    assert not (office / "input" / "2026-TW4").exists()  # status writes nothing
    assert main(out[2].removeprefix("Catat dengan: python run.py ").split()) == 0  # as printed


# --- integrity (the SOP's signatures and the archive's own tests: test_sop, test_archive)


def test_changing_an_approved_unit_file_raises_the_alarm(office, capsys):
    path = office / "input" / PERIOD / "DAFDUK.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook["Data Kinerja"]["L7"] = 99.35
    workbook.save(path)
    assert main(["status", "--periode", PERIOD]) == 1
    out = capsys.readouterr().out
    assert "GALAT      DAFDUK (dokumen-berubah)" not in out  # where() names the log, not unit
    assert (
        "input/2026-TW3/DAFDUK.xlsx berubah setelah disetujui Kepala Bidang pada langkah 6 "
        "(06-10-2026 14:46)"
    ) in out
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15"]) == 1
    err = capsys.readouterr().err
    assert "dihentikan: 1 dokumen berubah setelah disetujui" in err
    assert "- DAFDUK: input/2026-TW3/DAFDUK.xlsx berubah setelah disetujui" in err


def test_changing_the_signed_workbook_raises_the_alarm(office, capsys):
    _sign(office)
    report = office / "output" / PERIOD / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"
    report.write_bytes(report.read_bytes() + b"\0")
    capsys.readouterr()
    assert main(["status", "--periode", PERIOD]) == 1
    assert "berubah setelah ditandatangani Kepala Dinas pada langkah 10" in capsys.readouterr().out
    assert main(["arsip", "--periode", PERIOD]) == 1
    assert "Arsip dibatalkan" in capsys.readouterr().err


def test_a_log_saved_as_xlsx_reaching_a_million_rows_is_refused_unread(tmp_path, capsys):

    folder = tmp_path / "input" / "2026-TW3"
    folder.mkdir(parents=True)
    book = openpyxl.Workbook()
    book.active.append(["Waktu", "Langkah", "Unit", "Status", "Oleh"])
    book.active["A1048576"] = "2026-10-01T08:00"
    book.save(folder / "log-review.xlsx")
    args = ["status", "--periode", "2026-TW3", "--masukan", str(tmp_path / "input")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("GAGAL: Log review log-review.xlsx ditolak tanpa dibuka")


def test_a_changed_approved_file_is_caught_from_any_working_folder(office, capsys, monkeypatch):
    path = office / "input" / PERIOD / "DAFDUK.xlsx"
    path.write_bytes(path.read_bytes() + b"\0")
    elsewhere = office / "lain"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    args = ["--periode", PERIOD, "--masukan", str(office / "input")]
    args += ["--master", str(office / "input" / "master.xlsx")]
    assert main(["status", *args]) == 1
    assert f"{path} berubah setelah disetujui Kepala Bidang" in capsys.readouterr().out
    assert main(["konsolidasi", *args, "--keluaran", str(office / "output")]) == 1
    assert "dihentikan: 1 dokumen berubah setelah disetujui" in capsys.readouterr().err


def test_a_step_recorded_before_the_one_it_follows_is_named(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    log.write_text(
        log_text(
            "2026-10-01T08:30,1,,selesai,Ahmad,Kadis,,,\n"
            + "2026-10-01T09:00,2,PIAK,selesai,Fadli,Katim Penyusunan Program,,,\n"
            + "2026-10-02T09:00,4,PIAK,selesai,Putri,Katim pada Bidang,,,\n"  # 4 before 3
            + "2026-10-03T09:00,3,PIAK,selesai,Iqbal,Kabid,,,\n"
            + "2026-10-15T09:00,11,,selesai,Fadli,Katim Penyusunan Program,,,\n"
        ),  # no step 10
        encoding="utf-8",
    )
    review = read_log(log, sample_master)
    assert [(f.cell, f.code) for f in review.findings] == [
        ("B4", "log-langkah-mendahului"),
        ("B6", "log-langkah-mendahului"),
    ]
    assert review.findings[0].message == (
        "Langkah 4 unit PIAK dicatat pada 02-10-2026 09:00, sebelum langkah 3 tercatat."
    )


def test_a_row_cut_short_while_written_is_reported_not_read(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    log.write_text(log_text(PIAK_UP_TO_STEP_5) + "2026-10-09T08:30,8,,sel", encoding="utf-8")
    review = read_log(log, sample_master)
    assert [(f.cell, f.code) for f in review.findings] == [("A7", "log-baris-terpotong")]
    assert max(e.step for e in review.events) == 5  # the half row is no step-8 event
    with pytest.raises(DataKinerjaError) as refused:
        record_event(log, sample_master, step=1, status="selesai", by="Ahmad")
    assert refused.value.message.startswith("Tidak dicatat: Baris terakhir log (A7)")


def test_a_full_disk_leaves_no_half_row(tmp_path, sample_master, monkeypatch):
    import errno

    log = tmp_path / "log-review.csv"
    log.write_text(log_text(PIAK_UP_TO_STEP_5), encoding="utf-8")
    before = log.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(DataKinerjaError) as refused:
        record_event(log, sample_master, step=6, status="disetujui", by="Iqbal", unit="PIAK")
    assert "disk penuh" in refused.value.message
    assert log.read_bytes() == before


def test_catat_keeps_formula_text_inert_and_reads_it_back(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    note = '=HYPERLINK("http://contoh.invalid","klik")'
    record_event(log, sample_master, step=1, status="selesai", by="=cmd|' /C calc'!A0", note=note)
    raw = log.read_text(encoding="utf-8").splitlines()[-1]
    assert ",'=cmd|' /C calc'!A0," in raw and ",\"'=HYPERLINK(" in raw
    [event] = read_log(log, sample_master).events
    assert (event.by, event.note) == ("=cmd|' /C calc'!A0", note)


@pytest.mark.parametrize(
    ("row", "code", "cell"),
    [
        ("0001-01-01T00:00,1,,selesai,Ahmad,Kadis,,,", "log-waktu-tidak-valid", "A2"),
        ("9999-12-31T23:59,1,,selesai,Ahmad,Kadis,,,", "log-waktu-tidak-valid", "A2"),
        (
            "2026-10-01T08:30,99999999999999999999999,,selesai,A,Kadis,,,",
            "log-langkah-tidak-dikenal",
            "B2",
        ),
        (
            "2026-10-01T08:30,1,,selesai,Ahmad,Kadis," + "x" * 5_000 + ",,",
            "log-catatan-terlalu-panjang",
            "G2",
        ),
        (
            "2026-10-01T08:30,1,,selesai,Ahmad,Kadis," + "x" * 200_000 + ",,",
            "log-baris-terlalu-panjang",
            "A2",
        ),
    ],
    ids=["tahun-1", "tahun-9999", "langkah-raksasa", "catatan-5000", "catatan-200kb"],
)
def test_a_hand_edited_extreme_row_is_a_finding_not_a_traceback(
    tmp_path, sample_master, capsys, row, code, cell
):
    folder = tmp_path / "input" / PERIOD
    folder.mkdir(parents=True)
    (folder / "log-review.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    review = read_log(folder / "log-review.csv", sample_master)
    assert (cell, code) in [(f.cell, f.code) for f in review.findings]
    assert main(["status", "--periode", PERIOD, "--masukan", str(tmp_path / "input")]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


def test_the_document_of_steps_5_to_7_is_the_units_own_file(tmp_path, sample_master):
    folder = tmp_path / PERIOD
    folder.mkdir()
    log = folder / "log-review.csv"
    log.write_text(log_text(PIAK_UP_TO_STEP_5), encoding="utf-8")
    secret = tmp_path / "rahasia.txt"
    secret.write_text("bukan file unit")
    with pytest.raises(DataKinerjaError) as refused:
        record_event(
            log, sample_master, step=6, status="disetujui", by="Iqbal", unit="PIAK", document=secret
        )
    assert "adalah file unit itu sendiri" in refused.value.message


def _sample_log(tmp_path):
    log = tmp_path / "log-review.csv"
    log.write_bytes((ROOT / "input" / PERIOD / "log-review.csv").read_bytes())
    return log, log.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.parametrize(
    ("change", "rows"),
    [
        ("hapus", [11]),  # a deleted approval row: the row now in its place no longer fits
        ("ubah", [11]),  # a back-dated time
        ("tukar", [11, 12, 13]),  # two rows swapped: neither fits, nor the one after
        ("sisip", [11, 12]),  # a row typed in by hand
    ],
)
def test_the_hash_chain_names_a_row_edited_deleted_moved_or_inserted(
    tmp_path, sample_master, change, rows
):
    log, lines = _sample_log(tmp_path)
    assert read_log(log, sample_master).findings == []
    index = 10  # spreadsheet row 11
    if change == "hapus":
        del lines[index]
    elif change == "ubah":
        lines[index] = lines[index].replace("2026-10-0", "2026-09-2", 1)
    elif change == "tukar":
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
    else:
        lines.insert(index, "2026-10-03T09:00:00+07:00,1,,selesai,Ahmad,Kadis,,,,\r\n")
    log.write_text("".join(lines), encoding="utf-8")
    found = [(f.cell, f.code) for f in read_log(log, sample_master).findings]
    assert [cell for cell, code in found if code == "log-rantai-putus"] == [f"K{r}" for r in rows]


def test_a_broken_chain_stops_konsolidasi_and_catat_continues_the_chain(office, capsys):
    log = office / "input" / PERIOD / "log-review.csv"
    assert main(["catat", "1", "selesai", "--periode", PERIOD, "--oleh", "Ahmad"]) == 0
    master = read_master(office / "input" / "master.xlsx")
    assert read_log(log, master).findings == []  # the appended row continues the chain
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")  # a row deleted
    capsys.readouterr()
    assert main(["status", "--periode", PERIOD]) == 1
    assert "(log-rantai-putus)" in capsys.readouterr().out
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-16"]) == 1
    assert "Baris 6 tidak cocok dengan rantai SHA-256 log" in capsys.readouterr().err


def test_status_names_a_broken_chain_once(office, capsys):
    log = office / "input" / PERIOD / "log-review.csv"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")  # a row deleted
    assert main(["status", "--periode", PERIOD]) == 1
    out = capsys.readouterr().out
    assert "Temuan log dan integritas: 1 galat, 0 peringatan\n" in out
    assert out.count("(log-rantai-putus)") == 1


def test_a_signed_report_is_never_overwritten_even_with_its_rows_cut_from_the_log(office, capsys):
    _sign(office)
    report = office / "output" / PERIOD / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"
    before = report.read_bytes()
    log = office / "input" / PERIOD / "log-review.csv"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",10,," in lines[-1] and ",9,," in lines[-2]
    log.write_text("".join(lines[:-2]), encoding="utf-8")  # the end of a chain: no gap shows
    capsys.readouterr()
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-16"]) == 1
    err = capsys.readouterr().err
    assert "sudah ditandatangani Kepala Dinas pada langkah 10" in err
    assert report.read_bytes() == before
    assert main(["status", "--periode", PERIOD]) == 1  # the receipts name what is missing
    out = capsys.readouterr().out
    assert "(log-keputusan-hilang)\n" in out
    assert "Langkah 10 (disetujui 15-10-2026 10:00) tercatat di tanda terima" in out
    # with the log restored, a return recorded through catat is the way to a new report
    log.write_text("".join(lines), encoding="utf-8")
    for step, who in (("10", "Ahmad"), ("9", "Rina")):  # back from the Kadis to the Katim
        catat = ["catat", step, "dikembalikan", "--periode", PERIOD, "--oleh", who]
        assert main([*catat, "--catatan", "Analisis CAP-04 kurang"]) == 0
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-16"]) == 0


def test_a_mistake_is_corrected_by_a_koreksi_event_not_by_editing(tmp_path, sample_master, capsys):
    folder = tmp_path / "input" / PERIOD
    folder.mkdir(parents=True)
    log = folder / "log-review.csv"
    log.write_text(log_text(PIAK_UP_TO_STEP_5), encoding="utf-8")
    # step 6 recorded for the wrong unit's Kabid by mistake
    record_event(log, sample_master, step=6, status="disetujui", by="Iqbal", unit="PIAK")
    row = read_log(log, sample_master).next_row - 1
    args = ["catat", "6", "koreksi", "--periode", PERIOD, "--unit", "PIAK", "--oleh", "Fadli"]
    args += ["--masukan", str(tmp_path / "input"), "--baris", str(row)]
    assert main(args) == 2  # a correction needs its reason
    assert "Koreksi wajib disertai alasan" in capsys.readouterr().err
    assert main([*args, "--catatan", "belum diperiksa Kabid; tercatat keliru"]) == 0
    review = read_log(log, sample_master)
    assert review.findings == []  # the chain holds: nothing was edited
    assert [e.step for e in review.events] == [1, 2, 3, 4, 5]  # step 6 no longer stands
    assert [(c.corrects, c.note) for c in review.corrections] == [
        (row, f"Koreksi baris {row}: belum diperiksa Kabid; tercatat keliru")
    ]
    wrong = [*args[:-1], "3", "--catatan", "x"]  # row 3 is step 2, not step 6
    assert main(wrong) == 2
    assert "Baris 3 mencatat langkah 2 unit PIAK" in capsys.readouterr().err


def test_a_return_cut_from_the_end_of_the_log_is_still_known(office, capsys):
    _sign(office)
    catat = ["catat", "10", "dikembalikan", "--periode", PERIOD, "--oleh", "Ahmad"]
    assert main([*catat, "--catatan", "Angka PIK-04 diperiksa ulang"]) == 0
    log = office / "input" / PERIOD / "log-review.csv"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:-1]), encoding="utf-8")  # the return removed
    capsys.readouterr()
    assert main(["status", "--periode", PERIOD]) == 1
    assert "Langkah 10 (dikembalikan " in capsys.readouterr().out
    assert main(["arsip", "--periode", PERIOD]) == 1
    assert not (office / "output" / "arsip" / PERIOD).exists()


def test_only_the_role_that_recorded_a_row_can_correct_it(office, capsys):
    _sign(office)
    catat = ["catat", "10", "dikembalikan", "--periode", PERIOD, "--oleh", "Ahmad"]
    assert main([*catat, "--catatan", "Angka PIK-04 diperiksa ulang"]) == 0
    row = len((office / "input" / PERIOD / "log-review.csv").read_text().splitlines())
    koreksi = ["catat", "10", "koreksi", "--periode", PERIOD, "--baris", str(row)]
    koreksi += ["--oleh", "Budi", "--peran", "Staf", "--catatan", "salah catat"]
    capsys.readouterr()
    assert main(koreksi) == 2
    assert "hanya peran itu yang dapat mengoreksinya, bukan Staf" in capsys.readouterr().err


def test_signing_needs_the_paraf_not_only_its_start(office, capsys):
    # the sample log: step 9 only started ("mulai"), so step 10 cannot be approved yet
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15"]) == 0
    capsys.readouterr()
    assert main(["catat", "10", "disetujui", "--periode", PERIOD, "--oleh", "Ahmad"]) == 2
    assert "sebelum langkah 9 tercatat" in capsys.readouterr().err


def test_a_chain_stripped_after_decisions_were_recorded_is_an_error(office, capsys):
    _sign(office)
    log = office / "input" / PERIOD / "log-review.csv"
    rows = list(csv.reader(io.StringIO(log.read_text(encoding="utf-8"))))
    with log.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(row[:-1] for row in rows)  # without the Rantai column
    capsys.readouterr()
    assert main(["status", "--periode", PERIOD]) == 1
    assert "(log-rantai-dihapus)" in capsys.readouterr().out


def test_an_approved_unit_file_changed_with_its_hash_rewritten_is_caught(office, capsys):
    path = office / "input" / PERIOD / "PIAK.xlsx"
    log = office / "input" / PERIOD / "log-review.csv"
    log.write_text(log_text(PIAK_UP_TO_STEP_5), encoding="utf-8")
    main(["catat", "6", "disetujui", "--periode", PERIOD, "--unit", "PIAK", "--oleh", "Iqbal"])
    old_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(path.read_bytes() + b"\0")
    new_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    lines = log.read_text(encoding="utf-8").replace(old_hash, new_hash).splitlines()
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    chain = ""
    for row in rows[1:]:  # the chain recomputed, as someone who read the code could
        chain = row[-1] = chain_value(chain, row[:-1])
    with log.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    capsys.readouterr()
    assert main(["status", "--periode", PERIOD]) == 1
    assert "Langkah 6 unit PIAK (disetujui " in capsys.readouterr().out


def test_files_planted_among_the_receipts_are_ignored(office, capsys):
    folder = office / "input" / PERIOD / ".persetujuan"
    folder.mkdir()
    (folder / ("a" * 64 + "-10")).write_text("tanpa koma sama sekali")
    (folder / ("b" * 64 + "-10-disetujui")).symlink_to("/dev/zero")
    (folder / "bukan-hash").write_text("2026-10-15T10:00,10,,disetujui")
    assert main(["status", "--periode", PERIOD]) == 0
    assert main(["konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15"]) == 0


def test_who_recorded_an_event_is_kept_beside_who_performed_it(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    record_event(log, sample_master, step=1, status="selesai", by="Ahmad", recorder="fadli.web")
    [event] = read_log(log, sample_master).events
    assert (event.by, event.recorder) == ("Ahmad", "fadli.web")
    record_event(log, sample_master, step=1, status="selesai", by="Ahmad")
    assert read_log(log, sample_master).events[-1].recorder  # the computer's user by default


def test_a_correction_note_is_measured_as_it_is_written(tmp_path, sample_master):
    log = tmp_path / "log-review.csv"
    record_event(log, sample_master, step=1, status="selesai", by="Ahmad")
    with pytest.raises(DataKinerjaError) as refused:  # fits alone, not with "Koreksi baris 2: "
        record_event(
            log, sample_master, step=1, status="koreksi", by="Ahmad", corrects=2, note="x" * 2000
        )
    assert "Catatan terlalu panjang" in refused.value.message


# --- findings of the log, as a user meets them


def test_a_log_whose_oleh_column_was_deleted_names_the_missing_column(office, capsys):
    """The log opened in a spreadsheet and its Oleh column deleted before saving."""
    log = office / "input" / PERIOD / "log-review.csv"
    with log.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    oleh = rows[0].index("Oleh")
    with log.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([c for i, c in enumerate(row) if i != oleh] for row in rows)
    review = read_log(log, read_master(office / "input" / "master.xlsx"))
    assert [(f.cell, f.column, f.code) for f in review.findings] == [
        ("", "Oleh", "log-kolom-hilang")
    ]
    assert main(["status", "--periode", PERIOD]) == 1
    out = capsys.readouterr().out
    assert "GALAT      log-review.csv - [Oleh] (log-kolom-hilang)\n" in out
    assert "Kolom 'Oleh' tidak ada di baris judul log review." in out
    assert "Kembalikan judul kolom: Waktu, Langkah, Unit, Status, Oleh, Peran" in out


def test_a_hand_kept_correction_naming_another_steps_row_is_not_applied(tmp_path, capsys):
    """A log kept by hand (no chain) whose koreksi of step 6 names row 3, a step-2 row."""
    folder = tmp_path / "input" / PERIOD
    folder.mkdir(parents=True)
    rows = PIAK_UP_TO_STEP_5 + "2026-10-07T08:00,6,PIAK,disetujui,Iqbal,Kabid,,,\n"
    rows += "2026-10-07T09:00,6,PIAK,koreksi,Iqbal,Kabid,Koreksi baris 3: tercatat keliru,,\n"
    (folder / "log-review.csv").write_text(HEADER + rows, encoding="utf-8")
    review = read_log(folder / "log-review.csv", read_master(ROOT / "input" / "master.xlsx"))
    assert [(f.cell, f.code) for f in review.findings] == [
        ("G8", "log-koreksi-tidak-sah"),
        ("", "log-tanpa-rantai"),
    ]
    assert [(e.step, e.status) for e in review.events][-1] == (6, "disetujui")  # still stands
    assert main(["status", "--periode", PERIOD, "--masukan", str(tmp_path / "input")]) == 1
    out = capsys.readouterr().out
    assert "GALAT      log-review.csv, sel G8 - [Catatan] (log-koreksi-tidak-sah)\n" in out
    assert "Koreksi ini menyebut baris 3, yang bukan kejadian langkah dan unit yang sama." in out
    assert "python run.py catat LANGKAH koreksi --baris NOMOR" in out


def test_an_approved_unit_file_moved_away_is_a_warning_naming_it(office, capsys):
    """PIAK.xlsx, approved by its Kabid at step 6, renamed in the period folder."""
    folder = office / "input" / PERIOD
    (folder / "PIAK.xlsx").rename(folder / "PIAK-final.xlsx")
    assert main(["status", "--periode", PERIOD]) == 0  # a warning does not fail the status
    out = capsys.readouterr().out
    assert "Temuan log dan integritas: 0 galat, 1 peringatan\n" in out
    assert "PERINGATAN log-review.csv (dokumen-hilang)\n" in out
    assert (
        "input/2026-TW3/PIAK.xlsx yang disetujui Kepala Bidang pada langkah 6 tidak ditemukan."
        in out
    )
    assert "Kembalikan file ke input/2026-TW3/PIAK.xlsx agar keasliannya dapat diperiksa." in out


@pytest.mark.parametrize("nobody", ["  ", "\u200b", "\u200b \u2060"])
def test_a_row_that_names_no_performer_is_a_finding_at_its_cell(office, capsys, nobody):
    path = office / "input" / PERIOD / "log-review.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[2][4] = nobody  # spreadsheet row 3: step 1 selesai, naming nobody visible
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert main(["status", "--periode", PERIOD]) == 1
    out = capsys.readouterr().out
    assert "E3" in out and "log-oleh-kosong" in out
    assert "Baris ini tidak menyebut siapa yang melaksanakan langkah 1." in out


def test_catat_refuses_a_performer_that_is_only_an_invisible_character(office, capsys):
    args = ["catat", "9", "disetujui", "--periode", PERIOD, "--oleh", "\u200b"]
    assert main(args) == 2
    assert "tidak menyebut siapa yang melaksanakan langkah 9" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "text", "message"),
    [
        ("--oleh", "Ahmad\x1b]0;judul\x07", "Nama pelaksana memuat karakter kendali"),
        ("--oleh", "Ahmad\nRina", "Nama pelaksana memuat karakter kendali"),
        ("--catatan", "arahan \u202etidak\u202c diberikan", "Catatan memuat karakter kendali"),
    ],
    ids=["escape-terminal", "baris-baru-di-nama", "pembalik-arah"],
)
def test_catat_refuses_control_characters_instead_of_storing_them(
    office, capsys, option, text, message
):
    log = office / "input" / PERIOD / "log-review.csv"
    before = log.read_bytes()
    args = ["catat", "1", "selesai", "--periode", PERIOD, "--oleh", "Ahmad", option, text]
    assert main(args) == 2
    code = next(c for c in text if c in "\x1b\n\u202e")
    assert capsys.readouterr().err == (
        f"GAGAL: {message} yang tidak tampak (\\u{ord(code):04x}); log tidak menyimpannya. "
        "Ketik ulang tanpa karakter itu.\n"
    )
    assert log.read_bytes() == before


def test_a_note_may_run_over_several_lines(office):
    note = "CAP-04 belum dijelaskan.\nLampiran menyusul."
    assert (
        main(["catat", "1", "selesai", "--periode", PERIOD, "--oleh", "Ahmad", "--catatan", note])
        == 0
    )
    master = read_master(office / "input" / "master.xlsx")
    assert read_log(office / "input" / PERIOD / "log-review.csv", master).events[-1].note == note


# --- catat made short: performers from the master, several units at once

TW2 = "2026-TW2"  # a period of the sample with no log yet
UNITS = ["SEKRETARIAT", "DAFDUK", "CAPIL", "PIAK", "PDIP"]


def catat(*args: str) -> int:
    return main(["catat", *args, "--periode", TW2])


def tw2_log(office: Path) -> list[list[str]]:
    with (office / "input" / TW2 / "log-review.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def test_catat_names_the_performer_the_master_gives_for_the_step_and_unit(office, capsys):
    assert catat("1", "selesai", "--waktu", "2026-07-01T08:30") == 0
    assert catat("2", "selesai", "--unit", "PIAK", "--waktu", "2026-07-01T09:00") == 0
    assert catat("3", "selesai", "--unit", "piak", "--waktu", "2026-07-01T10:00") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "Tercatat: langkah 1 selesai oleh Drs. Ahmad Syahputra Nasution, M.Si. (Kadis) pada "
        "01-07-2026 08:30 WIB."
    )
    assert out[-2] == (
        "Tercatat: langkah 3 unit PIAK selesai oleh Muhammad Iqbal Tanjung, S.T., M.Kom. "
        "(Kabid) pada 01-07-2026 10:00 WIB."
    )
    assert [row[4] for row in tw2_log(office)] == [
        "Drs. Ahmad Syahputra Nasution, M.Si.",
        "Fadli Rahman Lubis, S.E.",
        "Muhammad Iqbal Tanjung, S.T., M.Kom.",
    ]


def test_oleh_overrides_the_performer_and_pencatat_is_who_recorded(office):
    args = ["1", "selesai", "--oleh", "Plh. Kadis Budi", "--pencatat", "fadli"]
    assert catat(*args) == 0
    [row] = tw2_log(office)
    assert (row[4], row[5], row[9]) == ("Plh. Kadis Budi", "Kadis", "fadli")


def test_catat_without_oleh_says_where_the_master_would_name_the_performer(office, capsys):
    unit_sheet = SAMPLE_SHEETS["Unit"]
    pdip = next(i + 1 for i, row in enumerate(unit_sheet) if row[0] == "PDIP")
    make_master(office / "input", {("Unit", pdip, "Nama Katim"): None})
    assert catat("1", "selesai", "--waktu", "2026-07-01T08:30") == 0
    assert catat("2", "selesai", "--unit", "PDIP", "--waktu", "2026-07-01T09:00") == 0
    assert catat("3", "selesai", "--unit", "PDIP", "--waktu", "2026-07-01T10:00") == 0
    capsys.readouterr()
    assert catat("4", "selesai", "--unit", "PDIP") == 2
    assert capsys.readouterr().err == (
        "GAGAL: Master tidak menyebut nama Katim pada Bidang unit PDIP, pelaksana langkah 4. "
        "Tambahkan --oleh NAMA, atau isi kolom Nama Katim unit PDIP di sheet Unit master.\n"
    )
    assert catat("4", "selesai", "--unit", "PDIP", "--peran", "Staf") == 2
    assert capsys.readouterr().err == (
        "GAGAL: Master tidak menyebut nama Staf unit PDIP, pelaksana langkah 4. Tambahkan "
        "--oleh NAMA.\n"
    )
    assert len(tw2_log(office)) == 3


def test_several_units_are_recorded_in_order_with_one_position(office, capsys):
    assert catat("1", "selesai", "--waktu", "2026-07-01T08:30") == 0
    capsys.readouterr()
    args = ["2", "selesai", "--unit", "CAPIL", "--unit", "dafduk", "--waktu", "2026-07-01T09:00"]
    assert catat(*args) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Tercatat: langkah 2 unit CAPIL selesai oleh Fadli Rahman Lubis, S.E. (Katim Penyusunan "
        "Program) pada 01-07-2026 09:00 WIB.",
        "Tercatat: langkah 2 unit DAFDUK selesai oleh Fadli Rahman Lubis, S.E. (Katim "
        "Penyusunan Program) pada 01-07-2026 09:00 WIB.",
        f"Posisi SOP {TW2}: menunggu nota dinas Katim Penyusunan Program (langkah 2: "
        "SEKRETARIAT, PIAK, PDIP)",
    ]
    master = read_master(office / "input" / "master.xlsx")
    assert read_log(office / "input" / TW2 / "log-review.csv", master).findings == []


def test_semua_records_every_unit_of_the_year_once_each_document_its_own(office, capsys):
    for step, when in (("1", "01T08:30"), ("2", "01T09:00"), ("3", "01T10:00"), ("4", "02T10:00")):
        units = ["--unit", "semua"] if step != "1" else []
        assert catat(step, "selesai", *units, "--waktu", f"2026-07-{when}") == 0
    capsys.readouterr()
    assert catat("5", "selesai", "--unit", "semua", "--unit", "PIAK") == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[4] for line in out if line.startswith("Tercatat:")] == UNITS
    assert [line.split()[1] for line in out if line.startswith("Dokumen:")] == [
        f"input/{TW2}/{unit}.xlsx" for unit in UNITS
    ]
    rows = tw2_log(office)
    assert [(r[1], r[2]) for r in rows][-5:] == [("5", unit) for unit in UNITS]
    for row, unit in zip(rows[-5:], UNITS, strict=True):
        own = (office / "input" / TW2 / f"{unit}.xlsx").read_bytes()
        assert (row[7], row[8]) == (f"{unit}.xlsx", hashlib.sha256(own).hexdigest())


def test_one_unit_refused_of_several_records_none(office, capsys):
    assert catat("1", "selesai", "--waktu", "2026-07-01T08:30") == 0
    assert catat("2", "selesai", "--unit", "semua", "--waktu", "2026-07-01T09:00") == 0
    assert catat("3", "selesai", "--unit", "DAFDUK", "--waktu", "2026-07-01T10:00") == 0
    before = (office / "input" / TW2 / "log-review.csv").read_bytes()
    capsys.readouterr()
    args = ["4", "selesai", "--unit", "DAFDUK", "--unit", "CAPIL", "--waktu", "2026-07-02T10:00"]
    assert catat(*args) == 2
    assert capsys.readouterr().err == (
        "GAGAL: Tidak dicatat: Langkah 4 unit CAPIL dicatat pada 02-07-2026 10:00, sebelum "
        "langkah 3 tercatat. Karena itu tidak satu pun dari 2 unit yang diminta (DAFDUK, "
        "CAPIL) dicatat, agar log tidak setengah jadi; perbaiki dulu unit CAPIL, atau ulangi "
        "tanpa unit itu. Catat dulu langkah 3; bila urutannya salah ketik, catat koreksinya, "
        "jangan mengubah baris lama.\n"
    )
    assert (office / "input" / TW2 / "log-review.csv").read_bytes() == before
    assert catat("4", "selesai", "--unit", "XYZ", "--unit", "DAFDUK") == 2
    assert capsys.readouterr().err.startswith(
        "GAGAL: Unit XYZ tidak ada di master. Unit yang dikenal: SEKRETARIAT, DAFDUK, CAPIL, "
        "PIAK, PDIP. Karena itu tidak satu pun dari 2 unit yang diminta (XYZ, DAFDUK) dicatat"
    )
    assert (office / "input" / TW2 / "log-review.csv").read_bytes() == before


def test_a_correction_names_one_unit(office, capsys):
    assert catat("1", "selesai") == 0
    capsys.readouterr()
    args = ["2", "koreksi", "--unit", "DAFDUK", "--unit", "CAPIL", "--baris", "2"]
    assert catat(*args, "--catatan", "keliru") == 2
    assert capsys.readouterr().err == (
        "GAGAL: Koreksi membatalkan satu baris dari satu unit; sebutkan satu unit saja, bukan 2.\n"
    )


@pytest.mark.parametrize("link", ["symlink_to", "hardlink_to"])
def test_a_link_in_place_of_the_logs_lock_file_is_refused_and_empties_nothing(office, capsys, link):
    elsewhere = office / "input" / "2026-TW2" / "DAFDUK.xlsx"
    before = elsewhere.read_bytes()
    period = office / "input" / "2026-TW4"
    period.mkdir()
    getattr(period / "log-review.csv.lock", link)(elsewhere)
    assert main(["catat", "1", "selesai", "--periode", "2026-TW4"]) == 2
    assert capsys.readouterr().err.startswith(
        "GAGAL: log-review.csv.lock di folder 2026-TW4 bukan file kunci biasa (tautan atau "
        "folder); tidak ada yang dicatat."
    )
    assert elsewhere.read_bytes() == before
    assert not (period / "log-review.csv").exists()


def test_a_folder_in_place_of_the_log_is_one_sentence(office, capsys):
    (office / "input" / "2026-TW4" / "log-review.csv").mkdir(parents=True)
    assert main(["catat", "1", "selesai", "--periode", "2026-TW4"]) == 2
    assert capsys.readouterr().err.startswith(
        "GAGAL: Log review 2026-TW4/log-review.csv bukan file biasa (tautan, folder, pipa "
        "atau perangkat); tidak ada yang dibaca atau dicatat."
    )


def test_an_approved_file_the_tool_may_not_read_is_named_not_a_crash(office, capsys, monkeypatch):
    """A file on the shared drive without read permission for the tool (as root in the
    tests, every file is readable: the refusal is the operating system's, simulated)."""
    import errno

    import pipeline.workbooks

    opened = pipeline.workbooks.open_regular

    def no_permission(path):
        if Path(path).name == "PIAK.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied")
        return opened(path)

    monkeypatch.setattr(pipeline.workbooks, "open_regular", no_permission)
    assert main(["konsolidasi", "--periode", PERIOD, "--draf"]) == 0
    capsys.readouterr()
    assert main(["status", "--periode", PERIOD]) == 0  # a warning: exit 0
    out = capsys.readouterr().out
    assert "(dokumen-tidak-terbaca)" in out
    assert (
        "input/2026-TW3/PIAK.xlsx yang disetujui Kepala Bidang pada langkah 6 tidak dapat "
        "dibaca (Permission denied), jadi keasliannya tidak dapat diperiksa." in out
    )


def test_only_a_decision_can_be_returned(office, capsys):
    catat = ["catat", "7", "dikembalikan", "--periode", PERIOD, "--unit", "PIAK"]
    assert main([*catat, "--catatan", "belum lengkap"]) == 2
    assert capsys.readouterr().err == (
        "GAGAL: Langkah 7 bukan keputusan, jadi tidak dapat dikembalikan; yang dapat "
        "dikembalikan adalah langkah 6, 9, 10.\n"
    )


def test_a_hard_link_in_place_of_the_log_is_refused(office, capsys):
    period = office / "input" / "2026-TW4"
    period.mkdir()
    signed_log = office / "input" / PERIOD / "log-review.csv"
    (period / "log-review.csv").hardlink_to(signed_log)  # another period's official log
    kept = signed_log.read_bytes()
    assert main(["catat", "1", "selesai", "--periode", "2026-TW4"]) == 2
    assert "bukan file biasa" in capsys.readouterr().err
    assert signed_log.read_bytes() == kept


def test_a_byte_no_encoding_reads_in_the_log_is_a_finding_not_a_crash(office, capsys):
    log = office / "input" / PERIOD / "log-review.csv"
    log.write_bytes(log.read_bytes() + b"\x81")
    assert main(["status", "--periode", PERIOD]) == 1
    out = capsys.readouterr().out
    assert "kesalahan tak terduga" not in out and "(log-" in out


def test_a_receipts_folder_that_is_not_a_folder_is_refused_before_the_row(office, capsys):
    assert main(["konsolidasi", "--periode", PERIOD]) == 0  # the report the return names
    (office / "input" / PERIOD / ".persetujuan").write_text("bukan folder")
    log = office / "input" / PERIOD / "log-review.csv"
    before = log.read_bytes()
    catat = ["catat", "9", "dikembalikan", "--periode", PERIOD, "--catatan", "Kurang lengkap"]
    assert main(catat) == 2
    assert ".persetujuan di folder 2026-TW3 bukan folder biasa" in capsys.readouterr().err
    assert log.read_bytes() == before  # nothing recorded that could not be whole
