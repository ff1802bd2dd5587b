"""Trust: the interviewers' signing keys this archive has pinned."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.archive import pins
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors


class TrustDialog(QDialog):
    """Name, organisation and fingerprint of a key to pin."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pin an interviewer's key"))
        self.name = QLineEdit(self)
        self.organisation = QLineEdit(self)
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setPlaceholderText("BD37 DD3C …")
        for w, n in ((self.name, self.tr("Name")), (self.organisation, self.tr("Organisation")),
                     (self.fingerprint, self.tr("Fingerprint"))):
            w.setAccessibleName(n)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Compare the fingerprint with the interviewer in person or"
                                   " by a channel you trust."), self))
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Organisation"), self.organisation)
        form.addRow(self.tr("&Fingerprint"), self.fingerprint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class TrustPanel(QWidget):
    changed = Signal()

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Organisation"), self.tr("Fingerprint"),
            self.tr("First bundle"), self.tr("Last bundle"), self.tr("Bundles")])
        self.table.setAccessibleName(self.tr("Pinned interviewer keys"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("&Pin a key…"), self)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.add_button.clicked.connect(self.add_dialog)
        self.remove_button.clicked.connect(lambda: self.remove_selected(confirm=True))
        self.message = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self.refresh()

    def refresh(self) -> None:
        signers = pins.trusted_signers(self.vault) if self.vault is not None else []
        self.table.setRowCount(len(signers))
        for row, s in enumerate(signers):
            cells = [s.name, s.organisation, s.fingerprint, s.first_bundle or "—",
                     s.last_bundle or "—", str(s.bundles)]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def pin(self, fingerprint: str, name: str, organisation: str) -> bool:
        if self.vault is None:
            return False
        try:
            pins.trust(self.vault, fingerprint, name, organisation)
        except IntakeError as e:
            self.message.setText(errors.message(e))
            return False
        self.message.clear()
        self.refresh()
        self.changed.emit()
        return True

    def add_dialog(self) -> None:
        dialog = TrustDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.pin(dialog.fingerprint.text(), dialog.name.text(), dialog.organisation.text())

    def remove_selected(self, *, confirm: bool) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        if self.vault is None or not rows:
            return
        fps = [item.text() for r in rows if (item := self.table.item(r, 2)) is not None]
        if confirm and QMessageBox.question(
            self, self.tr("Remove pinned keys"),
            self.tr("Stop trusting %n key(s)? Records already imported stay.", "", len(fps)),
        ) != QMessageBox.StandardButton.Yes:
            return
        for fp in fps:
            pins.remove_trusted(self.vault, fp)
        self.refresh()
        self.changed.emit()
