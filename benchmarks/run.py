"""Measure Data Kinerja against SPEC section 12, in one run on the same files.

    python -m benchmarks.run                 # N = 5, 50, 500, 2500 units x 60 indicators
    python -m benchmarks.run --units 5 50    # a subset
    python -m benchmarks.run --cepat         # CI smoke test: N = 5, M = 10

For each N it times, each in a fresh process (wall time, peak memory):
- `konsolidasi`: the project's command on the generated period;
- the floor: a bare python-calamine read of the same sheets of the same files (the master,
  this quarter's files without their Petunjuk, the identity and data sheets of last
  quarter's) plus a bare xlsxwriter write of the cells the project's workbook holds: as
  many formulas (with a cached value), formatted blank cells, numbers and texts, the
  formulas and texts as long as the workbook's on average;
- a naive peer doing the same job: pandas.read_excel(engine="openpyxl") per file, pandera
  validation per file, DataFrame.to_excel.
It also times `python run.py` on the bundled sample, `validasi` of one sample file, and a
unit's upload to its findings page on a running `python run.py web` (benchmarks/web.py).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from benchmarks.generate import PERIOD, generate
from benchmarks.web import upload_timings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def best_of(repeats: int, args: list[str]) -> tuple[float, float]:
    """The fastest of several runs (a shared machine only ever adds time), and its peak."""
    return min(timed(args) for _ in range(repeats))


# Children run as a user's Python does: compiled modules are cached (.pyc). A development
# shell that sets PYTHONDONTWRITEBYTECODE would otherwise recompile the package each run.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process; stops the run if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=CHILD_ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # wait4 also gives the child's peak memory
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            out.seek(0)
            err.seek(0)
            output = out.read().decode()[-2000:] + "\n" + err.read().decode()[-2000:]
            raise SystemExit(f"gagal: {' '.join(args)}\n{output}")
    return wall, usage.ru_maxrss / 1024


def tree_peak(args: list[str]) -> float | None:
    """Peak memory (MiB) of a command with the worker processes it forks, in a separate,
    untimed run: the sum of the processes' proportional set sizes (shared pages counted
    once), sampled every 50 ms. RSS per process (the `peak` column) would count the pages
    a forked worker shares with its parent twice. None where /proc is not there."""
    if not Path("/proc/self/smaps_rollup").exists():
        return None
    child = subprocess.Popen(
        args, cwd=ROOT, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _tree(child.pid)) / 1024)
        time.sleep(0.05)
    return peak


def _tree(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


FLOOR = """
import sys
import python_calamine, xlsxwriter
from pathlib import Path
folder = Path(sys.argv[1])
# the sheets the project reads: the master's, this quarter's files' (not the Petunjuk),
# the identity and data sheets of last quarter's
def read(path, sheets=None):
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in sheets or book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
read(folder / "master.xlsx")
for path in sorted((folder / "input" / "2026-TW3").glob("*.xlsx")):
    read(path, ["_datakinerja", "Data Kinerja", "Pengesahan"])
for path in sorted((folder / "input" / "2026-TW2").glob("*.xlsx")):
    read(path, ["_datakinerja", "Data Kinerja"])
