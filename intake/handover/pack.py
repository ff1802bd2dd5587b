"""Writing a bundle: the ZIP entries (and what the manifest must list about them), streamed
through age into the target file (see docs/bundle.md)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from zlib_ng import zlib_ng

from crypto import age, stream
from crypto.errors import Cancelled
from intake import files
from intake.handover import agechild
from intake.handover.bundle import Cancel, check_name
from intake.handover.manifest import FileEntry
from intake.handover.pipe import PIPE_BLOCK, BlockPipe, PipeReader, PipeWriter

# zipfile computes every entry's CRC-32 through its module-level name ``crc32``. zlib-ng's is
# the same function (the same values; carry-less multiply instead of tables): 5 ms of CPU per
# 256 MiB where zlib's takes 65 ms, on an export's critical path beside age.
zipfile.crc32 = zlib_ng.crc32  # type: ignore[attr-defined]


class _HashingSink:
    """A write-only file object that counts what passes through to ``dst``, and hashes it
    unless the caller already holds the SHA-256 (``hash_it=False``)."""

    def __init__(
        self,
        dst: IO[bytes],
        progress: Callable[[int], None] | None,
        cancel: Cancel | None,
        hash_it: bool = True,
    ) -> None:
        self._dst, self._progress, self._cancel = dst, progress, cancel
        self.sha256 = hashlib.sha256() if hash_it else None
        self.size = 0

    def write(self, data: bytes) -> int:
        if self._cancel is not None and self._cancel():
            raise Cancelled("export cancelled")
        self._dst.write(data)
        if self.sha256 is not None:
            self.sha256.update(data)
        self.size += len(data)
        if self._progress is not None:
            self._progress(len(data))
        return len(data)


@dataclass
class BundleWriter:
    """Adds files to the ZIP and remembers what the manifest must list."""

    zf: zipfile.ZipFile
    date_time: tuple[int, int, int, int, int, int]
    entries: list[FileEntry] = field(default_factory=list)

    def _info(self, path: str, compress: bool) -> zipfile.ZipInfo:
        check_name(path)
        info = zipfile.ZipInfo(path, self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = (stat.S_IFREG | 0o600) << 16
        return info

    def add_bytes(
        self, path: str, data: bytes, media_type: str, kind: str, *, listed: bool = True
    ) -> FileEntry:
        compress = media_type == "application/json"
        self.zf.writestr(self._info(path, compress), data)
        entry = FileEntry(path, hashlib.sha256(data).hexdigest(), len(data), media_type, kind)
        if listed:
            self.entries.append(entry)
        return entry

    @contextlib.contextmanager
    def add_stream(
        self,
        path: str,
        media_type: str,
        kind: str,
        progress: Callable[[int], None] | None = None,
        cancel: Cancel | None = None,
        sha256: str | None = None,
    ) -> Iterator[_HashingSink]:
        """Yield a sink; what is written to it is stored (not deflated) and hashed.

        A caller that already holds the content's SHA-256 (an attachment's, recorded at
        capture, its bytes proven by AEAD as they are decrypted) passes it as ``sha256``:
        the manifest lists it and the bytes are not hashed again.
        """
        with self.zf.open(self._info(path, False), "w", force_zip64=True) as raw:
            sink = _HashingSink(raw, progress, cancel, hash_it=sha256 is None)
            yield sink
        digest = sha256 if sink.sha256 is None else sink.sha256.hexdigest()
        self.entries.append(FileEntry(path, digest or "", sink.size, media_type, kind))



# The bundle file is fdatasynced (without waiting) each time this many bytes were written, so
# the disk writes back while age encrypts and the final fsync has little left to wait for.
DURABLE_EVERY = 32 * 1024 * 1024


class _HashingWriter:
    """Where age writes the bundle: ``out``, with ``digest`` fed every byte.

    age hands over 64 KiB at a time from its own thread, holding up the encryption while the
    callback runs (and while it waits for the GIL): the callback only collects the pieces, and
    a background stage hashes and writes them 1 MiB at a time (``close()`` passes the rest).
    """

    def __init__(self, out: BinaryIO, digest: Any) -> None:
        self._sink = stream.DurableSink(out, DURABLE_EVERY)
        self._digest = digest
        self._stage = stream.Stage("bundle-write")
        self._parts: list[bytes] = []
        self._held = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._held += len(data)
        if self._held >= PIPE_BLOCK:
            self._pass()
        return len(data)

    def flush(self) -> None:
        pass  # close() writes the rest; the caller's fsync makes it durable

    def _pass(self) -> None:
        parts, self._parts, self._held = self._parts, [], 0
        self._stage.submit(self._store, parts)

    def _store(self, parts: list[bytes]) -> None:
        block = b"".join(parts)
        if self._digest is not None:
            self._digest.update(block)
        self._sink.write([block])

    def close(self, complete: bool) -> None:
        """Wait for the stage (writing what is left if ``complete``); its error is raised."""
        try:
            if complete:
                self._pass()
                self._stage.finish()
        finally:
            self._stage.close()
            self._sink.close()


# A bundle with at least this many bytes of attachments is encrypted in a process of its own
# (agechild.py), where age reads the pipe and writes the file itself (``agechild.direct``:
# Linux, macOS): on two cores that is a quarter quicker than age in a thread, with less CPU
# in all (docs/performance.md). Where the child must read through Python (Windows), the pipe
# costs about a third more CPU: it pays only from CHILD_CPUS cores.
CHILD_MIN = 64 * 1024 * 1024
CHILD_CPUS = 3


@contextlib.contextmanager
def encrypted_zip(
    target: Path, recipients: list[str], digest: Any = None, size_hint: int = 0
) -> Iterator[zipfile.ZipFile]:
    """Yield a ZipFile whose bytes stream through age into ``target`` (atomic, all or nothing).
    ``digest`` (a hashlib object), if given, is fed every byte written to ``target``.

    With ``size_hint`` (about the ZIP's size) of CHILD_MIN or more, where the child reads the
    pipe directly or on CHILD_CPUS cores or more, age runs in a process of its own
    (agechild.py): the ZIP goes to it through a pipe, it writes the temp file, and that is
    read back here for ``digest``. Otherwise the ZIP is written into one end of a bounded
    in-process pipe (``BlockPipe``) and a thread feeds the other end to the age encryptor.
    Either way it is written to a temp file beside ``target``; on any error (or Cancelled)
    the temp file is removed, ``target`` untouched.
    """
    cpus = os.cpu_count() or 1
    separate = (
        size_hint >= CHILD_MIN
        and agechild.available()
        and (agechild.direct() or cpus >= CHILD_CPUS)
    )
    with files.atomic_writer(target) as raw:
        if separate:
            with _through_child(raw, recipients, digest) as zf:
                yield zf
        else:
            with _through_thread(raw, recipients, digest) as zf:
                yield zf


@contextlib.contextmanager
def _through_child(raw: BinaryIO, recipients: list[str], digest: Any) -> Iterator[zipfile.ZipFile]:
    """The ZIP to age in its own process, which writes into ``raw``'s file; read back here."""
    sync = stream.DurableSink(raw, DURABLE_EVERY)

    def store(block: memoryview) -> None:
        if digest is not None:
            digest.update(block)
        sync.passed(len(block))

    try:
        child = agechild.AgeProcess(recipients, raw.name, store)
        try:
            with zipfile.ZipFile(cast(IO[bytes], child), "w", allowZip64=True) as zf:
                yield zf
            child.finish()
        except BaseException:
            child.kill()
            raise
    finally:
        sync.close()


@contextlib.contextmanager
def _through_thread(
    raw: BinaryIO, recipients: list[str], digest: Any
) -> Iterator[zipfile.ZipFile]:
    out = _HashingWriter(raw, digest)
    pipe = BlockPipe()
    failure: list[BaseException] = []

    def encrypt() -> None:
        try:
            age.encrypt(
                io.BufferedReader(PipeReader(pipe), PIPE_BLOCK), cast(BinaryIO, out), recipients
            )
        except BaseException as e:  # noqa: BLE001 - handed to the writing thread
            failure.append(e)
        finally:
            pipe.reader_gone.set()

    worker = threading.Thread(target=encrypt, name="bundle-encrypt", daemon=True)
    worker.start()
    complete = False
    try:
        try:
            with zipfile.ZipFile(PipeWriter(pipe), "w", allowZip64=True) as zf:
                yield zf
        except BrokenPipeError:
            pass  # the encryptor stopped: its error is raised below
        finally:
            with contextlib.suppress(BrokenPipeError):
                pipe.put(b"")  # end of the ZIP (cut short if the writer failed)
        complete = True
    finally:
        worker.join()
        out.close(complete and not failure)
    if failure:
        raise failure[0]
