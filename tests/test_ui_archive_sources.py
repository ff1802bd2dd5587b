"""Sources in the archive workspace, on real widgets offscreen: the record list names each
record's interviewer and how its acts are graded, its filters on sources (chosen with the
keyboard) narrow the list, the charts and the CSVs alike, and the review lists each act with
its grading. The archive is the one of tests/test_archive_sources.py: three interviewers,
C's key unpinned."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtWidgets import QComboBox  # noqa: E402

from tests.test_archive import read_csv  # noqa: E402
from tests.test_archive_sources import Sources, build  # noqa: E402
from ui.archive.workspace import ArchiveWorkspace  # noqa: E402

TIMEOUT = 120_000


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    s = build(tmp_path_factory.mktemp("ui-sources"))
    yield s
    s.archive.lock()


def choose(qtbot: Any, box: QComboBox, text: str) -> None:
    """Pick the item shown as ``text`` with the keyboard (Home, then Down)."""
    target = box.findText(text)
    assert target >= 0, (text, [box.itemText(i) for i in range(box.count())])
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(target):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentIndex() == target


def listed(qtbot: Any, ws: ArchiveWorkspace, count: int) -> set[str]:
    model = ws.records.model
    qtbot.waitUntil(lambda: model.total == count and model.rowCount() == count
                    and not model.loading, timeout=TIMEOUT)
    return {model.index(r, 0).data() for r in range(model.rowCount())}


def test_sources_shown_and_filtered(qtbot: Any, sources: Sources, tmp_path: Path) -> None:
    ws = ArchiveWorkspace(sources.archive, "en")
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    model, panel = ws.records.model, ws.sources
    assert listed(qtbot, ws, 3) == {"ORG-A-1", "ORG-B-1", "ORG-C-1"}
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = {h: headers.index(h) for h in ("Interviewer", "Reliability", "Knowledge")}
    rows = {model.index(r, 0).data(): r for r in range(3)}
    a, c = rows["ORG-A-1"], rows["ORG-C-1"]
    assert model.index(a, col["Interviewer"]).data() == "Interviewer A"
    assert model.index(a, col["Reliability"]).data() == "Likely reliable"
    assert model.index(a, col["Knowledge"]).data() == "Experienced it"
    assert model.index(c, col["Interviewer"]).data().startswith("NOT PINNED: key ")
    assert model.index(c, col["Reliability"]).data() == "Highly unreliable"

    # the choices come from the archive: its interviewers (pinned first), facilities, units
    qtbot.waitUntil(lambda: panel.interviewer.count() == 4, timeout=TIMEOUT)
    names = [panel.interviewer.itemText(i) for i in range(4)]
    assert names[:3] == ["Any interviewer", "Interviewer A", "Interviewer B"]
    assert names[3].startswith("NOT PINNED: key ")
    assert panel.facility.findText("Yodok camp 15") > 0
    assert panel.unit.findText("Onsong county state security department") > 0

    choose(qtbot, panel.interviewer, "Interviewer B")
    assert listed(qtbot, ws, 1) == {"ORG-B-1"}
    with qtbot.waitSignal(ws.patterns_updated, timeout=TIMEOUT) as counted:
        ws.tabs.setCurrentWidget(ws.patterns)
    assert (counted.args[0].records, counted.args[0].acts) == (1, 10)
    ws.tabs.setCurrentIndex(0)
    choose(qtbot, panel.interviewer, "Any interviewer")
    choose(qtbot, panel.pinned, "Not pinned only")
    assert listed(qtbot, ws, 1) == {"ORG-C-1"}
    out = tmp_path / "incidents.csv"
    with qtbot.waitSignal(ws.exported, timeout=TIMEOUT) as done:
        ws.export("incidents", out)  # asked for by the filter: no need to include by hand
    assert done.args == ["incidents", 10]
    assert {row["reference"] for row in read_csv(out)} == {"ORG-C-1"}
    choose(qtbot, panel.pinned, "Pinned or not")
    choose(qtbot, panel.facility, "Yodok camp 15")
    assert listed(qtbot, ws, 1) == {"ORG-B-1"}
    choose(qtbot, panel.facility, "Any facility")
    choose(qtbot, panel.reliability, "Likely reliable")
    assert listed(qtbot, ws, 1) == {"ORG-A-1"}
    t = tmp_path / "testimonies.csv"
    with qtbot.waitSignal(ws.exported, timeout=TIMEOUT) as done:
        ws.export("testimonies", t)
    assert done.args == ["testimonies", 1]
    assert [row["title"] for row in read_csv(t)] == ["Testimony ORG-A-1"]
    choose(qtbot, panel.reliability, "Any reliability")
    assert len(listed(qtbot, ws, 3)) == 3

    # the review: the interviewer above the tabs, each act with its grading
    review = ws.open_record(sources.ids["B"])
    assert review is not None and "Interviewer B" in review.interviewer.text()
    review.tabs.setCurrentWidget(review.acts)
    table = review.acts
    assert table.rowCount() == 10
    head = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    first = {h: table.item(0, i).text() for i, h in enumerate(head)}
    assert first["Act"] == "1.1" and first["Place"] == "Yodok camp 15"
    assert (first["Knowledge"], first["Reliability"], first["Credibility"]) == (
        "Heard it from another witness", "Unsure", "2 Probably true")
    QCoreApplication.processEvents()
    hint = ws.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768, hint  # still fits with the filters
    ws.clear()
