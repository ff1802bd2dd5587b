"""Importing bundles: by file dialog or drag and drop, several at once, one report each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake.archive import batch
from intake.archive.batch import ImportOutcome
from intake.capture import countersign
from intake.errors import UsageError
from intake.handover import bundle
from intake.vault import Vault
from ui import errors
from ui.filedialogs import open_file_name, open_file_names
from ui.workers import Task

MAX_IDENTITY_FILE = 64 * 1024
GREEN, RED, AMBER = "#1b7a35", "#b3261e", "#8a5a00"


class ReportCard(QFrame):
    """The verification report of one bundle: every check green or red."""

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self.setFrameShape(QFrame.Shape.StyledPanel)
        color = GREEN if outcome.ok else RED
        self.setStyleSheet(f"ReportCard {{ border: 2px solid {color}; border-radius: 4px; }}")
        layout = QVBoxLayout(self)
        already = outcome.ok and outcome.result.already_imported
        if already:
            head = self.tr("✔ Already in the archive: %1").replace("%1", outcome.path.name)
        elif outcome.ok:
            head = self.tr("✔ Imported: %1").replace("%1", outcome.path.name)
        else:
            head = self.tr("✘ Not imported: %1").replace("%1", outcome.path.name)
        self.heading = self._line(f"<b>{_esc(head)}</b>", color)
        layout.addWidget(self.heading)
        self.changes: list[QLabel] = []  # what the import changed, the CLI's lines
        if outcome.ok:
            for line, warning in outcome.result.lines(import_tr):
                self.changes.append(self._line(_esc(line), AMBER if warning else None))
                layout.addWidget(self.changes[-1])
        self.why = errors.message(outcome.exception) if outcome.exception else ""  # translated
        if not outcome.ok:
            layout.addWidget(self._line(_esc(self.tr("Nothing from this bundle was imported.")
                                             + " " + self.why), RED))
        r = outcome.report
        if r is not None:
            signer = r.exporter_name + (f" ({r.exporter_organisation})"
                                        if r.exporter_organisation else "")
            layout.addWidget(self._line(_esc(self.tr("Bundle: %1").replace("%1", r.bundle_id))))
            layout.addWidget(self._line(_esc(self.tr("Signed by: %1").replace("%1", signer))))
            layout.addWidget(self._line(_esc(self.tr("Key: %1").replace(
                "%1", r.signer_fingerprint))))
            pinned_now = outcome.result is not None and outcome.result.pinned
            if r.pinned_name:
                pin = self.tr("✔ Key pinned as %1").replace("%1", r.pinned_name)
            elif pinned_now:
                pin = self.tr("✔ Key pinned now: you confirmed its fingerprint")
            else:
                pin = self.tr("⚠ Key not pinned: confirm the fingerprint with the interviewer")
            self.pin_label = self._line(
                _esc(pin), GREEN if r.pinned_name or pinned_now else AMBER)
            layout.addWidget(self.pin_label)
            if r.countersigner_fingerprint:
                counter = self.tr("Countersigned by the supervisor %1 (key %2)").replace(
                    "%1", r.countersigner_name).replace("%2", r.countersigner_fingerprint)
            else:
                counter = self.tr("No supervisor's countersignature")
            self.countersign_label = self._line(_esc(counter))
            layout.addWidget(self.countersign_label)
            versions = sum(s.versions for s in r.records)
            layout.addWidget(self._line(_esc(
                self.tr("The bundle holds %1 records, %2 sealed versions, %3 attachments")
                .replace("%1", str(len(r.records))).replace("%2", str(versions))
                .replace("%3", str(r.attachments)))))
        names = self.check_names()
        self.check_labels: dict[str, QLabel] = {}
        for check in outcome.checks:
            mark = "✔" if check.ok else "✘"
            text = f"{mark} {names[check.code]}"
            if check.problems:
                text += "<br>" + "<br>".join("&nbsp;&nbsp;• " + _esc(p) for p in check.problems[:8])
            label = self._line(text, GREEN if check.ok else RED)
            self.check_labels[check.code] = label
            layout.addWidget(label)

    def check_names(self) -> dict[str, str]:
        return {
            "decrypt": self.tr("Opened with this archive's key"),
            "intact": self.tr("The bundle file is damaged or incomplete (not a key problem):"
                              " ask for a new copy"),
            "signature": self.tr("Manifest signed by the exporter"),
            "files": self.tr("Every file matches its SHA-256 in the manifest"),
            "versions": self.tr("Sealed versions: signatures and chain"),
            "schema": self.tr("Records match their form"),
            "statements": self.tr("Signed PDF statements"),
            "custody": self.tr("Custody log"),
        }

    def _line(self, html: str, color: str | None = None) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(f'<span style="color:{color}">{html}</span>' if color else html)
        return label


def import_tr(template: str) -> str:
    """A template of intake.archive.receive.ImportResult.lines in the app's language."""
    return QCoreApplication.translate("ImportReport", template)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _groups(fingerprint: str) -> str:
    """A fingerprint in groups of four, eight groups a line, to read aloud and compare."""
    groups = fingerprint.split()
    return "\n".join(" ".join(groups[i:i + 8]) for i in range(0, len(groups), 8))


