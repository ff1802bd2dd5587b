"""The recording core without a device: PCM fed in -> Opus/FLAC -> encrypted blob, and what
the next unlock keeps of a recording cut at any byte."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import numpy as np
import pytest

from crypto import stream
from intake import check
from intake.capture import attachments, audiostore, microphone, recording, records
from intake.vault import Vault
from tests.conftest import PASSPHRASE

RATE = 48_000


def tone(seconds: float, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    # a rising pitch: every part of it differs, so a misplaced piece would not correlate
    return (0.3 * np.sin(2 * np.pi * (freq + 40 * t) * t)).astype("float32")


def feed(rec: recording.Recorder, pcm: np.ndarray) -> None:
    step = int(RATE * microphone.BLOCK_SECONDS)
    for i in range(0, len(pcm), step):
        rec.feed(pcm[i : i + step])


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised cross-correlation at the best offset (FFT)."""
    n = len(a) + len(b)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    return float(np.max(np.abs(corr)) / (np.linalg.norm(a) * np.linalg.norm(b)))


def on_disk(rec: recording.Recorder, at_least: int) -> None:
    """Wait until the writer thread has put at least this many bytes into the blob."""
    path = attachments.blob_path(rec.vault, rec.attachment_id)
    for _ in range(400):
        if path.stat().st_size >= at_least and rec._queue.empty():
            return
        time.sleep(0.01)
    raise AssertionError("the writer thread wrote nothing")


def crash(rec: recording.Recorder) -> None:
    """What a SIGKILL leaves: the writer thread gone, the file closed, no final chunk."""
    rec.state = "killed"
    rec._queue.put(None)
    assert rec._thread is not None
    rec._thread.join()
    assert rec._file is not None
    rec._file.close()


@pytest.fixture
def rid(vault: Vault) -> str:
    return records.create(vault, "nk-testimony")


@pytest.mark.parametrize("fmt", ["opus", "flac"])
def test_round_trip_is_encrypted_hashed_and_marked(vault: Vault, rid: str, fmt: str) -> None:
    pcm = tone(4.0)
    rec = recording.Recorder(vault, rid, fmt=fmt, rate=RATE, device_name="test feed")
    att_id = rec.start()
    feed(rec, pcm[: RATE * 2])
    rec.mark("incidents", "the camp")
    rec.pause()
    feed(rec, tone(1.0, 2000.0))  # paused: not recorded
    rec.resume()
    feed(rec, pcm[RATE * 2 :])
    att = rec.stop()
    assert att.id == att_id and att.media_type == audiostore.FORMATS[fmt].media_type
    assert attachments.get(vault, att.id).kind == "audio"  # its use follows the audio consent
    raw = attachments.blob_path(vault, att.id).read_bytes()
    assert raw[:4] == stream.MAGIC and b"OggS" not in raw and b"fLaC" not in raw
    attachments.verify(vault, att)  # every chunk authenticates, SHA-256 over the plaintext
    got, rate = audiostore.decode(vault, att.id)
    assert rate == RATE and abs(len(got) - len(pcm)) <= RATE * 0.05
    assert similarity(got, pcm) >= 0.9
    info = audiostore.info(vault, att.id)
    assert (info.state, info.device, info.duration_ms) == ("complete", "test feed", 4000)
    assert audiostore.probe_seconds(vault, att.id) == pytest.approx(4.0, abs=0.05)
    assert [(m.at_ms, m.section, m.label) for m in audiostore.markers(vault, att.id)] == [
        (2000, "incidents", "the camp")
    ]
    assert check.check_vault(vault) == []


def test_a_recording_in_progress_is_not_an_orphan_nor_recovered(tmp_path: Path, vault: Vault,
                                                                  rid: str) -> None:
    rec = recording.Recorder(vault, rid, rate=RATE)
    rec.start()
    feed(rec, tone(2.0))
    on_disk(rec, 8000)
    assert attachments.orphan_blobs(vault) == []
    other = Vault.open(vault.path, PASSPHRASE)  # another unlock while it records
    try:
        assert audiostore.info(other, rec.attachment_id).state == "recording"
    finally:
        other.lock()
    feed(rec, tone(1.0))
    att = rec.stop()
    assert audiostore.info(vault, att.id).state == "complete"
    assert check.check_vault(vault) == []


