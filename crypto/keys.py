"""The vault key: random, wrapped by a passphrase-derived key, and split into purpose subkeys."""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto import kdf
from crypto.errors import FormatError, IntegrityError, WrongPassphrase
from crypto.kdf import KdfParams

KEYFILE_FORMAT = "testimony-intake-key"
KEYFILE_VERSION = 1
KEYFILE_AEAD = "aes-256-gcm"
KEYFILE_MAX_BYTES = 64 * 1024
KEY_BYTES = 32
NONCE_BYTES = 12
_WRAPPED_BYTES = KEY_BYTES + 16
_FIELDS = {"format", "version", "kdf", "aead", "nonce", "wrapped"}
# Optional: a second copy of the vault key wrapped to the recovery shares' X25519 key.
RECOVERY = "recovery"
RECOVERY_ALG = "x25519-hkdf-sha256-aes-256-gcm"
_RECOVERY_FIELDS = {"alg", "public", "ephemeral", "nonce", "set_id", "threshold", "shares"}
_RECOVERY_INFO = b"testimony-intake/v1/recovery-wrap"
SUBKEY_INFO_PREFIX = b"testimony-intake/v1/"


def new_key() -> bytes:
    """A fresh random 32-byte vault key."""
    return os.urandom(KEY_BYTES)


def _header_aad(header: dict[str, Any]) -> bytes:
    # Canonical JSON (RFC 8785) so the associated data does not depend on the file's layout.
    return rfc8785.dumps(header)


