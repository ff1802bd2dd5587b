"""`intake check`: every hash, signature and chain in a vault, each failure named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from crypto import sign
from crypto.errors import CryptoError
from intake.archive import statements
from intake.capture import attachments, seal
from intake.capture.seal import SEALED_SELECT
from intake.vault import Vault, audit, db, history


def check_vault(
    vault: Vault,
    progress: Callable[[int, int], None] | None = None,
    *,
    against: str | None = None,
) -> list[str]:
    """Every finding, one line each; ``against``: a checkpoint code the log must still hold
    (``intake audit --checkpoint``; ValueError if it is not one)."""
    if against is not None:
        history.parse_code(against)
    # Every page's HMAC first: a changed byte in a page no query below reads (drafts, the
    # search index, trailing garbage) is found only this way. A damaged database is a
    # finding of the check, never an exception.
    try:
        pages = vault.query("PRAGMA cipher_integrity_check")
        problems = [f"vault database: {row[0]}" for row in pages]
        return problems + _check_contents(vault, progress, against)
    except db.DatabaseError as e:
        return [f"vault database is damaged or altered: {e}"]


def _check_contents(
    vault: Vault, progress: Callable[[int, int], None] | None, against: str | None
) -> list[str]:
    problems: list[str] = []
    cert = sign.load_certificate(vault.identity.cert_pem())
    with vault.transaction() as c:
        log = audit.entries(c)
        rows = c.execute(
            f"SELECT {SEALED_SELECT} FROM sealed_versions ORDER BY record_id, version"
        ).fetchall()
        # The signed checkpoints: a log rewritten with its hashes recomputed, cut short, or an
        # older vault.db put back no longer passes through the heads that were signed.
        problems += history.check(vault.path, c, cert, against)
    problems += audit.verify_chain(log)

    sealed_in_log = {
        e.detail.get("version_hash")
        for e in log
        if e.action in ("record sealed", "record imported")
    }
    by_record: dict[str, seal.SealedVersion | None] = {}
    by_hash = {str(row[6]): row for row in rows}
    for row in rows:
        try:
            sv = seal.from_row(row)
        except (ValueError, TypeError):
            problems.append(f"record {row[0]} version {row[1]}: stored seal is unreadable")
            continue
        prev = by_record.get(sv.record_id)
        stored_id = sv.record_id
        if seal.FORK_MARK in stored_id:
            # An imported history that forked from the one held: stored apart under a derived
            # id, sealed under the original; its first version follows a version held elsewhere.
            sv = replace(sv, record_id=seal.original_record_id(stored_id))
            if prev is None and sv.prev_hash in by_hash:
                prev = seal.from_row(by_hash[sv.prev_hash])
        problems += seal.check(sv, prev)
        if sv.version_hash not in sealed_in_log:
            problems.append(f"record {sv.record_id} version {sv.version}: not in the audit log")
        by_record[stored_id] = sv

    for p in attachments.orphan_blobs(vault):
        problems.append(
            f"attachments/{p.name}: no attachment or statement names this blob (orphan)"
        )
    atts = vault.query(f"SELECT {attachments.COLUMNS} FROM attachments ORDER BY id")
    kept = statements.all_statements(vault)
    total = len(atts) + len(kept)
    for i, row in enumerate(atts):
        att = attachments.Attachment(*row)
        try:
            attachments.verify(vault, att)
        except FileNotFoundError:
            problems.append(f"attachment {att.id}: its blob is missing (a row with no blob)")
        except CryptoError as e:
            problems.append(f"attachment {att.id}: {type(e).__name__}: blob is damaged or altered")
        if progress:
            progress(i + 1, total)
    for i, st in enumerate(kept, start=len(atts)):
        what = f"statement {st.blob_id} (record {st.record_id}, bundle {st.bundle_id})"
        try:
            statements.verify_statement(vault, st)
        except FileNotFoundError:
            problems.append(f"{what}: blob is missing")
        except CryptoError as e:
            problems.append(f"{what}: {type(e).__name__}: blob is damaged or altered")
        if progress:
            progress(i + 1, total)
    return problems
