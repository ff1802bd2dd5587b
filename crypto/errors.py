"""Typed failures of the crypto layer: one exception per failure family, raised never returned.

Each class carries a stable ``code`` (the CLI's exit-code table and the GUI's messages are keyed
on it) and an optional ``detail``: plain values, such as a file name, that a message may show.
"""

from __future__ import annotations

from collections.abc import Sequence


class CryptoError(Exception):
    """Base class of every failure raised by the crypto package."""

    code = "crypto.failed"

    def __init__(self, *args: object, detail: str | Sequence[str] = ()) -> None:
        super().__init__(*args)
        self.detail: tuple[str, ...] = (detail,) if isinstance(detail, str) else tuple(detail)


class FormatError(CryptoError):
    """Not our format, an unsupported version or a malformed header."""

    code = "crypto.format"


class ParameterError(FormatError):
    """KDF parameters outside the allowed bounds."""

    code = "crypto.parameters"


class WrongPassphrase(CryptoError):
    """The passphrase does not unwrap the key."""

    code = "wrong_passphrase"


class IntegrityError(CryptoError):
    """Authentication failed: tampered, truncated, extended or reordered data."""

    code = "integrity"


class SignatureError(IntegrityError):
    """A signature does not verify."""

    code = "signature"


class WrongIdentity(CryptoError):
    """age: no identity matches the file's recipients."""

    code = "wrong_identity"


class Cancelled(Exception):
    """A long operation was cancelled by its caller; any partial output must be discarded."""

    code = "cancelled"


#: Every code above and the recovery shares' (``share.KIND``, crypto.shares.ShareError).
CODES = (
    "crypto.failed", "crypto.format", "crypto.parameters", "wrong_passphrase", "integrity",
    "signature", "wrong_identity", "cancelled",
    "share.empty", "share.unknown_word", "share.invalid", "share.duplicate", "share.same_number",
    "share.different_set", "share.too_few", "share.none", "share.too_many", "share.no_combine",
)  # fmt: skip
