"""Issue 17: a whole interview day in the app without losing a word.

One test (or a few) per numbered problem of the issue, each on real widgets driven by key
events where the interviewer would use the keyboard, on a real vault.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
from datetime import date, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QAction, QKeySequence  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

import forms  # noqa: E402
from intake.capture import listing, records
from intake.capture.filters import Filters  # noqa: E402
from intake.errors import ValidationFailed  # noqa: E402
from tests import records_data  # noqa: E402
from tests.conftest import make_vault  # noqa: E402
from tests.test_ui_shell import WAIT, loaded, open_window, prefs_in, seeded, unlock  # noqa: E402
from ui.datewidget import ONE_DATE, DateWidget  # noqa: E402
from ui.editor import RecordEditor  # noqa: E402
from ui.fields import DateTimeInput, LeafRow  # noqa: E402
from ui.mainwindow import MainWindow  # noqa: E402
from ui.preferences import Translators  # noqa: E402

FORM = records_data.FORM_ID


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
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def by_role(form: forms.Form, role: str) -> str:
    """The abstract path of the field with ``role`` (tests follow the form's definition)."""
    return next(f.path for f in form.all_fields() if f.role == role)


def key(qtbot: Any, widget: QWidget, sequence: str) -> None:
    """Press a key combination (e.g. "Ctrl+L") on ``widget``, its window active (as it is
    again when a dialog closes on a desktop)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def close_next_dialog(seen: list[str]) -> None:
    """Close the modal dialog a key opens (from the event loop it starts), noting its class."""

    def close() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, close)
            return
        seen.append(type(modal).__name__)
        modal.close()

    QTimer.singleShot(0, close)


# -- 3. shortcuts after a language switch ------------------------------------------------


def test_shortcuts_keep_working_after_switching_language_and_back(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    seeded(path, 1)
    prefs = prefs_in(tmp_path)
    window = MainWindow(path, prefs, Translators())
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, window)
    try:
        for language in ("ko", "en"):
            prefs.set_language(language)
            window.apply_preferences()
        for sequence in ("Ctrl+Q", "Ctrl+,", "Ctrl+Shift+Del", "Ctrl+L", "Ctrl+N"):
            bound = [
                a
                for a in window.findChildren(QAction)
                if a.shortcut() == QKeySequence(sequence)
            ]
            assert len(bound) == 1, (sequence, [a.text() for a in bound])
        seen: list[str] = []
        close_next_dialog(seen)
        key(qtbot, window, "Ctrl+,")
        close_next_dialog(seen)
        key(qtbot, window, "Ctrl+Shift+Del")
        assert seen == ["PreferencesDialog", "WipeDialog"]
        key(qtbot, window, "Ctrl+L")
        assert window.locked
    finally:
        window.translators.install("en")  # type: ignore[union-attr]
        window.close()


def test_the_status_bar_and_the_open_editor_follow_a_language_switch(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    ids = seeded(path, 1)
    prefs = prefs_in(tmp_path)
    translators = Translators()
    window = MainWindow(path, prefs, translators)
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, window)
    window.open_record(ids[0])
    window.editor.set_section("statement")
    assert window.statusBar().currentMessage().startswith("Unlocked")
    try:
        prefs.set_language("ko")
        window.apply_preferences()
        assert window.statusBar().currentMessage().startswith("잠금 해제")
        assert window.editor is not None and window.editor.lang == "ko"
        assert window.editor.section() == "statement"
        assert window.editor.save_button.text() == "지금 저장"
        assert window.file_menu.title().startswith("파일")
    finally:
        translators.install("en")
        window.close()


# -- 4. what the program fills is never typed ---------------------------------------------


def test_the_signing_key_fingerprint_is_filled_by_the_program_and_cannot_be_typed(
    qtbot: Any, vault: Any
) -> None:
    form = forms.load_form(FORM)
    path = by_role(form, "signer_fingerprint")
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section(path.split(".")[0])
    box = editor.findChild(QLineEdit, path)
    assert box is not None and box.isReadOnly()
    assert box.text() == vault.identity.fingerprint  # shown from the start
    box.setFocus()
    qtbot.keyClicks(box, "ABC")
    assert box.text() == vault.identity.fingerprint  # (a hex fingerprint may hold "ABC")
    editor.flush()
    # the core overwrites whatever a document says (the command line too)
    doc = records_data.example()
    parent, leaf = path.rsplit(".", 1)
    doc[parent][leaf] = "ABC"
    rid2 = records.create(vault, FORM, doc)
    assert records.draft(vault, rid2)[parent][leaf] == vault.identity.fingerprint
    saved = records.draft(vault, rid2)
    saved[parent][leaf] = "ABC"
    records.save_draft(vault, rid2, saved)
    assert records.draft(vault, rid2)[parent][leaf] == vault.identity.fingerprint
    version = records.seal_record(vault, rid2)
    assert version.doc[parent][leaf] == vault.identity.fingerprint
    records.correct(vault, rid2)
    assert records.draft(vault, rid2)[parent][leaf] == vault.identity.fingerprint


# -- 2. the date-time keyboard trap, and local time with its zone --------------------------


def test_a_date_time_is_typed_left_with_tab_and_cleared_by_keys(qtbot: Any, vault: Any) -> None:
    form = forms.load_form(FORM)
    path = by_role(form, "interview_date")
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section(path.split(".")[0])
    row = editor.node(path)
    assert isinstance(row, LeafRow) and isinstance(row.input, DateTimeInput)
    edit = row.input.edit
    assert edit.text() == ""  # empty until typed
    edit.setFocus()
    qtbot.keyClicks(edit, "2026-11-28 09:30")
    assert edit.text() == "2026-11-28 09:30"
    qtbot.keyClicks(edit, "x")  # letters are refused, never mixed in
    assert edit.text() == "2026-11-28 09:30"
    stored = row.input.value()
    assert stored is not None
    moment = datetime.fromisoformat(stored)
    assert moment.utcoffset() is not None  # unambiguous: the local time with its offset
    assert moment.replace(tzinfo=None) == datetime(2026, 11, 28, 9, 30)
    assert "UTC" not in row.input.zone.text() and row.input.zone.text()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert not edit.hasFocus()  # Tab leaves the field
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "" and row.input.value() is None


# -- 5. dates count only when chosen; no future; "today" -----------------------------------


def test_a_date_counts_only_once_chosen_and_never_in_the_future(qtbot: Any) -> None:
    widget = DateWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.mode.setFocus()
    qtbot.keyClick(widget.mode, Qt.Key.Key_Down)  # "A date"
    assert widget.current_mode() == ONE_DATE
    assert widget.value() is None  # nothing chosen yet: not an answer
    assert widget.start.year.text() == "—"
    widget.start.year.setFocus()
    widget.start.year.lineEdit().selectAll()
    qtbot.keyClicks(widget.start.year, "2090")
    assert widget.value() != "2090"  # a year after this one cannot be entered
    widget.start.year.lineEdit().selectAll()
    qtbot.keyClicks(widget.start.year, "1975")
    assert widget.value() == "1975"
    widget.today.setFocus()
    qtbot.keyClick(widget.today, Qt.Key.Key_Space)
    assert widget.value() == date.today().isoformat()


def test_a_date_in_the_future_is_kept_with_a_message_and_not_sealed(
    qtbot: Any, vault: Any
) -> None:
    """A future date from elsewhere (the selectors cannot make one) is held, not saved."""
    form = forms.load_form(FORM)
    rid = records.create(vault, FORM, records_data.example())
    editor = open_editor(qtbot, vault, rid)
    path = "interviewee.birth_year"
    assert form.field(path).type == "date"
    row = editor.node(path)
    assert isinstance(row, LeafRow) and isinstance(row.input, DateWidget)
    row.input.set_value("2090")
    row.input.changed.emit()
    assert row.input.local_problem() == "This date is in the future."
    assert editor.flush()
    assert "birth_year" not in records.draft(vault, rid)["interviewee"]
    assert records.held(vault, rid) is not None
    with pytest.raises(ValidationFailed):
        records.seal_record(vault, rid)


def test_a_new_date_field_satisfies_no_required_check(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    required = [
        f.path for f in editor.form.all_fields() if f.type == "date" and f.required_for_seal
    ]
    assert required
    path = required[0]
    editor.goto(path.split(".")[0])
    row = editor.node(path)
    if row is None:  # inside a group that is not shown yet
        pytest.skip("the first required date is inside a repeating group")
    assert isinstance(row, LeafRow) and isinstance(row.input, DateWidget)
    row.input.set_mode(ONE_DATE)
    row.input.mode.currentIndexChanged.emit(row.input.mode.currentIndex())
    editor.flush()
    assert any(p.path == path for p in editor.seal_problems)


# -- 8. the Sealed filter keeps a record that has a correction open ---------------------------


def test_the_sealed_filter_keeps_a_record_with_a_correction_draft(vault: Any) -> None:
    rid = records.create(vault, FORM, records_data.example())
    records.seal_record(vault, rid)
    records.correct(vault, rid)
    assert listing.count(vault, Filters(status="sealed")) == 1
    assert [r.id for r in listing.list_records(vault, Filters(status="sealed"))] == [rid]


# -- 6. focus, mnemonics, accessible names ------------------------------------------------


def _mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Letters after & in every visible button, label with a buddy, group and menu title."""
    found: dict[str, list[str]] = {}
    texts: list[str] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.window() is not window:
            continue
        if isinstance(w, QAbstractButton) and w.parentWidget() is not None:
            if type(w).__name__ == "QToolButton" and w.defaultAction() is not None:
                continue  # toolbar buttons have no mnemonics
            texts.append(w.text())
        elif isinstance(w, QLabel) and w.buddy() is not None:
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
    if hasattr(window, "menuBar"):
        texts += [a.text() for a in window.menuBar().actions()]
    for text in texts:
        for letter in re.findall(r"(?<!&)&([^&\s])", text):
            found.setdefault(letter.upper(), []).append(text)
    return found


def _clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in _mnemonics(window).items() if len(v) > 1}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_mnemonics_do_not_clash_in_any_window(qtbot: Any, tmp_path: Path, language: str) -> None:
    translators = Translators()
    translators.install(language)
    try:
        prefs = prefs_in(tmp_path, language)
        window = open_window(qtbot, tmp_path / "new", prefs)  # the set-up wizard inside
        window.resize(1280, 720)
        wizard = window.setup
        assert wizard is not None
        assert not _clashes(window), "set-up page 1"
        for _ in range(4):
            wizard.next()
            assert not _clashes(window)
        window.close()
        path = tmp_path / "vault"
        ids = seeded(path, 1)
        window = open_window(qtbot, path, prefs)
        unlock(qtbot, window)
        assert window.list_page is not None
        qtbot.waitUntil(lambda: loaded(window.list_page), timeout=WAIT)
        assert not _clashes(window), "record list"
        window.open_record(ids[0])
        assert not _clashes(window), "editor"
        window.editor.review()
        assert not _clashes(window), "review"
        window.close()
    finally:
        translators.install("en")


