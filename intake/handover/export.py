"""Export: sealed records to a signed, age-encrypted handover bundle (see docs/bundle.md).

Consent is checked for every record and every recipient class before anything
is written. The ZIP streams through age into a temp file beside the target,
renamed only when complete; the custody entry ("exported") is committed to the
vault's audit log in the same step, so a cancelled or failed export leaves no
file and no audit entry.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import mimetypes
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crypto.errors import Cancelled
from crypto.sign import SigningIdentity
from intake import files
from intake.capture import attachments, countersign, records
from intake.errors import ConsentRefused, ProtectedTextFound, UsageError
from intake.handover import bundle, pack, rendering
from intake.handover import statement as pdfstatement
from intake.handover.consent import PROFILES, RecordPlan, each_plan
from intake.handover.manifest import Exporter, Manifest, RecordEntry
from intake.handover.model import Statement
from intake.handover.recipients import resolve_recipients
from intake.vault import Vault, audit, history, tallies
from intake.vault.db import utc_now

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Handover:
    """One export of a record, from the audit log."""

    at: str
    bundle_id: str
    recipients: list[dict[str, str]]  # name, class, recipient
    profile: str  # the profile applied to this record


def handover_history(vault: Vault, record_id: str) -> list[Handover]:
    """When and to whom ``record_id`` was handed over, oldest first (the audit log's rows)."""
    rows = vault.query(
        "SELECT at, detail FROM audit WHERE action = 'exported' AND instr(detail, ?) > 0"
        " ORDER BY seq",
        (record_id,),
    )
    out = []
    for at, raw in rows:
        detail = json.loads(raw)
        if record_id in detail.get("records", []):
            out.append(
                Handover(
                    at,
                    str(detail.get("bundle_id", "")),
                    list(detail.get("recipients", [])),
                    str(detail.get("profiles", {}).get(record_id, "")),
                )
            )
    return out



# -- writing -----------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    bundle_id: str
    path: Path
    records: list[str]
    profiles: dict[str, str]  # record id -> profile applied
    downgraded: list[str]  # records asked for `full` that went redacted
    files: int
    bytes_written: int
    sha256: str  # of the bundle file, to read out to the legal team


def _attachment_name(att: attachments.Attachment, profile: str) -> str:
    if profile == "full":
        return bundle.safe_part(att.filename, "attachment")
    ext = mimetypes.guess_extension(att.media_type) or ".bin"
    return "attachment" + ext


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def export_bundle(
    vault: Vault,
    record_ids: list[str],
    to: list[str],
    out: Path,
    *,
    profile: str = "redacted",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    countersigner: SigningIdentity | None = None,
    klass: str | None = None,
) -> ExportResult:
    """Write one bundle with ``record_ids`` for the recipients ``to`` (registered names or
    keys, or bare keys of consent class ``klass``), countersigned by the pinned supervisor's
    ``countersigner`` if given (or if policy says)."""
    if profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r} (redacted or full)")
    if not record_ids:
        raise UsageError("name at least one record to export")
    if out.exists():
        raise UsageError(
            f"{out} already exists: choose another name", code="export.exists", detail=str(out)
        )
    if not out.parent.is_dir():
        raise UsageError(f"no folder {out.parent}", code="export.no_folder", detail=str(out.parent))
    # An export killed midway (power cut, SIGKILL) left its encrypted temp file here; a
    # cancelled or failed one removes its own (files.atomic_writer).
    files.remove_partials(out.parent)
    with rendering.Workers(len(set(record_ids))) as workers:  # they start while we plan
        return _export(
            vault, record_ids, to, out, profile, progress, cancel, countersigner, klass, workers
        )