# the cells the project's workbook holds: formulas (with cached values) of its formulas'
# mean length, formatted blank cells, values (texts of its texts' mean length)
formulas, blanks, numbers, texts, formula_chars, text_chars = (int(n) for n in sys.argv[3:9])
out = xlsxwriter.Workbook(str(Path(sys.argv[2])), {"constant_memory": True})
bordered = out.add_format({"border": 1})
sheet = out.add_worksheet()
padding = "+0" * max(0, (formula_chars // max(formulas, 1) - 20) // 2)
text = "x" * (text_chars // max(texts, 1))
width = 20
for i in range(formulas + blanks + numbers + texts):
    r, c = divmod(i, width)
    if i < formulas:
        sheet.write_formula(r, c, f"=ROUND(A{r + 1}/B{r + 1}*100,2){padding}", None, 50.0)
    elif i < formulas + blanks:
        sheet.write_blank(r, c, None, bordered)
    elif i < formulas + blanks + numbers:
        sheet.write_number(r, c, i * 0.5)
    else:
        sheet.write_string(r, c, text)
out.close()
"""

NAIVE = """
import sys
import pandas as pd, pandera.pandas as pa
from pathlib import Path
folder = Path(sys.argv[1])
schema = pa.DataFrameSchema({
    "Kode": pa.Column(str),
    "Target Tahunan": pa.Column(float, pa.Check.ge(0), coerce=True),
    "Realisasi TW3": pa.Column(float, pa.Check.ge(0), coerce=True, nullable=True),
})
frames = []
for path in sorted((folder / "input" / "2026-TW3").glob("*.xlsx")):
    frame = pd.read_excel(path, sheet_name="Data Kinerja", header=5, engine="openpyxl")
    frame = frame[frame["Kode"].notna()]
    schema.validate(frame, lazy=True)
    frames.append(frame)
report = pd.concat(frames)
report["Capaian"] = report["Realisasi TW3"] / report["Target Tahunan"] * 100
with pd.ExcelWriter(Path(sys.argv[2]), engine="xlsxwriter") as writer:
    report.to_excel(writer, sheet_name="Pengukuran Kinerja", index=False)
    for unit, own in report.groupby(report["Kode"].str[:5]):
        own.to_excel(writer, sheet_name=unit, index=False)
"""


def konsolidasi(*extra: str) -> list[str]:
    """The project's main command on the benchmark period, with a fixed report date."""
    return [PYTHON, "run.py", "konsolidasi", "--periode", PERIOD, "--tanggal", "2026-10-15", *extra]


def count_cells(path: Path) -> dict[str, int]:
    """The cells of a workbook over all its sheets, from their XML: formulas and their
    characters, formatted blank cells (a bordered empty cell is written like any other),
    numbers, and texts and their characters."""
    counts = dict.fromkeys(("formulas", "blanks", "numbers", "texts", "formula_chars"), 0)
    counts["text_chars"] = 0
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            xml = package.read(name).decode("utf-8")
            formulas = re.findall(r"<f>(.*?)</f>", xml)
            texts = re.findall(r"<is><t[^>]*>(.*?)</t></is>", xml, re.S)
            valued = xml.count("<v>") + xml.count("<is>")
            counts["formulas"] += len(formulas)
            counts["formula_chars"] += sum(len(html.unescape(f)) + 1 for f in formulas)
            counts["blanks"] += xml.count("<c ") - valued
            counts["texts"] += len(texts)
            counts["text_chars"] += sum(len(html.unescape(t)) for t in texts)
            counts["numbers"] += valued - len(formulas) - len(texts)
    return counts


def run_case(units: int, indicators: int, data: Path, naive: bool, repeats: int) -> dict:
    folder = generate(units, indicators, data)
    out = data / "out"
    out.mkdir(parents=True, exist_ok=True)
    command = konsolidasi(
        "--master",
        str(folder / "master.xlsx"),
        "--masukan",
        str(folder / "input"),
        "--keluaran",
        str(out / f"proyek-{units}"),
    )
    cold = timed(command)  # the first run, its files not yet in the OS's file cache
    report = out / f"proyek-{units}" / PERIOD / f"Laporan-Kinerja-Dinas-{PERIOD}.xlsx"
    cells = count_cells(report)
    floor = [PYTHON, "-c", FLOOR, str(folder), str(out / f"floor-{units}.xlsx")]
    floor += [str(cells[k]) for k in ("formulas", "blanks", "numbers", "texts")]
    floor += [str(cells["formula_chars"]), str(cells["text_chars"])]
    # project and floor take turns, so that both meet the same moods of a shared machine
    projects, floors = [cold], []
    for turn in range(repeats):
        floors.append(timed(floor))
        if turn < repeats - 1:
            projects.append(timed(command))
    project, floor_wall = min(projects), min(floors)[0]
    result = {
        "cells": sum(cells[k] for k in ("formulas", "blanks", "numbers", "texts")),
        **cells,
        "units": units,
        "indicators": indicators,
        "project_s": project[0],
        "project_cold_s": cold[0],
        "project_mib": max(p[1] for p in projects),
        "project_tree_mib": tree_peak(command),
        "floor_s": floor_wall,
        "ratio": project[0] / floor_wall,
    }
    if naive:
        peer = best_of(
            1 if units >= 500 else repeats,
            [PYTHON, "-c", NAIVE, str(folder), str(out / f"naive-{units}.xlsx")],
        )
        result["naive_s"] = peer[0]
        result["speedup"] = result["naive_s"] / project[0]
    return result


def sample_timings(repeats: int) -> dict:
    out = ROOT / "benchmarks" / "data" / "sampel"
    command = konsolidasi("--keluaran", str(out))
    cold = timed(command)  # as on a fresh clone
    whole = min([cold] + [timed(command) for _ in range(repeats - 1)])
    one = best_of(
        repeats,
        [PYTHON, "run.py", "validasi", "input/2026-TW3/DAFDUK.xlsx", "--keluaran", str(out)],
    )
    return {
        "sample_s": whole[0],
        "sample_cold_s": cold[0],
        "sample_mib": whole[1],
        "validasi_s": one[0],
    }


def growth_lines(results: list[dict]) -> str:
    """Cost per added unit between consecutive sizes: constant when growth is linear."""
    lines = []
    for a, b in zip(results, results[1:], strict=False):
        per_unit = (b["project_s"] - a["project_s"]) / (b["units"] - a["units"]) * 1000
        floor_per_unit = (b["floor_s"] - a["floor_s"]) / (b["units"] - a["units"]) * 1000
        lines.append(
            f"pertumbuhan {a['units']}->{b['units']} unit: waktu x"
            f"{b['project_s'] / a['project_s']:.1f} untuk data x{b['units'] / a['units']:.0f}; "
            f"{per_unit:.1f} ms per unit tambahan (lantai {floor_per_unit:.1f} ms)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="*", default=[5, 50, 500, 2500])
    parser.add_argument("--indikator", type=int, default=60)
    parser.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "data")
    parser.add_argument("--tanpa-naif", action="store_true", help="lewati peer naif")
    parser.add_argument("--cepat", action="store_true", help="uji asap: N=5, M=10, sekali")
    parser.add_argument("--ulang", type=int, default=3, help="ulangan per ukuran; yang tercepat")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter untuk perintah yang diukur, misalnya venv dengan 'pip install .' "
        "saja (tanpa paket pengembangan, seperti pemasangan pengguna); bawaan: yang ini",
    )
    args = parser.parse_args()
    global PYTHON  # one interpreter for every timed child
    PYTHON = args.python
    if args.cepat:
        args.units, args.indikator, args.ulang = [5], 10, 1
    print(f"Mesin: {os.cpu_count()} inti, Python {sys.version.split()[0]}, perintah: {PYTHON}")
    sample = sample_timings(args.ulang)
    print(
        f"python run.py (sampel, konsolidasi): {sample['sample_s']:.2f} s "
        f"(pertama: {sample['sample_cold_s']:.2f} s), "
        f"puncak {sample['sample_mib']:.0f} MiB  [target < 2 s]"
    )
    print(f"validasi satu file sampel:           {sample['validasi_s']:.2f} s  [target < 1 s]")
    web = upload_timings(ROOT, PYTHON, CHILD_ENV, 3 if args.cepat else 20)
    sample["web_upload"] = web
    for label, (best, median) in web.items():
        print(
            f"unggah ke temuan, halaman web ({label}): {best:.3f} s, median {median:.3f} s  "
            "[target < 0,3 s]"
        )
    print()
    print(
        f"{'N':>6} {'M':>4} {'proyek s':>9} {'pertama s':>10} {'lantai s':>9} {'rasio':>6} "
        f"{'naif s':>8} {'lebih cepat':>11} {'puncak MiB':>11} {'+pekerja MiB':>13}"
    )
    results = []
    for units in args.units:
        r = run_case(units, args.indikator, args.data, not args.tanpa_naif, args.ulang)
        results.append(r)
        naive = f"{r['naive_s']:8.2f} {r['speedup']:10.1f}x" if "naive_s" in r else " " * 20
        print(
            f"{units:>6} {args.indikator:>4} {r['project_s']:9.2f} {r['project_cold_s']:10.2f} "
            f"{r['floor_s']:9.2f} {r['ratio']:6.2f} {naive} {r['project_mib']:11.0f} "
            f"{r['project_tree_mib'] or 0:13.0f}",
            flush=True,
        )
    if len(results) > 1:
        print()
        print(growth_lines(results))
    (args.data / "hasil.json").write_text(
        json.dumps({"sample": sample, "cases": results}, indent=2)
    )


if __name__ == "__main__":
    main()
