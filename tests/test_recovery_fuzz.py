"""Hostile input to the recovery and second-person parsers ends in a typed error, never a
crash: a key file's recovery copy, typed shares, a supervisor's key file, a share image."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import kdf, keys, shares, signkey
from crypto.errors import FormatError, IntegrityError, WrongPassphrase
from crypto.sign import SigningIdentity
from intake.errors import UsageError
from intake.vault import recovery

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
VAULT_KEY = bytes(range(32))
PARAMS = kdf.insecure_test_params(salt=bytes(16))
PLAIN = keys.wrap(VAULT_KEY, b"passphrase", PARAMS)
NEW = recovery.new_set()
GOOD = json.loads(keys.set_recovery(PLAIN, VAULT_KEY, NEW.info))["recovery"]
B64_32 = st.binary(min_size=0, max_size=40).map(lambda b: base64.b64encode(b).decode())


@FUZZ
@given(
    field=st.sampled_from(sorted(GOOD)),
    value=st.one_of(JSON, B64_32),
    extra=st.booleans(),
)
def test_a_hostile_recovery_copy_is_a_typed_error(field: str, value: Any, extra: bool) -> None:
    section = dict(GOOD, **{field: value})
    if extra:
        section["more"] = 1
    data = json.dumps(dict(json.loads(PLAIN), recovery=section)).encode()
    other = shares.recovery_key(shares.new_secret())
    with pytest.raises((FormatError, IntegrityError, WrongPassphrase)):
        keys.recovery_info(data)
        keys.unwrap_recovery(data, other)


@FUZZ
@given(section=JSON)
def test_any_json_as_the_recovery_copy(section: Any) -> None:
    data = json.dumps(dict(json.loads(PLAIN), recovery=section)).encode()
    with pytest.raises((FormatError, IntegrityError, WrongPassphrase)):
        keys.unwrap_recovery(data, shares.recovery_key(shares.new_secret()))


WORDS = sorted(shares._wordlist())


@FUZZ
@given(
    given_shares=st.lists(
        st.one_of(
            st.text(max_size=300),
            st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(" ".join),
            st.sampled_from(NEW.words).map(lambda s: s.replace(s.split()[3], "academic")),
        ),
        max_size=5,
    )
)
def test_any_typed_shares_end_in_a_share_error(given_shares: list[str]) -> None:
    try:
        secret = shares.combine(given_shares)
    except shares.ShareError as e:
        assert e.kind and str(e)
        return
    assert isinstance(secret, bytes)  # a valid set by chance: only from real shares


IDENTITY = SigningIdentity.create("Supervisor", None)
KEY_FILE = signkey.wrap(IDENTITY, b"pass", PARAMS)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=300),
        JSON.map(lambda j: json.dumps(j).encode()),
        st.sampled_from(["format", "version", "key", "certificate"]).flatmap(
            lambda k: JSON.map(lambda v: json.dumps(dict(json.loads(KEY_FILE), **{k: v})).encode())
        ),
    )
)
def test_a_hostile_supervisor_key_file_is_a_typed_error(data: bytes) -> None:
    with pytest.raises((FormatError, WrongPassphrase)):
        signkey.unwrap(data, b"pass")
    try:
        pem = signkey.certificate(data)
    except FormatError:
        return
    assert pem == IDENTITY.cert_pem()  # only the untouched certificate is ever returned


@settings(max_examples=40, deadline=timedelta(seconds=10), derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_share_image(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + data)
    with pytest.raises(UsageError):
        recovery.shares_in_image(path)
