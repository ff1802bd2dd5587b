"""A received record's attachments in its review, opened from memory: an image is decrypted
into memory (checked against its SHA-256) and shown; audio plays from the encrypted blob
through :class:`ui.playback.Playback` (only the chunk being played is decrypted, nothing
is written; the position slider, by keys, plays from another point); any other file is never
opened by another program: a copy is written only to a place the reviewer picks, after the
usual warning that it will not be encrypted. Enter, double-click or the Open button open the
chosen attachment."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.archive.evidence import _attachment_made
from intake.capture import attachments, records
from intake.capture.attachments import Attachment
from intake.capture.seal import SealedVersion
from intake.vault import Vault
from ui import errors
from ui.attachmentspanel import human_size, read_for_preview, warn_unencrypted
from ui.filedialogs import save_file_name
from ui.playback import Playback
from ui.recorder import clock
from ui.workers import Task

SHOWN_SIZE = 480
STEP_MS, PAGE_MS = 5_000, 30_000  # the position slider's arrow keys, Page Up/Down


class AttachmentViewer(QWidget):
    """``opened(attachment id, how)``: how is ``image``, ``audio`` or ``export``."""

    opened = Signal(str, str)

    def __init__(self, vault: Vault, record: records.Record, latest: SealedVersion | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.items: list[Attachment] = attachments.for_record(vault, record.id)
        made = _attachment_made(records.form_for(latest.form_id, latest.form_version),
                                latest.doc) if latest is not None else {}
        self.table = QTableWidget(len(self.items), 5, self)
        self.table.setObjectName("review.attachments")
        self.table.setHorizontalHeaderLabels([self.tr("Description"), self.tr("Kind"),
                                              self.tr("Type"), self.tr("Size"),
                                              self.tr("SHA-256")])
        self.table.setAccessibleName(self.tr("Attachments: Enter or double-click opens one"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for row, a in enumerate(self.items):
            description = made.get(a.id, ("", "", "", ""))[2]
            cells = (description or a.filename, a.kind, a.media_type, human_size(a.size),
                     a.sha256)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.open(index.row()))
        self.table.doubleClicked.connect(lambda index: self.open(index.row()))
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.clicked.connect(lambda: self.open(self.table.currentRow()))
        self.stop_button = QPushButton(self.tr("S&top playback"), self)
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        self.status = QLabel(self.tr("Choose an attachment and press Enter to open it."), self)
        self.status.setWordWrap(True)
        self.image = QLabel(self)
        self.image.setObjectName("review.attachment_image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        shown = QScrollArea(self)
        shown.setWidgetResizable(True)
        shown.setWidget(self.image)
        self.playback = Playback(self)
        self.playback.moved.connect(self._position)
        self.seek = QSlider(Qt.Orientation.Horizontal, self)
        self.seek.setObjectName("review.audio_position")
        self.seek.setAccessibleName(self.tr(
            "Playback position: the arrow keys move 5 seconds, Page Up and Page Down 30"))
        self.seek.setSingleStep(STEP_MS)
        self.seek.setPageStep(PAGE_MS)
        self.seek.setEnabled(False)
        self.seek.actionTriggered.connect(
            lambda _action: self.playback.play(self.seek.sliderPosition()))
        self.task: Task | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.seek)
        layout.addWidget(shown, 2)
        if self.items:
            self.table.selectRow(0)

    def open(self, row: int) -> None:
        """Show, play or (for any other file) offer to export the attachment in ``row``."""
        if not 0 <= row < len(self.items):
            return
        att = self.items[row]
        if att.media_type.startswith("image/"):
            self.show_image(att)
        elif att.media_type.startswith("audio/"):
            self.play(att)
        else:
            self.choose_export(att)

    # -- images ---------------------------------------------------------------------------
    def show_image(self, att: Attachment) -> None:
        if self.task is not None:
            return
        self.status.setText(self.tr("Decrypting %1 into memory…").replace("%1", att.filename))
        self.task = Task(read_for_preview, self.vault, att, parent=self)
        self.task.finished.connect(lambda data: self._image_read(att, data))
        self.task.failed.connect(self._failed)
        self.task.start()

    def _image_read(self, att: Attachment, data: bytes) -> None:
        self.task = None
        image = QImage()
        if not image.loadFromData(data):
            self.status.setText(self.tr("This image cannot be shown."))
            return
        self.image.setPixmap(QPixmap.fromImage(image).scaled(
            SHOWN_SIZE, SHOWN_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        self.status.setText(self.tr("%1: %2 x %3 pixels, shown from memory.").replace(
            "%1", att.filename).replace("%2", str(image.width())).replace(
            "%3", str(image.height())))
        self.opened.emit(att.id, "image")

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.status.setText(errors.message(exc, self.tr("The attachment cannot be opened: %1")))

    # -- audio ----------------------------------------------------------------------------
    def play(self, att: Attachment) -> None:
        self.stop()
        failed = self.playback.open(self.vault, att.id)
        if failed:
            self.status.setText(failed)
            return
        self.playback.play()
        self.stop_button.setEnabled(True)
        self.seek.setRange(0, self.playback.duration())
        self.seek.setEnabled(self.playback.duration() > 0)
        self.status.setText(self.tr("Playing %1 from the vault (nothing written to disk).")
                            .replace("%1", att.filename))
        self.opened.emit(att.id, "audio")

    def _position(self, ms: int) -> None:
        self.stop_button.setText(self.tr("S&top playback (%1)").replace("%1", clock(ms / 1000)))
        self.seek.setValue(ms)

    def stop(self) -> None:
        self.playback.close()
        self.stop_button.setEnabled(False)
        self.stop_button.setText(self.tr("S&top playback"))
        self.seek.setEnabled(False)
        self.seek.setValue(0)

    # -- other files ------------------------------------------------------------------------
    def choose_export(self, att: Attachment) -> None:
        name = save_file_name(self, self.tr("Export a copy"), att.filename)
        if name and warn_unencrypted(self, name):
            self.export_to(att, Path(name))

    def export_to(self, att: Attachment, target: Path) -> None:
        """Decrypt ``att`` to ``target`` in a worker (all or nothing)."""
        if self.task is not None:
            return
        self.status.setText(self.tr("Exporting…"))
        self.task = Task(attachments.extract, self.vault, att.id, target, parent=self)
        self.task.finished.connect(lambda _r: self._exported(att, target))
        self.task.failed.connect(self._failed)
        self.task.start()

    def _exported(self, att: Attachment, target: Path) -> None:
        self.task = None
        self.status.setText(self.tr("An unencrypted copy of %1 was written to %2.").replace(
            "%1", att.filename).replace("%2", str(target)))
        self.opened.emit(att.id, "export")
