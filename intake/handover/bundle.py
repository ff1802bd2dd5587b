"""The handover bundle format: an age-encrypted ZIP with a signed manifest (see docs/bundle.md).

Layout inside the ZIP::

    manifest.json                     canonical JSON (RFC 8785): every other file, its SHA-256
    manifest.sig                      DER ECDSA-SHA256 of manifest.json by the exporter's key
    exporter.pem                      the exporter's certificate
    manifest.countersig               (version 2, when countersigned) the same by a supervisor
    countersigner.pem                 (version 2, when countersigned) the supervisor's certificate
    audit.json                        audit entries for these records + this export's custody entry
    records/<id>/record.json          every sealed version (SealedVersion.to_json), as exported
    records/<id>/schema.json          JSON Schema of the record's form version
    records/<id>/statement.pdf        PAdES-signed statement
    records/<id>/attachments/<attachment id>/<name>   the attachment bytes (STORED)

Writing streams the ZIP through a pipe into the age encryptor, whose output
goes to a temp file beside the target (``files.atomic_writer``). Reading
decrypts into an ephemeral encrypted spool (random key held in memory only)
and reads the ZIP back through a seekable decrypting reader. Everything read
is hostile: names, sizes, counts, JSON size and depth are all checked before use.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import queue
import re
import stat
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import rfc8785

from crypto import age, keys, stream
from crypto.errors import Cancelled, FormatError, IntegrityError
from intake import files
from intake.errors import IntakeError, UsageError

FORMAT = "testimony-intake-bundle"
FORMAT_VERSION = 1
# 2: the manifest may name a countersigner, whose signature and certificate sit beside the
# exporter's (intake/capture/countersign.py). Written only for a countersigned bundle.
COUNTERSIGNED_VERSION = 2
# 3: every bundle carries the exporting vault's signed audit head (manifest "history") and
# history.json, the counter and head of each of that vault's checkpoints (intake/vault/history.py),
# so an archive can tell a history that forks from the one it holds. A countersignature is
# optional, as in 2. Versions 1 and 2 still verify and import (without a history).
HISTORY_VERSION = 3
FORMAT_VERSIONS = (FORMAT_VERSION, COUNTERSIGNED_VERSION, HISTORY_VERSION)
HISTORY = "history.json"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CERTIFICATE = "exporter.pem"
COUNTERSIGNATURE = "manifest.countersig"
COUNTERSIGNER = "countersigner.pem"
AUDIT = "audit.json"
CONTROL_FILES = (MANIFEST, SIGNATURE, CERTIFICATE)
COUNTERSIGN_FILES = (COUNTERSIGNATURE, COUNTERSIGNER)  # optional control files

# Limits on what a bundle may hold (decrypted). Generous for real interviews, fatal for bombs.
MAX_BUNDLE_BYTES = 64 * 1024**3
MAX_ENTRIES = 20_000
MAX_ENTRY_BYTES = 32 * 1024**3
MAX_JSON_BYTES = 64 * 1024**2
MAX_SMALL_BYTES = 256 * 1024  # manifest.sig, exporter.pem
MAX_JSON_DEPTH = 64
MAX_NAME_CHARS = 255
# What reading a damaged ZIP entry raises: a bad CRC, a corrupt deflate stream, a short entry.
DAMAGED_ENTRY = (zipfile.BadZipFile, zlib.error, EOFError)
MAX_RATIO = 100  # uncompressed / compressed, for deflated entries
_SAFE_PART = re.compile(r"^[A-Za-z0-9가-힣._-]{1,100}$")

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class BundleError(IntakeError):
    """Unreadable, not a bundle, or structurally unsafe: nothing in it is used (exit 2)."""

    exit_code = 2


# -- JSON -----------------------------------------------------------------------


def canonical(value: Any) -> bytes:
    return rfc8785.dumps(value)


def _depth(value: Any) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:
        node, d = todo.pop()
        deepest = max(deepest, d)
        if isinstance(node, dict):
            todo.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            todo.extend((v, d + 1) for v in node)
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def parse_json(untrusted: bytes, what: str, limit: int = MAX_JSON_BYTES) -> Any:
    """Parse untrusted JSON with a size cap, a depth cap and no duplicate keys; BundleError."""
    if len(untrusted) > limit:
        raise BundleError(f"{what}: larger than {limit} bytes")
    try:
        value = json.loads(untrusted.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise BundleError(f"{what}: not valid JSON ({type(e).__name__})") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BundleError(f"{what}: JSON nested deeper than {MAX_JSON_DEPTH}")
    return value


# -- names ----------------------------------------------------------------------


def safe_part(text: str, fallback: str) -> str:
    """One path component made of safe characters only (for ids and file names we write)."""
    cleaned = re.sub(r"[^A-Za-z0-9가-힣._-]+", "_", text).strip("._")[:100]
    return cleaned if cleaned and _SAFE_PART.match(cleaned) else fallback


def check_name(untrusted_name: str) -> None:
    """Raise BundleError unless the entry name is a plain relative path of safe components."""
    n = untrusted_name
    shown = n[:80].encode("unicode_escape").decode("ascii")
    if not n or len(n) > MAX_NAME_CHARS:
        raise BundleError(f"unsafe entry name {shown!r}: empty or too long")
    if n.startswith("/") or "\\" in n or re.match(r"^[A-Za-z]:", n) or "\x00" in n:
        raise BundleError(f"unsafe entry name {shown!r}: absolute path or backslash")
    parts = n.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise BundleError(f"unsafe entry name {shown!r}: '..', '.' or empty component")
    if not all(_SAFE_PART.match(p) for p in parts):
        raise BundleError(f"unsafe entry name {shown!r}: characters outside the bundle alphabet")


# -- writing --------------------------------------------------------------------


@dataclass
class FileEntry:
    path: str
    sha256: str
    size: int
    media_type: str
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "kind": self.kind,
        }


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


SPOOL_BUFFER = 1024 * 1024  # reading: the bundle and the spool are read 1 MiB at a time
PIPE_BLOCK = 1024 * 1024  # the encryptor reads the ZIP in blocks this large
PIPE_DEPTH = 4  # blocks in flight between the ZIP writer and the encryptor


class _BlockPipe:
    """A bounded pipe of byte blocks between two threads of this process.

    An OS pipe holds 64 KiB, so a 1 MiB write wakes the encryptor thread many times and
    pyrage's 8 KiB reads each cost a system call; here a write is one queued block and the
    encryptor reads through a 1 MiB buffer. An empty block marks the end.
    """

    def __init__(self) -> None:
        self._blocks: queue.Queue[bytes] = queue.Queue(PIPE_DEPTH)
        self.reader_gone = threading.Event()

    def put(self, block: bytes) -> None:
        while not self.reader_gone.is_set():
            try:
                self._blocks.put(block, timeout=0.1)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the encryptor stopped reading")

    def get(self) -> bytes:
        return self._blocks.get()


class _PipeWriter(io.RawIOBase):
    def __init__(self, pipe: _BlockPipe) -> None:
        super().__init__()
        self._pipe = pipe

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        block = bytes(data)
        if block:
            self._pipe.put(block)
        return len(block)


class _PipeReader(io.RawIOBase):
    def __init__(self, pipe: _BlockPipe) -> None:
        super().__init__()
        self._pipe = pipe
        self._block = memoryview(b"")
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._block and not self._eof:
            self._block = memoryview(self._pipe.get())
            self._eof = not self._block
        n = min(len(buffer), len(self._block))
        buffer[:n] = self._block[:n]
        self._block = self._block[n:]
        return n


class _HashingWriter:
    """Writes through to ``out`` and hashes what passes (the bundle file's SHA-256)."""

    def __init__(self, out: BinaryIO, digest: Any) -> None:
        self._out, self._digest = out, digest

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()


@contextlib.contextmanager
def encrypted_zip(
    target: Path, recipients: list[str], digest: Any = None
) -> Iterator[zipfile.ZipFile]:
    """Yield a ZipFile whose bytes stream through age into ``target`` (atomic, all or nothing).
    ``digest`` (a hashlib object), if given, is fed every byte written to ``target``.

    The ZIP is written into one end of a bounded in-process pipe (``_BlockPipe``); a thread
    feeds the other end to the age encryptor, which writes to a temp file beside ``target``.
    On any error (or Cancelled) the temp file is removed and ``target`` is untouched.
    """
    with files.atomic_writer(target) as raw:
        out = cast(BinaryIO, _HashingWriter(raw, digest)) if digest is not None else raw
        pipe = _BlockPipe()
        failure: list[BaseException] = []

        def encrypt() -> None:
            try:
                age.encrypt(io.BufferedReader(_PipeReader(pipe), PIPE_BLOCK), out, recipients)
            except BaseException as e:  # noqa: BLE001 - handed to the writing thread
                failure.append(e)
            finally:
                pipe.reader_gone.set()

        worker = threading.Thread(target=encrypt, name="bundle-encrypt", daemon=True)
        worker.start()
        try:
            try:
                with zipfile.ZipFile(_PipeWriter(pipe), "w", allowZip64=True) as zf:
                    yield zf
            except BrokenPipeError:
                pass  # the encryptor stopped: its error is raised below
            finally:
                with contextlib.suppress(BrokenPipeError):
                    pipe.put(b"")  # end of the ZIP (cut short if the writer failed)
        finally:
            worker.join()
        if failure:
            raise failure[0]


# -- reading --------------------------------------------------------------------


class _CappedSpool:
    """Write end of the decryption: encrypts into the spool, counts, cancels, caps."""

    def __init__(self, writer: stream.EncryptingWriter, cancel: Cancel | None) -> None:
        self._w, self._cancel = writer, cancel
        self.size = 0

    def write(self, data: bytes) -> int:
        if self._cancel is not None and self._cancel():
            raise Cancelled("reading the bundle was cancelled")
        self.size += len(data)
        if self.size > MAX_BUNDLE_BYTES:
            raise BundleError(f"bundle is larger than {MAX_BUNDLE_BYTES} bytes decrypted")
        self._w.write(data)
        return len(data)

    def flush(self) -> None:
        pass


class _CountingReader(io.RawIOBase):
    def __init__(self, src: BinaryIO, progress: Progress | None, total: int) -> None:
        super().__init__()
        self._src, self._progress, self._total, self.done = src, progress, total, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._src.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.done += n
        if self._progress is not None:
            self._progress(self.done, self._total)
        return n


@dataclass
class OpenBundle:
    """A decrypted bundle, checked for structure; file contents are not yet verified."""

    zf: zipfile.ZipFile
    infos: dict[str, zipfile.ZipInfo]
    manifest_bytes: bytes
    manifest: dict[str, Any]
    signature: bytes
    certificate_pem: bytes
    countersignature: bytes = b""  # empty when the bundle has none
    countersigner_pem: bytes = b""

    def size(self, name: str) -> int:
        return self.infos[name].file_size

    def read(self, name: str, limit: int = MAX_JSON_BYTES) -> bytes:
        info = self.infos[name]
        if info.file_size > limit:
            raise BundleError(f"{name}: larger than {limit} bytes")
        try:
            with self.zf.open(info) as f:
                data = f.read(limit + 1)
        except DAMAGED_ENTRY as e:
            raise BundleError(f"{name}: damaged inside the ZIP ({type(e).__name__})") from None
        if len(data) > limit:
            raise BundleError(f"{name}: larger than {limit} bytes")
        return data

    def open(self, name: str) -> IO[bytes]:
        return self.zf.open(self.infos[name])


def _check_infos(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleError(f"bundle holds more than {MAX_ENTRIES} entries")
    seen: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        check_name(info.filename)
        if info.filename in seen:
            raise BundleError(f"duplicate entry {info.filename}")
        mode = info.external_attr >> 16
        if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise BundleError(f"entry {info.filename} is not a regular file (link or folder)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(f"entry {info.filename}: unsupported compression")
        if info.flag_bits & 0x1:
            raise BundleError(f"entry {info.filename}: encrypted ZIP entries are not allowed")
        if info.file_size > MAX_ENTRY_BYTES:
            raise BundleError(f"entry {info.filename}: declared size {info.file_size} too large")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise BundleError(f"entry {info.filename}: stored sizes disagree")
        if info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise BundleError(f"entry {info.filename}: compression ratio too high")
        total += info.file_size
        if total > MAX_BUNDLE_BYTES:
            raise BundleError(f"bundle declares more than {MAX_BUNDLE_BYTES} bytes of files")
        seen[info.filename] = info
    return seen


def check_identity(identity_text: str, where: str = "the identity") -> None:
    """UsageError naming ``where`` (the identity file) unless age can use this identity: an
    age-keygen file, or an unencrypted ssh-ed25519 / ssh-rsa private key."""
    try:
        age.load_identity(identity_text)
    except FormatError as e:
        raise UsageError(f"{where} is not usable: {e}") from None


@contextlib.contextmanager
def open_bundle(
    path: Path,
    identity_text: str,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Iterator[OpenBundle]:
    """Decrypt ``path`` into an ephemeral encrypted spool and open its ZIP.

    Raises UsageError (the identity is unusable), WrongIdentity (no identity matches),
    BundleError (not an age file, not a ZIP, unsafe structure, no manifest) or
    IntegrityError (the age payload was altered).
    """
    check_identity(identity_text)
    try:
        total = path.stat().st_size
        src_file = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        raise BundleError(f"cannot read {path.name}: {e.strerror}") from None
    spool_key = keys.new_key()
    with src_file, tempfile.TemporaryFile(prefix="intake-spool-") as spool:
        writer = stream.EncryptingWriter(spool_key, spool, hash_plaintext=False)  # hash unused
        sink = _CappedSpool(writer, cancel)
        counting = io.BufferedReader(_CountingReader(src_file, progress, total), SPOOL_BUFFER)
        try:
            age.decrypt(counting, cast(BinaryIO, sink), identity_text)
        except FormatError as e:
            raise BundleError(f"{path.name} is not an age-encrypted bundle ({e})") from None
        except IntegrityError as e:  # cut short (an interrupted copy) or altered in transit
            raise IntegrityError(f"the bundle {path.name} is {e}") from None
        writer.close()
        reader = io.BufferedReader(stream.DecryptingReader(spool_key, spool), SPOOL_BUFFER)
        try:
            zf = zipfile.ZipFile(reader)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
            raise BundleError(f"{path.name} does not hold a ZIP archive ({e})") from None
        with zf:
            infos = _check_infos(zf)
            for name in CONTROL_FILES:
                if name not in infos:
                    raise BundleError(f"{path.name} is not a bundle: {name} is missing")
            bundle = OpenBundle(zf, infos, b"", {}, b"", b"")
            bundle.manifest_bytes = bundle.read(MANIFEST)
            bundle.signature = bundle.read(SIGNATURE, MAX_SMALL_BYTES)
            bundle.certificate_pem = bundle.read(CERTIFICATE, MAX_SMALL_BYTES)
            if COUNTERSIGNATURE in infos:
                bundle.countersignature = bundle.read(COUNTERSIGNATURE, MAX_SMALL_BYTES)
            if COUNTERSIGNER in infos:
                bundle.countersigner_pem = bundle.read(COUNTERSIGNER, MAX_SMALL_BYTES)
            manifest = parse_json(bundle.manifest_bytes, MANIFEST)
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BundleError(f"{path.name} is not a {FORMAT}")
            if manifest.get("format_version") not in FORMAT_VERSIONS:
                raise BundleError(
                    f"bundle format version {manifest.get('format_version')!r} is not supported"
                )
            bundle.manifest = manifest
            yield bundle
