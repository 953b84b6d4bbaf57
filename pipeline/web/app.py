"""The Flask application: sessions (Flask-Login over the accounts database), CSRF
protection on every form (Flask-WTF), error pages in Bahasa Indonesia, and the headers
that keep a page from being framed or a download from being run as a page.

Who is logged in comes from a session token kept in the accounts database; what they may
do comes from the master as it is now (`current_actor`; read again when it changes).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, current_app, g, render_template
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, InternalServerError

from pipeline import accounts
from pipeline.accounts import Account
from pipeline.acting import Actor, NotAllowed
from pipeline.errors import DataKinerjaError
from pipeline.master import Master, read_master
from pipeline.report import visible
from pipeline.tasks import Folders
from pipeline.uploads import MAX_UPLOAD
from pipeline.workbooks import sha256_of

# The pages' own words for the errors a request can meet.
ERRORS = {
    400: ("Permintaan tidak dapat diproses", "Muat ulang halaman, lalu coba lagi."),
    403: ("Tidak berwenang", "Halaman atau tindakan ini bukan untuk akun Anda."),
    404: ("Halaman tidak ditemukan", "Periksa alamatnya, atau kembali ke halaman utama."),
    405: ("Cara membuka halaman ini tidak dikenal", "Buka halaman itu dari menunya."),
    413: (
        "File terlalu besar",
        f"Unggahan paling besar {MAX_UPLOAD // (1024 * 1024)} MB; templat yang diisi hanya "
        "puluhan KB. Unggah templat unit Anda yang sudah diisi.",
    ),
    500: (
        "Terjadi kesalahan di server",
        "Ini bukan kesalahan Anda, dan tidak ada file yang ditulis setengah jadi. Laporkan "
        "kepada Katim Penyusunan Program beserta waktunya.",
    ),
}


@dataclass(frozen=True)
class ServedFolders(Folders):
    """A running server's folders: the master is read again only when its bytes change
    (a request asks for it several times; reading it takes some 35 ms)."""

    def read_master(self) -> Master:
        try:
            digest = sha256_of(self.master)
        except OSError:
            return super().read_master()  # missing or unreadable: its own sentence
        return _master_as_of(self.master, digest)


@functools.lru_cache(maxsize=2)
def _master_as_of(path: Path, digest: str) -> Master:
    """The master whose bytes hash to `digest` (the key only: read_master hashes again)."""
    return read_master(path)


class User(UserMixin):
    """The logged-in account for Flask-Login; its id is the session's token."""

    def __init__(self, account: Account, token: str) -> None:
        self.account = account
        self.token = token

    def get_id(self) -> str:
        return self.token


def create_app(folders: Folders, data: Path, testing: bool = False) -> Flask:
    """The web page over a project's folders, with accounts and sessions in `data`."""
    app = Flask(__name__, static_folder=None)  # no file is served without a login
    app.config.update(
        SECRET_KEY=accounts.secret_key(data),
        SESSION_COOKIE_NAME="datakinerja_sesi",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=MAX_UPLOAD + 64 * 1024,  # the file and the form around it
        # Werkzeug measures this on every part, a file's too, by its 64 KB reads and the
        # few bytes it keeps between them: at 64 KB it refused ordinary files at random
        MAX_FORM_MEMORY_SIZE=512 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the session's own lifetime bounds the token
        TESTING=testing,
    )
    # absolute: a relative folder would be read against whatever folder a library call
    # takes as its own (Flask's send_file takes the application's package folder)
    served = ServedFolders(
        folders.input.absolute(), folders.master.absolute(), folders.output.absolute()
    )
    app.extensions["datakinerja"] = {"folders": served, "data": data}
    # text from files shown on a page: control and bidi characters made visible, as in
    # the terminal, so a cell cannot reorder a line; Jinja escapes HTML after this
    app.jinja_env.finalize = _visible
    CSRFProtect(app)
    _login_manager(app, data)
    _error_pages(app)
    app.after_request(_headers)

    from pipeline.web.pages import pages

    app.register_blueprint(pages)
    return app


