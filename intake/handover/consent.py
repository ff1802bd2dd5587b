"""What goes and what stays, before anything is written: per record and recipient, the
witness's consent (refusals), the profile applied (identity, third persons' details) and the
attachments withheld, with the reason for each (see docs/bundle.md, *Profiles and consent*)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import forms
from forms.fields import (
    CONSENT_THIRD_PARTY_FIELD,
    IDENTITY,
    THIRD_PARTY,
)
from intake.capture import attachments, records
from intake.capture.seal import SealedVersion
from intake.errors import UsageError
from intake.handover import withhold
from intake.handover.recipients import (
    COURT_CLASSES,
    DEFAULT_CLASS,
    INTERNATIONAL_CLASSES,
    Recipient,
    resolve_recipients,
)
from intake.vault import Vault

PROFILES = ("redacted", "full")
IDENTITY_LEVELS_FOR_FULL = ("identity_protected", "public")

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

    @property
    def shown(self) -> str:
        """The record as an error message names it: its reference, else its id."""
        return self.record.reference or self.record.id

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
    return {ref for _, _, ref in form.attachment_refs(doc)}


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
        raise UsageError(
            f"record {rec.id} has no sealed version to export",
            code="export.nothing_sealed",
            detail=rec.id,
        )
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
    # a correction open: its new files are in no sealed version, so they are not handed
    # over, and a kind it changed does not choose the permission yet
    opened = "record corrected" if rec.status == "draft" else ""
    unsealed = attachments.added_since(vault.query, rec.id, opened) if opened else set()
    kinds = attachments.kinds_before(vault.query, rec.id, opened) if opened else {}
    for att in attachments.for_record(vault, rec.id):
        if att.id in unsealed:
            continue
        att = replace(att, kind=kinds.get(att.id, att.kind))
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
    return list(each_plan(vault, record_ids, to, profile, klass))


def each_plan(
    vault: Vault,
    record_ids: list[str],
    to: list[str],
    profile: str = "redacted",
    klass: str | None = None,
) -> Iterator[RecordPlan]:
    """:func:`preview`'s plans one at a time, each made when asked for (the export lays out a
    record's statement while the next is planned); the profile, recipients and records are
    checked at once."""
    if profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r} (redacted or full)")
    recipients = resolve_recipients(vault, to, klass)
    ids = list(dict.fromkeys(records.resolve(vault, r) for r in record_ids))
    return (plan_record(vault, rid, recipients, profile) for rid in ids)


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

