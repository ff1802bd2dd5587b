"""Screenshots of the main screens, taken from the app running on a real X server (Xvfb).

The test starts Xvfb on a free display (``-displayfd``: the server picks a free number and
reports it when it is ready; ``-nolisten tcp``) and runs this file as a child process with
``QT_QPA_PLATFORM=xcb``; the child builds each screen on fictional data and saves it with
``QWidget.grab()``. The PNGs land in ``test-artifacts/screenshots/`` (git-ignored), which the
test reports; ``docs/screenshots/`` holds copies of current ones for the README.

Run by hand to refresh the docs: ``python tests/test_ui_screens.py OUT_DIR``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "screenshots"
SCREENS = (
    "setup-wizard",
    "unlock",
    "record-list",
    "record-list-ko",
    "search",
    "editor",
    "seal-review",
    "read-back",
    "wipe",
    "handover-preview",
    "handover-summary",
    "archive-sources",
    "facility-timeline",
    "facility-timeline-ko",
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "1400x900x24",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as ready:
        number = ready.readline().strip().decode()  # written once the server accepts clients
    if not number:
        server.kill()
        raise RuntimeError("Xvfb did not report a display")
    return server, f":{number}"


def test_screenshots_under_xvfb(record_property: Any) -> None:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian package xvfb): no X server to draw on")
    server, display = start_xvfb()
    try:
        if OUT.exists():
            shutil.rmtree(OUT)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        env.pop("WAYLAND_DISPLAY", None)
        run = subprocess.run(
            [sys.executable, str(Path(__file__)), str(OUT)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert run.returncode == 0, run.stderr[-3000:]
    for name in SCREENS:
        png = OUT / f"{name}.png"
        assert png.is_file(), name
        data = png.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 10_000, name  # a real, drawn screen
    record_property("screenshots", str(OUT))
    print(f"\nscreenshots: {OUT}")


# -- the child: builds each screen and grabs it ---------------------------------------------


def _shoot(out: Path) -> None:
    import gc

    # This short-lived child builds and drops several windows (editors with recorders, wizards);
    # a garbage collection of their Qt wrappers, on the GUI thread or on a worker's, crashed it
    # (SIGSEGV inside "Garbage-collecting"). Nothing here needs the cycle collector.
    gc.disable()
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from crypto import kdf
    from intake.capture import listing, records
    from tests import records_data
    from tests.conftest import PASSPHRASE, make_vault
    from ui.app import application
    from ui.editor import RecordEditor
    from ui.mainwindow import MainWindow
    from ui.preferences import Preferences, Translators
    from ui.wipe import WipeDialog

    app = application()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="intake-screens-"))

    def settle(ms: int = 150) -> None:
        """Let Qt lay out and paint: process events until a short timer fires."""
        done: list[bool] = []
        QTimer.singleShot(ms, lambda: done.append(True))
        while not done:
            app.processEvents()

    def wait_for(condition: Any, limit: int = 600) -> None:
        for _ in range(limit):
            if condition():
                return
            settle(50)
        raise RuntimeError("condition not reached")

    def grab(widget: QWidget, name: str) -> None:
        settle()
        if not widget.grab().save(str(out / f"{name}.png")):
            raise RuntimeError(f"cannot save {name}")

    def prefs(lang: str) -> Preferences:
        p = Preferences(QSettings(str(work / f"{lang}.ini"), QSettings.Format.IniFormat))
        p.set_language(lang)
        return p

    translators = Translators()
    translators.install("en")

    # set-up wizard, on the passphrase page
    cheap = kdf.insecure_test_params()
    window = MainWindow(work / "new", prefs("en"), translators, kdf_params=cheap)
    window.resize(1100, 720)
    window.show()
    wizard = window.setup
    assert wizard is not None
    wizard.owner_page.name.setText("Interviewer One")
    wizard.owner_page.org.setText("Example Documentation Centre")
    wizard.next()
    wizard.passphrase_page.first.setText("새벽 두만강 건너 어머니 집 1998")
    wizard.passphrase_page.second.setText("새벽 두만강 건너 어머니 집 1998")
    grab(window, "setup-wizard")
    window.close()

    # a vault with a few fictional records
    path = work / "vault"
    v = make_vault(path)
    pseudonyms = ["W-0117", "W-0118", "M-0201", "W-0233", "M-0240", "W-0302", "M-0311"]
    ids = []
    for i, pseudonym in enumerate(pseudonyms):
        doc = records_data.example()
        doc["record"]["reference"] = f"ORG-2026-{42 + i:04d}"
        doc["interviewee"]["pseudonym"] = pseudonym
        if i == 0:
            doc = records_data.set_narrative(
                doc, "새벽에 두만강을 건너 중국 쪽 강가에서 붙잡혔습니다. 온성 보위부 구류장으로"
                " 넘겨져 사흘 동안 조사를 받았습니다."
            )
        rid = records.create(v, records_data.FORM_ID, doc, 1)  # the child: no conftest pin
        if i in (1, 2, 4):
            records.seal_record(v, rid)
        ids.append(rid)
    v.lock()  # type: ignore[attr-defined]

    for lang in ("en", "ko"):
        translators.install(lang)
        window = MainWindow(path, prefs(lang), translators)
        window.resize(1100, 720)
        window.show()
        page = window.unlock_page
        assert page is not None
        if lang == "en":
            grab(window, "unlock")
        page.passphrase.setText(PASSPHRASE.decode())
        page.unlock()
        wait_for(lambda w=window: w.vault is not None)
        view = window.list_page
        assert view is not None
        wait_for(lambda v=view: v.model.rowCount() == len(pseudonyms) and not v.model.loading)
        grab(window, "record-list" if lang == "en" else "record-list-ko")
        if lang == "ko":
            window.close()
            continue
        view.search.insert("두만강")
        view.run_search()
        wait_for(lambda v=view: v.results.count() > 0)
        grab(window, "search")
        window.open_record(ids[0])
        editor = window.editor
        assert isinstance(editor, RecordEditor)
        editor.set_section("incidents")
        grab(window, "editor")
        editor.review()
        grab(window, "seal-review")
        review = editor.review_page
        review.read_back()  # the pages to print and read back to the witness
        readback = review.readback_dialog
        assert readback is not None
        wait_for(lambda d=readback: d.pages() > 0)
        grab(readback, "read-back")
        readback.close()
        window.show_records()
        assert window.vault is not None
        dialog = WipeDialog(listing.count_unexported_sealed(window.vault), window)
        dialog.show()
        dialog.confirm.setText("WIP")
        grab(dialog, "wipe")
        dialog.close()
        window.close()
    _shoot_handover(work, prefs("en"), translators, grab, wait_for)
    _shoot_archive(work, prefs("en"), translators, grab, wait_for)
    _shoot_timeline(work, translators, grab, wait_for)
    translators.install("en")
    shutil.rmtree(work, ignore_errors=True)
    QApplication.processEvents()


def _shoot_handover(work: Path, prefs: Any, translators: Any, grab: Any, wait_for: Any) -> None:
    """The hand-over wizard: its preview (a refusal, withheld items) and its summary."""
    from PySide6.QtCore import Qt

    from crypto import age
    from intake.capture import attachments, records
    from intake.handover import recipients
    from tests import records_data
    from tests.conftest import PASSPHRASE, make_vault
    from ui.mainwindow import MainWindow

    path = work / "handover"
    v = make_vault(path)
    _, recipient = age.generate_identity()
    recipients.add_recipient(v, "Example Archive", recipient, "own_archive")  # type: ignore[arg-type]
    ids = []
    cases = (("W-0117", "no"), ("W-0118", "yes"), ("M-0201", "yes"))
    for i, (pseudonym, audio) in enumerate(cases):
        doc = records_data.example()
        doc["record"]["reference"] = f"ORG-2026-{42 + i:04d}"
        doc["interviewee"]["pseudonym"] = pseudonym
        doc["consent"]["audio_permission"] = audio
        if i == 2:
            doc["consent"]["grants"] = [{"recipient": "icc", "identity_level": "pseudonym"}]
        rid = records.create(v, records_data.FORM_ID, doc, 1)  # type: ignore[arg-type]
        if i == 0:
            for name, data in (("interview.ogg", b"\0" * 40_000), ("room.jpg", b"\1" * 20_000)):
                (work / name).write_bytes(data)
                attachments.add(v, rid, work / name)  # type: ignore[arg-type]
        records.seal_record(v, rid)  # type: ignore[arg-type]
        ids.append(rid)
    v.lock()  # type: ignore[attr-defined]
    translators.install("en")
    window = MainWindow(path, prefs, translators)
    window.resize(1100, 720)
    window.show()
    page = window.unlock_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE.decode())
    page.unlock()
    wait_for(lambda: window.vault is not None)
    shown = []  # kept until the end: a wizard collected by the GC of a worker thread crashes Qt
    for selected, name in ((ids, "handover-preview"), (ids[:2], "handover-summary")):
        window.list_page.table.clearSelection()  # type: ignore[union-attr]
        wizard = handover_for(window, selected)
        wizard.teams_page.teams.item(0).setCheckState(Qt.CheckState.Checked)
        wizard.next()
        wait_for(lambda w=wizard: w.preview_page.plans is not None)
        if name == "handover-summary":
            wizard.next()
            wizard.destination_page.path.setText(str(work / "handover-20261128-1403.age"))
            wizard.next()
            wait_for(lambda w=wizard: w.currentPage() is w.summary_page)
        grab(wizard, name)
        wizard.hide()
        shown.append(wizard)
    window.close()


def _shoot_archive(work: Path, prefs: Any, translators: Any, grab: Any, wait_for: Any) -> None:
    """The archive workspace: the record list filtered by source (pinned keys only, an
    unsure source), the interviewer and grading columns, and a review's Acts tab."""
    from tests.conftest import PASSPHRASE
    from tests.test_archive_sources import build
    from ui.archive.workspace import ArchiveWorkspace
    from ui.mainwindow import MainWindow

    (work / "archive-sources").mkdir()
    sources = build(work / "archive-sources")
    sources.archive.lock()
    translators.install("en")
    window = MainWindow(sources.archive.path, prefs, translators)
    window.resize(1366, 768)
    window.show()
    page = window.unlock_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE.decode())
    page.unlock()
    wait_for(lambda: window.findChild(ArchiveWorkspace) is not None)
    ws = window.findChild(ArchiveWorkspace)
    panel = ws.sources
    wait_for(lambda: panel.interviewer.count() > 3 and ws.records.model.rowCount() == 3)
    panel.pinned.setCurrentIndex(panel.pinned.findData(True))
    panel.reliability.setCurrentIndex(panel.reliability.findData("unsure"))
    wait_for(lambda: ws.records.model.total == 1 and ws.records.model.rowCount() == 1
             and not ws.records.model.loading)
    review = ws.open_record(sources.ids["B"])
    review.tabs.setCurrentWidget(review.acts)
    grab(window, "archive-sources")
    ws.close_review()
    window.close()


