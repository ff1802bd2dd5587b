"""The reviewer's notes and tags on records and acts, kept apart from the sealed testimony.

A note belongs to a record (incident 0, act 0) or to one act of it (as the incidents CSV
numbers acts), in the sealed version it was written on: a correction that reorders or drops
incidents leaves it on the act it was written about (shown from that version, flagged while
the record has a newer one: :func:`intake.archive.links.newer`). Notes live in this vault
(``review_notes``), never in a sealed version, and never leave in a bundle. Their text and
tags go into the record's row of the vault's search index (the archive's search finds a
record by its notes), and every note added, changed or removed is audited with its text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from intake.archive.links import ActRef, pinned
from intake.capture import derived, records
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault.db import Connection, utc_now

MAX_NOTE = 20_000
MAX_TAGS = 20
_TAG = re.compile(r"^[^\s|,]{1,40}$")


@dataclass(frozen=True)
class Note:
    id: int
    record_id: str
    incident_no: int  # 0: the note is on the record
    act_no: int
    text: str
    tags: tuple[str, ...]
    created_at: str
    updated_at: str
    version: int = 0  # the sealed version it was written on

    @property
    def ref(self) -> ActRef:
        """The act it is on (incident and act 0 when it is on the record)."""
        return ActRef(self.record_id, self.incident_no, self.act_no, self.version)

    @property
    def target(self) -> str:
        return f"{self.incident_no}.{self.act_no}" if self.act_no else ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "record_id": self.record_id, "incident_no": self.incident_no,
                "act_no": self.act_no, "text": self.text, "tags": list(self.tags),
                "created_at": self.created_at, "updated_at": self.updated_at,
                "version": self.version}


def clean_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags as stored: trimmed, without repeats; one word each (no spaces, commas or |)."""
    out = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
    bad = [t for t in out if not _TAG.match(t)]
    if bad:
        raise UsageError(f"a tag is one word of at most 40 characters: {bad[0][:40]!r}",
                         code="note.tag", detail=bad[0][:40])
    if len(out) > MAX_TAGS:
        raise UsageError(f"at most {MAX_TAGS} tags on one note", code="note.too_many_tags",
                         detail=str(MAX_TAGS))
    return out


def _checked(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise UsageError(f"a note is at most {MAX_NOTE} characters", code="note.too_long",
                         detail=str(MAX_NOTE))
    return text


def _reindex(vault: Vault, record_id: str) -> tuple[str, Callable[[Connection], None], int]:
    """The record's id, a function that refreshes its search row inside a transaction (from
    the document the index holds: an open correction's draft, else the latest sealed
    version), and the latest sealed version."""
    rec = records.get(vault, record_id)
    record_id = rec.id
    versions = records.sealed_versions(vault, record_id)
    if not versions:  # a draft is the interviewer's, and may yet be discarded
        raise UsageError(f"record {record_id} has no sealed version to review",
                         code="note.unsealed", detail=record_id)
    if rec.status == "draft":  # a correction is open: the index holds its draft
        doc, form = records.draft(vault, record_id), rec.form
    else:
        doc = versions[-1].doc
        form = records.form_for(versions[-1].form_id, versions[-1].form_version)
    return record_id, lambda c: derived.derive(c, record_id, form, doc), versions[-1].version


def add(vault: Vault, record_id: str, text: str, tags: list[str] | tuple[str, ...] = (),
        incident_no: int = 0, act_no: int = 0, version: int = 0) -> int:
    """A note (and tags) on a record, or on one of its acts in sealed ``version`` (0: the
    latest); returns the note's id."""
    text, kept = _checked(text), clean_tags(tags)
    if not text and not kept:
        raise UsageError("a note needs text or a tag", code="note.empty")
    if (incident_no > 0) != (act_no > 0) or incident_no < 0 or act_no < 0:
        raise UsageError("a note is on the record, or on an act given as INCIDENT.ACT")
    record_id, refresh, last = _reindex(vault, record_id)
    if act_no:
        version = pinned(vault, ActRef(record_id, incident_no, act_no, version)).version
    elif version and not 0 < version <= last:
        raise NotFound(f"record {record_id} has no sealed version {version}", detail=record_id)
    version = version or last
    now = utc_now()
    with vault.transaction() as c:
        cur = c.execute(
            "INSERT INTO review_notes (record_id, incident_no, act_no, version, text, tags,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, incident_no, act_no, version, text, "|".join(kept), now, now))
        note_id = int(cur.lastrowid)
        refresh(c)
        audit.append(c, "note added", record_id, note=note_id,
                     act=f"{incident_no}.{act_no}" if act_no else "", version=version,
                     tags=list(kept), text=text)
    return note_id


def get(vault: Vault, note_id: int) -> Note:
    found = _select(vault, "WHERE id = ?", (note_id,))
    if not found:
        raise NotFound(f"no note {note_id}", detail=str(note_id))
    return found[0]


def edit(vault: Vault, note_id: int, text: str, tags: list[str] | tuple[str, ...]) -> None:
    old = get(vault, note_id)
    text, kept = _checked(text), clean_tags(tags)
    if not text and not kept:
        raise UsageError("a note needs text or a tag (remove it instead)", code="note.empty")
    _, refresh, _ = _reindex(vault, old.record_id)
    with vault.transaction() as c:
        c.execute("UPDATE review_notes SET text = ?, tags = ?, updated_at = ? WHERE id = ?",
                  (text, "|".join(kept), utc_now(), note_id))
        refresh(c)
        audit.append(c, "note changed", old.record_id, note=note_id, version=old.version,
                     tags=list(kept), text=text, was_tags=list(old.tags), was=old.text)


def remove(vault: Vault, note_id: int) -> None:
    old = get(vault, note_id)
    _, refresh, _ = _reindex(vault, old.record_id)
    with vault.transaction() as c:
        c.execute("DELETE FROM review_notes WHERE id = ?", (note_id,))
        refresh(c)
        audit.append(c, "note removed", old.record_id, note=note_id, version=old.version,
                     tags=list(old.tags), was=old.text)


def _select(vault: Vault, where: str, params: tuple[Any, ...]) -> list[Note]:
    return [
        Note(int(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4]),
             tuple(t for t in str(r[5]).split("|") if t), str(r[6]), str(r[7]), int(r[8]))
        for r in vault.query(
            "SELECT id, record_id, incident_no, act_no, text, tags, created_at, updated_at,"
            " version"
            f" FROM review_notes {where} ORDER BY record_id, incident_no, act_no, id", params)
    ]


def notes(vault: Vault, record_id: str | None = None, tag: str | None = None,
          query: str = "") -> list[Note]:
    """Notes of one record (or all), with a tag, and/or containing every word of ``query``."""
    found = _select(vault, "WHERE record_id = ?", (record_id,)) if record_id else _select(
        vault, "", ())
    if tag:
        found = [n for n in found if tag.casefold() in (t.casefold() for t in n.tags)]
    words = query.casefold().split()
    return [n for n in found
            if all(w in f"{n.text} {' '.join(n.tags)}".casefold() for w in words)]


def tags(vault: Vault) -> list[tuple[str, int]]:
    """Every tag in use with how many notes carry it, most used first."""
    counts: dict[str, int] = {}
    for n in _select(vault, "", ()):
        for t in n.tags:
            counts[t] = counts.get(t, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
