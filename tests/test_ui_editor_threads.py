"""The editor's saves and index maintenance run on worker threads, and no save is lost or
reordered when the interviewer types again, closes the record, locks or quits while one is
in flight.

Where the work ran is seen by thread identity: ``ui.autosave.observers`` is told the thread
of each save and maintenance step, and SQLite's trace of the GUI thread's own connection
shows that no draft write or index merge went through it while typing. A save is held in
flight by holding the lock of the vault's background connection from a helper thread; the
helper lets it go once it sees the GUI thread waiting for that save (``_land_in_flight`` on
its stack), so every case below really closes, locks or quits with a save in flight.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from intake.capture import records
from intake.vault import Vault
from tests.conftest import PASSPHRASE, make_vault
from tests.test_ui_shell import open_window, prefs_in, unlock
from ui import autosave
from ui.editor import SAVED, SAVING, UNSAVED, RecordEditor

FORM = "nk-testimony"
WAIT = 20_000


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    yield v
    v.lock()


def field(editor: QWidget, path: str) -> QWidget:
    found = editor.findChild(QWidget, path)
    assert found is not None, path
    return found


def shown_editor(qtbot: Any, vault: Vault, rid: str) -> RecordEditor:
    editor = RecordEditor(vault, rid, lang="en")
    qtbot.addWidget(editor)
    editor.resize(1200, 800)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT)
    return editor


def type_and_leave(qtbot: Any, target: QWidget, text: str) -> None:
    """Type into a question, then Tab out of it (leaving a question saves it, a moment
    later: not in the turns that move the cursor and paint)."""
    editor = target.parentWidget()
    while not isinstance(editor, RecordEditor):
        assert editor is not None
        editor = editor.parentWidget()
    target.setFocus()
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: editor.state != UNSAVED, timeout=WAIT)


def edits_logged(vault: Vault, rid: str) -> int:
    rows = vault.query(
        "SELECT count(*) FROM audit WHERE action = 'record edited' AND object = ?", (rid,)
    )
    return int(rows[0][0])


class Gate:
    """Holds the background connection's lock on a helper thread, so the editor's next
    autosave stays in flight; lets go when the GUI thread is seen waiting for it (or on
    ``open()``)."""

    def __init__(self, vault: Vault) -> None:
        self.side = vault.background()
        self.gui = threading.get_ident()
        self.held = threading.Event()
        self.opened = threading.Event()
        self.saw_gui_waiting = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self.held.wait(10)

    def _run(self) -> None:
        with self.side._lock:
            self.held.set()
            deadline = time.monotonic() + 30
            while not self.opened.is_set() and time.monotonic() < deadline:
                if self._gui_waits():
                    self.saw_gui_waiting = True
                    break
                time.sleep(0.001)

    def _gui_waits(self) -> bool:
        frame = sys._current_frames().get(self.gui)
        while frame is not None:
            if frame.f_code.co_name == "_land_in_flight":
                return True
            frame = frame.f_back
        return False

    def open(self) -> None:
        self.opened.set()
        self._thread.join(10)


def in_flight(editor: RecordEditor) -> bool:
    return editor.state == SAVING and editor.pending


def test_autosave_and_maintenance_run_on_worker_threads(qtbot: Any, vault: Vault) -> None:
    rid = records.create(vault, FORM)
    editor = shown_editor(qtbot, vault, rid)
    gui = threading.get_ident()
    ran: list[tuple[str, int]] = []
    on_gui_connection: list[str] = []

    def seen(what: str, thread: int) -> None:
        ran.append((what, thread))

    def traced(sql: str) -> None:
        if threading.get_ident() == gui and ("UPDATE drafts" in sql or "'merge'" in sql):
            on_gui_connection.append(sql)

    autosave.observers.append(seen)
    vault._conn.set_trace_callback(traced)
    try:
        type_and_leave(qtbot, field(editor, "record.reference"), "ORG-2026-0042")
        type_and_leave(qtbot, field(editor, "interviewee.pseudonym"), "W-42")
        qtbot.waitUntil(lambda: not editor.pending, timeout=WAIT)
        qtbot.waitUntil(lambda: any(what == "maintain" for what, _ in ran), timeout=WAIT)
        qtbot.waitUntil(lambda: editor.maintainer.task is None, timeout=WAIT)
    finally:
        autosave.observers.remove(seen)
        vault._conn.set_trace_callback(None)
    saves = [thread for what, thread in ran if what == "save"]
    steps = [thread for what, thread in ran if what == "maintain"]
    assert saves and steps
    assert gui not in saves and gui not in steps  # by thread identity, not by time
    assert on_gui_connection == []  # and nothing of it went through the GUI's connection
    assert editor.state == SAVED
    saved = records.draft(vault, rid)
    assert saved["record"]["reference"] == "ORG-2026-0042"
    assert saved["interviewee"]["pseudonym"] == "W-42"


def test_typing_while_a_save_is_in_flight_is_saved_after_it(qtbot: Any, vault: Vault) -> None:
    rid = records.create(vault, FORM)
    editor = shown_editor(qtbot, vault, rid)
    reference = field(editor, "record.reference")
    gate = Gate(vault)
    type_and_leave(qtbot, reference, "ORG-1")
    assert in_flight(editor)
    qtbot.keyClicks(reference, "-2")  # typed again while the first save is held
    assert editor.state == UNSAVED
    with qtbot.waitSignal(editor.saved, timeout=WAIT) as landed:
        gate.open()
    assert landed.signal_triggered
    qtbot.waitUntil(lambda: not editor.pending, timeout=WAIT)
    assert editor.state == SAVED
    assert records.draft(vault, rid)["record"]["reference"] == "ORG-1-2"
    assert edits_logged(vault, rid) == 2  # the held save, then the one with what came after


def test_closing_the_record_with_a_save_in_flight_saves_everything(
    qtbot: Any, vault: Vault
) -> None:
    rid = records.create(vault, FORM)
    editor = shown_editor(qtbot, vault, rid)
    gate = Gate(vault)
    type_and_leave(qtbot, field(editor, "record.reference"), "ORG-7")
    assert in_flight(editor)
    qtbot.keyClicks(field(editor, "interviewee.pseudonym"), "W-7")
    with qtbot.waitSignal(editor.closed, timeout=WAIT):
        qtbot.keyClick(editor, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    gate.open()
    assert gate.saw_gui_waiting  # Ctrl+W waited for the save in flight
    saved = records.draft(vault, rid)
    assert saved["record"]["reference"] == "ORG-7"
    assert saved["interviewee"]["pseudonym"] == "W-7"
    assert edits_logged(vault, rid) == 2


@pytest.mark.parametrize("how", ["lock", "quit"])
def test_locking_or_quitting_with_a_save_in_flight_saves_everything(
    qtbot: Any, tmp_path: Path, how: str
) -> None:
    path = tmp_path / "vault"
    v = make_vault(path)
    assert isinstance(v, Vault)
    rid = records.create(v, FORM)
    v.lock()
    window = open_window(qtbot, path, prefs_in(tmp_path))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    vault = unlock(qtbot, window)
    window.open_record(rid)
    editor = window.editor
    assert isinstance(editor, RecordEditor)
    gate = Gate(vault)
    type_and_leave(qtbot, field(editor, "record.reference"), "ORG-9")
    assert in_flight(editor)
    qtbot.keyClicks(field(editor, "interviewee.pseudonym"), "W-9")
    if how == "lock":
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.locked
    else:
        window.close()
        assert vault.locked
    gate.open()
    assert gate.saw_gui_waiting
    with Vault.open(path, PASSPHRASE) as reopened:
        saved = records.draft(reopened, rid)
        assert saved["record"]["reference"] == "ORG-9"
        assert saved["interviewee"]["pseudonym"] == "W-9"
        assert edits_logged(reopened, rid) == 2


def test_every_task_holds_automatic_collection_off_until_it_ends(qtbot: Any) -> None:
    """A collection on a worker would destroy dropped Qt wrappers off the GUI thread: while
    any Task's worker runs (any Task, not only the editor's), the cycle collector stays off,
    and it comes back when the last one ends."""
    import gc

    from ui.workers import Task

    assert gc.isenabled()
    gate, running = threading.Event(), threading.Event()

    def work() -> str:
        running.set()
        gate.wait(10)
        return "done"

    first, second = Task(work), Task(lambda: "quick")
    with qtbot.waitSignal(second.finished, timeout=10_000):
        first.start()
        assert running.wait(10)
        second.start()
    assert not gc.isenabled()  # the first still runs
    with qtbot.waitSignal(first.finished, timeout=10_000) as done:
        gate.set()
    assert done.args == ["done"] and first.done.is_set()
    qtbot.waitUntil(gc.isenabled, timeout=10_000)
