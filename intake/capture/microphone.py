"""The microphone: a capture device through PortAudio (``sounddevice``) that delivers mono
float32 PCM blocks on its own thread to a recording (intake/capture/recording.py), or any
other ``Capture`` source (tests feed one by hand)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from intake.errors import UsageError

RATE = 48_000  # Opus's own rate; PortAudio through PulseAudio captures it cleanly
BLOCK_SECONDS = 0.1


class Capture(Protocol):
    """A source of mono float32 PCM blocks, delivered to ``deliver`` on its own thread."""

    rate: int
    name: str

    def start(self, deliver: Callable[[np.ndarray], None]) -> None: ...

    def stop(self) -> None: ...


_live_streams = 0  # PortAudio may be re-initialised only while none is open


def _portaudio() -> Any:
    """sounddevice, with PortAudio's device list read afresh (a microphone plugged in, or a
    sound server started, after the first look is then seen: PortAudio lists devices once,
    at initialisation; sounddevice's documented way to refresh is to terminate and
    initialise it again)."""
    import sounddevice as sd

    if _live_streams == 0:
        with contextlib.suppress(AttributeError, sd.PortAudioError):
            sd._terminate()
            sd._initialize()
    return sd


def input_devices() -> list[str]:
    """Names of the capture devices PortAudio offers (empty when it is not installed)."""
    try:
        sd = _portaudio()
    except OSError:  # libportaudio missing
        return []
    return [str(d["name"]) for d in sd.query_devices() if int(d["max_input_channels"]) > 0]


class DeviceCapture:
    """A real input through PortAudio (``sounddevice``); ``device`` None is the default."""

    def __init__(self, device: str | None = None, rate: int = RATE) -> None:
        try:
            sd = _portaudio()
        except OSError as e:
            raise UsageError(
                f"no audio capture available (PortAudio: {e})", code="audio.unavailable"
            ) from None
        self._sd = sd
        self.rate = rate
        try:
            info: Any = sd.query_devices(device or None, "input")
        except (ValueError, sd.PortAudioError) as e:
            raise UsageError(
                f"no such input device: {device} ({e})",
                code="audio.unavailable",
                detail=str(device or ""),
            ) from None
        self.name = str(info["name"])
        self._device = device or None
        self._stream: Any = None
        self.overflows = 0

    def start(self, deliver: Callable[[np.ndarray], None]) -> None:
        def callback(indata: np.ndarray, frames: int, when: Any, status: Any) -> None:
            if status.input_overflow:
                self.overflows += 1
            deliver(indata[:, 0].copy())

        try:
            self._stream = self._sd.InputStream(
                device=self._device,
                samplerate=self.rate,
                channels=1,
                dtype="float32",
                blocksize=int(self.rate * BLOCK_SECONDS),
                callback=callback,
            )
            self._stream.start()
        except self._sd.PortAudioError as e:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
            raise UsageError(
                f"the input device cannot be opened: {e}",
                code="audio.unavailable",
                detail=self.name,
            ) from None
        global _live_streams
        _live_streams += 1

    def stop(self) -> None:
        global _live_streams
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
            _live_streams -= 1
