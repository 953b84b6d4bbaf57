"""A project for the web page's tests: the sample master and last quarter's files, the
period 2026-TW3 not started, and one account per official of the master."""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from pathlib import Path

from flask.testing import FlaskClient

from pipeline.accounts import add_account
from pipeline.master import read_master
from pipeline.tasks import Folders
from tests.helpers import ROOT

PASSWORD = "rahasia-kantor-1"
# login -> (role, unit) of the post their account is made for
OFFICIALS = {
    "ahmad": ("Kadis", None),
    "rina": ("Sekretaris", None),
    "fadli": ("Katim Penyusunan Program", None),
    "hendra": ("Kabid", "DAFDUK"),
    "yusnita": ("Katim pada Bidang", "DAFDUK"),
    "dewi": ("Kabid", "CAPIL"),
    "rahmat": ("Katim pada Bidang", "CAPIL"),
    "iqbal": ("Kabid", "PIAK"),
    "putri": ("Katim pada Bidang", "PIAK"),
    "sondang": ("Kabid", "PDIP"),
    "andi": ("Katim pada Bidang", "PDIP"),
}


def make_office(root: Path) -> tuple[Folders, Path]:
    """The project's folders and its accounts' folder."""
    shutil.copytree(_prepared(), root, dirs_exist_ok=True)
    folders = Folders(root / "input", root / "input" / "master.xlsx", root / "output")
    return folders, root / "instance"


@functools.cache
def _prepared() -> Path:
    """The project made once per test run: eleven slow password hashes take a second."""
    root = Path(tempfile.mkdtemp(prefix="datakinerja-kantor-"))
    shutil.copytree(ROOT / "input" / "2026-TW2", root / "input" / "2026-TW2")
    shutil.copy(ROOT / "input" / "master.xlsx", root / "input" / "master.xlsx")
    master = read_master(root / "input" / "master.xlsx")
    for login, (role, unit) in OFFICIALS.items():
        add_account(root / "instance", master, login, role, PASSWORD, unit=unit)
    return root


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: FlaskClient, login: str, password: str = PASSWORD) -> str:
    """Log in through the login form; the CSRF token of the session, for later forms."""
    token = csrf_token(client.get("/masuk").get_data(as_text=True))
    answer = client.post("/masuk", data={"nama": login, "sandi": password, "csrf_token": token})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return csrf_token(client.get("/2026-TW3/").get_data(as_text=True))
