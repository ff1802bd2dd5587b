"""Key rotation: a new random vault key, the database re-keyed and every blob re-encrypted.

After it, a copy of the old ``vault.key`` with the old passphrase opens nothing: its key
no longer matches the database or any blob (``intake passwd --rotate``; the app's
Preferences). The quick re-wrap (``Vault.change_passphrase``) stays for when only the
passphrase must change, and says that old key files still open the vault.

Crash safety: everything new is built in ``.rotate/`` beside the vault while the vault
stays untouched (the database through ``sqlcipher_export`` under the new key, each blob
decrypted, checked against its recorded SHA-256 and re-encrypted, the new ``vault.key``);
then ``.rotate/COMMIT`` is written and synced: that is the one moment the rotation happens.
``vault.finish_rotation`` moves the staged files into place, and runs again at the next
unlock if a kill interrupts it; a kill before the mark leaves the staged copy to be
discarded. So a kill at any moment leaves the old vault (old passphrase) or the new one
(new passphrase), never a mix (tests/test_crash.py, op `rotate`, kills it at random moments).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from crypto import kdf, keys, stream
from crypto.errors import Cancelled, IntegrityError, WrongPassphrase
from intake import files
from intake.capture import attachments
from intake.errors import UsageError
from intake.vault import (
    ATTACHMENTS,
    DB_FILE,
    KEY_FILE,
    ROTATE_COMMIT,
    ROTATE_DIR,
    Vault,
    audit,
    db,
    discard_rotation,
)

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def rotate(
    vault: Vault,
    old: bytes,
    new: bytes,
    params: kdf.KdfParams | None = None,
    *,
    insecure_test_kdf: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> None:
    """Replace the vault key of the unlocked ``vault`` (``old`` is the current passphrase).

    Raises WrongPassphrase, Cancelled (nothing changed), UsageError when another program
    wrote to the vault meanwhile (nothing changed), IntegrityError if a blob is damaged
    (nothing changed: run ``intake check``).
    """
    if not new:
        raise UsageError("the new passphrase is empty", code="passphrase.empty")
    path = vault.path
    if keys.unwrap((path / KEY_FILE).read_bytes(), old) != vault._key:
        raise WrongPassphrase("the current passphrase is wrong")
    if params is None:
        params = kdf.calibrate()
    if not insecure_test_kdf:
        kdf.check_strength(params)
    new_key = keys.new_key()
    stage = path / ROTATE_DIR
    with vault._lock, vault.without_background():
        conn = vault._conn
        if conn is None:
            raise UsageError("the vault is locked", code="vault.locked")
        if vault.query("SELECT 1 FROM recordings WHERE state = 'recording' LIMIT 1"):
            raise UsageError(
                "a recording is in progress: stop it before changing the key",
                code="recording.in_progress",
            )
        discard_rotation(path)
        files.make_private_dir(stage / ATTACHMENTS)
        try:
            _build(vault, conn, stage, new_key, new, params, progress, cancel)
        except BaseException:
            with contextlib.suppress(db.DatabaseError):
                conn.execute("ROLLBACK")
            discard_rotation(path)
            raise
        # The commit point: from here on the new vault is the vault.
        files.atomic_write(stage / ROTATE_COMMIT, b"rotation complete\n")
        files.fsync_dir(stage)
        conn.execute("ROLLBACK")  # the write lock held since the copy; nothing was written
        vault._reopen_with(new_key)


def _build(
    vault: Vault,
    conn: db.Connection,
    stage: Path,
    new_key: bytes,
    new: bytes,
    params: kdf.KdfParams,
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    db_key = keys.derive_key(new_key, "database")
    conn.execute(
        f"ATTACH DATABASE ? AS rotated KEY \"x'{db_key.hex()}'\"", (str(stage / DB_FILE),)
    )
    # written anew with the pages of a new vault (a vault made with 4 KiB pages gets 16)
    conn.execute(f"PRAGMA rotated.cipher_page_size = {db.PAGE_SIZE}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        seen = conn.execute("PRAGMA main.data_version").fetchone()[0]
        conn.execute("SELECT sqlcipher_export('rotated')")
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute("DETACH DATABASE rotated")
    # Held until the swap: no other program can write to the old database meanwhile, and
    # one that wrote between the copy and this lock is caught by the data version.
    conn.execute("BEGIN IMMEDIATE")
    if conn.execute("PRAGMA main.data_version").fetchone()[0] != seen:
        raise UsageError(
            "another program wrote to the vault during the rotation: close it and try again;"
            " nothing was changed",
            code="rotation.interrupted",
        )
    blobs = [
        (str(r[0]), int(r[1]), str(r[2]))
        for r in conn.execute(
            "SELECT id, size, sha256 FROM attachments"
            " UNION ALL SELECT blob_id, size, sha256 FROM statements"
        )
    ]
    total, done = max(sum(b[1] for b in blobs), 1), 0
    old_sub = vault.subkey("attachments")
    new_sub = keys.derive_key(new_key, "attachments")
    for blob_id, size, sha256 in blobs:

        def step(n: int, base: int = done) -> None:
            if progress is not None:
                progress(min(base + n, total), total)

        source = attachments.blob_path(vault, blob_id)
        aad = attachments.aad(blob_id)
        with open(source, "rb") as f, files.atomic_writer(
            stage / ATTACHMENTS / source.name
        ) as dst:
            reader = stream.DecryptingReader(old_sub, f, aad=aad)
            got_size, got = stream.encrypt_stream(
                new_sub, cast(BinaryIO, reader), dst, aad=aad, progress=step, cancel=cancel
            )
        if (got_size, got) != (size, sha256):
            raise IntegrityError(f"blob {blob_id} does not match its recorded SHA-256")
        done += size
    if cancel is not None and cancel():
        raise Cancelled("key rotation cancelled")
    new_conn = db.connect(stage / DB_FILE, db_key)
    try:
        new_conn.execute("BEGIN IMMEDIATE")
        audit.append(new_conn, "passphrase changed", rotated=True, blobs=len(blobs))
        new_conn.execute("COMMIT")
        new_conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        new_conn.close()
    # The recovery copy (issue 20), if the vault pinned a recovery set, is made anew for the
    # new key from the set's public key: the shares open the rotated vault as before.
    keyfile = keys.set_recovery(keys.wrap(new_key, new, params), new_key, vault.recovery_info)
    files.atomic_write(stage / KEY_FILE, keyfile)
    files.fsync_dir(stage / ATTACHMENTS)
    files.fsync_dir(stage)
    if progress is not None:
        progress(total, total)