def wrap(
    vault_key: bytes, passphrase: bytes, params: KdfParams, *, nonce: bytes | None = None
) -> bytes:
    """The whole key-file content; every header field is authenticated as associated data.

    `nonce` is injectable for deterministic test vectors only.
    """
    if len(vault_key) != KEY_BYTES:
        raise ValueError("vault key must be 32 bytes")
    nonce = os.urandom(NONCE_BYTES) if nonce is None else nonce
    if len(nonce) != NONCE_BYTES:
        raise ValueError("nonce must be 12 bytes")
    header: dict[str, Any] = {
        "format": KEYFILE_FORMAT,
        "version": KEYFILE_VERSION,
        "kdf": params.to_json(),
        "aead": KEYFILE_AEAD,
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    kek = kdf.derive(passphrase, params)
    wrapped = AESGCM(kek).encrypt(nonce, vault_key, _header_aad(header))
    content = dict(header, wrapped=base64.b64encode(wrapped).decode("ascii"))
    return (json.dumps(content, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise FormatError("duplicate field in key file")
        out[key] = value
    return out


def _b64field(header: dict[str, Any], name: str, length: int) -> bytes:
    value = header[name]
    if not isinstance(value, str):
        raise FormatError(f"{name} must be a base64 string")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FormatError(f"{name} is not valid base64") from exc
    if len(raw) != length or base64.b64encode(raw).decode("ascii") != value:
        raise FormatError(f"{name} has the wrong length or a non-canonical encoding")
    return raw


def _parse(untrusted_keyfile: bytes) -> tuple[dict[str, Any], KdfParams, bytes, bytes]:
    if len(untrusted_keyfile) > KEYFILE_MAX_BYTES:
        raise FormatError("key file is too large")
    try:
        doc = json.loads(untrusted_keyfile.decode("utf-8"), object_pairs_hook=_reject_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FormatError("key file is not UTF-8 JSON") from exc
    if not isinstance(doc, dict) or doc.get("format") != KEYFILE_FORMAT:
        raise FormatError("not a testimony-intake key file")
    if type(doc.get("version")) is not int or doc["version"] != KEYFILE_VERSION:
        raise FormatError("unsupported key file version")
    if set(doc) - {RECOVERY} != _FIELDS:
        raise FormatError("key file has missing or unknown fields")
    if doc["aead"] != KEYFILE_AEAD:
        raise FormatError("unsupported key wrapping algorithm")
    params = KdfParams.from_json(doc["kdf"])  # ParameterError before any derivation
    nonce = _b64field(doc, "nonce", NONCE_BYTES)
    wrapped = _b64field(doc, "wrapped", _WRAPPED_BYTES)
    header = {k: v for k, v in doc.items() if k not in ("wrapped", RECOVERY)}
    return header, params, nonce, wrapped


def read_params(keyfile: bytes) -> KdfParams:
    """The KDF parameters of a key file (validated and capped)."""
    return _parse(keyfile)[1]


def unwrap(keyfile: bytes, passphrase: bytes) -> bytes:
    """The vault key. WrongPassphrase, or FormatError/ParameterError before any derivation."""
    header, params, nonce, wrapped = _parse(keyfile)
    kek = kdf.derive(passphrase, params)
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, _header_aad(header))
    except InvalidTag as exc:
        # A changed header field lands here too: it cannot be told apart from a wrong passphrase.
        raise WrongPassphrase("the passphrase does not open this key file") from exc


def derive_key(vault_key: bytes, purpose: str, length: int = 32) -> bytes:
    """A subkey for one purpose ("database", "attachments", "spool", ...), by HKDF-SHA256."""
    if len(vault_key) != KEY_BYTES:
        raise ValueError("vault key must be 32 bytes")
    if not purpose or not purpose.isascii():
        raise ValueError("purpose must be a non-empty ASCII label")
    return HKDF(
        algorithm=hashes.SHA256(),
        length=length,
        salt=None,
        info=SUBKEY_INFO_PREFIX + purpose.encode("ascii"),
    ).derive(vault_key)


# -- the recovery copy -------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveryInfo:
    """The public side of a set of recovery shares: what the key file's copy is wrapped to."""

    public: bytes  # X25519 public key of the shares' secret
    set_id: int  # the SLIP-39 identifier printed in every share of the set
    threshold: int
    shares: int

    def to_json(self) -> dict[str, Any]:
        return {
            "public": base64.b64encode(self.public).decode("ascii"),
            "set_id": self.set_id,
            "threshold": self.threshold,
            "shares": self.shares,
        }

    @classmethod
    def from_json(cls, d: object) -> RecoveryInfo:
        if not isinstance(d, dict):
            raise FormatError("recovery information is not an object")
        ints = [d.get("set_id"), d.get("threshold"), d.get("shares")]
        if not all(type(v) is int and 0 <= v < 2**16 for v in ints):
            raise FormatError("recovery set id, threshold and share count must be integers")
        return cls(_b64field(d, "public", KEY_BYTES), *ints)  # type: ignore[arg-type]


def _recovery_kek(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=ephemeral + public, info=_RECOVERY_INFO).derive(
        shared
    )


def _recovery_aad(section: dict[str, Any]) -> bytes:
    fields = {k: v for k, v in section.items() if k != "wrapped"}
    return _header_aad({"format": KEYFILE_FORMAT, RECOVERY: fields})


def set_recovery(keyfile: bytes, vault_key: bytes, info: RecoveryInfo | None) -> bytes:
    """``keyfile`` with its recovery copy made anew for ``info`` (or removed for None).

    The passphrase copy is left as it is; the recovery copy is wrapped to the public key
    alone (ephemeral X25519, HKDF, AES-GCM with every field as associated data), so it can
    be made again for a new vault key without the shares.
    """
    _parse(keyfile)
    doc = json.loads(keyfile.decode("utf-8"))
    doc.pop(RECOVERY, None)
    if info is not None:
        if len(vault_key) != KEY_BYTES:
            raise ValueError("vault key must be 32 bytes")
        ephemeral = X25519PrivateKey.generate()
        eph_pub = ephemeral.public_key().public_bytes_raw()
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(info.public))
        nonce = os.urandom(NONCE_BYTES)
        section = dict(
            info.to_json(),
            alg=RECOVERY_ALG,
            ephemeral=base64.b64encode(eph_pub).decode("ascii"),
            nonce=base64.b64encode(nonce).decode("ascii"),
        )
        kek = _recovery_kek(shared, eph_pub, info.public)
        wrapped = AESGCM(kek).encrypt(nonce, vault_key, _recovery_aad(section))
        doc[RECOVERY] = dict(section, wrapped=base64.b64encode(wrapped).decode("ascii"))
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _recovery_section(keyfile: bytes) -> dict[str, Any] | None:
    _parse(keyfile)
    section = json.loads(keyfile.decode("utf-8")).get(RECOVERY)
    if section is None:
        return None
    if not isinstance(section, dict) or set(section) != _RECOVERY_FIELDS | {"wrapped"}:
        raise FormatError("the key file's recovery copy has missing or unknown fields")
    if section["alg"] != RECOVERY_ALG:
        raise FormatError("unsupported recovery wrapping algorithm")
    return section


def recovery_info(keyfile: bytes) -> RecoveryInfo | None:
    """The recovery set a key file's copy is wrapped to, or None (FormatError if malformed)."""
    section = _recovery_section(keyfile)
    return None if section is None else RecoveryInfo.from_json(section)


def unwrap_recovery(keyfile: bytes, key: X25519PrivateKey) -> bytes:
    """The vault key from the recovery copy. WrongPassphrase if ``key`` is not the one it is
    wrapped to; IntegrityError if the copy was altered."""
    section = _recovery_section(keyfile)
    if section is None:
        raise FormatError("this vault has no recovery shares")
    info = RecoveryInfo.from_json(section)
    if key.public_key().public_bytes_raw() != info.public:
        raise WrongPassphrase("these shares are not the vault's current recovery set")
    eph_pub = _b64field(section, "ephemeral", KEY_BYTES)
    nonce = _b64field(section, "nonce", NONCE_BYTES)
    wrapped = _b64field(section, "wrapped", _WRAPPED_BYTES)
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        kek = _recovery_kek(shared, eph_pub, info.public)
        return AESGCM(kek).decrypt(nonce, wrapped, _recovery_aad(section))
    except (InvalidTag, ValueError) as exc:
        raise IntegrityError("the key file's recovery copy was altered") from exc
