"""Audio recorded straight into the vault: capture -> encoder -> chunked encryption -> blob.

A capture source (PortAudio through ``sounddevice``, or anything that calls
:meth:`Recorder.feed`) delivers PCM blocks into memory. A writer thread encodes them with
libsndfile (``soundfile``: Opus in Ogg by default, FLAC as an option) into a file-like sink
that is the streamed chunk encryption of every other attachment, so the blob is written
encrypted as the audio comes and the SHA-256 is over exactly the plaintext stored. Memory
stays bounded: a short queue of blocks, one encryption chunk, the encoder's own page. The
device is intake/capture/microphone.py; recordings as kept, their recovery after a crash and
reading them back are intake/capture/audiostore.py.

Never lost. The ``recordings`` row is written before the first byte, and holds the blob
against any orphan sweep. Ogg pages are 250 ms long, encryption chunks 4 KiB (about half a
second of Opus speech) and the writer fsyncs the blob every second, so a kill loses at most
the page and the chunk being filled (under a second), and a power cut the last second not
yet synced. The blob is locked (``flock``) while it is recorded; the next unlock keeps
what a crash cut (audiostore.recover).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import queue
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, BinaryIO

import numpy as np
import soundfile as sf

from crypto import stream
from intake.capture import attachments, audiostore
from intake.capture.microphone import RATE, Capture, DeviceCapture
from intake.capture.records import get as get_record
from intake.errors import UsageError
from intake.vault import Vault, audit
from intake.vault.db import utc_now

log = logging.getLogger(__name__)

SYNC_SECONDS = 1.0
QUEUE_BLOCKS = 300  # 30 s of audio waiting for the encoder before blocks are dropped
FIRST_DATA_TIMEOUT = 15.0


OGG_PAGE_MS = 250.0
_SFC_SET_OGG_PAGE_LATENCY_MS = 0x1302  # libsndfile >= 1.2 (sndfile.h)


def _short_pages(f: sf.SoundFile) -> None:
    """Ask libsndfile for an Ogg page every 250 ms (its default is one a second): a page is
    the unit an interrupted Ogg stream is kept in. soundfile has no wrapper for sf_command,
    so it goes through its cffi handle; without it pages stay a second long."""
    try:
        value = sf._ffi.new("double *", OGG_PAGE_MS)
        sf._snd.sf_command(f._file, _SFC_SET_OGG_PAGE_LATENCY_MS, value, sf._ffi.sizeof("double"))
    except (AttributeError, TypeError):  # pragma: no cover - another soundfile
        log.info("Ogg page latency left at libsndfile's default")


class _Sink:
    """The file soundfile writes to. Appends go to the encrypting writer; a write back at an
    earlier offset (FLAC's header update at close) is kept aside as a patch."""

    def __init__(self, writer: stream.EncryptingWriter) -> None:
        self._writer = writer
        self.pos = self.end = 0
        self.patches: list[tuple[int, bytes]] = []

    def write(self, data: Any) -> int:
        b = bytes(data)
        if self.pos == self.end:
            self._writer.write(b)
            self.end += len(b)
        else:
            self.patches.append((self.pos, b))
        self.pos += len(b)
        return len(b)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.end}[whence]
        self.pos = min(base + offset, self.end)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def read(self, size: int = -1) -> bytes:
        return b""


