"""Types whose value is an object of child fields: groups (repeating or not) and places."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from forms.types.base import Checking, Describing, Exemplifying, FieldType, Schema

if TYPE_CHECKING:
    from forms.fields import Field
    from forms.form import Form


class Group(FieldType):
    """Child fields in ``fields``; ``repeat: true`` makes it a list of such objects (``min``
    and ``max`` bound its entries)."""

    name = "group"
    container = True
    bounds = "entries"  # only when it repeats

    def validate(
        self, field: Field, value: object, path: str, check: Checking,
        siblings: Mapping[str, object],
    ) -> None:  # fmt: skip
        if not field.repeat:
            check.group(field.fields, value, path)
            return
        if not isinstance(value, list):
            check.add(path, "not_list")
            return
        check.count(field, value, path)
        for index, item in enumerate(value):
            check.group(field.fields, item, f"{path}[{index}]")

    def json_schema(self, field: Field, describe: Describing) -> Schema:
        if field.repeat:
            return describe.entries(field, describe.group(field.fields), unique=False)
        return describe.group(field.fields)

    def example(self, field: Field, build: Exemplifying) -> object:
        if field.repeat:
            return [build.group(field.fields) for _ in range(max(1, int(field.min or 1)))]
        return build.group(field.fields)

    def display(self, field: Field, value: object, lang: str, form: Form) -> str:
        """Each answer as ``label: text``; the entries of a repeating group one per line."""
        if isinstance(value, list):
            return "\n".join(self.display(field, item, lang, form) for item in value)
        if not isinstance(value, dict):
            return super().display(field, value, lang, form)
        from forms.types import field_type

        return "; ".join(
            f"{c.label[lang]}: {field_type(c.type).display(c, value[c.key], lang, form)}"
            for c in field.fields
            if c.key in value
        )


#: The parts a generated example of a place fills.
_PLACE_EXAMPLE_PARTS = ("name_ko", "name_latin", "county", "province", "country", "facility_type")


class Place(Group):
    """A fixed group of parts (:data:`forms.fields.PLACE_PARTS`): names, province, coordinates."""

    name = "place"
    bounds = ""

    def example(self, field: Field, build: Exemplifying) -> object:
        return build.group([part for part in field.fields if part.key in _PLACE_EXAMPLE_PARTS])
