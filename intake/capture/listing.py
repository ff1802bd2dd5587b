"""The record list: its counts and pages under :class:`~intake.capture.filters.Filters`,
and search results with snippets.

Read from the columns, facets and full-text index that ``intake.capture.derived`` keeps
beside each record, never from the documents (a search page's snippets come from the free
texts kept beside the index, or the document of a record whose texts are not filled yet).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from intake.capture import derived, search
from intake.capture.filters import FILTER_FACETS, Filters, where_clause
from intake.capture.records import RECORD_COLUMNS, Record, record_from_row
from intake.vault import Vault, tallies

STATUS_CLASSES = ("draft", "sealed", "exported", "withdrawn")  # list_tallies' status keys
# the Filters fields list_tallies answers (migration 14); any other field set is counted by
# reading the records it keeps
TALLIED = frozenset({"status", *tallies.TALLIED, "date_from", "date_to"})


def count(vault: Vault, filters: Filters = Filters()) -> int:  # noqa: B008
    """How many records ``filters`` keeps: from the tallies kept per combination of the list's
    filters (a few hundred rows summed, whatever the size of the vault) when they answer
    ``filters``, else by reading the records it keeps."""
    tallied = _tally_query(filters)
    if tallied is not None:
        return int(vault.query(*tallied)[0][0])
    return _counted(vault, filters)


def _tally_query(f: Filters) -> tuple[str, tuple[Any, ...]] | None:
    """The query summing ``list_tallies`` for ``f``, or None if they cannot answer it.

    Each term is a range of one combination's rows: its row for every day (no dates), or the
    records whose incidents end from ``date_from`` on (``latest``) or start after ``date_to``
    (``earliest``), by day to the end of its month, by month to the end of its year, and by
    year after it. A record is kept by both dates when its incidents end on or after
    ``date_from`` and start on or before ``date_to``: of the records ending on or after
    ``date_from``, those starting after ``date_to`` are all the ones to take away (they start
    after ``date_to`` >= ``date_from``). With ``date_to`` alone: the dated records (every one,
    less those with no dates), less those starting after it.
    """
    used = {k for k, v in vars(f).items() if v is not None}
    if not used <= TALLIED or (f.status is not None and f.status not in STATUS_CLASSES):
        return None
    if f.date_from and f.date_to and f.date_from > f.date_to:
        return None  # records spanning the whole gap: rare, read them
    combination = (f.status or "", f.violation or "", f.province or "")

    def term(sign: str, side: str, days: str, *values: str) -> tuple[str, tuple[Any, ...]]:
        return (
            f" {sign} (SELECT coalesce(sum(n), 0) FROM list_tallies WHERE status = ?"
            f" AND violation = ? AND province = ? AND side = '{side}' AND {days})",
            (*combination, *values),
        )

    def after(sign: str, side: str, day: str, first: str) -> list[tuple[str, tuple[Any, ...]]]:
        return [  # the rest of its month, the rest of its year, the years after
            term(sign, side, f"day {first} ? AND day <= ?", day, day[:7] + "-99"),
            term(sign, side + tallies.MONTH, "day > ? AND day <= ?", day[:7], day[:4] + "-99"),
            term(sign, side + tallies.YEAR, "day > ?", day[:4]),
        ]

    if f.date_from:
        terms = after("+", "latest", f.date_from.isoformat(), ">=")
    else:
        terms = [term("+", tallies.ALL[0], "day = ?", tallies.ALL[1])]
    if f.date_to:
        if f.date_from is None:  # less the records with no dates
            terms.append(term("-", "earliest", "day = ?", ""))
        terms += after("-", "earliest", f.date_to.isoformat(), ">")
    return "SELECT" + "".join(sql for sql, _ in terms), tuple(v for _, p in terms for v in p)


def _counted(vault: Vault, filters: Filters) -> int:
    """``count`` by reading the records: the first facet's index range, each further facet
    looked up by key, unless a status filter names one of the few (drafts, withdrawn): then
    the status index. (Not INTERSECT: its temporary b-trees, wiped on free by SQLCipher's
    memory security, cost 30-140 ms at 100,000 records.)"""
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
    after: Record | None = None,
) -> list[Record]:
    """Records ``filters`` keeps in list order (latest change first): ``limit`` of them
    (all if negative) after skipping ``offset``, or after the record ``after`` (the last of
    the previous page: the next page starts there, however far down the list it is).

    Read in list order from ``records_list``, an index holding every column shown and
    filtered on (facets in ``facet_keys``), so a page reads consecutive index entries until
    it is full; when the records kept are few, from a narrower start (:func:`_plan`).
    """
    where, params = where_clause(replace(filters, violation=None, province=None, institution=None))
    clauses = [where[len(" WHERE "):]] if where else []
    for kind in FILTER_FACETS:
        value = getattr(filters, kind)
        if value:  # its number, looked up once (NULL, so no record, if it has none)
            clauses.append(
                "instr(facet_keys, (SELECT char(31) || code || char(31) FROM facet_codes"
                " WHERE kind = ? AND value = ?)) > 0"
            )
            params += [kind, value]
    if after is not None:
        clauses.append("updated_at <= ? AND (updated_at < ? OR id > ?)")
        params += [after.updated_at, after.updated_at, after.id]
    cond = " AND ".join(clauses) or "1"
    source, extra = _plan(vault, filters, offset, limit)
    rows = vault.query(
        f"SELECT {_qualified()} FROM {source} WHERE {cond}{extra[0]}"
        " ORDER BY updated_at DESC, records.id LIMIT ? OFFSET ?",
        (*params, *extra[1], limit, offset),
    )
    return [record_from_row(r) for r in rows]


def _qualified() -> str:
    return ", ".join(f"records.{c.strip()}" for c in RECORD_COLUMNS.split(","))


IN_ORDER = "records INDEXED BY records_list"


def _plan(
    vault: Vault, f: Filters, offset: int, limit: int
) -> tuple[str, tuple[str, tuple[str, ...]]]:
    """Where a page starts reading: the list in order (``records_list``) until the page is
    full, unless the tallies say the records kept are few and a narrower start reads fewer
    entries: the records of one facet value, of a status, exported ones, or those in the
    date window (each sorted afterwards, or already in list order for a status)."""
    tallied = _tally_query(f)
    if tallied is None or all(v is None for v in vars(f).values()):
        return IN_ORDER, ("", ())
    kept = int(vault.query(*tallied)[0][0])
    everything = count(vault)
    wanted = everything if limit < 0 else min(everything, offset + limit)

    def in_order(size: int) -> int:  # entries read in list order to fill the page
        return size if kept == 0 else min(size, wanted * size // kept)

    plans: list[tuple[int, str, tuple[str, tuple[str, ...]]]] = [
        (in_order(everything), IN_ORDER, ("", ()))
    ]
    for kind in tallies.TALLIED:
        value = getattr(f, kind)
        if value:
            plans.append((
                count(vault, Filters(**{kind: value})),
                "facets AS f CROSS JOIN records ON records.id = f.record_id",
                (" AND f.kind = ? AND f.value = ?", (kind, value)),
            ))
    by_status = {
        "draft": "records_drafts",
        "sealed": "records_sealed",
        "exported": "records_exported",
        "withdrawn": "records_status_recent",
    }
    if f.status in by_status:  # that status's records alone, in list order
        size = in_order(count(vault, Filters(status=f.status)))
        literal = " AND status = 'draft'" if f.status == "draft" else ""  # the partial index's
        plans.append((size, f"records INDEXED BY {by_status[f.status]}", (literal, ())))
    if f.date_from:
        size = count(vault, Filters(date_from=f.date_from))
        plans.append((size, "records INDEXED BY records_latest", ("", ())))
    if f.date_to:
        size = count(vault, Filters(date_to=f.date_to))
        plans.append((size, "records INDEXED BY records_earliest", ("", ())))
    _, source, extra = min(plans, key=lambda p: p[0])
    return source, extra


@dataclass(frozen=True)
class SearchResult:
    record: Record
    snippet: str
    spans: list[tuple[int, int]]


SEARCH_PAGE = 20  # the hits the results pane shows at once (1366x768); more on request
# a page of hits' records, read from the index holding their columns (migration 19): one leaf
# of it per hit instead of one of the id's index and one of the table, when the cache is cold
FOUND_RECORDS = f"SELECT {RECORD_COLUMNS} FROM records INDEXED BY records_by_id WHERE id IN"


# a page of hits all among this many newest index rows reads its records from as many newest
# entries of the list's index: 4 leaves of 16 KiB (17 of 4 KiB, a vault made before), where
# a page of 20 hits by id reads 20 leaves
NEAR = 300


def _found(c: Any, hits: list[search.Hit]) -> dict[str, Record]:
    """The hits' records. A row written lately is, nearly always, a record changed lately
    (each write of a record takes the next row and sets ``updated_at``): when every hit is
    among the newest NEAR rows, as a common word's newest matches are, the same number of
    newest list entries are read in list order instead of one leaf of ``records_by_id`` per
    hit (20 reads from a cold disk); a hit not among them (an imported record keeps its
    date) is read from ``records_by_id`` as every hit of a page further back is."""
    ids = [h.record_id for h in hits]
    found: dict[str, Record] = {}
    span = search.newest_row(c) - min(h.row for h in hits) + 1
    if span <= NEAR:  # the ids kept here: SQL's IN list would build a temporary b-tree
        newest = c.execute(
            f"SELECT {_qualified()} FROM {IN_ORDER} ORDER BY updated_at DESC, records.id LIMIT ?",
            (span,),
        )
        wanted = set(ids)
        found = {row[0]: record_from_row(row) for row in newest if row[0] in wanted}
    missing = [i for i in ids if i not in found]
    if missing:
        rows = c.execute(f"{FOUND_RECORDS} ({search.marks(missing)})", missing)
        found.update((row[0], record_from_row(row)) for row in rows)
    return found


def find(vault: Vault, query: str, limit: int = SEARCH_PAGE, offset: int = 0) -> list[SearchResult]:
    """One page of search results: the hits ``offset`` to ``offset + limit``, each with a
    snippet from the free texts kept beside its index row (a row not filled yet: from the
    record's document)."""
    with vault.transaction() as c:
        hits = search.search(c, query, limit, offset)
        if not hits:
            return []
        found = _found(c, hits)
        kept = search.kept_texts(c, [h.row for h in hits])
        unfilled = [h.record_id for h in hits if h.row not in kept]
        docs = dict(c.execute(
            f"SELECT id, {derived.SHOWN_DOC} FROM records WHERE id IN"
            f" ({search.marks(unfilled)})",
            unfilled,
        )) if unfilled else {}
    results = []
    for hit in hits:
        rec = found.get(hit.record_id)
        if rec is None:
            continue
        texts: Iterable[str] | None = kept.get(hit.row)
        if texts is None:
            doc = docs.get(hit.record_id)
            if doc is None:
                continue
            texts = rec.form.free_texts(json.loads(doc))
        text, spans = search.snippet(texts, query)
        results.append(SearchResult(rec, text, spans))
    return results


def count_unexported_sealed(vault: Vault) -> int:
    """Records whose latest sealed version is in no bundle (never handed over, or corrected
    and sealed again since): what an emergency wipe would lose. Each export's audit entry
    names the version hashes it carried."""
    exported: set[str] = set()
    for (detail,) in vault.query("SELECT detail FROM audit WHERE action = 'exported'"):
        exported.update(json.loads(detail).get("version_hashes", []))
    latest = vault.query(
        "SELECT s.version_hash FROM sealed_versions s WHERE s.version ="
        " (SELECT max(v.version) FROM sealed_versions v WHERE v.record_id = s.record_id)"
    )
    return sum(1 for (version_hash,) in latest if version_hash not in exported)
