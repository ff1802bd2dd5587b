"""The receiving side: verify a handover bundle, pin interviewers' keys, import into an archive.

Verification needs only the age identity: it checks every file hash in the
manifest, the manifest signature, every sealed version's signature and chain,
every PDF signature (by the exporter), the JSON against the bundled schema and
the included audit rows. Each sealed version's signer must be the exporter or
a key the archive pins. Import verifies first, then writes everything in one
vault transaction; attachment and statement blobs are written before it and
removed if it fails. The signed PDF statements are kept (encrypted, like
attachments) so the archive can show them without the bundle file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from cryptography import x509
from cryptography.x509.oid import NameOID

import forms
from crypto import sign, stream
from crypto.errors import Cancelled, FormatError, SignatureError
from intake.capture import attachments, countersign, records, seal
from intake.capture.seal import SealedVersion
from intake.errors import CheckFailed, UsageError
from intake.handover import bundle
from intake.handover.bundle import BundleError, OpenBundle
from intake.vault import Vault, audit, history
from intake.vault.db import utc_now

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
FORK_MARK = seal.FORK_MARK
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_BLOCK = 1024 * 1024
MAX_PAGES = 100_000
STATEMENT_COLUMNS = (
    "record_id, version, bundle_id, blob_id, sha256, size, pages, profile, imported_at"
)


# -- pinned interviewer keys ---------------------------------------------------------


def normalise_fingerprint(text: str) -> str:
    """'BD37 DD3C …' from any spacing, colons or case; UsageError unless 64 hex digits."""
    digits = re.sub(r"[\s:]", "", text[:200]).upper()
    if not re.fullmatch(r"[0-9A-F]{64}", digits):
        raise UsageError("a fingerprint is 64 hexadecimal digits (as `intake identity` shows)")
    return " ".join(digits[i : i + 4] for i in range(0, 64, 4))


def trust(vault: Vault, fingerprint: str, name: str, organisation: str = "") -> str:
    fp = normalise_fingerprint(fingerprint)
    name = name.strip()
    if not 0 < len(name) <= 200 or not name.isprintable():
        raise UsageError("a trusted signer's name must be 1-200 printable characters")
    with vault.transaction() as c:
        _pin(c, fp, name, organisation)
    return fp


def _pin(c: Any, fp: str, name: str, organisation: str, **detail: Any) -> None:
    c.execute(
        "INSERT INTO trusted_signers (fingerprint, name, organisation, added_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET name = excluded.name,"
        " organisation = excluded.organisation",
        (fp, name, organisation[:200], utc_now()),
    )
    audit.append(c, "signer trusted", fp, **detail)


def trusted_signers(vault: Vault) -> dict[str, str]:
    return {
        str(fp): str(n)
        for fp, n in vault.query("SELECT fingerprint, name FROM trusted_signers ORDER BY name")
    }


# -- verification ----------------------------------------------------------------------


@dataclass
class RecordSummary:
    id: str
    reference: str
    profile: str
    versions: int
    attachments: int
    signers: list[str] = field(default_factory=list)  # seal signer fingerprint per version


@dataclass
class SealSigner:
    """A key that sealed versions in the bundle (the certificate's name is a claim, the
    fingerprint is what to compare out of band)."""

    fingerprint: str
    name: str
    versions: list[str]  # "<record id> v<n>"
    is_exporter: bool
    pinned_name: str | None


@dataclass
class Report:
    bundle_id: str = ""
    created_at: str = ""
    exporter_name: str = ""
    exporter_organisation: str = ""
    signer_fingerprint: str = ""
    pinned_name: str | None = None
    profile: str = ""
    recipients: list[dict[str, str]] = field(default_factory=list)
    records: list[RecordSummary] = field(default_factory=list)
    seal_signers: list[SealSigner] = field(default_factory=list)
    countersigner_fingerprint: str = ""  # the supervisor who countersigned the manifest
    countersigner_name: str = ""
    countersigner_pinned_name: str | None = None
    countersigned_versions: dict[str, list[str]] = field(default_factory=dict)  # fp -> versions
    archive_consulted: bool = False  # the signer was looked up in an archive's pinned keys
    impersonates: list[str] = field(default_factory=list)  # pinned "name (fp)" of the same name
    history_status: str = ""  # none, unchecked, first, extends, same, older, fork
    history: str = ""  # one line for people
    history_counter: int = 0
    files: int = 0
    attachments: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ok"] = self.ok
        return out


@dataclass
class _Checked:
    """What verification parsed, for import to use."""

    manifest: dict[str, Any]
    versions: dict[str, list[SealedVersion]]
    record_docs: dict[str, dict[str, Any]]
    audit_rows: list[dict[str, Any]]
    statements: dict[str, tuple[bytes, int]] = field(default_factory=dict)  # id -> (PDF, pages)
    chain: dict[int, str] = field(default_factory=dict)  # the exporter's checkpoints (format 3)


def _str(d: dict[str, Any], key: str, what: str) -> str:
    v = d.get(key)
    if not isinstance(v, str):
        raise BundleError(f"manifest: {what} {key} is missing or not text")
    return v


def _manifest_files(m: dict[str, Any]) -> dict[str, dict[str, Any]]:
    listed: dict[str, dict[str, Any]] = {}
    entries = m.get("files")
    if not isinstance(entries, list):
        raise BundleError("manifest: files is not a list")
    for e in entries:
        if not isinstance(e, dict):
            raise BundleError("manifest: a file entry is not an object")
        path, digest, size = e.get("path"), e.get("sha256"), e.get("size")
        if not isinstance(path, str) or not isinstance(digest, str) or type(size) is not int:
            raise BundleError("manifest: a file entry lacks path, sha256 or size")
        bundle.check_name(path)
        if path in listed or path in bundle.CONTROL_FILES + bundle.COUNTERSIGN_FILES:
            raise BundleError(f"manifest: {path} is listed twice or is a control file")
        listed[path] = e
    return listed


def _hash_entry(
    b: OpenBundle,
    name: str,
    keep: bool,
    step: Callable[[int], None],
    cancel: Cancel | None,
    hasher: stream.Stage,
) -> tuple[str, int, bytes | None]:
    """SHA-256 and size of one entry (and its bytes when ``keep``). The hash runs a block
    behind on ``hasher``'s thread, beside this thread's decryption and CRC-32 of the next."""
    from crypto import pdfsign  # pyhanko: loaded only when a bundle is read

    digest, size, kept = hashlib.sha256(), 0, io.BytesIO() if keep else None
    with b.open(name) as f:
        while True:
            if cancel is not None and cancel():
                raise Cancelled("verification cancelled")
            block = f.read(_BLOCK)
            if not block:
                break
            hasher.submit(digest.update, block)
            size += len(block)
            step(len(block))
            if kept is not None:
                if size > pdfsign.MAX_PDF_BYTES:
                    raise BundleError(f"{name}: too large to check")
                kept.write(block)
    hasher.finish()
    return digest.hexdigest(), size, kept.getvalue() if kept is not None else None


def check_open(
    b: OpenBundle,
    *,
    trusted: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    require_countersignature: bool = False,
    held: dict[str, dict[int, str]] | None = None,
    trust_new: bool = False,
    accept_fork: bool = False,
) -> tuple[Report, _Checked]:
    """Verify an opened bundle; every failure becomes a line of ``report.problems``.

    ``trusted`` (an archive's pinned keys) makes an unpinned signer a problem, unless
    ``trust_new`` (the user checked the fingerprint out of band); ``held`` (the heads that
    archive holds per key) makes a history that forks from them a problem."""
    m = b.manifest
    report = Report()
    problems = report.problems
    exporter = m.get("exporter")
    if not isinstance(exporter, dict):
        raise BundleError("manifest: exporter is missing")
    report.bundle_id = _str(m, "bundle_id", "bundle")
    report.created_at = _str(m, "created_at", "bundle")
    report.profile = str(m.get("profile", ""))
    report.exporter_name = _str(exporter, "name", "exporter")
    report.exporter_organisation = str(exporter.get("organisation", ""))
    if not _ID.match(report.bundle_id):
        raise BundleError("manifest: bundle_id is not a plain id")
    recips = m.get("recipients")
    if isinstance(recips, list):
        report.recipients = [
            {k: str(v) for k, v in r.items()} for r in recips if isinstance(r, dict)
        ]

    # The manifest and its signature.
    if bundle.canonical(m) != b.manifest_bytes:
        problems.append(f"{bundle.MANIFEST}: not in canonical (RFC 8785) form")
    cert: x509.Certificate | None = None
    try:
        loaded = sign.load_certificate(b.certificate_pem)
        report.signer_fingerprint = sign.fingerprint(loaded)  # ValueError on a broken key
        cert = loaded
        sign.verify(cert, b.manifest_bytes, b.signature)
    except (FormatError, ValueError):
        problems.append(f"{bundle.CERTIFICATE}: not a usable PEM certificate")
    except SignatureError:
        problems.append(f"{bundle.SIGNATURE}: the signature over {bundle.MANIFEST} does not verify")
    if cert is not None:
        if exporter.get("fingerprint") != report.signer_fingerprint:
            problems.append(
                f"{bundle.MANIFEST}: exporter fingerprint is not {bundle.CERTIFICATE}'s"
            )
        if str(exporter.get("certificate", "")).encode("ascii", "replace") != b.certificate_pem:
            problems.append(
                f"{bundle.MANIFEST}: exporter certificate differs from {bundle.CERTIFICATE}"
            )
    if trusted is not None:
        _check_pinned(report, trusted, trust_new)
    counter = countersign.check_manifest(
        m,
        b.manifest_bytes,
        b.countersignature,
        b.countersigner_pem,
        require=require_countersignature,
    )
    problems.extend(counter.problems)
    report.countersigner_fingerprint, report.countersigner_name = counter.fingerprint, counter.name
    if trusted is not None and counter.fingerprint:
        report.countersigner_pinned_name = trusted.get(counter.fingerprint)

    # Every file: listed, present, same size, same hash.
    listed = _manifest_files(m)
    present = set(b.infos) - set(bundle.CONTROL_FILES) - set(bundle.COUNTERSIGN_FILES)
    for name in sorted(present - set(listed)):
        problems.append(f"{name}: in the bundle but not listed in the manifest")
    for name in sorted(set(listed) - present):
        problems.append(f"{name}: listed in the manifest but missing from the bundle")
    total = max(sum(b.size(n) for n in present & set(listed)), 1)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), total)

    contents: dict[str, bytes] = {}
    hasher = stream.Stage("bundle-hash")  # one thread for every entry's hash
    try:
        for name in sorted(present & set(listed)):
            entry = listed[name]
            keep = name in (bundle.AUDIT, bundle.HISTORY) or (
                name.count("/") == 2
                and name.endswith(("/record.json", "/schema.json", "/statement.pdf"))
            )
            try:
                digest, size, data = _hash_entry(b, name, keep, step, cancel, hasher)
            except (*bundle.DAMAGED_ENTRY, OSError, ValueError) as e:
                problems.append(f"{name}: damaged inside the ZIP ({type(e).__name__})")
                continue
            if size != entry["size"]:
                problems.append(f"{name}: size {size} differs from the manifest ({entry['size']})")
            if digest != entry["sha256"]:
                problems.append(f"{name}: SHA-256 does not match the manifest")
            if data is not None:
                contents[name] = data
            if entry.get("kind") == "attachment":
                report.attachments += 1
    finally:
        hasher.close()
    report.files = len(listed)

    checked = _Checked(m, {}, {}, [])
    _check_records(m, contents, cert, report, checked)
    _check_seal_signers(report, checked, trusted)
    entries = _check_audit(contents.get(bundle.AUDIT), report, checked)
    _check_history(
        m, contents.get(bundle.HISTORY), cert, entries, report, checked, held, accept_fork
    )
    return report, checked


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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
    m: dict[str, Any],
    raw: bytes | None,
    cert: x509.Certificate | None,
    entries: list[audit.Entry],
    report: Report,
    checked: _Checked,
    held: dict[str, dict[int, str]] | None,
    accept_fork: bool = False,
) -> None:
    """Format 3: the signed head, the chain of heads up to it, the custody entry at it; and,
    when an archive's heads are given, how this history relates to the one it holds."""
    version = m.get("format_version")
    if version != bundle.HISTORY_VERSION:
        report.history_status = "none"
        report.history = f"not carried (bundle format {version}, made before anchored history)"
        return
    problems = report.problems
    try:
        head = history.Checkpoint.from_json(m.get("history"))
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
    m: dict[str, Any],
    contents: dict[str, bytes],
    cert: x509.Certificate | None,
    report: Report,
    checked: _Checked,
) -> None:
    from crypto import pdfsign  # pyhanko: loaded only when a bundle is read
    problems = report.problems
    entries = m.get("records")
    if not isinstance(entries, list) or not entries:
        raise BundleError("manifest: records is missing or empty")
    for r in entries:
        if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not _ID.match(r["id"]):
            raise BundleError("manifest: a record entry has no plain id")
        rid = r["id"]
        base = f"records/{rid}"
        summary = RecordSummary(rid, str(r.get("reference", "")), str(r.get("profile", "")), 0, 0)
        report.records.append(summary)
        raw = contents.get(f"{base}/record.json")
        if raw is None:
            problems.append(f"{base}/record.json: missing or unreadable")
            continue
        doc = bundle.parse_json(raw, f"{base}/record.json")
        versions: list[SealedVersion] = []
        try:
            if not isinstance(doc, dict) or doc.get("record_id") != rid:
                raise TypeError("record id")
            versions = [SealedVersion.from_json(v) for v in doc["versions"]]
            if not versions:
                raise ValueError("no versions")
        except (KeyError, TypeError, ValueError):
            problems.append(f"{base}/record.json: not a record of {rid} with sealed versions")
            continue
        checked.versions[rid] = versions
        checked.record_docs[rid] = doc
        summary.versions = len(versions)
        summary.attachments = len(doc.get("attachments", []) or [])
        prev: SealedVersion | None = None
        for i, sv in enumerate(versions, start=1):
            if sv.record_id != rid or sv.version != i:
                problems.append(f"{base}/record.json: version {i} is out of order or foreign")
            problems.extend(f"{base}/record.json: {p}" for p in seal.check(sv, prev))
            prev = sv
        if r.get("latest_version_hash") != versions[-1].version_hash or r.get("versions") != len(
            versions
        ):
            problems.append(f"{base}/record.json: does not match the manifest's record entry")
        schema_raw = contents.get(f"{base}/schema.json")
        if schema_raw is not None:
            schema = bundle.parse_json(schema_raw, f"{base}/schema.json")
            try:
                validator = forms.schema_validator(schema)
                for sv in versions:
                    errors = list(validator.iter_errors(sv.doc))
                    if errors:
                        problems.append(
                            f"{base}/record.json: version {sv.version} does not"
                            f" validate against schema.json ({len(errors)} errors)"
                        )
            except Exception as e:  # noqa: BLE001 - a hostile schema fails in many ways
                problems.append(
                    f"{base}/schema.json: not a usable JSON Schema ({type(e).__name__})"
                )
        else:
            problems.append(f"{base}/schema.json: missing or unreadable")
        pdf = contents.get(f"{base}/statement.pdf")
        if pdf is None:
            problems.append(f"{base}/statement.pdf: missing or unreadable")
        elif cert is not None:
            try:
                pdfsign.verify_pdf(io.BytesIO(pdf), trusted=cert)
                checked.statements[rid] = (pdf, pdf_page_count(pdf))
            except SignatureError as e:
                problems.append(f"{base}/statement.pdf: {e}")
            except ValueError as e:
                problems.append(f"{base}/statement.pdf: {e}")


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


