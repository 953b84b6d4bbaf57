"""A whole quarter on the real server in headless Chromium: `python run.py web` served by
waitress, each official logging in and doing their own step with the page's buttons, from
the Kepala Dinas's arahan to the Katim's archive; the log it leaves passes `status`.

Screenshots of the main pages go to tmp_path, and to $DATAKINERJA_SCREENSHOTS when set.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.corpus import _case, _edit
from tests.helpers import PERIOD, ROOT
from tests.office import PASSWORD, make_office

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
UNITS = ["SEKRETARIAT", "DAFDUK", "CAPIL", "PIAK", "PDIP"]
KABID = {
    "SEKRETARIAT": "rina",
    "DAFDUK": "hendra",
    "CAPIL": "dewi",
    "PIAK": "iqbal",
    "PDIP": "sondang",
}
KATIM = {
    "SEKRETARIAT": "fadli",
    "DAFDUK": "yusnita",
    "CAPIL": "rahmat",
    "PIAK": "putri",
    "PDIP": "andi",
}

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """`python run.py web` on a project whose quarter has not started; its address."""
    make_office(tmp_path / "kantor")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "run.py"),
            "web",
            "--proyek",
            str(tmp_path / "kantor"),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/masuk", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server did not start: {process.stdout.read()}")
            time.sleep(0.2)
    yield base, tmp_path / "kantor"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def browser(tmp_path):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Chromium (chromium, chromium-driver) tidak terpasang; .ci/run memasangnya")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path / 'profil'}",
    ):
        options.add_argument(flag)
    downloads = tmp_path / "unduhan"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    driver.downloads = downloads
    yield driver
    driver.quit()


class Office:
    """The officials at one browser, one after the other."""

    def __init__(self, driver, base: str, shots: Path) -> None:
        self.driver, self.base, self.shots = driver, base, shots

    def log_in(self, login: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.delete_all_cookies()
        self.open("/masuk")
        self.driver.find_element(By.NAME, "nama").send_keys(login)
        self.driver.find_element(By.NAME, "sandi").send_keys(PASSWORD)
        self.press("Masuk")
        assert "Menunggu Anda" in self.text(), self.text()
        self.open(f"/{PERIOD}/")  # the quarter of this test, not the one the page opens on

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def text(self) -> str:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.TAG_NAME, "body").text

    def press(self, label: str, within: str = "") -> None:
        """The button whose words begin with `label` (inside the form at `within`)."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.wait import WebDriverWait

        where = f"//form[contains(@action, '{within}')]" if within else ""
        buttons = self.driver.find_elements(
            By.XPATH, f"{where}//button[starts-with(normalize-space(), '{label}')]"
        )
        assert buttons, f"no button '{label}' on {self.driver.current_url}:\n{self.text()}"
        self.driver.execute_script("window.oldPage = true")
        buttons[0].click()
        # the form's answer (a redirect, then its page) has arrived and loaded, so that the
        # next step does not meet a page still on its way; while it loads, the driver may
        # answer with an error of its own
        WebDriverWait(self.driver, 30, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script(
                "return !window.oldPage && document.readyState === 'complete'"
            )
        )

    def flash(self) -> str:
        from selenium.webdriver.common.by import By

        return "\n".join(e.text for e in self.driver.find_elements(By.CLASS_NAME, "flash"))

    def upload(self, unit: str, path: Path) -> None:
        from selenium.webdriver.common.by import By

        self.open(f"/{PERIOD}/unit/{unit}")
        self.driver.find_element(By.NAME, "file").send_keys(str(path))
        self.press("Unggah dan periksa")

    def shoot(self, name: str) -> None:
        height = self.driver.execute_script("return document.body.scrollHeight")
        self.driver.set_window_size(1280, max(800, min(height + 40, 4000)))
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))
        if os.environ.get("DATAKINERJA_SCREENSHOTS"):
            target = Path(os.environ["DATAKINERJA_SCREENSHOTS"])
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(self.shots / f"{name}.png", target / f"{name}.png")
        self.driver.set_window_size(1280, 1000)


