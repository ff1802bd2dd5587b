"""Verify a handover bundle with only the age identity.

Verification checks every file hash in the manifest, the manifest signature, every sealed
version's signature and chain, every PDF signature (by the exporter), the JSON against the bundled
schema and the included audit rows (the single checks are in :mod:`intake.archive.checks`). Each
sealed version's signer must be the exporter or a key the archive pins.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509

from crypto import sign
from crypto.errors import (
    FormatError,
    SignatureError,
)
from intake.archive.checks import (
    _check_audit,
    _check_history,
    _check_pinned,
    _check_records,
    _check_seal_signers,
)
from intake.archive.report import Cancel, Checked, Progress, Report
from intake.capture import countersign
from intake.handover import bundle, unpack
from intake.handover.unpack import OpenBundle


def check_open(
    b: OpenBundle,
    *,
    trusted: dict[str, str] | None = None,
    require_countersignature: bool = False,
    held: dict[str, dict[int, str]] | None = None,
    trust_new: bool = False,
    accept_fork: bool = False,
) -> tuple[Report, Checked]:
    """Verify an opened bundle; every failure becomes a line of ``report.problems``.

    ``trusted`` (an archive's pinned keys) makes an unpinned signer a problem, unless
    ``trust_new`` (the user checked the fingerprint out of band); ``held`` (the heads that
    archive holds per key) makes a history that forks from them a problem."""
    m = b.manifest
    report = Report()
    problems = report.problems
    report.bundle_id, report.created_at, report.profile = m.bundle_id, m.created_at, m.profile
    report.exporter_name = m.exporter.name
    report.exporter_organisation = m.exporter.organisation
    report.recipients = m.recipients

    # The manifest and its signature.
    if bundle.canonical(m.raw) != b.manifest_bytes:
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
        if m.exporter.fingerprint != report.signer_fingerprint:
            problems.append(
                f"{bundle.MANIFEST}: exporter fingerprint is not {bundle.CERTIFICATE}'s"
            )
        if m.exporter.certificate.encode("ascii", "replace") != b.certificate_pem:
            problems.append(
                f"{bundle.MANIFEST}: exporter certificate differs from {bundle.CERTIFICATE}"
            )
    if trusted is not None:
        _check_pinned(report, trusted, trust_new)
    counter = countersign.check_manifest(
        m.raw,
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
    listed = m.listed()
    present = set(b.infos) - set(bundle.CONTROL_FILES) - set(bundle.COUNTERSIGN_FILES)
    for name in sorted(present - set(listed)):
        problems.append(f"{name}: in the bundle but not listed in the manifest")
    for name in sorted(set(listed) - present):
        problems.append(f"{name}: listed in the manifest but missing from the bundle")
    contents: dict[str, bytes] = {}
    for name in sorted(present & set(listed)):
        entry, read = listed[name], b.entries[name]
        if read.damage:
            problems.append(f"{name}: damaged inside the ZIP ({read.damage})")
            continue
        if read.size != entry.size:
            problems.append(f"{name}: size {read.size} differs from the manifest ({entry.size})")
        if read.sha256 != entry.sha256:
            problems.append(f"{name}: SHA-256 does not match the manifest")
        if read.data is not None:
            contents[name] = read.data
        if entry.kind == "attachment":
            report.attachments += 1
    report.files = len(listed)

    checked = Checked(m, {}, {}, [])
    _check_records(m, contents, cert, report, checked)
    _check_seal_signers(report, checked, trusted)
    entries = _check_audit(contents.get(bundle.AUDIT), report, checked)
    _check_history(
        m, contents.get(bundle.HISTORY), cert, entries, report, checked, held, accept_fork
    )
    return report, checked


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
    b = unpack.open_bundle(path, identity_text, progress=progress, cancel=cancel)
    report, _ = check_open(
        b, trusted=trusted, require_countersignature=require_countersignature, held=held
    )
    return report
