"""The idle tidy (intake/capture/tidy.py): once the index rows written since the last tidy
reach a share of the records, the idle maintenance rebuilds each index on ``records`` and
merges the full-text index into one segment, a step at a time, and every answer stays the same.

Statements are seen on the vault's own connection (its trace callback); segments are counted
in FTS5's ``search_idx``, as in test_maintain.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake import vault as vaults
from intake.capture import listing, records, tidy
from intake.capture.filters import Filters
from tests.conftest import PASSPHRASE
from tests.records_data import FORM_ID, example, set_narrative

QUERIES = ("요덕", "노동단련대", "torture", "처음")


def _segments(v: vaults.Vault) -> int:
    return int(v.query("SELECT count(DISTINCT segid) FROM search_idx")[0][0])


def _state(v: vaults.Vault) -> str:
    rows = v.query("SELECT value FROM meta WHERE key = ?", (tidy.STATE,))
    return str(rows[0][0]) if rows else ""


def _rebuilt(v: vaults.Vault) -> list[str]:
    """Run the idle maintenance until nothing is left; the indexes REINDEXed on the way."""
    seen: list[str] = []
    v._conn.set_trace_callback(seen.append)  # type: ignore[union-attr]
    try:
        steps = 0
        while records.maintain(v, budget_pages=4):
            steps += 1
            assert steps < 2000
    finally:
        v._conn.set_trace_callback(None)  # type: ignore[union-attr]
    return [s.split('"')[1] for s in seen if s.startswith("REINDEX")]


def _answers(v: vaults.Vault) -> object:
    found = {q: sorted(r.record.id for r in listing.find(v, q)) for q in QUERIES}
    listed = [r.id for r in listing.list_records(v, Filters(), limit=50)]
    drafts = [r.id for r in listing.list_records(v, Filters(status="draft"), limit=50)]
    return found, listed, drafts


@pytest.fixture
def grown(vault: vaults.Vault, monkeypatch: pytest.MonkeyPatch) -> Iterator[vaults.Vault]:
    """A vault of 6 records whose drafts were saved 30 times (36 index rows written), with
    a tidy due after 20 rows (the bench's vaults measure it at the real threshold)."""
    monkeypatch.setattr(tidy, "AT_LEAST", 20)
    ids = [records.create(vault, FORM_ID, set_narrative(example(), f"노동단련대 {n}"))
           for n in range(5)]
    ids.append(records.create(vault, FORM_ID, set_narrative(example(), "요덕 관리소 처음")))
    for i in range(30):
        text = f"요덕 관리소 고침 {i} torture"
        records.save_draft(vault, ids[5 if i % 2 else i % 5], set_narrative(example(), text))
    yield vault


def test_a_due_tidy_rebuilds_each_record_index_once_and_leaves_one_search_segment(
    grown: vaults.Vault,
) -> None:
    before = _answers(grown)
    assert _segments(grown) > 1
    with grown.transaction() as c:
        indexes = tidy.relaid(c)
    assert {"records_list", "records_by_id", "records_drafts"} <= set(indexes)

    assert _rebuilt(grown) == indexes
    assert _segments(grown) == 1
    assert _answers(grown) == before
    with grown.transaction() as c:
        c.execute("INSERT INTO search (search) VALUES ('integrity-check')")
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert records.maintain(grown) is False  # done: nothing due until more is written


def test_the_next_tidy_waits_for_the_share_of_rows_written_since(grown: vaults.Vault) -> None:
    _rebuilt(grown)
    newest = grown.query("SELECT record_id FROM search_rows ORDER BY row DESC LIMIT 1")[0][0]
    other = next(r.id for r in listing.list_records(grown, Filters()) if r.id != newest)
    two = [other, newest]  # the first save is of a record not holding the newest row
    for i in range(tidy.AT_LEAST - 1):  # two records in turn: each save a new index row
        records.save_draft(grown, two[i % 2], set_narrative(example(), f"다시 {i}"))
    for _ in range(5):  # the newest row saved again keeps its number: not counted
        records.save_draft(grown, two[0], set_narrative(example(), "다시 또"))
    assert _rebuilt(grown) == []  # 19 rows: the saves' segments merged, no tidy
    records.save_draft(grown, two[1], set_narrative(example(), "스무 번째"))
    assert len(_rebuilt(grown)) == len(tidy.relaid(grown._conn))
    assert _segments(grown) == 1


def test_a_tidy_cut_by_a_lock_goes_on_after_the_next_unlock(grown: vaults.Vault) -> None:
    before = _answers(grown)
    seen: list[str] = []
    grown._conn.set_trace_callback(seen.append)  # type: ignore[union-attr]
    for _ in range(3):  # the saves' own merging, then the first of the tidy's steps
        records.maintain(grown, budget_pages=1000)
    first = [s.split('"')[1] for s in seen if s.startswith("REINDEX")]
    assert first  # the tidy began
    rid = before[1][0]  # type: ignore[index]
    records.save_draft(grown, rid, set_narrative(example(), "요덕 관리소 처음 사이"))
    path = grown.path
    grown.lock()

    again = vaults.Vault.open(path, PASSPHRASE)
    try:
        rest = _rebuilt(again)
        with again.transaction() as c:
            assert first + rest == tidy.relaid(c)  # each index once, in order, across the lock
        assert _segments(again) == 1
        found = {q: sorted(r.record.id for r in listing.find(again, q)) for q in QUERIES}
        assert rid in found["처음"] and rid in found["요덕"]
    finally:
        again.lock()


def test_above_the_limit_no_index_is_rebuilt_and_the_search_index_is_still_merged(
    grown: vaults.Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tidy, "RELAY_MAX", 5)  # 6 records: one too many to rebuild at idle
    before = _answers(grown)
    assert _rebuilt(grown) == []
    assert _segments(grown) == 1
    assert _answers(grown) == before


def test_a_tidy_ends_while_a_save_comes_between_every_two_steps(grown: vaults.Vault) -> None:
    """A merge of every segment started again at each new segment never ended while saves
    kept coming (measured: 20,000 steps at 10,000 records, a save every 5); the idle merging
    carries the one the tidy started to its end (migration 21: a level merged at two)."""
    assert grown.query("SELECT v FROM search_config WHERE k = 'usermerge'") == [(2,)]
    ids = [r.id for r in listing.list_records(grown, Filters(), limit=6)]
    for n, rid in enumerate(ids):  # ~12,000 words: an index of ~40 leaves to merge
        words = " ".join(f"w{n}x{k}" for k in range(2000))
        records.save_draft(grown, rid, set_narrative(example(), f"노동단련대 {words}"))
    two = ids[:2]
    relaid = len(tidy.relaid(grown._conn))
    steps = saves = 0
    while records.maintain(grown, budget_pages=4):
        steps += 1
        assert steps < 400
        state = json.loads(_state(grown) or "{}")
        if state.get("next") == relaid:  # the indexes rebuilt, the merge next or under way:
            text = set_narrative(example(), f"사이 {saves}")  # a save between every two steps
            records.save_draft(grown, two[saves % 2], text)
            saves += 1
    assert saves >= 5
    assert "done" in _state(grown) and "folding" not in _state(grown)
    # the segments left: the one the tidy's merge wrote and the saves' own, a level each
    assert _segments(grown) <= 1 + saves.bit_length()
    assert sorted(r.record.id for r in listing.find(grown, "사이")) == sorted(two)
    with grown.transaction() as c:
        c.execute("INSERT INTO search (search) VALUES ('integrity-check')")


def test_intake_maintain_runs_the_idle_work_and_a_due_tidy_to_its_end(
    tmp_path: Path, passphrase_file: Path
) -> None:
    """A legal team that imports from the command line gets the same upkeep as the app's
    idle time: `intake maintain` merges the saves' segments and does a due tidy."""
    from tests.cli_run import intake
    from tests.conftest import make_vault

    v: vaults.Vault = make_vault(tmp_path / "vault")  # type: ignore[assignment]
    ids = [records.create(v, FORM_ID, set_narrative(example(), f"노동 {n}")) for n in range(3)]
    for i in range(12):
        records.save_draft(v, ids[i % 3], set_narrative(example(), f"요덕 {i}"))
    found = sorted(r.record.id for r in listing.find(v, "요덕"))
    assert _segments(v) > 1
    with v.transaction() as c:  # a tidy due: as many rows written since as AT_LEAST asks
        c.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                  (tidy.STATE, json.dumps({"done": -tidy.AT_LEAST})))
    v.lock()

    common = ["--vault", tmp_path / "vault", "--passphrase-file", passphrase_file]
    r = intake("maintain", *common)
    assert r.returncode == 0, r.stderr
    assert "nothing is left" in r.stdout
    steps = int(r.stdout.split("maintained: ")[1].split()[0])
    again = vaults.Vault.open(tmp_path / "vault", PASSPHRASE)
    try:
        with again.transaction() as c:
            assert steps > len(tidy.relaid(c))  # each index rebuilt, then the merge
        assert _segments(again) == 1
        assert json.loads(_state(again)) == {"done": 15}  # the newest row when it began
        assert sorted(r.record.id for r in listing.find(again, "요덕")) == found
    finally:
        again.lock()
    r = intake("maintain", *common)
    assert r.returncode == 0 and "maintained: 0 steps" in r.stdout
