"""Statements rendered in worker processes (a handover of several records): the same bytes as
rendered here, in order, a bundle made that way verifies, and a refusal still writes nothing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from intake.archive import verify
from intake.capture import records
from intake.errors import ConsentRefused
from intake.handover import export, recipients, rendering
from intake.vault import audit
from tests.conftest import make_vault
from tests.test_bundle import keypair, sealed_record
from tests.test_statement import korean_narrative, make_statement


def test_statements_rendered_in_workers_are_the_ones_rendered_here() -> None:
    statements = [make_statement(korean_narrative(3 + i, seed=i)) for i in range(5)]
    assert rendering.in_workers(len(statements))
    here = [rendering.render(st) for st in statements]
    assert len(set(here)) == len(here)  # five different statements
    assert not multiprocessing.active_children()
    with rendering.Workers(len(statements)) as workers:
        assert multiprocessing.active_children()  # started before the first statement
        pending = [workers.submit(st) for st in statements]
        assert [pdf() for pdf in pending] == here  # same bytes, same order
    assert not multiprocessing.active_children()  # the workers are gone


def test_leaving_early_stops_the_workers() -> None:
    statements = [make_statement(korean_narrative(2, seed=i)) for i in range(6)]
    with pytest.raises(KeyError), rendering.Workers(len(statements)) as workers:
        pending = [workers.submit(st) for st in statements]
        assert pending[0]().startswith(b"%PDF")
        raise KeyError("an error while the rest is queued")  # the rest is dropped
    assert not multiprocessing.active_children()


def test_a_handover_rendered_in_workers_verifies(tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    ids = [sealed_record(v) for _ in range(rendering.MIN_PARALLEL)]
    result = export.export_bundle(v, ids, ["archive"], tmp_path / "b.age")
    v.lock()
    assert sorted(result.records) == sorted(ids)
    report = verify.verify(tmp_path / "b.age", key.read_text())
    assert report.ok, report.problems
    assert len(report.records) == rendering.MIN_PARALLEL


def test_the_workers_cannot_leave_a_core_dump() -> None:
    """A worker holds testimony in memory like the app: it is hardened before its first job."""
    import resource

    from intake import platform

    with rendering.Workers(rendering.MIN_PARALLEL) as workers:
        assert workers._pool is not None
        pool = workers._pool
        limits = {pool.submit(resource.getrlimit, resource.RLIMIT_CORE).result() for _ in range(6)}
        dumpable = {pool.submit(platform.dumpable).result() for _ in range(6)}
    assert limits == {(0, 0)}
    assert dumpable == {False}


def test_a_refusal_after_statements_went_to_the_workers_writes_nothing(tmp_path: Path) -> None:
    """Statements go to the workers as each record passes its checks; the last record's
    refusal still comes before anything is written, and the workers are gone after it."""
    v = make_vault(tmp_path / "vault")
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    ids = [sealed_record(v) for _ in range(rendering.MIN_PARALLEL)]
    records.correct(v, ids[-1])
    doc = records.draft(v, ids[-1])
    doc["consent"]["withdrawn"] = "yes"
    doc["consent"]["withdrawal_date"] = "2026-04-01"
    records.save_draft(v, ids[-1], doc)
    records.seal_record(v, ids[-1])
    with v.transaction() as c:
        before = audit.entries(c)
    with pytest.raises(ConsentRefused) as err:
        export.export_bundle(v, ids, ["archive"], tmp_path / "b.age")
    assert ids[-1] in str(err.value) and "withdrawn" in str(err.value)
    assert not multiprocessing.active_children()
    assert not (tmp_path / "b.age").exists()
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name] == []
    with v.transaction() as c:
        assert audit.entries(c) == before
    assert all(records.get(v, rid).exported_at is None for rid in ids)
