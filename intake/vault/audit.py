"""The append-only, hash-chained audit log.

Each row's hash covers the previous row's hash and the row's own fields
(RFC 8785 canonical JSON), so removing, reordering or editing any row breaks
the chain from that row on. SQL triggers refuse UPDATE and DELETE. Details
carry ids, counts and hashes, never testimony text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import rfc8785

from intake.vault.db import Connection, utc_now

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    action: str
    object: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "action": self.action,
            "object": self.object,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def entry_hash(
    prev_hash: str, seq: int, at: str, action: str, obj: str, detail: dict[str, Any]
) -> str:
    body = rfc8785.dumps({"seq": seq, "at": at, "action": action, "object": obj, "detail": detail})
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


def append(conn: Connection, action: str, obj: str = "", **detail: Any) -> Entry:
    """Add a row; call inside the transaction of the action it records."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at = utc_now()
    digest = entry_hash(prev, seq, at, action, obj, detail)
    conn.execute(
        "INSERT INTO audit (seq, at, action, object, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at, action, obj, json.dumps(detail, ensure_ascii=False), prev, digest),
    )
    return Entry(seq, at, action, obj, detail, prev, digest)


def entries(conn: Connection, obj: str | None = None) -> list[Entry]:
    sql = "SELECT seq, at, action, object, detail, prev_hash, hash FROM audit"
    rows = (
        conn.execute(sql + " WHERE object = ? ORDER BY seq", (obj,))
        if obj is not None
        else conn.execute(sql + " ORDER BY seq")
    )
    return [Entry(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows]


def verify_chain(rows: list[Entry], start_hash: str = GENESIS) -> list[str]:
    """Return one line per broken link or altered row; empty when the chain holds."""
    problems: list[str] = []
    prev = start_hash
    expected_seq = rows[0].seq if rows else 1
    for e in rows:
        if e.seq != expected_seq:
            problems.append(f"audit row {e.seq}: sequence gap (expected {expected_seq})")
        if e.prev_hash != prev:
            problems.append(f"audit row {e.seq}: does not follow the row before it")
        if entry_hash(e.prev_hash, e.seq, e.at, e.action, e.object, e.detail) != e.hash:
            problems.append(f"audit row {e.seq}: content does not match its hash")
        prev, expected_seq = e.hash, e.seq + 1
    return problems
