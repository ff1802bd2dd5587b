"""Recording from a real capture device (a PulseAudio server the test starts), through
`intake record-audio`: the same core the app records with.

Speech from espeak-ng is played into the server while the command records; what is decoded
from the vault must match it. With nothing played the recording is silent, so a dead
pipeline fails. A recording killed with SIGKILL is kept at the next unlock, and `intake
check` is green. No audio file appears under HOME or TMPDIR, during or after.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from intake.capture import attachments, audiostore, microphone, records
from intake.vault import Vault
from tests.audio_server import (
    Server,
    active_span,
    play,
    pulse_server,
    resample,
    similarity,
    speech,
)
from tests.cli_run import ROOT, intake
from tests.conftest import PASSPHRASE, make_vault

TEXT = (
    "In the winter of nineteen ninety eight we were taken to the camp. "
    "The guards made us work in the fields from dawn until night."
)
AUDIO_MAGIC = (b"OggS", b"fLaC", b"RIFF", b"FORM", b"ID3")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with pulse_server(tmp_path / "pulse") as s:
        yield s


@pytest.fixture
def setup(tmp_path: Path, passphrase_file: Path) -> tuple[Path, str, dict[str, str]]:
    """A vault with one draft, and the command's own empty HOME and TMPDIR."""
    path = tmp_path / "vault"
    with make_vault(path) as v:  # type: ignore[attr-defined]
        rid = records.create(v, "nk-testimony")
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    return path, rid, {"HOME": str(home), "TMPDIR": str(tmp)}


def start(server: Server, dirs: dict[str, str], vault: Path, rid: str, secret: Path,
          seconds: float) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE")}
    env.update(server.env)
    env.update(dirs, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "intake", "record-audio", rid, "--seconds", str(seconds),
         "--device", "pulse", "--vault", str(vault), "--passphrase-file", str(secret)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()  # printed once the first audio arrived
    assert line.startswith("recording from pulse"), line + proc.stderr.read()
    return proc


def leaked(dirs: dict[str, str]) -> list[str]:
    """Files under HOME or TMPDIR that hold audio: a known header, or anything as large as a
    second of raw PCM would be (16 kHz 8-bit mono: 16,000 bytes)."""
    found = []
    for top in dirs.values():
        for folder, _, names in os.walk(top):
            for name in names:
                p = Path(folder) / name
                if not p.is_file():
                    continue
                with open(p, "rb") as f:
                    head = f.read(4)
                if head in AUDIO_MAGIC or p.stat().st_size >= 16_000:
                    found.append(str(p))
    return found


def decoded(vault_path: Path, rid: str) -> tuple[audiostore.Info, np.ndarray, int]:
    with Vault.open(vault_path, PASSPHRASE) as v:
        (info,) = audiostore.for_record(v, rid)
        samples, rate = audiostore.decode(v, info.attachment_id)
        attachments.verify(v, attachments.get(v, info.attachment_id))
    return info, samples, rate


def test_speech_played_into_the_device_is_what_the_vault_holds(
    tmp_path: Path, server: Server, setup: tuple[Path, str, dict[str, str]],
    passphrase_file: Path,
) -> None:
    vault_path, rid, dirs = setup
    wav, ref, ref_rate = speech(tmp_path, TEXT)
    proc = start(server, dirs, vault_path, rid, passphrase_file, 12)
    play(server, wav)
    during = leaked(dirs)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert during == [] and leaked(dirs) == []
    info, got, rate = decoded(vault_path, rid)
    assert (info.state, info.device, rate) == ("complete", "pulse", microphone.RATE)
    assert info.duration_ms == pytest.approx(12_000, abs=200)
    assert len(got) / rate == pytest.approx(12.0, rel=0.05)
    reference = resample(ref, ref_rate, rate)
    assert similarity(got, reference) >= 0.5
    # the speech is there at its own length: no drift, gap or glitch stretched or cut it
    assert active_span(got, rate) == pytest.approx(active_span(reference, rate), rel=0.05)
    assert np.sqrt(np.mean(got**2)) > 0.01


def test_nothing_played_records_silence(
    server: Server, setup: tuple[Path, str, dict[str, str]], passphrase_file: Path
) -> None:
    vault_path, rid, dirs = setup
    proc = start(server, dirs, vault_path, rid, passphrase_file, 3)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    info, got, rate = decoded(vault_path, rid)
    assert len(got) / rate == pytest.approx(3.0, rel=0.05)
    assert np.sqrt(np.mean(got**2)) < 1e-3


def test_a_recording_killed_midway_is_kept_and_the_vault_checks_green(
    tmp_path: Path, server: Server, setup: tuple[Path, str, dict[str, str]],
    passphrase_file: Path,
) -> None:
    vault_path, rid, dirs = setup
    wav, ref, ref_rate = speech(tmp_path, TEXT)
    proc = start(server, dirs, vault_path, rid, passphrase_file, 120)
    play(server, wav)
    play(server, wav)  # the second copy is cut somewhere: the first one is kept whole
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert leaked(dirs) == []
    with Vault.open(vault_path, PASSPHRASE) as v:  # the unlock keeps the cut recording
        (info,) = audiostore.for_record(v, rid)
        assert info.state == "interrupted"
    r = intake("check", "--vault", vault_path, "--passphrase-file", passphrase_file)
    assert r.returncode == 0 and r.stdout.startswith("ok"), r.stderr
    info, got, rate = decoded(vault_path, rid)
    assert info.duration_ms / 1000 == pytest.approx(len(got) / rate, abs=0.05)
    assert len(got) / rate >= len(ref) / ref_rate + 2
    assert similarity(got, resample(ref, ref_rate, rate)) >= 0.5


def test_sigterm_stops_and_saves(
    server: Server, setup: tuple[Path, str, dict[str, str]], passphrase_file: Path
) -> None:
    vault_path, rid, dirs = setup
    proc = start(server, dirs, vault_path, rid, passphrase_file, 600)
    time.sleep(2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    info, got, rate = decoded(vault_path, rid)
    assert info.state == "complete" and out.strip() == info.attachment_id
    assert 1.0 <= len(got) / rate <= 30
