"""Patterns across records: acts counted by year, province, country, facility type and violation,
and the facilities they name (:func:`stats`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from intake.archive import entities
from intake.archive.acts import (
    OUTSIDE,
    PLACE_KINDS,
    UNKNOWN,
    Act,
    acts,
    asks_for_unpinned,
    label,
)
from intake.archive.pins import Interviewer, interviewers
from intake.capture import listing
from intake.capture.filters import Filters
from intake.vault import Vault

CHART_KINDS = ("year", "province", "country", "facility_type", "violation")


@dataclass(frozen=True)
class Bucket:
    code: str  # a vocabulary code, a year, or "unknown"
    en: str
    ko: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "en": self.en, "ko": self.ko, "count": self.count}


@dataclass(frozen=True)
class Facility:
    name_ko: str
    name_latin: str
    province: str
    facility_type: str
    testimonies: int  # distinct records that mention it
    acts: int
    entity_id: str = ""  # a gazetteer id, or "new:" and a spelling (merges applied)

    def to_json(self) -> dict[str, Any]:
        return {
            "name_ko": self.name_ko, "name_latin": self.name_latin,
            "province": self.province, "province_en": label("provinces", self.province, "en"),
            "facility_type": self.facility_type,
            "facility_type_en": label("facility-types", self.facility_type, "en"),
            "facility_type_ko": label("facility-types", self.facility_type, "ko"),
            "testimonies": self.testimonies, "acts": self.acts, "entity_id": self.entity_id,
        }


@dataclass(frozen=True)
class Unit:
    entity_id: str  # a gazetteer id, or "new:" and a spelling (merges applied)
    name_ko: str
    name_en: str
    testimonies: int
    acts: int

    def to_json(self) -> dict[str, Any]:
        return {"entity_id": self.entity_id, "name_ko": self.name_ko, "name_en": self.name_en,
                "testimonies": self.testimonies, "acts": self.acts}


@dataclass(frozen=True)
class Stats:
    records: int
    incidents: int
    acts: int
    by: dict[str, list[Bucket]]  # CHART_KINDS -> buckets
    facilities: list[Facility] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    places: dict[str, int] = field(default_factory=dict)  # PLACE_KINDS -> acts
    unpinned: int = 0  # acts from records sealed by keys not pinned here (the filters apply)
    unpinned_included: bool = False  # counted above; else left out of every count

    def to_json(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "incidents": self.incidents,
            "acts": self.acts,
            "places": self.places,
            "unpinned_acts": self.unpinned,
            "unpinned_included": self.unpinned_included,
            "by": {k: [b.to_json() for b in v] for k, v in self.by.items()},
            "facilities": [f.to_json() for f in self.facilities],
            "units": [u.to_json() for u in self.units],
        }


def _buckets(counts: Counter[str], vocabulary: str | None) -> list[Bucket]:
    def bucket(code: str) -> Bucket:
        if code == OUTSIDE:
            return Bucket(code, "Outside the DPRK", "북한 밖", counts[code])
        if code == UNKNOWN or vocabulary is None:
            return Bucket(code, code, "모름" if code == UNKNOWN else code, counts[code])
        return Bucket(code, label(vocabulary, code, "en"), label(vocabulary, code, "ko"),
                      counts[code])

    if vocabulary is None:  # years: in time order, unknown last
        order = sorted(counts, key=lambda c: (c == UNKNOWN, c))
    else:
        order = sorted(counts, key=lambda c: (c == UNKNOWN, c == OUTSIDE, -counts[c], c))
    return [bucket(c) for c in order]


def facilities(selected: list[Act]) -> list[Facility]:
    """Facilities as entities (a gazetteer id, or a free-text spelling with the reviewer's
    merges applied), with how many testimonies (records) mention each."""
    groups: dict[str, list[Act]] = {}
    for a in selected:
        if a.facility_entity:
            groups.setdefault(a.facility_entity, []).append(a)
    out = [
        Facility(v[0].facility_entity_ko, v[0].facility_entity_en,
                 next((a.province for a in v if a.province), ""),
                 next((a.facility_type for a in v if a.facility_type), ""),
                 len({a.record_id for a in v}), len(v), k)
        for k, v in groups.items()
    ]
    out.sort(key=lambda f: (-f.testimonies, -f.acts, f.name_ko or f.name_latin))
    return out


def units(selected: list[Act]) -> list[Unit]:
    """Perpetrator units as entities, with the testimonies and acts that name each."""
    groups: dict[str, list[Act]] = {}
    for a in selected:
        for u in a.unit_entities:
            groups.setdefault(u, []).append(a)
    out = [Unit(k, *entities.name_of(k), len({a.record_id for a in v}), len(v))
           for k, v in groups.items()]
    out.sort(key=lambda u: (-u.testimonies, -u.acts, u.entity_id))
    return out


def stats(vault: Vault, filters: Filters = Filters(),  # noqa: B008
          include_unpinned: bool = False) -> Stats:
    everything = acts(vault, filters, include_unpinned=True)
    include_unpinned = include_unpinned or asks_for_unpinned(filters)
    selected = [a for a in everything if a.pinned or include_unpinned]
    by = {
        "year": _buckets(Counter(a.year for a in selected), None),
        "province": _buckets(Counter(a.province or (OUTSIDE if a.in_dprk == OUTSIDE else UNKNOWN)
                                     for a in selected), "provinces"),
        "country": _buckets(Counter(a.country or UNKNOWN for a in selected), "countries"),
        "facility_type": _buckets(
            Counter(a.facility_type or UNKNOWN for a in selected), "facility-types"
        ),
        "violation": _buckets(Counter(a.violation or UNKNOWN for a in selected), "violations"),
    }
    return Stats(
        records=len({a.record_id for a in selected}),
        incidents=len({(a.record_id, a.incident_no) for a in selected}),
        acts=len(selected),
        by=by,
        facilities=facilities(selected),
        units=units(selected),
        places={k: sum(a.in_dprk == k for a in selected) for k in PLACE_KINDS},
        unpinned=sum(not a.pinned for a in everything),
        unpinned_included=include_unpinned,
    )


@dataclass(frozen=True)
class Choices:
    """What the archive's filters on sources can choose from: (value, English, Korean)."""

    interviewers: list[tuple[str, Interviewer]]  # (fingerprint, who), pinned first
    facilities: list[tuple[str, str, str]]  # value: an entity key (acts.Act.facility_keys)
    units: list[tuple[str, str, str]]  # value: an entity key


def choices(vault: Vault) -> Choices:
    """The interviewers, facilities and units the archive's sealed records name (unpinned
    material too: the filters show it, plainly marked), as entities."""
    everything = acts(vault, include_unpinned=True)
    who = interviewers(vault, [r.id for r in listing.list_records(vault)])
    people = {w.fingerprint: w for w in who.values()}
    return Choices(
        sorted(people.items(), key=lambda p: (not p[1].pinned, p[1].name.casefold(), p[0])),
        sorted(((f.entity_id, f.name_latin or f.name_ko, f.name_ko or f.name_latin)
                for f in facilities(everything)), key=lambda c: c[1].casefold()),
        sorted(((u.entity_id, u.name_en or u.name_ko, u.name_ko or u.name_en)
                for u in units(everything)), key=lambda c: c[1].casefold()),
    )
