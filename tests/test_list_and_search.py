"""The record list's filters and search on a real vault: count and page agree for every
filter, the row map of migration 5 (old index layouts still found after an upgrade), paging,
ranking of a small match set, newest-first for a large one, and migration 14's counts."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from intake import vault
from intake.archive import notes, receive
from intake.capture import listing, records, search
from intake.capture.filters import Filters
from intake.handover import export, recipients
from intake.vault import db, tallies
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example, set_narrative
from tests.test_bundle import keypair


def _undo_after(version: int, tmp: Path) -> list[str]:
    """Statements that take away what the migrations after ``version`` added (tables,
    indexes, triggers, columns), found by migrating a scratch database."""
    conn = db.connect(tmp / f"scratch-{version}.db", bytes(32))
    query = "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"

    def columns(table: str) -> set[str]:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}

    db.migrate(conn, version)
    before = set(conn.execute(query).fetchall())
    before_columns = {name: columns(name) for kind, name in before if kind == "table"}
    db.migrate(conn)
    after = conn.execute(query).fetchall()
    added_columns = [
        f"ALTER TABLE {table} DROP COLUMN {col}"
        for table, cols in before_columns.items()
        for col in sorted(columns(table) - cols)
    ]
    conn.close()
    order = {"trigger": 0, "index": 1, "table": 2}
    objects = sorted((o for o in after if o not in before), key=lambda o: order.get(o[0], 3))
    return [f"DROP {kind.upper()} IF EXISTS {name}" for kind, name in objects] + added_columns


def _rows_for(v: vault.Vault, rid: str) -> int:
    with v.transaction() as c:
        return len([r for r in c.execute("SELECT record_id FROM search").fetchall() if r[0] == rid])


@pytest.mark.parametrize("old_rowid", [7, 2**61 + 12345])  # first layout, hash-keyed layout
def test_rows_of_an_old_layout_are_replaced_after_the_upgrade(
    vault: vault.Vault, old_rowid: int, tmp_path: Path
) -> None:
    rid = records.create(vault, FORM_ID, set_narrative(example(), "첫 진술 강제송환"))
    other = records.create(vault, FORM_ID, set_narrative(example(), "다른 이야기 강제송환"))
    with vault.transaction() as c:  # back to schema 4: no row map, rows where the old code put them
        c.execute("UPDATE search SET rowid = ? WHERE record_id = ?", (old_rowid, rid))
        c.execute("DROP TABLE search_rows")
        c.execute("DROP INDEX records_status_recent")
        c.execute("DROP INDEX records_latest")  # migration 7
        c.execute("DROP INDEX records_earliest")
        for statement in _undo_after(7, tmp_path):  # what later migrations added
            c.execute(statement)
        c.execute("DELETE FROM schema_version WHERE version >= 5")
    path = vault.path
    vault.lock()
    with type(vault).open(path, PASSPHRASE) as v:
        with v.transaction() as c:
            assert db.schema_version(c) == db.SCHEMA_VERSION
        records.save_draft(v, rid, set_narrative(example(), "정정 진술 노동단련대"))
        assert [r.record.id for r in listing.find(v, "노동단련대")] == [rid]
        assert [r.record.id for r in listing.find(v, "강제송환")] == [other]
        assert _rows_for(v, rid) == 1


def test_a_save_replaces_the_row_and_moves_it_to_the_newest(vault: vault.Vault) -> None:
    first = records.create(vault, FORM_ID, set_narrative(example(), "관리소 하나"))
    second = records.create(vault, FORM_ID, set_narrative(example(), "관리소 둘"))
    records.save_draft(vault, first, set_narrative(example(), "관리소 하나 고침"))
    assert _rows_for(vault, first) == 1
    with vault.transaction() as c:
        order = [r[0] for r in c.execute("SELECT record_id FROM search ORDER BY rowid")]
    assert order.index(first) > order.index(second)


def test_paging_returns_each_hit_once(vault: vault.Vault) -> None:
    ids = {records.create(vault, FORM_ID, set_narrative(example(), f"요덕 {i}")) for i in range(7)}
    pages = [listing.find(vault, "요덕", limit=3, offset=o) for o in (0, 3, 6, 9)]
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    found = [r.record.id for p in pages for r in p]
    assert sorted(found) == sorted(ids)
    assert all(r.snippet and r.spans for p in pages for r in p)


def test_a_page_of_hits_reads_its_records_from_one_index_and_sees_them_current(
    vault: vault.Vault,
) -> None:
    """The records of a page of hits are read from the index holding their list columns
    (migration 19: one leaf per hit from a cold cache, no table row), kept current by every
    change of the record."""
    rid = records.create(vault, FORM_ID, set_narrative(example(), "전거리 교화소"))
    with vault.transaction() as c:
        plan = c.execute(f"EXPLAIN QUERY PLAN {listing.FOUND_RECORDS} (?, ?)", (rid, "x"))
        assert "COVERING INDEX records_by_id" in plan.fetchall()[0][-1]
    records.seal_record(vault, rid)
    (hit,) = listing.find(vault, "전거리")
    assert hit.record == records.get(vault, rid) and hit.record.status == "sealed"


def test_a_page_of_recent_hits_reads_the_newest_list_entries_and_an_older_one_by_id(
    vault: vault.Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hits all among the newest index rows are read from the newest entries of the list's
    index (no lookup by id, a leaf or two from a cold disk); a hit whose record keeps an
    older time (an import keeps its date; here a save under a clock set back) is not among
    them and is read by id. The page is whole and current either way."""
    ticks = itertools.count()
    monkeypatch.setattr(records, "utc_now", lambda: f"2026-11-29T20:{next(ticks):05d}Z")
    for n in range(20):  # older records the query does not find
        records.create(vault, FORM_ID, set_narrative(example(), f"다른 기록 {n}"))
    made = [records.create(vault, FORM_ID, set_narrative(example(), f"전거리 {n}"))
            for n in range(12)]
    records.seal_record(vault, made[3])

    def page() -> tuple[list[listing.SearchResult], list[str]]:
        sql: list[str] = []
        vault._conn.set_trace_callback(sql.append)  # type: ignore[union-attr]
        hits = listing.find(vault, "전거리")
        vault._conn.set_trace_callback(None)  # type: ignore[union-attr]
        return hits, [s for s in sql if "records_by_id" in s]

    hits, by_id = page()
    assert sorted(h.record.id for h in hits) == sorted(made) and by_id == []
    assert all(h.record == records.get(vault, h.record.id) for h in hits)
    monkeypatch.setattr(records, "utc_now", lambda: "2019-01-01T00:00:00Z")
    records.save_draft(vault, made[5], set_narrative(example(), "전거리, 고침"))
    hits, by_id = page()
    assert sorted(h.record.id for h in hits) == sorted(made) and len(by_id) == 1
    assert all(h.record == records.get(vault, h.record.id) for h in hits)


