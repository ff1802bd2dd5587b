"""Checking a record document against a form: every problem at once.

Drafts are checked for shape only (types, codes, formats, bounds); with
``for_seal=True`` the rules for sealing are added: required fields, minimum
numbers of entries, and no answers to questions hidden by ``visible_if``.
The JSON Schema from :mod:`forms.schema` expresses exactly the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from forms.fields import Field, Problem
from forms.types import field_type

# (English, Korean) message templates.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("required before sealing", "봉인하기 전에 입력해야 합니다"),
    "not_applicable": (
        "answered although the question does not apply (its condition is not met)",
        "적용되지 않는 질문(조건 불충족)에 답이 입력되어 있습니다",
    ),
    "unknown_field": ("not a field of this form", "이 양식에 없는 항목입니다"),
    "not_object": ("must be a group of answers (an object)", "답변 묶음(객체)이어야 합니다"),
    "not_list": ("must be a list", "목록이어야 합니다"),
    "not_text": ("must be text", "텍스트여야 합니다"),
    "not_integer": ("must be a whole number", "정수여야 합니다"),
    "not_number": ("must be a number", "숫자여야 합니다"),
    "below_min": ("must be at least {n}", "{n} 이상이어야 합니다"),
    "above_max": ("must be at most {n}", "{n} 이하여야 합니다"),
    "too_short": ("must be at least {n} characters long", "{n}자 이상이어야 합니다"),
    "too_long": ("must be at most {n} characters long", "{n}자 이하여야 합니다"),
    "too_few": ("needs at least {n} entries", "항목이 {n}개 이상 필요합니다"),
    "too_many": ("allows at most {n} entries", "항목은 최대 {n}개까지 입력할 수 있습니다"),
    "unknown_code": (
        "{v} is not a code of the vocabulary '{voc}'",
        "{vk}: '{voc}' 어휘에 없는 코드입니다",
    ),
    "duplicate": ("{v} is listed more than once", "{vk}: 두 번 이상 들어 있습니다"),
    "yes_no_unknown": ("must be yes, no or unknown", "yes, no, unknown 중 하나여야 합니다"),
    "bad_edtf": (
        "{v} is not a valid EDTF date: {reason}",
        "{vk}: 올바른 EDTF 날짜가 아닙니다 (예: 1998-03~, 1997/1999, 1998-21)",
    ),
    "bad_datetime": (
        "must be a date and time with its UTC offset, e.g. 2026-03-14T09:30:00Z",
        "UTC 오프셋이 있는 날짜와 시각이어야 합니다 (예: 2026-03-14T09:30:00Z)",
    ),
    "unknown_entity": (
        "{v} is not an entry of the gazetteer '{voc}'",
        "{vk}: '{voc}' 목록에 없는 항목입니다",
    ),
    "bad_entity": (
        "must be an id of the gazetteer '{voc}' or a new entry with a name (name_ko or name_en)",
        "'{voc}' 목록의 식별자이거나 이름(name_ko 또는 name_en)이 있는 새 항목이어야 합니다",
    ),
    "bad_span": (
        "must be a passage {{start, end, class}} of whole numbers",
        "{{start, end, class}} 형식의 구간이어야 합니다 (start, end는 정수)",
    ),
    "span_fraction": (
        "must give start and end as whole numbers written without a fraction (3, not 3.0)",
        "start, end는 소수점 없이 쓴 정수여야 합니다 (3.0이 아닌 3)",
    ),
    "span_outside": (
        "must lie inside the text: 0 <= start < end <= its length",
        "본문 안에 있어야 합니다: 0 <= start < end <= 글자 수",
    ),
    "span_overlap": (
        "overlaps the passage before it",
        "앞 구간과 겹칩니다",
    ),
    "bad_ref": (
        "must be an identifier of letters, digits and . _ : - (at most 64)",
        "영문자, 숫자, . _ : - 로 된 식별자여야 합니다 (최대 64자)",
    ),
}


#: Messages of rules JSON Schema cannot express (see Problem.beyond_schema).
BEYOND = ("span_fraction", "span_outside", "span_overlap")

class Checker:
    """Where problems go while a document is checked (:class:`forms.types.base.Checking`)."""

    def __init__(self, vocabularies: Mapping[str, Mapping[str, object]], for_seal: bool) -> None:
        self.vocabularies = vocabularies
        self.for_seal = for_seal
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, **values: object) -> None:
        en, ko = MESSAGES[code]
        self.problems.append(
            Problem(path, en.format(**values), ko.format(**values), beyond_schema=code in BEYOND)
        )

    def count(self, field: Field, value: list[object], path: str) -> None:
        if field.max is not None and len(value) > field.max:
            self.add(path, "too_many", n=field.max)
        if self.for_seal and field.min is not None and len(value) < field.min:
            self.add(path, "too_few", n=field.min)

    def group(self, fields: Sequence[Field], obj: object, path: str) -> None:
        if not isinstance(obj, dict):
            self.add(path, "not_object")
            return
        known = {field.key for field in fields}
        for key in obj:
            if key not in known:
                self.add(join_path(path, str(key)), "unknown_field")
        for field in fields:
            field_path = join_path(path, field.key)
            visible = field.visible_if is None or field.visible_if.holds(obj)
            if field.key not in obj:
                if self.for_seal and visible and field.required_for_seal:
                    self.add(field_path, "required")
                elif self.for_seal and visible and field.needed_for_seal:
                    # an unanswered group: name the required questions inside it
                    self.group(field.fields, {}, field_path)
                continue
            value = obj[field.key]
            if self.for_seal and not visible:
                self.add(field_path, "not_applicable")
                continue
            if self.for_seal and field.required_for_seal and is_blank(value):
                self.add(field_path, "required")
                continue
            field_type(field.type).validate(field, value, field_path, self, obj)


def join_path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def is_blank(value: object) -> bool:
    """An answer that does not count for ``required_for_seal``."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    return False


def validate_document(
    fields: Sequence[Field],
    vocabularies: Mapping[str, Mapping[str, object]],
    doc: object,
    *,
    for_seal: bool,
) -> list[Problem]:
    """Every problem of ``doc`` against ``fields``, in document order."""
    checker = Checker(vocabularies, for_seal)
    checker.group(fields, doc, "")
    return checker.problems
