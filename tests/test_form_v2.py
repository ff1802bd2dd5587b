"""nk-testimony version 2: the form, its contradictions, passages withheld in free text,
facility and unit entities, consent obeyed at export, and v1 records moved only by a
shown mapping."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import forms
from forms import entities
from forms.migrate import mapping
from intake.capture import attachments, records, seal
from intake.errors import ConsentRefused, ValidationFailed
from intake.handover import export, recipients
from tests.conftest import make_vault
from tests.test_bundle import keypair

V1 = forms.load_form("nk-testimony", 1)
V2 = forms.load_form("nk-testimony", 2)


@pytest.fixture
def v(tmp_path: Path) -> Any:
    vault = make_vault(tmp_path / "vault")
    yield vault
    vault.lock()  # type: ignore[attr-defined]


def example() -> dict[str, Any]:
    return copy.deepcopy(V2.example())


def test_new_interviews_use_v2_and_v1_stays_loadable() -> None:
    assert forms.load_form("nk-testimony").version == 2
    assert V1.superseded_by == 2 and V1.validate(V1.example(), for_seal=True) == []
    order = [f.key for f in V2.sections]
    # consent, the vulnerable-witness protocol and risk come before any identifying question;
    # consent is confirmed again at the end
    assert order.index("consent") < order.index("risk") < order.index("interviewee")
    assert order.index("safety") < order.index("identity")
    assert order[-2:] == ["closing", "explanations"]


def test_v2_carries_every_role() -> None:
    assert {f.role for f in V2.all_fields() if f.role} == set(forms.fields.ROLES)


def test_schema_is_valid_2020_12_and_the_example_validates() -> None:
    doc = V2.example()
    for for_seal in (False, True):
        schema = V2.json_schema(for_seal=for_seal)
        Draft202012Validator.check_schema(schema)
        assert list(forms.schema_validator(schema).iter_errors(doc)) == []
    assert V2.validate(doc, for_seal=True) == []


def test_the_example_reads_like_a_real_consistent_testimony() -> None:
    doc = V2.example()
    texts = " ".join(V2.text_values(doc))
    assert "Example:" not in texts and "fictional" not in texts.casefold()
    refs = [v for f, v, _ in V2.walk(doc) if f.type in ("attachment_ref", "attachment_refs")]
    assert refs == []  # no reference to an attachment that does not exist
    statement = doc["statement"]
    marked = [statement["narrative"][s["start"]:s["end"]] for s in statement["narrative_withheld"]]
    assert marked == ["회령시 남문동 강안 쪽", "회령 신발공장 재봉 작업반"]
    english = statement["translations"][0]
    assert [english["text"][s["start"]:s["end"]] for s in english["text_withheld"]] == [
        "Nammun-dong, on the riverside", "the sewing team of the Hoeryong shoe factory"]
    # two forced returns, a trial with its sentence, several headings per act
    assert len(doc["journey"]["repatriations"]) == 2
    decision = doc["incidents"][1]["acts"][1]["decision"]
    assert (decision["sentence"], decision["sentence_years"], decision["body"]) == (
        "reform_labour", 3, "kp-court-hoeryong")
    assert doc["incidents"][0]["acts"][1]["rome_statute"] == ["torture", "imprisonment",
                                                             "persecution"]
    # every facility and unit is a gazetteer entry, except one flagged new entry
    assert [p for p, _ in V2.new_entities(doc)] == [
        "incidents[2].acts[0].perpetrators[0].unit"]


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        node: Any = doc
        keys = [int(k) if k.isdigit() else k for k in path.replace("[", ".").replace("]", "")
                .split(".")]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return change


CONTRADICTIONS = [
    # (check, change, field path named, English label, Korean label)
    ("session_end_before_start", _set("session.end", "2026-03-14T01:00:00Z"), "session.start",
     "End (with its time zone offset)", "종료 시각"),
    ("act_end_before_start", _set("incidents[0].acts[1].end", "2007-10"),
     "incidents[0].acts[1].start", "Acts › Start", "행위 › 시작"),
    ("consent_after_interview", _set("consent.date", "2026-03-15"), "consent.date",
     "Date of consent", "동의 날짜"),
    ("age_contradicts_birth_year", _set("safety.age_at_interview", 40),
     "safety.age_at_interview", "Age at the interview", "면담 당시 나이"),
    ("attachment_missing", _set("incidents[0].acts[0].attachments", ["att-sketch"]),
     "incidents[0].acts[0].attachments[0]", "Attachments about this act",
     "이 행위에 관한 첨부"),
    ("incident_after_interview", _set("incidents[3].date", "2026-05"), "incidents[3].date",
     "Incidents › Date", "사건 › 날짜"),
]


@pytest.mark.parametrize("check,change,path,en,ko", CONTRADICTIONS,
                         ids=[c[0] for c in CONTRADICTIONS])
def test_each_contradiction_refuses_sealing_named_in_english_and_korean(
    v: Any, check: str, change: Callable[[dict[str, Any]], None], path: str, en: str, ko: str
) -> None:
    doc = example()
    change(doc)
    assert V2.validate(doc) == []  # a draft may hold it
    rid = records.create(v, "nk-testimony", doc)
    with pytest.raises(ValidationFailed) as refused:
        records.seal_record(v, rid)
    found = [p for p in refused.value.problems if p.check == check]
    assert [p.path for p in found] == [path]
    assert en in found[0].en and ko in found[0].ko, (found[0].en, found[0].ko)
    # explained in a recorded note, the record seals, and the note is sealed with it
    doc["explanations"] = [{"check": check, "field": path,
                            "note": "The witness is sure of both; kept as she said it."}]
    records.save_draft(v, rid, doc)
    sealed = records.seal_record(v, rid)
    assert sealed.doc["explanations"][0]["check"] == check


def test_a_minor_must_be_flagged_with_a_guardian_and_protocol() -> None:
    doc = example()
    doc["safety"].update(age_at_interview=16, minor="no")
    doc["interviewee"]["birth_year"] = "2009"
    checks = {p.check for p in V2.validate(doc, for_seal=True)}
    assert "minor_not_flagged" in checks
    doc["safety"]["minor"] = "yes"
    doc["safety"]["vulnerable"] = "no"
    for key in ("vulnerabilities", "guardian_kind", "guardian_consent", "guardian_id", "protocol"):
        doc["safety"].pop(key)
    assert "minor_not_vulnerable" in {p.check for p in V2.validate(doc, for_seal=True)}
    doc["safety"]["vulnerable"] = "yes"
    missing = {p.path for p in V2.validate(doc, for_seal=True)}
    assert {"safety.guardian_kind", "safety.guardian_consent", "safety.protocol"} <= missing


def test_an_attachment_must_exist_in_the_record_to_seal(v: Any, tmp_path: Path) -> None:
    doc = example()
    doc["attachments"] = [{"attachment": "att-missing", "kind": "drawing", "made_on": "2026-03-14",
                           "made_by": "The witness"}]
    rid = records.create(v, "nk-testimony", doc)
    with pytest.raises(ValidationFailed) as refused:
        records.seal_record(v, rid)
    assert [p.path for p in refused.value.problems] == ["attachments[0].attachment"]
    sketch = tmp_path / "sketch.png"
    sketch.write_bytes(b"\x89PNG fictional sketch")
    att = attachments.add(v, rid, sketch)
    doc["attachments"][0]["attachment"] = att.id
    doc["incidents"][0]["acts"][1]["attachments"] = [att.id]
    records.save_draft(v, rid, doc)
    records.seal_record(v, rid)


def test_withheld_passages_are_masked_in_a_redacted_copy_that_still_verifies(v: Any) -> None:
    rid = records.create(v, "nk-testimony", example())
    sv = records.seal_record(v, rid)
    assert sv.envelope["format_version"] == seal.ENVELOPE_VERSION_SPANS
    spans = [p for p in sv.disclosures if "#" in p]
    assert len(spans) == 4  # two passages in the narrative, two in its translation
    red = sv.redacted()
    narrative = red.doc["statement"]["narrative"]
    assert "남문동" not in narrative and "신발공장" not in narrative
    assert seal.SPAN_MASK * len("회령시 남문동 강안 쪽") in narrative
    assert len(narrative) == len(sv.doc["statement"]["narrative"])  # offsets stay valid
    assert "Nammun-dong" not in json.dumps(red.doc, ensure_ascii=False)
    assert seal.check(red, None) == [] and seal.check(sv, None) == []
    # a passage altered in the redacted copy breaks the seal
    tampered = copy.deepcopy(red.doc)
    tampered["statement"]["narrative"] = narrative.replace("열일곱", "열여덟")
    assert seal.check(seal.SealedVersion(**{**red.__dict__, "doc": tampered}), None)
    # the full copy fills the passages back from the redacted one and its commitments
    restored = red.with_disclosures_of(sv)
    assert restored is not None and restored.doc == sv.doc


def test_spans_must_lie_inside_their_text_and_not_overlap() -> None:
    doc = example()
    doc["statement"]["narrative_withheld"] = [
        {"start": 5, "end": 20, "class": "family"}, {"start": 10, "end": 30, "class": "family"},
        {"start": 10, "end": 10**6, "class": "family"}]
    problems = {(p.path, p.beyond_schema) for p in V2.validate(doc)}
    assert ("statement.narrative_withheld[1]", True) in problems  # overlaps
    assert ("statement.narrative_withheld[2]", True) in problems  # past the end


def test_a_passage_offset_written_with_a_fraction_is_refused_beyond_the_schema() -> None:
    """0.0 is an integer to JSON Schema, but an offset into the text must be an int: the
    validator refuses it, as a rule the schema cannot express (so the two still agree)."""
    doc = example()
    doc["statement"]["narrative_withheld"] = [{"start": 0.0, "end": 3, "class": "family"}]
    problems = [(p.path, p.beyond_schema) for p in V2.validate(doc)]
    assert problems == [("statement.narrative_withheld[0]", True)]
    assert list(forms.schema_validator(V2.json_schema()).iter_errors(doc)) == []


def test_facilities_and_units_are_entities_with_stable_ids() -> None:
    yodok = entities.entity("kp-kwanliso-15")
    assert yodok is not None and yodok.name["ko"] == "15호 관리소 (요덕)"
    assert (yodok.kind, yodok.province, yodok.latitude is not None) == ("kwanliso", "KP-08", True)
    for name, ident in (("Yodok", "kp-kwanliso-15"), ("회령", "kp-kwanliso-22"),
                        ("Kaechon", "kp-kwanliso-14"), ("전거리", "kp-kyohwaso-12"),
                        ("Onsong", "kp-jipkyulso-onsong")):
        assert ident in [e.id for e in entities.find("facilities", name)], name
    assert entities.entity("kp-mss-onsong").kind == "mss"  # type: ignore[union-attr]
    doc = example()
    doc["incidents"][0]["facility"] = "kp-kwanliso-99"
    assert [p.path for p in V2.validate(doc)] == ["incidents[0].facility"]
    doc["incidents"][0]["facility"] = {"kind": "kwanliso"}  # a new entry needs a name
    assert [p.path for p in V2.validate(doc)] == ["incidents[0].facility"]


def test_a_violation_proposes_its_usual_headings() -> None:
    assert V2.suggestions("incidents.acts.rome_statute", {"type": "torture"}) == ["torture"]
    assert V2.suggestions("incidents.acts.rome_statute", {"type": "trafficking"}) == [
        "enslavement", "sexual_violence"]


def test_v1_record_moves_to_v2_only_through_the_shown_mapping(v: Any) -> None:
    rid = records.create(v, "nk-testimony", copy.deepcopy(V1.example()), version=1)
    records.seal_record(v, rid)
    records.correct(v, rid)  # an ordinary correction stays on v1
    assert records.get(v, rid).form_version == 1
    records.seal_record(v, rid)
    doc, steps = records.correction_mapping(v, rid, 2)
    assert records.get(v, rid).form_version == 1  # showing changes nothing
    moved = {s.source: s.target for s in steps}
    assert moved["incidents.acts.rome_statute"] == "incidents.acts.rome_statute"
    assert moved["statement.read_back"] == "closing.read_back"
    assert moved["incidents.knowledge"] is None  # not carried: the v1 version keeps it
    assert doc["incidents"][0]["acts"][0]["rome_statute"] == ["imprisonment"]
    assert records.correct(v, rid, to_version=2) == 3
    assert records.get(v, rid).form_version == 2
    assert records.draft(v, rid) == doc
    signed = V1.example()
    V1.fill(signed, {"signer_fingerprint": v.identity.fingerprint})  # the program's answer
    assert mapping(V1, V2, signed)[0] == doc
    assert [s.form_version for s in records.sealed_versions(v, rid)] == [1, 1]


def _export(v: Any, rid: str, to: str, out: Path, profile: str = "redacted") -> Any:
    return export.export_bundle(v, [rid], [to], out, profile=profile)


def test_no_transfer_across_borders_keeps_the_account_in_the_interview_country(
    v: Any, tmp_path: Path
) -> None:
    """"May the account be sent to another country or an international body?" No: "only your
    own archive and recipients registered in the country of the interview receive it" (the
    question's help), though every one of them is granted."""
    teams = [("Archive", "own_archive", ""), ("Seoul prosecutors", "national_prosecutors", "kr"),
             ("Berlin prosecutors", "national_prosecutors", "gb"), ("ICC OTP", "icc", ""),
             ("OHCHR", "un_ohchr", "")]
    for i, (name, klass, state) in enumerate(teams):
        _, key = keypair(tmp_path, f"k{i}.txt")
        recipients.add_recipient(v, name, key, klass, state)
    doc = example()
    assert V2.values(doc, "interview_country") == ["kr"]
    doc["consent"]["cross_border"] = "no"
    doc["consent"]["grants"][3]["states"] = ["kr", "gb"]
    rid = records.create(v, "nk-testimony", doc)
    records.seal_record(v, rid)
    for name in ("Archive", "Seoul prosecutors"):
        assert _export(v, rid, name, tmp_path / f"{name}.age").path.is_file()
    for name in ("Berlin prosecutors", "ICC OTP", "OHCHR"):
        with pytest.raises(ConsentRefused, match="transfer across borders"):
            _export(v, rid, name, tmp_path / f"{name}.age")
        assert not (tmp_path / f"{name}.age").exists()
    records.correct(v, rid, reason="the witness agreed to a transfer after all")
    doc = records.draft(v, rid)
    doc["consent"]["cross_border"] = "yes"
    records.save_draft(v, rid, doc)
    records.seal_record(v, rid)
    assert _export(v, rid, "Berlin prosecutors", tmp_path / "Berlin.age").path.is_file()


