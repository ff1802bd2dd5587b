"""The PDF statement of one record: a witness statement a court can read, then signed.

The statement shows exactly the version that goes into the bundle: for the
``redacted`` profile that version has no protected identity values (only their
commitments), so neither has the PDF; each withheld answer and each span of
free text standing for one (:mod:`intake.handover.withhold`) is replaced where it stood
by a mark with its reason. The layout is :mod:`intake.handover.layout`'s:

1. a first page naming it a witness statement, with the pseudonym, the
   session's local date, time and place, everyone present and the languages;
2. the narrative in the original language, paragraphs numbered, then each
   translation, marked as one, with the same numbering;
3. the chronology of incidents and acts, dates in words with their qualifier;
4. the witness's declaration, the interpreter's certification and the
   interviewer's attestation, in the witness's language and in English, with
   lines for a signature or thumbprint and a date;
5. the visible signature block (from the real signing key), then the annexes
   the profile allows, the attachments and the version history.

The PDF is PDF/A-3 with the record JSON and the form schema embedded as
associated files (:mod:`intake.handover.pdfa`), then PAdES-signed (:mod:`crypto.pdfsign`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

import forms
from crypto.sign import SigningIdentity
from forms.fields import LONG_TEXT, SPANS, Field
from forms.types import (
    YES_NO_UNKNOWN_WORDS,
    both,
    code_both,
    date_both,
    datetime_both,
    display_both,
)
from forms.vocabularies import term
from intake.capture.seal import SealedVersion
from intake.handover import withhold
from intake.handover.declarations import declarations, withheld_row
from intake.handover.model import Block, Row, SignatureBlock, Statement

TITLE = "Witness statement / 증언자 진술서"
#: Annexes each export profile includes (a section's annex is chosen by its key).
PROFILE_ANNEXES = {
    "redacted": ("details", "incidents"),
    "full": ("details", "incidents", "risk", "identity"),
}
_ANNEX_OF_SECTION = {"incidents": "incidents", "risk": "risk", "identity": "identity"}
_ANNEX_TITLES = {
    "details": "Annex A: interview details / 부록 A: 면담 세부 사항",
    "incidents": "Annex B: incidents, coding and legal headings / 부록 B: 사건, 분류와 법적 구분",
    "risk": "Annex C: risk assessment / 부록 C: 위험 평가",
    "identity": "Annex D: protected identity / 부록 D: 보호 대상 신원 정보",
}
_BODY_PATHS = ("statement.translations",)  # printed in the body, not again in an annex
# A typed fingerprint proves nothing: the signature block prints the signing key's own.
_NOT_PRINTED = ("interviewer.key_fingerprint",)
LANGS = ("en", "ko")


@dataclass(frozen=True)
class AttachmentLine:
    name: str
    sha256: str
    size: int
    media_type: str


def bilingual(pair: Mapping[str, str]) -> str:
    return both(pair.get("en", ""), pair.get("ko", ""))


class _Builder:
    """Builds one statement from the latest exported version of a record."""

    def __init__(self, form: forms.Form, latest: SealedVersion) -> None:
        self.form = form
        self.doc = latest.doc
        self.withheld = set(latest.redactions)
        values = form.values(self.doc, "language")
        self.korean = bool(values) and values[0] == "ko"

    def text(self, value: str, path: str = "") -> str:
        """Free text as the reader sees it: withheld passages and ``{{path}}`` spans marked."""
        if path and any(w.startswith(path + "#") for w in self.withheld):
            value = withhold.fill_passages(
                value, path, self.withheld, self.passage_classes(path), self.korean
            )
        return withhold.fill_spans(self.form, value, self.doc, self.withheld, self.korean)

    def passage_classes(self, text_path: str) -> dict[tuple[int, int], str]:
        """(start, end) -> class of the passages a ``spans`` answer marks in ``text_path``."""
        classes: dict[tuple[int, int], str] = {}
        for f, value, path in self.form.walk(self.doc):
            if f.type != SPANS or f.of is None or not isinstance(value, list):
                continue
            parent = path.rpartition(".")[0]
            if (f"{parent}.{f.of}" if parent else f.of) != text_path:
                continue
            for span in value:
                if isinstance(span, dict) and isinstance(span.get("start"), int):
                    classes[(span["start"], int(span.get("end", 0)))] = str(span.get("class", ""))
        return classes

    def mark(self, path: str) -> str:
        return withhold.mark(path, self.korean, withhold.protection_of(self.form, self.doc, path))

    def first(self, role: str) -> str:
        values = self.form.values(self.doc, role)
        return str(values[0]) if values and values[0] is not None else ""

    def block(self, fields: tuple[Field, ...] | list[Field], obj: object, heading: str,
              path: str) -> Block:  # fmt: skip
        block = Block(heading)
        if not isinstance(obj, dict):
            return block
        for f in fields:
            here = f"{path}.{f.key}" if path else f.key
            if here in self.withheld:
                block.rows.append(Row(bilingual(f.label), self.mark(here)))
                continue
            if f.key not in obj or f.role == "narrative" or here in _BODY_PATHS + _NOT_PRINTED:
                continue
            value = obj[f.key]
            if f.repeat:
                items = value if isinstance(value, list) else []
                for i, item in enumerate(items, start=1):
                    block.children.append(
                        self.block(f.fields, item, f"{bilingual(f.label)} {i}", f"{here}[{i - 1}]")
                    )
            elif f.is_container:
                block.children.append(self.block(f.fields, value, bilingual(f.label), here))
            elif f.type == LONG_TEXT:  # passages of it may be withheld or marked
                block.rows.append(Row(bilingual(f.label), self.text(str(value), here)))
            elif f.type == SPANS:
                continue  # offsets: shown as marks in their text
            else:
                block.rows.append(Row(bilingual(f.label), display_both(self.form, f, value)))
        return block

    def annexes(self, profile: str) -> list[Block]:
        allowed = PROFILE_ANNEXES.get(profile, PROFILE_ANNEXES["redacted"])
        annexes: dict[str, Block] = {name: Block(_ANNEX_TITLES[name]) for name in allowed}
        for s in self.form.sections:
            name = _ANNEX_OF_SECTION.get(s.key, "details")
            if name not in annexes:
                continue
            if s.key in self.withheld:
                annexes[name].rows.append(Row(bilingual(s.label), self.mark(s.key)))
            elif s.repeat and isinstance(self.doc.get(s.key), list):
                for i, item in enumerate(self.doc[s.key], start=1):
                    annexes[name].children.append(
                        self.block(s.fields, item, f"{bilingual(s.label)} {i}", f"{s.key}[{i - 1}]")
                    )
            elif s.key in self.doc:
                annexes[name].children.append(
                    self.block(s.fields, self.doc[s.key], bilingual(s.label), s.key)
                )
        return [b for b in annexes.values() if b.rows or b.children]

    def role_key(self, role: str) -> str:
        """The key of the field with ``role`` (inside its group), or ""."""
        return next((f.key for f in self.form.all_fields() if f.role == role), "")

    def chronology(self) -> list[Row]:
        """Incidents and their acts in the order given, each with its date in words."""
        acts_key, what_key = self.role_key("act"), self.role_key("violation")
        rows = []
        for i, incident in enumerate(self.form.values(self.doc, "incident"), start=1):
            incident = _dict(incident)
            date = str(incident.get(self.role_key("incident_date")) or "")
            when = date_both(date) if date else "-"
            title = self.text(str(incident.get("title", "")))
            rows.append(Row(f"Incident {i} / 사건 {i}", f"{when}\n{title}".strip()))
            for j, act in enumerate(incident.get(acts_key) or [], start=1):
                act = _dict(act)
                start, end = str(act.get("start") or ""), str(act.get("end") or "")
                span = date_both(start) if start else when
                if end and end != start:
                    span = f"{span} – {date_both(end)}"
                codes = act.get(what_key)
                codes = codes if isinstance(codes, list) else [codes] if codes else []
                what = "; ".join(code_both(self.form, "violations", c) for c in codes)
                rows.append(Row(f"Act {i}.{j} / 행위 {i}.{j}", f"{span}\n{what}".strip()))
        return rows


def _language(form: forms.Form, code: str) -> tuple[str, str]:
    vocab = form.vocabularies.get("languages")
    return term(vocab, code, "en"), term(vocab, code, "ko")


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sessions(b: _Builder) -> list[Row]:
    """Local date, time and place of each session (one in form v1, a list in later forms)."""
    raw = b.doc.get("session")
    sessions = [s for s in raw if isinstance(s, dict)] if isinstance(raw, list) else [_dict(raw)]
    rows = []
    for n, s in enumerate(sessions, start=1):
        label = "Session / 면담" if len(sessions) == 1 else f"Session {n} / 면담 {n}"
        start, end = s.get("start"), s.get("end")
        when = datetime_both(str(start)) if start else b.first("interview_date") or "-"
        rows.append(Row(label, f"{when}\n{s.get('place') or b.first('interview_place') or '-'}"))
        if end:
            rows.append(Row("Ended / 종료", datetime_both(str(end))))
    return rows


def _present(b: _Builder, interviewer: str) -> list[str]:
    people = [
        f"Witness / 증언자: {b.first('pseudonym') or '-'}",
        f"Interviewer / 면담자: {interviewer}",
    ]
    interp = _dict(b.doc.get("interpreter"))
    if interp.get("used") == "yes":
        names = [_language(b.form, str(c)) for c in interp.get("languages", [])]
        langs = " / ".join(", ".join(n[i] for n in names) for i in (0, 1)) if names else ""
        who = interp.get("interpreter_id") or "-"
        people.append(f"Interpreter / 통역인: {who}")
        if langs:
            people.append(langs)
    for p in _dict(b.doc.get("session")).get("present", []) or []:
        role = _dict(p).get("role")
        if role in (None, "interviewer", "interpreter"):
            continue
        people.append(
            f"{code_both(b.form, 'session-roles', role)}: {_dict(p).get('staff_id') or '-'}"
        )
    return people


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
    b = _Builder(form, latest)
    doc = latest.doc
    pseudonym = b.first("pseudonym")
    lang_code = b.first("language")
    korean = b.korean
    lang = _language(form, lang_code) if lang_code else ("-", "-")
    spoken = [
        code_both(form, "languages", v) for v in _dict(doc.get("session")).get("languages", [])
    ]
    narrative_field = next((f for f in form.all_fields() if f.role == "narrative"), None)
    narrative_path = next((p for f, _, p in form.walk(doc) if f.role == "narrative"), "")
    narrative_label: Mapping[str, str] = {"en": "Statement", "ko": "진술"}
    if narrative_field is not None:
        narrative_label = narrative_field.label
    translations = []
    for i, t in enumerate(_dict(doc.get("statement")).get("translations", []) or []):
        t = _dict(t)
        t_en, t_ko = _language(form, str(t.get("language", "")))
        who = str(t.get("translator") or "")
        translations.append(
            (
                f"Translation into {t_en}, not the original"
                + (f" (translator {who})" if who else "")
                + f" / 번역문({t_ko}), 원문 아님"
                + (f" (번역자 {who})" if who else ""),
                b.text(str(t.get("text", "")), f"statement.translations[{i}].text"),
            )
        )
    cover = [
        Row("Reference / 참조 번호", b.first("reference") or latest.record_id),
        Row("Record id / 기록 식별자", latest.record_id),
        *_sessions(b),
        Row("Present / 참석자", "\n".join(_present(b, interviewer))),
        Row("Language of the statement / 진술 언어", " / ".join(lang)),
        Row("Languages spoken / 사용 언어", "; ".join(spoken) or "-"),
        Row("Form / 양식", f"{bilingual(form.title)}\n{form.id}, v{form.version}"),
        Row("Consent / 동의", consent_summary(form, doc)),
        Row(
            "Version / 버전",
            f"{latest.version} of {len(versions)} / {len(versions)}개 중 {latest.version}번째",
        ),
        Row("Sealed / 봉인", datetime_both(latest.sealed_at)),
    ]
    withheld = [
        Row(withhold.path_label(form, path), b.mark(path))
        for path in sorted(latest.redactions)
    ]
    history = [
        Row(
            f"Version / 버전 {sv.version}",
            f"sealed {datetime_both(sv.sealed_at)} by {sv.signer}\nhash {sv.version_hash}\n"
            f"previous {sv.prev_hash or '-'}",
        )
        for sv in versions
    ]
    return Statement(
        reference=b.first("reference") or latest.record_id,
        title=TITLE,
        profile=profile,
        version_hash=latest.version_hash,
        cover=cover,
        blocks=b.annexes(profile),
        narrative_heading=(
            f"{narrative_label['en']} ({lang[0]}) / {narrative_label['ko']} ({lang[1]})"
        ),
        narrative=b.text(b.first("narrative"), narrative_path),
        attachments=[
            Row(a.name, f"sha256 {a.sha256}\n{a.size} bytes, {a.media_type}") for a in attachments
        ]
        + [withheld_row(form, w) for w in withheld_attachments],
        history=history,
        pseudonym=pseudonym,
        lang=lang_code if lang_code and lang_code != "other" else "und",
        translations=translations,
        chronology=b.chronology(),
        declarations=declarations(
            _dict(doc.get("interpreter")), pseudonym, interviewer, lang, latest.version_hash,
            korean,
        ),
        korean_first=korean,
        withheld=withheld,
    )


def consent_summary(form: forms.Form, doc: dict[str, Any]) -> str:
    lines = []
    recipients, levels = form.vocabularies.get("consent-recipients"), form.vocabularies.get(
        "identity-levels")  # fmt: skip
    for grant in form.values(doc, "consent_grants"):
        if isinstance(grant, dict):
            who, level = (grant.get("recipient"), grant.get("identity_level"))
            lines.append(" / ".join(
                f"{term(recipients, who, lang)}: {term(levels, level, lang)}" for lang in LANGS))
    values = form.values(doc, "consent_withdrawn")
    withdrawn = str(values[0]) if values else ""
    words = YES_NO_UNKNOWN_WORDS.get(withdrawn) or {lang: withdrawn or "-" for lang in LANGS}
    lines.append(f"Consent withdrawn: {words['en']} / 동의 철회: {words['ko']}")
    return "\n".join(lines)


def render_signed(
    st: Statement,
    identity: SigningIdentity,
    signer_name: str,
    out: BinaryIO,
    when: datetime | None = None,
    embedded: list[tuple[str, bytes, str, str]] | None = None,
) -> None:
    """Render ``st`` as PDF/A-3 and write it, PAdES-signed by ``identity``, to ``out``.

    The visible signature block names the key that signs (never a typed field).
    ``embedded`` are ``(file name, bytes, media type, description)`` attached as
    associated files (the record JSON, the form schema). All in memory.
    """
    from intake.handover.rendering import render

    moment = when or datetime.now(UTC).replace(microsecond=0)
    name_signer(st, identity, signer_name, moment)
    sign_rendered(st, render(st), identity, signer_name, out, moment, embedded)


def name_signer(st: Statement, identity: SigningIdentity, signer_name: str, when: datetime) -> None:
    """The visible signature block of ``st``: who signs, with which key, when (drawn on it)."""
    st.signature = SignatureBlock(
        signer=signer_name,
        signed_at=datetime_both(when.isoformat()),
        fingerprint=identity.fingerprint,
        version_hash=st.version_hash,
    )


def sign_rendered(
    st: Statement,
    plain_pdf: bytes,
    identity: SigningIdentity,
    signer_name: str,
    out: BinaryIO,
    when: datetime,
    embedded: list[tuple[str, bytes, str, str]] | None = None,
) -> None:
    """``plain_pdf`` (``st`` rendered, its signer named) made PDF/A-3 and signed into ``out``;
    the key never leaves this process."""
    from crypto import pdfsign  # pyhanko: loaded only when signing
    from intake.handover import pdfa

    archival = pdfa.make_pdfa(
        plain_pdf, title=f"{TITLE}: {st.pseudonym or st.reference}", lang=st.lang,
        created=when, author=signer_name, files=embedded or [],
    )  # fmt: skip
    pdfsign.sign_pdf(
        io.BytesIO(archival),
        out,
        identity.key,
        identity.certificate,
        reason=f"Sealed testimony statement {st.reference}, version hash {st.version_hash}",
        signer_name=signer_name,
        when=when,
    )
