"""Dates as EDTF text (uncertain, approximate, ranges) and moments with their UTC offset."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from forms.dates_in_words import datetime_in_words, edtf_in_words
from forms.edtf import EDTF_PATTERN, EdtfError, validate_edtf
from forms.types.base import Checking, Describing, Exemplifying, FieldType, Schema, quote

if TYPE_CHECKING:
    from forms.fields import Field
    from forms.form import Form

DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})$"
)
_DATETIME_RE = re.compile(DATETIME_PATTERN)


def is_datetime(value: str) -> bool:
    """RFC 3339 date-time with seconds and a UTC offset (``Z`` or ``+09:00``)."""
    if not _DATETIME_RE.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def date_text(value: object, lang: str) -> str:
    """An EDTF date in words ("about April 2008", "2008년 4월경"); the text itself when it is
    not a date."""
    try:
        return edtf_in_words(str(value), lang)
    except ValueError:
        return "" if value is None else str(value)


def datetime_text(value: object, lang: str) -> str:
    """A date and time in words at the offset it was recorded with; the text itself when it
    is not one."""
    try:
        return datetime_in_words(str(value), lang)
    except ValueError:
        return "" if value is None else str(value)


class Date(FieldType):
    """EDTF text (see :mod:`forms.edtf`); shown in words ("about April 2008")."""

    name = "date"

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if not isinstance(value, str):
            check.add(path, "not_text")
            return
        try:
            validate_edtf(value)
        except EdtfError as error:
            check.add(path, "bad_edtf", **quote(value), reason=str(error))

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        return {"type": "string", "format": "edtf", "pattern": EDTF_PATTERN}

    def example(self, field: Field, build: Exemplifying) -> object:
        return "1998-03~"

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        return date_text(value, lang)


class DateTime(FieldType):
    """ISO 8601 / RFC 3339 date and time with a UTC offset; shown in words at that offset."""

    name = "datetime"

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if not isinstance(value, str):
            check.add(path, "not_text")
        elif not is_datetime(value):
            check.add(path, "bad_datetime")

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        return {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}

    def example(self, field: Field, build: Exemplifying) -> object:
        return "2026-03-14T09:30:00Z"

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        return datetime_text(value, lang)
