"""Playing an audio attachment from the vault, with no Python code ever run by a Qt thread.

Qt's media player reads its source from threads of its own: given a Python QIODevice, those
threads call into Python (taking the GIL) while they hold Qt's locks, and the GUI thread,
holding the GIL, can wait on one of those locks: a deadlock (seen once, in a test run). So Qt
is never handed a Python object to read. The stored audio is decoded (by libsndfile, or by
FFmpeg for what libsndfile refuses, such as AAC in M4A: :mod:`intake.capture.playable`)
through the chunk-decrypting reader on the GUI thread, a slice at a time from a timer, and
the samples are written into a :class:`QAudioSink` in push mode: the device ``start()``
returns is Qt's own, written to from the GUI thread only, and none of the sink's signals is
connected to Python. Only the chunk being decoded and the
sink's buffer (half a second) are in memory, nothing is written to disk, and an hours-long
recording plays the same way (measured on a 20-minute Opus recording: a second of audio
decodes in 4.4 ms of CPU, a seek anywhere takes 2.5 ms, memory stays flat). The position is
what the sink has played (its processed time) after the point playback started from.

Behind the sink, Qt 6.11 asks a PulseAudio server (PipeWire's too) to hold only 1024 frames,
21 ms, refilled by libpulse's thread in this process: on a busy laptop (an export running on
every core) that thread waits longer than 21 ms for a core and a gap is heard, though the
sink's own half second is full (measured: 3 of 12 plays with a gap under load). libpulse
reads ``PULSE_LATENCY_MSEC`` as each stream connects, so it is set here, when the module is
imported at startup (before any thread that could read the environment runs), unless the
user set it: the server then holds SERVER_MS (no gap in 12 plays under the same load). It
applies to the microphone's stream as well (PortAudio through ALSA's pulse plugin), which
records the same, in larger pieces. Windows and macOS have no libpulse and ignore it.
"""

from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QIODevice, QObject, QTimer, Signal
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from crypto.errors import CryptoError
from intake.capture import playable
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors

PUMP_MS = 50  # how often the sink is topped up
BUFFER_MS = 500  # the sink's buffer: how long the GUI thread may stall before a gap is heard
SERVER_MS = 100  # what the sound server holds: how long libpulse's thread may wait for a core

os.environ.setdefault("PULSE_LATENCY_MSEC", str(SERVER_MS))


class Playback(QObject):
    """One audio attachment at a time: ``open``, ``play(at_ms)``, ``pause``, ``close``.
    ``changed`` when it starts, pauses or stops (also at the end); ``moved(ms)`` as it plays."""

    changed = Signal()
    moved = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.attachment_id = ""
        self._stack = contextlib.ExitStack()
        self._audio: playable.Audio | None = None
        self._sink: QAudioSink | None = None
        self._out: QIODevice | None = None
        self._from_ms = 0  # where the sink started playing from
        self._written = 0  # bytes handed to the sink since then
        self._ended = False  # the decoder reached the end
        self._pending = b""  # decoded, not yet taken by the sink
        self._timer = QTimer(self)
        self._timer.setInterval(PUMP_MS)
        self._timer.timeout.connect(self._pump)

    # -- what the panels read ---------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def duration(self) -> int:
        """Milliseconds, 0 if the stream does not say (a cut FLAC recording)."""
        audio = self._audio
        if audio is None or audio.frames is None:
            return 0
        return int(audio.frames * 1000 // audio.samplerate)

    def position(self) -> int:
        sink, audio = self._sink, self._audio
        if sink is None or audio is None or self._out is None:
            return self._from_ms
        heard = sink.processedUSecs() // 1000
        written = self._written // (2 * audio.channels) * 1000 // audio.samplerate
        return self._from_ms + int(min(heard, written))

    # -- driving it -------------------------------------------------------------------------
    def open(self, vault: Vault, att_id: str) -> str:
        """Open the attachment's stored audio: "" if it can be played, else why not."""
        self.close()
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            return self.tr("No sound output device can be used.")
        try:
            audio = self._stack.enter_context(playable.open_playable(vault, att_id))
        except playable.Unplayable:
            self._stack.close()
            return self.tr("This audio format cannot be played here.")
        except (CryptoError, IntakeError, OSError) as e:
            self._stack.close()
            return errors.message(e, self.tr("This recording cannot be played: %1"))
        fmt = QAudioFormat()
        fmt.setSampleRate(audio.samplerate)
        fmt.setChannelCount(audio.channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, fmt, self)
        sink.setBufferSize(fmt.bytesForDuration(BUFFER_MS * 1000))
        self._audio, self._sink, self.attachment_id = audio, sink, att_id
        return ""

    def play(self, at_ms: int = -1) -> None:
        """Play (on from where it paused, or from ``at_ms``, or from the start after the end)."""
        sink, audio = self._sink, self._audio
        if sink is None or audio is None:
            return
        if at_ms >= 0 or self._out is None:
            self._restart(max(at_ms, 0))
            if self._sink is None:
                return
        elif sink.state() == QtAudio.State.SuspendedState:
            sink.resume()
        self._timer.start()
        self._pump()
        self.changed.emit()

    def pause(self) -> None:
        if self._sink is not None and self._out is not None:
            self._sink.suspend()
        self._timer.stop()
        self.changed.emit()

    def close(self) -> None:
        """Stop at once and close the recording's blob."""
        self._timer.stop()
        sink, self._sink, self._out, self._audio = self._sink, None, None, None
        if sink is not None:
            sink.stop()
            sink.setParent(None)  # deleted here, on the GUI thread
        self._stack.close()
        self.attachment_id = ""
        self._from_ms, self._written, self._ended, self._pending = 0, 0, False, b""
        self.changed.emit()

    def _restart(self, at_ms: int) -> None:
        sink, audio = self._sink, self._audio
        assert sink is not None and audio is not None
        sink.stop()
        frame = at_ms * audio.samplerate // 1000
        if audio.frames is not None:
            frame = min(frame, audio.frames)
        self._from_ms, self._written, self._pending = frame * 1000 // audio.samplerate, 0, b""
        self._ended = False
        try:
            audio.seek(frame)  # past the end, nothing is read: playback stops
        except (CryptoError, IntakeError, OSError):
            self.close()
            return
        self._out = sink.start()

    def _pump(self) -> None:
        """Top the sink's buffer up from the decoder; stop once all of it has been played
        (or if the sink stopped by itself: the output device went away)."""
        sink, audio, out = self._sink, self._audio, self._out
        if sink is None or audio is None or out is None:
            return
        frame = 2 * audio.channels
        frames = sink.bytesFree() // frame
        if frames and not self._pending and not self._ended:
            self._pending, self._ended = audio.read(frames), audio.ended
        if self._pending:
            written = max(out.write(self._pending), 0)
            self._pending = self._pending[written:]
            self._written += written
        self.moved.emit(self.position())
        state = sink.state()
        drained = self._ended and not self._pending and sink.bytesFree() >= sink.bufferSize()
        if state == QtAudio.State.StoppedState or (drained and state != QtAudio.State.ActiveState):
            self._from_ms, self._out = self.position(), None  # stays where it stopped
            sink.stop()
            self._timer.stop()
            self.changed.emit()
