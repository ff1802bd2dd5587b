"""Sealing: a record version frozen, hashed and signed, with redactable identity.

The signed hash covers a *committed view* of the document: every protected
identity answer (real names, contacts, relatives inside the country) is cut
out and replaced by a salted SHA-256 commitment. So a redacted copy, which
carries only the commitments, verifies against the interviewer's seal exactly
as the full copy does, which carries the values and their salts.

The *envelope* names the record, its version, its form, the view's hash, the
hash of the previous sealed version and the signer; the signature covers the
envelope's canonical (RFC 8785) bytes, and the version hash is their SHA-256,
so each version commits to the whole chain before it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

import rfc8785
from cryptography import x509

from crypto import sign
from crypto.errors import SignatureError
from crypto.sign import SigningIdentity

# An imported history that forks from the one held is stored apart as <id>~fork~<hash>,
# still sealed under <id>.
FORK_MARK = "~fork~"
ENVELOPE_FORMAT = "testimony-intake-seal"
ENVELOPE_VERSION = 1
#: A seal whose view withholds marked passages of a text (``path#start-end``).
ENVELOPE_VERSION_SPANS = 2
#: What stands in for each character of a withheld passage in the sealed view and in a
#: redacted copy (length-preserving, so the offsets of other passages stay valid).
SPAN_MASK = "\u25a0"  # ■: the PDF statement's embedded font has it (withhold.MARK)
PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def canonical(doc: Any) -> bytes:
    return rfc8785.dumps(doc)


def original_record_id(stored_id: str) -> str:
    """The record id a stored (possibly forked) record id was sealed under."""
    return stored_id.split(FORK_MARK, 1)[0]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def commitment(salt_hex: str, value: Any) -> str:
    return sha256_hex(bytes.fromhex(salt_hex) + canonical(value))


def cut(doc: dict[str, Any], path: str) -> tuple[dict[str, Any], Any]:
    """A copy of ``doc`` without the dict key at ``path``, and the value removed."""
    out = copy.deepcopy(doc)
    return out, _pop(out, path)


def _parent(doc: dict[str, Any], path: str) -> tuple[Any, str | int]:
    """The container holding the key at ``path``, and that key."""
    tokens = [
        m.group(1) if m.group(1) is not None else int(m.group(2)) for m in PATH_TOKEN.finditer(path)
    ]
    node: Any = doc
    for tok in tokens[:-1]:
        node = node[tok]
    return node, tokens[-1]


def _pop(doc: dict[str, Any], path: str) -> Any:
    """Remove the dict key at ``path`` from ``doc`` itself and return its value."""
    node, last = _parent(doc, path)
    if not isinstance(node, dict) or not isinstance(last, str) or last not in node:
        raise KeyError(path)
    return node.pop(last)


def _value_at(doc: dict[str, Any], path: str) -> Any:
    node, last = _parent(doc, path)
    if not isinstance(node, dict) or not isinstance(last, str) or last not in node:
        raise KeyError(path)
    return node[last]


def _span(doc: dict[str, Any], path: str) -> tuple[Any, str | int, str, int, int]:
    """(parent, key, text, start, end) of a marked passage ``TEXT_PATH#START-END``."""
    text_path, _, span = path.partition("#")
    start_text, _, end_text = span.partition("-")
    start, end = int(start_text), int(end_text)
    text = _value_at(doc, text_path)
    if not isinstance(text, str) or not 0 <= start < end <= len(text):
        raise ValueError(path)
    node, last = _parent(doc, text_path)
    return node, last, text, start, end


def _mask(doc: dict[str, Any], path: str) -> str:
    """Replace the passage ``TEXT_PATH#START-END`` of a text in ``doc`` by SPAN_MASK
    characters (the same length, so other passages keep their offsets); return it."""
    node, last, text, start, end = _span(doc, path)
    node[last] = text[:start] + SPAN_MASK * (end - start) + text[end:]
    return text[start:end]


def _unmask(doc: dict[str, Any], path: str, passage: str) -> None:
    node, last, text, start, end = _span(doc, path)
    if text[start:end] != SPAN_MASK * (end - start) or len(passage) != end - start:
        raise ValueError(path)
    node[last] = text[:start] + passage + text[end:]


