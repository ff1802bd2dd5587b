"""The exceptions the core raises; the CLI and the GUI map each to a message and an exit code.

Messages name ids, files and fields, never testimony text.
"""

from __future__ import annotations

from typing import Any


class IntakeError(Exception):
    """Base of every expected failure of the core."""

    exit_code = 2


class UsageError(IntakeError):
    """Bad input: a malformed file, an unknown id, an action that does not apply."""


class VaultNotFound(UsageError):
    pass


class VaultExists(UsageError):
    pass


class NotFound(UsageError):
    pass


class NotADraft(UsageError):
    pass


class ValidationFailed(IntakeError):
    """A document does not satisfy its form; ``problems`` lists every one."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Any]) -> None:
        super().__init__(message)
        self.problems = problems


class CheckFailed(IntakeError):
    """An integrity check found problems; ``problems`` names each."""

    exit_code = 1

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class ConsentRefused(IntakeError):
    exit_code = 1


class ProtectedTextFound(IntakeError):
    """Free text still holds a protected answer word for word (not marked as withheld)."""

    exit_code = 1
