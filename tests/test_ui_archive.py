"""The archive mode of the desktop app, on real widgets offscreen.

Three bundles from two interviewers (one pinned, one not, one tampered) are
imported by drag and drop and by the import call the file dialog makes; the
reports, the trust list, the filters, a record's history and statement, the
charts and the two CSV exports are checked on what the widgets show.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent, QImage  # noqa: E402

from intake.archive import pins, receive, statements
from intake.capture import listing, records
from tests.test_archive import (  # noqa: E402
    CORRECTED_TITLE,
    RECORD_TAMPERED,
    Scenario,
    build_scenario,
    read_csv,
)
from ui.archive import is_archive  # noqa: E402
from ui.archive.workspace import ArchiveWorkspace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHARTS = ROOT / "docs" / "charts"
TIMEOUT = 120_000


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build_scenario(tmp_path_factory.mktemp("ui-scenario"))


def drop(widget: object, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)  # type: ignore[attr-defined]


def test_archive_workspace_end_to_end(qtbot: object, scenario: Scenario, tmp_path: Path) -> None:
    v = scenario.archive("ui-archive")
    assert is_archive(v)
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)  # type: ignore[attr-defined]
    ws.resize(1280, 860)
    ws.show()
    key = tmp_path / "legal-team.txt"
    key.write_text(scenario.identity)
    ws.imports.load_identity(key)
    assert ws.imports.identity is not None

    # Import: two bundles dropped at once, then the tampered one as the file dialog would.
    # Interviewer B's key is not pinned: refused, and a dialog shows its fingerprint in groups
    # of four to confirm against the interviewer; confirmed, it is pinned and imported.
    with qtbot.waitSignal(ws.imports.finished, timeout=TIMEOUT) as first:  # type: ignore[attr-defined]
        drop(ws.imports, [scenario.pinned, scenario.unpinned])
    assert [o.ok for o in first.args[0]] == [True, False] and first.args[0][1].needs_pin
    dialog = ws.imports.pin_dialog
    assert dialog is not None and dialog.isVisible() and dialog.same_name == []
    assert dialog.fingerprint.text().replace("\n", " ") == scenario.fingerprint_b
    assert all(len(g) == 4 for g in dialog.fingerprint.text().split())
    assert not dialog.pin_button.isEnabled()
    with qtbot.waitSignal(ws.imports.finished, timeout=TIMEOUT) as confirmed:  # type: ignore[attr-defined]
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)  # type: ignore[attr-defined]
        assert dialog.pin_button.isEnabled()
        qtbot.mouseClick(dialog.pin_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert [o.ok for o in confirmed.args[0]] == [True]
    assert confirmed.args[0][0].result.pinned == scenario.fingerprint_b
    with qtbot.waitSignal(ws.imports.finished, timeout=TIMEOUT) as second:  # type: ignore[attr-defined]
        ws.imports.import_paths([scenario.tampered])
    assert [o.ok for o in second.args[0]] == [False]

    pinned, refused, unpinned, tampered = ws.imports.cards
    assert "Imported" in pinned.heading.text() and "#1b7a35" in pinned.heading.text()
    assert "pinned as Interviewer A" in pinned.pin_label.text()
    assert "not pinned" in refused.pin_label.text() and "#8a5a00" in refused.pin_label.text()
    assert "Imported" in unpinned.heading.text() and "pinned now" in unpinned.pin_label.text()
    assert "Not imported" in tampered.heading.text() and "#b3261e" in tampered.heading.text()
    assert "#b3261e" in tampered.check_labels["versions"].text()
    assert "#1b7a35" in tampered.check_labels["signature"].text()
    assert all("#1b7a35" in label.text() for label in pinned.check_labels.values())
    report = pinned.outcome.report
    assert report.bundle_id in "".join(w.text() for w in pinned.findChildren(type(pinned.heading)))

    # The tampered bundle left nothing behind: one attachment and three statements are kept.
    refs = {r.reference for r in listing.list_records(v)}
    assert len(refs) == 3 and RECORD_TAMPERED[0] not in refs
    assert len(list(v.attachments_dir.iterdir())) == 1 + 3
    assert v.query("SELECT count(*) FROM statements") == [(3,)]
    qtbot.waitUntil(lambda: ws.records.model.total == 3, timeout=TIMEOUT)  # type: ignore[attr-defined]

    # Trust list: the pinned keys (B's pinned by the confirmation), first and last bundle.
    assert ws.trust.table.rowCount() == 2
    assert ws.trust.table.item(0, 0).text() == "Interviewer A"
    assert ws.trust.table.item(0, 5).text() == "1" and ws.trust.table.item(0, 3).text() != "—"

    # Patterns for everything, saved for the README.
    with qtbot.waitSignal(ws.patterns_updated, timeout=TIMEOUT) as shown:  # type: ignore[attr-defined]
        ws.tabs.setCurrentWidget(ws.patterns)
    assert shown.args[0].acts == 3
    assert ws.patterns.facilities.item(0, 3).text() == "2"
    CHARTS.mkdir(parents=True, exist_ok=True)
    for kind, chart in ws.patterns.charts.items():
        chart.save(CHARTS / f"{kind}.png", "png")
        chart.save(tmp_path / f"{kind}.svg", "svg")
        image = QImage(str(CHARTS / f"{kind}.png"))
        assert image.width() == 640 and image.height() > 60
        svg = (tmp_path / f"{kind}.svg").read_text(encoding="utf-8")
        assert "<svg" in svg and chart.title() in svg
    qtbot.waitUntil(lambda: all(  # type: ignore[attr-defined]
        c.canvas.height() == c.canvas.minimumHeight() and c.canvas.y() + c.canvas.height()
        <= c.png_button.y() for c in ws.patterns.charts.values()), timeout=TIMEOUT)
    ws.grab().save(str(CHARTS / "workspace-patterns.png"))

    # Filtering the record list filters the charts and the incidents CSV.
    box = ws.records.violation
    box.setCurrentIndex(box.findData("torture"))
    qtbot.waitUntil(lambda: ws.records.model.total == 1, timeout=TIMEOUT)  # type: ignore[attr-defined]
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: ws.patterns.stats is not None and ws.patterns.stats.acts == 1, timeout=TIMEOUT)
    assert [b.code for b in ws.patterns.stats.by["violation"]] == ["torture"]
    out = tmp_path / "incidents.csv"
    with qtbot.waitSignal(ws.exported, timeout=TIMEOUT) as done:  # type: ignore[attr-defined]
        ws.export("incidents", out)
    assert done.args == ["incidents", 1]
    [row] = read_csv(out)
    assert row["violation_ko"] == "고문" and row["record_id"] == scenario.records_a[0]
    assert row["incident_title"] == CORRECTED_TITLE and row["version"] == "2"
    register = tmp_path / "register.csv"
    with qtbot.waitSignal(ws.exported, timeout=TIMEOUT) as done:  # type: ignore[attr-defined]
        ws.export("register", register)
    assert done.args == ["register", 8] and len(read_csv(register)) == 8

    # A record's history: two sealed versions and the difference between them.
    from ui.preferences import Translators

    english = Translators()
    english.install("en")  # as the app does: English plural forms
    review = ws.open_record(scenario.records_a[0])
    assert review is not None and review.version_list.count() == 2
    assert "2 sealed versions" in review.heading.text()
    review.version_list.setCurrentRow(1)
    assert any(d.path == "incidents[0].title" for d in review.diff.found)
    assert "1 difference from version 1 to version 2." in review.diff.heading.text()
    assert review.provenance.topLevelItemCount() == 1
    actions = {review.custody.item(r, 1).text() for r in range(review.custody.rowCount())}
    assert {"record sealed", "record corrected", "exported", "record imported"} <= actions
    assert review.attachment_table.rowCount() == 1

    # Its signed statement, kept in the archive: opening the tab shows it (from memory, with
    # QtPdf), with no bundle file and no dialog; the page count is the one kept at import.
    [kept] = statements.statements(v, scenario.records_a[0])
    with qtbot.waitSignal(review.statement_loaded, timeout=TIMEOUT) as loaded:  # type: ignore[attr-defined]
        review.tabs.setCurrentWidget(review.statement_page)
    assert loaded.args[0] == kept.pages >= 1
    assert review.statement.document.pageCount() == kept.pages
    # the bundle's id in groups of four: the line wraps inside the pane instead of losing its end
    assert " ".join(re.findall("....", kept.bundle_id)) in review.statement_info.text()
    info = review.statement_info
    assert info.minimumSizeHint().width() <= info.width(), (info.minimumSizeHint(), info.width())
    assert review.statement_choice.isHidden()  # one bundle, nothing to choose
    # every line of it shown (laid out once the text is in: the picture waits for that)
    qtbot.waitUntil(lambda: info.height() >= info.heightForWidth(info.width()),  # type: ignore[attr-defined]
                    timeout=TIMEOUT)
    shots = ROOT / "test-artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    ws.grab().save(str(shots / "archive-review.png"))
    # it fits its pane: the hashes wrap in groups of four, so no scrolling sideways
    assert "Version hash: " + " ".join(re.findall("....", review.versions[1].version_hash)) in (
        review.version_info.text())
    for tab in range(review.tabs.count()):
        review.tabs.setCurrentIndex(tab)
        assert not ws.review_scroll.horizontalScrollBar().isVisible(), review.tabs.tabText(tab)

    # Remove the pin; lock forgets the key and the bundle files.
    ws.trust.table.selectRow(0)
    ws.trust.remove_selected(confirm=False)
    assert ws.trust.table.rowCount() == 1
    ws.clear()
    assert ws.imports.identity is None and ws.review is None
    v.lock()


def test_korean_catalog(qapp: object) -> None:
    """The archive's strings are in the app's one Korean catalog (its completeness over all of
    ui/ is tests/test_ui_shell.py::test_every_visible_string_has_a_korean_translation)."""
    from ui.preferences import Translators

    translators = Translators()
    try:
        translators.install("ko")
        assert QCoreApplication.translate("ImportPanel", "&Import bundles…") != "&Import bundles…"
        assert QCoreApplication.translate("ChartView", "Acts by year") == "연도별 행위"
        heading = "Record %1 (%2): %n sealed version(s)"
        korean = QCoreApplication.translate("RecordReview", heading, "", 1)
        assert korean == "기록 %1 (%2): 봉인된 버전 1개"
        from intake.archive.receive import IMPORT_LINES
        from ui.archive.imports import import_tr

        for template in IMPORT_LINES:  # the import report's lines, shared with the CLI
            korean = import_tr(template)
            assert korean != template and sorted(re.findall(r"{\w+}", korean)) == sorted(
                re.findall(r"{\w+}", template)), template
        from ui.archive.imports import cut_message

        assert cut_message(["a.bundle"], ["b.bundle"]) == (
            "잠금으로 가져오기가 중단되었습니다. 가져옴: a.bundle. 가져오지 못함: b.bundle.")
    finally:
        translators.install("en")
    assert QCoreApplication.translate("ChartView", "Acts by year") == "Acts by year"
    english = QCoreApplication.translate("RecordReview", heading, "", 1)
    assert english == "Record %1 (%2): 1 sealed version"


def unlocked_window(qtbot: object, scenario: Scenario, tmp_path: Path, name: str) -> Any:
    """The app's main window on a new archive (its interviewer's key pinned), unlocked."""
    from tests.test_ui_shell import open_window, prefs_in, unlock

    path = tmp_path / "archive"
    scenario.archive(name, pin=True).lock()
    (scenario.root / name).rename(path)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    unlock(qtbot, window)
    return window


def test_main_window_opens_an_archive_in_archive_mode(qtbot: object, scenario: Scenario,
                                                      tmp_path: Path) -> None:
    from tests.test_ui_shell import unlock

    window = unlocked_window(qtbot, scenario, tmp_path, "ui-main")
    page = window.stack.currentWidget()
    assert isinstance(page, ArchiveWorkspace) and page.trust.table.rowCount() == 1
    assert page.records.new_button.isHidden()
    window.lock()
    assert window.stack.indexOf(page) == -1  # the workspace (key, views) is gone
    unlock(qtbot, window)
    assert isinstance(window.stack.currentWidget(), ArchiveWorkspace)
    window.lock()


def test_a_key_claiming_a_pinned_name_is_shown_beside_the_pinned_one(
    qtbot: object, scenario: Scenario, tmp_path: Path
) -> None:
    """An impersonation: another key, the pinned interviewer's name. The dialog warns and
    shows both fingerprints in groups of four; cancelled, nothing is imported or pinned."""
    from pyrage import x25519

    from intake.handover import export, recipients
    from tests.conftest import make_vault
    from tests.test_bundle import sealed_record

    v = scenario.archive("ui-impersonation")
    fake = make_vault(tmp_path / "fake", name="Interviewer A")
    recipient = str(x25519.Identity.from_str(scenario.identity.strip().splitlines()[-1])
                    .to_public())
    recipients.add_recipient(fake, "legal team", recipient)  # type: ignore[attr-defined]
    forged = tmp_path / "forged.bundle"
    export.export_bundle(fake, [sealed_record(fake)], ["legal team"], forged)  # type: ignore[arg-type]
    fake.lock()  # type: ignore[attr-defined]
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)  # type: ignore[attr-defined]
    key = tmp_path / "legal-team.txt"
    key.write_text(scenario.identity)
    ws.imports.load_identity(key)
    with qtbot.waitSignal(ws.imports.finished, timeout=TIMEOUT):  # type: ignore[attr-defined]
        ws.imports.import_paths([forged])
    dialog = ws.imports.pin_dialog
    assert dialog is not None and len(dialog.same_name) == 1
    shown = dialog.same_name[0].text()
    assert "Pinned as Interviewer A" in shown
    assert " ".join(shown.split("\n")[1:]) == scenario.fingerprint_a
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert ws.imports.pin_dialog is None
    assert v.query("SELECT count(*) FROM received_bundles") == [(0,)]
    assert list(archive_signers(v)) == [scenario.fingerprint_a]
    ws.clear()
    v.lock()


def archive_signers(v: object) -> dict[str, str]:

    return pins.pinned_names(v)  # type: ignore[arg-type]


def test_unpinned_interviewer_is_shown_and_left_out_until_included(
        qtbot: object, scenario: Scenario, tmp_path: Path) -> None:
    """Interviewer B's key unpinned after import: the record list and the review say so,
    and the charts and the incidents CSV leave B's act out until the box is ticked."""

    v = scenario.archive("ui-half-pinned")
    receive.import_bundle(v, scenario.pinned, scenario.identity)
    receive.import_bundle(v, scenario.unpinned, scenario.identity, trust_new=True)
    pins.remove_trusted(v, scenario.fingerprint_b)
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)  # type: ignore[attr-defined]
    ws.show()
    model = ws.records.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=TIMEOUT)  # type: ignore[attr-defined]
    column = 6
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Interviewer"
    shown = {model.index(r, 0).data(): model.index(r, column).data() for r in range(3)}
    assert shown["ORG-2026-0001"] == "Interviewer A"
    assert shown["NGO-B-0007"].startswith("NOT PINNED: key " + scenario.fingerprint_b[:19])
    review = ws.open_record(scenario.records_b[0])
    assert review is not None and "NOT PINNED" in review.interviewer.text()
    assert "Interviewer A" in ws.open_record(scenario.records_a[0]).interviewer.text()  # type: ignore[union-attr]

    with qtbot.waitSignal(ws.patterns_updated, timeout=TIMEOUT) as first:  # type: ignore[attr-defined]
        ws.tabs.setCurrentWidget(ws.patterns)
    assert (first.args[0].acts, first.args[0].unpinned) == (2, 1)
    assert "1 acts from keys not pinned are left out" in ws.patterns.summary.text()
    out = tmp_path / "incidents.csv"
    with qtbot.waitSignal(ws.exported, timeout=TIMEOUT) as done:  # type: ignore[attr-defined]
        ws.export("incidents", out)
    assert done.args == ["incidents", 2]
    with qtbot.waitSignal(ws.patterns_updated, timeout=TIMEOUT) as second:  # type: ignore[attr-defined]
        qtbot.keyClick(ws.patterns.include_unpinned, Qt.Key.Key_Space)  # type: ignore[attr-defined]
    assert second.args[0].acts == 3 and second.args[0].unpinned_included
    with qtbot.waitSignal(ws.exported, timeout=TIMEOUT) as done:  # type: ignore[attr-defined]
        ws.export("incidents", out)
    assert done.args == ["incidents", 3]
    assert "NGO-B-0007" in {row["reference"] for row in read_csv(out)}
    ws.clear()
    v.lock()


