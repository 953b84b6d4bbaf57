"""The command line: parse arguments, call the library, print, return an exit code.

Every expected problem arrives here as a DataKinerjaError and leaves as a sentence.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.errors import EXIT_CANNOT_RUN, EXIT_OK, DataKinerjaError
from pipeline.master import read_master
from pipeline.periods import Period
from pipeline.report import counts_line, findings_table
from pipeline.template import write_templates

SAMPLE_PERIOD = "2026-TW3"
DEFAULT_MASTER = Path("input") / "master.xlsx"
DEFAULT_OUTPUT = Path("output")


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
    _common(template)
    return parser


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
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        if args.perintah is None:
            args = build_parser().parse_args(["template", "--periode", SAMPLE_PERIOD])
        return COMMANDS[args.perintah](args)
    except DataKinerjaError as error:
        _print_error(error)
        return error.exit_code
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return EXIT_CANNOT_RUN


def _print_error(error: DataKinerjaError) -> None:
    print(f"GAGAL: {error.message}", file=sys.stderr)
    if error.findings:
        print(f"Ringkasan: {counts_line(error.findings)}", file=sys.stderr)
        print(findings_table(error.findings), file=sys.stderr)


def cmd_template(args: argparse.Namespace) -> int:
    period = Period.parse(args.periode)
    master = read_master(args.master)
    units = [u.strip().upper() for u in args.unit] if args.unit else None
    out_dir = args.keluaran / str(period) / "template"
    paths = write_templates(master, period, out_dir, units)
    print(f"Templat {period.label} ({period}) dibuat untuk {len(paths)} unit:")
    for path in paths:
        print(f"  {path}")
    print("Bagikan setiap file kepada unitnya (SOP langkah 2).")
    return EXIT_OK


COMMANDS = {"template": cmd_template}
