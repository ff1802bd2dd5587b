"""Pinned interviewer keys: the archive trusts a sealed version only when its signer is pinned
here (or is this vault's own key); a pinned name used with another key is flagged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.x509.oid import NameOID

from crypto import sign
from crypto.errors import (
    FormatError,
)
from intake.capture.seal import SEALED_SELECT, SealedVersion, from_row
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault.db import utc_now


@dataclass(frozen=True)
class Interviewer:
    """The key that sealed a record's version, as this archive knows it."""

    fingerprint: str
    name: str  # the name it is pinned under; else the certificate's own (unchecked) claim
    pinned: bool  # pinned in this archive's trusted keys, or this vault's own key

    def text(self) -> str:
        """The name for a pinned key; plainly ``not pinned`` (with the claim) for another."""
        if self.pinned:
            return self.name or self.fingerprint
        claim = f" ({self.name!r} by its own claim)" if self.name else ""
        return f"not pinned: {self.fingerprint[:19]}…{claim}"

    def to_json(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "name": self.name, "pinned": self.pinned}


class Pins:
    """The archive's pinned keys (:func:`pinned_names`), read once."""

    def __init__(self, vault: Vault) -> None:
        self.trusted = pinned_names(vault)
        self.own = vault.identity.fingerprint

    def of(self, sv: SealedVersion) -> Interviewer:
        fp, claimed = seal_fingerprint(sv)
        if fp in self.trusted:
            return Interviewer(fp, self.trusted[fp], True)
        return Interviewer(fp, claimed, fp == self.own)


def interviewers(vault: Vault, record_ids: Iterable[str]) -> dict[str, Interviewer]:
    """Who sealed the latest version of each of these records (drafts have no one)."""
    ids = list(record_ids)
    if not ids:
        return {}
    pins = Pins(vault)
    rows = vault.query(
        f"SELECT {SEALED_SELECT} FROM sealed_versions WHERE record_id IN"
        f" ({', '.join('?' * len(ids))}) ORDER BY record_id, version", tuple(ids))
    latest = {sv.record_id: sv for sv in map(from_row, rows)}
    return {rid: pins.of(sv) for rid, sv in latest.items()}


def signer_name(sv: SealedVersion) -> str:
    """``Name (fingerprint)`` of the interviewer who sealed a version."""
    try:
        cert = sign.load_certificate(sv.signer_cert.encode("ascii"))
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        name = str(names[0].value) if names else ""
    except (FormatError, UnicodeEncodeError, IndexError):
        name = ""
    return f"{name} ({sv.signer})" if name else sv.signer


@dataclass(frozen=True)
class TrustedSigner:
    fingerprint: str
    name: str
    organisation: str
    added_at: str
    first_bundle: str  # created_at of the first bundle received from this key, or ""
    last_bundle: str
    bundles: int


def trusted_signers(vault: Vault) -> list[TrustedSigner]:
    """The pinned keys, with what this archive has received from each."""
    rows = vault.query(
        "SELECT t.fingerprint, t.name, t.organisation, t.added_at, min(b.created_at),"
        " max(b.created_at), count(b.bundle_id) FROM trusted_signers t"
        " LEFT JOIN received_bundles b ON b.exporter_fingerprint = t.fingerprint"
        " GROUP BY t.fingerprint ORDER BY t.name, t.fingerprint")
    return [TrustedSigner(str(fp), str(n), str(o), str(a), str(f or ""), str(la or ""), int(c))
            for fp, n, o, a, f, la, c in rows]


def remove_trusted(vault: Vault, fingerprint: str) -> None:
    fp = normalise_fingerprint(fingerprint)
    if not vault.query("SELECT 1 FROM trusted_signers WHERE fingerprint = ?", (fp,)):
        raise NotFound(f"no trusted signer {fp}", detail=fp)
    with vault.transaction() as c:
        c.execute("DELETE FROM trusted_signers WHERE fingerprint = ?", (fp,))
        audit.append(c, "signer untrusted", fp)


PIN_PROBLEM = "exporter.pem: signer "  # the start of receive's unpinned-signer problems


PIN_PROBLEM_IMPERSONATION = "exporter.pem: POSSIBLE IMPERSONATION"


def normalise_fingerprint(text: str) -> str:
    """'BD37 DD3C …' from any spacing, colons or case; UsageError unless 64 hex digits."""
    digits = re.sub(r"[\s:]", "", text[:200]).upper()
    if not re.fullmatch(r"[0-9A-F]{64}", digits):
        raise UsageError(
            "a fingerprint is 64 hexadecimal digits (as `intake identity` shows)",
            code="signer.fingerprint",
        )
    return " ".join(digits[i : i + 4] for i in range(0, 64, 4))


def trust(vault: Vault, fingerprint: str, name: str, organisation: str = "") -> str:
    fp = normalise_fingerprint(fingerprint)
    name = name.strip()
    if not 0 < len(name) <= 200 or not name.isprintable():
        raise UsageError(
            "a trusted signer's name must be 1-200 printable characters", code="signer.name"
        )
    with vault.transaction() as c:
        pin(c, fp, name, organisation)
    return fp


def pin(c: Any, fp: str, name: str, organisation: str, **detail: Any) -> None:
    c.execute(
        "INSERT INTO trusted_signers (fingerprint, name, organisation, added_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET name = excluded.name,"
        " organisation = excluded.organisation",
        (fp, name, organisation[:200], utc_now()),
    )
    audit.append(c, "signer trusted", fp, **detail)


def pinned_names(vault: Vault) -> dict[str, str]:
    """Fingerprint -> the name each pinned key is pinned under (for look-ups while checking)."""
    return {
        str(fp): str(n)
        for fp, n in vault.query("SELECT fingerprint, name FROM trusted_signers ORDER BY name")
    }


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def seal_fingerprint(sv: SealedVersion) -> tuple[str, str]:
    """(fingerprint, common name) of the certificate a version carries; the envelope's
    signer if the certificate is unreadable (seal.check has then named the version)."""
    try:
        cert = sign.load_certificate(sv.signer_cert.encode("ascii"))
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return sign.fingerprint(cert), str(names[0].value) if names else ""
    except (FormatError, ValueError, UnicodeEncodeError):
        return sv.signer, ""