def seal_fingerprint(sv: SealedVersion) -> tuple[str, str]:
    """(fingerprint, common name) of the certificate a version carries; the envelope's
    signer if the certificate is unreadable (seal.check has then named the version)."""
    try:
        cert = sign.load_certificate(sv.signer_cert.encode("ascii"))
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return sign.fingerprint(cert), str(names[0].value) if names else ""
    except (FormatError, ValueError, UnicodeEncodeError):
        return sv.signer, ""


def _check_seal_signers(
    report: Report, checked: _Checked, trusted: dict[str, str] | None
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
                f"records/{summary.id}/record.json: version {which} sealed by {fp}, {why}"
            )
    report.seal_signers = list(signers.values())


def _check_audit(raw: bytes | None, report: Report, checked: _Checked) -> list[audit.Entry]:
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


def verify(
    path: Path,
    identity_text: str,
    *,
    trusted: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    require_countersignature: bool = False,
    held: dict[str, dict[int, str]] | None = None,
) -> Report:
    """Verify the bundle at ``path``. WrongIdentity, BundleError (unreadable) or a Report.
    With an archive's ``trusted`` keys and ``held`` heads (``archive_view``), an unpinned
    signer and a forking history are failures."""
    with bundle.open_bundle(path, identity_text, progress=progress, cancel=cancel) as b:
        report, _ = check_open(
            b,
            trusted=trusted,
            progress=progress,
            cancel=cancel,
            require_countersignature=require_countersignature,
            held=held,
        )
    return report


