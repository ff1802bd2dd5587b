"""Playing a recording back (ui/playback.py) on real widgets, to a real sound server: what is
played reaches PulseAudio's null sink (recorded from its monitor with ``parec``) from the
marker chosen on, whole while every core is busy; every read of the encrypted blob happens
on the GUI thread, never on one of Qt's (a Python read there once deadlocked the GUI: Qt held
its lock and waited for the GIL while the GUI thread held the GIL and waited for Qt's lock);
stopping, switching recordings and locking mid-play close the blob."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import soundfile as sf  # noqa: E402
from PySide6.QtCore import QObject, Qt, Signal  # noqa: E402

from crypto import stream  # noqa: E402
from intake.capture import attachments, audiostore, recording, records  # noqa: E402
from intake.vault import Vault  # noqa: E402
from tests.audio_server import Server, similarity  # noqa: E402
from tests.conftest import PASSPHRASE, make_vault  # noqa: E402
from tests.test_playable import m4a  # noqa: E402
from tests.test_recording import RATE, feed, tone  # noqa: E402
from tests.test_ui_shell import open_window, prefs_in, unlock  # noqa: E402
from ui.playback import SERVER_MS  # noqa: E402
from ui.recorder import RecorderPanel  # noqa: E402

WAIT = 30_000
SECONDS, MARK_AT = 6.0, 3.0


def recorded(v: Vault, rid: str, fmt: str, freq: float = 440.0) -> str:
    """A recording of a rising tone (no two parts alike) with a marker at MARK_AT."""
    pcm = tone(SECONDS, freq)
    rec = recording.Recorder(v, rid, fmt=fmt, rate=RATE, device_name="test feed")
    rec.start()
    feed(rec, pcm[: int(RATE * MARK_AT)])
    rec.mark("incidents")
    feed(rec, pcm[int(RATE * MARK_AT) :])
    return rec.stop().id


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The thread of every read of a decrypting reader (the blob of what is played)."""
    seen: list[int] = []
    readinto = stream.DecryptingReader.readinto

    def spy(self: stream.DecryptingReader, buffer: Any) -> int:
        seen.append(threading.get_ident())
        return readinto(self, buffer)

    monkeypatch.setattr(stream.DecryptingReader, "readinto", spy)
    return seen


def blobs_open(v: Vault, att_id: str) -> int:
    """How many of this process's file descriptors are open on the attachment's blob."""
    blob = str(attachments.blob_path(v, att_id).resolve())
    fds = Path("/proc/self/fd")
    found = 0
    for fd in os.listdir(fds):
        try:
            found += os.readlink(fds / fd) == blob
        except OSError:
            continue
    return found


@pytest.fixture
def monitor(audio_output: Server, tmp_path: Path) -> Iterator[Path]:
    """What reaches the null sink Qt plays to, as raw float32 at RATE, from the moment the
    test starts (``parec`` on its monitor; the first bytes waited for)."""
    out = tmp_path / "heard.raw"
    env = audio_output.client_env()
    with open(out, "wb") as f:
        proc = subprocess.Popen(
            ["parec", "-d", "fake.monitor", "--raw", "--format=float32le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=20"], stdout=f, env=env)
    try:
        for _ in range(600):
            if out.stat().st_size or proc.poll() is not None:
                break
            threading.Event().wait(0.05)
        assert out.stat().st_size, "parec recorded nothing"
        yield out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def busy() -> Iterator[None]:
    """Every core busy, as on a laptop running an export while a recording is played back:
    three spinning processes per core, stopped by their pid. (With the server holding Qt's
    own 21 ms, 3 of 12 plays had a gap under this load.)"""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
             for _ in range(3 * (os.cpu_count() or 1))]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait(timeout=10)


def held_by_server(server: Server) -> list[float]:
    """Milliseconds of audio the sound server holds for each stream played to it now."""
    out = subprocess.run(["pactl", "list", "sink-inputs"], env=server.client_env(),
                         capture_output=True, text=True, check=True).stdout
    return [int(us) / 1000 for us in re.findall(r"Buffer Latency: (\d+) usec", out)]


def heard(path: Path) -> np.ndarray:
    return np.frombuffer(path.read_bytes(), "<f4")


def loud(x: np.ndarray) -> np.ndarray:
    """From the first to the last sample that is not silence (the null sink's silence is 0.0)."""
    idx = np.flatnonzero(np.abs(x) > 1e-3)
    return x[idx[0] : idx[-1] + 1] if len(idx) else x[:0]


def found_at(part: np.ndarray, whole: np.ndarray) -> int:
    """The sample of ``whole`` where ``part`` fits best (cross-correlation by FFT)."""
    size = 1 << (len(whole) + len(part)).bit_length()
    corr = np.fft.irfft(np.fft.rfft(whole, size) * np.conj(np.fft.rfft(part, size)), size)
    return int(np.argmax(corr[: len(whole)]))


