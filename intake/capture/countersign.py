"""A second person: a supervisor countersigns what becomes evidence and what leaves the laptop.

The vault pins one supervisor certificate (ECDSA P-256, like the interviewer's). Its
policy says whether sealing, handover (export) or, in an archive, import needs a
countersignature. A countersignature is the supervisor's ECDSA-SHA256 signature over the
very bytes the interviewer signed: a sealed version's canonical envelope (stored beside
the seal, exported in record.json), or a bundle's manifest.json (``manifest.countersig``
beside ``manifest.sig``, checkable with stock openssl).

The supervisor's private key never enters the vault: they load their key file and type
their passphrase on the same laptop at the moment of signing (``crypto/signkey.py``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from cryptography import x509

from crypto import sign
from crypto.errors import FormatError, SignatureError
from crypto.sign import SigningIdentity
from intake.capture import seal
from intake.capture.seal import SealedVersion
from intake.errors import IntakeError, UsageError
from intake.vault import Vault, audit

SUPERVISOR_META = "supervisor_cert"
POLICY_META = "countersign_policy"
ACTIONS = ("seal", "handover", "import")


class CountersignatureRequired(IntakeError):
    """The vault's policy needs a supervisor's countersignature for this action (exit 1)."""

    code = "countersign.required"


class NotTheSupervisor(IntakeError):
    """A key that is not the vault's pinned supervisor tried to countersign (exit 3)."""

    code = "countersign.not_supervisor"


@dataclass(frozen=True)
class Policy:
    seal: bool = False
    handover: bool = False
    import_: bool = False  # an archive refuses bundles without a valid countersignature

    def requires(self, action: str) -> bool:
        return bool(getattr(self, "import_" if action == "import" else action))

    def to_json(self) -> dict[str, bool]:
        return {k.rstrip("_"): v for k, v in asdict(self).items()}


def _put(c: object, key: str, value: str) -> None:
    c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))  # type: ignore[attr-defined]


def policy(vault: Vault) -> Policy:
    raw = vault.meta(POLICY_META)
    d = json.loads(raw) if raw else {}
    return Policy(bool(d.get("seal")), bool(d.get("handover")), bool(d.get("import")))


def set_policy(vault: Vault, **changes: bool) -> Policy:
    """Change the named actions (seal, handover, import) to required (True) or not."""
    unknown = set(changes) - set(ACTIONS)
    if unknown:
        raise UsageError(f"unknown policy action {sorted(unknown)[0]!r} (seal, handover, import)")
    d = policy(vault).to_json() | changes
    new = Policy(d["seal"], d["handover"], d["import"])
    if (new.seal or new.handover) and supervisor(vault) is None:
        raise UsageError(
            "pin a supervisor first (`intake supervisor add CERT`)",
            code="countersign.no_supervisor",
        )
    with vault.transaction() as c:
        _put(c, POLICY_META, json.dumps(new.to_json(), sort_keys=True))
        audit.append(c, "countersign policy set", "", **new.to_json())
    return new


def supervisor(vault: Vault) -> x509.Certificate | None:
    pem = vault.meta(SUPERVISOR_META)
    return sign.load_certificate(pem.encode("ascii")) if pem else None


def add_supervisor(vault: Vault, untrusted_cert_pem: bytes, *, replace: bool = False) -> str:
    """Pin the supervisor's certificate; its fingerprint. A second one needs ``replace``."""
    cert = sign.load_certificate(untrusted_cert_pem)
    sign._check_p256_public(cert.public_key())
    fp = sign.fingerprint(cert)
    if fp == vault.identity.fingerprint:
        raise UsageError(
            "the supervisor must be another person than the vault's own signer",
            code="countersign.same_signer",
        )
    current = supervisor(vault)
    if current is not None and sign.fingerprint(current) != fp and not replace:
        raise UsageError(
            f"a supervisor is already pinned ({sign.fingerprint(current)}): use --replace",
            code="countersign.supervisor_pinned",
            detail=sign.fingerprint(current),
        )
    with vault.transaction() as c:
        _put(c, SUPERVISOR_META, cert_pem(cert))
        audit.append(c, "supervisor pinned", "", fingerprint=fp, name=common_name(cert))
    return fp


