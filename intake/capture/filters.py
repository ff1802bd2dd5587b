"""What the record list and the archive's counts and exports select: :class:`Filters`, and
the SQL that applies its record-level part to the ``records`` table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

FILTER_FACETS = ("violation", "province", "institution")  # Filters fields kept as facets


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    violation: str | None = None
    province: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    institution: str | None = None
    # The archive's filters on sources and acts: intake.archive.acts applies them to acts and
    # gives list_records/count the records they keep as ``ids`` (acts.narrow).
    interviewer: str | None = None  # fingerprint of the key that sealed the latest version
    pinned: bool | None = None  # that key pinned in the archive (or not)
    reliability: str | None = None
    knowledge: str | None = None
    facility: str | None = None  # a gazetteer id, or a place name as written
    unit: str | None = None  # a gazetteer id
    ids: frozenset[str] | None = None  # only these records


def where_clause(f: Filters) -> tuple[str, list[Any]]:
    """The WHERE clause of ``f`` over ``records``. Facets are looked up by key for each
    record read in list order, so a page stops after its rows."""
    clauses, params = [], []
    # a sealed record stays sealed while a correction (a draft of version n+1) is open
    sealed = "(status = 'sealed' OR (status = 'draft' AND version > 1))"
    if f.status == "exported":  # its latest sealed version handed over
        clauses.append(f"{sealed} AND exported_at IS NOT NULL")
    elif f.status == "sealed":
        clauses.append(sealed)
    elif f.status:
        clauses.append("status = ?")
        params.append(f.status)
    for kind in FILTER_FACETS:
        value = getattr(f, kind)
        if value:
            clauses.append(
                "EXISTS (SELECT 1 FROM facets"
                " WHERE record_id = records.id AND kind = ? AND value = ?)"
            )
            params += [kind, value]
    if f.ids is not None:
        clauses.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(f.ids)))
    if f.date_from:
        clauses.append("latest >= ? AND latest != ''")
        params.append(f.date_from.isoformat())
    if f.date_to:
        clauses.append("earliest <= ? AND earliest != ''")
        params.append(f.date_to.isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
