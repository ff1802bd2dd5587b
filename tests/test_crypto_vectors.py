"""Every checked-in vector behaves as its index says, and the generator still reproduces them."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from crypto import errors, keys, stream
from tests.vectors import make_vectors

VECTORS = Path(__file__).resolve().parent / "vectors"
STREAM = json.loads((VECTORS / "stream.json").read_text("utf-8"))
KEYFILE = json.loads((VECTORS / "keyfile.json").read_text("utf-8"))


def _ids(index: list[dict[str, Any]]) -> list[str]:
    return [entry["file"] for entry in index]


def test_index_covers_every_case() -> None:
    expected = {e["expected"] for e in STREAM}
    assert expected == {"ok", "IntegrityError", "FormatError"}
    assert len(STREAM) == len(list((VECTORS / "stream").iterdir()))
    assert {e["expected"] for e in KEYFILE} == {
        "ok", "WrongPassphrase", "ParameterError", "FormatError"
    }


@pytest.mark.parametrize("entry", STREAM, ids=_ids(STREAM))
def test_stream_vector_decrypt_stream(entry: dict[str, Any]) -> None:
    data = (VECTORS / entry["file"]).read_bytes()
    key, aad = bytes.fromhex(entry["key"]), bytes.fromhex(entry["aad"])
    out = io.BytesIO()
    if entry["expected"] == "ok":
        size, digest = stream.decrypt_stream(key, io.BytesIO(data), out, aad=aad)
        assert (size, digest) == (entry["plaintext_size"], entry["plaintext_sha256"])
        assert hashlib.sha256(out.getvalue()).hexdigest() == entry["plaintext_sha256"]
    else:
        with pytest.raises(getattr(errors, entry["expected"])) as info:
            stream.decrypt_stream(key, io.BytesIO(data), out, aad=aad)
        if entry["expected"] == "IntegrityError":
            assert not isinstance(info.value, errors.FormatError)


@pytest.mark.parametrize("entry", STREAM, ids=_ids(STREAM))
def test_stream_vector_decrypting_reader(entry: dict[str, Any]) -> None:
    data = (VECTORS / entry["file"]).read_bytes()
    key, aad = bytes.fromhex(entry["key"]), bytes.fromhex(entry["aad"])
    if entry["expected"] == "ok":
        reader = stream.DecryptingReader(key, io.BytesIO(data), aad)
        assert reader.size == entry["plaintext_size"]
        assert hashlib.sha256(reader.read()).hexdigest() == entry["plaintext_sha256"]
    else:
        with pytest.raises(getattr(errors, entry["expected"])):
            stream.DecryptingReader(key, io.BytesIO(data), aad).read()


@pytest.mark.parametrize("entry", KEYFILE, ids=_ids(KEYFILE))
def test_keyfile_vector(entry: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    content = (VECTORS / entry["file"]).read_bytes()
    passphrase = entry["passphrase"].encode("utf-8")
    if entry["expected"] == "ok":
        assert keys.unwrap(content, passphrase).hex() == entry["key"]
        return
    if entry["expected"] != "WrongPassphrase":
        # Parameter and format problems must be found before any Argon2 work starts.
        def no_argon2(*args: object, **kwargs: object) -> bytes:
            raise AssertionError("Argon2 was called for an invalid key file")

        monkeypatch.setattr("crypto.kdf.hash_secret_raw", no_argon2)
    with pytest.raises(getattr(errors, entry["expected"])):
        keys.unwrap(content, passphrase)


def test_generator_reproduces_checked_in_vectors(tmp_path: Path) -> None:
    make_vectors.generate(tmp_path)
    produced = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    checked_in = sorted(
        p.relative_to(VECTORS)
        for p in VECTORS.rglob("*")
        if p.is_file() and p.suffix in {".tiae", ".json"}
    )
    assert produced == checked_in
    for rel in produced:
        assert (tmp_path / rel).read_bytes() == (VECTORS / rel).read_bytes(), rel