def cert_pem(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM).decode("ascii")


def common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def countersigner_for(
    vault: Vault, action: str, countersigner: SigningIdentity | None
) -> SigningIdentity | None:
    """Check, before anything is done, that ``countersigner`` may countersign ``action``:
    CountersignatureRequired if the policy needs one and none is given, NotTheSupervisor if
    the key is not the pinned supervisor's. Returns the countersigner (or None)."""
    if countersigner is None:
        if policy(vault).requires(action):
            raise CountersignatureRequired(
                f"this vault's policy requires a supervisor's countersignature to {action}:"
                " nothing was done (give the supervisor's key file)"
            )
        return None
    pinned = supervisor(vault)
    if pinned is None:
        raise NotTheSupervisor("no supervisor is pinned in this vault")
    if countersigner.fingerprint != sign.fingerprint(pinned):
        raise NotTheSupervisor(
            f"the key {countersigner.fingerprint} is not the pinned supervisor's"
            f" ({sign.fingerprint(pinned)})",
            detail=countersigner.fingerprint,
        )
    return countersigner


def describe(cert: x509.Certificate) -> dict[str, str]:
    """How a manifest names its countersigner (the interviewer's signature covers it too)."""
    orgs = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    return {
        "name": common_name(cert),
        "organisation": str(orgs[0].value) if orgs else "",
        "fingerprint": sign.fingerprint(cert),
        "certificate": cert_pem(cert),
    }


def seal_countersignature(sv: SealedVersion, counter: SigningIdentity) -> SealedVersion:
    """``sv`` with ``counter``'s signature over the same canonical envelope bytes."""
    return replace(
        sv,
        countersignature=counter.sign(seal.canonical(sv.envelope)),
        countersigner_cert=counter.cert_pem().decode("ascii"),
    )


@dataclass
class BundleCountersignature:
    """What verification found about a bundle's countersignature (empty: none)."""

    fingerprint: str = ""
    name: str = ""
    problems: list[str] = field(default_factory=list)


def check_manifest(
    manifest: dict[str, Any],
    manifest_bytes: bytes,
    untrusted_signature: bytes,
    untrusted_cert_pem: bytes,
    *,
    require: bool,
) -> BundleCountersignature:
    """Check the countersignature over manifest.json: the manifest's ``countersigner``, the
    certificate beside it and the signature must agree. ``require``: none is a problem."""
    from intake.handover import bundle

    out = BundleCountersignature()
    named = manifest.get("countersigner")
    has_files = bool(untrusted_signature or untrusted_cert_pem)
    if named is None and not has_files:
        if require:
            out.problems.append(
                f"{bundle.MANIFEST}: no countersignature, and a supervisor's countersignature"
                " is required"
            )
        return out
    if (
        not isinstance(named, dict)
        or manifest.get("format_version")
        not in (bundle.COUNTERSIGNED_VERSION, bundle.HISTORY_VERSION)
    ):
        out.problems.append(
            f"{bundle.COUNTERSIGNATURE}: present, but the manifest names no countersigner"
        )
        return out
    if not has_files:
        out.problems.append(
            f"{bundle.MANIFEST}: names a countersigner, but {bundle.COUNTERSIGNATURE} or"
            f" {bundle.COUNTERSIGNER} is missing"
        )
        return out
    try:
        cert = sign.load_certificate(untrusted_cert_pem)
        out.fingerprint = sign.fingerprint(cert)
        out.name = common_name(cert)
        sign.verify(cert, manifest_bytes, untrusted_signature)
    except (FormatError, ValueError):
        out.problems.append(f"{bundle.COUNTERSIGNER}: not a usable PEM certificate")
        return out
    except SignatureError:
        out.problems.append(
            f"{bundle.COUNTERSIGNATURE}: the countersignature over {bundle.MANIFEST}"
            " does not verify"
        )
    if named.get("fingerprint") != out.fingerprint or named.get("certificate") != cert_pem(cert):
        out.problems.append(
            f"{bundle.MANIFEST}: the countersigner it names is not {bundle.COUNTERSIGNER}'s"
        )
    return out
