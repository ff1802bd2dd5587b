"""The interview editor on real vaults: rendering, autosave, validation, IME, seal, correct."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from intake.capture import records
from tests import records_data
from tests.conftest import make_vault
from ui import editor as editor_module
from ui.autosave import remove_answer
from ui.datewidget import BETWEEN, DateWidget
from ui.editor import SAVED, UNSAVED, RecordEditor
from ui.fields import (
    MESSAGE_STYLE,
    LeafRow,
    RepeatItem,
    RepeatNode,
    YesNoInput,
    focus_order,
)
from ui.vocabpicker import VocabMultiPicker, VocabPicker, search_terms
from ui.wraplabel import WrapLabel

FORM = "nk-testimony"




@pytest.fixture
def vault(tmp_path: Path) -> Any:
    v = make_vault(tmp_path / "vault")
    yield v
    v.lock()


def open_editor(qtbot: Any, vault: Any, rid: str, lang: str = "en") -> RecordEditor:
    editor = RecordEditor(vault, rid, lang=lang)
    qtbot.addWidget(editor)
    editor.resize(1200, 800)
    editor.show()
    return editor


def type_korean(target: QWidget, text: str) -> None:
    """Korean arrives through the input method (QTest.keyClicks only knows ASCII keys)."""
    target.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def widget(editor: RecordEditor, path: str) -> QWidget:
    found = editor.findChild(QWidget, path)
    assert found is not None, path
    return found


def test_a_complete_record_round_trips_through_the_widgets(qtbot: Any, vault: Any) -> None:
    doc = records_data.example()
    rid = records.create(vault, FORM, doc)
    editor = open_editor(qtbot, vault, rid)
    assert editor.document() == doc
    assert editor.seal_problems == []
    assert not editor.read_only


def test_widgets_are_named_by_path_and_labelled(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM, records_data.example())
    editor = open_editor(qtbot, vault, rid)
    form = editor.form
    for path, kind in (
        ("statement.narrative", QPlainTextEdit),
        ("record.reference", QLineEdit),
        ("incidents[0].acts[0].type", VocabPicker),
        ("session.languages", VocabMultiPicker),
        ("incidents[0].date", DateWidget),
        ("session.recording_made", YesNoInput),
        ("incidents[0].place.name_ko", QLineEdit),
        ("incidents[0].acts[0].victims[0].person", QLineEdit),
    ):
        found = widget(editor, path)
        assert isinstance(found, kind), path
        assert found.accessibleName() == form.label(path, "en")
    korean = open_editor(qtbot, vault, rid, lang="ko")
    assert widget(korean, "statement.narrative").accessibleName() == "원어 진술"


def test_sections_navigate(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    assert editor.section() == "record"
    editor.set_section("consent")
    assert editor.section() == "consent"
    assert editor.stack.currentWidget() is editor.scrolls["consent"]
    with pytest.raises(KeyError):
        editor.set_section("no-such-section")


def test_changing_section_shows_one_page_and_keeps_what_was_typed(qtbot: Any, vault: Any) -> None:
    """The sections' pages are one container's children, one shown at a time (not a
    QStackedWidget, whose switch touches every page's widgets); typing, switching with
    Ctrl+PgDown/PgUp and coming back loses nothing, saved or not yet."""
    rid = records.create(vault, FORM, records_data.example())
    editor = open_editor(qtbot, vault, rid)
    keys = [each.key for each in editor.form.sections]
    for key in keys + keys[::-1]:
        editor.set_section(key)
        shown = [k for k, scroll in editor.scrolls.items() if scroll.isVisible()]
        assert shown == [key]
        assert editor.stack.currentWidget() is editor.scrolls[key]
    editor.activateWindow()  # the section shortcuts act in the active window
    qtbot.waitUntil(editor.isActiveWindow)
    editor.set_section("incidents")
    title = widget(editor, "incidents[0].title")
    assert isinstance(title, QLineEdit)
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " (again)")
    type_korean(title, " 다시")
    for step in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_PageUp):
        focus = QApplication.focusWidget()
        assert focus is not None and editor.isAncestorOf(focus)
        qtbot.keyClick(focus, step, Qt.KeyboardModifier.ControlModifier)
    assert editor.section() == "statement"
    assert not title.isVisible()
    editor.set_section("incidents")
    assert title.isVisible() and title.text().endswith(" (again) 다시")
    editor.flush()
    stored = records.document(vault, rid)["incidents"][0]["title"]
    assert stored == title.text()


def at_three_incidents(
    qtbot: Any, vault: Any, acts: int = 1
) -> tuple[RecordEditor, RepeatNode, str, dict[str, Any]]:
    """An editor at the incidents of a new record of three (each with ``acts`` acts), its
    window active: the editor, the incidents, the record's id and its document."""
    doc = records_data.example()
    first = doc["incidents"][0]
    first["acts"] = first["acts"][:1] * acts
    doc["incidents"] = [first, {**first, "title": "second"}, {**first, "title": "third"}]
    rid = records.create(vault, FORM, doc)
    editor = open_editor(qtbot, vault, rid)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.set_section("incidents")
    incidents = editor.sections["incidents"]
    assert isinstance(incidents, RepeatNode)
    return editor, incidents, rid, doc


def test_a_section_of_entries_shows_one_entry_the_others_folded(qtbot: Any, vault: Any) -> None:
    """The incidents open with the first entry shown and the others folded behind their
    titles: folded answers are still the record's (saved, checked, kept when invalid);
    going to a question in a folded entry opens it; at most two are open (a third folds
    the one open the longest); the fold button opens or folds an entry by keyboard."""
    editor, incidents, rid, doc = at_three_incidents(qtbot, vault, acts=2)  # (acts fold too)
    assert incidents.foldable
    assert [item.is_open for item in incidents.items] == [True, False, False]
    assert not widget(editor, "incidents[1].title").isVisible()
    assert incidents.items[1].summary.text() == "second"  # what the folded entry is about
    assert editor.document() == doc  # folded answers are answers
    acts = incidents.items[0].group.children_by_key["acts"]
    assert isinstance(acts, RepeatNode) and acts.foldable
    assert [item.is_open for item in acts.items] == [True, False]
    later = incidents.items[1].group.children_by_key["acts"]  # a folded incident opens
    assert isinstance(later, RepeatNode)  # with its acts folded (fewer widgets at once)
    assert [item.is_open for item in later.items] == [False, False]
    editor.goto("incidents[0].acts[1].type")
    assert [item.is_open for item in acts.items] == [True, True]
    assert widget(editor, "incidents[0].acts[1].type").isVisible()
    editor.goto("incidents[2].title")
    assert [item.is_open for item in incidents.items] == [True, False, True]
    third = widget(editor, "incidents[2].title")
    assert third.isVisible() and third.hasFocus()
    qtbot.keyClicks(third, " (typed)")
    # a span ending before it starts, in an entry that is then folded: kept, with its message
    date = widget(editor, "incidents[2].date")
    assert isinstance(date, DateWidget)
    date.set_value("1997/1999")
    date.start.year.setValue(2005)
    fold = incidents.items[1].fold
    fold.setFocus()
    qtbot.keyClick(fold, Qt.Key.Key_Space)
    # the one open the longest folds a turn later (Qt's hiding of it is a turn's work)
    qtbot.waitUntil(lambda: [item.is_open for item in incidents.items] == [False, True, True])
    assert fold.hasFocus()
    qtbot.keyClick(incidents.items[2].fold, Qt.Key.Key_Space)  # folds it
    assert [item.is_open for item in incidents.items] == [False, True, False]
    assert "span" in " ".join(editor.build_document()[1]["incidents[2].date"])
    assert editor.flush()
    saved = records.draft(vault, rid)["incidents"][2]
    assert saved["title"] == "third (typed)" and "date" not in saved
    held = records.held(vault, rid)
    assert held is not None and held["incidents"][2]["date"] == date.raw_value()
    assert [item.is_open for item in incidents.items] == [False, True, False]
    # a fourth entry, added: open, the cursor in it
    incidents.add_item()
    assert [item.is_open for item in incidents.items] == [False, True, False, True]
    assert incidents.items[3].isAncestorOf(QApplication.focusWidget())
    editor.goto("incidents[0].title")
    qtbot.waitUntil(
        lambda: [item.is_open for item in incidents.items] == [True, False, False, True]
    )
    # the entry folded a turn later is above the one gone to: its question stays in sight
    qtbot.keyClick(incidents.items[3].fold, Qt.Key.Key_Space)
    editor.goto("incidents[2].title")
    editor.goto("incidents[3].title")
    qtbot.waitUntil(
        lambda: [item.is_open for item in incidents.items] == [False, False, True, True]
    )
    QApplication.processEvents()
    last_title = widget(editor, "incidents[3].title")
    assert last_title.hasFocus() and not last_title.visibleRegion().isEmpty()


def tab_walk(qtbot: Any, start: QWidget, backwards: bool = False) -> list[QWidget]:
    """Where Tab (or Shift+Tab) takes the cursor from ``start``, key by key, until it comes
    to a widget it reached before (the cycle the keyboard can reach from there)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget() is start
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    mods = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    reached: list[QWidget] = [start]
    for _ in range(2000):
        qtbot.keyClick(QApplication.focusWidget(), key, mods)
        now = QApplication.focusWidget()
        if now in reached:
            return reached
        reached.append(now)
    raise AssertionError("Tab never came back")


def accessible_objects(root: QWidget) -> list[Any]:
    """What a screen reader is told about under ``root``, and not told is invisible."""
    from PySide6.QtGui import QAccessible

    found: list[Any] = []
    todo = [QAccessible.queryAccessibleInterface(root)]
    while todo:
        face = todo.pop()
        if face is None or not face.isValid():
            continue
        if not face.state().invisible:
            found.append(face.object())
        todo += [face.child(i) for i in range(face.childCount())]
    return found


def test_folded_entries_shown_ahead_stay_out_of_reach_and_open_by_keys(
    qtbot: Any, vault: Any, monkeypatch: Any
) -> None:
    """While the editor is idle it shows its folded entries ahead, a few questions per turn,
    out of sight (so that opening one later is quick). Before, during and after that, no
    question of a folded entry is on screen, told to a screen reader or reached by Tab or
    Shift+Tab; once shown ahead an entry opens by keys, its questions in reading order for
    Tab both ways, and what is typed in it is saved."""
    monkeypatch.setattr(editor_module, "WARM_MS", 24 * 3600 * 1000)  # idle turns by hand here
    editor, incidents, rid, _ = at_three_incidents(qtbot, vault, acts=2)
    QApplication.processEvents()  # laid out: the entries' width is known
    folded = [item for item in incidents.items if not item.is_open]
    start = incidents.items[0].fold
    first_key = editor.form.sections[0].key  # (the page it opened at)
    pages = [s for key, s in editor.scrolls.items() if key not in ("incidents", first_key)]

    def out_of_reach() -> None:
        hidden = [w for item in folded for w in item.group.findChildren(QWidget)]
        hidden += [w for page in pages for w in page.findChildren(QWidget)]
        assert hidden and all(
            not (w.isVisible() and w.window() is editor.window()) for w in hidden
        )
        for w in hidden:  # anything shown ahead is in a window that is never on screen
            shown_in = w.window().windowHandle()
            assert w.window() is editor.window() or shown_in is None or not shown_in.isVisible()
        told = {id(o) for o in accessible_objects(editor)}
        assert not told & {id(w) for w in hidden}
        for backwards in (False, True):
            reached = tab_walk(qtbot, start, backwards)
            assert not [w for w in reached if any(i.group.isAncestorOf(w) for i in folded)]
            assert not [w for w in reached if any(p.isAncestorOf(w) for p in pages)]
            assert all(w.isVisible() and w.window() is editor.window() for w in reached)

    def open_by_keys(item: RepeatItem, path: str) -> QWidget:
        """Space on its fold button opens it: its questions follow its title row for Tab
        (in reading order) and Shift+Tab."""
        item.fold.setFocus()
        qtbot.keyClick(item.fold, Qt.Key.Key_Space)
        assert item.is_open
        title = widget(editor, path)
        assert title.isVisible() and title.window() is editor.window()
        inside = [w for w in tab_walk(qtbot, item.fold) if item.isAncestorOf(w)]
        assert inside[:3] == [item.fold, item.remove_button, title]
        assert inside == [w for w in focus_order(item) if w.isVisible()]
        back = [w for w in tab_walk(qtbot, title, backwards=True) if item.isAncestorOf(w)]
        assert back[:3] == [title, item.remove_button, item.fold]
        return title

    out_of_reach()
    turns, opened_half, seen_page = 0, False, set()
    while editor.show_ahead():  # idle turns, driven one by one
        turns += 1
        QApplication.processEvents()
        if turns in (3, 12, 40):  # partly shown ahead, then put back, then Tab mended
            out_of_reach()
        page_phase = {
            (a._host is not None, a._retab) for a in editor._aheads.values() if not a.done
        } - seen_page
        if page_phase:  # a page partly shown ahead, then put back before Tab is mended
            out_of_reach()
            seen_page |= page_phase
        half = incidents.items[1]
        midway = half._ahead is not None and half._ahead._host is not None
        if midway and half._ahead is not None and len(half._ahead._queue) > 3:
            # opened while half shown ahead (and folded again by keys): all of it in place
            open_by_keys(half, "incidents[1].title")
            qtbot.keyClick(half.fold, Qt.Key.Key_Space)
            assert not half.is_open and not half.cold
            opened_half = True
    assert turns > 10 and opened_half and not any(item.cold for item in folded)
    assert {(True, False), (False, True)} <= seen_page
    assert not editor.show_ahead()  # all shown ahead: the pages too
    out_of_reach()
    title = open_by_keys(incidents.items[2], "incidents[2].title")
    qtbot.keyClick(title, Qt.Key.Key_End)  # (Tab selected it all)
    qtbot.keyClicks(title, " (typed)")
    # a page shown ahead, shown by keys: on screen, Tab through it in reading order
    qtbot.keyClick(title, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    page = editor.scrolls[editor.section()]
    assert page in pages and page.isVisible() and page.window() is editor.window()
    content = page.widget()
    assert content is not None
    order = [w for w in focus_order(content) if w.isVisible()]
    assert order and QApplication.focusWidget() is order[0]
    from_list = tab_walk(qtbot, editor.nav)  # the section list, then this page's questions
    assert from_list[1] is order[0] and [w for w in from_list if content.isAncestorOf(w)] == order
    assert editor.flush()
    assert records.draft(vault, rid)["incidents"][2]["title"] == "third (typed)"


def test_going_to_a_question_of_a_folded_entry_shows_it_and_the_page_stays(
    qtbot: Any, vault: Any
) -> None:
    """Going to a question in a folded entry (from the checklist, the review) opens the
    entry and scrolls to the question in that turn, laid out as it will be shown: the
    cursor in it, on screen. Opening a third entry folds the one open the longest, above
    it, a turn later: the question stays where it is on screen. Tab and Shift+Tab go through
    the entry's questions in reading order."""
    editor, incidents, _, _ = at_three_incidents(qtbot, vault)
    scroll = editor.scrolls["incidents"]

    def on_screen(w: QWidget) -> int:
        """Where ``w`` is in the page's viewport (asserted inside it)."""
        y = w.mapTo(scroll.viewport(), QPoint(0, 0)).y()
        assert 0 <= y and y + w.height() <= scroll.viewport().height()
        return y

    for n in (1, 2):
        item = incidents.items[n]
        assert not item.is_open
        editor.goto(f"incidents[{n}].knowledge")
        target = widget(editor, f"incidents[{n}].knowledge")
        assert item.is_open and target.isVisible()
        assert target.isAncestorOf(QApplication.focusWidget())
        at = on_screen(target)  # at once: the turn that moved the cursor painted it there
        QApplication.processEvents()  # (the third: the first entry folds, above)
        qtbot.waitUntil(lambda: [i.is_open for i in incidents.items].count(True) == 2)
        QApplication.processEvents()
        assert on_screen(target) == at
    assert [i.is_open for i in incidents.items] == [False, True, True]
    inside = [w for w in tab_walk(qtbot, item.fold) if item.isAncestorOf(w)]
    assert inside[:3] == [item.fold, item.remove_button, widget(editor, "incidents[2].title")]
    assert inside == [w for w in focus_order(item) if w.isVisible()]
    back = [w for w in tab_walk(qtbot, inside[-1], backwards=True) if item.isAncestorOf(w)]
    assert back == inside[::-1]


def test_a_wrapped_label_is_as_tall_as_its_text_needs(qtbot: Any) -> None:
    """The labels of the form's questions remember their height for a width (a page's
    layouts ask again and again); a new text, another width or a font change tell anew,
    as Qt's own label does."""
    label, plain = WrapLabel("", None), QLabel("")
    plain.setWordWrap(True)
    qtbot.addWidget(label)
    qtbot.addWidget(plain)
    for each in (label, plain):
        each.setStyleSheet(MESSAGE_STYLE)
    heights = set()
    for text in ("short", "a message long enough to wrap over several lines " * 6, "two"):
        for each in (label, plain):
            each.setText(text)
        for width in (400, 120, 400):
            assert label.heightForWidth(width) == plain.heightForWidth(width)
            heights.add(label.heightForWidth(width))
        font = label.font()
        font.setPointSize(font.pointSize() + 6)
        for each in (label, plain):
            each.setFont(font)
        assert label.heightForWidth(120) == plain.heightForWidth(120)
    assert len(heights) > 2


def test_filling_fields_autosaves(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    reference = widget(editor, "record.reference")
    qtbot.keyClicks(reference, "ORG-2026-0001")
    assert editor.state == UNSAVED
    assert "Unsaved" in editor.status.text()
    # a repeating incident with a typed title, a picked act and a date
    editor.set_section("incidents")
    incidents = editor.sections["incidents"]
    assert isinstance(incidents, RepeatNode)
    qtbot.mouseClick(incidents.add_button, Qt.MouseButton.LeftButton)
    type_korean(widget(editor, "incidents[0].title"), "구류장 심문")
    acts = editor.node("incidents[0].acts")
    assert isinstance(acts, RepeatNode)
    qtbot.mouseClick(acts.add_button, Qt.MouseButton.LeftButton)
    picker = widget(editor, "incidents[0].acts[0].type")
    assert isinstance(picker, VocabPicker)
    type_korean(picker.edit, "고문")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.value() == "torture"
    date = widget(editor, "incidents[0].date")
    assert isinstance(date, DateWidget)
    date.set_mode(BETWEEN)
    date.start.year.setValue(1997)
    date.end.year.setValue(1999)
    breaks = widget(editor, "session.breaks")
    qtbot.keyClicks(breaks, "3")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        pass  # the autosave timer fires after a short idle time
    assert editor.state == SAVED
    assert editor.status.text().startswith("Saved ")
    saved = records.draft(vault, rid)
    assert saved["record"]["reference"] == "ORG-2026-0001"
    assert saved["session"]["breaks"] == 3
    incident = saved["incidents"][0]
    assert incident["title"] == "구류장 심문"
    assert incident["date"] == "1997/1999"
    assert incident["acts"][0]["type"] == "torture"
    assert records.get(vault, rid).reference == "ORG-2026-0001"


def test_flush_saves_at_once_and_nothing_typed_is_lost_on_close(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    qtbot.keyClicks(widget(editor, "interviewee.pseudonym"), "W-9")
    with qtbot.waitSignal(editor.closed, timeout=1000):
        editor.close_editor()
    assert records.draft(vault, rid)["interviewee"]["pseudonym"] == "W-9"


def test_changing_section_saves(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    qtbot.keyClicks(widget(editor, "record.reference"), "X-1")
    editor.set_section("session")
    qtbot.waitUntil(lambda: not editor.pending, timeout=10_000)  # saved on a worker
    assert editor.state == SAVED
    assert records.draft(vault, rid)["record"]["reference"] == "X-1"


def test_korean_input_method_commits_into_the_document(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section("statement")
    narrative = widget(editor, "statement.narrative")
    assert isinstance(narrative, QPlainTextEdit)
    narrative.setFocus()
    preedit = QInputMethodEvent("관리", [])
    QApplication.sendEvent(narrative, preedit)
    assert narrative.toPlainText() == ""  # still composing
    commit = QInputMethodEvent("", [])
    commit.setCommitString("관리소")
    QApplication.sendEvent(narrative, commit)
    assert narrative.toPlainText() == "관리소"
    assert editor.flush()
    assert records.draft(vault, rid)["statement"]["narrative"] == "관리소"
    # the same in a one-line field and in a vocabulary search
    title_editor = widget(editor, "record.reference")
    commit = QInputMethodEvent("", [])
    commit.setCommitString("기록")
    QApplication.sendEvent(title_editor, commit)
    assert editor.document()["record"]["reference"] == "기록"
    editor.set_section("incidents")
    editor.sections["incidents"].add_item()  # type: ignore[attr-defined]
    editor.node("incidents[0].acts").add_item()  # type: ignore[union-attr]
    picker = widget(editor, "incidents[0].acts[0].type")
    assert isinstance(picker, VocabPicker)
    picker.edit.setFocus()
    commit = QInputMethodEvent("", [])
    commit.setCommitString("강제송환")
    QApplication.sendEvent(picker.edit, commit)
    picker.edit.editingFinished.emit()
    assert picker.value() == "forced_repatriation"


def test_vocabulary_search_matches_korean_english_and_codes(qtbot: Any, vault: Any) -> None:
    form = records.form_for(FORM, 1)
    violations = form.vocabularies["violations"]
    assert search_terms(violations, "고문") == ["torture"]
    assert search_terms(violations, "TORT")[0] == "torture"
    assert "forced_repatriation" in search_terms(violations, "forced_rep")
    assert "forced_repatriation" in search_terms(violations, "강제 송환")
    assert search_terms(violations, "") == list(violations.terms)
    assert search_terms(violations, "no such thing") == []


def test_multi_choice_picker_adds_and_removes(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    languages = widget(editor, "session.languages")
    assert isinstance(languages, VocabMultiPicker)
    type_korean(languages.search.edit, "한국")
    qtbot.keyClick(languages.search.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(languages.search.edit, "english")
    qtbot.keyClick(languages.search.edit, Qt.Key.Key_Return)
    assert languages.value() == ["ko", "en"]
    languages.chosen.setCurrentRow(0)
    qtbot.keyClick(languages.chosen, Qt.Key.Key_Delete)
    assert languages.value() == ["en"]
    editor.flush()
    assert records.draft(vault, rid)["session"]["languages"] == ["en"]


def test_conditional_fields_follow_their_condition(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section("session")
    made = widget(editor, "session.recording_made")
    consent_row = editor.node("session.recording_consent")
    assert isinstance(made, YesNoInput) and isinstance(consent_row, LeafRow)
    assert not consent_row.isVisible()
    made.setCurrentIndex(made.CODES.index("yes"))
    assert consent_row.isVisible()
    consent = widget(editor, "session.recording_consent")
    assert isinstance(consent, YesNoInput)
    consent.setCurrentIndex(consent.CODES.index("yes"))
    assert editor.document()["session"]["recording_consent"] == "yes"
    made.setCurrentIndex(made.CODES.index("no"))
    assert not consent_row.isVisible()
    # a hidden answer is not part of the document (sealing would refuse it) but stays in its widget
    assert "recording_consent" not in editor.document()["session"]
    assert consent.value() == "yes"


def test_an_answer_the_draft_cannot_take_is_kept_and_explained(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section("incidents")
    editor.sections["incidents"].add_item()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget(editor, "incidents[0].title"), "Title kept")
    date = widget(editor, "incidents[0].date")
    assert isinstance(date, DateWidget)
    date.set_value("1997/1999")
    date.start.year.setValue(2005)  # ends before it starts
    assert editor.flush()
    saved = records.draft(vault, rid)["incidents"][0]
    assert saved["title"] == "Title kept"
    assert "date" not in saved
    assert date.start.year.value() == 2005  # the widget still holds it
    row = editor.node("incidents[0].date")
    assert isinstance(row, LeafRow)
    assert row.messages.isVisibleTo(editor) and "span" in row.messages.text()


def test_an_invalid_answer_is_pruned_from_the_draft_with_a_message(vault: Any) -> None:
    """What validation refuses is left out (and explained), the rest is saved."""
    doc = {"session": {"breaks": 500, "place": "Seoul"}, "record": {"reference": "R-1"}}
    assert remove_answer(doc, "session.breaks")
    assert doc == {"session": {"place": "Seoul"}, "record": {"reference": "R-1"}}
    doc2 = {"session": {"languages": ["ko", "ko"]}}
    assert remove_answer(doc2, "session.languages[1]")
    assert doc2 == {"session": {}}
    assert not remove_answer(doc2, "incidents[3].title")


def test_too_long_text_stays_in_the_widget_and_the_rest_is_saved(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section("statement")
    longest = editor.form.field("statement.narrative").max
    assert longest is not None
    too_long = ("x" * 79 + "\n") * (int(longest) // 80 + 1)
    narrative = widget(editor, "statement.narrative")
    assert isinstance(narrative, QPlainTextEdit)
    narrative.setPlainText(too_long)
    qtbot.keyClicks(widget(editor, "statement.read_back"), "y")  # a combo: picks "Yes"
    assert editor.flush()
    saved = records.draft(vault, rid)
    assert "narrative" not in saved.get("statement", {})
    assert saved["statement"]["read_back"] == "yes"
    assert narrative.toPlainText() == too_long  # nothing typed is dropped
    assert narrative.length() == len(too_long)  # (counted without copying the text out)
    row = editor.node("statement.narrative")
    assert isinstance(row, LeafRow)
    assert "at most" in row.messages.text()
    assert "kept in the draft" in editor.status.text()
    # shortening it makes it saveable again and clears the message
    narrative.setPlainText("short")
    assert editor.flush()
    assert records.draft(vault, rid)["statement"]["narrative"] == "short"
    assert row.messages.text() == ""


def test_removing_an_incident_renumbers_the_rest(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section("incidents")
    incidents = editor.sections["incidents"]
    assert isinstance(incidents, RepeatNode)
    for title in ("first", "second", "third"):
        item = incidents.add_item()
        qtbot.keyClicks(widget(editor, f"incidents[{len(incidents.items) - 1}].title"), title)
        assert item.title.text() == f"Incidents {len(incidents.items)}"
    incidents.remove_item(0)
    assert [i["title"] for i in editor.document()["incidents"]] == ["second", "third"]
    assert widget(editor, "incidents[0].title").text() == "second"  # type: ignore[attr-defined]
    assert editor.findChild(QWidget, "incidents[2].title") is None
    editor.flush()
    assert len(records.draft(vault, rid)["incidents"]) == 2
    assert records.get(vault, rid).incident_count == 2


def test_checklist_lists_what_sealing_needs_and_leads_there(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    paths = [p.path for p in editor.seal_problems]
    assert "record.reference" in paths and "incidents" in paths
    assert editor.checklist.count() == len(editor.seal_problems)
    row = paths.index("statement.narrative")
    item = editor.checklist.item(row)
    assert "Statement" in item.text() and "required before sealing" in item.text()
    editor.goto("statement.narrative")
    assert editor.section() == "statement"
    assert editor.focusWidget() is widget(editor, "statement.narrative")
    # filling a required answer takes it off the list
    qtbot.keyClicks(widget(editor, "record.reference"), "R-2")
    editor.flush()
    assert "record.reference" not in [p.path for p in editor.seal_problems]


def test_korean_interface_shows_korean_messages(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid, lang="ko")
    texts = [editor.checklist.item(i).text() for i in range(editor.checklist.count())]
    assert any("봉인하기 전에 입력해야 합니다" in t for t in texts)
    assert editor.nav.item(0).text().startswith("기록")


def test_seal_review_then_read_only_then_correct_with_diff(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM, records_data.example())
    editor = open_editor(qtbot, vault, rid)
    editor.review()
    review = editor.review_page
    assert editor.pages.currentWidget() is review
    assert review.problems == []
    assert not review.seal_button.isEnabled()  # not before the confirmation
    review.confirm.setChecked(True)
    assert review.seal_button.isEnabled()
    with qtbot.waitSignal(editor.sealed, timeout=30_000) as blocker:
        qtbot.mouseClick(review.seal_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [1]
    assert records.get(vault, rid).status == "sealed"
    assert editor.read_only
    title = widget(editor, "incidents[0].title")
    assert isinstance(title, QLineEdit) and title.isReadOnly()
    assert not editor.review_button.isVisible() and editor.correct_button.isVisible()
    assert editor.flush()  # nothing to save in a sealed record, nothing refused
    # Correct: version 2, editable, and the diff shows what changed
    assert editor.correct() is None and editor.reason_box.isVisibleTo(editor)  # asks why
    assert editor.correct("the title had a typo") == 2
    assert not editor.read_only and not title.isReadOnly()
    qtbot.keyClicks(title, " (corrected)")
    editor.flush()
    changes = editor.diff.found
    assert [c.path for c in changes] == ["incidents[0].title"]
    assert changes[0].new.endswith("(corrected)")  # type: ignore[union-attr]
    assert editor.diff.tree.topLevelItem(0).text(0) == "Incidents 1 › Title"
    assert editor.side.indexOf(editor.diff) >= 0
    # the review of the correction shows the same difference
    editor.review()
    assert review.diff is not None and len(review.diff.found) == 1


def test_review_of_an_incomplete_record_refuses_and_leads_to_the_items(
    qtbot: Any, vault: Any
) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.review()
    review = editor.review_page
    assert review.problems and review.missing.count() == len(review.problems)
    assert not review.confirm.isEnabled() and not review.seal_button.isEnabled()
    review.start_seal()  # refused without a task
    assert review.task is None
    item = review.missing.item(0)
    review.missing.itemActivated.emit(item)
    assert editor.pages.currentWidget() is editor.form_page
    assert records.get(vault, rid).status == "draft"


def test_a_sealed_record_opens_read_only(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM, records_data.example())
    records.seal_record(vault, rid)
    editor = open_editor(qtbot, vault, rid)
    assert editor.read_only
    assert "read only" in editor.banner.text()
    qtbot.keyClicks(widget(editor, "record.reference"), "zzz")
    assert editor.document()["record"]["reference"] == "ORG-2026-0042"
    assert editor.flush()
    assert records.get(vault, rid).status == "sealed"
    panel = editor.attachments_panel
    assert panel is not None and not panel.add_button.isVisibleTo(panel)


def test_the_language_follows_the_main_window_preferences(qtbot: Any, vault: Any) -> None:
    class Prefs:
        language = "ko"

    host = QWidget()
    host.prefs = Prefs()  # type: ignore[attr-defined]
    qtbot.addWidget(host)
    editor = RecordEditor(vault, records.create(vault, FORM), host)
    assert editor.lang == "ko"
    assert widget(editor, "record.reference").accessibleName() == "참조 번호"


def test_every_field_type_has_a_widget_that_holds_its_example(qtbot: Any) -> None:
    """A type added to forms.types without a widget fails here, not in an interview."""
    import forms
    from forms.example import ExampleBuilder
    from forms.types import REGISTRY
    from ui.fields import WIDGETS, FormContext, make_input

    assert set(WIDGETS) == {name for name, kind in REGISTRY.items() if not kind.container}
    form = forms.load_form(FORM)
    ctx = FormContext(form, "en")
    first = ExampleBuilder({n: next(iter(v.terms)) for n, v in form.vocabularies.items()})
    seen: set[str] = set()
    for each in form.all_fields():
        if each.type in seen or each.type not in WIDGETS:
            continue
        seen.add(each.type)
        widget = make_input(each, ctx)
        qtbot.addWidget(widget)
        example = REGISTRY[each.type].example(each, first)
        widget.set_value(example)  # type: ignore[attr-defined]
        if each.type not in ("attachment_ref", "attachment_refs", "spans"):  # need files, text
            assert widget.value() == example, each.type  # type: ignore[attr-defined]
    assert seen == set(WIDGETS)
