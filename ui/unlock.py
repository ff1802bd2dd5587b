"""The unlock screen: one passphrase field; the key derivation runs in a worker.

A wrong passphrase says so and the field stays disabled a little longer after each failure
(1 s, 2 s, 4 s … up to 30 s), on top of the Argon2id cost itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crypto.errors import WrongPassphrase
from crypto.kdf import KdfParams
from intake.vault import MAX_DELAY_MS, Vault, failure_delay_ms
from ui import errors
from ui.recovery import RecoverDialog
from ui.workers import Task

__all__ = ["MAX_DELAY_MS", "UnlockWidget", "failure_delay_ms"]


class UnlockWidget(QWidget):
    unlocked = Signal(object)  # the open Vault
    failed = Signal(str)

    def __init__(
        self, path: Path, parent: QWidget | None = None, *, kdf_params: KdfParams | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.kdf_params = kdf_params  # tests only: for the new passphrase after a recovery
        self.recover_dialog: RecoverDialog | None = None
        self.failures = 0
        self._task: Task | None = None
        self.title = QLabel(self.tr("The vault is locked"), self)
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        where = QLabel(self.tr("Vault: %1").replace("%1", str(path)), self)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label = QLabel(self.tr("&Passphrase:"), self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("unlock.passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        label.setBuddy(self.passphrase)
        self.button = QPushButton(self.tr("&Unlock"), self)
        self.button.setObjectName("unlock.go")
        self.button.setDefault(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Unlocking"))
        self.busy.hide()
        self.message = QLabel("", self)
        self.message.setObjectName("unlock.message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00;")
        self.forgot = QPushButton(self.tr("&Forgot passphrase? Recover with shares…"), self)
        self.forgot.setObjectName("unlock.forgot")
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(self.recover)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._enable)

        box = QWidget(self)
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        for w in (self.title, where, label, self.passphrase, self.button, self.busy, self.message):
            inner.addWidget(w)
        inner.addWidget(self.forgot, 0, Qt.AlignmentFlag.AlignLeft)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.passphrase.returnPressed.connect(self.unlock)
        self.button.clicked.connect(self.unlock)

    def reset(self) -> None:
        self.passphrase.clear()
        self.message.clear()
        if not self._retry.isActive() and self._task is None:
            self._enable()
        self.passphrase.setFocus()

    def unlock(self) -> None:
        text = self.passphrase.text()
        if not text or self._task is not None or self._retry.isActive():
            return
        self.passphrase.clear()
        self._set_enabled(False)
        self.busy.show()
        self.message.setText(self.tr("Unlocking…"))
        self._task = Task(Vault.open, self.path, text.encode("utf-8"), parent=self)
        self._task.finished.connect(self._opened)
        self._task.failed.connect(self._failed)
        self._task.start()

    def recover(self) -> RecoverDialog:
        """Forgot passphrase: the recovery dialog; a recovered vault unlocks like a passphrase."""
        self.recover_dialog = RecoverDialog(self.path, self, kdf_params=self.kdf_params)
        self.recover_dialog.recovered.connect(self._opened)
        self.recover_dialog.open()
        return self.recover_dialog

    def _opened(self, vault: Vault) -> None:
        self._task = None
        self.failures = 0
        self.busy.hide()
        self.message.clear()
        self._set_enabled(True)
        self.unlocked.emit(vault)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.busy.hide()
        if isinstance(exc, WrongPassphrase):
            self.failures += 1
            delay = failure_delay_ms(self.failures)
            self.message.setText(
                self.tr("Wrong passphrase. Try again in %n second(s).", "", max(1, delay // 1000))
            )
            self._retry.start(delay)
        else:
            self.message.setText(errors.message(exc, self.tr("The vault cannot be opened: %1")))
            self._set_enabled(True)
        self.failed.emit(self.message.text())

    @property
    def waiting(self) -> bool:
        """True while the retry delay after a wrong passphrase runs."""
        return bool(self._retry.isActive())

    def _enable(self) -> None:
        self._set_enabled(True)
        if self.failures:
            self.message.setText(self.tr("Wrong passphrase. You can try again now."))
        self.passphrase.setFocus()

    def _set_enabled(self, on: bool) -> None:
        self.passphrase.setEnabled(on)
        self.button.setEnabled(on)
