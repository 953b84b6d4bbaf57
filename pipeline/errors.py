"""The one exception a user may see, always as a sentence, never as a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.findings import Finding

EXIT_OK = 0
EXIT_INPUT = 1  # the input has errors the user must fix
EXIT_CANNOT_RUN = 2  # usage, a missing or unreadable file


class DataKinerjaError(Exception):
    """A problem the user can act on: `message` is a sentence in Bahasa Indonesia."""

    def __init__(
        self, message: str, exit_code: int = EXIT_CANNOT_RUN, findings: Sequence[Finding] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.findings = tuple(findings)
