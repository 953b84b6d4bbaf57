"""The web page through Flask's test client: no page without login, each person only in
their own posts, every form with its CSRF token, and bad requests answered with a page in
Bahasa Indonesia, never a stack trace."""

from __future__ import annotations

import io
import re

import pytest

from pipeline.periods import Period
from pipeline.review_log.events import log_path
from pipeline.review_log.reading import read_log
from pipeline.web import create_app
from tests.corpus import _case
from tests.helpers import PERIOD, ROOT
from tests.office import csrf_token, log_in, make_office

P = Period.parse(PERIOD)


@pytest.fixture
def office(tmp_path):
    return make_office(tmp_path)


@pytest.fixture
def app(office):
    folders, data = office
    return create_app(folders, data, testing=True)  # a bug of ours fails the test


@pytest.fixture
def client(app):
    return app.test_client()


def logged_events(office):
    folders, _ = office
    path = log_path(folders.input, P)
    return read_log(path, folders.read_master()).events if path.is_file() else []


# Every address of the page, with values for its parts.
ADDRESSES = {
    "/": "GET",
    "/2026-TW3/": "GET",
    "/2026-TW3/unit/DAFDUK": "GET",
    "/2026-TW3/unit/DAFDUK/templat": "GET",
    "/2026-TW3/unit/DAFDUK/file": "GET",
    "/2026-TW3/unit/DAFDUK/umpan-balik": "GET",
    "/2026-TW3/unit/DAFDUK/unggah": "POST",
    "/2026-TW3/langkah/1": "POST",
    "/2026-TW3/program": "GET",
    "/2026-TW3/program/konsolidasi": "POST",
    "/2026-TW3/program/analisis": "POST",
    "/2026-TW3/unduh/laporan": "GET",
    "/2026-TW3/pimpinan": "GET",
    "/keluar": "POST",
}


def test_every_address_of_the_page_is_in_this_test(app):
    rules = {r.rule for r in app.url_map.iter_rules()} - {"/masuk"}
    assert len(rules) == len(ADDRESSES)


def test_without_login_no_page_and_no_file_is_served(client, office):
    token = csrf_token(client.get("/masuk").get_data(as_text=True))
    for address, method in ADDRESSES.items():
        if method == "GET":
            answer = client.get(address)
        else:
            answer = client.post(address, data={"csrf_token": token, "unit": "DAFDUK"})
        assert answer.status_code == 302, address
        assert answer.location.startswith("/masuk"), address
    assert logged_events(office) == []


def test_a_wrong_password_is_refused_with_a_sentence(client):
    token = csrf_token(client.get("/masuk").get_data(as_text=True))
    answer = client.post("/masuk", data={"nama": "hendra", "sandi": "salah", "csrf_token": token})
    assert answer.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in answer.get_data(as_text=True)


def test_the_session_cookie_is_httponly_and_ends_at_logout(client):
    token = log_in(client, "hendra")
    cookie = client.get_cookie("datakinerja_sesi")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert client.post("/keluar", data={"csrf_token": token}).status_code == 302
    client.set_cookie("datakinerja_sesi", cookie.value)  # the old cookie, replayed
    assert client.get("/2026-TW3/").location.startswith("/masuk")


def test_a_deactivated_account_loses_its_open_session(client, office):
    from pipeline.accounts import deactivate

    log_in(client, "hendra")
    assert client.get("/2026-TW3/").status_code == 200
    deactivate(office[1], "hendra")
    assert client.get("/2026-TW3/").location.startswith("/masuk")