def committed_view(
    doc: dict[str, Any], disclosures: dict[str, str], redactions: dict[str, str]
) -> dict[str, Any]:
    """The structure whose hash is sealed: the document with disclosed protected values cut
    out (a marked passage ``path#start-end`` masked in place), and the commitments of every
    protected value (disclosed or already redacted)."""
    commitments = dict(redactions)
    rest = copy.deepcopy(doc)  # once: every protected path is cut from this copy
    for path, salt in sorted(disclosures.items()):
        if path in commitments:
            raise KeyError(path)
        value = _mask(rest, path) if "#" in path else _pop(rest, path)
        commitments[path] = commitment(salt, value)
    return {"document": rest, "redactions": commitments}


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
    disclosures: dict[str, str] = field(default_factory=dict)  # protected path -> salt (hex)
    redactions: dict[str, str] = field(default_factory=dict)  # protected path -> commitment
    # A second person's signature over the same envelope bytes (intake/capture/countersign.py).
    countersignature: bytes = b""
    countersigner_cert: str = ""  # PEM

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

    @property
    def is_redacted(self) -> bool:
        return bool(self.redactions)

    def redacted(self, paths: Collection[str] | None = None) -> SealedVersion:
        """The same sealed version with the protected values at ``paths`` (every one when
        None) replaced by their commitments; it verifies against the same seal."""
        cut_now = {
            p: salt for p, salt in self.disclosures.items() if paths is None or p in paths
        }
        view = committed_view(self.doc, cut_now, self.redactions)
        kept = {p: salt for p, salt in self.disclosures.items() if p not in cut_now}
        return replace(self, doc=view["document"], disclosures=kept, redactions=view["redactions"])

    def with_disclosures_of(self, fuller: SealedVersion) -> SealedVersion | None:
        """This (redacted) copy with the values ``fuller`` discloses and this one only commits
        to, each checked against its commitment; None when ``fuller`` adds nothing.
        KeyError/TypeError/ValueError when ``fuller`` does not match (never for a copy that
        verifies against the same seal)."""
        if fuller.version_hash != self.version_hash:
            raise ValueError("not the same sealed version")
        added = {p: salt for p, salt in fuller.disclosures.items() if p in self.redactions}
        if not added:
            return None
        doc = copy.deepcopy(self.doc)
        for path, salt in sorted(added.items()):
            if "#" in path:  # a marked passage: put the text back where the mask stands
                _, _, text, start, end = _span(fuller.doc, path)
                if commitment(salt, text[start:end]) != self.redactions[path]:
                    raise ValueError(f"{path}: the disclosed passage does not match")
                _unmask(doc, path, text[start:end])
                continue
            value = _value_at(fuller.doc, path)
            if commitment(salt, value) != self.redactions[path]:
                raise ValueError(f"{path}: the disclosed value does not match its commitment")
            node, last = _parent(doc, path)
            if not isinstance(node, dict) or not isinstance(last, str) or last in node:
                raise KeyError(path)
            node[last] = copy.deepcopy(value)
        return replace(
            self,
            doc=doc,
            disclosures={**self.disclosures, **added},
            redactions={p: c for p, c in self.redactions.items() if p not in added},
        )

    def to_json(self) -> dict[str, Any]:
        """The exported form of a sealed version: enough to verify it anywhere."""
        out = {
            "record_id": self.record_id,
            "version": self.version,
            "form": {"id": self.form_id, "version": self.form_version},
            "document": self.doc,
            "disclosures": self.disclosures,
            "redactions": self.redactions,
            "envelope": self.envelope,
            "version_hash": self.version_hash,
            "signature": self.signature.hex(),
            "signer_certificate": self.signer_cert,
        }
        if self.countersignature:
            out["countersignature"] = self.countersignature.hex()
            out["countersigner_certificate"] = self.countersigner_cert
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SealedVersion:
        """From ``to_json`` output (untrusted: KeyError/TypeError/ValueError on bad shapes)."""
        if not isinstance(d, dict) or not isinstance(d["form"], dict):
            raise TypeError("a sealed version must be an object")
        sv = cls(
            str(d["record_id"]),
            _int(d["version"]),
            str(d["form"]["id"]),
            _int(d["form"]["version"]),
            _dict(d["document"]),
            _dict(d["envelope"]),
            str(d["version_hash"]),
            bytes.fromhex(str(d["signature"])),
            str(d["signer_certificate"]),
            _strmap(d["disclosures"]),
            _strmap(d["redactions"]),
        )
        if "countersignature" in d:
            sv = replace(
                sv,
                countersignature=bytes.fromhex(str(d["countersignature"])),
                countersigner_cert=str(d["countersigner_certificate"]),
            )
        return sv


