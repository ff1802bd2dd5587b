"""Verify a handover bundle with only the age identity.

Verification checks every file hash in the manifest, the manifest signature, every sealed
version's signature and chain, every PDF signature (by the exporter), the JSON against the bundled
schema and the included audit rows (the single checks are in :mod:`intake.archive.checks`). Each
sealed version's signer must be the exporter or a key the archive pins.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

from crypto import sign, stream
from crypto.errors import (
    Cancelled,
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
from intake.archive.report import _BLOCK, Cancel, Checked, Progress, Report
from intake.capture import countersign
from intake.handover import bundle, unpack
from intake.handover.bundle import BundleError
from intake.handover.unpack import OpenBundle


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
) -> tuple[Report, Checked]:
    """Verify an opened bundle; every failure becomes a line of ``report.problems``.

    ``trusted`` (an archive's pinned keys) makes an unpinned signer a problem, unless
    ``trust_new`` (the user checked the fingerprint out of band); ``held`` (the heads that
    archive holds per key) makes a history that forks from them a problem."""
    m = b.manifest
    assert m is not None  # open_bundle yields a bundle with its manifest read
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
            keep = name in (bundle.AUDIT, bundle.HISTORY) or bool(bundle.record_file(name))
            try:
                digest, size, data = _hash_entry(b, name, keep, step, cancel, hasher)
            except (*bundle.DAMAGED_ENTRY, OSError, ValueError) as e:
                problems.append(f"{name}: damaged inside the ZIP ({type(e).__name__})")
                continue
            if size != entry.size:
                problems.append(f"{name}: size {size} differs from the manifest ({entry.size})")
            if digest != entry.sha256:
                problems.append(f"{name}: SHA-256 does not match the manifest")
            if data is not None:
                contents[name] = data
            if entry.kind == "attachment":
                report.attachments += 1
    finally:
        hasher.close()
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
    with unpack.open_bundle(path, identity_text, progress=progress, cancel=cancel) as b:
        report, _ = check_open(
            b,
            trusted=trusted,
            progress=progress,
            cancel=cancel,
            require_countersignature=require_countersignature,
            held=held,
        )
    return report
