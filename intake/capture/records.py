"""Records: drafts saved often, versions sealed and signed, corrections as new versions.

A record's current draft lives in ``drafts`` (overwritten on every save); each
sealed version is a new, immutable row of ``sealed_versions``. Every write refreshes
the copies the record list and search read (``intake.capture.derived``); listing,
filtering and searching records is ``intake.capture.listing``.
"""

from __future__ import annotations

import copy
import json
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import forms
from crypto.sign import SigningIdentity
from forms.migrate import Step, mapping
from intake.capture import countersign, derived, search, tidy
from intake.capture.seal import SEALED_COLUMNS, SEALED_SELECT, SealedVersion, from_row, seal, to_row
from intake.errors import NotADraft, NotFound, UsageError, ValidationFailed
from intake.vault import Vault, audit, history, tallies
from intake.vault.db import utc_now

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
MAX_REASON_CHARS = 1000
MAINTAIN_PAGES = 100  # index pages merged by one maintain() step: ~10-40 ms at 100,000 records
FILL_RECORDS = 25  # older records given their snippet texts by one maintain() step: ~20 ms


@lru_cache(maxsize=32)
def form_for(form_id: str, version: int) -> forms.Form:
    return forms.load_form(form_id, version)


@dataclass(frozen=True)
class Record:
    id: str
    form_id: str
    form_version: int
    status: str
    version: int
    reference: str
    pseudonym: str
    interview_date: str
    incident_count: int
    created_at: str
    updated_at: str
    exported_at: str | None

    @property
    def form(self) -> forms.Form:
        return form_for(self.form_id, self.form_version)

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


RECORD_COLUMNS = (
    "id, form_id, form_version, status, version, reference, pseudonym, interview_date,"
    " incident_count, created_at, updated_at, exported_at"
)


def record_from_row(row: tuple[Any, ...]) -> Record:
    return Record(*row)


def resolve(vault: Vault, record_id: str) -> str:
    """The full id of a record named by its id or a unique prefix of at least 6 characters."""
    rows = vault.query("SELECT id FROM records WHERE id = ?", (record_id,))
    if not rows and len(record_id) >= 6 and record_id.isalnum():
        rows = vault.query(
            "SELECT id FROM records WHERE id >= ? AND id < ? LIMIT 2",
            (record_id, record_id + "\uffff"),
        )
    if len(rows) != 1:
        raise NotFound(
            f"no record {record_id}" if not rows else f"{record_id} is ambiguous",
            detail=record_id[:80],
        )
    return str(rows[0][0])


def get(vault: Vault, record_id: str) -> Record:
    rid = resolve(vault, record_id)
    rows = vault.query(f"SELECT {RECORD_COLUMNS} FROM records WHERE id = ?", (rid,))
    return record_from_row(rows[0])


def create(
    vault: Vault, form_id: str, doc: dict[str, Any] | None = None, version: int | None = None
) -> str:
    form = forms.load_form(form_id, version)
    doc = {} if doc is None else doc
    _check_draft(form, doc)
    _fill(vault, form, doc)
    rid = secrets.token_hex(8)
    now = utc_now()
    with vault.transaction() as c, tallies.kept(c, [rid]):
        c.execute(
            "INSERT INTO records (id, form_id, form_version, status, version, created_at,"
            " updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?)",
            (rid, form.id, form.version, now, now),
        )
        c.execute(
            "INSERT INTO drafts (record_id, version, doc, saved_at) VALUES (?, 1, ?, ?)",
            (rid, _dumps(doc), now),
        )
        derived.derive(c, rid, form, doc)
        audit.append(c, "record created", rid, form=form.id, form_version=form.version)
    return rid


