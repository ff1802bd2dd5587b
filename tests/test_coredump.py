"""No keys in crash dumps: `intake` turns core dumps off for itself at start.

`intake attach` on a large file (the vault key in memory, a blob being written) is sent
SIGABRT under `ulimit -c unlimited`; no core file may appear. A control process under the
same limit shows the machine does write core files, so the test can fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intake import platform
from intake.capture import records
from tests.cli_run import ROOT
from tests.conftest import make_vault
from tests.records_data import FORM_ID, example

CORE_PATTERN = Path("/proc/sys/kernel/core_pattern")


def _cores(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith("core")]


def _unlimited(command: str, cwd: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        ["bash", "-c", f"ulimit -c unlimited && exec {command}"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="core files: Linux only here")
def test_sigabrt_during_attach_writes_no_core_file(tmp_path: Path, passphrase_file: Path) -> None:
    pattern = CORE_PATTERN.read_text().strip()
    if pattern.startswith("|") or "/" in pattern:
        pytest.skip(f"cores are not written to the working folder here (core_pattern {pattern})")
    control = tmp_path / "control"
    control.mkdir()
    p = _unlimited(f"{sys.executable} -c 'import os; os.abort()'", control)
    assert p.wait(60) == -signal.SIGABRT
    if not _cores(control):
        pytest.skip("this machine writes no core file even for a plain process (container?)")
    for core in _cores(control):
        core.unlink()

    vault_path = tmp_path / "vault"
    v = make_vault(vault_path)
    rid = records.create(v, FORM_ID, example())  # type: ignore[attr-defined]
    v.lock()  # type: ignore[attr-defined]
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(256 * 1024 * 1024)
    work = tmp_path / "work"
    work.mkdir()
    proc = _unlimited(
        f"{sys.executable} -m intake attach {rid} {big} --vault {vault_path}"
        f" --passphrase-file {passphrase_file}",
        work,
    )
    blobs = vault_path / "attachments"
    while not list(blobs.glob(".*.part")):  # the key is unwrapped, the blob is being written
        assert proc.poll() is None, "attach ended before it could be interrupted"
        time.sleep(0.02)
    proc.send_signal(signal.SIGABRT)
    assert proc.wait(60) == -signal.SIGABRT
    found = _cores(work) + _cores(ROOT)
    for core in found:  # hundreds of MiB holding the vault key: never leave it on disk
        core.unlink()
    assert found == []


def test_harden_process_reports_what_it_did() -> None:
    """In a child (hardening is for the life of the process): the limit is 0, hard too."""
    code = (
        "import resource; from intake import platform; print(platform.harden_process());"
        " print(resource.getrlimit(resource.RLIMIT_CORE), platform.dumpable())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    if sys.platform.startswith("linux"):
        assert out == ["['RLIMIT_CORE=0', 'PR_SET_DUMPABLE=0']", "(0, 0) False"]
    assert platform.dumpable() in (True, None)  # this test process is untouched
