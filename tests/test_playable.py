"""Audio attachments decoded for playing (intake/capture/playable.py), without Qt: an M4A
(AAC, which libsndfile cannot read) made by FFmpeg's own encoder decodes through the
decrypting reader to the same samples as FFmpeg reading the plain file, from any point sought
to the sample; a read decodes a bounded number of packets and the next reads go on where it
stopped; a chunk of the blob damaged in the middle ends the stream there, without an error;
the app's own recordings still go to libsndfile."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from crypto import stream
from intake.capture import attachments, playable, records
from intake.vault import Vault
from tests.conftest import make_vault
from tests.test_recording import RATE, tone


def m4a(pcm: np.ndarray) -> bytes:
    """``pcm`` (mono float32 at RATE) as AAC in an M4A file, what a phone records, made by
    FFmpeg's own encoder through PyAV."""
    import av

    out = io.BytesIO()
    samples = (pcm * 32767).astype("int16")
    with av.open(out, "w", format="ipod") as container:
        aac = container.add_stream("aac", rate=RATE)
        aac.layout = "mono"
        for i in range(0, len(samples), 1024):
            frame = av.AudioFrame.from_ndarray(samples[None, i : i + 1024], format="s16",
                                               layout="mono")
            frame.rate, frame.pts = RATE, i  # timed: the encoder's priming is cut by an edit list
            for packet in aac.encode(frame):
                container.mux(packet)
        for packet in aac.encode(None):
            container.mux(packet)
    return out.getvalue()


def plain_decode(data: bytes) -> np.ndarray:
    """What FFmpeg decodes from the plain file, as int16 (the reference)."""
    import av

    with av.open(io.BytesIO(data)) as c:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        return np.concatenate([f.to_ndarray()[0] for frame in c.decode(audio=0)
                               for f in resampler.resample(frame)])


def same(got: np.ndarray, want: np.ndarray) -> bool:
    """The same samples, up to the AAC decoder's noise substitution (random, and restarted
    differently after a seek): under 1 % of the signal, where one sample out of place on
    this tone is 6 %."""
    got, want = got.astype(float), want.astype(float)
    return len(got) == len(want) and bool(
        np.linalg.norm(got - want) < 0.01 * np.linalg.norm(want))


def read_all(audio: playable.Audio, frames: int = RATE // 2) -> np.ndarray:
    out = []
    for _ in range(10_000):
        out.append(audio.read(frames))
        if audio.ended:
            break
    return np.frombuffer(b"".join(out), "<i2")


@pytest.fixture
def phone(tmp_path: Path) -> tuple[Vault, str, bytes]:
    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    data = m4a(tone(30.0))
    (tmp_path / "phone.m4a").write_bytes(data)
    att = attachments.add(v, rid, tmp_path / "phone.m4a")
    (tmp_path / "phone.m4a").unlink()
    yield v, att.id, data
    v.lock()


def test_an_m4a_decodes_from_the_vault_as_from_the_plain_file_from_any_point(
    phone: tuple[Vault, str, bytes],
) -> None:
    v, att_id, data = phone
    want = plain_decode(data)
    assert 0 <= len(want) - 30 * RATE < 1024  # the priming cut (the last frame padded)
    with playable.open_playable(v, att_id) as audio:
        assert type(audio).__name__ == "_FFmpeg"
        assert (audio.samplerate, audio.channels, audio.frames) == (RATE, 1, 30 * RATE)
        assert same(read_all(audio), want)
        for at in (RATE * 17 + 123, 5, RATE * 29, RATE * 3 - 1, 0, 100):
            audio.seek(at)
            got = np.frombuffer(audio.read(RATE // 4), "<i2")
            # to the sample: the decoder rebuilt the first frame from the one before it
            assert same(got, want[at : at + RATE // 4]), at
        audio.seek(40 * RATE)  # past the end: nothing
        assert audio.read(1000) == b"" and audio.ended


def test_a_read_decodes_a_bounded_number_of_packets_and_the_next_goes_on(
    phone: tuple[Vault, str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    v, att_id, data = phone
    monkeypatch.setattr(playable, "MAX_PACKETS", 3)
    with playable.open_playable(v, att_id) as audio:
        first = audio.read(RATE)  # a second asked: 3 AAC packets (1024 samples each) given
        assert 0 < len(first) <= 3 * 1024 * 2 and not audio.ended
        audio.seek(20 * RATE)
        rest = read_all(audio, RATE)
    want = plain_decode(data)[20 * RATE :]
    assert same(rest, want)


def test_a_chunk_damaged_mid_stream_ends_it_there_without_an_error(
    phone: tuple[Vault, str, bytes],
) -> None:
    v, att_id, data = phone
    blob = attachments.blob_path(v, att_id)
    sealed = bytearray(blob.read_bytes())
    chunk = stream.CHUNK_SIZE + stream.TAG_BYTES
    assert len(sealed) > stream.HEADER_SIZE + 4 * chunk
    sealed[stream.HEADER_SIZE + 2 * chunk + 100] ^= 1  # the third chunk of the file
    blob.write_bytes(bytes(sealed))
    with playable.open_playable(v, att_id) as audio:
        got = read_all(audio)
        assert audio.ended
    want = plain_decode(data)
    # what comes before the damaged chunk plays, and nothing after it
    assert 0 < len(got) < len(want) * (3 * stream.CHUNK_SIZE) / len(data)
    assert same(got, want[: len(got)])


def test_the_apps_own_recordings_still_go_to_libsndfile(tmp_path: Path) -> None:
    from tests.test_ui_playback import recorded

    v = make_vault(tmp_path / "vault")
    assert isinstance(v, Vault)
    rid = records.create(v, "nk-testimony")
    for fmt in ("opus", "flac"):
        with playable.open_playable(v, recorded(v, rid, fmt)) as audio:
            assert type(audio).__name__ == "_Sndfile" and audio.frames == 6 * RATE
    v.lock()
