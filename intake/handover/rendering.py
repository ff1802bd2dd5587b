"""Statements laid out in worker processes, for a handover of several records.

Laying out a statement (reportlab, pure Python) is most of a handover's time, and one
process uses one core. :class:`Workers` hands the neutral :class:`Statement` models to two
worker processes through pipes and gets the PDF bytes back the same way: nothing goes to
disk, and the signing key never leaves this process, which makes each PDF PDF/A and signs it
as it comes back (:func:`intake.handover.statement.sign_rendered`). The workers are spawned,
not forked: each starts from nothing and holds no copy of the vault, its keys or this
process's threads. They start (the interpreter, reportlab, the fonts) while the records are
planned; a frozen build spawns its own executable (``multiprocessing.freeze_support`` in
packaging/frozen_main.py). A handover of few records renders here.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType

from intake import platform
from intake.handover import layout
from intake.handover.layout import render_statement
from intake.handover.model import Statement

#: Fewer statements than this are rendered in this process (a worker takes about a second
#: to start: the interpreter, reportlab and the fonts).
MIN_PARALLEL = 4
WORKERS = 2


def render(st: Statement) -> bytes:
    """``st`` laid out as a PDF (not yet PDF/A, not signed)."""
    out = io.BytesIO()
    render_statement(st, out)
    return out.getvalue()


def _start_worker() -> None:
    """Each worker, first: no core dump (it holds testimony in memory, like this process),
    then what it loads once: reportlab and the fonts."""
    from intake.handover.layout import register_fonts

    platform.harden_process()
    register_fonts()


def in_workers(count: int) -> bool:
    """Whether ``count`` statements are rendered in worker processes."""
    return count >= MIN_PARALLEL and (os.cpu_count() or 1) >= 2


class Workers:
    """The statement workers of one handover of ``count`` records (none when rendering here
    is cheaper); started at once, stopped on leaving the ``with`` block."""

    def __init__(self, count: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if in_workers(count):
            self._pool = ProcessPoolExecutor(
                WORKERS, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
            for _ in range(WORKERS):
                self._pool.submit(int)  # start both now, while the records are planned

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        layout.forget()  # what a statement rendered here kept (the workers' ends with them)

    def submit(self, st: Statement) -> Callable[[], bytes]:
        """Start laying out ``st`` (in a worker, when there are workers); call what is returned
        for its PDF. What is still queued when the workers stop (an error, a cancel) is
        dropped. Here, with no workers, the layout is done when the PDF is asked for."""
        if self._pool is None:
            return functools.partial(render, st)
        return self._pool.submit(render, st).result
