"""The record list's table and indexes at scale, as migrations 14, 15 and 22 made them: their
statements (``intake.vault.schema`` holds the history and the builds run after them;
``tallies`` keeps the counts)."""

from __future__ import annotations

# Migration 14: the record list at any size (intake/vault/tallies.py keeps what it adds).
# every column the record list shows or filters on, in list order (a covering index)
_LISTED = (
    "status, version, exported_at, earliest, latest, facet_keys, form_id, form_version,"
    " reference, pseudonym, interview_date, incident_count, created_at"
)
LISTED_COLUMNS = f"(updated_at DESC, id, {_LISTED})"  # as migrations 14 and 15 built them
# Migration 22: the same order read backwards, so the newest entry is the last one: SQLite
# appends at the right edge of a B-tree into a new page and leaves the full ones full, while
# an entry put before all others splits a page in two (DESC: leaves measured 47 % full)
LISTED_NEWEST_LAST = f"(updated_at, id DESC, {_LISTED})"
LIST_AT_SCALE = """
    CREATE TABLE list_tallies (
        status TEXT NOT NULL,
        violation TEXT NOT NULL,
        province TEXT NOT NULL,
        side TEXT NOT NULL,
        day TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (status, violation, province, side, day)
    ) WITHOUT ROWID;
    ALTER TABLE records ADD COLUMN facet_keys TEXT NOT NULL DEFAULT '';
"""
# created after tallies.rebuild has set every facet_keys (each record written once, not
# once per index)
LIST_INDEXES = """
    DROP INDEX IF EXISTS records_recent;
    CREATE INDEX records_list ON records {columns};
    CREATE INDEX records_sealed ON records {columns}
        WHERE (status = 'sealed' OR (status = 'draft' AND version > 1));
    CREATE INDEX records_drafts ON records {columns} WHERE status = 'draft';
    CREATE INDEX records_exported ON records {columns} WHERE exported_at IS NOT NULL;
"""
DROP_LIST_INDEXES = """
    DROP INDEX records_list;
    DROP INDEX records_sealed;
    DROP INDEX records_drafts;
    DROP INDEX records_exported;
"""
