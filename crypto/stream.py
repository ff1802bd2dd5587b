"""Streamed, chunked AEAD for large files: never whole in memory, every change detected.

File layout::

    header  = b"TIAE" | version (1 byte, = 1) | chunk size (u32 big-endian) | salt (32 bytes)
    chunk_i = AES-256-GCM(file_key, nonce_i, plaintext_i, associated_data=header)

file_key = HKDF-SHA256(key, salt=salt, info=b"testimony-intake/v1/stream" + aad), so the caller's
associated data (e.g. an attachment id) binds a file to its place. nonce_i is the 11-byte
big-endian chunk counter followed by a last-chunk flag byte (age's STREAM construction): every
chunk holds `chunk size` plaintext bytes except the last, which holds 0..chunk size bytes and is
empty only when the whole plaintext is. Truncation, extension, reordering, chunks from another
file and header changes all fail authentication.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.errors import Cancelled, FormatError, IntegrityError

if TYPE_CHECKING:
    from typing_extensions import Buffer

MAGIC = b"TIAE"
VERSION = 1
CHUNK_SIZE = 64 * 1024
MIN_CHUNK_SIZE = 64  # smaller chunk sizes exist only to keep test vectors small
MAX_CHUNK_SIZE = 1024 * 1024
SALT_BYTES = 32
TAG_BYTES = 16
KEY_BYTES = 32
_HEADER = struct.Struct(">4sBI32s")
HEADER_SIZE = _HEADER.size
_INFO = b"testimony-intake/v1/stream"
_MAX_COUNTER = 2**88 - 1

BLOB_VERSION = 1
_BLOB_NONCE = 12


def _check_key(key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise ValueError("key must be 32 bytes")


def _file_cipher(key: bytes, salt: bytes, aad: bytes) -> AESGCM:
    _check_key(key)
    file_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO + aad).derive(key)
    return AESGCM(file_key)


def _nonce(counter: int, last: bool) -> bytes:
    if counter > _MAX_COUNTER:
        raise IntegrityError("too many chunks")
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _parse_header(untrusted_header: bytes) -> tuple[int, bytes]:
    if len(untrusted_header) < HEADER_SIZE:
        raise FormatError("file too short for a header")
    magic, version, chunk_size, salt = _HEADER.unpack(untrusted_header)
    if magic != MAGIC:
        raise FormatError("not an encrypted testimony-intake file")
    if version != VERSION:
        raise FormatError(f"unsupported stream version {version}")
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise FormatError("chunk size out of bounds")
    return chunk_size, salt


def _read_full(src: BinaryIO, n: int) -> bytes:
    """Up to n bytes; fewer only at end of file (tolerates short reads)."""
    parts = []
    remaining = n
    while remaining > 0:
        part = src.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


class EncryptingWriter:
    """Incremental encryption: w = EncryptingWriter(key, dst); w.write(b)...; w.close().

    close() writes the final chunk and does not close dst. After close, `plaintext_size` and
    `sha256` (a hashlib object of the plaintext; None with ``hash_plaintext=False``, for a
    caller that has no use for it) describe what was written.
    `salt` and `chunk_size` are injectable for deterministic test vectors only.
    """

    def __init__(
        self,
        key: bytes,
        dst: BinaryIO,
        aad: bytes = b"",
        *,
        salt: bytes | None = None,
        chunk_size: int = CHUNK_SIZE,
        hash_plaintext: bool = True,
    ) -> None:
        salt = os.urandom(SALT_BYTES) if salt is None else salt
        if len(salt) != SALT_BYTES:
            raise ValueError("salt must be 32 bytes")
        if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk size out of bounds")
        self._header = _HEADER.pack(MAGIC, VERSION, chunk_size, salt)
        self._aead = _file_cipher(key, salt, aad)
        self._dst = dst
        self._chunk_size = chunk_size
        self._buf = bytearray()
        self._counter = 0
        self._closed = False
        self.plaintext_size = 0
        self.sha256 = hashlib.sha256() if hash_plaintext else None
        dst.write(self._header)

    def _emit(self, chunk: bytes | bytearray | memoryview, last: bool) -> None:
        nonce = _nonce(self._counter, last)
        self._dst.write(self._aead.encrypt(nonce, bytes(chunk), self._header))
        self._counter += 1

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed EncryptingWriter")
        view = memoryview(data).cast("B")
        n = len(view)
        if self.sha256 is not None:
            self.sha256.update(view)
        self.plaintext_size += n
        # A chunk is sealed only once more data follows it: the last one is sealed by close().
        while len(self._buf) + len(view) > self._chunk_size:
            take = self._chunk_size - len(self._buf)
            if self._buf:
                self._buf += view[:take]
                self._emit(self._buf, last=False)
                self._buf = bytearray()
            else:
                self._emit(view[:take], last=False)
            view = view[take:]
        self._buf += view
        return n

    def close(self) -> None:
        if self._closed:
            return
        self._emit(self._buf, last=True)
        self._buf = bytearray()
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed


# Whole chunks are read, encrypted and written this many bytes at a time; the format (chunk
# size in the header, one AEAD per chunk) does not change with it.
READ_SIZE = 1024 * 1024
_QUEUE_DEPTH = 2  # blocks waiting per background stage: bounds memory to a few MiB


class Stage:
    """A background thread running jobs in submission order, with a short queue.

    hashlib and file writes release the GIL on large buffers, so SHA-256 and the disk run on
    another core while this thread reads and encrypts the next block. The first job error is
    raised by the next submit() or by finish().
    """

    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._pending: deque[Future[None]] = deque()

    def submit(self, fn: Callable[..., None], *args: object) -> None:
        while len(self._pending) >= _QUEUE_DEPTH:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(fn, *args))

    def finish(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DurableSink:
    """Writes blocks to dst. With ``durable_every``, each time that many bytes passed it asks
    a third thread to fsync what is written so far, without waiting for it: the disk writes
    back while hashing goes on, and the caller's final fsync has little left to do."""

    def __init__(self, dst: BinaryIO, durable_every: int | None) -> None:
        self._dst = dst
        self._every = durable_every
        self._unsynced = 0
        self._syncer = ThreadPoolExecutor(1, thread_name_prefix="stream-sync")
        self._sync: Future[None] | None = None

    def write(self, parts: list[bytes]) -> None:
        data = b"".join(parts)
        self._dst.write(data)
        self.passed(len(data))

    def passed(self, size: int) -> None:
        """``size`` more bytes reached dst (written here, or by another writer of the file)."""
        self._unsynced += size
        if self._every is not None and self._unsynced >= self._every:
            if self._sync is None or self._sync.done():
                if self._sync is not None:
                    self._sync.result()
                self._dst.flush()
                self._sync = self._syncer.submit(os.fsync, self._dst.fileno())
                self._unsynced = 0

    def close(self) -> None:
        try:
            if self._sync is not None:
                self._sync.result()
        finally:
            self._syncer.shutdown(wait=True)


