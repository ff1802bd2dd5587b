"""Attachments: files streamed into the vault as chunk-encrypted blobs.

The plaintext SHA-256 is computed in the same pass as the encryption; the blob
is written under a temp name in ``attachments/`` and renamed when complete,
then its row is inserted, so a crash leaves at most an orphan blob that no
record counts. Extraction decrypts to a temp file beside the chosen target and
moves it into place only when every chunk authenticated and the hash matches.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import forms
from crypto import stream
from crypto.errors import IntegrityError
from forms.fields import ATTACHMENT_KIND_VOCABULARY
from intake import files
from intake.capture.records import get as get_record
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault import orphan_blobs as vault_orphan_blobs
from intake.vault.db import utc_now

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
# While a blob is written, a background fsync starts each time this many bytes passed, so the
# disk writes back during the hashing instead of all at the final fsync (1 GiB: 0.4 s less).
DURABLE_EVERY = 32 * 1024 * 1024
COLUMNS = "id, record_id, filename, media_type, size, sha256, captured_at, added_at, note, kind"
#: Kinds of attachment (audio, photo_video, medical, document, drawing, other); the form's
#: attachment permissions govern each at export.
KINDS = tuple(forms.vocabulary(ATTACHMENT_KIND_VOCABULARY))
_DOCUMENT_TYPES = ("application/pdf", "application/msword", "application/rtf")


@dataclass(frozen=True)
class Attachment:
    id: str
    record_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    captured_at: str
    added_at: str
    note: str
    kind: str = "other"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def blob_path(vault: Vault, attachment_id: str) -> Path:
    return vault.attachments_dir / f"{attachment_id}.blob"


def aad(attachment_id: str) -> bytes:
    """What binds a blob's chunks to its attachment id."""
    return f"attachment:{attachment_id}".encode("ascii")


def guess_kind(media_type: str) -> str:
    """The kind a media type suggests (a medical record or a drawing cannot be told apart
    from other files: the interviewer sets those)."""
    major = media_type.split("/", 1)[0]
    if major == "audio":
        return "audio"
    if major in ("image", "video"):
        return "photo_video"
    if major == "text" or media_type in _DOCUMENT_TYPES or media_type.startswith(
        "application/vnd."
    ):
        return "document"
    return "other"


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UsageError(f"unknown attachment kind {kind!r} (one of {', '.join(KINDS)})")
    return kind


def set_kind(vault: Vault, attachment_id: str, kind: str) -> Attachment:
    """Change an attachment's kind (the permission that governs its export follows it)."""
    att = get(vault, attachment_id)
    check_kind(kind)
    if kind != att.kind and get_record(vault, att.record_id).status != "draft":
        raise UsageError(
            f"attachment {att.id}: its record is sealed; start a correction to change its kind",
            code="attachment.sealed",
        )
    if kind != att.kind:
        with vault.transaction() as c:
            c.execute("UPDATE attachments SET kind = ? WHERE id = ?", (kind, att.id))
            audit.append(
                c, "attachment kind set", att.record_id, attachment=att.id, kind=kind, was=att.kind
            )
    return get(vault, attachment_id)


