"""How a field names its siblings: ``visible_if`` (a condition on a sibling's answer),
``of`` (the long text a ``spans`` field marks) and ``suggest_from`` (the choice whose terms
suggest codes). The loader (:mod:`forms.loader`) checks them once a group's fields are read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forms.fields import CHOICE, LONG_TEXT, MULTI_CHOICE, Condition, Field
from forms.types import REGISTRY
from forms.yaml_source import MarkedDict

if TYPE_CHECKING:
    from forms.loader import LoadContext


def check_sibling_links(
    field: Field, item: MarkedDict, siblings: tuple[Field, ...], context: LoadContext
) -> None:
    """``of`` (spans) names a sibling long text; ``suggest_from`` a sibling choice whose
    vocabulary's terms suggest codes of this field's vocabulary."""
    if field.of is not None:
        target = next((s for s in siblings if s.key == field.of), None)
        if target is None or target.type != LONG_TEXT:
            raise context.error(
                item.line_of("of"), f"field '{field.key}': 'of' must name a sibling long_text"
            )
    if field.suggest_from is not None:
        source = next((s for s in siblings if s.key == field.suggest_from), None)
        if source is None or source.type not in (CHOICE, MULTI_CHOICE):
            raise context.error(
                item.line_of("suggest_from"),
                f"field '{field.key}': 'suggest_from' must name a sibling choice field",
            )
        assert source.vocabulary is not None and field.vocabulary is not None
        codes = context.used[field.vocabulary].terms
        for term, suggested in context.used[source.vocabulary].suggests.items():
            bad = [c for c in suggested.get(field.vocabulary, ()) if c not in codes]
            if bad:
                raise context.error(
                    item.line_of("suggest_from"),
                    f"field '{field.key}': term '{term}' suggests unknown code '{bad[0]}'",
                )


def parse_condition(
    item: MarkedDict, field: Field, siblings: tuple[Field, ...], context: LoadContext
) -> Condition | None:
    raw = item.get("visible_if")
    if raw is None:
        return None
    line = item.line_of("visible_if")
    where = f"field '{field.key}' visible_if"
    if not isinstance(raw, MarkedDict):
        raise context.error(line, f"{where} must be a mapping like {{field: x, equals: yes}}")
    unknown = sorted(set(raw) - {"field", "equals", "in", "contains"})
    if unknown:
        raise context.error(raw.line_of(unknown[0]), f"unknown visible_if key '{unknown[0]}'")
    target_key = raw.get("field")
    target = next((s for s in siblings if s.key == target_key), None)
    if target is None or target.key == field.key:
        raise context.error(
            raw.line_of("field"), f"{where}: {target_key!r} is not another field of the same group"
        )
    tests = [name for name in ("equals", "in", "contains") if name in raw]
    if len(tests) != 1:
        raise context.error(line, f"{where} needs exactly one of equals, in, contains")
    if tests[0] == "contains":
        code = raw["contains"]
        if (
            target.type != MULTI_CHOICE
            or not isinstance(code, str)
            or code not in _codes(target, context)
        ):
            raise context.error(
                raw.line_of("contains"),
                f"{where}: 'contains' needs a code of the multiple-choice field '{target.key}'",
            )
        return Condition(target.key, contains=code)
    values = [raw["equals"]] if tests[0] == "equals" else raw["in"]
    if not isinstance(values, list) or not values:
        raise context.error(raw.line_of("in"), f"{where}: 'in' must be a non-empty list")
    for value in values:
        if not _fits(target, value, context):
            raise context.error(
                raw.line_of(tests[0]),
                f"{where}: {value!r} is not a possible answer of '{target.key}'",
            )
    return Condition(target.key, values=tuple(values))


def _codes(target: Field, context: LoadContext) -> tuple[str, ...]:
    assert target.vocabulary is not None
    return context.used[target.vocabulary].codes


def _fits(target: Field, value: object, context: LoadContext) -> bool:
    codes = _codes(target, context) if target.vocabulary else ()
    return REGISTRY[target.type].fits_condition(target, value, codes)
