"""Corroboration: every act at one facility (or by one unit) on a timeline, and the links a
reviewer makes between acts of different testimonies.

A link says that one act corroborates, contradicts or is the same event as an act of another
testimony, with the reviewer's note. Links are the archive's own work: they live in this
vault (``act_links``), never in the sealed records, and each one made or removed is audited.
An act is named by its record and its place in the record's latest sealed version
(incident and act, 1-based), as the incidents CSV names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake.archive.acts import Act, acts, acts_of
from intake.archive.tables import write_csv
from intake.capture import records
from intake.capture.filters import Filters
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault.db import utc_now

RELATIONS = {
    "corroborates": ("corroborates", "뒷받침함"),
    "contradicts": ("contradicts", "상충함"),
    "same_event": ("same event", "같은 사건"),
}
MAX_NOTE = 4000
_REF = re.compile(r"^([0-9a-f]{8,64}):([0-9]{1,4})\.([0-9]{1,4})$")


@dataclass(frozen=True, order=True)
class ActRef:
    record_id: str
    incident_no: int
    act_no: int

    @classmethod
    def of(cls, a: Act) -> ActRef:
        return cls(a.record_id, a.incident_no, a.act_no)

    @classmethod
    def parse(cls, text: str) -> ActRef:
        """``RECORD:INCIDENT.ACT``, e.g. ``4f1c9a0b2d3e4f50:1.2``."""
        m = _REF.match(text.strip())
        if m is None:
            raise UsageError(f"{text[:80]!r}: an act is RECORD:INCIDENT.ACT, e.g. 4f1c…:1.2")
        return cls(m.group(1), int(m.group(2)), int(m.group(3)))

    def text(self) -> str:
        return f"{self.record_id}:{self.incident_no}.{self.act_no}"


@dataclass(frozen=True)
class Link:
    id: int
    relation: str
    a: ActRef
    b: ActRef
    note: str
    created_at: str

    def other(self, ref: ActRef) -> ActRef:
        return self.b if ref == self.a else self.a

    def to_json(self) -> dict[str, Any]:
        en, ko = RELATIONS[self.relation]
        return {"id": self.id, "relation": self.relation, "relation_en": en, "relation_ko": ko,
                "a": self.a.text(), "b": self.b.text(), "note": self.note,
                "created_at": self.created_at}


def _act_exists(vault: Vault, ref: ActRef) -> bool:
    versions = records.sealed_versions(vault, ref.record_id)
    if not versions:
        return False
    rec = records.get(vault, ref.record_id)
    return any(ActRef.of(a) == ref for a in acts_of(rec, versions[-1]))


def add(vault: Vault, relation: str, a: ActRef, b: ActRef, note: str = "") -> int:
    """Link two acts of different testimonies (audited); returns the link's id."""
    if relation not in RELATIONS:
        raise UsageError(f"a link is one of {', '.join(RELATIONS)}")
    if a.record_id == b.record_id:
        raise UsageError("a link joins acts of two different testimonies",
                         code="link.same_testimony")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise UsageError(f"a link's note is at most {MAX_NOTE} characters",
                         code="note.too_long", detail=str(MAX_NOTE))
    for ref in (a, b):
        try:
            found = _act_exists(vault, ref)
        except NotFound:
            found = False
        if not found:
            raise NotFound(f"no act {ref.text()} in a sealed record of this archive",
                           detail=ref.text())
    a, b = sorted((a, b))
    with vault.transaction() as c:
        cur = c.execute(
            "INSERT INTO act_links (relation, a_record, a_incident, a_act, b_record, b_incident,"
            " b_act, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (relation, a.record_id, a.incident_no, a.act_no, b.record_id, b.incident_no,
             b.act_no, note, utc_now()))
        link_id = int(cur.lastrowid)
        audit.append(c, "acts linked", a.record_id, link=link_id, relation=relation,
                     a=a.text(), b=b.text(), note=note)
    return link_id


