"""Generate the findings reference in docs/panduan.md from the catalogue.

`python -m pipeline.docs` rewrites the part between the markers; a test fails when the
file is out of step with the catalogue or the commands.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.findings import CATALOGUE

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "panduan.md"
BEGIN = "<!-- daftar-temuan:mulai (dibuat oleh python -m pipeline.docs) -->"
END = "<!-- daftar-temuan:selesai -->"


def findings_reference() -> str:
    lines = ["| kode | tingkat | arti | cara memperbaiki |", "| --- | --- | --- | --- |"]
    for kind in sorted(CATALOGUE.values(), key=lambda k: k.code):
        hint = kind.hint.replace("{", "‹").replace("}", "›").replace("|", "/")
        lines.append(f"| `{kind.code}` | {kind.severity.value} | {kind.title} | {hint} |")
    return "\n".join(lines)


def render(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{findings_reference()}\n{END}{tail}"


if __name__ == "__main__":
    GUIDE.write_text(render(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Daftar temuan diperbarui di {GUIDE}")
