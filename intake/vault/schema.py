"""The vault database's schema, as its history: each migration takes it from one version to
the next (``MIGRATIONS``, with the Python some of them run after their script: ``BUILDS``).
:func:`intake.vault.db.migrate` applies them; tests/test_migrations.py runs each from every
earlier version with data in it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlcipher3

from intake.vault import tallies
from intake.vault.listschema import (
    DROP_LIST_INDEXES,
    LIST_AT_SCALE,
    LIST_INDEXES,
    LISTED_COLUMNS,
    LISTED_NEWEST_LAST,
)

INDEX_LEAF = 3900  # bytes of a search index leaf (FTS5's pgsz): one page holds it (20)
IMMUTABLE = """
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END;
"""

# Each entry takes the schema from version i to i + 1. Never edit a released
# entry: add a new one. tests/test_migrations.py runs each from every version.
MIGRATIONS: list[str] = [
    # 1: records, drafts, sealed versions, audit log, attachments, full-text index
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE records (
        id TEXT PRIMARY KEY,
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'sealed', 'withdrawn')),
        version INTEGER NOT NULL,
        reference TEXT NOT NULL DEFAULT '',
        pseudonym TEXT NOT NULL DEFAULT '',
        interview_date TEXT NOT NULL DEFAULT '',
        incident_count INTEGER NOT NULL DEFAULT 0,
        earliest TEXT NOT NULL DEFAULT '',
        latest TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX records_status ON records (status, updated_at);
    CREATE TABLE facets (
        record_id TEXT NOT NULL REFERENCES records (id),
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (record_id, kind, value)
    ) WITHOUT ROWID;
    CREATE INDEX facets_value ON facets (kind, value);
    CREATE TABLE drafts (
        record_id TEXT PRIMARY KEY REFERENCES records (id),
        version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    CREATE TABLE sealed_versions (
        record_id TEXT NOT NULL REFERENCES records (id),
        version INTEGER NOT NULL,
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        envelope TEXT NOT NULL,
        version_hash TEXT NOT NULL UNIQUE,
        signature BLOB NOT NULL,
        signer_cert TEXT NOT NULL,
        disclosures TEXT NOT NULL DEFAULT '{}',
        redactions TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (record_id, version)
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        object TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL REFERENCES records (id),
        filename TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        added_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX attachments_record ON attachments (record_id);
    CREATE VIRTUAL TABLE search USING fts5 (
        record_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    """
    + IMMUTABLE.format(table="sealed_versions")
    + IMMUTABLE.format(table="audit"),
    # 2: the legal team's keys on the laptop, pinned interviewer keys on the
    # receiving side, and where each received record came from
    """
    CREATE TABLE recipients (
        name TEXT PRIMARY KEY,
        recipient TEXT NOT NULL UNIQUE,
        class TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE trusted_signers (
        fingerprint TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    );
    CREATE TABLE received_bundles (
        bundle_id TEXT PRIMARY KEY,
        exporter_fingerprint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        manifest TEXT NOT NULL
    );
    CREATE TABLE provenance (
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        bundle_id TEXT NOT NULL REFERENCES received_bundles (bundle_id),
        PRIMARY KEY (record_id, version, bundle_id)
    );
    ALTER TABLE records ADD COLUMN exported_at TEXT;
    ALTER TABLE records ADD COLUMN origin TEXT NOT NULL DEFAULT 'local';
    """,
    # 3: the signed PDF statements received in bundles, kept as encrypted blobs (like
    # attachments) so the archive can show them without the bundle file
    """
    CREATE TABLE statements (
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        bundle_id TEXT NOT NULL REFERENCES received_bundles (bundle_id),
        blob_id TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        pages INTEGER NOT NULL,
        profile TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        PRIMARY KEY (record_id, bundle_id)
    );
    """
    + IMMUTABLE.format(table="statements"),
    # 4: the record list's order, so a page of 100,000 records is read from an index
    # instead of sorting them all
    """
    CREATE INDEX records_recent ON records (updated_at DESC, id);
    """,
    # 5: where each record's row is in the full-text index (FTS5 cannot index record_id),
    # so a save replaces it by key and new rows take rowids in the order they are written
    # (search lists a large match set newest first by reading the index backwards); and the
    # record list's order within a status, so a status filter reads one page, not all
    """
    CREATE TABLE search_rows (
        record_id TEXT PRIMARY KEY,
        row INTEGER NOT NULL UNIQUE
    ) WITHOUT ROWID;
    INSERT OR REPLACE INTO search_rows (record_id, row) SELECT record_id, rowid FROM search;
    CREATE INDEX records_status_recent ON records (status, updated_at DESC, id);
    """,
    # 6: the full-text index no longer merges its segments inside each write (FTS5's
    # automerge put up to ~100 ms of merging into one autosave's commit at 100,000 records):
    # the GUI merges them when idle (``records.maintain``), and FTS5's crisis merge (16
    # segments on one level) still bounds the index when nothing calls it
    """
    INSERT INTO search (search, rank) VALUES ('automerge', 0);
    """,
    # 7: the record list's date filters, so counting "incidents since ..." reads a small
    # index instead of every record (296 ms cold at 100,000 records, first pass after unlock)
    """
    CREATE INDEX records_latest ON records (latest);
    CREATE INDEX records_earliest ON records (earliest);
    """,
    # 8: recordings made in the app. The row is written when a recording starts, before any
    # audio, so a blob being recorded (or cut by a crash) is never taken for an orphan; the
    # next unlock keeps a cut one as 'interrupted'. Markers note a time and the section.
    """
    CREATE TABLE recordings (
        attachment_id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL REFERENCES records (id),
        state TEXT NOT NULL CHECK (state IN ('recording', 'complete', 'interrupted')),
        format TEXT NOT NULL,
        sample_rate INTEGER NOT NULL,
        device TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL DEFAULT '',
        duration_ms INTEGER NOT NULL DEFAULT 0,
        dropouts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX recordings_record ON recordings (record_id);
    CREATE TABLE recording_markers (
        attachment_id TEXT NOT NULL REFERENCES recordings (attachment_id),
        at_ms INTEGER NOT NULL,
        section TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX recording_markers_att ON recording_markers (attachment_id, at_ms);
    """,
    # 9: a second person's (supervisor's) signature over a sealed version's envelope, kept
    # beside the interviewer's (intake/capture/countersign.py)
    """
    CREATE TABLE countersignatures (
        version_hash TEXT PRIMARY KEY REFERENCES sealed_versions (version_hash),
        signature BLOB NOT NULL,
        signer_cert TEXT NOT NULL,
        stored_at TEXT NOT NULL
    );
    """
    + IMMUTABLE.format(table="countersignatures"),
    # 10: each attachment's kind (audio, photo_video, medical, document, drawing, other), which
    # the form's attachment permissions govern at export; earlier attachments get the kind
    # their media type suggests. And an archive may replace a sealed version's redacted copy
    # by a fuller one (more disclosures, verified against the same seal): everything signed
    # (record, version, form, envelope, hash, signature, signer) stays immutable, and a full
    # copy (no redactions) cannot change at all
    """
    ALTER TABLE attachments ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';
    UPDATE attachments SET kind = CASE
        WHEN media_type LIKE 'audio/%' THEN 'audio'
        WHEN media_type LIKE 'image/%' OR media_type LIKE 'video/%' THEN 'photo_video'
        WHEN media_type = 'application/pdf' OR media_type LIKE 'text/%'
            OR media_type LIKE 'application/vnd.%' OR media_type = 'application/msword'
            THEN 'document'
        ELSE 'other' END;
    DROP TRIGGER sealed_versions_no_update;
    CREATE TRIGGER sealed_versions_no_update BEFORE UPDATE ON sealed_versions
    WHEN OLD.redactions = '{}'
        OR NEW.record_id IS NOT OLD.record_id OR NEW.version IS NOT OLD.version
        OR NEW.form_id IS NOT OLD.form_id OR NEW.form_version IS NOT OLD.form_version
        OR NEW.envelope IS NOT OLD.envelope OR NEW.version_hash IS NOT OLD.version_hash
        OR NEW.signature IS NOT OLD.signature OR NEW.signer_cert IS NOT OLD.signer_cert
        OR length(NEW.disclosures) <= length(OLD.disclosures)
    BEGIN SELECT RAISE(ABORT, 'sealed_versions rows are immutable'); END;
    """,
    # 11: anchored history (intake/vault/history.py): the signed checkpoints of this vault's audit
    # chain, and on the receiving side the heads of each interviewer key's chain seen so far
    """
    CREATE TABLE checkpoints (
        counter INTEGER PRIMARY KEY,
        head TEXT NOT NULL,
        at TEXT NOT NULL,
        signature BLOB NOT NULL
    );
    CREATE TABLE seen_heads (
        fingerprint TEXT NOT NULL,
        counter INTEGER NOT NULL,
        head TEXT NOT NULL,
        bundle_id TEXT NOT NULL,
        PRIMARY KEY (fingerprint, counter)
    ) WITHOUT ROWID;
    """
    + IMMUTABLE.format(table="checkpoints")
    + IMMUTABLE.format(table="seen_heads"),
    # 12: answers a draft cannot take yet (a number out of range, a span that ends before it
    # starts), kept in the vault beside the draft with their messages instead of only on
    # screen, so locking loses nothing ('' when there are none)
    """
    ALTER TABLE drafts ADD COLUMN held TEXT NOT NULL DEFAULT '';
    """,
    # 13: the archive reviewer's own work, kept apart from the sealed records
    # (intake/archive/entities.py, links.py, notes.py): free-text spellings of a facility or
    # unit merged into one entity (a gazetteer id or another spelling), proposals kept apart;
    # links between acts of different testimonies; notes and tags on records and acts
    # (incident 0 / act 0 = the record itself)
    """
    CREATE TABLE entity_merges (
        kind TEXT NOT NULL CHECK (kind IN ('facility', 'unit')),
        spelling TEXT NOT NULL,
        target TEXT NOT NULL,
        merged_at TEXT NOT NULL,
        PRIMARY KEY (kind, spelling),
        CHECK (spelling != target)
    ) WITHOUT ROWID;
    CREATE TABLE entity_apart (
        kind TEXT NOT NULL CHECK (kind IN ('facility', 'unit')),
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        PRIMARY KEY (kind, a, b),
        CHECK (a < b)
    ) WITHOUT ROWID;
    CREATE TABLE act_links (
        id INTEGER PRIMARY KEY,
        relation TEXT NOT NULL CHECK (relation IN ('corroborates', 'contradicts', 'same_event')),
        a_record TEXT NOT NULL REFERENCES records (id),
        a_incident INTEGER NOT NULL,
        a_act INTEGER NOT NULL,
        b_record TEXT NOT NULL REFERENCES records (id),
        b_incident INTEGER NOT NULL,
        b_act INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (a_record != b_record)
    );
    CREATE INDEX act_links_a ON act_links (a_record, a_incident, a_act);
    CREATE INDEX act_links_b ON act_links (b_record, b_incident, b_act);
    CREATE TABLE review_notes (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL REFERENCES records (id),
        incident_no INTEGER NOT NULL DEFAULT 0,
        act_no INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX review_notes_record ON review_notes (record_id, incident_no, act_no);
    """,
    # 14: the record list at any size: counts kept per combination of its filters
    # (list_tallies, built by BUILDS[14] and kept by every writer through tallies.kept), each
    # record's list facets in one column (facet_keys) and indexes with
    # every column the list shows and filters on, in list order, for all records, the sealed,
    # the drafts and the exported (intake/vault/listschema.py), so a page reads consecutive
    # index entries and no facet rows (intake/capture/listing.py)
    LIST_AT_SCALE,
    # 15: the list's facets numbered (facet_codes): records.facet_keys holds the numbers, so
    # the list's index entries are half as long and a page reads half the pages; the list
    # indexes are built again by BUILDS[15] once every facet_keys is rewritten
    """
    CREATE TABLE facet_codes (
        code INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        UNIQUE (kind, value)
    );
    """ + DROP_LIST_INDEXES,
    # 16: each index row's snippet texts (the record's free texts, compressed), so a page of
    # search results reads ~one small row per hit instead of its ~26 KB document
    # (intake/capture/search.py); the rows already indexed are filled by the idle
    # maintenance (derived.fill_snippet_texts, newest first, from the meta key written here),
    # not here: reading every document would hold the first unlock for minutes at 100,000
    # records. And the row map's index by row made covering: SQLite does not read the
    # record id from a UNIQUE constraint's index of a WITHOUT ROWID table (a page of 20
    # hits read 20 rows of the table besides), but does from a UNIQUE INDEX
    """
    CREATE TABLE snippet_texts (row INTEGER PRIMARY KEY, texts BLOB NOT NULL);
    INSERT OR REPLACE INTO meta (key, value)
        SELECT 'snippet_texts_below', max(row) + 1 FROM search_rows HAVING count(*) > 0;
    CREATE TABLE search_rows_new (record_id TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO search_rows_new SELECT record_id, row FROM search_rows;
    DROP TABLE search_rows;
    ALTER TABLE search_rows_new RENAME TO search_rows;
    CREATE UNIQUE INDEX search_rows_row ON search_rows (row);
    """,
    # 17: links and notes name the sealed version they were made on (a correction may reorder
    # or drop incidents); the rows from before get the record's latest sealed version
    """
    ALTER TABLE act_links ADD COLUMN a_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE act_links ADD COLUMN b_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE review_notes ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    UPDATE act_links SET
      a_version = ifnull((SELECT max(version) FROM sealed_versions WHERE record_id = a_record), 0),
      b_version = ifnull((SELECT max(version) FROM sealed_versions WHERE record_id = b_record), 0);
    UPDATE review_notes SET version = ifnull((SELECT max(s.version) FROM sealed_versions s
                                              WHERE s.record_id = review_notes.record_id), 0);
    """,
    # 18: a record sealed again after its hand-over is not 'exported' until the new version is
    # handed over (sealing clears exported_at since this version); a record corrected before
    # keeps it only if some bundle carried its latest sealed version (each export's audit
    # entry names the version hashes it carried); the list's counts again by BUILDS[18]
    """
    UPDATE records SET exported_at = NULL
    WHERE exported_at IS NOT NULL
      AND (SELECT s.version_hash FROM sealed_versions s WHERE s.record_id = records.id
           ORDER BY s.version DESC LIMIT 1)
          NOT IN (SELECT j.value FROM audit a, json_each(
                    CASE WHEN json_valid(a.detail) THEN a.detail ELSE '{}' END,
                    '$.version_hashes') j
                  WHERE a.action = 'exported');
    """,
    # 19: a page of search results reads its records' list columns from an index holding them
    # (covering), not from the table: each of its ~20 lookups reads one leaf of that index
    # instead of a leaf of the id's index and one of the table (intake/capture/listing.py)
    """
    CREATE INDEX records_by_id ON records (id, form_id, form_version, status, version,
        reference, pseudonym, interview_date, incident_count, created_at, updated_at,
        exported_at);
    """,
    # 20: a search index leaf fits in one database page. A page is 4,096 bytes less the 80
    # SQLCipher keeps for its IV and HMAC, and a row holds 3,981 bytes of it before the rest
    # goes to an overflow page: with FTS5's default leaf (4,050 bytes) every full leaf was two
    # page reads. Leaves written before stay as they are until the idle merging rewrites them.
    f"INSERT INTO search (search, rank) VALUES ('pgsz', {INDEX_LEAF});",
    # 21: the idle merging merges a level of the search index once it holds two segments
    # (FTS5's usermerge; 4 by default): fewer segments for a search to probe, and the merge of
    # every segment a tidy starts (intake/capture/tidy.py) is carried to its end by the idle
    # merging whatever is saved meanwhile (with 4, two or three segments saved on a lower
    # level left it waiting; started again instead, it never ended while saves kept coming)
    "INSERT INTO search (search, rank) VALUES ('usermerge', 2);",
    # 22: the record list's four covering indexes keep the newest entry last (list order read
    # backwards: LISTED_NEWEST_LAST), so a vault growing by new and saved records fills their
    # pages instead of leaving each half empty; built again by BUILDS[22]
    DROP_LIST_INDEXES,
    # 23: the list's tallies count each status x facets combination for every day at once
    # (side 'all', day ''; the sum of its 'latest' days): a count without dates read every
    # day's row, and a real archive's incidents fall on thousands of days. OR REPLACE: from
    # before 18, an earlier build's recount has written these rows already.
    """
    INSERT OR REPLACE INTO list_tallies (status, violation, province, side, day, n)
    SELECT status, violation, province, 'all', '', sum(n) FROM list_tallies
    WHERE side = 'latest' GROUP BY status, violation, province;
    """,
    # 24: ... and by month and by year on each side ('YYYY-MM', 'YYYY'): a count from a day
    # on sums at most 31 days, 11 months and the years after (intake/vault/tallies.py)
    """
    INSERT OR REPLACE INTO list_tallies (status, violation, province, side, day, n)
    SELECT status, violation, province, side || '-m', substr(day, 1, 7), sum(n) FROM
    list_tallies WHERE side IN ('latest', 'earliest') GROUP BY 1, 2, 3, side, 5;
    INSERT OR REPLACE INTO list_tallies (status, violation, province, side, day, n)
    SELECT status, violation, province, side || '-y', substr(day, 1, 4), sum(n) FROM
    list_tallies WHERE side IN ('latest', 'earliest') GROUP BY 1, 2, 3, side, 5;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


# Python run after the script that takes the schema to a version, in the same transaction
def _list_at_scale(conn: Any) -> None:
    tallies.recount(conn)  # facet_keys are written by 15
    _list_indexes(conn)


def _numbered_facets(conn: Any) -> None:
    tallies.rebuild(conn)
    _list_indexes(conn)


def _list_indexes(conn: Any, columns: str = LISTED_COLUMNS) -> None:
    for statement in split(LIST_INDEXES.format(columns=columns)):
        conn.execute(statement)


def _newest_last(conn: Any) -> None:
    _list_indexes(conn, LISTED_NEWEST_LAST)


BUILDS: dict[int, Callable[[Any], None]] = {
    14: _list_at_scale, 15: _numbered_facets, 18: tallies.recount, 22: _newest_last}


def split(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlcipher3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
