"""Patterns across records: acts counted by year, province, country, facility type and violation,
and the facilities they name (:func:`stats`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from intake.archive.acts import (
    OUTSIDE,
    PLACE_KINDS,
    UNKNOWN,
    Act,
    acts,
    asks_for_unpinned,
    label,
)
from intake.capture import records
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
    entity_id: str = ""  # the gazetteer id when testimonies picked it from the list

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
class Stats:
    records: int
    incidents: int
    acts: int
    by: dict[str, list[Bucket]]  # CHART_KINDS -> buckets
    facilities: list[Facility] = field(default_factory=list)
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
    """Places with a facility type, with how many testimonies (records) mention each."""
    groups: dict[tuple[str, str, str], list[Act]] = {}
    names: dict[tuple[str, str, str], tuple[str, str]] = {}
    for a in selected:
        if not a.facility_type or not (a.place_ko or a.place_latin):
            continue
        key = (a.facility_id or (a.place_ko or a.place_latin).strip().casefold(), a.province,
               a.facility_type)
        groups.setdefault(key, []).append(a)
        ko, latin = names.get(key, ("", ""))
        names[key] = (ko or a.place_ko, latin or a.place_latin)
    out = [
        Facility(names[k][0], names[k][1], k[1], k[2], len({a.record_id for a in v}), len(v),
                 v[0].facility_id)
        for k, v in groups.items()
    ]
    out.sort(key=lambda f: (-f.testimonies, -f.acts, f.name_ko or f.name_latin))
    return out


def stats(vault: Vault, filters: records.Filters = records.Filters(),  # noqa: B008
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
        places={k: sum(a.in_dprk == k for a in selected) for k in PLACE_KINDS},
        unpinned=sum(not a.pinned for a in everything),
        unpinned_included=include_unpinned,
    )
