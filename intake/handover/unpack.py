"""Reading a bundle in one streaming pass: decrypted by age on one thread, its ZIP parsed,
hashed and CRC-checked on this one as the bytes arrive (:mod:`intake.handover.zipview`, which
also checks the ZIP's two views against each other); nothing is written to disk but what a
caller asks for (an archive's own encrypted attachment blobs, on import). Everything read is
hostile: names, sizes, counts, JSON size and depth are all checked before use.
"""

from __future__ import annotations

import contextlib
import io
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from crypto import age
from crypto.errors import Cancelled, FormatError, IntegrityError
from intake.handover import bundle
from intake.handover.bundle import (
    CERTIFICATE,
    CONTROL_FILES,
    COUNTERSIGNATURE,
    COUNTERSIGNER,
    MANIFEST,
    MAX_ENTRY_BYTES,
    MAX_JSON_BYTES,
    MAX_SMALL_BYTES,
    SIGNATURE,
    BundleError,
    Cancel,
    Progress,
    check_identity,
    parse_json,
)
from intake.handover.manifest import Manifest
from intake.handover.pipe import BlockPipe, PipeWriter
from intake.handover.zipview import BLOCK, Entry, Reader, Sink, Source, Write

__all__ = ["OpenBundle", "Sink", "Write", "kept_limit", "open_bundle"]

@dataclass
class OpenBundle:
    """A bundle read in full: every entry hashed, the small ones kept, the two ZIP views
    checked against each other, the manifest parsed. File contents are not yet verified
    against the manifest (that is :func:`intake.archive.verify.check_open`)."""

    infos: dict[str, zipfile.ZipInfo]
    entries: dict[str, Entry]
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    certificate_pem: bytes
    countersignature: bytes = b""  # empty when the bundle has none
    countersigner_pem: bytes = b""
    sunk: list[str] = field(default_factory=list)  # entries also written to a caller's sink

    def kept(self) -> dict[str, bytes]:
        """The bytes of every entry kept in memory and read whole (not damaged)."""
        return {
            n: e.data for n, e in self.entries.items() if e.data is not None and not e.damage
        }



def kept_limit(name: str) -> int:
    """How many bytes of an entry are kept in memory (0: hashed only)."""
    if name in (SIGNATURE, CERTIFICATE, COUNTERSIGNATURE, COUNTERSIGNER):
        return MAX_SMALL_BYTES
    if name in (MANIFEST, bundle.AUDIT, bundle.HISTORY):
        return MAX_JSON_BYTES
    kind = bundle.record_file(name)
    if kind == bundle.STATEMENT_PDF:
        from crypto import pdfsign  # pyhanko: loaded only when a bundle is read

        return pdfsign.MAX_PDF_BYTES
    return MAX_JSON_BYTES if kind else 0


# -- the decrypted stream -----------------------------------------------------------------


class _Counting(io.RawIOBase):
    """The age file as pyrage reads it, counting bytes for progress."""

    def __init__(self, src: BinaryIO) -> None:
        super().__init__()
        self._src, self.done = src, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._src.read(len(buffer))
        buffer[: len(data)] = data
        self.done += len(data)
        return len(data)


@contextlib.contextmanager
def _decrypting(
    path: Path, identity_text: str, progress: Progress | None, cancel: Cancel | None
) -> Iterator[Source]:
    """Yield the decrypted bytes of ``path``, decrypted by age on a thread of its own. On
    leaving, a failure of the decryption (a wrong key, a file cut short or altered) is
    raised in preference to whatever the reader made of the bytes it got."""
    try:
        total = path.stat().st_size
        src_file = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        raise BundleError(
            f"cannot read {path.name}: {e.strerror}", code="bundle.unreadable", detail=path.name
        ) from None
    counting = _Counting(src_file)
    pipe = BlockPipe()
    failure: list[BaseException] = []

    def decrypt() -> None:
        try:
            out = io.BufferedWriter(PipeWriter(pipe), BLOCK)
            age.decrypt(io.BufferedReader(counting, BLOCK), cast(BinaryIO, out), identity_text)
            out.flush()
        except BaseException as e:  # noqa: BLE001 - handed to the reading thread
            failure.append(e)
        finally:
            with contextlib.suppress(BrokenPipeError):
                pipe.put(b"")  # the end (cut short if the decryption failed)

    def step() -> None:
        if progress is not None:
            progress(min(counting.done, total), total)

    worker = threading.Thread(target=decrypt, name="bundle-decrypt", daemon=True)
    with src_file:
        worker.start()
        source = Source(pipe, step, cancel)
        try:
            yield source
            if source.read(1):
                raise BundleError(f"{path.name}: bytes after the end of the ZIP")
        except BaseException:
            pipe.reader_gone.set()
            worker.join()
            if failure and not isinstance(failure[0], OSError | Cancelled):
                _raise_decryption(path, failure[0])
            raise
        finally:
            pipe.reader_gone.set()
            worker.join()
        if failure:
            _raise_decryption(path, failure[0])
        step()