def save_draft(
    vault: Vault, record_id: str, doc: dict[str, Any], held: dict[str, Any] | None = None
) -> None:
    """Overwrite the draft in one transaction (the autosave path: keep it cheap).

    ``held`` is everything the editor holds when some answers cannot go into ``doc`` yet
    (a number out of range, a span that ends before it starts): kept beside the draft so
    nothing typed is lost on lock, shown again with its messages, and refused at sealing.
    """
    rec = get(vault, record_id)
    if rec.status != "draft":
        raise NotADraft(
            f"record {rec.id} is {rec.status}: open a correction to change it", detail=rec.id
        )
    form = rec.form
    _check_draft(form, doc)
    _fill(vault, form, doc)
    body = _dumps(doc)
    kept = _dumps(held) if held else ""
    if len(kept.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise UsageError(
            "the answers kept in the draft are larger than 16 MiB", code="record.too_large"
        )
    with vault.transaction() as c, tallies.kept(c, [rec.id]):
        now = utc_now()
        c.execute(
            "UPDATE drafts SET doc = ?, held = ?, saved_at = ? WHERE record_id = ?",
            (body, kept, now, rec.id),
        )
        derived.derive(c, rec.id, form, doc)
        c.execute("UPDATE records SET updated_at = ? WHERE id = ?", (now, rec.id))
        audit.append(c, "record edited", rec.id, version=rec.version)


def maintain(vault: Vault, budget_pages: int = MAINTAIN_PAGES) -> bool:
    """One bounded step of the work kept out of autosave; True if more may be left.

    Merges a few of the full-text index's segments (about ``budget_pages`` pages written,
    tens of milliseconds), keeps the snippet texts of a few records indexed before migration
    16 (``FILL_RECORDS`` documents read) and checkpoints the write-ahead log if no reader
    holds it, so neither happens inside a save's commit; when none of that is left, a step of
    a tidy if one is due (:mod:`tidy`: one index rebuilt, or ``budget_pages`` merged). The GUI
    calls it when idle; the index is correct whether or not it runs.
    """
    with vault.transaction() as c:
        more = search.merge(c, budget_pages)
        more = derived.fill_snippet_texts(c, FILL_RECORDS) or more
        more = more or tidy.step(c, budget_pages)
    vault.query("PRAGMA wal_checkpoint(PASSIVE)")
    return more


def draft_saved_at(vault: Vault, record_id: str) -> str | None:
    """When the draft of ``record_id`` was last saved (UTC), or None without a draft."""
    rows = vault.query("SELECT saved_at FROM drafts WHERE record_id = ?", (record_id,))
    return str(rows[0][0]) if rows else None


def draft(vault: Vault, record_id: str) -> dict[str, Any]:
    rid = resolve(vault, record_id)
    rows = vault.query("SELECT doc FROM drafts WHERE record_id = ?", (rid,))
    if not rows:
        raise NotADraft(f"record {rid} has no open draft", detail=rid)
    return dict(json.loads(rows[0][0]))


def held(vault: Vault, record_id: str) -> dict[str, Any] | None:
    """What the editor held beside the draft when some answers could not go in (or None)."""
    rid = resolve(vault, record_id)
    rows = vault.query("SELECT held FROM drafts WHERE record_id = ?", (rid,))
    if not rows or not rows[0][0]:
        return None
    return dict(json.loads(rows[0][0]))


def document(vault: Vault, record_id: str, version: int | None = None) -> dict[str, Any]:
    """The draft if one is open and no version is asked for, else that sealed version."""
    rec = get(vault, record_id)
    if version is None and rec.status == "draft":
        return draft(vault, rec.id)
    return sealed_version(vault, rec.id, version).doc


def sealed_versions(vault: Vault, record_id: str) -> list[SealedVersion]:
    rid = resolve(vault, record_id)
    rows = vault.query(
        f"SELECT {SEALED_SELECT} FROM sealed_versions WHERE record_id = ? ORDER BY version",
        (rid,),
    )
    return [from_row(r) for r in rows]


def sealed_version(vault: Vault, record_id: str, version: int | None = None) -> SealedVersion:
    versions = sealed_versions(vault, record_id)
    chosen = [v for v in versions if version is None or v.version == version]
    if not chosen:
        raise NotFound(
            f"record {record_id} has no sealed version {version or ''}".strip(), detail=record_id
        )
    return chosen[-1]


def attachment_ids(vault: Vault, record_id: str) -> set[str]:
    rows = vault.query("SELECT id FROM attachments WHERE record_id = ?", (record_id,))
    return {str(r[0]) for r in rows}


def seal_problems(vault: Vault, record_id: str, doc: dict[str, Any] | None = None) -> list[
        forms.Problem]:
    """What stops the draft (or ``doc``) from being sealed: missing answers and the
    form's contradictions, attachments checked against those the record holds, and any
    answers kept beside the draft that are not valid yet."""
    rec = get(vault, record_id)
    doc = draft(vault, rec.id) if doc is None else doc
    problems = rec.form.validate(doc, for_seal=True, attachment_ids=attachment_ids(vault, rec.id))
    kept = held(vault, rec.id)  # answers not valid yet would be left out of what is signed
    if kept is not None:
        problems += [p for p in rec.form.validate(kept) if p not in problems] or [HELD_PROBLEM]
    return problems


def seal_record(
    vault: Vault, record_id: str, countersigner: SigningIdentity | None = None
) -> SealedVersion:
    """Validate for sealing, sign and freeze the draft as the next version; with the pinned
    supervisor's ``countersigner`` (required by a countersign policy), countersigned too."""
    rec = get(vault, record_id)
    if rec.status != "draft":
        raise NotADraft(f"record {rec.id} is {rec.status}, not a draft", detail=rec.id)
    doc = draft(vault, rec.id)
    _fill(vault, rec.form, doc)
    problems = seal_problems(vault, rec.id, doc)
    if problems:
        raise ValidationFailed(
            f"record {rec.id} is not complete enough to seal", problems, detail=rec.id
        )
    counter = countersign.countersigner_for(vault, "seal", countersigner)
    previous = sealed_versions(vault, rec.id)
    sv = seal(
        vault.identity,
        record_id=rec.id,
        version=rec.version,
        form_id=rec.form_id,
        form_version=rec.form_version,
        doc=doc,
        protected_paths=rec.form.protected_paths(doc),
        prev_version_hash=previous[-1].version_hash if previous else None,
        sealed_at=utc_now(),
    )
    if counter is not None:
        sv = countersign.seal_countersignature(sv, counter)
    with vault.transaction() as c:
        insert_sealed(c, sv)
        c.execute("DELETE FROM drafts WHERE record_id = ?", (rec.id,))
        with tallies.kept(c, [rec.id]):
            c.execute(  # a new version has not been handed over yet (a withdrawal, say)
                "UPDATE records SET status = 'sealed', updated_at = ?, exported_at = NULL"
                " WHERE id = ?",
                (sv.sealed_at, rec.id),
            )
        extra = {"countersigner": counter.fingerprint} if counter is not None else {}
        entry = audit.append(
            c, "record sealed", rec.id, version=sv.version, version_hash=sv.version_hash, **extra
        )
        cp = history.checkpoint(c, vault.identity, entry)
    history.remember(vault, cp)
    return sv


def insert_sealed(c: Any, sv: SealedVersion) -> None:
    c.execute(
        f"INSERT INTO sealed_versions ({SEALED_COLUMNS}) VALUES ({', '.join('?' * 11)})",
        to_row(sv),
    )
    if sv.countersignature:
        c.execute(
            "INSERT INTO countersignatures (version_hash, signature, signer_cert, stored_at)"
            " VALUES (?, ?, ?, ?)",
            (sv.version_hash, sv.countersignature, sv.countersigner_cert, utc_now()),
        )


def correction_mapping(
    vault: Vault, record_id: str, to_version: int
) -> tuple[dict[str, Any], list[Step]]:
    """The document a correction into form version ``to_version`` would start from, and
    the mapping that made it (to be shown before :func:`correct` applies it)."""
    rec = get(vault, record_id)
    if rec.status != "sealed":
        raise NotADraft(
            f"record {rec.id} is {rec.status}: only a sealed record can be corrected",
            detail=rec.id,
        )
    if to_version <= rec.form_version:
        raise UsageError(
            f"record {rec.id} uses form version {rec.form_version}; a correction can only move"
            " it to a later version",
            code="correction.form_version",
            detail=rec.id,
        )
    try:
        target = forms.load_form(rec.form_id, to_version)
    except forms.UnknownFormError as e:
        raise UsageError(str(e.reason), code="correction.form_version", detail=rec.id) from None
    doc, steps = mapping(rec.form, target, sealed_version(vault, rec.id).doc)
    _check_draft(target, doc)
    return doc, steps


def correct(
    vault: Vault, record_id: str, to_version: int | None = None, *, reason: str = ""
) -> int:
    """Open a draft of version n+1 from the last sealed version; return n+1. With
    ``to_version``, the draft moves to that form version through
    :func:`correction_mapping` (which the caller shows first). ``reason`` (why the sealed
    version is being corrected) goes into the custody log."""
    rec = get(vault, record_id)
    if rec.status != "sealed":
        raise NotADraft(
            f"record {rec.id} is {rec.status}: only a sealed record can be corrected",
            detail=rec.id,
        )
    last = sealed_version(vault, rec.id)
    doc, form_version, moved = copy.deepcopy(last.doc), rec.form_version, {}
    if to_version is not None and to_version != rec.form_version:
        doc, steps = correction_mapping(vault, rec.id, to_version)
        form_version = to_version
        moved = {"form_version_from": rec.form_version, "form_version_to": to_version,
                 "answers_carried": sum(s.count for s in steps if s.target),
                 "answers_not_carried": sum(s.count for s in steps if not s.target)}
    _fill(vault, form_for(rec.form_id, form_version), doc)
    new_version = last.version + 1
    now = utc_now()
    with vault.transaction() as c, tallies.kept(c, [rec.id]):
        c.execute(
            "INSERT INTO drafts (record_id, version, doc, saved_at) VALUES (?, ?, ?, ?)",
            (rec.id, new_version, _dumps(doc), now),
        )
        c.execute(
            "UPDATE records SET status = 'draft', version = ?, form_version = ?, updated_at = ?"
            " WHERE id = ?",
            (new_version, form_version, now, rec.id),
        )
        # the index and snippet texts follow the draft (its program-owned answers are this
        # vault's, which an imported version's need not be)
        derived.derive(c, rec.id, form_for(rec.form_id, form_version), doc)
        detail: dict[str, Any] = {"version": new_version, "corrects": last.version_hash, **moved}
        if reason.strip():
            detail["reason"] = reason.strip()[:MAX_REASON_CHARS]
        audit.append(c, "record corrected", rec.id, **detail)
    return new_version


def discard_draft(vault: Vault, record_id: str) -> str:
    """Throw the open draft away; returns "record" or "correction".

    A record never sealed goes entirely (its files too); an open correction goes with the
    files added to it (else they would leave with the sealed version's next bundle) and the
    record is its last sealed version again. The custody log keeps that a draft existed
    (id, version, when), never what it said.
    """
    from intake.capture import attachments

    rec = get(vault, record_id)
    if rec.status != "draft":
        raise NotADraft(
            f"record {rec.id} is {rec.status}: only a draft can be discarded", detail=rec.id
        )
    previous = sealed_versions(vault, rec.id)
    with vault.transaction() as c, tallies.kept(c, [rec.id]):
        c.execute("DELETE FROM drafts WHERE record_id = ?", (rec.id,))
        if previous:
            last = previous[-1]
            c.execute(
                "UPDATE records SET status = 'sealed', version = ?, updated_at = ? WHERE id = ?",
                (last.version, utc_now(), rec.id),
            )
            derived.derive(c, rec.id, rec.form, last.doc)
            files = attachments.drop_added_since(c, rec.id, "record corrected")
            audit.append(
                c, "correction discarded", rec.id, version=rec.version, files=len(files)
            )
        else:
            files = [r[0] for r in c.execute(
                "SELECT id FROM attachments WHERE record_id = ?", (rec.id,)
            )]
            search.remove(c, rec.id)
            c.execute("DELETE FROM facets WHERE record_id = ?", (rec.id,))
            c.execute(
                "DELETE FROM recording_markers WHERE attachment_id IN"
                " (SELECT attachment_id FROM recordings WHERE record_id = ?)",
                (rec.id,),
            )
            c.execute("DELETE FROM recordings WHERE record_id = ?", (rec.id,))
            c.execute("DELETE FROM attachments WHERE record_id = ?", (rec.id,))
            c.execute("DELETE FROM records WHERE id = ?", (rec.id,))
            audit.append(c, "draft discarded", rec.id, version=rec.version, files=len(files))
    attachments.remove_orphans(vault)
    return "correction" if previous else "record"


@dataclass(frozen=True)
class VersionEntry:
    """One sealed version in a record's history, and why it was opened (a correction)."""

    version: int
    sealed_at: str
    signer: str
    version_hash: str
    reason: str


def version_history(vault: Vault, record_id: str) -> list[VersionEntry]:
    rid = resolve(vault, record_id)
    with vault.transaction() as c:
        log = audit.entries(c, rid)
    reasons = {
        int(e.detail.get("version", 0)): str(e.detail.get("reason", ""))
        for e in log
        if e.action == "record corrected"
    }
    return [
        VersionEntry(
            sv.version, sv.sealed_at, sv.signer, sv.version_hash, reasons.get(sv.version, "")
        )
        for sv in sealed_versions(vault, rid)
    ]


# -- internals ------------------------------------------------------------------


def _dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def _check_draft(form: forms.Form, doc: object) -> None:
    if not isinstance(doc, dict):
        raise UsageError("a record document must be a JSON object")
    if len(_dumps(doc).encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise UsageError("the record document is larger than 16 MiB", code="record.too_large")
    problems = form.validate(doc, for_seal=False)
    if problems:
        raise ValidationFailed("the record document does not match its form", problems)


HELD_PROBLEM = forms.Problem(
    "",
    "answers kept in the draft are not valid yet: fix them in the editor",
    "초안에 보관된 답변이 아직 올바르지 않습니다. 편집기에서 고치십시오",
)


def _fill(vault: Vault, form: forms.Form, doc: dict[str, Any]) -> None:
    """The answers the program owns (the signing-key fingerprint), whatever was typed."""
    form.fill(doc, {"signer_fingerprint": vault.identity.fingerprint})
