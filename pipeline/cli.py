"""The command line: parse arguments, call the library, print, return an exit code.

Every expected problem arrives here as a DataKinerjaError and leaves as a sentence.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from pipeline import __version__
from pipeline.errors import EXIT_CANNOT_RUN, EXIT_INPUT, EXIT_OK, DataKinerjaError
from pipeline.master import read_master
from pipeline.periods import Period
from pipeline.report import (
    counts_line,
    findings_table,
    render_evaluation,
    render_katim,
    render_report,
    render_status,
    visible,
)
from pipeline.tasks import (
    PROJECT_ENV,
    Checked,
    Folders,
    Position,
    archive,
    check_archive,
    check_files,
    consolidate_period,
    find_project,
    make_templates,
    parse_date,
    period_status,
    record_steps,
)

SAMPLE_PERIOD = "2026-TW3"
DEFAULT_MASTER = Folders.master  # inside the project's folder, like the two below
DEFAULT_OUTPUT = Folders.output
DEFAULT_INPUT = Folders.input
DEFAULT_DATA = Path("instance")  # the web page's accounts and sessions: not a shared folder


# argparse's error messages, in Bahasa Indonesia like everything else: each English
# pattern argparse may report (through `error`, its hook for them) and its translation.
ARGPARSE_ERRORS = (
    (r"the following arguments are required: (.*)", r"argumen berikut wajib diisi: \1"),
    (r"argument (\S+): (.*)", r"argumen \1: \2"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"pilihan tidak dikenal: \1 (pilih: \2)"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"expected one argument", "perlu satu nilai"),
    (r"invalid (\S+) value: (.*)", r"nilai \1 tidak valid: \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"pilihan \1 ambigu, bisa berarti \2"),
)


def _in_indonesian(message: str) -> str:
    for english, indonesian in ARGPARSE_ERRORS:
        message = re.sub(english, indonesian, message)
    return message


class _Formatter(argparse.HelpFormatter):
    """Help text that starts with "cara pakai:" instead of "usage:"."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "cara pakai: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in Bahasa Indonesia: the groups of the help text are
    titled "argumen" and "pilihan", and usage errors are sentences with exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(add_help=False, formatter_class=_Formatter)
        super().__init__(*args, **kwargs)
        self.arguments = self.add_argument_group("argumen")
        self.options = self.add_argument_group("pilihan")
        self.options.add_argument(
            "-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar"
        )

    def add_argument(self, *names: Any, **kwargs: Any) -> argparse.Action:
        optional = bool(names) and str(names[0]).startswith("-")
        return (self.options if optional else self.arguments).add_argument(*names, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise DataKinerjaError(
            f"Perintah tidak lengkap atau salah: {_in_indonesian(message)}. "
            "Lihat 'python run.py --help' untuk cara pemakaian."
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python run.py",
        description="Data Kinerja: pengolahan dan penyampaian data kinerja (SOP-20) "
        "Disdukcapil Kota Medan.",
    )
    parser.add_argument(
        "--versi",
        action="version",
        version=f"datakinerja {__version__}",
        help="tampilkan versi program lalu keluar",
    )
    commands = parser.add_subparsers(
        title="perintah", dest="perintah", metavar="PERINTAH", parser_class=_Parser
    )

    _template_command(commands)
    _validasi_command(commands)
    _konsolidasi_command(commands)
    _catat_command(commands)
    _status_command(commands)
    _arsip_command(commands)
    _pengguna_command(commands)
    _web_command(commands)
    return parser


def _template_command(commands: Any) -> None:
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
        help="folder file unit yang diterima, untuk triwulan lalu "
        f"(bawaan: {DEFAULT_INPUT} di folder proyek)",
    )
    _common(template)


def _validasi_command(commands: Any) -> None:
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


def _konsolidasi_command(commands: Any) -> None:
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


