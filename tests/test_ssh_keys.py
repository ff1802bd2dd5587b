"""SSH keys legal teams already have: ssh-ed25519 / ssh-rsa recipients and identities."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from crypto import age
from crypto.errors import FormatError
from intake.handover import export, recipients
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.test_bundle import AGE, keypair, sealed_record


def ssh_key(folder: Path, kind: str = "ed25519", passphrase: str = "") -> tuple[Path, str]:
    """A stock ssh-keygen private key file and its public key line (with a comment)."""
    key = folder / f"id_{kind}{'_pp' if passphrase else ''}"
    bits = ["-b", "2048"] if kind == "rsa" else []
    subprocess.run(
        ["ssh-keygen", "-q", "-t", kind, *bits, "-N", passphrase, "-C", "team@court",
         "-f", str(key)],
        check=True,
        capture_output=True,
    )
    return key, key.with_suffix(".pub").read_text().strip()


def test_ssh_recipients_and_identities_round_trip(tmp_path: Path) -> None:
    for kind in ("ed25519", "rsa"):
        key, public = ssh_key(tmp_path, kind)
        canonical = age.parse_recipient(public)
        assert canonical == " ".join(public.split()[:2])  # the comment is dropped
        sealed = io.BytesIO()
        age.encrypt(io.BytesIO(b"testimony"), sealed, [canonical])
        out = io.BytesIO()
        age.decrypt(io.BytesIO(sealed.getvalue()), out, key.read_text())
        assert out.getvalue() == b"testimony"
    for bad in ("ssh-ed25519 AAAA", "ssh-rsa", "ssh-ed25519 " + "A" * 5000):
        with pytest.raises(FormatError):
            age.parse_recipient(bad)


def test_unusable_ssh_identities_say_why(tmp_path: Path) -> None:
    protected, _ = ssh_key(tmp_path, "ed25519", passphrase="correct horse")
    with pytest.raises(FormatError, match="passphrase-protected"):
        age.load_identity(protected.read_text())
    ecdsa, ecdsa_public = ssh_key(tmp_path, "ecdsa")
    with pytest.raises(FormatError, match="only ssh-ed25519 and ssh-rsa"):
        age.load_identity(ecdsa.read_text())
    with pytest.raises(FormatError):
        age.parse_recipient(ecdsa_public)
    _, public = ssh_key(tmp_path, "ed25519")
    with pytest.raises(FormatError, match="public key"):
        age.load_identity(public)


def test_export_to_a_bare_ssh_ed25519_key_opens_with_stock_age_and_verify(
    tmp_path: Path, passphrase_file: Path
) -> None:
    key, public = ssh_key(tmp_path)
    v = make_vault(tmp_path / "vault")
    rid = sealed_record(v)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    common = ["--vault", tmp_path / "vault", "--passphrase-file", passphrase_file]
    out = tmp_path / "handover.age"
    run = intake("export", rid, "--to", public, "--out", out, *common)
    assert run.returncode == 2 and "--class" in run.stderr and not out.exists()
    run = intake("export", rid, "--to", public, "--class", "own_archive", "--out", out, *common)
    assert run.returncode == 0, run.stderr
    opened = subprocess.run([AGE, "-d", "-i", str(key), str(out)], capture_output=True)
    assert opened.returncode == 0 and opened.stdout[:2] == b"PK"
    run = intake("verify", out, "--identity", key)
    assert run.returncode == 0, run.stdout + run.stderr
    # An identity file age cannot use is named; the bundle is not blamed.
    protected, _ = ssh_key(tmp_path, "ed25519", passphrase="pw")
    run = intake("verify", out, "--identity", protected)
    assert run.returncode == 2
    assert str(protected) in run.stderr and "passphrase" in run.stderr
    assert "handover.age" not in run.stderr
    other, _ = keypair(tmp_path, "other.txt")
    assert intake("verify", out, "--identity", other).returncode == 3


def test_ssh_rsa_key_registered_as_a_recipient(tmp_path: Path) -> None:
    key, public = ssh_key(tmp_path, "rsa")
    v = make_vault(tmp_path / "vault")
    r = recipients.add_recipient(v, "Court", public, "icc")  # type: ignore[arg-type]
    assert r.recipient.startswith("ssh-rsa ") and "team@court" not in r.recipient
    with pytest.raises(Exception, match="not a key"):
        recipients.add_recipient(v, "ssh-rsa AAAA", public, "icc")  # type: ignore[arg-type]
    doc_grants = [{"recipient": "icc", "identity_level": "pseudonym"}]
    from tests.records_data import example

    doc = example()
    doc["consent"]["grants"] = doc_grants
    rid = sealed_record(v, doc)  # type: ignore[arg-type]
    export.export_bundle(v, [rid], [public], tmp_path / "b.age")  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    opened = subprocess.run(
        [AGE, "-d", "-i", str(key), str(tmp_path / "b.age")], capture_output=True
    )
    assert opened.returncode == 0 and opened.stdout[:2] == b"PK"