def _write(dst: BinaryIO, data: bytes) -> None:
    dst.write(data)


def _block_size(chunk_size: int) -> int:
    return chunk_size * max(1, READ_SIZE // chunk_size)


def encrypt_stream(
    key: bytes,
    src: BinaryIO,
    dst: BinaryIO,
    *,
    aad: bytes = b"",
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    salt: bytes | None = None,
    chunk_size: int = CHUNK_SIZE,
    durable_every: int | None = None,
) -> tuple[int, str]:
    """Encrypt src into dst; returns (plaintext size, sha256 hex of the plaintext).

    The same bytes as EncryptingWriter, produced as a pipeline: this thread reads and
    encrypts a block of whole chunks while one background thread hashes the previous block
    and another writes it. ``durable_every`` (bytes) makes the writer fsync dst as it goes;
    dst must then be a real file. cancel() returning True raises Cancelled; dst then holds
    a partial file to discard.
    """
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 32 bytes")
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError("chunk size out of bounds")
    header = _HEADER.pack(MAGIC, VERSION, chunk_size, salt)
    aead = _file_cipher(key, salt, aad)
    digest = hashlib.sha256()
    sink = DurableSink(dst, durable_every)
    block_size = _block_size(chunk_size)
    dst.write(header)
    hasher, writer = Stage("stream-hash"), Stage("stream-write")
    size = 0
    counter = 0
    try:
        block = _read_full(src, block_size)
        while True:
            # A chunk is the last one only when nothing follows it, so read one block ahead.
            following = _read_full(src, block_size) if len(block) == block_size else b""
            hasher.submit(digest.update, block)
            view = memoryview(block)
            count = max(1, -(-len(block) // chunk_size))
            sealed = []
            for k in range(count):
                if cancel is not None and cancel():
                    raise Cancelled("encryption cancelled")
                piece = view[k * chunk_size : (k + 1) * chunk_size]
                last = not following and k == count - 1
                sealed.append(aead.encrypt(_nonce(counter, last), piece, header))
                counter += 1
                size += len(piece)
                if progress is not None and len(piece):
                    progress(size)
            writer.submit(sink.write, sealed)
            if not following:
                break
            block = following
        hasher.finish()
        writer.finish()
    finally:
        hasher.close()
        writer.close()
        sink.close()
    return size, digest.hexdigest()


def decrypt_stream(
    key: bytes,
    src: BinaryIO,
    dst: BinaryIO,
    *,
    aad: bytes = b"",
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    hash_plaintext: bool = True,
) -> tuple[int, str]:
    """Decrypt src into dst chunk by chunk; returns (plaintext size, sha256 hex).

    With ``hash_plaintext=False`` the SHA-256 is skipped and returned as "": for callers that
    already hold the hash recorded at capture (the AEAD proves every chunk intact).

    Raises IntegrityError at the first bad chunk or a missing last chunk, FormatError for a
    malformed header. dst may then hold partial plaintext: the caller must discard it.
    Hashing and writing run on background threads, a block of chunks behind the decryption.
    """
    header = _read_full(src, HEADER_SIZE)
    chunk_size, salt = _parse_header(header)
    aead = _file_cipher(key, salt, aad)
    sealed_size = chunk_size + TAG_BYTES
    block_size = _block_size(chunk_size) // chunk_size * sealed_size
    digest = hashlib.sha256()
    hasher, writer = Stage("stream-hash"), Stage("stream-write")
    size = 0
    counter = 0
    try:
        block = _read_full(src, block_size)
        while True:
            following = _read_full(src, block_size) if len(block) == block_size else b""
            view = memoryview(block)
            count = max(1, -(-len(block) // sealed_size))
            plain = []
            for k in range(count):
                if cancel is not None and cancel():
                    raise Cancelled("decryption cancelled")
                current = view[k * sealed_size : (k + 1) * sealed_size]
                if len(current) < TAG_BYTES:
                    raise IntegrityError("file truncated: last chunk missing")
                last = not following and k == count - 1
                try:
                    chunk = aead.decrypt(_nonce(counter, last), current, header)
                except InvalidTag as exc:
                    raise IntegrityError(f"chunk {counter} failed authentication") from exc
                if last and not chunk and counter > 0:
                    raise IntegrityError("non-canonical empty last chunk")
                plain.append(chunk)
                size += len(chunk)
                counter += 1
                if progress is not None:
                    progress(size)
            data = b"".join(plain)
            if hash_plaintext:
                hasher.submit(digest.update, data)
            writer.submit(_write, dst, data)
            if not following:
                break
            block = following
        hasher.finish()
        writer.finish()
    finally:
        hasher.close()
        writer.close()
    return size, digest.hexdigest() if hash_plaintext else ""


def salvage(key: bytes, src: BinaryIO, aad: bytes = b"") -> Iterator[tuple[bytes, bool]]:
    """The chunks of a stream whose writer may have been killed before close(), in order.

    Yields (plaintext, last) for each chunk that authenticates at its position; ``last`` is
    True for a chunk sealed as the final one (the stream was complete). Stops, without an
    error, at the first chunk that is short or fails (a torn write at the end), so a caller
    keeps exactly the prefix that was written whole. A chunk is tried as not-last first: a
    cut stream has no last chunk, and a forged one would still need the key.
    FormatError for a missing or malformed header.
    """
    header = _read_full(src, HEADER_SIZE)
    chunk_size, salt = _parse_header(header)
    aead = _file_cipher(key, salt, aad)
    counter = 0
    while True:
        sealed = _read_full(src, chunk_size + TAG_BYTES)
        if len(sealed) < TAG_BYTES:
            return
        for last in (False, True):
            try:
                chunk = aead.decrypt(_nonce(counter, last), sealed, header)
            except InvalidTag:
                continue
            yield chunk, last
            break
        else:
            return
        if last:
            return
        counter += 1


class DecryptingReader(io.RawIOBase):
    """A seekable, read-only view of an encrypted file; decrypts one chunk at a time.

    On open the header and the last chunk are verified, so `size` is known and truncation is
    detected; any other chunk is verified when it is read (IntegrityError from read()).
    src must be seekable; it stays open when the reader is closed.
    """

    def __init__(self, key: bytes, src: BinaryIO, aad: bytes = b"") -> None:
        super().__init__()
        self._src = src
        src.seek(0)
        self._header = _read_full(src, HEADER_SIZE)
        self._chunk_size, salt = _parse_header(self._header)
        self._aead = _file_cipher(key, salt, aad)
        sealed_size = self._chunk_size + TAG_BYTES
        body = src.seek(0, io.SEEK_END) - HEADER_SIZE
        if body < TAG_BYTES:
            raise IntegrityError("file truncated: last chunk missing")
        self._chunks = -(-body // sealed_size)
        last_sealed = body - (self._chunks - 1) * sealed_size
        if last_sealed < TAG_BYTES:
            raise IntegrityError("file truncated inside a chunk")
        self._cache_index = -1
        self._cache = b""
        last_plain = self._load(self._chunks - 1)
        if not last_plain and self._chunks > 1:
            raise IntegrityError("non-canonical empty last chunk")
        self.size = (self._chunks - 1) * self._chunk_size + len(last_plain)
        self._pos = 0

    def _load(self, index: int) -> bytes:
        if index != self._cache_index:
            sealed_size = self._chunk_size + TAG_BYTES
            self._src.seek(HEADER_SIZE + index * sealed_size)
            sealed = _read_full(self._src, sealed_size)
            last = index == self._chunks - 1
            try:
                self._cache = self._aead.decrypt(_nonce(index, last), sealed, self._header)
            except InvalidTag as exc:
                raise IntegrityError(f"chunk {index} failed authentication") from exc
            if not last and len(self._cache) != self._chunk_size:
                raise IntegrityError(f"chunk {index} has the wrong size")
            self._cache_index = index
        return self._cache

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if self.closed:
            raise ValueError("seek on a closed reader")
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self.size + offset
        else:
            raise ValueError("invalid whence")
        if pos < 0:
            raise ValueError("negative seek position")
        self._pos = pos
        return pos

    def readinto(self, buffer: Buffer) -> int:
        if self.closed:
            raise ValueError("read from a closed reader")
        out = memoryview(buffer).cast("B")
        written = 0
        while written < len(out) and self._pos < self.size:
            index, offset = divmod(self._pos, self._chunk_size)
            chunk = self._load(index)
            n = min(len(chunk) - offset, len(out) - written)
            out[written : written + n] = chunk[offset : offset + n]
            written += n
            self._pos += n
        return written


def seal_blob(key: bytes, data: bytes, aad: bytes = b"") -> bytes:
    """A small item sealed in one piece: version byte | 12-byte nonce | AES-256-GCM(data)."""
    _check_key(key)
    version = bytes([BLOB_VERSION])
    nonce = os.urandom(_BLOB_NONCE)
    return version + nonce + AESGCM(key).encrypt(nonce, data, version + aad)


def open_blob(key: bytes, blob: bytes, aad: bytes = b"") -> bytes:
    """The data of a sealed blob; FormatError for a foreign blob, IntegrityError if altered."""
    _check_key(key)
    if len(blob) < 1 + _BLOB_NONCE + TAG_BYTES:
        raise FormatError("blob too short")
    if blob[0] != BLOB_VERSION:
        raise FormatError(f"unsupported blob version {blob[0]}")
    nonce = blob[1 : 1 + _BLOB_NONCE]
    try:
        return AESGCM(key).decrypt(nonce, blob[1 + _BLOB_NONCE :], blob[:1] + aad)
    except InvalidTag as exc:
        raise IntegrityError("blob failed authentication") from exc
