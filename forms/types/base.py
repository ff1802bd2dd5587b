"""What every field type offers, and what its behaviours are given.

A field type (``type:`` in a form file) is one :class:`FieldType` subclass, registered once in
:mod:`forms.types`. It owns four behaviours for a value of its type: ``validate`` (the problems,
in both languages), ``json_schema`` (the same rules for JSON Schema), ``example`` (a valid
placeholder) and ``display`` (the value as a person reads it, in one language). Recursion into
the child fields of a group goes back through the context each behaviour is given, so the
walks over a whole document stay in :mod:`forms.validation`, :mod:`forms.schema` and
:mod:`forms.example`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from forms.fields import Field
    from forms.form import Form

Schema = dict[str, Any]
_QUOTABLE_RE = re.compile(r"[A-Za-z0-9_.:~?%/-]{1,40}")


class Checking(Protocol):
    """What ``validate`` is given (:mod:`forms.validation` makes it)."""

    @property
    def vocabularies(self) -> Mapping[str, Mapping[str, object]]:
        """Vocabulary name -> its terms by code."""

    @property
    def for_seal(self) -> bool:
        """Checking for sealing (required answers, least numbers of entries)."""

    def add(self, path: str, code: str, **values: object) -> None:
        """One problem at ``path`` (a message of ``forms.validation.MESSAGES``)."""

    def group(self, fields: Sequence[Field], value: object, path: str) -> None:
        """Check an object of child fields."""

    def count(self, field: Field, value: list[object], path: str) -> None:
        """Check a list's number of entries against the field's ``min``/``max``."""


class Describing(Protocol):
    """What ``json_schema`` is given (:mod:`forms.schema` makes it)."""

    @property
    def codes(self) -> Mapping[str, Sequence[str]]:
        """Vocabulary name -> its codes."""

    @property
    def for_seal(self) -> bool:
        """The schema for sealing (required answers, least numbers of entries)."""

    def group(self, fields: Sequence[Field]) -> Schema:
        """The schema of an object of child fields."""

    def entries(
        self, field: Field, items: Schema, *, unique: bool, non_blank: bool = False
    ) -> Schema:
        """The schema of a list of ``items`` bounded by the field's ``min``/``max``."""


class Exemplifying(Protocol):
    """What ``example`` is given (:mod:`forms.example` makes it)."""

    @property
    def first_codes(self) -> Mapping[str, str]:
        """Vocabulary name -> its first code."""

    def group(self, fields: Sequence[Field]) -> dict[str, Any]:
        """An example object of child fields."""


class FieldType:
    """One field type. Subclasses set ``name`` and implement the four behaviours."""

    name: ClassVar[str]
    #: The value is an object of child fields (``group``, ``place``).
    container: ClassVar[bool] = False
    #: The form must name a ``vocabulary:`` for it.
    needs_vocabulary: ClassVar[bool] = False
    #: What ``min``/``max`` bound: "value", "length", "entries", or "" (none allowed).
    bounds: ClassVar[str] = ""
    #: Keys of a field definition that only this type takes.
    own_keys: ClassVar[tuple[str, ...]] = ()
    #: Free text a person typed (searched, checked for withheld words).
    free_text: ClassVar[bool] = False
    #: A list of codes or ids, each an answer of its own (``form.values`` yields each).
    listed: ClassVar[bool] = False

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        """Add every problem of ``value`` (present, not hidden) to ``check``."""
        raise NotImplementedError

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        """The JSON Schema of a value, expressing what ``validate`` checks."""
        raise NotImplementedError

    def example(self, field: Field, build: Exemplifying) -> object:
        """A valid value, when the form gives no ``example:``."""
        raise NotImplementedError

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        """The value as a person reads it, in ``lang`` ("en" or "ko")."""
        return "" if value is None else str(value)

    def display_both(self, field: Field, value: object, form: Form) -> str:
        """The value in English and Korean (``English / 한국어``; once when they agree)."""
        return both(self.display(field, value, "en", form), self.display(field, value, "ko", form))

    def fits_condition(self, field: Field, value: object, codes: Sequence[str]) -> bool:
        """May a ``visible_if`` compare this field with ``value``? (``codes``: its vocabulary's)"""
        return False


def both(en: str, ko: str) -> str:
    """``English / 한국어``, or the text once when the two agree (a code, a number)."""
    return f"{en} / {ko}" if ko and ko != en else en


def quote(value: object) -> dict[str, str]:
    """Show a wrong value only when it looks like a code or a date: problems
    may be printed or logged, and must never carry testimony text."""
    if isinstance(value, bool | int | float) or value is None:
        shown = json.dumps(value)
    elif isinstance(value, str) and _QUOTABLE_RE.fullmatch(value):
        shown = f"'{value}'"
    else:
        return {"v": "the value", "vk": "이 값"}
    return {"v": shown, "vk": shown}


def is_integer(value: object) -> bool:
    """A JSON integer, as JSON Schema counts it (``3`` and ``3.0``, never ``true``)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
