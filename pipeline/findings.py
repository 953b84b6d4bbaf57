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
    unreadable: bool = False  # the file cannot be read at all: exit code 2


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
        "master-batas-capaian-tidak-valid",
        G,
        "Batas atas capaian tidak valid",
        "Batas atas capaian '{value}' tidak dapat dipakai: harus angka paling sedikit 100.",
        "Isi angka 100 atau lebih (biasanya 100), atau kosongkan sel agar 100 dipakai.",
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
    # --- a unit's file as a whole (SPEC section 7)
    FindingType(
        "file-tidak-ada",
        G,
        "File tidak ada",
        "File {file} tidak ditemukan.",
        "Periksa nama dan letak file; file unit disimpan sebagai input/<periode>/<UNIT>.xlsx.",
        True,
    ),
    FindingType(
        "file-kosong",
        G,
        "File kosong",
        "File {file} kosong (0 byte).",
        "Simpan ulang templat yang sudah diisi dari Excel atau LibreOffice, lalu kirim lagi.",
        True,
    ),
    FindingType(
        "file-rusak",
        G,
        "File tidak dapat dibaca",
        "File {file} tidak dapat dibaca sebagai buku kerja .xlsx atau .ods{detail}.",
        "Buka file di Excel atau LibreOffice; bila terbuka, simpan ulang sebagai .xlsx. Bila "
        "tidak terbuka, isi ulang dari templat.",
        True,
    ),
    FindingType(
        "file-terenkripsi",
        G,
        "File dilindungi kata sandi",
        "File {file} dienkripsi dengan kata sandi sehingga tidak dapat dibaca.",
        "Buka file, hapus kata sandi (Excel: File › Info › Protect Workbook › Encrypt with "
        "Password, kosongkan), simpan, lalu kirim lagi.",
        True,
    ),
    FindingType(
        "file-terlalu-besar",
        G,
        "Isi file terlalu besar",
        "Isi file {file} jika dibuka mencapai {detail}, jauh di atas ukuran templat; file "
        "ditolak sebelum dibuka.",
        "Kirim templat yang diisi saja: hapus isi di luar tabel (Ctrl+End menunjukkan sel "
        "terakhir yang terpakai), gambar dan sheet tambahan, lalu simpan ulang.",
        True,
    ),
    FindingType(
        "file-xls",
        G,
        "Format Excel lama (.xls)",
        "File {file} berformat Excel 97-2003 (.xls), bukan .xlsx.",
        "Buka di Excel, pilih File › Save As › 'Excel Workbook (*.xlsx)', lalu kirim file .xlsx "
        "itu. Lebih baik lagi: isi templat .xlsx yang dibagikan.",
    ),
    FindingType(
        "file-xlsm",
        G,
        "Buku kerja bermakro (.xlsm)",
        "File {file} adalah buku kerja bermakro (.xlsm); makro tidak diterima.",
        "Buka di Excel, pilih File › Save As › 'Excel Workbook (*.xlsx)', lalu kirim file .xlsx "
        "itu.",
    ),
    FindingType(
        "file-format-tidak-didukung",
        G,
        "Jenis file tidak didukung",
        "File {file} bukan .xlsx atau .ods.",
        "Isi templat .xlsx yang dibagikan dan kirim file itu (format .ods juga diterima).",
    ),
    FindingType(
        "sheet-hilang",
        G,
        "Sheet tidak ada",
        "Sheet '{sheet}' tidak ditemukan di file ini.",
        "Jangan mengganti nama atau menghapus sheet templat; kembalikan nama sheet menjadi "
        "'{sheet}' atau isi ulang dari templat.",
    ),
    FindingType(
        "bukan-templat",
        G,
        "Bukan templat Data Kinerja",
        "File ini tidak dibuat dari templat Data Kinerja (penanda templat tidak ada).",
        "Minta templat unit Anda kepada Katim Penyusunan Program dan salin isian ke sana.",
    ),
    FindingType(
        "file-ganda",
        G,
        "Lebih dari satu file untuk satu unit",
        "Folder periode memuat lebih dari satu file untuk unit {unit}: {value}. Tidak jelas "
        "mana yang diterima, jadi tidak ada yang dipakai diam-diam.",
        "Simpan hanya satu file sebagai {unit}.xlsx di folder periode; pindahkan file lain "
        "(versi lama, revisi) ke folder lain.",
    ),
    FindingType(
        "teks-terlalu-panjang",
        P,
        "Teks terlalu panjang",
        "Teks pada kolom '{column}' memuat {value} karakter; sel Excel memuat paling banyak "
        "32.767, jadi di laporan teks ini dipotong.",
        "Ringkas teksnya; rincian dapat dilampirkan sebagai dokumen terpisah.",
    ),
    FindingType(
        "nama-file-bukan-unit",
        G,
        "Nama file bukan kode unit",
        "Nama file '{file}' bukan kode unit di master, jadi unitnya tidak dapat dipastikan "
        "(file ini menyebut dirinya unit '{value}').",
        "Simpan file dengan nama kode unitnya (salah satu dari: {choices}), misalnya "
        "DAFDUK.xlsx, lalu periksa lagi.",
    ),
    FindingType(
        "templat-unit-lain",
        G,
        "Templat unit lain",
        "File ini adalah templat unit {value}, bukan unit {unit}.",
        "Pakai templat unit {unit}. Bila file ini memang milik unit {value}, serahkan sebagai "
        "file unit {value} ({value}.xlsx).",
    ),
    FindingType(
        "templat-periode-lain",
        G,
        "Templat periode lain",
        "File ini adalah templat periode {value}, bukan {periode}.",
        "Isi templat periode {periode}: unduh di halaman unit Anda pada halaman web Data "
        "Kinerja, atau minta kepada Katim Penyusunan Program.",
    ),
    FindingType(
        "templat-versi-lama",
        G,
        "Versi templat lama",
        "Templat ini berformat versi {value}, sedangkan alat ini membaca versi {expected}.",
        "Minta templat baru kepada Katim Penyusunan Program dan salin isian ke sana.",
    ),
    FindingType(
        "templat-kedaluwarsa",
        G,
        "Templat dari master lama",
        "Templat ini dibuat dari master indikator yang sudah berubah (target atau indikator "
        "unit {unit} tidak sama lagi).",
        "Minta templat terbaru kepada Katim Penyusunan Program dan salin realisasi serta "
        "penjelasan ke sana.",
    ),
    # --- the table
    FindingType(
        "tabel-tidak-ditemukan",
        G,
        "Tabel tidak ditemukan",
        "Baris judul tabel (dengan kolom 'Kode' dan 'Indikator Kinerja') tidak ditemukan di "
        "sheet '{sheet}'.",
        "Kembalikan baris judul tabel seperti pada templat, atau isi ulang dari templat.",
    ),
    FindingType(
        "kolom-hilang",
        G,
        "Kolom tidak ada",
        "Kolom '{column}' tidak ada di baris judul tabel.",
        "Kembalikan kolom '{column}' (jangan menghapus atau mengganti judul kolom templat).",
    ),
    FindingType(
        "kolom-tambahan",
        P,
        "Kolom tambahan diabaikan",
        "Kolom '{value}' bukan kolom templat dan isinya diabaikan.",
        "Hapus kolom tambahan; tuliskan keterangan di kolom Penjelasan.",
    ),
    FindingType(
        "sel-gabungan",
        G,
        "Sel digabung di dalam tabel",
        "Sel {value} digabung (merge) di dalam tabel.",
        "Pisahkan kembali sel tersebut (Unmerge Cells) dan isi setiap sel sendiri-sendiri.",
    ),
    FindingType(
        "kolom-tertukar",
        G,
        "Urutan kolom berubah",
        "Kolom '{column}' berada sebelum kolom '{value}', berbeda dari templat; judul kolom "
        "mungkin tertukar sehingga angkanya terbaca di kolom yang salah.",
        "Kembalikan judul dan urutan kolom seperti templat (jangan memindah atau mengganti "
        "judul kolom), atau isi ulang templat.",
    ),
    FindingType(
        "kode-tidak-dikenal",
        G,
        "Kode indikator tidak dikenal",
        "Kode '{value}' tidak ada di master untuk unit {unit} tahun ini.",
        "Hapus baris ini atau kembalikan kodenya seperti pada templat.",
    ),
    FindingType(
        "kode-ganda",
        G,
        "Indikator ganda",
        "Kode '{value}' muncul lebih dari sekali di tabel.",
        "Hapus baris duplikat; setiap indikator diisi satu kali.",
    ),
    FindingType(
        "kode-kosong",
        G,
        "Baris tanpa kode",
        "Baris ini berisi data tetapi kolom Kode kosong.",
        "Kembalikan kode indikator di kolom Kode atau hapus baris tambahan ini.",
    ),
    FindingType(
        "indikator-hilang",
        G,
        "Indikator tidak ada",
        "Indikator {indicator} ({value}) dari master tidak ada di tabel.",
        "Kembalikan baris indikator ini seperti pada templat dan isi realisasinya.",
    ),
    FindingType(
        "kolom-terkunci-berubah",
        G,
        "Isian master diubah",
        "Kolom '{column}' berisi '{value}', berbeda dari master ('{expected}').",
        "Kembalikan isi sel ini seperti pada templat; kolom dari master tidak boleh diubah. "
        "Bila master keliru, hubungi Katim Penyusunan Program.",
    ),
    # --- the cells
    FindingType(
        "realisasi-kosong",
        G,
        "Realisasi periode ini kosong",
        "'{column}' belum diisi.",
        "Isi angka realisasi; bila data memang belum tersedia, hubungi Katim Penyusunan Program "
        "dan jelaskan di kolom Penjelasan.",
    ),
    FindingType(
        "angka-berupa-tanggal",
        G,
        "Tanggal di kolom angka",
        "Sel berisi tanggal ({value}), padahal kolom '{column}' berisi angka.",
        "Ketik ulang angkanya; bila Excel mengubahnya menjadi tanggal, atur format sel ke "
        "'Number' dulu.",
    ),
    FindingType(
        "angka-negatif",
        G,
        "Angka negatif",
        "Nilai {value} pada kolom '{column}' negatif.",
        "Realisasi tidak boleh negatif; periksa kembali angkanya.",
    ),
    FindingType(
        "persen-lebih-100",
        G,
        "Persentase di atas 100",
        "Nilai {value} pada kolom '{column}' lebih dari 100%.",
        "Persentase indikator ini tidak dapat melebihi 100; periksa angka pembilang dan "
        "penyebutnya.",
    ),
    FindingType(
        "rumus-tanpa-nilai",
        G,
        "Rumus tanpa nilai tersimpan",
        "Sel berisi rumus {value} tanpa nilai hasil yang tersimpan.",
        "Buka file di Excel atau LibreOffice, pastikan rumus terhitung, lalu simpan lagi; atau "
        "ketik angkanya langsung.",
    ),
    FindingType(
        "sel-berisi-galat",
        G,
        "Sel berisi galat rumus",
        "Sel berisi galat rumus {value}, bukan nilai.",
        "Perbaiki rumusnya (misalnya pembagian dengan nol) atau ketik nilainya langsung.",
    ),
    FindingType(
        "realisasi-lalu-berubah",
        P,
        "Realisasi triwulan lalu berubah",
        "'{column}' berisi {value}, berbeda dari yang sudah diterima ({expected}).",
        "Bila ini koreksi, jelaskan alasannya di kolom Penjelasan; bila tidak, kembalikan "
        "angka {expected}.",
    ),
    FindingType(
        "capaian-tidak-wajar",
        P,
        "Capaian tidak wajar",
        "Capaian indikator ini {value}%, jauh di atas target.",
        "Periksa kembali angka realisasi dan satuannya (misalnya salah ketik atau angka "
        "kumulatif diisi sebagai angka triwulan).",
    ),
    FindingType(
        "penjelasan-wajib",
        G,
        "Penjelasan wajib diisi",
        "Capaian {value}% (predikat {predikat}) di bawah Tinggi, tetapi '{column}' kosong.",
        "Isi '{column}' untuk indikator ini: apa penyebabnya dan apa langkah perbaikannya.",
    ),
    FindingType(
        "pengesahan-kosong",
        G,
        "Pengesahan belum diisi",
        "'{column}' di sheet Pengesahan belum diisi.",
        "Isi nama, NIP dan tanggal penyusun di sheet Pengesahan.",
    ),
    # --- the review log (SPEC section 9)
    FindingType(
        "log-kolom-hilang",
        G,
        "Kolom log tidak ada",
        "Kolom '{column}' tidak ada di baris judul log review.",
        "Kembalikan judul kolom: Waktu, Langkah, Unit, Status, Oleh, Peran, Catatan, Dokumen, "
        "SHA-256.",
    ),
    FindingType(
        "log-waktu-tidak-valid",
        G,
        "Waktu tidak dapat dibaca",
        "Waktu '{value}' tidak dapat dibaca.",
        "Tulis waktu seperti 2026-10-05 09:30 (atau 05/10/2026 09:30); zona waktu Asia/Jakarta.",
    ),
    FindingType(
        "log-langkah-tidak-dikenal",
        G,
        "Langkah tidak dikenal",
        "Langkah '{value}' tidak ada di SOP-20.",
        "Isi nomor langkah 1 sampai 11.",
    ),
    FindingType(
        "log-status-tidak-dikenal",
        G,
        "Status tidak dikenal",
        "Status '{value}' tidak dikenal.",
        "Isi salah satu dari: mulai, selesai, dikembalikan, disetujui.",
    ),
    FindingType(
        "log-peran-tidak-sesuai",
        G,
        "Peran tidak sesuai langkah",
        "Peran '{value}' tidak melaksanakan langkah {step} ({expected}).",
        "Periksa nomor langkah atau peran pencatat; langkah {step} dilaksanakan oleh {expected}.",
    ),
    FindingType(
        "log-unit-tidak-sesuai",
        G,
        "Unit tidak sesuai langkah",
        "{detail}",
        "Langkah 2 sampai 7 dicatat per unit (isi kolom Unit); langkah 1 dan 8 sampai 11 untuk "
        "seluruh Dinas (kosongkan kolom Unit).",
    ),
    FindingType(
        "log-unit-tidak-dikenal",
        G,
        "Unit tidak dikenal",
        "Unit '{value}' tidak ada di master.",
        "Pakai kode unit dari sheet Unit master: {choices}.",
    ),
    FindingType(
        "log-waktu-mundur",
        P,
        "Waktu tidak berurutan",
        "Waktu kejadian ini ({value}) lebih awal dari baris sebelumnya.",
        "Periksa waktunya; log dicatat berurutan waktu.",
    ),
    FindingType(
        "log-oleh-kosong",
        G,
        "Pelaksana tidak disebut",
        "Baris ini tidak menyebut siapa yang melaksanakan langkah {step}.",
        "Isi kolom Oleh dengan nama pelaksana; bila baris ini keliru, catat koreksinya "
        '(python run.py catat {step} koreksi --baris N --catatan "alasan").',
    ),
    FindingType(
        "log-alasan-kosong",
        G,
        "Alasan pengembalian kosong",
        "Langkah {step} dikembalikan tanpa alasan.",
        "Isi kolom Catatan dengan alasan pengembalian, agar yang memperbaiki tahu apa yang "
        "harus diubah.",
    ),
    FindingType(
        "log-belum-diajukan-ulang",
        P,
        "Belum diajukan ulang",
        "Langkah {step}{unit_text} dikembalikan pada {value} dan belum diajukan ulang.",
        "Setelah diperbaiki, catat langkah sebelumnya 'selesai' lagi (pengajuan ulang).",
    ),
    FindingType(
        "log-baris-terpotong",
        G,
        "Baris log terpotong",
        "Baris terakhir log ({cell}) tidak selesai ditulis (disk penuh atau proses terhenti), "
        "jadi tidak dibaca sebagai kejadian.",
        "Buka log, hapus baris terakhir yang terpotong itu, lalu catat ulang kejadiannya dengan "
        "'python run.py catat'.",
    ),
    FindingType(
        "log-koreksi-tidak-sah",
        G,
        "Koreksi tidak sah",
        "Koreksi ini menyebut baris {value}, yang bukan kejadian langkah dan unit yang sama.",
        "Catat koreksi dengan 'python run.py catat LANGKAH koreksi --baris NOMOR --catatan "
        '"alasan"\', dengan nomor baris kejadian yang dikoreksi.',
    ),
    FindingType(
        "log-rantai-putus",
        G,
        "Rantai log putus",
        "Baris {value} tidak cocok dengan rantai SHA-256 log: baris ini diubah dengan tangan, "
        "atau baris sebelumnya diubah, dihapus atau dipindah.",
        "Log adalah catatan resmi SOP: kembalikan log dari salinan yang benar. Kesalahan "
        "dicatat dengan kejadian koreksi, tidak dengan mengubah baris.",
    ),
    FindingType(
        "log-rantai-dihapus",
        G,
        "Rantai log dihapus",
        "Log {file} tidak memuat kolom Rantai (atau disimpan sebagai spreadsheet), padahal alat "
        "ini sudah mencatat keputusan di folder ini: log telah diubah di luar 'catat'.",
        "Kembalikan log dari salinan yang benar; kesalahan dicatat dengan kejadian koreksi.",
    ),
    FindingType(
        "log-keputusan-hilang",
        G,
        "Keputusan hilang dari log",
        "Langkah {step}{unit_text} ({value}) tercatat di tanda terima .persetujuan, tetapi "
        "barisnya tidak ada lagi di log atau SHA-256 dokumennya diganti.",
        "Log adalah catatan resmi SOP: kembalikan log dari salinan yang benar.",
    ),
    FindingType(
        "log-tanpa-rantai",
        P,
        "Log tanpa rantai SHA-256",
        "Log {file} tidak memuat kolom Rantai (atau disimpan sebagai spreadsheet), jadi baris "
        "yang diubah atau dihapus dengan tangan tidak dapat dikenali.",
        "Simpan log sebagai CSV yang ditulis 'python run.py catat'; log baru selalu berantai.",
    ),
    FindingType(
        "log-baris-terlalu-panjang",
        G,
        "Baris log terlalu panjang",
        "Baris {cell} log memuat isian lebih dari 131.072 karakter, jadi tidak dibaca sebagai "
        "kejadian.",
        "Buka log dan ringkas isian baris itu (biasanya catatan), tanpa mengubah baris lain.",
    ),
    FindingType(
        "log-catatan-terlalu-panjang",
        P,
        "Catatan log terlalu panjang",
        "Catatan memuat {value} karakter; yang dibaca hanya 2.000 karakter pertama.",
        "Ringkas catatannya; rincian dapat disimpan sebagai dokumen terpisah.",
    ),
    FindingType(
        "log-langkah-mendahului",
        G,
        "Langkah mendahului langkah sebelumnya",
        "Langkah {step}{unit_text} dicatat pada {value}, sebelum langkah {expected} tercatat.",
        "Catat dulu langkah {expected}; bila urutannya salah ketik, catat koreksinya, jangan "
        "mengubah baris lama.",
    ),
    FindingType(
        "dokumen-berubah",
        G,
        "Dokumen berubah setelah disetujui",
        "{document} berubah setelah {action} pada langkah {step} ({value}): SHA-256 sekarang "
        "berbeda dari yang dicatat.",
        "Yang dipakai harus persis yang disetujui. Kembalikan file yang disetujui, atau ajukan "
        "ulang dan catat persetujuan baru.",
    ),
    FindingType(
        "dokumen-hilang",
        P,
        "Dokumen yang disetujui tidak ditemukan",
        "{document} yang {action} pada langkah {step} tidak ditemukan.",
        "Kembalikan file ke {document} agar keasliannya dapat diperiksa.",
    ),
    FindingType(
        "dokumen-tidak-terbaca",
        P,
        "Dokumen yang disetujui tidak dapat dibaca",
        "{document} yang {action} pada langkah {step} tidak dapat dibaca{detail}, jadi "
        "keasliannya tidak dapat diperiksa.",
        "Periksa izin file itu di folder bersama: alat ini perlu dapat membacanya.",
    ),
    # --- the archive (SOP step 11)
    FindingType(
        "arsip-berubah",
        G,
        "File arsip berubah",
        "File arsip {file} berubah: SHA-256 tidak sama dengan manifest.",
        "Arsip tidak boleh diubah; pulihkan file dari cadangan.",
    ),
    FindingType(
        "arsip-manifest-rusak",
        G,
        "Manifest arsip rusak",
        "Manifest {file} memuat baris yang bukan SHA-256 dan nama file di dalam arsip: '{value}'.",
        "Manifest tidak boleh diubah; pulihkan arsip dari salinan cadangan.",
    ),
    FindingType(
        "arsip-belum-tercatat",
        G,
        "Arsip tidak tercatat di log",
        "Log review tidak memuat langkah 11 dengan SHA-256 manifest {file}, jadi keaslian "
        "manifest tidak dapat dibuktikan.",
        "Arsip dibuat oleh 'python run.py arsip', yang mencatat langkah 11; periksa apakah "
        "baris langkah 11 terhapus dari log.",
    ),
    FindingType(
        "arsip-file-hilang",
        G,
        "File arsip hilang",
        "File arsip {file} tercatat di manifest tetapi tidak ada.",
        "Pulihkan file dari cadangan.",
    ),
    FindingType(
        "arsip-file-tambahan",
        P,
        "File tambahan di arsip",
        "File {file} ada di folder arsip tetapi tidak tercatat di manifest.",
        "Pindahkan file tersebut keluar dari folder arsip.",
    ),
    # --- the Katim Penyusunan Program's own analysis file (SOP step 8); optional, so a
    # file that cannot be used is a warning and the report goes without its paragraphs
    FindingType(
        "analisis-katim-ganda",
        P,
        "Lebih dari satu file analisis Katim",
        "Folder periode {file} memuat lebih dari satu file analisis Katim ({value}); tidak "
        "jelas mana yang berlaku, jadi laporan ditulis tanpa uraian analisis Katim.",
        "Simpan hanya satu file sebagai {expected}; pindahkan yang lain ke folder lain, lalu "
        "jalankan konsolidasi lagi.",
    ),
    FindingType(
        "analisis-katim-rusak",
        P,
        "File analisis Katim tidak dapat dibaca",
        "File analisis Katim {file} tidak dapat dibaca sebagai buku kerja .xlsx atau "
        ".ods{detail}, jadi laporan ditulis tanpa uraian analisis Katim.",
        "Buka file di Excel atau LibreOffice dan simpan ulang sebagai .xlsx (Excel Workbook) "
        "tanpa kata sandi di {expected}; bila tidak terbuka, salin uraian ke templat {template}. "
        "Lalu jalankan konsolidasi lagi.",
    ),
    FindingType(
        "analisis-katim-terlalu-besar",
        P,
        "File analisis Katim terlalu besar",
        "Isi file analisis Katim {file} jika dibuka mencapai {detail}, jauh di atas ukuran "
        "templatnya; file ditolak sebelum dibuka, jadi laporan ditulis tanpa uraian analisis "
        "Katim.",
        "Hapus isi di luar tabel (Ctrl+End menunjukkan sel terakhir yang terpakai), gambar dan "
        "sheet tambahan lalu simpan ulang, atau salin uraian ke templat {template} dan simpan "
        "sebagai {expected}.",
    ),
    FindingType(
        "analisis-katim-bukan-templat",
        P,
        "Bukan templat analisis Katim",
        "File {file} bukan templat analisis Katim Penyusunan Program{detail}, jadi laporan "
        "ditulis tanpa uraian analisis Katim.",
        "Tulis uraian di templat yang dibuat konsolidasi ({template}) dan simpan sebagai "
        "{expected}, lalu jalankan konsolidasi lagi.",
    ),
    FindingType(
        "analisis-katim-periode-lain",
        P,
        "Analisis Katim periode lain",
        "File {file} adalah analisis Katim periode {value}, bukan {periode}, jadi laporan "
        "ditulis tanpa uraian analisis Katim.",
        "Tulis analisis periode {periode} di templatnya ({template}) dan simpan sebagai "
        "{expected}; analisis periode {value} disimpan di folder periode {value}.",
    ),
    FindingType(
        "analisis-katim-versi-lain",
        P,
        "Versi templat analisis Katim lain",
        "File {file} dibuat dari templat analisis Katim versi {value}, sedangkan alat ini "
        "membaca versi {version}, jadi laporan ditulis tanpa uraian analisis Katim.",
        "Salin uraian ke templat baru ({template}) dan simpan sebagai {expected}, lalu jalankan "
        "konsolidasi lagi.",
    ),
    FindingType(
        "analisis-katim-sasaran-tidak-dikenal",
        P,
        "Sasaran analisis Katim tidak dikenal",
        "Sasaran '{value}' tidak ada di master periode {periode}, jadi uraian di baris ini "
        "tidak dimuat di laporan.",
        "Kembalikan teks sasaran seperti di templat (kolom Sasaran Strategis terkunci), atau "
        "pindahkan uraiannya ke baris sasaran yang dimaksud.",
    ),
    FindingType(
        "analisis-katim-teks-terlalu-panjang",
        P,
        "Uraian analisis Katim terlalu panjang",
        "Uraian di sel ini memuat {value} karakter; laporan memuat {limit} karakter pertama, "
        "diakhiri tanda pemotongan.",
        "Ringkas uraiannya menjadi paling banyak {limit} karakter; rincian dapat dilampirkan "
        "sebagai dokumen terpisah.",
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
    FindingType(
        "angka-format-persen",
        P,
        "Angka diketik dengan tanda %",
        "Nilai '{value}' pada kolom '{column}' diketik dengan tanda % sehingga Excel "
        "menyimpannya sebagai {stored}; dibaca sebagai {parsed}.",
        "Pastikan {parsed} memang yang dimaksud; sebaiknya ketik angkanya saja tanpa tanda %, "
        "misalnya {parsed}.",
    ),
    FindingType(
        "angka-di-luar-batas",
        G,
        "Angka di luar batas wajar",
        "Nilai '{value}' pada kolom '{column}' terlalu besar untuk data kinerja (batasnya "
        "kurang dari 1.000.000.000.000).",
        "Periksa angkanya; mungkin ada digit yang terketik berulang atau format ilmiah (1E+308).",
    ),
    FindingType(
        "realisasi-kumulatif-kosong",
        G,
        "Triwulan sebelumnya kosong",
        "Indikator kumulatif ini menjumlahkan semua triwulan, tetapi kolom '{column}' kosong; "
        "jumlahnya akan terlalu kecil.",
        "Isi realisasi triwulan tersebut; ketik 0 bila memang tidak ada kegiatan.",
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


def is_unreadable(finding: Finding) -> bool:
    return CATALOGUE[finding.code].unreadable


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return any(f.severity is Severity.GALAT for f in findings)
