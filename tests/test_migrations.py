"""Schema migrations: from an empty vault and from every earlier version with data in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from intake.vault import db, tallies


def schema(conn: db.Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'search_%'"
        " AND name != 'schema_version' ORDER BY type, name"
    ).fetchall()
    return [tuple(r) for r in rows]


def fresh(tmp_path: Path, name: str, target: int) -> db.Connection:
    conn = db.connect(tmp_path / name, os.urandom(32))
    db.migrate(conn, target)
    return conn


def test_empty_vault_reaches_the_current_schema(tmp_path: Path) -> None:
    conn = fresh(tmp_path, "a.db", db.SCHEMA_VERSION)
    assert db.schema_version(conn) == db.SCHEMA_VERSION
    assert db.migrate(conn) == db.SCHEMA_VERSION  # idempotent


@pytest.mark.parametrize("start", range(1, db.SCHEMA_VERSION))
def test_each_earlier_version_with_data_migrates_to_the_same_schema(
    tmp_path: Path, start: int
) -> None:
    old = fresh(tmp_path, "old.db", start)
    old.execute(
        "INSERT INTO records (id, form_id, form_version, status, version, reference, created_at,"
        " updated_at) VALUES ('r1', 'nk-testimony', 1, 'draft', 1, 'ORG-1', 't', 't')"
    )
    old.execute("INSERT INTO drafts (record_id, version, doc, saved_at)"
                " VALUES ('r1', 1, '{\"a\": 1}', 't')")
    old.execute("INSERT INTO search (record_id, body) VALUES ('r1', '관리 리소 소')")
    if start >= 5:  # the row map the app writes beside each index row
        old.execute("INSERT INTO search_rows SELECT record_id, rowid FROM search")
    db.migrate(old)
    new = fresh(tmp_path, "new.db", db.SCHEMA_VERSION)
    assert schema(old) == schema(new)
    config = "SELECT k, v FROM search_config ORDER BY k"
    assert old.execute(config).fetchall() == new.execute(config).fetchall()
    assert old.execute("SELECT reference FROM records").fetchall() == [("ORG-1",)]
    assert old.execute("SELECT doc FROM drafts").fetchall() == [('{"a": 1}',)]
    assert old.execute("SELECT held FROM drafts").fetchall() == [("",)]  # nothing held back
    assert old.execute("SELECT record_id FROM search WHERE search MATCH '관리'").fetchall() == [
        ("r1",)
    ]
    # a page of search hits finds its record ids in the row map's index alone (16), and the
    # rows indexed before 16 are left for the idle maintenance to give snippet texts
    row = old.execute("SELECT row FROM search_rows WHERE record_id = 'r1'").fetchone()[0]
    plan = old.execute("EXPLAIN QUERY PLAN SELECT row, record_id FROM search_rows"
                       " WHERE row IN (?, ?)", (row, row + 1)).fetchall()
    assert "COVERING INDEX search_rows_row" in plan[0][-1]
    assert old.execute("SELECT value FROM meta WHERE key = 'snippet_texts_below'").fetchall() == (
        [(str(row + 1),)] if start < 16 else [])  # from 16 on, rows are indexed with them
    # the archive reviewer's tables (13) take work on a record kept from before
    old.execute("INSERT INTO review_notes (record_id, text, created_at, updated_at)"
                " VALUES ('r1', 'note', 't', 't')")
    old.execute("INSERT INTO entity_merges VALUES ('facility', 'new:a', 'new:b', 't')")
    with pytest.raises(db.DatabaseError):  # a link joins two different testimonies
        old.execute("INSERT INTO act_links (relation, a_record, a_incident, a_act, b_record,"
                    " b_incident, b_act, created_at) VALUES ('corroborates', 'r1', 1, 1, 'r1',"
                    " 1, 2, 't')")


def sealed_records(conn: db.Connection, versions: dict[str, int],
                   exported: frozenset[str] = frozenset()) -> None:
    """Sealed records with that many sealed versions each (hashes RECORD-N), written the
    plain way an earlier schema holds them; ``exported`` ones with exported_at set."""
    for rid, count in versions.items():
        conn.execute("INSERT INTO records (id, form_id, form_version, status, version, created_at,"
                     " updated_at, exported_at) VALUES (?, 'nk-testimony', 1, 'sealed', ?, 't',"
                     " 't', ?)", (rid, count, "t" if rid in exported else None))
        for n in range(1, count + 1):
            conn.execute("INSERT INTO sealed_versions (record_id, version, form_id, form_version,"
                         " doc, envelope, version_hash, signature, signer_cert) VALUES"
                         " (?, ?, 'nk-testimony', 1, '{}', '{}', ?, x'00', '')",
                         (rid, n, f"{rid}-{n}"))


@pytest.mark.parametrize("start", range(13, 17))
def test_links_and_notes_kept_from_before_name_the_latest_sealed_version(
        tmp_path: Path, start: int) -> None:
    """Links and notes made before 17 meant the record's latest sealed version: they name
    it from 17 on (a correction sealed later no longer moves them)."""
    old = fresh(tmp_path, "old.db", start)
    sealed_records(old, {"r1": 2, "r2": 1, "r3": 0})
    old.execute("INSERT INTO act_links (relation, a_record, a_incident, a_act, b_record,"
                " b_incident, b_act, created_at) VALUES ('corroborates', 'r1', 1, 1, 'r2', 2, 1,"
                " 't'), ('contradicts', 'r2', 1, 1, 'r3', 1, 1, 't')")
    old.execute("INSERT INTO review_notes (record_id, incident_no, act_no, text, created_at,"
                " updated_at) VALUES ('r1', 1, 1, 'on an act', 't', 't'),"
                " ('r2', 0, 0, 'on the record', 't', 't'), ('r3', 0, 0, 'unsealed', 't', 't')")
    db.migrate(old)
    assert old.execute("SELECT a_record, a_incident, a_act, a_version, b_record, b_incident,"
                       " b_act, b_version FROM act_links ORDER BY id").fetchall() == [
        ("r1", 1, 1, 2, "r2", 2, 1, 1), ("r2", 1, 1, 1, "r3", 1, 1, 0)]
    assert old.execute("SELECT record_id, incident_no, act_no, version, text FROM review_notes"
                       " ORDER BY id").fetchall() == [
        ("r1", 1, 1, 2, "on an act"), ("r2", 0, 0, 1, "on the record"), ("r3", 0, 0, 0,
                                                                          "unsealed")]


@pytest.mark.parametrize("start", range(14, 18))
def test_a_record_sealed_again_after_its_hand_over_is_exported_only_if_its_version_left(
        tmp_path: Path, start: int) -> None:
    """Before 18, sealing a correction left a record 'exported' though no bundle carried the
    new version (a withdrawal, say): 18 keeps exported_at only where an export's audit entry
    names the latest sealed version, and counts the list again."""
    old = fresh(tmp_path, "old.db", start)
    sealed_records(old, {"again": 2, "sent": 1, "never": 1}, exported=frozenset({"again", "sent"}))
    old.execute("INSERT INTO audit (at, action, object, detail, prev_hash, hash) VALUES"
                " ('t', 'exported', '', '{\"version_hashes\": [\"again-1\", \"sent-1\"]}',"
                " '', ''), ('t', 'note added', '', 'not json', '', '')")
    db.migrate(old)
    assert old.execute("SELECT id, exported_at FROM records ORDER BY id").fetchall() == [
        ("again", None), ("never", None), ("sent", "t")]
    kept = old.execute("SELECT * FROM list_tallies ORDER BY 1, 2, 3, 4, 5").fetchall()
    tallies.recount(old)  # the counts the migration left are those of the records as they are
    assert old.execute("SELECT * FROM list_tallies ORDER BY 1, 2, 3, 4, 5").fetchall() == kept
    assert sum(n for s, *_, n in kept if s == "exported") > 0  # 'sent' is counted exported


def test_migrations_23_and_24_count_each_combination_for_every_day_by_month_and_by_year(
    tmp_path: Path,
) -> None:
    """A version-22 vault's tallies have a row per day and side only: migration 23 adds the
    row for every day (the sum of a combination's 'latest' days), 24 the rows by month and by
    year on each side; all of them equal to counting the records."""
    old = fresh(tmp_path, "old.db", 22)
    sealed_records(old, {"a": 1, "b": 2, "c": 1}, exported=frozenset({"b"}))
    old.execute("UPDATE records SET earliest = '2001-02-03', latest = '2004-05-06' WHERE id = 'a'")
    old.execute("UPDATE records SET earliest = '2001-02-28', latest = '2001-12-31' WHERE id = 'b'")
    old.execute("INSERT INTO facets (record_id, kind, value) VALUES ('a', 'violation', 'torture'),"
                " ('b', 'violation', 'torture'), ('b', 'province', 'KP-09')")
    tallies.rebuild(old)
    old.execute("DELETE FROM list_tallies WHERE side NOT IN ('latest', 'earliest')")  # as in 22
    db.migrate(old)
    kept = old.execute("SELECT * FROM list_tallies ORDER BY 1, 2, 3, 4, 5").fetchall()
    tallies.rebuild(old)
    assert old.execute("SELECT * FROM list_tallies ORDER BY 1, 2, 3, 4, 5").fetchall() == kept
    counts = {tuple(r[:5]): r[5] for r in kept}
    assert counts[("", "", "", "all", "")] == 3 and counts[("", "torture", "", "all", "")] == 2
    assert counts[("exported", "torture", "KP-09", "all", "")] == 1
    assert counts[("", "torture", "", "earliest-m", "2001-02")] == 2
    assert counts[("", "", "", "latest-y", "2001")] == counts[("", "", "", "latest-y", "")] == 1


def test_each_search_index_leaf_fits_in_one_database_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row of a page holds 3,981 bytes (4,096 less SQLCipher's 80, less SQLite's 35) and a
    leaf's row 4 more than its block: a larger block spills into an overflow page, a second
    read for every leaf (FTS5's own default of 4,050 did, migration 20). Checked on the
    smallest pages a vault has: those made before 16 KiB pages keep 4 KiB."""
    monkeypatch.setattr(db, "PAGE_SIZE", db.LEGACY_PAGE_SIZE)
    conn = fresh(tmp_path, "a.db", db.SCHEMA_VERSION)
    assert conn.execute("PRAGMA page_size").fetchone() == ("4096",)
    words = [f"w{i:05d}" for i in range(20_000)]
    for n in range(40):
        conn.execute("INSERT INTO search (record_id, body) VALUES (?, ?)",
                     (f"r{n}", " ".join(words[n * 500 : n * 500 + 4000])))
    conn.execute("INSERT INTO search (search) VALUES ('optimize')")
    blocks = [b for (b,) in conn.execute("SELECT length(block) FROM search_data")]
    assert sum(b > 3000 for b in blocks) > 100  # many full leaves
    assert max(blocks) <= 3981 - 4


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = fresh(tmp_path, "a.db", db.SCHEMA_VERSION)
    conn.execute("INSERT INTO schema_version VALUES (?, 't')", (db.SCHEMA_VERSION + 1,))
    with pytest.raises(db.DatabaseError, match="newer"):
        db.migrate(conn)
