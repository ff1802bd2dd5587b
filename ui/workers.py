"""Long work off the GUI thread.

The core takes plain ``progress(done, total)`` and ``cancel()`` callables; a
``Task`` runs a core function on a worker thread, re-emits progress as a Qt
signal and delivers the result or the exception back on the GUI thread, where
``ui.errors.message`` puts it into words. Every failure is noted there by its code
(``ui.errors.note``: never its text), shown or not. Workers never touch widgets.

Python's cycle collector runs on whichever thread happens to allocate, and a collection on a
worker destroys unreachable Qt wrappers (a dropped dialog, a removed field) off the GUI thread,
which crashes Qt. So every Task holds automatic collection off from its start on the GUI
thread to its very end on the worker (counted: it comes back on when the last one ends);
plain data goes in and out, never a Qt object. (Only the editor's tasks held it at first; a
dialog's task collecting a language switch's dropped widgets crashed a full test run.)
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ui import errors


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
        self.done = threading.Event()  # set once ``result`` or ``error`` holds the outcome
        self.result: object = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def start(self) -> Task:
        self._runnable = _Runnable(self)  # (a class made here each time cost ~9 ms of GUI time)
        self._runnable.setAutoDelete(False)
        _hold_collection()
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def _run(self) -> None:
        try:
            kwargs = dict(self._kwargs)
            if self._with_progress:
                kwargs["progress"] = lambda done, total: self.progress.emit(int(done), int(total))
                kwargs["cancel"] = self._cancelled.is_set
            try:
                self.result = self._fn(*self._args, **kwargs)
            except BaseException as e:  # delivered to the GUI, which words it with ui.errors
                self.error = e
                errors.note(e)
                self._deliver(self.failed, e)
                return
            self._deliver(self.finished, self.result)
        finally:
            _release_collection()  # the last thing this worker does

    def _deliver(self, signal: Any, value: object) -> None:
        self.done.set()
        try:
            signal.emit(value)
        except RuntimeError:  # the Task's owner (a view) was deleted meanwhile: nobody waits
            pass


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()


_held = 0
_was_enabled = False
_held_lock = threading.Lock()


def _hold_collection() -> None:
    global _held, _was_enabled
    with _held_lock:
        if _held == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _held += 1


def _release_collection() -> None:
    global _held
    with _held_lock:
        _held -= 1
        if _held == 0 and _was_enabled:
            gc.enable()


def wait_all(timeout_ms: int = 30_000) -> bool:
    """Join the pool's workers (at shutdown)."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))