@pytest.mark.parametrize(
    ("method", "address", "form"),
    [
        ("GET", "/2026-TW3/unit/CAPIL", None),
        ("GET", "/2026-TW3/unit/capil", None),
        ("GET", "/2026-TW3/unit/CAPIL/templat", None),
        ("GET", "/2026-TW3/unit/CAPIL/file", None),
        ("GET", "/2026-TW3/unit/CAPIL/umpan-balik", None),
        ("POST", "/2026-TW3/unit/CAPIL/unggah", {}),
        ("POST", "/2026-TW3/langkah/3", {"unit": "CAPIL"}),
        ("POST", "/2026-TW3/langkah/1", {}),
        ("GET", "/2026-TW3/program", None),
        ("POST", "/2026-TW3/program/konsolidasi", {}),
        ("POST", "/2026-TW3/program/analisis", {}),
        ("GET", "/2026-TW3/pimpinan", None),
        ("GET", "/2026-TW3/unduh/laporan", None),
        ("GET", "/2026-TW3/unduh/csv", None),
        ("GET", "/2026-TW3/unduh/analisis-katim", None),
    ],
)
def test_a_kabid_cannot_read_or_act_on_another_units_page_file_or_step(
    client, office, method, address, form
):
    token = log_in(client, "hendra")  # Kabid DAFDUK
    if method == "GET":
        answer = client.get(address)
    else:
        data = {"csrf_token": token, **form}
        if address.endswith("unggah"):
            data["file"] = (
                io.BytesIO((ROOT / "input" / PERIOD / "CAPIL.xlsx").read_bytes()),
                "CAPIL.xlsx",
            )
        answer = client.post(address, data=data, content_type="multipart/form-data")
    assert answer.status_code == 403, answer.get_data(as_text=True)
    assert "Tidak berwenang" in answer.get_data(as_text=True)
    assert logged_events(office) == []
    assert not (office[0].input / PERIOD / "CAPIL.xlsx").exists()


def test_a_server_started_in_the_project_folder_serves_its_files(office, monkeypatch):
    from pipeline.tasks import Folders

    monkeypatch.chdir(office[0].input.parent)  # python run.py web, from the project folder
    client = create_app(Folders(), office[1], testing=True).test_client()
    log_in(client, "yusnita")
    answer = client.get("/2026-TW3/unit/DAFDUK/templat")
    assert answer.status_code == 200 and answer.data.startswith(b"PK")


def test_the_katim_program_uploads_their_analysis_and_a_foreign_file_is_not_kept(
    client, office, tmp_path
):
    folders = office[0]
    kept = folders.input / PERIOD / "Analisis-Katim-2026-TW3.xlsx"
    token = log_in(client, "fadli")

    def upload(content):
        return client.post(
            "/2026-TW3/program/analisis",
            data={"csrf_token": token, "file": (io.BytesIO(content), "analisis.xlsx")},
            content_type="multipart/form-data",
            follow_redirects=True,
        ).get_data(as_text=True)

    unit_file = (ROOT / "input" / PERIOD / "DAFDUK.xlsx").read_bytes()
    page = upload(unit_file)
    assert (
        "File tidak disimpan: bukan templat analisis Katim. Unggah templat analisis periode "
        "2026-TW3 yang sudah diisi" in page
    )
    assert not kept.exists()
    filled = (ROOT / "input" / PERIOD / "Analisis-Katim-2026-TW3.xlsx").read_bytes()
    page = upload(filled)
    assert "Analisis disimpan (4 sasaran berisi uraian)." in page
    assert kept.read_bytes() == filled
    _says_nothing_of_the_command_line(page, office)


def test_the_katims_analysis_template_is_for_the_katim_program_alone(app, client, office):
    folders = office[0]
    template = folders.output / PERIOD / "template" / "Analisis-Katim-2026-TW3.xlsx"
    template.parent.mkdir(parents=True)
    template.write_bytes(b"templat analisis")
    log_in(client, "rina")  # the Sekretaris sees the office's report, not this template
    assert client.get("/2026-TW3/unduh/analisis-katim").status_code == 403
    program = app.test_client()
    log_in(program, "fadli")
    assert program.get("/2026-TW3/unduh/analisis-katim").data == b"templat analisis"


def test_a_linked_folder_on_the_way_to_a_download_is_not_followed(client, office):
    root = office[0].input.parent
    outside = root / "instance"  # the accounts database and the cookie key live here
    (outside / "DAFDUK.xlsx").write_bytes(b"bukan untuk diunduh")
    feedback = root / "output" / PERIOD / "umpan-balik"
    feedback.parent.mkdir(parents=True, exist_ok=True)
    feedback.symlink_to(outside, target_is_directory=True)
    log_in(client, "yusnita")
    answer = client.get("/2026-TW3/unit/DAFDUK/umpan-balik")
    assert answer.status_code == 404
    assert b"bukan untuk diunduh" not in answer.data