def test_ctrl_n_and_the_next_section_put_the_cursor_in_the_first_field(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    seeded(path, 1)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    unlock(qtbot, window)
    window.activateWindow()
    key(qtbot, window, "Ctrl+N")
    editor = window.editor
    assert isinstance(editor, RecordEditor)
    focused = QApplication.focusWidget()
    first = editor.form.sections[0].fields[0].path
    assert focused is not None and focused.objectName() == first
    qtbot.keyClicks(focused, "ORG-1")
    assert editor.document()[first.split(".")[0]][first.split(".")[1]] == "ORG-1"
    key(qtbot, focused, "Ctrl+PgDown")
    second = editor.form.sections[1]
    focused = QApplication.focusWidget()
    assert focused is not None and editor.section() == second.key
    assert focused.objectName().startswith(second.key + ".") or second.key in str(
        focused.accessibleName()
    ) or editor.scrolls[second.key].isAncestorOf(focused)
    window.close()


def test_every_control_of_the_editor_is_reachable_by_tab_and_named(
    qtbot: Any, vault: Any
) -> None:
    rid = records.create(vault, FORM, records_data.example())
    editor = open_editor(qtbot, vault, rid)
    for each in editor.form.sections:
        editor.set_section(each.key)
        page = editor.scrolls[each.key].widget()
        controls = [
            w
            for w in page.findChildren(QWidget)
            if w.isVisibleTo(page) and w.isEnabled() and w.focusProxy() is None
            and isinstance(w, QAbstractButton | QLineEdit | QComboBox)
            and not isinstance(w.parentWidget(), QLineEdit)  # its own clear button: Ctrl+A
        ]
        for w in controls:
            assert w.focusPolicy() & Qt.FocusPolicy.TabFocus, (each.key, w, w.accessibleName())
            name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
            assert name, (each.key, type(w).__name__, w.objectName())


@pytest.mark.parametrize("add", [False, True], ids=["as loaded", "after adding an incident"])
def test_tab_leaves_the_incidents_and_comes_back_no_keyboard_trap(
    qtbot: Any, vault: Any, add: bool
) -> None:
    """From the incidents' Add button Tab goes on to the side panel, and Shift+Tab through
    every entry back to the section list: the page is a stretch of the window's Tab order,
    never a loop (it was one: Tab went round the acts of the last incident for ever)."""
    rid = records.create(vault, FORM, records_data.example())
    editor = open_editor(qtbot, vault, rid)
    editor.set_section("incidents")
    node = editor.node("incidents")
    page = editor.scrolls["incidents"]
    if add:
        node.add_button.setFocus()  # type: ignore[attr-defined]
        qtbot.keyClick(node.add_button, Qt.Key.Key_Space)  # type: ignore[attr-defined]
        assert len(node.items) == 2  # type: ignore[attr-defined]

    def walk(key: Qt.Key, limit: int) -> list[QWidget]:
        node.add_button.setFocus()  # type: ignore[attr-defined]
        stops: list[QWidget] = []
        for _ in range(limit):
            qtbot.keyClick(QApplication.focusWidget(), key)
            stops.append(QApplication.focusWidget())
            if not page.isAncestorOf(stops[-1]):
                return stops
        raise AssertionError(f"Tab never left the page: {stops[-3:]}")

    onward = walk(Qt.Key.Key_Tab, 50)
    assert len(onward) == 1 and editor.side.isAncestorOf(onward[0])  # Add was the last stop
    back = walk(Qt.Key.Key_Backtab, 600)
    assert back[-1] is editor.nav
    for item in node.items:  # type: ignore[attr-defined]  # every entry passed on the way
        assert item.fold in back
    # a click on the page's empty space keeps the focus, so Tab goes on from there
    first = node.items[0].fold  # type: ignore[attr-defined]
    first.setFocus()
    empty = page.viewport().rect().bottomLeft() + QPoint(2, -2)
    qtbot.mouseClick(page.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert QApplication.focusWidget() is first
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is back[back.index(first) - 1]  # the next, none skipped


def test_tab_stays_in_a_new_consent_entry_until_its_last_question(
    qtbot: Any, vault: Any
) -> None:
    form = forms.load_form(FORM)
    grants = by_role(form, "consent_grants")
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section(grants.split(".")[0])
    node = editor.node(grants)
    assert node is not None
    node.add_button.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(node.add_button, Qt.Key.Key_Space)  # type: ignore[attr-defined]
    item = node.items[0]  # type: ignore[attr-defined]
    focused = QApplication.focusWidget()
    assert focused is not None and item.isAncestorOf(focused)
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        seen.append(focused)
        if not item.isAncestorOf(focused):
            break
    assert focused is node.add_button or editor.scrolls[grants.split(".")[0]].isAncestorOf(
        focused
    ), focused


def test_no_notation_or_utc_is_shown_to_interviewers(qtbot: Any, vault: Any) -> None:
    rid = records.create(vault, FORM, records_data.example())
    for lang in ("en", "ko"):
        editor = open_editor(qtbot, vault, rid, lang)
        shown: list[str] = []
        for w in editor.findChildren(QWidget):
            if isinstance(w, QLabel | QAbstractButton):
                shown.append(w.text())
            elif isinstance(w, QLineEdit):
                shown += [w.text(), w.placeholderText()]
            elif isinstance(w, QComboBox):
                shown += [w.itemText(i) for i in range(w.count())]
            elif isinstance(w, QGroupBox):
                shown.append(w.title())
        bad = [t for t in shown if "EDTF" in t or re.search(r"\bUTC\b", t)]
        assert not bad, bad
        editor.close()


# -- 1. nothing typed is lost on lock ------------------------------------------------------


def test_an_over_long_paste_is_refused_at_input_with_a_message(qtbot: Any, vault: Any) -> None:
    form = forms.load_form(FORM)
    path = by_role(form, "narrative")
    longest = form.field(path).max
    assert longest is not None
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    editor.set_section(path.split(".")[0])
    row = editor.node(path)
    assert isinstance(row, LeafRow)
    box = row.input
    box.setFocus()
    qtbot.keyClicks(box, "Before. ")
    QApplication.clipboard().setText("가" * (int(longest) + 1))
    key(qtbot, box, "Ctrl+V")
    assert box.toPlainText() == "Before. "  # refused whole, not cut
    assert row.messages.isVisibleTo(editor) and "Not pasted" in row.messages.text()
    QApplication.clipboard().setText("관리소 " * 10)
    key(qtbot, box, "Ctrl+V")
    assert box.toPlainText().startswith("Before. 관리소")
    QApplication.clipboard().clear()


def test_answers_the_draft_cannot_take_survive_lock_and_unlock(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    ids = seeded(path, 1)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    unlock(qtbot, window)
    window.open_record(ids[0])
    editor = window.editor
    form = editor.form
    breaks = by_role(form, "interview_breaks")
    limit = form.field(breaks).max
    editor.set_section(breaks.split(".")[0])
    box = editor.node(breaks).input  # type: ignore[union-attr]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, str(int(limit) + 50))
    key(qtbot, box, "Ctrl+L")  # locking saves and closes the editor
    assert window.locked
    vault = unlock(qtbot, window)
    editor = window.editor
    assert editor is not None and editor.section() == breaks.split(".")[0]
    row = editor.node(breaks)
    assert isinstance(row, LeafRow)
    assert row.input.text() == str(int(limit) + 50)  # what was typed is back
    assert row.messages.isVisibleTo(editor) and row.messages.text()
    assert "kept in the draft" in editor.status.text()
    with pytest.raises(ValidationFailed):  # never sealed while an answer is held back
        records.seal_record(vault, ids[0])
    box = row.input
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "2")
    assert editor.flush()
    assert records.held(vault, ids[0]) is None
    window.close()


# -- 8. passphrase strength by zxcvbn, its advice in the interface language -----------------


@pytest.mark.parametrize("language", ["en", "ko"])
def test_setup_refuses_a_weak_passphrase_with_advice_in_the_interface_language(
    qtbot: Any, tmp_path: Path, language: str
) -> None:
    translators = Translators()
    translators.install(language)
    try:
        window = open_window(qtbot, tmp_path / "vault", prefs_in(tmp_path, language))
        wizard = window.setup
        assert wizard is not None
        qtbot.keyClicks(wizard.owner_page.name, "Kim Interviewer")
        wizard.next()
        page = wizard.passphrase_page
        for box in (page.first, page.second):
            qtbot.keyClicks(box, "password123")
        assert page.meter.value() < 3 and not page.isComplete()
        hint = page.hint.text()
        if language == "ko":
            assert "매우 흔한 암호 문구" in hint
        else:
            assert "very common password" in hint
        for box in (page.first, page.second):
            box.clear()
            qtbot.keyClicks(box, "Kim Interviewer 2026")  # the interviewer's own name
        assert not page.isComplete()
        for box in (page.first, page.second):
            box.clear()
            qtbot.keyClicks(box, "river cold dawn long mother bridge")
        assert page.isComplete() and page.meter.value() >= 3
        window.close()
    finally:
        translators.install("en")


SMALL_SCREEN_CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWizard
from ui.app import application
from ui.mainwindow import FRAME_ROOM, MainWindow
from ui.preferences import Preferences, Translators

app = application()
work = Path(sys.argv[1])
prefs = Preferences(QSettings(str(work / "p.ini"), QSettings.Format.IniFormat))
window = MainWindow(work / "vault", prefs, Translators())
window.show()
app.processEvents()
wizard = window.setup
wizard.owner_page.name.setText("Kim")
out = {"screen": window.screen().availableGeometry().height(), "frame": FRAME_ROOM,
       "height": window.height(), "buttons": []}
for _ in range(2):
    app.processEvents()
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton):
        button = wizard.button(which)
        if button.isVisible():
            corner = button.mapTo(window, button.rect().bottomRight())
            out["buttons"].append(window.rect().contains(corner))
    wizard.next()
print(json.dumps(out))
"""


def test_the_window_and_the_setup_wizard_buttons_fit_a_1280_by_720_screen(
    tmp_path: Path,
) -> None:
    """On a 1280 x 720 screen the whole window, title bar included, and the wizard's
    buttons are on it (a screen of that size, from Qt's offscreen platform)."""
    import json
    import subprocess
    import sys

    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "small", "x": 0, "y": 0, "width": 1280, "height": 720,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))  # fmt: skip
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               PYTHONPATH=str(root))  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-c", SMALL_SCREEN_CHILD, str(tmp_path)],
        cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    shown = json.loads(run.stdout.strip().splitlines()[-1])
    assert shown["screen"] == 720
    assert shown["height"] + shown["frame"] <= shown["screen"]
    assert shown["buttons"] and all(shown["buttons"])


