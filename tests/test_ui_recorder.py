"""Recording in the editor on real widgets and a real capture device (a PulseAudio server
started by the test): keyboard record/marker/stop, level meter and elapsed time, playback
from memory seeking to a marker, lock stops and saves, no audio file under HOME or TMPDIR."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from intake.capture import attachments, audiostore, microphone, recording, records
from intake.vault import Vault  # noqa: E402
from tests.audio_server import Server, pulse_server, resample, similarity, speech  # noqa: E402
from tests.conftest import PASSPHRASE, make_vault  # noqa: E402
from tests.test_recording_device import TEXT, leaked  # noqa: E402
from tests.test_ui_shell import open_window, prefs_in, unlock  # noqa: E402
from ui.editor import RecordEditor  # noqa: E402
from ui.preferences import PreferencesDialog  # noqa: E402
from ui.recorder import RecorderPanel  # noqa: E402

WAIT = 30_000


@pytest.fixture
def server(audio_output: Server, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """The server, and this process pointed at it (PortAudio's ALSA "pulse" device reads
    PULSE_SERVER when the stream opens); TMPDIR a fresh folder to search for leaks. Qt plays
    to the session's ``audio_output``, connected before this one starts."""
    with pulse_server(tmp_path / "pulse") as s:
        for k, v in s.env.items():
            monkeypatch.setenv(k, v)
        tmp = tmp_path / "tmpdir"
        tmp.mkdir()
        monkeypatch.setenv("TMPDIR", str(tmp))
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))
        yield s


def player(server: Server, wav: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["paplay", str(wav)], env=server.client_env())


def audio_files_since(start: float, top: Path) -> list[str]:
    """Audio written under ``top`` since ``start`` (HOME is shared with the machine)."""
    found = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith("pytest-of")]
        for name in names:
            p = Path(folder) / name
            try:
                if not p.is_file() or p.stat().st_mtime < start:
                    continue
                with open(p, "rb") as f:
                    if f.read(4) in (b"OggS", b"fLaC", b"RIFF"):
                        found.append(str(p))
            except OSError:
                continue
    return found


