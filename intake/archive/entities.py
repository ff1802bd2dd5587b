"""Facilities and perpetrator units as entities across testimonies.

An act names a facility (or a unit) either by a gazetteer id (form version 2's lists, see
``forms/entities.py``: the same id is the same entity in every record) or in free text (a
version-1 place with a facility type, a new entry of version 2). A free-text spelling is its
own entity until the reviewer merges it into another (a gazetteer entity or another
spelling). Spellings that look alike are *proposed* for merging (:func:`proposals`), never
merged silently; a merge, an unmerge and "keep apart" are audited. Merges live in this
archive's vault (``entity_merges``, ``entity_apart``), never in the sealed records. What
"look alike" means is ``likeness.py``'s.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from forms import entities as gazetteers
from intake.archive.likeness import Name, alike, normalise
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault.db import utc_now

if TYPE_CHECKING:
    from intake.archive.acts import Act

KINDS = ("facility", "unit")
GAZETTEER = {"facility": "facilities", "unit": "units"}
SPELLING_PREFIX = "new:"
MAX_SPELLING = 200

# -- keys, names and the reviewer's merges ----------------------------------------------------


def spelling_key(text: str) -> str:
    """The key of a free-text spelling: the text, case and spacing aside."""
    return SPELLING_PREFIX + " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _spelling_of(pair: tuple[str, str]) -> str:
    return spelling_key(pair[0] or pair[1]) if any(pair) else ""


def is_spelling(key: str) -> bool:
    return key.startswith(SPELLING_PREFIX)


def _texts(pair: tuple[str, str]) -> list[str]:
    return [t for t in pair if t]


def name_of(key: str) -> tuple[str, str]:
    """(Korean, English) of a gazetteer entity; a spelling's own text otherwise."""
    known = gazetteers.entity(key)
    if known is not None:
        return known.name["ko"], known.name["en"]
    text = key[len(SPELLING_PREFIX):] if is_spelling(key) else key
    hangul = any("\uac00" <= c <= "\ud7a3" for c in text)
    return (text, "") if hangul else ("", text)


class Resolver:
    """The reviewer's merges, read once: which entity a spelling counts under."""

    def __init__(self, vault: Vault) -> None:
        self.targets: dict[tuple[str, str], str] = {
            (str(k), str(s)): str(t)
            for k, s, t in vault.query("SELECT kind, spelling, target FROM entity_merges")}
        self.names: dict[str, tuple[str, str]] = {}

    def root(self, kind: str, key: str) -> str:
        seen = {key}
        while (kind, key) in self.targets:
            key = self.targets[(kind, key)]
            if key in seen:  # never written (merge refuses cycles); stop rather than loop
                break
            seen.add(key)
        return key

    def name(self, key: str) -> tuple[str, str]:
        """(Korean, English or Latin) name of an entity key, as first written."""
        return self.names.get(key) or name_of(key)

    def apply(self, selected: Iterable[Act]) -> list[Act]:
        """The acts with their facility and unit entities filled in."""
        selected = list(selected)
        for a in selected:
            for pair in (a.facility_spelling, *a.unit_spellings):
                if any(pair):
                    self.names.setdefault(_spelling_of(pair), pair)
        out = []
        for a in selected:
            own = a.facility_id or _spelling_of(a.facility_spelling)
            facility = self.root("facility", own) if own else ""
            ko, en = self.name(facility) if facility else ("", "")
            units = [self.root("unit", u) for u in
                     (*a.units, *(_spelling_of(p) for p in a.unit_spellings))]
            out.append(replace(a, facility_entity=facility, facility_entity_ko=ko,
                               facility_entity_en=en, unit_entities=tuple(dict.fromkeys(units))))
        return out


@dataclass(frozen=True)
class Proposal:
    """Two names the archive holds that may be one entity: ``spelling`` (free text, as
    written) would merge into ``target`` (a gazetteer id or another spelling)."""

    kind: str
    spelling: str
    target: str
    spelling_name: tuple[str, str]
    target_name: tuple[str, str]
    score: float

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "spelling": self.spelling, "target": self.target,
                "spelling_name": list(self.spelling_name),
                "target_name": list(self.target_name), "score": round(self.score, 3)}


def _apart(vault: Vault, kind: str) -> set[tuple[str, str]]:
    return {(str(a), str(b)) for a, b in vault.query(
        "SELECT a, b FROM entity_apart WHERE kind = ?", (kind,))}