# -- 7. the review shows what will be signed; read back on paper ----------------------------


def test_the_review_shows_what_will_be_signed_and_needs_a_confirmation(
    qtbot: Any, vault: Any
) -> None:
    doc = records_data.example()
    form = forms.load_form(FORM)
    narrative = by_role(form, "narrative").split(".")
    doc[narrative[0]][narrative[1]] = "새벽에 두만강을 건넜다. We crossed at dawn."
    rid = records.create(vault, FORM, doc)
    editor = open_editor(qtbot, vault, rid)
    editor.review()
    review = editor.review_page
    shown = review.statement.toPlainText()
    assert "새벽에 두만강을 건넜다" in shown  # the statement itself, not a count
    incidents = [i for i in form.values(doc, "incident") if isinstance(i, dict)]
    assert incidents and str(incidents[0]["title"]) in shown  # every section's answers
    for labels in form.vocabularies["consent-recipients"].terms.values():
        assert labels["en"] in shown  # each recipient class, granted or not, in words
    assert "May receive it" in shown and "May not receive it" in shown
    assert "DRAFT — not sealed" in shown
    assert "EDTF" not in shown
    assert not review.seal_button.isEnabled()  # the box must be ticked first
    review.confirm.setFocus()
    qtbot.keyClick(review.confirm, Qt.Key.Key_Space)
    assert review.seal_button.isEnabled()


