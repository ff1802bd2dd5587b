"""Tampering with a vault at rest: every changed byte, truncation or extension is detected.

Each trial changes one file of a locked vault (vault.key, vault.db or an attachment
blob) at a seeded random position, then unlocks it and runs the same check as
`intake check`. Detected means: unlocking raises a typed error, or the check names a
problem. Anything else that is raised is a crash and fails the test; a changed file
that opens and checks clean is "silently accepted" and fails the test too, unless the
change does not alter what the file says (whitespace inside the JSON key file).

Default: 300 trials; ``pytest --long``: 3000.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from crypto.errors import CryptoError
from intake import check
from intake.capture import attachments, records
from intake.errors import IntakeError
from intake.vault import Vault, db
from tests.cli_run import intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example, set_narrative

TRIALS = 300
LONG_TRIALS = 3000


def mutate(data: bytes, rnd: random.Random) -> tuple[str, bytes]:
    """One seeded change: a byte altered, the file cut short, or bytes appended."""
    kind = rnd.choice(["flip", "truncate", "extend"]) if data else "extend"
    if kind == "flip":
        out = bytearray(data)
        i = rnd.randrange(len(out))
        out[i] ^= rnd.randrange(1, 256)
        return f"flip@{i}", bytes(out)
    if kind == "truncate":
        n = rnd.randrange(len(data))
        return f"truncate@{n}", data[:n]
    extra = rnd.randbytes(rnd.choice([1, 16, rnd.randrange(1, 70_000)]))
    return f"extend+{len(extra)}", data + extra


def same_json(a: bytes, b: bytes) -> bool:
    try:
        return bool(json.loads(a) == json.loads(b))
    except (ValueError, UnicodeDecodeError):
        return False


@pytest.fixture(scope="module")
def sample_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tamper")
    v: Vault = make_vault(root / "vault")  # type: ignore[assignment]
    rnd = random.Random(3)
    for i in range(3):
        rid = records.create(v, FORM_ID, example())
        src = root / f"photo{i}.jpg"
        src.write_bytes(rnd.randbytes(150_000 + i * 65_536))  # several chunks, odd sizes
        attachments.add(v, rid, src)
        records.seal_record(v, rid)
        records.correct(v, rid)
        records.save_draft(v, rid, set_narrative(example(), f"draft {i} " * 2000))
        if i:
            records.seal_record(v, rid)
    assert check.check_vault(v) == []
    v.lock()
    assert not (root / "vault" / "vault.db-wal").exists()
    return root / "vault"


def unlock_and_check(path: Path) -> str:
    """'detected: …' or 'accepted'; any other exception propagates (a crash)."""
    try:
        v = Vault.open(path, PASSPHRASE)
    except (CryptoError, IntakeError) as e:
        return f"detected: open raised {type(e).__name__}"
    try:
        problems = check.check_vault(v)
    finally:
        v.lock()
    return "detected: check" if problems else "accepted"


def test_every_change_to_a_vault_file_is_detected(
    sample_vault: Path, request: pytest.FixtureRequest, record_property: object
) -> None:
    n = LONG_TRIALS if request.config.getoption("--long") else TRIALS
    rnd = random.Random("tamper-vault")
    targets = [
        sample_vault / "vault.key",
        sample_vault / "vault.db",
        *sorted((sample_vault / "attachments").glob("*.blob")),
    ]
    kinds = {"vault.key": "key file", "vault.db": "database"}
    tally: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()
    silently_accepted = []
    for i in range(n):
        target = targets[i % 3] if i % 3 < 2 else rnd.choice(targets[2:])
        original = target.read_bytes()
        what, changed = mutate(original, rnd)
        target.write_bytes(changed)
        try:
            outcome = unlock_and_check(sample_vault)
        finally:
            target.write_bytes(original)
            for leftover in ("vault.db-wal", "vault.db-shm"):
                (sample_vault / leftover).unlink(missing_ok=True)
        kind = kinds.get(target.name, "attachment blob")
        per_kind[kind] += 1
        if outcome == "accepted":
            if target.name == "vault.key" and same_json(original, changed):
                tally["equivalent"] += 1  # same JSON, e.g. a space turned into a tab
                continue
            silently_accepted.append(f"{target.name} {what}")
        tally[outcome.split(" raised")[0].split(":")[0]] += 1
    detected = tally["detected"]
    print(
        f"tamper[vault]: {n} tried ({dict(per_kind)}), {detected} detected,"
        f" {tally['equivalent']} left the JSON key file equivalent, 0 crashed"
    )
    record_property("tampered_vault_files_tried", n)  # type: ignore[operator]
    record_property("tampered_vault_files_detected", detected)  # type: ignore[operator]
    assert silently_accepted == []
    assert detected + tally["equivalent"] == n
    assert unlock_and_check(sample_vault) == "accepted"  # restored: the harness itself is sound


def test_each_page_of_the_database_damaged_in_turn_is_a_typed_error_or_found(
    sample_vault: Path,
) -> None:
    """A byte flipped in each page of ``vault.db`` in turn: the unlock raises a typed error or
    ``check`` names the damage, and no raw database error escapes (one did when the damaged
    page was first read after the unlock's transaction: ``meta``, for the recovery copy)."""
    path = sample_vault / "vault.db"
    original = path.read_bytes()
    page = db.PAGE_SIZE
    outcomes: Counter[str] = Counter()
    for n in range(len(original) // page):
        changed = bytearray(original)
        changed[n * page + page // 2] ^= 0x01
        path.write_bytes(changed)
        try:
            outcomes[unlock_and_check(sample_vault).split(":")[0]] += 1
        finally:
            path.write_bytes(original)
            for leftover in ("vault.db-wal", "vault.db-shm"):
                (sample_vault / leftover).unlink(missing_ok=True)
    assert outcomes["detected"] >= 0.9 * sum(outcomes.values()), outcomes  # free pages: unread


def test_cli_check_names_a_damaged_database_in_one_line(sample_vault: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase"
    secret.write_bytes(PASSPHRASE + b"\n")
    db = sample_vault / "vault.db"
    original = db.read_bytes()
    damaged = bytearray(original)
    damaged[len(damaged) // 2] ^= 0x01  # a page in the middle: a draft or the index
    db.write_bytes(bytes(damaged))
    try:
        r = intake("check", "--vault", sample_vault, "--passphrase-file", secret)
    finally:
        db.write_bytes(original)
        for leftover in ("vault.db-wal", "vault.db-shm"):
            (sample_vault / leftover).unlink(missing_ok=True)
    assert r.returncode in (1, 2), r.stderr
    assert "Traceback" not in r.stderr
    assert "error:" in r.stderr and "vault database" in r.stderr
