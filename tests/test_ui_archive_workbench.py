"""The Facilities and units tab on real widgets (offscreen): two spellings of one camp
merged from the proposals, acts of two testimonies linked from the timeline (drawn on it and
present in the links CSV), a note with tags written from the dialog and found by the search.
The archive is built from bundles of three interviewers, C's key not pinned."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from intake.archive import entities, links, notes  # noqa: E402
from intake.capture import listing, records  # noqa: E402
from intake.vault import Vault  # noqa: E402
from tests.conftest import make_vault  # noqa: E402
from tests.test_archive import doc_for, read_csv, sealed  # noqa: E402
from tests.workbench_data import YODOK_A, YODOK_B, Workbench, build_workbench  # noqa: E402
from ui.archive.entities import EntitiesPanel  # noqa: E402
from ui.archive.timeline import LINK_COLOURS  # noqa: E402
from ui.archive.workspace import ArchiveWorkspace  # noqa: E402

TIMEOUT = 120_000
A, B = entities.spelling_key(YODOK_A), entities.spelling_key(YODOK_B)


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    wb = build_workbench(tmp_path_factory.mktemp("ui-workbench"))
    yield wb
    wb.archive.lock()


def ok(dialog: Any) -> Any:
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def facilities_tab(qtbot: Any, v: Vault) -> tuple[ArchiveWorkspace, EntitiesPanel]:
    """The archive's workspace on a 1366x768 screen, its Facilities and units tab read."""
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    with qtbot.waitSignal(ws.entities.loaded, timeout=TIMEOUT):
        ws.tabs.setCurrentWidget(ws.entities)
    return ws, ws.entities


def test_merge_link_and_note_from_the_facilities_tab(qtbot: Any, bench: Workbench,
                                                     tmp_path: Path) -> None:
    v = bench.archive
    ws, panel = facilities_tab(qtbot, v)
    names = [panel.entity_list.item(i).text() for i in range(panel.entity_list.count())]
    assert f"{YODOK_A} (1 testimonies)" in names and f"{YODOK_B} (1 testimonies)" in names

    # Spellings to reconcile: the two spellings of Yodok are proposed; merged by the reviewer.
    panel.tabs.setCurrentIndex(1)
    found = panel.data["proposals"]["facility"]
    row = next(i for i, p in enumerate(found) if {p.spelling, p.target} == {A, B})
    assert {panel.proposals.item(row, 0).text(), panel.proposals.item(row, 1).text()} == {
        YODOK_A, YODOK_B}
    assert not panel.merge_button.isEnabled()
    panel.proposals.selectRow(row)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert entities.merged(v, "facility") == [(found[row].spelling, found[row].target)]
    assert panel.merged.count() == 1
    yodok = found[row].target
    names = [panel.entity_list.item(i).text() for i in range(panel.entity_list.count())]
    assert sum("(2 testimonies)" in n for n in names) == 1  # one camp now, counted once

    # The timeline of the camp: both testimonies' acts, earliest first; link them.
    panel.tabs.setCurrentIndex(0)
    assert panel.choose(yodok)
    assert [panel.table.item(r, 2).text() for r in range(panel.table.rowCount())] == [
        "WB-B-1", "WB-A-1"]
    assert (panel.table.item(0, 0).text(), panel.table.item(0, 1).text()) == (
        "1998-01-01", "2001-12-31")
    assert not panel.link_button.isEnabled()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert panel.link_button.isEnabled()
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog.isVisible() and dialog.relation.currentData() == "corroborates"
    qtbot.keyClicks(dialog.note, "Same guard named by both")
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
    assert panel.choose(yodok)
    assert [panel.table.item(r, 5).text() for r in range(2)] == ["corroborates"] * 2
    [link] = links.links(v)
    assert (link.relation, link.note) == ("corroborates", "Same guard named by both")
    image = panel.chart.grab().toImage()
    green = LINK_COLOURS["corroborates"].rgb()
    assert any(image.pixel(x, y) == green for x in range(image.width() - 60, image.width())
               for y in range(image.height())), "the link is drawn on the timeline"
    out = tmp_path / "links.csv"
    with qtbot.waitSignal(panel.exported, timeout=TIMEOUT) as written:
        panel.export_links(out)  # what the Export links button's file dialog calls
    assert written.args == [1] and "1 links written to links.csv" in panel.summary.text()
    [row_csv] = read_csv(out)
    assert {row_csv["a_reference"], row_csv["b_reference"]} == {"WB-A-1", "WB-B-1"}

    # A note with tags on one act, from the dialog; shown beside the act, found by the search.
    panel.table.selectRow(1)
    panel.details.setCurrentRow(0)
    assert panel.details.item(0).text() == "corroborates WB-B-1 1.1 Same guard named by both"
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    note_dialog = panel.dialog
    qtbot.keyClicks(note_dialog.text, "Drew the gate of block 2")
    qtbot.keyClicks(note_dialog.tags, "gate ")
    note_dialog.tags.insert("확인필요")  # Hangul comes through an input method, not key events
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(ok(note_dialog), Qt.MouseButton.LeftButton)
    [made] = notes.notes(v)
    assert (made.record_id, made.target, made.tags) == (bench.record_a, "1.1",
                                                        ("gate", "확인필요"))
    assert {h.record.id for h in listing.find(v, "확인필요", 10, 0)} == {bench.record_a}
    panel.choose(yodok)
    panel.table.selectRow(1)
    assert panel.table.item(1, 6).text() == "1"
    texts = [panel.details.item(i).text() for i in range(panel.details.count())]
    assert "Note: Drew the gate of block 2 #gate #확인필요" in texts
    assert ws.minimumSizeHint().width() <= 1366  # the tab fits a 1366x768 screen


