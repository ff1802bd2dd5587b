"""Corroboration: every act at one facility (or by one unit) on a timeline, and the links a
reviewer makes between acts of different testimonies.

A link says that one act corroborates, contradicts or is the same event as an act of another
testimony, with the reviewer's note. Links are the archive's own work: they live in this
vault (``act_links``), never in the sealed records, and each one made or removed is audited.
An act is named by its record, the sealed version the link was made on and its place in that
version (incident and act, 1-based, as the incidents CSV numbers them): ``RECORD@V:I.A``. A
correction seals a new version and may reorder or drop incidents and acts; a link keeps naming
the act it was made on, shown from that version and flagged while the record has a newer one
(:func:`newer`), never moved to whatever now holds its place. ``RECORD:I.A`` (no version) is
read as the latest sealed version when the link is made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake.archive.acts import Act, acts, acts_of, matches, origin
from intake.archive.pins import Pins
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
_REF = re.compile(r"^([0-9a-f]{8,64})(?:@([0-9]{1,6}))?:([0-9]{1,4})\.([0-9]{1,4})$")


@dataclass(frozen=True, order=True)
class ActRef:
    record_id: str
    incident_no: int
    act_no: int
    version: int = 0  # the sealed version the act is in; 0 (typed) = the latest, when used

    @classmethod
    def of(cls, a: Act) -> ActRef:
        return cls(a.record_id, a.incident_no, a.act_no, a.version)

    @classmethod
    def parse(cls, text: str) -> ActRef:
        """``RECORD@VERSION:INCIDENT.ACT`` or ``RECORD:INCIDENT.ACT`` (the latest sealed
        version when it is used), e.g. ``4f1c9a0b2d3e4f50@2:1.2``."""
        m = _REF.match(text.strip())
        if m is None:
            raise UsageError(f"{text[:80]!r}: an act is RECORD:INCIDENT.ACT or"
                             " RECORD@VERSION:INCIDENT.ACT, e.g. 4f1c…:1.2")
        return cls(m.group(1), int(m.group(3)), int(m.group(4)), int(m.group(2) or 0))

    def text(self) -> str:
        at = f"@{self.version}" if self.version else ""
        return f"{self.record_id}{at}:{self.incident_no}.{self.act_no}"


def newer(ref: ActRef | Act, latest: Mapping[str, int]) -> int:
    """The record's latest sealed version when ``ref`` is in an older one (the record has
    been corrected since), else 0."""
    last = latest.get(ref.record_id, 0)
    return last if ref.version and last > ref.version else 0


def version_warning(made: int, last: int) -> tuple[str, str]:
    """(English, Korean): the act was judged on version ``made``, the record is now ``last``."""
    return (f"made on version {made}; the record has been corrected since (version {last})",
            f"버전 {made}에서 작성함. 그 뒤 기록이 정정됨(버전 {last})")


def latest_versions(vault: Vault, record_ids: Iterable[str]) -> dict[str, int]:
    """The latest sealed version of each of these records."""
    ids = sorted(set(record_ids))
    out: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        out.update((str(r), int(v)) for r, v in vault.query(
            "SELECT record_id, max(version) FROM sealed_versions WHERE record_id IN"
            f" ({', '.join('?' * len(chunk))}) GROUP BY record_id", tuple(chunk)))
    return out


def named_acts(vault: Vault, refs: Iterable[ActRef]) -> dict[ActRef, Act]:
    """Each act these refs name, read from the sealed version each names (merges applied)."""
    wanted = set(refs)
    pins, found = Pins(vault), []
    for rid, version in sorted({(r.record_id, r.version) for r in wanted}):
        try:
            rec, sv = records.get(vault, rid), records.sealed_version(vault, rid, version or None)
        except NotFound:
            continue
        found += [a for a in acts_of(rec, sv, origin(vault, rec.id), pins.of(sv))
                  if ActRef.of(a) in wanted]
    from intake.archive.entities import Resolver

    return {ActRef.of(a): a for a in Resolver(vault).apply(found)}


def older_acts(vault: Vault, refs: Iterable[ActRef],
               filters: Filters = Filters(),  # noqa: B008
               ) -> tuple[list[Act], dict[str, int]]:
    """The acts ``refs`` name in a version older than their record's latest (read from that
    version, kept by the filters' act filters), and the latest sealed version of each
    record ``refs`` name."""
    refs = set(refs)
    latest = latest_versions(vault, {r.record_id for r in refs})
    old = named_acts(vault, (r for r in refs if newer(r, latest)))
    return [a for a in old.values() if matches(a, filters)], latest


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

    def to_json(self, latest: Mapping[str, int] | None = None) -> dict[str, Any]:
        """With ``latest`` (:func:`latest_versions`), each side's record's latest version."""
        en, ko = RELATIONS[self.relation]
        out = {"id": self.id, "relation": self.relation, "relation_en": en, "relation_ko": ko,
               "a": self.a.text(), "b": self.b.text(), "note": self.note,
               "created_at": self.created_at, "a_version": self.a.version,
               "b_version": self.b.version}
        if latest is not None:
            out |= {"a_latest_version": latest.get(self.a.record_id, 0),
                    "b_latest_version": latest.get(self.b.record_id, 0)}
        return out


def pinned(vault: Vault, ref: ActRef) -> ActRef:
    """``ref`` with the sealed version it names (the latest when it names none), checked:
    NotFound unless that version of the record has the act."""
    try:
        sv = records.sealed_version(vault, ref.record_id, ref.version or None)
        found = ActRef(records.get(vault, ref.record_id).id, ref.incident_no, ref.act_no,
                       sv.version)
        if found in named_acts(vault, [found]):
            return found
    except NotFound:
        pass
    raise NotFound(f"no act {ref.text()} in a sealed record of this archive", detail=ref.text())


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
    a, b = sorted((pinned(vault, a), pinned(vault, b)))
    with vault.transaction() as c:
        cur = c.execute(
            "INSERT INTO act_links (relation, a_record, a_incident, a_act, a_version, b_record,"
            " b_incident, b_act, b_version, note, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (relation, a.record_id, a.incident_no, a.act_no, a.version, b.record_id,
             b.incident_no, b.act_no, b.version, note, utc_now()))
        link_id = int(cur.lastrowid)
        audit.append(c, "acts linked", a.record_id, link=link_id, relation=relation,
                     a=a.text(), b=b.text(), a_version=a.version, b_version=b.version,
                     note=note)
    return link_id


def _get(c: Any, link_id: int) -> Link:
    row = c.execute(f"SELECT {_COLUMNS} FROM act_links WHERE id = ?", (link_id,)).fetchone()
    if row is None:
        raise NotFound(f"no link {link_id}", detail=str(link_id))
    return _link(row)


def move(vault: Vault, link_id: int, to: ActRef) -> None:
    """Move the side of a link that is in ``to``'s testimony to the act ``to`` (the reviewer
    says it is the act judged, e.g. in the version a correction sealed); audited with both."""
    to = pinned(vault, to)
    with vault.transaction() as c:
        link = _get(c, link_id)
        was = next((r for r in (link.a, link.b) if r.record_id == to.record_id), None)
        if was is None:
            raise UsageError("a link moves to another act of one of its two testimonies",
                             code="link.move_testimony")
        a, b = sorted((to, link.other(was)))
        c.execute("UPDATE act_links SET a_record = ?, a_incident = ?, a_act = ?, a_version = ?,"
                  " b_record = ?, b_incident = ?, b_act = ?, b_version = ? WHERE id = ?",
                  (a.record_id, a.incident_no, a.act_no, a.version, b.record_id, b.incident_no,
                   b.act_no, b.version, link_id))
        audit.append(c, "act link moved", to.record_id, link=link_id, relation=link.relation,
                     was=was.text(), now=to.text(), was_version=was.version, version=to.version)


def remove(vault: Vault, link_id: int) -> None:
    with vault.transaction() as c:
        link = _get(c, link_id)
        c.execute("DELETE FROM act_links WHERE id = ?", (link_id,))
        audit.append(c, "act link removed", link.a.record_id, link=link_id,
                     relation=link.relation, a=link.a.text(), b=link.b.text(),
                     a_version=link.a.version, b_version=link.b.version, note=link.note)


_COLUMNS = ("id, relation, a_record, a_incident, a_act, a_version, b_record, b_incident, b_act,"
            " b_version, note, created_at")


def _link(r: tuple[Any, ...]) -> Link:
    return Link(int(r[0]), str(r[1]), ActRef(r[2], int(r[3]), int(r[4]), int(r[5])),
                ActRef(r[6], int(r[7]), int(r[8]), int(r[9])), str(r[10]), str(r[11]))


def links(vault: Vault) -> list[Link]:
    return [_link(r) for r in vault.query(f"SELECT {_COLUMNS} FROM act_links ORDER BY id")]


@dataclass(frozen=True)
class Timeline:
    """Every act counted under one facility or unit, earliest first, with their links; an act
    a link names in a version older than its record's latest is on it too, from that version
    (:func:`newer` says which)."""

    kind: str
    entity: str
    acts: list[Act]
    links: dict[ActRef, list[Link]]
    latest: dict[str, int] = field(default_factory=dict)  # of the records links name

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
                "version": a.version, "latest_version": newer(a, self.latest) or a.version,
            } for a in self.acts],
            "links": sorted({link.id: link.to_json(self.latest) for v in self.links.values()
                             for link in v}.values(), key=lambda j: int(j["id"])),
        }


def timeline(vault: Vault, kind: str, entity: str,
             filters: Filters = Filters(),  # noqa: B008
             include_unpinned: bool = False) -> Timeline:
    """The acts counted under ``entity`` (merges applied) on a timeline, and their links."""
    every = links(vault)
    older, latest = older_acts(vault, (r for k in every for r in (k.a, k.b)), filters)
    return timeline_in(kind, entity, acts(vault, filters, include_unpinned), every,
                       [a for a in older if a.pinned or include_unpinned], latest)


def counts_under(kind: str, a: Act, entity: str) -> bool:
    return a.facility_entity == entity if kind == "facility" else entity in a.unit_entities


def timeline_in(kind: str, entity: str, selected: list[Act], every: list[Link],
                older: list[Act] | None = None,
                latest: dict[str, int] | None = None) -> Timeline:
    """:func:`timeline` over acts and links already read (``older``, ``latest``:
    :func:`older_acts`)."""
    chosen = sorted((a for a in [*selected, *(older or [])] if counts_under(kind, a, entity)),
                    key=lambda a: (a.earliest is None, a.earliest or 0, a.latest or 0,
                                   a.reference, a.incident_no, a.act_no, a.version))
    refs = {ActRef.of(a) for a in chosen}
    by_act: dict[ActRef, list[Link]] = {}
    for link in every:
        for ref in (link.a, link.b):
            if ref in refs:
                by_act.setdefault(ref, []).append(link)
    return Timeline(kind, entity, chosen, by_act, latest or {})


LINK_COLUMNS = [
    "link_id", "relation", "relation_en", "relation_ko", "note", "created_at",
    "a_record_id", "a_reference", "a_incident_no", "a_act_no", "a_violation", "a_interviewer",
    "a_date_earliest", "a_date_latest",
    "b_record_id", "b_reference", "b_incident_no", "b_act_no", "b_violation", "b_interviewer",
    "b_date_earliest", "b_date_latest",
    # added with the versions links are made on (the columns above keep their place)
    "a_version", "a_latest_version", "b_version", "b_latest_version",
    "version_warning_en", "version_warning_ko",
]


def export_links(vault: Vault, out: Path) -> int:
    """Every link as CSV (the incidents CSV's conventions), with both acts as they are in
    the version the link was made on, that version and the record's latest, and a warning
    in English and Korean for a side whose record has been corrected since."""
    found = links(vault)
    refs = [r for link in found for r in (link.a, link.b)]
    every, latest = named_acts(vault, refs), latest_versions(vault, (r.record_id for r in refs))

    def side(ref: ActRef) -> list[object]:
        a = every.get(ref)
        return [ref.record_id, a.reference if a else "", ref.incident_no, ref.act_no,
                a.violation if a else "", a.interviewer if a else "",
                a.earliest.isoformat() if a and a.earliest else "",
                a.latest.isoformat() if a and a.latest else ""]

    def versions(link: Link) -> list[object]:
        warned = [(every[r].reference if r in every else r.record_id,
                   version_warning(r.version, newer(r, latest)))
                  for r in (link.a, link.b) if newer(r, latest)]
        return [link.a.version, latest.get(link.a.record_id, ""), link.b.version,
                latest.get(link.b.record_id, ""),
                *("; ".join(f"{who}: {w[lang]}" for who, w in warned) for lang in (0, 1))]

    n = write_csv(out, LINK_COLUMNS, (
        [link.id, link.relation, *RELATIONS[link.relation], link.note, link.created_at,
         *side(link.a), *side(link.b), *versions(link)] for link in found))
    with vault.transaction() as c:
        audit.append(c, "links exported", "", rows=n)
    return n
