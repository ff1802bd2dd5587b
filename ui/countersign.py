"""The second person in the app: the countersign step (the supervisor loads their key file and
types their passphrase on this laptop), and the supervisor and policy settings.

The supervisor's key is unwrapped in a worker (Argon2id, about a second), checked against
the pinned certificate, held only by the dialog until the action is done, then dropped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crypto import sign, signkey
from crypto.errors import CryptoError, WrongPassphrase
from crypto.sign import SigningIdentity
from intake.capture import countersign
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors
from ui.filedialogs import open_file_name
from ui.workers import Task


def _load(vault: Vault, action: str, path: Path, passphrase: bytes) -> SigningIdentity:
    with open(path, "rb") as f:
        data = f.read(signkey.MAX_BYTES + 1)
    identity = signkey.unwrap(data, passphrase)
    checked = countersign.countersigner_for(vault, action, identity)
    assert checked is not None
    return checked


class CountersignDialog(QDialog):
    """Accepted with ``identity`` set to the pinned supervisor's signing identity."""

    def __init__(self, vault: Vault, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.action = vault, action
        self.identity: SigningIdentity | None = None
        self._task: Task | None = None
        self.setWindowTitle(self.tr("Supervisor's countersignature"))
        pinned = countersign.supervisor(vault)
        who = (
            f"{countersign.common_name(pinned)} ({sign.fingerprint(pinned)})"
            if pinned is not None
            else self.tr("no supervisor is pinned")
        )
        text = QLabel(
            self.tr(
                "This vault's policy needs a supervisor to countersign. Supervisor: %1. Hand"
                " the laptop to them: they load their key file and type their passphrase."
            ).replace("%1", who),
            self,
        )
        text.setWordWrap(True)
        self.path = QLineEdit(self)
        self.path.setObjectName("countersign.key")
        choose = QPushButton(self.tr("&Choose…"), self)
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("countersign.passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Supervisor's &key file:"), row)
        form.addRow(self.tr("Supervisor's &passphrase:"), self.passphrase)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = QLabel(self)
        self.message.setObjectName("countersign.message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go = self.buttons.addButton(
            self.tr("&Countersign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.go.setObjectName("countersign.go")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _choose(self) -> None:
        name = open_file_name(self, self.tr("Supervisor's key file"))
        if name:
            self.path.setText(name)

    def start(self) -> None:
        if self._task is not None or not self.path.text() or not self.passphrase.text():
            return
        secret = self.passphrase.text().encode("utf-8")
        self.passphrase.clear()
        self.busy.show()
        self.go.setEnabled(False)
        self.message.setText(self.tr("Checking the supervisor's key…"))
        self._task = Task(
            _load, self.vault, self.action, Path(self.path.text()), secret, parent=self
        )
        self._task.finished.connect(self._done)
        self._task.failed.connect(self._failed)
        self._task.start()

    def _done(self, identity: SigningIdentity) -> None:
        self._task = None
        self.busy.hide()
        self.identity = identity
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.busy.hide()
        self.go.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            text = self.tr("Wrong passphrase for this key file.")
        elif isinstance(exc, countersign.NotTheSupervisor):
            text = self.tr("This key file is not the pinned supervisor's.")
        elif isinstance(exc, (CryptoError, IntakeError)):
            text = errors.message(exc, self.tr("Not a supervisor's key file: %1"))
        else:
            text = errors.message(exc, self.tr("The key file cannot be read: %1"))
        self.message.setText(text)


class PolicyDialog(QDialog):
    """Vault > Supervisor and policy: pin the supervisor's certificate, choose what needs a
    countersignature (sealing, handover, and for an archive, import)."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(self.tr("Supervisor and policy"))
        self.who = QLabel(self)
        self.who.setObjectName("policy.supervisor")
        self.who.setWordWrap(True)
        pin = QPushButton(self.tr("&Pin a supervisor's certificate…"), self)
        pin.clicked.connect(self._choose)
        self.seal = QCheckBox(self.tr("Sealing a record needs the supervisor's countersignature"))
        self.handover = QCheckBox(
            self.tr("Exporting a bundle needs the supervisor's countersignature")
        )
        self.import_ = QCheckBox(
            self.tr("Archive: refuse bundles without a valid supervisor's countersignature")
        )
        self.import_.setObjectName("policy.import")
        self.message = QLabel(self)
        self.message.setObjectName("policy.message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.who, pin, self.seal, self.handover, self.import_, self.message, buttons):
            layout.addWidget(w)
        self._refresh()

    def _refresh(self) -> None:
        pinned = countersign.supervisor(self.vault)
        self.who.setText(
            self.tr("Supervisor: %1").replace(
                "%1",
                f"{countersign.common_name(pinned)} ({sign.fingerprint(pinned)})"
                if pinned is not None
                else self.tr("none pinned"),
            )
        )
        p = countersign.policy(self.vault)
        self.seal.setChecked(p.seal)
        self.handover.setChecked(p.handover)
        self.import_.setChecked(p.import_)

    def _choose(self) -> None:
        name = open_file_name(self, self.tr("Supervisor's certificate"))
        if name:
            self.pin(Path(name))

    def pin(self, path: Path) -> bool:
        try:
            with open(path, "rb") as f:
                pem = signkey.certificate(f.read(signkey.MAX_BYTES + 1))
            countersign.add_supervisor(self.vault, pem, replace=True)
        except (OSError, CryptoError, IntakeError) as e:
            self.message.setText(errors.message(e, self.tr("Not pinned: %1")))
            return False
        self._refresh()
        return True

    def save(self) -> bool:
        try:
            countersign.set_policy(
                self.vault,
                seal=self.seal.isChecked(),
                handover=self.handover.isChecked(),
                **{"import": self.import_.isChecked()},
            )
        except IntakeError as e:
            self.message.setText(errors.message(e, self.tr("Not saved: %1")))
            return False
        self.accept()
        return True
