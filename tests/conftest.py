from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.consolidation import consolidate, read_inputs
from pipeline.master import Master, read_master
from pipeline.periods import Period
from tests.helpers import PERIOD, ROOT, report_path, run

# Folders a test run may change without touching the project: caches and installs.
UNWATCHED = {
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".hypothesis",
    ".venv",
    "venv",
    ".ci-venv",
}


@pytest.fixture(scope="session")
def sample_master() -> Master:
    return read_master(ROOT / "input" / "master.xlsx")


def repository_tree(root: Path = ROOT) -> dict[str, tuple[int, int] | None]:
    """Every folder (None) and file (size, mtime_ns) of the repository, caches left out."""
    tree: dict[str, tuple[int, int] | None] = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [
            name
            for name in folders
            if name not in UNWATCHED
            and not name.endswith(".egg-info")
            and not os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))
        ]
        here = Path(folder).relative_to(root)
        for name in folders:
            tree[f"{(here / name).as_posix()}/"] = None
        for name in files:
            status = os.lstat(os.path.join(folder, name))
            tree[(here / name).as_posix()] = (status.st_size, status.st_mtime_ns)
    return tree


def tree_changes(before: dict, after: dict) -> list[str]:
    """What differs between two `repository_tree`s, one line per path."""
    lines = []
    for path in sorted(before.keys() | after.keys()):
        if path not in before:
            lines.append(f"added    {path}")
        elif path not in after:
            lines.append(f"removed  {path}")
        elif before[path] != after[path]:
            lines.append(f"changed  {path}")
    return lines


def _fail_on_changes(what: str, before: dict, after: dict) -> None:
    changes = tree_changes(before, after)
    if changes:
        pytest.fail(
            f"{what} changed the repository at {ROOT}; tests write under tmp_path "
            "(copy input/ there, pass --masukan/--keluaran/--master):\n  " + "\n  ".join(changes),
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def repository_left_as_it_was():
    """The run leaves the repository's files as they were. Each test is checked against the
    tree after the test before it, so a stray write fails the one test that made it (or
    whose fixtures did); the end of the run catches what fixtures torn down last wrote."""
    latest = {"tree": repository_tree()}
    yield latest
    _fail_on_changes("The end of the test run", latest["tree"], repository_tree())


@pytest.fixture(autouse=True)
def repository_left_alone_by_each_test(request, repository_left_as_it_was):
    latest = repository_left_as_it_was
    yield
    before, latest["tree"] = latest["tree"], repository_tree()
    _fail_on_changes(request.node.nodeid, before, latest["tree"])


@pytest.fixture(autouse=True)
def no_project_named(monkeypatch):
    """The project is found from the working folder, as each test sets it, not from a
    DATAKINERJA_PROYEK the shell running the tests may have set."""
    monkeypatch.delenv("DATAKINERJA_PROYEK", raising=False)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("konsolidasi")
    assert run(tmp_path) == 0
    return report_path(tmp_path)


@pytest.fixture(scope="module")
def sample_evaluation(sample_master):
    period = Period.parse(PERIOD)
    return consolidate(sample_master, period, read_inputs(sample_master, period, ROOT / "input"))


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A working copy of the sample office: input/ and master, run from its folder."""
    shutil.copytree(ROOT / "input", tmp_path / "input")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def office_folder(tmp_path):
    """A copy of the sample office's input/ in tmp_path; unlike `office`, not run from it."""
    shutil.copytree(ROOT / "input", tmp_path / "input")
    return tmp_path
