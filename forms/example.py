"""A complete, fictional record document for a form.

Each answer is the field's ``example:`` from the form file when given, else a
plain placeholder of the right type. Questions hidden by ``visible_if`` (given
the other example answers) are left out, so the result passes sealing.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from forms.fields import Field
from forms.types import field_type

if TYPE_CHECKING:
    from forms.form import Form


def build_example(form: Form) -> dict[str, Any]:
    first_codes = {name: next(iter(vocab.terms)) for name, vocab in form.vocabularies.items()}
    return ExampleBuilder(first_codes).group(form.sections)


class ExampleBuilder:
    """Builds example objects (:class:`forms.types.base.Exemplifying`)."""

    def __init__(self, first_codes: dict[str, str]) -> None:
        self.first_codes = first_codes

    def group(self, fields: Sequence[Field]) -> dict[str, Any]:
        answers = {field.key: self.value(field) for field in fields}
        # Drop hidden answers until stable (a condition may depend on a hidden field).
        changed = True
        while changed:
            changed = False
            for field in fields:
                condition = field.visible_if
                if field.key in answers and condition and not condition.holds(answers):
                    del answers[field.key]
                    changed = True
        return answers

    def value(self, field: Field) -> object:
        if field.example is not None:  # a group's example is its whole answer (entries of a list)
            return copy.deepcopy(field.example)
        return field_type(field.type).example(field, self)
