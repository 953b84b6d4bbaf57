"""Each official records their own step (acting.act, as the web page calls it): only in
their own posts, only when it is their turn, and only with what the step hands over."""

from __future__ import annotations

import shutil

import pytest

from pipeline.acting import Actor, NotAllowed, act, upload_unit_file, waiting_for
from pipeline.errors import DataKinerjaError
from pipeline.master import read_master
from pipeline.officials import Post, posts_of
from pipeline.periods import Period
from pipeline.review_log.reading import read_log
from pipeline.tasks import Folders
from pipeline.uploads import versions_of
from tests.corpus import _case, _edit
from tests.helpers import PERIOD, ROOT

P = Period.parse(PERIOD)
UNITS = ["SEKRETARIAT", "DAFDUK", "CAPIL", "PIAK", "PDIP"]
NAMES = {
    "kadis": "Drs. Ahmad Syahputra Nasution, M.Si.",
    "sekretaris": "Rina Marlina Siregar, S.STP., M.AP.",
    "program": "Fadli Rahman Lubis, S.E.",
    "kabid-dafduk": "Hendra Gunawan Pardede, S.Sos., M.Si.",
    "katim-dafduk": "Yusnita Harahap, S.Kom.",
    "kabid-capil": "Dewi Kartika Sari Ginting, S.H., M.H.",
}


@pytest.fixture
def office(tmp_path):
    """A project whose period 2026-TW3 has not started: the sample master, last quarter's
    files, no file and no log for this quarter."""
    shutil.copytree(ROOT / "input" / "2026-TW2", tmp_path / "input" / "2026-TW2")
    shutil.copy(ROOT / "input" / "master.xlsx", tmp_path / "input" / "master.xlsx")
    return Folders(tmp_path / "input", tmp_path / "input" / "master.xlsx", tmp_path / "output")


def actor(who: str) -> Actor:
    master = read_master(ROOT / "input" / "master.xlsx")
    return Actor(NAMES[who], tuple(posts_of(master, NAMES[who])), f"web:{who}")


def sample_file(unit: str) -> bytes:
    return (ROOT / "input" / PERIOD / f"{unit}.xlsx").read_bytes()


def events(office):
    return read_log(office.input / PERIOD / "log-review.csv", office.read_master()).events


def test_each_step_is_recorded_by_its_own_official_with_their_login(office):
    act(office, P, actor("kadis"), 1, [])
    act(office, P, actor("program"), 2, UNITS)
    act(office, P, actor("kabid-dafduk"), 3, ["DAFDUK"])
    assert [(e.step, e.unit, e.status, e.by, e.role, e.recorder) for e in events(office)] == [
        (1, None, "selesai", NAMES["kadis"], "Kadis", "web:kadis"),
        *[
            (2, u, "selesai", NAMES["program"], "Katim Penyusunan Program", "web:program")
            for u in UNITS
        ],
        (3, "DAFDUK", "selesai", NAMES["kabid-dafduk"], "Kabid", "web:kabid-dafduk"),
    ]


def test_nobody_records_another_posts_step(office):
    with pytest.raises(NotAllowed, match="Anda tidak berwenang mencatat langkah 1."):
        act(office, P, actor("program"), 1, [])
    act(office, P, actor("kadis"), 1, [])
    act(office, P, actor("program"), 2, UNITS)
    with pytest.raises(NotAllowed, match="langkah 3 untuk unit CAPIL"):
        act(office, P, actor("kabid-dafduk"), 3, ["DAFDUK", "CAPIL"])
    assert [e.step for e in events(office)] == [1, 2, 2, 2, 2, 2]  # nothing of the refused
    staf = Actor("Seorang Staf", (Post("Staf", "DAFDUK", "Seorang Staf"),), "web:staf")
    with pytest.raises(NotAllowed):
        upload_unit_file(office, P, staf, "CAPIL", sample_file("CAPIL"), "CAPIL.xlsx")