def _shoot_timeline(work: Path, translators: Any, grab: Any, wait_for: Any) -> None:
    """The archive's Facilities and units tab: one camp under two spellings merged, the acts
    of three testimonies on its timeline, two of them linked, a note on one."""
    from intake.archive import entities, links, notes
    from tests.workbench_data import YODOK_A, YODOK_B, YODOK_C, build_workbench
    from ui.archive.workspace import ArchiveWorkspace

    wb = build_workbench(work / "workbench")
    v = wb.archive
    for spelling in (YODOK_A, YODOK_B, YODOK_C):
        entities.merge(v, "facility", entities.spelling_key(spelling), "kp-kwanliso-15")
    a, b, c = (links.ActRef(r, 1, 1) for r in (wb.record_a, wb.record_b, wb.record_c))
    links.add(v, "corroborates", a, b, "Both name the same guard in block 2")
    links.add(v, "contradicts", b, c, "C dates the execution after B left")
    notes.add(v, wb.record_a, "Drew the gate of block 2", ["gate"], 1, 1)
    shown = []
    for lang in ("en", "ko"):
        translators.install(lang)
        ws = ArchiveWorkspace(v, lang)
        ws.resize(1366, 768)
        ws.show()
        panel = ws.entities
        panel.include_unpinned.setChecked(True)
        ws.tabs.setCurrentWidget(panel)
        wait_for(lambda p=panel: bool(p.data))
        panel.choose("kp-kwanliso-15")
        panel.table.selectRow(1)
        grab(ws, "facility-timeline" if lang == "en" else "facility-timeline-ko")
        ws.hide()
        shown.append(ws)
    v.lock()


def handover_for(window: Any, record_ids: list[str]) -> Any:
    from ui.handover import HandoverWizard

    wizard = HandoverWizard(window.vault, record_ids, "en", window)
    wizard.resize(900, 620)
    wizard.show()
    return wizard


if __name__ == "__main__":
    _shoot(Path(sys.argv[1]))
