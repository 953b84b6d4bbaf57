from __future__ import annotations

import pytest

from schemas.nip import format_nip, nip_problem


def test_a_valid_nip_with_spaces_passes():
    assert nip_problem("19660609 199503 2 002") is None
    assert format_nip("196606091995032002") == "19660609 199503 2 002"


@pytest.mark.parametrize(
    ("nip", "phrase"),
    [
        ("19660609 199503 2 00", "panjangnya 17 angka, seharusnya 18"),
        ("19661309 199503 2 002", "bukan tanggal lahir yang valid"),
        ("19660631 199503 2 002", "bukan tanggal lahir yang valid"),
        ("19660609 199513 2 002", "bukan bulan pengangkatan yang valid"),
        ("19660609 197003 2 002", "terlalu dekat dengan tahun lahir"),
        ("19660609 199503 3 002", "seharusnya 1 (laki-laki) atau 2 (perempuan)"),
        ("1966O609 199503 2 002", "hanya boleh berisi angka"),
    ],
)
def test_broken_nips_say_what_is_wrong(nip, phrase):
    assert phrase in nip_problem(nip)
