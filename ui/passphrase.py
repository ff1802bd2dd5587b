"""Change the passphrase (Preferences): a key rotation by default, or the quick re-wrap.

A rotation (``intake.vault.rotate``) makes a new vault key and re-encrypts the database and every
attachment, in a worker with progress and cancel; afterwards an old copy of ``vault.key``
and the old passphrase open nothing. The quick re-wrap rewrites ``vault.key`` alone and the
dialog says plainly that old copies of the key file still open the vault.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QWidget,
)

from crypto import kdf
from crypto.errors import Cancelled, WrongPassphrase
from intake.vault import Vault, passphrase, rotate
from ui import errors
from ui.workers import Task


def feedback_text(english: str) -> str:
    """zxcvbn's feedback (English) in the interface language."""
    translated = {
        str(text): QCoreApplication.translate("PassphraseFeedback", str(text))
        for text in (
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Use a few words, avoid common phrases."),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback", "No need for symbols, digits, or uppercase letters."
            ),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback", "Add another word or two. Uncommon words are better."
            ),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Straight rows of keys are easy to guess."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Short keyboard patterns are easy to guess."),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback", "Use a longer keyboard pattern with more turns."
            ),
            QT_TRANSLATE_NOOP("PassphraseFeedback", 'Repeats like "aaa" are easy to guess.'),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback",
                'Repeats like "abcabcabc" are only slightly harder to guess than "abc".',
            ),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Avoid repeated words and characters."),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback", 'Sequences like "abc" or "6543" are easy to guess.'
            ),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Avoid sequences."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Recent years are easy to guess."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Avoid recent years."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Avoid years that are associated with you."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Dates are often easy to guess."),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback", "Avoid dates and years that are associated with you."
            ),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "This is a top-10 common password."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "This is a top-100 common password."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "This is a very common password."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "This is similar to a commonly used password."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "A word by itself is easy to guess."),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback", "Names and surnames by themselves are easy to guess."
            ),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Common names and surnames are easy to guess."),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Capitalization doesn't help very much."),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback", "All-uppercase is almost as easy to guess as all-lowercase."
            ),
            QT_TRANSLATE_NOOP("PassphraseFeedback", "Reversed words aren't much harder to guess."),
            QT_TRANSLATE_NOOP(
                "PassphraseFeedback",
                "Predictable substitutions like '@' instead of 'a' don't help very much.",
            ),
        )
    }
    return translated.get(english, english)


def refusal(text: str, words: Sequence[str] = ()) -> str:
    """Why set-up would refuse ``text`` as a passphrase, in the interface language ("" when it
    would not): a new passphrase chosen later (Change the passphrase, recovery) keeps to the
    same rule, at least ``passphrase.MIN_CHARS`` and rated Good or Strong. ``words`` (the
    interviewer's name, organisation) count as guessable."""
    if len(text) < passphrase.MIN_CHARS:
        return QCoreApplication.translate("PassphrasePage", "Use at least %1 characters.").replace(
            "%1", str(passphrase.MIN_CHARS)
        )
    strength = passphrase.estimate(text, words)
    if strength.acceptable:
        return ""
    advice = [feedback_text(t) for t in (strength.warning, *strength.suggestions) if t]
    too_easy = QCoreApplication.translate(
        "PassphrasePage", "Too easy to guess: it must be rated Good or Strong."
    )
    return " ".join([too_easy, *advice])


class PassphraseDialog(QDialog):
    def __init__(
        self,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        kdf_params: kdf.KdfParams | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.kdf_params = kdf_params  # tests only: cheap parameters; None means calibrate
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Change the passphrase"))
        self.current, self.new, self.repeat = (QLineEdit(self) for _ in range(3))
        for field, name in ((self.current, self.tr("Current passphrase")),
                            (self.new, self.tr("New passphrase")),
                            (self.repeat, self.tr("New passphrase again"))):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
        self.current.setObjectName("passphrase.current")
        self.rotate = QRadioButton(self.tr("Also replace the vault key (recommended): everything"
                                           " is re-encrypted; old copies of the key file and the"
                                           " old passphrase open nothing afterwards"), self)
        self.rewrap = QRadioButton(self.tr("Quick change: only the key file is rewritten. An old"
                                           " copy of the key file still opens the vault with the"
                                           " old passphrase"), self)
        self.rotate.setChecked(True)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Re-encryption progress"))
        self.progress.hide()
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.start = self.buttons.addButton(self.tr("&Change"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = self.buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel)
        self.start.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        form = QFormLayout(self)
        form.addRow(self.tr("C&urrent passphrase:"), self.current)
        form.addRow(self.tr("&New passphrase:"), self.new)
        form.addRow(self.tr("&Repeat:"), self.repeat)
        form.addRow(self.rotate)
        form.addRow(self.rewrap)
        form.addRow(self.progress)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def run(self) -> None:
        new = self.new.text().encode("utf-8")
        if not new or new != self.repeat.text().encode("utf-8"):
            self.message.setText(self.tr("The two new passphrases differ or are empty."))
            return
        problem = refusal(self.new.text(), self.vault.owner)
        if problem:  # the rule set-up keeps: a weak passphrase later undoes it
            self.message.setText(problem)
            return
        old = self.current.text().encode("utf-8")
        params = self.kdf_params
        if self.rotate.isChecked():
            self.task = Task(rotate.rotate, self.vault, old, new, params, with_progress=True,
                             parent=self, insecure_test_kdf=params is not None)
        else:
            self.task = Task(self.vault.change_passphrase, old, new, params, parent=self,
                             insecure_test_kdf=params is not None)
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._done)
        self.task.failed.connect(self._failed)
        self.start.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.setText(self.tr("Working… the vault stays locked to other changes."))
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()  # a rotation stops before its commit point: nothing changes
        else:
            self.reject()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _done(self, _result: object) -> None:
        self.task = None
        self.progress.hide()
        if self.rotate.isChecked():
            self.message.setText(self.tr("The vault key was replaced and everything re-encrypted."
                                         " Old copies of the key file open nothing."))
        else:
            self.message.setText(self.tr("Passphrase changed. An old copy of the key file still"
                                         " opens the vault with the old passphrase."))
        self.start.hide()
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.progress.hide()
        self.start.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            text = self.tr("The current passphrase is wrong. Nothing was changed.")
        elif isinstance(exc, Cancelled):
            text = self.tr("Cancelled. Nothing was changed.")
        else:
            text = errors.message(exc, self.tr("Nothing was changed: %1"))
        self.message.setText(text)