def test_import_tab_reports_what_changed_as_the_cli_does(
        qtbot: object, tmp_path: Path, passphrase_file: Path) -> None:
    """A record's first version, then a bundle with its correction, the same again, and a
    damaged copy: the import tab's lines are the CLI's lines for the same imports into a twin
    archive (new record, versions extending which record, nothing changed), and the damaged
    copy is named damaged, not a wrong key."""
    from intake.handover import export, recipients
    from tests.cli_run import intake
    from tests.conftest import make_vault
    from tests.test_archive import doc_for, keypair, sealed

    identity, recipient = keypair(tmp_path)
    iv = make_vault(tmp_path / "interviewer", name="Interviewer D")
    recipients.add_recipient(iv, "legal team", recipient)
    rid = sealed(iv, doc_for("ORG-D-1", "torture", "KP-09", "kyohwaso", "전거리 교화소", "2001"))
    first, second = tmp_path / "first.bundle", tmp_path / "second.bundle"
    export.export_bundle(iv, [rid], ["legal team"], first)
    records.correct(iv, rid)
    doc = records.draft(iv, rid)
    doc["incidents"][0]["title"] = CORRECTED_TITLE
    records.save_draft(iv, rid, doc)
    records.seal_record(iv, rid)
    export.export_bundle(iv, [rid], ["legal team"], second)
    fingerprint = iv.identity.fingerprint
    iv.lock()
    damaged = tmp_path / "damaged.bundle"
    damaged.write_bytes(second.read_bytes()[:-200])
    key = tmp_path / "legal-team.txt"
    key.write_text(identity)

    twin = make_vault(tmp_path / "twin", name="Legal Team")
    pins.trust(twin, fingerprint, "Interviewer D")
    twin.lock()
    cli: list[list[str]] = []
    for path in (first, second, second):
        r = intake("import", path, "--identity", key, "--vault", twin.path,
                   "--passphrase-file", passphrase_file)
        assert r.returncode == 0, r.stderr
        cli.append([line for line in r.stdout.splitlines() if not line.startswith("history:")])
    r = intake("import", damaged, "--identity", key, "--vault", twin.path,
               "--passphrase-file", passphrase_file)
    assert r.returncode != 0 and "incomplete or damaged" in r.stderr

    v = make_vault(tmp_path / "archive", name="Legal Team")
    pins.trust(v, fingerprint, "Interviewer D")
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)  # type: ignore[attr-defined]
    ws.imports.load_identity(key)
    for path in (first, second, second, damaged):
        with qtbot.waitSignal(ws.imports.finished, timeout=TIMEOUT):  # type: ignore[attr-defined]
            ws.imports.import_paths([path])
    new, extended, again, broken = ws.imports.cards
    shown = [[label.text().split(">", 1)[-1].removesuffix("</span>") if "<span" in label.text()
              else label.text() for label in card.changes] for card in (new, extended, again)]
    assert shown == cli
    assert shown[0][0] == f"new record ORG-D-1 ({rid})"
    assert shown[1][0] == f"new versions extend record ORG-D-1 ({rid})"
    assert shown[2] == [f"already imported: bundle {again.outcome.result.bundle_id};"
                        " nothing changed"]
    assert "Already in the archive" in again.heading.text()
    assert "Imported" not in again.heading.text()
    assert not broken.outcome.ok and broken.outcome.damaged
    assert list(broken.check_labels) == ["intact"]
    assert "damaged or incomplete (not a key problem)" in broken.check_labels["intact"].text()
    assert "this archive's key" not in "".join(w.text() for w in broken.findChildren(
        type(broken.heading)))
    ws.clear()
    v.lock()