def test_the_review_lists_files_with_their_kinds(qtbot: Any, vault: Any, tmp_path: Path) -> None:
    from intake.capture import attachments

    source = tmp_path / "sketch.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    doc = records_data.example()
    rid = records.create(vault, FORM, doc)
    att = attachments.add(vault, rid, source)
    form = forms.load_form(FORM)
    section = next(s for s in form.sections if s.key == "attachments")
    doc[section.key] = [{"attachment": att.id, "kind": "drawing"}]
    records.save_draft(vault, rid, doc)
    from intake.capture.readback import draft_view

    view = draft_view(vault, rid, "en")
    assert [(r.label, r.value.split(" · ")[0]) for r in view.files] == [
        ("sketch.png", "Drawing or map sketch")
    ]
    korean = draft_view(vault, rid, "ko")
    assert korean.files[0].value.startswith("그림 또는 약도")


def test_read_back_prints_draft_on_every_page_and_writes_no_file(
    qtbot: Any, vault: Any, tmp_path: Path
) -> None:
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from intake.capture.readback import draft_view
    from ui.readback import ReadBackDialog, paint

    doc = records_data.example()
    narrative = by_role(forms.load_form(FORM), "narrative").split(".")
    doc[narrative[0]][narrative[1]] = "\n".join(f"줄 {i} 새벽에 강을 건넜다." for i in range(400))
    rid = records.create(vault, FORM, doc)
    view = draft_view(vault, rid, "ko")
    before = {p for p in tmp_path.rglob("*")}
    dialog = ReadBackDialog(view)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.pages() > 1)
    assert {p for p in tmp_path.rglob("*")} == before  # the preview wrote nothing
    # every page carries the mark: print to a PDF here (the test's own file) and read it back
    out = tmp_path / "pages.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(out))
    pages = paint(view, printer)
    assert pages == dialog.pages() and pages > 1
    import subprocess

    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_texts = ["".join(t.replace("\x01", "").split()) for t in text.split("\f")]
    page_texts = [t for t in page_texts if t]
    assert len(page_texts) == pages
    assert all("초안—봉인되지않음" in t for t in page_texts), page_texts[0][:80]


