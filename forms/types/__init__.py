"""The field types of a form, each defined once, with everything that depends on its type.

``type:`` in a form file names one of :data:`REGISTRY`. Each is a :class:`FieldType` that owns
how a value of that type is validated, described in JSON Schema, exemplified and shown to a
person (:func:`display`: widgets' read-only texts, the read-back, the PDF statement, the
archive). Code outside ``forms/`` asks the registry instead of comparing type names; adding a
type is one class here (and its widget in ``ui/fields.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forms.types.base import FieldType, both
from forms.types.coded import Choice, Entity, MultiChoice, Spans
from forms.types.dates import Date, DateTime, date_text, datetime_text
from forms.types.group import Group, Place
from forms.types.scalar import (
    YES_NO_UNKNOWN_WORDS,
    AttachmentRef,
    AttachmentRefs,
    Integer,
    LongText,
    Number,
    PersonRef,
    Text,
    YesNoUnknown,
)
from forms.vocabularies import term

if TYPE_CHECKING:
    from forms.fields import Field
    from forms.form import Form

#: Every field type by name, in the order the documentation lists them.
REGISTRY: dict[str, FieldType] = {
    kind.name: kind()
    for kind in (
        Text,
        LongText,
        Integer,
        Number,
        YesNoUnknown,
        Choice,
        MultiChoice,
        Date,
        DateTime,
        Place,
        PersonRef,
        AttachmentRef,
        AttachmentRefs,
        Group,
        Entity,
        Spans,
    )
}
#: Field types a form file may use (``type:``).
FIELD_TYPES = tuple(REGISTRY)


def field_type(name: str) -> FieldType:
    """The type called ``name``; :class:`KeyError` if there is none (the loader checks)."""
    return REGISTRY[name]


def display(form: Form, field: Field, value: object, lang: str) -> str:
    """An answer as a person reads it in ``lang``: terms for codes, dates in words, yes/no."""
    return REGISTRY[field.type].display(field, value, lang, form)


def display_both(form: Form, field: Field, value: object) -> str:
    """An answer in English and Korean, as the bilingual statement prints it."""
    return REGISTRY[field.type].display_both(field, value, form)


def code_both(form: Form, vocabulary: str, code: object) -> str:
    """A code of one of the form's vocabularies in English and Korean (``Beating / 구타``)."""
    vocab = form.vocabularies.get(vocabulary)
    return both(term(vocab, code, "en"), term(vocab, code, "ko"))


def date_both(value: object) -> str:
    """An EDTF date in words in English and Korean: "about April 2008 / 2008년 4월경"."""
    return both(date_text(value, "en"), date_text(value, "ko"))


def datetime_both(value: object) -> str:
    """A date and time in words in English and Korean, at the offset it was recorded with."""
    return both(datetime_text(value, "en"), datetime_text(value, "ko"))


__all__ = [
    "FIELD_TYPES",
    "REGISTRY",
    "YES_NO_UNKNOWN_WORDS",
    "FieldType",
    "both",
    "code_both",
    "date_both",
    "date_text",
    "datetime_both",
    "datetime_text",
    "display",
    "display_both",
    "field_type",
]
