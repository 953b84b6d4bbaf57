from __future__ import annotations

from pipeline.cli import COMMANDS
from pipeline.docs import GUIDE, render
from pipeline.findings import CATALOGUE


def test_findings_reference_is_generated_from_the_catalogue():
    text = GUIDE.read_text(encoding="utf-8")
    assert text == render(text), "jalankan: python -m pipeline.docs"
    for code in CATALOGUE:
        assert f"`{code}`" in text


def test_every_command_is_documented():
    text = GUIDE.read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"| `{command}" in text, command
