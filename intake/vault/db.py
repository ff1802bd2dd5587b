"""The SQLCipher 4 database of a vault: opening it with a raw key, and migrating it
(the schema's history is in :mod:`intake.vault.schema`).

The database is keyed with a raw 256-bit subkey (``x'…'``), so SQLCipher's own
passphrase KDF is not run on top of Argon2id. Temp tables and sort spills stay
in memory (``temp_store = MEMORY``): SQLite's temp files are not encrypted.

A new database has pages of 16 KiB (``PAGE_SIZE``): a read from a cold disk costs about
the same for 4 or 16 KiB, and the record list reads its index entries in list order, so a
rare filter set at 100,000 records waits for a quarter of the reads. Vaults made before
keep SQLCipher's 4 KiB (``LEGACY_PAGE_SIZE``) until a key rotation writes them anew; which
one a file has is found by reading its first page (:func:`page_size`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from intake.vault.schema import BUILDS, MIGRATIONS, SCHEMA_VERSION, split

Connection = Any  # sqlcipher3.dbapi2.Connection: the module ships no type hints
DatabaseError = sqlcipher3.DatabaseError
PAGE_SIZE = 16384
LEGACY_PAGE_SIZE = 4096  # SQLCipher 4's default, every vault made before PAGE_SIZE
PROBES = 3  # a first page read while another process checkpoints it may be torn: read again
_PROBING = threading.Lock()  # SQLCipher's log level is the process's: one probe at a time


def _keyed(conn: Connection, key: bytes, size: int) -> None:
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA cipher_page_size = {size}")


def page_size(path: Path, key: bytes) -> int:
    """The page size of the database at ``path``: PAGE_SIZE for a file not made yet, else
    the size its first page decrypts and authenticates with under ``key``.

    Read from the file alone (``immutable``: no lock taken, the WAL neither read nor
    changed, nothing written). A file neither size opens (a wrong key, damage) gets
    LEGACY_PAGE_SIZE: the connection's own check then says why it does not open.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return PAGE_SIZE
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    with _PROBING:
        return _probe(uri, key)


def _probe(uri: str, key: bytes) -> int:
    for _ in range(PROBES):
        for size in (PAGE_SIZE, LEGACY_PAGE_SIZE):
            probe = sqlcipher3.connect(uri, uri=True)
            # a size that does not fit fails the first page's HMAC, which SQLCipher would
            # log to stderr as an error (its log level is the process's: put back after)
            level = probe.execute("PRAGMA cipher_log_level").fetchone()[0]
            probe.execute("PRAGMA cipher_log_level = NONE")
            try:
                _keyed(probe, key, size)
                probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return size
            except sqlcipher3.DatabaseError:
                continue
            finally:
                probe.execute(f"PRAGMA cipher_log_level = {level}")
                probe.close()
    return LEGACY_PAGE_SIZE


def connect(path: Path, key: bytes) -> Connection:
    """Open (or create) the database at ``path`` with a raw 32-byte key.

    Raises ``DatabaseError`` when the key does not open the file.
    """
    if len(key) != 32:
        raise ValueError("database key must be 32 bytes")
    size = page_size(path, key)
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    _keyed(conn, key, size)
    conn.execute("PRAGMA cipher_memory_security = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    # 16 MiB of decrypted pages per connection (SQLite's default is 2 MB): the record list's
    # filter sets and a search page at 100,000 records no longer push each other out (p95
    # of the warm list ~5 -> ~2.7 ms). Wiped on free like every page (memory security).
    conn.execute("PRAGMA cache_size = -16384")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails on a wrong key
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def schema_version(conn: Connection) -> int:
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if row is None:
        return 0
    (version,) = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(version)


def migrate(
    conn: Connection, target: int = SCHEMA_VERSION, now: Callable[[], str] | None = None
) -> int:
    """Bring the schema up to ``target``, each step in its own transaction; return the version."""
    stamp = now or utc_now
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise DatabaseError(f"vault schema {current} is newer than this program ({SCHEMA_VERSION})")
    while current < target:
        script = MIGRATIONS[current]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if current == 0:
                conn.execute(
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)"
                )
            for statement in split(script):
                conn.execute(statement)
            if current + 1 in BUILDS:
                BUILDS[current + 1](conn)
            conn.execute("INSERT INTO schema_version VALUES (?, ?)", (current + 1, stamp()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current += 1
    return current


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
