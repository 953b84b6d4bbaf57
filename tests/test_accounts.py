"""Accounts of the web page: one per official of the master, slow hashes, sessions."""

from __future__ import annotations

import io
import sqlite3
import stat
from datetime import timedelta

import pytest

from pipeline import accounts
from pipeline.accounts import (
    LoginRefused,
    add_account,
    deactivate,
    holder_posts,
    log_in,
    log_out,
    session_account,
    set_password,
)
from pipeline.cli import main
from pipeline.errors import DataKinerjaError
from pipeline.master import read_master
from tests.helpers import ROOT, make_master

PASSWORD = "rahasia-kantor-1"
MASTER = ROOT / "input" / "master.xlsx"


def test_an_officials_account_takes_name_role_and_unit_from_the_master(tmp_path, sample_master):
    made = add_account(tmp_path, sample_master, "Hendra", "kepala bidang", PASSWORD, unit="dafduk")
    assert made == accounts.Account(
        "hendra", "Hendra Gunawan Pardede, S.Sos., M.Si.", "Kabid", "DAFDUK", True
    )
    assert accounts.accounts(tmp_path) == [made]


@pytest.mark.parametrize(
    ("role", "unit", "name", "sentence"),
    [
        ("camat", None, None, "Peran 'camat' tidak dikenal; pakai salah satu dari: Kadis, "),
        ("kabid", None, None, "Peran Kabid milik satu unit: tambahkan --unit KODE_UNIT."),
        ("kabid", "XYZ", None, "Unit XYZ tidak ada di master. Unit yang dikenal: SEKRETARIAT, "),
        ("kadis", "DAFDUK", None, "Peran Kadis berlaku untuk seluruh Dinas; jangan isi --unit."),
        (
            "kabid",
            "SEKRETARIAT",
            None,
            "Kepala unit SEKRETARIAT menurut master adalah Sekretaris; buat akunnya dengan "
            "--peran Sekretaris.",
        ),
        ("staf", "PIAK", None, 'Akun Staf perlu nama lengkapnya: tambahkan --nama "Nama Lengkap".'),
        (
            "kabid",
            "CAPIL",
            "Orang Lain",
            "Menurut master, Kabid CAPIL adalah Dewi Kartika Sari Ginting, S.H., M.H., bukan "
            "Orang Lain.",
        ),
    ],
)
def test_an_account_the_master_does_not_back_is_refused(
    tmp_path, sample_master, role, unit, name, sentence
):
    with pytest.raises(DataKinerjaError) as refused:
        add_account(tmp_path, sample_master, "seseorang", role, PASSWORD, unit=unit, name=name)
    assert refused.value.message.startswith(sentence)
    assert accounts.accounts(tmp_path) == []


def test_a_post_the_master_leaves_empty_has_no_account(tmp_path):
    master = read_master(make_master(tmp_path, {("Unit", 3, "Nama Katim"): None}))  # DAFDUK
    with pytest.raises(DataKinerjaError, match="Master belum menyebut nama Katim pada Bidang"):
        add_account(tmp_path / "data", master, "yusnita", "katim bidang", PASSWORD, unit="DAFDUK")


def test_one_account_per_official_whatever_post_it_is_made_for(tmp_path, sample_master):
    add_account(tmp_path, sample_master, "fadli", "katim program", PASSWORD)
    with pytest.raises(DataKinerjaError) as refused:
        add_account(
            tmp_path, sample_master, "fadli2", "katim pada bidang", PASSWORD, unit="SEKRETARIAT"
        )
    assert refused.value.message == (
        "Fadli Rahman Lubis, S.E. sudah punya akun 'fadli' (Katim Penyusunan Program); satu "
        "akun untuk setiap pejabat, dan akun itu berlaku untuk semua jabatannya di master."
    )
    with pytest.raises(DataKinerjaError, match="Nama pengguna 'fadli' sudah dipakai"):
        add_account(tmp_path, sample_master, "FADLI", "kadis", PASSWORD)


def test_usernames_and_passwords_have_rules(tmp_path, sample_master):
    with pytest.raises(DataKinerjaError, match="Nama pengguna '../x' tidak dapat dipakai"):
        add_account(tmp_path, sample_master, "../x", "kadis", PASSWORD)
    with pytest.raises(DataKinerjaError, match="paling sedikit 8 karakter"):
        add_account(tmp_path, sample_master, "ahmad", "kadis", "pendek")


