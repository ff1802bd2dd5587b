"""A received record's attachments opened in the archive's review, and a long-text correction
shown whole, on real widgets offscreen: an image is shown from memory (Enter), a recording
plays from the encrypted blob (double-click), a phone's M4A (AAC) recording plays through
FFmpeg to a real sound server from where the position slider is moved by keys, a document is
written only where the reviewer picks in Qt's own dialog, after the unencrypted-copy warning;
nothing else reaches the disk."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io  # noqa: E402
import math  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402
import wave  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from intake.archive import receive
from intake.capture import records
from intake.handover import recipients
from intake.vault import Vault
from tests.audio_server import similarity
from tests.conftest import make_vault
from tests.records_data import example, set_narrative
from tests.test_archive import keypair, sealed
from tests.test_playable import m4a
from tests.test_recording import RATE, tone
from tests.test_ui_playback import blobs_open, found_at, heard, loud, monitor, reads  # noqa: F401 (fixtures)
from ui.archive.workspace import ArchiveWorkspace

WAIT = 60_000
VOICE_S = 8.0  # the M4A's length
PDF = b"%PDF-1.4 fictional letter from the prison office " * 40
NARRATIVE = ("새벽에 두만강을 건너 중국 쪽 강가에서 붙잡혔습니다. " * 12).strip()
CHANGED = (NARRATIVE.replace("붙잡혔습니다", "국경경비대에 붙잡혔습니다", 1)
           + " 사흘 뒤 온성으로 넘겨졌습니다.")


def png() -> bytes:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def wav(seconds: float = 2.0, rate: int = 16_000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8)))
                               for i in range(int(seconds * rate))))
    return out.getvalue()


def attachments_of(qtbot: Any, v: Vault, rid: str) -> tuple[ArchiveWorkspace, Any, dict[str, int]]:
    """The archive workspace (1366x768) showing record ``rid``'s attachments: the workspace,
    the attachment view and its rows by file name."""
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    review = ws.open_record(rid)
    assert review is not None
    review.tabs.setCurrentWidget(review.attachment_view)
    view = review.attachment_view
    return ws, view, {view.table.item(r, 0).text(): r for r in range(view.table.rowCount())}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Vault, str]:
    root = tmp_path_factory.mktemp("ui-attachments")
    identity, recipient = keypair(root)
    iv: Vault = make_vault(root / "interviewer", name="Interviewer A")
    recipients.add_recipient(iv, "legal team", recipient)
    rid = sealed(iv, set_narrative(example(), NARRATIVE),
                 {"room.png": png(), "voice.wav": wav(), "letter.pdf": PDF,
                  "phone.m4a": m4a(tone(VOICE_S))})
    records.correct(iv, rid)
    doc = records.draft(iv, rid)
    records.save_draft(iv, rid, set_narrative(doc, CHANGED))
    records.seal_record(iv, rid)
    from intake.handover import export

    bundle = root / "a.bundle"
    export.export_bundle(iv, [rid], ["legal team"], bundle)
    iv.lock()
    v: Vault = make_vault(root / "archive", name="Legal Team")
    receive.import_bundle(v, bundle, identity, trust_new=True)
    yield v, rid
    v.lock()


def test_attachments_open_from_memory(qtbot: Any, archive: tuple[Vault, str],
                                      tmp_path: Path, audio_output: object) -> None:
    v, rid = archive
    ws, view, rows = attachments_of(qtbot, v, rid)
    assert set(rows) == {"attachment.png", "attachment.wav", "attachment.pdf", "attachment.m4a"}

    # an image: Enter on its row shows it, decrypted into memory
    view.table.setFocus()
    view.table.selectRow(rows["attachment.png"])
    with qtbot.waitSignal(view.opened, timeout=WAIT) as shown:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert shown.args[1] == "image"
    pixmap = view.image.pixmap()
    assert not pixmap.isNull() and (pixmap.width(), pixmap.height()) == (480, 360)
    assert "64 x 48 pixels" in view.status.text()

    # a recording: a double-click plays it, streamed from the encrypted blob
    item = view.table.item(rows["attachment.wav"], 0)
    view.table.scrollToItem(item)
    cell = view.table.visualItemRect(item).center()
    assert view.table.viewport().rect().contains(cell), (cell, view.table.viewport().rect())
    with qtbot.waitSignal(view.opened, timeout=WAIT) as played:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert played.args[1] == "audio"
    qtbot.waitUntil(lambda: view.playback.position() >= 300, timeout=WAIT)
    assert view.playback.playing and view.stop_button.text().startswith("S&top playback (0:0")
    assert view.playback.duration() == pytest.approx(2000, abs=150)
    played = view.playback.attachment_id
    assert blobs_open(v, played) == 1
    view.stop()
    assert not view.playback.attachment_id and not view.stop_button.isEnabled()
    assert blobs_open(v, played) == 0

    # a document: only where the reviewer picks, after the warning (the real dialogs)
    target = tmp_path / "picked" / "letter-copy.pdf"
    target.parent.mkdir()
    warned: list[str] = []

    def answer(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            dialog.selectFile(str(target))
            dialog.accept()
        elif isinstance(dialog, QMessageBox):
            warned.append(dialog.text())
            dialog.button(QMessageBox.StandardButton.Yes).click()
            return
        if tries < 200:
            QTimer.singleShot(50, lambda: answer(tries + 1))

    QTimer.singleShot(0, answer)
    view.table.selectRow(rows["attachment.pdf"])
    with qtbot.waitSignal(view.opened, timeout=WAIT) as exported:
        view.open_button.click()
    assert exported.args[1] == "export"
    assert warned and "will NOT be encrypted" in warned[0] and str(target) in warned[0]
    assert target.read_bytes() == PDF
    assert [p.name for p in target.parent.iterdir()] == ["letter-copy.pdf"]
    ws.clear()


def runs(x: np.ndarray) -> list[np.ndarray]:
    """The stretches of sound in ``x`` that a fifth of a second of silence separates."""
    idx = np.flatnonzero(np.abs(x) > 1e-3)
    if not len(idx):
        return []
    cuts = np.flatnonzero(np.diff(idx) > RATE // 5)
    starts, ends = np.r_[idx[0], idx[cuts + 1]], np.r_[idx[cuts], idx[-1]]
    return [x[a : b + 1] for a, b in zip(starts, ends, strict=True)]


def played_out(path: Path, since: int) -> bool:
    """The server heard sound after sample ``since``, then half a second of silence (all of
    what was played has come through)."""
    x = heard(path)[since:]
    return len(loud(x)) > 0 and len(x) > RATE // 2 and bool(np.all(np.abs(x[-RATE // 2 :]) <= 1e-3))


def test_a_phones_m4a_plays_from_where_the_slider_is_moved_by_keys(
    qtbot: Any, archive: tuple[Vault, str], monitor: Path, reads: list[int]  # noqa: F811
) -> None:
    """AAC in M4A, which libsndfile cannot read, plays through FFmpeg: Enter plays it from
    the start to the end, the Left arrow on the position slider then plays it from five
    seconds before the end; the null sink hears both, each from its point to the end; every
    read of the blob is the GUI thread's; stop and lock close the blob; it is never decrypted
    to disk (the tone is compared with what the server heard)."""
    v, rid = archive
    ws, view, rows = attachments_of(qtbot, v, rid)
    view.table.setFocus()
    view.table.selectRow(rows["attachment.m4a"])
    reads.clear()
    with qtbot.waitSignal(view.opened, timeout=WAIT) as played:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert played.args[1] == "audio" and view.playback.playing
    att = view.playback.attachment_id
    assert blobs_open(v, att) == 1
    assert view.playback.duration() == pytest.approx(VOICE_S * 1000, abs=50)
    assert view.seek.isEnabled() and view.seek.maximum() == view.playback.duration()
    qtbot.waitUntil(lambda: not view.playback.playing, timeout=WAIT)  # to the end
    assert view.playback.position() == pytest.approx(VOICE_S * 1000, abs=50)
    qtbot.waitUntil(lambda: played_out(monitor, 0), timeout=WAIT)
    before = len(heard(monitor))

    view.seek.setFocus()
    qtbot.keyClick(view.seek, Qt.Key.Key_Left)  # five seconds back from the end
    at = view.playback.position()
    assert view.playback.playing and at == pytest.approx(VOICE_S * 1000 - 5000, abs=60)
    qtbot.waitUntil(lambda: not view.playback.playing, timeout=WAIT)
    qtbot.waitUntil(lambda: played_out(monitor, before), timeout=WAIT)

    ref = tone(VOICE_S)
    parts = runs(heard(monitor))
    assert len(parts) == 2, [len(p) / RATE for p in parts]  # each play whole, no gap
    first, second = parts
    assert found_at(first[: RATE // 2], ref) <= RATE * 0.02  # Enter: from the start
    assert abs(len(first) - len(ref)) <= RATE * 0.05 and similarity(first, ref) >= 0.95
    start = found_at(second[: RATE // 2], ref)
    assert abs(start - at * RATE // 1000) <= RATE * 0.02  # the key: from its point
    assert abs(len(second) - (len(ref) - start)) <= RATE * 0.05  # on to the end
    assert similarity(second, ref[start:]) >= 0.95
    assert reads and set(reads) == {threading.get_ident()}

    qtbot.keyClick(view.seek, Qt.Key.Key_Left)
    assert view.playback.playing and blobs_open(v, att) == 1
    view.stop_button.setFocus()
    qtbot.keyClick(view.stop_button, Qt.Key.Key_Space)
    assert not view.playback.playing and blobs_open(v, att) == 0
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.playback.playing and blobs_open(v, att) == 1
    ws.clear()  # the lock
    assert blobs_open(v, att) == 0


def test_a_long_text_correction_is_shown_whole(qtbot: Any, archive: tuple[Vault, str]) -> None:
    v, rid = archive
    ws = ArchiveWorkspace(v, "en")
    qtbot.addWidget(ws)
    ws.show()
    review = ws.open_record(rid)
    assert review is not None and review.diff is not None
    review.version_list.setCurrentRow(1)
    diff = review.diff
    [row] = [i for i, d in enumerate(diff.found) if d.new == CHANGED]
    item = diff.tree.topLevelItem(row)
    assert len(item.text(2)) < len(CHANGED)  # the table shows the changed passage
    diff.tree.setCurrentItem(item)
    assert not diff.whole.isHidden()
    whole = diff.whole.toPlainText()
    assert "사흘 뒤 온성으로 넘겨졌습니다." in whole  # the end of the new text, not cut
    assert whole.count("새벽에 두만강을 건너") == 12  # and all of it
    added = diff.whole.toHtml()
    assert "국경경비대에" in added and "#0a6b2d" in added  # what was added, marked
    ws.clear()
