"""Checking a record document against a form: every problem at once.

Drafts are checked for shape only (types, codes, formats, bounds); with
``for_seal=True`` the rules for sealing are added: required fields, minimum
numbers of entries, and no answers to questions hidden by ``visible_if``.
The JSON Schema from :mod:`forms.schema` expresses exactly the same rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from forms.edtf import EdtfError, validate_edtf
from forms.fields import (
    ATTACHMENT_REF,
    ATTACHMENT_REFS,
    CHOICE,
    DATE,
    DATETIME,
    ENTITY,
    GROUP,
    INTEGER,
    LONG_TEXT,
    MULTI_CHOICE,
    NUMBER,
    PERSON_REF,
    PLACE,
    REF_PATTERN,
    SPANS,
    TEXT,
    TEXT_DEFAULT_MAX,
    YES_NO_UNKNOWN,
    YES_NO_UNKNOWN_CODES,
    Field,
    Problem,
)

DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})$"
)
_DATETIME_RE = re.compile(DATETIME_PATTERN)
_REF_RE = re.compile(REF_PATTERN)

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
BEYOND = ("span_outside", "span_overlap")

_QUOTABLE_RE = re.compile(r"[A-Za-z0-9_.:~?%/-]{1,40}")


def _quote(value: object) -> dict[str, str]:
    """Show a wrong value only when it looks like a code or a date: problems
    may be printed or logged, and must never carry testimony text."""
    if isinstance(value, bool | int | float) or value is None:
        shown = json.dumps(value)
    elif isinstance(value, str) and _QUOTABLE_RE.fullmatch(value):
        shown = f"'{value}'"
    else:
        return {"v": "the value", "vk": "이 값"}
    return {"v": shown, "vk": shown}


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, key: str, **params: object) -> None:
        en, ko = MESSAGES[key]
        self.problems.append(
            Problem(path, en.format(**params), ko.format(**params), beyond_schema=key in BEYOND)
        )


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
    out = _Collector()
    _check_object(fields, vocabularies, doc, "", for_seal, out)
    return out.problems


def _check_object(
    fields: Sequence[Field],
    vocabularies: Mapping[str, Mapping[str, object]],
    obj: object,
    path: str,
    for_seal: bool,
    out: _Collector,
) -> None:
    if not isinstance(obj, dict):
        out.add(path, "not_object")
        return
    known = {field.key for field in fields}
    for key in obj:
        if key not in known:
            out.add(join_path(path, str(key)), "unknown_field")
    for field in fields:
        field_path = join_path(path, field.key)
        visible = field.visible_if is None or field.visible_if.holds(obj)
        if field.key not in obj:
            if for_seal and visible and field.required_for_seal:
                out.add(field_path, "required")
            elif for_seal and visible and field.needed_for_seal:
                # an unanswered group: name the required questions inside it
                _check_object(field.fields, vocabularies, {}, field_path, for_seal, out)
            continue
        value = obj[field.key]
        if for_seal and not visible:
            out.add(field_path, "not_applicable")
            continue
        if for_seal and field.required_for_seal and is_blank(value):
            out.add(field_path, "required")
            continue
        if field.type == SPANS:
            _check_spans(field, vocabularies, value, obj.get(field.of or ""), field_path, out)
            continue
        _check_value(field, vocabularies, value, field_path, for_seal, out)


def _check_value(
    field: Field,
    vocabularies: Mapping[str, Mapping[str, object]],
    value: object,
    path: str,
    for_seal: bool,
    out: _Collector,
) -> None:
    kind = field.type
    if kind == GROUP and field.repeat:
        if not isinstance(value, list):
            out.add(path, "not_list")
            return
        _check_count(field, value, path, for_seal, out)
        for index, item in enumerate(value):
            _check_object(field.fields, vocabularies, item, f"{path}[{index}]", for_seal, out)
    elif kind in (GROUP, PLACE):
        _check_object(field.fields, vocabularies, value, path, for_seal, out)
    elif kind in (TEXT, LONG_TEXT):
        _check_text(field, value, path, out)
    elif kind == INTEGER:
        if isinstance(value, int | float) and is_integer(value):
            _check_bounds(field, value, path, out)
        else:
            out.add(path, "not_integer")
    elif kind == NUMBER:
        if not isinstance(value, int | float) or isinstance(value, bool):
            out.add(path, "not_number")
        else:
            _check_bounds(field, value, path, out)
    elif kind == YES_NO_UNKNOWN:
        if value not in YES_NO_UNKNOWN_CODES or not isinstance(value, str):
            out.add(path, "yes_no_unknown")
    elif kind == CHOICE:
        _check_code(field, vocabularies, value, path, out)
    elif kind == MULTI_CHOICE:
        _check_list(
            field,
            value,
            path,
            for_seal,
            out,
            lambda item, item_path: _check_code(field, vocabularies, item, item_path, out),
        )
    elif kind == DATE:
        if not isinstance(value, str):
            out.add(path, "not_text")
            return
        try:
            validate_edtf(value)
        except EdtfError as error:
            out.add(path, "bad_edtf", **_quote(value), reason=str(error))
    elif kind == DATETIME:
        if not isinstance(value, str):
            out.add(path, "not_text")
        elif not is_datetime(value):
            out.add(path, "bad_datetime")
    elif kind in (PERSON_REF, ATTACHMENT_REF):
        _check_ref(value, path, out)
    elif kind == ENTITY:
        _check_entity(field, vocabularies, value, path, out)
    elif kind == ATTACHMENT_REFS:
        _check_list(
            field,
            value,
            path,
            for_seal,
            out,
            lambda item, item_path: _check_ref(item, item_path, out),
        )
    else:  # pragma: no cover - the loader rejects unknown types
        raise AssertionError(f"unhandled field type {kind}")


def is_integer(value: object) -> bool:
    """A JSON integer, as JSON Schema counts it (``3`` and ``3.0``, never ``true``)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def is_datetime(value: str) -> bool:
    """RFC 3339 date-time with seconds and a UTC offset (``Z`` or ``+09:00``)."""
    if not _DATETIME_RE.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_text(field: Field, value: object, path: str, out: _Collector) -> None:
    if not isinstance(value, str):
        out.add(path, "not_text")
        return
    longest = (
        field.max if field.max is not None else (TEXT_DEFAULT_MAX if field.type == TEXT else None)
    )
    if longest is not None and len(value) > longest:
        out.add(path, "too_long", n=longest)
    if field.min is not None and len(value) < field.min:
        out.add(path, "too_short", n=field.min)


