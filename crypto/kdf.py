"""Argon2id key derivation with parameters that travel with the data and are capped on read."""

from __future__ import annotations

import base64
import binascii
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argon2.low_level import ARGON2_VERSION, Type, hash_secret_raw

from crypto.errors import ParameterError

ALGORITHM = "argon2id"
SALT_BYTES = 16
KEY_BYTES = 32

# Strength floor for anything we create (vault set-up, passphrase change).
MIN_MEMORY_KIB = 256 * 1024
# Hard caps for anything we read: a hostile file must not make us allocate or spin forever.
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_TIME_COST = 100
MAX_PARALLELISM = 16
# calibrate() grows memory only up to this, so a laptop keeps room for the app itself.
CALIBRATE_MAX_MEMORY_KIB = 1024 * 1024

_JSON_KEYS = {"alg", "time_cost", "memory_kib", "parallelism", "salt"}


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int
    salt: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "alg": ALGORITHM,
            "time_cost": self.time_cost,
            "memory_kib": self.memory_kib,
            "parallelism": self.parallelism,
            "salt": base64.b64encode(self.salt).decode("ascii"),
        }

    @classmethod
    def from_json(cls, d: object) -> KdfParams:
        """Validate untrusted parameters (types, then caps) before anything is allocated."""
        if not isinstance(d, dict):
            raise ParameterError("KDF parameters must be an object")
        if set(d) != _JSON_KEYS:
            raise ParameterError("KDF parameters have missing or unknown fields")
        if d["alg"] != ALGORITHM:
            raise ParameterError("unsupported KDF algorithm")
        ints = [d["time_cost"], d["memory_kib"], d["parallelism"]]
        if not all(type(v) is int for v in ints):
            raise ParameterError("KDF cost parameters must be integers")
        salt = _b64decode_strict(d["salt"])
        params = cls(
            time_cost=d["time_cost"],
            memory_kib=d["memory_kib"],
            parallelism=d["parallelism"],
            salt=salt,
        )
        check_caps(params)
        return params


def _b64decode_strict(value: object) -> bytes:
    if not isinstance(value, str) or len(value) > 1024:
        raise ParameterError("salt must be a base64 string")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ParameterError("salt is not valid base64") from exc
    if base64.b64encode(raw).decode("ascii") != value:
        raise ParameterError("salt is not canonical base64")
    return raw


def check_caps(params: KdfParams) -> None:
    """Bounds every parameter set must respect, whoever made it (checked before deriving)."""
    if not 1 <= params.parallelism <= MAX_PARALLELISM:
        raise ParameterError(f"parallelism must be 1..{MAX_PARALLELISM}")
    if not 1 <= params.time_cost <= MAX_TIME_COST:
        raise ParameterError(f"time_cost must be 1..{MAX_TIME_COST}")
    if not 8 * params.parallelism <= params.memory_kib <= MAX_MEMORY_KIB:
        raise ParameterError(f"memory_kib must be 8*parallelism..{MAX_MEMORY_KIB}")
    if len(params.salt) != SALT_BYTES:
        raise ParameterError(f"salt must be {SALT_BYTES} bytes")


def check_strength(params: KdfParams) -> None:
    """Refuse parameters too weak for a new vault or a passphrase change."""
    check_caps(params)
    if params.memory_kib < MIN_MEMORY_KIB:
        raise ParameterError(f"memory_kib below the minimum of {MIN_MEMORY_KIB}")
    if params.time_cost < 1:
        raise ParameterError("time_cost below 1")


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def insecure_test_params(salt: bytes | None = None) -> KdfParams:
    """Tiny parameters for tests ONLY: check_strength() refuses them."""
    return KdfParams(
        time_cost=1, memory_kib=8 * 1024, parallelism=1, salt=new_salt() if salt is None else salt
    )


def derive(passphrase: bytes, params: KdfParams) -> bytes:
    """The 32-byte key-encryption key for this passphrase; caps are re-checked first."""
    check_caps(params)
    return hash_secret_raw(
        secret=passphrase,
        salt=params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=ARGON2_VERSION,
    )


def _timed(params: KdfParams, clock: Callable[[], float]) -> float:
    start = clock()
    derive(b"calibration", params)
    return clock() - start


def calibrate(
    target_seconds: float = 1.0,
    memory_kib: int = MIN_MEMORY_KIB,
    parallelism: int = 2,
    progress: Callable[[int, int], None] | None = None,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> KdfParams:
    """Parameters for which one derivation takes about target_seconds on this machine.

    Memory grows (doubling, up to CALIBRATE_MAX_MEMORY_KIB) while a single pass is much faster
    than the target, then time_cost is scaled to the target. Never below the minimums.
    """
    memory = min(max(memory_kib, MIN_MEMORY_KIB), MAX_MEMORY_KIB)
    total = 6
    step = 0

    def tick() -> None:
        nonlocal step
        step = min(step + 1, total)
        if progress is not None:
            progress(step, total)

    params = KdfParams(1, memory, parallelism, new_salt())
    check_caps(params)
    elapsed = _timed(params, clock)
    tick()
    while elapsed * 3 < target_seconds and memory * 2 <= CALIBRATE_MAX_MEMORY_KIB:
        memory *= 2
        params = KdfParams(1, memory, parallelism, params.salt)
        elapsed = _timed(params, clock)
        tick()
    per_pass = max(elapsed, 1e-6)
    time_cost = min(max(1, round(target_seconds / per_pass)), MAX_TIME_COST)
    result = KdfParams(time_cost, memory, parallelism, new_salt())
    check_strength(result)
    while step < total:
        tick()
    return result
