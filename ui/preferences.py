"""Preferences (interface language, auto-lock delay, microphone) and the dialog that edits them.

QSettings holds these preferences only: never testimony, names or anything from a record.
The interface language follows the system locale until the user picks one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QSpinBox,
    QWidget,
)

from intake.capture import microphone

if TYPE_CHECKING:
    from crypto.kdf import KdfParams
    from intake.vault import Vault
    from ui.passphrase import PassphraseDialog as PassphraseDialogType

LANGUAGES = ("ko", "en")
DEFAULT_AUTOLOCK_MINUTES = 5
MIN_AUTOLOCK_MINUTES, MAX_AUTOLOCK_MINUTES = 1, 120
I18N_DIR = Path(__file__).resolve().parent / "i18n"
CATALOGS = {"ko": "intake_ko", "en": "intake_en"}  # English: only the plural forms of %n messages


def system_language() -> str:
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


class Preferences:
    """Typed access to the app's QSettings. Tests pass their own QSettings (an ini file)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings if settings is not None else QSettings("TestimonyIntake", "intake")

    @property
    def language_choice(self) -> str:
        """'system', 'ko' or 'en'."""
        value = str(self._s.value("language", "system"))
        return value if value in LANGUAGES else "system"

    @property
    def language(self) -> str:
        choice = self.language_choice
        return system_language() if choice == "system" else choice

    def set_language(self, choice: str) -> None:
        if choice not in (*LANGUAGES, "system"):
            raise ValueError(f"unknown language {choice!r}")
        self._s.setValue("language", choice)

    @property
    def autolock_minutes(self) -> int:
        try:
            value = int(str(self._s.value("autolock_minutes", DEFAULT_AUTOLOCK_MINUTES)))
        except ValueError:
            return DEFAULT_AUTOLOCK_MINUTES
        return min(max(value, MIN_AUTOLOCK_MINUTES), MAX_AUTOLOCK_MINUTES)

    def set_autolock_minutes(self, minutes: int) -> None:
        if not MIN_AUTOLOCK_MINUTES <= minutes <= MAX_AUTOLOCK_MINUTES:
            raise ValueError("auto-lock minutes out of range")
        self._s.setValue("autolock_minutes", minutes)

    @property
    def input_device(self) -> str:
        """The microphone recordings use ('' = the system's default input)."""
        return str(self._s.value("input_device", "") or "")

    def set_input_device(self, name: str) -> None:
        self._s.setValue("input_device", name)

    def sync(self) -> None:
        self._s.sync()


class Translators:
    """The app's catalog and Qt's own (buttons of standard dialogs) for one language."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, language: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QCoreApplication")
        for t in self._installed:
            QCoreApplication.removeTranslator(t)
        self._installed = []
        self.language = language
        own = QTranslator()
        if own.load(CATALOGS.get(language, CATALOGS["en"]), str(I18N_DIR)):
            self._installed.append(own)
        qt = QTranslator()
        if language == "ko" and qt.load(
            "qtbase_ko", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            self._installed.append(qt)
        for t in self._installed:
            QCoreApplication.installTranslator(t)


class PreferencesDialog(QDialog):
    def __init__(
        self,
        prefs: Preferences,
        parent: QWidget | None = None,
        *,
        vault: Vault | None = None,
        kdf_params: KdfParams | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.kdf_params = vault, kdf_params  # kdf_params: tests only
        self.setWindowTitle(self.tr("Preferences"))
        self.prefs = prefs
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Interface language"))
        for code, text in (
            ("system", self.tr("Follow the system")),
            ("ko", "한국어"),
            ("en", "English"),
        ):
            self.language.addItem(text, code)
        self.language.setCurrentIndex(self.language.findData(prefs.language_choice))
        self.autolock = QSpinBox(self)
        self.autolock.setAccessibleName(self.tr("Lock after minutes without activity"))
        self.autolock.setRange(MIN_AUTOLOCK_MINUTES, MAX_AUTOLOCK_MINUTES)
        self.autolock.setSuffix(self.tr(" min"))
        self.autolock.setValue(prefs.autolock_minutes)
        self.input_device = QComboBox(self)
        self.input_device.setAccessibleName(self.tr("Microphone for recordings"))
        self.input_device.addItem(self.tr("System default"), "")
        for name in microphone.input_devices():
            self.input_device.addItem(name, name)
        if prefs.input_device and self.input_device.findData(prefs.input_device) < 0:
            self.input_device.addItem(prefs.input_device, prefs.input_device)  # unplugged now
        self.input_device.setCurrentIndex(self.input_device.findData(prefs.input_device))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("&Auto-lock after:"), self.autolock)
        form.addRow(self.tr("&Microphone:"), self.input_device)
        self.passphrase_button = QPushButton(self.tr("Change the &passphrase…"), self)
        self.passphrase_button.setEnabled(vault is not None and not vault.locked)
        self.passphrase_button.clicked.connect(self.change_passphrase)
        form.addRow(self.passphrase_button)
        form.addRow(buttons)

    def change_passphrase(self) -> PassphraseDialogType:
        from ui.passphrase import PassphraseDialog

        assert self.vault is not None
        self.passphrase_dialog = PassphraseDialog(self.vault, self, kdf_params=self.kdf_params)
        self.passphrase_dialog.open()
        return self.passphrase_dialog

    def accept(self) -> None:
        self.prefs.set_language(str(self.language.currentData()))
        self.prefs.set_autolock_minutes(self.autolock.value())
        self.prefs.set_input_device(str(self.input_device.currentData()))
        self.prefs.sync()
        super().accept()
