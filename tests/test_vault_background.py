"""The vault's background connection (``Vault.background``), which workers use: reads on the
vault's own connection never wait behind its transactions, and it never outlives a lock or
a key rotation (a save through it after a rotation reaches the new database)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from crypto import kdf
from intake.capture import records
from intake.errors import UsageError
from intake.vault import Vault, rotate
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example

NEW = b"another passphrase for the rotation"


def test_reads_do_not_wait_for_a_transaction_of_the_background_connection(
    vault: Vault,
) -> None:
    rid = records.create(vault, FORM_ID, example())
    side = vault.background()
    assert side is vault.background()  # one, opened once
    inside, done = threading.Event(), threading.Event()
    timed_out: list[bool] = []

    def writer() -> None:
        with side.transaction() as c:
            c.execute("UPDATE records SET pseudonym = 'held' WHERE id = ?", (rid,))
            inside.set()
            timed_out.append(not done.wait(30))  # held until the reads below are done

    thread = threading.Thread(target=writer)
    thread.start()
    assert inside.wait(30)
    # the write transaction is open on the worker's connection: this thread still reads
    # (the committed state), where one shared connection would wait for its lock
    assert records.get(vault, rid).pseudonym != "held"
    done.set()
    thread.join(30)
    assert timed_out == [False]
    assert records.get(vault, rid).pseudonym == "held"  # committed: seen by both


def test_locking_closes_the_background_connection(tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    side = v.background()
    v.lock()
    assert side.locked
    with pytest.raises(UsageError):
        side.query("SELECT 1")
    with pytest.raises(UsageError):
        v.background()


def test_a_key_rotation_replaces_the_background_connection(tmp_path: Path) -> None:
    path = tmp_path / "vault"
    v = make_vault(path)
    assert isinstance(v, Vault)
    rid = records.create(v, FORM_ID, example())
    before = v.background()
    rotate.rotate(v, PASSPHRASE, NEW, kdf.insecure_test_params(), insecure_test_kdf=True)
    assert before.locked  # it never writes to the database the rotation replaced
    after = v.background()
    assert after is not before
    doc = example()
    doc["record"]["reference"] = "AFTER-ROTATION"
    records.save_draft(after, rid, doc)
    v.lock()
    with Vault.open(path, NEW) as reopened:
        assert records.draft(reopened, rid)["record"]["reference"] == "AFTER-ROTATION"
