"""Recovery shares in the app: shown one at a time, printed one sheet per holder, confirmed;
and recovery from the unlock screen ("Forgot passphrase?"), typed or read from a photo.

A share lives only in widgets and in memory: the QR code is drawn with QPainter from
segno's matrix, the sheet is a QTextDocument handed to Qt's print dialog. Nothing is written
unless the person prints to a PDF file, and then they are warned first.
"""

from __future__ import annotations

import html
from pathlib import Path

import segno
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from crypto import kdf, shares
from crypto.errors import IntegrityError, WrongPassphrase
from intake.errors import IntakeError
from intake.vault import Vault, recovery
from ui import errors
from ui.filedialogs import open_file_name, run_dialog
from ui.passphrase import refusal
from ui.workers import Task

QR_MODULE_PX = 5

# The sheet carries both languages whatever the app's language is: its holder may read
# either, and a legal team or a successor may need the other.
SHEET_EN = (
    "This is recovery share {n} of {count} for a Testimony Intake vault. Any {k} shares"
    " together open the vault if its passphrase is lost; fewer open nothing. Keep this sheet"
    " private and safe, apart from the laptop and from the other shares. Never photograph it,"
    " type it into another device or send it. To recover, the vault's owner chooses"
    " 'Forgot passphrase?' on the unlock screen and types (or scans) {k} shares. When the"
    " owner makes new shares, this one stops working: destroy it."
)
SHEET_KO = (
    "이 종이는 Testimony Intake 보관함의 복구 조각 {count}개 중 {n}번째입니다. 암호 문구를"
    " 잃어버렸을 때 조각 {k}개를 모으면 보관함이 열리고, 그보다 적으면 아무것도 열리지 않습니다."
    " 이 종이는 노트북이나 다른 조각과 떨어진 안전한 곳에 비밀로 보관하십시오. 사진을 찍거나"
    " 다른 기기에 입력하거나 보내지 마십시오. 복구하려면 보관함 소유자가 잠금 화면에서"
    " '암호 문구를 잊으셨나요?'를 누르고 조각 {k}개를 입력(또는 스캔)합니다. 소유자가 새 조각을"
    " 만들면 이 조각은 더 이상 쓸 수 없으니 파기하십시오."
)


def qr_image(text: str, module_px: int = QR_MODULE_PX) -> QImage:
    """The share as a QR code, drawn in memory (upper case: QR's compact alphanumeric mode)."""
    qr = segno.make(text.upper(), error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    border = 4
    size = (len(matrix) + 2 * border) * module_px
    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(
                    (x + border) * module_px, (y + border) * module_px, module_px, module_px,
                    QColor("black"),
                )  # fmt: skip
    painter.end()
    return image


def sheet_document(
    share: str, number: int, count: int, threshold: int, set_id: int
) -> QTextDocument:
    """One printable sheet for one holder: both languages, the numbered words and the QR code."""
    from ui.app import add_fonts

    add_fonts()  # the vendored Hangul font: the sheet prints Korean on any laptop
    doc = QTextDocument()
    doc.setDefaultFont(QFont("NanumGothic", 11))
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("qr:share"), qr_image(share, 8))
    words = share.split()
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td style='padding:4px 14px'>{i + 1}. <b>{html.escape(w)}</b></td>"
            for i, w in enumerate(words)
            if r <= i < r + 4
        )
        + "</tr>"
        for r in range(0, len(words), 4)
    )
    fill = {"n": number, "count": count, "k": threshold}
    doc.setHtml(
        f"<h2>Recovery share {number} / {count} &nbsp;·&nbsp; 복구 조각 {number} / {count}</h2>"
        f"<p>Set {set_id} · 세트 {set_id}</p>"
        f"<p>{html.escape(SHEET_EN.format(**fill))}</p>"
        f"<p>{html.escape(SHEET_KO.format(**fill))}</p>"
        f"<table style='font-family: monospace; font-size: 13pt'>{rows}</table>"
        "<p><img src='qr:share'></p>"
    )
    return doc


