"""The page before sealing: what will be signed, what is still missing, then a confirmation.

The draft is shown as the statement will show it (``intake.capture.readback``): every section's
answers, the consent per recipient class in plain words, the files with their kinds. "Read
back…" shows the printed pages in the witness's language, to print through Qt's print
dialog. Sealing needs the confirmation box ticked; it signs and freezes the draft
(``records.seal_record``) in a worker thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import forms
from crypto.sign import SigningIdentity
from forms.types import datetime_text
from intake.capture import countersign, readback, records
from intake.capture.readback import DraftView
from intake.capture.seal import SealedVersion
from intake.errors import ValidationFailed
from intake.vault import Vault
from ui import errors
from ui.countersign import CountersignDialog
from ui.diffview import DiffView
from ui.fields import path_label
from ui.readback import ReadBackDialog, statement_html
from ui.workers import Task


def problem_text(form: forms.Form, problem: forms.Problem, lang: str) -> str:
    """One line of the checklist; a contradiction ends with its check id, which a note
    in the form's explained contradictions names (with the field) to keep it."""
    message = problem.ko if lang == "ko" else problem.en
    text = f"{path_label(form, problem.path, lang)}: {message}"
    return f"{text} [{problem.check} · {problem.path}]" if problem.check else text


class SealReview(QWidget):
    """Summary, missing items (click one to go there), confirmation, Seal."""

    back = Signal()
    goto = Signal(str)  # a concrete path to show in the editor
    sealed = Signal(int)  # the sealed version number

    def __init__(self, vault: Vault, record_id: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault, self.record_id, self.lang = vault, record_id, lang
        self.task: Task | None = None
        self.countersign_step: CountersignDialog | None = None
        self.problems: list[forms.Problem] = []
        title = QLabel(self.tr("Review before sealing"), self)
        title.setStyleSheet("font-size: 140%; font-weight: bold;")
        self.what_heading = QLabel(self.tr("What will be signed"), self)
        self.what_heading.setStyleSheet("font-weight: bold;")
        self.statement = QTextBrowser(self)
        self.statement.setObjectName("review.statement")
        self.statement.setAccessibleName(self.tr("What will be signed"))
        self.statement.setOpenLinks(False)
        self.view: DraftView | None = None
        self.readback_dialog: ReadBackDialog | None = None
        self.missing_heading = QLabel(self)
        self.missing = QListWidget(self)
        self.missing.setAccessibleName(self.tr("Missing before sealing"))
        self.missing.itemActivated.connect(self._on_activated)
        self.missing.itemDoubleClicked.connect(self._on_activated)
        self.diff_heading = QLabel(self.tr("What this correction changes"), self)
        self.diff_heading.setStyleSheet("font-weight: bold;")
        self.diff: DiffView | None = None
        self.diff_host = QVBoxLayout()
        self.confirm = QCheckBox(self)
        self.confirm.setAccessibleName(self.tr("Confirm sealing"))
        self.confirm.toggled.connect(self._sync)
        self.seal_button = QPushButton(self.tr("Seal and si&gn"), self)
        self.seal_button.clicked.connect(self.start_seal)
        self.back_button = QPushButton(self.tr("&Back to the record"), self)
        self.back_button.clicked.connect(self.back)
        self.readback_button = QPushButton(self.tr("&Read back…"), self)
        self.readback_button.setToolTip(
            self.tr("The statement on paper in the witness's language, marked as a draft")
        )
        self.readback_button.clicked.connect(self.read_back)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.readback_button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.seal_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.missing_heading)
        layout.addWidget(self.missing, 1)
        layout.addWidget(self.what_heading)
        layout.addWidget(self.statement, 4)
        layout.addWidget(self.diff_heading)
        layout.addLayout(self.diff_host, 2)
        layout.addWidget(self.confirm)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _when(self, value: str | None) -> str:
        """The interview's time in words, at its own offset (as every text shows it)."""
        return datetime_text(value, "ko" if self.lang == "ko" else "en") if value else "—"

    def refresh(self) -> None:
        """Read the saved draft again and show its summary and problems."""
        rec = records.get(self.vault, self.record_id)
        form = rec.form
        doc = records.document(self.vault, self.record_id)
        self.problems = records.seal_problems(self.vault, self.record_id, doc)
        self.view = readback.draft_view(self.vault, self.record_id, self.lang)
        self.statement.setHtml(statement_html(self.view))
        self.missing.clear()
        for problem in self.problems:
            item = QListWidgetItem(problem_text(form, problem, self.lang))
            item.setData(Qt.ItemDataRole.UserRole, problem.path)
            self.missing.addItem(item)
        if self.problems:
            self.missing_heading.setText(
                self.tr(
                    "%1 items are missing or wrong. Sealing is possible once they are fixed; activate an item to go to it."  # noqa: E501
                ).replace("%1", str(len(self.problems)))
            )
        else:
            self.missing_heading.setText(self.tr("Nothing is missing."))
        self.missing.setVisible(bool(self.problems))
        self._show_diff(form, doc, rec.version)
        self.confirm.setChecked(False)
        self.confirm.setText(
            self.tr(
                "I have reviewed this record. Sealing signs version %1 with my key and it can never be changed; later changes become a new version."  # noqa: E501
            ).replace("%1", str(rec.version))
        )
        self.status.clear()
        self._sync()

    def read_back(self) -> None:
        """The pages to read back, in the witness's language, to print (or save)."""
        doc = records.document(self.vault, self.record_id)
        form = records.get(self.vault, self.record_id).form
        lang = readback.witness_language(form, doc, self.lang)
        self.readback_dialog = ReadBackDialog(
            readback.draft_view(self.vault, self.record_id, lang), self
        )
        self.readback_dialog.open()

    def _show_diff(self, form: forms.Form, doc: dict[str, Any], version: int) -> None:
        previous = records.sealed_versions(self.vault, self.record_id)
        if self.diff is not None:
            self.diff.setParent(None)
            self.diff = None
        if previous:
            self.diff = DiffView(form, self.lang, self)
            self.diff.show_differences(previous[-1].doc, doc, previous[-1].version)
            self.diff_host.addWidget(self.diff)
        self.diff_heading.setVisible(bool(previous))

    def _sync(self) -> None:
        busy = self.task is not None
        self.confirm.setEnabled(not self.problems and not busy)
        self.seal_button.setEnabled(not self.problems and self.confirm.isChecked() and not busy)
        self.back_button.setEnabled(not busy)
        self.progress.setVisible(busy)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.goto.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def start_seal(self) -> None:
        """Seal in a worker; ``sealed(version)`` when done, the problems shown if refused."""
        if self.task is not None or self.problems or not self.confirm.isChecked():
            return
        if countersign.policy(self.vault).seal:  # the supervisor's step comes first
            step = CountersignDialog(self.vault, "seal", self)
            self.countersign_step = step
            step.accepted.connect(lambda: self._seal(step.identity))
            step.rejected.connect(
                lambda: self.status.setText(
                    self.tr("Not sealed: the supervisor did not countersign.")
                )
            )
            step.open()
            return
        self._seal(None)

    def _seal(self, countersigner: SigningIdentity | None) -> None:
        self.countersign_step = None
        self.status.setText(self.tr("Sealing and signing…"))
        self.task = Task(
            records.seal_record, self.vault, self.record_id, countersigner, parent=self
        )
        self.task.finished.connect(self._on_sealed)
        self.task.failed.connect(self._on_failed)
        self._sync()
        self.task.start()

    def _on_sealed(self, version: SealedVersion) -> None:
        self.task = None
        self._sync()
        self.status.setText(self.tr("Sealed version %1.").replace("%1", str(version.version)))
        self.sealed.emit(version.version)

    def _on_failed(self, error: BaseException) -> None:
        self.task = None
        if isinstance(error, ValidationFailed):
            self.refresh()
            self.status.setText(self.tr("Not sealed: the record is not complete."))
        else:
            self.status.setText(errors.message(error, self.tr("Not sealed: %1")))
        self._sync()