def _visible(value: object) -> object:
    """A page's text with control and bidi characters shown; markup the templates made
    themselves (a macro's output) is theirs and stays as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def _login_manager(app: Flask, data: Path) -> None:
    manager = LoginManager(app)
    manager.login_view = "pages.login"
    manager.login_message = "Masuk dulu untuk membuka halaman itu."
    manager.login_message_category = "info"

    @manager.user_loader
    def load(token: str) -> User | None:
        account = accounts.session_account(data, token)
        return User(account, token) if account else None


def _error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf(_error: CSRFError) -> tuple[str, int]:
        return (
            error_page(
                400,
                "Formulir kedaluwarsa atau tidak sah",
                "Formulir ini tidak membawa tanda keamanan yang berlaku. Muat ulang halaman, "
                "lalu kirim lagi.",
            ),
            400,
        )

    @app.errorhandler(NotAllowed)
    def not_allowed(error: NotAllowed) -> tuple[str, int]:
        return error_page(403, ERRORS[403][0], error.message), 403

    @app.errorhandler(DataKinerjaError)
    def cannot(error: DataKinerjaError) -> tuple[str, int]:
        # an expected problem no page caught (a master that cannot be read, a folder that
        # cannot be written): its own sentence, not the page for a bug
        return error_page(503, "Tidak dapat diproses sekarang", error.message), 503

    @app.errorhandler(OSError)
    def file_system(error: OSError) -> tuple[str, int]:
        # the shared drive refused a file or folder (its permissions, a folder gone): a
        # sentence naming it, not the page for a bug; where it is stays in the server's log
        app.logger.warning("berkas tidak dapat dipakai: %s", error)
        return error_page(503, "Tidak dapat diproses sekarang", file_system_sentence(error)), 503

    @app.errorhandler(HTTPException)
    def http(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        title, advice = ERRORS.get(code, ERRORS[400])
        return error_page(code, title, advice), code

    @app.errorhandler(InternalServerError)
    def unexpected(_error: InternalServerError) -> tuple[str, int]:
        # a bug of ours (Flask has logged it) is a page, never a stack trace; in tests
        # (TESTING) Flask lets it through instead, so that no bug hides behind this page
        return error_page(500, *ERRORS[500]), 500


def file_system_sentence(error: OSError) -> str:
    name = Path(str(error.filename)).name if error.filename else "Sebuah file atau folder"
    return (
        f"{name} di folder bersama tidak dapat dibaca atau ditulis "
        f"({error.strerror or error}). Minta Katim Penyusunan Program memeriksa izin file dan "
        "folder itu."
    )


def error_page(code: int, title: str, advice: str) -> str:
    return render_template("error.html", code=code, title=title, advice=advice)


def _headers(response: Response) -> Response:
    """No page in a frame, no script at all, no guessing a download's type, no page kept
    in a shared computer's cache."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def folders() -> Folders:
    return current_app.extensions["datakinerja"]["folders"]


def data_folder() -> Path:
    return current_app.extensions["datakinerja"]["data"]


def current_master() -> Master:
    """The master as it is now (ServedFolders reads it again only once it changed)."""
    if "master" not in g:
        g.master = folders().read_master()
    return g.master


def current_actor() -> Actor:
    """The logged-in person with the posts the master gives them now; NotAllowed when
    the master no longer gives them the post their account was made for."""
    account: Account = current_user.account
    held = accounts.holder_posts(current_master(), account)
    if not held:
        raise NotAllowed(
            f"Menurut master saat ini, {account.label} bukan lagi {account.name}. Minta Katim "
            "Penyusunan Program memperbarui akun Anda."
        )
    return Actor(account.name, tuple(held), f"web:{account.username}")
