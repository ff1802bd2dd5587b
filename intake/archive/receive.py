"""Import a verified bundle into the archive.

Import verifies first, then writes everything in one vault transaction; attachment and statement
blobs are written before it and removed if it fails. A correction extends the record it belongs
to; a bundle that changes nothing says so.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import forms
from intake.archive.pins import pin, pinned_names
from intake.archive.report import _HEX64, _ID, Cancel, Checked, Progress, Report
from intake.archive.statements import store_statements, write_statements
from intake.archive.verify import check_open
from intake.capture import attachments, countersign, derived, records, seal
from intake.capture.seal import SealedVersion
from intake.errors import CheckFailed
from intake.handover import bundle, unpack
from intake.handover.bundle import BundleError
from intake.handover.unpack import OpenBundle
from intake.vault import Vault, audit, db, history, tallies

FORK_MARK = seal.FORK_MARK


def archive_view(vault: Vault) -> tuple[dict[str, str], dict[str, dict[int, str]]]:
    """What verifying against an archive consults: its pinned keys and the heads it holds."""
    return pinned_names(vault), history.held_heads(vault)


@dataclass
class ImportResult:
    bundle_id: str
    already_imported: bool
    new_records: list[str] = field(default_factory=list)
    extended: list[str] = field(default_factory=list)
    forks: list[str] = field(default_factory=list)
    versions: int = 0
    attachments: int = 0
    statements: int = 0
    disclosures_added: list[str] = field(default_factory=list)  # "<stored id> v<n>"
    pinned: str = ""  # the signer's fingerprint, pinned by this import (trust_new)
    report: Report | None = None

    def lines(self, tr: Callable[[str], str] = str) -> list[tuple[str, bool]]:
        """What this import changed, as the CLI prints it and the app's import tab shows it:
        ``(line, is_warning)``. ``tr`` translates each English template (the app's Korean
        catalog, context "ImportReport"); the ``{names}`` in it are filled in afterwards."""
        refs = {r.id: r.reference for r in self.report.records} if self.report else {}

        def record(rid: str) -> str:
            ref = refs.get(rid.split("~fork~", 1)[0], "")
            return f"{ref} ({rid})" if ref else rid

        if self.already_imported:
            news = (tr("{n} missing statement(s) stored").format(n=self.statements)
                    if self.statements else tr("nothing changed"))
            return [(tr("already imported: bundle {bundle}; {news}").format(
                bundle=self.bundle_id, news=news), False)]
        out = [(tr("new record {record}").format(record=record(r)), False)
               for r in self.new_records]
        out += [(tr("new versions extend record {record}").format(record=record(r)), False)
                for r in self.extended]
        out += [(tr("disclosures added: {where} (a fuller copy of the same sealed version)")
                 .format(where=w), False) for w in self.disclosures_added]
        out += [(tr("{record}: this history forks from the one held; kept apart")
                 .format(record=record(f)), True) for f in self.forks]
        out.append((tr(
            "imported bundle {bundle}: {new} new record(s), {extended} extended, {forks}"
            " fork(s), {versions} version(s), {attachments} attachment(s), {statements}"
            " signed statement(s)").format(
            bundle=self.bundle_id, new=len(self.new_records), extended=len(self.extended),
            forks=len(self.forks), versions=self.versions, attachments=self.attachments,
            statements=self.statements), False))
        return out


#: The templates of :meth:`ImportResult.lines` (each needs a Korean translation).
IMPORT_LINES = (
    "{n} missing statement(s) stored",
    "nothing changed",
    "already imported: bundle {bundle}; {news}",
    "new record {record}",
    "new versions extend record {record}",
    "disclosures added: {where} (a fuller copy of the same sealed version)",
    "{record}: this history forks from the one held; kept apart",
    "imported bundle {bundle}: {new} new record(s), {extended} extended, {forks} fork(s),"
    " {versions} version(s), {attachments} attachment(s), {statements} signed statement(s)",
)


@dataclass
class Placement:
    stored_id: str  # where the versions go (the record id, or a fork id)
    new: list[SealedVersion]
    create_row: bool


def _place(vault: Vault, rid: str, versions: list[SealedVersion]) -> list[Placement]:
    """Decide, per record, which versions are new and where they go (fork or not)."""
    held = (
        records.sealed_versions(vault, rid)
        if vault.query("SELECT 1 FROM records WHERE id = ?", (rid,))
        else []
    )
    by_version = {sv.version: sv for sv in held}
    known = {str(h[0]) for h in vault.query("SELECT version_hash FROM sealed_versions")}
    main: list[SealedVersion] = []
    fork: list[SealedVersion] = []
    for sv in versions:
        if sv.version_hash in known:
            continue
        mine = by_version.get(sv.version)
        if fork or mine is not None:
            fork.append(sv)  # same record and version, another hash: the history forks here
            continue
        last = main[-1] if main else (held[-1] if held else None)
        if (last is None and sv.version == 1) or (
            last is not None
            and sv.version == last.version + 1
            and sv.prev_hash == last.version_hash
        ):
            main.append(sv)
        else:
            fork.append(sv)
    out = []
    if main:
        out.append(Placement(rid, main, create_row=not held))
    if fork:
        fid = f"{rid}{FORK_MARK}{fork[0].version_hash[:8]}"
        exists = bool(vault.query("SELECT 1 FROM records WHERE id = ?", (fid,)))
        out.append(Placement(fid, fork, create_row=not exists))
    return out


def import_bundle(
    vault: Vault,
    path: Path,
    identity_text: str,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    require_countersignature: bool = False,
    trust_new: bool = False,
    accept_fork: bool = False,
) -> ImportResult:
    """Verify, then import into ``vault`` in one transaction; CheckFailed if anything fails.
    A countersignature is required if asked or if the archive's policy says so. A signer
    the archive has not pinned is refused unless ``trust_new`` (the user compared the
    fingerprint out of band): then it is pinned in the same transaction. A history that
    forks from the one the archive holds for that key is refused, unless ``accept_fork``
    (someone found out why: a laptop restored from a backup): then it is imported, its
    record histories kept apart where they differ, and the acceptance is in the audit log;
    the archive keeps the heads it held first, so each later bundle of that branch must be
    accepted the same way."""
    require = require_countersignature or countersign.policy(vault).import_
    trusted, held = archive_view(vault)
    streamed = _Streamed(vault)
    written: list[Path] = []
    try:
        b = unpack.open_bundle(
            path, identity_text, progress=progress, cancel=cancel, sink=streamed.sink
        )
        report, checked = check_open(
            b,
            trusted=trusted,
            require_countersignature=require,
            held=held,
            trust_new=trust_new,
            accept_fork=accept_fork,
        )
        if not report.ok:
            raise CheckFailed("the bundle does not verify; nothing was imported", report.problems)
        result = ImportResult(report.bundle_id, False, report=report)
        already = bool(
            vault.query("SELECT 1 FROM received_bundles WHERE bundle_id = ?", (report.bundle_id,))
        )
        placements = (
            {} if already else {rid: _place(vault, rid, vs) for rid, vs in checked.versions.items()}
        )
        st_rows = write_statements(
            vault, report, checked,
            lambda rid: _holder(vault, rid, checked.versions[rid][-1], placements.get(rid, [])),
            written, cancel)
        result.statements += len(st_rows)
        if already:  # only statements the archive lacks (kept since schema 3)
            result.already_imported = True
            if st_rows:
                with vault.transaction() as c:
                    store_statements(c, st_rows)
            return result
        att_rows = _attachment_rows(b, checked, placements, streamed)
        fuller = _fuller_copies(vault, checked)
        stored = (p.stored_id for places in placements.values() for p in places)
        with vault.transaction() as c, tallies.kept(c, stored):  # the list's counts, once
            _store(vault, c, b, report, checked, placements, att_rows, result)
            store_statements(c, st_rows)
            _store_fuller(c, fuller, report.bundle_id, result)
            fp = report.signer_fingerprint
            history.store_heads(c, fp, checked.chain, report.bundle_id)
            if report.history_status == "fork":  # accept_fork: looked into, taken anyway
                audit.append(
                    c, "history fork accepted", fp, bundle_id=report.bundle_id,
                    history=report.history,
                )
            if report.pinned_name is None:  # trust_new: the user checked it out of band
                name = " ".join(report.exporter_name.split())[:200]
                pin(
                    c, fp, name if name.isprintable() and name else "unnamed",
                    report.exporter_organisation, bundle_id=report.bundle_id,
                    impersonates=report.impersonates,
                )
                result.pinned = fp
    except BaseException:
        for p in written + streamed.blobs():
            p.unlink(missing_ok=True)
        raise
    finally:
        for p in streamed.unused():  # already held, or the bundle was imported before
            p.unlink(missing_ok=True)
    return result


def _fuller_copies(vault: Vault, checked: Checked) -> list[tuple[str, SealedVersion, int]]:
    """Sealed versions held redacted that this bundle discloses more of: (stored record id,
    the held copy with the added disclosures, how many were added). Each added value is
    checked against the held copy's commitment; the signed envelope is the same."""
    out = []
    for versions in checked.versions.values():
        for sv in versions:
            if not sv.disclosures:
                continue
            rows = vault.query(
                f"SELECT {seal.SEALED_COLUMNS} FROM sealed_versions WHERE version_hash = ?",
                (sv.version_hash,),
            )
            if not rows:
                continue
            held = seal.from_row(rows[0])
            merged = held.with_disclosures_of(sv)
            if merged is not None:
                added = len(merged.disclosures) - len(held.disclosures)
                out.append((held.record_id, merged, added))
    return out


