"""Generate the parts of docs/panduan.md that code defines: the findings reference (from
the catalogue) and the columns of the tidy CSV.

`python -m pipeline.docs` rewrites the parts between the markers; a test fails when the
file is out of step with the catalogue, the CSV columns or the commands.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.findings import CATALOGUE
from pipeline.tidy import COLUMNS

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "panduan.md"
BEGIN = "<!-- daftar-temuan:mulai (dibuat oleh python -m pipeline.docs) -->"
END = "<!-- daftar-temuan:selesai -->"


def findings_reference() -> str:
    lines = ["| kode | tingkat | arti | cara memperbaiki |", "| --- | --- | --- | --- |"]
    for kind in sorted(CATALOGUE.values(), key=lambda k: k.code):
        hint = kind.hint.replace("{", "‹").replace("}", "›").replace("|", "/")
        lines.append(f"| `{kind.code}` | {kind.severity.value} | {kind.title} | {hint} |")
    return "\n".join(lines)


CSV_BEGIN = "<!-- kolom-csv:mulai (dibuat oleh python -m pipeline.docs) -->"
CSV_END = "<!-- kolom-csv:selesai -->"


def csv_reference() -> str:
    lines = ["| kolom | isi |", "| --- | --- |"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in COLUMNS]
    return "\n".join(lines)


def render(text: str) -> str:
    for begin, end, part in (
        (BEGIN, END, findings_reference()),
        (CSV_BEGIN, CSV_END, csv_reference()),
    ):
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = f"{head}{begin}\n{part}\n{end}{tail}"
    return text


if __name__ == "__main__":
    GUIDE.write_text(render(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Daftar temuan diperbarui di {GUIDE}")
