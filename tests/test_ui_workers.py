"""Workers never run Python's cycle collector: a collection on a worker thread would destroy
unreachable Qt wrappers off the GUI thread (seen as crashes in the hand-over wizard and the
screenshot child). Once a Task has started, every collection happens on the GUI thread."""

from __future__ import annotations

import gc
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot

from ui.workers import Collector, Task


def _make_cycles(n: int) -> int:
    for _ in range(n):
        a: list[object] = []
        a.append(a)
    return n


def test_garbage_is_collected_on_the_gui_thread_only(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    threads: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.get_ident())

    gc.callbacks.append(seen)
    try:
        task = Task(_make_cycles, 200_000)
        with qtbot.waitSignal(task.finished, timeout=60_000):
            task.start()
        assert not gc.isenabled()
        qtbot.waitUntil(lambda: bool(threads), timeout=10_000)  # the GUI thread's timer
    finally:
        gc.callbacks.remove(seen)
    assert threads and set(threads) == {gui}


def test_the_collector_is_installed_once() -> None:
    Collector.install()
    Collector.install()
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    assert app is not None
    assert len(app.findChildren(Collector)) == 1
