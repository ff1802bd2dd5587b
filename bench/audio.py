"""Recording: CPU while recording (extrapolated to an hour), bytes per minute, drop-outs.

Each run records from a real capture device: a PulseAudio server started here (null sink
plus a remapped source, as in the tests), espeak-ng speech played into it in a loop, the
app's own path (PortAudio -> ``intake.capture.recording.Recorder`` -> Opus or FLAC -> chunked
encryption, fsync every second). CPU is this process's user+system time over the
recording (capture callback, encoder, encryption, fsync), per second of audio, times 3600.
The loaded run adds two processes spinning on SHA-256 and one writing and fsyncing 1 GiB
in 8 MiB blocks, for the whole recording; a drop-out is a block the encoder had no room
for, or an overflow PortAudio reported.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import threading
import time
from multiprocessing.synchronize import Event as MpEvent
from pathlib import Path

from bench.measure import Figure
from crypto import kdf
from intake.capture import attachments, audiostore, microphone, recording, records
from intake.vault import Vault


def _spin(stop: MpEvent) -> None:
    data = os.urandom(1 << 20)
    while not stop.is_set():
        hashlib.sha256(data).digest()


def _disk(folder: str, stop: MpEvent) -> None:
    block = os.urandom(8 << 20)
    path = Path(folder) / "load.bin"
    while not stop.is_set():
        with open(path, "wb") as f:
            for _ in range(128):
                if stop.is_set():
                    break
                f.write(block)
                f.flush()
                os.fsync(f.fileno())
        path.unlink(missing_ok=True)


def _record(vault: Vault, rid: str, seconds: float, fmt: str,
            speak: Path, env: dict[str, str]) -> tuple[float, float, attachments.Attachment, int]:
    """(cpu seconds, audio seconds, attachment, drop-outs) of one recording."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            subprocess.run(["paplay", str(speak)], env=env, check=False)

    rec = recording.Recorder(vault, rid, microphone.DeviceCapture("pulse"), fmt=fmt)
    rec.start()
    if not rec.first_data.wait(recording.FIRST_DATA_TIMEOUT):
        rec.discard()
        raise RuntimeError("no audio from the bench's PulseAudio server")
    player = threading.Thread(target=loop, daemon=True)
    player.start()
    cpu0 = time.process_time()
    while rec.elapsed < seconds:
        time.sleep(0.2)
    att = rec.stop()
    cpu = time.process_time() - cpu0
    stop.set()
    player.join()
    return cpu, audiostore.info(vault, att.id).duration_ms / 1000, att, rec.total_dropouts


def audio_rows(seconds: float) -> list[Figure]:
    from tests.audio_server import pulse_server, speech

    for tool in ("pulseaudio", "paplay", "espeak-ng"):
        if shutil.which(tool) is None:
            return [Figure(f"recording (needs {tool}: scripts/setup installs it)", 0.0, "")]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        root = Path(tmp)
        with pulse_server(root / "pulse") as server:
            os.environ.update(server.env)  # PortAudio's ALSA "pulse" device reads it on open
            env = {**os.environ, "HOME": str(root / "pulse" / "home")}
            wav, _, _ = speech(root, "In the winter of nineteen ninety eight we were taken to"
                               " the camp. The guards made us work in the fields from dawn.")
            v = Vault.create(root / "vault", b"bench", name="Bench",
                             params=kdf.insecure_test_params(), insecure_test_kdf=True)
            rid = records.create(v, "nk-testimony")
            for fmt in ("opus", "flac"):
                cpu, audio, att, drops = _record(v, rid, seconds, fmt, wav, env)
                figures.append(Figure(
                    f"recording {fmt}: CPU for one hour (extrapolated from {audio:.0f} s)",
                    cpu / audio * 3600, "s", note=f"{100 * cpu / audio:.1f} % of one core",
                    runs=1))
                figures.append(Figure(f"recording {fmt}: stored bytes per minute",
                                      att.size / audio * 60 / 1024, "KiB", runs=1))
                figures.append(Figure(f"recording {fmt}: drop-outs, idle machine",
                                      float(drops), "", runs=1))
            stop = multiprocessing.Event()
            load = [multiprocessing.Process(target=_spin, args=(stop,)) for _ in range(2)]
            load.append(multiprocessing.Process(target=_disk, args=(tmp, stop)))
            for p in load:
                p.start()
            try:
                cpu, audio, att, drops = _record(v, rid, seconds, "opus", wav, env)
            finally:
                stop.set()
                for p in load:
                    p.join()
            figures.append(Figure(
                "recording opus: drop-outs under load (2 cores spinning, 1 GiB fsync writer)",
                float(drops), "", note=f"{audio:.1f} s recorded", runs=1))
            v.lock()
    return figures
