"""The legal teams a bundle is handed over to: their public keys (age1…, ssh-ed25519, ssh-rsa),
names and consent classes, registered on the interviewer's laptop."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import forms
from crypto import age
from crypto.errors import FormatError
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault.db import utc_now

RECIPIENT_VOCABULARY = "consent-recipients"
DEFAULT_CLASS = "own_archive"
IDENTITY_LEVELS_FOR_FULL = ("identity_protected", "public")
MAX_RECIPIENT_NAME = 100
_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")


Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


# -- recipients (the legal teams' age keys, on the laptop) ----------------------


#: International bodies: sending to them is a transfer across borders.
INTERNATIONAL_CLASSES = ("un_ohchr", "icc")
#: Recipients that use an account before a court.
COURT_CLASSES = ("icc", "national_prosecutors")
STATE_SEPARATOR = ":"


@dataclass(frozen=True)
class Recipient:
    """A registered recipient; the stored class may carry a state (``national_prosecutors:de``)."""

    name: str
    recipient: str
    klass_and_state: str

    @property
    def klass(self) -> str:
        return self.klass_and_state.partition(STATE_SEPARATOR)[0]

    @property
    def state(self) -> str:
        return self.klass_and_state.partition(STATE_SEPARATOR)[2]

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "class": self.klass,
            "state": self.state,
            "recipient": self.recipient,
        }


def recipient_classes() -> dict[str, dict[str, str]]:
    return forms.vocabulary(RECIPIENT_VOCABULARY)


def parse_key(text: str) -> str:
    """The canonical form of a public key (age1…, ssh-ed25519 …, ssh-rsa …); UsageError."""
    try:
        return age.parse_recipient(text)
    except FormatError as e:
        raise UsageError(str(e)) from None


def add_recipient(
    vault: Vault, name: str, recipient: str, klass: str = DEFAULT_CLASS, state: str = ""
) -> Recipient:
    """Register a legal team's key. ``state``: its country (a ``countries`` code); a consent
    grant to national prosecutors that names states reaches only recipients of those states."""
    name = name.strip()
    if state and state not in forms.vocabulary("countries"):
        raise UsageError(
            f"unknown state {state!r} (one of {', '.join(forms.vocabulary('countries'))})"
        )
    if not _NAME_RE.match(name) or name.startswith(("age1", *age.SSH_KEY_TYPES)):
        raise UsageError(
            "a recipient name must be 1-100 printable characters, not a key", code="recipient.name"
        )
    if klass not in recipient_classes():
        raise UsageError(
            f"unknown recipient class {klass!r} (one of {', '.join(recipient_classes())})",
            code="recipient.class",
        )
    try:
        key = age.parse_recipient(recipient)
    except FormatError as e:
        raise UsageError(f"recipient {name}: {e}", code="recipient.key", detail=name) from None
    stored = f"{klass}{STATE_SEPARATOR}{state}" if state else klass
    if vault.query("SELECT 1 FROM recipients WHERE name = ? OR recipient = ?", (name, key)):
        raise UsageError(
            f"a recipient named {name} or with that key is already registered",
            code="recipient.exists",
            detail=name,
        )
    with vault.transaction() as c:
        c.execute(
            "INSERT INTO recipients (name, recipient, class, added_at) VALUES (?, ?, ?, ?)",
            (name, key, stored, utc_now()),
        )
        audit.append(c, "recipient added", name, recipient=key, recipient_class=stored)
    return Recipient(name, key, stored)


def list_recipients(vault: Vault) -> list[Recipient]:
    rows = vault.query("SELECT name, recipient, class FROM recipients ORDER BY name")
    return [Recipient(*r) for r in rows]


def remove_recipient(vault: Vault, name: str) -> None:
    if not vault.query("SELECT 1 FROM recipients WHERE name = ?", (name,)):
        raise NotFound(f"no recipient named {name}", detail=name)
    with vault.transaction() as c:
        c.execute("DELETE FROM recipients WHERE name = ?", (name,))
        audit.append(c, "recipient removed", name)


def resolve_recipients(
    vault: Vault, names_or_keys: list[str], klass: str | None = None
) -> list[Recipient]:
    """Recipients named by registered name or key, or given as a bare key (age1…,
    ssh-ed25519 …, ssh-rsa …) with ``klass``, the consent class it belongs to."""
    if not names_or_keys:
        raise UsageError("name at least one recipient (--to)")
    known = list_recipients(vault)
    chosen: list[Recipient] = []
    for item in names_or_keys:
        match = [r for r in known if r.name == item or r.recipient == item.strip()]
        if not match:
            match = [_bare_key(item, klass, known)]
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen


def _bare_key(item: str, klass: str | None, known: list[Recipient]) -> Recipient:
    try:
        key = age.parse_recipient(item)
    except FormatError:
        raise UsageError(
            f"unknown recipient {item[:100]!r}: register it with `intake recipients add`,"
            " or give its public key with --class"
        ) from None
    registered = [r for r in known if r.recipient == key]
    if registered:
        return registered[0]
    if klass is None:
        raise UsageError(
            "a key that is not registered needs --class: the consent class it belongs to"
            f" ({', '.join(recipient_classes())})"
        )
    if klass not in recipient_classes():
        raise UsageError(f"unknown recipient class {klass!r}")
    return Recipient(f"{key[:20]}…{key[-6:]}", key, klass)


def key_fingerprint(recipient: str) -> str:
    """A short fingerprint of a public key to compare by phone: SHA-256 of its canonical text,
    the first 64 bits in groups of four."""
    digest = hashlib.sha256(recipient.encode("ascii")).hexdigest().upper()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))