def archive_view(vault: Vault) -> tuple[dict[str, str], dict[str, dict[int, str]]]:
    """What verifying against an archive consults: its pinned keys and the heads it holds."""
    return trusted_signers(vault), history.held_heads(vault)


# -- import ------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Statement:
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


@dataclass
class _Placement:
    stored_id: str  # where the versions go (the record id, or a fork id)
    new: list[SealedVersion]
    create_row: bool


def _place(vault: Vault, rid: str, versions: list[SealedVersion]) -> list[_Placement]:
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
        out.append(_Placement(rid, main, create_row=not held))
    if fork:
        fid = f"{rid}{FORK_MARK}{fork[0].version_hash[:8]}"
        exists = bool(vault.query("SELECT 1 FROM records WHERE id = ?", (fid,)))
        out.append(_Placement(fid, fork, create_row=not exists))
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
    with bundle.open_bundle(path, identity_text, progress=progress, cancel=cancel) as b:
        report, checked = check_open(
            b,
            trusted=trusted,
            progress=progress,
            cancel=cancel,
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
        written: list[Path] = []
        try:
            st_rows = _write_statements(vault, report, checked, placements, written, cancel)
            if already:  # only statements the archive lacks (kept since schema 3)
                result.already_imported = True
                if st_rows:
                    with vault.transaction() as c:
                        _store_statements(c, st_rows, result)
                return result
            att_rows = _write_blobs(vault, b, checked, placements, written, cancel)
            fuller = _fuller_copies(vault, checked)
            with vault.transaction() as c:
                _store(vault, c, b, report, checked, placements, att_rows, result)
                _store_statements(c, st_rows, result)
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
                    _pin(
                        c, fp, name if name.isprintable() and name else "unnamed",
                        report.exporter_organisation, bundle_id=report.bundle_id,
                        impersonates=report.impersonates,
                    )
                    result.pinned = fp
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
    return result


def _fuller_copies(vault: Vault, checked: _Checked) -> list[tuple[str, SealedVersion, int]]:
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
        (latest,) = c.execute(
            "SELECT max(version) FROM sealed_versions WHERE record_id = ?", (stored,)
        ).fetchone()
        if sv.version == latest:
            with contextlib.suppress(KeyError, forms.FormError):
                records._derive(c, stored, records.form_for(sv.form_id, sv.form_version), sv.doc)
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


def _write_blobs(
    vault: Vault,
    b: OpenBundle,
    checked: _Checked,
    placements: dict[str, list[_Placement]],
    written: list[Path],
    cancel: Cancel | None,
) -> list[attachments.Attachment]:
    """Re-encrypt every attachment not yet held into the archive's own blobs."""
    rows: list[attachments.Attachment] = []
    held = {str(r[0]) for r in vault.query("SELECT id FROM attachments")}
    held_hashes = {
        (str(r[0]), str(r[1])) for r in vault.query("SELECT record_id, sha256 FROM attachments")
    }
    now = utc_now()
    for rid, doc in checked.record_docs.items():
        places = placements[rid]
        owner = places[0].stored_id if places else rid
        metas = doc.get("attachments") or []
        if not isinstance(metas, list):
            raise BundleError(f"records/{rid}/record.json: attachments is not a list")
        for meta in metas:
            if not isinstance(meta, dict) or not isinstance(meta.get("path"), str):
                raise BundleError(f"records/{rid}/record.json: an attachment has no path")
            digest, path = str(meta.get("sha256", "")), meta["path"]
            if not _HEX64.match(digest) or path not in b.infos:
                raise BundleError(f"records/{rid}/record.json: attachment {path[:80]} is unknown")
            if (owner, digest) in held_hashes or (rid, digest) in held_hashes:
                continue
            att_id = str(meta.get("id", ""))
            if not _ID.match(att_id) or att_id in held:
                att_id = secrets.token_hex(12)
            written.append(attachments.blob_path(vault, att_id))
            with b.open(path) as src:
                size, got = attachments.write_blob(
                    vault, att_id, cast(BinaryIO, src), cancel=cancel
                )
            if got != digest:
                raise BundleError(f"{path}: SHA-256 changed while importing")
            held.add(att_id)
            held_hashes.add((owner, digest))
            rows.append(
                attachments.Attachment(
                    att_id,
                    owner,
                    str(meta.get("filename", "") or path.rsplit("/", 1)[-1])[:255],
                    str(meta.get("media_type", "application/octet-stream"))[:100],
                    size,
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


def _holder(vault: Vault, rid: str, latest: SealedVersion, places: list[_Placement]) -> str:
    """The stored record id that holds (or is about to hold) ``latest``."""
    for place in places:
        if any(sv.version_hash == latest.version_hash for sv in place.new):
            return place.stored_id
    rows = vault.query(
        "SELECT record_id FROM sealed_versions WHERE version_hash = ?", (latest.version_hash,)
    )
    return str(rows[0][0]) if rows else rid


def _write_statements(
    vault: Vault,
    report: Report,
    checked: _Checked,
    placements: dict[str, list[_Placement]],
    written: list[Path],
    cancel: Cancel | None,
) -> list[Statement]:
    """Encrypt each verified statement (the bytes checked, held in memory) into a blob,
    unless the archive holds it already for that record."""
    held = {
        (str(r), str(x))
        for r, d, b in vault.query("SELECT record_id, sha256, bundle_id FROM statements")
        for x in (d, b)
    }
    profiles = {r.id: r.profile for r in report.records}
    rows: list[Statement] = []
    now = utc_now()
    for rid, (pdf, pages) in checked.statements.items():
        latest = checked.versions[rid][-1]
        stored = _holder(vault, rid, latest, placements.get(rid, []))
        digest = hashlib.sha256(pdf).hexdigest()
        if (stored, digest) in held or (stored, report.bundle_id) in held:
            continue
        blob_id = secrets.token_hex(12)
        written.append(attachments.blob_path(vault, blob_id))
        size, got = attachments.write_blob(vault, blob_id, io.BytesIO(pdf), cancel=cancel)
        if got != digest:
            raise BundleError(f"records/{rid}/statement.pdf: SHA-256 changed while importing")
        held.add((stored, digest))
        rows.append(
            Statement(
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


def _store_statements(c: Any, rows: list[Statement], result: ImportResult) -> None:
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
    result.statements += len(rows)


def _store(
    vault: Vault,
    c: Any,
    b: OpenBundle,
    report: Report,
    checked: _Checked,
    placements: dict[str, list[_Placement]],
    att_rows: list[attachments.Attachment],
    result: ImportResult,
) -> None:
    bid = report.bundle_id
    now = utc_now()
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
                records._derive(c, place.stored_id, form, latest.doc)
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