def _check_bounds(field: Field, value: float, path: str, out: _Collector) -> None:
    if field.min is not None and value < field.min:
        out.add(path, "below_min", n=field.min)
    if field.max is not None and value > field.max:
        out.add(path, "above_max", n=field.max)


def _check_count(
    field: Field, value: list[object], path: str, for_seal: bool, out: _Collector
) -> None:
    if field.max is not None and len(value) > field.max:
        out.add(path, "too_many", n=field.max)
    if for_seal and field.min is not None and len(value) < field.min:
        out.add(path, "too_few", n=field.min)


def _check_list(
    field: Field,
    value: object,
    path: str,
    for_seal: bool,
    out: _Collector,
    check_item: object,
) -> None:
    if not isinstance(value, list):
        out.add(path, "not_list")
        return
    _check_count(field, value, path, for_seal, out)
    seen: list[object] = []
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if item in seen and isinstance(item, str):
            out.add(item_path, "duplicate", **_quote(item))
        seen.append(item)
        check_item(item, item_path)  # type: ignore[operator]


def _check_code(
    field: Field,
    vocabularies: Mapping[str, Mapping[str, object]],
    value: object,
    path: str,
    out: _Collector,
) -> None:
    assert field.vocabulary is not None
    if not isinstance(value, str) or value not in vocabularies[field.vocabulary]:
        out.add(path, "unknown_code", **_quote(value), voc=field.vocabulary)


SPAN_KEYS = ("start", "end", "class")


def _check_spans(
    field: Field,
    vocabularies: Mapping[str, Mapping[str, object]],
    value: object,
    text: object,
    path: str,
    out: _Collector,
) -> None:
    """Marked passages of the sibling text: inside it, in order, never overlapping."""
    if not isinstance(value, list):
        out.add(path, "not_list")
        return
    length = len(text) if isinstance(text, str) else 0
    previous_end = 0
    for index, span in enumerate(value):
        item_path = f"{path}[{index}]"
        ok = (
            isinstance(span, dict)
            and set(span) == set(SPAN_KEYS)
            and all(
                is_integer(span[k]) and not isinstance(span[k], float) for k in ("start", "end")
            )
        )
        if not ok or span["start"] < 0 or span["end"] < 1:
            out.add(item_path, "bad_span")
            continue
        if not span["start"] < span["end"] <= length:
            out.add(item_path, "span_outside")
            continue
        assert field.vocabulary is not None
        kind = span["class"]
        if not isinstance(kind, str) or kind not in vocabularies[field.vocabulary]:
            out.add(
                f"{item_path}.class", "unknown_code", **_quote(span["class"]), voc=field.vocabulary
            )
        if span["start"] < previous_end:
            out.add(item_path, "span_overlap")
        previous_end = max(previous_end, span["end"])


def _check_entity(
    field: Field,
    vocabularies: Mapping[str, Mapping[str, object]],
    value: object,
    path: str,
    out: _Collector,
) -> None:
    from forms.entities import NEW_ENTRY_PARTS, gazetteer

    name = field.gazetteer or ""
    if isinstance(value, str):
        if value not in gazetteer(name):
            out.add(path, "unknown_entity", **_quote(value), voc=name)
        return
    ok = (
        isinstance(value, dict)
        and set(value) <= set(NEW_ENTRY_PARTS)
        and all(isinstance(v, str) and len(v) <= 200 for v in value.values())
        and any(str(value.get(k, "")).strip() for k in ("name_ko", "name_en"))
    )
    if not ok:
        out.add(path, "bad_entity", voc=name)
        return
    assert isinstance(value, dict)
    from forms.entities import GAZETTEERS

    for part, vocabulary in (("province", "provinces"), ("kind", GAZETTEERS[name])):
        if part in value and value[part] not in vocabularies[vocabulary]:
            out.add(f"{path}.{part}", "unknown_code", **_quote(value[part]), voc=vocabulary)


def _check_ref(value: object, path: str, out: _Collector) -> None:
    if not isinstance(value, str) or not _REF_RE.match(value):
        out.add(path, "bad_ref")
