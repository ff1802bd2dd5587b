"""The exceptions the core raises, and the stable codes the CLI and the GUI key on.

Every failure has a ``code`` (``code_of``): the CLI maps it to an exit code (intake/cli), the GUI
to a Korean or English message (ui/errors.py). A raise site may give a narrower code than its
class's (``UsageError("…", code="vault.locked")``) and a ``detail``: plain values such as a path
or a record id that a message shows. Messages name ids, files and fields, never testimony text.
"""

from __future__ import annotations

import errno
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crypto import errors as crypto_errors
from forms import errors as forms_errors


class IntakeError(Exception):
    """Base of every expected failure of the core."""

    code = "failed"

    def __init__(
        self, message: str = "", *, code: str | None = None, detail: str | Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.detail: tuple[str, ...] = (detail,) if isinstance(detail, str) else tuple(detail)


class UsageError(IntakeError):
    """Bad input: a malformed file, an unknown id, an action that does not apply."""

    code = "usage"


class VaultNotFound(UsageError):
    code = "vault.not_found"


class VaultExists(UsageError):
    code = "vault.exists"


class NotFound(UsageError):
    code = "not_found"


class NotADraft(UsageError):
    code = "record.not_a_draft"


class ValidationFailed(IntakeError):
    """A document does not satisfy its form; ``problems`` lists every one."""

    code = "record.invalid"

    def __init__(self, message: str, problems: list[Any], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.problems = problems


class CheckFailed(IntakeError):
    """An integrity check found problems; ``problems`` names each."""

    code = "check.failed"

    def __init__(self, message: str, problems: list[str], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.problems = problems


class ConsentRefused(IntakeError):
    code = "export.consent_refused"


class ProtectedTextFound(IntakeError):
    """Free text still holds a protected answer word for word (not marked as withheld)."""

    code = "export.protected_text"


class StatementError(ValueError):
    """The statement model cannot be rendered (bad profile, bad hash...)."""

    code = "statement.invalid"


#: The codes of intake's exceptions: each class's, then the narrower ones raise sites give.
INTAKE_CODES = (
    "failed", "usage", "vault.not_found", "vault.exists", "not_found", "record.not_a_draft",
    "record.invalid", "check.failed", "export.consent_refused", "export.protected_text",
    "countersign.required", "countersign.not_supervisor", "bundle.damaged", "statement.invalid",
    # narrower codes given where raised
    "vault.locked", "passphrase.empty", "recording.in_progress", "rotation.interrupted",
    "record.too_large", "correction.form_version", "attachment.sealed", "attachment.not_a_file",
    "audio.unavailable", "recovery.no_shares", "image.too_large", "image.unreadable",
    "image.no_share", "countersign.no_supervisor", "countersign.same_signer",
    "countersign.supervisor_pinned", "recipient.name", "recipient.key", "recipient.class",
    "recipient.exists", "export.exists", "export.no_folder", "export.nothing_sealed",
    "identity.unusable", "signer.fingerprint", "signer.name", "bundle.unreadable",
    "bundle.not_age", "bundle.not_zip", "bundle.not_a_bundle", "bundle.version",
    "keyfile.too_large", "keyfile.not_text", "keyfile.secret", "keyfile.bad_line",
    "keyfile.too_many", "keyfile.no_key", "entity.gazetteer", "entity.merge_other_way",
    "entity.apart_self", "link.same_testimony", "link.move_testimony", "note.too_long",
    "note.tag", "note.too_many_tags", "note.unsealed", "note.empty",
)  # fmt: skip
#: OSError by errno, and any exception the core did not expect.
OTHER_CODES = ("disk.full", "file.not_found", "file.denied", "file.io", "interrupted", "unexpected")
CODES = INTAKE_CODES + crypto_errors.CODES + forms_errors.CODES + OTHER_CODES

_OS_CODES = {
    errno.ENOSPC: "disk.full", errno.EDQUOT: "disk.full", errno.ENOENT: "file.not_found",
    errno.EACCES: "file.denied", errno.EPERM: "file.denied", errno.EROFS: "file.denied",
}  # fmt: skip


def code_of(exc: BaseException) -> str:
    """The stable code of any exception: its own, an OSError's by errno, else ``unexpected``."""
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code in CODES:
        return code
    if isinstance(exc, OSError):
        return _OS_CODES.get(exc.errno or 0, "file.io")
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    return "unexpected"


def detail_of(exc: BaseException) -> tuple[str, ...]:
    """The values a message may show: never the exception's text (it may be English prose).

    An OSError gives its file's path; an unexpected exception the place it was raised
    (``module.py:LINE``), which says where to look and holds no testimony.
    """
    code = code_of(exc)
    if code == "unexpected":
        frames = traceback.extract_tb(exc.__traceback__)
        return (f"{Path(frames[-1].filename).name}:{frames[-1].lineno}",) if frames else ()
    if isinstance(exc, OSError) and getattr(exc, "detail", None) is None:
        return (str(exc.filename),) if exc.filename is not None else ()
    return tuple(str(d) for d in getattr(exc, "detail", ()))