def test_a_step_is_recorded_only_on_its_turn(office):
    with pytest.raises(DataKinerjaError, match="Langkah 2 unit DAFDUK belum atau tidak lagi"):
        act(office, P, actor("program"), 2, ["DAFDUK"])
    act(office, P, actor("kadis"), 1, [])
    with pytest.raises(DataKinerjaError, match="Langkah 1 belum atau tidak lagi menunggu"):
        act(office, P, actor("kadis"), 1, [])


def _up_to_step_4(office, unit="DAFDUK"):
    act(office, P, actor("kadis"), 1, [])
    act(office, P, actor("program"), 2, UNITS)
    act(office, P, actor("kabid-dafduk"), 3, [unit])
    act(office, P, actor("katim-dafduk"), 4, [unit])


def _up_to_step_7(office):
    """Every unit's file of the sample handed to the Katim Program, recorded as catat does."""
    from pipeline.tasks import record_steps

    for unit in UNITS:
        (office.input / PERIOD).mkdir(parents=True, exist_ok=True)
        (office.input / PERIOD / f"{unit}.xlsx").write_bytes(sample_file(unit))
    record_steps(office, P, step=1, status="selesai")
    for step in range(2, 8):
        status = "disetujui" if step == 6 else "selesai"
        record_steps(office, P, step=step, status=status, units=["semua"])


def test_a_unit_submits_only_a_file_without_galat_and_the_kabid_decides_on_that_file(
    office, tmp_path
):
    _up_to_step_4(office)
    katim, kabid = actor("katim-dafduk"), actor("kabid-dafduk")
    with pytest.raises(DataKinerjaError, match="File unit DAFDUK belum ada atau masih memuat"):
        act(office, P, katim, 5, ["DAFDUK"])
    broken = _case("angka-tidak-valid").build(tmp_path)
    received = upload_unit_file(office, P, katim, "DAFDUK", broken.read_bytes(), "isian.xlsx")
    assert [(f.cell, f.code) for f in received.report.findings] == [
        ("L7", "angka-tidak-valid"),
        ("K9", "realisasi-lalu-berubah"),  # against last quarter's file, as validasi says
    ]
    assert received.stored is None and received.feedback.is_file()
    assert not (office.input / PERIOD / "DAFDUK.xlsx").exists()

    received = upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    assert received.report.valid and received.stored == office.input / PERIOD / "DAFDUK.xlsx"
    act(office, P, katim, 5, ["DAFDUK"])
    with pytest.raises(DataKinerjaError, match="menunggu keputusannya"):
        upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    with pytest.raises(DataKinerjaError, match="Pengembalian wajib disertai alasan: tulis apa"):
        act(office, P, kabid, 6, ["DAFDUK"], approve=False, note="  ")
    act(office, P, kabid, 6, ["DAFDUK"], approve=False, note="DAF-02 perlu dicek")
    same = upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    assert same.version is None  # the very same bytes again: no version of them
    fixed = _edit(cells={"M8": "DAF-02 dicek ulang: angka sesuai register SIAK."})(tmp_path)
    again = upload_unit_file(office, P, katim, "DAFDUK", fixed.read_bytes(), "x.xlsx")
    assert again.report.valid and again.version.read_bytes() == sample_file("DAFDUK")
    assert again.version.parent == office.input / PERIOD / "versi"
    assert versions_of(office.input / PERIOD, "DAFDUK") == [again.version]
    act(office, P, katim, 5, ["DAFDUK"])
    act(office, P, kabid, 6, ["DAFDUK"])
    act(office, P, actor("sekretaris"), 7, ["DAFDUK"])
    first, fixed = same.report.sha256, again.report.sha256
    assert [(e.step, e.status, e.sha256) for e in events(office) if e.sha256] == [
        (5, "selesai", first),
        (6, "dikembalikan", first),  # the file it returned
        (5, "selesai", fixed),
        (6, "disetujui", fixed),
        (7, "selesai", fixed),
    ]
    with pytest.raises(DataKinerjaError, match="sudah disetujui Kepala Bidang"):
        upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")


