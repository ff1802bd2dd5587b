"""Hand over from the app, on real widgets driven by the keyboard: two sealed records chosen in
the list, a registered team, the preview, the destination, writing (and cancelling), the summary;
the bundle opens with stock ``age -d`` and ``intake verify`` accepts it. Also the Legal teams
screen and a sealed record's handover history."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import copy  # noqa: E402
import hashlib  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWizard  # noqa: E402

import forms
from intake.capture import attachments, records
from intake.handover import recipients
from tests import records_data  # noqa: E402
from tests.cli_run import intake  # noqa: E402
from tests.conftest import make_vault  # noqa: E402
from tests.test_bundle import AGE, keypair  # noqa: E402
from tests.test_ui_shell import WAIT, loaded, open_window, prefs_in, unlock  # noqa: E402
from ui import handover  # noqa: E402
from ui.mainwindow import MainWindow  # noqa: E402

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def seed(tmp_path: Path, *, audio_permission: str = "yes", refused: bool = False) -> dict[str, Any]:
    """A vault with two sealed records (a photo and a recording on the first), a third record
    whose consent names only the ICC when ``refused``, and the team "Archive" (own_archive)."""
    key, recipient = keypair(tmp_path)
    v: Any = make_vault(tmp_path / "vault")
    recipients.add_recipient(v, "Archive", recipient, "own_archive")
    ids = []
    for i in range(3 if refused else 2):
        doc = records_data.example()
        doc["record"]["reference"] = f"ORG-2026-{i:04d}"
        doc["consent"]["audio_permission"] = audio_permission
        if i == 2:
            doc["consent"]["grants"] = [{"recipient": "icc", "identity_level": "pseudonym"}]
        rid = records.create(v, records_data.FORM_ID, doc)
        if i == 0:
            for name, size in (("voice.ogg", 3 * 1024 * 1024), ("room.jpg", 200_000)):
                src = tmp_path / name
                src.write_bytes(os.urandom(size))
                attachments.add(v, rid, src)
                src.unlink()
        records.seal_record(v, rid)
        ids.append(rid)
    v.lock()
    return {"key": key, "ids": ids, "path": tmp_path / "vault"}


def start(qtbot: Any, tmp_path: Path, seeded: dict[str, Any], rows: int) -> MainWindow:
    window = open_window(qtbot, seeded["path"], prefs_in(tmp_path))
    unlock(qtbot, window)
    view = window.list_page
    assert view is not None
    qtbot.waitUntil(lambda: loaded(view) and view.model.rowCount() == len(seeded["ids"]),
                    timeout=WAIT)
    table = view.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Up)  # the first row, selected
    for _ in range(rows - 1):
        qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(view.selected_ids()) == rows
    return window


def open_wizard(qtbot: Any, window: MainWindow) -> handover.HandoverWizard:
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_H, CTRL_SHIFT)  # type: ignore[union-attr]
    wizard = window.handover_wizard
    assert wizard is not None and wizard.isVisible()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=WAIT)
    return wizard


def enter(qtbot: Any, wizard: QWizard) -> None:
    """Return: the wizard's default button (Next, the commit button, Done)."""
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)


