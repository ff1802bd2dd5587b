"""Bundle encryption in the age format (age-encryption.org/v1) to X25519 recipients, via pyrage.

Files we write open with the stock `age` tool and files it writes open here. pyrage's
encrypt_io/decrypt_io stream (memory stays flat for any input size). decrypt() writes plaintext
as it goes: on any error the caller must discard what was written.
"""

from __future__ import annotations

from typing import BinaryIO

import pyrage
from pyrage import x25519

from crypto.errors import CryptoError, FormatError, IntegrityError, WrongIdentity

IDENTITY_FILE_MAX_BYTES = 64 * 1024
RECIPIENT_MAX_CHARS = 256
_IDENTITY_PREFIX = "AGE-SECRET-KEY-1"
_RECIPIENT_PREFIX = "age1"


def generate_identity() -> tuple[str, str]:
    """A new (identity "AGE-SECRET-KEY-1...", recipient "age1...") pair."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def parse_recipient(text: str) -> str:
    """The canonical form of an age1 X25519 recipient; FormatError for anything else."""
    candidate = text.strip()
    if len(candidate) > RECIPIENT_MAX_CHARS or not candidate.lower().startswith(_RECIPIENT_PREFIX):
        raise FormatError("not an age X25519 recipient (age1...)")
    try:
        return str(x25519.Recipient.from_str(candidate))
    except pyrage.RecipientError as exc:
        raise FormatError("not a valid age X25519 recipient") from exc


def load_identity(text: str) -> list[x25519.Identity]:
    """The identities of an age-keygen file (comments and blank lines allowed); FormatError."""
    if len(text) > IDENTITY_FILE_MAX_BYTES:
        raise FormatError("identity file is too large")
    identities = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.upper().startswith(_IDENTITY_PREFIX):
            raise FormatError("identity file holds something other than AGE-SECRET-KEY-1 lines")
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError as exc:
            raise FormatError("not a valid age X25519 identity") from exc
    if not identities:
        raise FormatError("no age identity found")
    return identities


def encrypt(src: BinaryIO, dst: BinaryIO, recipients: list[str]) -> None:
    """Encrypt src to every recipient, streaming into dst."""
    if not recipients:
        raise ValueError("at least one recipient is required")
    parsed = [x25519.Recipient.from_str(parse_recipient(r)) for r in recipients]
    try:
        pyrage.encrypt_io(src, dst, parsed)
    except pyrage.EncryptError as exc:
        raise CryptoError("age encryption failed") from exc


# What pyrage says (as a DecryptError for the header, a bare OSError for the payload),
# and what we tell a person. Checked against the C2SP CCTV age vectors (tests/test_cctv_age.py).
_HEADER_CUT = ("failed to fill whole buffer", "Incomplete header")
_PAYLOAD_MESSAGES = {
    "age file is truncated": "the file ends early (an interrupted copy?)",
    "decryption error": "a part of the encrypted data was altered or cut",
    "last chunk has been processed": "there are extra bytes after the end of the encrypted data",
    "Last STREAM chunk is empty": "the last block of the encrypted data is malformed",
}
DAMAGED = "incomplete or damaged"


def decrypt(src: BinaryIO, dst: BinaryIO, identity_text: str) -> None:
    """Decrypt an age file, streaming into dst.

    WrongIdentity when no identity matches a recipient stanza (a corrupted stanza looks the same
    to age); IntegrityError, its message saying "incomplete or damaged", when the header MAC or
    the payload fails authentication or the file ends early; FormatError for anything that is
    not a well-formed age file. A real I/O error of src or dst (it has an errno) stays OSError.
    """
    identities = load_identity(identity_text)
    try:
        pyrage.decrypt_io(src, dst, identities)
    except pyrage.DecryptError as exc:
        message = str(exc)
        if "No matching keys" in message:
            raise WrongIdentity("no identity matches this file's recipients") from exc
        if "MAC" in message or "ecryption failed" in message:
            raise IntegrityError(f"{DAMAGED}: the age header failed authentication") from exc
        if any(m in message for m in _HEADER_CUT):  # also what a short non-age file gives
            raise FormatError(
                f"not a valid age file, or {DAMAGED}: it ends inside the header"
            ) from exc
        first_line = message.splitlines()[0] if message else type(exc).__name__
        raise FormatError(f"not a valid age file ({first_line})") from exc
    except OSError as exc:
        if exc.errno is not None:
            raise  # the disk, not the file: full, gone, unreadable
        message = str(exc)
        said = next((v for k, v in _PAYLOAD_MESSAGES.items() if k in message), None)
        raise IntegrityError(
            f"{DAMAGED}: {said or 'the encrypted data failed authentication'}"
        ) from exc
