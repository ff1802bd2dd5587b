"""100,000 records: open the list and scroll to the end, measuring the longest event-loop stall.

A QTimer ticks every 10 ms on the GUI thread; the longest gap between two ticks, minus the
interval, is the worst stall a person would feel. The number is reported (printed and stored
with ``record_property``), not held to a tight threshold: it depends on the machine.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
import secrets  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import QObject, QTimer  # noqa: E402

from intake.capture import listing
from intake.vault import Vault, tallies  # noqa: E402
from tests.conftest import make_vault  # noqa: E402
from tests.test_ui_shell import open_window, prefs_in, unlock  # noqa: E402

N_RECORDS = 100_000
TICK_MS = 10
VIOLATIONS = ("torture", "forced_labour", "arbitrary_detention", "forced_repatriation")
PROVINCES = tuple(f"KP-{i:02d}" for i in range(1, 14))


def bulk_insert(vault: Vault, n: int) -> None:
    """Rows shaped like real ones (list columns, a small draft or sealed state, facets),
    written straight through one transaction: records.create validates each document and
    would take minutes for 100,000. The list's tallies are rebuilt once at the end."""
    rows, drafts, facets = [], [], []
    for i in range(n):
        rid = secrets.token_hex(8)
        year = 1995 + i % 28
        stamp = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{i % 59:02d}Z"
        sealed = i % 3 == 0
        listed = [
            ("violation", VIOLATIONS[i % len(VIOLATIONS)]),
            ("province", PROVINCES[i % len(PROVINCES)]),
        ]
        rows.append(
            (
                rid, "nk-testimony", 1, "sealed" if sealed else "draft", 1,
                f"ORG-{year}-{i:06d}", f"W-{i:05d}", f"{year + 10}-03-14",
                1 + i % 4, f"{year}-01-01", f"{year}-12-31", stamp, stamp,
                stamp if sealed and i % 2 else None, tuple(listed),
            )
        )
        if not sealed:
            doc = {"record": {"reference": f"ORG-{year}-{i:06d}"}}
            drafts.append((rid, 1, json.dumps(doc), stamp))
        facets += [(rid, kind, value) for kind, value in listed]
    rows.sort()  # in key order: random ids would scatter writes across the encrypted b-trees
    drafts.sort()
    facets.sort()
    with vault.transaction() as c:
        keys = {listed: tallies.facet_keys(c, listed) for listed in {r[-1] for r in rows}}
        c.executemany(
            "INSERT INTO records (id, form_id, form_version, status, version, reference,"
            " pseudonym, interview_date, incident_count, earliest, latest, created_at,"
            " updated_at, exported_at, facet_keys)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r[:-1], keys[r[-1]]) for r in rows],
        )
        c.executemany(
                "INSERT INTO drafts (record_id, version, doc, saved_at) VALUES (?, ?, ?, ?)",
                drafts,
            )
        c.executemany("INSERT INTO facets VALUES (?, ?, ?)", facets)
        tallies.rebuild(c)  # the list's counts, once for the bulk write


class StallMeter(QObject):
    """The longest gap between ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.worst_ms = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - TICK_MS)
        self._last = now
        self.ticks += 1


def test_list_of_100k_records_does_not_block_the_gui(
    qtbot: Any, tmp_path: Path, record_property: Any
) -> None:
    path = tmp_path / "vault"
    v = make_vault(path)
    assert isinstance(v, Vault)
    started = time.perf_counter()
    bulk_insert(v, N_RECORDS)
    insert_s = time.perf_counter() - started
    assert listing.count(v) == N_RECORDS
    v.lock()

    window = open_window(qtbot, path, prefs_in(tmp_path))
    window.resize(1100, 720)
    view = window.list_page
    assert view is not None
    model = view.model
    meter = StallMeter()
    meter.start()
    opened = time.perf_counter()
    unlock(qtbot, window)  # the key derivation runs in a worker: part of what is measured
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=60_000)
    first_rows_s = time.perf_counter() - opened
    open_stall = meter.worst_ms
    assert model.total == N_RECORDS

    scrolled = time.perf_counter()
    while model.rowCount() < N_RECORDS:
        view.table.scrollToBottom()  # the view asks the model for more (fetchMore)
        qtbot.waitUntil(lambda: not model.loading, timeout=60_000)
    view.table.scrollToBottom()
    qtbot.wait(50)  # let the last layout run under the meter
    scroll_s = time.perf_counter() - scrolled
    meter.stop()
    assert model.rowCount() == N_RECORDS and not model.canFetchMore()
    last = model.index(N_RECORDS - 1, 0)
    assert view.table.visualRect(last).isValid()  # the last row is on screen
    assert meter.ticks > 0

    for key, value in (
        ("bulk_insert_s", round(insert_s, 2)),
        ("first_rows_s", round(first_rows_s, 3)),
        ("open_worst_stall_ms", round(open_stall, 1)),
        ("scroll_to_end_s", round(scroll_s, 2)),
        ("worst_stall_ms", round(meter.worst_ms, 1)),
        ("page_size", model.page_size),
    ):
        record_property(key, value)
    print(
        f"\n100k list: insert {insert_s:.1f} s, first rows after {first_rows_s:.2f} s,"
        f" scroll to end {scroll_s:.1f} s, worst event-loop stall {meter.worst_ms:.0f} ms"
        f" (while opening {open_stall:.0f} ms)"
    )
    window.close()
