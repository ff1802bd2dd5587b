"""A version-2 interview in the editor, driven through its widgets: consent before identity,
a facility picked from the list and a new one typed in, the family's village marked in
the narrative, the legal headings proposed by the act type, a contradiction named in the
checklist in both languages, then explained and sealed from the review page."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from intake.capture import records, seal
from tests.test_form_v2_cli import NARRATIVE, minor_doc
from tests.test_ui_editor import open_editor, widget
from ui.fields import EntityInput, RepeatNode, SpansInput
from ui.vocabpicker import VocabMultiPicker, VocabPicker


def test_a_v2_interview_in_the_editor(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, "nk-testimony")
    assert records.get(vault, rid).form_version == 2  # new interviews use version 2
    editor = open_editor(qtbot, vault, rid)
    sections = [editor.nav.item(i).text() for i in range(editor.nav.count())]

    def at(name: str) -> int:
        return next(i for i, s in enumerate(sections) if s.startswith(name))

    assert at("Informed consent") < at("Witness (pseudonymous)")
    assert at("Risk assessment") < at("Protected identity")

    # the whole interview of a minor, then the widgets give it back unchanged
    doc = minor_doc()
    records.save_draft(vault, rid, doc)
    editor = open_editor(qtbot, vault, rid)
    assert editor.document() == doc
    assert editor.seal_problems == []

    # the family's neighbourhood marked in the narrative through the widgets
    marks = widget(editor, "statement.narrative_withheld")
    assert isinstance(marks, SpansInput)
    qtbot.mouseClick(marks.list, Qt.MouseButton.LeftButton)
    marks.list.setCurrentRow(0)
    qtbot.mouseClick(marks.remove, Qt.MouseButton.LeftButton)
    assert "narrative_withheld" not in editor.document()["statement"]
    narrative = widget(editor, "statement.narrative")
    assert isinstance(narrative, QPlainTextEdit)
    cursor = narrative.textCursor()
    start = NARRATIVE.index("혜산시 연봉동")
    cursor.setPosition(start)
    cursor.setPosition(start + len("혜산시 연봉동 압록강 쪽"), QTextCursor.MoveMode.KeepAnchor)
    narrative.setTextCursor(cursor)
    qtbot.mouseClick(marks.mark, Qt.MouseButton.LeftButton)
    assert editor.document()["statement"]["narrative_withheld"] == doc["statement"][
        "narrative_withheld"]

    # a new act: the type proposes its headings; the facility is picked from the list
    acts = editor.node("incidents[1].acts")
    assert isinstance(acts, RepeatNode)
    qtbot.mouseClick(acts.add_button, Qt.MouseButton.LeftButton)
    picker = widget(editor, "incidents[1].acts[2].type")
    assert isinstance(picker, VocabPicker)
    picker.set_value("torture")
    picker.changed.emit()
    headings = widget(editor, "incidents[1].acts[2].rome_statute")
    assert isinstance(headings, VocabMultiPicker) and headings.value() == ["torture"]
    facility = widget(editor, "incidents[1].acts[2].facility")
    assert isinstance(facility, EntityInput)
    facility.combo.setCurrentIndex(facility.combo.findData("kp-ldu-hoeryong"))
    # ... and a unit the list does not have, typed in and flagged for the archive
    perpetrators = editor.node("incidents[1].acts[2].perpetrators")
    assert isinstance(perpetrators, RepeatNode)
    qtbot.mouseClick(perpetrators.add_button, Qt.MouseButton.LeftButton)
    unit = widget(editor, "incidents[1].acts[2].perpetrators[0].unit")
    assert isinstance(unit, EntityInput)
    unit.combo.setCurrentIndex(unit.combo.findData(EntityInput.NEW))
    qtbot.keyClicks(unit.name_en, "Hyesan labour training unit guards")
    act = editor.document()["incidents"][1]["acts"][2]
    assert (act["rome_statute"], act["facility"]) == (["torture"], "kp-ldu-hoeryong")
    assert act["perpetrators"][0]["unit"] == {"name_en": "Hyesan labour training unit guards"}
    assert editor.flush()  # the editor's draft saved (nothing left pending), then replaced
    saved = records.draft(vault, rid)
    assert saved["incidents"][1]["acts"][2]["facility"] == "kp-ldu-hoeryong"
    records.save_draft(vault, rid, doc)

    # a contradiction is named in the checklist, in Korean for a Korean interface
    doc["session"]["end"] = "2026-03-14T01:00:00Z"
    records.save_draft(vault, rid, doc)
    korean = open_editor(qtbot, vault, rid, lang="ko")
    texts = [korean.checklist.item(i).text() for i in range(korean.checklist.count())]
    assert any("종료가 시작보다 앞섬" in t and "종료 시각" in t for t in texts), texts
    english = open_editor(qtbot, vault, rid)
    texts = [english.checklist.item(i).text() for i in range(english.checklist.count())]
    assert any("An end before its start" in t for t in texts), texts
    english.review()
    assert [p.check for p in english.review_page.problems] == ["session_end_before_start"]
    assert not english.review_page.confirm.isEnabled()

    # explained in a recorded note, it seals from the review page
    doc["explanations"] = [{"check": "session_end_before_start", "field": "session.start",
                            "note": "The session ran past midnight; the clock was set wrong."}]
    records.save_draft(vault, rid, doc)
    editor = open_editor(qtbot, vault, rid)
    assert editor.seal_problems == []
    editor.review()
    review = editor.review_page
    review.confirm.setChecked(True)
    with qtbot.waitSignal(editor.sealed, timeout=60_000):
        qtbot.mouseClick(review.seal_button, Qt.MouseButton.LeftButton)
    sealed = records.sealed_version(vault, rid)
    assert sealed.form_version == 2 and sealed.doc["explanations"][0]["note"].startswith("The")
    assert seal.SPAN_MASK in sealed.redacted().doc["statement"]["narrative"]