def is_file_output(printer: QPrinter) -> bool:
    return bool(
        printer.outputFormat() == QPrinter.OutputFormat.PdfFormat or printer.outputFileName()
    )


class ShareDialog(QDialog):
    """Shows a new set's shares one at a time; each must be confirmed by typing two of its
    words before the next. After the last one the set is put in force (``recovery.activate``);
    closing the dialog earlier changes nothing."""

    def __init__(self, vault: Vault, new: recovery.NewSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.new = vault, new
        self.index = 0
        self.positions = recovery.confirm_positions(new.count, len(new.words[0].split()))
        self.setWindowTitle(self.tr("Recovery shares"))
        self.setMinimumWidth(640)
        self.heading = QLabel(self)
        self.heading.setObjectName("recovery.heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.words = QLabel(self)
        self.words.setObjectName("recovery.words")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(12)
        self.words.setFont(font)
        self.words.setAccessibleName(self.tr("Share words"))
        self.qr = QLabel(self)
        self.qr.setObjectName("recovery.qr")
        self.qr.setAccessibleName(self.tr("Share as a QR code"))
        self.print_button = QPushButton(self.tr("&Print this sheet…"), self)
        self.print_button.setObjectName("recovery.print")
        self.print_button.clicked.connect(self.print_sheet)
        self.first_label, self.second_label = QLabel(self), QLabel(self)
        self.first, self.second = QLineEdit(self), QLineEdit(self)
        self.first.setObjectName("recovery.confirm1")
        self.second.setObjectName("recovery.confirm2")
        self.first_label.setBuddy(self.first)
        self.second_label.setBuddy(self.second)
        self.message = QLabel(self)
        self.message.setObjectName("recovery.message")
        self.message.setWordWrap(True)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("recovery.next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.confirm)
        cancel = QPushButton(self.tr("Cancel (no new shares)"), self)
        cancel.clicked.connect(self.reject)

        shown = QHBoxLayout()
        shown.addWidget(self.words, 1)
        shown.addWidget(self.qr)
        form = QFormLayout()
        form.addRow(self.first_label, self.first)
        form.addRow(self.second_label, self.second)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        for w in (self.heading, self.explain):
            layout.addWidget(w)
        layout.addLayout(shown)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._show()

    @property
    def share(self) -> str:
        return self.new.words[self.index]

    def _show(self) -> None:
        n, count, k = self.index + 1, self.new.count, self.new.threshold
        self.heading.setText(
            self.tr("Share %1 of %2").replace("%1", str(n)).replace("%2", str(count))
        )
        self.explain.setText(
            self.tr(
                "Any %1 shares open the vault if the passphrase is lost. Print this sheet (or"
                " copy the words by hand) for one holder, then type two of its words to"
                " confirm. Never photograph it or keep it on this laptop."
            ).replace("%1", str(k))
        )
        words = self.share.split()
        self.words.setText(
            "\n".join(
                "  ".join(f"{i + 1:>2}. {w:<9}" for i, w in enumerate(words) if r <= i < r + 4)
                for r in range(0, len(words), 4)
            )
        )
        self.qr.setPixmap(QPixmap.fromImage(qr_image(self.share)))
        a, b = self.positions[self.index]
        self.first_label.setText(self.tr("Word %1:").replace("%1", str(a + 1)))
        self.second_label.setText(self.tr("Word %1:").replace("%1", str(b + 1)))
        self.first.clear()
        self.second.clear()
        self.message.clear()
        last = self.index == count - 1
        self.next_button.setText(
            self.tr("&Confirm and finish") if last else self.tr("&Confirm, next share")
        )
        self.first.setFocus()

    def confirm(self) -> bool:
        """Check the two typed words; move to the next share (or put the set in force)."""
        typed = (self.first.text(), self.second.text())
        if not recovery.check_confirmation(self.share, self.positions[self.index], typed):
            self.message.setText(self.tr("Those words do not match this share. Look again."))
            return False
        if self.index + 1 < self.new.count:
            self.index += 1
            self._show()
            return True
        try:
            recovery.activate(self.vault, self.new)
        except (IntakeError, OSError) as e:
            self.message.setText(errors.message(e, self.tr("The shares could not be saved: %1")))
            return False
        self.accept()
        return True

    def done(self, result: int) -> None:
        self.words.clear()
        self.qr.clear()
        self.first.clear()
        self.second.clear()
        super().done(result)

    def print_sheet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if run_dialog(QPrintDialog(printer, self)):
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the sheet; to a file only after the person accepts the warning."""
        if is_file_output(printer) and not self.confirm_file_output():
            return False
        info = self.new.info
        sheet_document(
            self.share, self.index + 1, self.new.count, info.threshold, info.set_id
        ).print_(printer)
        return True

    def confirm_file_output(self) -> bool:
        answer = QMessageBox.warning(
            self,
            self.tr("Saving a share to a file"),
            self.tr(
                "The file will hold this recovery share unencrypted. Anyone who copies it and"
                " enough other shares can open the vault. Print it on paper instead if you can."
                " Save it anyway?"
            ),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save


class RecoveryPage(QWizardPage):
    """Set-up: make recovery shares now (optional, recommended)."""

    def __init__(self, wizard: QWidget) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Recovery shares (recommended)"))
        self.setSubTitle(
            self.tr(
                "Split a recovery key into shares for people you trust. If the passphrase is"
                " lost, enough of them together open the vault; one alone opens nothing."
            )
        )
        self.count = QSpinBox(self)
        self.count.setObjectName("setup.recovery_count")
        self.count.setRange(2, shares.MAX_SHARES)
        self.count.setValue(shares.DEFAULT_SHARES)
        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("setup.recovery_threshold")
        self.threshold.setRange(2, shares.DEFAULT_SHARES)
        self.threshold.setValue(shares.DEFAULT_THRESHOLD)
        self.count.valueChanged.connect(lambda n: self.threshold.setMaximum(n))
        self.button = QPushButton(self.tr("&Make recovery shares…"), self)
        self.button.setObjectName("setup.make_shares")
        self.button.clicked.connect(self.make_shares)
        self.status = QLabel(self.tr("No recovery shares yet: you can also make them later."), self)
        self.status.setObjectName("setup.recovery_status")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Shares:"), self.count)
        form.addRow(self.tr("Nee&ded to recover:"), self.threshold)
        form.addRow(self.button)
        form.addRow(self.status)
        self.dialog: ShareDialog | None = None

    def make_shares(self) -> None:
        vault = getattr(self._wizard, "vault", None)
        if vault is None:
            return
        new = recovery.new_set(self.threshold.value(), self.count.value())
        self.dialog = ShareDialog(vault, new, self)
        self.dialog.accepted.connect(self._made)
        self.dialog.open()

    def _made(self) -> None:
        assert self.dialog is not None
        new = self.dialog.new
        self.status.setText(
            self.tr("Recovery shares made: any %1 of %2 open the vault.")
            .replace("%1", str(new.threshold))
            .replace("%2", str(new.count))
        )
        self.dialog.deleteLater()
        self.dialog = None


def make_shares_from_menu(vault: Vault, parent: QWidget) -> ShareDialog:
    """Vault > Recovery shares…: a new default set (2 of 3) for an unlocked vault."""
    dialog = ShareDialog(vault, recovery.new_set(), parent)
    locked = getattr(parent, "locked_changed", None)
    if locked is not None:  # locking closes it: shares are never left on a locked screen
        locked.connect(dialog.reject)
    dialog.open()
    return dialog


class RecoverDialog(QDialog):
    """Forgot passphrase: shares typed or read from an image, then a new passphrase.
    Emits ``recovered(Vault)``, the vault open under the new passphrase."""

    recovered = Signal(object)

    def __init__(
        self, path: Path, parent: QWidget | None = None, *, kdf_params: kdf.KdfParams | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.kdf_params = kdf_params  # tests only: cheap parameters; None means calibrate
        self._task: Task | None = None
        self.setWindowTitle(self.tr("Recover with shares"))
        self.setMinimumWidth(600)
        intro = QLabel(
            self.tr(
                "Type the words of each share (numbers and line breaks do not matter), or read"
                " a share from a photo or scan of its QR code. Then choose a new passphrase."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.fields: list[QPlainTextEdit] = []
        for _ in range(shares.DEFAULT_THRESHOLD):
            self.add_field()
        more = QPushButton(self.tr("&Add another share"), self)
        more.clicked.connect(self.add_field)
        self.first = QLineEdit(self)
        self.first.setObjectName("recover.passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit(self)
        self.second.setObjectName("recover.repeat")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("New &passphrase:"), self.first)
        form.addRow(self.tr("&Repeat:"), self.second)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = QLabel(self)
        self.message.setObjectName("recover.message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go = self.buttons.addButton(
            self.tr("&Recover"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.go.setObjectName("recover.go")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def add_field(self) -> QPlainTextEdit:
        row = len(self.fields)
        edit = QPlainTextEdit(self)
        edit.setObjectName(f"recover.share{row + 1}")
        edit.setAccessibleName(self.tr("Share %1").replace("%1", str(row + 1)))
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64)
        scan = QPushButton(self.tr("From an &image…"), self)
        scan.clicked.connect(lambda: self._choose_image(edit))
        self.grid.addWidget(QLabel(self.tr("Share %1:").replace("%1", str(row + 1)), self), row, 0)
        self.grid.addWidget(edit, row, 1)
        self.grid.addWidget(scan, row, 2)
        self.fields.append(edit)
        return edit

    def _choose_image(self, edit: QPlainTextEdit) -> None:
        name = open_file_name(
            self, self.tr("Photo or scan of a share"), self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if name:
            self.read_image(Path(name), edit)

    def read_image(self, path: Path, edit: QPlainTextEdit | None = None) -> int:
        """Fill share fields from the QR codes found in ``path`` (the chosen field first)."""
        try:
            found = recovery.shares_in_image(path)
        except IntakeError as e:
            self.message.setText(errors.message(e))
            return 0
        targets = ([edit] if edit is not None else []) + [
            f for f in self.fields if f is not edit and not f.toPlainText().strip()
        ]
        for text in found:
            if not targets:
                targets.append(self.add_field())
            targets.pop(0).setPlainText(text)
        self.message.setText(self.tr("%n share(s) read from the image.", "", len(found)))
        return len(found)

    def start(self) -> None:
        if self._task is not None:
            return
        given = [f.toPlainText() for f in self.fields if f.toPlainText().strip()]
        new = self.first.text()
        problem = refusal(new)
        if problem:  # the rule set-up keeps
            self.message.setText(problem)
            return
        if new != self.second.text():
            self.message.setText(self.tr("The two passphrases differ."))
            return
        self.busy.show()
        self.go.setEnabled(False)
        self.message.setText(self.tr("Recovering…"))
        self._task = Task(
            recovery.recover,
            self.path,
            given,
            new.encode("utf-8"),
            params=self.kdf_params,
            insecure_test_kdf=self.kdf_params is not None,
            parent=self,
        )
        self._task.finished.connect(self._done)
        self._task.failed.connect(self._failed)
        self._task.start()

    def _done(self, vault: Vault) -> None:
        self._task = None
        self.busy.hide()
        for f in self.fields:
            f.clear()
        self.first.clear()
        self.second.clear()
        self.recovered.emit(vault)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.busy.hide()
        self.go.setEnabled(True)
        self.message.setText(self.error_text(exc))

    def error_text(self, exc: BaseException) -> str:
        """A translated message for a failed recovery (a share's fault: ui.errors names it)."""
        if isinstance(exc, WrongPassphrase):
            return self.tr(
                "These shares do not open this vault: newer shares have been made since, and"
                " these no longer work."
            )
        if isinstance(exc, IntegrityError):
            return self.tr(
                "The vault's recovery copy was altered: recovery is not possible with it."
            )
        if isinstance(exc, shares.ShareError):
            return errors.message(exc)
        return errors.message(exc, self.tr("Recovery failed: %1"))
