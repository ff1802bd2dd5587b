"""Recordings as the vault keeps them: their formats, their ``recordings`` rows and markers,
their encrypted blobs (re-sealed whole, or salvaged after a crash cut them) and reading them
back. The recording in progress is intake/capture/recording.py.

Recovery: the next unlock finds a row still 'recording' whose blob nobody holds, keeps the
chunks that authenticate (the stream has no last-chunk flag: see :func:`crypto.stream.salvage`),
cuts an Ogg stream at its last whole page (libogg drops a torn page anyway; cut, the file is
well formed), and re-encrypts that prefix under a fresh salt as a complete stream (atomically:
the last chunk is never re-sealed in place under a nonce it once had), then adds it as an
attachment marked 'interrupted', hashed over what was kept. A cut FLAC stream is kept whole up
to the last authenticated chunk; its header never learnt the length (libsndfile writes it at
close), which players treat as unknown.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

import numpy as np
import soundfile as sf

from crypto import stream
from crypto.errors import CryptoError, FormatError
from intake import files
from intake.capture import attachments
from intake.errors import NotFound
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
CHUNK_SIZE = 4096  # encryption chunk: ~1 s of Opus speech, ~0.1 s of FLAC


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


INFO_COLUMNS = (
    "attachment_id, record_id, state, format, sample_rate, device, started_at, ended_at,"
    " duration_ms, dropouts"
)


def info(vault: Vault, attachment_id: str) -> Info:
    rows = vault.query(
        f"SELECT {INFO_COLUMNS} FROM recordings WHERE attachment_id = ?", (attachment_id,)
    )
    if not rows:
        raise NotFound(f"no recording {attachment_id}", detail=attachment_id[:80])
    return Info(*rows[0])


def for_record(vault: Vault, record_id: str) -> list[Info]:
    rows = vault.query(
        f"SELECT {INFO_COLUMNS} FROM recordings WHERE record_id = ? ORDER BY started_at",
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


def lock_blob(fd: int, *, wait: bool) -> bool:
    """An exclusive lock on an open blob; False if another open file holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def filename(started_at: str, fmt: Format) -> str:
    """The attachment's file name: recording-20260314-103000.ogg."""
    stamp = started_at.replace("-", "").replace(":", "").replace("T", "-").rstrip("Z")
    return f"recording-{stamp}{fmt.extension}"


def keep(
    vault: Vault, rec: Info, size: int, digest: str, state: str,
    duration_ms: int, dropouts: int,
) -> attachments.Attachment:
    """The attachment row and the recording's final state, in one transaction."""
    att_id, record_id, fmt, started = (rec.attachment_id, rec.record_id,
                                       FORMATS[rec.format], rec.started_at)
    filename_ = filename(started, fmt)
    note = "recording interrupted; kept up to the cut" if state == "interrupted" else ""
    att = attachments.Attachment(
        att_id, record_id, filename_, fmt.media_type, size, digest, started, utc_now(), note,
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


def reseal(vault: Vault, att_id: str, patches: list[tuple[int, bytes]]) -> tuple[int, str]:
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
    rows = vault.query(f"SELECT {INFO_COLUMNS} FROM recordings WHERE state = 'recording'")
    for row in rows:
        rec = Info(*row)
        path = attachments.blob_path(vault, rec.attachment_id)
        try:
            with open(path, "rb") as held:
                if not lock_blob(held.fileno(), wait=False):
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
    keep(vault, rec, size, digest, "interrupted", duration_ms, rec.dropouts)
    log.info("kept an interrupted recording (%d bytes)", size)
    return att_id


# -- reading back ------------------------------------------------------------------------


@contextlib.contextmanager
def open_audio(vault: Vault, att_id: str) -> Iterator[sf.SoundFile]:
    """libsndfile reading the stored audio through the decrypting reader (no plaintext file)."""
    with attachments.reading(vault, att_id) as reader, sf.SoundFile(reader) as f:
        yield f


def probe_seconds(vault: Vault, att_id: str) -> float:
    """The duration libsndfile reads from the stored audio (0.0 if it cannot tell)."""
    try:
        with open_audio(vault, att_id) as f:
            frames = f.frames
            return frames / f.samplerate if 0 < frames < 2**40 else 0.0
    except (sf.LibsndfileError, RuntimeError, CryptoError, NotFound):
        return 0.0


def decode(vault: Vault, att_id: str) -> tuple[np.ndarray, int]:
    """The recording's samples (mono float32) and rate, decoded from the vault in memory."""
    with open_audio(vault, att_id) as f:
        return f.read(dtype="float32", always_2d=True)[:, 0], int(f.samplerate)
