"""Serving the web page with waitress, a production WSGI server in pure Python (it runs
on the office's Windows computers as well as on Linux)."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

from waitress import create_server

from pipeline.errors import EXIT_CANNOT_RUN, DataKinerjaError
from pipeline.tasks import Folders
from pipeline.web.app import create_app

THREADS = 4  # a dozen officials at most at once; each request holds its thread briefly


def serve(folders: Folders, data: Path, host: str, port: int, ready: Callable[[], None]) -> None:
    """Serve until interrupted, calling `ready` once the port is open; a port already
    taken or not allowed is one sentence."""
    app = create_app(folders, data)
    try:
        server = create_server(app, host=host, port=port, threads=THREADS, ident="Data Kinerja")
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            why = f"port {port} sudah dipakai program lain. Pilih port lain dengan --port"
        elif error.errno in (errno.EACCES, errno.EPERM):
            why = f"port {port} tidak boleh dipakai akun ini. Pakai port di atas 1024"
        else:
            why = f"alamat {host} tidak dapat dipakai ({error.strerror}). Periksa --host"
        raise DataKinerjaError(
            f"Halaman web tidak dapat dijalankan: {why}.", EXIT_CANNOT_RUN
        ) from error
    ready()
    try:
        server.run()
    finally:
        server.close()
