"""Preferences > Change the passphrase: a key rotation in a worker (progress, then the old
key file and passphrase open nothing), or the quick re-wrap that says old copies still open."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from crypto import kdf  # noqa: E402
from crypto.errors import WrongPassphrase  # noqa: E402
from intake import check
from intake.vault import Vault  # noqa: E402
from tests.test_bundle import sealed_record  # noqa: E402
from tests.test_ui_shell import prefs_in  # noqa: E402
from ui.preferences import PreferencesDialog  # noqa: E402

NEW = "a new passphrase for the rotated vault"
OLD = "the old passphrase, typed"  # ASCII: QTest types key by key


def make_vault(path: Path) -> Vault:
    return Vault.create(
        path, OLD.encode(), name="Interviewer One", params=kdf.insecure_test_params(),
        insecure_test_kdf=True,
    )


@pytest.mark.parametrize("rotate", [True, False])
def test_change_the_passphrase_from_preferences(
    qtbot: Any, tmp_path: Path, rotate: bool
) -> None:
    path = tmp_path / "vault"
    v = make_vault(path)
    sealed_record(v, files={"a.bin": os.urandom(200_000)})  # type: ignore[arg-type]
    old_key = (path / "vault.key").read_bytes()
    prefs = PreferencesDialog(
        prefs_in(tmp_path), vault=v, kdf_params=kdf.insecure_test_params()  # type: ignore[arg-type]
    )
    qtbot.addWidget(prefs)
    assert prefs.passphrase_button.isEnabled()
    qtbot.mouseClick(prefs.passphrase_button, Qt.MouseButton.LeftButton)
    dialog = prefs.passphrase_dialog
    qtbot.keyClicks(dialog.current, OLD)
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.repeat, NEW)
    if not rotate:
        qtbot.mouseClick(dialog.rewrap, Qt.MouseButton.LeftButton)
    assert dialog.rotate.isChecked() == rotate
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60_000)
    if rotate:
        assert "Old copies of the key file open nothing" in dialog.message.text()
    else:
        assert "still opens the vault with the old passphrase" in dialog.message.text()
    assert check.check_vault(v) == []  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    with pytest.raises(WrongPassphrase):
        Vault.open(path, OLD.encode())
    Vault.open(path, NEW.encode()).lock()
    (path / "vault.key").write_bytes(old_key)  # an old copy of the key file
    if rotate:
        with pytest.raises(WrongPassphrase):
            Vault.open(path, OLD.encode())
    else:
        Vault.open(path, OLD.encode()).lock()


def test_a_wrong_current_passphrase_changes_nothing(qtbot: Any, tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    prefs = PreferencesDialog(
        prefs_in(tmp_path), vault=v, kdf_params=kdf.insecure_test_params()  # type: ignore[arg-type]
    )
    qtbot.addWidget(prefs)
    dialog = prefs.change_passphrase()
    qtbot.keyClicks(dialog.current, "not it")
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.repeat, NEW)
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60_000)
    assert "current passphrase is wrong" in dialog.message.text()
    v.lock()  # type: ignore[attr-defined]
    Vault.open(tmp_path / "vault", OLD.encode()).lock()


@pytest.mark.parametrize(
    ("weak", "said"),
    [
        ("password12", "Too easy to guess"),
        ("Interviewer One 2026", "Too easy to guess"),  # the interviewer's own name and a year
        ("short one", "at least 10 characters"),
    ],
)
def test_a_new_passphrase_set_up_would_refuse_is_refused_and_changes_nothing(
    qtbot: Any, tmp_path: Path, weak: str, said: str
) -> None:
    """The set-up wizard refuses a guessable passphrase; changing it later keeps to that rule."""
    v = make_vault(tmp_path / "vault")
    old_key = (tmp_path / "vault" / "vault.key").read_bytes()
    prefs = PreferencesDialog(
        prefs_in(tmp_path), vault=v, kdf_params=kdf.insecure_test_params()  # type: ignore[arg-type]
    )
    qtbot.addWidget(prefs)
    dialog = prefs.change_passphrase()
    qtbot.keyClicks(dialog.current, OLD)
    qtbot.keyClicks(dialog.new, weak)
    qtbot.keyClicks(dialog.repeat, weak)
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    assert dialog.task is None and dialog.start.isEnabled()
    assert said in dialog.message.text(), dialog.message.text()
    assert (tmp_path / "vault" / "vault.key").read_bytes() == old_key
    v.lock()  # type: ignore[attr-defined]
    with pytest.raises(WrongPassphrase):
        Vault.open(tmp_path / "vault", weak.encode())
    Vault.open(tmp_path / "vault", OLD.encode()).lock()


def test_locking_during_a_key_rotation_waits_and_the_dialog_says_how_it_ended(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Auto-lock while the vault key is being replaced: locking closes the other
    dialogs but waits for the rotation (it holds the vault), and the dialog stays to say
    which passphrase opens the vault now."""
    import threading

    from tests.test_ui_shell import WAIT, open_window, unlock
    from ui import passphrase as passphrase_ui
    from ui.workers import Task

    path = tmp_path / "vault"
    v = make_vault(path)
    sealed_record(v, files={"a.bin": os.urandom(200_000)})  # type: ignore[arg-type]
    v.lock()
    window = open_window(qtbot, path, prefs_in(tmp_path))
    vault = unlock(qtbot, window, OLD.encode())
    reached, release = threading.Event(), threading.Event()

    def hold(done: int, total: int) -> None:  # on the worker: the rotation waits here
        if not reached.is_set():
            reached.set()
            release.wait(WAIT / 1000)

    class Held(Task):
        def start(self) -> Task:
            self.progress.connect(hold, Qt.ConnectionType.DirectConnection)
            return super().start()

    monkeypatch.setattr(passphrase_ui, "Task", Held)
    prefs = PreferencesDialog(window.prefs, window, vault=vault,
                              kdf_params=kdf.insecure_test_params())
    prefs.open()
    dialog = prefs.change_passphrase()
    qtbot.keyClicks(dialog.current, OLD)
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.repeat, NEW)
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    assert reached.wait(WAIT / 1000)
    threading.Timer(0.2, release.set).start()  # lets the rotation go on while lock() waits
    window.idle.idle.emit()  # auto-lock (Ctrl+L is blocked by the modal dialogs)
    assert window.vault is None and vault.locked
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT)
    assert dialog.isVisible() and prefs.isVisible()
    assert "Old copies of the key file open nothing" in dialog.message.text()
    Vault.open(path, NEW.encode()).lock()
    window.close()
