"""A bundle with large attachments is encrypted by age in a process of its own (agechild.py):
the same bundle, the process gone after a success, a cancel or a failure, nothing left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from crypto.errors import Cancelled, CryptoError
from intake.capture import records
from intake.handover import agechild, export, pack, recipients
from intake.vault import audit
from tests.conftest import make_vault
from tests.test_bundle import age_decrypt, keypair, sealed_record
from tests.test_export import opens_with_stock_tools

MiB = 1024 * 1024


@pytest.fixture
def v(tmp_path: Path) -> Any:
    vault = make_vault(tmp_path / "vault")
    yield vault
    vault.lock()  # type: ignore[attr-defined]


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[agechild.AgeProcess]:
    """The encryptor processes started, with the threshold at 1 MiB (a few MiB go to one)."""
    started: list[agechild.AgeProcess] = []

    class Recorded(agechild.AgeProcess):
        def __init__(self, *args: Any) -> None:
            started.append(self)  # before it can fail
            super().__init__(*args)

    monkeypatch.setattr(agechild, "AgeProcess", Recorded)
    monkeypatch.setattr(pack, "CHILD_MIN", MiB)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    return started


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_large_bundle_is_encrypted_in_a_child_and_opens_with_stock_tools(
    v: Any, tmp_path: Path, children: list[agechild.AgeProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child writes the age file, this process reads it back for the SHA-256 and syncs it
    (here every MiB): stock `age -d` opens it, `unzip -t` checks every CRC, the hash read
    out to the legal team is the file's, the attachment is the one captured, verify is clean."""
    monkeypatch.setattr(pack, "DURABLE_EVERY", MiB)
    identity, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    data = os.urandom(5 * MiB + 12_345)
    rid = sealed_record(v, files={"a.bin": data})
    out = tmp_path / "b.age"
    result = export.export_bundle(v, [rid], ["archive"], out)
    (child,) = children
    assert not alive(child.pid)
    assert out.stat().st_mode & 0o777 == 0o600
    opens_with_stock_tools(v, rid, data, out, result, identity)


@pytest.mark.parametrize(
    ("size", "cpus", "direct", "separate"),
    [(300_000, 4, True, False), (2 * MiB, 1, True, True), (2 * MiB, 2, False, False),
     (2 * MiB, 3, False, True)],
)  # fmt: skip
def test_where_age_runs_follows_the_size_the_cores_and_how_the_child_reads(
    v: Any,
    tmp_path: Path,
    children: list[agechild.AgeProcess],
    monkeypatch: pytest.MonkeyPatch,
    size: int,
    cpus: int,
    direct: bool,
    separate: bool,
) -> None:
    """A small bundle is encrypted in this process; a large one in a child on any number of
    cores where the child's age reads the pipe by its path (Linux, macOS), and from
    CHILD_CPUS cores where it reads through Python (Windows, here with no such path)."""
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    if not direct:
        monkeypatch.setattr(agechild, "_STDIN", str(tmp_path / "no-such-path"))
    identity, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    data = os.urandom(size)
    rid = sealed_record(v, files={"a.bin": data})
    result = export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")
    assert len(children) == (1 if separate else 0)
    opens_with_stock_tools(v, rid, data, tmp_path / "b.age", result, identity)


