"""One `Finding` type and the catalogue of finding codes (the message text lives here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    GALAT = "GALAT"  # blocks consolidation
    PERINGATAN = "PERINGATAN"  # reported, does not block


@dataclass(frozen=True)
class FindingType:
    code: str
    severity: Severity
    title: str
    message: str  # str.format template; fields come from the finding's params
    hint: str


G, P = Severity.GALAT, Severity.PERINGATAN

_TYPES = [
    # --- the indicator master (SPEC section 4)
    FindingType(
        "master-sheet-hilang",
        G,
        "Sheet master tidak ada",
        "Sheet '{sheet}' tidak ditemukan di master.",
        "Tambahkan sheet bernama '{sheet}' persis dengan ejaan ini (lihat panduan).",
    ),
    FindingType(
        "master-kolom-hilang",
        G,
        "Kolom master tidak ada",
        "Kolom '{column}' tidak ditemukan di baris judul sheet '{sheet}'.",
        "Tulis judul kolom '{column}' di baris 1 sheet '{sheet}'.",
    ),
    FindingType(
        "master-isian-kosong",
        G,
        "Isian wajib kosong",
        "Kolom '{column}' wajib diisi, tetapi sel ini kosong.",
        "Isi sel ini; baris yang tidak dipakai sebaiknya dihapus seluruhnya.",
    ),
    FindingType(
        "master-kode-tidak-valid",
        G,
        "Kode tidak valid",
        "Kode '{value}' memuat karakter yang tidak diizinkan.",
        "Gunakan huruf besar, angka dan tanda '-' saja, misalnya DAF-01.",
    ),
    FindingType(
        "master-kode-ganda",
        G,
        "Kode ganda",
        "Kode '{value}' dipakai lebih dari sekali pada tahun yang sama.",
        "Beri setiap indikator kode yang unik dalam satu tahun.",
    ),
    FindingType(
        "master-unit-tidak-dikenal",
        G,
        "Unit tidak dikenal",
        "Unit '{value}' tidak ada di sheet Unit.",
        "Pakai salah satu kode di sheet Unit ({choices}), atau tambahkan unit tersebut di sana.",
    ),
    FindingType(
        "master-pilihan-tidak-valid",
        G,
        "Pilihan tidak dikenal",
        "Nilai '{value}' tidak dikenal untuk kolom '{column}'.",
        "Isi dengan salah satu dari: {choices}.",
    ),
    FindingType(
        "master-target-negatif",
        G,
        "Target negatif",
        "Nilai {value} pada kolom '{column}' negatif.",
        "Target dan realisasi tidak boleh negatif; periksa kembali angkanya.",
    ),
    FindingType(
        "master-target-nol",
        G,
        "Target nol untuk polaritas positif",
        "Target 0 pada kolom '{column}' untuk indikator berpolaritas positif membuat capaian "
        "tidak dapat dihitung (pembagian dengan nol).",
        "Isi target lebih dari 0, atau kosongkan target triwulan ini agar target tahunan dipakai.",
    ),
    FindingType(
        "master-target-menurun",
        G,
        "Target triwulan menurun",
        "Target kumulatif {column} ({value}) lebih kecil dari target triwulan sebelumnya.",
        "Target triwulan indikator kumulatif adalah target s.d. triwulan itu, jadi tidak boleh "
        "menurun; periksa urutan angkanya.",
    ),
    FindingType(
        "master-tahun-tidak-valid",
        G,
        "Tahun tidak valid",
        "Nilai '{value}' pada kolom '{column}' bukan tahun yang valid.",
        "Tulis tahun empat angka, misalnya 2026.",
    ),
    FindingType(
        "master-tanggal-tidak-valid",
        G,
        "Tanggal tidak valid",
        "Nilai '{value}' pada kolom '{column}' bukan tanggal yang valid.",
        "Tulis tanggal sebagai tanggal Excel atau dalam bentuk TTTT-BB-HH, misalnya 2026-07-10.",
    ),
    FindingType(
        "master-isian-tidak-dikenal",
        G,
        "Isian Dinas tidak dikenal",
        "Isian '{value}' di sheet Dinas tidak dikenal.",
        "Gunakan salah satu nama isian: {choices}.",
    ),
    FindingType(
        "master-skala-tidak-valid",
        G,
        "Skala predikat tidak valid",
        "Skala predikat tidak dapat dipakai: {detail}.",
        "Isi sheet Skala dengan satu baris per predikat: nama predikat dan nilai capaian "
        "minimum; nilai minimum berbeda-beda dan yang terendah 0.",
    ),
    FindingType(
        "nip-tidak-valid",
        G,
        "NIP tidak valid",
        "NIP '{value}' tidak valid: {detail}.",
        "NIP terdiri dari 18 angka: tanggal lahir (TTTTBBHH), bulan pengangkatan (TTTTBB), "
        "jenis kelamin (1/2) dan nomor urut; boleh ditulis dengan spasi.",
    ),
    FindingType(
        "ya-tidak-tidak-valid",
        G,
        "Isian ya/tidak tidak valid",
        "Nilai '{value}' pada kolom '{column}' bukan 'ya' atau 'tidak'.",
        "Isi dengan 'ya' atau 'tidak', atau kosongkan (dibaca 'tidak').",
    ),
    # --- numbers, in the master and in unit files (SPEC section 6)
    FindingType(
        "angka-tidak-valid",
        G,
        "Angka tidak valid",
        "Nilai '{value}' pada kolom '{column}' tidak dapat dibaca sebagai angka.",
        "Tulis angka saja, dengan koma untuk desimal, misalnya 85,5 atau 1.234.",
    ),
    FindingType(
        "angka-tidak-bersih",
        P,
        "Angka ditulis sebagai teks",
        "Nilai '{value}' pada kolom '{column}' ditulis sebagai teks dan dibaca sebagai {parsed}.",
        "Pastikan {parsed} memang yang dimaksud; sebaiknya ketik angkanya langsung tanpa "
        "satuan atau tanda lain.",
    ),
]

CATALOGUE: dict[str, FindingType] = {t.code: t for t in _TYPES}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    hint: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    unit: str = ""
    indicator: str = ""
    column: str = ""
    value: str = ""

    def to_dict(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items()}

    def where(self) -> str:
        """`master.xlsx, sheet Indikator, sel F7`: as a person looks for it."""
        parts = [p for p in (self.file, f"sheet {self.sheet}" if self.sheet else "") if p]
        if self.cell:
            parts.append(f"sel {self.cell}")
        return ", ".join(parts)


def make_finding(code: str, **fields: object) -> Finding:
    """Build a finding from the catalogue; extra keyword fields fill the message templates."""
    kind = CATALOGUE[code]
    record = {k: fields.pop(k) for k in list(fields) if k in Finding.__dataclass_fields__}
    params = {k: "" if v is None else v for k, v in {**record, **fields}.items()}
    return Finding(
        code=code,
        severity=kind.severity,
        message=kind.message.format_map(_Blank(params)),
        hint=kind.hint.format_map(_Blank(params)),
        **{k: "" if v is None else str(v) for k, v in record.items()},
    )


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return any(f.severity is Severity.GALAT for f in findings)
