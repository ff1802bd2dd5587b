"""JSON Schema (draft 2020-12) of the record document a form describes.

``build_schema(form)`` describes types, vocabulary codes, formats and bounds;
``for_seal=True`` adds what sealing requires (required fields, minimum entry
counts, and ``if``/``then``/``else`` for conditional questions). EDTF dates
carry ``"format": "edtf"`` beside a syntax ``pattern``; validate with
:func:`format_checker` so that formats are asserted, not just annotated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from jsonschema import Draft202012Validator, FormatChecker

from forms.edtf import is_valid_edtf
from forms.fields import IDENTITY, Field
from forms.types import field_type
from forms.types.base import Schema
from forms.types.dates import is_datetime

if TYPE_CHECKING:
    from forms.form import Form

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


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
    body = Describer(form.vocabulary_codes, for_seal).group(form.sections)
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


class Describer:
    """Builds the schema of objects and lists (:class:`forms.types.base.Describing`)."""

    def __init__(self, codes: Mapping[str, Sequence[str]], for_seal: bool) -> None:
        self.codes = codes
        self.for_seal = for_seal

    def group(self, fields: Sequence[Field]) -> Schema:
        properties = {field.key: self.field(field) for field in fields}
        schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
        if not self.for_seal:
            return schema
        required = [f.key for f in fields if f.needed_for_seal and f.visible_if is None]
        if required:
            schema["required"] = required
        conditions = [_condition_schema(f) for f in fields if f.visible_if is not None]
        if conditions:
            schema["allOf"] = conditions
        return schema

    def field(self, field: Field) -> Schema:
        schema = field_type(field.type).json_schema(field, self)
        schema["title"] = field.label["en"]
        schema["description"] = _bilingual_description(field)
        if field.role:
            schema["x-role"] = field.role
        if field.protected:
            schema["x-protected"] = True if field.protected == IDENTITY else field.protected
        if field.attachment_kind:
            schema["x-attachment-kind"] = field.attachment_kind
        return schema

    def entries(
        self, field: Field, items: Schema, *, unique: bool, non_blank: bool = False
    ) -> Schema:
        schema: Schema = {"type": "array", "items": items}
        if unique:
            schema["uniqueItems"] = True
        if field.max is not None:
            schema["maxItems"] = int(field.max)
        least = int(field.min) if (self.for_seal and field.min is not None) else 0
        if non_blank or (self.for_seal and field.required_for_seal):
            least = max(least, 1)
        if least:
            schema["minItems"] = least
        return schema


def _condition_schema(field: Field) -> Schema:
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