class PinSignerDialog(QDialog):
    """A bundle signed by a key this archive has not pinned: the fingerprint in groups of four
    beside every pinned key of the same name, and a confirmation that it was compared with
    the interviewer by another channel before it is pinned and the bundle imported."""

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        r = outcome.report
        assert r is not None
        self.setWindowTitle(self.tr("A key this archive has not pinned"))
        layout = QVBoxLayout(self)
        claimed = r.exporter_name + (f" ({r.exporter_organisation})"
                                     if r.exporter_organisation else "")
        layout.addWidget(QLabel(self.tr("%1 is signed by a key this archive has not pinned. It"
                                        " claims to be: %2").replace("%1", outcome.path.name)
                                .replace("%2", claimed), self))
        self.fingerprint = QLabel(_groups(r.signer_fingerprint), self)
        self.fingerprint.setObjectName("pins.pin.fingerprint")
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 13pt;")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName(self.tr("Fingerprint of the new key"))
        layout.addWidget(QLabel(self.tr("Fingerprint of this key:"), self))
        layout.addWidget(self.fingerprint)
        self.same_name: list[QLabel] = []
        if r.impersonates:
            warn = QLabel(self.tr("Possible impersonation: a pinned interviewer has the same name"
                                  " with another key. Compare both fingerprints:"), self)
            warn.setWordWrap(True)
            warn.setStyleSheet(f"color: {RED}; font-weight: bold;")
            layout.addWidget(warn)
            for entry in r.impersonates:
                name, _, fp = entry.rpartition(" (")
                label = QLabel(self.tr("Pinned as %1:").replace("%1", name) + "\n"
                               + _groups(fp.rstrip(")")), self)
                label.setStyleSheet("font-family: monospace; font-size: 13pt;")
                self.same_name.append(label)
                layout.addWidget(label)
        self.confirm = QCheckBox(self.tr("I compared this fingerprint with the interviewer by"
                                         " another channel (in person or by phone)"), self)
        self.confirm.setObjectName("pins.pin.confirm")
        layout.addWidget(self.confirm)
        self.buttons = QDialogButtonBox(self)
        self.pin_button = self.buttons.addButton(self.tr("&Pin the key and import"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.pin_button.setEnabled(False)
        self.confirm.toggled.connect(self.pin_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


@dataclass
class Cut:
    """An import the lock cut short: its task (cancelled, ending on its worker) and the
    bundles chosen for it; once it has ended, only the names of the bundles imported and the
    paths of the rest (kept in memory, nothing from inside the bundles)."""

    task: Task | None
    chosen: list[Path]
    imported: list[str] = field(default_factory=list)

    def settle(self) -> bool:
        """False while the task runs. Each bundle is imported in one transaction: a bundle
        whose outcome is ok is in the vault, none of the others is."""
        task = self.task
        if task is not None:
            if not task.done.is_set():
                return False
            outcomes = task.result if isinstance(task.result, list) else []
            ok = {o.path for o in outcomes if o.ok}
            self.imported = [p.name for p in self.chosen if p in ok]
            self.chosen = [p for p in self.chosen if p not in ok]
            self.task = None
        return True


def cut_message(imported: list[str], rest: list[str]) -> str:
    """What the lock stopped, for the import tab and the status bar (in the app's language)."""
    translate = QCoreApplication.translate
    parts = [translate("ImportPanel", "The lock stopped the import.")]
    parts.append(translate("ImportPanel", "Imported: %1.").replace("%1", ", ".join(imported))
                 if imported else translate("ImportPanel", "None of the bundles was imported."))
    parts.append(translate("ImportPanel", "Not imported: %1.").replace("%1", ", ".join(rest))
                 if rest else translate("ImportPanel", "Every bundle was imported."))
    return " ".join(parts)


class ImportPanel(QWidget):
    """Choose the archive's age key, then drop or pick bundles; reports appear below."""

    imported = Signal()  # after each batch: lists, charts and trust may have changed
    finished = Signal(list)  # the outcomes of a batch

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.require_countersignature = QCheckBox(
            self.tr("Refuse bundles without a valid supervisor's countersignature"), self
        )
        self.require_countersignature.setObjectName("archive.require_countersignature")
        self.require_countersignature.toggled.connect(self._set_requirement)
        self._vault: Vault | None = None
        self._identity: str | None = None
        self.task: Task | None = None
        self.pending: list[Path] = []
        self.batch: list[Path] = []  # the bundles of the running task
        self.rest: list[Path] = []  # not imported when the lock stopped an import: offered again
        self.to_confirm: list[ImportOutcome] = []  # refused only for an unpinned signer
        self.pin_dialog: PinSignerDialog | None = None
        self.pending_trusted: list[Path] = []  # confirmed by the user: import and pin
        self.trusting = False  # the running batch pins its signer (the user confirmed it)
        self.cards: list[ReportCard] = []
        self.setAcceptDrops(True)
        self.key_label = QLabel(self.tr("No archive key chosen."), self)
        self.key_button = QPushButton(self.tr("Choose archive &key…"), self)
        self.key_button.setAccessibleName(self.tr("Choose the archive's age identity file"))
        self.key_button.clicked.connect(self._choose_key)
        self.import_button = QPushButton(self.tr("&Import bundles…"), self)
        self.import_button.setAccessibleName(self.tr("Import bundles"))
        self.import_button.clicked.connect(self._choose_bundles)
        hint = QLabel(self.tr("Or drop bundle files here. Several can be imported at once."),
                      self)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.cut_label = QLabel(self)
        self.cut_label.setWordWrap(True)
        self.cut_label.setStyleSheet(f"color: {AMBER}; font-weight: bold;")
        self.cut_label.hide()
        self.again_button = QPushButton(self.tr("Import the rest a&gain"), self)
        self.again_button.setAccessibleName(self.tr("Import again the bundles not imported"))
        self.again_button.clicked.connect(self._import_rest)
        self.again_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.key_label, 1)
        top.addWidget(self.key_button)
        top.addWidget(self.import_button)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        cut = QHBoxLayout()
        cut.addWidget(self.cut_label, 1)
        cut.addWidget(self.again_button)
        self.reports = QVBoxLayout()
        self.reports.addStretch(1)
        host = QWidget(self)
        host.setLayout(self.reports)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.require_countersignature)
        layout.addLayout(bar)
        layout.addLayout(cut)
        layout.addWidget(scroll, 1)

    @property
    def vault(self) -> Vault | None:
        return self._vault

    @vault.setter
    def vault(self, vault: Vault | None) -> None:
        """The archive; the countersignature setting shows its policy."""
        self._vault = vault
        required = vault is not None and countersign.policy(vault).import_
        self.require_countersignature.blockSignals(True)
        self.require_countersignature.setChecked(required)
        self.require_countersignature.blockSignals(False)
        self.require_countersignature.setEnabled(vault is not None)

    def _set_requirement(self, on: bool) -> None:
        """The archive setting: every later import needs a valid countersignature."""
        if self._vault is not None:
            countersign.set_policy(self._vault, **{"import": on})

    # -- the key ---------------------------------------------------------------------
    def load_identity(self, path: Path) -> None:
        """Read the age identity (or ssh-ed25519 / ssh-rsa private key) into memory (never
        copied, dropped on lock)."""
        data = path.read_bytes()[: MAX_IDENTITY_FILE + 1]
        text = data.decode("utf-8", "replace") if len(data) <= MAX_IDENTITY_FILE else ""
        try:
            bundle.check_identity(text)
        except UsageError:
            self.key_label.setText(self.tr("%1 is not an age identity file.").replace(
                "%1", path.name))
            return
        self._identity = text
        self.key_label.setText(self.tr("Archive key: %1").replace("%1", path.name))

    @property
    def identity(self) -> str | None:
        return self._identity

    def _choose_key(self) -> None:
        name = open_file_name(self, self.tr("Choose the archive's age key"))
        if name:
            self.load_identity(Path(name))

    def clear(self) -> None:
        """Forget the key and the reports (on lock)."""
        self._identity = None
        self.vault = None
        self.to_confirm, self.pending_trusted = [], []
        self.show_cut([], [])
        if self.pin_dialog is not None:
            self.pin_dialog.reject()
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        self.key_label.setText(self.tr("No archive key chosen."))

    # -- importing --------------------------------------------------------------------
    def _choose_bundles(self) -> None:
        names = open_file_names(self, self.tr("Import bundles"),
                                self.tr("Bundles (*.age *.bundle);;All files (*)"))
        if names:
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> None:
        if self.vault is None:
            return
        if self._identity is None:
            self._choose_key()
            if self._identity is None:
                return
        self.pending += [p for p in paths if p.is_file()]
        if self.task is None:
            self._next_batch()

    def _next_batch(self) -> None:
        if self.task is not None or self.vault is None or self._identity is None:
            return
        if self.pending_trusted:
            paths, self.trusting = self.pending_trusted, True
            self.pending_trusted = []
        elif self.pending:
            paths, self.trusting = self.pending, False
            self.pending = []
        else:
            self._ask_next_pin()
            return
        self.batch = paths
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.import_button.setEnabled(False)
        self.task = Task(batch.import_many, self.vault, paths, self._identity,
                         with_progress=True, parent=self, trust_new=self.trusting)
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def cut_short(self, keeper: QObject) -> Cut | None:
        """On lock (the vault has locked once the transaction in flight ended): cancel the
        running import and hand over its task, kept alive by ``keeper``, with the bundles
        chosen, queued ones included; None if no import runs. The rest of the window's
        signals are cut: the panel goes with the lock."""
        task = self.task
        if task is None:
            return None
        task.cancel()
        for signal in (task.progress, task.finished, task.failed):
            signal.disconnect()
        task.setParent(keeper)
        chosen = list(dict.fromkeys(self.batch + self.pending_trusted + self.pending))
        self.pending, self.pending_trusted = [], []
        self._end_task()
        return Cut(task, chosen)

    def show_cut(self, imported: list[str], rest: list[Path]) -> None:
        """Say what the lock stopped (nothing: hide it) and offer the rest again."""
        self.rest = rest
        self.cut_label.setText(cut_message(imported, [p.name for p in rest]))
        self.cut_label.setVisible(bool(imported or rest))
        self.again_button.setVisible(bool(rest))

    def _import_rest(self) -> None:
        rest = self.rest
        self.show_cut([], [])
        self.import_paths(rest)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _done(self, outcomes: list[ImportOutcome]) -> None:
        self._end_task()
        for o in outcomes:
            card = ReportCard(o, self)
            self.cards.append(card)
            self.reports.insertWidget(self.reports.count() - 1, card)
            if o.needs_pin:
                self.to_confirm.append(o)
        self.imported.emit()
        self.finished.emit(outcomes)
        self._next_batch()

    def _ask_next_pin(self) -> None:
        """One dialog at a time, for each bundle refused only because its key is not pinned."""
        if self.pin_dialog is not None or not self.to_confirm:
            return
        dialog = PinSignerDialog(self.to_confirm.pop(0), self)
        self.pin_dialog = dialog
        dialog.finished.connect(lambda code: self._pin_answered(dialog, code))
        dialog.open()

    def _pin_answered(self, dialog: PinSignerDialog, code: int) -> None:
        self.pin_dialog = None
        dialog.deleteLater()
        if code == QDialog.DialogCode.Accepted and dialog.confirm.isChecked():
            self.pending_trusted.append(dialog.outcome.path)
            self._next_batch()
        else:
            self._ask_next_pin()

    def _failed(self, exc: BaseException) -> None:
        self._end_task()
        self.key_label.setText(errors.message(exc, self.tr("Import stopped: %1")))
        self.finished.emit([])

    def _end_task(self) -> None:
        self.task, self.batch = None, []
        self.progress.hide()
        self.cancel_button.hide()
        self.import_button.setEnabled(True)

    # -- drag and drop -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.import_paths(paths)
