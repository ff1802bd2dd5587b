"""The record's files: add (dialog or drag and drop), list, preview images, extract.

Files are streamed into the vault by ``attachments.add`` in a worker, with a
progress bar and Cancel. Images are previewed from memory (decrypted by
``attachments.decrypt_to`` into a bytes object, never a file); anything larger
than :data:`PREVIEW_LIMIT` is not previewed. Extracting writes plaintext, so it
goes only to a place the user picks, after a warning.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import forms
from forms.fields import ATTACHMENT_KIND_VOCABULARY
from intake.capture import attachments
from intake.capture.attachments import Attachment
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors
from ui.fields import interface_language
from ui.filedialogs import open_file_names, save_file_name
from ui.workers import Task

PREVIEW_LIMIT = 50 * 1024 * 1024
PREVIEW_SIZE = 320


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def read_for_preview(vault: Vault, att: Attachment) -> bytes:
    """The plaintext of a small attachment, in memory and checked against its SHA-256.

    (``decrypt_to`` into memory rather than ``reading``: it verifies the hash as well.)
    """
    if att.size > PREVIEW_LIMIT:
        raise ValueError("too large to preview")
    buffer = io.BytesIO()
    attachments.decrypt_to(vault, att, buffer)
    return buffer.getvalue()


def warn_unencrypted(parent: QWidget, name: str) -> bool:
    """The usual warning before a plaintext copy leaves the vault; True to go ahead."""
    answer = QMessageBox.warning(
        parent,
        QCoreApplication.translate("AttachmentsPanel", "Unencrypted copy"),
        QCoreApplication.translate(
            "AttachmentsPanel",
            "The copy written to %1 will NOT be encrypted: anyone with access to that place can read it. Extract anyway?",  # noqa: E501
        ).replace("%1", name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class AttachmentsPanel(QWidget):
    """Files of one record. ``changed()`` after a file was added."""

    changed = Signal()
    #: A job ended: ("added" | "extracted" | "cancelled" | "failed", attachment id or "").
    job_done = Signal(str, str)
    preview_ready = Signal(str)

    def __init__(
        self,
        vault: Vault,
        record_id: str,
        *,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.record_id = vault, record_id
        self.items: list[Attachment] = []
        self.queue: list[Path] = []
        self.task: Task | None = None
        self.preview_task: Task | None = None
        self.setAcceptDrops(True)
        heading = QLabel(self.tr("Files in the vault"), self)
        heading.setStyleSheet("font-weight: bold; font-size: 110%;")
        hint = QLabel(
            self.tr(
                "Add files with the button or drop them here; each is encrypted as it is read."
            ),  # noqa: E501
            self,
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Type"), self.tr("Size"), self.tr("SHA-256"), self.tr("Kind")]
        )
        self.table.setAccessibleName(self.tr("Files of this record"))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(140)
        self.table.itemSelectionChanged.connect(self._on_selection)
        # The kind decides which of the witness's permissions governs the file at export.
        self.kind = QComboBox(self)
        self.kind.setObjectName("attachments.kind")
        self.kind.setAccessibleName(self.tr("Kind of the selected file"))
        for code, labels in forms.vocabulary(ATTACHMENT_KIND_VOCABULARY).items():
            self.kind.addItem(labels.get(interface_language(self), code), code)
        self.kind.activated.connect(self._kind_chosen)
        self.add_button = QPushButton(self.tr("&Add files…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.extract_button = QPushButton(self.tr("E&xtract a copy…"), self)
        self.extract_button.clicked.connect(self.choose_extract)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.preview = QLabel(self)
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(80)
        self.preview.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.extract_button)
        buttons.addWidget(self.kind)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.preview)
        self.read_only = read_only
        self.set_read_only(read_only)
        self.reload()

    # -- listing -----------------------------------------------------------------------
    def reload(self) -> None:
        self.items = attachments.for_record(self.vault, self.record_id)
        self.table.setRowCount(len(self.items))
        for row, att in enumerate(self.items):
            cells = (
                att.filename,
                att.media_type,
                human_size(att.size),
                att.sha256,
                self.kind.itemText(max(self.kind.findData(att.kind), 0)),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, att.id)
                if column == 2:
                    item.setToolTip(self.tr("%1 bytes").replace("%1", str(att.size)))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self._sync()

    def selected(self) -> Attachment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def set_read_only(self, on: bool) -> None:
        self.read_only = on
        self.setAcceptDrops(not on)
        self._sync()

    def _sync(self) -> None:
        busy = self.task is not None
        self.add_button.setVisible(not self.read_only)
        self.add_button.setEnabled(not busy)
        self.extract_button.setEnabled(not busy and self.selected() is not None)
        chosen = self.selected()
        self.kind.setEnabled(not busy and not self.read_only and chosen is not None)
        if chosen is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(chosen.kind), 0))
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def _kind_chosen(self, index: int) -> None:
        chosen = self.selected()
        if chosen is None or self.read_only:
            return
        try:
            attachments.set_kind(self.vault, chosen.id, str(self.kind.itemData(index)))
        except IntakeError as e:
            self.status.setText(errors.message(e))
            return
        row = self.table.currentRow()
        self.reload()
        self.table.selectRow(row)
        self.changed.emit()

    # -- adding ------------------------------------------------------------------------
    def choose_files(self) -> None:
        names = open_file_names(self, self.tr("Add files to this record"))
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Queue files to stream into the vault, one after another, in a worker."""
        if self.read_only:
            return
        self.queue.extend(p for p in paths if p.is_file())
        self._next()

    def _next(self) -> None:
        if self.task is not None or not self.queue:
            self._sync()
            return
        source = self.queue.pop(0)
        self.status.setText(self.tr("Adding %1…").replace("%1", source.name))
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        task = Task(
            attachments.add, self.vault, self.record_id, source, with_progress=True, parent=self
        )
        task.progress.connect(self._on_progress)
        task.finished.connect(self._on_added)
        task.failed.connect(self._on_failed)
        self.task = task
        self._sync()
        task.start()

    def cancel(self) -> None:
        """Stop the file being added (nothing of it stays) and drop the rest of the queue."""
        self.queue.clear()
        if self.task is not None:
            self.task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(int(done * 1000 / total) if total else 1000)

    def _on_added(self, att: Attachment) -> None:
        self.task = None
        self.status.setText(self.tr("Added %1.").replace("%1", att.filename))
        self.reload()
        self.changed.emit()
        self.job_done.emit("added", att.id)
        self._next()

    def _on_failed(self, error: BaseException) -> None:
        cancelled = self.task is not None and self.task.cancelled
        self.task = None
        if cancelled:
            self.status.setText(self.tr("Cancelled; nothing of that file was kept."))
            self.job_done.emit("cancelled", "")
        else:
            self.status.setText(errors.message(error, self.tr("Not done: %1")))
            self.job_done.emit("failed", "")
        self._next()

    # -- drag and drop -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if not self.read_only and event.mimeData().hasUrls():
            if any(url.isLocalFile() for url in event.mimeData().urls()):
                event.acceptProposedAction()
                return
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and not self.read_only:
            event.acceptProposedAction()
            self.add_files(paths)
        else:
            event.ignore()

    # -- preview -----------------------------------------------------------------------
    def _on_selection(self) -> None:
        self._sync()
        att = self.selected()
        self.preview.clear()
        if att is None:
            return
        if not att.media_type.startswith("image/"):
            self.preview.setText(self.tr("No preview for this type of file."))
            return
        if att.size > PREVIEW_LIMIT:
            self.preview.setText(self.tr("Too large to preview here."))
            return
        self.preview.setText(self.tr("Decrypting for the preview…"))
        task = Task(read_for_preview, self.vault, att, parent=self)
        task.finished.connect(lambda data, att_id=att.id: self._show_preview(att_id, data))
        task.failed.connect(
            lambda e: self.preview.setText(errors.message(e, self.tr("The preview failed: %1")))
        )
        self.preview_task = task
        task.start()

    def _show_preview(self, att_id: str, data: bytes) -> None:
        current = self.selected()
        if current is None or current.id != att_id:
            return
        image = QImage()
        if not image.loadFromData(data):
            self.preview.setText(self.tr("This image cannot be shown."))
            return
        pixmap = QPixmap.fromImage(image).scaled(
            PREVIEW_SIZE,
            PREVIEW_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)
        self.preview_ready.emit(att_id)

    # -- extracting --------------------------------------------------------------------
    def choose_extract(self) -> None:
        att = self.selected()
        if att is None:
            return
        name = save_file_name(self, self.tr("Extract a copy"), att.filename)
        if name and warn_unencrypted(self, name):
            self.extract_to(att.id, Path(name))

    def extract_to(self, att_id: str, target: Path) -> None:
        """Decrypt one file to ``target`` in a worker (all or nothing)."""
        if self.task is not None:
            return
        self.status.setText(self.tr("Extracting…"))
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        task = Task(
            attachments.extract, self.vault, att_id, target, with_progress=True, parent=self
        )
        task.progress.connect(self._on_progress)
        task.finished.connect(lambda _r: self._on_extracted(att_id))
        task.failed.connect(self._on_failed)
        self.task = task
        self._sync()
        task.start()

    def _on_extracted(self, att_id: str) -> None:
        self.task = None
        self.status.setText(self.tr("Extracted an unencrypted copy."))
        self._sync()
        self.job_done.emit("extracted", att_id)