def press(qtbot: Any, button: Any) -> None:
    """A button reached with the keyboard (focus) and pressed with Space."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def choose_team_and_preview(qtbot: Any, wizard: handover.HandoverWizard) -> None:
    teams = wizard.teams_page.teams
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    teams.setFocus()
    qtbot.keyClick(teams, Qt.Key.Key_Space)  # tick the first (only) team
    assert wizard.teams_page.chosen() == ["Archive"]
    enter(qtbot, wizard)
    assert wizard.currentPage() is wizard.preview_page
    qtbot.waitUntil(lambda: wizard.preview_page.plans is not None, timeout=WAIT)


def to_a_folder(qtbot: Any, wizard: handover.HandoverWizard, tmp_path: Path) -> Path:
    """Team chosen, preview passed, the destination a new empty folder's handover.age:
    the folder."""
    choose_team_and_preview(qtbot, wizard)
    enter(qtbot, wizard)
    folder = tmp_path / "out"
    folder.mkdir()
    wizard.destination_page.path.setText(str(folder / "handover.age"))
    return folder


def tree_text(wizard: handover.HandoverWizard) -> str:
    tree = wizard.preview_page.tree
    lines = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        lines.append(f"{top.text(0)} | {top.text(1)}")
        lines += [
            f"  {top.child(j).text(0)} | {top.child(j).text(1)}" for j in range(top.childCount())
        ]
    return "\n".join(lines)


def test_hand_over_two_sealed_records_then_age_and_verify(qtbot: Any, tmp_path: Path) -> None:
    seeded = seed(tmp_path)
    window = start(qtbot, tmp_path, seeded, rows=2)
    wizard = open_wizard(qtbot, window)
    choose_team_and_preview(qtbot, wizard)
    text = tree_text(wizard)
    assert "ORG-2026-0000" in text and "ORG-2026-0001" in text and "REFUSED" not in text
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    enter(qtbot, wizard)
    page = wizard.destination_page
    assert page.path.text().endswith(".age") and "/tmp" not in page.path.text()
    out = tmp_path / "out" / "handover.age"
    out.parent.mkdir()
    page.path.selectAll()
    qtbot.keyClicks(page.path, str(out))
    enter(qtbot, wizard)  # "Write the bundle" (the commit button)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=WAIT)
    assert out.is_file() and list(out.parent.iterdir()) == [out]
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    shown = wizard.summary_page.rows["sha256"].text()
    assert shown.replace(" ", "") == digest and len(shown.split(" ")) == 16
    assert all(len(g) == 4 for g in shown.split(" "))
    assert wizard.summary_page.rows["records"].text() == "2"
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # no second export
    assert "Archive" in wizard.summary_page.rows["teams"].text()
    opened = subprocess.run([AGE, "-d", "-i", str(seeded["key"]), str(out)], capture_output=True)
    assert opened.returncode == 0 and opened.stdout[:2] == b"PK"
    run = intake("verify", out, "--identity", seeded["key"])
    assert run.returncode == 0, run.stdout + run.stderr
    assert "records: 2" in run.stdout
    enter(qtbot, wizard)  # "Done"
    qtbot.waitUntil(lambda: window.handover_wizard is None, timeout=WAIT)

    # The sealed record's view shows the handover (from the audit log).
    window.open_record(seeded["ids"][0])
    history = window.editor.findChild(handover.HandoverHistory)  # type: ignore[union-attr]
    assert history is not None
    qtbot.waitUntil(lambda: "Archive" in history.text(), timeout=WAIT)
    assert "redacted" in history.text() and "Handed over" in history.text()
    # ... and can be handed over again from there (Ctrl+Shift+H with the record open)
    assert window.editor.findChild(QPushButton, "editor.handover") is not None  # type: ignore[union-attr]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    qtbot.keyClick(window.editor, Qt.Key.Key_H, CTRL_SHIFT)
    again = window.handover_wizard
    assert again is not None and again.record_ids == [seeded["ids"][0]]
    again.reject()
    window.close()


def test_cancel_half_way_leaves_no_file(qtbot: Any, tmp_path: Path) -> None:
    seeded = seed(tmp_path)
    window = start(qtbot, tmp_path, seeded, rows=2)
    wizard = open_wizard(qtbot, window)
    folder = to_a_folder(qtbot, wizard, tmp_path)
    # The worker stops at its first progress report (half-way: the statements are written,
    # the recording is being encrypted) until the cancel key has been pressed.
    reached, go_on = threading.Event(), threading.Event()
    partial: list[list[str]] = []

    def hold(done: int, total: int) -> None:
        if not reached.is_set():
            partial.append(sorted(p.name for p in folder.iterdir()))
            reached.set()
            go_on.wait(WAIT / 1000)

    page = wizard.write_page
    original = page.initializePage

    def initialize() -> None:
        original()
        assert page.task is not None
        page.task.progress.connect(hold, Qt.ConnectionType.DirectConnection)

    page.initializePage = initialize  # type: ignore[method-assign]
    enter(qtbot, wizard)
    assert reached.wait(WAIT / 1000)
    assert partial[0] and partial[0][0].endswith(".part")  # the file was being written
    assert page.cancel_button.hasFocus()
    qtbot.keyClick(page.cancel_button, Qt.Key.Key_Space)
    go_on.set()
    qtbot.waitUntil(lambda: "Cancelled" in page.state.text(), timeout=WAIT)
    assert list(folder.iterdir()) == []  # no bundle, no .part
    assert wizard.currentPage() is page and page.result is None
    with window.vault.transaction() as c:  # type: ignore[union-attr]
        from intake.vault import audit

        assert not [e for e in audit.entries(c) if e.action == "exported"]
    wizard.reject()
    window.close()


def test_preview_shows_a_refused_record_and_a_withheld_attachment(
    qtbot: Any, tmp_path: Path
) -> None:
    seeded = seed(tmp_path, audio_permission="no", refused=True)
    window = start(qtbot, tmp_path, seeded, rows=3)
    wizard = open_wizard(qtbot, window)
    choose_team_and_preview(qtbot, wizard)
    text = tree_text(wizard)
    assert "ORG-2026-0002 | refused" in text
    assert "REFUSED for Archive (Own organisation's archive) | not granted" in text
    audio = next(
        a for a in attachments.for_record(window.vault, seeded["ids"][0]) if a.kind == "audio"
    )
    assert f"Attachment {audio.id} (Audio recording) withheld | the witness said no" in text
    assert "refusal" in wizard.preview_page.status.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert list(tmp_path.glob("**/*.age")) == []  # nothing written
    wizard.reject()
    window.close()


def test_legal_teams_screen_adds_and_removes_by_keyboard(qtbot: Any, tmp_path: Path) -> None:
    seeded = seed(tmp_path)
    window = start(qtbot, tmp_path, seeded, rows=1)
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_T, CTRL_SHIFT)  # type: ignore[union-attr]
    dialog = window.teams_dialog
    assert dialog is not None and dialog.table.rowCount() == 1
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    assert dialog.table.item(0, 2).text() == recipients.key_fingerprint(
        recipients.list_recipients(window.vault)[0].recipient  # type: ignore[arg-type]
    )
    _, public = keypair(tmp_path, "icc.txt")
    qtbot.keyClicks(dialog.name, "ICC OTP")
    dialog.key.setFocus()
    qtbot.keyClicks(dialog.key, public)
    assert not dialog.add_pasted()  # the consent class is asked
    box = dialog.klass
    for _ in range(box.count()):
        if box.currentData() == "icc":
            break
        qtbot.keyClick(box, Qt.Key.Key_Down)
    press(qtbot, dialog.add_button)
    assert [(r.name, r.klass) for r in recipients.list_recipients(window.vault)] == [  # type: ignore[arg-type]
        ("Archive", "own_archive"),
        ("ICC OTP", "icc"),
    ]
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    asked: list[str] = []

    def confirm() -> None:  # the real confirmation box, answered "Yes" with the keyboard
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        press(qtbot, box.button(QMessageBox.StandardButton.Yes))

    QTimer.singleShot(0, confirm)
    press(qtbot, dialog.remove_button)
    assert asked and "ICC OTP" in asked[0]
    assert [r.name for r in recipients.list_recipients(window.vault)] == ["Archive"]  # type: ignore[arg-type]
    dialog.close()
    window.close()
    QApplication.processEvents()


def test_the_kind_of_a_draft_attachment_is_chosen_with_the_keyboard(
    qtbot: Any, tmp_path: Path
) -> None:
    v: Any = make_vault(tmp_path / "vault")
    rid = records.create(v, records_data.FORM_ID, records_data.example())
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 fictional hospital record")
    att = attachments.add(v, rid, tmp_path / "scan.pdf")
    assert att.kind == "document"  # guessed from the media type
    v.lock()
    window = open_window(qtbot, tmp_path / "vault", prefs_in(tmp_path))
    unlock(qtbot, window)
    window.open_record(rid)
    window.editor.set_section("attachments")  # type: ignore[union-attr]
    panel = window.editor.attachments_panel  # type: ignore[union-attr]
    assert panel is not None
    qtbot.waitUntil(panel.table.isVisible, timeout=WAIT)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Home)
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)  # the first file, selected
    assert panel.selected() is not None and panel.kind.isEnabled()
    panel.kind.setFocus()
    target = panel.kind.findData("medical")
    for _ in range(panel.kind.count()):
        if panel.kind.currentIndex() == target:
            break
        up = panel.kind.currentIndex() > target
        qtbot.keyClick(panel.kind, Qt.Key.Key_Up if up else Qt.Key.Key_Down)
    assert attachments.get(window.vault, att.id).kind == "medical"  # type: ignore[arg-type]
    assert panel.table.item(0, 4).text() == "Medical record"
    window.close()


def test_locking_mid_write_cancels_it_and_closes_every_dialog_over_the_vault(
    qtbot: Any, tmp_path: Path
) -> None:
    """Ctrl+L (as auto-lock) while the bundle is being written and the legal teams are open:
    the write is cancelled and leaves no file, and no window of the vault stays on screen."""
    seeded = seed(tmp_path)
    window = start(qtbot, tmp_path, seeded, rows=2)
    wizard = open_wizard(qtbot, window)
    folder = to_a_folder(qtbot, wizard, tmp_path)
    reached = threading.Event()
    page = wizard.write_page
    original = page.initializePage

    def initialize() -> None:  # the worker waits at its first progress report until cancelled
        original()
        task = page.task
        assert task is not None

        def hold(done: int, total: int) -> None:
            if not reached.is_set():
                reached.set()
                task._cancelled.wait(WAIT / 1000)

        task.progress.connect(hold, Qt.ConnectionType.DirectConnection)

    page.initializePage = initialize  # type: ignore[method-assign]
    enter(qtbot, wizard)
    assert reached.wait(WAIT / 1000)
    assert [p.name for p in folder.iterdir()][0].endswith(".part")
    teams = window.legal_teams()
    assert teams is not None and teams.isVisible() and wizard.isVisible()
    with qtbot.waitSignal(window.locked_changed, timeout=WAIT):
        qtbot.keyClick(page.cancel_button, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert shown == []
    assert list(folder.iterdir()) == []  # no bundle, no .part
    vault = unlock(qtbot, window)
    with vault.transaction() as c:
        from intake.vault import audit

        assert not [e for e in audit.entries(c) if e.action == "exported"]
    window.close()


def test_the_preview_says_each_refusal_and_withholding_in_words(qtbot: Any, tmp_path: Path) -> None:
    """Every reason the consent gives is said in words in the preview, never as a code such
    as 'cross_border_no' (shown before, in both languages)."""
    key, recipient = keypair(tmp_path)
    v: Any = make_vault(tmp_path / "vault")
    recipients.add_recipient(v, "Archive", recipient, "icc")  # the ICC's prosecutor
    withdrawn = {"withdrawn": "yes", "withdrawal_date": "2026-04"}
    consents: list[dict[str, Any]] = [
        {"court_use": "no"},
        {"cross_border": "no"},
        {**withdrawn, "withdrawal_scope": "recipients", "withdrawal_recipients": ["icc"]},
        {"photo_permission": "yes", **withdrawn, "withdrawal_scope": "attachments"},
        {},  # a minor
    ]
    for i, answers in enumerate(consents):
        doc = copy.deepcopy(forms.load_form("nk-testimony", 2).example())
        doc["record"]["reference"] = f"ORG-2026-{i:04d}"
        doc["consent"].update(answers)
        if i == 4:
            doc["safety"]["minor"] = "yes"
        rid = records.create(v, "nk-testimony", doc, version=2)
        if i == 3:
            src = tmp_path / "room.jpg"
            src.write_bytes(os.urandom(2000))
            att = attachments.add(v, rid, src, kind="photo_video")
            doc["attachments"] = [{"attachment": att.id, "kind": "photo", "made_on": "2026-03-14",
                                   "made_by": "STAFF-03"}]
            doc["consent"]["withdrawal_attachments"] = [att.id]
            records.save_draft(v, rid, doc)
        records.seal_record(v, rid)
    v.lock()
    window = start(qtbot, tmp_path, {"path": tmp_path / "vault", "ids": consents}, rows=5)
    wizard = open_wizard(qtbot, window)
    box = wizard.teams_page.profile
    box.setCurrentIndex(box.findData("full"))
    choose_team_and_preview(qtbot, wizard)
    text = tree_text(wizard)
    for said in (
        "the witness did not agree to use before a court",
        "the witness did not agree to its going to another country or an international body",
        "withdrawn: the witness withdrew consent for this recipient",
        "the witness withdrew consent for this file",
        "the witness is a minor: identity never leaves above the pseudonym (choose Redacted)",
    ):
        assert said in text, text
    assert "_" not in text, text  # no code such as court_use_no or withdrawn_attachment
    wizard.reject()
    window.close()


def test_the_bundle_goes_to_a_removable_drive_when_one_is_mounted(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """"A removable drive if one is connected, else your documents folder": a tmpfs mounted
    where udisks mounts a USB stick (/media/USER/NAME) is where the bundle is written."""
    import pytest

    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    user = f"intake-test-{os.getpid()}"
    stick = Path("/media") / user / "STICK"
    stick.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(stick)],
                             capture_output=True, text=True, check=False)
    try:
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
        monkeypatch.setenv("USER", user)
        seeded = seed(tmp_path)
        window = start(qtbot, tmp_path, seeded, rows=1)
        wizard = open_wizard(qtbot, window)
        choose_team_and_preview(qtbot, wizard)
        enter(qtbot, wizard)
        page = wizard.destination_page
        assert Path(page.path.text()).parent == stick
        enter(qtbot, wizard)  # "Write the bundle"
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=WAIT)
        written = list(stick.iterdir())
        assert len(written) == 1 and written[0].suffix == ".age"
        wizard.reject()
        window.close()
    finally:
        subprocess.run(["umount", "-l", str(stick)], check=False)
        stick.rmdir()
        stick.parent.rmdir()


def test_auto_lock_waits_for_a_bundle_being_written(qtbot: Any, tmp_path: Path) -> None:
    """Left alone while a large hand-over is written, the app does not cancel it when the
    auto-lock delay passes; it locks after the next quiet spell, the bundle complete."""
    seeded = seed(tmp_path)
    window = start(qtbot, tmp_path, seeded, rows=2)
    wizard = open_wizard(qtbot, window)
    folder = to_a_folder(qtbot, wizard, tmp_path)
    reached, release = threading.Event(), threading.Event()
    page = wizard.write_page
    original = page.initializePage

    def initialize() -> None:  # the worker waits at its first progress report
        original()
        assert page.task is not None

        def hold(done: int, total: int) -> None:
            if not reached.is_set():
                reached.set()
                release.wait(WAIT / 1000)

        page.task.progress.connect(hold, Qt.ConnectionType.DirectConnection)

    page.initializePage = initialize  # type: ignore[method-assign]
    enter(qtbot, wizard)
    assert reached.wait(WAIT / 1000)
    window.idle.idle.emit()  # the auto-lock delay passed
    assert window.vault is not None and wizard.isVisible() and window.idle.active
    release.set()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=WAIT)
    assert [p.name for p in folder.iterdir()] == ["handover.age"]
    with qtbot.waitSignal(window.locked_changed, timeout=WAIT):
        window.idle.idle.emit()  # the next quiet spell
    assert window.vault is None and not wizard.isVisible()
    assert [p.name for p in folder.iterdir()] == ["handover.age"]
    window.close()