def _export_stopped_midway(
    v: Any, tmp_path: Path, children: list[agechild.AgeProcess], stop: str
) -> BaseException:
    """Export 8 MiB, stopping once 2 MiB went to the child ("cancel" or "kill" it); the
    error raised, after checking the child was running then and is gone, and nothing changed."""
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    rid = sealed_record(v, files={"a.bin": os.urandom(8 * MiB)})
    with v.transaction() as c:
        before = audit.entries(c)
    running: list[bool] = []

    def progress(done: int, total: int) -> None:
        if done >= 2 * MiB and not running:
            running.append(alive(children[0].pid))
            if stop == "kill":
                os.kill(children[0].pid, signal.SIGKILL)

    with pytest.raises((Cancelled, CryptoError)) as raised:
        export.export_bundle(
            v, [rid], ["archive"], tmp_path / "b.age",
            progress=progress, cancel=lambda: stop == "cancel" and bool(running),
        )  # fmt: skip
    assert running == [True]
    (child,) = children
    assert not alive(child.pid)
    assert not [t for t in threading.enumerate() if t.name == "bundle-read"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.txt", "vault"]
    with v.transaction() as c:
        assert audit.entries(c) == before
    assert records.get(v, rid).exported_at is None
    return raised.value


def test_a_cancel_midway_stops_the_child_and_leaves_nothing(
    v: Any, tmp_path: Path, children: list[agechild.AgeProcess]
) -> None:
    assert isinstance(_export_stopped_midway(v, tmp_path, children, "cancel"), Cancelled)


def test_a_child_killed_midway_fails_the_export_clearly_and_changes_nothing(
    v: Any, tmp_path: Path, children: list[agechild.AgeProcess]
) -> None:
    error = _export_stopped_midway(v, tmp_path, children, "kill")
    assert isinstance(error, CryptoError)
    assert "age encryption failed: its process stopped (killed by signal 9)" in str(error)


def test_the_child_s_own_error_reaches_the_zip_writer(
    tmp_path: Path, children: list[agechild.AgeProcess]
) -> None:
    """An encryption the child refuses (here a recipient that is not one) fails the writer
    with age's reason instead of leaving it waiting on a full pipe; no file is left."""
    with pytest.raises(CryptoError, match=r"age encryption failed \(FormatError: not an age"):
        with pack.encrypted_zip(tmp_path / "b.age", ["not-a-recipient"], size_hint=1 << 40) as zf:
            with zf.open("big.bin", "w", force_zip64=True) as f:
                for _ in range(16):  # more than the pipe holds
                    f.write(os.urandom(MiB))
    assert len(children) == 1 and not alive(children[0].pid)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("size", [0, 1, 65_536, 200_000])
def test_a_file_the_child_left_short_or_long_is_refused(tmp_path: Path, size: int) -> None:
    """pyrage writes the end of its file when it drops its buffer, where an error goes
    unreported: the length age's format gives for the ZIP's size is checked after."""
    _, recipient = keypair(tmp_path)
    out = tmp_path / "b.age"
    subprocess.run(["age", "-r", recipient, "-o", str(out)], input=b"z" * size, check=True)
    agechild._check_length(str(out), size)
    whole = out.read_bytes()
    for wrong in (whole[:-1], whole + b"\0", whole[:40]):
        out.write_bytes(wrong)
        with pytest.raises(CryptoError, match="not written whole"):
            agechild._check_length(str(out), size)


@pytest.mark.parametrize(
    ("stdin", "given"), [("/dev/stdin", "pipe"), ("/dev/stdin", "file"), ("/no/such/path", "pipe")]
)
def test_the_child_alone_writes_what_stock_age_opens(
    tmp_path: Path, stdin: str, given: str
) -> None:
    """The child's side of the pipe: the recipients, then the bytes, in; the age file out,
    age reading the pipe by its path (Linux, macOS) or through Python (Windows, or a file
    given as standard input, which its path would open again from its start)."""
    identity, recipient = keypair(tmp_path)
    out = tmp_path / "b.age"
    out.touch()
    header = json.dumps([recipient]).encode()
    data = os.urandom(3 * MiB + 7)
    (tmp_path / "in").write_bytes(len(header).to_bytes(4, "big") + header + data)
    boot = (
        "import sys; from intake.handover import agechild; agechild._STDIN = sys.argv[2];"
        " agechild.main(sys.argv[1])"
    )
    with open(tmp_path / "in", "rb") as source:
        run = subprocess.run(
            [sys.executable, "-c", boot, str(out), stdin],
            **({"stdin": source} if given == "file" else {"input": source.read()}),
            capture_output=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
    assert run.returncode == 0, run.stderr
    agechild._check_length(str(out), len(data))
    assert age_decrypt(out, identity) == data


def test_a_child_that_cannot_start_fails_the_export_with_its_last_words(
    v: Any, tmp_path: Path, children: list[agechild.AgeProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interpreter that cannot run the encryptor (here one that exits at once, as a
    broken install would on its import): the export fails naming why, nothing is left."""
    monkeypatch.setattr(
        agechild, "_BOOT", "import sys; sys.exit('ImportError: no module named pyrage')"
    )
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    rid = sealed_record(v, files={"a.bin": os.urandom(2 * MiB)})
    with pytest.raises(CryptoError, match=r"exit status 1: ImportError: no module named pyrage"):
        export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")
    (child,) = children
    assert not alive(child.pid)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.txt", "vault"]
    assert records.get(v, rid).exported_at is None