def test_passwords_are_kept_only_as_salted_scrypt_hashes(tmp_path, sample_master):
    folder = tmp_path / "data"
    add_account(folder, sample_master, "ahmad", "kadis", PASSWORD)
    add_account(folder, sample_master, "rina", "sekretaris", PASSWORD)
    database = accounts.database_path(folder)
    raw = database.read_bytes()
    assert PASSWORD.encode() not in raw
    with sqlite3.connect(database) as db:
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM account")]
    assert all(h.startswith("scrypt:") for h in hashes)
    assert hashes[0] != hashes[1]  # the same password, salted apart
    assert stat.S_IMODE(database.stat().st_mode) == 0o600  # it holds the cookies' key
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_login_gives_a_session_that_logout_deactivation_or_a_new_password_ends(
    tmp_path, sample_master
):
    add_account(tmp_path, sample_master, "rina", "sekretaris", PASSWORD)
    account, token = log_in(tmp_path, " Rina ", PASSWORD)
    assert session_account(tmp_path, token) == account
    assert session_account(tmp_path, token + "x") is None
    log_out(tmp_path, token)
    assert session_account(tmp_path, token) is None

    _, token = log_in(tmp_path, "rina", PASSWORD)
    set_password(tmp_path, "rina", "kata-sandi-baru")
    assert session_account(tmp_path, token) is None
    with pytest.raises(LoginRefused, match="Nama pengguna atau kata sandi salah."):
        log_in(tmp_path, "rina", PASSWORD)
    _, token = log_in(tmp_path, "rina", "kata-sandi-baru")
    deactivate(tmp_path, "rina")
    assert session_account(tmp_path, token) is None
    with pytest.raises(LoginRefused, match="Akun ini sudah dinonaktifkan"):
        log_in(tmp_path, "rina", "kata-sandi-baru")


def test_the_database_keeps_no_session_token(tmp_path, sample_master):
    add_account(tmp_path, sample_master, "rina", "sekretaris", PASSWORD)
    _, token = log_in(tmp_path, "rina", PASSWORD)
    assert token.encode() not in accounts.database_path(tmp_path).read_bytes()


def test_an_idle_session_ends(tmp_path, sample_master, monkeypatch):
    add_account(tmp_path, sample_master, "rina", "sekretaris", PASSWORD)
    _, token = log_in(tmp_path, "rina", PASSWORD)
    later = accounts._now() + accounts.IDLE + timedelta(minutes=1)
    monkeypatch.setattr(accounts, "_now", lambda: later)
    assert session_account(tmp_path, token) is None


def test_five_wrong_passwords_pause_the_name_on_that_computer_only(tmp_path, sample_master):
    add_account(tmp_path, sample_master, "rina", "sekretaris", PASSWORD)
    for _ in range(accounts.FAILURES_ALLOWED):
        with pytest.raises(LoginRefused, match="salah"):
            log_in(tmp_path, "rina", "tebakan-salah", "10.0.0.66")
    with pytest.raises(LoginRefused, match="Terlalu banyak percobaan masuk"):
        log_in(tmp_path, "rina", PASSWORD, "10.0.0.66")
    # the Sekretaris at her own computer is not locked out by someone else's guesses
    assert log_in(tmp_path, "rina", PASSWORD, "10.0.0.7")[0].username == "rina"
    # an unknown name is paused the same way: the pause tells no name from another
    for _ in range(accounts.FAILURES_ALLOWED):
        with pytest.raises(LoginRefused, match="Nama pengguna atau kata sandi salah."):
            log_in(tmp_path, "tidak-ada", PASSWORD, "10.0.0.66")
    with pytest.raises(LoginRefused, match="Terlalu banyak percobaan masuk"):
        log_in(tmp_path, "tidak-ada", PASSWORD, "10.0.0.66")


def test_guesses_sent_at_once_meet_the_limit_too(tmp_path, sample_master, monkeypatch):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    add_account(tmp_path, sample_master, "rina", "sekretaris", PASSWORD)
    checked = []
    slow_check = accounts.check_password_hash
    gate = threading.Lock()

    def counted(*args):
        with gate:
            checked.append(1)
        return slow_check(*args)

    monkeypatch.setattr(accounts, "check_password_hash", counted)

    def guess(number):
        with pytest.raises(LoginRefused):
            log_in(tmp_path, "rina", f"tebakan-{number}", "10.0.0.66")

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(guess, range(24)))
    assert len(checked) == accounts.FAILURES_ALLOWED


def test_an_account_acts_as_every_post_of_its_holder_while_the_master_gives_them_it(tmp_path):
    master = read_master(make_master(tmp_path))
    fadli = add_account(tmp_path / "data", master, "fadli", "katim program", PASSWORD)
    assert [p.label for p in holder_posts(master, fadli)] == [
        "Katim Penyusunan Program",
        "Katim pada Bidang SEKRETARIAT",
    ]
    hendra = add_account(tmp_path / "data", master, "hendra", "kabid", PASSWORD, unit="DAFDUK")
    edit = {("Unit", 3, "Nama Kepala"): "Pejabat Baru, S.H."}
    replaced = read_master(make_master(tmp_path, edit, name="baru.xlsx"))
    assert holder_posts(replaced, hendra) == []
    assert [p.label for p in holder_posts(master, hendra)] == ["Kabid DAFDUK"]


