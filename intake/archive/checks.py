"""The single checks :func:`intake.archive.verify.check_open` runs on an opened bundle: pinned
signers, the signed history, the records and their PDFs, the seals' signers and the audit rows."""

from __future__ import annotations

import io
from dataclasses import replace

from cryptography import x509

import forms
from crypto.errors import (
    SignatureError,
)
from intake.archive.pins import _same_name, seal_fingerprint
from intake.archive.report import Checked, RecordSummary, Report, SealSigner
from intake.capture import seal
from intake.capture.seal import SealedVersion
from intake.handover import bundle
from intake.handover.manifest import Manifest
from intake.vault import audit, history

MAX_PAGES = 100_000


def _check_pinned(report: Report, trusted: dict[str, str], trust_new: bool) -> None:
    """An archive was consulted: the signer must be pinned there. A certificate that claims
    the name of a pinned interviewer with another key is called out as an impersonation."""
    fp = report.signer_fingerprint
    report.archive_consulted = True
    report.pinned_name = trusted.get(fp)
    if report.pinned_name is not None or not fp:
        return
    report.impersonates = [
        f"{name} ({other})"
        for other, name in trusted.items()
        if other != fp and _same_name(name, report.exporter_name)
    ]
    if trust_new:
        return
    claimed = report.exporter_name[:100]
    if report.impersonates:
        report.problems.append(
            f"{bundle.CERTIFICATE}: POSSIBLE IMPERSONATION: the certificate claims the name"
            f" {claimed!r} of the pinned interviewer {'; '.join(report.impersonates)},"
            f" but is signed by another key, {fp}"
        )
    report.problems.append(
        f"{bundle.CERTIFICATE}: signer {fp} ({claimed!r} by its own claim) is not pinned in"
        " this archive: compare the fingerprint with the interviewer out of band, then pin it"
        " (`intake trust add`) or import with --trust-new"
    )


def _check_history(
    m: Manifest,
    raw: bytes | None,
    cert: x509.Certificate | None,
    entries: list[audit.Entry],
    report: Report,
    checked: Checked,
    held: dict[str, dict[int, str]] | None,
    accept_fork: bool = False,
) -> None:
    """Format 3: the signed head, the chain of heads up to it, the custody entry at it; and,
    when an archive's heads are given, how this history relates to the one it holds."""
    version = m.format_version
    if version != bundle.HISTORY_VERSION:
        report.history_status = "none"
        report.history = f"not carried (bundle format {version}, made before anchored history)"
        return
    problems = report.problems
    try:
        head = history.Checkpoint.from_json(m.history)
    except ValueError:
        problems.append(f"{bundle.MANIFEST}: the signed history head is missing or malformed")
        return
    report.history_counter = head.counter
    if cert is not None:
        try:
            head.verify(cert)
        except SignatureError:
            problems.append(f"{bundle.HISTORY}: the history head's signature does not verify")
    if raw is None:
        problems.append(f"{bundle.HISTORY}: missing or unreadable")
        return
    try:
        chain = history.parse_chain(bundle.parse_json(raw, bundle.HISTORY))
    except ValueError as e:
        problems.append(f"{bundle.HISTORY}: not a chain of checkpoints ({e})")
        return
    if max(chain) != head.counter or chain[head.counter] != head.head:
        problems.append(f"{bundle.HISTORY}: does not end at the signed head")
        return
    custody = [
        e for e in entries
        if e.action == "exported" and e.detail.get("bundle_id") == report.bundle_id
    ]
    if custody and (custody[-1].seq, custody[-1].hash) != (head.counter, head.head):
        problems.append(f"{bundle.HISTORY}: the signed head is not this bundle's custody entry")
    checked.chain = chain
    if held is None:
        report.history_status = "unchecked"
        report.history = (
            f"signed head at checkpoint {head.counter} (no archive consulted: not compared"
            " with earlier bundles)"
        )
        return
    comparison = history.compare(held.get(report.signer_fingerprint, {}), chain)
    report.history_status = comparison.status
    report.history = comparison.describe()
    if comparison.status == "fork" and not accept_fork:
        problems.append(f"{bundle.HISTORY}: {comparison.describe()}")


