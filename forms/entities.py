"""Gazetteers: facilities and perpetrator units as entities with stable ids.

A gazetteer file ``forms/entities/NAME.yaml`` lists well-known entities so that
two testimonies about the same camp or unit name the same id and count and link
together. An ``entity`` field of a form picks an id from one gazetteer, or holds
a new entry in free text (an object without ``id``), which the archive flags for
reconciliation. Ids never change or disappear once records use them; names,
coordinates and aliases may be improved. See ``docs/forms.md``.

Coordinates are public, approximate locations (``precision_m`` says how
approximate); they are never the witness's own sketch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from forms.errors import FormError
from forms.vocabularies import bilingual, shipped_vocabulary
from forms.yaml_source import MarkedDict, MarkedList, load_yaml_file

ENTITIES_DIR = Path(__file__).resolve().parent / "entities"
GAZETTEERS = {"facilities": "facility-types", "units": "institutions"}
ID_RE = re.compile(r"^[a-z][a-z0-9-]{2,63}$")
ENTRY_KEYS = {
    "id",
    "kind",
    "name",
    "aliases",
    "province",
    "county",
    "country",
    "latitude",
    "longitude",
    "precision_m",
    "years",
    "note",
}
#: Parts of a new (free-text) entry, each a short text or code.
NEW_ENTRY_PARTS = ("name_ko", "name_en", "kind", "province", "county", "note")
MAX_ENTRIES = 5000


@dataclass(frozen=True)
class Entity:
    """One entry of a gazetteer. ``kind`` is a facility type (facilities) or an
    institution code (units)."""

    id: str
    gazetteer: str
    kind: str
    name: dict[str, str]
    aliases: tuple[str, ...] = ()
    province: str = ""
    county: dict[str, str] | None = None
    country: str = "kp"
    latitude: float | None = None
    longitude: float | None = None
    precision_m: int | None = None
    years: str = ""
    note: dict[str, str] | None = None

    def label(self, lang: str) -> str:
        return self.name[lang]

    def matches(self, text: str) -> bool:
        """True when ``text`` (case-insensitive) occurs in a name or an alias."""
        needle = text.strip().casefold()
        return bool(needle) and any(
            needle in s.casefold() for s in (*self.name.values(), *self.aliases)
        )


def _entry(item: object, file: Path, name: str, line: int) -> Entity:
    from forms.edtf import is_valid_edtf

    if not isinstance(item, MarkedDict):
        raise FormError(file, line, "each entry must be a mapping with id, kind and name")
    unknown = sorted(set(item) - ENTRY_KEYS)
    if unknown:
        raise FormError(file, item.line_of(unknown[0]), f"unknown entry key '{unknown[0]}'")
    ident = item.get("id")
    if not isinstance(ident, str) or not ID_RE.match(ident):
        raise FormError(
            file, item.line_of("id"), f"entry id {ident!r} must be like 'kp-kwanliso-15'"
        )
    kinds = shipped_vocabulary(GAZETTEERS[name]).terms
    kind = item.get("kind")
    if kind not in kinds:
        raise FormError(
            file, item.line_of("kind"), f"{ident}: kind must be a code of {GAZETTEERS[name]}"
        )
    province = item.get("province", "")
    if province and province not in shipped_vocabulary("provinces").terms:
        raise FormError(file, item.line_of("province"), f"{ident}: unknown province {province!r}")
    country = item.get("country", "kp")
    if country not in shipped_vocabulary("countries").terms:
        raise FormError(file, item.line_of("country"), f"{ident}: unknown country {country!r}")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise FormError(file, item.line_of("aliases"), f"{ident}: aliases must be a list of text")
    coords: list[float | None] = []
    for key, bound in (("latitude", 90.0), ("longitude", 180.0)):
        value = item.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > bound
        ):
            raise FormError(file, item.line_of(key), f"{ident}: {key} must be a number")
        coords.append(None if value is None else float(value))
    if (coords[0] is None) != (coords[1] is None):
        raise FormError(file, item.line, f"{ident}: give both latitude and longitude, or neither")
    precision = item.get("precision_m")
    if precision is not None and (type(precision) is not int or precision < 0):
        raise FormError(file, item.line_of("precision_m"), f"{ident}: precision_m must be metres")
    if coords[0] is not None and precision is None:
        raise FormError(file, item.line, f"{ident}: coordinates need precision_m")
    years = item.get("years", "")
    if years and not is_valid_edtf(years):
        raise FormError(file, item.line_of("years"), f"{ident}: years must be an EDTF date")
    return Entity(
        id=ident,
        gazetteer=name,
        kind=str(kind),
        name=bilingual(item.get("name"), file, item.line_of("name"), f"{ident} name"),
        aliases=tuple(aliases),
        province=str(province),
        county=bilingual(item["county"], file, item.line_of("county"), f"{ident} county")
        if "county" in item
        else None,
        country=str(country),
        latitude=coords[0],
        longitude=coords[1],
        precision_m=precision,
        years=str(years),
        note=bilingual(item["note"], file, item.line_of("note"), f"{ident} note")
        if "note" in item
        else None,
    )


def parse_gazetteer(data: object, file: Path) -> dict[str, Entity]:
    if not isinstance(data, MarkedDict) or set(data) - {"gazetteer", "title", "entries"}:
        raise FormError(file, 1, "a gazetteer file has exactly 'gazetteer', 'title' and 'entries'")
    name = data.get("gazetteer")
    if name not in GAZETTEERS or file.stem != name:
        raise FormError(
            file,
            data.line_of("gazetteer"),
            f"gazetteer must be one of {sorted(GAZETTEERS)} and match the file name",
        )
    bilingual(data.get("title"), file, data.line_of("title"), "gazetteer title")
    raw = data.get("entries")
    if not isinstance(raw, MarkedList) or not raw or len(raw) > MAX_ENTRIES:
        raise FormError(file, data.line_of("entries"), "'entries' must be a non-empty list")
    found: dict[str, Entity] = {}
    for index, item in enumerate(raw):
        entity = _entry(item, file, str(name), raw.line_of(index))
        if entity.id in found:
            raise FormError(file, raw.line_of(index), f"duplicate entry id '{entity.id}'")
        found[entity.id] = entity
    return found


@cache
def gazetteer(name: str) -> dict[str, Entity]:
    """``id -> Entity`` of a shipped gazetteer (``facilities`` or ``units``)."""
    if name not in GAZETTEERS:
        raise FormError(ENTITIES_DIR, 1, f"no gazetteer named {name!r}")
    path = ENTITIES_DIR / f"{name}.yaml"
    return parse_gazetteer(load_yaml_file(path), path)


def entity(entity_id: str) -> Entity | None:
    """The shipped entity with this id, in any gazetteer; None if unknown."""
    for name in GAZETTEERS:
        found = gazetteer(name).get(entity_id)
        if found is not None:
            return found
    return None


def find(name: str, text: str) -> list[Entity]:
    """Entities of a gazetteer whose name or alias contains ``text``, in file order."""
    return [e for e in gazetteer(name).values() if e.matches(text)]


def is_new_entry(value: object) -> bool:
    """True for a free-text entry the archive still has to reconcile."""
    return isinstance(value, dict)
