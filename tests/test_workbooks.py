from __future__ import annotations

import pytest

from pipeline.errors import DataKinerjaError
from pipeline.workbooks import inside


def test_an_output_path_stays_inside_its_folder(tmp_path):
    assert inside(tmp_path, "2026-TW3", "DAFDUK.xlsx") == tmp_path / "2026-TW3" / "DAFDUK.xlsx"
    for parts in (("..", "x.xlsx"), ("/etc/passwd",), ("a", "..", "..", "x")):
        with pytest.raises(DataKinerjaError) as refused:
            inside(tmp_path / "out", *parts)
        assert "di luar folder" in str(refused.value)


def test_a_link_leading_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "umpan-balik").symlink_to(tmp_path / "input", target_is_directory=True)
    with pytest.raises(DataKinerjaError):
        inside(tmp_path / "out", "umpan-balik", "DAFDUK.xlsx")
