"""Emergency wipe: confirmed by typing a word, after showing what has not been handed over yet.

The wipe itself is ``intake.vault.wipe``: the wrapped key file is destroyed first, so the vault
is unreadable as soon as that call begins; the database and attachments are removed after it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake import vault as vault_mod
from intake.capture import listing
from intake.vault import Vault


def unexported_count(vault: Vault | None) -> int | None:
    """How many sealed records were never exported; None when the vault is locked."""
    if vault is None or vault.locked:
        return None
    return listing.count_unexported_sealed(vault)


def wipe_now(vault: Vault | None, path: Path) -> None:
    """Drop the keys in memory, then destroy the key file, database and attachments."""
    if vault is not None:
        vault.lock()
    vault_mod.wipe(path)


class WipeDialog(QDialog):
    """Asks the person to type the confirmation word; ``accept()`` only when it matches."""

    def __init__(self, unexported: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Emergency wipe"))
        self.setMinimumWidth(460)
        self.word = self.tr("WIPE")
        if unexported is None:
            count_text = self.tr(
                "The vault is locked, so the number of sealed records not yet exported"
                " cannot be shown."
            )
        elif unexported == 0:
            count_text = self.tr("Every sealed record has been exported.")
        else:
            count_text = self.tr(
                "%n sealed record(s) have not been exported and will be lost.", "", unexported
            )
        self.count_label = QLabel(count_text, self)
        self.count_label.setObjectName("wipe.count")
        self.count_label.setWordWrap(True)
        if unexported:
            self.count_label.setStyleSheet("font-weight: bold; color: #a00;")
        warning = QLabel(
            self.tr(
                "This destroys the vault on this computer at once: every record, attachment"
                " and the signing key. It cannot be undone."
            ),
            self,
        )
        warning.setWordWrap(True)
        prompt = QLabel(self.tr("Type %1 to confirm:").replace("%1", self.word), self)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("wipe.confirm")
        self.confirm.setAccessibleName(self.tr("Confirmation word"))
        prompt.setBuddy(self.confirm)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.wipe_button = self.buttons.addButton(
            self.tr("Wipe the vault"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.wipe_button.setObjectName("wipe.go")
        self.wipe_button.setEnabled(False)
        self.wipe_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.confirm.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        for w in (self.count_label, warning, prompt, self.confirm, self.buttons):
            layout.addWidget(w)
        self.confirm.setFocus(Qt.FocusReason.OtherFocusReason)

    def _matches(self) -> bool:
        return self.confirm.text().strip().casefold() == self.word.casefold()

    def _check(self) -> None:
        self.wipe_button.setEnabled(self._matches())

    def accept(self) -> None:
        if self._matches():
            super().accept()
