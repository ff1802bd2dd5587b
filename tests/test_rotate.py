"""Key rotation ends the old key; the quick re-wrap says it does not; wipe overwrites in place.

The kills at random moments of a rotation are in tests/test_crash.py (op `rotate`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from crypto import kdf
from crypto.errors import Cancelled, WrongPassphrase
from intake import check, vault
from intake.capture import attachments, listing, records
from intake.vault import Vault, db, rotate
from tests.cli_run import intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example, set_narrative
from tests.test_bundle import sealed_record

NEW = b"a brand new passphrase \xea\xb0\x80"


def _blobs(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (path / "attachments").glob("*.blob")}


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    v = make_vault(tmp_path / "vault")
    sealed_record(v, files={"a.bin": os.urandom(300_000), "b.png": os.urandom(70_000)})  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    return tmp_path / "vault"


def test_cli_rotation_ends_the_old_key_file(filled: Path, passphrase_file: Path) -> None:
    tmp = filled.parent
    old_key = (filled / "vault.key").read_bytes()
    before = _blobs(filled)
    with Vault.open(filled, PASSPHRASE) as v:
        plain = {a.id: a.sha256 for a in attachments.for_record(v, listing.list_records(v)[0].id)}
    new_file = tmp / "new"
    new_file.write_bytes(NEW + b"\n")
    r = intake(
        "passwd", "--rotate", "--vault", filled, "--passphrase-file", passphrase_file,
        "--new-passphrase-file", new_file,
    )
    assert r.returncode == 0, r.stderr
    assert "old copies of vault.key and the old passphrase open nothing" in r.stdout
    assert "re-encrypting: 100%" in r.stderr
    after = _blobs(filled)
    assert after.keys() == before.keys()
    assert all(after[n] != before[n] for n in before)  # every blob re-encrypted
    assert not (filled / ".rotate").exists()

    # The old key file put back (a copy kept by an attacker) with the old passphrase: exit 3.
    stolen = tmp / "stolen"
    shutil.copytree(filled, stolen)
    (stolen / "vault.key").write_bytes(old_key)
    r = intake("record", "list", "--vault", stolen, "--passphrase-file", passphrase_file)
    assert r.returncode == 3, r.stderr
    assert "does not open the vault database" in r.stderr
    # The new key file with the new passphrase opens everything and every check holds.
    r = intake("check", "--vault", filled, "--passphrase-file", new_file)
    assert r.returncode == 0, r.stderr
    assert intake("check", "--vault", filled, "--passphrase-file", passphrase_file).returncode == 3
    with Vault.open(filled, NEW) as v:
        for att_id, sha in plain.items():
            out = tmp / f"{att_id}.out"
            attachments.extract(v, att_id, out)
            assert hashlib.sha256(out.read_bytes()).hexdigest() == sha
        log = [e for e in check.audit.entries(v._conn) if e.action == "passphrase changed"]
        assert log[-1].detail == {"rotated": True, "blobs": 2}


def test_quick_rewrap_says_old_key_files_still_open(filled: Path, passphrase_file: Path) -> None:
    old_key = (filled / "vault.key").read_bytes()
    new_file = filled.parent / "new"
    new_file.write_bytes(NEW + b"\n")
    r = intake(
        "passwd", "--vault", filled, "--passphrase-file", passphrase_file,
        "--new-passphrase-file", new_file,
    )
    assert r.returncode == 0, r.stderr
    assert "a copy of the old vault.key still opens the vault" in r.stdout
    (filled / "vault.key").write_bytes(old_key)  # and it does: that is what a re-wrap is
    Vault.open(filled, PASSPHRASE).lock()


def test_rotation_in_process_cancel_changes_nothing(filled: Path) -> None:
    before = {p.name: p.read_bytes() for p in filled.rglob("*") if p.is_file()}
    seen: list[tuple[int, int]] = []
    with Vault.open(filled, PASSPHRASE) as v:
        before.pop("vault.db", None), before.pop("vault.db-wal", None)
        before.pop("vault.db-shm", None)
        with pytest.raises(Cancelled):
            rotate.rotate(
                v, PASSPHRASE, NEW, kdf.insecure_test_params(), insecure_test_kdf=True,
                progress=lambda d, t: seen.append((d, t)), cancel=lambda: len(seen) > 1,
            )
        assert not (filled / ".rotate").exists()
        assert check.check_vault(v) == []  # the same vault, still usable in this process
        with pytest.raises(WrongPassphrase):
            rotate.rotate(v, b"not it", NEW, kdf.insecure_test_params(), insecure_test_kdf=True)
        # and a rotation that completes keeps the open vault working under the new key
        rotate.rotate(v, PASSPHRASE, NEW, kdf.insecure_test_params(), insecure_test_kdf=True)
        assert check.check_vault(v) == []
        assert listing.list_records(v)
    for name, data in before.items():
        if name != "vault.key" and not name.endswith(".blob"):
            assert (filled / name).read_bytes() == data
    with pytest.raises(WrongPassphrase):
        Vault.open(filled, PASSPHRASE)
    Vault.open(filled, NEW).lock()


def test_wipe_overwrites_the_key_file_in_place(filled: Path) -> None:
    """A hard link shares the key file's blocks: after wipe it holds random bytes, not the
    wrapped key (an os.replace or a plain unlink would leave the old bytes there)."""
    link = filled.parent / "same-inode"
    os.link(filled / "vault.key", link)
    original = link.read_bytes()
    vault.wipe(filled)
    assert not filled.exists()
    assert len(link.read_bytes()) == len(original) and link.read_bytes() != original
    assert b"testimony-intake-key" not in link.read_bytes()


def test_a_rotation_keeps_recovery_shares_working(tmp_path: Path) -> None:
    """Issue 20's recovery copy is made anew for the new key: the same shares open the
    rotated vault; the old key file (old key, old recovery copy) opens nothing."""
    from intake.vault import recovery
    from tests.test_recovery import _recover, _vault_with_shares

    path, words, rid = _vault_with_shares(tmp_path)
    old_key = (path / "vault.key").read_bytes()
    with Vault.open(path, PASSPHRASE) as v:
        rotate.rotate(v, PASSPHRASE, NEW, kdf.insecure_test_params(), insecure_test_kdf=True)
    with _recover(path, words[:2]) as v:
        assert records.get(v, rid).id == rid
        assert check.check_vault(v) == []
    stolen = tmp_path / "stolen"
    shutil.copytree(path, stolen)
    (stolen / "vault.key").write_bytes(old_key)
    with pytest.raises(WrongPassphrase):
        Vault.open(stolen, PASSPHRASE)
    with pytest.raises(WrongPassphrase):  # the old recovery copy holds the old key too
        recovery.recover(
            stolen, words[1:], NEW, params=kdf.insecure_test_params(), insecure_test_kdf=True
        )


def _page_size(v: Vault) -> int:
    with v.transaction() as c:
        return int(c.execute("PRAGMA page_size").fetchone()[0])


def test_a_vault_made_with_4_kib_pages_keeps_working_and_a_rotation_writes_it_with_16(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Vaults made before new ones had 16 KiB pages have SQLCipher's 4 KiB: each opens with
    the size its file has (found from the file, a change still in the WAL included), and a
    key rotation writes it anew with 16."""
    path = tmp_path / "증언 #1 ?%20"  # the file's page size is read through a file: URI
    monkeypatch.setattr(db, "PAGE_SIZE", db.LEGACY_PAGE_SIZE)  # made as before
    old = make_vault(path)
    first = records.create(old, FORM_ID, set_narrative(example(), "the camp gate at dawn"))
    monkeypatch.undo()
    assert db.PAGE_SIZE == 16384 and _page_size(old) == 4096  # type: ignore[arg-type]
    second = records.create(old, FORM_ID, example())  # type: ignore[arg-type]
    assert (path / "vault.db-wal").stat().st_size > 0  # not checkpointed: a second opener
    raw = db.connect(path / vault.DB_FILE, old.subkey("database"))  # type: ignore[attr-defined]
    try:
        assert raw.execute("PRAGMA page_size").fetchone() == ("4096",)
        assert {r for (r,) in raw.execute("SELECT id FROM records")} == {first, second}
    finally:
        raw.close()
    old.lock()  # type: ignore[attr-defined]
    with Vault.open(path, PASSPHRASE) as v:
        assert _page_size(v) == 4096
        assert [r.record.id for r in listing.find(v, "camp gate")] == [first]
        rotate.rotate(v, PASSPHRASE, NEW, kdf.insecure_test_params(), insecure_test_kdf=True)
        assert _page_size(v) == 16384
    with Vault.open(path, NEW) as v:
        assert _page_size(v) == 16384 and check.check_vault(v) == []
        assert [r.record.id for r in listing.find(v, "camp gate")] == [first]
        assert {r.id for r in listing.list_records(v)} == {first, second}
    fresh = make_vault(tmp_path / "new")
    assert _page_size(fresh) == 16384  # type: ignore[arg-type]
    fresh.lock()  # type: ignore[attr-defined]


def test_opening_a_4_kib_vault_logs_no_failed_hmac(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Finding a vault's page size tries 16 KiB first: on a 4 KiB vault that try fails the
    first page's HMAC, which SQLCipher would log to stderr at every unlock (docs/security.md)."""
    monkeypatch.setattr(db, "PAGE_SIZE", db.LEGACY_PAGE_SIZE)
    make_vault(tmp_path / "old").lock()  # type: ignore[attr-defined]
    monkeypatch.undo()
    capfd.readouterr()
    with Vault.open(tmp_path / "old", PASSPHRASE) as v:
        assert _page_size(v) == 4096
    assert "hmac check failed" not in capfd.readouterr().err