def _store_fuller(
    c: Any, fuller: list[tuple[str, SealedVersion, int]], bid: str, result: ImportResult
) -> None:
    for stored, sv, added in fuller:
        row = seal.to_row(sv)
        c.execute(
            "UPDATE sealed_versions SET doc = ?, disclosures = ?, redactions = ?"
            " WHERE version_hash = ?",
            (row[4], row[9], row[10], sv.version_hash),
        )
        (latest, draft) = c.execute(
            "SELECT max(version), (SELECT status = 'draft' FROM records WHERE id = ?1)"
            " FROM sealed_versions WHERE record_id = ?1", (stored,)).fetchone()
        if sv.version == latest and not draft:  # an open correction's draft stays indexed
            with contextlib.suppress(KeyError, forms.FormError):
                derived.derive(c, stored, records.form_for(sv.form_id, sv.form_version), sv.doc)
        audit.append(
            c,
            "disclosures added",
            stored,
            version=sv.version,
            version_hash=sv.version_hash,
            disclosures=added,
            bundle_id=bid,
        )
        result.disclosures_added.append(f"{stored} v{sv.version}")


class _Streamed:
    """The attachments of a bundle written into the archive's own encrypted blobs as the
    bundle is read (one pass). Each gets the id its path names, unless the archive holds
    that id or it is not a plain id; the import uses the blobs it needs, the rest go."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._taken = {str(r[0]) for r in vault.query("SELECT id FROM attachments")}
        self.ids: dict[str, str] = {}  # entry path -> attachment id of its blob
        self.used: set[str] = set()

    def sink(self, name: str) -> contextlib.AbstractContextManager[unpack.Write] | None:
        if not bundle.is_attachment(name):
            return None
        att_id = name.split("/")[3]
        if not _ID.match(att_id) or att_id in self._taken:
            att_id = secrets.token_hex(12)
        self._taken.add(att_id)
        self.ids[name] = att_id
        return attachments.blob_writer(self.vault, att_id)

    def blobs(self) -> list[Path]:
        return [attachments.blob_path(self.vault, i) for i in self.ids.values()]

    def unused(self) -> list[Path]:
        return [
            attachments.blob_path(self.vault, i) for n, i in self.ids.items() if n not in self.used
        ]


def _attachment_rows(
    b: OpenBundle,
    checked: Checked,
    placements: dict[str, list[Placement]],
    streamed: _Streamed,
) -> list[attachments.Attachment]:
    """A row for every attachment not yet held, its blob written while the bundle was read."""
    rows: list[attachments.Attachment] = []
    held_hashes = {
        (str(r[0]), str(r[1]))
        for r in streamed.vault.query("SELECT record_id, sha256 FROM attachments")
    }
    now = db.utc_now()
    for rid, doc in checked.record_docs.items():
        places = placements[rid]
        owner = places[0].stored_id if places else rid
        metas = doc.get("attachments") or []
        if not isinstance(metas, list):
            raise BundleError(f"{bundle.record_json(rid)}: attachments is not a list")
        for meta in metas:
            if not isinstance(meta, dict) or not isinstance(meta.get("path"), str):
                raise BundleError(f"{bundle.record_json(rid)}: an attachment has no path")
            digest, path = str(meta.get("sha256", "")), meta["path"]
            entry = b.entries.get(path)
            if not _HEX64.match(digest) or entry is None or path not in streamed.ids:
                raise BundleError(
                    f"{bundle.record_json(rid)}: attachment {path[:80]} is unknown"
                )
            if (owner, digest) in held_hashes or (rid, digest) in held_hashes:
                continue
            if entry.sha256 != digest:
                raise BundleError(f"{path}: SHA-256 changed while importing")
            if path in streamed.used:
                raise BundleError(f"{path}: named by two attachments")
            streamed.used.add(path)
            held_hashes.add((owner, digest))
            rows.append(
                attachments.Attachment(
                    streamed.ids[path],
                    owner,
                    str(meta.get("filename", "") or path.rsplit("/", 1)[-1])[:255],
                    str(meta.get("media_type", "application/octet-stream"))[:100],
                    entry.size,
                    digest,
                    str(meta.get("captured_at", ""))[:40],
                    now,
                    str(meta.get("note", ""))[:10_000],
                    _kind(meta),
                )
            )
    return rows


def _kind(meta: dict[str, Any]) -> str:
    """The kind a bundle names (bundles before kinds name none: guessed from the media type)."""
    kind = meta.get("kind")
    if isinstance(kind, str) and kind in attachments.KINDS:
        return kind
    return attachments.guess_kind(str(meta.get("media_type", "")))


def _holder(vault: Vault, rid: str, latest: SealedVersion, places: list[Placement]) -> str:
    """The stored record id that holds (or is about to hold) ``latest``."""
    for place in places:
        if any(sv.version_hash == latest.version_hash for sv in place.new):
            return place.stored_id
    rows = vault.query(
        "SELECT record_id FROM sealed_versions WHERE version_hash = ?", (latest.version_hash,)
    )
    return str(rows[0][0]) if rows else rid


def _store(
    vault: Vault,
    c: Any,
    b: OpenBundle,
    report: Report,
    checked: Checked,
    placements: dict[str, list[Placement]],
    att_rows: list[attachments.Attachment],
    result: ImportResult,
) -> None:
    bid = report.bundle_id
    now = db.utc_now()
    c.execute(
        "INSERT INTO received_bundles (bundle_id, exporter_fingerprint, created_at, imported_at,"
        " manifest) VALUES (?, ?, ?, ?, ?)",
        (
            bid,
            report.signer_fingerprint,
            report.created_at,
            now,
            json.dumps(
                {
                    "manifest": b.manifest_bytes.decode("utf-8"),
                    "manifest_sig": b.signature.hex(),
                    "audit": checked.audit_rows,
                },
                ensure_ascii=False,
            ),
        ),
    )
    for rid, places in placements.items():
        for place in places:
            latest = place.new[-1]
            if place.create_row:
                c.execute(
                    "INSERT INTO records (id, form_id, form_version, status, version, created_at,"
                    " updated_at, origin) VALUES (?, ?, ?, 'sealed', ?, ?, ?, 'imported')",
                    (
                        place.stored_id,
                        latest.form_id,
                        latest.form_version,
                        latest.version,
                        now,
                        now,
                    ),
                )
            else:
                c.execute(
                    "UPDATE records SET version = ?, form_version = ?, updated_at = ? WHERE id = ?",
                    (latest.version, latest.form_version, now, place.stored_id),
                )
            with contextlib.suppress(KeyError, forms.FormError):
                form = records.form_for(latest.form_id, latest.form_version)
                derived.derive(c, place.stored_id, form, latest.doc)
            for sv in place.new:
                records.insert_sealed(c, replace(sv, record_id=place.stored_id))
                audit.append(
                    c,
                    "record imported",
                    place.stored_id,
                    version=sv.version,
                    version_hash=sv.version_hash,
                    bundle_id=bid,
                )
                result.versions += 1
            if place.stored_id == rid:
                (result.new_records if place.create_row else result.extended).append(rid)
            else:
                result.forks.append(place.stored_id)
        for sv in checked.versions[rid]:
            stored = next((p.stored_id for p in places if sv in p.new), None)
            if stored is None:
                row = c.execute(
                    "SELECT record_id FROM sealed_versions WHERE version_hash = ?",
                    (sv.version_hash,),
                ).fetchone()
                stored = str(row[0]) if row else rid
            c.execute(
                "INSERT OR IGNORE INTO provenance (record_id, version, bundle_id) VALUES (?, ?, ?)",
                (stored, sv.version, bid),
            )
    recorded = {
        str(m.get("sha256")): m.get("recording")
        for doc in checked.record_docs.values()
        for m in (doc.get("attachments") or [])
        if isinstance(m, dict) and "recording" in m
    }
    for att in att_rows:
        attachments.insert(c, att)
        if att.sha256 in recorded:
            attachments.insert_recording_meta(c, att, recorded[att.sha256])
        audit.append(
            c,
            "attachment imported",
            att.record_id,
            attachment=att.id,
            sha256=att.sha256,
            size=att.size,
            bundle_id=bid,
        )
    result.attachments = len(att_rows)
    audit.append(
        c,
        "bundle imported",
        bid,
        bundle_id=bid,
        exporter=report.signer_fingerprint,
        **(
            {"countersigner": report.countersigner_fingerprint}
            if report.countersigner_fingerprint
            else {}
        ),
        records=sorted(placements),
        versions=result.versions,
        forks=result.forks,
    )
