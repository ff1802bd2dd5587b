"""Recovery shares: SLIP-39 (Shamir's secret sharing as word lists), through `shamir-mnemonic`.

The sharing itself is the library's (the published standard, with its test vectors);
this module only picks the shape (one group, K of N), cleans what a person typed and
turns the library's errors into messages that say which share is wrong and why.

A recovery secret also gives an X25519 key pair (HKDF of the 128-bit secret): the key
file holds a copy of the vault key wrapped to its public half, so a new passphrase or a
rotated vault key can be wrapped for recovery again without the shares.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import shamir_mnemonic
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from shamir_mnemonic import MnemonicError, Share

from crypto.errors import FormatError

SECRET_BYTES = 16  # 128 bits: 20 words a share
MAX_SHARES = 16  # SLIP-39's limit
MAX_SHARE_CHARS = 1000
MAX_INPUT_SHARES = 32
DEFAULT_THRESHOLD, DEFAULT_SHARES = 2, 3
_RECOVERY_KEY_INFO = b"testimony-intake/v1/recovery-x25519"


class ShareError(FormatError):
    """Shares that cannot give a secret: the message names the share and the reason.

    ``kind`` and ``numbers`` say the same for a translated message: empty, unknown_word,
    invalid (share), duplicate, same_number (share, earlier share), different_set (share),
    too_few (needed, given), none, too_many, no_combine.
    """

    def __init__(self, message: str, kind: str = "no_combine", *numbers: int) -> None:
        super().__init__(message, detail=[str(n) for n in numbers])
        self.kind = kind
        self.numbers = numbers

    @property
    def code(self) -> str:  # type: ignore[override]
        return f"share.{self.kind}"


@dataclass(frozen=True)
class ShareInfo:
    """What a share says about its set (not secret: it is printed in every share)."""

    set_id: int
    number: int  # 1-based member number
    threshold: int
    count: int


def new_secret() -> bytes:
    return os.urandom(SECRET_BYTES)


def split(
    secret: bytes, threshold: int = DEFAULT_THRESHOLD, count: int = DEFAULT_SHARES
) -> list[str]:
    """``count`` shares, any ``threshold`` of which give ``secret`` back (one SLIP-39 group)."""
    if len(secret) != SECRET_BYTES:
        raise ValueError(f"a recovery secret is {SECRET_BYTES} bytes")
    if not 2 <= threshold <= count <= MAX_SHARES:
        raise ValueError(f"shares must be 2..{MAX_SHARES}, threshold 2..the number of shares")
    groups = shamir_mnemonic.generate_mnemonics(1, [(threshold, count)], secret)
    return list(groups[0])


def normalise(untrusted_text: str) -> str:
    """Words as SLIP-39 spells them: lower case, single spaces, no numbering or punctuation."""
    text = unicodedata.normalize("NFKC", untrusted_text[: MAX_SHARE_CHARS * 2]).lower()
    text = re.sub(r"\b\d+[.):]", " ", text)  # "1. word 2) word" as printed on some sheets
    return " ".join(re.findall(r"[a-z]+", text))


def parse(untrusted_text: str, number: int = 1) -> Share:
    """One share; ShareError names it (``number``, 1-based) and says what is wrong."""
    text = normalise(untrusted_text)
    if not text:
        raise ShareError(f"share {number} is empty", "empty", number)
    if len(text) > MAX_SHARE_CHARS:
        raise ShareError(f"share {number} is too long to be a recovery share", "invalid", number)
    unknown = [w for w in text.split() if w not in _wordlist()]
    if unknown:
        raise ShareError(
            f"share {number}: {unknown[0]!r} is not a recovery word (check the spelling)",
            "unknown_word",
            number,
        )
    try:
        return Share.from_mnemonic(text)
    except MnemonicError as e:
        reason = "a word is wrong or missing" if "checksum" in str(e).lower() else _quiet(e)
        raise ShareError(
            f"share {number} is not a valid recovery share: {reason}", "invalid", number
        ) from None


def info(share: Share) -> ShareInfo:
    return ShareInfo(share.identifier, share.index + 1, share.member_threshold, share.group_count)


def combine(untrusted_shares: Sequence[str], passphrase: bytes = b"") -> bytes:
    """The secret of a set of shares. ShareError says which share is wrong, repeated, from
    another set, or how many more are needed. (``passphrase`` is SLIP-39's own; ours is empty.)
    """
    if len(untrusted_shares) > MAX_INPUT_SHARES:
        raise ShareError(f"more than {MAX_INPUT_SHARES} shares given", "too_many")
    shares = [parse(text, i) for i, text in enumerate(untrusted_shares, start=1)]
    if not shares:
        raise ShareError("no shares given", "none")
    first = shares[0]
    for i, s in enumerate(shares, start=1):
        for j, earlier in enumerate(shares[: i - 1], start=1):
            if s == earlier:
                raise ShareError(
                    f"share {i} is the same share as share {j}: give another one",
                    "duplicate",
                    i,
                    j,
                )
            if s.group_parameters() == earlier.group_parameters() and s.index == earlier.index:
                raise ShareError(
                    f"shares {j} and {i} both say they are share {s.index + 1} of the same set:"
                    " one of them is mistyped",
                    "same_number",
                    i,
                    j,
                )
        if s.identifier != first.identifier or s.common_parameters() != first.common_parameters():
            raise ShareError(
                f"share {i} comes from a different set of shares than share 1:"
                " every share must come from the same set",
                "different_set",
                i,
            )
    if first.group_count == 1:  # our shape: one group, K of N
        needed = first.member_threshold
        if len(shares) < needed:
            raise ShareError(
                f"too few shares: {needed} are needed, {len(shares)} given",
                "too_few",
                needed,
                len(shares),
            )
    try:
        return shamir_mnemonic.combine_mnemonics([s.mnemonic() for s in shares], passphrase)
    except (MnemonicError, ValueError) as e:  # ValueError: the library's length checks
        raise ShareError(f"these shares do not combine: {_quiet(e)}") from None


def recovery_key(secret: bytes) -> X25519PrivateKey:
    """The X25519 key of a recovery secret (what the key file's recovery copy is wrapped to)."""
    if len(secret) != SECRET_BYTES:
        raise ShareError("the shares hold a secret of the wrong length for a recovery secret")
    raw = HKDF(hashes.SHA256(), 32, salt=None, info=_RECOVERY_KEY_INFO).derive(secret)
    return X25519PrivateKey.from_private_bytes(raw)


def public_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _quiet(e: Exception) -> str:
    """The library's message without the share words it quotes (errors may be logged)."""
    return re.sub(r'"[^"]*"', "(share)", str(e))


_WORDS: frozenset[str] = frozenset()


def _wordlist() -> frozenset[str]:
    global _WORDS
    if not _WORDS:
        from shamir_mnemonic.wordlist import WORDLIST

        _WORDS = frozenset(WORDLIST)
    return _WORDS
