"""Copies of a few of a document's values kept beside its record: the record list's
columns, the filter facets and the full-text index. The form's roles say where those
values are in the document; every write of a draft or a sealed version refreshes them.
"""

from __future__ import annotations

from typing import Any

import forms
from forms.edtf import edtf_range
from forms.types import field_type
from intake.capture import search
from intake.vault import tallies

FACET_ROLES = ("violation", "province", "facility_type", "institution", "coi_category")


def _first(values: list[object]) -> str:
    return str(values[0]) if values and values[0] is not None else ""


_DERIVED_ROLES = (
    "incident_date",
    "reference",
    "pseudonym",
    "interview_date",
    "incident",
    *FACET_ROLES,
)


def derived_values(
    form: forms.Form, doc: dict[str, Any]
) -> tuple[dict[str, list[object]], list[str]]:
    """``form.values(doc, role)`` for every role :func:`derive` needs and ``form.text_values(doc)``,
    from a single walk of the document (ten walks made up most of an autosave)."""
    found: dict[str, list[object]] = {role: [] for role in _DERIVED_ROLES}
    texts: list[str] = []
    for each, value, path in form.walk(doc):
        if field_type(each.type).free_text and isinstance(value, str) and value.strip():
            texts.append(value)
        bucket = found.get(each.role or "")
        if bucket is None:
            continue
        if each.repeat:
            if path.endswith("]"):  # the list itself comes first; its items follow
                bucket.append(value)
        elif field_type(each.type).listed and isinstance(value, list):
            bucket.extend(value)
        else:
            bucket.append(value)
    return found, texts


def derive(c: Any, rid: str, form: forms.Form, doc: dict[str, Any]) -> None:
    """Refresh the list columns, filter facets and search index of one record (its callers
    keep the list's tallies: ``tallies.kept`` around the write)."""
    values, texts = derived_values(form, doc)
    earliest, latest = "", ""
    ranges = []
    for value in values["incident_date"]:
        try:
            ranges.append(edtf_range(str(value)))
        except ValueError:
            continue
    if ranges:
        earliest = min(r[0] for r in ranges).isoformat()
        latest = max(r[1] for r in ranges).isoformat()
    facets = {
        (kind, str(v))
        for kind in FACET_ROLES
        for value in values[kind]
        for v in (value if isinstance(value, list) else [value])
        if v not in (None, "")
    }
    c.execute(
        "UPDATE records SET reference = ?, pseudonym = ?, interview_date = ?, incident_count = ?,"
        " earliest = ?, latest = ?, facet_keys = ? WHERE id = ?",
        (
            _first(values["reference"]),
            _first(values["pseudonym"]),
            _first(values["interview_date"]),
            len(values["incident"]),
            earliest,
            latest,
            tallies.facet_keys(c, facets),
            rid,
        ),
    )
    # only the facets that changed (an autosave mostly writes none)
    old = set(c.execute("SELECT kind, value FROM facets WHERE record_id = ?", (rid,)))
    c.executemany(
        "DELETE FROM facets WHERE record_id = ? AND kind = ? AND value = ?",
        [(rid, k, v) for k, v in sorted(old - facets)],
    )
    added = [(rid, k, v) for k, v in sorted(facets - old)]
    c.executemany("INSERT INTO facets VALUES (?, ?, ?)", added)
    _index(c, rid, texts)


def _index(c: Any, rid: str, texts: list[str]) -> None:
    # an archive reviewer's notes and tags on the record (intake/archive/notes.py) are found
    # by the same search; they are never part of the record itself
    notes = [f"{text}\n{tags.replace('|', ' ')}" for text, tags in c.execute(
        "SELECT text, tags FROM review_notes WHERE record_id = ? ORDER BY id", (rid,))]
    search.update(c, rid, texts + notes)
