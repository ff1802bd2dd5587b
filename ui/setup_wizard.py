"""First run: who the interviewer is, a passphrase, the vault and signing identity, legal keys.

The key derivation is calibrated on this laptop (about a second) in a worker with a progress
bar. Tests hand in cheap KDF parameters through the ``kdf_params`` constructor argument; the
app itself never passes it, so a real vault always gets calibrated parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crypto import kdf
from forms.vocabularies import shipped_vocabulary, term
from intake.errors import IntakeError, UsageError
from intake.handover import recipients
from intake.vault import Vault, passphrase
from ui import errors
from ui.fields import interface_language
from ui.filedialogs import open_file_name
from ui.passphrase import feedback_text, refusal
from ui.recovery import RecoveryPage
from ui.workers import Task

MIN_PASSPHRASE_CHARS = passphrase.MIN_CHARS
MAX_KEY_FILE_BYTES = 64 * 1024
SSH_KEY_PREFIXES = ("ssh-ed25519 ", "ssh-rsa ")
MAX_KEYS_PER_FILE = 50


def class_label(code: str, lang: str) -> str:
    """A consent recipient class in the interface language (the code if unknown)."""
    return term(shipped_vocabulary(recipients.RECIPIENT_VOCABULARY), code, lang)


def class_combo(parent: QWidget, lang: str, placeholder: str = "") -> QComboBox:
    """A combo box of the consent classes (data: the code), with nothing chosen yet when a
    ``placeholder`` is given, so the person has to choose."""
    box = QComboBox(parent)
    if placeholder:
        box.addItem(placeholder, None)
    for code in recipients.recipient_classes():
        box.addItem(class_label(code, lang), code)
    return box


def parse_recipient_file(untrusted: bytes) -> list[tuple[str, str]]:
    """``(name, key)`` pairs from a legal team's key file (age1…, ssh-ed25519 …, ssh-rsa …).

    A comment line (``# Legal team A``) names the keys below it; ``age-keygen`` files
    (``# public key: age1…``) and SSH ``.pub`` files (named by their comment) are read too.
    A file holding a secret key is refused.
    """
    if len(untrusted) > MAX_KEY_FILE_BYTES:
        raise UsageError("the key file is larger than 64 KiB", code="keyfile.too_large")
    try:
        text = untrusted.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the key file is not UTF-8 text", code="keyfile.not_text") from None
    if "AGE-SECRET-KEY-" in text.upper() or "PRIVATE KEY-----" in text:
        raise UsageError(
            "the file holds a secret key: ask the legal team for their public key",
            code="keyfile.secret",
        )
    found: list[tuple[str, str]] = []
    name = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            comment = line.lstrip("#").strip()
            if comment.lower().startswith("public key:"):
                line = comment.split(":", 1)[1].strip()
            else:
                if not comment.lower().startswith("created:"):
                    name = comment[:100]
                continue
        if line.startswith(SSH_KEY_PREFIXES):  # an id_ed25519.pub line: type, key, comment
            name = name or " ".join(line.split()[2:])[:100]
            line = recipients.parse_key(line)
        elif not line.startswith("age1") or " " in line:
            raise UsageError(
                "the key file has a line that is not an age or SSH public key",
                code="keyfile.bad_line",
            )
        found.append((name or f"legal team {len(found) + 1}", line))
        name = ""
        if len(found) > MAX_KEYS_PER_FILE:
            raise UsageError("the key file lists too many keys", code="keyfile.too_many")
    if not found:
        raise UsageError("the key file holds no age public key", code="keyfile.no_key")
    return found


def group_fingerprint(fingerprint: str) -> str:
    """Groups of four characters, easier to read out over the phone."""
    clean = fingerprint.replace(":", "").replace(" ", "")
    return " ".join(clean[i : i + 4] for i in range(0, len(clean), 4))


def _create_vault(
    path: Path,
    passphrase: bytes,
    name: str,
    org: str,
    params: kdf.KdfParams | None,
    *,
    progress: Callable[[int, int], None],
    cancel: Callable[[], bool],
) -> Vault:
    return Vault.create(
        path,
        passphrase,
        name=name,
        org=org,
        params=params,
        insecure_test_kdf=params is not None,
        progress=progress,
    )


class OwnerPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome"))
        self.setSubTitle(
            self.tr(
                "This laptop will keep interviews in an encrypted vault. Your name and"
                " organisation go into your signing certificate."
            )
        )
        self.name = QLineEdit(self)
        self.name.setObjectName("setup.name")
        self.name.setAccessibleName(self.tr("Your name"))
        self.org = QLineEdit(self)
        self.org.setObjectName("setup.org")
        self.org.setAccessibleName(self.tr("Organisation"))
        form = QFormLayout(self)
        form.addRow(self.tr("Your na&me:"), self.name)
        form.addRow(self.tr("&Organisation:"), self.org)
        self.name.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return bool(self.name.text().strip())


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Passphrase"))
        self.setSubTitle(self.tr("A long sentence you can remember is better than a short code."))
        self.first = QLineEdit(self)
        self.first.setObjectName("setup.passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("Passphrase"))
        self.second = QLineEdit(self)
        self.second.setObjectName("setup.repeat")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(self.tr("Repeat the passphrase"))
        self.meter = QProgressBar(self)
        self.meter.setObjectName("setup.strength")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.meter_text = QLabel(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("setup.hint")
        self.hint.setWordWrap(True)
        warning = QLabel(
            self.tr(
                "If you lose this passphrase and have made no recovery shares (offered after"
                " the vault is created), nobody can recover the records: there is no reset and"
                " no copy of the key anywhere else."
            ),
            self,
        )
        warning.setObjectName("setup.warning")
        warning.setWordWrap(True)
        warning.setStyleSheet("font-weight: bold; color: #a00;")
        form = QFormLayout(self)
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow(self.tr("&Repeat:"), self.second)
        form.addRow(self.tr("Strength:"), self.meter)
        form.addRow("", self.meter_text)
        form.addRow("", self.hint)
        form.addRow(warning)
        self.setCommitPage(True)  # its button creates the vault; no way back afterwards
        self.first.textChanged.connect(self._changed)
        self.second.textChanged.connect(self._changed)
        self._changed()

    def _words(self) -> list[str]:
        owner = getattr(self.wizard(), "owner_page", None)
        return [owner.name.text(), owner.org.text()] if owner is not None else []

    def strength(self) -> passphrase.Strength:
        return passphrase.estimate(self.first.text(), self._words())

    def _changed(self) -> None:
        strength = self.strength()
        score = strength.score
        self.meter.setValue(score)
        names = [
            self.tr("Very weak"),
            self.tr("Weak"),
            self.tr("Fair"),
            self.tr("Good"),
            self.tr("Strong"),
        ]
        self.meter_text.setText(names[score])
        advice = [feedback_text(t) for t in (strength.warning, *strength.suggestions) if t]
        problem = refusal(self.first.text(), self._words())
        if self.first.text() and problem:
            self.hint.setText(problem)
        elif self.second.text() and self.second.text() != self.first.text():
            self.hint.setText(self.tr("The two passphrases differ."))
        else:
            self.hint.setText(" ".join(advice))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        text = self.first.text()
        return (
            len(text) >= MIN_PASSPHRASE_CHARS
            and text == self.second.text()
            and self.strength().acceptable
        )


class CreatePage(QWizardPage):
    """Calibrates the KDF and creates the vault in a worker (the page before is a commit page)."""

    created = Signal(object)

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Creating the vault"))
        self.setSubTitle(
            self.tr("Measuring this laptop to make passphrase guessing slow, then creating keys.")
        )
        self.progress = QProgressBar(self)
        self.progress.setObjectName("setup.progress")
        self.progress.setAccessibleName(self.tr("Progress of vault creation"))
        self.status = QLabel(self)
        self.status.setObjectName("setup.status")
        self.status.setWordWrap(True)
        self.retry = QPushButton(self.tr("Try &again"), self)
        self.retry.hide()
        self.retry.clicked.connect(self._start)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.retry)
        layout.addStretch(1)
        self.vault: Vault | None = None
        self._task: Task | None = None

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        if self.vault is None:
            self._start()

    def _start(self) -> None:
        if self._task is not None:
            return
        self.retry.hide()
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Working… this takes a few seconds."))
        w = self._wizard
        passphrase = w.passphrase_page.first.text().encode("utf-8")
        self._task = Task(
            _create_vault,
            w.path,
            passphrase,
            w.owner_page.name.text().strip(),
            w.owner_page.org.text().strip(),
            w.kdf_params,
            with_progress=True,
            parent=self,
        )
        self._task.progress.connect(self._progress)
        self._task.finished.connect(self._done)
        self._task.failed.connect(self._failed)
        self._task.start()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, vault: Vault) -> None:
        self._task = None
        self.vault = vault
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(self.tr("The vault is ready."))
        w = self._wizard
        w.passphrase_page.first.clear()
        w.passphrase_page.second.clear()
        self.completeChanged.emit()
        self.created.emit(vault)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(errors.message(exc, self.tr("The vault could not be created: %1")))
        self.retry.show()

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.vault is not None


class FingerprintPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Your signing fingerprint"))
        self.setSubTitle(
            self.tr(
                "Read this out to the legal team (by phone or in person, not by e-mail). They"
                " pin it to recognise records you sign."
            )
        )
        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("setup.fingerprint")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(14)
        self.fingerprint.setFont(font)
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.fingerprint.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.fingerprint.setAccessibleName(self.tr("Signing fingerprint"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.fingerprint)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        vault = self._wizard.vault
        if vault is not None:
            self.fingerprint.setText(group_fingerprint(vault.identity.fingerprint))


class LegalKeysPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Legal team keys (optional)"))
        self.setSubTitle(
            self.tr(
                "Bundles you export are encrypted to these public keys. You can also add them"
                " later."
            )
        )
        self.klass = class_combo(
            self, interface_language(self), self.tr("Choose the consent class of the keys…")
        )
        self.klass.setObjectName("setup.key_class")
        self.klass.setAccessibleName(self.tr("Consent class of the keys in the next file"))
        class_label_widget = QLabel(self.tr("Consent &class of the next key file:"), self)
        class_label_widget.setBuddy(self.klass)
        self.button = QPushButton(self.tr("&Import public keys from a file…"), self)
        self.button.setObjectName("setup.import_keys")
        self.button.clicked.connect(self._choose)
        self.keys = QListWidget(self)
        self.keys.setObjectName("setup.keys")
        self.keys.setAccessibleName(self.tr("Imported legal team keys"))
        self.message = QLabel(self)
        self.message.setObjectName("setup.keys_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(class_label_widget)
        layout.addWidget(self.klass)
        layout.addWidget(self.button)
        layout.addWidget(self.keys)
        layout.addWidget(self.message)

    def _choose(self) -> None:
        name = open_file_name(
            self, self.tr("Legal team public keys"), self.tr("Key files (*.txt *.pub *)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> int:
        """Register every key in ``path`` with the chosen consent class; returns how many were
        added (errors are shown)."""
        vault = self._wizard.vault
        if vault is None:
            return 0
        klass = self.klass.currentData()
        if klass is None:
            self.message.setText(
                self.tr("First choose the consent class these keys belong to (who they are).")
            )
            self.klass.setFocus()
            return 0
        added = 0
        try:
            with open(path, "rb") as f:
                pairs = parse_recipient_file(f.read(MAX_KEY_FILE_BYTES + 1))
            for name, key in pairs:
                recipient = recipients.add_recipient(vault, name, key, str(klass))
                self.keys.addItem(
                    f"{recipient.name}  ({self.klass.currentText()})  {recipient.recipient}"
                )
                added += 1
        except (OSError, IntakeError) as e:
            self.message.setText(errors.message(e, self.tr("Not imported: %1")))
        else:
            self.message.setText(self.tr("%n key(s) imported.", "", added))
        return added


class SetupWizard(QWizard):
    """Emits ``vault_ready(Vault)`` when the person finishes the wizard."""

    vault_ready = Signal(object)

    def __init__(
        self,
        path: Path,
        parent: QWidget | None = None,
        *,
        kdf_params: kdf.KdfParams | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.kdf_params = kdf_params  # tests only: cheap parameters; None means calibrate
        self.setWindowTitle(self.tr("Set up Testimony Intake"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.owner_page = OwnerPage(self)
        self.passphrase_page = PassphrasePage(self)
        self.create_page = CreatePage(self)
        self.fingerprint_page = FingerprintPage(self)
        self.recovery_page = RecoveryPage(self)
        self.keys_page = LegalKeysPage(self)
        for page in (
            self.owner_page,
            self.passphrase_page,
            self.create_page,
            self.fingerprint_page,
            self.recovery_page,
            self.keys_page,
        ):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create the vault"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Fi&nish"))

    @property
    def vault(self) -> Vault | None:
        return self.create_page.vault

    def accept(self) -> None:
        vault = self.vault
        if vault is None:
            return
        super().accept()
        self.vault_ready.emit(vault)