# -- 8. interview clock; discard; correction reason and history ------------------------------


def test_the_interview_clock_fills_the_session_fields_which_stay_editable(
    qtbot: Any, vault: Any
) -> None:
    form = forms.load_form(FORM)
    rid = records.create(vault, FORM)
    editor = open_editor(qtbot, vault, rid)
    before = datetime.now().astimezone().replace(microsecond=0)
    editor.start_button.setFocus()
    qtbot.keyClick(editor.start_button, Qt.Key.Key_Space)
    for _ in range(2):
        editor.break_button.setFocus()
        qtbot.keyClick(editor.break_button, Qt.Key.Key_Space)
    editor.end_button.setFocus()
    qtbot.keyClick(editor.end_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not editor.pending, timeout=10_000)  # saved on a worker
    saved = records.draft(vault, rid)
    start, end, breaks = (by_role(form, r).split(".") for r in (
        "interview_date", "interview_end", "interview_breaks"))
    started = datetime.fromisoformat(saved[start[0]][start[1]])
    assert started.utcoffset() is not None and started >= before
    assert datetime.fromisoformat(saved[end[0]][end[1]]) >= started
    assert saved[breaks[0]][breaks[1]] == 2
    row = editor.node(".".join(start))
    assert isinstance(row, LeafRow)
    edit = row.input.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "2026-03-14 09:30")
    assert editor.flush()
    corrected = datetime.fromisoformat(records.draft(vault, rid)[start[0]][start[1]])
    assert corrected.replace(tzinfo=None) == datetime(2026, 3, 14, 9, 30)


