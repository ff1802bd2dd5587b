"""Types whose value is one piece of text or one number, and lists of identifiers."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from forms.fields import REF_PATTERN, TEXT_DEFAULT_MAX, YES_NO_UNKNOWN_CODES
from forms.types.base import (
    Checking,
    Describing,
    Exemplifying,
    FieldType,
    Schema,
    is_integer,
    quote,
)

if TYPE_CHECKING:
    from forms.fields import Field
    from forms.form import Form

_REF_RE = re.compile(REF_PATTERN)
ItemCheck = Callable[[object, str], None]


class Text(FieldType):
    """Short text, one line; at most ``max`` characters (1000 when the form gives none)."""

    name = "text"
    bounds = "length"
    free_text = True
    default_max: ClassVar[int | None] = TEXT_DEFAULT_MAX

    def longest(self, field: Field) -> int | None:
        return int(field.max) if field.max is not None else self.default_max

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if not isinstance(value, str):
            check.add(path, "not_text")
            return
        longest = self.longest(field)
        if longest is not None and len(value) > longest:
            check.add(path, "too_long", n=longest)
        if field.min is not None and len(value) < field.min:
            check.add(path, "too_short", n=field.min)

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        schema: Schema = {"type": "string"}
        longest = self.longest(field)
        if longest is not None:
            schema["maxLength"] = longest
        if field.min is not None:
            schema["minLength"] = int(field.min)
        if describe.for_seal and field.required_for_seal:
            schema["pattern"] = r"\S"
        return schema

    def example(self, field: Field, build: Exemplifying) -> object:
        text = f"Example: {field.label['en']}"
        return text[: int(field.max)] if field.max is not None else text

    def fits_condition(self, field: Field, value: object, codes: Sequence[str]) -> bool:
        return isinstance(value, str)


class LongText(Text):
    """The narrative: may be pages long (no limit unless the form gives ``max``)."""

    name = "long_text"
    default_max = None

    def fits_condition(self, field: Field, value: object, codes: Sequence[str]) -> bool:
        return False


class Integer(FieldType):
    """A whole number, between ``min`` and ``max`` when given."""

    name = "integer"
    bounds = "value"

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if isinstance(value, int | float) and is_integer(value):
            _check_bounds(field, value, path, check)
        else:
            check.add(path, "not_integer")

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        return _bounded({"type": "integer"}, field)

    def example(self, field: Field, build: Exemplifying) -> object:
        return int(field.min if field.min is not None else 1)

    def fits_condition(self, field: Field, value: object, codes: Sequence[str]) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)


class Number(FieldType):
    """A decimal number (coordinates), between ``min`` and ``max`` when given."""

    name = "number"
    bounds = "value"

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if not isinstance(value, int | float) or isinstance(value, bool):
            check.add(path, "not_number")
        else:
            _check_bounds(field, value, path, check)

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        return _bounded({"type": "number"}, field)

    def example(self, field: Field, build: Exemplifying) -> object:
        return float(field.min if field.min is not None else 1)


def _check_bounds(field: Field, value: float, path: str, check: Checking) -> None:
    if field.min is not None and value < field.min:
        check.add(path, "below_min", n=field.min)
    if field.max is not None and value > field.max:
        check.add(path, "above_max", n=field.max)


def _bounded(schema: Schema, field: Field) -> Schema:
    if field.min is not None:
        schema["minimum"] = field.min
    if field.max is not None:
        schema["maximum"] = field.max
    return schema


#: The three answers in words, as the widget offers them and every text shows them.
YES_NO_UNKNOWN_WORDS: Mapping[str, Mapping[str, str]] = {
    "yes": {"en": "Yes", "ko": "예"},
    "no": {"en": "No", "ko": "아니요"},
    "unknown": {"en": "Unknown", "ko": "알 수 없음"},
}
assert tuple(YES_NO_UNKNOWN_WORDS) == YES_NO_UNKNOWN_CODES


class YesNoUnknown(FieldType):
    """``yes``, ``no`` or ``unknown``."""

    name = "yes_no_unknown"

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if value not in YES_NO_UNKNOWN_CODES or not isinstance(value, str):
            check.add(path, "yes_no_unknown")

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        return {"type": "string", "enum": list(YES_NO_UNKNOWN_CODES)}

    def example(self, field: Field, build: Exemplifying) -> object:
        return "yes"

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        words = YES_NO_UNKNOWN_WORDS.get(value) if isinstance(value, str) else None
        return words[lang] if words else super().display(field, value, lang, form)

    def fits_condition(self, field: Field, value: object, codes: Sequence[str]) -> bool:
        return value in YES_NO_UNKNOWN_CODES


class PersonRef(FieldType):
    """A person code used throughout the record, e.g. ``P1`` or ``interviewee``."""

    name = "person_ref"
    placeholder: ClassVar[str] = "P1"

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        check_ref(value, path, check)

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        return {"type": "string", "pattern": REF_PATTERN}

    def example(self, field: Field, build: Exemplifying) -> object:
        return self.placeholder


class AttachmentRef(PersonRef):
    """One attachment id."""

    name = "attachment_ref"
    placeholder = "att-0001"


class AttachmentRefs(FieldType):
    """A list of distinct attachment ids."""

    name = "attachment_refs"
    bounds = "entries"
    listed = True

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        check_list(field, value, path, check, lambda item, at: check_ref(item, at, check))

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        items = {"type": "string", "pattern": REF_PATTERN}
        non_blank = describe.for_seal and field.required_for_seal
        return describe.entries(field, items, unique=True, non_blank=non_blank)

    def example(self, field: Field, build: Exemplifying) -> object:
        return ["att-0001"]

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return super().display(field, value, lang, form)


def check_ref(value: object, path: str, check: Checking) -> None:
    if not isinstance(value, str) or not _REF_RE.match(value):
        check.add(path, "bad_ref")


def check_list(
    field: Field, value: object, path: str, check: Checking, check_item: ItemCheck
) -> None:
    """A list of distinct entries, each checked by ``check_item(item, its path)``."""
    if not isinstance(value, list):
        check.add(path, "not_list")
        return
    check.count(field, value, path)
    seen: list[object] = []
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if item in seen and isinstance(item, str):
            check.add(item_path, "duplicate", **quote(item))
        seen.append(item)
        check_item(item, item_path)
