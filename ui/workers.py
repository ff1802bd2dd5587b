"""Long work off the GUI thread.

The core takes plain ``progress(done, total)`` and ``cancel()`` callables; a
``Task`` runs a core function on a worker thread, re-emits progress as a Qt
signal and delivers the result or the exception back on the GUI thread.
Workers never touch widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Task(QObject):
    """Run ``fn(*args, progress=…, cancel=…, **kwargs)`` (or without those) in the pool.

    Signals arrive on the thread that owns the Task (the GUI thread).
    """

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        with_progress: bool = False,
        parent: QObject | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(parent)
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._with_progress = with_progress
        self._cancelled = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def start(self) -> Task:
        task = self

        class _Runnable(QRunnable):
            def run(self) -> None:
                task._run()

        self._runnable = _Runnable()
        self._runnable.setAutoDelete(False)
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def _run(self) -> None:
        kwargs = dict(self._kwargs)
        if self._with_progress:
            kwargs["progress"] = lambda done, total: self.progress.emit(int(done), int(total))
            kwargs["cancel"] = self._cancelled.is_set
        try:
            result = self._fn(*self._args, **kwargs)
        except BaseException as e:  # delivered to the GUI, which maps it to a message
            self._deliver(self.failed, e)
            return
        self._deliver(self.finished, result)

    def _deliver(self, signal: Any, value: object) -> None:
        self.done.set()
        try:
            signal.emit(value)
        except RuntimeError:  # the Task's owner (a view) was deleted meanwhile: nobody waits
            pass


def wait_all(timeout_ms: int = 30_000) -> bool:
    """Join the pool's workers (at shutdown)."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))
