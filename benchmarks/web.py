"""Upload to findings on a running server (SPEC section 12: under 0.3 s for a sample-sized
file): `python run.py web` on a fresh project, a unit's Katim logged in, the sample file
posted as the page's form posts it, timed from the request sent to the findings page
received, through the standard library's HTTP client only.
"""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PERIOD = "2026-TW3"
PASSWORD = "tolok-ukur-123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if not found:
        raise SystemExit("gagal: halaman tanpa token CSRF")
    return found.group(1)


def upload_timings(root: Path, python: str, env: dict[str, str], repeats: int) -> dict:
    """Seconds from upload to findings page: the best and the median of `repeats`, for
    the valid sample file and for a broken one."""
    project = Path(tempfile.mkdtemp(prefix="datakinerja-web-"))
    try:
        shutil.copytree(root / "input" / "2026-TW2", project / "input" / "2026-TW2")
        shutil.copy(root / "input" / "master.xlsx", project / "input" / "master.xlsx")
        add = [python, str(root / "run.py"), "pengguna", "tambah", "yusnita", "--peran"]
        subprocess.run(
            [*add, "Katim pada Bidang", "--unit", "DAFDUK", "--proyek", str(project)],
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
            env=env,
        )
        port = _free_port()
        server = subprocess.Popen(
            [python, str(root / "run.py"), "web", "--proyek", str(project), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            return _measure(f"http://127.0.0.1:{port}", root, repeats)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(project, ignore_errors=True)


def _measure(base: str, root: Path, repeats: int) -> dict:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    for _ in range(150):  # the server starts in a second or two
        try:
            page = opener.open(base + "/masuk", timeout=2).read().decode()
            break
        except OSError:
            time.sleep(0.1)
    else:
        raise SystemExit("gagal: server web tidak mulai")
    form = urllib.parse.urlencode(
        {"nama": "yusnita", "sandi": PASSWORD, "csrf_token": _token(page)}
    ).encode()
    page = opener.open(base + "/masuk", form).read().decode()
    token = _token(page)
    good = (root / "input" / PERIOD / "DAFDUK.xlsx").read_bytes()
    broken = _broken(root)
    results = {}
    # the verdict's own words on the page: 'TIDAK VALID' also holds the word 'VALID'
    verdicts = (("valid", good, 'class="verdict valid"'), ("galat", broken, "TIDAK VALID"))
    for label, content, expected in verdicts:
        times = []
        for _ in range(repeats):
            body, kind = _multipart({"csrf_token": token}, "DAFDUK.xlsx", content)
            request = urllib.request.Request(
                f"{base}/{PERIOD}/unit/DAFDUK/unggah", body, {"Content-Type": kind}
            )
            start = time.perf_counter()
            answer = opener.open(request).read().decode()
            times.append(time.perf_counter() - start)
            if expected not in answer:
                raise SystemExit(f"gagal: unggahan {label} tidak menjawab {expected}")
        results[label] = (min(times), statistics.median(times))
    return results


def _broken(root: Path) -> bytes:
    """The sample file with one realisation typed as words (openpyxl, as Excel saves)."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(root / "input" / PERIOD / "DAFDUK.xlsx")
    book["Data Kinerja"]["L7"] = "sembilan puluh"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