def _catat_command(commands: Any) -> None:
    record = commands.add_parser("catat", help="catat kejadian langkah SOP di log review")
    record.add_argument("langkah", type=int, help="nomor langkah SOP-20, 1 sampai 11")
    record.add_argument(
        "status", help="mulai, selesai, dikembalikan, disetujui, atau koreksi (dengan --baris)"
    )
    record.add_argument("--periode", required=True, help="periode, misalnya 2026-TW3")
    record.add_argument(
        "--unit",
        action="append",
        help="kode unit, wajib untuk langkah 2 sampai 7; boleh diulang, atau 'semua' untuk "
        "setiap unit periode ini",
    )
    record.add_argument(
        "--oleh",
        metavar="NAMA",
        help="nama pelaksana langkah (bawaan: pejabat yang disebut master untuk langkah dan "
        "unit itu)",
    )
    record.add_argument("--peran", help="peran pelaksana (bawaan: pelaksana langkah menurut SOP)")
    record.add_argument(
        "--pencatat",
        metavar="NAMA",
        help="nama yang mencatat, kolom Dicatat Oleh (bawaan: pengguna komputer)",
    )
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


def _status_command(commands: Any) -> None:
    state = commands.add_parser(
        "status", help="tampilkan posisi SOP periode ini dan yang terlambat"
    )
    state.add_argument("--periode", required=True, help="periode, misalnya 2026-TW3")
    _inputs(state)
    _common(state)


def _arsip_command(commands: Any) -> None:
    archive = commands.add_parser(
        "arsip", help="arsipkan periode yang sudah ditandatangani (langkah 11)"
    )
    archive.add_argument("--periode", required=True, help="periode, misalnya 2026-TW3")
    archive.add_argument("--periksa", action="store_true", help="periksa arsip yang sudah ada")
    archive.add_argument(
        "--oleh", help="nama pelaksana langkah 11 (bawaan: Katim Penyusunan Program menurut master)"
    )
    _inputs(archive)
    _common(archive)


def _web_command(commands: Any) -> None:
    web = commands.add_parser(
        "web", help="jalankan halaman web kantor: setiap pejabat masuk dan mencatat langkahnya"
    )
    web.add_argument(
        "--host",
        default="127.0.0.1",
        help="alamat yang didengar (bawaan: 127.0.0.1, hanya komputer ini; 0.0.0.0 membukanya "
        "untuk jaringan kantor)",
    )
    web.add_argument("--port", type=int, default=8000, help="port (bawaan: 8000)")
    _data(web)
    _inputs(web)
    _common(web)


def _pengguna_command(commands: Any) -> None:
    users = commands.add_parser(
        "pengguna", help="kelola akun halaman web: tambah, daftar, ubah-sandi, nonaktif"
    )
    actions = users.add_subparsers(
        title="tindakan", dest="tindakan", metavar="TINDAKAN", parser_class=_Parser, required=True
    )
    add = actions.add_parser(
        "tambah",
        help="buat akun untuk pejabat yang disebut master; kata sandi dibaca dari masukan",
    )
    add.add_argument("nama_pengguna", metavar="NAMA", help="nama untuk masuk, misalnya hendra")
    add.add_argument(
        "--peran",
        required=True,
        help="Kadis, Sekretaris, Katim Penyusunan Program, Kabid, Katim pada Bidang, Staf",
    )
    add.add_argument("--unit", help="kode unit (wajib untuk Kabid, Katim pada Bidang, Staf)")
    add.add_argument("--nama", help="nama lengkap (wajib untuk Staf; pejabat: dari master)")
    listing = actions.add_parser("daftar", help="tampilkan semua akun dan jabatannya di master")
    password = actions.add_parser("ubah-sandi", help="atur kata sandi baru (akun aktif lagi)")
    password.add_argument("nama_pengguna", metavar="NAMA")
    off = actions.add_parser("nonaktif", help="nonaktifkan akun; sesi yang terbuka berakhir")
    off.add_argument("nama_pengguna", metavar="NAMA")
    for action in (add, listing, password, off):
        _data(action)
        action.add_argument(
            "--proyek", type=Path, metavar="FOLDER", help="folder proyek, yang memuat input/"
        )
        action.add_argument(
            "--master", type=Path, help=f"master indikator (bawaan: {DEFAULT_MASTER} di proyek)"
        )


