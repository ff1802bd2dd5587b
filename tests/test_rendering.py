"""Statements rendered in worker processes (a handover of several records): the same bytes as
rendered here, in order, and a bundle made that way verifies."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from intake.archive import verify
from intake.handover import export, recipients, rendering
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
        assert list(workers.rendered(statements)) == here  # same bytes, same order
    assert not multiprocessing.active_children()  # the workers are gone


def test_closing_early_stops_the_workers() -> None:
    statements = [make_statement(korean_narrative(2, seed=i)) for i in range(6)]
    with rendering.Workers(len(statements)) as workers:
        pdfs = workers.rendered(statements)
        assert next(pdfs).startswith(b"%PDF")
        pdfs.close()  # the rest is dropped
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
