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
    """A problem the user can act on: `message` is a sentence in Bahasa Indonesia that
    every front end shows; `command`, when there is one, says how to do it at the command
    line (an option, a command, a server path), which the command line adds and the web
    page, whose users never open a terminal, leaves out."""

    def __init__(
        self,
        message: str,
        exit_code: int = EXIT_CANNOT_RUN,
        findings: Sequence[Finding] = (),
        command: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.findings = tuple(findings)
        self.command = command

    @property
    def at_command_line(self) -> str:
        """The message as the command line prints it: with its command, when it has one
        (on a line of its own after a message of several lines)."""
        if not self.command:
            return self.message
        between = "\n" if "\n" in self.message else " "
        return f"{self.message}{between}{self.command}"