def proposals(vault: Vault, kind: str, selected: Iterable[Act]) -> list[Proposal]:
    """Spellings in ``selected`` not yet merged that look like another entity, best first."""
    selected = list(selected)
    resolver = Resolver(vault)
    resolver.apply(selected)  # collects the spellings' names
    apart = _apart(vault, kind)
    used = {_spelling_of(p) for a in selected for p in (
        [a.facility_spelling] if kind == "facility" else a.unit_spellings) if any(p)}
    mine = sorted(k for k in used if (kind, k) not in resolver.targets)
    candidates: dict[str, list[Name]] = {
        e.id: [normalise(t) for t in (*e.name.values(), *e.aliases)]
        for e in gazetteers.gazetteer(GAZETTEER[kind]).values()}
    for k in mine:
        candidates[k] = [normalise(t) for t in _texts(resolver.names[k])]
    holders: dict[Name, list[str]] = defaultdict(list)
    for k, names in candidates.items():
        for n in dict.fromkeys(names):
            holders[n].append(k)
    spellers = {n: [k for k in keys if is_spelling(k)] for n, keys in holders.items()}
    best: dict[tuple[str, str], float] = {}
    for (a, b), score in alike((n for n, ks in spellers.items() if ks), holders).items():
        for s in spellers[a]:
            for t in holders[b]:
                if t == s or (t < s and t.startswith(SPELLING_PREFIX)):
                    continue  # a pair of spellings is proposed once
                if best.get((s, t), -1.0) < score:
                    best[(s, t)] = score
    label = {k: resolver.name(k) for k in candidates}
    out = [Proposal(kind, s, t, label[s], label[t], score) for (s, t), score in best.items()
           if not (apart and tuple(sorted((s, t))) in apart) and resolver.root(kind, t) != s]
    out.sort(key=lambda p: (-p.score, p.spelling, p.target))
    return out


def _check(kind: str, key: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}")
    if not key or len(key) > MAX_SPELLING:
        raise UsageError("an entity key is a gazetteer id or 'new:' and a spelling")


def merge(vault: Vault, kind: str, spelling: str, target: str) -> None:
    """Count the free-text ``spelling`` as ``target`` from now on (audited)."""
    _check(kind, spelling)
    _check(kind, target)
    if not is_spelling(spelling):
        raise UsageError(f"{spelling!r} is a gazetteer entity: only a free-text spelling is"
                         " merged into another entity", code="entity.gazetteer", detail=spelling)
    if not is_spelling(target) and gazetteers.entity(target) is None:
        raise NotFound(f"no gazetteer entity {target!r}")
    resolver = Resolver(vault)
    if resolver.root(kind, target) == spelling:
        raise UsageError(f"{target!r} already counts as {spelling!r}: merge the other way",
                         code="entity.merge_other_way", detail=(target, spelling))
    before = resolver.targets.get((kind, spelling), "")
    with vault.transaction() as c:
        c.execute("INSERT OR REPLACE INTO entity_merges VALUES (?, ?, ?, ?)",
                  (kind, spelling, target, utc_now()))
        c.execute("DELETE FROM entity_apart WHERE kind = ? AND a = ? AND b = ?",
                  (kind, *sorted((spelling, target))))
        audit.append(c, "entity merged", "", kind=kind, spelling=spelling, into=target,
                     before=before)


def unmerge(vault: Vault, kind: str, spelling: str) -> None:
    """The spelling counts as itself again (audited)."""
    _check(kind, spelling)
    with vault.transaction() as c:
        row = c.execute("SELECT target FROM entity_merges WHERE kind = ? AND spelling = ?",
                        (kind, spelling)).fetchone()
        if row is None:
            raise NotFound(f"{spelling!r} is not merged", detail=spelling)
        c.execute("DELETE FROM entity_merges WHERE kind = ? AND spelling = ?", (kind, spelling))
        audit.append(c, "entity unmerged", "", kind=kind, spelling=spelling, was=row[0])


def keep_apart(vault: Vault, kind: str, a: str, b: str) -> None:
    """The reviewer says two names are different entities: no longer proposed (audited)."""
    _check(kind, a)
    _check(kind, b)
    if a == b:
        raise UsageError("an entity is not apart from itself", code="entity.apart_self")
    first, second = sorted((a, b))
    with vault.transaction() as c:
        c.execute("INSERT OR REPLACE INTO entity_apart VALUES (?, ?, ?, ?)",
                  (kind, first, second, utc_now()))
        audit.append(c, "entities kept apart", "", kind=kind, a=first, b=second)


def merged(vault: Vault, kind: str) -> list[tuple[str, str]]:
    """(spelling, target) of every merge of this kind."""
    return [(str(s), str(t)) for s, t in vault.query(
        "SELECT spelling, target FROM entity_merges WHERE kind = ? ORDER BY spelling", (kind,))]