def cut_points(size: int) -> list[int]:
    header, sealed = stream.HEADER_SIZE, audiostore.CHUNK_SIZE + stream.TAG_BYTES
    whole = (size - header) // sealed
    return sorted({
        header - 5,  # inside the header: nothing recorded
        header,  # no chunk yet
        header + sealed,  # one chunk: the Ogg headers and a little audio
        header + 3 * sealed + 100,  # a torn chunk
        header + (whole // 2) * sealed,  # at a chunk boundary
        header + (whole // 2) * sealed + 7,
        size - 1,
        size,  # every chunk written, the final one never
    })


@pytest.mark.parametrize("fmt", ["opus", "flac"])
def test_a_cut_recording_is_kept_interrupted_at_the_next_unlock(tmp_path: Path, vault: Vault,
                                                                rid: str, fmt: str) -> None:
    pcm = tone(6.0)
    rec = recording.Recorder(vault, rid, fmt=fmt, rate=RATE)
    rec.start()
    rec.mark("arrest", "")
    feed(rec, pcm)
    on_disk(rec, 20_000)
    crash(rec)
    path = attachments.blob_path(vault, rec.attachment_id)
    written = path.read_bytes()
    vault.lock()
    kept = []
    for cut in cut_points(len(written)):
        path.write_bytes(written[:cut])
        with Vault.open(vault.path, PASSPHRASE) as v:
            db = v.query("SELECT state FROM recordings WHERE attachment_id = ?",
                         (rec.attachment_id,))
            assert db == [("interrupted",)], cut
            att = attachments.get(v, rec.attachment_id)
            attachments.verify(v, att)  # its hash is over what was kept
            assert "interrupted" in att.note
            assert check.check_vault(v) == [], cut
            if att.size and fmt == "opus":
                got, _ = audiostore.decode(v, att.id)
                assert len(got) <= len(pcm)
                if len(got) > RATE:
                    assert similarity(got, pcm[: len(got)]) >= 0.8, cut
                kept.append(len(got) / RATE)
            assert [m.section for m in audiostore.markers(v, att.id)] == ["arrest"]
            # undo, so the next cut is a fresh crash of the same recording
            with v.transaction() as c:
                c.execute("DELETE FROM attachments WHERE id = ?", (att.id,))
                c.execute("UPDATE recordings SET state = 'recording' WHERE attachment_id = ?",
                          (att.id,))
    if fmt == "opus":
        # all that was written, less at most the last page and the chunk being filled
        assert max(kept) >= 6.0 - 1.0


def test_a_stream_closed_before_its_row_was_updated_is_kept_whole(vault: Vault,
                                                                   rid: str) -> None:
    rec = recording.Recorder(vault, rid, rate=RATE)
    rec.start()
    feed(rec, tone(3.0))
    att = rec.stop()
    with vault.transaction() as c:  # as if killed between the final chunk and the commit
        c.execute("DELETE FROM attachments WHERE id = ?", (att.id,))
        c.execute("UPDATE recordings SET state = 'recording' WHERE attachment_id = ?", (att.id,))
    vault.lock()
    with Vault.open(vault.path, PASSPHRASE) as v:
        again = attachments.get(v, att.id)
        assert (again.size, again.sha256) == (att.size, att.sha256)
        assert audiostore.info(v, att.id).state == "interrupted"


def test_salvage_keeps_the_authenticated_prefix() -> None:
    key = os.urandom(32)
    data = os.urandom(1000)
    out = io.BytesIO()
    w = stream.EncryptingWriter(key, out, b"id", chunk_size=100)
    w.write(data)
    blob_open = out.getvalue()  # 9 whole chunks sealed, the 10th buffered
    w.close()
    whole = out.getvalue()
    got = list(stream.salvage(key, io.BytesIO(whole), b"id"))
    assert b"".join(c for c, _ in got) == data and [last for _, last in got][-1] is True
    cut = list(stream.salvage(key, io.BytesIO(blob_open[:-50]), b"id"))
    assert b"".join(c for c, _ in cut) == data[:800] and not any(last for _, last in cut)
    assert list(stream.salvage(key, io.BytesIO(whole), b"other id")) == []


def test_ogg_whole_pages_stops_at_a_torn_page() -> None:
    page = b"OggS" + bytes(22) + bytes([2, 10, 5]) + bytes(15)
    assert audiostore.ogg_whole_pages(iter([page * 3])) == 3 * len(page)
    assert audiostore.ogg_whole_pages(iter([page, page[:20], page[20:], page[:-1]])) == 2 * len(
        page
    )


def test_duration_and_device_reach_the_register_here_and_in_the_archive(tmp_path: Path) -> None:
    import subprocess

    from intake.archive import evidence, pins, receive
    from intake.handover import export, recipients
    from tests.conftest import make_vault
    from tests.records_data import FORM_ID, example

    key = tmp_path / "team.key"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    identity = key.read_text()
    recipient = next(line.split(": ", 1)[1] for line in identity.splitlines() if "public" in line)
    v: Vault = make_vault(tmp_path / "interviewer")  # type: ignore[assignment]
    doc = example()
    doc["consent"]["audio_permission"] = "yes"
    rid = records.create(v, FORM_ID, doc)
    rec = recording.Recorder(v, rid, rate=RATE, device_name="USB microphone")
    rec.start()
    feed(rec, tone(3.0))
    att = rec.stop()
    records.seal_record(v, rid)
    recipients.add_recipient(v, "legal team", recipient)
    export.export_bundle(v, [rid], ["legal team"], tmp_path / "handover.age")
    (here,) = [i for i in evidence.register_items(v) if i.item_id == att.id]
    fp = v.identity.fingerprint
    v.lock()
    team: Vault = make_vault(tmp_path / "archive", name="Legal Team")  # type: ignore[assignment]
    pins.trust(team, fp, "Interviewer One", "Example NGO")
    receive.import_bundle(team, tmp_path / "handover.age", identity)
    (there,) = [i for i in evidence.register_items(team) if i.sha256 == att.sha256]
    for item in (here, there):
        assert (item.type, item.pages_or_duration, item.capture_device) == (
            "audio recording", "0:00:03", "USB microphone")
    team.lock()
