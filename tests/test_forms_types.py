"""The field-type registry: every type has its four behaviours, and a value becomes display
text one way (in Korean and English)."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

import forms
from forms import load_form, load_form_file
from forms.example import ExampleBuilder
from forms.fields import Field
from forms.schema import Describer
from forms.types import FIELD_TYPES, REGISTRY, FieldType, display, display_both, field_type
from forms.types.base import FieldType as Base
from forms.types.dates import is_datetime
from forms.validation import Checker
from tests.test_forms_loader import FIXTURES

FORM = load_form("nk-testimony")
BEHAVIOURS = ("validate", "json_schema", "example", "display")


def _one_field_per_type() -> dict[str, Field]:
    found: dict[str, Field] = {}
    mini = load_form_file(FIXTURES / "valid" / "mini.v1.yaml")
    for form in (FORM, mini):
        for each in form.all_fields():
            found.setdefault(each.type, each)
    return found


def test_every_type_is_registered_once_with_all_four_behaviours() -> None:
    assert FIELD_TYPES == tuple(REGISTRY) and len(set(FIELD_TYPES)) == len(FIELD_TYPES)
    for name, kind in REGISTRY.items():
        assert isinstance(kind, FieldType) and kind.name == name and field_type(name) is kind
        cls = type(kind)
        # each behaviour is the type's own (or a parent type's), never the base's stub;
        # display may keep the base's plain text (str of the value)
        for behaviour in BEHAVIOURS[:3]:
            assert getattr(cls, behaviour) is not getattr(Base, behaviour), (name, behaviour)
    with pytest.raises(KeyError):
        field_type("colour")


def test_every_type_used_by_the_shipped_forms_and_fixtures() -> None:
    assert set(_one_field_per_type()) == set(REGISTRY)


@pytest.mark.parametrize("name", FIELD_TYPES)
def test_each_type_example_validates_fits_its_schema_and_displays(name: str) -> None:
    each = _one_field_per_type()[name]
    form = FORM if each.path in {f.path for f in FORM.all_fields()} else load_form_file(
        FIXTURES / "valid" / "mini.v1.yaml")
    kind = field_type(name)
    codes = form.vocabulary_codes
    value = kind.example(each, ExampleBuilder({n: c[0] for n, c in codes.items()}))
    # validate: the example passes, a value of the wrong shape does not
    checker = Checker({n: v.terms for n, v in form.vocabularies.items()}, for_seal=False)
    text_of = {each.of: "x" * 100} if each.of else {}
    kind.validate(each, value, "here", checker, text_of)
    assert checker.problems == [], (name, value)
    kind.validate(each, {"no": ["such", "shape"]} if not each.is_container else 7, "here",
                  checker, text_of)  # fmt: skip
    assert checker.problems and all(p.path.startswith("here") and p.en and p.ko
                                    for p in checker.problems)  # fmt: skip
    # json_schema: the same value is valid against it
    schema = kind.json_schema(each, Describer(codes, for_seal=False))
    assert Draft202012Validator(schema).is_valid(value)
    # display: text in both languages (empty only for an empty list of passages)
    for lang in ("en", "ko"):
        shown = display(form, each, value, lang)
        assert isinstance(shown, str) and (shown or value == [])


def _field(path: str) -> Field:
    return FORM.field(path)


@pytest.mark.parametrize(
    ("path", "value", "en", "ko"),
    [
        ("record.reference", "INT-2026-0042", "INT-2026-0042", "INT-2026-0042"),
        ("consent.withdrawal_note", "Asked twice.", "Asked twice.", "Asked twice."),
        ("safety.age_at_interview", 41, "41", "41"),
        ("journey.crossings.place.latitude", 42.5, "42.5", "42.5"),
        ("consent.with_interpreter", "yes", "Yes", "예"),
        ("consent.with_interpreter", "no", "No", "아니요"),
        ("consent.with_interpreter", "unknown", "Unknown", "알 수 없음"),
        ("record.confidentiality", "restricted", "Restricted", "제한"),
        ("record.confidentiality", "not-a-code", "not-a-code", "not-a-code"),
        ("consent.explained", ["purpose", "risks"], "Purpose of the interview; Risks",
         "면담의 목적; 위험"),
        ("consent.date", "1998-03~", "about March 1998", "1998년 3월경"),
        ("consent.date", "not a date", "not a date", "not a date"),
        ("session.start", "2026-03-14T09:30:00+09:00", "14 March 2026, 09:30 (UTC+09:00)",
         "2026년 3월 14일 09:30 (UTC+09:00)"),
        ("journey.crossings.place", {"name_ko": "회령", "province": "KP-09"},
         "Name as given (Hangul): 회령; Province (ISO 3166-2:KP): North Hamgyong",
         "증언자가 말한 이름 (한글): 회령; 도 (ISO 3166-2:KP): 함경북도"),
        ("incidents.acts.victims.person", "P1", "P1", "P1"),
        ("attachments.attachment", "att-0001", "att-0001", "att-0001"),
        ("consent.withdrawal_attachments", ["att-1", "att-2"], "att-1, att-2", "att-1, att-2"),
        ("journey.crossings.border_unit", "kp-mss-onsong", None, None),
        ("journey.crossings.border_unit", {"name_ko": "보위부 분견대", "name_en": "MSS post"},
         "MSS post (new entry)", "보위부 분견대 (새 항목)"),
        ("statement.narrative_withheld", [{"start": 0, "end": 5, "class": "family"}],
         None, None),
    ],
)  # fmt: skip
def test_display_text_of_each_type(path: str, value: object, en: str | None,
                                   ko: str | None) -> None:  # fmt: skip
    each = _field(path)
    if path.endswith("border_unit") and isinstance(value, str):
        entry = forms.entities.gazetteer("units")[value]
        en, ko = entry.name["en"], entry.name["ko"]
    if path.endswith("narrative_withheld"):
        term = FORM.vocabularies["span-classes"].terms["family"]
        en, ko = f"0–5 {term['en']}", f"0–5 {term['ko']}"
    assert display(FORM, each, value, "en") == en
    assert display(FORM, each, value, "ko") == ko
    if each.type != "multi_choice":  # a list of terms pairs each term: the test below
        assert display_both(FORM, each, value) == (en if en == ko else f"{en} / {ko}")


def test_display_both_pairs_each_term_of_a_list() -> None:
    each = _field("consent.explained")
    assert display_both(FORM, each, ["purpose", "risks"]) == (
        "Purpose of the interview / 면담의 목적; Risks / 위험"
    )


def test_a_repeating_group_shows_one_line_per_entry() -> None:
    each = next(f for f in FORM.all_fields() if f.type == "group" and f.repeat and any(
        c.type == "text" for c in f.fields))  # fmt: skip
    child = next(c for c in each.fields if c.type == "text")
    shown = display(FORM, each, [{child.key: "a"}, {child.key: "b"}], "en")
    assert shown.splitlines() == [f"{child.label['en']}: a", f"{child.label['en']}: b"]


def test_datetime_check_needs_offset_and_a_real_day() -> None:
    assert is_datetime("2026-03-14T09:30:00Z") and is_datetime("2026-03-14T09:30:00.5+09:00")
    assert not is_datetime("2026-03-14T09:30:00") and not is_datetime("2026-02-30T09:30:00Z")


def test_the_statement_the_read_back_and_the_editor_show_an_answer_alike() -> None:
    """One way to text: every answer row of the PDF statement's annexes is the type's
    bilingual text, and every row of the read-back the type's text in that language."""
    from intake.capture.readback import section_blocks
    from intake.capture.seal import SealedVersion
    from intake.handover.statement import _Builder, bilingual
    from ui.fields import display_value

    doc = FORM.example()
    shown: dict[str, object] = {}  # label -> value, for the leaves of the first section
    section = FORM.sections[0]
    for each in section.fields:
        if each.key in doc[section.key] and not each.is_container and each.type != "long_text":
            shown[each.key] = doc[section.key][each.key]
    assert {FORM.field(f"{section.key}.{k}").type for k in shown} >= {"text", "choice"}
    latest = SealedVersion("r", 1, FORM.id, FORM.version, doc, {}, "h", b"", "")
    block = _Builder(FORM, latest).block(section.fields, doc[section.key], "", section.key)
    rows = {r.label: r.value for r in block.rows}
    for lang in ("en", "ko"):
        read_back = {r.label: r.value for b in section_blocks(FORM, doc, lang)[:1] for r in b.rows}
        for key, value in shown.items():
            each = FORM.field(f"{section.key}.{key}")
            assert read_back[each.label[lang]] == display(FORM, each, value, lang)
            assert display_value(FORM, each.path, value, lang) == display(FORM, each, value, lang)
            assert rows[bilingual(each.label)] == display_both(FORM, each, value)
