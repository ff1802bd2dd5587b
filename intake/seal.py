"""Sealing: a record version frozen, hashed and signed.

The document is canonicalised with RFC 8785 and hashed with SHA-256. The
*envelope* names the record, its version, its form, the document hash, the
hash of the previous sealed version and the signer; the signature covers the
envelope's canonical bytes, and the version hash is the envelope's SHA-256, so
each version commits to the whole chain before it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography import x509

from crypto import sign
from crypto.errors import SignatureError
from crypto.sign import SigningIdentity

ENVELOPE_FORMAT = "testimony-intake-seal"
ENVELOPE_VERSION = 1


def canonical(doc: Any) -> bytes:
    return rfc8785.dumps(doc)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SealedVersion:
    record_id: str
    version: int
    form_id: str
    form_version: int
    doc: dict[str, Any]
    envelope: dict[str, Any]
    version_hash: str
    signature: bytes
    signer_cert: str  # PEM

    @property
    def sealed_at(self) -> str:
        return str(self.envelope["sealed_at"])

    @property
    def prev_hash(self) -> str | None:
        prev = self.envelope["prev_version_hash"]
        return str(prev) if prev is not None else None

    @property
    def signer(self) -> str:
        return str(self.envelope["signer"])

    def to_json(self) -> dict[str, Any]:
        """The exported form of a sealed version: enough to verify it anywhere."""
        return {
            "record_id": self.record_id,
            "version": self.version,
            "form": {"id": self.form_id, "version": self.form_version},
            "document": self.doc,
            "envelope": self.envelope,
            "version_hash": self.version_hash,
            "signature": self.signature.hex(),
            "signer_certificate": self.signer_cert,
        }


def seal(
    identity: SigningIdentity,
    *,
    record_id: str,
    version: int,
    form_id: str,
    form_version: int,
    doc: dict[str, Any],
    prev_version_hash: str | None,
    sealed_at: str,
) -> SealedVersion:
    envelope = {
        "format": ENVELOPE_FORMAT,
        "format_version": ENVELOPE_VERSION,
        "record_id": record_id,
        "version": version,
        "form": {"id": form_id, "version": form_version},
        "document_sha256": sha256_hex(canonical(doc)),
        "prev_version_hash": prev_version_hash,
        "sealed_at": sealed_at,
        "signer": identity.fingerprint,
    }
    body = canonical(envelope)
    return SealedVersion(
        record_id, version, form_id, form_version, doc, envelope,
        sha256_hex(body), identity.sign(body), identity.cert_pem().decode("ascii"),
    )


def check(sv: SealedVersion, prev: SealedVersion | None) -> list[str]:
    """Every reason this sealed version does not hold; empty when it does."""
    where = f"record {sv.record_id} version {sv.version}"
    env = sv.envelope
    problems = []
    if env.get("format") != ENVELOPE_FORMAT or env.get("format_version") != ENVELOPE_VERSION:
        problems.append(f"{where}: unknown seal format")
    expected = {
        "record_id": sv.record_id,
        "version": sv.version,
        "form": {"id": sv.form_id, "version": sv.form_version},
        "prev_version_hash": prev.version_hash if prev else None,
    }
    for key, value in expected.items():
        if env.get(key) != value:
            problems.append(f"{where}: seal {key.replace('_', ' ')} does not match")
    if env.get("document_sha256") != sha256_hex(canonical(sv.doc)):
        problems.append(f"{where}: document does not match its sealed hash")
    body = canonical(env)
    if sha256_hex(body) != sv.version_hash:
        problems.append(f"{where}: version hash does not match the seal")
    try:
        cert = x509.load_pem_x509_certificate(sv.signer_cert.encode("ascii"))
        sign.verify(cert, body, sv.signature)
        if sign.fingerprint(cert) != env.get("signer"):
            problems.append(f"{where}: signer certificate is not the one named in the seal")
    except (ValueError, SignatureError):
        problems.append(f"{where}: signature does not verify")
    return problems


def from_row(row: tuple[Any, ...]) -> SealedVersion:
    """Build from a ``sealed_versions`` row (record_id, version, form_id, form_version,
    doc, envelope, version_hash, signature, signer_cert)."""
    return SealedVersion(
        row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]),
        row[6], bytes(row[7]), row[8],
    )


SEALED_COLUMNS = (
    "record_id, version, form_id, form_version, doc, envelope, version_hash, signature, signer_cert"
)
