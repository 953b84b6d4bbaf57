from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.master import Master, read_master

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_master() -> Master:
    return read_master(ROOT / "input" / "master.xlsx")
