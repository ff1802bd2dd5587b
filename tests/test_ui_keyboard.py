"""A whole interview taken with the keyboard alone, from Ctrl+N to sealing.

Nothing here clicks or sets a widget's value: every answer is typed (Korean arrives
through the input method, as QInputMethodEvent commits), every move is Tab, Shift+Tab,
Ctrl+PgDown, Space or Enter. What to answer comes from the default form's own definition:
the editor's "before sealing" checklist names the next question that sealing needs, the
form's example document gives a fitting answer, and the field's type says how a person
types it. So the test follows the form (a new version of the default form included)
rather than fixed positions of the widgets.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtGui import QInputMethodEvent, QKeySequence  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QWidget  # noqa: E402

import forms  # noqa: E402
from forms.fields import (  # noqa: E402
    CHOICE,
    DATE,
    DATETIME,
    INTEGER,
    LONG_TEXT,
    MULTI_CHOICE,
    NUMBER,
    PERSON_REF,
    TEXT,
    YES_NO_UNKNOWN,
)
from intake.capture import records
from tests.conftest import PASSPHRASE, make_vault  # noqa: E402
from tests.test_ui_shell import WAIT, prefs_in  # noqa: E402
from ui.datewidget import DateWidget  # noqa: E402
from ui.editor import RecordEditor, path_tokens  # noqa: E402
from ui.fields import DateTimeInput, LeafRow, RepeatNode  # noqa: E402
from ui.mainwindow import DEFAULT_FORM, MainWindow  # noqa: E402
from ui.preferences import Translators  # noqa: E402
from ui.vocabpicker import VocabMultiPicker, VocabPicker  # noqa: E402

NARRATIVE = (
    "새벽에 두만강을 건너다 붙잡혔습니다. 온성 보위부 구류장에서 사흘 동안 조사를 받았습니다."
)


def press(qtbot: Any, sequence: str) -> None:
    """A key combination, sent where the window system would: an open popup (a picker's list)
    first, else the widget with the keyboard focus."""
    combo = QKeySequence(sequence)[0]
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, f"no focus for {sequence}"
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def type_text(qtbot: Any, text: str) -> None:
    """ASCII as key presses; anything else (Hangul) composed and committed by the input method."""
    target = QApplication.focusWidget()
    assert target is not None
    if text.isascii():
        qtbot.keyClicks(target, text)
        return
    for word in re.split(r"(\s+)", text):
        if not word:
            continue
        if word.isascii():
            qtbot.keyClicks(target, word)
            continue
        QApplication.sendEvent(target, QInputMethodEvent(word[:1], []))  # composing
        commit = QInputMethodEvent("", [])
        commit.setCommitString(word)
        QApplication.sendEvent(target, commit)


def focus_path(widget: QWidget) -> QWidget:
    """The widget that takes the keyboard focus for ``widget``."""
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


def tab_to(qtbot: Any, target: QWidget, limit: int = 400) -> None:
    """Tab (forward) until ``target`` has the keyboard focus."""
    goal = focus_path(target)
    for _ in range(limit):
        if QApplication.focusWidget() is goal:
            return
        press(qtbot, "Tab")
    raise AssertionError(f"Tab never reached {target.objectName() or target}")


def go_to_section(qtbot: Any, editor: RecordEditor, key: str) -> None:
    for _ in range(len(editor.form.sections) + 1):
        if editor.section() == key:
            return
        press(qtbot, "Ctrl+PgDown")
    raise AssertionError(f"no section {key}")


def example_value(example: dict[str, Any], path: str) -> Any:
    node: Any = example
    for token in path_tokens(path):
        if isinstance(token, int):
            node = node[0] if isinstance(node, list) and node else None
        elif isinstance(node, dict):
            node = node.get(token)
        else:
            return None
    return node


def choose(qtbot: Any, form: forms.Form, vocabulary: str, code: str) -> None:
    """In a picker's search field: type the label, then take it from the list (Down, Enter)."""
    label = form.term(vocabulary, code, "en")
    type_text(qtbot, label)
    press(qtbot, "Down")
    press(qtbot, "Return")


def answer_date(qtbot: Any, widget: DateWidget, value: str) -> None:
    """"A date", its certainty, precision, then the numbers, each picked by typing (a span:
    its start as the one date; anything else, the Today button)."""
    value = value.split("/")[0] or value
    one = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)", value)
    tab_to(qtbot, widget.mode)
    type_text(qtbot, "A")  # "A date": type-ahead in the list
    if one is None or (one.group(2) and int(one.group(2)) > 12):
        tab_to(qtbot, widget.today)
        press(qtbot, "Space")
        assert widget.value() is not None, widget.local_problem()
        return
    year, month, day, qualifier = one.groups()
    if qualifier:
        tab_to(qtbot, widget.qualifier)
        type_text(qtbot, "A" if qualifier == "~" else "N")  # About / Not sure
    tab_to(qtbot, widget.start.precision)
    type_text(qtbot, "E" if day else "M" if month else "Y")  # Exact day, Month, Year
    tab_to(qtbot, widget.start.year)
    type_text(qtbot, year)
    if month:
        tab_to(qtbot, widget.start.month)
        type_text(qtbot, widget.start.month.itemText(int(month) - 1))
    if day:
        tab_to(qtbot, widget.start.day)
        type_text(qtbot, str(int(day)))
    assert widget.value() == value, (widget.value(), value, widget.local_problem())