def test_record_mark_stop_and_play_from_the_editor(
    qtbot: Any, tmp_path: Path, server: Server
) -> None:
    start = time.time()
    wav, ref, ref_rate = speech(tmp_path, TEXT)
    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    editor = RecordEditor(v, rid, lang="en")
    qtbot.addWidget(editor)
    editor.show()
    editor.set_section("incidents")
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT)
    editor.nav.setFocus()
    panel = editor.recorder
    panel._device = lambda: "pulse"
    qtbot.keyClick(editor.nav, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.recorder is not None
    qtbot.waitUntil(lambda: panel.status.text().startswith("Recording from"), timeout=WAIT)
    play = player(server, wav)
    levels, times = [], []

    def sample() -> bool:
        levels.append(panel.level.value())
        times.append(panel.elapsed.text())
        return play.poll() is not None

    qtbot.waitUntil(lambda: sample() and len(times) > 20, timeout=WAIT)
    qtbot.keyClick(editor.nav, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # a marker
    assert "Marker at" in panel.status.text()
    assert TMPDIR_CLEAN(tmp_path)
    qtbot.wait(1500)
    qtbot.keyClick(editor.nav, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.recorder is None and panel.status.text().startswith("Recording saved")
    assert max(levels) > 5 and len(set(times)) > 3  # the meter moved, the clock ran
    (info,) = audiostore.for_record(v, rid)
    assert info.state == "complete"
    assert editor.attachments_panel is not None
    assert [a.id for a in editor.attachments_panel.items] == [info.attachment_id]
    got, rate = audiostore.decode(v, info.attachment_id)
    assert similarity(got, resample(ref, ref_rate, rate)) >= 0.5
    (mark,) = audiostore.markers(v, info.attachment_id)
    assert mark.section == "Incidents" and 0 < mark.at_ms <= info.duration_ms

    # playback from memory, seeking to the marker
    assert panel.selected_id() == info.attachment_id and panel.markers.count() == 1
    panel._seek_to_marker(panel.markers.item(0))
    assert panel.playback.playing and panel.play_button.text() == "P&ause playback"
    qtbot.waitUntil(lambda: panel.playback.position() >= mark.at_ms + 300, timeout=WAIT)
    assert panel.playback.duration() == pytest.approx(info.duration_ms, abs=300)
    panel.stop_playback()
    assert TMPDIR_CLEAN(tmp_path)
    assert audio_files_since(start, Path.home()) == []
    editor.close()
    v.lock()


def TMPDIR_CLEAN(tmp_path: Path) -> bool:  # noqa: N802
    return leaked({"TMPDIR": str(tmp_path / "tmpdir")}) == []


def test_locking_stops_and_saves_the_recording_and_says_so(
    qtbot: Any, tmp_path: Path, server: Server
) -> None:
    path = tmp_path / "vault"
    with make_vault(path) as v:  # type: ignore[attr-defined]
        rid = records.create(v, "nk-testimony")
    prefs = prefs_in(tmp_path)
    prefs.set_input_device("pulse")
    window = open_window(qtbot, path, prefs)
    vault = unlock(qtbot, window)
    window.open_record(rid)
    panel = window.editor.recorder
    panel.start()
    qtbot.waitUntil(lambda: panel.status.text().startswith("Recording from"), timeout=WAIT)
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.elapsed > 1.0,
                    timeout=WAIT)
    window.lock_action.trigger()
    assert window.locked
    assert "Recording saved" in window.statusBar().currentMessage()
    again = unlock(qtbot, window)
    (info,) = audiostore.for_record(again, rid)
    assert info.state == "complete" and info.device == "pulse" and info.duration_ms >= 1000
    attachments.verify(again, attachments.get(again, info.attachment_id))
    assert vault is not again

    # auto-lock (the idle timer running out) does the same, and so does quitting
    window.open_record(rid)
    window.editor.recorder.start()
    qtbot.waitUntil(lambda: window.editor.recorder.recorder.elapsed > 1.0, timeout=WAIT)
    window.idle.idle.emit()
    assert window.locked and "Recording saved" in window.statusBar().currentMessage()
    again = unlock(qtbot, window)
    window.open_record(rid)
    window.editor.recorder.start()
    qtbot.waitUntil(lambda: window.editor.recorder.recorder.elapsed > 1.0, timeout=WAIT)
    window.show_records()  # closing the editor saves it too
    assert "Recording saved" in window.statusBar().currentMessage()
    window.open_record(rid)
    window.editor.recorder.start()
    qtbot.waitUntil(lambda: window.editor.recorder.recorder.elapsed > 1.0, timeout=WAIT)
    window.close()
    with Vault.open(path, PASSPHRASE) as after:
        states = [i.state for i in audiostore.for_record(after, rid)]
    assert states == ["complete"] * 4


def test_the_microphone_is_chosen_in_preferences(qtbot: Any, tmp_path: Path,
                                                  server: Server) -> None:
    prefs = prefs_in(tmp_path)
    dialog = PreferencesDialog(prefs)
    qtbot.addWidget(dialog)
    names = [dialog.input_device.itemData(i) for i in range(dialog.input_device.count())]
    assert names[0] == "" and "pulse" in names
    dialog.input_device.setCurrentIndex(names.index("pulse"))
    dialog.accept()
    assert prefs.input_device == "pulse"


def test_an_interrupted_recording_plays_after_the_next_unlock(
    qtbot: Any, tmp_path: Path, audio_output: Server
) -> None:
    from tests.test_recording import crash, feed, on_disk, tone

    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    rec = recording.Recorder(v, rid, rate=microphone.RATE)
    rec.start()
    feed(rec, tone(5.0))
    on_disk(rec, 30_000)
    crash(rec)
    v.lock()
    with Vault.open(tmp_path / "vault", PASSPHRASE) as again:
        panel = RecorderPanel(again, rid)
        qtbot.addWidget(panel)
        assert panel.recordings.count() == 1
        assert "interrupted" in panel.recordings.item(0).text()
        panel.play()
        qtbot.waitUntil(lambda: panel.playback.position() >= 1000, timeout=WAIT)
        assert panel.playback.duration() >= 3000
        panel.stop_playback()
        got, rate = audiostore.decode(again, rec.attachment_id)
        assert np.sqrt(np.mean(got**2)) > 0.1