def test_the_kabid_approves_only_the_file_that_was_submitted(office):
    _up_to_step_4(office)
    katim = actor("katim-dafduk")
    upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    act(office, P, katim, 5, ["DAFDUK"])
    stored = office.input / PERIOD / "DAFDUK.xlsx"
    stored.write_bytes(stored.read_bytes() + b"\0")  # changed on the shared drive
    with pytest.raises(
        DataKinerjaError, match="File unit DAFDUK berubah sejak langkah 5 .*Kembalikan kepada Katim"
    ):
        act(office, P, actor("kabid-dafduk"), 6, ["DAFDUK"])


def test_what_waits_on_each_person(office):
    assert [(w.step.number, w.unit) for w in waiting_for(office, P, actor("kadis"))] == [(1, None)]
    assert waiting_for(office, P, actor("program")) == []
    act(office, P, actor("kadis"), 1, [])
    assert [w.unit for w in waiting_for(office, P, actor("program"))] == UNITS
    act(office, P, actor("program"), 2, UNITS)
    assert [(w.step.number, w.unit) for w in waiting_for(office, P, actor("kabid-capil"))] == [
        (3, "CAPIL")
    ]
    assert [(w.step.number, w.unit) for w in waiting_for(office, P, actor("sekretaris"))] == [
        (3, "SEKRETARIAT")
    ]


def test_the_page_opens_on_the_period_under_way_else_the_next_due(office):
    from datetime import date

    from pipeline.acting import current_period

    assert str(current_period(office, date(2026, 7, 11))) == "2026-TW3"  # TW2's deadline passed
    assert str(current_period(office, date(2026, 12, 5))) == "2026-TW4"
    assert str(current_period(office, date(2027, 3, 1))) == "2027-TW1"  # past the Jadwal
    act(office, P, actor("kadis"), 1, [])  # 2026-TW3 has started
    assert str(current_period(office, date(2026, 12, 5))) == "2026-TW3"


def test_a_step_before_recorded_without_its_document_leaves_the_decision_to_record_it(office):
    """The sample's step 8 was recorded on the command line before the report was there:
    the Sekretaris can still initial it, and her event carries the report's hash."""
    from pipeline.tasks import consolidate_period, record_steps

    for unit in UNITS:
        (office.input / PERIOD / f"{unit}.xlsx").parent.mkdir(parents=True, exist_ok=True)
        (office.input / PERIOD / f"{unit}.xlsx").write_bytes(sample_file(unit))
    record_steps(office, P, step=1, status="selesai")
    for step in range(2, 8):
        status = "disetujui" if step == 6 else "selesai"
        record_steps(office, P, step=step, status=status, units=["semua"])
    record_steps(office, P, step=8, status="selesai")  # no report yet: no hash
    assert events(office)[-1].sha256 is None
    consolidate_period(office, P)
    [done] = act(office, P, actor("sekretaris"), 9, [])
    assert done.event.sha256 is not None


def test_a_submitted_report_is_not_rewritten_while_its_paraf_waits(office):
    from pipeline.acting import consolidate_as
    from pipeline.tasks import consolidate_period

    _up_to_step_7(office)
    consolidate_as(office, P, actor("program"), draft=True)  # before submitting: fine
    act(office, P, actor("program"), 8, [])
    report = office.output / PERIOD / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"
    before = report.read_bytes()
    with pytest.raises(DataKinerjaError, match="menunggu paraf atau tanda tangan"):
        consolidate_as(office, P, actor("program"), draft=True)
    # nor from the command line: the report handed over is the one the paraf is for
    with pytest.raises(DataKinerjaError, match=r"sudah diajukan kepada Sekretaris \(langkah 8"):
        consolidate_period(office, P, draft=True)
    assert report.read_bytes() == before
    act(office, P, actor("sekretaris"), 9, [])  # the very report submitted


