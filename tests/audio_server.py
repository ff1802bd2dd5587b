"""A real capture device for tests: a PulseAudio server started by the test, with a null sink
whose monitor is re-exposed as an ordinary input ("mic"), stopped by its pid.

See ../shared/reference/audio-capture.md. Play into it with ``play(server, wav)``; PortAudio
reaches it as the ALSA device "pulse" (libasound2-plugins) through PULSE_SERVER.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

NEEDED = ("pulseaudio", "pactl", "paplay", "espeak-ng")
PA_CONFIG = """\
load-module module-native-protocol-unix auth-anonymous=1 socket={socket}
load-module module-null-sink sink_name=fake rate=48000 channels=1
load-module module-remap-source master=fake.monitor source_name=mic channels=1 \
source_properties=device.description=FakeMic
set-default-sink fake
set-default-source mic
"""


@dataclass(frozen=True)
class Server:
    folder: Path
    env: dict[str, str]  # what a client needs: XDG_RUNTIME_DIR and PULSE_SERVER

    def client_env(self) -> dict[str, str]:
        """This process's environment for a client tool (paplay, parec, pactl) of the server."""
        return {**os.environ, **self.env, "HOME": str(self.folder / "home")}


def require_tools() -> None:
    missing = [t for t in NEEDED if shutil.which(t) is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (scripts/setup installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def pulse_server(folder: Path) -> Iterator[Server]:
    require_tools()
    run = folder / "run"
    (run / "pulse").mkdir(parents=True)
    (folder / "home").mkdir()
    socket = run / "pulse" / "native"
    (folder / "pa.pa").write_text(PA_CONFIG.format(socket=socket))
    env = {
        "XDG_RUNTIME_DIR": str(run),
        "PULSE_SERVER": f"unix:{socket}",
    }
    full = {**os.environ, **env, "HOME": str(folder / "home")}
    proc = subprocess.Popen(
        ["pulseaudio", "--system=false", "--exit-idle-time=-1", "-n", "-F", str(folder / "pa.pa"),
         "--daemonize=no", "--use-pid-file=no", "--disable-shm=yes",
         f"--log-target=file:{folder / 'pa.log'}"],
        env=full, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            ok = subprocess.run(["pactl", "info"], env=full, capture_output=True, check=False)
            if ok.returncode == 0:
                break
            if proc.poll() is not None:
                raise RuntimeError("pulseaudio did not start: " + (folder / "pa.log").read_text())
            time.sleep(0.05)
        else:
            raise RuntimeError("pulseaudio did not answer")
        yield Server(folder, env)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def play(server: Server, wav: Path) -> None:
    """Play a file into the null sink (returns when it has been played)."""
    subprocess.run(["paplay", str(wav)], env=server.client_env(), check=True, timeout=120)


def speech(folder: Path, text: str, voice: str = "en") -> tuple[Path, np.ndarray, int]:
    """espeak-ng speech as a WAV file, and its samples (float32) and rate."""
    import soundfile as sf

    wav = folder / "speech.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), text], check=True,
                   capture_output=True)
    data, rate = sf.read(wav, dtype="float32", always_2d=True)
    return wav, data[:, 0], int(rate)


def resample(x: np.ndarray, rate: int, to: int) -> np.ndarray:
    n = int(round(len(x) * to / rate))
    return np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype("float32")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised cross-correlation of a and b at the best offset (1.0: the same signal;
    silence around the speech adds nothing to either norm)."""
    n = len(a) + len(b)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    return float(np.max(np.abs(corr)) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))


def active_span(x: np.ndarray, rate: int, threshold: float = 0.02) -> float:
    """Seconds from the first to the last sample louder than ``threshold``."""
    loud = np.flatnonzero(np.abs(x) > threshold)
    return 0.0 if not len(loud) else (loud[-1] - loud[0]) / rate
