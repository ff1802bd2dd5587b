"""A small reader that reads a CSV file the way HURIDOCS Uwazi's CSV import does, so that a
test can show our exports import as they are.

The rules, from github.com/huridocs/uwazi at 849f7d9 (2024-10-24):

- ``app/api/csv/csv.ts``: rows come from ``csvtojson({delimiter: [',', ';'], flatKeys: true})``.
  csvtojson 2.0.10 strips a UTF-8 byte-order mark (its dependency ``strip-bom``), takes the
  delimiter of the list that the header line holds most of, trims each cell (its default
  ``trim: true``) and gives one object per row keyed by the header; quotes are ``"`` with
  ``""`` inside.
- ``app/shared/propertyNames.ts`` and ``app/api/csv/entityRow.ts``: each header goes through
  ``safeName`` (trimmed, each character outside ``[a-z0-9]`` made ``_``, lower case) and is
  then a template property's name, or ``title``; a header ending in ``__<language>`` is a
  translation column.
- ``app/api/csv/importEntity.ts``: ``title`` is the entity's title; a property whose cell is
  empty is left out of the entity's metadata.
- ``app/api/csv/typeParsers.ts``, ``typeParsers/*.ts``, ``csvDefinitions.ts``: ``text`` is the
  cell; ``numeric`` is ``Number(cell)`` (the cell itself when not a number); ``date`` is
  ``moment.utc(cell, [dateFormat, 'LL', 'YYYY MM DD', 'YYYY/MM/DD', 'YYYY-MM-DD',
  'YYYY']).unix()`` (``dateFormat`` defaults to ``YYYY/MM/DD``; moment's forgiving mode reads
  the day at the start of a longer timestamp); ``daterange`` is ``cell.split(':')`` into
  ``{from, to}``, each a date or null when empty; ``select`` is a thesaurus label;
  ``multiselect`` is ``cell.split('|')``, trimmed, without empty or repeated labels;
  ``geolocation`` is ``cell.split('|')`` into ``lat`` and ``lon`` as numbers (nothing unless
  both); ``relationship`` is ``cell.split('|')`` without empty or repeated values, each the
  title of an entity of the related template.

A value this reader cannot read as Uwazi would raises ``UwaziError`` (Uwazi would store
nothing or garbage), so a test using it fails on a cell Uwazi could not take.
"""

from __future__ import annotations

import csv
import io
import re
from calendar import timegm
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DELIMITERS = (",", ";")
MULTI = "|"
RANGE = ":"
LANGUAGE_SEPARATOR = "__"
_DAY = re.compile(r"(\d{4})[-/ ](\d{1,2})[-/ ](\d{1,2})(T[\d:.]+(Z|[+-]\d\d:?\d\d)?)?")
_YEAR = re.compile(r"\d{4}")


class UwaziError(ValueError):
    pass


def safe_name(label: str) -> str:
    return re.sub(r"[^a-z0-9]", "_", label.strip(), flags=re.IGNORECASE).lower()


def parse_date(text: str) -> int:
    """A unix timestamp (UTC midnight of the day), as moment.utc(text, formats).unix()."""
    m = _DAY.fullmatch(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            raise UwaziError(f"not a day: {text!r}")
        return timegm((y, mo, d, 0, 0, 0))
    if _YEAR.fullmatch(text):
        return timegm((int(text), 1, 1, 0, 0, 0))
    raise UwaziError(f"not a date Uwazi reads: {text!r}")


def _multi(cell: str) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in cell.split(MULTI) if v.strip()))


def parse(kind: str, cell: str) -> Any:
    if kind == "text" or kind == "select":
        return cell
    if kind == "numeric":
        try:
            return float(cell)
        except ValueError:
            return cell
    if kind == "date":
        return parse_date(cell)
    if kind == "daterange":
        parts = cell.split(RANGE)
        if len(parts) != 2:
            raise UwaziError(f"a date range is from:to, not {cell!r}")
        return {"from": parse_date(parts[0]) if parts[0] else None,
                "to": parse_date(parts[1]) if parts[1] else None}
    if kind == "multiselect":
        return _multi(cell)
    if kind == "geolocation":
        lat, _, lon = cell.partition(MULTI)
        if not (lat and lon):
            raise UwaziError(f"a geolocation is lat|lon, not {cell!r}")
        return {"lat": float(lat), "lon": float(lon), "label": ""}
    if kind == "relationship":
        return [v for v in dict.fromkeys(cell.split(MULTI)) if v]
    raise UwaziError(f"no such property type {kind}")


@dataclass
class Entity:
    title: str
    metadata: dict[str, Any] = field(default_factory=dict)


def read(path: Path, template: dict[str, str]) -> list[Entity]:
    """The entities Uwazi makes of ``path`` under a template of ``{property name: type}``.
    Every column must be a property of the template (or ``title``)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8")
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    headers = [safe_name(h) for h in rows[0]]
    if len(set(headers)) != len(headers):
        raise UwaziError("two columns with one name")
    for h in headers:
        if LANGUAGE_SEPARATOR in h:
            raise UwaziError(f"{h}: a translation column, not a property")
        if h != "title" and h not in template:
            raise UwaziError(f"{h}: not a property of the template")
    out = []
    for row in rows[1:]:
        cells = dict(zip(headers, (c.strip() for c in row), strict=True))
        if not cells.get("title"):
            raise UwaziError(f"a row without a title: {row[:3]}")
        entity = Entity(cells.pop("title"))
        for name, cell in cells.items():
            if cell:
                entity.metadata[name] = parse(template[name], cell)
        out.append(entity)
    return out


def relate(entities: list[Entity], name: str, targets: list[Entity]) -> None:
    """Each value of relationship ``name`` must be the title of exactly one target entity
    (Uwazi would otherwise create an empty entity of that title)."""
    titles = [t.title for t in targets]
    for e in entities:
        for value in e.metadata.get(name, []):
            if titles.count(value) != 1:
                raise UwaziError(f"{e.title}: {name} {value!r} names no single entity")
