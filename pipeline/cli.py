"""The command line: parse arguments, call the library, print, return an exit code.

Every expected problem arrives here as a DataKinerjaError and leaves as a sentence.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from pipeline import __version__
from pipeline.archive import archive_dir, archive_period, verify_archive
from pipeline.consolidation import consolidate, read_inputs
from pipeline.errors import EXIT_CANNOT_RUN, EXIT_INPUT, EXIT_OK, DataKinerjaError
from pipeline.feedback import feedback_path, write_feedback
from pipeline.master import Master, read_master
from pipeline.periods import Period
from pipeline.report import (
    counts_line,
    findings_table,
    render_evaluation,
    render_report,
    render_status,
    visible,
)
from pipeline.review_log.events import JAKARTA, log_path
from pipeline.review_log.integrity import approved_and_never_returned
from pipeline.review_log.progress import timeliness
from pipeline.review_log.record import record_event
from pipeline.review_log.status import load_status
from pipeline.sop import calendar_from_office, sop_steps
from pipeline.template import write_templates
from pipeline.tidy import tidy_file_name, write_tidy_csv
from pipeline.validation import accepted_realisations, find_unit_file, validate_file
from pipeline.workbook import ReportContext, report_file_name, write_report
from pipeline.workbooks import inside

SAMPLE_PERIOD = "2026-TW3"
DEFAULT_MASTER = Path("input") / "master.xlsx"
DEFAULT_OUTPUT = Path("output")
DEFAULT_INPUT = Path("input")


# argparse's own words (usage, help, errors), in Bahasa Indonesia like everything else.
ARGPARSE_WORDS = {
    "usage: ": "cara pakai: ",
    "positional arguments": "argumen",
    "options": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan tidak dikenal: %(value)r (pilih salah satu dari %(choices)s)"
    ),
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "expected one argument": "perlu satu nilai",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak valid: %(value)r",
}


def _indonesian(text: str) -> str:
    return ARGPARSE_WORDS.get(text, text)


argparse._ = _indonesian  # argparse looks `_` up at call time


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Bahasa Indonesia with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise DataKinerjaError(
            f"Perintah tidak lengkap atau salah: {message}. "
            "Lihat 'python run.py --help' untuk cara pemakaian."
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python run.py",
        description="Data Kinerja: pengolahan dan penyampaian data kinerja (SOP-20) "
        "Disdukcapil Kota Medan.",
    )
    parser.add_argument("--versi", action="version", version=f"datakinerja {__version__}")
    commands = parser.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=_Parser)

    template = commands.add_parser(
        "template", help="buat templat kosong untuk setiap unit (SOP langkah 2)"
    )
    template.add_argument("--periode", required=True, help="periode, misalnya 2026-TW2")
    template.add_argument(
        "--unit", action="append", help="kode unit (boleh diulang); bawaan: semua unit"
    )
    template.add_argument(
        "--masukan",
        type=Path,
        default=DEFAULT_INPUT,
        help=f"folder file unit yang diterima, untuk triwulan lalu (bawaan: {DEFAULT_INPUT})",
    )
    _common(template)

    check = commands.add_parser(
        "validasi", help="periksa file unit yang sudah diisi dan buat file umpan balik"
    )
    check.add_argument(
        "file",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="file unit (.xlsx/.ods) atau folder periode",
    )
    check.add_argument("--periode", help="periode; bawaan: dari nama folder atau templat")
    check.add_argument("--unit", help="kode unit; bawaan: dari nama file atau templat")
    check.add_argument("--json", action="store_true", help="cetak laporan sebagai JSON")
    _common(check)

    consolidate = commands.add_parser(
        "konsolidasi", help="periksa semua file unit dan tulis laporan kinerja Dinas (langkah 8)"
    )
    consolidate.add_argument("--periode", required=True, help="periode, misalnya 2026-TW3")
    consolidate.add_argument(
        "--tanggal", help="tanggal laporan TTTT-BB-HH (bawaan: hari ini, Asia/Jakarta)"
    )
    consolidate.add_argument(
        "--draf",
        action="store_true",
        help="tetap buat laporan bila ada unit yang belum ada atau bergalat (ditandai DRAF)",
    )
    _inputs(consolidate)
    _common(consolidate)

    record = commands.add_parser("catat", help="catat kejadian langkah SOP di log review")
    record.add_argument("langkah", type=int, help="nomor langkah SOP-20, 1 sampai 11")
    record.add_argument(
        "status", help="mulai, selesai, dikembalikan, disetujui, atau koreksi (dengan --baris)"
    )
    record.add_argument("--periode", required=True, help="periode, misalnya 2026-TW3")
    record.add_argument("--unit", help="kode unit (wajib untuk langkah 2 sampai 7)")
    record.add_argument("--oleh", required=True, help="nama yang mencatat")
    record.add_argument("--peran", help="peran (bawaan: pelaksana langkah menurut SOP)")
    record.add_argument("--catatan", help="catatan; wajib berisi alasan bila dikembalikan")
    record.add_argument(
        "--dokumen",
        type=Path,
        help="dokumen yang diserahkan (bawaan: file unit atau laporan Dinas)",
    )
    record.add_argument("--waktu", help="waktu ISO 8601, misalnya 2026-10-05T09:30 (bawaan: kini)")
    record.add_argument(
        "--baris", type=int, help="untuk koreksi: nomor baris log yang dikoreksi (tidak dihapus)"
    )
    _inputs(record)
    _common(record)

    state = commands.add_parser(
        "status", help="tampilkan posisi SOP periode ini dan yang terlambat"
    )
    state.add_argument("--periode", required=True, help="periode, misalnya 2026-TW3")
    _inputs(state)
    _common(state)

    archive = commands.add_parser(
        "arsip", help="arsipkan periode yang sudah ditandatangani (langkah 11)"
    )
    archive.add_argument("--periode", required=True, help="periode, misalnya 2026-TW3")
    archive.add_argument("--periksa", action="store_true", help="periksa arsip yang sudah ada")
    archive.add_argument(
        "--oleh", help="nama pencatat langkah 11 (bawaan: Katim Penyusunan Program)"
    )
    _inputs(archive)
    _common(archive)
    return parser


def _inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--masukan",
        type=Path,
        default=DEFAULT_INPUT,
        help=f"folder file unit dan log review (bawaan: {DEFAULT_INPUT})",
    )


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--master",
        type=Path,
        default=DEFAULT_MASTER,
        help=f"master indikator (bawaan: {DEFAULT_MASTER})",
    )
    command.add_argument(
        "--keluaran",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"folder keluaran (bawaan: {DEFAULT_OUTPUT})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    _batch_garbage_collection()
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        if args.perintah is None:
            say(
                f"Tanpa perintah: konsolidasi periode contoh {SAMPLE_PERIOD}. "
                "Lihat 'python run.py --help' untuk perintah lain."
            )
            args = build_parser().parse_args(["konsolidasi", "--periode", SAMPLE_PERIOD])
        return COMMANDS[args.perintah](args)
    except DataKinerjaError as error:
        _print_error(error)
        return error.exit_code
    except KeyboardInterrupt:
        say("Dibatalkan.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except BrokenPipeError:
        # the reader of our output (e.g. `| head`) stopped reading: not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except Exception as error:
        # The last line of defence, behind every specific one: a bug of ours is still one
        # sentence and exit 2, never a traceback a user must read (DATAKINERJA_DEBUG=1 shows it).
        if os.environ.get("DATAKINERJA_DEBUG"):
            raise
        say(
            f"GAGAL: Terjadi kesalahan tak terduga di dalam alat ini ({type(error).__name__}: "
            f"{error}). Ini bukan kesalahan isian Anda; laporkan kepada pengembang beserta "
            "perintah yang dijalankan. Tidak ada file yang ditulis setengah jadi.",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN


def _batch_garbage_collection() -> None:
    """Collect reference cycles less often than Python's default (every 700 allocations).

    A run builds millions of long-lived objects (the master's rows, every file's cells,
    the workbook's cells) and almost no cycles; with the default thresholds the collector
    walks that growing heap again and again, which took a quarter to a third of a
    500-unit konsolidasi. Peak memory is unchanged (measured).
    """
    gc.set_threshold(200_000, 100, 100)


def say(*parts: object, file: TextIO | None = None) -> None:
    """Print for a person: text from files has its control and bidi characters made
    visible, so that a cell cannot retitle the terminal or reorder a line."""
    print(*(visible(str(part)) for part in parts), file=file or sys.stdout)


def _print_error(error: DataKinerjaError) -> None:
    say(f"GAGAL: {error.message}", file=sys.stderr)
    if error.findings:
        say(f"Ringkasan: {counts_line(error.findings)}", file=sys.stderr)
        say(findings_table(error.findings), file=sys.stderr)


def _master(args: argparse.Namespace) -> Master:
    """The master named on the command line, read and checked."""
    return read_master(args.master)


def cmd_template(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    master = _master(args)
    units = [u.strip().upper() for u in args.unit] if args.unit else None
    out_dir = args.keluaran / str(period) / "template"
    period_dir = args.masukan / str(period)
    prefills = {
        unit: accepted_realisations(master, period, unit, period_dir / f"{unit}.xlsx")
        for unit in (units or list(master.units.index))
        if unit in master.units.index
    }
    paths = write_templates(master, period, out_dir, units, prefills)
    say(f"Templat {period.label} ({period}) dibuat untuk {len(paths)} unit:")
    for path in paths:
        note = " (realisasi triwulan lalu sudah diisikan)" if prefills.get(path.stem) else ""
        say(f"  {path}{note}")
    say("Bagikan setiap file kepada unitnya (SOP langkah 2).")
    return EXIT_OK


def cmd_validasi(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode) if args.periode else None
    master = _master(args)
    files = unit_files(args.file)
    if args.unit and len(files) > 1:
        raise DataKinerjaError("--unit hanya dapat dipakai untuk satu file.")
    reports = []
    for number, path in enumerate(files, start=1):
        unit = args.unit.strip().upper() if args.unit else None
        report = validate_file(path, master, period, unit)
        feedback = None
        if report.period is not None and report.unit_file is not None:
            feedback = write_feedback(report, feedback_path(args.keluaran, report))
        reports.append(report)
        if not args.json:
            prefix = f"[{number}/{len(files)}] " if len(files) > 1 else ""
            say(render_report(report, master, feedback, prefix))
    if args.json:
        data = [r.to_dict() for r in reports]
        say(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    elif len(reports) > 1:
        valid = sum(r.valid for r in reports)
        say(
            f"Ringkasan: {len(reports)} file diperiksa, {valid} valid, "
            f"{len(reports) - valid} tidak valid."
        )
    if any(r.unreadable for r in reports):
        return EXIT_CANNOT_RUN
    return EXIT_OK if all(r.valid for r in reports) else EXIT_INPUT


def unit_files(paths: list[Path]) -> list[Path]:
    """Files named, and the unit files inside folders named (not logs, not Excel lock files)."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in (".xlsx", ".ods", ".xls", ".xlsm")
                and not p.name.startswith(("~$", "."))
                and not p.stem.startswith("log-review")
            )
        else:
            files.append(path)
    if not files:
        raise DataKinerjaError(f"Tidak ada file unit (.xlsx/.ods) di {', '.join(map(str, paths))}.")
    return files


