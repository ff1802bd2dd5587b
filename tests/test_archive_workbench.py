"""The reviewer's workbench on an archive of three interviewers (one not pinned): facilities as
entities (spellings proposed, merged by the reviewer, counted once), core and CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake.archive import acts, entities, patterns
from intake.errors import UsageError
from intake.vault import Vault, audit
from tests.cli_run import intake
from tests.conftest import PASSPHRASE
from tests.test_archive import read_csv
from tests.workbench_data import CHONGORI, YODOK_A, YODOK_B, YODOK_C, Workbench, build_workbench

A, B, C = (entities.spelling_key(s) for s in (YODOK_A, YODOK_B, YODOK_C))


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    wb = build_workbench(tmp_path_factory.mktemp("workbench"))
    yield wb
    if not wb.archive.locked:
        wb.archive.lock()


def reopen(wb: Workbench) -> Vault:
    """The archive opened again (after the command line used it)."""
    wb.archive = Vault.open(wb.archive.path, PASSPHRASE)
    return wb.archive


def audit_log(v: Vault) -> list[audit.Entry]:
    with v.transaction() as c:
        return audit.entries(c)


def _facility_counts(v: Vault, **kw: bool) -> dict[str, tuple[int, int]]:
    return {f.entity_id: (f.testimonies, f.acts) for f in patterns.stats(v, **kw).facilities}


def test_normaliser_meets_korean_and_romanised_spellings() -> None:
    n = entities.normalise
    assert entities.likeness(n(YODOK_A), n(YODOK_B)) == 1.0
    assert entities.likeness(n(YODOK_A), n(YODOK_C)) >= entities.THRESHOLD
    assert entities.likeness(n("Yodŏk"), n("요덕수용소")) >= entities.THRESHOLD  # MR vs Hangul
    assert entities.likeness(n(YODOK_A), n("14호 관리소 (개천)")) == 0.0  # another camp
    assert entities.likeness(n(YODOK_A), n("15호 교화소")) == 0.0  # another kind, same number
    assert entities.likeness(n("온성군 보위부"), n("Onsong Bowibu")) >= entities.THRESHOLD
    assert entities.likeness(n("온성군 보위부"), n("온성 안전부")) == 0.0  # MSS is not MSOS
    assert entities.likeness(n(YODOK_A), n(CHONGORI)) == 0.0


def test_two_spellings_are_proposed_merged_and_counted_once(
        bench: Workbench, tmp_path: Path, passphrase_file: Path) -> None:
    v = bench.archive
    everything = acts.acts(v, include_unpinned=True)
    proposed = entities.proposals(v, "facility", everything)
    found = {frozenset((p.spelling, p.target)) for p in proposed}
    assert len(found) == len(proposed)  # each pair once
    assert {frozenset(p) for p in ((A, B), (A, C), (B, C), (A, "kp-kwanliso-15"))} <= found
    chongori = entities.spelling_key(CHONGORI)
    assert frozenset((chongori, "kp-kyohwaso-12")) in found  # the gazetteer's Chongori prison
    assert not any(chongori in pair and pair & {A, B, C} for pair in found)
    # Nothing is merged by itself: the pinned spellings count apart until the reviewer acts.
    before = _facility_counts(v)
    assert before[A] == (1, 1) and before[B] == (1, 1)
    assert C not in before  # C's key is not pinned

    common = ("--vault", v.path, "--passphrase-file", passphrase_file)
    v.lock()
    r = intake("archive", "entities", "--json", *common)
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    assert {"spelling": B, "target": A} in [
        {k: p[k] for k in ("spelling", "target")} for p in listed["proposals"]]
    r = intake("archive", "merge", "facility", B, A, *common)
    assert r.returncode == 0, r.stderr
    r = intake("archive", "merge", "facility", A, B, *common)  # would make a cycle
    assert r.returncode != 0 and "merge the other way" in r.stderr
    r = intake("archive", "stats", "--json", *common)
    facilities = json.loads(r.stdout)["facilities"]
    yodok = [f for f in facilities if f["facility_type"] == "kwanliso"]
    assert [(f["entity_id"], f["testimonies"], f["acts"], f["name_ko"]) for f in yodok] == [
        (A, 2, 2, YODOK_A)]
    out = tmp_path / "incidents.csv"
    r = intake("archive", "export-csv", "--out", out, *common)
    assert r.returncode == 0, r.stderr
    rows = read_csv(out)
    at_yodok = [row for row in rows if row["facility_type"] == "kwanliso"]
    assert {row["place_name_ko"] for row in at_yodok} == {YODOK_A, YODOK_B}  # as written
    assert {(row["facility_entity"], row["facility_entity_ko"]) for row in at_yodok} == {
        (A, YODOK_A)}
    assert len({row["facility_entity"] for row in rows}) == 2  # Yodok and Chongori
    v = reopen(bench)

    entries = [e for e in audit_log(v) if e.action == "entity merged"]
    assert entries[-1].detail == {"kind": "facility", "spelling": B, "into": A, "before": ""}
    left = {frozenset((p.spelling, p.target))
            for p in entities.proposals(v, "facility", everything)}
    assert frozenset((A, B)) not in left and frozenset((B, C)) not in left  # B is settled
    # C, once included, is its own entity until merged into the gazetteer's camp with A.
    assert _facility_counts(v, include_unpinned=True)[C] == (1, 1)
    entities.merge(v, "facility", A, "kp-kwanliso-15")
    entities.merge(v, "facility", C, "kp-kwanliso-15")
    counts = _facility_counts(v, include_unpinned=True)
    assert counts["kp-kwanliso-15"] == (3, 3) and A not in counts and C not in counts
    assert _facility_counts(v)["kp-kwanliso-15"] == (2, 2)
    entities.unmerge(v, "facility", C)
    assert _facility_counts(v, include_unpinned=True)[C] == (1, 1)
    entities.keep_apart(v, "facility", C, "kp-kwanliso-15")
    left = {frozenset((p.spelling, p.target))
            for p in entities.proposals(v, "facility", everything)}
    assert frozenset((C, "kp-kwanliso-15")) not in left
    actions = [e.action for e in audit_log(v)][-4:]
    assert actions == ["entity merged", "entity merged", "entity unmerged",
                       "entities kept apart"]
    with pytest.raises(UsageError, match="gazetteer entity"):
        entities.merge(v, "facility", "kp-kwanliso-15", A)