def _export(
    vault: Vault,
    record_ids: list[str],
    to: list[str],
    out: Path,
    profile: str,
    progress: Progress | None,
    cancel: Cancel | None,
    countersigner: SigningIdentity | None,
    klass: str | None,
    workers: rendering.Workers,
) -> ExportResult:
    recipients = resolve_recipients(vault, to, klass)
    created_at = utc_now()
    when = datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    identity = vault.identity
    name, org = vault.owner
    signer = f"{name} ({org})" if org else name
    # Each record is planned and checked, then its statement goes to be laid out while the
    # next is planned; nothing is written before every record has passed.
    prepared: list[_Prepared] = []
    for plan in each_plan(vault, record_ids, to, profile, klass):
        if plan.refusals:
            raise ConsentRefused(plan.refusal_message(), detail=plan.shown)
        if plan.leaks:
            raise ProtectedTextFound(
                f"{plan.label}, {plan.leaks[0]}; nothing was exported", detail=plan.shown
            )
        prepared.append(_prepare(vault, plan, signer, identity, when, workers))
    plans = [p.plan for p in prepared]
    counter = countersign.countersigner_for(vault, "handover", countersigner)

    bundle_id = secrets.token_hex(16)
    total = max(sum(a.size for p in plans for a in p.attachments), 1)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), total)

    digest = hashlib.sha256()
    renamed = False
    try:
        with contextlib.ExitStack() as commit_last:
            to_keys = [r.recipient for r in recipients]
            with pack.encrypted_zip(out, to_keys, digest, size_hint=total) as zf:
                w = pack.BundleWriter(zf, when.timetuple()[:6])
                for prep in prepared:  # (an error or a cancel stops the workers on the way out)
                    _write_record(vault, w, prep, signer, identity, when, step, cancel)
                if cancel is not None and cancel():
                    raise Cancelled("export cancelled")
                # The tail runs inside the vault transaction, committed only after the rename.
                c = commit_last.enter_context(vault.transaction())
                entry = audit.append(
                    c,
                    "exported",
                    bundle_id,
                    bundle_id=bundle_id,
                    recipients=[r.to_json() for r in recipients],
                    records=[p.record.id for p in plans],
                    version_hashes=[sv.version_hash for p in plans for sv in p.versions],
                    profiles={p.record.id: p.profile for p in plans},
                    **({"countersigner": counter.fingerprint} if counter is not None else {}),
                )
                head = history.checkpoint(c, identity, entry)  # the signed head, carried below
                w.add_bytes(
                    bundle.HISTORY,
                    _dumps(history.chain_document(c, identity.fingerprint)),
                    "application/json",
                    "history",
                )
                log = sorted(
                    {e.seq: e for p in plans for e in audit.entries(c, p.record.id)}.values(),
                    key=lambda e: e.seq,
                )
                w.add_bytes(
                    bundle.AUDIT,
                    _dumps([e.to_json() for e in [*log, entry]]),
                    "application/json",
                    "audit",
                )
                with tallies.kept(c, [p.record.id for p in plans]):
                    c.executemany(
                        "UPDATE records SET exported_at = ? WHERE id = ?",
                        [(created_at, p.record.id) for p in plans],
                    )
                manifest = Manifest(
                    bundle.HISTORY_VERSION,
                    bundle_id,
                    created_at,
                    Exporter(name, org, identity.fingerprint, identity.cert_pem().decode("ascii")),
                    [r.to_json() for r in recipients],
                    profile,
                    [_manifest_record(p) for p in plans],
                    list(w.entries),
                    head.to_json(),
                    countersign.describe(counter.certificate) if counter is not None else None,
                )
                body = bundle.canonical(manifest.to_json())
                w.add_bytes(bundle.MANIFEST, body, "application/json", "manifest", listed=False)
                w.add_bytes(
                    bundle.SIGNATURE,
                    identity.sign(body),
                    "application/octet-stream",
                    "signature",
                    listed=False,
                )
                w.add_bytes(
                    bundle.CERTIFICATE,
                    identity.cert_pem(),
                    "application/x-pem-file",
                    "certificate",
                    listed=False,
                )
                if counter is not None:  # the same manifest bytes, signed by the supervisor
                    for name, data, kind in (
                        (bundle.COUNTERSIGNATURE, counter.sign(body), "countersignature"),
                        (bundle.COUNTERSIGNER, counter.cert_pem(), "countersigner"),
                    ):
                        w.add_bytes(name, data, "application/octet-stream", kind, listed=False)
            renamed = True
    except BaseException:
        if renamed:  # the commit itself failed after the file was in place
            out.unlink(missing_ok=True)
        raise
    history.remember(vault, head)
    step(0)
    return ExportResult(
        bundle_id,
        out,
        [p.record.id for p in plans],
        {p.record.id: p.profile for p in plans},
        [p.record.id for p in plans if profile == "full" and p.profile != "full"],
        len(w.entries),
        out.stat().st_size,
        digest.hexdigest(),
    )


def _manifest_record(p: RecordPlan) -> RecordEntry:
    latest = p.versions[-1]
    return RecordEntry(
        p.record.id,
        p.record.reference,
        p.profile,
        len(p.versions),
        latest.version_hash,
        {
            "form": {"id": latest.form_id, "version": latest.form_version},
            "attachments": len(p.attachments),
            "attachments_withheld": len(p.withheld),
            "withheld_attachments": [w.to_json() for w in p.withheld],
            "third_party": "disclosed" if p.third_party else "withheld",
        },
    )