def cmd_konsolidasi(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    report_date = parse_date(args.tanggal) if args.tanggal else today_in_jakarta()
    master = _master(args)
    target = inside(args.keluaran, str(period), report_file_name(period))
    archive = args.keluaran / "arsip" / str(period)
    if archive.exists():
        raise DataKinerjaError(
            f"Periode {period} sudah diarsipkan di {archive}; laporannya tidak ditulis ulang. "
            "Untuk koreksi, buat laporan dengan --keluaran ke folder lain."
        )

    def progress(number: int, total: int, name: str) -> None:
        say(f"[{number}/{total}] Memeriksa {name}", file=sys.stderr)

    calendar = calendar_from_office(master.office)
    end_of_day = datetime.combine(report_date, calendar.end, JAKARTA)
    review = load_status(args.masukan, period, master, calendar, end_of_day)
    if review is not None and review.report_status != "DRAF":
        raise DataKinerjaError(
            f"Laporan {period} sudah {review.report_status.lower()} (langkah 9/10 di log "
            f"review); laporan yang disetujui tidak ditulis ulang. Bila perlu koreksi, catat "
            'dulu pengembaliannya: python run.py catat 9 dikembalikan --catatan "alasan" ...',
            EXIT_INPUT,
        )
    protected = approved_and_never_returned(review, args.masukan / str(period), target)
    if protected:
        raise DataKinerjaError(f"Laporan {protected}", EXIT_INPUT)
    inputs = read_inputs(master, period, args.masukan, progress)
    alarms = review.integrity if review else []
    evaluation = consolidate(master, period, inputs, args.draf, args.masukan, alarms)
    context = ReportContext(
        report_date=report_date,
        status=review.report_status if review else "DRAF",
        master_sha256=master.sha256,
        input_dir=str(args.masukan),
        review=review,
        submissions=timeliness(review, master.deadlines.get(str(period))) if review else [],
    )
    write_report(evaluation, context, target)
    tidy = write_tidy_csv(evaluation, inside(target.parent, tidy_file_name(period)))
    say(render_evaluation(evaluation, target, tidy))
    if review is not None:
        say(f"Posisi SOP: {review.sentence}")
    return EXIT_OK


def default_document(args: argparse.Namespace, step: int, unit: str | None) -> Path | None:
    """The document a step hands over, when the user did not name one."""
    period = Period.parse(args.periode)
    if not sop_steps()[step].hands_over_document:
        return None
    if unit:
        return find_unit_file(args.masukan / str(period), unit)
    report = args.keluaran / str(period) / report_file_name(period)
    return report if report.is_file() else None


def cmd_catat(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    master = _master(args)
    unit = args.unit.strip().upper() if args.unit else None
    document = args.dokumen
    if document is None and 1 <= args.langkah <= 11 and args.baris is None:
        document = default_document(args, args.langkah, unit)
    event = record_event(
        log_path(args.masukan, period),
        master,
        step=args.langkah,
        status=args.status,
        by=args.oleh,
        unit=unit,
        role=args.peran,
        note=args.catatan,
        document=document,
        when=args.waktu,
        corrects=args.baris,
    )
    step = sop_steps()[event.step]
    who = f" unit {event.unit}" if event.unit else ""
    say(
        f"Tercatat: langkah {event.step}{who} {event.status} oleh {event.by} ({event.role}) "
        f"pada {event.time.strftime('%d-%m-%Y %H:%M')} WIB."
    )
    if event.sha256:
        say(f"Dokumen: {document} (SHA-256 {event.sha256[:16]}…)")
    elif step.hands_over_document and event.status in ("selesai", "disetujui"):
        say(
            "Catatan: langkah ini menyerahkan dokumen; tambahkan --dokumen agar keasliannya "
            "dapat diperiksa."
        )
    review = load_status(args.masukan, period, master, calendar_from_office(master.office))
    if review is not None:
        say(f"Posisi SOP {period}: {review.sentence}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    master = _master(args)
    review = load_status(args.masukan, period, master, calendar_from_office(master.office))
    if review is None:
        raise DataKinerjaError(
            f"Belum ada log review untuk {period} ({log_path(args.masukan, period)}). Mulai "
            f"dengan: python run.py catat 1 selesai --periode {period} --oleh NAMA"
        )
    say(render_status(review, master.deadlines.get(str(period))))
    return EXIT_INPUT if any(f.severity == "GALAT" for f in review.findings) else EXIT_OK


def cmd_arsip(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    master = _master(args)
    review = load_status(args.masukan, period, master, calendar_from_office(master.office))
    if args.periksa:
        findings = verify_archive(period, args.keluaran, review)
        target = archive_dir(args.keluaran, period)
        if findings:
            raise DataKinerjaError(
                f"Arsip {target} tidak utuh: {counts_line(findings)}.", EXIT_INPUT, findings
            )
        say(f"Arsip {target} utuh: setiap file dan manifestnya sama dengan yang tercatat.")
        return EXIT_OK
    by = args.oleh or master.office.get("nama katim penyusunan program", "Katim Penyusunan Program")
    target, entries = archive_period(
        period, review, master, args.master, args.masukan, args.keluaran, by
    )
    say(f"Periode {period} diarsipkan di {target} ({len(entries)} file, hanya-baca).")
    for digest, name in entries:
        say(f"  {digest[:16]}…  {name}")
    say(f"Periksa kapan saja dengan: python run.py arsip --periode {period} --periksa")
    return EXIT_OK


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise DataKinerjaError(
            f"Tanggal '{text}' tidak dikenal. Tulis tanggal sebagai TTTT-BB-HH, misalnya "
            "2026-10-15."
        ) from error


def today_in_jakarta() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


COMMANDS = {
    "template": cmd_template,
    "validasi": cmd_validasi,
    "konsolidasi": cmd_konsolidasi,
    "catat": cmd_catat,
    "status": cmd_status,
    "arsip": cmd_arsip,
}
