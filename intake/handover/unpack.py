"""Reading a bundle: decrypted into an ephemeral encrypted spool (random key held in memory
only), its ZIP read back through a seekable decrypting reader. Everything read is hostile:
names, sizes, counts, JSON size and depth are all checked before use."""

from __future__ import annotations

import contextlib
import io
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from crypto import age, keys, stream
from crypto.errors import Cancelled, FormatError, IntegrityError
from intake.handover.bundle import (
    CERTIFICATE,
    CONTROL_FILES,
    COUNTERSIGNATURE,
    COUNTERSIGNER,
    DAMAGED_ENTRY,
    MANIFEST,
    MAX_BUNDLE_BYTES,
    MAX_ENTRIES,
    MAX_ENTRY_BYTES,
    MAX_JSON_BYTES,
    MAX_RATIO,
    MAX_SMALL_BYTES,
    SIGNATURE,
    BundleError,
    Cancel,
    Progress,
    check_identity,
    check_name,
    parse_json,
)
from intake.handover.manifest import Manifest

SPOOL_BUFFER = 1024 * 1024  # the bundle and the spool are read 1 MiB at a time

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
    manifest_bytes: bytes = b""
    manifest: Manifest | None = None
    signature: bytes = b""
    certificate_pem: bytes = b""
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
            bundle = OpenBundle(zf, infos)
            bundle.manifest_bytes = bundle.read(MANIFEST)
            bundle.signature = bundle.read(SIGNATURE, MAX_SMALL_BYTES)
            bundle.certificate_pem = bundle.read(CERTIFICATE, MAX_SMALL_BYTES)
            if COUNTERSIGNATURE in infos:
                bundle.countersignature = bundle.read(COUNTERSIGNATURE, MAX_SMALL_BYTES)
            if COUNTERSIGNER in infos:
                bundle.countersigner_pem = bundle.read(COUNTERSIGNER, MAX_SMALL_BYTES)
            raw = Manifest.check_format(parse_json(bundle.manifest_bytes, MANIFEST), path.name)
            bundle.manifest = Manifest.from_json(raw)
            yield bundle
