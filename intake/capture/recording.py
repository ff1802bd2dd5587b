"""Audio recorded straight into the vault: capture -> encoder -> chunked encryption -> blob.

A capture source (PortAudio through ``sounddevice``, or anything that calls
:meth:`Recorder.feed`) delivers PCM blocks into memory. A writer thread encodes them with
libsndfile (``soundfile``: Opus in Ogg by default, FLAC as an option) into a file-like sink
that is the streamed chunk encryption of every other attachment, so the blob is written
encrypted as the audio comes and the SHA-256 is over exactly the plaintext stored. Memory
stays bounded: a short queue of blocks, one encryption chunk, the encoder's own page.

Never lost. The ``recordings`` row is written before the first byte, and holds the blob
against any orphan sweep. Ogg pages are 250 ms long, encryption chunks 4 KiB (about half a
second of Opus speech) and the writer fsyncs the blob every second, so a kill loses at most
the page and the chunk being filled (under a second), and a power cut the last second not
yet synced. The blob is locked (``flock``) while it is recorded. The next unlock finds a
row still 'recording' whose blob nobody holds, keeps the chunks that authenticate (the
stream has no last-chunk flag: see :func:`crypto.stream.salvage`), cuts an Ogg stream at
its last whole page (libogg drops a torn page anyway; cut, the file is well formed), and
re-encrypts that prefix under a fresh salt as a complete stream (atomically: the last
chunk is never re-sealed in place under a nonce it once had), then adds it as an
attachment marked 'interrupted', hashed over what was kept. A cut FLAC stream is kept
whole up to the last authenticated chunk; its header never learnt the length (libsndfile
writes it at close), which players treat as unknown.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import queue
import secrets
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, cast

import numpy as np
import soundfile as sf

from crypto import stream
from crypto.errors import CryptoError, FormatError
from intake import files
from intake.capture import attachments
from intake.capture.records import get as get_record
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault.db import utc_now

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no liveness lock, recovery trusts the row
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Format:
    key: str
    container: str
    subtype: str
    extension: str
    media_type: str


FORMATS = {
    "opus": Format("opus", "OGG", "OPUS", ".ogg", "audio/ogg"),
    "flac": Format("flac", "FLAC", "PCM_16", ".flac", "audio/flac"),
}
DEFAULT_FORMAT = "opus"
RATE = 48_000  # Opus's own rate; PortAudio through PulseAudio captures it cleanly
BLOCK_SECONDS = 0.1
CHUNK_SIZE = 4096  # encryption chunk: ~1 s of Opus speech, ~0.1 s of FLAC
SYNC_SECONDS = 1.0
QUEUE_BLOCKS = 300  # 30 s of audio waiting for the encoder before blocks are dropped
FIRST_DATA_TIMEOUT = 15.0


class Capture(Protocol):
    """A source of mono float32 PCM blocks, delivered to ``deliver`` on its own thread."""

    rate: int
    name: str

    def start(self, deliver: Callable[[np.ndarray], None]) -> None: ...

    def stop(self) -> None: ...


_live_streams = 0  # PortAudio may be re-initialised only while none is open


def _portaudio() -> Any:
    """sounddevice, with PortAudio's device list read afresh (a microphone plugged in, or a
    sound server started, after the first look is then seen: PortAudio lists devices once,
    at initialisation; sounddevice's documented way to refresh is to terminate and
    initialise it again)."""
    import sounddevice as sd

    if _live_streams == 0:
        with contextlib.suppress(AttributeError, sd.PortAudioError):
            sd._terminate()
            sd._initialize()
    return sd


def input_devices() -> list[str]:
    """Names of the capture devices PortAudio offers (empty when it is not installed)."""
    try:
        sd = _portaudio()
    except OSError:  # libportaudio missing
        return []
    return [str(d["name"]) for d in sd.query_devices() if int(d["max_input_channels"]) > 0]


class DeviceCapture:
    """A real input through PortAudio (``sounddevice``); ``device`` None is the default."""

    def __init__(self, device: str | None = None, rate: int = RATE) -> None:
        try:
            sd = _portaudio()
        except OSError as e:
            raise UsageError(f"no audio capture available (PortAudio: {e})") from None
        self._sd = sd
        self.rate = rate
        try:
            info: Any = sd.query_devices(device or None, "input")
        except (ValueError, sd.PortAudioError) as e:
            raise UsageError(f"no such input device: {device} ({e})") from None
        self.name = str(info["name"])
        self._device = device or None
        self._stream: Any = None
        self.overflows = 0

    def start(self, deliver: Callable[[np.ndarray], None]) -> None:
        def callback(indata: np.ndarray, frames: int, when: Any, status: Any) -> None:
            if status.input_overflow:
                self.overflows += 1
            deliver(indata[:, 0].copy())

        try:
            self._stream = self._sd.InputStream(
                device=self._device,
                samplerate=self.rate,
                channels=1,
                dtype="float32",
                blocksize=int(self.rate * BLOCK_SECONDS),
                callback=callback,
            )
            self._stream.start()
        except self._sd.PortAudioError as e:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
            raise UsageError(f"the input device cannot be opened: {e}") from None
        global _live_streams
        _live_streams += 1

    def stop(self) -> None:
        global _live_streams
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
            _live_streams -= 1


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


@dataclass(frozen=True)
class Marker:
    at_ms: int
    section: str
    label: str
    created_at: str


@dataclass(frozen=True)
class Info:
    """What the vault knows about a recording (its ``recordings`` row)."""

    attachment_id: str
    record_id: str
    state: str  # recording | complete | interrupted
    format: str
    sample_rate: int
    device: str
    started_at: str
    ended_at: str
    duration_ms: int
    dropouts: int


_INFO_COLUMNS = (
    "attachment_id, record_id, state, format, sample_rate, device, started_at, ended_at,"
    " duration_ms, dropouts"
)


def info(vault: Vault, attachment_id: str) -> Info:
    rows = vault.query(
        f"SELECT {_INFO_COLUMNS} FROM recordings WHERE attachment_id = ?", (attachment_id,)
    )
    if not rows:
        raise NotFound(f"no recording {attachment_id}", detail=attachment_id[:80])
    return Info(*rows[0])


def for_record(vault: Vault, record_id: str) -> list[Info]:
    rows = vault.query(
        f"SELECT {_INFO_COLUMNS} FROM recordings WHERE record_id = ? ORDER BY started_at",
        (record_id,),
    )
    return [Info(*r) for r in rows]


def markers(vault: Vault, attachment_id: str) -> list[Marker]:
    rows = vault.query(
        "SELECT at_ms, section, label, created_at FROM recording_markers"
        " WHERE attachment_id = ? ORDER BY at_ms, rowid",
        (attachment_id,),
    )
    return [Marker(int(a), str(s), str(lb), str(c)) for a, s, lb, c in rows]


def _lock(fd: int, *, wait: bool) -> bool:
    """An exclusive lock on an open blob; False if another open file holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


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
        fmt: str = DEFAULT_FORMAT,
        rate: int | None = None,
        device_name: str = "",
    ) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown audio format {fmt!r} (opus or flac)")
        self.vault = vault
        self.record_id = get_record(vault, record_id).id
        self.capture = capture
        self.format = FORMATS[fmt]
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
        stamp = self.started_at.replace("-", "").replace(":", "").replace("T", "-").rstrip("Z")
        return f"recording-{stamp}{self.format.extension}"

    # -- life ----------------------------------------------------------------------------
    def start(self) -> str:
        """Create the blob and its row, start the encoder and the capture; the attachment id."""
        if self.state != "idle":
            raise UsageError("this recorder was already started")
        self.started_at = utc_now()
        path = attachments.blob_path(self.vault, self.attachment_id)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        self._file = os.fdopen(fd, "wb", buffering=0)
        _lock(fd, wait=True)
        try:
            self._writer = stream.EncryptingWriter(
                self.vault.subkey("attachments"),
                self._file,
                aad=attachments.aad(self.attachment_id),
                chunk_size=CHUNK_SIZE,
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
                    f"INSERT INTO recordings ({_INFO_COLUMNS})"
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

    def mark(self, section: str = "", label: str = "") -> Marker:
        """Note the current time in the recording and the section being talked about."""
        if self.state != "recording":
            raise UsageError("no recording in progress")
        m = Marker(int(self.elapsed * 1000), section[:200], label[:500], utc_now())
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
                size, digest = _reseal(self.vault, self.attachment_id, self._sink.patches)
        finally:
            self._file.close()  # releases the lock: a failed recording is recovered later
        duration_ms = int(self._fed * 1000 / self.rate)
        att = _keep(self.vault, self, size, digest, "complete", duration_ms, self.dropouts)
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


def _keep(
    vault: Vault, rec: Recorder | Info, size: int, digest: str, state: str,
    duration_ms: int, dropouts: int,
) -> attachments.Attachment:
    """The attachment row and the recording's final state, in one transaction."""
    if isinstance(rec, Recorder):
        att_id, record_id, fmt, started = (rec.attachment_id, rec.record_id,
                                           rec.format, rec.started_at)
        filename = rec.filename
    else:
        att_id, record_id, fmt, started = (rec.attachment_id, rec.record_id,
                                           FORMATS[rec.format], rec.started_at)
        stamp = started.replace("-", "").replace(":", "").replace("T", "-").rstrip("Z")
        filename = f"recording-{stamp}{fmt.extension}"
    note = "recording interrupted; kept up to the cut" if state == "interrupted" else ""
    att = attachments.Attachment(
        att_id, record_id, filename, fmt.media_type, size, digest, started, utc_now(), note,
        "audio",
    )
    with vault.transaction() as c:
        attachments.insert(c, att)
        c.execute(
            "UPDATE recordings SET state = ?, ended_at = ?, duration_ms = ?, dropouts = ?"
            " WHERE attachment_id = ?",
            (state, att.added_at, duration_ms, dropouts, att_id),
        )
        audit.append(c, "attachment added", record_id, attachment=att_id, sha256=digest,
                     size=size, recording=state, duration_ms=duration_ms)
    return att


# -- re-sealing and recovery -------------------------------------------------------------


class _ChunksReader(io.RawIOBase):
    """A readable over an iterator of byte strings, at most ``limit`` bytes, with patches."""

    def __init__(self, parts: Iterator[bytes], limit: int | None = None,
                 patches: list[tuple[int, bytes]] | None = None) -> None:
        super().__init__()
        self._parts, self._limit = parts, limit
        self._patches = patches or []
        self._buf = b""
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, out: Any) -> int:
        view = memoryview(out).cast("B")
        while not self._buf:
            part = next(self._parts, None)
            if part is None:
                return 0
            for offset, data in self._patches:  # offsets in this part, from its start
                lo, hi = max(offset, self._pos), min(offset + len(data), self._pos + len(part))
                if lo < hi:
                    a, b = lo - self._pos, hi - self._pos
                    part = part[:a] + data[lo - offset : hi - offset] + part[b:]
            self._buf = part
        n = len(view) if self._limit is None else min(len(view), self._limit - self._pos)
        n = min(n, len(self._buf))
        view[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        self._pos += n
        return n


def _rewrite(vault: Vault, att_id: str, src: _ChunksReader) -> tuple[int, str]:
    """Encrypt ``src`` as the attachment's complete blob under a fresh salt (atomically)."""
    with files.atomic_writer(attachments.blob_path(vault, att_id)) as dst:
        return stream.encrypt_stream(
            vault.subkey("attachments"), cast(BinaryIO, src), dst, aad=attachments.aad(att_id),
            chunk_size=CHUNK_SIZE,
        )


def _chunks(vault: Vault, att_id: str) -> Iterator[tuple[bytes, bool]]:
    with open(attachments.blob_path(vault, att_id), "rb") as f:
        yield from stream.salvage(vault.subkey("attachments"), f, attachments.aad(att_id))


def _reseal(vault: Vault, att_id: str, patches: list[tuple[int, bytes]]) -> tuple[int, str]:
    parts = (chunk for chunk, _ in _chunks(vault, att_id))
    return _rewrite(vault, att_id, _ChunksReader(parts, patches=patches))


_OGG_PAGE = struct.Struct("<4sBBqIIIB")


def ogg_whole_pages(parts: Iterator[bytes]) -> int:
    """The length of the longest prefix of an Ogg stream made of whole pages."""
    buf = b""
    done = 0
    for part in parts:
        buf += part
        while len(buf) >= _OGG_PAGE.size:
            magic, *_, segments = _OGG_PAGE.unpack_from(buf)
            if magic != b"OggS":
                return done
            head = _OGG_PAGE.size + segments
            if len(buf) < head:
                break
            length = head + sum(buf[_OGG_PAGE.size : head])
            if len(buf) < length:
                break
            done += length
            buf = buf[length:]
    return done


def recover(vault: Vault) -> list[str]:
    """Keep every recording cut by a crash (rows still 'recording' whose blob nobody holds)
    as an interrupted attachment; returns their ids. Called at every unlock."""
    kept = []
    rows = vault.query(f"SELECT {_INFO_COLUMNS} FROM recordings WHERE state = 'recording'")
    for row in rows:
        rec = Info(*row)
        path = attachments.blob_path(vault, rec.attachment_id)
        try:
            with open(path, "rb") as held:
                if not _lock(held.fileno(), wait=False):
                    continue  # being recorded right now, by this or another process
                kept.append(_recover_one(vault, rec))
        except FileNotFoundError:
            kept.append(_recover_one(vault, rec))
        except (OSError, CryptoError) as e:
            log.error("recording %s could not be recovered: %s", rec.attachment_id,
                      type(e).__name__)
    return kept


def _recover_one(vault: Vault, rec: Info) -> str:
    att_id = rec.attachment_id
    path = attachments.blob_path(vault, att_id)
    complete = False
    usable = 0
    try:
        for chunk, last in _chunks(vault, att_id):
            usable += len(chunk)
            complete = last
    except (FileNotFoundError, FormatError):
        usable = 0  # killed before the header was written: nothing was recorded
    if complete:  # the stream was closed (and perhaps re-sealed) before the row was updated
        with open(path, "rb") as f, open(os.devnull, "wb") as sink:
            size, digest = stream.decrypt_stream(
                vault.subkey("attachments"), f, sink, aad=attachments.aad(att_id)
            )
    else:
        if rec.format == "opus" and usable:
            usable = ogg_whole_pages(chunk for chunk, _ in _chunks(vault, att_id))
        parts = (chunk for chunk, _ in _chunks(vault, att_id)) if usable else iter(())
        size, digest = _rewrite(vault, att_id, _ChunksReader(parts, limit=usable))
    duration_ms = int(probe_seconds(vault, att_id) * 1000) if size else 0
    _keep(vault, rec, size, digest, "interrupted", duration_ms, rec.dropouts)
    log.info("kept an interrupted recording (%d bytes)", size)
    return att_id


# -- reading back ------------------------------------------------------------------------


@contextlib.contextmanager
def _open_audio(vault: Vault, att_id: str) -> Iterator[sf.SoundFile]:
    """libsndfile reading the stored audio through the decrypting reader (no plaintext file)."""
    with open(attachments.blob_path(vault, att_id), "rb") as blob:
        reader = stream.DecryptingReader(
            vault.subkey("attachments"), blob, aad=attachments.aad(att_id)
        )
        with reader, sf.SoundFile(reader) as f:
            yield f


def probe_seconds(vault: Vault, att_id: str) -> float:
    """The duration libsndfile reads from the stored audio (0.0 if it cannot tell)."""
    try:
        with _open_audio(vault, att_id) as f:
            frames = f.frames
            return frames / f.samplerate if 0 < frames < 2**40 else 0.0
    except (sf.LibsndfileError, RuntimeError, CryptoError, NotFound):
        return 0.0


def decode(vault: Vault, att_id: str) -> tuple[np.ndarray, int]:
    """The recording's samples (mono float32) and rate, decoded from the vault in memory."""
    with _open_audio(vault, att_id) as f:
        return f.read(dtype="float32", always_2d=True)[:, 0], int(f.samplerate)


def record(
    vault: Vault,
    record_id: str,
    seconds: float,
    *,
    device: str | None = None,
    fmt: str = DEFAULT_FORMAT,
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

