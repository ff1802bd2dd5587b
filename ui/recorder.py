"""Record the interview in the editor: record, pause, resume, stop, markers, playback.

The capture, the encoder and the encryption are ``intake.capture.recording`` (the same core as
`intake record-audio`); this panel only drives it and shows a level meter and the elapsed
time, polled ten times a second. Markers (button or Ctrl+M anywhere in the editor) note the
time and the section being edited. Locking, auto-lock and quitting call :func:`stop_all`
first, which stops and saves every recording in progress and says so.

Playback (:class:`ui.playback.Playback`) decodes the stored audio through the chunk-decrypting
reader on the GUI thread and pushes the samples into Qt's audio sink: no plaintext file, no
temporary file, only the chunk being played is decrypted in memory, and Qt's threads never
call Python. A marker double-clicked (or Enter) plays from its time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake.capture import audiostore, microphone, recording
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors
from ui.playback import Playback

log = logging.getLogger(__name__)
POLL_MS = 100
MARK_KEYS = "Ctrl+M"
RECORD_KEYS = "Ctrl+Shift+R"
PAUSE_KEYS = "Ctrl+Shift+P"


def clock(seconds: float) -> str:
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


class RecorderPanel(QWidget):
    """Recordings of one record. ``recorded(attachment id)`` after one was saved."""

    recorded = Signal(str)

    def __init__(
        self,
        vault: Vault,
        record_id: str,
        *,
        section: Callable[[], str] = str,
        shortcut_host: QWidget | None = None,
        device: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recorder")
        self.vault, self.record_id = vault, record_id
        self._section = section
        self._device = device
        self.recorder: recording.Recorder | None = None
        heading = QLabel(self.tr("Recording of the interview"), self)
        heading.setStyleSheet("font-weight: bold;")
        self.record_button = QPushButton(self.tr("&Record"), self)
        self.record_button.setToolTip(RECORD_KEYS)
        self.record_button.clicked.connect(self.toggle_record)
        self.pause_button = QPushButton(self.tr("&Pause"), self)
        self.pause_button.setToolTip(PAUSE_KEYS)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.mark_button = QPushButton(self.tr("&Marker"), self)
        self.mark_button.setToolTip(self.tr("Note this moment and the section (%1)").replace(
            "%1", MARK_KEYS))
        self.mark_button.clicked.connect(self.mark)
        self.level = QProgressBar(self)
        self.level.setObjectName("recorder.level")
        self.level.setAccessibleName(self.tr("Microphone level"))
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.elapsed = QLabel("0:00", self)
        self.elapsed.setObjectName("recorder.elapsed")
        self.elapsed.setAccessibleName(self.tr("Time recorded"))
        self.status = QLabel(self.tr("Not recording."), self)
        self.status.setObjectName("recorder.status")
        self.status.setWordWrap(True)
        self.recordings = QListWidget(self)
        self.recordings.setAccessibleName(self.tr("Recordings of this record"))
        self.recordings.currentRowChanged.connect(self._show_markers)
        self.markers = QListWidget(self)
        self.markers.setAccessibleName(self.tr("Markers: double-click or Enter to play from there"))
        self.markers.itemActivated.connect(self._seek_to_marker)
        self.play_button = QPushButton(self.tr("P&lay"), self)
        self.play_button.clicked.connect(self.toggle_play)
        self.position = QLabel("", self)
        self.playback = Playback(self)
        self.playback.moved.connect(lambda ms: self.position.setText(clock(ms / 1000)))
        self.playback.changed.connect(self._sync)
        row = QHBoxLayout()
        for w in (self.record_button, self.pause_button, self.mark_button):
            row.addWidget(w)
        meter = QHBoxLayout()
        meter.addWidget(self.level, 1)
        meter.addWidget(self.elapsed)
        play = QHBoxLayout()
        play.addWidget(self.play_button)
        play.addWidget(self.position, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addLayout(meter)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(self.tr("Recordings:"), self))
        layout.addWidget(self.recordings, 1)
        layout.addLayout(play)
        layout.addWidget(QLabel(self.tr("Markers:"), self))
        layout.addWidget(self.markers, 1)
        host = shortcut_host or self
        for keys, slot in ((MARK_KEYS, self.mark), (RECORD_KEYS, self.toggle_record),
                           (PAUSE_KEYS, self.toggle_pause)):
            shortcut = QShortcut(QKeySequence(keys), host)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.reload()

    # -- listing -------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.selected_id()
        self.recordings.clear()
        for info in audiostore.for_record(self.vault, self.record_id):
            if info.state == "recording":
                continue
            text = f"{info.started_at[:16].replace('T', ' ')}  {clock(info.duration_ms / 1000)}"
            if info.state == "interrupted":
                text += "  " + self.tr("(interrupted: kept up to the cut)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.attachment_id)
            self.recordings.addItem(item)
            if info.attachment_id == current:
                self.recordings.setCurrentItem(item)
        if self.recordings.currentRow() < 0 and self.recordings.count():
            self.recordings.setCurrentRow(self.recordings.count() - 1)
        self._sync()

    def selected_id(self) -> str:
        item = self.recordings.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _show_markers(self, _row: int = -1) -> None:
        self.markers.clear()
        att_id = self.selected_id()
        if not att_id:
            return
        for m in audiostore.markers(self.vault, att_id):
            text = f"{clock(m.at_ms / 1000)}  {m.section}" + (f": {m.label}" if m.label else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m.at_ms)
            self.markers.addItem(item)
        self._sync()

    def _sync(self) -> None:
        rec = self.recorder
        live = rec is not None
        self.record_button.setText(self.tr("&Stop") if live else self.tr("&Record"))
        self.pause_button.setEnabled(live)
        self.pause_button.setText(
            self.tr("Res&ume") if rec is not None and rec.paused else self.tr("&Pause"))
        self.mark_button.setEnabled(live)
        self.play_button.setEnabled(not live and bool(self.selected_id()))
        self.play_button.setText(
            self.tr("P&ause playback") if self.playback.playing else self.tr("P&lay"))

    # -- recording -----------------------------------------------------------------------
    def toggle_record(self) -> None:
        if self.recorder is None:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        if self.recorder is not None:
            return
        self.stop_playback()
        name = self._device() if self._device is not None else ""
        try:
            capture = microphone.DeviceCapture(name or None)
            rec = recording.Recorder(self.vault, self.record_id, capture)
            rec.start()
        except (IntakeError, OSError) as e:
            self.status.setText(errors.message(e, self.tr("The microphone cannot be used: %1")))
            return
        self.recorder = rec
        self.status.setText(self.tr("Waiting for the microphone (%1)…").replace("%1", rec.device))
        self.timer.start()
        self._sync()

    def toggle_pause(self) -> None:
        rec = self.recorder
        if rec is None:
            return
        if rec.paused:
            rec.resume()
        else:
            rec.pause()
        self._poll()
        self._sync()

    def mark(self) -> None:
        rec = self.recorder
        if rec is None:
            return
        try:
            m = rec.mark(self._section())
        except IntakeError as e:
            self.status.setText(errors.message(e))
            return
        self.status.setText(
            self.tr("Marker at %1 (%2).").replace("%1", clock(m.at_ms / 1000)).replace(
                "%2", m.section or "-"))

    def _poll(self) -> None:
        rec = self.recorder
        if rec is None:
            return
        self.level.setValue(int(min(rec.level, 1.0) * 100))
        self.elapsed.setText(clock(rec.elapsed))
        if rec.state == "failed":
            self.stop()
        elif rec.paused:
            self.status.setText(self.tr("Paused; nothing is recorded until you resume."))
        elif rec.first_data.is_set():
            self.status.setText(self.tr("Recording from %1; encrypted as it is captured.")
                                .replace("%1", rec.device))

    def stop(self) -> str:
        """Stop and save the recording in progress; a sentence saying what happened."""
        rec, self.recorder = self.recorder, None
        self.timer.stop()
        self.level.setValue(0)
        if rec is None:
            return ""
        if not rec.first_data.is_set():
            rec.discard()
            self.status.setText(self.tr("No sound came from the microphone: nothing was kept."))
            self._sync()
            return ""
        try:
            att = rec.stop()
        except BaseException as e:  # the cut recording is kept at the next unlock
            text = errors.message(e, self.tr(
                "The recording stopped with an error (%1); what was recorded is kept at the next unlock."  # noqa: E501
            ))
            self.status.setText(text)
            self._sync()
            return text
        text = self.tr("Recording saved: %1, encrypted in the vault.").replace(
            "%1", clock(rec.elapsed))
        self.status.setText(text)
        self.reload()
        self.recordings.setCurrentRow(self.recordings.count() - 1)
        self.recorded.emit(att.id)
        return text

    # -- playback ------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.playback.playing:
            self.playback.pause()
        else:
            self.play()

    def play(self, at_ms: int = -1) -> None:
        att_id = self.selected_id()
        if not att_id or self.recorder is not None:
            return
        if att_id != self.playback.attachment_id:
            failed = self.playback.open(self.vault, att_id)
            if failed:
                self.status.setText(failed)
                return
        self.playback.play(at_ms)

    def _seek_to_marker(self, item: QListWidgetItem) -> None:
        self.play(int(item.data(Qt.ItemDataRole.UserRole)))

    def stop_playback(self) -> None:
        self.playback.close()

    def shutdown(self, *, save: bool = True) -> str:
        """Before the keys go: stop and save a recording (or, for the wipe, only stop it),
        stop playback."""
        said = ""
        if save:
            said = self.stop()
        elif self.recorder is not None:
            self.recorder.abort()
            self.recorder = None
            self.timer.stop()
        self.stop_playback()
        return said


def stop_all(window: QWidget, *, save: bool = True) -> list[str]:
    """Stop and save every recording in progress under ``window`` (lock, auto-lock, quit,
    closing the editor); with ``save=False`` (the wipe) only stop capturing and writing."""
    said = []
    panels = window.findChildren(RecorderPanel)
    if isinstance(window, RecorderPanel):
        panels.append(window)
    for panel in panels:
        text = panel.shutdown(save=save)
        if text:
            said.append(text)
    return said


def preferred_device(widget: QWidget) -> str:
    prefs: Any = getattr(widget.window(), "prefs", None)
    return str(getattr(prefs, "input_device", "") or "")