# --- `python run.py pengguna`: the Katim Program's command for the accounts


def _pengguna(tmp_path, monkeypatch, *args, password=None):
    monkeypatch.setattr("sys.stdin", io.StringIO("" if password is None else password + "\n"))
    return main(["pengguna", *args, "--data", str(tmp_path / "instance"), "--master", str(MASTER)])


def test_pengguna_makes_lists_resets_and_deactivates_accounts(tmp_path, monkeypatch, capsys):
    assert _pengguna(tmp_path, monkeypatch, "daftar") == 0
    assert capsys.readouterr().out.startswith("Belum ada akun di ")
    assert (
        _pengguna(
            tmp_path, monkeypatch, "tambah", "rina", "--peran", "sekretaris", password=PASSWORD
        )
        == 0
    )
    assert capsys.readouterr().out == (
        "Akun rina dibuat untuk Rina Marlina Siregar, S.STP., M.AP. (Sekretaris, kepala unit "
        "SEKRETARIAT).\n"
    )
    assert _pengguna(tmp_path, monkeypatch, "ubah-sandi", "rina", password="sandi-baru-123") == 0
    assert capsys.readouterr().out == (
        "Kata sandi rina (Rina Marlina Siregar, S.STP., M.AP.) diganti; sesi lamanya berakhir.\n"
    )
    assert log_in(tmp_path / "instance", "rina", "sandi-baru-123")[0].username == "rina"
    assert _pengguna(tmp_path, monkeypatch, "nonaktif", "rina") == 0
    assert _pengguna(tmp_path, monkeypatch, "daftar") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "rina                 nonaktif  Rina Marlina Siregar, S.STP., M.AP. (Sekretaris, kepala "
        "unit SEKRETARIAT)"
    )


def test_pengguna_refuses_with_a_sentence_and_exit_2(tmp_path, monkeypatch, capsys):
    code = _pengguna(tmp_path, monkeypatch, "tambah", "x1y", "--peran", "kadis", password="pendek")
    assert code == 2
    assert capsys.readouterr().err == (
        "GAGAL: Kata sandi terlalu pendek: paling sedikit 8 karakter.\n"
    )
    assert _pengguna(tmp_path, monkeypatch, "nonaktif", "siapa") == 2
    assert capsys.readouterr().err == (
        "GAGAL: Tidak ada akun 'siapa'. Lihat daftar akun: python run.py pengguna daftar\n"
    )


def test_listing_where_there_are_no_accounts_makes_no_database(tmp_path, monkeypatch, capsys):
    assert _pengguna(tmp_path, monkeypatch, "daftar") == 0
    assert not (tmp_path / "instance").exists()


def test_ctrl_d_at_the_password_prompt_is_a_sentence(tmp_path, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    def end_of_input(_prompt):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", end_of_input)
    monkeypatch.setattr("sys.stdin", Terminal(""))
    args = ["pengguna", "tambah", "rina", "--peran", "sekretaris"]
    assert main([*args, "--data", str(tmp_path / "instance"), "--master", str(MASTER)]) == 2
    assert capsys.readouterr().err == "GAGAL: Kata sandi tidak diisi; akun tidak diubah.\n"


def test_attempts_cannot_fill_the_database(tmp_path, sample_master, monkeypatch):
    import sqlite3

    add_account(tmp_path, sample_master, "rina", "sekretaris", PASSWORD)

    def stored() -> int:
        with sqlite3.connect(accounts.database_path(tmp_path)) as db:
            return db.execute("SELECT COUNT(*) FROM login_attempt").fetchone()[0]

    with pytest.raises(LoginRefused, match="Nama pengguna atau kata sandi salah."):
        log_in(tmp_path, "x" * 100_000, "sandi", "10.0.0.66")  # no name is this long
    assert stored() == 0
    for number in range(3):
        with pytest.raises(LoginRefused):
            log_in(tmp_path, f"tebak{number}", "sandi", "10.0.0.66")
    assert stored() == 3
    later = accounts._now() + accounts.FAILURE_WINDOW + timedelta(minutes=1)
    monkeypatch.setattr(accounts, "_now", lambda: later)
    with pytest.raises(LoginRefused):
        log_in(tmp_path, "tebak9", "sandi", "10.0.0.66")
    assert stored() == 1  # the attempts that no longer count are gone
