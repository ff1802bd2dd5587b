"""Loading form files: good ones load, broken ones give one line FILE:LINE: reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import forms
from forms import FormError, UnknownFormError, list_forms, load_form, load_form_file

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def _expectation(path: Path) -> tuple[int, str]:
    match = re.match(r"# expect: (\d+): (.+)", path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path.name} lacks its '# expect: LINE: text' header"
    return int(match[1]), match[2]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_broken_form_file_gives_file_line_and_reason(path: Path) -> None:
    line, reason = _expectation(path)
    with pytest.raises(FormError) as caught:
        load_form_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: "), message
    assert reason in message
    assert caught.value.line == line


def test_invalid_fixture_set_covers_the_issue_cases() -> None:
    names = {p.stem for p in INVALID}
    assert {
        "bad_indentation",
        "unknown_field_type",
        "duplicate_code",
        "missing_korean_label",
    } <= names


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"form: x\nversion: 1\ntitle: {en: caf\xe9}\n")
    with pytest.raises(FormError, match=r"latin1.yaml:3: file is not valid UTF-8"):
        load_form_file(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(FormError, match="must be a mapping"):
        load_form_file(empty)
    with pytest.raises(FormError, match="cannot read file"):
        load_form_file(tmp_path / "absent.yaml")


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (4 * 1024 * 1024 + 10))
    with pytest.raises(FormError, match="larger than"):
        load_form_file(path)


def test_yes_and_no_stay_text(tmp_path: Path) -> None:
    # YAML 1.1 reads `no` as false; a vocabulary code `no` must stay a code.
    path = tmp_path / "norway.yaml"
    path.write_text(
        "form: t\nversion: 1\ntitle: {en: T, ko: 티}\n"
        "vocabularies:\n  - vocabulary: c\n    title: {en: C, ko: 시}\n"
        "    terms: [{code: no, en: Norway, ko: 노르웨이}, {code: on, en: On, ko: 온}]\n"
        "fields:\n  - {key: c, type: choice, vocabulary: c, label: {en: C, ko: 시}}\n",
        encoding="utf-8",
    )
    form = load_form_file(path)
    assert form.vocabulary_codes["c"] == ["no", "on"]
    assert form.validate({"c": "no"}) == []


def test_fuzzed_variants_of_a_good_file_never_crash(tmp_path: Path) -> None:
    """Delete each line of a valid file in turn: always a Form or a FormError."""
    lines = (FIXTURES / "valid" / "mini.v1.yaml").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "variant.yaml"
    errors = 0
    for index in range(len(lines)):
        path.write_text("\n".join(lines[:index] + lines[index + 1 :]), encoding="utf-8")
        try:
            load_form_file(path)
        except FormError as error:
            errors += 1
            assert re.match(rf"^{re.escape(str(path))}:\d+: \S", str(error))
    assert errors > len(lines) // 3


def test_shipped_form_and_fixture_load() -> None:
    form = load_form("nk-testimony")
    assert form.id == "nk-testimony" and form.version == 2
    assert form.title == {"en": "North Korea testimony", "ko": "북한 인권 증언"}
    # version 2 asks consent, safety and risk before any identifying question
    assert [f.key for f in form.sections][:4] == ["record", "consent", "safety", "risk"]
    v1 = load_form("nk-testimony", 1)
    assert (v1.superseded_by, [f.key for f in v1.sections][:3]) == (
        2, ["record", "session", "interviewer"])
    assert [(f.id, f.version) for f in list_forms()] == [("nk-testimony", 1), ("nk-testimony", 2)]
    mini = load_form_file(FIXTURES / "valid" / "mini.v1.yaml")
    types = {f.type for f in mini.all_fields()} | {f.type for f in form.all_fields()}
    assert types >= set(forms.types.FIELD_TYPES) - {"number"}


def test_unknown_form_or_version() -> None:
    with pytest.raises(UnknownFormError) as caught:
        load_form("no-such-form")
    assert isinstance(caught.value, KeyError)
    assert "\n" not in str(caught.value)
    with pytest.raises(UnknownFormError):
        load_form("nk-testimony", 99)


def test_superseded_version_still_loads_and_validates() -> None:
    directory = FIXTURES / "superseded"
    latest = load_form("mini", directory=directory)
    old = load_form("mini", 1, directory=directory)
    assert (latest.version, latest.superseded_by) == (2, None)
    assert (old.version, old.superseded_by) == (1, 2)
    record_taken_with_v1 = {**old.example(), "count": 8}
    assert old.validate(record_taken_with_v1, for_seal=True) == []
    assert [p.path for p in latest.validate(record_taken_with_v1)] == ["count"]


def test_file_name_must_match_id_and_version(tmp_path: Path) -> None:
    text = (FIXTURES / "valid" / "mini.v1.yaml").read_text(encoding="utf-8")
    (tmp_path / "mini.v3.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FormError, match=r"must be in mini.v1.yaml"):
        list_forms(tmp_path)


def test_docs_worked_example_produces_a_valid_v3(tmp_path: Path) -> None:
    """docs/forms.md, steps 1-2: copy v2 to v3 and add two questions to acts."""
    v2_text = (Path(forms.__file__).parent / "definitions" / "nk-testimony.v2.yaml").read_text(
        encoding="utf-8"
    )
    anchor = "          - key: victims\n"
    addition = (
        "          - key: written_reason\n"
        "            type: yes_no_unknown\n"
        '            label: {en: "Was a reason given in writing?",\n'
        '                    ko: "이유를 서면으로 받았습니까?"}\n'
        "          - key: written_reason_copy\n"
        "            type: attachment_refs\n"
        "            role: attachment_ref\n"
        '            visible_if: {field: written_reason, equals: "yes"}\n'
        "            label: {en: Copy of the document, ko: 문서 사본}\n"
    )
    assert v2_text.count(anchor) == 1
    (tmp_path / "nk-testimony.v2.yaml").write_text(
        v2_text.replace("version: 2\n", "version: 2\nsuperseded_by: 3\n"), encoding="utf-8"
    )
    (tmp_path / "nk-testimony.v3.yaml").write_text(
        v2_text.replace("version: 2\n", "version: 3\n").replace(anchor, addition + anchor),
        encoding="utf-8",
    )
    v3 = load_form("nk-testimony", directory=tmp_path)
    assert v3.version == 3
    assert v3.label("incidents.acts.written_reason", "ko") == "이유를 서면으로 받았습니까?"
    doc = v3.example()
    assert v3.validate(doc, for_seal=True) == []
    act = doc["incidents"][0]["acts"][0]
    act.update(written_reason="yes", written_reason_copy=["att-0001"])
    assert [p.path for p in v3.validate(doc)] == []
    assert load_form("nk-testimony", 2, directory=tmp_path).superseded_by == 3


