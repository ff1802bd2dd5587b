"""The editor on a large vault: a scripted editing session, the event loop measured.

A child process (``python -m bench.editor MODE``, arguments as JSON on stdin) unlocks a bench
vault, opens one of its drafts in the real editor (Qt offscreen) at its incidents (the
largest section: several incidents of one to three acts) and plays a script from the event
loop itself: going to a question, typing into it key by key (ASCII as key events, Korean
committed by the input method a syllable at a time, about 15 characters a second), leaving
it with Tab (which saves), Ctrl+S now and then, and pauses in which the autosave timer and
the index maintenance run. A 10 ms timer ticks on the GUI thread meanwhile; how much later
than due a tick comes is that moment's stall. Reported: the worst stall and the 99th
percentile of the per-tick stalls, against 16 ms (a frame at 60 Hz), and the GUI thread's
own CPU time between two ticks (the work; the rest of a stall is waiting for a core).
``BENCH_EDITOR_QUESTIONS=n`` plays only the first n questions (a quick look).

The session changes section twice (Ctrl+PgUp to the statement and Ctrl+PgDown back to
the incidents, each page already shown once). Changing section is also measured apart,
after the session, as the GUI thread's CPU time from the switch until the event loop is
idle (Qt showing the page: its layout and painting): the slowest switch to a page shown
before, and the slowest first show of a page in an editor just opened (the incidents: a
page of thousands of widgets), once after the editor's idle turns have shown its pages
ahead (out of sight, a few questions a turn) and once in another editor right after
opening, before any idle turn.

The baselines, in the same run: the same session with the work on the GUI thread as the
editor did it before (each save through ``flush``, each maintenance step in a GUI timer),
and the idle floor (the editor open, nothing typed, the same meter).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench import vaults
from bench.measure import Figure, percentile, settle

TICK_MS = 10
TARGET_S = 0.016
MODES = ("workers", "gui-thread", "idle")
# (question, text typed into it): the script goes through them twice
SCRIPT = (
    ("incidents[0].title", " at the border"),
    ("incidents[0].description", " 그날 밤 보위원이 다시 왔습니다."),
    ("incidents[1].title", " and after"),
    ("incidents[0].acts[0].consequences", " He could not walk for a week."),
    ("incidents[1].description", " 저는 그 뒤로 가족의 소식을 듣지 못했습니다."),
)
CHAR_MS = 66  # a fast typist: 15 characters a second
PAUSE_MS = 4_500  # after each question: the autosave (2 s) and a few maintenance steps
TO = "incidents"  # where the session is: Ctrl+PgUp goes to the statement, Ctrl+PgDown back


def rows(path: Path, n: int) -> list[Figure]:
    """The editing session at ``n`` records, its baseline and the idle floor."""
    got = {mode: _child(mode, path, draft=10 * (i + 1)) for i, mode in enumerate(MODES)}
    ours, before, idle = got["workers"], got["gui-thread"], got["idle"]
    label = f"editing session, {n:,} records"
    baseline = "same session, work on the GUI thread"
    note = (
        f"{ours['seconds']:.0f} s, {ours['saves']} saves and {ours['steps']} maintenance steps"
        f" on workers ({ours['on_gui']} on the GUI thread); idle floor: worst"
        f" {idle['worst_ms']:.1f} ms, p99 {idle['p99_ms']:.1f} ms"
    )
    heavy_at = "; ".join(f"{w[0]:.1f} ms at {w[2]}" for w in ours["heavy"][:4])
    worst_at = "; ".join(f"{w[0]:.0f} ms ({w[1]:.1f} ms CPU) at {w[2]}" for w in ours["worst"][:3])
    figures = []
    for name, key, what in (
        ("event-loop stall, worst", "worst_ms", note),
        ("event-loop stall, p99", "p99_ms", f"of {ours['ticks']} ticks; worst: {worst_at}"),
        (
            "GUI thread's own work between two ticks, worst",
            "busy_worst_ms",
            f"CPU time of the GUI thread (the rest of a stall is waiting for a core); p99"
            f" {ours['busy_p99_ms']:.1f} ms, before {before['busy_p99_ms']:.1f} ms; heaviest:"
            f" {heavy_at}",
        ),
    ):
        value = ours[key] / 1000
        figures.append(
            Figure(
                f"{label}: {name}",
                value,
                baseline=baseline,
                baseline_value=before[key] / 1000,
                target="< 16 ms",
                met=value < TARGET_S,
                note=what,
                runs=ours["ticks"],
            )
        )
    for name, key, what in (
        ("changing section, the slowest", "section", "to a page shown before"),
        (
            "changing section, a page's first show",
            "first",
            "in an editor just opened, after its idle turns (its pages shown ahead, out of"
            f" sight); right after opening, before any: {ours['cold_ms']:.1f} ms"
            f" ({ours['cold']})",
        ),
    ):
        value = ours[f"{key}_ms"] / 1000
        figures.append(
            Figure(
                f"{label}: {name} ({ours[key]})",
                value,
                baseline=baseline,
                baseline_value=before[f"{key}_ms"] / 1000,
                target="< 16 ms",
                met=value < TARGET_S,
                note=f"GUI thread's CPU from the switch until the event loop is idle, {what}"
                " (Qt's show, layout and painting of the page), apart from the session",
            )
        )
    return figures


def _child(mode: str, path: Path, draft: int) -> dict[str, Any]:
    settle()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = {"vault": str(path), "passphrase": vaults.PASSPHRASE.decode(), "draft": draft}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.editor", mode],
        input=json.dumps(args).encode(),
        capture_output=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench editor {mode} failed:\n{proc.stderr.decode(errors='replace')}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# -- in the child ---------------------------------------------------------------------------


def _session(mode: str, args: dict[str, Any]) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from intake.capture import records
    from intake.vault import Vault
    from ui import autosave
    from ui.editor import RecordEditor

    if mode == "gui-thread":  # the editor as it was: saves and maintenance in the GUI thread
        RecordEditor.autosave = RecordEditor.flush  # type: ignore[assignment, method-assign]

        def step_here(self: autosave.Maintainer) -> None:
            if self._quiet():
                if records.maintain(self.vault):
                    self.timer.start(autosave.MAINTAIN_MS)

        autosave.Maintainer._step = step_here  # type: ignore[method-assign]

    app = QApplication.instance() or QApplication([])
    vault = Vault.open(Path(args["vault"]), args["passphrase"].encode())
    while records.maintain(vault):  # what the idle editor did since the vault was built
        pass
    rid = vaults.record_id(int(args["draft"]))
    assert vaults.is_draft(int(args["draft"]))
    editor = RecordEditor(vault, rid, lang="en")
    editor.resize(1280, 800)
    editor.show()
    editor.activateWindow()
    editor.set_section(TO)
    for _ in range(50):
        app.processEvents()
    gui = threading.get_ident()
    work: dict[str, int] = {"save": 0, "maintain": 0, "on_gui": 0}

    def seen(what: str, thread: int) -> None:
        work[what] += 1
        work["on_gui"] += thread == gui

    autosave.observers.append(seen)
    stalls: list[float] = []
    busy: list[float] = []  # CPU time of the GUI thread between two ticks, beyond the tick's
    worst: list[tuple[float, float, str]] = []  # (stall, its CPU, what ran meanwhile)
    ran: list[str] = []
    heavy: list[tuple[float, float, str]] = []  # (CPU, stall, what ran meanwhile): > 4 ms
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    last = [0, 0]

    def tick() -> None:
        now, cpu = clock.nsecsElapsed(), time.thread_time_ns()
        stall = max(0.0, (now - last[0]) / 1e6 - TICK_MS)
        used = (cpu - last[1]) / 1e6
        stalls.append(stall)
        busy.append(used)
        if stall > TARGET_S * 1000:
            worst.append((stall, used, ", ".join(ran) or "(between steps)"))
        if used > 4:
            heavy.append((used, stall, ", ".join(ran) or "(between steps)"))
        ran.clear()
        last[0], last[1] = now, time.thread_time_ns()

    ticker.timeout.connect(tick)
    editor.saved.connect(lambda: ran.append("save landed"))
    editor.slices._timer.timeout.connect(lambda: ran.append("a save's result, a slice"))
    editor._timer.timeout.connect(lambda: ran.append("autosave timer"))
    editor.maintainer.timer.timeout.connect(lambda: ran.append("maintenance timer"))
    steps: list[tuple[int, str, Any]] = []  # (delay before, label, action)

    def type_into(path: str, text: str) -> None:
        steps.append((300, f"go to {path}", lambda: editor.goto(path)))
        steps.append((100, "Ctrl+End", lambda: QTest.keyClick(_focus(), Qt.Key.Key_End, ctrl)))
        for ch in text:
            if ch.isascii():
                steps.append((CHAR_MS, "key", lambda ch=ch: QTest.keyClicks(_focus(), ch)))
            else:
                steps.append((CHAR_MS, "Hangul", lambda ch=ch: _commit(ch)))
        steps.append((CHAR_MS, "Tab", lambda: QTest.keyClick(_focus(), Qt.Key.Key_Tab)))

    def _focus() -> QWidget:
        return QApplication.focusWidget() or editor

    def _commit(text: str) -> None:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QCoreApplication.sendEvent(_focus(), event)

    def _section(key: Qt.Key) -> None:
        QTest.keyClick(_focus(), key, ctrl)

    ctrl = Qt.KeyboardModifier.ControlModifier
    if mode != "idle":
        for _ in range(2):
            for path, text in SCRIPT[: int(os.environ.get("BENCH_EDITOR_QUESTIONS", len(SCRIPT)))]:
                type_into(path, text)
                steps.append((PAUSE_MS, "pause", lambda: None))
            steps.append((CHAR_MS, "Ctrl+S", lambda: QTest.keyClick(_focus(), Qt.Key.Key_S, ctrl)))
            for page_key, where in ((Qt.Key.Key_PageUp, "statement"), (Qt.Key.Key_PageDown, TO)):
                steps.append((PAUSE_MS // 3, f"section: {where}", lambda k=page_key: _section(k)))
    else:
        steps.append((2 * len(SCRIPT) * PAUSE_MS, "pause", lambda: None))
    done = [False]

    def play(i: int = 0) -> None:
        if i >= len(steps):
            done[0] = True
            return
        delay, label, action = steps[i]

        def go() -> None:
            ran.append(label)
            action()
            play(i + 1)

        QTimer.singleShot(delay, go)

    started = time.perf_counter()
    clock.start()
    last[0], last[1] = clock.nsecsElapsed(), time.thread_time_ns()
    ticker.start()
    play()

    def finished() -> None:
        if done[0] and not editor.pending:
            app.quit()

    checker = QTimer()
    checker.timeout.connect(finished)
    checker.start(50)
    app.exec()
    seconds = time.perf_counter() - started
    ticker.stop()
    editor.flush()
    keys = [each.key for each in editor.form.sections]
    editor.show()  # hidden when the event loop quit
    for each in keys:  # every page shown once
        editor.set_section(each)
        app.processEvents()
    again = [(_switch(app, editor, each), each) for each in keys[1:] + keys[:1]]
    editor.close()
    first: list[tuple[float, str]] = []
    cold: list[tuple[float, str]] = []
    for n, measured in ((3, first), (4, cold)):  # two other drafts, each in a fresh editor
        draft = vaults.record_id(int(args["draft"]) + n * vaults.DRAFT_EVERY)
        fresh = RecordEditor(vault, draft, lang="en")
        fresh.resize(1280, 800)
        fresh.show()
        for _ in range(50):
            app.processEvents()
        idle = time.perf_counter() + 30
        while measured is first and fresh._warmer.isActive() and time.perf_counter() < idle:
            app.processEvents()  # its idle turns (a page shown ahead a few questions a turn)
            time.sleep(0.005)
        measured += [(_switch(app, fresh, each), each) for each in keys[1:]]
        fresh.close()
    autosave.observers.remove(seen)
    vault.lock()
    return {
        "worst_ms": max(stalls, default=0.0),
        "p99_ms": percentile(stalls, 99),
        "ticks": len(stalls),
        "busy_worst_ms": max(busy, default=0.0),
        "busy_p99_ms": percentile(busy, 99),
        "worst": sorted(worst, reverse=True)[:8],
        "heavy": sorted(heavy, reverse=True)[:12],
        "seconds": seconds,
        "saves": work["save"],
        "steps": work["maintain"],
        "on_gui": work["on_gui"],
        "section_ms": max(again)[0],
        "section": max(again)[1],
        "first_ms": max(first)[0],
        "first": max(first)[1],
        "cold_ms": max(cold)[0],
        "cold": max(cold)[1],
    }


def _switch(app: Any, editor: Any, key: str) -> float:
    """The GUI thread's CPU time (ms) to change section until the event loop is idle."""
    start = time.thread_time_ns()
    editor.set_section(key)
    for _ in range(5):
        app.processEvents()
    return (time.thread_time_ns() - start) / 1e6


def main() -> None:
    mode = sys.argv[1]
    if mode not in MODES:
        raise SystemExit(f"unknown mode {mode}")
    result = _session(mode, json.loads(sys.stdin.read()))
    json.dump(result, sys.stdout)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (Qt objects at exit)


if __name__ == "__main__":
    main()
