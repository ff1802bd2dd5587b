"""Stored audio decoded a slice at a time for playing, whatever its format: libsndfile reads
the app's own recordings (Opus, FLAC) and WAV, MP3, Ogg; FFmpeg (through PyAV) reads what
libsndfile refuses, above all AAC in MP4/M4A, what phones record (a witness's own recording
received in a bundle), and AMR. Both read the blob through the chunk-decrypting reader in the
calling thread: nothing is written, and only a slice (plus one chunk) is in memory.

An attachment may be hostile. FFmpeg gets only the audio container formats named in
``DEMUXERS`` (no playlists, no concatenation lists) and no protocol at all, so nothing inside
a file can make it open another file or a URL; a read decodes at most ``MAX_PACKETS``
packets (the GUI thread never stalls long on one); any FFmpeg error at open is
:class:`Unplayable`, and later ends the stream.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

import soundfile as sf

from crypto.errors import CryptoError
from intake.capture import attachments, audiostore
from intake.errors import UsageError
from intake.vault import Vault

if TYPE_CHECKING:
    import av.container

# FFmpeg's demuxers allowed (by their FFmpeg names): MP4/M4A/3GP, ADTS AAC, MP3, Ogg,
# Matroska/WebM, WAV, FLAC, AMR, Apple CAF, WMA.
DEMUXERS = "mov,aac,mp3,ogg,matroska,wav,flac,amr,amrnb,amrwb,caf,asf"
MAX_PACKETS = 256  # decoded per read at most (the rest, and a long skip, on the next reads)
MAX_RATE = 384_000
PREROLL_DIV = 10  # a seek decodes from a tenth of a second before the point (then skips it)
UNKNOWN = 2**40  # libsndfile's frame count of a stream that does not say its length


class Unplayable(UsageError):
    """Not audio that either decoder can play."""


class Audio(Protocol):
    """Interleaved 16-bit samples, ``channels`` per frame at ``samplerate``."""

    samplerate: int
    channels: int
    frames: int | None  # None: the stream does not say (a recording cut by a crash)

    @property
    def ended(self) -> bool:
        """All of it has been read (or the rest is damaged)."""

    def seek(self, frame: int) -> None:
        """Go to ``frame``; past the end, ``read`` gives nothing."""

    def read(self, frames: int) -> bytes:
        """Up to ``frames`` frames (fewer if decoding them would take too long this time)."""


@contextlib.contextmanager
def open_playable(vault: Vault, att_id: str) -> Iterator[Audio]:
    """The attachment's audio, decoded by libsndfile if it reads it, else by FFmpeg.
    Raises Unplayable, or CryptoError/OSError/NotFound for the blob itself."""
    with contextlib.ExitStack() as stack:
        audio: Audio
        try:
            audio = _Sndfile(lambda: audiostore.open_audio(vault, att_id), stack)
        except sf.LibsndfileError:
            stack.close()
            audio = _FFmpeg(vault, att_id, stack)
        yield audio


class _Sndfile:
    def __init__(self, opener: Callable[[], contextlib.AbstractContextManager[sf.SoundFile]],
                 stack: contextlib.ExitStack) -> None:
        self._opener, self._stack = opener, contextlib.ExitStack()
        stack.callback(self._stack.close)
        self._file = self._stack.enter_context(opener())
        self.samplerate, self.channels = int(self._file.samplerate), int(self._file.channels)
        frames = self._file.frames
        self.frames = frames if 0 < frames < UNKNOWN else None
        self.ended = False

    def seek(self, frame: int) -> None:
        try:
            self._file.seek(frame)
            self.ended = False
        except (sf.LibsndfileError, RuntimeError):  # past the end of a cut FLAC recording:
            self.ended = True  # nothing to play, and libFLAC is left unusable: opened anew
            self._stack.close()
            try:
                self._file = self._stack.enter_context(self._opener())
            except sf.LibsndfileError as e:
                raise Unplayable("the audio could not be opened again") from e

    def read(self, frames: int) -> bytes:
        if self.ended:
            return b""
        try:
            block = self._file.read(frames, dtype="int16", always_2d=True)
        except (sf.LibsndfileError, RuntimeError, OSError, ValueError):
            self.ended = True  # a damaged chunk ends it
            return b""
        self.ended = len(block) < frames
        return block.tobytes()


class _FFmpeg:
    def __init__(self, vault: Vault, att_id: str, stack: contextlib.ExitStack) -> None:
        import av  # here: only a file libsndfile refused pays for loading FFmpeg

        self._av = av
        reader = stack.enter_context(attachments.reading(vault, att_id))
        try:
            container = av.open(reader, "r", container_options={
                "format_whitelist": DEMUXERS, "protocol_whitelist": "none"})
        except (av.FFmpegError, ValueError, EOFError) as e:
            raise Unplayable("not audio FFmpeg reads") from e
        stack.callback(container.close)
        if not container.streams.audio:
            raise Unplayable("no audio stream")
        self._container: av.container.InputContainer = container
        self._stream = container.streams.audio[0]
        ctx = self._stream.codec_context
        rate, channels = ctx.sample_rate, ctx.channels
        if not (0 < rate <= MAX_RATE and channels > 0):
            raise Unplayable("no usable sample rate or channels")
        self.samplerate, self.channels = int(rate), 1 if channels == 1 else 2
        self._time_base = self._stream.time_base
        seconds: Any = None
        if self._stream.duration and self._time_base:
            seconds = self._stream.duration * self._time_base
        elif container.duration:
            seconds = container.duration / av.time_base
        frames = int(seconds * rate) if seconds else 0
        self.frames = frames if 0 < frames < UNKNOWN else None
        self._start(0)
        self._packets = container.demux(self._stream)

    def _start(self, frame: int) -> None:
        self._skip, self._held, self._eof = frame, b"", False
        self._next: int | None = None  # the frame the next decoded sample is, once known
        self._resampler = self._av.AudioResampler(
            format="s16", layout="mono" if self.channels == 1 else "stereo",
            rate=self.samplerate)

    def seek(self, frame: int) -> None:
        self._start(frame)
        try:
            # from a little before: a decoder needs the frame before to rebuild the first
            # (before 0 too: an encoder's priming frame comes before the first sample)
            ahead = frame - self.samplerate // PREROLL_DIV
            at = int(ahead / self.samplerate / self._time_base) if self._time_base else 0
            self._container.seek(at, stream=self._stream, backward=True)
            self._stream.codec_context.flush_buffers()
            self._packets = self._container.demux(self._stream)
        except (self._av.FFmpegError, CryptoError, OSError, ValueError, EOFError):
            self._eof = True

    @property
    def ended(self) -> bool:
        return self._eof and not self._held

    def read(self, frames: int) -> bytes:
        want = frames * 2 * self.channels
        out, self._held = bytearray(self._held), b""
        packets = 0
        while len(out) < want and not self._eof and packets < MAX_PACKETS:
            packets += 1
            try:
                packet = next(self._packets, None)
                if packet is None:
                    self._eof = True
                    break
                for decoded in packet.decode():
                    out += self._samples(decoded)
            except (self._av.FFmpegError, CryptoError, OSError, ValueError, EOFError):
                self._eof = True  # damaged: what was decoded plays, then it ends
        self._held = bytes(out[want:])
        return bytes(out[:want])

    def _samples(self, decoded: Any) -> bytes:
        """The frame as interleaved int16, less what lies before the point sought."""
        if self._next is None:  # the first frame after a seek says where it is
            pts = decoded.pts
            self._next = (int(pts * self._time_base * self.samplerate)
                          if pts is not None and self._time_base else 0)
        data = b"".join(bytes(f.to_ndarray().tobytes())
                        for f in self._resampler.resample(decoded))
        got = len(data) // (2 * self.channels)
        drop = min(max(self._skip - self._next, 0), got)
        self._next = self._next + got
        return data[drop * 2 * self.channels:]
