"""A full disk: attaching, exporting and autosaving into a small tmpfs the test mounts
(6 MiB: an empty vault with 16 KiB pages writes 2 MiB to its WAL as it is made).

Each must fail with a clear one-line error (typed in the core, no traceback on the command
line), leave no partial file that looks complete (nothing at the target, no temp files),
and leave the vault as it was (check passes, same records, versions and attachments).
Needs root (or CAP_SYS_ADMIN) to mount; skipped with the reason otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crypto import age
from intake import check
from intake.capture import attachments, records
from intake.handover import export, pack, recipients
from intake.vault import Vault
from tests.cli_run import intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example, set_narrative

DISK = 6 * 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK},mode=0700", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def state(path: Path) -> tuple[int, int, int, list[str]]:
    with Vault.open(path, PASSPHRASE) as v:
        problems = check.check_vault(v)
        counts = tuple(
            int(v.query(f"SELECT count(*) FROM {t}")[0][0])  # noqa: S608
            for t in ("records", "sealed_versions", "attachments")
        )
    return (*counts, problems)  # type: ignore[return-value]


def fill(folder: Path, leave: int = 0) -> Path:
    """A file that takes all free space in ``folder`` but ``leave`` bytes."""
    filler = folder / "filler"
    with open(filler, "wb") as f, contextlib.suppress(OSError):
        st = os.statvfs(folder)
        f.write(b"\0" * max(st.f_bavail * st.f_frsize - leave, 0))
    return filler


def secret_file(tmp_path: Path) -> Path:
    p = tmp_path / "pass"
    p.write_bytes(PASSPHRASE + b"\n")
    return p


def test_attaching_to_a_vault_on_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    v = make_vault(small_disk / "vault")
    rid = records.create(v, FORM_ID, example())  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    before = state(small_disk / "vault")
    big = tmp_path / "recording.wav"
    big.write_bytes(os.urandom(2 * DISK))

    with Vault.open(small_disk / "vault", PASSPHRASE) as v2, pytest.raises(OSError) as err:
        attachments.add(v2, rid, big)
    assert err.value.errno == errno.ENOSPC
    assert list((small_disk / "vault" / "attachments").iterdir()) == []  # no partial blob

    r = intake("attach", rid, big, "--vault", small_disk / "vault",
               "--passphrase-file", secret_file(tmp_path))  # fmt: skip
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr[-1500:]
    assert r.stderr.strip().startswith("error:") and len(r.stderr.strip().splitlines()) == 1
    assert list((small_disk / "vault" / "attachments").iterdir()) == []
    assert state(small_disk / "vault") == before


@pytest.mark.parametrize("age_runs", ["in this process", "in a child"])
def test_exporting_to_a_full_disk(
    small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age_runs: str
) -> None:
    """Either way age runs (a child writing the file itself for a large bundle: here from
    1 MiB), a full disk is the same ENOSPC, and nothing is left."""
    if age_runs == "in a child":
        monkeypatch.setattr(pack, "CHILD_MIN", 1024 * 1024)
    v = make_vault(tmp_path / "vault")
    identity, recipient = age.generate_identity()
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    rid = records.create(v, FORM_ID, example())  # type: ignore[arg-type]
    src = tmp_path / "video.mp4"
    src.write_bytes(os.urandom(DISK + 1024 * 1024))
    attachments.add(v, rid, src)  # type: ignore[arg-type]
    records.seal_record(v, rid)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    before = state(tmp_path / "vault")
    out = small_disk / "handover.age"

    with Vault.open(tmp_path / "vault", PASSPHRASE) as v2, pytest.raises(OSError) as err:
        export.export_bundle(v2, [rid], ["archive"], out)
    assert err.value.errno == errno.ENOSPC
    assert list(small_disk.iterdir()) == []  # neither the target nor a temp file

    r = intake("export", rid, "--to", "archive", "--out", out, "--vault", tmp_path / "vault",
               "--passphrase-file", secret_file(tmp_path))  # fmt: skip
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr[-1500:]
    assert r.stderr.strip().startswith("error:") and len(r.stderr.strip().splitlines()) == 1
    assert list(small_disk.iterdir()) == []
    assert state(tmp_path / "vault") == before
    with Vault.open(tmp_path / "vault", PASSPHRASE) as v3:
        assert records.get(v3, rid).exported_at is None


def test_autosave_when_the_disk_fills_up(small_disk: Path, tmp_path: Path) -> None:
    v = make_vault(small_disk / "vault")
    doc = set_narrative(example(), "first version of the narrative")
    rid = records.create(v, FORM_ID, doc)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    before = state(small_disk / "vault")
    bigger = set_narrative(example(), "요덕 " * 300_000)  # ~2.7 MB: cannot fit
    with Vault.open(small_disk / "vault", PASSPHRASE) as v2:
        filler = fill(small_disk)  # the disk fills up while the interview is open
        with pytest.raises(Exception) as err:
            records.save_draft(v2, rid, bigger)
        assert "full" in str(err.value).lower() or getattr(err.value, "errno", 0) == errno.ENOSPC
        typed = err.value
        assert records.draft(v2, rid) == doc  # the old draft, whole
    filler.unlink()
    assert state(small_disk / "vault") == before
    with Vault.open(small_disk / "vault", PASSPHRASE) as v3:
        assert records.draft(v3, rid) == doc
    # the error the app sees is one of the core's typed errors or an OSError
    assert isinstance(typed, OSError) or type(typed).__module__.startswith("intake"), type(typed)


def test_unlocking_on_a_full_disk_says_the_disk_is_full(small_disk: Path, tmp_path: Path) -> None:
    v = make_vault(small_disk / "vault")
    records.create(v, FORM_ID, example())  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    before = {p.name: p.read_bytes() for p in (small_disk / "vault").iterdir() if p.is_file()}
    filler = fill(small_disk)
    try:
        with pytest.raises(OSError) as err, Vault.open(small_disk / "vault", PASSPHRASE):
            pass
        assert err.value.errno == errno.ENOSPC and "disk is full" in str(err.value)
        r = intake("record", "list", "--vault", small_disk / "vault",
                   "--passphrase-file", secret_file(tmp_path))
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "disk is full" in r.stderr
    finally:
        filler.unlink()
    after = {p.name: p.read_bytes() for p in (small_disk / "vault").iterdir() if p.is_file()}
    assert all(after[name] == before[name] for name in ("vault.key", "vault.db"))
    with Vault.open(small_disk / "vault", PASSPHRASE) as again:
        assert check.check_vault(again) == []