def test_a_report_returned_and_submitted_again_waits_for_its_paraf_again(office):

    _up_to_step_7(office)
    act(office, P, actor("program"), 8, [])
    [back] = act(office, P, actor("sekretaris"), 9, [], approve=False, note="Analisis kurang")
    assert back.review.sentence == (
        "dikembalikan untuk diperbaiki pada langkah 9 (paraf Sekretaris)"
    )
    assert [s.state for s in back.review.states if s.step.number == 9] == ["dikembalikan"]
    [again] = act(office, P, actor("program"), 8, [])
    assert again.review.sentence == "menunggu paraf Sekretaris (langkah 9)"
    # the state table says so too: the report is in the Sekretaris's hands again
    assert [s.state for s in again.review.states if s.step.number == 9] == ["berjalan"]


def test_two_decisions_at_once_record_one_the_other_is_refused_under_the_lock(office, monkeypatch):
    import pipeline.acting

    _up_to_step_4(office)
    katim, kabid = actor("katim-dafduk"), actor("kabid-dafduk")
    upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    act(office, P, katim, 5, ["DAFDUK"])
    # two clicks whose pages both said the step waited: the first is recorded while the
    # second is past its own early check, which is what skipping that check stands for
    monkeypatch.setattr(pipeline.acting, "refuse_out_of_turn", lambda *args: None)
    act(office, P, kabid, 6, ["DAFDUK"])
    for approve in (True, False):
        with pytest.raises(DataKinerjaError, match="Langkah 6 unit DAFDUK belum atau tidak lagi"):
            act(office, P, kabid, 6, ["DAFDUK"], approve=approve, note="terlambat")
    assert [(e.step, e.status) for e in events(office) if e.step == 6] == [(6, "disetujui")]


def test_a_report_the_kadis_returns_is_submitted_again_and_initialled_again(office):
    from pipeline.acting import consolidate_as
    from pipeline.tasks import record_steps

    _up_to_step_7(office)
    act(office, P, actor("program"), 8, [])
    act(office, P, actor("sekretaris"), 9, [])
    [back] = act(office, P, actor("kadis"), 10, [], approve=False, note="Analisis kurang")
    assert (back.review.sentence, back.review.report_status) == (
        "dikembalikan untuk diperbaiki pada langkah 10 (tanda tangan Kepala Dinas)",
        "DRAF",  # the paraf went back with it
    )
    # the Katim rewrites it as asked (the paraf went back with it: no alarm that the
    # initialled report changed), then submits it again
    consolidate_as(office, P, actor("program"))
    findings = office.status(office.read_master(), P).findings
    assert [f.code for f in findings if f.severity == "GALAT"] == []
    [again] = act(office, P, actor("program"), 8, [])  # the report is written anew
    assert again.review.sentence == "menunggu paraf Sekretaris (langkah 9)"
    assert again.review.findings == []
    nine, ten = [s for s in again.review.states if s.step.number in (9, 10)]
    assert (nine.state, nine.finished) == ("berjalan", None)  # the paraf to give again
    assert (ten.state, ten.finished) == ("belum mulai", None)  # after it, not yet
    with pytest.raises(DataKinerjaError, match="Langkah 10 belum atau tidak lagi menunggu"):
        act(office, P, actor("kadis"), 10, [])
    # nor at the command line: catat 10 disetujui on the report without its new paraf
    with pytest.raises(DataKinerjaError, match="yang menunggu sekarang: langkah 9."):
        record_steps(office, P, step=10, status="disetujui")
    act(office, P, actor("sekretaris"), 9, [])
    [signed] = act(office, P, actor("kadis"), 10, [])
    assert signed.review.report_status == "DITANDATANGANI"