def test_a_whole_quarter_in_the_browser(server, browser, tmp_path, capsys):
    base, project = server
    shots = tmp_path / "layar"
    shots.mkdir()
    office = Office(browser, base, shots)
    office.open("/")
    assert "Masuk dulu untuk membuka halaman itu." in office.text()
    office.shoot("01-masuk")

    office.log_in("ahmad")  # the Kepala Dinas: step 1
    office.shoot("02-kadis-menunggu")
    office.press("Arahan sudah diberikan")
    assert "Tercatat: langkah 1 selesai oleh Drs. Ahmad" in office.flash()

    office.log_in("fadli")  # step 2 for every unit at once, all ticked
    office.press("Nota dinas sudah dikirim")
    assert office.flash().count("Tercatat: langkah 2") == 5

    for unit in UNITS:  # step 3: each unit's head
        office.log_in(KABID[unit])
        office.press("Perintah sudah diberikan kepada Katim")
        assert f"langkah 3 unit {unit} selesai" in office.flash()

    broken = _case("angka-tidak-valid").build(tmp_path)
    for unit in UNITS:  # steps 4 and 5: each unit's Katim
        office.log_in(KATIM[unit])
        office.press("Data sudah terkumpul", within=f"/{PERIOD}/langkah/4")
        if unit == "DAFDUK":
            office.upload(unit, broken)
            assert "TIDAK VALID" in office.text() and "L7\nData Kinerja" in office.text()
            assert "angka-tidak-valid" in office.text()
            office.shoot("03-unit-temuan")
        office.upload(unit, ROOT / "input" / PERIOD / f"{unit}.xlsx")
        assert "VALID — 0 galat" in office.text(), office.text()
        head = "Sekretaris" if unit == "SEKRETARIAT" else "Kepala Bidang"
        office.press(f"Ajukan kepada {head}")
        assert f"langkah 5 unit {unit} selesai" in office.flash()

    office.log_in("hendra")  # the Kabid DAFDUK returns it, with a reason
    office.open(f"/{PERIOD}/unit/DAFDUK")
    office.shoot("04-kabid-keputusan")
    from selenium.webdriver.common.by import By

    browser.find_element(By.NAME, "catatan").send_keys("Penjelasan DAF-03 TW2 perlu dilengkapi")
    office.press("Kembalikan")
    assert "langkah 6 unit DAFDUK dikembalikan" in office.flash()

    office.log_in("yusnita")  # sees why, uploads again, submits again
    assert "Penjelasan DAF-03 TW2 perlu dilengkapi" in office.text()
    completed = "Koreksi TW2: 31.180 menjadi 31.220 setelah rekonsiliasi blangko rusak (BA 12/X)."
    office.upload("DAFDUK", _edit(cells={"M9": completed})(tmp_path))
    assert "File sebelumnya disimpan sebagai versi" in office.text()
    office.press("Ajukan kepada Kepala Bidang")

    for unit in UNITS:  # step 6: each head approves
        office.log_in(KABID[unit])
        office.open(f"/{PERIOD}/unit/{unit}")
        office.press("Setujui")
        assert f"langkah 6 unit {unit} disetujui" in office.flash()

    office.log_in("rina")  # step 7 for every unit at once
    office.press("Serahkan kepada Katim Penyusunan Program")
    assert office.flash().count("Tercatat: langkah 7") == 5

    office.log_in("fadli")  # consolidates, downloads, submits
    office.open(f"/{PERIOD}/program")
    office.press("Susun laporan (konsolidasi)")
    assert "Laporan 2026-TW3 ditulis: capaian Dinas 87,84% (Tinggi)" in office.flash()
    office.driver.find_element(By.LINK_TEXT, "Unduh laporan (.xlsx)").click()
    report = browser.downloads / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"
    for _ in range(100):
        if report.is_file():
            break
        time.sleep(0.1)
    assert report.read_bytes()[:2] == b"PK"
    office.shoot("05-katim-dasbor")
    office.press("Susun laporan dan ajukan kepada Sekretaris")
    assert "langkah 8 selesai" in office.flash()

    office.log_in("rina")  # step 9: paraf
    office.open(f"/{PERIOD}/pimpinan")
    office.press("Paraf")
    assert "langkah 9 disetujui" in office.flash()

    office.log_in("ahmad")  # step 10: the signature
    office.open(f"/{PERIOD}/pimpinan")
    assert "87,84%" in office.text()
    office.shoot("06-pimpinan")
    office.press("Tanda tangani")
    assert "langkah 10 disetujui" in office.flash()

    office.log_in("fadli")  # step 11
    office.open(f"/{PERIOD}/program")
    office.press("Arsipkan")
    assert "langkah 11 selesai" in office.flash()
    assert "selesai: laporan telah dilaporkan ke Pemko Medan dan diarsipkan" in office.text()
    office.press("Keluar")
    assert "Anda sudah keluar." in office.text()

    capsys.readouterr()
    assert main(["status", "--periode", PERIOD, "--proyek", str(project)]) == 0
    printed = capsys.readouterr().out
    assert "selesai: laporan telah dilaporkan ke Pemko Medan dan diarsipkan" in printed
    assert "GALAT" not in printed and "PERINGATAN" not in printed, printed
    assert main(["arsip", "--periode", PERIOD, "--periksa", "--proyek", str(project)]) == 0
