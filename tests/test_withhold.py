"""Withheld marks, spans in free text and the verbatim-leak check, on the real default form."""

from __future__ import annotations

import forms
from intake.handover import withhold
from tests.records_data import FORM_ID, example, set_narrative

FORM = forms.load_form(FORM_ID)
NAME = "incidents[0].acts[0].perpetrators[0].name"


def test_a_span_shows_the_answer_or_the_mark_with_its_reason() -> None:
    doc = example()
    doc["incidents"][0]["acts"][0]["perpetrators"][0]["name"] = "박철수"
    text = "조사관 {{" + NAME + "}}이 때렸다."
    assert withhold.fill_spans(FORM, text, doc, set()) == "조사관 박철수이 때렸다."
    withheld = withhold.fill_spans(FORM, text, doc, {NAME})
    assert "박철수" not in withheld
    assert "■■ [withheld: identity of a third person / 비공개: 제3자의 신원]" in withheld
    korean = withhold.fill_spans(FORM, text, doc, {NAME}, korean_first=True)
    assert "■■ [비공개: 제3자의 신원 / withheld: identity of a third person]" in korean
    # a whole withheld group covers its parts; a span of an open answer stays as written
    assert "■■" in withhold.fill_spans(FORM, "{{identity.name_hangul}}", doc, {"identity"})
    assert withhold.fill_spans(FORM, "{{session.place}}", doc, set()) == "{{session.place}}"
    assert withhold.fill_spans(FORM, "{{no.such.path}}", doc, set()) == "{{no.such.path}}"


def test_reasons_follow_what_was_withheld() -> None:
    assert withhold.reason("identity.name_hangul")[0] == "identity of the witness"
    assert withhold.reason("consent.recontact_details")[0] == "contact details of the witness"
    assert withhold.reason("interviewee.songbun")[1] == "증언자의 민감한 개인 정보"
    assert withhold.reason(NAME, "third_party")[1] == "제3자의 신원"


def test_a_protected_answer_written_out_in_free_text_is_found() -> None:
    doc = example()
    doc["incidents"][0]["acts"][0]["perpetrators"][0]["name"] = "박철수"
    assert withhold.protected_leaks(FORM, doc) == []
    leaked = set_narrative(doc, "그날 박철수가 왔다.")
    assert (NAME, "statement.narrative") in withhold.protected_leaks(FORM, leaked)
    spanned = set_narrative(doc, "그날 {{" + NAME + "}}가 왔다.")
    assert withhold.protected_leaks(FORM, spanned) == []
    # a kinship word inside the protected identity names no one: not a leak
    kin = set_narrative(doc, "Mother stayed behind.")
    kin["identity"]["relatives_in_dprk"][0]["relationship"] = "Mother"
    assert withhold.protected_leaks(FORM, kin) == []


def test_paths_read_as_words_in_both_languages() -> None:
    assert withhold.path_label(FORM, NAME) == (
        "Incidents 1 › Acts 1 › Perpetrators 1 › Name / 사건 1 › 행위 1 › 가해자 1 › 이름"
    )