@pytest.mark.parametrize("fmt", ["opus", "flac"])
def test_a_marker_plays_the_recording_from_there_to_the_sound_server(
    qtbot: Any, tmp_path: Path, audio_output: Server, monitor: Path, reads: list[int],
    busy: None, fmt: str,
) -> None:
    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    att_id = recorded(v, rid, fmt)
    played, rate = audiostore.decode(v, att_id)
    assert rate == RATE
    panel = RecorderPanel(v, rid)
    qtbot.addWidget(panel)
    panel.show()
    (mark,) = audiostore.markers(v, att_id)
    assert mark.at_ms == MARK_AT * 1000 and panel.markers.count() == 1
    reads.clear()

    # Enter on the marker plays from its time
    panel.markers.setFocus()
    panel.markers.setCurrentRow(0)
    qtbot.keyClick(panel.markers, Qt.Key.Key_Return)
    assert panel.playback.playing and panel.play_button.text() == "P&ause playback"
    assert panel.playback.attachment_id == att_id and blobs_open(v, att_id) == 1
    assert panel.playback.duration() == SECONDS * 1000
    assert mark.at_ms <= panel.playback.position() < mark.at_ms + 500
    # the server holds SERVER_MS of it, not Qt's 21 ms: a late libpulse thread leaves no gap
    held = [held_by_server(audio_output) for _ in range(5)]
    assert all(len(h) == 1 for h in held) and max(h[0] for h in held) >= SERVER_MS / 2
    qtbot.waitUntil(lambda: not panel.playback.playing, timeout=WAIT)  # the end
    assert panel.playback.position() == SECONDS * 1000
    assert panel.position.text() == "0:06" and panel.play_button.text() == "P&lay"
    # the sink's last samples reach the server, then silence
    qtbot.waitUntil(lambda: len(heard(monitor)) - len(loud(heard(monitor)))
                    > RATE // 2 and len(loud(heard(monitor))) > 0, timeout=WAIT)

    got = loud(heard(monitor))
    start = found_at(got[: RATE // 2], played)
    assert abs(start - MARK_AT * RATE) <= RATE * 0.02  # from the marker, within 20 ms
    assert abs(len(got) - (SECONDS - MARK_AT) * RATE) <= RATE * 0.05  # on to the end
    assert similarity(got, played[start:]) >= 0.95  # whole, no gap
    # every read of the blob was the GUI thread's (this one), none a thread of Qt's
    assert reads and set(reads) == {threading.get_ident()}
    panel.stop_playback()
    assert blobs_open(v, att_id) == 0
    v.lock()


def test_stopping_switching_and_locking_mid_play_close_the_blob(
    qtbot: Any, tmp_path: Path, audio_output: Server, reads: list[int]
) -> None:
    path = tmp_path / "vault"
    with make_vault(path) as v:  # type: ignore[attr-defined]
        rid = records.create(v, "nk-testimony")
        first, second = recorded(v, rid, "opus"), recorded(v, rid, "flac", 880.0)
    window = open_window(qtbot, path, prefs_in(tmp_path))
    vault = unlock(qtbot, window)
    window.open_record(rid)
    panel = window.editor.recorder
    assert panel.recordings.count() == 2
    panel.recordings.setCurrentRow(0)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.playback.position() >= 500, timeout=WAIT)
    assert blobs_open(vault, first) == 1
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)  # pause: kept open
    assert not panel.playback.playing and blobs_open(vault, first) == 1
    panel.recordings.setCurrentRow(1)  # another recording: the first one's blob closes
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert panel.playback.playing and blobs_open(vault, first) == 0
    assert blobs_open(vault, second) == 1
    panel.stop_playback()
    assert not panel.playback.playing and blobs_open(vault, second) == 0

    panel.play()
    qtbot.waitUntil(lambda: panel.playback.position() >= 500, timeout=WAIT)
    window.lock_action.trigger()  # locking mid-play stops it and closes the blob
    assert window.locked and not panel.playback.playing
    assert blobs_open(vault, second) == 0
    assert reads and set(reads) == {threading.get_ident()}


class _Churn(QObject):
    fired = Signal(int)


def test_play_seek_pause_and_switch_cycles_read_only_on_the_gui_thread(
    qtbot: Any, tmp_path: Path, audio_output: Server, reads: list[int]
) -> None:
    """The cycles that once hung a test run with Qt's player (play, seek, pause, stop, switch
    recordings, with signals connected and disconnected on the GUI thread meanwhile): each
    read is the GUI thread's, and every blob is closed at the end. Bounded; no time measured."""
    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    ids = [recorded(v, rid, "opus"), recorded(v, rid, "flac", 880.0)]
    panel = RecorderPanel(v, rid)
    qtbot.addWidget(panel)
    churn = [_Churn() for _ in range(20)]
    rnd = random.Random(7)
    for _ in range(120):
        op = rnd.randrange(5)
        if op == 0:
            panel.recordings.setCurrentRow(rnd.randrange(2))
            panel.play()
        elif op == 1:
            panel.play(rnd.randrange(int(SECONDS * 1000)))
        elif op == 2:
            panel.toggle_play()
        elif op == 3:
            panel.stop_playback()
        else:
            panel.recordings.setCurrentRow(rnd.randrange(2))
            panel._seek_to_marker(panel.markers.item(0))
        for obj in churn:
            obj.fired.connect(panel._sync)
            obj.fired.disconnect(panel._sync)
        moved = panel.playback.moved.connect(lambda _ms: None)
        panel.playback.moved.disconnect(moved)
        qtbot.wait(rnd.randrange(30))
    panel.shutdown()
    assert reads and set(reads) == {threading.get_ident()}
    assert [blobs_open(v, a) for a in ids] == [0, 0]
    v.lock()


def test_a_cut_flac_recording_plays_and_a_time_past_its_cut_ends_playback(
    qtbot: Any, tmp_path: Path, audio_output: Server, reads: list[int]
) -> None:
    """A FLAC stream cut by a crash never learnt its length: it plays, and a time past what
    was kept (a marker taken after the cut) plays nothing and stops, without an error."""
    from tests.test_recording import crash, on_disk

    path = tmp_path / "vault"
    v = make_vault(path)
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    rec = recording.Recorder(v, rid, fmt="flac", rate=RATE)
    rec.start()
    feed(rec, tone(SECONDS))
    on_disk(rec, 4 * audiostore.CHUNK_SIZE)
    crash(rec)
    v.lock()
    with Vault.open(path, PASSPHRASE) as again:
        panel = RecorderPanel(again, rid)
        qtbot.addWidget(panel)
        panel.play(10 * 60_000)  # ten minutes in: past the cut
        assert panel.playback.duration() == 0  # the stream does not say
        qtbot.waitUntil(lambda: not panel.playback.playing, timeout=WAIT)
        assert panel.playback.position() == 10 * 60_000
        panel.play(0)  # from the start it plays
        qtbot.waitUntil(lambda: panel.playback.position() >= 500, timeout=WAIT)
        assert panel.playback.playing and blobs_open(again, rec.attachment_id) == 1
        panel.shutdown(save=False)  # the wipe's stop
        assert not panel.playback.playing and blobs_open(again, rec.attachment_id) == 0
    assert reads and set(reads) == {threading.get_ident()}


def test_audio_that_cannot_be_played_says_why_and_leaves_nothing_open(
    qtbot: Any, tmp_path: Path, audio_output: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Playback.open: an M4A file (AAC, which libsndfile cannot read) opens through FFmpeg;
    a file called .m4a that is damaged, not audio at all, or a playlist or concat list (FFmpeg
    would open what they name), or a blob that fails its integrity check, is refused with a
    message."""
    from ui.playback import Playback

    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    sf.write(tmp_path / "beside.wav", tone(1.0), RATE)  # what the concat list names
    monkeypatch.chdir(tmp_path)  # (FFmpeg would find it from here)
    unplayable = []
    for name, data in [("voice.m4a", m4a(tone(2.0))), ("cut.m4a", m4a(tone(2.0))[:3000]),
                       ("garbage.m4a", b"\0\0\0\x20ftypM4A " + os.urandom(4000)),
                       ("notes.m4a", "증언 메모\n".encode() * 200),
                       # formats that would make FFmpeg open other files or URLs
                       ("playlist.m4a", b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n"
                                        b"http://127.0.0.1:9/a.aac\n#EXT-X-ENDLIST\n"),
                       ("list.m4a", b"ffconcat version 1.0\nfile 'beside.wav'\n")]:
        (tmp_path / name).write_bytes(data)
        att = attachments.add(v, rid, tmp_path / name)
        assert att.media_type == "audio/mp4"
        unplayable.append(att.id)
    voice = unplayable.pop(0)
    damaged = recorded(v, rid, "opus")
    blob = attachments.blob_path(v, damaged)
    data = bytearray(blob.read_bytes())
    data[-1] ^= 1
    blob.write_bytes(bytes(data))
    playback = Playback()
    assert playback.open(v, voice) == ""
    assert playback.duration() == pytest.approx(2000, abs=50)
    assert blobs_open(v, voice) == 1
    for att_id in unplayable:
        assert playback.open(v, att_id) == "This audio format cannot be played here."
        assert blobs_open(v, att_id) == 0
    assert playback.open(v, damaged) == (
        "This recording cannot be played: The data is damaged or was altered: it failed its"
        " integrity check.")
    assert not playback.attachment_id and not playback.playing
    assert blobs_open(v, voice) == blobs_open(v, damaged) == 0
    v.lock()