def _check_records(
    m: Manifest,
    contents: dict[str, bytes],
    cert: x509.Certificate | None,
    report: Report,
    checked: Checked,
) -> None:
    from crypto import pdfsign  # pyhanko: loaded only when a bundle is read
    problems = report.problems
    for r in m.records:
        rid = r.id
        where = bundle.record_json(rid)
        summary = RecordSummary(rid, r.reference, r.profile, 0, 0)
        report.records.append(summary)
        raw = contents.get(where)
        if raw is None:
            problems.append(f"{where}: missing or unreadable")
            continue
        doc = bundle.parse_json(raw, where)
        versions: list[SealedVersion] = []
        try:
            if not isinstance(doc, dict) or doc.get("record_id") != rid:
                raise TypeError("record id")
            versions = [SealedVersion.from_json(v) for v in doc["versions"]]
            if not versions:
                raise ValueError("no versions")
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: not a record of {rid} with sealed versions")
            continue
        checked.versions[rid] = versions
        checked.record_docs[rid] = doc
        summary.versions = len(versions)
        summary.attachments = len(doc.get("attachments", []) or [])
        prev: SealedVersion | None = None
        for i, sv in enumerate(versions, start=1):
            if sv.record_id != rid or sv.version != i:
                problems.append(f"{where}: version {i} is out of order or foreign")
            problems.extend(f"{where}: {p}" for p in seal.check(sv, prev))
            prev = sv
        if r.latest_version_hash != versions[-1].version_hash or r.versions != len(versions):
            problems.append(f"{where}: does not match the manifest's record entry")
        schema_at = bundle.schema_json(rid)
        schema_raw = contents.get(schema_at)
        if schema_raw is not None:
            schema = bundle.parse_json(schema_raw, schema_at)
            try:
                validator = forms.schema_validator(schema)
                for sv in versions:
                    errors = list(validator.iter_errors(sv.doc))
                    if errors:
                        problems.append(
                            f"{where}: version {sv.version} does not"
                            f" validate against schema.json ({len(errors)} errors)"
                        )
            except Exception as e:  # noqa: BLE001 - a hostile schema fails in many ways
                problems.append(
                    f"{schema_at}: not a usable JSON Schema ({type(e).__name__})"
                )
        else:
            problems.append(f"{schema_at}: missing or unreadable")
        pdf_at = bundle.statement_pdf(rid)
        pdf = contents.get(pdf_at)
        if pdf is None:
            problems.append(f"{pdf_at}: missing or unreadable")
        elif cert is not None:
            try:
                pdfsign.verify_pdf(io.BytesIO(pdf), trusted=cert)
                checked.statements[rid] = (pdf, pdf_page_count(pdf))
            except SignatureError as e:
                problems.append(f"{pdf_at}: {e}")
            except ValueError as e:
                problems.append(f"{pdf_at}: {e}")


def pdf_page_count(untrusted_pdf: bytes) -> int:
    """The page count a PDF held in memory declares (pyhanko's reader); ValueError if none."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(untrusted_pdf), strict=True)
        count = reader.root["/Pages"]["/Count"]
    except Exception as e:  # noqa: BLE001 - a hostile PDF fails in many ways
        raise ValueError(f"no readable page count ({type(e).__name__})") from None
    if type(count) is bool or not isinstance(count, int) or not 0 < count <= MAX_PAGES:
        raise ValueError("no readable page count")
    return int(count)


def _check_seal_signers(
    report: Report, checked: Checked, trusted: dict[str, str] | None
) -> None:
    """Name the key behind each sealed version; a version sealed by another key than the
    exporter's is a problem unless the archive (``trusted``) pins that key."""
    exporter = report.signer_fingerprint
    signers: dict[str, SealSigner] = {}
    for summary in report.records:
        by_signer: dict[str, list[int]] = {}
        for sv in checked.versions.get(summary.id, []):
            fp, name = seal_fingerprint(sv)
            summary.signers.append(fp)
            by_signer.setdefault(fp, []).append(sv.version)
            pinned = trusted.get(fp) if trusted is not None else None
            s = signers.setdefault(fp, SealSigner(fp, name, [], fp == exporter, pinned))
            s.versions.append(f"{summary.id} v{sv.version}")
            if sv.countersigner_cert:
                cfp, _ = seal_fingerprint(replace(sv, signer_cert=sv.countersigner_cert))
                report.countersigned_versions.setdefault(cfp, []).append(s.versions[-1])
        for fp, numbers in by_signer.items():
            if not exporter or fp == exporter or (trusted is not None and fp in trusted):
                continue
            which = ", ".join(str(n) for n in numbers)
            why = (
                "neither the exporter nor pinned in this archive"
                if trusted is not None
                else "not the exporter (no archive's pinned keys were consulted)"
            )
            report.problems.append(
                f"{bundle.record_json(summary.id)}: version {which} sealed by {fp}, {why}"
            )
    report.seal_signers = list(signers.values())


def _check_audit(raw: bytes | None, report: Report, checked: Checked) -> list[audit.Entry]:
    problems = report.problems
    if raw is None:
        problems.append(f"{bundle.AUDIT}: missing or unreadable")
        return []
    rows = bundle.parse_json(raw, bundle.AUDIT)
    entries: list[audit.Entry] = []
    try:
        for r in rows:
            entries.append(
                audit.Entry(
                    int(r["seq"]),
                    str(r["at"]),
                    str(r["action"]),
                    str(r["object"]),
                    dict(r["detail"]),
                    str(r["prev_hash"]),
                    str(r["hash"]),
                )
            )
    except (KeyError, TypeError, ValueError):
        problems.append(f"{bundle.AUDIT}: not a list of audit entries")
        return []
    checked.audit_rows = [e.to_json() for e in entries]
    for i, e in enumerate(entries):
        if audit.entry_hash(e.prev_hash, e.seq, e.at, e.action, e.object, e.detail) != e.hash:
            problems.append(f"{bundle.AUDIT}: row {e.seq} does not match its hash")
        if i and e.seq <= entries[i - 1].seq:
            problems.append(f"{bundle.AUDIT}: row {e.seq} is out of order")
        if i and e.seq == entries[i - 1].seq + 1 and e.prev_hash != entries[i - 1].hash:
            problems.append(f"{bundle.AUDIT}: row {e.seq} does not follow row {e.seq - 1}")
    if not any(
        e.action == "exported" and e.detail.get("bundle_id") == report.bundle_id for e in entries
    ):
        problems.append(f"{bundle.AUDIT}: no custody entry for this bundle")
    return entries