@pytest.mark.parametrize(
    ("address", "place"),
    [
        ("/2026-TW3/unit/DAFDUK/file", ("input", PERIOD, "DAFDUK.xlsx")),
        ("/2026-TW3/unit/DAFDUK/umpan-balik", ("output", PERIOD, "umpan-balik", "DAFDUK.xlsx")),
    ],
)
def test_a_link_on_the_shared_drive_is_not_followed_to_a_file_outside(
    client, office, address, place
):
    root = office[0].input.parent
    secret = root / "instance" / "datakinerja.sqlite3"  # password hashes and the cookie key
    link = root.joinpath(*place)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    log_in(client, "yusnita")
    answer = client.get(address)
    assert answer.status_code == 404
    assert secret.read_bytes()[:16] not in answer.data


@pytest.mark.parametrize(
    ("link", "target", "action"),
    [
        (("output", PERIOD, "template"), ("input", PERIOD), "template"),
        (("output", PERIOD, "umpan-balik"), ("input", "2026-TW2"), "upload"),
        (("input", PERIOD), ("input", "2026-TW2"), "upload"),
    ],
)
def test_a_folder_linked_elsewhere_on_the_shared_drive_is_not_written_through(
    client, office, link, target, action
):
    root = office[0].input.parent
    elsewhere = root.joinpath(*target)
    elsewhere.mkdir(parents=True, exist_ok=True)
    if not (elsewhere / "DAFDUK.xlsx").exists():
        (elsewhere / "DAFDUK.xlsx").write_bytes(b"disetujui")  # an approved file
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    place = root.joinpath(*link)
    place.parent.mkdir(parents=True, exist_ok=True)
    place.symlink_to(elsewhere, target_is_directory=True)
    token = log_in(client, "yusnita")
    if action == "template":
        answer = client.get("/2026-TW3/unit/DAFDUK/templat")
    else:
        sample = (ROOT / "input" / PERIOD / "DAFDUK.xlsx").read_bytes()
        answer = _upload(client, token, "DAFDUK", sample, "DAFDUK.xlsx")
    assert answer.status_code != 500
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


def test_a_form_posted_without_its_csrf_token_is_refused(client, office):
    log_in(client, "ahmad")  # the Kepala Dinas, whose step 1 it is
    answer = client.post("/2026-TW3/langkah/1", data={})
    assert answer.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in answer.get_data(as_text=True)
    answer = client.post("/2026-TW3/langkah/1", data={"csrf_token": "palsu"})
    assert answer.status_code == 400
    assert logged_events(office) == []


def test_the_kadis_records_step_1_with_one_action(client, office):
    token = log_in(client, "ahmad")
    page = client.get("/2026-TW3/").get_data(as_text=True)
    assert "Langkah 1: Memberikan arahan" in page and "Arahan sudah diberikan" in page
    answer = client.post("/2026-TW3/langkah/1", data={"csrf_token": token, "kembali": "/2026-TW3/"})
    assert answer.status_code == 302 and answer.location == "/2026-TW3/"
    [event] = logged_events(office)
    assert (event.step, event.status, event.by, event.role, event.recorder) == (
        1,
        "selesai",
        "Drs. Ahmad Syahputra Nasution, M.Si.",
        "Kadis",
        "web:ahmad",
    )
    assert "Tercatat: langkah 1 selesai oleh Drs. Ahmad" in client.get("/2026-TW3/").get_data(
        as_text=True
    )


def _unit_done_up_to(office, unit: str, last: int) -> None:
    """The sample file of `unit` in the period, its steps 1 to `last` recorded as catat does."""
    from pipeline.tasks import record_steps

    folders = office[0]
    (folders.input / PERIOD).mkdir(parents=True, exist_ok=True)
    (folders.input / PERIOD / f"{unit}.xlsx").write_bytes(
        (ROOT / "input" / PERIOD / f"{unit}.xlsx").read_bytes()
    )
    record_steps(folders, P, step=1, status="selesai")
    for step in range(2, last + 1):
        record_steps(folders, P, step=step, status="selesai", units=[unit])


def test_a_reason_of_several_lines_from_the_text_box_is_kept(client, office):
    _unit_done_up_to(office, "DAFDUK", 5)
    token = log_in(client, "hendra")  # Kabid DAFDUK, whose decision waits
    answer = client.post(
        "/2026-TW3/langkah/6",
        data={
            "csrf_token": token,
            "unit": "DAFDUK",
            "keputusan": "kembalikan",
            "catatan": "DAF-02 perlu dicek.\r\nFaktor penghambat belum diisi.",
        },
    )
    assert answer.status_code == 302
    [returned] = [e for e in logged_events(office) if e.step == 6]
    assert (returned.status, returned.note) == (
        "dikembalikan",
        "DAF-02 perlu dicek.\nFaktor penghambat belum diisi.",
    )


