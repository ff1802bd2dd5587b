"""Export: sealed records to a signed, age-encrypted handover bundle (see docs/bundle.md).

Consent is checked for every record and every recipient class before anything
is written. The ZIP streams through age into a temp file beside the target,
renamed only when complete; the custody entry ("exported") is committed to the
vault's audit log in the same step, so a cancelled or failed export leaves no
file and no audit entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import mimetypes
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import forms
from crypto import age
from crypto.errors import Cancelled, FormatError
from crypto.sign import SigningIdentity
from forms.fields import (
    ATTACHMENT_REF,
    ATTACHMENT_REFS,
    CONSENT_THIRD_PARTY_FIELD,
    IDENTITY,
    THIRD_PARTY,
)
from intake import files
from intake.capture import attachments, countersign, records
from intake.capture.seal import SealedVersion
from intake.errors import ConsentRefused, NotFound, ProtectedTextFound, UsageError
from intake.handover import bundle, withhold
from intake.handover import statement as pdfstatement
from intake.vault import Vault, audit, history
from intake.vault.db import utc_now

PROFILES = ("redacted", "full")
RECIPIENT_VOCABULARY = "consent-recipients"
DEFAULT_CLASS = "own_archive"
IDENTITY_LEVELS_FOR_FULL = ("identity_protected", "public")
MAX_RECIPIENT_NAME = 100
_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


# -- recipients (the legal teams' age keys, on the laptop) ----------------------


#: International bodies: sending to them is a transfer across borders.
INTERNATIONAL_CLASSES = ("un_ohchr", "icc")
#: Recipients that use an account before a court.
COURT_CLASSES = ("icc", "national_prosecutors")
STATE_SEPARATOR = ":"


@dataclass(frozen=True)
class Recipient:
    """A registered recipient; the stored class may carry a state (``national_prosecutors:de``)."""

    name: str
    recipient: str
    klass_and_state: str

    @property
    def klass(self) -> str:
        return self.klass_and_state.partition(STATE_SEPARATOR)[0]

    @property
    def state(self) -> str:
        return self.klass_and_state.partition(STATE_SEPARATOR)[2]

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "class": self.klass,
            "state": self.state,
            "recipient": self.recipient,
        }


def recipient_classes() -> dict[str, dict[str, str]]:
    return forms.vocabulary(RECIPIENT_VOCABULARY)


def parse_key(text: str) -> str:
    """The canonical form of a public key (age1…, ssh-ed25519 …, ssh-rsa …); UsageError."""
    try:
        return age.parse_recipient(text)
    except FormatError as e:
        raise UsageError(str(e)) from None


def add_recipient(
    vault: Vault, name: str, recipient: str, klass: str = DEFAULT_CLASS, state: str = ""
) -> Recipient:
    """Register a legal team's key. ``state``: its country (a ``countries`` code); a consent
    grant to national prosecutors that names states reaches only recipients of those states."""
    name = name.strip()
    if state and state not in forms.vocabulary("countries"):
        raise UsageError(
            f"unknown state {state!r} (one of {', '.join(forms.vocabulary('countries'))})"
        )
    if not _NAME_RE.match(name) or name.startswith(("age1", *age.SSH_KEY_TYPES)):
        raise UsageError("a recipient name must be 1-100 printable characters, not a key")
    if klass not in recipient_classes():
        raise UsageError(
            f"unknown recipient class {klass!r} (one of {', '.join(recipient_classes())})"
        )
    try:
        key = age.parse_recipient(recipient)
    except FormatError as e:
        raise UsageError(f"recipient {name}: {e}") from None
    stored = f"{klass}{STATE_SEPARATOR}{state}" if state else klass
    if vault.query("SELECT 1 FROM recipients WHERE name = ? OR recipient = ?", (name, key)):
        raise UsageError(f"a recipient named {name} or with that key is already registered")
    with vault.transaction() as c:
        c.execute(
            "INSERT INTO recipients (name, recipient, class, added_at) VALUES (?, ?, ?, ?)",
            (name, key, stored, utc_now()),
        )
        audit.append(c, "recipient added", name, recipient=key, recipient_class=stored)
    return Recipient(name, key, stored)


def list_recipients(vault: Vault) -> list[Recipient]:
    rows = vault.query("SELECT name, recipient, class FROM recipients ORDER BY name")
    return [Recipient(*r) for r in rows]


def remove_recipient(vault: Vault, name: str) -> None:
    if not vault.query("SELECT 1 FROM recipients WHERE name = ?", (name,)):
        raise NotFound(f"no recipient named {name}")
    with vault.transaction() as c:
        c.execute("DELETE FROM recipients WHERE name = ?", (name,))
        audit.append(c, "recipient removed", name)


def resolve_recipients(
    vault: Vault, names_or_keys: list[str], klass: str | None = None
) -> list[Recipient]:
    """Recipients named by registered name or key, or given as a bare key (age1…,
    ssh-ed25519 …, ssh-rsa …) with ``klass``, the consent class it belongs to."""
    if not names_or_keys:
        raise UsageError("name at least one recipient (--to)")
    known = list_recipients(vault)
    chosen: list[Recipient] = []
    for item in names_or_keys:
        match = [r for r in known if r.name == item or r.recipient == item.strip()]
        if not match:
            match = [_bare_key(item, klass, known)]
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen


def _bare_key(item: str, klass: str | None, known: list[Recipient]) -> Recipient:
    try:
        key = age.parse_recipient(item)
    except FormatError:
        raise UsageError(
            f"unknown recipient {item[:100]!r}: register it with `intake recipients add`,"
            " or give its public key with --class"
        ) from None
    registered = [r for r in known if r.recipient == key]
    if registered:
        return registered[0]
    if klass is None:
        raise UsageError(
            "a key that is not registered needs --class: the consent class it belongs to"
            f" ({', '.join(recipient_classes())})"
        )
    if klass not in recipient_classes():
        raise UsageError(f"unknown recipient class {klass!r}")
    return Recipient(f"{key[:20]}…{key[-6:]}", key, klass)


def key_fingerprint(recipient: str) -> str:
    """A short fingerprint of a public key to compare by phone: SHA-256 of its canonical text,
    the first 64 bits in groups of four."""
    digest = hashlib.sha256(recipient.encode("ascii")).hexdigest().upper()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


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


# -- planning: consent and profile, before anything is written -------------------

# Why a record is refused to a recipient, and why an attachment stays behind.
NOT_GRANTED = "not_granted"  # the record's consent lists no grant for the recipient's class
WITHDRAWN = "withdrawn"  # the witness withdrew consent
PERMISSION_NO = "permission_no"  # the permission for the attachment's kind is "no"
PERMISSION_UNKNOWN = "permission_unknown"  # ... is "unknown"
PERMISSION_MISSING = "permission_missing"  # ... was not answered
PROTECTED_REFERENCE = "protected_reference"  # referenced only from withheld protected answers
WITHDRAWN_RECIPIENT = "withdrawn_recipient"  # the withdrawal names the recipient's class
COURT_USE_NO = "court_use_no"  # the witness did not agree to use before a court
CROSS_BORDER_NO = "cross_border_no"  # the witness did not agree to a transfer across borders
MINOR_IDENTITY = "minor_identity"  # identity above the pseudonym asked for a minor
WITHDRAWN_ATTACHMENT = "withdrawn_attachment"  # the withdrawal names the attachment
#: Recipient classes that never receive third persons' identifying details, whatever the
#: grant says: a witness cannot consent to publishing someone else's name.
NO_THIRD_PARTY_CLASSES = ("media", "public")


@dataclass(frozen=True)
class Refusal:
    recipient: Recipient
    reason: str  # NOT_GRANTED or WITHDRAWN


@dataclass(frozen=True)
class Withheld:
    attachment: attachments.Attachment
    reason: str  # PERMISSION_* or PROTECTED_REFERENCE
    permission: str = ""  # the path of the permission question, if one decided

    def to_json(self) -> dict[str, str]:
        """As named in the manifest, record.json and the PDF (no hash, no name)."""
        out = {"id": self.attachment.id, "kind": self.attachment.kind, "reason": self.reason}
        if self.permission:
            out["permission"] = self.permission
        return out


@dataclass
class RecordPlan:
    record: records.Record
    versions: list[SealedVersion]  # as exported (redacted or full)
    profile: str  # "full" when the witness's identity goes, else "redacted"
    attachments: list[attachments.Attachment]
    withheld: list[Withheld]
    refusals: list[Refusal]
    third_party: bool  # third persons' identifying details go
    withheld_paths: dict[str, list[str]]  # protection class -> paths withheld (latest version)
    leaks: list[str] = field(default_factory=list)  # withheld answers written out in free text

    @property
    def label(self) -> str:
        return f"record {self.record.id} ({self.record.reference or 'no reference'})"

    def refusal_message(self) -> str:
        r = self.refusals[0]
        who = f"recipient class {r.recipient.klass}" + (
            f" ({r.recipient.state})" if r.recipient.state else ""
        )
        if r.reason == WITHDRAWN:
            return f"{self.label}: consent was withdrawn; nothing was exported"
        reasons = {
            WITHDRAWN_RECIPIENT: f"consent was withdrawn for {who}",
            COURT_USE_NO: f"the witness did not agree to use before a court ({who})",
            CROSS_BORDER_NO: f"the witness did not agree to a transfer across borders ({who})",
            MINOR_IDENTITY: "the witness is a minor: identity above the pseudonym is never"
            " exported (use the redacted profile)",
            NOT_GRANTED: f"consent does not grant sharing with {who}",
        }
        if r.reason in reasons and (r.reason != NOT_GRANTED or r.recipient.state):
            return f"{self.label}: {reasons[r.reason]} ({r.recipient.name}); nothing was exported"
        return (
            f"{self.label}: consent does not grant sharing with recipient class"
            f" {r.recipient.klass} ({r.recipient.name}); nothing was exported"
        )


def _attachment_refs(form: forms.Form, doc: dict[str, Any]) -> set[str]:
    refs: set[str] = set()
    for f, value, _ in form.walk(doc):
        if f.type == ATTACHMENT_REF and isinstance(value, str):
            refs.add(value)
        elif f.type == ATTACHMENT_REFS and isinstance(value, list):
            refs.update(v for v in value if isinstance(v, str))
    return refs


def _withhold(sv: SealedVersion, identity: bool, third_party: bool) -> SealedVersion:
    """``sv`` without the protected classes that do not go (classified by its own form)."""
    form = records.form_for(sv.form_id, sv.form_version)
    keep = {IDENTITY: identity, THIRD_PARTY: third_party}
    cut = [p for p in sv.disclosures if not keep.get(_protection(form, sv.doc, p), False)]
    return sv.redacted(cut) if cut else sv


def _protection(form: forms.Form, doc: dict[str, Any], path: str) -> str:
    try:
        return form.protection(doc, path)
    except KeyError:  # a path this form does not know cannot be judged safe
        return IDENTITY


def _answer(form: forms.Form, doc: dict[str, Any], role: str) -> str:
    return str(next(iter(form.values(doc, role)), "") or "")


def _grant(form: forms.Form, doc: dict[str, Any], r: Recipient) -> dict[str, Any] | None:
    """The grant that covers ``r``: its class, and its state when the grant names states."""
    for g in form.values(doc, "consent_grants"):
        if isinstance(g, dict) and g.get("recipient") == r.klass:
            states = g.get("states")
            if not states or r.state in states:
                return g
    return None


def _refusal(form: forms.Form, doc: dict[str, Any], r: Recipient, profile: str) -> str | None:
    """Why the witness's decisions refuse the record to ``r``, or None: the withdrawal and
    its scope, the grants (per state for national prosecutors), use before a court,
    transfer across borders, and never identity above the pseudonym for a minor."""
    withdrawn = _answer(form, doc, "consent_withdrawn") == "yes"
    scope = _answer(form, doc, "withdrawal_scope")
    if withdrawn and scope in ("", "everything"):
        return WITHDRAWN
    if withdrawn and scope == "recipients" and r.klass in {
        str(v) for v in form.values(doc, "withdrawal_recipients")
    }:
        return WITHDRAWN_RECIPIENT
    if _grant(form, doc, r) is None:
        return NOT_GRANTED
    if _answer(form, doc, "court_use") == "no" and r.klass in COURT_CLASSES:
        return COURT_USE_NO
    if (
        _answer(form, doc, "cross_border") == "no"
        and r.klass != DEFAULT_CLASS
        and (r.klass in INTERNATIONAL_CLASSES or r.state != _answer(form, doc, "interview_country"))
    ):
        return CROSS_BORDER_NO
    if profile == "full" and _answer(form, doc, "minor") == "yes":
        return MINOR_IDENTITY
    return None


def plan_record(
    vault: Vault, record_id: str, recipients: list[Recipient], profile: str
) -> RecordPlan:
    """What goes and what stays for this record and these recipients, and every refusal.

    Nothing is raised for consent: ``export_bundle`` refuses a plan with refusals, the app
    shows them. Identity goes only under ``full`` when every recipient's class has identity
    granted; third persons' details when every class grants them (never media or public);
    an attachment only when its kind's permission is ``yes`` (or no question governs it).
    """
    rec = records.get(vault, record_id)
    sealed = records.sealed_versions(vault, rec.id)
    if not sealed or rec.status == "withdrawn":
        raise UsageError(f"record {rec.id} has no sealed version to export")
    form = records.form_for(sealed[-1].form_id, sealed[-1].form_version)
    doc = sealed[-1].doc
    withdrawn = _answer(form, doc, "consent_withdrawn") == "yes"
    scope = _answer(form, doc, "withdrawal_scope") if withdrawn else ""
    refusals = [
        Refusal(r, reason)
        for r in recipients
        if (reason := _refusal(form, doc, r, profile)) is not None
    ]
    granted = [_grant(form, doc, r) or {} for r in recipients]
    identity = (
        profile == "full"
        and scope != "identity_only"
        and all(g.get("identity_level") in IDENTITY_LEVELS_FOR_FULL for g in granted)
    )
    third_party = all(g.get(CONSENT_THIRD_PARTY_FIELD) == "yes" for g in granted) and not any(
        r.klass in NO_THIRD_PARTY_CLASSES for r in recipients
    )
    versions = [_withhold(sv, identity, third_party) for sv in sealed]
    withheld_paths: dict[str, list[str]] = {}
    for path in versions[-1].redactions:
        withheld_paths.setdefault(_protection(form, sealed[-1].doc, path), []).append(path)
    # An attachment referenced only from withheld answers (a photo of the person) stays.
    full_refs = set().union(*(_attachment_refs(form, sv.doc) for sv in sealed))
    open_refs = set().union(*(_attachment_refs(form, sv.doc) for sv in versions))
    hidden = full_refs - open_refs
    permissions = form.attachment_permissions(doc)
    named = {str(v) for v in form.values(doc, "withdrawal_attachments")}
    going: list[attachments.Attachment] = []
    withheld: list[Withheld] = []
    for att in attachments.for_record(vault, rec.id):
        answer, question = permissions.get(att.kind, ("yes", ""))
        if scope == "attachments" and att.id in named:
            withheld.append(Withheld(att, WITHDRAWN_ATTACHMENT))
        elif answer != "yes":
            reason = {"no": PERMISSION_NO, "unknown": PERMISSION_UNKNOWN}.get(
                answer, PERMISSION_MISSING
            )
            withheld.append(Withheld(att, reason, question))
        elif att.id in hidden:
            withheld.append(Withheld(att, PROTECTED_REFERENCE))
        else:
            going.append(att)
    return RecordPlan(
        rec,
        versions,
        "full" if identity else "redacted",
        going,
        withheld,
        refusals,
        third_party,
        withheld_paths,
        free_text_leaks(form, sealed, versions),
    )


def preview(
    vault: Vault,
    record_ids: list[str],
    to: list[str],
    profile: str = "redacted",
    klass: str | None = None,
) -> list[RecordPlan]:
    """Every record's plan for these recipients (names or keys), before anything is written."""
    if profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r} (redacted or full)")
    recipients = resolve_recipients(vault, to, klass)
    ids = list(dict.fromkeys(records.resolve(vault, r) for r in record_ids))
    return [plan_record(vault, rid, recipients, profile) for rid in ids]