def test_opening_a_record_fits_a_1366x768_screen(qtbot: object, scenario: Scenario) -> None:
    """The workspace as the window, sized 1366x768: opening a record (and showing the
    difference between its versions) leaves the minimum size within the screen, and the
    window keeps its size."""

    v = scenario.archive("ui-small-screen")
    receive.import_bundle(v, scenario.pinned, scenario.identity)
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)  # type: ignore[attr-defined]
    ws.resize(1366, 768)
    ws.show()
    qtbot.waitUntil(lambda: ws.records.model.rowCount() == 2, timeout=TIMEOUT)  # type: ignore[attr-defined]
    review = ws.open_record(scenario.records_a[0])
    assert review is not None
    review.version_list.setCurrentRow(1)
    for page in range(review.tabs.count()):
        review.tabs.setCurrentIndex(page)
        QCoreApplication.processEvents()
        ws.layout().activate()
        hint, minimum = ws.minimumSizeHint(), ws.minimumSize()
        assert hint.width() <= 1366 and hint.height() <= 768, (page, hint)
        assert minimum.width() <= 1366 and minimum.height() <= 768, (page, minimum)
        assert (ws.width(), ws.height()) == (1366, 768)
    ws.clear()
    v.lock()


def held_imports(
    monkeypatch: pytest.MonkeyPatch, when: Callable[[int], bool]
) -> tuple[threading.Event, threading.Event]:
    """Imports started from now on wait on their worker at the first progress (bytes done)
    ``when`` accepts, until released: (reached, release)."""
    from ui.archive import imports
    from ui.workers import Task

    reached, release = threading.Event(), threading.Event()

    def hold(done: int, total: int) -> None:  # on the worker: the import waits here
        if when(done) and not reached.is_set():
            reached.set()
            release.wait(TIMEOUT / 1000)

    class Held(Task):  # connected before the worker starts
        def start(self) -> Task:
            self.progress.connect(hold, Qt.ConnectionType.DirectConnection)
            return super().start()

    monkeypatch.setattr(imports, "Task", Held)
    return reached, release