def test_a_file_approved_in_the_log_alone_is_not_replaced_by_an_upload(office):
    import shutil as sh

    from pipeline.review_log.integrity import RECEIPTS

    _up_to_step_4(office)
    katim = actor("katim-dafduk")
    upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    act(office, P, katim, 5, ["DAFDUK"])
    act(office, P, actor("kabid-dafduk"), 6, ["DAFDUK"])
    sh.rmtree(office.input / PERIOD / RECEIPTS)  # gone from the shared drive, or never kept
    with pytest.raises(DataKinerjaError, match="sudah disetujui Kepala Bidang"):
        upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")


def test_a_file_is_kept_under_the_logs_lock_so_no_step_is_recorded_meanwhile(office, monkeypatch):
    import filelock

    import pipeline.uploads

    def lock_held() -> bool:
        other = filelock.FileLock(str(office.input / PERIOD / "log-review.csv.lock"), timeout=0)
        try:
            other.acquire()
        except filelock.Timeout:
            return True
        other.release()
        return False

    seen = []

    def probed(name):
        original = getattr(pipeline.uploads, name)

        def probe(*args, **kwargs):
            seen.append((name, lock_held()))
            return original(*args, **kwargs)

        monkeypatch.setattr(pipeline.uploads, name, probe)

    for name in ("upload_refusal", "validate_file", "_keep"):
        probed(name)
    _up_to_step_4(office)
    upload_unit_file(office, P, actor("katim-dafduk"), "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    # checked first without the lock, then asked again and kept under it; the checking
    # of the file's cells (the slow part) does not hold up anyone recording a step
    assert seen == [
        ("upload_refusal", False),
        ("validate_file", False),
        ("upload_refusal", True),
        ("_keep", True),
    ]


def test_no_unit_file_is_replaced_once_the_period_is_archived(office):
    _up_to_step_4(office)
    katim = actor("katim-dafduk")
    (office.output / "arsip" / PERIOD).mkdir(parents=True)  # step 11 made it
    with pytest.raises(DataKinerjaError) as refused:
        upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    assert refused.value.message == (
        "Periode 2026-TW3 sudah dilaporkan dan diarsipkan (langkah 11); file unit tidak "
        "diganti lagi."
    )
    assert not (office.input / PERIOD / "DAFDUK.xlsx").exists()


def test_versions_are_listed_newest_first_also_within_one_second(tmp_path):
    folder = tmp_path / "versi"
    folder.mkdir()
    names = ["PIAK-20261208-013445.xlsx", "PIAK-20261208-013445-2.ods", "PIAK-20261207-235959.xlsx"]
    for name in [*names, "PIAK-2-20261208-013446.xlsx", "catatan.txt"]:  # not PIAK's own
        (folder / name).write_bytes(b"")
    assert [p.name for p in versions_of(tmp_path, "PIAK")] == [
        "PIAK-20261208-013445-2.ods",
        "PIAK-20261208-013445.xlsx",
        "PIAK-20261207-235959.xlsx",
    ]


def test_the_katims_analysis_is_taken_until_the_report_is_submitted(office):
    from pipeline.acting import upload_katim_analysis
    from pipeline.tasks import record_steps

    filled = (ROOT / "input" / PERIOD / "Analisis-Katim-2026-TW3.xlsx").read_bytes()
    with pytest.raises(NotAllowed):
        upload_katim_analysis(office, P, actor("sekretaris"), filled)
    for unit in UNITS:
        (office.input / PERIOD).mkdir(parents=True, exist_ok=True)
        (office.input / PERIOD / f"{unit}.xlsx").write_bytes(sample_file(unit))
    (office.input / PERIOD / "analisis-katim-2026-tw3.xlsx").write_bytes(b"lama")  # by hand
    received = upload_katim_analysis(office, P, actor("program"), filled)
    assert received.analysis.used and received.version.read_bytes() == b"lama"
    assert sorted(p.name for p in office.input.joinpath(PERIOD).glob("*alisis*")) == [
        "Analisis-Katim-2026-TW3.xlsx"  # one file, so konsolidasi knows which
    ]
    record_steps(office, P, step=1, status="selesai")
    for step in range(2, 8):
        status = "disetujui" if step == 6 else "selesai"
        record_steps(office, P, step=step, status=status, units=["semua"])
    [submitted] = act(office, P, actor("program"), 8, [])
    assert submitted.review.sentence == "menunggu paraf Sekretaris (langkah 9)"
    with pytest.raises(DataKinerjaError, match="uraian analisisnya tidak diganti sebelum"):
        upload_katim_analysis(office, P, actor("program"), filled)


def test_a_second_click_on_submit_leaves_the_submitted_report_as_it_was(office, monkeypatch):
    import pipeline.acting

    _up_to_step_7(office)
    act(office, P, actor("program"), 8, [])
    report = office.output / PERIOD / "Laporan-Kinerja-Dinas-2026-TW3.xlsx"
    submitted = report.read_bytes()
    # the second click's page still offered the button: its early check passes
    checks = []
    in_turn = pipeline.acting.refuse_out_of_turn

    def early_check_passes(*args):
        checks.append(args)
        if len(checks) > 1:
            in_turn(*args)

    monkeypatch.setattr(pipeline.acting, "refuse_out_of_turn", early_check_passes)
    with pytest.raises(DataKinerjaError, match="Langkah 8 belum atau tidak lagi menunggu"):
        act(office, P, actor("program"), 8, [])
    assert report.read_bytes() == submitted
    act(office, P, actor("sekretaris"), 9, [])  # the paraf is on the report submitted


def test_a_submission_records_the_file_as_it_is_when_recorded(office, monkeypatch, tmp_path):
    import contextlib

    import pipeline.review_log.record as record
    from pipeline.workbooks import sha256_of

    _up_to_step_4(office)
    katim = actor("katim-dafduk")
    upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    stored = office.input / PERIOD / "DAFDUK.xlsx"
    newer = _edit(cells={"M8": "Diunggah bersamaan dengan pengajuan."})(tmp_path).read_bytes()
    locked = record.log_lock

    @contextlib.contextmanager
    def an_upload_lands_first(path):
        stored.write_bytes(newer)  # the other request's upload, kept just before this lock
        with locked(path):
            yield

    monkeypatch.setattr(record, "log_lock", an_upload_lands_first)
    [submitted] = act(office, P, katim, 5, ["DAFDUK"])
    assert submitted.event.sha256 == sha256_of(stored)  # the file the Kabid will open


def test_the_pages_konsolidasi_writes_under_the_logs_lock_as_step_8_does(office, monkeypatch):
    import filelock

    import pipeline.acting
    from pipeline.acting import consolidate_as

    _up_to_step_7(office)
    written = pipeline.acting.consolidate_period
    held = []

    def probe(*args, **kwargs):
        other = filelock.FileLock(str(office.input / PERIOD / "log-review.csv.lock"), timeout=0)
        try:
            other.acquire()
        except filelock.Timeout:
            held.append(True)
        else:
            other.release()
            held.append(False)
        return written(*args, **kwargs)

    monkeypatch.setattr(pipeline.acting, "consolidate_period", probe)
    consolidate_as(office, P, actor("program"))
    act(office, P, actor("program"), 8, [])
    assert held == [True, True]  # no step is recorded while either writes the report


def test_an_approval_and_its_return_in_one_second_are_taken_in_the_logs_row_order(office):
    from pipeline.tasks import record_steps

    _up_to_step_4(office)
    katim = actor("katim-dafduk")
    upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    act(office, P, katim, 5, ["DAFDUK"])
    same_second = "2030-01-02T10:00"
    record_steps(office, P, step=6, status="disetujui", units=["DAFDUK"], when=same_second)
    record_steps(
        office,
        P,
        step=6,
        status="dikembalikan",
        units=["DAFDUK"],
        when=same_second,
        note="Keliru disetujui",
    )
    # the return is the later row: the file stands returned, and may be replaced
    again = upload_unit_file(office, P, katim, "DAFDUK", sample_file("DAFDUK"), "x.xlsx")
    assert again.stored is not None