def _data(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--data",
        type=Path,
        help=f"folder basis data akun dan sesi halaman web (bawaan: {DEFAULT_DATA} di folder "
        "proyek; jangan di folder bersama)",
    )


def _data_folder(args: argparse.Namespace) -> Path:
    """The accounts' folder: the one named, else `instance/` of the project."""
    if args.data is not None:
        return Path(args.data)
    named = [getattr(args, key) for key in ("masukan", "master", "keluaran") if hasattr(args, key)]
    if args.proyek is None and named and all(named):
        return DEFAULT_DATA  # every folder named one by one: no project to look for
    return find_project(args.proyek or _named_in_environment()).root / DEFAULT_DATA


def _master_path(args: argparse.Namespace) -> Path:
    if args.master is not None:
        return Path(args.master)
    return Folders.of_project(find_project(args.proyek or _named_in_environment()).root).master


def _inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--masukan",
        type=Path,
        help=f"folder file unit dan log review (bawaan: {DEFAULT_INPUT} di folder proyek)",
    )


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--proyek",
        type=Path,
        metavar="FOLDER",
        help=f"folder proyek, yang memuat {DEFAULT_MASTER} (bawaan: {PROJECT_ENV}, atau "
        "folder kerja atau induknya yang memuatnya, atau folder program ini)",
    )
    command.add_argument(
        "--master",
        type=Path,
        help=f"master indikator (bawaan: {DEFAULT_MASTER} di folder proyek)",
    )
    command.add_argument(
        "--keluaran",
        type=Path,
        help=f"folder keluaran (bawaan: {DEFAULT_OUTPUT} di folder proyek)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        if args.perintah is None:
            say(
                f"Tanpa perintah: konsolidasi periode contoh {SAMPLE_PERIOD}. "
                "Lihat 'python run.py --help' untuk perintah lain."
            )
            args = build_parser().parse_args(["konsolidasi", "--periode", SAMPLE_PERIOD])
        code = COMMANDS[args.perintah](args)
        sys.stdout.flush()  # a reader that stopped reading is met here, not at exit
        return code
    except DataKinerjaError as error:
        _print_error(error)
        return error.exit_code
    except KeyboardInterrupt:
        say("Dibatalkan.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except BrokenPipeError:
        # the reader of our output (e.g. `| head`) stopped reading: not an error of ours;
        # what is left in stdout's buffer goes nowhere instead of failing again at exit
        _silence_stdout()
        return EXIT_OK
    except OSError as error:
        # a file or folder the system refused where no check named it (a folder without
        # read permission on the shared drive): one sentence naming it, exit 2
        where = f" ({error.filename})" if error.filename else ""
        say(
            f"GAGAL: File atau folder{where} tidak dapat dibaca atau ditulis "
            f"({error.strerror or error}). Periksa izinnya di folder bersama, lalu ulangi.",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
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


def _silence_stdout() -> None:
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed to a pipe at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def say(*parts: object, file: TextIO | None = None) -> None:
    """Print for a person: text from files has its control and bidi characters made
    visible, so that a cell cannot retitle the terminal or reorder a line."""
    print(*(visible(str(part)) for part in parts), file=file or sys.stdout)


def _print_error(error: DataKinerjaError) -> None:
    say(f"GAGAL: {error.at_command_line}", file=sys.stderr)
    if error.findings:
        say(f"Ringkasan: {counts_line(error.findings)}", file=sys.stderr)
        say(findings_table(error.findings), file=sys.stderr)


def _folders(args: argparse.Namespace) -> Folders:
    """The folders named on the command line, the others those of the project; the
    project is looked for only when a folder is not named."""
    given = [args.master, args.keluaran]
    if hasattr(args, "masukan"):  # `validasi` reads no input folder
        given.append(args.masukan)
    found = _project_folders(args) if None in given else Folders()
    return Folders(
        input=getattr(args, "masukan", None) or found.input,
        master=args.master or found.master,
        output=args.keluaran or found.output,
    )


def _project_folders(args: argparse.Namespace) -> Folders:
    project = find_project(args.proyek or _named_in_environment())
    if project.how == "code":  # the user did not choose it: say where files will go
        say(
            f"Folder proyek: {project.root} (folder program ini; tidak ada {DEFAULT_MASTER} "
            "di folder kerja maupun induknya). Pilih folder lain dengan --proyek.",
            file=sys.stderr,
        )
    return Folders.of_project(project.root)


def _named_in_environment() -> Path | None:
    value = os.environ.get(PROJECT_ENV, "").strip()
    return Path(value) if value else None


def cmd_template(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    made = make_templates(_folders(args), period, args.unit)
    say(f"Templat {period.label} ({period}) dibuat untuk {len(made)} unit:")
    for template in made:
        note = " (realisasi triwulan lalu sudah diisikan)" if template.prefilled else ""
        say(f"  {template.path}{note}")
    say("Bagikan setiap file kepada unitnya (SOP langkah 2).")
    return EXIT_OK


def cmd_validasi(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode) if args.periode else None

    def done(number: int, total: int, checked: Checked) -> None:
        if not args.json:
            prefix = f"[{number}/{total}] " if total > 1 else ""
            say(render_report(checked.report, checked.unit_name, checked.feedback, prefix))

    reports = [c.report for c in check_files(_folders(args), args.file, period, args.unit, done)]
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


def cmd_konsolidasi(args: argparse.Namespace) -> int:
    def progress(number: int, total: int, name: str) -> None:
        say(f"[{number}/{total}] Memeriksa {name}", file=sys.stderr)

    report_date = parse_date(args.tanggal) if args.tanggal else None
    period = Period.parse(args.periode)
    done = consolidate_period(_folders(args), period, report_date, args.draf, progress)
    say(render_evaluation(done.evaluation, done.report, done.tidy))
    if done.evaluation.katim is not None:
        sasaran = len(done.evaluation.per_sasaran)
        say(render_katim(done.evaluation.katim, sasaran, done.katim_template))
    if done.review is not None:
        say(f"Posisi SOP: {done.review.sentence}")
    return EXIT_OK


def cmd_catat(args: argparse.Namespace) -> int:
    recorded = record_steps(
        _folders(args),
        Period.parse(args.periode),
        step=args.langkah,
        status=args.status,
        units=args.unit or [],
        by=args.oleh,
        role=args.peran,
        note=args.catatan,
        document=args.dokumen,
        when=args.waktu,
        corrects=args.baris,
        recorder=args.pencatat,
    )
    for done in recorded:
        event = done.event
        say(done.sentence)
        if event.sha256:
            say(f"Dokumen: {done.document} (SHA-256 {event.sha256[:16]}…)")
        elif done.document_missing:
            say(
                "Catatan: langkah ini menyerahkan dokumen; tambahkan --dokumen agar "
                "keasliannya dapat diperiksa."
            )
    if recorded[-1].review is not None:
        say(f"Posisi SOP {args.periode}: {recorded[-1].review.sentence}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    position = period_status(_folders(args), period)
    if position.review is None:
        say(_not_started(period, position))
        return EXIT_OK
    say(render_status(position.review, position.deadline))
    return EXIT_INPUT if any(f.severity == "GALAT" for f in position.review.findings) else EXIT_OK


def _not_started(period: Period, position: Position) -> str:
    """`status` of a period nothing has been recorded for: where it starts, and how."""
    first, starter = position.first, position.starter
    who = starter.name if starter else "master belum menyebut namanya"
    activity = first.activity[:1].lower() + first.activity[1:]
    command = f"python run.py catat {first.number} selesai --periode {period}"
    lines = [
        f"Periode {period} ({period.label}) belum dimulai: belum ada kejadian yang dicatat "
        f"(log review {position.log} belum ada).",
        f"Langkah pertama: {activity} (langkah {first.number}, oleh {first.role}: {who}).",
        f"Catat dengan: {command}{'' if starter else ' --oleh NAMA'}",
    ]
    if position.deadline is not None:
        lines.append(f"Batas penyerahan file unit: {position.deadline:%d-%m-%Y}.")
    return "\n".join(lines)


def cmd_arsip(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    if args.periksa:
        target = check_archive(_folders(args), period)
        say(f"Arsip {target} utuh: setiap file dan manifestnya sama dengan yang tercatat.")
        return EXIT_OK
    target, entries = archive(_folders(args), period, args.oleh)
    say(f"Periode {period} diarsipkan di {target} ({len(entries)} file, hanya-baca).")
    for digest, name in entries:
        say(f"  {digest[:16]}…  {name}")
    say(f"Periksa kapan saja dengan: python run.py arsip --periode {period} --periksa")
    return EXIT_OK


def cmd_web(args: argparse.Namespace) -> int:
    from pipeline import accounts  # Werkzeug, Flask and waitress load only for the web
    from pipeline.web.serve import serve

    folders = _folders(args)
    folders.read_master()  # a master that cannot be read stops here, with its sentence
    data = _data_folder(args)
    if not accounts.accounts(data):
        say(
            "Belum ada akun. Buat akun pertama (Katim Penyusunan Program) di terminal lain: "
            "python run.py pengguna tambah NAMA --peran 'Katim Penyusunan Program'"
        )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        say(
            f"Halaman dibuka untuk jaringan di {args.host}: siapa pun di jaringan itu dapat "
            "membukanya (masuk tetap perlu akun). Lalu lintasnya tidak dienkripsi; pakai hanya "
            "di jaringan kantor."
        )

    def ready() -> None:
        say(f"Halaman web Data Kinerja: http://{args.host}:{args.port}/ (Ctrl+C untuk berhenti)")
        sys.stdout.flush()

    serve(folders, data, args.host, args.port, ready)
    return EXIT_OK


def cmd_pengguna(args: argparse.Namespace) -> int:
    from pipeline import accounts

    folder = _data_folder(args)
    if args.tindakan == "daftar":
        master = read_master(_master_path(args))
        found = accounts.accounts(folder)
        if not found:
            say(
                f"Belum ada akun di {accounts.database_path(folder)}. Buat yang pertama: "
                "python run.py pengguna tambah NAMA --peran 'Katim Penyusunan Program'"
            )
        for account in found:
            held = accounts.holder_posts(master, account)
            labels = ", ".join(p.label for p in held) if held else "TIDAK SESUAI MASTER"
            state = "aktif" if account.active else "nonaktif"
            say(f"{account.username:<20} {state:<9} {account.name} ({labels})")
        return EXIT_OK
    if args.tindakan == "nonaktif":
        account = accounts.deactivate(folder, args.nama_pengguna)
        say(f"Akun {account.username} ({account.name}) dinonaktifkan; sesinya berakhir.")
        return EXIT_OK
    password = _read_password()
    if args.tindakan == "ubah-sandi":
        account = accounts.set_password(folder, args.nama_pengguna, password)
        say(f"Kata sandi {account.username} ({account.name}) diganti; sesi lamanya berakhir.")
        return EXIT_OK
    master = read_master(_master_path(args))
    account = accounts.add_account(
        folder, master, args.nama_pengguna, args.peran, password, args.unit, args.nama
    )
    labels = ", ".join(p.label for p in accounts.holder_posts(master, account))
    say(f"Akun {account.username} dibuat untuk {account.name} ({labels}).")
    return EXIT_OK


def _read_password() -> str:
    """One line of standard input when it is not a terminal; otherwise asked twice,
    unseen."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    try:
        first = getpass.getpass("Kata sandi: ")
        again = getpass.getpass("Ulangi kata sandi: ")
    except EOFError:  # Ctrl+D at the prompt
        raise DataKinerjaError("Kata sandi tidak diisi; akun tidak diubah.") from None
    if again != first:
        raise DataKinerjaError("Kedua kata sandi tidak sama; ulangi perintahnya.")
    return first


COMMANDS = {
    "template": cmd_template,
    "validasi": cmd_validasi,
    "konsolidasi": cmd_konsolidasi,
    "catat": cmd_catat,
    "status": cmd_status,
    "arsip": cmd_arsip,
    "pengguna": cmd_pengguna,
    "web": cmd_web,
}
