"""Property tests: documents generated from the JSON Schema are accepted by the
validator, and for any single-answer change both judge the document alike."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from forms import Form, load_form, load_form_file, schema_validator
from forms.edtf import is_valid_edtf

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _date_part() -> st.SearchStrategy[str]:
    year = st.one_of(
        st.integers(1, 9999).map(lambda y: f"{y:04d}"),
        st.integers(100, 999).map(lambda y: f"{y:03d}X"),
        st.integers(10, 99).map(lambda y: f"{y:02d}XX"),
        st.just("XXXX"),
    )
    rest = st.one_of(
        st.just(""),
        st.integers(1, 12).map(lambda m: f"-{m:02d}"),
        st.integers(21, 24).map(lambda s: f"-{s}"),
        st.tuples(st.integers(1, 12), st.integers(1, 31)).map(
            lambda md: f"-{md[0]:02d}-{md[1]:02d}"
        ),
        st.sampled_from(["-XX", "-03-XX", "-XX-XX"]),
    )
    qualifier = st.sampled_from(["", "?", "~", "%"])
    return st.builds(lambda y, r, q: y + r + q, year, rest, qualifier)


EDTF = st.one_of(
    _date_part(),
    st.builds(
        lambda a, b: f"{a}/{b}",
        st.one_of(_date_part(), st.sampled_from(["", ".."])),
        st.one_of(_date_part(), st.sampled_from(["", ".."])),
    ),
).filter(is_valid_edtf)

FORMATS = {"edtf": EDTF}


def schema_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Documents valid against one of our generated schemas.

    hypothesis-jsonschema 0.23.1 cannot draw objects with Hypothesis 6.170
    (``'many' object has no attribute 'more'``, see the xfail test below), so
    objects and arrays are assembled here from the schema's own keywords, and
    every leaf schema (strings with pattern/format/enum, numbers) is drawn by
    hypothesis-jsonschema.
    """
    if "anyOf" in schema and "type" not in schema:  # an entity: an id or a new entry
        return st.one_of([schema_strategy(branch) for branch in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "object":
        return _object_strategy(schema)
    if kind == "array":
        items = schema_strategy(schema["items"])
        low = schema.get("minItems", 0)
        high = min(schema.get("maxItems", low + 2), low + 2)
        return st.lists(items, min_size=low, max_size=high, unique=schema.get("uniqueItems", False))
    return from_schema(schema, custom_formats=FORMATS)


def _object_strategy(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = dict(schema["properties"])
    required = set(schema.get("required", ()))
    if "anyOf" in schema:  # one of several required parts (a new entity's name)
        required |= set(schema["anyOf"][0]["required"])
        for key, extra in schema["anyOf"][0]["properties"].items():
            properties[key] = {**properties[key], **extra}
    conditions = schema.get("allOf", ())

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, sub in properties.items():
            if key in required or draw(st.booleans()):
                out[key] = draw(schema_strategy(sub))
        changed = True
        while changed:  # apply if/then/else until stable (conditions may chain)
            changed = False
            for condition in conditions:
                key = condition["else"]["not"]["required"][0]
                holds = Draft202012Validator(condition["if"]).is_valid(out)
                if not holds and key in out:
                    del out[key]
                    changed = True
                elif holds and "then" in condition and key not in out:
                    out[key] = draw(schema_strategy(properties[key]))
                    changed = True
        return out

    return build()


def _forms() -> dict[str, Form]:
    return {
        "nk-testimony-1": load_form("nk-testimony", 1),
        "nk-testimony-2": load_form("nk-testimony", 2),
        "mini": load_form_file(FIXTURES / "valid" / "mini.v1.yaml"),
    }


@pytest.fixture(scope="module", params=["nk-testimony-1", "nk-testimony-2", "mini"])
def form(request: pytest.FixtureRequest) -> Form:
    return _forms()[request.param]


def schema_problems(form: Form, doc: object, *, for_seal: bool = False) -> list[Any]:
    """The validator's problems that JSON Schema can express too (contradictions between
    answers and passages against their text's length are the validator's alone)."""
    return [p for p in form.validate(doc, for_seal=for_seal) if not p.beyond_schema]


def test_edtf_strategy_produces_valid_dates() -> None:
    @SETTINGS
    @given(EDTF)
    def check(text: str) -> None:
        assert is_valid_edtf(text)

    check()


def test_documents_from_the_draft_schema_pass_the_validator(form: Form) -> None:
    schema = form.json_schema()
    validator = schema_validator(schema)

    @SETTINGS
    @given(schema_strategy(schema))
    def check(doc: dict[str, Any]) -> None:
        assert validator.is_valid(doc)
        assert schema_problems(form, doc) == []

    check()


def test_documents_from_the_seal_schema_can_be_sealed(form: Form) -> None:
    schema = form.json_schema(for_seal=True)
    validator = schema_validator(schema)

    @SETTINGS
    @given(schema_strategy(schema))
    def check(doc: dict[str, Any]) -> None:
        assert validator.is_valid(doc)
        assert schema_problems(form, doc, for_seal=True) == []

    check()


@pytest.mark.xfail(
    raises=AttributeError,
    strict=True,
    reason="hypothesis-jsonschema 0.23.1 "
    "vs Hypothesis 6.170: objects cannot be drawn; when this passes, use from_schema",
)
def test_hypothesis_jsonschema_draws_objects() -> None:
    @settings(max_examples=5, deadline=None, database=None)
    @given(from_schema({"type": "object", "properties": {"a": {"type": "integer"}}}))
    def check(doc: dict[str, Any]) -> None:
        assert isinstance(doc, dict)

    check()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "yes",
            "no",
            "red",
            "blue",
            "KP-09",
            "1998~",
            "P1",
            "2026-03-14T09:30:00Z",
            "own_archive",
            "none",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _leaf_paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            paths.extend(_leaf_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths.extend(_leaf_paths(child, (*prefix, index)))
    return paths


@pytest.mark.parametrize("for_seal", [False, True])
def test_validator_and_schema_agree_on_mutated_documents(form: Form, for_seal: bool) -> None:
    """Change the example in one place (replace an answer with any JSON value,
    add a key, delete a key, repeat a list entry): the validator finds a
    problem exactly when the schema does."""
    example = form.example()
    paths = _leaf_paths(example)
    validator = schema_validator(form.json_schema(for_seal=for_seal))
    actions = st.sampled_from(["replace", "add_key", "delete", "repeat"])

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(paths), JSON_VALUES, actions)
    def check(path: tuple[Any, ...], value: object, action: str) -> None:
        doc = copy.deepcopy(example)
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        if action == "add_key" and isinstance(target, dict):
            target[f"extra_{len(target)}"] = value
        elif action == "delete" and isinstance(target, dict):
            del target[path[-1]]
        elif action == "repeat" and isinstance(target[path[-1]], list) and target[path[-1]]:
            target[path[-1]].append(copy.deepcopy(target[path[-1]][0]))
        else:
            target[path[-1]] = value
        problems = schema_problems(form, doc, for_seal=for_seal)
        errors = list(validator.iter_errors(doc))
        assert bool(problems) == bool(errors), (problems, [e.message for e in errors])

    check()