def test_a_small_match_set_is_ranked_by_relevance(vault: vault.Vault) -> None:
    once = records.create(vault, FORM_ID, set_narrative(example(), "회령 한 번."))
    many = records.create(vault, FORM_ID, set_narrative(example(), "회령 회령 회령 회령 회령."))
    records.save_draft(vault, once, set_narrative(example(), "회령 한 번, 고침."))  # newest
    hits = [r.record.id for r in listing.find(vault, "회령")]
    assert hits == [many, once]


def test_a_large_match_set_comes_newest_first(
    vault: vault.Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RANK_LIMIT", 2)  # three matches: "large"
    many = records.create(vault, FORM_ID, set_narrative(example(), "회령 회령 회령 회령 회령."))
    once = records.create(vault, FORM_ID, set_narrative(example(), "회령 한 번."))
    middle = records.create(vault, FORM_ID, set_narrative(example(), "회령 두 번 회령."))
    records.save_draft(vault, many, set_narrative(example(), "회령 회령 회령 회령, 고침."))
    assert [r.record.id for r in listing.find(vault, "회령")] == [many, middle, once]


def test_count_and_pages_agree_for_every_filter(vault: vault.Vault) -> None:
    made = []
    for i in range(8):
        rid = records.create(vault, FORM_ID, set_narrative(example(), f"기록 {i}"))
        made.append(rid)
        if i % 3 == 0:
            records.seal_record(vault, rid)
    with vault.transaction() as c:
        facets = c.execute("SELECT DISTINCT kind, value FROM facets").fetchall()
        c.execute("DELETE FROM facets WHERE record_id = ?", (made[1],))  # one without facets
        tallies.rebuild(c)  # a raw write: the list's counts and facet keys built again
    violations = [None, *sorted({v for k, v in facets if k == "violation"})[:2], "none-such"]
    provinces = [None, *sorted({v for k, v in facets if k == "province"})[:2]]
    assert len(violations) > 2 and len(provinces) > 1, "the example has facets to filter on"
    for status, violation, province in itertools.product(
        [None, "draft", "sealed", "exported"], violations, provinces
    ):
        f = Filters(status=status, violation=violation, province=province)
        everything = listing.list_records(vault, f)
        # every record has the example's facets but made[1]; none is exported
        wanted = [("violation", violation), ("province", province)]
        expected = {
            r.id
            for r in listing.list_records(vault)
            if (status is None or r.status == status)
            and all(v is None or (r.id != made[1] and (k, v) in facets) for k, v in wanted)
        }
        assert {r.id for r in everything} == expected, f
        assert listing.count(vault, f) == len(everything), f
        assert [r.id for r in listing.list_records(vault, f, 1, 2)] == [
            r.id for r in everything[1:3]
        ]


def _varied(i: int) -> dict[str, object]:
    """The example with its incident moved in time and place and another kind of act."""
    doc = set_narrative(example(), f"기록 {i}")
    incident = doc["incidents"][0]  # type: ignore[index]
    incident["date"] = ["1998", "2004-05", "2008-21", "2012-03-04", "2019"][i % 5]
    incident["place"]["province"] = ["KP-09", "KP-10", "KP-03"][i % 3]
    if i % 4 == 1:
        incident["acts"][0]["type"] = "torture"
        incident["acts"][0].pop("repatriation_stage", None)
    return doc


def test_counts_from_the_tallies_agree_with_the_records_through_every_change(
    vault: vault.Vault, tmp_path: Path
) -> None:
    """The counts kept in list_tallies (migration 14, by every writer through tallies.kept)
    equal counting the records themselves for every combination of the list's filters, after
    creating, editing, sealing, correcting, discarding, exporting and withdrawing, in an
    archive receiving a bundle and a later version of one of its records, and after the
    migration builds them from an older vault with data; pages read after the last row equal
    pages by offset."""
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(vault, "archive", recipient)
    made = [records.create(vault, FORM_ID, _varied(i)) for i in range(10)]
    for rid in made[:7]:
        records.seal_record(vault, rid)
    records.correct(vault, made[0])  # a sealed record with a correction open (draft v2)
    records.save_draft(vault, made[0], _varied(3))  # the correction moves its facets and dates
    records.save_draft(vault, made[8], _varied(4))
    records.discard_draft(vault, made[9])
    export.export_bundle(vault, made[1:3], ["archive"], tmp_path / "first.age")
    records.correct(vault, made[1])
    records.save_draft(vault, made[1], _varied(5))
    records.seal_record(vault, made[1])  # version 2: another province and date
    export.export_bundle(vault, made[1:2], ["archive"], tmp_path / "later.age")
    with vault.transaction() as c, tallies.kept(c, made[3:4]):  # withdrawn: no writer yet
        c.execute("UPDATE records SET status = 'withdrawn' WHERE id = ?", (made[3],))

    def agree(v: vault.Vault) -> None:
        with v.transaction() as c:
            facets = c.execute("SELECT DISTINCT kind, value FROM facets").fetchall()
        violations = [None, *sorted({x for k, x in facets if k == "violation"}), "none-such"]
        provinces = [None, *sorted({x for k, x in facets if k == "province"})]
        days = [None, date(2004, 5, 31), date(2008, 6, 1), date(2030, 1, 1)]
        statuses = [None, "draft", "sealed", "exported", "withdrawn"]
        assert len(violations) > 2 and len(provinces) > 2
        for status, violation, province, start, end in itertools.product(
            statuses, violations, provinces, days, days
        ):
            f = Filters(status, violation, province, start, end)
            kept = listing.list_records(v, f)
            assert listing.count(v, f) == listing._counted(v, f) == len(kept), f
            if kept:
                assert listing.list_records(v, f, limit=2, after=kept[0]) == kept[1:3], f
                assert listing.list_records(v, f, 1, 2) == kept[1:3], f

    agree(vault)
    assert listing.count(vault) == 9 and listing.count(vault, Filters(status="exported")) == 2
    with make_vault(tmp_path / "archive") as archive:  # type: ignore[attr-defined]
        for name in ("first.age", "later.age"):  # new records, then one extended
            receive.import_bundle(archive, tmp_path / name, key.read_text(), trust_new=True)
            agree(archive)
        assert listing.count(archive, Filters(province="KP-03")) == 2  # made[1] moved there
    path = vault.path
    vault.lock()
    for version in (14, 13):  # back to an older schema, with the same records in it
        with type(vault).open(path, PASSPHRASE) as v, v.transaction() as c:
            for statement in _undo_after(version, tmp_path):
                c.execute(statement)
            if version == 14:  # each facet as kind=value (numbered since 15)
                c.execute(
                    "UPDATE records SET facet_keys = coalesce((SELECT char(31) ||"
                    " group_concat(kind || '=' || value, char(31)) || char(31) FROM facets"
                    " WHERE record_id = records.id AND kind IN"
                    f" {tallies.LISTED}), '')"
                )
            else:
                c.execute("CREATE INDEX records_recent ON records (updated_at DESC, id)")
            c.execute("DELETE FROM schema_version WHERE version > ?", (version,))
        with type(vault).open(path, PASSPHRASE) as v:
            agree(v)


QUERIES = ("기록", "보위부", "정정", "interrogation", "Onsong", "SHA256", "note")


def test_a_count_reads_one_tally_row_without_dates_and_a_few_with_them(
    vault: vault.Vault,
) -> None:
    """The list's tallies hold a row per day an incident starts or ends: a count without
    dates (a page's plan asks for several) reads the one row counting every day (migration
    23), and a count from or to a day the days left in its month, the months left in its
    year and the years after (24), never every day after it. Records on 30 days of 5 years,
    each count checked against the records themselves."""
    for n in range(30):
        doc = _varied(n)
        day = f"{2000 + n % 5}-{1 + n % 12:02d}-{1 + 3 * n % 28:02d}"
        doc["incidents"][0]["date"] = day  # type: ignore[index]
        rid = records.create(vault, FORM_ID, doc)
        if n % 3 == 0:
            records.seal_record(vault, rid)
    with vault.transaction() as c:
        days = c.execute("SELECT count(*) FROM list_tallies WHERE status = '' AND"
                         " violation = '' AND province = '' AND side = 'latest'").fetchone()[0]
    assert days == 30
    for f in (
        Filters(), Filters(status="sealed", violation="torture"), Filters(province="KP-10"),
        Filters(date_from=date(2001, 5, 10)), Filters(status="draft", date_to=date(2002, 3, 4)),
        Filters(date_from=date(2000, 2, 2), date_to=date(2003, 2, 2)),
        Filters(violation="torture", date_from=date(2001, 1, 1), date_to=date(2001, 12, 31)),
    ):
        sql: list[str] = []
        vault._conn.set_trace_callback(sql.append)  # type: ignore[union-attr]
        counted = listing.count(vault, f)
        vault._conn.set_trace_callback(None)  # type: ignore[union-attr]
        assert counted == len(listing.list_records(vault, f)) == listing._counted(vault, f), f
        (query,) = sql
        with vault.transaction() as c:
            plan = [r[-1] for r in c.execute(f"EXPLAIN QUERY PLAN {query}")]
        searches = [step for step in plan if "list_tallies" in step]
        assert searches and all("side=? AND day" in step for step in searches), (f, plan)
        dated = (f.date_from is not None) + (f.date_to is not None)
        open_ended = [step for step in searches if step.endswith("day>?)")]
        assert len(open_ended) == dated, (f, plan)  # the years after; days and months bounded


def _shown_texts(v: vault.Vault, rid: str) -> list[str]:
    """The free texts of the document ``rid`` shows (its draft, else its latest version)."""
    rec = records.get(v, rid)
    if rec.status == "draft":
        return list(rec.form.free_texts(records.draft(v, rid)))
    last = records.sealed_version(v, rid)
    return list(records.form_for(last.form_id, last.form_version).free_texts(last.doc))


def _snippets_agree(v: vault.Vault, filled: bool = True) -> None:
    """Each record's kept snippet texts (``filled``; else none yet) are its shown document's
    free texts, and every search page's snippets are the ones its documents give."""
    with v.transaction() as c:
        rows = dict(c.execute("SELECT record_id, row FROM search_rows").fetchall())
        kept = search.kept_texts(c, list(rows.values()))
        # none left behind: a discarded draft's or a replaced row's texts go with its row
        (orphans,) = c.execute(
            "SELECT count(*) FROM snippet_texts WHERE row NOT IN (SELECT row FROM search_rows)"
        ).fetchone()
    assert rows and orphans == 0
    for rid, row in rows.items():
        assert kept.get(row) == (_shown_texts(v, rid) if filled else None), rid
    shown = 0
    for q in QUERIES:  # "note" finds a record by its review note: no snippet either way
        results = listing.find(v, q, limit=50)
        assert [(r.snippet, r.spans) for r in results] == [
            search.snippet(_shown_texts(v, r.record.id), q) for r in results
        ], q
        shown += sum(1 for r in results if r.snippet)
    assert shown >= 2 * len(rows)


def test_snippet_texts_are_kept_through_every_change(vault: vault.Vault, tmp_path: Path) -> None:
    """The free texts kept beside each index row (migration 16) equal its shown document's
    after creating, saving, sealing, correcting (also a received record, whose fingerprint
    answer the draft replaces), discarding a record and a correction, a note, exporting and
    receiving; and a vault from before migration 16 is searched from its documents until the
    idle maintenance has filled them."""
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(vault, "archive", recipient)
    made = [records.create(vault, FORM_ID, _varied(i)) for i in range(7)]
    for rid in made[:5]:
        records.seal_record(vault, rid)
    records.correct(vault, made[0])
    records.save_draft(vault, made[0], set_narrative(example(), "정정 기록 보위부"))
    records.correct(vault, made[1])
    records.discard_draft(vault, made[1])  # back to its sealed version
    records.discard_draft(vault, made[6])  # gone
    records.save_draft(vault, made[5], set_narrative(example(), "고친 기록"))
    export.export_bundle(vault, made[1:4], ["archive"], tmp_path / "b.age")
    _snippets_agree(vault)
    with make_vault(tmp_path / "archive") as archive:  # type: ignore[attr-defined]
        receive.import_bundle(archive, tmp_path / "b.age", key.read_text(), trust_new=True)
        _snippets_agree(archive)
        received = listing.list_records(archive)[0].id
        notes.add(archive, received, "note on the record")
        records.correct(archive, received)  # the draft holds this vault's fingerprint
        assert _shown_texts(archive, received) != _shown_texts(vault, received)
        _snippets_agree(archive)

    with vault.transaction() as c:  # the snippet's source is the kept texts
        row = c.execute("SELECT row FROM search_rows WHERE record_id = ?", (made[2],)).fetchone()
        search.keep_texts(c, row[0], ["보위부 kept"])
    assert [r.snippet for r in listing.find(vault, "보위부") if r.record.id == made[2]] == [
        "보위부 kept"
    ]
    records.correct(vault, made[2])  # and written again from the document

    with vault.transaction() as c:  # back to schema 15, with the same records in it
        for statement in _undo_after(15, tmp_path):
            c.execute(statement)
        c.execute("DELETE FROM schema_version WHERE version >= 16")
    path = vault.path
    vault.lock()
    with type(vault).open(path, PASSPHRASE) as v:
        _snippets_agree(v, filled=False)
        steps = 0
        while records.maintain(v) and steps < 100:
            steps += 1
        assert steps >= 1 and not v.query("SELECT 1 FROM meta WHERE key = 'snippet_texts_below'")
        _snippets_agree(v)


def test_the_list_indexes_grow_full_pages_and_are_read_without_sorting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 22: the list's covering indexes keep the newest entry last, so records
    written in time order fill their pages (SQLite appends at the right edge into a new page;
    an entry put before all others split a page in two, leaving leaves about half full), and a
    page of the list still reads them in list order, backwards, with no sort. On 4 KiB pages
    (a vault made before 16 KiB ones), where 300 records fill enough leaves to tell."""
    monkeypatch.setattr(db, "PAGE_SIZE", db.LEGACY_PAGE_SIZE)
    v: vault.Vault = make_vault(tmp_path / "v")  # type: ignore[assignment]
    monkeypatch.undo()
    ticks = itertools.count()  # a second per record: records made within one second would
    # come in id order, at random places of that second's entries, on a fast machine
    monkeypatch.setattr(records, "utc_now", lambda: f"2026-11-29T20:{next(ticks):05d}Z")
    for n in range(300):
        records.create(v, FORM_ID, set_narrative(example(), f"기록 {n}"))
    with v.transaction() as c:
        for index in ("records_list", "records_drafts"):
            before = c.execute("PRAGMA freelist_count").fetchone()[0]
            c.execute(f"REINDEX {index}")  # packed full: what it frees is what was left empty
            freed = c.execute("PRAGMA freelist_count").fetchone()[0] - before
            assert freed <= 2, (index, freed)
    for f in (Filters(), Filters(status="draft")):
        sql: list[str] = []
        v._conn.set_trace_callback(sql.append)  # type: ignore[union-attr]
        shown = listing.list_records(v, f, limit=100)
        v._conn.set_trace_callback(None)  # type: ignore[union-attr]
        (page,) = [s for s in sql if "ORDER BY updated_at DESC" in s]
        with v.transaction() as c:
            plan = " ".join(r[-1] for r in c.execute(f"EXPLAIN QUERY PLAN {page}"))
        assert "COVERING INDEX records_" in plan and "TEMP B-TREE" not in plan
        kept = v.query("SELECT id, updated_at FROM records"
                           + (" WHERE status = 'draft'" if f.status else ""))
        in_order = sorted(sorted(kept), key=lambda r: r[1], reverse=True)  # id ascending
        assert [r.id for r in shown] == [rid for rid, _ in in_order[:100]]