def test_auto_lock_waits_for_an_import(qtbot: object, scenario: Scenario, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An import left running is not cut off by the auto-lock delay (it was: the import
    failed on the locked vault and the next unlock showed nothing of it)."""
    from tests.test_ui_shell import unlock

    window = unlocked_window(qtbot, scenario, tmp_path, "ui-idle")
    ws = window.stack.currentWidget()
    assert isinstance(ws, ArchiveWorkspace)
    key = tmp_path / "team.key"
    key.write_text(scenario.identity)
    ws.imports.load_identity(key)
    reached, release = held_imports(monkeypatch, lambda done: True)
    ws.imports.import_paths([scenario.pinned])
    assert reached.wait(TIMEOUT / 1000)
    window.idle.idle.emit()  # the auto-lock delay passed
    assert window.vault is not None and window.idle.active
    with qtbot.waitSignal(ws.imports.finished, timeout=TIMEOUT) as done:  # type: ignore[attr-defined]
        release.set()
    assert [o.ok for o in done.args[0]] == [True]
    with qtbot.waitSignal(window.locked_changed, timeout=TIMEOUT):  # type: ignore[attr-defined]
        window.idle.idle.emit()  # the next quiet spell
    vault = unlock(qtbot, window)
    assert listing.count(vault) == len(scenario.records_a)
    window.close()  # type: ignore[attr-defined]


def test_a_lock_during_an_import_says_after_the_unlock_what_was_imported(
        qtbot: object, scenario: Scenario, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Three bundles chosen; Ctrl+L while the second one is being read. The lock cancels the
    import (the first bundle is in, nothing of the others); after the unlock the import tab
    and the status bar name what was imported and what was not, and Alt+G imports the rest.
    A wipe forgets an import the lock stopped."""
    from tests.test_ui_shell import open_window, prefs_in, unlock
    from ui.archive import ArchiveHook, imports
    from ui.workers import Task

    path = tmp_path / "archive"
    v = scenario.archive("ui-cut", pin=True)
    pins.trust(v, scenario.fingerprint_b, "Interviewer B")
    v.lock()
    (scenario.root / "ui-cut").rename(path)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    vault = unlock(qtbot, window)
    ws = window.stack.currentWidget()
    assert isinstance(ws, ArchiveWorkspace)
    key = tmp_path / "team.key"
    key.write_text(scenario.identity)
    ws.imports.load_identity(key)
    first, second, third = scenario.pinned, scenario.root / "c-original.bundle", scenario.unpinned
    # held once the second bundle is being read (the first is in)
    reached, release = held_imports(monkeypatch, lambda done: done > first.stat().st_size)
    ws.imports.import_paths([first, second, third])
    assert reached.wait(TIMEOUT / 1000)
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(window.locked_changed, timeout=TIMEOUT):  # type: ignore[attr-defined]
        qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_L, ctrl)  # type: ignore[attr-defined]
    release.set()
    assert window.vault is None and window.stack.indexOf(ws) == -1
    hook = window.findChild(ArchiveHook)
    # while locked, once the import's task ended, only names and paths are kept (no outcome)
    qtbot.waitUntil(lambda: not hook.findChildren(Task), timeout=TIMEOUT)  # type: ignore[attr-defined]
    assert (hook.cut.task, hook.cut.imported, hook.cut.chosen) == (
        None, ["a.bundle"], [second, third])

    vault = unlock(qtbot, window)
    ws = window.stack.currentWidget()
    assert isinstance(ws, ArchiveWorkspace) and ws.tabs.currentWidget() is ws.imports
    panel = ws.imports
    qtbot.waitUntil(panel.cut_label.isVisible, timeout=TIMEOUT)  # type: ignore[attr-defined]
    said = ("The lock stopped the import. Imported: a.bundle."
            " Not imported: c-original.bundle, b.bundle.")
    assert panel.cut_label.text() == said
    assert window.statusBar().currentMessage() == said
    received = "SELECT count(*) FROM received_bundles"
    assert vault.query(received) == [(1,)]
    assert listing.count(vault) == len(scenario.records_a)
    assert panel.again_button.isVisible() and panel.again_button.hasFocus()

    monkeypatch.setattr(imports, "Task", Task)
    panel.load_identity(key)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)  # type: ignore[attr-defined]
    with qtbot.waitSignal(panel.finished, timeout=TIMEOUT) as done:  # type: ignore[attr-defined]
        qtbot.keyClick(panel, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert [(o.path, o.ok) for o in done.args[0]] == [(second, True), (third, True)]
    assert vault.query(received) == [(3,)]
    assert listing.count(vault) == len(scenario.records_a) + 1 + len(scenario.records_b)
    assert not panel.cut_label.isVisible() and not panel.again_button.isVisible()

    # Stopped again, then wiped while locked: nothing of it is left to show.
    reached, release = held_imports(monkeypatch, lambda done: done > first.stat().st_size)
    panel.import_paths([first, second])
    assert reached.wait(TIMEOUT / 1000)
    with qtbot.waitSignal(window.locked_changed, timeout=TIMEOUT):  # type: ignore[attr-defined]
        qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_L, ctrl)  # type: ignore[attr-defined]
    release.set()
    assert hook.cut is not None
    with qtbot.waitSignal(window.wiped, timeout=TIMEOUT):  # type: ignore[attr-defined]
        window.wipe_now()
    assert hook.cut is None
    qtbot.waitUntil(lambda: not hook.findChildren(Task), timeout=TIMEOUT)  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]
