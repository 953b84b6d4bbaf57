"""Generate a synthetic period: N units x M indicators, filled from the project's template.

`python -m benchmarks.generate --units 500 --indikator 60 --keluaran benchmarks/data`
writes <out>/u500-m60/{master.xlsx, input/2026-TW2/*.xlsx, input/2026-TW3/*.xlsx}.
Generated files are reused by the runner when they exist.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from pipeline.master import read_master
from pipeline.periods import Period
from pipeline.sample import read_source, write_master
from pipeline.template import write_template

PERIOD = "2026-TW3"
SASARAN = [
    "Meningkatnya cakupan kepemilikan dokumen kependudukan",
    "Meningkatnya kualitas pelayanan administrasi kependudukan",
    "Meningkatnya kualitas pengelolaan dan pemanfaatan data kependudukan",
    "Meningkatnya akuntabilitas kinerja perangkat daerah",
]


def synthetic_master(units: int, indicators: int, seed: int = 7) -> dict[str, list[list]]:
    """The sample master's office and bands, with N generated units of M indicators each."""
    rng = random.Random(seed)
    sheets = read_source()
    unit_header = sheets["Unit"][0]
    sheets["Unit"] = [unit_header] + [
        [
            f"U{u:04d}",
            f"Unit Kerja {u:04d}",
            "Kepala Bidang",
            f"Kepala {u:04d}",
            None,
            f"Katim {u:04d}",
        ]
        for u in range(1, units + 1)
    ]
    header = sheets["Indikator"][0]
    rows = [header]
    for u in range(1, units + 1):
        for i in range(1, indicators + 1):
            akumulasi = ("kumulatif", "posisi", "rata-rata")[i % 3]
            polaritas = "negatif" if i % 5 == 0 else "positif"
            target = float(rng.choice([50, 80, 95, 100, 120, 1000, 45000]))
            quarters = [None] * 4
            if akumulasi == "kumulatif":
                quarters = [round(target * q / 4, 2) for q in range(1, 5)]
            values = {
                "Tahun": 2026,
                "Kode Indikator": f"U{u:04d}-{i:03d}",
                "Unit": f"U{u:04d}",
                "Sasaran Strategis": SASARAN[i % len(SASARAN)],
                "Indikator Kinerja": f"Indikator sintetis {i} unit {u}",
                "Definisi/Rumus": "Definisi sintetis",
                "Satuan": "%" if target == 100 else "angka",
                "Polaritas": polaritas,
                "Akumulasi": akumulasi,
                "Target Tahunan": target,
                **{f"Target TW{q}": quarters[q - 1] for q in range(1, 5)},
                "Boleh Lebih dari 100%": "tidak",
                "IKU": "ya" if i <= 3 else "tidak",
                "Realisasi Tahun Lalu": round(target * 0.9, 2),
                "Target Tahun Lalu": round(target * 0.95, 2),
                "Target Akhir Renstra": target * 1.1,
                "Tahun Akhir Renstra": 2026,
                "Sumber Data": "Sumber sintetis",
            }
            rows.append([values[title] for title in header])
    sheets["Indikator"] = rows
    return sheets


def generate(units: int, indicators: int, out: Path, seed: int = 7) -> Path:
    """Write master and two quarters of filled unit files; returns the case folder."""
    folder = out / f"u{units}-m{indicators}"
    done = folder / ".selesai"
    if done.exists():
        return folder
    master_path = write_master(folder / "master.xlsx", synthetic_master(units, indicators, seed))
    master = read_master(master_path)
    rng = random.Random(seed)
    for period_text in ("2026-TW2", PERIOD):
        period = Period.parse(period_text)
        for unit in master.units.index:
            target = folder / "input" / period_text / f"{unit}.xlsx"
            if target.exists():  # written atomically by an earlier, interrupted run
                continue
            own = master.unit_records(unit, period.year).values()
            filled = {}
            for row in own:
                base = row.target / 4 if row.akumulasi == "kumulatif" else row.target
                values = {
                    f"realisasi_tw{q}": round(base * rng.uniform(0.7, 1.05), 2)
                    for q in period.quarters
                }
                if row.satuan == "%":
                    values = {k: min(v, 100.0) for k, v in values.items()}
                filled[row.kode] = {
                    **values,
                    "penjelasan": "Penjelasan sintetis.",
                    "faktor_penghambat": "Penghambat sintetis.",
                    "tindak_lanjut": "Tindak lanjut sintetis.",
                }
            # the TW3 file repeats the TW2 file's earlier quarters, as a prefilled template does
            if period_text == PERIOD:
                earlier = _earlier(folder / "input" / "2026-TW2" / f"{unit}.xlsx", master)
                for kode, quarters in earlier.items():
                    filled[kode].update(quarters)
            write_template(
                master,
                period,
                unit,
                target,
                filled=filled,
                approval={
                    "penyusun_nama": "Penyusun",
                    "penyusun_nip": "19880503 201101 2 004",
                    "penyusun_tanggal": __import__("datetime").datetime(2026, 10, 5),
                },
            )
    done.write_text("ok")
    return folder


def _earlier(path: Path, master) -> dict[str, dict[str, float]]:
    from pipeline.validation import realisations_of, validate_file

    report = validate_file(path, master, accepted={})
    return {
        kode: {f"realisasi_tw{q}": v for q, v in quarters.items()}
        for kode, quarters in realisations_of(report).items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--indikator", type=int, default=60)
    parser.add_argument("--keluaran", type=Path, default=Path("benchmarks/data"))
    args = parser.parse_args()
    print(generate(args.units, args.indikator, args.keluaran))


if __name__ == "__main__":
    main()
