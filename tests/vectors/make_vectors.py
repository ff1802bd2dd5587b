"""Generate the checked-in crypto test vectors (deterministic: fixed keys, salts and nonces).

    .venv/bin/python -m tests.vectors.make_vectors [OUTDIR]     (default: tests/vectors)

Writes stream/*.tiae + stream.json and keyfile/*.json + keyfile.json. Each index entry says what
must happen when the file is opened: "ok" (with the plaintext's sha256 and size, or the key)
or the name of the exception. test_crypto_vectors.py checks every entry and that this script
still reproduces the checked-in files byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any

from crypto import keys, stream
from crypto.kdf import KdfParams, insecure_test_params

HERE = Path(__file__).resolve().parent
KEY_A = bytes(range(32))
KEY_B = bytes(range(32, 64))
SALT_1 = bytes([0x11]) * 32
SALT_2 = bytes([0x22]) * 32
AAD = b"attachment:0001"
SMALL_CHUNK = 1024
SEALED = SMALL_CHUNK + stream.TAG_BYTES
H = stream.HEADER_SIZE


def plaintext(n: int, seed: bytes = b"vector") -> bytes:
    """n deterministic pseudo-random bytes."""
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:n])


def encrypt(data: bytes, *, key: bytes = KEY_A, salt: bytes = SALT_1, aad: bytes = AAD,
            chunk_size: int = SMALL_CHUNK) -> bytes:
    dst = io.BytesIO()
    stream.encrypt_stream(key, io.BytesIO(data), dst, aad=aad, salt=salt, chunk_size=chunk_size)
    return dst.getvalue()


def flip(data: bytes, index: int) -> bytes:
    out = bytearray(data)
    out[index] ^= 0x01
    return bytes(out)


def chunk(data: bytes, i: int) -> bytes:
    return data[H + i * SEALED : H + (i + 1) * SEALED]


def _noncanonical_empty_last() -> bytes:
    """A full chunk followed by an empty last chunk: authentic, but never written by us."""
    header = stream._HEADER.pack(stream.MAGIC, stream.VERSION, SMALL_CHUNK, SALT_1)
    aead = stream._file_cipher(KEY_A, SALT_1, AAD)
    first = aead.encrypt(stream._nonce(0, False), plaintext(SMALL_CHUNK), header)
    return header + first + aead.encrypt(stream._nonce(1, True), b"", header)


def stream_vectors() -> list[tuple[str, bytes, bytes, bytes, str, bytes | None, str]]:
    """(file, content, key, aad, expected, plaintext if ok, description)."""
    p3 = plaintext(2 * SMALL_CHUNK + 512)  # three chunks, the last one partial
    v3 = encrypt(p3)
    p2 = plaintext(2 * SMALL_CHUNK)  # exact multiple: the last chunk is full
    v2 = encrypt(p2)
    other = encrypt(plaintext(2 * SMALL_CHUNK + 512, b"other"), salt=SALT_2)
    pdef = plaintext(stream.CHUNK_SIZE + 100)
    bad = "IntegrityError"
    fmt = "FormatError"
    c0, c1, c2 = chunk(v3, 0), chunk(v3, 1), chunk(v3, 2)
    header = v3[:H]
    return [
        ("valid_three_chunks.tiae", v3, KEY_A, AAD, "ok", p3, "3 chunks, last partial"),
        ("valid_exact_multiple.tiae", v2, KEY_A, AAD, "ok", p2, "2 full chunks, last full"),
        ("valid_default_chunk.tiae", encrypt(pdef, chunk_size=stream.CHUNK_SIZE), KEY_A, AAD,
         "ok", pdef, "default 64 KiB chunks, 2 chunks"),
        ("valid_empty.tiae", encrypt(b""), KEY_A, AAD, "ok", b"", "empty: one empty last chunk"),
        ("valid_no_aad.tiae", encrypt(p3, aad=b""), KEY_A, b"", "ok", p3, "empty aad"),
        ("wrong_key.tiae", v3, KEY_B, AAD, bad, None, "valid file, other key"),
        ("wrong_aad.tiae", v3, KEY_A, b"attachment:0002", bad, None, "valid file, other aad"),
        ("header_salt_bitflip.tiae", flip(v3, 20), KEY_A, AAD, bad, None, "salt bit flipped"),
        ("header_chunk_size_changed.tiae", header[:5] + (2048).to_bytes(4, "big") + v3[9:],
         KEY_A, AAD, bad, None, "chunk size 1024 -> 2048"),
        ("header_bad_magic.tiae", b"TIAF" + v3[4:], KEY_A, AAD, fmt, None, "magic changed"),
        ("header_bad_version.tiae", v3[:4] + b"\x02" + v3[5:], KEY_A, AAD, fmt, None,
         "version 2"),
        ("header_chunk_size_absurd.tiae", v3[:5] + b"\xff\xff\xff\xff" + v3[9:], KEY_A, AAD,
         fmt, None, "chunk size 4 GiB"),
        ("header_short.tiae", v3[:20], KEY_A, AAD, fmt, None, "file ends inside the header"),
        ("chunk_bitflip.tiae", flip(v3, H + SEALED + 100), KEY_A, AAD, bad, None,
         "ciphertext bit flipped in chunk 1"),
        ("tag_bitflip.tiae", flip(v3, H + SEALED - 1), KEY_A, AAD, bad, None,
         "tag bit flipped in chunk 0"),
        ("last_tag_bitflip.tiae", flip(v3, len(v3) - 1), KEY_A, AAD, bad, None,
         "tag bit flipped in the last chunk"),
        ("truncated_chunk_boundary.tiae", header + c0 + c1, KEY_A, AAD, bad, None,
         "last chunk dropped"),
        ("truncated_mid_chunk.tiae", v3[:H + SEALED + 500], KEY_A, AAD, bad, None,
         "cut inside chunk 1"),
        ("truncated_inside_tag.tiae", v3[:-5], KEY_A, AAD, bad, None, "cut inside the last tag"),
        ("truncated_header_only.tiae", header, KEY_A, AAD, bad, None, "no chunk at all"),
        ("extended_bytes.tiae", v3 + b"\x00" * 7, KEY_A, AAD, bad, None, "7 bytes appended"),
        ("extended_chunk.tiae", v2 + chunk(v2, 1), KEY_A, AAD, bad, None,
         "a full chunk appended"),
        ("chunks_swapped.tiae", header + c1 + c0 + c2, KEY_A, AAD, bad, None,
         "chunks 0 and 1 swapped"),
        ("chunk_from_other_file.tiae", header + c0 + chunk(other, 1) + c2, KEY_A, AAD, bad,
         None, "chunk 1 from another file under the same key"),
        ("noncanonical_empty_last.tiae", _noncanonical_empty_last(), KEY_A, AAD, bad, None,
         "full chunk + authentic empty last chunk"),
    ]


PASSPHRASE = "correct horse battery staple"
VAULT_KEY = bytes(range(100, 132))
KDF_SALT = bytes([0x33]) * 16
WRAP_NONCE = bytes([0x44]) * 12


def _edit(doc: dict[str, Any], path: tuple[str, ...], value: object) -> bytes:
    edited = json.loads(json.dumps(doc))
    target = edited
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return (json.dumps(edited, indent=2, sort_keys=True) + "\n").encode("utf-8")


def keyfile_vectors() -> list[tuple[str, bytes, str, str, str]]:
    """(file, content, passphrase, expected, description)."""
    valid = keys.wrap(VAULT_KEY, PASSPHRASE.encode(), insecure_test_params(KDF_SALT),
                      nonce=WRAP_NONCE)
    doc = json.loads(valid)
    other_salt = KdfParams(1, 8192, 1, bytes([0x55]) * 16).to_json()["salt"]
    param = "ParameterError"
    return [
        ("valid.json", valid, PASSPHRASE, "ok", "insecure test parameters"),
        ("wrong_passphrase.json", valid, PASSPHRASE + "!", "WrongPassphrase", "other passphrase"),
        ("changed_time_cost.json", _edit(doc, ("kdf", "time_cost"), 2), PASSPHRASE,
         "WrongPassphrase", "time_cost 1 -> 2"),
        ("changed_salt.json", _edit(doc, ("kdf", "salt"), other_salt), PASSPHRASE,
         "WrongPassphrase", "salt changed"),
        ("changed_nonce.json", _edit(doc, ("nonce",), "VVVVVVVVVVVVVVVV"), PASSPHRASE,
         "WrongPassphrase", "nonce changed"),
        ("absurd_memory.json", _edit(doc, ("kdf", "memory_kib"), 100 * 1024 * 1024), PASSPHRASE,
         param, "memory 100 GiB"),
        ("absurd_time_cost.json", _edit(doc, ("kdf", "time_cost"), 1_000_000), PASSPHRASE,
         param, "time_cost 10^6"),
        ("absurd_parallelism.json", _edit(doc, ("kdf", "parallelism"), 255), PASSPHRASE,
         param, "parallelism 255"),
        ("bool_time_cost.json", _edit(doc, ("kdf", "time_cost"), True), PASSPHRASE, param,
         "true is not an integer"),
        ("short_salt.json", _edit(doc, ("kdf", "salt"), "AAAA"), PASSPHRASE, param,
         "3-byte salt"),
        ("unknown_kdf.json", _edit(doc, ("kdf", "alg"), "scrypt"), PASSPHRASE, param,
         "other KDF"),
        ("wrong_format.json", _edit(doc, ("format",), "something-else"), PASSPHRASE,
         "FormatError", "not our format"),
        ("future_version.json", _edit(doc, ("version",), 2), PASSPHRASE, "FormatError",
         "version 2"),
        ("wrapped_truncated.json", _edit(doc, ("wrapped",), doc["wrapped"][:-8]), PASSPHRASE,
         "FormatError", "wrapped key too short"),
        ("not_json.json", valid[:-40], PASSPHRASE, "FormatError", "cut in the middle"),
    ]


def generate(outdir: Path) -> None:
    (outdir / "stream").mkdir(parents=True, exist_ok=True)
    (outdir / "keyfile").mkdir(parents=True, exist_ok=True)
    index: list[dict[str, object]] = []
    for name, content, key, aad, expected, plain, description in stream_vectors():
        (outdir / "stream" / name).write_bytes(content)
        index.append({
            "file": f"stream/{name}",
            "key": key.hex(),
            "aad": aad.hex(),
            "expected": expected,
            "plaintext_sha256": hashlib.sha256(plain).hexdigest() if plain is not None else None,
            "plaintext_size": len(plain) if plain is not None else None,
            "description": description,
        })
    (outdir / "stream.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    kindex: list[dict[str, object]] = []
    for name, content, passphrase, expected, description in keyfile_vectors():
        (outdir / "keyfile" / name).write_bytes(content)
        kindex.append({
            "file": f"keyfile/{name}",
            "passphrase": passphrase,
            "expected": expected,
            "key": VAULT_KEY.hex() if expected == "ok" else None,
            "description": description,
        })
    (outdir / "keyfile.json").write_text(json.dumps(kindex, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
