"""The validator and the generated JSON Schema: the example passes both, and
both refuse the same invalid documents (drafts and sealing alike)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from forms import Form, list_forms, load_form, load_form_file, schema_validator

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def nk() -> Form:
    return load_form("nk-testimony", 1)  # version 2 has its own tests (test_form_v2.py)


@pytest.fixture(scope="module")
def mini() -> Form:
    return load_form_file(FIXTURES / "valid" / "mini.v1.yaml")


def schema_errors(form: Form, doc: object, *, for_seal: bool) -> list[str]:
    validator = schema_validator(form.json_schema(for_seal=for_seal))
    return [error.message for error in validator.iter_errors(doc)]


@pytest.mark.parametrize("for_seal", [False, True])
def test_schemas_are_valid_draft_2020_12(nk: Form, mini: Form, for_seal: bool) -> None:
    for form in (nk, mini):
        schema = form.json_schema(for_seal=for_seal)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)
        json.dumps(schema)  # plain JSON, nothing Python-only inside


def test_example_is_complete_and_valid_everywhere(nk: Form, mini: Form) -> None:
    for form in (nk, mini):
        example = form.example()
        json.dumps(example)
        for for_seal in (False, True):
            assert form.validate(example, for_seal=for_seal) == []
            assert schema_errors(form, example, for_seal=for_seal) == []


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = _steps(path)
        target: Any = doc
        for step in parents:
            target = target[step]
        target[last] = value

    return mutate


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = _steps(path)
        target: Any = doc
        for step in parents:
            target = target[step]
        del target[last]

    return mutate


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.split("."):
        name, *indexes = part.split("[")
        steps.append(name)
        steps.extend(int(index.rstrip("]")) for index in indexes)
    return steps


# (case id, mutation, path of the expected problem, invalid already as a draft?)
NK_CASES = [
    # missing required-for-sealing fields
    ("no reference", _delete("record.reference"), "record.reference", False),
    ("blank narrative", _set("statement.narrative", "  \n "), "statement.narrative", False),
    ("no incidents", _set("incidents", []), "incidents", False),
    ("no grants", _delete("consent.grants"), "consent.grants", False),
    ("whole group missing", _delete("session"), "session.start", False),
    (
        "grant without level",
        _delete("consent.grants[0].identity_level"),
        "consent.grants[0].identity_level",
        False,
    ),
    ("act without type", _delete("incidents[0].acts[0].type"), "incidents[0].acts[0].type", False),
    ("no roles", _set("interviewee.roles", []), "interviewee.roles", False),
    (
        "conditional required",
        _delete("session.recording_consent"),
        "session.recording_consent",
        False,
    ),
    ("hidden but answered", _set("interpreter.used", "no"), "interpreter.interpreter_id", False),
    # unknown vocabulary codes
    (
        "unknown act type",
        _set("incidents[0].acts[0].type", "kidnapping"),
        "incidents[0].acts[0].type",
        True,
    ),
    (
        "unknown recipient",
        _set("consent.grants[0].recipient", "cia"),
        "consent.grants[0].recipient",
        True,
    ),
    (
        "unknown province",
        _set("incidents[0].place.province", "KP-11"),
        "incidents[0].place.province",
        True,
    ),
    (
        "unknown method",
        _set("incidents[0].acts[0].methods", ["beating", "waterboard"]),
        "incidents[0].acts[0].methods[1]",
        True,
    ),
    (
        "duplicate code",
        _set("interviewee.roles", ["victim", "victim"]),
        "interviewee.roles[1]",
        True,
    ),
    ("yes/no as bool", _set("consent.withdrawn", False), "consent.withdrawn", True),
    # malformed EDTF
    ("EDTF 30 Feb", _set("incidents[0].date", "2008-02-30"), "incidents[0].date", True),
    ("EDTF prose", _set("incidents[0].date", "spring 2008"), "incidents[0].date", True),
    (
        "EDTF reversed",
        _set("incidents[0].acts[0].end", "2001/1999"),
        "incidents[0].acts[0].end",
        True,
    ),
    ("EDTF number", _set("interviewee.birth_year", 1975), "interviewee.birth_year", True),
    # wrong types and bounds
    ("integer as text", _set("session.breaks", "3"), "session.breaks", True),
    ("integer fraction", _set("session.breaks", 2.5), "session.breaks", True),
    ("integer bool", _set("session.breaks", True), "session.breaks", True),
    ("integer too big", _set("session.breaks", 101), "session.breaks", True),
    ("text as number", _set("statement.narrative", 42), "statement.narrative", True),
    ("text too long", _set("record.reference", "X" * 41), "record.reference", True),
    ("list as text", _set("interviewee.roles", "victim"), "interviewee.roles", True),
    ("group as list", _set("session", []), "session", True),
    ("repeat as object", _set("incidents", {}), "incidents", True),
    ("null answer", _set("risk.decision", None), "risk.decision", True),
    ("unknown field", _set("record.colour", "red"), "record.colour", True),
    ("naive datetime", _set("session.start", "2026-03-14T09:30:00"), "session.start", True),
    ("bad datetime", _set("session.start", "2026-02-30T09:30:00Z"), "session.start", True),
    (
        "bad person ref",
        _set("incidents[0].acts[0].victims[0].person", "P 1"),
        "incidents[0].acts[0].victims[0].person",
        True,
    ),
    (
        "latitude out of range",
        _set("incidents[0].place.latitude", 91.5),
        "incidents[0].place.latitude",
        True,
    ),
    (
        "too many incidents",
        lambda d: d.__setitem__("incidents", d["incidents"] * 501),
        "incidents",
        True,
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "draft_invalid"),
    [case[1:] for case in NK_CASES],
    ids=[case[0] for case in NK_CASES],
)
def test_validator_and_schema_agree_on_invalid_documents(
    nk: Form, mutate: Callable[[dict[str, Any]], None], path: str, draft_invalid: bool
) -> None:
    doc = nk.example()
    mutate(doc)
    sealed = nk.validate(doc, for_seal=True)
    assert path in [p.path for p in sealed]
    assert schema_errors(nk, doc, for_seal=True)
    draft = nk.validate(doc)
    assert bool(draft) == draft_invalid
    assert bool(schema_errors(nk, doc, for_seal=False)) == draft_invalid
    for problem in sealed:
        assert problem.en and HANGUL.search(problem.ko)


def test_all_problems_are_reported_at_once(nk: Form) -> None:
    doc = nk.example()
    del doc["record"]["reference"]
    doc["incidents"][0]["date"] = "1998-13"
    doc["session"]["breaks"] = -1
    doc["consent"]["grants"][0]["recipient"] = "nobody"
    paths = [p.path for p in nk.validate(doc, for_seal=True)]
    assert paths == [
        "record.reference",
        "session.breaks",
        "consent.grants[0].recipient",
        "incidents[0].date",
    ]


def test_an_empty_draft_is_fine_but_cannot_be_sealed(nk: Form) -> None:
    assert nk.validate({}) == []
    sealed = {p.path for p in nk.validate({}, for_seal=True)}
    assert {"record.reference", "session.start", "consent.grants", "incidents"} <= sealed
    assert "record" not in sealed and "identity" not in {p.split(".")[0] for p in sealed}
    assert nk.validate([], for_seal=False)[0].path == ""


def test_roles_of_the_default_form(nk: Form) -> None:
    doc = nk.example()
    assert nk.values(doc, "reference") == ["ORG-2026-0042"]
    assert nk.values(doc, "pseudonym") == ["W-0117"]
    assert nk.values(doc, "interview_date") == ["2026-03-14T01:30:00Z"]
    assert nk.values(doc, "interview_place") == ["Seoul, Republic of Korea"]
    assert nk.values(doc, "language") == ["ko"]
    assert nk.values(doc, "narrative") == [doc["statement"]["narrative"]]
    grants = nk.values(doc, "consent_grants")
    assert grants and all(
        isinstance(g, dict) and set(g) == {"recipient", "identity_level", "third_party_names"}
        for g in grants
    )
    assert nk.attachment_permissions(doc) == {
        "audio": ("yes", "consent.audio_permission"),
        "photo_video": ("yes", "consent.photo_permission"),
        "medical": ("no", "consent.medical_records_permission"),
    }
    assert nk.values(doc, "consent_withdrawn") == ["no"]
    assert nk.values(doc, "incident") == doc["incidents"]
    assert nk.values(doc, "act") == doc["incidents"][0]["acts"]
    assert nk.values(doc, "incident_date") == ["2008-21"]
    assert nk.values(doc, "violation") == ["forced_repatriation"]
    assert nk.values(doc, "province") == ["KP-09", "KP-09"]
    assert nk.values(doc, "facility_type") == ["border_interrogation"]
    assert nk.values(doc, "institution") == ["mss", "mss"]
    assert nk.values(doc, "rome_statute") == ["imprisonment"]
    assert nk.values(doc, "coi_category") == ["movement_residence"]
    assert "att-drawing-01" in nk.values(doc, "attachment_ref")
    declared = {f.role for f in nk.all_fields() if f.role}
    added_by_v2 = {
        "withdrawal_scope", "withdrawal_recipients", "withdrawal_attachments", "court_use",
        "cross_border", "interview_country", "minor", "explanations", "facility", "unit",
        "method", "knowledge", "reliability", "credibility", "persecution_ground", "victim",
        "victim_status",
    }  # version 2 carries every role (tests/test_form_v2.py)
    assert declared == set(__import__("forms").fields.ROLES) - added_by_v2


def test_values_follow_document_order(nk: Form) -> None:
    doc = nk.example()
    second = copy.deepcopy(doc["incidents"][0])
    second["date"] = "1997/1999"
    second["acts"][0]["type"] = "torture"
    doc["incidents"].append(second)
    assert nk.values(doc, "incident_date") == ["2008-21", "1997/1999"]
    assert nk.values(doc, "violation") == ["forced_repatriation", "torture"]


def test_redact_removes_every_protected_answer(nk: Form) -> None:
    doc = nk.example()
    doc["unexpected"] = "kept out too"
    protected = nk.protected_paths(doc)
    assert "identity" in protected and "interviewee.songbun" in protected
    assert "incidents[0].acts[0].perpetrators[0].name" in protected
    redacted = nk.redact(doc)
    assert nk.protected_paths(redacted) == []
    assert "identity" not in redacted and "unexpected" not in redacted
    text = json.dumps(redacted, ensure_ascii=False)
    for secret in ("홍길동", "Hong Gil-dong", "Hong Mi-ja", "Pak (fictional)", "Wavering"):
        assert secret not in text
    assert redacted["statement"] == doc["statement"]
    assert nk.validate(redacted, for_seal=True) == []
    assert "identity" in doc  # the original is untouched


def test_text_values_hold_free_text_only(nk: Form) -> None:
    texts = nk.text_values(nk.example())
    assert any("체포" in t for t in texts)
    assert "Onsong" in texts and "온성 보위부 구류장" in texts
    assert "forced_repatriation" not in texts and "2008-21" not in texts


@pytest.mark.parametrize("form", list_forms(), ids=lambda f: f"{f.id}.v{f.version}")
def test_free_texts_are_the_walks_free_text_answers(form: Form) -> None:
    """The cut-down walk the index and the search snippets read gives exactly the free-text
    answers of the full walk, in the same order, also from a document of the wrong shape."""
    from forms.types import field_type

    doc = form.example()
    bent = copy.deepcopy(doc)
    for key in list(bent)[::2]:
        bent[key] = "not an object" if isinstance(bent[key], dict) else {"x": bent[key]}
    for d in (doc, bent, {}, {"incidents": [None, "x", {}]}):
        expected = [
            v for f, v, _ in form.walk(d)
            if field_type(f.type).free_text and isinstance(v, str) and v.strip()
        ]
        assert list(form.free_texts(d)) == expected
    assert len(list(form.free_texts(doc))) >= 3


def test_labels_and_terms(nk: Form) -> None:
    assert nk.label("incidents[0].acts[1].type", "ko") == "행위 유형"
    assert nk.label("incidents.acts.type", "en") == "Act type"
    assert nk.label("incidents[2].place.province", "en") == "Province (ISO 3166-2:KP)"
    assert nk.term("facility-types", "kwanliso", "ko").startswith("관리소")
    assert nk.term("provinces", "KP-09", "en") == "North Hamgyong"
    with pytest.raises(KeyError):
        nk.label("incidents.nothing", "en")
    with pytest.raises(KeyError):
        nk.term("provinces", "KP-99", "en")
    with pytest.raises(ValueError):
        nk.label("record.reference", "fr")


def test_every_field_is_labelled_in_both_languages(nk: Form) -> None:
    for field in nk.all_fields():
        assert field.label["en"] and HANGUL.search(field.label["ko"]), field.path
        if field.help:
            assert field.help["en"] and HANGUL.search(field.help["ko"]), field.path


def test_conditions_in_the_mini_form(mini: Form) -> None:
    doc = mini.example()
    assert "blue_note" not in doc
    doc["colours"] = ["blue"]
    assert mini.validate(doc, for_seal=True) == []
    doc["blue_note"] = "ok now"
    assert mini.validate(doc, for_seal=True) == []
    doc["colours"] = ["red"]
    assert [p.path for p in mini.validate(doc, for_seal=True)] == ["blue_note"]
    assert mini.validate(doc) == []  # a draft keeps answers the user may restore
    assert schema_errors(mini, doc, for_seal=True) and not schema_errors(mini, doc, for_seal=False)


def test_problems_never_echo_free_text(nk: Form) -> None:
    doc = nk.example()
    secret = "Kim Chol-su from Hoeryong"
    doc["incidents"][0]["acts"][0]["type"] = secret
    doc["incidents"][0]["date"] = secret
    doc["interviewee"]["roles"] = [secret, secret]
    problems = nk.validate(doc)
    assert len(problems) == 5  # date, type, each role, and the duplicate
    for problem in problems:
        assert "Kim" not in problem.en and "Kim" not in problem.ko
    doc["incidents"][0]["acts"][0]["type"] = "kidnapping"  # a code-like value is shown
    assert any(p.en.startswith("'kidnapping' is not a code") for p in nk.validate(doc))