def answer(qtbot: Any, editor: RecordEditor, path: str, example: dict[str, Any]) -> None:
    """Answer the question at ``path`` with the keyboard, from the form's example."""
    form = editor.form
    target = editor.node(path)
    assert target is not None, path
    if isinstance(target, RepeatNode) and target.path == path:
        tab_to(qtbot, target.add_button)
        press(qtbot, "Space")  # a new entry; the cursor moves into it
        assert target.items and target.items[-1].isAncestorOf(QApplication.focusWidget())
        return
    assert isinstance(target, LeafRow), path
    each = target.field
    value = example_value(example, path)
    widget = target.input
    if each.type in (TEXT, LONG_TEXT, INTEGER, NUMBER, PERSON_REF):
        tab_to(qtbot, widget)
        text = NARRATIVE if each.role == "narrative" else str(value)
        type_text(qtbot, text)
    elif each.type == YES_NO_UNKNOWN:
        tab_to(qtbot, widget)
        assert isinstance(widget, QComboBox)
        type_text(qtbot, {"yes": "Y", "no": "N"}.get(str(value), "U"))
    elif each.type == CHOICE:
        assert isinstance(widget, VocabPicker) and each.vocabulary
        tab_to(qtbot, widget.edit)
        choose(qtbot, form, each.vocabulary, str(value))
    elif each.type == MULTI_CHOICE:
        assert isinstance(widget, VocabMultiPicker) and each.vocabulary
        tab_to(qtbot, widget.search.edit)
        for code in value:
            choose(qtbot, form, each.vocabulary, str(code))
    elif each.type == DATE:
        assert isinstance(widget, DateWidget)
        answer_date(qtbot, widget, str(value))
    elif each.type == DATETIME:
        assert isinstance(widget, DateTimeInput)
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone()
        tab_to(qtbot, widget.edit)
        type_text(qtbot, moment.strftime("%Y-%m-%d %H:%M"))
    else:
        raise AssertionError(f"{path}: no keyboard recipe for {each.type}")
    press(qtbot, "Tab")  # leaving the question saves it


def shown(editor: RecordEditor, path: str) -> bool:
    """The question is on screen once its section is (its condition holds)."""
    section = editor.sections[str(path_tokens(path)[0])]
    target = editor.node(path)
    return target is not None and (target is section or target.isVisibleTo(section))


def fill_until_sealable(qtbot: Any, editor: RecordEditor, example: dict[str, Any]) -> None:
    """Answer what the checklist says sealing still needs, one question at a time."""
    answered: list[str] = []
    for _ in range(300):
        press(qtbot, "Ctrl+S")  # save now (on a worker): the checklist follows the saved draft
        # it lands here, without turning the event loop (offscreen, a turn would make a
        # picker's closed list the active window and take the keyboard from the editor)
        assert editor.flush()
        todo = [p.path for p in editor.seal_problems]
        if not todo:
            return
        problem = next((p for p in todo if shown(editor, p)), todo[0])
        assert answered.count(problem) < 3, f"{problem} stays unanswered: {answered[-5:]}"
        answered.append(problem)
        go_to_section(qtbot, editor, str(path_tokens(problem)[0]))
        answer(qtbot, editor, problem, example)
    raise AssertionError(f"still not sealable: {editor.seal_problems}")


def test_keyboard_only_interview_from_ctrl_n_to_sealing(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    translators = Translators()
    window = MainWindow(path, prefs_in(tmp_path), translators)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.unlock_page
    assert page is not None
    ready = page.passphrase
    qtbot.waitUntil(lambda: ready.hasFocus() and ready.isEnabled(), timeout=WAIT)
    type_text(qtbot, PASSPHRASE.decode())
    with qtbot.waitSignal(page.unlocked, timeout=WAIT):
        press(qtbot, "Return")
    vault = window.vault
    assert vault is not None

    press(qtbot, "Ctrl+N")
    editor = window.editor
    assert isinstance(editor, RecordEditor)
    form = editor.form
    assert form.id == DEFAULT_FORM and form.superseded_by is None
    example = form.example()
    first = QApplication.focusWidget()
    assert first is not None and editor.isAncestorOf(first)  # typing goes into a question

    fill_until_sealable(qtbot, editor, example)

    # a second incident: the repeating group by keyboard again, its date typed as a year
    incidents = next(f for f in form.all_fields() if f.role == "incident")
    date_field = next(f for f in form.all_fields() if f.role == "incident_date")
    go_to_section(qtbot, editor, incidents.path.split(".")[0])
    answer(qtbot, editor, incidents.path, example)
    second = f"{incidents.path}[1]" + date_field.path[len(incidents.path) :]
    answer(qtbot, editor, second, {incidents.key: [{date_field.key: "2009~"}]})
    fill_until_sealable(qtbot, editor, example)

    # review, read what will be signed, tick the confirmation, seal: all by keyboard
    press(qtbot, "Ctrl+Shift+S")
    review = editor.review_page
    assert editor.pages.currentWidget() is review
    assert "새벽에 두만강을 건너다" in review.statement.toPlainText()
    tab_to(qtbot, review.confirm)
    press(qtbot, "Space")
    assert review.seal_button.isEnabled()
    with qtbot.waitSignal(editor.sealed, timeout=WAIT):
        tab_to(qtbot, review.seal_button)
        press(qtbot, "Space")

    rec = records.get(vault, editor.record_id)
    assert rec.status == "sealed"
    doc = records.sealed_version(vault, rec.id).doc
    assert NARRATIVE in form.values(doc, "narrative")
    assert len(form.values(doc, "incident")) == 2
    assert "2009~" in form.values(doc, "incident_date")
    assert form.values(doc, "signer_fingerprint") == [vault.identity.fingerprint]
    window.close()