def test_the_sekretariat_submits_to_the_sekretaris_who_is_named_where_it_waits(client, office):
    _unit_done_up_to(office, "SEKRETARIAT", 4)
    log_in(client, "fadli")  # the Katim Program is also the Sekretariat's Katim
    page = client.get("/2026-TW3/unit/SEKRETARIAT").get_data(as_text=True)
    assert "File ini valid. Ajukan kepada Sekretaris (langkah 5):" in page
    assert "Ajukan kepada Kepala Bidang" not in page
    # the step not yet begun names who it waits on, not the role "Kabid"
    assert re.search(r"<td>6</td><td>[^<]*</td><td>Rina Marlina Siregar, S.STP., M.AP.</td>", page)
    program = client.get("/2026-TW3/program").get_data(as_text=True)
    assert "Laporan: <strong>belum disusun</strong>" in program
    # the Sekretariat's steps 3 and 6 are the Sekretaris's, in the office's table too
    for step in (3, 6):
        assert f"<tr><td>{step}</td><td>SEKRETARIAT</td><td>Sekretaris</td>" in program


def test_a_step_waiting_in_another_period_under_way_is_named_on_the_home_page(client, office):
    import shutil

    shutil.copytree(ROOT / "input" / PERIOD, office[0].input / PERIOD)  # waits for paraf
    log_in(client, "rina")
    page = client.get("/2026-TW4/").get_data(as_text=True)
    assert "Juga menunggu Anda di periode lain" in page
    assert re.search(r"Triwulan III Tahun 2026</a>:\s*langkah 9 \(paraf Sekretaris\)", page)
    assert "Juga menunggu Anda" not in client.get("/2026-TW3/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    ["//contoh.com/x", "/\t/contoh.com/x", "/\n/x", "/\\contoh.com", "https://contoh.com/"],
)
def test_a_return_address_outside_the_site_is_not_followed(client, office, target):
    token = log_in(client, "ahmad")
    answer = client.post("/2026-TW3/langkah/1", data={"csrf_token": token, "kembali": target})
    assert (answer.status_code, answer.location) == (302, "/2026-TW3/")
    assert len(logged_events(office)) == 1


