"""What a draft says, as the statement will show it, in one language: for the review before
sealing and for reading the statement back to the witness.

Every section's answers in words (as their field types show them, :mod:`forms.types`), the
consent per recipient class in plain words, the files with their kinds. Nothing
here writes anything: the app shows it, prints it through the system's print dialog or,
only when the interviewer asks, saves it as a PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import forms
from forms.fields import (
    ATTACHMENT_KIND_VOCABULARY,
    ATTACHMENT_REF,
    Field,
)
from forms.types import YES_NO_UNKNOWN_WORDS, datetime_text, display
from forms.vocabularies import shipped_vocabulary, term
from intake.capture import attachments, records
from intake.handover.model import Block, Row
from intake.vault import Vault

LANGS = ("en", "ko")
WORDS = {
    "en": {
        "title": "Statement read back: {ref}",
        "draft": "DRAFT — not sealed",
        "reference": "Reference code",
        "pseudonym": "Pseudonym",
        "date": "Interview date",
        "place": "Interview place",
        "version": "Version",
        "signer": "Will be signed by",
        "granted": "May receive it. Identity: {level}",
        "not_granted": "May not receive it",
        "withdrawn": "Consent withdrawn",
        "statement": "Statement",
        "no_files": "No files",
        "file": "{kind} · {media} · {size}",
    },
    "ko": {
        "title": "진술 확인 낭독: {ref}",
        "draft": "초안 — 봉인되지 않음",
        "reference": "참조 번호",
        "pseudonym": "가명",
        "date": "면담 일시",
        "place": "면담 장소",
        "version": "버전",
        "signer": "서명할 사람",
        "granted": "받을 수 있음. 신원: {level}",
        "not_granted": "받을 수 없음",
        "withdrawn": "동의 철회",
        "statement": "진술",
        "no_files": "파일 없음",
        "file": "{kind} · {media} · {size}",
    },
}


def bilingual(pair: Mapping[str, str], lang: str) -> str:
    """A form's label in ``lang`` (English when it has none)."""
    return pair.get(lang) or pair.get("en", "")


def _vocab_term(form: forms.Form, vocabulary: str, code: object, lang: str) -> str:
    return term(form.vocabularies.get(vocabulary), code, lang)


def _first(form: forms.Form, doc: Mapping[str, Any], role: str) -> str:
    values = form.values(doc, role)
    return str(values[0]) if values and values[0] is not None else ""


def _block(
    form: forms.Form, fields: Sequence[Field], obj: object, heading: str, lang: str
) -> Block:
    block = Block(heading)
    if not isinstance(obj, dict):
        return block
    for f in fields:
        if f.key not in obj or f.role == "narrative":
            continue
        value, label = obj[f.key], bilingual(f.label, lang)
        if f.repeat:
            for i, item in enumerate(value if isinstance(value, list) else [], start=1):
                block.children.append(_block(form, f.fields, item, f"{label} {i}", lang))
        elif f.is_container:
            block.children.append(_block(form, f.fields, value, label, lang))
        else:
            block.rows.append(Row(label, display(form, f, value, lang)))
    return block


def section_blocks(form: forms.Form, doc: Mapping[str, Any], lang: str) -> list[Block]:
    """Every section's answers (a repeating section: a block per entry), the narrative left
    for its own heading."""
    blocks = []
    for s in form.sections:
        value, label = doc.get(s.key), bilingual(s.label, lang)
        if s.repeat:
            for i, item in enumerate(value if isinstance(value, list) else [], start=1):
                blocks.append(_block(form, s.fields, item, f"{label} {i}", lang))
        elif value is not None:
            blocks.append(_block(form, s.fields, value, label, lang))
    return [b for b in blocks if b.rows or b.children or b.paragraphs]


@dataclass
class DraftView:
    """A draft in words, in one language."""

    lang: str
    title: str
    draft_mark: str
    cover: list[Row]
    consent_heading: str
    consent: list[Row]
    blocks: list[Block]
    narrative_heading: str
    narrative: str
    files_heading: str
    files: list[Row]