@dataclass
class _Prepared:
    """A record's files before its statement is rendered."""

    plan: RecordPlan
    record_json: bytes
    schema_json: bytes
    attachment_meta: list[dict[str, Any]]
    statement: Statement  # its signer named
    plain_pdf: Callable[[], bytes]  # the statement laid out (not yet PDF/A, not signed)


@functools.lru_cache(maxsize=8)
def _schema_json(form_id: str, version: int) -> bytes:
    """The JSON Schema of a form version as it goes into the bundle (the same for each of
    its records)."""
    return _dumps(records.form_for(form_id, version).json_schema())


def _prepare(
    vault: Vault, plan: RecordPlan, interviewer: str, identity: Any, when: datetime,
    workers: rendering.Workers,
) -> _Prepared:  # fmt: skip
    rid = plan.record.id
    latest = plan.versions[-1]
    form = records.form_for(latest.form_id, latest.form_version)
    lines: list[pdfstatement.AttachmentLine] = []
    att_meta = []
    for att in plan.attachments:
        path = bundle.attachment_path(rid, att.id, _attachment_name(att, plan.profile))
        meta: dict[str, Any] = {
            "id": att.id,
            "path": path,
            "media_type": att.media_type,
            "size": att.size,
            "sha256": att.sha256,
            "captured_at": att.captured_at,
            "added_at": att.added_at,
            "kind": att.kind,
        }
        recorded = attachments.recording_meta(vault, att.id)
        if recorded:  # recorded in the app: its duration and capture device
            meta["recording"] = recorded
        if plan.profile == "full":
            meta.update(filename=att.filename, note=att.note)
        att_meta.append(meta)
        lines.append(
            pdfstatement.AttachmentLine(
                path.rsplit("/", 1)[-1], att.sha256, att.size, att.media_type
            )
        )
    doc = {
        "format": "testimony-intake-record",
        "record_id": rid,
        "reference": plan.record.reference,
        "form": {"id": latest.form_id, "version": latest.form_version},
        "profile": plan.profile,
        "versions": [sv.to_json() for sv in plan.versions],
        "attachments": att_meta,
        "withheld_attachments": [w.to_json() for w in plan.withheld],
    }
    st = pdfstatement.build_statement(
        form,
        plan.versions,
        profile=plan.profile,
        interviewer=interviewer,
        attachments=lines,
        withheld_attachments=[w.to_json() for w in plan.withheld],
    )
    pdfstatement.name_signer(st, identity, interviewer, when)
    pdf = workers.submit(st)
    schema = _schema_json(latest.form_id, latest.form_version)
    return _Prepared(plan, _dumps(doc), schema, att_meta, st, pdf)


def _write_record(
    vault: Vault,
    w: pack.BundleWriter,
    prep: _Prepared,
    interviewer: str,
    identity: Any,
    when: datetime,
    step: Callable[[int], None],
    cancel: Cancel | None,
) -> None:
    rid = prep.plan.record.id
    w.add_bytes(bundle.record_json(rid), prep.record_json, "application/json", "record")
    w.add_bytes(bundle.schema_json(rid), prep.schema_json, "application/json", "schema")
    embedded = [
        ("record.json", prep.record_json, "application/json",
         "The record as exported (record.json)"),
        ("schema.json", prep.schema_json, "application/schema+json",
         "JSON Schema of the record's form"),
    ]  # fmt: skip
    pdf = io.BytesIO()
    pdfstatement.sign_rendered(
        prep.statement, prep.plain_pdf(), identity, interviewer, pdf, when, embedded
    )
    w.add_bytes(bundle.statement_pdf(rid), pdf.getvalue(), "application/pdf", "statement")
    for att, meta in zip(prep.plan.attachments, prep.attachment_meta, strict=True):
        if cancel is not None and cancel():
            raise Cancelled("export cancelled")
        # The SHA-256 recorded at capture goes into the manifest: decrypt_to authenticates every
        # chunk (bound to this attachment's id and position) and checks the size, so the bytes
        # are the ones that were hashed, without hashing a gigabyte again.
        with w.add_stream(
            meta["path"], att.media_type, "attachment", step, cancel, sha256=att.sha256
        ) as sink:
            attachments.decrypt_to(vault, att, sink, cancel=cancel, check_sha256=False)