def test_consent_decisions_are_obeyed_at_export(v: Any, tmp_path: Path) -> None:
    _, key = keypair(tmp_path)
    recipients.add_recipient(v, "Seoul prosecutors", key, "national_prosecutors", "kr")
    _, key2 = keypair(tmp_path, "k2.txt")
    recipients.add_recipient(v, "Berlin prosecutors", key2, "national_prosecutors", "gb")
    _, key3 = keypair(tmp_path, "k3.txt")
    recipients.add_recipient(v, "ICC OTP", key3, "icc")
    rid = records.create(v, "nk-testimony", example())
    records.seal_record(v, rid)
    _export(v, rid, "Seoul prosecutors", tmp_path / "kr.age")
    with pytest.raises(ConsentRefused, match=r"national_prosecutors \(gb\)"):
        _export(v, rid, "Berlin prosecutors", tmp_path / "gb.age")
    result = _export(v, rid, "ICC OTP", tmp_path / "icc.age", "full")
    assert result.profiles[rid] == "full"
    # no use before a court: neither the ICC nor prosecutors receive it
    records.correct(v, rid)
    doc = records.draft(v, rid)
    doc["consent"]["court_use"] = "no"
    records.save_draft(v, rid, doc)
    records.seal_record(v, rid)
    with pytest.raises(ConsentRefused, match="before a court"):
        _export(v, rid, "ICC OTP", tmp_path / "icc2.age")
    assert not (tmp_path / "icc2.age").exists()
