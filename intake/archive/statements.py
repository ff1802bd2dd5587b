"""The signed PDF statements the archive keeps (encrypted, like attachments), so it can show and
verify them without the bundle file: written at import, read back into memory only."""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crypto.errors import (
    CryptoError,
)
from intake.archive.report import Cancel, Checked, Report
from intake.capture import attachments, records
from intake.errors import CheckFailed, IntakeError, NotFound
from intake.handover import bundle
from intake.handover.bundle import BundleError
from intake.vault import Vault, audit
from intake.vault.db import utc_now


def statement_path(record_id: str) -> str:
    """Where a record's signed statement sits inside a bundle."""
    return bundle.statement_pdf(record_id.split("~fork~", 1)[0])


def statements(vault: Vault, record_id: str) -> list[ReceivedStatement]:
    """The signed statements the archive keeps for a record, oldest version first."""
    rid = records.resolve(vault, record_id)
    rows = vault.query(
        f"SELECT {STATEMENT_COLUMNS} FROM statements WHERE record_id = ?"
        " ORDER BY version, imported_at, bundle_id", (rid,))
    return [ReceivedStatement(*r) for r in rows]


def all_statements(vault: Vault) -> list[ReceivedStatement]:
    rows = vault.query(f"SELECT {STATEMENT_COLUMNS} FROM statements"
                       " ORDER BY record_id, version, bundle_id")
    return [ReceivedStatement(*r) for r in rows]


def verify_statement(vault: Vault, st: ReceivedStatement) -> None:
    """Decrypt and hash a kept statement without writing it anywhere; IntegrityError (or
    FileNotFoundError) if its blob is damaged or gone."""
    attachments.verify(vault, st.blob())


def read_statement(vault: Vault, record_id: str,
                   bundle_id: str | None = None) -> tuple[ReceivedStatement, bytes]:
    """A record's signed PDF statement, decrypted from the archive into memory.

    The latest one kept, or the one that came in ``bundle_id``. The bytes must match the
    SHA-256 recorded at import (verified against the bundle's signed manifest then).
    Raises NotFound, CheckFailed (blob missing) or IntegrityError (blob altered).
    """
    from crypto import pdfsign  # pyhanko: loaded only when needed
    rid = records.resolve(vault, record_id)
    held = [s for s in statements(vault, rid) if bundle_id in (None, s.bundle_id)]
    if not held:
        raise NotFound(f"no signed statement is kept for record {rid}"
                       + (f" from bundle {bundle_id[:40]}" if bundle_id else ""), detail=rid)
    st = held[-1]
    if st.size > pdfsign.MAX_PDF_BYTES:
        raise CheckFailed("the statement is too large", [f"statement {st.blob_id}: too large"])
    out = io.BytesIO()
    try:
        attachments.decrypt_to(vault, st.blob(), out)
    except FileNotFoundError:
        raise CheckFailed("the statement's blob is missing",
                          [f"statement {st.blob_id}: blob is missing"]) from None
    return st, out.getvalue()


def signed_at(vault: Vault, st: ReceivedStatement) -> str:
    """When a kept statement was signed (its PDF signature's time, ISO 8601), read from the
    archive in memory and validated; "" if the PDF cannot tell (the caller falls back)."""
    from crypto import pdfsign  # pyhanko: loaded only when needed
    try:
        _, pdf = read_statement(vault, st.record_id, st.bundle_id)
        found = pdfsign.verify_pdf(io.BytesIO(pdf))
    except (IntakeError, CryptoError, OSError):
        return ""
    when = next((s.signed_at for s in found if s.signed_at is not None), None)
    return when.isoformat() if when else ""


STATEMENT_COLUMNS = (
    "record_id, version, bundle_id, blob_id, sha256, size, pages, profile, imported_at"
)


@dataclass(frozen=True)
class ReceivedStatement:
    """A signed PDF statement received in a bundle, kept as an encrypted blob."""

    record_id: str  # where it is stored (the record id, or a fork id)
    version: int  # the latest sealed version it states
    bundle_id: str
    blob_id: str
    sha256: str
    size: int
    pages: int
    profile: str
    imported_at: str

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def blob(self) -> attachments.Attachment:
        """The blob as the attachments module reads it (a blob is a blob)."""
        return attachments.Attachment(
            self.blob_id,
            self.record_id,
            "statement.pdf",
            "application/pdf",
            self.size,
            self.sha256,
            "",
            self.imported_at,
            "",
        )


def write_statements(
    vault: Vault,
    report: Report,
    checked: Checked,
    holder: Callable[[str], str],
    written: list[Path],
    cancel: Cancel | None,
) -> list[ReceivedStatement]:
    """Encrypt each verified statement (the bytes checked, held in memory) into a blob,
    unless the archive holds it already for that record (``holder``: the stored record id
    that holds a bundle record's latest version)."""
    held = {
        (str(r), str(x))
        for r, d, b in vault.query("SELECT record_id, sha256, bundle_id FROM statements")
        for x in (d, b)
    }
    profiles = {r.id: r.profile for r in report.records}
    rows: list[ReceivedStatement] = []
    now = utc_now()
    for rid, (pdf, pages) in checked.statements.items():
        latest = checked.versions[rid][-1]
        stored = holder(rid)
        digest = hashlib.sha256(pdf).hexdigest()
        if (stored, digest) in held or (stored, report.bundle_id) in held:
            continue
        blob_id = secrets.token_hex(12)
        written.append(attachments.blob_path(vault, blob_id))
        size, got = attachments.write_blob(vault, blob_id, io.BytesIO(pdf), cancel=cancel)
        if got != digest:
            raise BundleError(f"{bundle.statement_pdf(rid)}: SHA-256 changed while importing")
        held.add((stored, digest))
        rows.append(
            ReceivedStatement(
                stored,
                latest.version,
                report.bundle_id,
                blob_id,
                digest,
                size,
                pages,
                profiles.get(rid, "")[:40],
                now,
            )
        )
    return rows


def store_statements(c: Any, rows: list[ReceivedStatement]) -> None:
    """Insert the rows :func:`write_statements` made, with an audit entry each."""
    for st in rows:
        c.execute(
            f"INSERT INTO statements ({STATEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            tuple(st.to_json().values()),
        )
        audit.append(
            c,
            "statement imported",
            st.record_id,
            version=st.version,
            blob=st.blob_id,
            sha256=st.sha256,
            size=st.size,
            pages=st.pages,
            bundle_id=st.bundle_id,
        )