def free_text_leaks(
    form: forms.Form, sealed: list[SealedVersion], exported: list[SealedVersion]
) -> list[str]:
    """One message per answer withheld from ``exported`` that its free text still holds
    word for word (not as a ``{{path}}`` span). Names fields, never the words."""
    found = []
    for sv, ev in zip(sealed, exported, strict=True):
        withheld = set(ev.redactions)
        for secret, text in withhold.protected_leaks(form, sv.doc):
            if any(secret == w or secret.startswith((w + ".", w + "[")) for w in withheld):
                found.append(
                    f"version {sv.version}: the protected answer {secret}"
                    f" ({form.label(secret, 'en')}) appears word for word in {text}"
                    f" ({form.label(text, 'en')}); mark it there as withheld"
                    " ({{" + secret + "}}) in a correction"
                )
    return found


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
        raise UsageError(f"{out} already exists: choose another name")
    if not out.parent.is_dir():
        raise UsageError(f"no folder {out.parent}")
    # An export killed midway (power cut, SIGKILL) left its encrypted temp file here; a
    # cancelled or failed one removes its own (files.atomic_writer).
    files.remove_partials(out.parent)
    recipients = resolve_recipients(vault, to, klass)
    plans = preview(vault, record_ids, to, profile, klass)
    for plan in plans:
        if plan.refusals:
            raise ConsentRefused(plan.refusal_message())
        if plan.leaks:
            raise ProtectedTextFound(f"{plan.label}, {plan.leaks[0]}; nothing was exported")
    counter = countersign.countersigner_for(vault, "handover", countersigner)

    bundle_id = secrets.token_hex(16)
    created_at = utc_now()
    when = datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    identity = vault.identity
    name, org = vault.owner
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
            with bundle.encrypted_zip(out, [r.recipient for r in recipients], digest) as zf:
                w = bundle.BundleWriter(zf, when.timetuple()[:6])
                for plan in plans:
                    _write_record(
                        vault,
                        w,
                        plan,
                        f"{name} ({org})" if org else name,
                        identity,
                        when,
                        step,
                        cancel,
                    )
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
                c.executemany(
                    "UPDATE records SET exported_at = ? WHERE id = ?",
                    [(created_at, p.record.id) for p in plans],
                )
                manifest = {
                    "format": bundle.FORMAT,
                    "format_version": bundle.HISTORY_VERSION,
                    "bundle_id": bundle_id,
                    "created_at": created_at,
                    "exporter": {
                        "name": name,
                        "organisation": org,
                        "fingerprint": identity.fingerprint,
                        "certificate": identity.cert_pem().decode("ascii"),
                    },
                    "recipients": [r.to_json() for r in recipients],
                    "profile": profile,
                    "records": [_manifest_record(p) for p in plans],
                    "files": [e.to_json() for e in w.entries],
                    "history": head.to_json(),
                }
                if counter is not None:
                    manifest["countersigner"] = countersign.describe(counter.certificate)
                body = bundle.canonical(manifest)
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