def seal(
    identity: SigningIdentity,
    *,
    record_id: str,
    version: int,
    form_id: str,
    form_version: int,
    doc: dict[str, Any],
    protected_paths: list[str],
    prev_version_hash: str | None,
    sealed_at: str,
) -> SealedVersion:
    disclosures = {p: secrets.token_hex(16) for p in protected_paths}
    spans = any("#" in p for p in protected_paths)
    envelope = {
        "format": ENVELOPE_FORMAT,
        "format_version": ENVELOPE_VERSION_SPANS if spans else ENVELOPE_VERSION,
        "record_id": record_id,
        "version": version,
        "form": {"id": form_id, "version": form_version},
        "view_sha256": sha256_hex(canonical(committed_view(doc, disclosures, {}))),
        "prev_version_hash": prev_version_hash,
        "sealed_at": sealed_at,
        "signer": identity.fingerprint,
    }
    body = canonical(envelope)
    return SealedVersion(
        record_id,
        version,
        form_id,
        form_version,
        doc,
        envelope,
        sha256_hex(body),
        identity.sign(body),
        identity.cert_pem().decode("ascii"),
        disclosures,
        {},
    )


def check(sv: SealedVersion, prev: SealedVersion | None) -> list[str]:
    """Every reason this sealed version does not hold; empty when it does."""
    where = f"record {sv.record_id} version {sv.version}"
    env = sv.envelope
    problems = []
    if env.get("format") != ENVELOPE_FORMAT or env.get("format_version") not in (
        ENVELOPE_VERSION, ENVELOPE_VERSION_SPANS
    ):
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
    try:
        view = committed_view(sv.doc, sv.disclosures, sv.redactions)
        if env.get("view_sha256") != sha256_hex(canonical(view)):
            problems.append(f"{where}: document does not match its sealed hash")
    except (KeyError, IndexError, TypeError, ValueError):
        problems.append(f"{where}: disclosed identity fields do not match the document")
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
    if sv.countersignature or sv.countersigner_cert:
        try:
            counter = x509.load_pem_x509_certificate(sv.countersigner_cert.encode("ascii"))
            sign.verify(counter, body, sv.countersignature)
        except (ValueError, SignatureError):
            problems.append(f"{where}: countersignature does not verify")
    return problems


SEALED_COLUMNS = (
    "record_id, version, form_id, form_version, doc, envelope, version_hash, signature,"
    " signer_cert, disclosures, redactions"
)
# What to select from sealed_versions: its columns and the version's countersignature, if any.
SEALED_SELECT = SEALED_COLUMNS + "".join(
    f", (SELECT {col} FROM countersignatures k WHERE k.version_hash = sealed_versions.version_hash)"
    for col in ("signature", "signer_cert")
)


def from_row(row: tuple[Any, ...]) -> SealedVersion:
    """Build from a ``sealed_versions`` row selected with SEALED_COLUMNS or SEALED_SELECT."""
    return SealedVersion(
        row[0],
        row[1],
        row[2],
        row[3],
        json.loads(row[4]),
        json.loads(row[5]),
        row[6],
        bytes(row[7]),
        row[8],
        json.loads(row[9]),
        json.loads(row[10]),
        bytes(row[11]) if len(row) > 11 and row[11] is not None else b"",
        str(row[12]) if len(row) > 12 and row[12] is not None else "",
    )


def to_row(sv: SealedVersion) -> tuple[Any, ...]:
    def dumps(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))

    return (
        sv.record_id,
        sv.version,
        sv.form_id,
        sv.form_version,
        dumps(sv.doc),
        dumps(sv.envelope),
        sv.version_hash,
        sv.signature,
        sv.signer_cert,
        dumps(sv.disclosures),
        dumps(sv.redactions),
    )


def _int(v: object) -> int:
    if type(v) is not int:
        raise TypeError("expected an integer")
    return v


def _dict(v: object) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise TypeError("expected an object")
    return v


def _strmap(v: object) -> dict[str, str]:
    d = _dict(v)
    if not all(isinstance(k, str) and isinstance(x, str) for k, x in d.items()):
        raise TypeError("expected an object of strings")
    return d
