"""The whole interviewer's flow through the main window, on real widgets (offscreen):

set-up → lock → unlock → new interview → fill fields of several types including a repeating
incident → autosave → review and seal → reopen read-only → correct → search by a Korean word →
lock clears the views → unlock returns to the same record and section.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget, QWizard  # noqa: E402

from intake.capture import records
from tests import records_data  # noqa: E402
from tests.test_ui_shell import WAIT, loaded, open_window, prefs_in, unlock  # noqa: E402
from ui.editor import RecordEditor  # noqa: E402
from ui.fields import RepeatNode  # noqa: E402

PASSPHRASE = "압록강 물은 차갑고 새벽은 길었다 1998"


def type_korean(target: QWidget, text: str) -> None:
    """Hangul arrives through the input method (QTest can only press ASCII keys)."""
    target.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def field(editor: RecordEditor, path: str) -> QWidget:
    found = editor.findChild(QWidget, path)
    assert found is not None, path
    return found


def test_interviewer_flow_from_setup_to_unlock_returning_to_the_record(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    window = open_window(qtbot, path, prefs_in(tmp_path))
    window.resize(1280, 860)

    # -- set-up --------------------------------------------------------------------------
    wizard = window.setup
    assert wizard is not None
    wizard.owner_page.name.setText("Interviewer Two")
    wizard.next()
    wizard.passphrase_page.first.setText(PASSPHRASE)
    wizard.passphrase_page.second.setText(PASSPHRASE)
    with qtbot.waitSignal(wizard.create_page.created, timeout=WAIT):
        wizard.next()
    wizard.next()
    assert wizard.fingerprint_page.fingerprint.text()
    wizard.next()  # recovery shares (optional)
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert window.vault is not None

    # -- lock, then unlock -----------------------------------------------------------------
    window.lock_action.trigger()
    assert window.vault is None and window.stack.currentWidget() is window.unlock_page
    vault = unlock(qtbot, window, PASSPHRASE.encode())
    view = window.list_page
    assert view is not None
    qtbot.waitUntil(lambda: loaded(view), timeout=WAIT)
    assert view.model.rowCount() == 0

    # -- new interview, fields of several types, a repeating incident ----------------------
    window.new_action.trigger()
    editor = window.editor
    assert isinstance(editor, RecordEditor) and window.stack.currentWidget() is editor
    rid = editor.record_id
    reference = field(editor, "record.reference")
    assert isinstance(reference, QLineEdit)
    qtbot.keyClicks(reference, "ORG-2026-0777")  # short text, typed
    editor.set_section("statement")
    narrative = field(editor, "statement.narrative")
    assert isinstance(narrative, QPlainTextEdit)
    type_korean(narrative, "새벽에 두만강을 건너 중국 쪽 강가에서 붙잡혔습니다.")  # long text, IME
    editor.set_section("session")
    qtbot.keyClicks(field(editor, "session.breaks"), "2")  # integer
    editor.set_section("incidents")
    incidents = editor.sections["incidents"]
    assert isinstance(incidents, RepeatNode)
    qtbot.mouseClick(incidents.add_button, Qt.MouseButton.LeftButton)  # repeating group
    type_korean(field(editor, "incidents[0].title"), "온성 보위부 구류장")
    with qtbot.waitSignal(editor.saved, timeout=WAIT):
        pass  # autosave after typing stops
    draft = records.draft(vault, rid)
    assert draft["record"]["reference"] == "ORG-2026-0777"
    assert draft["session"]["breaks"] == 2
    assert draft["statement"]["narrative"].startswith("새벽에 두만강을")
    assert draft["incidents"][0]["title"] == "온성 보위부 구류장"
    assert records.get(vault, rid).reference == "ORG-2026-0777"

    # the rest of what sealing needs comes from the example record, section by section,
    # keeping what was typed above
    example = records_data.example()
    typed = editor.document()
    example["record"]["reference"] = typed["record"]["reference"]
    example["statement"]["narrative"] = typed["statement"]["narrative"]
    example["session"]["breaks"] = typed["session"]["breaks"]
    example["incidents"][0]["title"] = typed["incidents"][0]["title"]
    for key, node in editor.sections.items():
        if key in example:
            node.set_value(example[key])
            node.changed.emit()  # as a widget does when a person edits it
    assert editor.flush()
    assert editor.seal_problems == []

    # -- review and seal ----------------------------------------------------------------------
    editor.review()
    review = editor.review_page
    assert review.problems == []
    review.confirm.setChecked(True)
    with qtbot.waitSignal(editor.sealed, timeout=WAIT) as sealed:
        qtbot.mouseClick(review.seal_button, Qt.MouseButton.LeftButton)
    assert sealed.args == [1]
    assert records.get(vault, rid).status == "sealed"

    # -- back to the list, reopen: read-only ----------------------------------------------------
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert window.editor is None and window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: loaded(view) and view.model.rowCount() == 1, timeout=WAIT)
    assert view.model.index(0, 3).data() == "sealed"
    view.table.activated.emit(view.model.index(0, 0))
    reopened = window.editor
    assert isinstance(reopened, RecordEditor) and reopened is not editor
    assert reopened.read_only
    title = field(reopened, "incidents[0].title")
    assert isinstance(title, QLineEdit) and title.isReadOnly()

    # -- correct: version 2 -------------------------------------------------------------------
    qtbot.mouseClick(reopened.correct_button, Qt.MouseButton.LeftButton)
    assert reopened.read_only  # the reason first
    qtbot.keyClicks(reopened.reason, "the witness corrected the title")
    qtbot.keyClick(reopened.reason, Qt.Key.Key_Return)
    assert not reopened.read_only and records.get(vault, rid).version == 2
    assert records.version_history(vault, rid)[0].version == 1
    qtbot.keyClicks(title, " (2)")
    assert reopened.flush()
    assert [c.path for c in reopened.diff.found] == ["incidents[0].title"]
    window.records_action.trigger()
    assert window.editor is None

    # -- search by a Korean word ---------------------------------------------------------------
    view.search.insert("두만강")
    with qtbot.waitSignal(view.search_done, timeout=WAIT) as found:
        view.run_search()
    assert found.args == [1]
    hit = view.results.item(0)
    assert "두만강" in hit.text()
    view.results.itemActivated.emit(hit)
    editor = window.editor
    assert isinstance(editor, RecordEditor) and editor.record_id == rid
    editor.set_section("incidents")

    # -- lock clears every view; unlock returns to the record and section ------------------------
    window.lock_action.trigger()
    assert vault.locked and window.editor is None
    assert view.model.rowCount() == 0 and view.results.count() == 0 and view.search.text() == ""
    assert window.findChild(RecordEditor) is None or not window.findChild(RecordEditor).isVisible()
    assert window.stack.currentWidget() is window.unlock_page
    unlock(qtbot, window, PASSPHRASE.encode())
    back = window.editor
    assert isinstance(back, RecordEditor) and back.record_id == rid
    assert back.section() == "incidents"
    assert window.stack.currentWidget() is back
    assert field(back, "incidents[0].title").text().endswith("(2)")  # type: ignore[attr-defined]
    window.close()
