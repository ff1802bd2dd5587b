"""The command line needs no network: a whole run inside `unshare -n`, a network namespace
with no interface but a downed loopback. Skipped (with the reason) where the machine does
not allow creating one. The in-process guard (tests/conftest.py) covers every other test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records_data import FORM_ID, example

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
set -eu
intake() { "$PY" -m intake "$@"; }
# proof that this shell has no network: no interface is up, and a socket cannot connect
if "$PY" -c 'import socket; socket.create_connection(("1.1.1.1", 53), timeout=2)' 2>/dev/null
then echo "NETWORK REACHABLE"; exit 9; fi
intake init --vault "$W/vault" --name "Offline" --passphrase-file "$W/pass"
V="--vault $W/vault --passphrase-file $W/pass"
RID=$(intake record new --form "$FORM" --version 1 --data "$W/doc.json" $V)
intake record seal "$RID" $V
intake check $V
intake keygen --out "$W/legal.key"
RCPT=$(grep -o 'age1[0-9a-z]*' "$W/legal.key" | head -n1)
intake recipients add legal "$RCPT" $V
intake export "$RID" --to legal --out "$W/handover.age" $V
intake verify "$W/handover.age" --identity "$W/legal.key"
echo ALL-OFFLINE-OK
"""


def test_the_command_line_runs_without_any_network(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.strip()}")
    (tmp_path / "pass").write_bytes(PASSPHRASE + b"\n")
    (tmp_path / "doc.json").write_text(json.dumps(example()), encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PY": sys.executable,
        "W": str(tmp_path),
        "FORM": FORM_ID,
        "QT_QPA_PLATFORM": "offscreen",
    }
    run = subprocess.run(
        [unshare, "-n", "sh", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "ALL-OFFLINE-OK" in run.stdout
    assert "ok: every hash, signature and chain holds" in run.stdout
    assert (tmp_path / "handover.age").stat().st_size > 10_000
