"""Orphans and debris: `intake check` names blobs without rows and rows without blobs; an
export leaves no `.part` file (cancel, error, and a SIGKILL swept at the next export into
that folder); an attach killed midway leaves no orphan blob after the next unlock."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crypto.errors import Cancelled, IntegrityError
from intake import check, files
from intake.capture import attachments, records
from intake.handover import export, recipients
from intake.vault import Vault
from tests.cli_run import ROOT, intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example
from tests.test_bundle import keypair, sealed_record

BIG = 48 * 1024 * 1024


def _parts(folder: Path) -> list[Path]:
    """Temp files named as our atomic writes name them."""
    return sorted(p for p in folder.glob(".*.part") if files.PARTIAL.match(p.name))


def _spawn(*args: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "intake", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when(proc: subprocess.Popen[bytes], folder: Path, sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` once a temp file shows in ``folder`` (the write is under way)."""
    while not _parts(folder):
        assert proc.poll() is None, "finished before it could be interrupted"
        time.sleep(0.02)
    proc.send_signal(sig)
    proc.wait(30)


def test_check_names_orphan_blobs_and_rows_without_blobs(tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    rid = records.create(v, FORM_ID, example())  # type: ignore[attr-defined]
    src = tmp_path / "a.bin"
    src.write_bytes(os.urandom(1000))
    att = attachments.add(v, rid, src)  # type: ignore[arg-type]
    assert check.check_vault(v) == []  # type: ignore[arg-type]
    attachments.write_blob(v, "0123456789abcdef01234567", io.BytesIO(b"x"))  # type: ignore[arg-type]
    attachments.blob_path(v, att.id).unlink()  # type: ignore[arg-type]
    problems = check.check_vault(v)  # type: ignore[arg-type]
    assert problems == [
        "attachments/0123456789abcdef01234567.blob: no attachment or statement names this"
        " blob (orphan)",
        f"attachment {att.id}: its blob is missing (a row with no blob)",
    ]
    v.lock()  # type: ignore[attr-defined]


def test_orphan_blob_of_an_interrupted_attach_is_gone_after_the_next_unlock(
    tmp_path: Path, passphrase_file: Path
) -> None:
    path = tmp_path / "vault"
    v = make_vault(path)
    rid = records.create(v, FORM_ID, example())  # type: ignore[attr-defined]
    # What an attach killed between the blob's rename and the row's commit leaves behind.
    attachments.write_blob(v, "feedfacefeedfacefeedface", io.BytesIO(b"y" * 5000))  # type: ignore[arg-type]
    orphan = path / "attachments" / "feedfacefeedfacefeedface.blob"
    kept = orphan.read_bytes()
    v.lock()  # type: ignore[attr-defined]
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(BIG)
    # And a real attach killed while its blob is being written (a .part in attachments/).
    proc = _spawn("attach", rid, big, "--vault", path, "--passphrase-file", passphrase_file)
    _kill_when(proc, path / "attachments")
    assert not orphan.exists()  # that unlock removed it; put it back for the next one
    orphan.write_bytes(kept)
    assert _parts(path / "attachments") and len(list((path / "attachments").iterdir())) == 2
    with Vault.open(path, PASSPHRASE) as v2:
        assert list((path / "attachments").iterdir()) == []
        assert v2.swept == 1
        unlocked = [e for e in check.audit.entries(v2._conn) if e.action == "vault unlocked"]
        assert unlocked[-1].detail == {"orphans_removed": 1}
        assert check.check_vault(v2) == []


@pytest.fixture
def exporting(tmp_path: Path) -> dict[str, object]:
    v = make_vault(tmp_path / "vault")
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    rid = sealed_record(v, files={"one.bin": os.urandom(300_000)})  # type: ignore[arg-type]
    out = tmp_path / "out"
    out.mkdir()
    return {"v": v, "rid": rid, "out": out}


def test_cancelled_or_failed_export_leaves_no_part_file(exporting: dict[str, object]) -> None:
    v, rid, out = exporting["v"], str(exporting["rid"]), exporting["out"]
    assert isinstance(v, Vault) and isinstance(out, Path)
    with pytest.raises(Cancelled):
        export.export_bundle(v, [rid], ["archive"], out / "a.age", cancel=lambda: True)
    assert list(out.iterdir()) == []
    (att,) = attachments.for_record(v, rid)
    blob = attachments.blob_path(v, att.id)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 1
    blob.write_bytes(bytes(data))
    with pytest.raises(IntegrityError):
        export.export_bundle(v, [rid], ["archive"], out / "b.age")
    assert list(out.iterdir()) == []
    v.lock()


def test_export_killed_midway_is_swept_by_the_next_export_to_that_folder(
    tmp_path: Path, passphrase_file: Path
) -> None:
    path = tmp_path / "vault"
    v = make_vault(path)
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(BIG))
    rid = records.create(v, FORM_ID, example())  # type: ignore[attr-defined]
    attachments.add(v, rid, big)  # type: ignore[arg-type]
    records.seal_record(v, rid)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    out = tmp_path / "out"
    out.mkdir()
    (out / ".notes.part").write_text("the user's own file")  # not ours: left alone
    common = ("--vault", path, "--passphrase-file", passphrase_file)
    proc = _spawn("export", rid, "--to", "archive", "--out", out / "first.age", *common)
    _kill_when(proc, out)
    debris = _parts(out)
    assert len(debris) == 1 and debris[0].name.startswith(".first.age.")
    r = intake("export", rid, "--to", "archive", "--out", out / "second.age", *common)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == [".notes.part", "second.age"]
