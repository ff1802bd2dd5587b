"""The evidence register: one row per sealed version, statement and attachment the archive holds,
with its hash, its dates and the bundle it came in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import forms
from forms.fields import ATTACHMENT_REF
from intake.archive.acts import _first, _is_item, _text, latest_sealed
from intake.archive.custody import provenance
from intake.archive.pins import Pins, signer_name
from intake.archive.statements import signed_at, statement_path, statements
from intake.archive.tables import write_csv
from intake.capture import attachments, records
from intake.vault import Vault, audit

REGISTER_COLUMNS = [
    "item_id", "title", "date", "type", "media_type", "author", "language", "confidentiality",
    "pages_or_duration", "size_bytes", "sha256", "parent_item", "relation", "record_id",
    "reference", "source_bundle", "capture_device", "kind", "description", "filename",
    "captured_at",
]


@dataclass(frozen=True)
class Item:
    """One row of the evidence register."""

    item_id: str
    title: str
    date: str
    type: str
    media_type: str
    author: str
    language: str
    confidentiality: str
    pages_or_duration: str
    size_bytes: int | None
    sha256: str
    parent_item: str
    relation: str
    record_id: str
    reference: str
    source_bundle: str
    capture_device: str = ""  # a recording made in the app: the microphone it came from
    kind: str = ""  # an attachment's kind (attachment-kinds: audio, drawing, …)
    description: str = ""  # an attachment's description, as the interviewer wrote it
    filename: str = ""  # an attachment's file name
    captured_at: str = ""  # an attachment's capture time (a recording's start, a file's time)

    def row(self) -> list[object]:
        return [getattr(self, c) for c in REGISTER_COLUMNS]


def item_id(record_id: str, version: int) -> str:
    return f"{record_id}-v{version}"


def _confidentiality(form: forms.Form, doc: dict[str, Any]) -> str:
    for f, value, _ in form.walk(doc):
        if f.vocabulary == "confidentiality-levels" and isinstance(value, str):
            return value
    return ""


def register_items(vault: Vault, include_unpinned: bool = False) -> list[Item]:
    """Every item of evidence: each sealed version, each signed statement received, each
    attachment; a child names its parent item. Records sealed by a key this archive has not
    pinned only if ``include_unpinned`` (as in every export)."""
    items: list[Item] = []
    pins = Pins(vault)
    for rec, latest in latest_sealed(vault):
        if not (include_unpinned or pins.of(latest).pinned):
            continue
        form = records.form_for(latest.form_id, latest.form_version)
        conf = _confidentiality(form, latest.doc)
        language = _first([str(v) for v in form.values(latest.doc, "language") if v])
        author = signer_name(latest)
        prov = provenance(vault, rec.id)
        came_in = {v: p.bundle.bundle_id for p in prov for v in p.versions}
        versions = records.sealed_versions(vault, rec.id)
        for sv in versions:
            items.append(Item(
                item_id(rec.id, sv.version),
                f"Testimony record {rec.reference or rec.id}, version {sv.version}",
                sv.sealed_at, "testimony record (sealed version)", "application/json",
                signer_name(sv), language, conf, "", None, sv.version_hash,
                item_id(rec.id, sv.version - 1) if sv.version > 1 else "",
                "corrects" if sv.version > 1 else "", rec.id, rec.reference,
                came_in.get(sv.version, ""),
            ))
        kept = statements(vault, rec.id)
        bundles = {p.bundle.bundle_id: p.bundle for p in prov}
        for st in kept:
            b = bundles.get(st.bundle_id)
            items.append(Item(
                f"{item_id(rec.id, st.version)}-statement-{st.bundle_id[:12]}",
                f"Signed statement {rec.reference or rec.id} (to version {st.version})",
                signed_at(vault, st) or (b.created_at[:10] if b else ""),
                "signed PDF statement", "application/pdf",
                (b.exporter_name if b else "") or author, "en|ko", conf, str(st.pages),
                st.size, st.sha256, item_id(rec.id, st.version), "statement of", rec.id,
                rec.reference, st.bundle_id,
            ))
        for p in prov:  # imported before statements were kept (schema 2): the manifest's entry
            entry = p.bundle.files.get(statement_path(rec.id))
            if entry is None or any(st.bundle_id == p.bundle.bundle_id for st in kept):
                continue
            last = max(p.versions)
            items.append(Item(
                f"{item_id(rec.id, last)}-statement-{p.bundle.bundle_id[:12]}",
                f"Signed statement {rec.reference or rec.id} (to version {last})",
                p.bundle.created_at[:10], "signed PDF statement", "application/pdf",
                p.bundle.exporter_name or author, "en|ko", conf, "",
                _int_or_none(entry.get("size")), str(entry.get("sha256", "")),
                item_id(rec.id, last), "statement of", rec.id, rec.reference,
                p.bundle.bundle_id,
            ))
        made = _attachment_made(form, latest.doc)
        original = rec.id.split("~fork~", 1)[0]
        for att in attachments.for_record(vault, rec.id):
            recorded = attachments.recording_meta(vault, att.id)
            duration = duration_text(recorded["duration_ms"]) if recorded else ""
            made_on, made_by, description, kind = made.get(att.id, ("", "", "", ""))
            folder = f"records/{original}/attachments/{att.id}/"
            source = next((p.bundle.bundle_id for p in prov
                           if any(f.startswith(folder) for f in p.bundle.files)), "")
            items.append(Item(
                att.id, description or att.filename,
                made_on or att.captured_at[:10] or att.added_at[:10],
                "audio recording (interrupted)" if recorded.get("state") == "interrupted"
                else "audio recording" if recorded else "attachment",
                att.media_type, made_by or author, "", conf, duration, att.size, att.sha256,
                item_id(rec.id, latest.version), "attachment of", rec.id, rec.reference, source,
                recorded.get("capture_device", ""), kind or att.kind, description,
                att.filename, att.captured_at,
            ))
    return items


def duration_text(ms: int) -> str:
    """A duration as H:MM:SS (the register's pages_or_duration for a recording)."""
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def _attachment_made(form: forms.Form,
                     doc: dict[str, Any]) -> dict[str, tuple[str, str, str, str]]:
    """attachment id -> (when it was recorded or made, who made it, its description, its
    kind), from the entries of the record's attachment register (beside the attachment)."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for f, value, path in form.walk(doc):
        if not (_is_item(f) and path.endswith("]") and isinstance(value, dict)):
            continue
        for child in f.fields:
            ref = value.get(child.key)
            if child.type == ATTACHMENT_REF and isinstance(ref, str):
                found[ref] = (_text(value.get("made_on")), _text(value.get("made_by")),
                              _text(value.get("description")), _text(value.get("kind")))
    return found


def _int_or_none(value: object) -> int | None:
    return value if type(value) is int else None


def export_register(vault: Vault, out: Path, include_unpinned: bool = False) -> int:
    """The evidence register as CSV; returns the row count."""
    items = register_items(vault, include_unpinned)
    n = write_csv(out, REGISTER_COLUMNS, (i.row() for i in items))
    with vault.transaction() as c:
        audit.append(c, "evidence register exported", "", rows=n,
                     unpinned_included=include_unpinned)
    return n
