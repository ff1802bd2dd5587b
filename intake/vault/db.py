"""The SQLCipher 4 database of a vault: opening it with a raw key, and migrating it
(the schema's history is in :mod:`intake.vault.schema`).

The database is keyed with a raw 256-bit subkey (``x'…'``), so SQLCipher's own
passphrase KDF is not run on top of Argon2id. Temp tables and sort spills stay
in memory (``temp_store = MEMORY``): SQLite's temp files are not encrypted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from intake.vault.schema import BUILDS, MIGRATIONS, SCHEMA_VERSION, split

Connection = Any  # sqlcipher3.dbapi2.Connection: the module ships no type hints
DatabaseError = sqlcipher3.DatabaseError


def connect(path: Path, key: bytes) -> Connection:
    """Open (or create) the database at ``path`` with a raw 32-byte key.

    Raises ``DatabaseError`` when the key does not open the file.
    """
    if len(key) != 32:
        raise ValueError("database key must be 32 bytes")
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
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
