"""A vault: one folder holding an interviewer's (or a legal team's) records.

    vault.key        the random vault key, wrapped with the passphrase (Argon2id + AES-GCM)
    vault.db         SQLCipher 4 database: records, versions, audit log, search index, identity
    attachments/     streamed, chunk-encrypted blobs named by random ids
    vault.head       the latest signed checkpoint of the audit log (no secret; history.py)
    .rotate/         only while a key rotation runs (intake/vault/rotate.py): the new vault

The passphrase only unwraps the vault key; every other key is derived from it
with a purpose label. A quick passphrase change rewrites ``vault.key`` alone; a
key rotation (``intake/vault/rotate.py``) replaces the vault key and re-encrypts everything.
Destroying ``vault.key`` is the wipe.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import platformdirs

from crypto import kdf, keys
from crypto.errors import FormatError, WrongPassphrase
from crypto.sign import SigningIdentity
from intake import files
from intake.errors import UsageError, VaultExists, VaultNotFound
from intake.vault import audit, db

KEY_FILE = "vault.key"
RECOVERY_META = "recovery"  # meta key: the pinned recovery set (keys.RecoveryInfo JSON)
DB_FILE = "vault.db"
ATTACHMENTS = "attachments"
HEAD_FILE = "vault.head"  # the latest signed checkpoint of the audit log (intake/vault/history.py)
ROTATE_DIR = ".rotate"
ROTATE_COMMIT = "COMMIT"
MAX_DELAY_MS = 30_000


def failure_delay_ms(failures: int) -> int:
    """How long to wait after the ``failures``-th wrong passphrase (the app and the CLI):
    1 s, doubling, capped at 30 s, on top of the Argon2id cost itself."""
    if failures <= 0:
        return 0
    return int(min(1000 * 2 ** (failures - 1), MAX_DELAY_MS))


def default_path() -> Path:
    return platformdirs.user_data_path("TestimonyIntake", appauthor=False) / "vault"


def exists(path: Path) -> bool:
    return (path / KEY_FILE).is_file()


class Vault:
    """An unlocked vault. ``lock()`` closes the database and drops the keys."""

    def __init__(self, path: Path, vault_key: bytes, conn: db.Connection | None) -> None:
        self.path = path
        self._key: bytes | None = vault_key
        self._conn: db.Connection | None = conn
        self._opens = conn is None  # the background vault connects at its first use
        self._lock = threading.RLock()
        self._identity: SigningIdentity | None = None
        self._background: Vault | None = None
        self._background_guard = threading.RLock()
        self.swept = 0  # orphan blobs removed when this vault was unlocked

    # -- opening and closing -------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: bytes,
        *,
        name: str,
        org: str = "",
        params: kdf.KdfParams | None = None,
        insecure_test_kdf: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> Vault:
        """Create a new vault with a fresh vault key and signing identity.

        ``params`` default to a calibration on this machine (about a second,
        at least 256 MiB). Parameters below that minimum are refused unless the
        caller says ``insecure_test_kdf=True``, which only tests do.
        """
        if exists(path):
            raise VaultExists(f"a vault already exists at {path}", detail=str(path))
        if not passphrase:
            raise UsageError("the passphrase is empty", code="passphrase.empty")
        if params is None:
            params = kdf.calibrate(progress=progress)
        if not insecure_test_kdf:
            kdf.check_strength(params)
        files.make_private_dir(path)
        files.make_private_dir(path / ATTACHMENTS)
        for leftover in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm"):
            (path / leftover).unlink(missing_ok=True)  # from a creation killed midway
        vault_key = keys.new_key()
        conn = db.connect(path / DB_FILE, keys.derive_key(vault_key, "database"))
        db.migrate(conn)
        identity = SigningIdentity.create(name, org or None)
        with _transaction(conn):
            for k, v in (
                ("name", name),
                ("organisation", org),
                ("signing_key", identity.key_pem().decode("ascii")),
                ("signing_cert", identity.cert_pem().decode("ascii")),
            ):
                conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (k, v))
            audit.append(conn, "vault created", "", fingerprint=identity.fingerprint)
        # The key file comes last: a vault exists once it is in place.
        files.atomic_write(path / KEY_FILE, keys.wrap(vault_key, passphrase, params))
        vault = cls(path, vault_key, conn)
        vault._identity = identity
        return vault

    @classmethod
    def open(cls, path: Path, passphrase: bytes) -> Vault:
        """Unlock the vault at ``path``. Raises WrongPassphrase, VaultNotFound, FormatError."""
        finish_rotation(path)  # a key rotation killed midway: back to the old or on to the new
        keyfile = path / KEY_FILE
        if not keyfile.is_file():
            raise VaultNotFound(f"no vault at {path}", detail=str(path))
        return cls.open_with_key(path, keys.unwrap(keyfile.read_bytes(), passphrase))

    @classmethod
    def open_with_key(cls, path: Path, vault_key: bytes, action: str = "vault unlocked") -> Vault:
        """Open with a vault key already unwrapped (by the passphrase or by recovery shares)."""
        try:
            conn = db.connect(path / DB_FILE, keys.derive_key(vault_key, "database"))
        except db.DatabaseError as e:
            _raise_disk_error(e)
            if "not a database" in str(e):
                # The key file opened, its key does not: an old copy of vault.key from before
                # a key rotation (or a database whose first page was destroyed).
                raise WrongPassphrase(
                    "this key file does not open the vault database: it is from before a key"
                    " rotation, or the database is damaged"
                ) from None
            raise FormatError(f"the vault database cannot be opened: {e}") from None
        vault = cls(path, vault_key, conn)
        try:
            db.migrate(conn)
            files.remove_partials(path / ATTACHMENTS)
            with vault.transaction() as c:
                # An attach or import killed between its blob's rename and its commit left a
                # blob no row counts: nothing refers to it, nothing will (docs/security.md).
                # Not when the log is behind vault.head (an older vault.db put back): the
                # blobs of the lost rows are then evidence, kept for `intake check` to name.
                orphans = [] if _behind_head(path, c) else orphan_blobs(path, c)
                for p in orphans:
                    p.unlink(missing_ok=True)
                vault.swept = len(orphans)
                swept: dict[str, Any] = {"orphans_removed": len(orphans)} if orphans else {}
                audit.append(c, action, **swept)
            cut = vault.query("SELECT 1 FROM recordings WHERE state = 'recording' LIMIT 1")
            _destroy_key_partials(path)  # a passphrase change killed midway
            vault._keep_recovery()
            if cut:
                from intake.capture import audiostore

                audiostore.recover(vault)
        except db.DatabaseError as e:  # a damaged page met while migrating, logging or after
            vault.lock()
            _raise_disk_error(e)
            raise FormatError(f"the vault database is damaged: {e}") from None
        return vault

    def lock(self) -> None:
        """Close the database and drop every key this object holds (the background
        connection first, once its transaction in flight is done)."""
        with self._background_guard:
            self._close_background()
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._opens = False
            self._key = None
            self._identity = None

    @property
    def locked(self) -> bool:
        return self._conn is None and not self._opens

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    # -- keys -----------------------------------------------------------------

    def subkey(self, purpose: str) -> bytes:
        if self._key is None:
            raise UsageError("the vault is locked", code="vault.locked")
        return keys.derive_key(self._key, purpose)

    @property
    def identity(self) -> SigningIdentity:
        if self._identity is None:
            key_pem, cert_pem = self.meta("signing_key"), self.meta("signing_cert")
            self._identity = SigningIdentity.from_pem(key_pem.encode(), cert_pem.encode())
        return self._identity

    @property
    def owner(self) -> tuple[str, str]:
        return self.meta("name"), self.meta("organisation")

    def change_passphrase(
        self,
        old: bytes,
        new: bytes,
        params: kdf.KdfParams | None = None,
        *,
        insecure_test_kdf: bool = False,
    ) -> None:
        """Re-wrap the same vault key under ``new``; nothing else is re-encrypted, so a copy
        of the old ``vault.key`` still opens the vault with the old passphrase (a key
        rotation, ``intake.vault.rotate.rotate``, ends that)."""
        if not new:
            raise UsageError("the new passphrase is empty", code="passphrase.empty")
        keyfile = self.path / KEY_FILE
        current = keyfile.read_bytes()
        if keys.unwrap(current, old) != self._key:
            raise WrongPassphrase("the current passphrase is wrong")
        if params is None:
            params = kdf.calibrate()
        if not insecure_test_kdf:
            kdf.check_strength(params)
        assert self._key is not None
        self.write_keyfile(keys.wrap(self._key, new, params))
        with self.transaction() as c:
            audit.append(c, "passphrase changed", rotated=False)

    def _reopen_with(self, vault_key: bytes) -> None:
        """After a committed key rotation: finish it on disk, then hold the new key and a
        connection to the new database (the caller holds ``self._lock``). The background
        connection goes first: it must never write to the database being replaced."""
        with self._background_guard:
            self._close_background()
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            finish_rotation(self.path)
            self._conn = db.connect(self.path / DB_FILE, keys.derive_key(vault_key, "database"))
            self._key = vault_key

    # -- a second connection for worker threads ------------------------------------------

    def background(self) -> Vault:
        """This vault for worker threads: the same keys, its own connection to the database.

        In WAL mode one connection reads while another writes, so the GUI thread's reads never
        wait for a worker's transaction (an autosave, a step of index maintenance, a page of
        the record list), as they would behind one shared connection and its lock; two writers
        take turns on SQLite's write lock (the busy timeout, 5 s). Each connection is used by
        one thread at a time (each has its own lock). It connects at its first use, on the
        worker (about 9 ms: not on the GUI thread); locking this vault or rotating its key
        closes it first, after the transaction it is running.
        """
        if not self._background_guard.acquire(blocking=False):  # a key rotation: never wait
            raise UsageError("the vault is busy (a key rotation): try again")
        try:
            side = self._background
            if side is None or side.locked:
                if self._key is None:
                    raise UsageError("the vault is locked", code="vault.locked")
                side = Vault(self.path, self._key, None)  # connects on its worker
                side._identity = self._identity
                self._background = side
            return side
        finally:
            self._background_guard.release()

    @contextlib.contextmanager
    def without_background(self) -> Iterator[None]:
        """No background connection while this is held (a key rotation): the open one is
        closed after its transaction and none opens."""
        with self._background_guard:
            self._close_background()
            yield

    def _close_background(self) -> None:
        """(The caller holds ``self._background_guard``.)"""
        side, self._background = self._background, None
        if side is not None:
            side.lock()

    # -- the recovery copy of the key (see intake/vault/recovery.py) -------------------

    @property
    def recovery_info(self) -> keys.RecoveryInfo | None:
        """The recovery set this vault pinned (in its database), or None."""
        raw = self.meta(RECOVERY_META)
        return keys.RecoveryInfo.from_json(json.loads(raw)) if raw else None

    def write_keyfile(self, keyfile: bytes, recovery: keys.RecoveryInfo | None = None) -> None:
        """Write ``keyfile`` (a passphrase copy of this vault's key) with the recovery copy
        made for ``recovery`` or else for the pinned set. Every key file write goes here, so
        a new passphrase or a new vault key keeps recovery working."""
        if self._key is None:
            raise UsageError("the vault is locked", code="vault.locked")
        info = recovery if recovery is not None else self.recovery_info
        files.atomic_write(self.path / KEY_FILE, keys.set_recovery(keyfile, self._key, info))

    def _keep_recovery(self) -> None:
        """A key file written without its recovery copy (or for another set than the pinned
        one) gets it back: the copy needs only the vault key and the pinned public key."""
        info = self.recovery_info
        if info is None:
            return
        current = (self.path / KEY_FILE).read_bytes()
        try:
            held = keys.recovery_info(current)
        except FormatError:  # a damaged recovery copy never stands in the way of the passphrase
            held = None
        if held != info:
            with contextlib.suppress(OSError):  # a full disk: repaired at the next unlock
                self.write_keyfile(current, info)

    # -- database -------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[db.Connection]:
        """An immediate transaction on the vault database, serialised across threads."""
        with self._lock:
            conn = self._connection()
            with _transaction(conn):
                yield conn

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._connection().execute(sql, params).fetchall())

    def _connection(self) -> db.Connection:
        """(The caller holds ``self._lock``.)"""
        if self._conn is None and self._opens and self._key is not None:
            self._conn = db.connect(self.path / DB_FILE, keys.derive_key(self._key, "database"))
            self._opens = False
        if self._conn is None:
            raise UsageError("the vault is locked", code="vault.locked")
        return self._conn

    def meta(self, key: str) -> str:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else ""

    @property
    def attachments_dir(self) -> Path:
        return self.path / ATTACHMENTS


@contextlib.contextmanager
def _transaction(conn: db.Connection) -> Iterator[db.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as e:
        if conn.in_transaction:  # a failed COMMIT (disk full) leaves it open
            conn.execute("ROLLBACK")
        if isinstance(e, db.DatabaseError) and "full" in str(e):
            raise OSError(errno.ENOSPC, "no space left on the disk: nothing was saved") from None
        raise


def _raise_disk_error(e: Exception) -> None:
    """A full or failing disk is not a damaged vault: say so, so nobody gives up on it."""
    message = str(e)
    if "disk I/O error" in message or "full" in message:
        raise OSError(
            errno.ENOSPC, "the disk is full or cannot be written: free some space, then unlock"
        ) from None


def finish_rotation(path: Path) -> None:
    """Complete or undo a key rotation that was interrupted (idempotent; no key needed).

    Without the commit mark the staged vault is discarded: the old one was never touched.
    With it, the staged files replace the old ones, blobs first, then the database (the old
    database's WAL and shared-memory files go first: they must never meet the new database),
    the key file last; then the mark and the folder go.
    """
    stage = path / ROTATE_DIR
    if not stage.is_dir():
        return
    if not (stage / ROTATE_COMMIT).is_file():
        discard_rotation(path)
        return
    staged_blobs = stage / ATTACHMENTS
    if staged_blobs.is_dir():
        for blob in sorted(staged_blobs.glob("*.blob")):
            os.replace(blob, path / ATTACHMENTS / blob.name)
        files.fsync_dir(path / ATTACHMENTS)
    if (stage / DB_FILE).is_file():
        for name in (DB_FILE + "-wal", DB_FILE + "-shm"):
            (path / name).unlink(missing_ok=True)
        os.replace(stage / DB_FILE, path / DB_FILE)
    if (stage / KEY_FILE).is_file():
        os.replace(stage / KEY_FILE, path / KEY_FILE)
    files.fsync_dir(path)
    (stage / ROTATE_COMMIT).unlink()
    shutil.rmtree(stage, ignore_errors=True)
    files.fsync_dir(path)


def discard_rotation(path: Path) -> None:
    """Remove a staged rotation that never committed (its key file destroyed first)."""
    stage = path / ROTATE_DIR
    for keyfile in (stage / KEY_FILE, *stage.glob(f".{KEY_FILE}.*.part")):
        files.destroy(keyfile)
    shutil.rmtree(stage, ignore_errors=True)


def _behind_head(path: Path, c: db.Connection) -> bool:
    """Whether the audit log lacks the entry vault.head names (or vault.head is unreadable):
    the database is older than the last checkpoint (intake/vault/history.py checks it fully)."""
    try:
        raw = (path / HEAD_FILE).read_bytes()[:4096]
    except FileNotFoundError:
        return False
    try:
        head = json.loads(raw)
        counter, digest = int(head["counter"]), str(head["head"])
    except (ValueError, KeyError, TypeError, RecursionError):
        return True
    row = c.execute("SELECT hash FROM audit WHERE seq = ?", (counter,)).fetchone()
    return row is None or row[0] != digest


def orphan_blobs(path: Path, c: db.Connection) -> list[Path]:
    """Blobs in ``attachments/`` that no attachment or kept statement row names."""
    known = {r[0] for r in c.execute("SELECT id FROM attachments")}
    known |= {r[0] for r in c.execute("SELECT blob_id FROM statements")}
    known |= {r[0] for r in c.execute("SELECT attachment_id FROM recordings")}
    return [p for p in (path / ATTACHMENTS).glob("*.blob") if p.stem not in known]


def _destroy_key_partials(path: Path) -> None:
    """Temp copies of the wrapped key left by an interrupted write: each one still unwraps
    the vault key with its passphrase, so it is destroyed like the key file itself. (And a
    checkpoint's temp file, which holds no secret: removed.)"""
    for partial in path.glob(f".{KEY_FILE}.*.part"):
        files.destroy(partial)
    for partial in path.glob(f".{HEAD_FILE}.*.part"):
        partial.unlink(missing_ok=True)


def wipe(path: Path) -> None:
    """Destroy the vault: the wrapped key first (then nothing is readable), then the rest."""
    if not path.is_dir():
        raise VaultNotFound(f"no vault at {path}", detail=str(path))
    files.destroy(path / KEY_FILE)
    _destroy_key_partials(path)
    discard_rotation(path)
    for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", HEAD_FILE):
        (path / name).unlink(missing_ok=True)
    shutil.rmtree(path / ATTACHMENTS, ignore_errors=True)
    with contextlib.suppress(OSError):
        path.rmdir()