def witness_language(form: forms.Form, doc: dict[str, Any], default: str) -> str:
    """The statement's language when the app has it (Korean, English), else ``default``."""
    spoken = _first(form, doc, "language")
    return spoken if spoken in LANGS else default


def consent_by_class(form: forms.Form, doc: dict[str, Any], lang: str) -> list[Row]:
    """Every recipient class of the form, with what the witness allowed it, in plain words."""
    words = WORDS[lang]
    grants: dict[str, str] = {}
    for grant in form.values(doc, "consent_grants"):
        if isinstance(grant, dict) and isinstance(grant.get("recipient"), str):
            grants[grant["recipient"]] = str(grant.get("identity_level", ""))
    recipients = form.vocabularies.get("consent-recipients")
    rows = []
    for code in recipients.codes if recipients is not None else tuple(grants):
        who = _vocab_term(form, "consent-recipients", code, lang)
        if code in grants:
            level = _vocab_term(form, "identity-levels", grants[code], lang)
            rows.append(Row(who, words["granted"].format(level=level)))
        else:
            rows.append(Row(who, words["not_granted"]))
    withdrawn = _first(form, doc, "consent_withdrawn")
    if withdrawn:
        answer = YES_NO_UNKNOWN_WORDS.get(withdrawn)
        rows.append(Row(words["withdrawn"], answer[lang] if answer else withdrawn))
    return rows


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def _kinds(form: forms.Form, doc: dict[str, Any], lang: str) -> dict[str, str]:
    """Attachment id -> its kind in words, from the entries that describe the files."""
    refs: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for each, value, path in form.walk(doc):
        parent = path.rsplit(".", 1)[0]
        if each.type == ATTACHMENT_REF and isinstance(value, str):
            refs[parent] = value
        elif each.vocabulary == "attachment-kinds" and isinstance(value, str):
            kinds[parent] = _vocab_term(form, "attachment-kinds", value, lang)
    return {ref: kinds[parent] for parent, ref in refs.items() if parent in kinds}


def draft_view(vault: Vault, record_id: str, lang: str) -> DraftView:
    """The record's draft (or its last sealed version) as it will be signed."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}")
    rec = records.get(vault, record_id)
    form = rec.form
    doc = records.document(vault, rec.id)
    words = WORDS[lang]
    name, org = vault.owner
    kinds = _kinds(form, doc, lang)
    file_kinds = shipped_vocabulary(ATTACHMENT_KIND_VOCABULARY)  # what export consent governs
    files = [
        Row(
            att.filename,
            words["file"].format(
                kind=kinds.get(att.id) or term(file_kinds, att.kind, lang),
                media=att.media_type,
                size=_size(att.size),
            ),
        )
        for att in attachments.for_record(vault, rec.id)
    ]
    narrative_field = next((f for f in form.all_fields() if f.role == "narrative"), None)
    reference = rec.reference or rec.id[:8]
    return DraftView(
        lang=lang,
        title=words["title"].format(ref=reference),
        draft_mark=words["draft"],
        cover=[
            Row(words["reference"], reference),
            Row(words["pseudonym"], rec.pseudonym or "—"),
            Row(words["date"], datetime_text(rec.interview_date, lang) or "—"),
            Row(words["place"], _first(form, doc, "interview_place") or "—"),
            Row(words["version"], str(rec.version)),
            Row(words["signer"], f"{name}, {org} ({vault.identity.fingerprint})"),
        ],
        consent_heading=bilingual(
            next((f.label for f in form.all_fields() if f.role == "consent_grants"), {}), lang
        )
        or words["statement"],
        consent=consent_by_class(form, doc, lang),
        blocks=section_blocks(form, doc, lang),
        narrative_heading=bilingual(narrative_field.label, lang)
        if narrative_field
        else words["statement"],
        narrative=_first(form, doc, "narrative"),
        files_heading=bilingual(
            next((s.label for s in form.sections if s.key == "attachments"), {}), lang
        )
        or words["no_files"],
        files=files,
    )
