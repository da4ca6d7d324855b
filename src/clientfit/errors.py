"""The errors clientfit raises. Surfaces turn them into clean messages and exit codes."""

from __future__ import annotations


class ClientfitError(Exception):
    """Base class of every error clientfit reports to a user."""

    exit_code = 1


class InputError(ClientfitError):
    """A bad record in an input file: names the file, line, field and reason."""

    exit_code = 2

    def __init__(self, file: str, line: int | None, field: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        where = file
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {reason}")


class NotFound(ClientfitError):
    """A client, case or other record that does not exist (or is not visible to the caller)."""

    exit_code = 3


class PolicyError(ClientfitError):
    """The policy file is malformed or names an unknown setting."""

    exit_code = 2


class InvalidTransition(ClientfitError):
    """A case state change that the playbook's state machine does not allow."""

    exit_code = 2
