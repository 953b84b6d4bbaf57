"""Accounts of the office web page and their sessions, in one embedded SQLite database.

One account per official of the master (SPEC section 13): its role and unit are checked
against the master when it is made, and its powers are read from the master at every
request (`holder_posts`), so an account whose post the master gives to someone else
stops working. Passwords are kept only as Werkzeug's slow salted hashes (scrypt); a
session is a random token whose SHA-256 alone is stored, so the database leaks no live
session. The database and its folder are made readable by their owner only: they hold
the key that signs the page's cookies.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from pipeline.errors import EXIT_CANNOT_RUN, DataKinerjaError
from pipeline.master import Master
from pipeline.officials import (
    OFFICE_ROLES,
    UNIT_ROLES,
    Post,
    head_role,
    post_of,
    posts_of,
    same_person,
)
from pipeline.sop import ROLES, canonical_role

DATABASE_NAME = "datakinerja.sqlite3"
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,31}")
MIN_PASSWORD = 8
MAX_PASSWORD = 200  # a longer "password" is a pasted file, and costs the hash its time
IDLE = timedelta(hours=4)  # a session unused this long has ended
LIFETIME = timedelta(hours=12)  # no session outlives an office day
SEEN_EVERY = timedelta(minutes=1)  # how often a session's last use is noted
FAILURES_ALLOWED = 5  # wrong passwords per name and computer within FAILURE_WINDOW
FAILURE_WINDOW = timedelta(minutes=15)

SCHEMA = """
CREATE TABLE IF NOT EXISTS account (
    username TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit TEXT,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL,
    changed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS session (
    token_sha256 TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES account(username),
    started TEXT NOT NULL,
    seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_attempt (
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_attempt_by_name ON login_attempt (username, address, at);
CREATE TABLE IF NOT EXISTS setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Account:
    username: str
    name: str  # the official's name as the master writes it
    role: str
    unit: str | None
    active: bool

    @property
    def label(self) -> str:
        return f"{self.role} {self.unit}" if self.unit else self.role


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


@contextlib.contextmanager
def connect(folder: Path) -> Iterator[sqlite3.Connection]:
    """The accounts database in `folder`, created on first use; one transaction, committed
    when the block succeeds. A database that cannot be opened is one sentence (exit 2)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = database_path(folder)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        connection = sqlite3.connect(path, timeout=10)
    except (OSError, sqlite3.Error) as error:
        raise _unusable(folder, error) from error
    try:
        with connection:
            connection.executescript(SCHEMA)
        with connection:
            yield connection
    except sqlite3.DatabaseError as error:
        raise _unusable(folder, error) from error
    finally:
        connection.close()


def _unusable(folder: Path, error: BaseException) -> DataKinerjaError:
    return DataKinerjaError(
        "Basis data akun tidak dapat dibuka. Minta Katim Penyusunan Program memeriksa izin "
        "folder datanya.",
        EXIT_CANNOT_RUN,
        command=f"(Basis data: {database_path(folder)}; sistem: {error}.) Periksa izin folder "
        "itu, atau pilih folder data lain dengan --data.",
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _account(row: tuple) -> Account:
    username, name, role, unit, active = row
    return Account(username, name, role, unit, bool(active))


# --- accounts -------------------------------------------------------------------------


def add_account(
    folder: Path,
    master: Master,
    username: str,
    role: str,
    password: str,
    unit: str | None = None,
    name: str | None = None,
) -> Account:
    """A new account for the official the master names for `role` (and `unit`); a Staf
    account names its holder with `name`. One account per official."""
    username = _checked_username(username)
    post = _post_for(master, role, unit, name)
    _check_password(password)
    with connect(folder) as db:
        if db.execute("SELECT 1 FROM account WHERE username = ?", (username,)).fetchone():
            raise DataKinerjaError(f"Nama pengguna '{username}' sudah dipakai; pilih nama lain.")
        for other in map(_account, db.execute(_SELECT_ACCOUNTS)):
            if other.active and post.role != "Staf" and same_person(other.name, post.name):
                raise DataKinerjaError(
                    f"{post.name} sudah punya akun '{other.username}' ({other.label}); satu "
                    "akun untuk setiap pejabat, dan akun itu berlaku untuk semua jabatannya "
                    "di master."
                )
        stamp = _now().isoformat()
        db.execute(
            "INSERT INTO account VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
            (username, post.name, post.role, post.unit, _hash(password), stamp, stamp),
        )
    return Account(username, post.name, post.role, post.unit, True)


_SELECT_ACCOUNTS = "SELECT username, name, role, unit, active FROM account"


def _checked_username(username: str) -> str:
    wanted = username.strip().lower()
    if not USERNAME.fullmatch(wanted):
        raise DataKinerjaError(
            f"Nama pengguna '{username}' tidak dapat dipakai: tulis 3 sampai 32 huruf kecil, "
            "angka, titik, garis bawah atau tanda '-', diawali huruf atau angka, misalnya "
            "hendra.pardede."
        )
    return wanted


def _post_for(master: Master, role: str, unit: str | None, name: str | None) -> Post:
    """The post an account is made for, checked against the master."""
    canonical = canonical_role(role)
    if canonical is None:
        raise DataKinerjaError(
            f"Peran '{role}' tidak dikenal; pakai salah satu dari: {', '.join(ROLES)}."
        )
    code = unit.strip().upper() if unit else None
    if code is not None and code not in master.units.index:
        raise DataKinerjaError(
            f"Unit {code} tidak ada di master. Unit yang dikenal: {', '.join(master.units.index)}."
        )
    if canonical in UNIT_ROLES and code is None:
        raise DataKinerjaError(f"Peran {canonical} milik satu unit: tambahkan --unit KODE_UNIT.")
    if canonical in OFFICE_ROLES and code is not None:
        if canonical == "Sekretaris" and head_role(master, code) == "Sekretaris":
            code = None  # the Sekretaris' one account serves the office and the Sekretariat
        else:
            raise DataKinerjaError(
                f"Peran {canonical} berlaku untuk seluruh Dinas; jangan isi --unit."
            )
    if canonical == "Kabid" and code is not None and head_role(master, code) != "Kabid":
        head = head_role(master, code)
        raise DataKinerjaError(
            f"Kepala unit {code} menurut master adalah {head}; buat akunnya dengan --peran {head}."
        )
    if canonical == "Staf":
        if not (name or "").strip():
            raise DataKinerjaError(
                'Akun Staf perlu nama lengkapnya: tambahkan --nama "Nama Lengkap".'
            )
        return Post("Staf", code, " ".join((name or "").split()))
    post = post_of(master, canonical, code)
    if post is None or not post.name:
        where = f"unit {code}" if code else "sheet Dinas"
        raise DataKinerjaError(
            f"Master belum menyebut nama {canonical} ({where}); isi namanya di master dulu, "
            "lalu buat akunnya."
        )
    if name and not same_person(name, post.name):
        raise DataKinerjaError(
            f"Menurut master, {post.label} adalah {post.name}, bukan {name}. Akun pejabat "
            "memakai nama dari master; perbaiki master bila pejabatnya berganti."
        )
    return post


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DataKinerjaError(
            f"Kata sandi terlalu pendek: paling sedikit {MIN_PASSWORD} karakter."
        )
    if len(password) > MAX_PASSWORD:
        raise DataKinerjaError(
            f"Kata sandi terlalu panjang: paling banyak {MAX_PASSWORD} karakter."
        )


def _hash(password: str) -> str:
    return generate_password_hash(password)  # Werkzeug's default: scrypt, salted


def accounts(folder: Path) -> list[Account]:
    """Every account, by role and name (none, and no database made, where there is none)."""
    if not database_path(folder).is_file():
        return []
    with connect(folder) as db:
        found = list(map(_account, db.execute(_SELECT_ACCOUNTS)))
    order = list(ROLES)
    return sorted(found, key=lambda a: (order.index(a.role), a.unit or "", a.username))


def find_account(folder: Path, username: str) -> Account:
    with connect(folder) as db:
        return _existing(db, username)


def _existing(db: sqlite3.Connection, username: str) -> Account:
    row = db.execute(
        _SELECT_ACCOUNTS + " WHERE username = ?", (username.strip().lower(),)
    ).fetchone()
    if row is None:
        raise DataKinerjaError(
            f"Tidak ada akun '{username}'. Lihat daftar akun: python run.py pengguna daftar"
        )
    return _account(row)


def set_password(folder: Path, username: str, password: str) -> Account:
    """A new password (and the account active again); every open session of it ends."""
    _check_password(password)
    with connect(folder) as db:
        account = _existing(db, username)
        db.execute(
            "UPDATE account SET password_hash = ?, active = 1, changed = ? WHERE username = ?",
            (_hash(password), _now().isoformat(), account.username),
        )
        db.execute("DELETE FROM session WHERE username = ?", (account.username,))
        db.execute("DELETE FROM login_attempt WHERE username = ?", (account.username,))
    return Account(account.username, account.name, account.role, account.unit, True)


def deactivate(folder: Path, username: str) -> Account:
    """The account can no longer log in; its open sessions end. Nothing is deleted: the
    log still names what it did."""
    with connect(folder) as db:
        account = _existing(db, username)
        db.execute(
            "UPDATE account SET active = 0, changed = ? WHERE username = ?",
            (_now().isoformat(), account.username),
        )
        db.execute("DELETE FROM session WHERE username = ?", (account.username,))
    return Account(account.username, account.name, account.role, account.unit, False)


def holder_posts(master: Master, account: Account) -> list[Post]:
    """What an account may act as, read from the master now: every post the master gives
    its holder, provided the master still gives them the post the account was made for
    (else nothing: the post went to someone else)."""
    if account.role == "Staf":
        return (
            [Post("Staf", account.unit, account.name)] if account.unit in master.units.index else []
        )
    held = posts_of(master, account.name)
    own_unit = None if account.role in OFFICE_ROLES else account.unit
    if not any(p.role == account.role and p.unit == own_unit for p in held):
        return []
    return held


# --- logging in and sessions ----------------------------------------------------------


@functools.cache
def _decoy() -> str:
    """A hash to check a password against when the name is unknown, so that an unknown
    name takes as long to refuse as a wrong password (made once, at the first need)."""
    return generate_password_hash(secrets.token_hex(16))


class LoginRefused(DataKinerjaError):
    """A login that did not succeed; the message is what the page shows."""


def log_in(folder: Path, username: str, password: str, address: str = "") -> tuple[Account, str]:
    """The account and a new session token, or LoginRefused with the reason to show.

    Every attempt counts as a failure until it succeeds, and is counted before the slow
    password check, so that guesses sent at once meet the limit too; the limit is per name
    and computer (`address`), known names and unknown alike, so that nobody can lock an
    official out from another computer, nor learn which names exist."""
    wanted = username.strip().lower()
    if not USERNAME.fullmatch(wanted) or len(address) > 64:
        # no such name can exist: refused alike, and nothing of it is stored
        check_password_hash(_decoy(), password[:MAX_PASSWORD])
        raise LoginRefused("Nama pengguna atau kata sandi salah.")
    since = (_now() - FAILURE_WINDOW).isoformat()
    with connect(folder) as db:
        db.execute("BEGIN IMMEDIATE")  # count and add as one, against attempts at once
        db.execute("DELETE FROM login_attempt WHERE at <= ?", (since,))  # they count no more
        failures = db.execute(
            "SELECT COUNT(*) FROM login_attempt WHERE username = ? AND address = ? AND at > ?",
            (wanted, address, since),
        ).fetchone()[0]
        if failures < FAILURES_ALLOWED:
            db.execute(
                "INSERT INTO login_attempt VALUES (?, ?, ?)", (wanted, address, _now().isoformat())
            )
        row = db.execute(
            "SELECT username, name, role, unit, active, password_hash FROM account "
            "WHERE username = ?",
            (wanted,),
        ).fetchone()
    if failures >= FAILURES_ALLOWED:
        raise LoginRefused(
            "Terlalu banyak percobaan masuk yang salah dengan nama ini dari komputer ini. "
            "Tunggu 15 menit, atau minta Katim Penyusunan Program mengatur ulang kata sandi "
            "Anda."
        )
    if row is None or len(password) > MAX_PASSWORD:
        check_password_hash(_decoy(), password[:MAX_PASSWORD])
        raise LoginRefused("Nama pengguna atau kata sandi salah.")
    if not check_password_hash(row[5], password):
        raise LoginRefused("Nama pengguna atau kata sandi salah.")
    account = _account(row[:5])
    if not account.active:
        raise LoginRefused(
            "Akun ini sudah dinonaktifkan. Hubungi Katim Penyusunan Program bila Anda masih "
            "memerlukannya."
        )
    token = secrets.token_urlsafe(32)
    stamp = _now().isoformat()
    with connect(folder) as db:
        db.execute(
            "DELETE FROM login_attempt WHERE username = ? AND address = ?",
            (account.username, address),
        )
        db.execute(
            "INSERT INTO session VALUES (?, ?, ?, ?)",
            (_digest(token), account.username, stamp, stamp),
        )
    return account, token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def session_account(folder: Path, token: str) -> Account | None:
    """The active account of a live session, its last use noted; None when the session
    ended, expired or its account was deactivated."""
    now = _now()
    with connect(folder) as db:
        row = db.execute(
            "SELECT a.username, a.name, a.role, a.unit, a.active, s.started, s.seen "
            "FROM session s JOIN account a ON a.username = s.username WHERE s.token_sha256 = ?",
            (_digest(token),),
        ).fetchone()
        if row is None:
            return None
        started, seen = datetime.fromisoformat(row[5]), datetime.fromisoformat(row[6])
        if not row[4] or now - seen > IDLE or now - started > LIFETIME:
            db.execute("DELETE FROM session WHERE token_sha256 = ?", (_digest(token),))
            return None
        if now - seen > SEEN_EVERY:  # not a write for every page: the idle limit is hours
            db.execute(
                "UPDATE session SET seen = ? WHERE token_sha256 = ?",
                (now.isoformat(), _digest(token)),
            )
    return _account(row[:5])


def log_out(folder: Path, token: str) -> None:
    with connect(folder) as db:
        db.execute("DELETE FROM session WHERE token_sha256 = ?", (_digest(token),))


def secret_key(folder: Path) -> str:
    """The key that signs the page's cookies: made once, kept in the database."""
    with connect(folder) as db:
        row = db.execute("SELECT value FROM setting WHERE key = 'secret_key'").fetchone()
        if row is not None:
            return str(row[0])
        key = secrets.token_hex(32)
        db.execute("INSERT INTO setting VALUES ('secret_key', ?)", (key,))
        return key