def _upload(client, token, unit, content, name):
    return client.post(
        f"/2026-TW3/unit/{unit}/unggah",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_an_upload_shows_its_findings_cell_by_cell_at_once(client, office, tmp_path):
    token = log_in(client, "yusnita")  # Katim DAFDUK
    broken = _case("angka-tidak-valid").build(tmp_path).read_bytes()
    page = _upload(client, token, "DAFDUK", broken, "DAFDUK.xlsx").get_data(as_text=True)
    assert (
        "TIDAK VALID" in page
        and "angka-tidak-valid" in page
        and '<strong>L7</strong><br><span class="muted">Data Kinerja</span>' in page
    )
    assert "File <strong>tidak disimpan</strong>" in page
    assert client.get("/2026-TW3/unit/DAFDUK/umpan-balik").status_code == 200
    good = (ROOT / "input" / PERIOD / "DAFDUK.xlsx").read_bytes()
    page = _upload(client, token, "DAFDUK", good, "isian.xlsx").get_data(as_text=True)
    assert "VALID — 0 galat, 1 peringatan" in page
    assert (office[0].input / PERIOD / "DAFDUK.xlsx").read_bytes() == good


HOSTILE = [
    "bukan-zip",
    "bom-zip",
    "makro-di-xlsx",
    "xlsm",
    "crc-rusak",
    "ukuran-bohong",
    "periode-lain",
    "file-asing",
]


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_upload_gets_a_page_and_the_server_keeps_serving(client, office, tmp_path, case):
    token = log_in(client, "yusnita")
    path = _case(case).build(tmp_path)
    answer = _upload(client, token, "DAFDUK", path.read_bytes(), path.name)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "TIDAK VALID" in page and "Traceback" not in page
    assert not (office[0].input / PERIOD / "DAFDUK.xlsx").exists()
    assert client.get("/2026-TW3/unit/DAFDUK").status_code == 200


def _says_nothing_of_the_command_line(page: str, office) -> None:
    """A page's words name no command, no option and no folder of the server: its readers
    never open a terminal."""
    assert "run.py" not in page
    assert not re.search(r"\s--[a-z]", page)
    assert str(office[0].input.parent) not in page


def test_a_page_names_no_command_option_or_server_path(app, client, office, tmp_path):
    token = log_in(client, "fadli")
    page = client.post(
        "/2026-TW3/program/konsolidasi", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Konsolidasi 2026-TW3 dihentikan: 5 unit belum siap." in page
    assert "- DAFDUK: file belum ada (belum diunggah atau diterima)." in page
    assert "Perbaiki dulu, atau buat draf yang menandai unit tersebut." in page
    _says_nothing_of_the_command_line(page, office)

    unit = app.test_client()
    token = log_in(unit, "yusnita")
    other = _case("periode-lain").build(tmp_path)
    page = _upload(unit, token, "DAFDUK", other.read_bytes(), "DAFDUK.xlsx").get_data(as_text=True)
    assert "unduh di halaman unit Anda pada halaman web Data Kinerja" in page
    _says_nothing_of_the_command_line(page, office)


def test_another_units_file_on_a_units_page_is_named_as_such_and_not_kept(client, office):
    token = log_in(client, "yusnita")
    capil = (ROOT / "input" / PERIOD / "CAPIL.xlsx").read_bytes()
    page = _upload(client, token, "DAFDUK", capil, "DAFDUK.xlsx").get_data(as_text=True)
    assert "TIDAK VALID" in page and "templat-unit-lain" in page
    assert not (office[0].input / PERIOD / "DAFDUK.xlsx").exists()


def test_an_upload_too_large_is_refused_with_a_page(client):
    token = log_in(client, "yusnita")
    answer = _upload(client, token, "DAFDUK", b"\0" * (9 * 1024 * 1024), "besar.xlsx")
    assert answer.status_code == 413
    assert "File terlalu besar" in answer.get_data(as_text=True)
    assert client.get("/2026-TW3/").status_code == 200


def test_an_upload_well_under_the_limit_is_never_refused_as_too_large(client):
    import random

    token = log_in(client, "yusnita")
    sizes = [300 * 1024] * 6 + [7 * 1024 * 1024]  # a file with images: any bytes, any size
    for seed, size in enumerate(sizes):
        content = random.Random(seed).randbytes(size)
        answer = _upload(client, token, "DAFDUK", content, "DAFDUK.xlsx")
        assert answer.status_code == 200, seed
        assert "TIDAK VALID" in answer.get_data(as_text=True)


def test_text_from_a_file_cannot_reorder_or_inject_into_the_page(client, tmp_path):
    token = log_in(client, "yusnita")
    hostile = _case("angka-tidak-valid").build(tmp_path)
    import openpyxl

    book = openpyxl.load_workbook(hostile)
    book["Data Kinerja"]["L8"] = "<script>alert(1)</script>\u202egnp.exe"
    book.save(hostile)
    page = _upload(client, token, "DAFDUK", hostile.read_bytes(), "x.xlsx").get_data(as_text=True)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "\u202e" not in page and "\\u202e" in page


def test_a_bug_is_a_page_not_a_stack_trace(office, monkeypatch):
    from pipeline import acting

    def broken(*_args, **_kwargs):
        raise RuntimeError("rahasia internal")

    monkeypatch.setattr(acting, "overview", broken)
    client = create_app(*office).test_client()  # served, not under test
    log_in(client, "ahmad")
    answer = client.get("/2026-TW3/pimpinan")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 500
    assert "Terjadi kesalahan di server" in page
    assert "rahasia internal" not in page and "Traceback" not in page


def test_unknown_addresses_and_periods_are_a_page_in_indonesian(client):
    log_in(client, "ahmad")
    for address in (
        "/tidak-ada",
        "/2026-TW9/",
        "/0000-TW1/",
        "/9999-TW4/unit/DAFDUK/templat",
        "/2026-TW3/unit/XYZ",
        "/2026-TW3/unduh/apa",
    ):
        answer = client.get(address)
        assert answer.status_code == 404, address
        assert "Halaman tidak ditemukan" in answer.get_data(as_text=True)


def test_pages_are_not_framed_and_run_no_script(client):
    answer = client.get("/masuk")
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "script-src" not in answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert "<script" not in answer.get_data(as_text=True)


def test_the_server_reads_the_master_again_once_it_changes(tmp_path):
    from pipeline.web.app import ServedFolders
    from tests.helpers import make_master

    path = make_master(tmp_path)
    folders = ServedFolders(tmp_path, path, tmp_path / "output")
    first = folders.read_master()
    assert folders.read_master() is first  # unchanged bytes: not read again
    make_master(tmp_path, {("Unit", 3, "Nama Kepala"): "Pejabat Baru, S.H."})
    assert folders.read_master().units.at["DAFDUK", "kepala"] == "Pejabat Baru, S.H."


def test_a_decision_is_only_what_the_form_says(client, office):
    token = log_in(client, "ahmad")
    answer = client.post("/2026-TW3/langkah/1", data={"csrf_token": token, "keputusan": "ya"})
    assert answer.status_code == 400
    assert logged_events(office) == []


def test_a_master_broken_while_the_server_runs_is_its_sentence_not_a_bug_page(client, office):
    log_in(client, "fadli")
    office[0].master.write_bytes(b"bukan excel")
    answer = client.get("/2026-TW3/program")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 503
    assert "master.xlsx" in page and "Terjadi kesalahan di server" not in page
    _says_nothing_of_the_command_line(page, office)  # nor where the master is on the server


@pytest.mark.parametrize("what", ["master", "log"])
def test_a_pipe_in_place_of_the_master_or_the_log_does_not_hang_the_server(client, office, what):
    import os
    import threading

    folders = office[0]
    log_in(client, "fadli")
    place = folders.master if what == "master" else folders.input / PERIOD / "log-review.csv"
    place.parent.mkdir(parents=True, exist_ok=True)
    place.unlink(missing_ok=True)
    os.mkfifo(place)  # opening it for reading waits for a writer that never comes
    answers = []
    asking = threading.Thread(
        target=lambda: answers.append(client.get("/2026-TW3/program")), daemon=True
    )
    asking.start()
    asking.join(timeout=20)
    if asking.is_alive():  # free the thread before failing
        with open(place, "wb"):
            pass
    assert answers, "the page waited on the pipe"
    assert answers[0].status_code in (200, 503)
    assert "bukan file biasa" in answers[0].get_data(as_text=True)


def test_a_period_of_a_year_without_indicators_cannot_be_started(client, office):
    token = log_in(client, "ahmad")
    page = client.post(
        "/2099-TW1/langkah/1", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Master tidak memuat indikator tahun 2099, jadi periode 2099-TW1 tidak" in page
    assert not (office[0].input / "2099-TW1" / "log-review.csv").exists()


def test_one_periods_broken_log_keeps_no_one_from_their_home_page(client, office):
    other = office[0].input / "2026-TW1"
    other.mkdir(parents=True)
    (other / "log-review.csv").symlink_to(office[0].master)  # refused when read
    log_in(client, "rina")
    answer = client.get("/", follow_redirects=True)
    assert answer.status_code == 200
    assert "Menunggu Anda" in answer.get_data(as_text=True)


def test_a_file_the_system_refuses_is_a_sentence_naming_it(app, office, monkeypatch):
    import errno

    from pipeline import acting

    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/bersama/input/2026-TW3")

    monkeypatch.setattr(acting, "overview", refused)
    client = app.test_client()
    log_in(client, "ahmad")
    answer = client.get("/2026-TW3/pimpinan")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 503
    assert (
        "2026-TW3 di folder bersama tidak dapat dibaca atau ditulis (Permission denied). Minta "
        "Katim Penyusunan Program memeriksa izin file dan folder itu." in page
    )
    assert "/srv/bersama" not in page


def test_a_port_already_taken_is_one_sentence_and_exit_2(office, capsys):
    import socket

    from pipeline.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        root = office[0].input.parent
        assert main(["web", "--proyek", str(root), "--port", str(port)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"GAGAL: Halaman web tidak dapat dijalankan: port {port} sudah dipakai program lain. "
        "Pilih port lain dengan --port.\n"
    )
    assert "Halaman web Data Kinerja: http" not in captured.out  # said only once serving
