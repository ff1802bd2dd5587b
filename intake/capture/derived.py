"""Copies of a few of a document's values kept beside its record: the record list's
columns, the filter facets and the full-text index. The form's roles say where those
values are in the document; every write of a draft or a sealed version refreshes them.
"""

from __future__ import annotations

import json
from typing import Any

import forms
from forms.edtf import edtf_range
from forms.types import field_type
from intake.capture import search
from intake.vault import tallies

FACET_ROLES = ("violation", "province", "facility_type", "institution", "coi_category")
# the document a record shows and is indexed from, in SQL over a ``records`` row: an open
# draft (a new record or a correction), else the latest sealed version
SHOWN_DOC = (
    "CASE WHEN records.status = 'draft'"
    " THEN (SELECT doc FROM drafts WHERE record_id = records.id)"
    " ELSE (SELECT doc FROM sealed_versions WHERE record_id = records.id"
    " ORDER BY version DESC LIMIT 1) END"
)
# meta key: index rows below this one may still lack their snippet texts (a vault from
# before migration 16); the idle maintenance fills them newest first, then drops the key
FILL_BELOW = "snippet_texts_below"


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
    search.update(c, rid, texts, notes)


def fill_snippet_texts(c: Any, limit: int) -> bool:
    """Keep the snippet texts of up to ``limit`` index rows written before migration 16 (the
    newest first), from each record's shown document; False when none is left. A record whose
    form cannot be loaded keeps none: its snippet is read from the document, as before."""
    below = c.execute("SELECT value FROM meta WHERE key = ?", (FILL_BELOW,)).fetchone()
    if below is None:
        return False  # a vault made at 16 or later, or filled
    rows = c.execute(
        f"SELECT m.row, records.form_id, records.form_version, {SHOWN_DOC}"
        " FROM search_rows AS m LEFT JOIN records ON records.id = m.record_id"
        " WHERE m.row < ? ORDER BY m.row DESC LIMIT ?",
        (int(below[0]), limit),
    ).fetchall()
    if not rows:
        c.execute("DELETE FROM meta WHERE key = ?", (FILL_BELOW,))
        return False
    for row, form_id, form_version, doc in rows:
        if doc is None:
            continue
        try:
            form = forms.load_form(form_id, form_version)
        except (KeyError, forms.FormError):
            continue
        search.keep_texts(c, row, list(form.free_texts(json.loads(doc))))
    c.execute("UPDATE meta SET value = ? WHERE key = ?", (rows[-1][0], FILL_BELOW))
    return True
