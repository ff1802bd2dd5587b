"""What a redacted copy withholds, and how a reader sees that something was withheld.

- Every withheld answer is replaced where it stood by a mark with its reason in
  both languages: ``■■ [withheld: identity of a third person / 비공개: 제3자의 신원]``.
- A passage of free text (the narrative, a translation) that names a protected
  person is written as a *span*: ``{{path}}``, where ``path`` is the protected
  answer that holds the words (``{{incidents[0].acts[0].perpetrators[0].name}}``).
  The sealed text therefore never holds the words; a full copy shows the
  answer in place of the span, a redacted copy the mark.
- :func:`protected_leaks` finds a protected answer written out verbatim in free
  text instead of as a span; export refuses such a record and names the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import forms
from forms.fields import IDENTITY, THIRD_PARTY
from forms.form import value_at
from forms.types import field_type
from intake.capture.seal import PATH_TOKEN

MARK = "■■"  # U+25A0: the embedded Nanum font has it (not U+2587 ▇)
#: A span in free text: the path of the protected answer it stands for.
SPAN_RE = re.compile(r"\{\{\s*([A-Za-z0-9_.\[\]]{1,200})\s*\}\}")
#: Protected answers shorter than this are not searched for (a one-letter initial).
MIN_LEAK_LENGTH = 2
#: Protected parts that name no one by themselves ("Mother"): not searched for.
_GENERIC_KEYS = {"relationship"}
_WITNESS_SECTIONS = ("identity", "interviewee", "consent")
_REASONS = {
    "witness": ("identity of the witness", "증언자의 신원"),
    "contact": ("contact details of the witness", "증언자의 연락처"),
    "third": ("identity of a third person", "제3자의 신원"),
    "sensitive": ("sensitive personal data of the witness", "증언자의 민감한 개인 정보"),
}


def reason(path: str, protection: str = "") -> tuple[str, str]:
    """Why the answer at ``path`` is withheld, in English and Korean; ``protection`` is its
    class (``form.protection``), else the section decides."""
    top = re.split(r"[.\[]", path, maxsplit=1)[0]
    if "recontact" in path or "contacts" in path:
        return _REASONS["contact"]
    if path.endswith("songbun"):
        return _REASONS["sensitive"]
    if protection == THIRD_PARTY:
        return _REASONS["third"]
    if protection == IDENTITY or top in _WITNESS_SECTIONS:
        return _REASONS["witness"]
    return _REASONS["third"]


def mark(path: str, korean_first: bool = False, protection: str = "") -> str:
    """``■■ [withheld: … / 비공개: …]`` for the answer at ``path`` (Korean first if asked)."""
    en, ko = reason(path, protection)
    if korean_first:
        return f"{MARK} [비공개: {ko} / withheld: {en}]"
    return f"{MARK} [withheld: {en} / 비공개: {ko}]"


def protection_of(form: forms.Form, doc: Mapping[str, Any], path: str) -> str:
    try:
        return form.protection(doc, path)
    except KeyError:
        return ""


_PASSAGE_REASONS = {
    "family": ("identity of the witness's family", "증언자 가족의 신원"),
    "witness": _REASONS["witness"],
}


def fill_passages(
    text: str,
    text_path: str,
    withheld: set[str],
    classes: Mapping[tuple[int, int], str],
    korean_first: bool = False,
) -> str:
    """``text`` (as exported) with each withheld passage ``text_path#start-end`` (masked in
    place by the seal) replaced by the mark of its class (``family``, ``witness``)."""
    passages = []
    for path in withheld:
        head, _, span = path.partition("#")
        first, _, last = span.partition("-")
        if head == text_path and first.isdigit() and last.isdigit():
            passages.append((int(first), int(last)))
    for start, end in sorted(passages, reverse=True):  # from the end: offsets stay valid
        if not 0 <= start < end <= len(text):
            continue
        en, ko = _PASSAGE_REASONS.get(classes.get((start, end), ""), _REASONS["witness"])
        words = f"withheld: {en} / 비공개: {ko}"
        if korean_first:
            words = f"비공개: {ko} / withheld: {en}"
        text = f"{text[:start]}{MARK} [{words}]{text[end:]}"
    return text


def path_label(form: forms.Form, path: str) -> str:
    """``incidents[0].acts[0].name`` as "Incidents 1 › Acts 1 › Name / 사건 1 › 행위 1 › 이름";
    a marked passage ``statement.narrative#12-30`` as "... › passage 12-30 / ... › 구간 12-30"."""
    path, _, passage = path.partition("#")
    if passage:
        en, ko = path_label(form, path).split(" / ", 1)
        return f"{en} › passage {passage} / {ko} › 구간 {passage}"
    parts: dict[str, list[str]] = {"en": [], "ko": []}
    prefix = ""
    for m in PATH_TOKEN.finditer(path):
        if m.group(2) is not None:
            for words in parts.values():
                words[-1] += f" {int(m.group(2)) + 1}"
            prefix += m.group(0)
            continue
        prefix = f"{prefix}.{m.group(1)}" if prefix else m.group(1)
        try:
            label = form.field(prefix).label
        except KeyError:
            label = {"en": m.group(1), "ko": m.group(1)}
        for lang, words in parts.items():
            words.append(label[lang])
    return f"{' › '.join(parts['en'])} / {' › '.join(parts['ko'])}"


def _covered(path: str, withheld: set[str]) -> bool:
    return any(path == w or path.startswith((w + ".", w + "[")) for w in withheld)


def fill_spans(
    form: forms.Form,
    text: str,
    doc: Mapping[str, Any],
    withheld: set[str],
    korean_first: bool = False,
) -> str:
    """``text`` with each span replaced by its answer, or by the mark if it is withheld.

    A span that names no protected answer of the form stays as written.
    """

    def one(m: re.Match[str]) -> str:
        path = m.group(1)
        try:
            protected = form.field(path).protected or any(
                form.field(p).protected for p in _ancestors(path)
            )
        except KeyError:
            return m.group(0)
        if not protected:
            return m.group(0)
        value = value_at(doc, path)
        if _covered(path, withheld) or not isinstance(value, str):
            return mark(path, korean_first, protection_of(form, doc, path))
        return value

    return SPAN_RE.sub(one, text)


def _ancestors(path: str) -> list[str]:
    parts = re.split(r"\.", re.sub(r"\[\d+\]", "", path))
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _protected_strings(form: forms.Form, doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = []
    for path in form.protected_paths(doc):
        if "#" in path:  # a marked passage of the free text itself, withheld in place
            continue
        for value, sub in _walk_value(value_at(doc, path), path):
            if re.split(r"[.\[]", sub)[-1] in _GENERIC_KEYS:
                continue
            if isinstance(value, str) and len(value.strip()) >= MIN_LEAK_LENGTH:
                found.append((sub, value.strip()))
    return found


def _walk_value(value: Any, path: str) -> list[tuple[Any, str]]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _walk_value(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in _walk_value(v, f"{path}[{i}]")]
    return [(value, path)]


def protected_leaks(form: forms.Form, doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(protected path, free-text path)`` for each protected answer found verbatim
    in an unprotected free-text answer (the narrative, a translation, a note)."""
    secrets = _protected_strings(form, doc)
    if not secrets:
        return []
    protected = form.protected_paths(doc)
    leaks = []
    for each, value, path in form.walk(doc):
        if not field_type(each.type).free_text or not isinstance(value, str):
            continue
        if _covered(path, set(protected)):
            continue
        folded = value.casefold()
        for secret_path, secret in secrets:
            if secret.casefold() in folded:
                leaks.append((secret_path, path))
    return leaks
