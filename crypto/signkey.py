"""A signing identity a person carries (a supervisor's, on a USB stick): one file holding
the P-256 private key wrapped with their passphrase (Argon2id + AES-GCM, exactly as a
vault key is wrapped, ``crypto/keys.py``) and the certificate, in the clear.

The file is untrusted input: sizes, types and the certificate's match with the key are
checked; a wrong passphrase is WrongPassphrase after one full key derivation.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from crypto import keys
from crypto.errors import FormatError
from crypto.kdf import KdfParams
from crypto.sign import SigningIdentity, load_certificate

FORMAT = "testimony-intake-signing-key"
VERSION = 1
MAX_BYTES = 128 * 1024


def wrap(identity: SigningIdentity, passphrase: bytes, params: KdfParams) -> bytes:
    """The file's content for ``identity`` protected by ``passphrase``."""
    scalar = identity.key.private_numbers().private_value.to_bytes(32, "big")
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "key": json.loads(keys.wrap(scalar, passphrase, params)),
        "certificate": identity.cert_pem().decode("ascii"),
    }
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _parse(untrusted: bytes) -> dict[str, Any]:
    if len(untrusted) > MAX_BYTES:
        raise FormatError("signing key file is too large")
    try:
        doc = json.loads(untrusted.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FormatError("not a signing key file (not UTF-8 JSON)") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise FormatError("not a testimony-intake signing key file")
    if doc.get("version") != VERSION or set(doc) != {"format", "version", "key", "certificate"}:
        raise FormatError("unsupported signing key file version or fields")
    if not isinstance(doc["key"], dict) or not isinstance(doc["certificate"], str):
        raise FormatError("signing key file: key or certificate has the wrong type")
    return doc


def certificate(untrusted: bytes) -> bytes:
    """The PEM certificate of a signing key file, or of a PEM certificate file itself."""
    if untrusted.lstrip().startswith(b"-----BEGIN CERTIFICATE-----"):
        load_certificate(untrusted)
        return untrusted
    pem = _parse(untrusted)["certificate"].encode("ascii", "replace")
    load_certificate(pem)
    return pem


def unwrap(untrusted: bytes, passphrase: bytes) -> SigningIdentity:
    """The identity in the file. WrongPassphrase, or FormatError for anything malformed."""
    doc = _parse(untrusted)
    inner = json.dumps(doc["key"]).encode("utf-8")
    scalar = int.from_bytes(keys.unwrap(inner, passphrase), "big")
    try:
        key = ec.derive_private_key(scalar, ec.SECP256R1())
    except ValueError as exc:
        raise FormatError("signing key file holds no valid P-256 key") from exc
    cert = load_certificate(doc["certificate"].encode("ascii", "replace"))
    if cert.public_key() != key.public_key():
        raise FormatError("the certificate in the signing key file is not its key's")
    return SigningIdentity(key=key, certificate=cert)
