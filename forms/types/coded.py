"""Types whose values are codes of a vocabulary or ids of a gazetteer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from forms.types.base import (
    Checking,
    Describing,
    Exemplifying,
    FieldType,
    Schema,
    is_integer,
    quote,
)
from forms.types.scalar import check_list
from forms.vocabularies import term

if TYPE_CHECKING:
    from forms.fields import Field
    from forms.form import Form


def _vocabulary(field: Field) -> str:
    assert field.vocabulary is not None
    return field.vocabulary


def _term(form: Form, field: Field, code: object, lang: str) -> str:
    return term(form.vocabularies.get(field.vocabulary or ""), code, lang)


def check_code(field: Field, value: object, path: str, check: Checking) -> None:
    name = _vocabulary(field)
    if not isinstance(value, str) or value not in check.vocabularies[name]:
        check.add(path, "unknown_code", **quote(value), voc=name)


class Choice(FieldType):
    """One code from a vocabulary; shown as its term."""

    name = "choice"
    needs_vocabulary = True

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        check_code(field, value, path, check)

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        return {"type": "string", "enum": list(describe.codes[_vocabulary(field)])}

    def example(self, field: Field, build: Exemplifying) -> object:
        return build.first_codes[_vocabulary(field)]

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        return _term(form, field, value, lang)

    def fits_condition(self, field: Field, value: object, codes: Sequence[str]) -> bool:
        return isinstance(value, str) and value in codes


class MultiChoice(FieldType):
    """A list of distinct codes from a vocabulary; shown as terms separated by "; "."""

    name = "multi_choice"
    needs_vocabulary = True
    bounds = "entries"
    listed = True
    own_keys = ("suggest_from",)

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        check_list(field, value, path, check, lambda item, at: check_code(field, item, at, check))

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        items = {"type": "string", "enum": list(describe.codes[_vocabulary(field)])}
        non_blank = describe.for_seal and field.required_for_seal
        return describe.entries(field, items, unique=True, non_blank=non_blank)

    def example(self, field: Field, build: Exemplifying) -> object:
        return [build.first_codes[_vocabulary(field)]]

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        if not isinstance(value, list):
            return _term(form, field, value, lang)
        return "; ".join(_term(form, field, code, lang) for code in value)

    def display_both(self, field: Field, value: object, form: Form) -> str:
        """Each term in both languages: ``Beating / 구타; Forced labour / 강제 노동``."""
        if not isinstance(value, list):
            return super().display_both(field, value, form)
        return "; ".join(super(MultiChoice, self).display_both(field, code, form) for code in value)


SPAN_KEYS = ("start", "end", "class")


class Spans(FieldType):
    """Marked passages of a sibling long text (``of:``): ``[{start, end, class}]``, in order,
    inside the text, never overlapping; ``class`` is a code of the vocabulary."""

    name = "spans"
    needs_vocabulary = True
    own_keys = ("of",)

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if not isinstance(value, list):
            check.add(path, "not_list")
            return
        text = siblings.get(field.of or "")
        length = len(text) if isinstance(text, str) else 0
        previous_end = 0
        for index, span in enumerate(value):
            item_path = f"{path}[{index}]"
            ok = (
                isinstance(span, dict)
                and set(span) == set(SPAN_KEYS)
                and all(is_integer(span[k]) for k in ("start", "end"))
            )
            if not ok or span["start"] < 0 or span["end"] < 1:
                check.add(item_path, "bad_span")
                continue
            if any(isinstance(span[k], float) for k in ("start", "end")):  # 3.0: JSON Schema's
                check.add(item_path, "span_fraction")  # integer, not an offset into the text
                continue
            if not span["start"] < span["end"] <= length:
                check.add(item_path, "span_outside")
                continue
            check_code(field, span["class"], f"{item_path}.class", check)
            if span["start"] < previous_end:
                check.add(item_path, "span_overlap")
            previous_end = max(previous_end, span["end"])

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        span = {
            "type": "object",
            "properties": {
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 1},
                "class": {"type": "string", "enum": list(describe.codes[_vocabulary(field)])},
            },
            "required": list(SPAN_KEYS),
            "additionalProperties": False,
        }
        return {"type": "array", "items": span, "x-spans-of": field.of}

    def example(self, field: Field, build: Exemplifying) -> object:
        return []

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        """Each passage by its characters and class: ``12–40 Family name``."""
        if not isinstance(value, list):
            return super().display(field, value, lang, form)
        return "; ".join(
            f"{s.get('start')}–{s.get('end')} {_term(form, field, s.get('class'), lang)}"
            if isinstance(s, dict) else str(s)
            for s in value
        )  # fmt: skip


_NEW_ENTRY = {"en": "new entry", "ko": "새 항목"}


class Entity(FieldType):
    """An id of a gazetteer (:mod:`forms.entities`), or a new entry in free text; shown as
    the entry's name."""

    name = "entity"
    own_keys = ("gazetteer",)

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        from forms.entities import GAZETTEERS, NEW_ENTRY_PARTS, gazetteer

        name = field.gazetteer or ""
        if isinstance(value, str):
            if value not in gazetteer(name):
                check.add(path, "unknown_entity", **quote(value), voc=name)
            return
        ok = (
            isinstance(value, dict)
            and set(value) <= set(NEW_ENTRY_PARTS)
            and all(isinstance(v, str) and len(v) <= 200 for v in value.values())
            and any(str(value.get(k, "")).strip() for k in ("name_ko", "name_en"))
        )
        if not ok:
            check.add(path, "bad_entity", voc=name)
            return
        assert isinstance(value, dict)
        for part, vocabulary in (("province", "provinces"), ("kind", GAZETTEERS[name])):
            if part in value and value[part] not in check.vocabularies[vocabulary]:
                check.add(f"{path}.{part}", "unknown_code", **quote(value[part]), voc=vocabulary)

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        """An id of the gazetteer, or a new entry in free text (flagged for reconciliation)."""
        from forms.entities import GAZETTEERS, NEW_ENTRY_PARTS, gazetteer

        name = field.gazetteer or ""
        text = {"type": "string", "maxLength": 200}
        parts: Schema = {part: text for part in NEW_ENTRY_PARTS}
        parts["province"] = {"type": "string", "enum": list(describe.codes["provinces"])}
        parts["kind"] = {"type": "string", "enum": list(describe.codes[GAZETTEERS[name]])}
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

    def example(self, field: Field, build: Exemplifying) -> object:
        from forms.entities import gazetteer

        return next(iter(gazetteer(field.gazetteer or "")))

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        from forms.entities import gazetteer

        if isinstance(value, str):
            entry = gazetteer(field.gazetteer or "").get(value)
            return entry.label(lang) if entry is not None else value
        if isinstance(value, dict):
            entry_: dict[str, Any] = value
            other = "en" if lang == "ko" else "ko"
            name = str(entry_.get(f"name_{lang}") or entry_.get(f"name_{other}") or "")
            return f"{name} ({_NEW_ENTRY[lang]})"
        return super().display(field, value, lang, form)
