"""A ZIP read in one pass from a stream, with both of its views checked against each other.

A ZIP has two views of its entries: the local headers before each entry's bytes, which a
streaming reader follows, and the central directory at the end, which most tools read. A
file crafted so that they differ shows different contents to different readers. Both are
read here (the local headers with ``struct`` per APPNOTE 4.3.7 and 4.3.9, the central
directory with Python's ``zipfile``) and must agree entry by entry: name, offset, sizes,
CRC-32 and compression, with no bytes between entries and none the directory does not list.
Every entry is hashed (SHA-256) and CRC-checked as it passes; the names, sizes and counts of
both views are checked before anything is used (see docs/bundle.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from crypto.errors import Cancelled
from intake.handover.bundle import (
    MAX_BUNDLE_BYTES,
    MAX_ENTRIES,
    MAX_ENTRY_BYTES,
    MAX_RATIO,
    BundleError,
    Cancel,
    check_name,
)
from intake.handover.pipe import PIPE_BLOCK, BlockPipe

BLOCK = PIPE_BLOCK  # bytes handed between the threads, hashed and checked at a time
INFLATE_INPUT = 64 * 1024  # compressed bytes fed to zlib at a time (bounds a bomb's first step)
MAX_TAIL_BYTES = 64 * 1024**2  # the central directory and end records, held in memory

# APPNOTE 4.3.7 (local file header), 4.3.9 (data descriptor), 4.5.3 (ZIP64 extra field)
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_SIG = b"PK\x03\x04"
_DESCRIPTOR_SIG = b"PK\x07\x08"
_DESCRIPTOR32 = struct.Struct("<III")  # crc-32, compressed size, uncompressed size
_DESCRIPTOR64 = struct.Struct("<IQQ")
_EXTRA = struct.Struct("<HH")
_END = struct.Struct("<4sHHHHIIH")  # APPNOTE 4.3.16: end of central directory, no comment
_ZIP64_TAG = 0x0001
_ZIP64_SIZES = struct.Struct("<QQ")
_FLAG_ENCRYPTED = 0x1
_FLAG_DESCRIPTOR = 0x8
_FLAG_UTF8 = 0x800
_ZIP_STARTS = (_LOCAL_SIG, b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06")

#: What a sink is: a context that yields the function each block of an entry is written to.
Write = Callable[[bytes | memoryview], Any]
Sink = Callable[[str], contextlib.AbstractContextManager[Write] | None]


@dataclass
class Entry:
    """One ZIP entry as its local header declared it and as its bytes were read."""

    name: str
    offset: int
    method: int
    crc: int  # declared (local header or data descriptor)
    compress_size: int
    size: int
    sha256: str
    data: bytes | None = None  # kept in memory (control files, JSON, statements)
    damage: str = ""  # why its bytes cannot be trusted: a CRC-32 that does not match



class Source:
    """The decrypted bytes in order, from the pipe; counts them and caps the total."""

    def __init__(self, pipe: BlockPipe, progress: Callable[[], None], cancel: Cancel | None):
        self._pipe, self._progress, self._cancel = pipe, progress, cancel
        self._block = memoryview(b"")
        self._front = b""  # bytes given back (read ahead of an entry's end)
        self._ended = False
        self.offset = 0

    def read(self, n: int) -> bytes | memoryview:
        """Up to ``n`` bytes (fewer at a block's end); empty only at the end of the stream."""
        out: bytes | memoryview
        if self._front:
            out, self._front = self._front[:n], self._front[n:]
        else:
            if not self._block:
                if self._ended:
                    return b""
                if self._cancel is not None and self._cancel():
                    raise Cancelled("reading the bundle was cancelled")
                self._block = memoryview(self._pipe.get())
                self._ended = not self._block
                self._progress()
            out, self._block = self._block[:n], self._block[n:]
        self.offset += len(out)
        if self.offset > MAX_BUNDLE_BYTES:
            raise BundleError(f"bundle is larger than {MAX_BUNDLE_BYTES} bytes decrypted")
        return out

    def exact(self, n: int, what: str) -> bytes:
        parts, left = [], n
        while left:
            part = self.read(left)
            if not part:
                raise BundleError(f"the ZIP ends inside {what}")
            parts.append(bytes(part))
            left -= len(part)
        return b"".join(parts)

    def give_back(self, data: bytes) -> None:
        self._front = data + self._front
        self.offset -= len(data)

    def rest(self, limit: int, what: str) -> bytes:
        parts, size = [], 0
        while part := self.read(BLOCK):
            size += len(part)
            if size > limit:
                raise BundleError(f"{what} is larger than {limit} bytes")
            parts.append(bytes(part))
        return b"".join(parts)


# -- the local view: entries as a streaming reader meets them ------------------------------


def _check_declared(name: str, method: int, flags: int, csize: int, usize: int) -> None:
    """The rules every entry's declared sizes and method must keep (both views)."""
    if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise BundleError(f"entry {name}: unsupported compression")
    if flags & _FLAG_ENCRYPTED:
        raise BundleError(f"entry {name}: encrypted ZIP entries are not allowed")
    if usize > MAX_ENTRY_BYTES:
        raise BundleError(f"entry {name}: declared size {usize} too large")
    if method == zipfile.ZIP_STORED and csize != usize:
        raise BundleError(f"entry {name}: stored sizes disagree")
    if usize > MAX_RATIO * max(csize, 1024):
        raise BundleError(f"entry {name}: compression ratio too high")


def _zip64_sizes(extra: bytes) -> tuple[int, int] | None:
    """(uncompressed, compressed) from a ZIP64 extra field, if the local header has one."""
    at = 0
    while at + _EXTRA.size <= len(extra):
        tag, size = _EXTRA.unpack_from(extra, at)
        if tag == _ZIP64_TAG:
            if size < _ZIP64_SIZES.size:
                raise BundleError("a ZIP64 extra field is too short")
            usize, csize = _ZIP64_SIZES.unpack_from(extra, at + _EXTRA.size)
            return usize, csize
        at += _EXTRA.size + size
    return None


class Reader:
    """Reads the local entries in order, then the central directory, then checks that the
    two agree. ``keep(name)``: how many bytes of an entry to keep in memory (more is an
    error; 0 keeps none); ``sink(name)`` may take an entry's bytes as they pass (import's
    attachments); ``after`` sees each entry once read."""

    def __init__(
        self,
        src: Source,
        keep: Callable[[str], int],
        sink: Sink | None = None,
        after: Callable[[Entry], None] | None = None,
    ) -> None:
        self.src, self.keep, self.sink, self.after = src, keep, sink, after
        self.entries: dict[str, Entry] = {}
        self.sunk: list[str] = []
        # Where a stored entry whose sizes follow it ends, when something before it said so
        # (``after`` may fill it in): bytes inside it that look like its trailer then do not
        # end it early. Only a hint: both views are checked whatever it says.
        self.sizes: dict[str, int] = {}

    def read(self, where: str) -> dict[str, zipfile.ZipInfo]:
        while True:
            offset = self.src.offset
            start = self.src.read(4)
            start = bytes(start) + (self.src.exact(4 - len(start), "a header") if start else b"")
            if start != _LOCAL_SIG:
                break
            if len(self.entries) >= MAX_ENTRIES:
                raise BundleError(f"bundle holds more than {MAX_ENTRIES} entries")
            self._entry(offset)
        if offset == 0 and start[:4] not in _ZIP_STARTS:
            raise BundleError(
                f"{where} does not hold a ZIP archive (no ZIP header)",
                code="bundle.not_zip",
                detail=where,
            )
        tail = start + self.src.rest(MAX_TAIL_BYTES, "the ZIP's central directory")
        return self._central(where, tail, offset)

    def _entry(self, offset: int) -> None:
        fields = _LOCAL.unpack(_LOCAL_SIG + self.src.exact(_LOCAL.size - 4, "a local header"))
        _, _, flags, method, _, _, crc, csize, usize, name_len, extra_len = fields
        raw_name = self.src.exact(name_len, "a local header")
        extra = self.src.exact(extra_len, "a local header")
        try:
            name = raw_name.decode("utf-8" if flags & _FLAG_UTF8 else "cp437")
        except UnicodeDecodeError:
            raise BundleError("unsafe entry name: not UTF-8") from None
        check_name(name)
        if name in self.entries:
            raise BundleError(f"duplicate entry {name}")
        zip64 = _zip64_sizes(extra)
        if zip64 is not None and (usize, csize) == (0xFFFFFFFF, 0xFFFFFFFF):
            usize, csize = zip64
        descriptor = bool(flags & _FLAG_DESCRIPTOR)
        if not descriptor:
            _check_declared(name, method, flags, csize, usize)
        else:
            _check_declared(name, method, flags, 0, 0)
        limit = self.keep(name)
        digest, kept, size, actual_crc = hashlib.sha256(), bytearray() if limit else None, 0, 0
        opened = self.sink(name) if self.sink is not None else None
        with opened if opened is not None else contextlib.nullcontext(None) as write:
            if write is not None:
                self.sunk.append(name)
            for block in self._data(name, method, descriptor, csize, zip64 is not None):
                size += len(block)
                if size > MAX_ENTRY_BYTES:
                    raise BundleError(f"entry {name}: larger than {MAX_ENTRY_BYTES} bytes")
                digest.update(block)
                actual_crc = zlib.crc32(block, actual_crc)
                if kept is not None:
                    if size > limit:
                        raise BundleError(f"{name}: larger than {limit} bytes")
                    kept += block
                if write is not None:
                    write(block)
            if descriptor:
                crc, csize, usize = self._descriptor(name, zip64 is not None)
                _check_declared(name, method, flags, csize, usize)
            read_csize = self._consumed
            if size != usize or read_csize != csize:
                raise BundleError(
                    f"entry {name}: its bytes ({read_csize} compressed, {size} in all) are not"
                    f" the sizes its local header declares ({csize}, {usize})"
                )
            damage = "BadZipFile" if actual_crc != crc else ""
            if damage and write is not None:
                raise BundleError(f"{name}: damaged inside the ZIP (bad CRC-32)")
        self.entries[name] = Entry(
            name, offset, method, crc, csize, size, digest.hexdigest(),
            bytes(kept) if kept is not None else None, damage,
        )
        if self.after is not None:
            self.after(self.entries[name])

    def _data(
        self, name: str, method: int, descriptor: bool, csize: int, zip64: bool
    ) -> Iterator[bytes | memoryview]:
        """An entry's uncompressed bytes; sets ``_consumed`` (its compressed length)."""
        self._consumed = 0
        if method == zipfile.ZIP_DEFLATED:
            yield from self._inflate(name, None if descriptor else csize)
        elif not descriptor:
            left = csize
            while left:
                block = self.src.read(min(left, BLOCK))
                if not block:
                    raise BundleError(f"{name}: damaged inside the ZIP (EOFError)")
                left -= len(block)
                self._consumed += len(block)
                yield block
        elif name in self.sizes:  # its sizes follow it, its length is known
            yield from self._data(name, method, False, self.sizes[name], zip64)
        else:
            yield from self._stored_until_descriptor(name, zip64)

    def _inflate(self, name: str, csize: int | None) -> Iterator[bytes]:
        inflate, out = zlib.decompressobj(-15), 0
        while not inflate.eof:
            want = INFLATE_INPUT if csize is None else min(INFLATE_INPUT, csize - self._consumed)
            data = bytes(self.src.read(want)) if want else b""
            if not data:
                raise BundleError(f"{name}: damaged inside the ZIP (EOFError)")
            self._consumed += len(data)
            while data and not inflate.eof:
                try:
                    block = inflate.decompress(data, BLOCK)
                except zlib.error as e:
                    raise BundleError(
                        f"{name}: damaged inside the ZIP ({type(e).__name__})"
                    ) from None
                data = inflate.unconsumed_tail
                out += len(block)
                if out > MAX_RATIO * max(self._consumed, 1024):
                    raise BundleError(f"entry {name}: compression ratio too high")
                if block:
                    yield block
        rest = inflate.unused_data
        if rest:
            self._consumed -= len(rest)
            self.src.give_back(rest)

    def _stored_until_descriptor(self, name: str, zip64: bool) -> Iterator[bytes]:
        """A stored entry whose sizes follow it (APPNOTE 4.3.9): it ends at the first data
        descriptor whose sizes are the bytes read so far. A false end planted in the data
        makes the local view differ from the central directory's, which fails below."""
        width = (_DESCRIPTOR64 if zip64 else _DESCRIPTOR32).size + 4
        carry = b""
        while True:
            block = self.src.read(BLOCK)
            if not block:
                raise BundleError(f"{name}: damaged inside the ZIP (EOFError)")
            buf = carry + bytes(block) if carry else bytes(block)
            at = buf.find(_DESCRIPTOR_SIG)
            while at != -1 and at + width <= len(buf):
                _, csize, usize = (_DESCRIPTOR64 if zip64 else _DESCRIPTOR32).unpack_from(
                    buf, at + 4
                )
                if csize == usize == self._consumed + at:
                    self._consumed += at
                    self.src.give_back(buf[at:])
                    if at:
                        yield buf[:at]
                    return
                at = buf.find(_DESCRIPTOR_SIG, at + 1)
            keep = len(buf) - at if at != -1 else min(len(buf), width - 1)
            self._consumed += len(buf) - keep
            if len(buf) > keep:
                yield buf[: len(buf) - keep]
            carry = buf[len(buf) - keep :]

    def _descriptor(self, name: str, zip64: bool) -> tuple[int, int, int]:
        shape = _DESCRIPTOR64 if zip64 else _DESCRIPTOR32
        head = self.src.exact(4, f"the data descriptor of {name}")
        if head == _DESCRIPTOR_SIG:  # the signature is optional (APPNOTE 4.3.9.3)
            head = b""
        rest = self.src.exact(shape.size - len(head), f"the data descriptor of {name}")
        return cast(tuple[int, int, int], shape.unpack(head + rest))

    def _central(self, where: str, tail: bytes, start: int) -> dict[str, zipfile.ZipInfo]:
        if len(tail) >= _END.size and tail[-_END.size : -_END.size + 4] == b"PK\x05\x06" and (
            tail[-2:] != b"\0\0"
        ):
            raise BundleError(f"{where}: the ZIP carries a comment (a bundle has none)")
        if len(tail) < _END.size or tail[-_END.size : -_END.size + 4] != b"PK\x05\x06":
            raise BundleError(
                f"{where} does not hold a ZIP archive (no end record where the file ends:"
                " bytes after the ZIP, or none)",
                code="bundle.not_zip",
                detail=where,
            )
        try:
            with zipfile.ZipFile(_Tail(tail, start)) as zf:
                infos = _check_infos(zf)
                if zf.start_dir != start:
                    raise BundleError(
                        "the ZIP's central directory does not start where its entries end"
                    )
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as e:
            raise BundleError(
                f"{where} does not hold a ZIP archive ({e})", code="bundle.not_zip", detail=where
            ) from None
        by_offset = {e.offset: e for e in self.entries.values()}
        for info in infos.values():
            local = by_offset.pop(info.header_offset, None)
            _agree(info, local)
        for hidden in by_offset.values():
            raise BundleError(
                f"entry {hidden.name}: a local header the central directory does not list"
                " (a hidden entry: the two views of the ZIP disagree)"
            )
        return infos


def _agree(info: zipfile.ZipInfo, local: Entry | None) -> None:
    """The central directory's entry and the local header at its offset must be the same."""
    name = info.filename
    if local is None:
        what = f"no local header at offset {info.header_offset}"
    elif local.name != name:
        what = f"the local header there names {local.name}"
    elif (local.compress_size, local.size) != (info.compress_size, info.file_size):
        what = (
            f"sizes {local.compress_size}/{local.size} in the local header,"
            f" {info.compress_size}/{info.file_size} in the central directory"
        )
    elif local.crc != info.CRC:
        what = "CRC-32 differs"
    elif local.method != info.compress_type:
        what = "compression differs"
    else:
        return
    raise BundleError(
        f"entry {name}: the ZIP's local header and central directory disagree ({what}):"
        " a file that shows different contents to different readers"
    )


class _Tail(io.RawIOBase):
    """The end of the decrypted ZIP (central directory and end records) at its real offset,
    for ``zipfile`` to read; everything before it is out of reach."""

    def __init__(self, data: bytes, start: int) -> None:
        super().__init__()
        self._data, self._start, self._pos = data, start, start

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos}.get(whence, self._start + len(self._data))
        if base + offset < self._start:
            raise OSError("the central directory points into the entries")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer: Any) -> int:
        at = self._pos - self._start
        data = self._data[at : at + len(buffer)]
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


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
        _check_declared(
            info.filename, info.compress_type, info.flag_bits, info.compress_size, info.file_size
        )
        total += info.file_size
        if total > MAX_BUNDLE_BYTES:
            raise BundleError(f"bundle declares more than {MAX_BUNDLE_BYTES} bytes of files")
        seen[info.filename] = info
    return seen


