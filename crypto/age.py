"""Bundle encryption in the age format (age-encryption.org/v1) via pyrage, to X25519 recipients
(``age1…``) and to the SSH keys legal teams already have (``ssh-ed25519``, ``ssh-rsa``).

Files we write open with the stock `age` tool and files it writes open here. pyrage's
encrypt_io/decrypt_io stream (memory stays flat for any input size). decrypt() writes plaintext
as it goes: on any error the caller must discard what was written.
"""

from __future__ import annotations

import os
import re
from typing import BinaryIO, TypeAlias

import pyrage
from pyrage import ssh, x25519

from crypto.errors import CryptoError, FormatError, IntegrityError, WrongIdentity

IDENTITY_FILE_MAX_BYTES = 64 * 1024
RECIPIENT_MAX_CHARS = 256
SSH_RECIPIENT_MAX_CHARS = 4096  # an ssh-rsa key of 16384 bits is ~2,800 characters
SSH_KEY_TYPES = ("ssh-ed25519", "ssh-rsa")
_IDENTITY_PREFIX = "AGE-SECRET-KEY-1"
_RECIPIENT_PREFIX = "age1"
Identity: TypeAlias = x25519.Identity | ssh.Identity


def generate_identity() -> tuple[str, str]:
    """A new (identity "AGE-SECRET-KEY-1...", recipient "age1...") pair."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def parse_recipient(text: str) -> str:
    """The canonical form of a recipient: an age1 X25519 key, or ``ssh-ed25519 …`` /
    ``ssh-rsa …`` without its comment; FormatError for anything else."""
    candidate = text.strip()
    if candidate.startswith(SSH_KEY_TYPES):
        parts = candidate.split()
        if len(candidate) > SSH_RECIPIENT_MAX_CHARS or len(parts) < 2:
            raise FormatError("not a valid SSH public key")
        key = f"{parts[0]} {parts[1]}"
        try:
            ssh.Recipient.from_str(key)
        except pyrage.RecipientError as exc:
            raise FormatError("not a valid ssh-ed25519 or ssh-rsa public key") from exc
        return key
    if len(candidate) > RECIPIENT_MAX_CHARS or not candidate.lower().startswith(_RECIPIENT_PREFIX):
        raise FormatError("not an age recipient (age1…) or SSH public key (ssh-ed25519, ssh-rsa)")
    try:
        return str(x25519.Recipient.from_str(candidate))
    except pyrage.RecipientError as exc:
        raise FormatError("not a valid age X25519 recipient") from exc


def _recipient(text: str) -> x25519.Recipient | ssh.Recipient:
    key = parse_recipient(text)
    if key.startswith(SSH_KEY_TYPES):
        return ssh.Recipient.from_str(key)
    return x25519.Recipient.from_str(key)


def load_identity(text: str) -> list[Identity]:
    """The identities of an age-keygen file (comments and blank lines allowed), or an
    unencrypted OpenSSH ed25519 / RSA private key; FormatError saying why it is unusable."""
    if len(text) > IDENTITY_FILE_MAX_BYTES:
        raise FormatError("identity file is too large")
    if "-----BEGIN" in text:
        return [_ssh_identity(text)]
    identities: list[Identity] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(SSH_KEY_TYPES):
            raise FormatError("this is an SSH public key: give the private key (e.g. id_ed25519)")
        if not line.upper().startswith(_IDENTITY_PREFIX):
            raise FormatError("identity file holds something other than AGE-SECRET-KEY-1 lines")
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError as exc:
            raise FormatError("not a valid age X25519 identity") from exc
    if not identities:
        raise FormatError("no age identity found")
    return identities


def _ssh_identity(text: str) -> ssh.Identity:
    try:
        return ssh.Identity.from_buffer(text.encode("utf-8"))
    except pyrage.IdentityError as exc:
        message = str(exc)
        if "decrypted" in message:
            raise FormatError(
                "the SSH key is passphrase-protected, which age cannot use here: use a copy"
                " without a passphrase (ssh-keygen -p) kept as safely, or an age key"
            ) from exc
        if "unsupported" in message.lower():
            raise FormatError("unsupported SSH key type: only ssh-ed25519 and ssh-rsa") from exc
        raise FormatError("not a usable SSH private key") from exc


def encrypt(src: BinaryIO, dst: BinaryIO, recipients: list[str]) -> None:
    """Encrypt src to every recipient, streaming into dst."""
    if not recipients:
        raise ValueError("at least one recipient is required")
    parsed = [_recipient(r) for r in recipients]
    try:
        pyrage.encrypt_io(src, dst, parsed)
    except pyrage.EncryptError as exc:
        raise CryptoError("age encryption failed") from exc


def encrypt_file(src: str, dst: str, recipients: list[str]) -> None:
    """Encrypt the file at ``src`` into the file at ``dst`` (created or emptied) to every
    recipient: pyrage's own reading and writing, with no call back into Python (about a third
    less CPU than :func:`encrypt`). ``src`` may be a pipe's path (``/dev/stdin``). A failed
    read or write is an OSError with its errno (a full disk: ENOSPC), as in Python. pyrage
    drops an error of its last write: the caller checks the length of what it wrote."""
    if not recipients:
        raise ValueError("at least one recipient is required")
    parsed = [_recipient(r) for r in recipients]
    try:
        pyrage.encrypt_file(src, dst, parsed)
    except pyrage.EncryptError as exc:  # Rust's io::Error says "... (os error N)"
        code = re.search(r"\(os error (\d+)\)", str(exc))
        if code is None:
            raise CryptoError(f"age encryption failed ({exc})") from exc
        raise OSError(int(code[1]), os.strerror(int(code[1])), dst) from exc


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