def remove(vault: Vault, link_id: int) -> None:
    with vault.transaction() as c:
        row = c.execute("SELECT relation, a_record, a_incident, a_act, b_record, b_incident,"
                        " b_act, note FROM act_links WHERE id = ?", (link_id,)).fetchone()
        if row is None:
            raise NotFound(f"no link {link_id}", detail=str(link_id))
        c.execute("DELETE FROM act_links WHERE id = ?", (link_id,))
        audit.append(c, "act link removed", str(row[1]), link=link_id, relation=row[0],
                     a=ActRef(row[1], row[2], row[3]).text(),
                     b=ActRef(row[4], row[5], row[6]).text(), note=row[7])


def links(vault: Vault) -> list[Link]:
    return [
        Link(int(r[0]), str(r[1]), ActRef(r[2], int(r[3]), int(r[4])),
             ActRef(r[5], int(r[6]), int(r[7])), str(r[8]), str(r[9]))
        for r in vault.query(
            "SELECT id, relation, a_record, a_incident, a_act, b_record, b_incident, b_act,"
            " note, created_at FROM act_links ORDER BY id")
    ]


@dataclass(frozen=True)
class Timeline:
    """Every act counted under one facility or unit, earliest first, with their links."""

    kind: str
    entity: str
    acts: list[Act]
    links: dict[ActRef, list[Link]]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "entity": self.entity,
            "acts": [{
                "act": ActRef.of(a).text(), "reference": a.reference, "violation": a.violation,
                "interviewer": a.interviewer, "pinned": a.pinned,
                "earliest": a.earliest.isoformat() if a.earliest else "",
                "latest": a.latest.isoformat() if a.latest else "",
                "place_ko": a.place_ko, "place_latin": a.place_latin,
                "links": [link.id for link in self.links.get(ActRef.of(a), [])],
            } for a in self.acts],
            "links": sorted({link.id: link.to_json() for v in self.links.values()
                             for link in v}.values(), key=lambda j: int(j["id"])),
        }


def timeline(vault: Vault, kind: str, entity: str,
             filters: Filters = Filters(),  # noqa: B008
             include_unpinned: bool = False) -> Timeline:
    """The acts counted under ``entity`` (merges applied) on a timeline, and their links."""
    return timeline_in(kind, entity, acts(vault, filters, include_unpinned), links(vault))


def counts_under(kind: str, a: Act, entity: str) -> bool:
    return a.facility_entity == entity if kind == "facility" else entity in a.unit_entities


def timeline_in(kind: str, entity: str, selected: list[Act], every: list[Link]) -> Timeline:
    """:func:`timeline` over acts and links already read."""
    chosen = sorted((a for a in selected if counts_under(kind, a, entity)),
                    key=lambda a: (a.earliest is None, a.earliest or 0, a.latest or 0,
                                   a.reference, a.incident_no, a.act_no))
    refs = {ActRef.of(a) for a in chosen}
    by_act: dict[ActRef, list[Link]] = {}
    for link in every:
        for ref in (link.a, link.b):
            if ref in refs:
                by_act.setdefault(ref, []).append(link)
    return Timeline(kind, entity, chosen, by_act)


LINK_COLUMNS = [
    "link_id", "relation", "relation_en", "relation_ko", "note", "created_at",
    "a_record_id", "a_reference", "a_incident_no", "a_act_no", "a_violation", "a_interviewer",
    "a_date_earliest", "a_date_latest",
    "b_record_id", "b_reference", "b_incident_no", "b_act_no", "b_violation", "b_interviewer",
    "b_date_earliest", "b_date_latest",
]


def export_links(vault: Vault, out: Path) -> int:
    """Every link as CSV (the incidents CSV's conventions), with both acts' references; a
    side whose act is no longer in its record's latest version keeps only its ids."""
    every = {ActRef.of(a): a for a in acts(vault, include_unpinned=True)}

    def side(ref: ActRef) -> list[object]:
        a = every.get(ref)
        return [ref.record_id, a.reference if a else "", ref.incident_no, ref.act_no,
                a.violation if a else "", a.interviewer if a else "",
                a.earliest.isoformat() if a and a.earliest else "",
                a.latest.isoformat() if a and a.latest else ""]

    found = links(vault)
    n = write_csv(out, LINK_COLUMNS, (
        [link.id, link.relation, *RELATIONS[link.relation], link.note, link.created_at,
         *side(link.a), *side(link.b)] for link in found))
    with vault.transaction() as c:
        audit.append(c, "links exported", "", rows=n)
    return n
