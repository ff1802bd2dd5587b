"""Typed failures of the crypto layer: one exception per failure family, raised never returned."""

from __future__ import annotations


class CryptoError(Exception):
    """Base class of every failure raised by the crypto package."""


class FormatError(CryptoError):
    """Not our format, an unsupported version or a malformed header."""


class ParameterError(FormatError):
    """KDF parameters outside the allowed bounds."""


class WrongPassphrase(CryptoError):
    """The passphrase does not unwrap the key."""


class IntegrityError(CryptoError):
    """Authentication failed: tampered, truncated, extended or reordered data."""


class SignatureError(IntegrityError):
    """A signature does not verify."""


class WrongIdentity(CryptoError):
    """age: no identity matches the file's recipients."""


class Cancelled(Exception):
    """A long operation was cancelled by its caller; any partial output must be discarded."""