def _raise_decryption(path: Path, failure: BaseException) -> None:
    if isinstance(failure, FormatError):
        raise BundleError(
            f"{path.name} is not an age-encrypted bundle ({failure})",
            code="bundle.not_age",
            detail=path.name,
        ) from None
    if isinstance(failure, IntegrityError):  # cut short (an interrupted copy) or altered
        raise IntegrityError(f"the bundle {path.name} is {failure}", detail=path.name) from None
    raise failure


# -- the bundle -------------------------------------------------------------------------


def open_bundle(
    path: Path,
    identity_text: str,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    sink: Sink | None = None,
) -> OpenBundle:
    """Decrypt and read ``path`` in one pass; ``sink(name)`` may return a context yielding a
    function that also gets each block of that entry (what it wrote is the caller's to
    remove if this raises, or if the bundle then fails verification).

    Raises UsageError (the identity is unusable), WrongIdentity (no identity matches),
    BundleError (not an age file, not a ZIP, unsafe structure, the two ZIP views disagree,
    no manifest) or IntegrityError (the age payload was altered or cut short).
    """
    check_identity(identity_text)
    with _decrypting(path, identity_text, progress, cancel) as src:
        reader = Reader(src, kept_limit, sink)
        reader.after = lambda entry: _note_sizes(reader, entry)
        infos = reader.read(path.name)
    entries = reader.entries
    for name in CONTROL_FILES:
        if name not in infos:
            raise BundleError(
                f"{path.name} is not a bundle: {name} is missing",
                code="bundle.not_a_bundle",
                detail=path.name,
            )
    kept = {name: _kept(entries[name]) for name in (*CONTROL_FILES, COUNTERSIGNATURE, COUNTERSIGNER)
            if name in entries}
    raw = Manifest.check_format(parse_json(kept[MANIFEST], MANIFEST), path.name)
    return OpenBundle(
        infos,
        entries,
        Manifest.from_json(raw),
        kept[MANIFEST],
        kept[SIGNATURE],
        kept[CERTIFICATE],
        kept.get(COUNTERSIGNATURE, b""),
        kept.get(COUNTERSIGNER, b""),
        reader.sunk,
    )


def _kept(entry: Entry) -> bytes:
    if entry.damage:
        raise BundleError(f"{entry.name}: damaged inside the ZIP ({entry.damage})")
    return entry.data or b""


def _note_sizes(reader: Reader, entry: Entry) -> None:
    """Where each attachment of this record ends, as its record.json (which comes before
    them) says: an attachment is stored with its sizes after it, and bytes inside it that
    look like that trailer must not end it early. Only a hint: both ZIP views and the
    manifest are checked whatever it says."""
    if entry.data is None or bundle.record_file(entry.name) != bundle.RECORD_JSON:
        return
    with contextlib.suppress(BundleError):
        doc = parse_json(entry.data, bundle.RECORD_JSON)
        metas = doc.get("attachments") if isinstance(doc, dict) else None
        for meta in metas if isinstance(metas, list) else []:
            if isinstance(meta, dict) and isinstance(meta.get("path"), str):
                size = meta.get("size")
                if type(size) is int and 0 <= size <= MAX_ENTRY_BYTES:
                    reader.sizes[meta["path"]] = size
