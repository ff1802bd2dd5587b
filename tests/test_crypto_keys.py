"""Argon2id parameters, the wrapped key file and purpose subkeys."""

from __future__ import annotations

import json

import pytest

from crypto import kdf, keys
from crypto.errors import FormatError, ParameterError, WrongPassphrase

PASS = "비밀 passphrase".encode()


def test_wrap_unwrap_round_trip_and_file_shape() -> None:
    vault_key = keys.new_key()
    params = kdf.insecure_test_params()
    content = keys.wrap(vault_key, PASS, params)
    doc = json.loads(content)
    assert doc["format"] == "testimony-intake-key" and doc["version"] == keys.KEYFILE_VERSION
    assert doc["aead"] == "aes-256-gcm" and doc["kdf"]["alg"] == "argon2id"
    assert keys.read_params(content) == params
    assert keys.unwrap(content, PASS) == vault_key
    with pytest.raises(WrongPassphrase):
        keys.unwrap(content, PASS + b" ")
    # Re-wrapping under a new passphrase keeps the same vault key (no re-encryption).
    rewrapped = keys.wrap(keys.unwrap(content, PASS), b"new", kdf.insecure_test_params())
    assert keys.unwrap(rewrapped, b"new") == vault_key


def test_new_keys_are_random_32_bytes() -> None:
    assert len(keys.new_key()) == 32 and keys.new_key() != keys.new_key()


def test_oversized_and_duplicate_field_key_files_are_refused() -> None:
    content = keys.wrap(keys.new_key(), PASS, kdf.insecure_test_params())
    with pytest.raises(FormatError):
        keys.unwrap(content + b" " * keys.KEYFILE_MAX_BYTES, PASS)
    doubled = content.replace(b'"version": 1', b'"version": 1, "version": 1')
    with pytest.raises(FormatError):
        keys.unwrap(doubled, PASS)
    with pytest.raises(FormatError):
        keys.unwrap(b"\xff\xfe", PASS)


def test_from_json_round_trip_and_caps() -> None:
    params = kdf.insecure_test_params()
    assert kdf.KdfParams.from_json(params.to_json()) == params
    for field, value in [("memory_kib", kdf.MAX_MEMORY_KIB + 1), ("time_cost", 0),
                         ("time_cost", kdf.MAX_TIME_COST + 1), ("parallelism", 0),
                         ("parallelism", kdf.MAX_PARALLELISM + 1), ("memory_kib", "8192"),
                         ("salt", "not base64!"), ("salt", "AAAAAAAAAAAAAAAAAAAAAA=")]:
        with pytest.raises(ParameterError):
            kdf.KdfParams.from_json(dict(params.to_json(), **{field: value}))
    with pytest.raises(ParameterError):
        kdf.KdfParams.from_json([1, 2, 3])
    with pytest.raises(ParameterError):
        kdf.KdfParams.from_json(dict(params.to_json(), extra=1))


def test_derive_is_deterministic_and_rechecks_caps() -> None:
    params = kdf.insecure_test_params(salt=bytes(16))
    assert kdf.derive(b"a", params) == kdf.derive(b"a", params)
    assert kdf.derive(b"a", params) != kdf.derive(b"b", params)
    assert len(kdf.derive(b"a", params)) == 32
    with pytest.raises(ParameterError):
        kdf.derive(b"a", kdf.KdfParams(1, 100 * 1024 * 1024, 1, bytes(16)))


def test_check_strength_refuses_test_parameters() -> None:
    with pytest.raises(ParameterError):
        kdf.check_strength(kdf.insecure_test_params())
    kdf.check_strength(kdf.KdfParams(3, kdf.MIN_MEMORY_KIB, 2, bytes(16)))


def test_calibrate_respects_minimums_and_reports_progress() -> None:
    # One real 256 MiB Argon2 pass; a fake clock says it took 0.05 s, so memory stays at the
    # floor (0.05 * 3 >= target) and time_cost scales to target / per-pass time.
    ticks = iter(float(i) * 0.05 for i in range(1000))
    steps: list[tuple[int, int]] = []
    params = kdf.calibrate(
        target_seconds=0.1, memory_kib=1024, parallelism=1,
        progress=lambda done, total: steps.append((done, total)), clock=lambda: next(ticks),
    )
    kdf.check_strength(params)
    assert params.memory_kib == kdf.MIN_MEMORY_KIB  # 1024 KiB asked, raised to the minimum
    assert params.time_cost == 2 and params.parallelism == 1
    assert steps[-1][0] == steps[-1][1]
    assert [s[0] for s in steps] == sorted(s[0] for s in steps)


def test_derive_key_separates_purposes() -> None:
    vault_key = bytes(range(32))
    subkeys = {p: keys.derive_key(vault_key, p) for p in ("database", "attachments", "spool")}
    assert len(set(subkeys.values())) == 3
    assert keys.derive_key(vault_key, "database") == subkeys["database"]
    assert len(keys.derive_key(vault_key, "database", 64)) == 64
    with pytest.raises(ValueError):
        keys.derive_key(vault_key, "")