def test_a_draft_is_discarded_after_a_confirmation_and_the_log_keeps_only_that(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "vault"
    seeded(path, 1)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    vault = unlock(qtbot, window)
    key(qtbot, window, "Ctrl+N")
    editor = window.editor
    rid = editor.record_id
    focused = QApplication.focusWidget()
    qtbot.keyClicks(focused, "ABANDONED-REF")
    editor.flush()
    seen: list[str] = []
    close_next_dialog(seen)  # Cancel: nothing happens
    editor.discard_button.click()
    assert records.get(vault, rid).status == "draft"

    def confirm() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, confirm)
            return
        from PySide6.QtWidgets import QMessageBox

        assert isinstance(modal, QMessageBox)
        modal.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(0, confirm)
    editor.discard_button.click()
    assert window.editor is None and window.stack.currentWidget() is window.list_page
    from intake.errors import NotFound

    with pytest.raises(NotFound):
        records.get(vault, rid)
    assert listing.find(vault, "ABANDONED") == []
    with vault.transaction() as c:
        from intake.vault import audit

        log = audit.entries(c, rid)
        assert [e.action for e in log][-1] == "draft discarded"
        assert audit.verify_chain(audit.entries(c)) == []
        dump = repr([e.detail for e in log])
    assert "ABANDONED" not in dump
    window.close()


