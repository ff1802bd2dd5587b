"""A complete, fictional record document for a form.

Each answer is the field's ``example:`` from the form file when given, else a
plain placeholder of the right type. Questions hidden by ``visible_if`` (given
the other example answers) are left out, so the result passes sealing.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    SPANS,
    TEXT,
    YES_NO_UNKNOWN,
    Field,
)

if TYPE_CHECKING:
    from forms.form import Form

_PLACEHOLDERS: dict[str, object] = {
    DATE: "1998-03~",
    DATETIME: "2026-03-14T09:30:00Z",
    PERSON_REF: "P1",
    ATTACHMENT_REF: "att-0001",
    ATTACHMENT_REFS: ["att-0001"],
    YES_NO_UNKNOWN: "yes",
    SPANS: [],
}
_PLACE_EXAMPLE_PARTS = ("name_ko", "name_latin", "county", "province", "country", "facility_type")


def build_example(form: Form) -> dict[str, Any]:
    first_codes = {name: next(iter(vocab.terms)) for name, vocab in form.vocabularies.items()}
    return _object(form.sections, first_codes)


def _object(fields: Sequence[Field], first_codes: dict[str, str]) -> dict[str, Any]:
    answers = {field.key: _value(field, first_codes) for field in fields}
    # Drop hidden answers until stable (a condition may depend on a hidden field).
    changed = True
    while changed:
        changed = False
        for field in fields:
            if field.key in answers and field.visible_if and not field.visible_if.holds(answers):
                del answers[field.key]
                changed = True
    return answers


def _value(field: Field, first_codes: dict[str, str]) -> object:
    if field.example is not None:  # a group's example is its whole answer (entries of a list)
        return copy.deepcopy(field.example)
    kind = field.type
    if kind == GROUP:
        if field.repeat:
            count = max(1, int(field.min or 1))
            return [_object(field.fields, first_codes) for _ in range(count)]
        return _object(field.fields, first_codes)
    if kind == PLACE:
        named = [part for part in field.fields if part.key in _PLACE_EXAMPLE_PARTS]
        return _object(named, first_codes)
    if kind in (TEXT, LONG_TEXT):
        text = f"Example: {field.label['en']}"
        return text[: int(field.max)] if field.max is not None else text
    if kind in (INTEGER, NUMBER):
        low = field.min if field.min is not None else 1
        return int(low) if kind == INTEGER else float(low)
    if kind == CHOICE:
        assert field.vocabulary is not None
        return first_codes[field.vocabulary]
    if kind == MULTI_CHOICE:
        assert field.vocabulary is not None
        return [first_codes[field.vocabulary]]
    if kind == ENTITY:
        from forms.entities import gazetteer

        return next(iter(gazetteer(field.gazetteer or "")))
    return copy.deepcopy(_PLACEHOLDERS[kind])
