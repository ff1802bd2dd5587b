"""Handing records over to legal teams from the app, and managing the teams' keys.

- ``LegalTeamsDialog``: the registered recipients (name, consent class, key fingerprint);
  add one by pasting a key or loading a key file, remove one after confirmation.
- ``HandoverWizard``: teams and profile -> what goes and what is withheld, per record and
  per team, before anything is written -> destination -> writing (progress, cancel: no
  file left) -> summary with the bundle's SHA-256 in groups of four.
- ``HandoverHistory``: when and to whom a sealed record was handed over (audit log).

The same core functions as ``intake recipients`` and ``intake export``; the preview and
the export run in workers (``ui.workers.Task``).
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from forms.dates_in_words import datetime_in_words
from forms.fields import IDENTITY, THIRD_PARTY
from forms.vocabularies import shipped_vocabulary, term
from intake.capture import countersign, records
from intake.errors import IntakeError
from intake.handover import consent, export, recipients
from intake.vault import Vault
from ui import errors
from ui.filedialogs import open_file_name, save_file_name
from ui.setup_wizard import class_combo, class_label, group_fingerprint, parse_recipient_file
from ui.workers import Task

MAX_KEY_FILE_BYTES = 64 * 1024


def removable_roots() -> list[Path]:
    """Mounted removable drives (udisks mounts them under /media/USER or /run/media/USER)."""
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    found: list[Path] = []
    for base in (Path("/media") / user, Path("/run/media") / user, Path("/media")):
        if not user and base != Path("/media"):
            continue
        try:
            found += [p for p in sorted(base.iterdir()) if p.is_dir() and os.path.ismount(p)]
        except OSError:
            continue
    return found


def default_folder(roots: Callable[[], list[Path]] = removable_roots) -> Path:
    """A removable drive when one is mounted and writable, else the documents folder (else
    home); never a temporary folder."""
    temp = Path(tempfile.gettempdir()).resolve()
    candidates = [
        *roots(),
        Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)),
        Path.home(),
    ]
    for folder in candidates:
        resolved = folder.resolve()
        if resolved == temp or temp in resolved.parents:
            continue
        if folder.is_dir() and os.access(folder, os.W_OK):
            return folder
    return Path.home()


def grouped_sha256(digest: str) -> str:
    """``9f4c 1a2b …``: the bundle's SHA-256 as ``sha256sum`` prints it, in groups of four."""
    return group_fingerprint(digest.lower())


# -- legal teams ----------------------------------------------------------------------------