def test_a_link_and_a_note_made_before_a_correction_are_flagged_on_their_act(
        qtbot: Any, tmp_path: Path) -> None:
    """Acts linked and annotated from the tab; the record is then corrected (its incidents
    reordered): the link and the note stay on the act they were made on, shown from that
    version and flagged "made on version 1; the record has been corrected since (version 2)";
    the act that now holds its place carries neither."""
    v: Vault = make_vault(tmp_path / "v")
    two = doc_for("CX-1", "torture", "KP-08", "kwanliso", YODOK_A, "1999")
    two["incidents"].append(doc_for("x", "forced_labour", "KP-08", "kwanliso", YODOK_A,
                                    "2001")["incidents"][0])
    x = sealed(v, two)
    sealed(v, doc_for("CY-1", "torture", "KP-08", "kwanliso", YODOK_A, "1999"))
    ws, panel = facilities_tab(qtbot, v)
    assert panel.choose(A)

    def rows() -> list[tuple[str, str, str]]:
        return [(panel.table.item(r, 2).text(), panel.table.item(r, 4).text(),
                 panel.table.item(r, 5).text()) for r in range(panel.table.rowCount())]

    def click(row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        rect = panel.table.visualItemRect(panel.table.item(row, 2))
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, modifier,
                         rect.center())

    assert [(ref, act[:3]) for ref, act, _ in rows()] == [
        ("CX-1", "1.1"), ("CY-1", "1.1"), ("CX-1", "2.1")]
    click(0)
    click(1, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.dialog.note, "Both beaten at the gate")
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(ok(panel.dialog), Qt.MouseButton.LeftButton)
    assert panel.choose(A)
    click(0)
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.dialog.text, "He drew the gate")
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(ok(panel.dialog), Qt.MouseButton.LeftButton)
    assert not any("corrected" in act for _, act, _ in rows())

    records.correct(v, x, reason="the witness put the incidents in order")
    doc = records.draft(v, x)
    doc["incidents"].reverse()  # version 2: the forced labour is 1.1, the torture 2.1
    records.save_draft(v, x, doc)
    records.seal_record(v, x)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        panel.refresh()
    assert panel.choose(A)
    flag = "made on version 1; the record has been corrected since (version 2)"
    shown = rows()
    judged = next(r for r, (_, act, _) in enumerate(shown) if flag in act)
    assert shown[judged][0] == "CX-1" and shown[judged][1].startswith("1.1 ")
    assert shown[judged][2] == "corroborates"
    assert panel.table.item(judged, 6).text() == "1"
    now = [(act[:3], tied) for ref, act, tied in shown if ref == "CX-1" and flag not in act]
    assert sorted(now) == [("1.1", ""), ("2.1", "")]  # the acts of version 2: not judged
    assert [r[1][3:] for r in shown if r[0] == "CX-1" and r[1].startswith("2.1")] == [
        shown[judged][1][3:].replace(f" — {flag}", "")]  # the act judged: the torture
    click(judged)
    texts = [panel.details.item(i).text() for i in range(panel.details.count())]
    assert texts == ["corroborates CY-1 1.1 Both beaten at the gate",
                     f"Note: He drew the gate ({flag})"]
    click(next(r for r, (ref, _, _) in enumerate(shown) if ref == "CY-1"))
    texts = [panel.details.item(i).text() for i in range(panel.details.count())]
    assert texts == [f"corroborates CX-1 1.1 Both beaten at the gate ({flag})"]
    panel.details.setCurrentRow(0)
    assert not panel.move_button.isEnabled()  # the chosen act is not from before a correction

    # The reviewer names the act judged in the new version: the link moves there (audited).
    click(judged)
    panel.details.setCurrentRow(1)  # the note: only a link moves
    assert not panel.move_button.isEnabled()
    panel.details.setCurrentRow(0)
    assert panel.move_button.isEnabled()
    qtbot.mouseClick(panel.move_button, Qt.MouseButton.LeftButton)
    choices = [panel.dialog.act.itemText(i) for i in range(panel.dialog.act.count())]
    assert [c[:3] for c in choices] == ["1.1", "2.1"]
    panel.dialog.act.setCurrentIndex(1)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(ok(panel.dialog), Qt.MouseButton.LeftButton)
    [link] = links.links(v)
    assert links.ActRef(x, 2, 1, 2) in (link.a, link.b)
    assert panel.choose(A)
    moved = {(ref, act[:3], flag in act): tied for ref, act, tied in rows()}
    assert moved[("CX-1", "2.1", False)] == "corroborates"
    assert moved[("CX-1", "1.1", True)] == ""  # still shown: the note is on it
    v.lock()
