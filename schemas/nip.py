"""NIP (Nomor Induk Pegawai), the 18-digit civil servant ID."""

from __future__ import annotations

import re
from datetime import date


def normalise_nip(raw: object) -> str:
    """Digits only: `19660609 199503 2 002` -> `196606091995032002`."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a NIP typed as a number; digits beyond 15 are lost, caught below
    return re.sub(r"[\s.\u00a0-]", "", str(raw or ""))


def nip_problem(raw: object) -> str | None:
    """Why a NIP is not valid (a phrase in Bahasa Indonesia), or None when it is."""
    nip = normalise_nip(raw)
    if not nip.isdigit():
        return "NIP hanya boleh berisi angka (dan spasi sebagai pemisah)"
    if len(nip) != 18:
        return f"panjangnya {len(nip)} angka, seharusnya 18"
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return f"8 angka pertama ({nip[0:8]}) bukan tanggal lahir yang valid (TTTTBBHH)"
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        return f"angka ke-9 s.d. 14 ({nip[8:14]}) bukan bulan pengangkatan yang valid (TTTTBB)"
    if year < born.year + 15:
        return f"tahun pengangkatan {year} terlalu dekat dengan tahun lahir {born.year}"
    if nip[14] not in "12":
        return f"angka ke-15 ({nip[14]}) seharusnya 1 (laki-laki) atau 2 (perempuan)"
    return None


def format_nip(raw: object) -> str:
    """The way a NIP is printed on a signature: `19660609 199503 2 002`."""
    nip = normalise_nip(raw)
    if len(nip) != 18:
        return str(raw or "")
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