class LegalTeamsDialog(QDialog):
    """The legal teams' keys: list, add (paste or key file, with its consent class), remove."""

    def __init__(self, vault: Vault, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.lang = vault, lang
        self.setObjectName("teams")
        self.setWindowTitle(self.tr("Legal teams"))
        self.setMinimumSize(720, 460)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("teams.table")
        self.table.setAccessibleName(self.tr("Registered legal teams"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Consent class"), self.tr("Key fingerprint")]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 220)
        self.remove_button = QPushButton(self.tr("&Remove…"), self)
        self.remove_button.setObjectName("teams.remove")
        self.remove_button.clicked.connect(self.remove_selected)

        self.name = QLineEdit(self)
        self.name.setObjectName("teams.name")
        self.name.setAccessibleName(self.tr("Team name"))
        self.key = QPlainTextEdit(self)
        self.key.setObjectName("teams.key")
        self.key.setAccessibleName(self.tr("Public key"))
        self.key.setTabChangesFocus(True)
        self.key.setPlaceholderText(self.tr("age1… or ssh-ed25519 … / ssh-rsa … public key"))
        self.key.setMaximumHeight(70)
        self.load_button = QPushButton(self.tr("Load a &key file…"), self)
        self.load_button.setObjectName("teams.load")
        self.load_button.clicked.connect(self._choose_file)
        self.klass = class_combo(self, lang, self.tr("Choose the consent class…"))
        self.klass.setObjectName("teams.class")
        self.klass.setAccessibleName(self.tr("Consent class"))
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.setObjectName("teams.add")
        self.add_button.clicked.connect(self.add_pasted)
        self.message = QLabel(self)
        self.message.setObjectName("teams.message")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Public key:"), self.key)
        form.addRow(self.tr("Consent &class:"), self.klass)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.load_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        for labelled in (self.name, self.key, self.klass):
            label = form.labelForField(labelled)
            if isinstance(label, QLabel):
                label.setBuddy(labelled)
        self.refresh()

    def refresh(self) -> None:
        teams = recipients.list_recipients(self.vault)
        self.table.setRowCount(len(teams))
        for row, r in enumerate(teams):
            for col, text in enumerate(
                (r.name, class_label(r.klass, self.lang), recipients.key_fingerprint(r.recipient))
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.name)
                item.setToolTip(r.recipient)
                self.table.setItem(row, col, item)
        self.remove_button.setEnabled(bool(teams))

    def _chosen_class(self) -> str | None:
        code = self.klass.currentData()
        if code is None:
            self.message.setText(self.tr("Choose the consent class this key belongs to."))
            self.klass.setFocus()
        return str(code) if code is not None else None

    def add_pasted(self) -> bool:
        klass = self._chosen_class()
        if klass is None:
            return False
        try:
            r = recipients.add_recipient(
                self.vault, self.name.text(), self.key.toPlainText(), klass
            )
        except IntakeError as e:
            self.message.setText(errors.message(e, self.tr("Not added: %1")))
            return False
        self.message.setText(self.tr("Added: %1").replace("%1", r.name))
        self.name.clear()
        self.key.clear()
        self.refresh()
        return True

    def _choose_file(self) -> None:
        name = open_file_name(
            self, self.tr("Legal team public keys"), self.tr("Key files (*.txt *.pub *)")
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> int:
        """Register every key in ``path`` with the chosen class; how many were added."""
        klass = self._chosen_class()
        if klass is None:
            return 0
        added = 0
        try:
            with open(path, "rb") as f:
                pairs = parse_recipient_file(f.read(MAX_KEY_FILE_BYTES + 1))
            for name, key in pairs:
                recipients.add_recipient(self.vault, self.name.text().strip() or name, key, klass)
                added += 1
        except (OSError, IntakeError) as e:
            self.message.setText(errors.message(e, self.tr("Not added: %1")))
        else:
            self.message.setText(self.tr("%n key(s) added.", "", added))
            self.name.clear()
        self.refresh()
        return added

    def remove_selected(self) -> bool:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            self.message.setText(self.tr("Select the team to remove."))
            return False
        name = str(item.data(Qt.ItemDataRole.UserRole))
        answer = QMessageBox.question(
            self,
            self.tr("Remove a legal team"),
            self.tr("Remove %1? Bundles already written for it are not affected.").replace(
                "%1", name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        recipients.remove_recipient(self.vault, name)
        self.message.setText(self.tr("Removed: %1").replace("%1", name))
        self.refresh()
        return True


# -- hand over --------------------------------------------------------------------------------


class TeamsPage(QWizardPage):
    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Who receives the records"))
        self.setSubTitle(
            self.tr("Choose one or more legal teams and what to send. Nothing is written yet.")
        )
        self.teams = QListWidget(self)
        self.teams.setObjectName("handover.teams")
        self.teams.setAccessibleName(self.tr("Legal teams"))
        self.teams.itemChanged.connect(self._changed)
        self.profile = QComboBox(self)
        self.profile.setObjectName("handover.profile")
        self.profile.setAccessibleName(self.tr("Profile"))
        self.profile.addItem(self.tr("Redacted: the witness's identity stays here"), "redacted")
        self.profile.addItem(
            self.tr("Full: identity too, where the witness agreed for every team"), "full"
        )
        self.manage = QPushButton(self.tr("&Legal teams…"), self)
        self.manage.setObjectName("handover.manage")
        self.manage.clicked.connect(self._manage)
        label = QLabel(self.tr("&Teams:"), self)
        label.setBuddy(self.teams)
        profile_label = QLabel(self.tr("&Profile:"), self)
        profile_label.setBuddy(self.profile)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.teams, 1)
        layout.addWidget(profile_label)
        layout.addWidget(self.profile)
        layout.addWidget(self.manage, 0, Qt.AlignmentFlag.AlignLeft)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        self.fill()

    def _changed(self, *_: object) -> None:  # a bound method: no lambda cycle holding the page
        self.completeChanged.emit()

    def fill(self) -> None:
        checked = set(self.chosen())
        self.teams.clear()
        for r in recipients.list_recipients(self._wizard.vault):
            item = QListWidgetItem(f"{r.name} — {class_label(r.klass, self._wizard.lang)}")
            item.setData(Qt.ItemDataRole.UserRole, r.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if r.name in checked else Qt.CheckState.Unchecked
            )
            self.teams.addItem(item)
        if self.teams.count():
            self.teams.setCurrentRow(0)
        self.completeChanged.emit()

    def chosen(self) -> list[str]:
        return [
            str(self.teams.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.teams.count())
            if self.teams.item(i).checkState() == Qt.CheckState.Checked
        ]

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return bool(self.chosen())

    def _manage(self) -> None:
        LegalTeamsDialog(self._wizard.vault, self._wizard.lang, self).exec()
        if not self._wizard.vault.locked:  # locking closed it (and the wizard)
            self.fill()


class PreviewPage(QWizardPage):
    """Per record and per team: refusals, what is withheld and why (computed in a worker)."""

    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.plans: list[consent.RecordPlan] | None = None
        self._task: Task | None = None
        self.setTitle(self.tr("What goes and what stays"))
        self.setSubTitle(self.tr("Checked against each witness's consent. Nothing is written yet."))
        self.status = QLabel(self)
        self.status.setObjectName("handover.preview_status")
        self.status.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("handover.preview")
        self.tree.setAccessibleName(self.tr("Preview of the handover"))
        self.tree.setHeaderLabels([self.tr("Record and item"), self.tr("Why")])
        self.tree.setColumnWidth(0, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        w = self._wizard
        self.plans = None
        self.tree.clear()
        self.status.setText(self.tr("Checking consent…"))
        self._task = Task(
            consent.preview, w.vault, w.record_ids, w.teams_page.chosen(), w.profile(), parent=self
        )
        self._task.finished.connect(self._show)
        self._task.failed.connect(self._failed)
        self._task.start()
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(errors.message(exc, self.tr("The preview failed: %1")))

    def _show(self, plans: list[consent.RecordPlan]) -> None:
        self.plans = plans
        self.tree.clear()
        refused = 0
        for plan in plans:
            rec = plan.record
            top = QTreeWidgetItem([rec.reference or rec.id, self._record_state(plan)])
            top.setData(0, Qt.ItemDataRole.UserRole, rec.id)
            for r in plan.refusals:
                refused += 1
                QTreeWidgetItem(
                    top,
                    [
                        self.tr("REFUSED for %1 (%2)")
                        .replace("%1", r.recipient.name)
                        .replace("%2", class_label(r.recipient.klass, self._wizard.lang)),
                        self._reason(r.reason),
                    ],
                )
            for team in self._wizard.teams():
                if not any(x.recipient.name == team.name for x in plan.refusals):
                    QTreeWidgetItem(
                        top,
                        [
                            self.tr("Goes to %1").replace("%1", team.name),
                            self.tr("consent granted"),
                        ],
                    )
            identity = len(plan.withheld_paths.get(IDENTITY, []))
            third = len(plan.withheld_paths.get(THIRD_PARTY, []))
            if identity:
                QTreeWidgetItem(
                    top,
                    [
                        self.tr("%n identity answer(s) withheld", "", identity),
                        self.tr("the witness's identity leaves only under Full, with consent"),
                    ],
                )
            if third:
                QTreeWidgetItem(
                    top,
                    [
                        self.tr("%n name(s) of other people withheld", "", third),
                        self.tr("not every team may have names of other people"),
                    ],
                )
            if self._wizard.profile() == "full" and plan.profile != "full":
                QTreeWidgetItem(
                    top,
                    [
                        self.tr("Sent redacted instead of full"),
                        self.tr("identity is not granted to every team"),
                    ],
                )
            for w in plan.withheld:
                QTreeWidgetItem(
                    top,
                    [
                        self.tr("Attachment %1 (%2) withheld")
                        .replace("%1", w.attachment.id)
                        .replace("%2", self._kind(w.attachment.kind)),
                        self._reason(w.reason),
                    ],
                )
            if plan.attachments:
                QTreeWidgetItem(
                    top, [self.tr("%n attachment(s) go", "", len(plan.attachments)), ""]
                )
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if refused:
            self.status.setText(
                self.tr(
                    "%n refusal(s): consent does not allow this handover. Go back and choose"
                    " other teams, or hand over without the refused records.",
                    "",
                    refused,
                )
            )
        else:
            self.status.setText(self.tr("Every record may go to every team chosen."))
        self.tree.setFocus()
        self.completeChanged.emit()

    def _record_state(self, plan: consent.RecordPlan) -> str:
        if plan.refusals:
            return self.tr("refused: nothing of it can be sent")
        return self.tr("goes, full") if plan.profile == "full" else self.tr("goes, redacted")

    def _kind(self, code: str) -> str:
        return term(shipped_vocabulary("file-kinds"), code, self._wizard.lang)

    def _reason(self, code: str) -> str:
        return {
            consent.NOT_GRANTED: self.tr("not granted: the consent lists no such recipient"),
            consent.WITHDRAWN: self.tr("withdrawn: the witness withdrew consent"),
            consent.PERMISSION_NO: self.tr("the witness said no to this kind of file"),
            consent.PERMISSION_UNKNOWN: self.tr("permission for this kind of file is unknown"),
            consent.PERMISSION_MISSING: self.tr("permission for this kind of file was not asked"),
            consent.PROTECTED_REFERENCE: self.tr("belongs to the witness's withheld identity"),
            consent.WITHDRAWN_RECIPIENT: self.tr(
                "withdrawn: the witness withdrew consent for this recipient"),
            consent.COURT_USE_NO: self.tr("the witness did not agree to use before a court"),
            consent.CROSS_BORDER_NO: self.tr(
                "the witness did not agree to its going to another country or an international"
                " body"),
            consent.MINOR_IDENTITY: self.tr(
                "the witness is a minor: identity never leaves above the pseudonym (choose"
                " Redacted)"),
            consent.WITHDRAWN_ATTACHMENT: self.tr("the witness withdrew consent for this file"),
        }.get(code, code)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.plans is not None and not any(p.refusals for p in self.plans)


class DestinationPage(QWizardPage):
    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Where to write the bundle"))
        self.setSubTitle(
            self.tr("A removable drive if one is connected, else your documents folder.")
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Write the bundle"))
        self.path = QLineEdit(self)
        self.path.setObjectName("handover.path")
        self.path.setAccessibleName(self.tr("Bundle file"))
        self.path.textChanged.connect(self._changed)
        self.choose = QPushButton(self.tr("&Choose…"), self)
        self.choose.setObjectName("handover.choose")
        self.choose.clicked.connect(self._choose)
        self.problem = QLabel(self)
        self.problem.setObjectName("handover.path_problem")
        self.problem.setWordWrap(True)
        label = QLabel(self.tr("&File:"), self)
        label.setBuddy(self.path)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def _changed(self, *_: object) -> None:
        self.completeChanged.emit()

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        if not self.path.text():
            stamp = datetime.now().strftime("%Y%m%d-%H%M")
            self.path.setText(str(default_folder() / f"handover-{stamp}.age"))
        self.path.setFocus()

    def _choose(self) -> None:
        name = save_file_name(
            self, self.tr("Bundle file"), self.path.text(), self.tr("age bundles (*.age)")
        )
        if name:
            self.path.setText(name)

    def target(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        """Under a handover countersign policy, the supervisor's step comes before writing."""
        w = self._wizard
        if countersign.policy(w.vault).handover and w.countersigner is None:
            from ui.countersign import CountersignDialog

            step = CountersignDialog(w.vault, "handover", self)
            w.countersign_step = step
            accepted = step.exec() == QDialog.DialogCode.Accepted
            w.countersign_step = None
            if not accepted:
                self.problem.setText(self.tr("Not written: the supervisor did not countersign."))
                return False
            w.countersigner = step.identity
        return True

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        text = self.path.text().strip()
        problem = ""
        if text:
            target = self.target()
            if target.exists():
                problem = self.tr("That file exists already: choose another name.")
            elif not target.parent.is_dir():
                problem = self.tr("That folder does not exist.")
        self.problem.setText(problem)
        return bool(text) and not problem


class WritePage(QWizardPage):
    """Writes the bundle in a worker; cancel leaves no file and no partial file behind."""

    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.task: Task | None = None
        self.result: export.ExportResult | None = None
        self.setTitle(self.tr("Writing the bundle"))
        self.setCommitPage(True)  # written is written: the summary has no way back to here
        self.progress = QProgressBar(self)
        self.progress.setObjectName("handover.progress")
        self.progress.setAccessibleName(self.tr("Progress"))
        self.state = QLabel(self)
        self.state.setObjectName("handover.write_state")
        self.state.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("&Cancel writing"), self)
        self.cancel_button.setObjectName("handover.cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        w = self._wizard
        self.result = None
        self.progress.setRange(0, 0)
        self.state.setText(self.tr("Encrypting to the chosen teams…"))
        self.cancel_button.setEnabled(True)
        self.task = Task(
            export.export_bundle,
            w.vault,
            w.record_ids,
            w.teams_page.chosen(),
            w.destination_page.target(),
            profile=w.profile(),
            countersigner=w.countersigner,
            with_progress=True,
            parent=self,
        )
        # Collect garbage here, on the GUI thread: the export allocates a lot on its worker,
        # and a collection there would destroy unreachable Qt wrappers off the GUI thread.
        gc.collect()
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.start()
        self.cancel_button.setFocus()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def cancel(self) -> None:
        if self.task is not None and not self.task.done.is_set():
            self.task.cancel()
            self.state.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def wait(self) -> None:
        """Cancel and wait for the worker to remove what it wrote (closing the wizard)."""
        if self.task is not None and not self.task.done.is_set():
            self.task.cancel()
            self.task.done.wait(30)

    def _done(self, result: export.ExportResult) -> None:
        self.result = result
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.completeChanged.emit()
        self._wizard.next()

    def _failed(self, exc: BaseException) -> None:
        from crypto.errors import Cancelled

        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if isinstance(exc, Cancelled):
            self.state.setText(self.tr("Cancelled: nothing was written."))
        else:
            self.state.setText(errors.message(exc, self.tr("Not written: %1")))
        self._wizard.button(QWizard.WizardButton.CancelButton).setFocus()

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.result is not None


class SummaryPage(QWizardPage):
    def __init__(self, wizard: HandoverWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Handed over"))
        self.setSubTitle(
            self.tr("Read the fingerprint out to the legal team so they know the file is this one.")
        )
        self.rows: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, text in (
            ("file", self.tr("Bundle file:")),
            ("size", self.tr("Size:")),
            ("records", self.tr("Records:")),
            ("teams", self.tr("Legal teams:")),
            ("sha256", self.tr("SHA-256 of the file:")),
        ):
            label = QLabel(self)
            label.setObjectName(f"handover.{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows[key] = label
            form.addRow(text, label)
        self.rows["sha256"].setStyleSheet("font-family: monospace; font-size: 120%;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        result = self._wizard.write_page.result
        if result is None:
            return
        teams = self._wizard.teams()
        self.rows["file"].setText(str(result.path))
        self.rows["size"].setText(self.tr("%n byte(s)", "", result.bytes_written))
        self.rows["records"].setText(str(len(result.records)))
        self.rows["teams"].setText(
            "\n".join(f"{r.name} ({class_label(r.klass, self._wizard.lang)})" for r in teams)
        )
        self.rows["sha256"].setText(grouped_sha256(result.sha256))


class HandoverWizard(QWizard):
    """Hand over ``record_ids`` (sealed) to one or more registered legal teams."""

    def __init__(
        self, vault: Vault, record_ids: list[str], lang: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault, self.record_ids, self.lang = vault, list(record_ids), lang
        self.countersigner: Any = None  # the supervisor's identity, when the policy asks for it
        self.countersign_step: Any = None
        self.setObjectName("handover")
        self.setWindowTitle(self.tr("Hand over to a legal team"))
        self.setMinimumSize(760, 540)
        self.teams_page = TeamsPage(self)
        self.preview_page = PreviewPage(self)
        self.destination_page = DestinationPage(self)
        self.write_page = WritePage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.teams_page,
            self.preview_page,
            self.destination_page,
            self.write_page,
            self.summary_page,
        ):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Done"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Close"))

    def profile(self) -> str:
        return str(self.teams_page.profile.currentData())

    def teams(self) -> list[recipients.Recipient]:
        chosen = set(self.teams_page.chosen())
        return [r for r in recipients.list_recipients(self.vault) if r.name in chosen]

    def reject(self) -> None:
        self.write_page.wait()
        super().reject()


# -- history -----------------------------------------------------------------------------------


class HandoverHistory(QLabel):
    """When and to whom a sealed record was handed over, from the audit log."""

    def __init__(
        self, vault: Vault, record_id: str, lang: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handover.history")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.vault, self.record_id, self.lang = vault, record_id, lang
        self.refresh()

    def refresh(self) -> None:
        """Read the audit log in a worker (a large log is a scan of many rows)."""
        self._task = Task(export.handover_history, self.vault, self.record_id, parent=self)
        self._task.finished.connect(self._show)
        self._task.start()

    def _show(self, history: list[export.Handover]) -> None:
        if not history:
            self.setText(self.tr("Not handed over yet."))
            return
        lines = []
        for h in history:
            teams = ", ".join(
                f"{r.get('name', '')} ({class_label(str(r.get('class', '')), self.lang)})"
                for r in h.recipients
            )
            lines.append(
                self.tr("Handed over %1 to %2 (%3, bundle %4)")
                .replace("%1", datetime_in_words(h.at, self.lang))
                .replace("%2", teams)
                .replace("%3", self.tr("full") if h.profile == "full" else self.tr("redacted"))
                .replace("%4", h.bundle_id[:8])
            )
        self.setText("\n".join(lines))


def sealed_only(vault: Vault, record_ids: list[str]) -> list[str]:
    """The ids of ``record_ids`` that have a sealed version to hand over."""
    return [rid for rid in record_ids if records.get(vault, rid).status == "sealed"]


def decorate_editor(editor: Any, vault: Vault, lang: str, hand_over: Callable[[], Any]) -> None:
    """A sealed record's view: its handover history under the banner and a Hand over button."""
    if records.get(vault, editor.record_id).status != "sealed":
        return
    history = HandoverHistory(vault, editor.record_id, lang, editor)
    editor.layout().insertWidget(2, history)
    button = QPushButton(QCoreApplication.translate("HandoverHistory", "Hand &over…"), editor)
    button.setObjectName("editor.handover")
    button.setToolTip("Ctrl+Shift+H")
    button.clicked.connect(hand_over)
    editor.header.insertWidget(editor.header.count() - 1, button)