def test_a_correction_asks_its_reason_and_the_record_shows_its_history(
    qtbot: Any, vault: Any
) -> None:
    rid = records.create(vault, FORM, records_data.example())
    records.seal_record(vault, rid)
    editor = open_editor(qtbot, vault, rid)
    assert editor.history.count() == 1 and "Version 1" in editor.history.item(0).text()
    assert editor.side.isVisible() and editor.side.currentWidget() is editor.history
    editor.correct_button.setFocus()
    qtbot.keyClick(editor.correct_button, Qt.Key.Key_Space)
    assert editor.read_only and editor.reason.hasFocus()  # nothing starts without a reason
    qtbot.keyClick(editor.reason, Qt.Key.Key_Return)
    assert editor.read_only
    qtbot.keyClicks(editor.reason, "the witness gave a different year")
    qtbot.keyClick(editor.reason, Qt.Key.Key_Return)
    assert not editor.read_only and records.get(vault, rid).version == 2
    editor.discard(confirmed=True)  # the correction goes, the sealed version stays
    assert records.get(vault, rid).status == "sealed" and records.get(vault, rid).version == 1
    records.correct(vault, rid, reason="the witness gave a different year")
    records.seal_record(vault, rid)
    history = records.version_history(vault, rid)
    assert [(h.version, h.reason) for h in history] == [
        (1, ""),
        (2, "the witness gave a different year"),
    ]
    editor = open_editor(qtbot, vault, rid)
    assert "the witness gave a different year" in editor.history.item(1).text()