def add(
    vault: Vault,
    record_id: str,
    source: Path,
    *,
    note: str = "",
    kind: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Attachment:
    rec = get_record(vault, record_id)
    if kind is not None:
        check_kind(kind)
    if not source.is_file():
        raise UsageError(
            f"not a file: {source.name}", code="attachment.not_a_file", detail=source.name
        )
    total = source.stat().st_size
    captured = datetime.fromtimestamp(source.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    att_id = secrets.token_hex(12)
    target = blob_path(vault, att_id)

    def step(done: int) -> None:
        if progress:
            progress(done, total)

    with open(source, "rb") as src:
        size, digest = write_blob(vault, att_id, src, progress=step, cancel=cancel)
    media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    att = Attachment(
        att_id, rec.id, source.name, media_type, size, digest, captured, utc_now(), note,
        kind or guess_kind(media_type),
    )
    try:
        with vault.transaction() as c:
            insert(c, att)
            audit.append(
                c, "attachment added", rec.id, attachment=att_id, sha256=digest, size=size,
                kind=att.kind,
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return att


def insert(c: Any, att: Attachment) -> None:
    """Write the attachment's row (inside the caller's transaction)."""
    c.execute(
        f"INSERT INTO attachments ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tuple(att.to_json().values()),
    )


def recording_meta(vault: Vault, attachment_id: str) -> dict[str, Any]:
    """What a bundle and the evidence register say of a recording made in the app: its
    duration, the capture device and whether it was interrupted ({} for any other file)."""
    rows = vault.query(
        "SELECT duration_ms, device, state FROM recordings WHERE attachment_id = ?"
        " AND state != 'recording'",
        (attachment_id,),
    )
    if not rows:
        return {}
    duration, device, state = rows[0]
    return {"duration_ms": int(duration), "capture_device": str(device), "state": str(state)}


def insert_recording_meta(c: Any, att: Attachment, untrusted: object) -> None:
    """Keep a received recording's metadata (checked: a bundle is untrusted) beside its row."""
    if not isinstance(untrusted, dict):
        return
    duration, device = untrusted.get("duration_ms"), untrusted.get("capture_device", "")
    state = untrusted.get("state")
    if type(duration) is not int or not 0 <= duration < 10**10 or not isinstance(device, str):
        return
    if state not in ("complete", "interrupted"):
        return
    fmt = "flac" if att.media_type == "audio/flac" else "opus"
    c.execute(
        "INSERT OR IGNORE INTO recordings (attachment_id, record_id, state, format, sample_rate,"
        " device, started_at, ended_at, duration_ms) VALUES (?, ?, ?, ?, 0, ?, ?, '', ?)",
        (att.id, att.record_id, state, fmt, device[:200], att.captured_at, duration),
    )


def write_blob(
    vault: Vault,
    attachment_id: str,
    src: BinaryIO,
    *,
    progress: Callable[[int], None] | None = None,
    cancel: Cancel | None = None,
) -> tuple[int, str]:
    """Stream ``src`` into the attachment's encrypted blob (atomically); return the plaintext
    size and SHA-256. The caller inserts the row, and removes the blob if that fails."""
    with files.atomic_writer(blob_path(vault, attachment_id)) as dst:
        return stream.encrypt_stream(
            vault.subkey("attachments"),
            src,
            dst,
            aad=aad(attachment_id),
            progress=progress,
            cancel=cancel,
            durable_every=DURABLE_EVERY,
        )


@contextlib.contextmanager
def blob_writer(
    vault: Vault, attachment_id: str
) -> Iterator[Callable[[bytes | memoryview], Any]]:
    """Yield a function that appends to the attachment's encrypted blob, written atomically
    when the block ends without an error (import writes a bundle's attachment as it is read).
    The caller inserts the row, and removes the blob if that fails."""
    with files.atomic_writer(blob_path(vault, attachment_id)) as dst:
        writer = stream.EncryptingWriter(
            vault.subkey("attachments"), dst, aad=aad(attachment_id), hash_plaintext=False
        )
        yield writer.write
        writer.close()


def get(vault: Vault, attachment_id: str) -> Attachment:
    rows = vault.query(f"SELECT {COLUMNS} FROM attachments WHERE id = ?", (attachment_id,))
    if not rows:
        raise NotFound(f"no attachment {attachment_id}", detail=attachment_id[:80])
    return Attachment(*rows[0])


def for_record(vault: Vault, record_id: str) -> list[Attachment]:
    rows = vault.query(
        f"SELECT {COLUMNS} FROM attachments WHERE record_id = ? ORDER BY added_at, id",
        (record_id,),
    )
    return [Attachment(*r) for r in rows]


@contextlib.contextmanager
def reading(vault: Vault, att_id: str) -> Iterator[stream.DecryptingReader]:
    """A seekable, decrypting reader over the blob (no plaintext file); the blob's file is
    closed on leaving."""
    with open(blob_path(vault, att_id), "rb") as f, stream.DecryptingReader(
        vault.subkey("attachments"), f, aad=aad(att_id)
    ) as reader:
        yield reader


def decrypt_to(
    vault: Vault,
    att: Attachment,
    dst: Any,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    check_sha256: bool = True,
) -> None:
    """Stream the plaintext into ``dst``; IntegrityError if the blob or its hash is wrong.

    Every chunk is authenticated (AES-GCM, bound to the attachment id and its position, the
    last one flagged), so a blob cannot be altered, cut or swapped without an error, and the
    size is checked: a caller may pass ``check_sha256=False`` and use ``att.sha256`` as the
    hash of what it received (an export writing its manifest), without hashing it again.
    """

    def step(done: int) -> None:
        if progress:
            progress(done, att.size)

    with open(blob_path(vault, att.id), "rb") as src:
        size, digest = stream.decrypt_stream(
            vault.subkey("attachments"),
            src,
            dst,
            aad=aad(att.id),
            progress=step,
            cancel=cancel,
            hash_plaintext=check_sha256,
        )
    if size != att.size or (check_sha256 and digest != att.sha256):
        raise IntegrityError(f"attachment {att.id} does not match its recorded SHA-256")


def extract(
    vault: Vault,
    attachment_id: str,
    out: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> None:
    """Write the plaintext to ``out`` (a place the user chose); all or nothing."""
    att = get(vault, attachment_id)
    if out.exists() and not out.is_file():
        raise UsageError(f"cannot write to {out}: not a file")
    with files.atomic_writer(out) as dst:
        decrypt_to(vault, att, dst, progress, cancel)
    with vault.transaction() as c:
        audit.append(c, "attachment extracted", att.record_id, attachment=att.id)


def verify(vault: Vault, att: Attachment) -> None:
    """Decrypt and hash the whole blob without writing the plaintext anywhere."""
    with open(os.devnull, "wb") as sink:
        decrypt_to(vault, att, sink)


def orphan_blobs(vault: Vault) -> list[Path]:
    """Blobs no row names (``Vault.open`` removes them; ``intake check`` reports any). A
    recording in progress, or cut by a crash and not yet recovered, has a ``recordings`` row
    before its blob gets its first byte: never an orphan."""
    with vault.transaction() as c:
        return vault_orphan_blobs(vault.path, c)


Query = Callable[[str, tuple[Any, ...]], Iterable[tuple[Any, ...]]]


def added_since(query: Query, record_id: str, action: str) -> set[str]:
    """The files added to ``record_id`` (attached or recorded) since its latest audit entry
    ``action`` ("record corrected": the files of the open correction, in no sealed version).
    ``query`` is ``vault.query`` or a transaction's ``execute``."""
    since = list(query(
        "SELECT coalesce(max(seq), 0) FROM audit WHERE object = ? AND action = ?",
        (record_id, action),
    ))[0][0]
    return {
        str(json.loads(detail).get("attachment"))
        for (detail,) in query(
            "SELECT detail FROM audit WHERE object = ? AND seq > ?"
            " AND action IN ('attachment added', 'recording started')",
            (record_id, since),
        )
    }


def kinds_before(query: Query, record_id: str, action: str) -> dict[str, str]:
    """The kind each file of ``record_id`` had at its latest audit entry ``action``, for the
    files whose kind was set since (a correction open: the sealed version's kinds, which
    choose the witness's permission that governs each file)."""
    since = list(query(
        "SELECT coalesce(max(seq), 0) FROM audit WHERE object = ? AND action = ?",
        (record_id, action),
    ))[0][0]
    before: dict[str, str] = {}
    for (detail,) in query(
        "SELECT detail FROM audit WHERE object = ? AND seq > ? AND action = 'attachment kind set'"
        " ORDER BY seq",
        (record_id, since),
    ):
        d = json.loads(detail)
        before.setdefault(str(d.get("attachment")), str(d.get("was")))
    return before


def drop_added_since(c: Any, record_id: str, action: str) -> list[str]:
    """Delete the rows of :func:`added_since`'s files and set :func:`kinds_before` back,
    inside the caller's transaction; the blobs go with :func:`remove_orphans` after the
    commit. Returns the ids of the files deleted."""
    added = added_since(c.execute, record_id, action)
    ids = [i for (i,) in c.execute(
        "SELECT id FROM attachments WHERE record_id = ? ORDER BY id", (record_id,)
    ) if i in added]
    for att_id in ids:
        c.execute("DELETE FROM recording_markers WHERE attachment_id = ?", (att_id,))
        c.execute("DELETE FROM recordings WHERE attachment_id = ?", (att_id,))
        c.execute("DELETE FROM attachments WHERE id = ?", (att_id,))
    for att_id, kind in kinds_before(c.execute, record_id, action).items():  # kinds set back
        c.execute("UPDATE attachments SET kind = ? WHERE id = ?", (kind, att_id))
    return ids


def remove_orphans(vault: Vault) -> int:
    count = 0
    for p in orphan_blobs(vault):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            count += 1
    return count
