"""JSON Schema (draft 2020-12) of the record document a form describes.

``build_schema(form)`` describes types, vocabulary codes, formats and bounds;
``for_seal=True`` adds what sealing requires (required fields, minimum entry
counts, and ``if``/``then``/``else`` for conditional questions). EDTF dates
carry ``"format": "edtf"`` beside a syntax ``pattern``; validate with
:func:`format_checker` so that formats are asserted, not just annotated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, FormatChecker

from forms.edtf import EDTF_PATTERN, is_valid_edtf
from forms.fields import (
    ATTACHMENT_REF,
    ATTACHMENT_REFS,
    CHOICE,
    DATE,
    DATETIME,
    ENTITY,
    GROUP,
    IDENTITY,
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
)
from forms.validation import DATETIME_PATTERN, is_datetime

if TYPE_CHECKING:
    from forms.form import Form

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]


def format_checker() -> FormatChecker:
    """Checks the two formats the schemas use: ``edtf`` and ``date-time``."""
    checker = FormatChecker(formats=())
    checker.checks("edtf")(is_valid_edtf)
    checker.checks("date-time")(lambda value: not isinstance(value, str) or is_datetime(value))
    return checker


def schema_validator(schema: Schema) -> Draft202012Validator:
    """A validator for a generated schema that asserts its formats."""
    return Draft202012Validator(schema, format_checker=format_checker())


def build_schema(form: Form, *, for_seal: bool = False) -> Schema:
    body = _object_schema(form.sections, form.vocabulary_codes, for_seal)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:testimony-intake:form:{form.id}:{form.version}"
        + (":seal" if for_seal else ""),
        "title": f"{form.title['en']} / {form.title['ko']} (v{form.version})",
        "description": (
            f"Record document of form {form.id} version {form.version}"
            + (", complete enough to seal." if for_seal else " (a draft may be incomplete).")
        ),
        **body,
    }


def _object_schema(
    fields: Sequence[Field], codes: Mapping[str, Sequence[str]], for_seal: bool
) -> Schema:
    properties = {field.key: _field_schema(field, codes, for_seal) for field in fields}
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if not for_seal:
        return schema
    required = [f.key for f in fields if f.needed_for_seal and f.visible_if is None]
    if required:
        schema["required"] = required
    conditions = [_condition_schema(f, fields, codes) for f in fields if f.visible_if is not None]
    if conditions:
        schema["allOf"] = conditions
    return schema


def _condition_schema(
    field: Field, siblings: Sequence[Field], codes: Mapping[str, Sequence[str]]
) -> Schema:
    condition = field.visible_if
    assert condition is not None
    if condition.contains is not None:
        test: Schema = {"type": "array", "contains": {"const": condition.contains}}
    else:
        test = {"enum": list(condition.values)}
    result: Schema = {
        "if": {"properties": {condition.field: test}, "required": [condition.field]},
        "else": {"not": {"required": [field.key]}},
    }
    if field.needed_for_seal:
        result["then"] = {"required": [field.key]}
    return result


def _bilingual_description(field: Field) -> str:
    text = f"{field.label['en']} / {field.label['ko']}"
    if field.protected:
        text += (
            " [protected identity]" if field.protected == IDENTITY else " [protected third party]"
        )
    return text


def _field_schema(field: Field, codes: Mapping[str, Sequence[str]], for_seal: bool) -> Schema:
    schema = _value_schema(field, codes, for_seal)
    schema["title"] = field.label["en"]
    schema["description"] = _bilingual_description(field)
    if field.role:
        schema["x-role"] = field.role
    if field.protected:
        schema["x-protected"] = True if field.protected == IDENTITY else field.protected
    if field.attachment_kind:
        schema["x-attachment-kind"] = field.attachment_kind
    return schema


def _value_schema(field: Field, codes: Mapping[str, Sequence[str]], for_seal: bool) -> Schema:
    kind = field.type
    non_blank = for_seal and field.required_for_seal
    if kind == GROUP and field.repeat:
        items = _object_schema(field.fields, codes, for_seal)
        return _list_schema(field, items, for_seal, unique=False)
    if kind in (GROUP, PLACE):
        return _object_schema(field.fields, codes, for_seal)
    if kind in (TEXT, LONG_TEXT):
        schema: Schema = {"type": "string"}
        longest = (
            field.max if field.max is not None else (TEXT_DEFAULT_MAX if kind == TEXT else None)
        )
        if longest is not None:
            schema["maxLength"] = int(longest)
        if field.min is not None:
            schema["minLength"] = int(field.min)
        if non_blank:
            schema["pattern"] = r"\S"
        return schema
    if kind in (INTEGER, NUMBER):
        schema = {"type": "integer" if kind == INTEGER else "number"}
        if field.min is not None:
            schema["minimum"] = field.min
        if field.max is not None:
            schema["maximum"] = field.max
        return schema
    if kind == YES_NO_UNKNOWN:
        return {"type": "string", "enum": list(YES_NO_UNKNOWN_CODES)}
    if kind == CHOICE:
        return {"type": "string", "enum": list(codes[_vocabulary(field)])}
    if kind == MULTI_CHOICE:
        items = {"type": "string", "enum": list(codes[_vocabulary(field)])}
        return _list_schema(field, items, for_seal, unique=True, non_blank=non_blank)
    if kind == DATE:
        return {"type": "string", "format": "edtf", "pattern": EDTF_PATTERN}
    if kind == DATETIME:
        return {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
    if kind in (PERSON_REF, ATTACHMENT_REF):
        return {"type": "string", "pattern": REF_PATTERN}
    if kind == ATTACHMENT_REFS:
        items = {"type": "string", "pattern": REF_PATTERN}
        return _list_schema(field, items, for_seal, unique=True, non_blank=non_blank)
    if kind == ENTITY:
        return _entity_schema(field, codes)
    if kind == SPANS:
        span = {
            "type": "object",
            "properties": {
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 1},
                "class": {"type": "string", "enum": list(codes[_vocabulary(field)])},
            },
            "required": ["start", "end", "class"],
            "additionalProperties": False,
        }
        return {"type": "array", "items": span, "x-spans-of": field.of}
    raise AssertionError(f"unhandled field type {kind}")  # pragma: no cover


def _entity_schema(field: Field, codes: Mapping[str, Sequence[str]]) -> Schema:
    """An id of the gazetteer, or a new entry in free text (flagged for reconciliation)."""
    from forms.entities import GAZETTEERS, NEW_ENTRY_PARTS, gazetteer

    name = field.gazetteer or ""
    text = {"type": "string", "maxLength": 200}
    parts: Schema = {part: text for part in NEW_ENTRY_PARTS}
    parts["province"] = {"type": "string", "enum": list(codes["provinces"])}
    parts["kind"] = {"type": "string", "enum": list(codes[GAZETTEERS[name]])}
    named = {"type": "string", "pattern": r"\S"}
    return {
        "x-gazetteer": name,
        "anyOf": [
            {"type": "string", "enum": list(gazetteer(name))},
            {
                "type": "object",
                "properties": parts,
                "additionalProperties": False,
                "anyOf": [
                    {"required": ["name_ko"], "properties": {"name_ko": named}},
                    {"required": ["name_en"], "properties": {"name_en": named}},
                ],
            },
        ],
    }


def _list_schema(
    field: Field, items: Schema, for_seal: bool, *, unique: bool, non_blank: bool = False
) -> Schema:
    schema: Schema = {"type": "array", "items": items}
    if unique:
        schema["uniqueItems"] = True
    if field.max is not None:
        schema["maxItems"] = int(field.max)
    least = int(field.min) if (for_seal and field.min is not None) else 0
    if non_blank or (for_seal and field.required_for_seal):
        least = max(least, 1)
    if least:
        schema["minItems"] = least
    return schema


def _vocabulary(field: Field) -> str:
    assert field.vocabulary is not None
    return field.vocabulary