def _manifest_record(p: RecordPlan) -> dict[str, Any]:
    latest = p.versions[-1]
    return {
        "id": p.record.id,
        "reference": p.record.reference,
        "form": {"id": latest.form_id, "version": latest.form_version},
        "profile": p.profile,
        "versions": len(p.versions),
        "latest_version_hash": latest.version_hash,
        "attachments": len(p.attachments),
        "attachments_withheld": len(p.withheld),
        "withheld_attachments": [w.to_json() for w in p.withheld],
        "third_party": "disclosed" if p.third_party else "withheld",
    }


def _write_record(
    vault: Vault,
    w: bundle.BundleWriter,
    plan: RecordPlan,
    interviewer: str,
    identity: Any,
    when: datetime,
    step: Callable[[int], None],
    cancel: Cancel | None,
) -> None:
    rid = plan.record.id
    base = f"records/{bundle.safe_part(rid, 'record')}"
    latest = plan.versions[-1]
    form = records.form_for(latest.form_id, latest.form_version)
    lines: list[pdfstatement.AttachmentLine] = []
    att_meta = []
    for att in plan.attachments:
        folder = f"{base}/attachments/{bundle.safe_part(att.id, 'id')}"
        path = f"{folder}/{_attachment_name(att, plan.profile)}"
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
    record_json, schema_json = _dumps(doc), _dumps(form.json_schema())
    w.add_bytes(f"{base}/record.json", record_json, "application/json", "record")
    w.add_bytes(f"{base}/schema.json", schema_json, "application/json", "schema")
    st = pdfstatement.build_statement(
        form,
        plan.versions,
        profile=plan.profile,
        interviewer=interviewer,
        attachments=lines,
        withheld_attachments=[w.to_json() for w in plan.withheld],
    )
    pdf = io.BytesIO()
    embedded = [
        ("record.json", record_json, "application/json", "The record as exported (record.json)"),
        ("schema.json", schema_json, "application/schema+json", "JSON Schema of the record's form"),
    ]
    pdfstatement.render_signed(st, identity, interviewer, pdf, when, embedded)
    w.add_bytes(f"{base}/statement.pdf", pdf.getvalue(), "application/pdf", "statement")
    for att, meta in zip(plan.attachments, att_meta, strict=True):
        # The SHA-256 recorded at capture goes into the manifest: decrypt_to authenticates every
        # chunk (bound to this attachment's id and position) and checks the size, so the bytes
        # are the ones that were hashed, without hashing a gigabyte again.
        with w.add_stream(
            meta["path"], att.media_type, "attachment", step, cancel, sha256=att.sha256
        ) as sink:
            attachments.decrypt_to(vault, att, sink, cancel=cancel, check_sha256=False)