class Recorder:
    """One recording of one record. start(); feed() from the capture thread (or a capture
    source given here); pause()/resume(); mark(); stop() -> the attachment.

    ``level`` (peak of the last block, 0..1), ``elapsed`` (seconds recorded, pauses left
    out) and ``dropouts`` (blocks lost because the encoder fell behind, plus device
    overflows) are safe to read from any thread.
    """

    def __init__(
        self,
        vault: Vault,
        record_id: str,
        capture: Capture | None = None,
        *,
        fmt: str = audiostore.DEFAULT_FORMAT,
        rate: int | None = None,
        device_name: str = "",
    ) -> None:
        if fmt not in audiostore.FORMATS:
            raise UsageError(f"unknown audio format {fmt!r} (opus or flac)")
        self.vault = vault
        self.record_id = get_record(vault, record_id).id
        self.capture = capture
        self.format = audiostore.FORMATS[fmt]
        self.rate = capture.rate if capture is not None else (rate or RATE)
        self.device = capture.name if capture is not None else device_name
        self.attachment_id = secrets.token_hex(12)
        self.state = "idle"
        self.level = 0.0
        self.dropouts = 0
        self.first_data = threading.Event()
        self.error: BaseException | None = None
        self._fed = 0  # frames accepted (the recording's timeline)
        self._paused = False
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue(QUEUE_BLOCKS)
        self._thread: threading.Thread | None = None
        self._file: BinaryIO | None = None
        self._writer: stream.EncryptingWriter | None = None
        self._sink: _Sink | None = None
        self._sf: sf.SoundFile | None = None
        self.started_at = ""

    # -- state seen by the GUI -----------------------------------------------------------
    @property
    def elapsed(self) -> float:
        return self._fed / self.rate

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def filename(self) -> str:
        return audiostore.filename(self.started_at, self.format)

    @property
    def row(self) -> audiostore.Info:
        """The recording as its ``recordings`` row says (state, end and length not yet)."""
        return audiostore.Info(self.attachment_id, self.record_id, "recording", self.format.key,
                               self.rate, self.device, self.started_at, "", 0, self.dropouts)

    # -- life ----------------------------------------------------------------------------
    def start(self) -> str:
        """Create the blob and its row, start the encoder and the capture; the attachment id."""
        if self.state != "idle":
            raise UsageError("this recorder was already started")
        self.started_at = utc_now()
        path = attachments.blob_path(self.vault, self.attachment_id)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        self._file = os.fdopen(fd, "wb", buffering=0)
        audiostore.lock_blob(fd, wait=True)
        try:
            self._writer = stream.EncryptingWriter(
                self.vault.subkey("attachments"),
                self._file,
                aad=attachments.aad(self.attachment_id),
                chunk_size=audiostore.CHUNK_SIZE,
            )
            self._sink = _Sink(self._writer)
            self._sf = sf.SoundFile(
                self._sink,
                "w",
                samplerate=self.rate,
                channels=1,
                format=self.format.container,
                subtype=self.format.subtype,
            )
            if self.format.key == "opus":
                _short_pages(self._sf)
            self._sync()
            with self.vault.transaction() as c:
                c.execute(
                    f"INSERT INTO recordings ({audiostore.INFO_COLUMNS})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, '', 0, 0)",
                    (self.attachment_id, self.record_id, "recording", self.format.key,
                     self.rate, self.device, self.started_at),
                )
                audit.append(c, "recording started", self.record_id,
                             attachment=self.attachment_id, device=self.device)
        except BaseException:
            self._file.close()
            path.unlink(missing_ok=True)
            raise
        self.state = "recording"
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()
        if self.capture is not None:
            try:
                self.capture.start(self.feed)
            except BaseException:
                self.discard()
                raise
        return self.attachment_id

    def feed(self, block: np.ndarray) -> None:
        """Take one block of mono PCM (float32 in -1..1). Never blocks: the capture thread
        must not wait, so a block the encoder has no room for is dropped and counted."""
        if self.state != "recording":
            return
        if block.size:
            self.level = float(np.max(np.abs(block)))
            self.first_data.set()
        if self._paused:
            return
        try:
            self._queue.put_nowait(block)
        except queue.Full:
            self.dropouts += 1
            return
        self._fed += len(block)

    def pause(self) -> None:
        if self.state == "recording":
            self._paused = True

    def resume(self) -> None:
        self._paused = False

    def mark(self, section: str = "", label: str = "") -> audiostore.Marker:
        """Note the current time in the recording and the section being talked about."""
        if self.state != "recording":
            raise UsageError("no recording in progress")
        m = audiostore.Marker(int(self.elapsed * 1000), section[:200], label[:500], utc_now())
        with self.vault.transaction() as c:
            c.execute(
                "INSERT INTO recording_markers (attachment_id, at_ms, section, label, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (self.attachment_id, m.at_ms, m.section, m.label, m.created_at),
            )
        return m

    def _sync(self) -> None:
        assert self._file is not None
        os.fsync(self._file.fileno())

    def _run(self) -> None:
        assert self._sf is not None
        last_sync = time.monotonic()
        try:
            while True:
                block = self._queue.get()
                if block is None:
                    return
                self._sf.write(block)
                now = time.monotonic()
                if now - last_sync >= SYNC_SECONDS:
                    self._sync()
                    last_sync = now
        except BaseException as e:  # disk full, a failing disk: stop() reports it
            self.error = e
            self.state = "failed"
            log.error("recording failed: %s", type(e).__name__)

    def stop(self) -> attachments.Attachment:
        """Stop the capture, write the last page and the final chunk, and add the attachment
        (in one transaction with the row's new state). Safe to call from lock and quit."""
        if self.state not in ("recording", "failed"):
            raise UsageError("no recording in progress")
        if self.capture is not None:
            with contextlib.suppress(Exception):
                self.capture.stop()
        self.state = "stopping" if self.state == "recording" else self.state
        if self._thread is not None:
            while True:  # the writer thread may have died: never block on a full queue
                try:
                    self._queue.put(None, timeout=0.5)
                    break
                except queue.Full:
                    if not self._thread.is_alive():
                        break
            self._thread.join()
        assert self._sf is not None and self._writer is not None and self._file is not None
        try:
            if self.error is not None:
                raise self.error
            self._sf.close()
            self._writer.close()
            self._sync()
            assert self._writer.sha256 is not None and self._sink is not None
            size, digest = self._writer.plaintext_size, self._writer.sha256.hexdigest()
            if self._sink.patches:  # FLAC: its header now knows the length
                size, digest = audiostore.reseal(self.vault, self.attachment_id, self._sink.patches)
        finally:
            self._file.close()  # releases the lock: a failed recording is recovered later
        duration_ms = int(self._fed * 1000 / self.rate)
        att = audiostore.keep(
            self.vault, self.row, size, digest, "complete", duration_ms, self.dropouts
        )
        self.state = "stopped"
        return att

    def abort(self) -> None:
        """Stop capturing and writing at once, and save nothing (the emergency wipe). What
        was written stays a cut recording, which a later unlock would keep."""
        if self.capture is not None:
            with contextlib.suppress(Exception):
                self.capture.stop()
        self.state = "stopping"
        if self._thread is not None:
            with contextlib.suppress(queue.Full):
                self._queue.put(None, timeout=1)
            self._thread.join(timeout=5)
        if self._file is not None:
            self._file.close()
        self.state = "stopped"

    def discard(self) -> None:
        """Stop and keep nothing (no audio ever arrived): the blob and its row go."""
        self.abort()
        attachments.blob_path(self.vault, self.attachment_id).unlink(missing_ok=True)
        with self.vault.transaction() as c:
            c.execute("DELETE FROM recording_markers WHERE attachment_id = ?",
                      (self.attachment_id,))
            c.execute("DELETE FROM recordings WHERE attachment_id = ?", (self.attachment_id,))
            audit.append(c, "recording discarded", self.record_id,
                         attachment=self.attachment_id, reason="no audio from the device")
        self.state = "stopped"

    @property
    def total_dropouts(self) -> int:
        return self.dropouts + int(getattr(self.capture, "overflows", 0))


def record(
    vault: Vault,
    record_id: str,
    seconds: float,
    *,
    device: str | None = None,
    fmt: str = audiostore.DEFAULT_FORMAT,
    started: Callable[[Recorder], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> attachments.Attachment:
    """Record ``seconds`` of audio from a device (the command line's `record-audio`).

    Time is counted in captured samples, from the first block the device delivers.
    ``started(recorder)`` is called once audio arrives. Interrupted (Ctrl+C, cancel), what
    was recorded is kept and saved.
    """
    if seconds <= 0:
        raise UsageError("the duration must be more than 0 seconds")
    rec = Recorder(vault, record_id, DeviceCapture(device), fmt=fmt)
    rec.start()
    if not rec.first_data.wait(FIRST_DATA_TIMEOUT):
        rec.discard()
        raise UsageError(f"no audio arrived from the device {rec.device}")
    try:
        if started is not None:
            started(rec)
        while rec.elapsed < seconds and rec.state == "recording":
            if cancel is not None and cancel():
                break
            time.sleep(0.05)
    finally:
        att = rec.stop()
    return att

