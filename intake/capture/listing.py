"""The record list: its counts and pages under :class:`~intake.capture.Filters`,
and search results with snippets.

Read from the columns, facets and full-text index that ``intake.capture.derived`` keeps
beside each record (never from the documents, except a search page's snippets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from intake.capture import search
from intake.capture.filters import FILTER_FACETS, Filters, where_clause
from intake.capture.records import RECORD_COLUMNS, Record, record_from_row
from intake.vault import Vault


def count(vault: Vault, filters: Filters = Filters()) -> int:  # noqa: B008
    """How many records ``filters`` keeps. With facet filters the count starts from the
    facet index (the first facet's range, each further facet looked up by key) and reads
    only those records, unless a status filter names one of the few (drafts, withdrawn):
    then from the status index. (Not INTERSECT: its temporary b-trees, wiped on free by
    SQLCipher's memory security, cost 30-140 ms at 100,000 records.)"""
    named = [(k, getattr(filters, k)) for k in FILTER_FACETS if getattr(filters, k)]
    if not named or filters.status not in (None, "sealed", "exported"):
        where, params = where_clause(filters)
        return int(vault.query(f"SELECT count(*) FROM records{where}", tuple(params))[0][0])
    joins = "".join(
        f" JOIN facets AS f{i} ON f{i}.record_id = f0.record_id"
        f" AND f{i}.kind = ? AND f{i}.value = ?"
        for i in range(1, len(named))
    )
    where, params = where_clause(replace(filters, violation=None, province=None, institution=None))
    sql = f"SELECT count(*) FROM facets AS f0{joins}"
    if where:  # CROSS JOIN: the facets first, then each record by its key
        sql += f" CROSS JOIN records{where} AND records.id = f0.record_id AND"
    else:  # every facet row has its record (a foreign key)
        sql += " WHERE"
    sql += " f0.kind = ? AND f0.value = ?"
    joined = [x for pair in named[1:] for x in pair]  # in the order of the text
    return int(vault.query(sql, (*joined, *params, *named[0]))[0][0])


def list_records(
    vault: Vault,
    filters: Filters = Filters(),  # noqa: B008
    offset: int = 0,
    limit: int = -1,
) -> list[Record]:
    where, params = where_clause(filters)
    rows = vault.query(
        f"SELECT {RECORD_COLUMNS} FROM records{where} ORDER BY updated_at DESC, id"
        " LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [record_from_row(r) for r in rows]


@dataclass(frozen=True)
class SearchResult:
    record: Record
    snippet: str
    spans: list[tuple[int, int]]


SEARCH_PAGE = 20  # the hits the results pane shows at once (1366x768); more on request


def find(vault: Vault, query: str, limit: int = SEARCH_PAGE, offset: int = 0) -> list[SearchResult]:
    """One page of search results: the hits ``offset`` to ``offset + limit``, each with a
    snippet. Only this page's documents are read."""
    with vault.transaction() as c:
        hits = search.search(c, query, limit, offset)
        if not hits:
            return []
        ids = [h.record_id for h in hits]
        marks = ", ".join("?" * len(ids))
        rows = c.execute(
            f"SELECT {RECORD_COLUMNS}, CASE WHEN status = 'draft'"
            " THEN (SELECT doc FROM drafts WHERE record_id = records.id)"
            " ELSE (SELECT doc FROM sealed_versions WHERE record_id = records.id"
            " ORDER BY version DESC LIMIT 1) END"
            f" FROM records WHERE id IN ({marks})",
            ids,
        ).fetchall()
    found = {row[0]: row for row in rows}
    results = []
    for rid in ids:
        row = found.get(rid)
        if row is None or row[-1] is None:
            continue
        rec = record_from_row(row[:-1])
        text, spans = search.snippet(rec.form.free_texts(json.loads(row[-1])), query)
        results.append(SearchResult(rec, text, spans))
    return results


def count_unexported_sealed(vault: Vault) -> int:
    """Records with at least one sealed version that have never been exported."""
    return int(
        vault.query(
            "SELECT count(*) FROM records WHERE exported_at IS NULL"
            " AND id IN (SELECT record_id FROM sealed_versions)"
        )[0][0]
    )
