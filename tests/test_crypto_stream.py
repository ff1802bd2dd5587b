"""Streamed AEAD: round trips around chunk boundaries, random access, cancel, small blobs."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import stream
from crypto.errors import Cancelled, FormatError, IntegrityError

KEY = bytes(range(32))
CS = stream.CHUNK_SIZE
# Sizes at and around every boundary of the first three chunks, plus anything in between.
BOUNDARY_SIZES = st.one_of(
    st.sampled_from([0, 1, CS - 1, CS, CS + 1, 2 * CS - 1, 2 * CS, 2 * CS + 1, 3 * CS]),
    st.integers(min_value=0, max_value=3 * CS + 10),
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _data(size: int) -> bytes:
    return os.urandom(size)


def _encrypt(data: bytes, aad: bytes = b"") -> bytes:
    dst = io.BytesIO()
    stream.encrypt_stream(KEY, io.BytesIO(data), dst, aad=aad)
    return dst.getvalue()


@FAST
@given(size=BOUNDARY_SIZES, aad=st.binary(max_size=40))
def test_round_trip(size: int, aad: bytes) -> None:
    data = _data(size)
    src = io.BytesIO(data)
    dst = io.BytesIO()
    assert stream.encrypt_stream(KEY, src, dst, aad=aad) == (size, hashlib.sha256(data).hexdigest())
    n_chunks = max(1, -(-size // CS))
    assert len(dst.getvalue()) == stream.HEADER_SIZE + size + n_chunks * stream.TAG_BYTES
    out = io.BytesIO()
    dst.seek(0)
    assert stream.decrypt_stream(KEY, dst, out, aad=aad) == (size, hashlib.sha256(data).hexdigest())
    assert out.getvalue() == data


@FAST
@given(size=BOUNDARY_SIZES, pieces=st.lists(st.integers(min_value=1, max_value=CS + 7), max_size=8))
def test_writer_in_pieces_matches_one_shot_layout(size: int, pieces: list[int]) -> None:
    data = _data(size)
    dst = io.BytesIO()
    writer = stream.EncryptingWriter(KEY, dst, aad=b"x")
    pos = 0
    for piece in pieces:
        writer.write(data[pos : pos + piece])
        pos += piece
    writer.write(memoryview(data)[pos:])
    writer.close()
    assert writer.plaintext_size == size
    assert writer.sha256 is not None
    assert writer.sha256.hexdigest() == hashlib.sha256(data).hexdigest()
    assert not dst.closed
    out = io.BytesIO()
    dst.seek(0)
    stream.decrypt_stream(KEY, dst, out, aad=b"x")
    assert out.getvalue() == data


@FAST
@given(
    size=BOUNDARY_SIZES,
    reads=st.lists(
        st.tuples(st.integers(min_value=0, max_value=3 * CS + 20),
                  st.integers(min_value=0, max_value=2 * CS + 3)),
        min_size=1,
        max_size=10,
    ),
)
def test_decrypting_reader_random_access(size: int, reads: list[tuple[int, int]]) -> None:
    data = _data(size)
    reader = stream.DecryptingReader(KEY, io.BytesIO(_encrypt(data)))
    assert reader.size == size
    for offset, length in reads:
        assert reader.seek(offset) == offset
        got = reader.read(length)
        assert got == data[offset : offset + length]
        assert reader.tell() == offset + len(got)
    reader.seek(-min(size, 5), io.SEEK_END)
    assert reader.read() == data[size - min(size, 5) :]


def test_reader_works_through_buffered_reader_on_a_real_file(tmp_path: Path) -> None:
    data = _data(2 * CS + 123)
    path = tmp_path / "a.tiae"
    path.write_bytes(_encrypt(data, b"id-7"))
    with path.open("rb") as raw:
        buffered = io.BufferedReader(stream.DecryptingReader(KEY, raw, b"id-7"))
        buffered.seek(CS - 10)
        assert buffered.read(20) == data[CS - 10 : CS + 10]
        buffered.seek(0)
        assert buffered.read() == data


def test_reader_reports_a_tampered_middle_chunk_when_it_is_read() -> None:
    data = _data(3 * CS)
    sealed = bytearray(_encrypt(data))
    sealed[stream.HEADER_SIZE + (CS + 16) + 5] ^= 1  # inside chunk 1
    reader = stream.DecryptingReader(KEY, io.BytesIO(bytes(sealed)))
    assert reader.read(CS) == data[:CS]  # chunk 0 is fine
    with pytest.raises(IntegrityError):
        reader.read(10)


def test_wrong_key_and_wrong_aad_fail() -> None:
    sealed = _encrypt(b"testimony", b"attachment-1")
    with pytest.raises(IntegrityError):
        stream.decrypt_stream(bytes(32), io.BytesIO(sealed), io.BytesIO(), aad=b"attachment-1")
    with pytest.raises(IntegrityError):
        stream.decrypt_stream(KEY, io.BytesIO(sealed), io.BytesIO(), aad=b"attachment-2")


def test_each_file_has_a_fresh_salt() -> None:
    assert _encrypt(b"same")[:stream.HEADER_SIZE] != _encrypt(b"same")[:stream.HEADER_SIZE]


def test_progress_and_cancel() -> None:
    data = _data(3 * CS + 1)
    seen: list[int] = []
    stream.encrypt_stream(KEY, io.BytesIO(data), io.BytesIO(), progress=seen.append)
    assert seen == [CS, 2 * CS, 3 * CS, 3 * CS + 1]
    calls = iter([False, False, True])
    with pytest.raises(Cancelled):
        stream.encrypt_stream(KEY, io.BytesIO(data), io.BytesIO(), cancel=lambda: next(calls))
    done: list[int] = []
    stream.decrypt_stream(KEY, io.BytesIO(_encrypt(data)), io.BytesIO(), progress=done.append)
    assert done == seen
    with pytest.raises(Cancelled):
        stream.decrypt_stream(KEY, io.BytesIO(_encrypt(data)), io.BytesIO(), cancel=lambda: True)


def test_not_our_format() -> None:
    with pytest.raises(FormatError):
        stream.decrypt_stream(KEY, io.BytesIO(b"%PDF-1.7 " + bytes(100)), io.BytesIO())
    with pytest.raises(FormatError):
        stream.DecryptingReader(KEY, io.BytesIO(b""))


def test_writer_refuses_writes_after_close() -> None:
    writer = stream.EncryptingWriter(KEY, io.BytesIO())
    writer.close()
    with pytest.raises(ValueError):
        writer.write(b"late")


@FAST
@given(data=st.binary(max_size=2000), aad=st.binary(max_size=20))
def test_blob_round_trip(data: bytes, aad: bytes) -> None:
    assert stream.open_blob(KEY, stream.seal_blob(KEY, data, aad), aad) == data


def test_blob_tampering_and_foreign_blobs() -> None:
    blob = stream.seal_blob(KEY, b"small secret", b"ctx")
    assert blob[0] == stream.BLOB_VERSION
    for i in range(len(blob)):
        tampered = bytearray(blob)
        tampered[i] ^= 0x80
        with pytest.raises((IntegrityError, FormatError)):
            stream.open_blob(KEY, bytes(tampered), b"ctx")
    with pytest.raises(IntegrityError):
        stream.open_blob(KEY, blob, b"other ctx")
    with pytest.raises(FormatError):
        stream.open_blob(KEY, blob[:20], b"ctx")


def test_a_writer_without_the_plaintext_hash_writes_the_same_bytes() -> None:
    data = _data(3 * CS + 5)
    salt = bytes(range(32))
    hashed, bare = io.BytesIO(), io.BytesIO()
    for dst, flag in ((hashed, True), (bare, False)):
        writer = stream.EncryptingWriter(KEY, dst, salt=salt, hash_plaintext=flag)
        writer.write(data)
        writer.close()
        assert (writer.sha256 is None) is not flag
        assert writer.plaintext_size == len(data)
    assert bare.getvalue() == hashed.getvalue()
