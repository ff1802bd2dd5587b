"""Typed errors of the forms package."""

from __future__ import annotations

from pathlib import Path


class FormError(Exception):
    """A form or vocabulary file that cannot be used.

    ``str(error)`` is always one line: ``FILE:LINE: reason``. ``code`` is stable (the CLI's
    exit codes and the GUI's messages are keyed on it); ``detail`` is ``FILE:LINE``.
    """

    code = "form.invalid"

    def __init__(self, file: Path | str, line: int, reason: str) -> None:
        self.file = str(file)
        self.line = max(int(line), 1)
        self.reason = " ".join(str(reason).split())
        self.detail: tuple[str, ...] = (f"{self.file}:{self.line}",)
        super().__init__(f"{self.file}:{self.line}: {self.reason}")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class UnknownFormError(FormError, KeyError):
    """No shipped form has the requested id (or version)."""

    code = "form.unknown"

    def __init__(self, file: Path | str, line: int, reason: str) -> None:
        super().__init__(file, line, reason)
        self.detail = ()  # the forms folder says nothing to the user

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return FormError.__str__(self)


#: Every code above (and forms.edtf.EdtfError's).
CODES = ("form.invalid", "form.unknown", "date.invalid")
