"""records.maintain: the index merging and WAL checkpoint kept out of autosave (migration 6).

Saves leave one full-text segment each (FTS5's automerge is off); maintain merges them
step by step until nothing is left to do, and search finds the same records before and after.
"""

from __future__ import annotations

from intake import vault
from intake.capture import listing, records
from tests.records_data import FORM_ID, example, set_narrative


def _segments(v: vault.Vault) -> int:
    return int(v.query("SELECT count(DISTINCT segid) FROM search_idx")[0][0])


def test_automerge_is_off_after_the_migration(vault: vault.Vault) -> None:
    rows = vault.query("SELECT v FROM search_config WHERE k = 'automerge'")
    assert rows == [(0,)]


def test_saves_leave_segments_that_maintain_merges(vault: vault.Vault) -> None:
    rid = records.create(vault, FORM_ID, set_narrative(example(), "요덕 관리소 처음"))
    others = [
        records.create(vault, FORM_ID, set_narrative(example(), f"노동단련대 {n}")) for n in (1, 2)
    ]
    for i in range(10):  # 13 writes: below FTS5's crisis merge (16 segments on one level)
        records.save_draft(vault, rid, set_narrative(example(), f"요덕 관리소 고침 {i} torture"))
    before = _segments(vault)
    assert before == 13  # one per write: nothing merged them inside the saves
    queries = ("요덕", "노동단련대", "torture", "처음")
    found = {q: sorted(r.record.id for r in listing.find(vault, q)) for q in queries}

    steps = 0
    while records.maintain(vault, budget_pages=4):
        steps += 1
        assert steps < 500
    assert steps >= 1
    after = _segments(vault)
    assert after < before and after <= 4
    assert {q: sorted(r.record.id for r in listing.find(vault, q)) for q in found} == found
    assert found["요덕"] == [rid] and found["처음"] == [] and found["노동단련대"] == sorted(others)
    with vault.transaction() as c:
        c.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    assert records.maintain(vault) is False  # nothing left: a no-op


def test_maintain_checkpoints_the_wal(vault: vault.Vault) -> None:
    rid = records.create(vault, FORM_ID, example())
    records.save_draft(vault, rid, set_narrative(example(), "강제송환"))
    wal = vault.path / "vault.db-wal"
    db_file = vault.path / "vault.db"
    size_before = db_file.stat().st_size
    assert wal.stat().st_size > 0
    records.maintain(vault)
    # the saved pages were copied from the WAL into the database file
    assert db_file.stat().st_size > size_before
