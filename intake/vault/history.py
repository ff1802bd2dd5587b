"""Anchored history: signed, counted checkpoints of the audit chain.

The audit log is a hash chain; anyone holding the vault key can rewrite it and recompute
every hash. A *checkpoint* binds the chain's head at one entry to the interviewer's signing
key: ``{counter, head}`` (the entry's sequence number, a monotonic counter, and its hash),
signed ECDSA P-256. One is made at every seal and every export (and on request:
``intake audit --checkpoint``), kept in the ``checkpoints`` table and, for the latest one,
in ``vault.head`` beside the database.

What that catches (docs/security.md): rows removed or rewritten with the hashes recomputed
(a signed head no longer matches), a tail cut off or an older ``vault.db`` put back (the
head in ``vault.head`` is not in the log); and, out of reach of anyone on the laptop, every
bundle carries the signed head and the list of every checkpoint's head, so an archive that
received earlier bundles sees a history that forks from the one it holds, and a short code
(``intake audit --checkpoint``) sent by another channel is checked with
``intake check --against CODE``. What it cannot catch: someone with the passphrase who
rewrites the log, re-signs every checkpoint and rewrites ``vault.head`` before any head
left the laptop.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rfc8785
from cryptography import x509

from crypto import sign
from crypto.errors import FormatError, SignatureError
from crypto.sign import SigningIdentity
from intake import files
from intake.vault import HEAD_FILE, Vault, audit, db

HISTORY = "history.json"  # in a bundle (format 2): every checkpoint's counter and head
FORMAT = "testimony-intake-checkpoint"
CODE_HEX = 16  # hex digits of the head in a checkpoint code (64 bits)
_CODE = re.compile(r"^\s*(\d{1,12})-([0-9a-fA-F]{8,64})\s*$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_HEAD_FILE = 4096


@dataclass(frozen=True)
class Checkpoint:
    counter: int  # the audit entry's sequence number
    head: str  # its hash: the head of the chain at that entry
    at: str
    signature: bytes

    @property
    def code(self) -> str:
        return f"{self.counter}-{self.head[:CODE_HEX]}"

    def body(self) -> bytes:
        return signed_body(self.counter, self.head, self.at)

    def to_json(self) -> dict[str, Any]:
        return {
            "counter": self.counter,
            "head": self.head,
            "at": self.at,
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    @classmethod
    def from_json(cls, untrusted: Any) -> Checkpoint:
        """ValueError unless it is a checkpoint's JSON form (the signature is not checked)."""
        if not isinstance(untrusted, dict):
            raise ValueError("not an object")
        counter, head, at = untrusted.get("counter"), untrusted.get("head"), untrusted.get("at")
        sig = untrusted.get("signature")
        if type(counter) is not int or counter < 1 or not isinstance(head, str):
            raise ValueError("counter or head")
        if not _HEX64.match(head) or not isinstance(at, str) or not isinstance(sig, str):
            raise ValueError("head, at or signature")
        try:
            raw = base64.b64decode(sig, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("signature is not base64") from None
        return cls(counter, head, at[:40], raw)

    def verify(self, cert: x509.Certificate) -> None:
        """SignatureError unless the certificate's key signed this checkpoint."""
        sign.verify(cert, self.body(), self.signature)


def signed_body(counter: int, head: str, at: str) -> bytes:
    return rfc8785.dumps({"format": FORMAT, "counter": counter, "head": head, "at": at})


# -- making checkpoints (inside the transaction of the action they follow) ---------------


def checkpoint(c: db.Connection, identity: SigningIdentity, entry: audit.Entry) -> Checkpoint:
    """Sign the chain's head at ``entry`` (the last row appended) and keep it."""
    cp = Checkpoint(entry.seq, entry.hash, entry.at, b"")
    cp = Checkpoint(cp.counter, cp.head, cp.at, identity.sign(cp.body()))
    c.execute(
        "INSERT INTO checkpoints (counter, head, at, signature) VALUES (?, ?, ?, ?)",
        (cp.counter, cp.head, cp.at, cp.signature),
    )
    return cp


def issue(vault: Vault) -> Checkpoint:
    """A checkpoint of the log as it is now, for a code to send by another channel."""
    with vault.transaction() as c:
        entry = audit.append(c, "checkpoint issued")
        cp = checkpoint(c, vault.identity, entry)
    remember(vault, cp)
    return cp


def remember(vault: Vault, cp: Checkpoint) -> None:
    """After the commit: write ``cp`` to ``vault.head`` if it extends the one there.

    A head file whose checkpoint the log no longer holds (an older database put back) is
    left as it is: ``intake check`` keeps saying so until someone looks. An unreadable one
    is replaced (check named it until now; the new head is signed).
    """
    try:
        held = read_head(vault.path)
    except FormatError:
        held = None
    if held is not None:
        rows = vault.query("SELECT hash FROM audit WHERE seq = ?", (held.counter,))
        if held.counter >= cp.counter or not rows or rows[0][0] != held.head:
            return
    files.atomic_write(vault.path / HEAD_FILE, (json.dumps(cp.to_json()) + "\n").encode())


def read_head(vault_path: Path) -> Checkpoint | None:
    """The checkpoint in ``vault.head``; None if there is none. FormatError if unreadable."""
    path = vault_path / HEAD_FILE
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_HEAD_FILE + 1)
    except FileNotFoundError:
        return None
    try:
        if len(raw) > MAX_HEAD_FILE:
            raise ValueError("too large")
        return Checkpoint.from_json(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FormatError(f"{HEAD_FILE} is not a checkpoint") from None


def chain_document(c: db.Connection, fingerprint: str) -> dict[str, Any]:
    """What a bundle's history.json holds: the counter and head of every checkpoint."""
    rows = c.execute("SELECT counter, head FROM checkpoints ORDER BY counter").fetchall()
    return {
        "format": "testimony-intake-history",
        "fingerprint": fingerprint,
        "checkpoints": [[int(n), str(h)] for n, h in rows],
    }


def parse_chain(untrusted: Any) -> dict[int, str]:
    """The checkpoints of a history.json: counters strictly increasing; ValueError."""
    if not isinstance(untrusted, dict) or untrusted.get("format") != "testimony-intake-history":
        raise ValueError("not a history document")
    pairs = untrusted.get("checkpoints")
    if not isinstance(pairs, list) or not pairs:
        raise ValueError("no checkpoints")
    chain: dict[int, str] = {}
    last = 0
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("a checkpoint is not [counter, head]")
        n, h = pair
        if type(n) is not int or n <= last or not isinstance(h, str) or not _HEX64.match(h):
            raise ValueError("counters must increase and heads be SHA-256 hex")
        chain[n] = h
        last = n
    return chain


def all_checkpoints(c: db.Connection) -> list[Checkpoint]:
    rows = c.execute("SELECT counter, head, at, signature FROM checkpoints ORDER BY counter")
    return [Checkpoint(int(r[0]), str(r[1]), str(r[2]), bytes(r[3])) for r in rows]


# -- checking a vault against its own checkpoints and against a code ----------------------


def parse_code(text: str) -> tuple[int, str]:
    """(counter, head prefix) of a code such as ``417-3f9a2c1b7d0e55aa``; ValueError."""
    m = _CODE.match(text[:100])
    if not m:
        raise ValueError("a checkpoint code is COUNTER-HEX, as `intake audit --checkpoint` prints")
    return int(m.group(1)), m.group(2).lower()


def check(
    vault_path: Path, c: db.Connection, cert: x509.Certificate, against: str | None = None
) -> list[str]:
    """Every stored checkpoint signed and still on the chain; ``vault.head`` too; and the
    chain still passing through the code ``against``. One line per finding."""
    problems: list[str] = []
    last = c.execute("SELECT max(seq) FROM audit").fetchone()[0] or 0

    def on_chain(cp: Checkpoint, what: str) -> None:
        try:
            cp.verify(cert)
        except SignatureError:
            problems.append(f"{what}: the signature does not verify with this vault's key")
            return
        row = c.execute("SELECT hash FROM audit WHERE seq = ?", (cp.counter,)).fetchone()
        if row is None:
            problems.append(
                f"{what}: the audit log ends at entry {last}; the signed head at entry"
                f" {cp.counter} is gone ({cp.counter - last} or more entries removed, or an"
                " older vault.db put back)"
            )
        elif row[0] != cp.head:
            problems.append(
                f"{what}: audit entry {cp.counter} no longer has the head that was signed:"
                " the log was rewritten at or before it"
            )

    for cp in all_checkpoints(c):
        on_chain(cp, f"checkpoint {cp.counter}")
    try:
        head = read_head(vault_path)
    except FormatError as e:
        problems.append(str(e))
        head = None
    if head is not None:
        on_chain(head, f"{HEAD_FILE} (checkpoint {head.counter})")
    if against is not None:
        counter, prefix = parse_code(against)
        row = c.execute("SELECT hash FROM audit WHERE seq = ?", (counter,)).fetchone()
        if row is None:
            problems.append(
                f"checkpoint {against.strip()}: the audit log ends at entry {last}, before it:"
                f" {counter - last} entries after entry {last} are gone (the vault was rolled"
                " back or its log cut)"
            )
        elif not str(row[0]).startswith(prefix):
            problems.append(
                f"checkpoint {against.strip()}: audit entry {counter} has another head"
                f" ({str(row[0])[:CODE_HEX]}): the history was rewritten at or before it"
            )
    return problems


# -- the receiving side: one interviewer key's chain of heads -----------------------------


@dataclass
class Comparison:
    status: str  # first, extends, same, older, fork
    bundle_counter: int
    held_counter: int
    other_heads: list[int]  # counters the bundle and the archive both hold, with another head
    missing: list[int]  # counters the archive holds, up to the bundle's, the bundle lacks

    def describe(self) -> str:
        if self.status == "first":
            return f"first history received from this key (up to checkpoint {self.bundle_counter})"
        if self.status == "extends":
            return (
                f"extends the history this archive holds (checkpoint {self.held_counter} ->"
                f" {self.bundle_counter})"
            )
        if self.status == "same":
            return f"the same history this archive holds (checkpoint {self.bundle_counter})"
        if self.status == "older":
            return (
                f"older than what this archive holds (checkpoint {self.bundle_counter}, held up"
                f" to {self.held_counter}); consistent with it"
            )
        first = min(self.other_heads + self.missing)
        return (
            f"FORKS from the history this archive holds for this key: {len(self.other_heads)}"
            f" checkpoint(s) with another head, {len(self.missing)} held checkpoint(s)"
            f" missing (first at counter {first}); held up to checkpoint {self.held_counter},"
            f" bundle up to {self.bundle_counter}. The interviewer's vault was rolled back or"
            " rewritten, or the key is used by two vaults"
        )


def compare(held: dict[int, str], chain: dict[int, str]) -> Comparison:
    """How a bundle's chain of heads relates to the heads an archive holds for that key."""
    top = max(chain)
    held_top = max(held) if held else 0
    other = sorted(n for n, h in chain.items() if n in held and held[n] != h)
    missing = sorted(n for n in held if n <= top and n not in chain)
    if other or missing:
        status = "fork"
    elif not held:
        status = "first"
    elif top > held_top:
        status = "extends"
    elif top == held_top:
        status = "same"
    else:
        status = "older"
    return Comparison(status, top, held_top, other, missing)


def held_heads(vault: Vault) -> dict[str, dict[int, str]]:
    """Every head this archive holds, by interviewer key fingerprint."""
    out: dict[str, dict[int, str]] = {}
    for fp, n, h in vault.query("SELECT fingerprint, counter, head FROM seen_heads"):
        out.setdefault(str(fp), {})[int(n)] = str(h)
    return out


def store_heads(c: db.Connection, fingerprint: str, chain: dict[int, str], bundle_id: str) -> int:
    """Remember every head of a verified, non-forking bundle; return how many were new."""
    before = c.total_changes
    c.executemany(
        "INSERT OR IGNORE INTO seen_heads (fingerprint, counter, head, bundle_id)"
        " VALUES (?, ?, ?, ?)",
        [(fingerprint, n, h, bundle_id) for n, h in sorted(chain.items())],
    )
    return int(c.total_changes - before)
