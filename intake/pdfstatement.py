"""The PDF statement of one record, built from its sealed versions as exported, then signed.

The statement shows exactly the version that goes into the bundle: for the
``redacted`` profile that version has no protected identity values (only their
commitments), so neither has the PDF. Labels and vocabulary terms read
"English / 한국어". The layout is :mod:`intake.statement`'s; the signature is a
PAdES one by the interviewer's P-256 key (:mod:`crypto.pdfsign`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

import forms
from crypto.sign import SigningIdentity
from forms.dates_in_words import datetime_in_words, edtf_in_words
from forms.fields import (
    ATTACHMENT_REFS,
    CHOICE,
    DATE,
    DATETIME,
    GROUP,
    LONG_TEXT,
    MULTI_CHOICE,
    YES_NO_UNKNOWN,
    Field,
)
from intake.seal import SealedVersion
from intake.statement import Block, Row, Statement, render_statement

YES_NO = {"yes": "Yes / 예", "no": "No / 아니오", "unknown": "Unknown / 모름"}


@dataclass(frozen=True)
class AttachmentLine:
    name: str
    sha256: str
    size: int
    media_type: str


def bilingual(pair: Mapping[str, str]) -> str:
    en, ko = pair.get("en", ""), pair.get("ko", "")
    return f"{en} / {ko}" if ko and ko != en else en


def _term(form: forms.Form, f: Field, code: object) -> str:
    if f.vocabulary is None:
        return str(code)
    return _vocab_term(form, f.vocabulary, code)


def _date(value: str) -> str:
    """A date in words in both languages: "about April 2008 / 2008년 4월경"."""
    try:
        return f"{edtf_in_words(value, 'en')} / {edtf_in_words(value, 'ko')}"
    except ValueError:
        return value


def _datetime(value: str) -> str:
    """A time at the offset it was recorded with, in both languages."""
    try:
        return f"{datetime_in_words(value, 'en')} / {datetime_in_words(value, 'ko')}"
    except ValueError:
        return value


def format_value(form: forms.Form, f: Field, value: object) -> str:
    if f.type == CHOICE:
        return _term(form, f, value)
    if f.type == MULTI_CHOICE and isinstance(value, list):
        return "; ".join(_term(form, f, v) for v in value)
    if f.type == YES_NO_UNKNOWN:
        return YES_NO.get(str(value), str(value))
    if f.type == DATE:
        return _date(str(value))
    if f.type == DATETIME:
        return _datetime(str(value))
    if f.type == ATTACHMENT_REFS and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool | int | float | str):
        return str(value)
    return "" if value is None else str(value)


def _blocks(
    form: forms.Form, fields: tuple[Field, ...] | list[Field], obj: object, heading: str
) -> Block:
    block = Block(heading)
    if not isinstance(obj, dict):
        return block
    for f in fields:
        if f.key not in obj or f.role == "narrative":
            continue
        value = obj[f.key]
        if f.type == GROUP and f.repeat:
            items = value if isinstance(value, list) else []
            for i, item in enumerate(items, start=1):
                block.children.append(_blocks(form, f.fields, item, f"{bilingual(f.label)} {i}"))
        elif f.is_container:
            block.children.append(_blocks(form, f.fields, value, bilingual(f.label)))
        elif f.type == LONG_TEXT:
            block.rows.append(Row(bilingual(f.label), str(value)))
        else:
            block.rows.append(Row(bilingual(f.label), format_value(form, f, value)))
    return block


def _first(form: forms.Form, doc: dict[str, Any], role: str) -> str:
    values = form.values(doc, role)
    return str(values[0]) if values and values[0] is not None else ""


def consent_summary(form: forms.Form, doc: dict[str, Any]) -> str:
    lines = []
    for grant in form.values(doc, "consent_grants"):
        if isinstance(grant, dict):
            who = _vocab_term(form, "consent-recipients", grant.get("recipient"))
            level = _vocab_term(form, "identity-levels", grant.get("identity_level"))
            lines.append(f"{who}: {level}")
    withdrawn = _first(form, doc, "consent_withdrawn")
    lines.append(f"Consent withdrawn / 동의 철회: {YES_NO.get(withdrawn, withdrawn or '-')}")
    return "\n".join(lines)


def _vocab_term(form: forms.Form, vocabulary: str, code: object) -> str:
    try:
        return (
            f"{form.term(vocabulary, str(code), 'en')} / {form.term(vocabulary, str(code), 'ko')}"
        )
    except KeyError:
        return str(code)


WITHHELD_REASONS = {
    "permission_no": "the witness's permission for this kind is 'no'"
    " / 이 종류에 대한 증언자의 허락이 '아니오'",
    "permission_unknown": "the witness's permission for this kind is 'unknown'"
    " / 이 종류에 대한 증언자의 허락이 '모름'",
    "permission_missing": "the permission for this kind was not answered"
    " / 이 종류에 대한 허락이 기록되지 않음",
    "protected_reference": "it belongs to withheld protected answers / 비공개 보호 정보에 속함",
}


def withheld_row(form: forms.Form, w: Mapping[str, str]) -> Row:
    """An attachment left out of the bundle: its id, kind and why (no name, no hash)."""
    kind = _vocab_term(form, "file-kinds", w.get("kind"))
    why = WITHHELD_REASONS.get(w.get("reason", ""), w.get("reason", ""))
    return Row(f"Withheld / 제외됨: {w.get('id')}", f"{kind}\nnot in this bundle: {why}")


def build_statement(
    form: forms.Form,
    versions: list[SealedVersion],
    *,
    profile: str,
    interviewer: str,
    attachments: list[AttachmentLine],
    withheld_attachments: Sequence[Mapping[str, str]] = (),
) -> Statement:
    """The statement model of the latest of ``versions`` (as exported, redacted or not)."""
    latest = versions[-1]
    doc = latest.doc
    place = _first(form, doc, "interview_place")
    langs = [_vocab_term(form, "languages", v) for v in form.values(doc, "language")]
    interpreter = doc.get("interpreter") if isinstance(doc.get("interpreter"), dict) else None
    interp_text = ""
    if interpreter is not None:
        section = next((f for f in form.sections if f.key == "interpreter"), None)
        if section is not None:
            interp_text = "; ".join(
                f"{bilingual(f.label)}: {format_value(form, f, interpreter[f.key])}"
                for f in section.fields
                if f.key in interpreter
            )
    withheld = sorted(latest.redactions)
    cover = [
        Row("Record id / 기록 식별자", latest.record_id),
        Row("Form / 양식", f"{bilingual(form.title)} ({form.id} v{form.version})"),
        Row("Interview date / 면담 일시", _datetime(_first(form, doc, "interview_date"))),
        Row("Interview place / 면담 장소", place),
        Row("Interviewer / 면담자", f"{interviewer}\nSigning key / 서명 키: {latest.signer}"),
        Row("Interpreter / 통역인", interp_text or "-"),
        Row("Languages / 언어", "; ".join(langs) or "-"),
        Row("Consent / 동의", consent_summary(form, doc)),
        Row("Version / 버전", f"{latest.version} of {len(versions)}, sealed {latest.sealed_at}"),
        Row(
            "Protected identity withheld / 비공개 신원 정보",
            "\n".join(withheld) if withheld else "None withheld / 없음",
        ),
    ]
    blocks = [
        _blocks(form, s.fields, doc.get(s.key), bilingual(s.label))
        for s in form.sections
        if s.key in doc and not (s.type == GROUP and s.repeat)
    ]
    for s in form.sections:  # repeating top-level groups (incidents): one block per item
        if s.type == GROUP and s.repeat and isinstance(doc.get(s.key), list):
            for i, item in enumerate(doc[s.key], start=1):
                blocks.append(_blocks(form, s.fields, item, f"{bilingual(s.label)} {i}"))
    narrative_field = next((f for f in form.all_fields() if f.role == "narrative"), None)
    history = [
        Row(
            f"Version / 버전 {sv.version}",
            f"sealed {sv.sealed_at} by {sv.signer}\nhash {sv.version_hash}\n"
            f"previous {sv.prev_hash or '-'}",
        )
        for sv in versions
    ]
    return Statement(
        reference=_first(form, doc, "reference") or latest.record_id,
        title=bilingual(form.title),
        profile=profile,
        version_hash=latest.version_hash,
        cover=cover,
        blocks=[b for b in blocks if b.rows or b.children or b.paragraphs],
        narrative_heading=bilingual(narrative_field.label)
        if narrative_field
        else "Statement / 진술",
        narrative=_first(form, doc, "narrative"),
        attachments=[
            Row(a.name, f"sha256 {a.sha256}\n{a.size} bytes, {a.media_type}") for a in attachments
        ]
        + [withheld_row(form, w) for w in withheld_attachments],
        history=history,
    )


def render_signed(
    st: Statement,
    identity: SigningIdentity,
    signer_name: str,
    out: BinaryIO,
    when: datetime | None = None,
) -> None:
    """Render ``st`` and write it, PAdES-signed by ``identity``, to ``out`` (all in memory)."""
    from crypto import pdfsign  # pyhanko: loaded only when signing
    plain = io.BytesIO()
    render_statement(st, plain)
    plain.seek(0)
    pdfsign.sign_pdf(
        plain,
        out,
        identity.key,
        identity.certificate,
        reason=f"Sealed testimony statement {st.reference}, version hash {st.version_hash}",
        signer_name=signer_name,
        when=when,
    )
