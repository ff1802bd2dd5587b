"""A second person: the supervisor's key file, the countersign policy, seal and handover
countersigned, bundles carrying both signatures, openssl checking the countersignature."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from crypto import signkey
from crypto.errors import FormatError, WrongPassphrase
from crypto.sign import SigningIdentity
from intake import check
from intake.archive import receive, verify
from intake.capture import countersign, records
from intake.errors import UsageError
from intake.handover import bundle, export, recipients
from intake.vault import audit
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.records_data import FORM_ID, example
from tests.test_bundle import age_decrypt, age_encrypt, keypair, rezip, sealed_record
from tests.test_export import unpack

SUPERVISOR_PASS = "감독자 passphrase for countersigning"


@pytest.fixture(scope="module")
def supervisor(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A supervisor key file made by the real command (Argon2id calibrated: ~1 s)."""
    folder = tmp_path_factory.mktemp("supervisor")
    secret = folder / "pass"
    secret.write_text(SUPERVISOR_PASS + "\n")
    r = intake(
        "supervisor", "keygen", "--out", folder / "sup.key", "--name", "Supervisor Lee",
        "--org", "Example NGO", "--passphrase-file", secret,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    fingerprint = r.stdout.split("fingerprint: ")[1].strip()
    data = (folder / "sup.key").read_bytes()
    assert (folder / "sup.key").stat().st_mode & 0o077 == 0
    assert b"PRIVATE KEY" not in data and b"BEGIN CERTIFICATE" in data
    assert json.loads(data)["key"]["kdf"]["memory_kib"] >= 256 * 1024
    return {
        "key": folder / "sup.key",
        "cert": folder / "sup.pem",
        "pass": secret,
        "fingerprint": fingerprint,
        "identity": signkey.unwrap(data, SUPERVISOR_PASS.encode()),
    }


def test_the_key_file_opens_only_with_its_passphrase_and_its_own_certificate(
    supervisor: dict[str, Any],
) -> None:
    data = supervisor["key"].read_bytes()
    assert supervisor["identity"].fingerprint == supervisor["fingerprint"]
    with pytest.raises(WrongPassphrase):
        signkey.unwrap(data, b"not the passphrase")
    other = SigningIdentity.create("Someone Else", None)
    doc = json.loads(data)
    doc["certificate"] = other.cert_pem().decode()
    with pytest.raises(FormatError, match="not its key's"):
        signkey.unwrap(json.dumps(doc).encode(), SUPERVISOR_PASS.encode())
    for junk in (b"", b"{}", b"\xff" * 10, b"[1]", json.dumps(dict(doc, extra=1)).encode()):
        with pytest.raises(FormatError):
            signkey.unwrap(junk, SUPERVISOR_PASS.encode())
    assert signkey.certificate(data) == supervisor["cert"].read_bytes()
    assert signkey.certificate(supervisor["cert"].read_bytes()) == supervisor["cert"].read_bytes()


def _vault_with_policy(tmp_path: Path, supervisor: dict[str, Any], **policy: bool) -> Any:
    v = make_vault(tmp_path / "vault")
    countersign.add_supervisor(v, supervisor["cert"].read_bytes())  # type: ignore[arg-type]
    countersign.set_policy(v, **policy)  # type: ignore[arg-type]
    return v


def test_a_policy_needs_a_pinned_supervisor_and_it_must_be_someone_else(tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    with pytest.raises(UsageError, match="pin a supervisor first"):
        countersign.set_policy(v, seal=True)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="another person"):
        countersign.add_supervisor(v, v.identity.cert_pem())  # type: ignore[attr-defined]


def test_sealing_under_the_policy_needs_the_pinned_supervisor(
    tmp_path: Path, supervisor: dict[str, Any]
) -> None:
    v = _vault_with_policy(tmp_path, supervisor, seal=True)
    rid = records.create(v, FORM_ID, example())
    with pytest.raises(countersign.CountersignatureRequired, match="countersignature to seal"):
        records.seal_record(v, rid)
    assert records.get(v, rid).status == "draft" and not records.sealed_versions(v, rid)
    stranger = SigningIdentity.create("Not The Supervisor", None)
    with pytest.raises(countersign.NotTheSupervisor):
        records.seal_record(v, rid, stranger)
    sv = records.seal_record(v, rid, supervisor["identity"])
    stored = records.sealed_versions(v, rid)[-1]
    assert stored.countersignature == sv.countersignature != b""
    assert stored.countersigner_cert == supervisor["cert"].read_text()
    assert check.check_vault(v) == []
    with v.transaction() as c:  # type: ignore[attr-defined]
        sealed = [e for e in audit.entries(c) if e.action == "record sealed"]
    assert sealed[-1].detail["countersigner"] == supervisor["fingerprint"]


def test_a_forged_stored_countersignature_is_found_by_check(
    tmp_path: Path, supervisor: dict[str, Any]
) -> None:
    v = make_vault(tmp_path / "vault")
    rid = records.create(v, FORM_ID, example())
    sv = records.seal_record(v, rid)
    stranger = SigningIdentity.create("Forger", None)
    with v.transaction() as c:  # type: ignore[attr-defined]
        c.execute(
            "INSERT INTO countersignatures VALUES (?, ?, ?, 'x')",
            (sv.version_hash, stranger.sign(b"something else"), stranger.cert_pem().decode()),
        )
    assert check.check_vault(v) == [f"record {rid} version 1: countersignature does not verify"]


def test_cli_policy_seal_export_verify_and_openssl(
    tmp_path: Path, passphrase_file: Path, supervisor: dict[str, Any]
) -> None:
    vault_dir = tmp_path / "vault"
    v = make_vault(vault_dir)
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    rid = records.create(v, FORM_ID, example())  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    vault = ("--vault", vault_dir, "--passphrase-file", passphrase_file)
    sup = (
        "--countersign-key",
        supervisor["key"],
        "--countersign-passphrase-file",
        supervisor["pass"],
    )

    r = intake("policy", "set", "--seal", "required", *vault)
    assert r.returncode == 2 and "pin a supervisor first" in r.stderr
    r = intake("supervisor", "add", supervisor["cert"], *vault)
    assert r.returncode == 0 and supervisor["fingerprint"] in r.stdout, r.stderr
    r = intake("policy", "set", "--seal", "required", "--handover", "required", *vault)
    assert r.returncode == 0, r.stderr
    assert "seal: countersignature required" in r.stdout and "import: one signature" in r.stdout

    r = intake("record", "seal", rid, *vault)
    assert r.returncode == 1 and "requires a supervisor's countersignature" in r.stderr
    wrong = tmp_path / "wrong"
    wrong.write_text("not the supervisor's passphrase\n")
    r = intake("record", "seal", rid, *vault, "--countersign-key", supervisor["key"],
               "--countersign-passphrase-file", wrong)  # fmt: skip
    assert r.returncode == 3, r.stderr
    r = intake("record", "seal", rid, *vault, *sup)
    assert r.returncode == 0, r.stderr
    assert f"countersigned by {supervisor['fingerprint']}" in r.stdout
    r = intake("check", *vault)
    assert r.returncode == 0, r.stderr

    out = tmp_path / "handover.age"
    r = intake("export", rid, "--to", "archive", "--out", out, *vault)
    assert r.returncode == 1 and "countersignature to handover" in r.stderr and not out.exists()
    r = intake("export", rid, "--to", "archive", "--out", out, *vault, *sup)
    assert r.returncode == 0, r.stderr

    r = intake("verify", out, "--identity", key, "--require-countersignature")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"countersigned by {supervisor['fingerprint']} (Supervisor Lee" in r.stdout
    assert f"seal countersigned by {supervisor['fingerprint']}: {rid} v1" in r.stdout
    report = json.loads(intake("verify", out, "--identity", key, "--json").stdout)
    assert report["countersigner_fingerprint"] == supervisor["fingerprint"]
    assert report["signer_fingerprint"] != supervisor["fingerprint"]

    # By hand, with stock tools: both signatures over the same manifest.json.
    folder = unpack(age_decrypt(out, key), tmp_path / "unpacked")
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert manifest["format_version"] == 3  # countersigned, with the history (issue 13)
    assert manifest["countersigner"]["fingerprint"] == supervisor["fingerprint"]
    for cert, sig in (
        ("exporter.pem", "manifest.sig"),
        ("countersigner.pem", "manifest.countersig"),
    ):
        pub = subprocess.run(
            ["openssl", "x509", "-in", str(folder / cert), "-pubkey", "-noout"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        (folder / "pub.pem").write_bytes(pub)
        ok = subprocess.run(
            ["openssl", "dgst", "-sha256", "-verify", str(folder / "pub.pem"), "-signature",
             str(folder / sig), str(folder / "manifest.json")],
            capture_output=True, text=True,
        )  # fmt: skip
        assert ok.returncode == 0 and "Verified OK" in ok.stdout, (cert, ok.stderr)
    (folder / "manifest.json").write_bytes(b" " + (folder / "manifest.json").read_bytes())
    bad = subprocess.run(
        ["openssl", "dgst", "-sha256", "-verify", str(folder / "pub.pem"), "-signature",
         str(folder / "manifest.countersig"), str(folder / "manifest.json")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode != 0


def test_an_archive_requiring_countersignatures_refuses_a_bundle_without_one(
    tmp_path: Path, supervisor: dict[str, Any]
) -> None:
    key, recipient = keypair(tmp_path)
    single = make_vault(tmp_path / "single")
    recipients.add_recipient(single, "archive", recipient)  # type: ignore[arg-type]
    plain = tmp_path / "plain.age"
    export.export_bundle(single, [sealed_record(single)], ["archive"], plain)  # type: ignore[arg-type]
    single.lock()  # type: ignore[attr-defined]

    two = _vault_with_policy(tmp_path, supervisor, handover=True)
    recipients.add_recipient(two, "archive", recipient)
    rid = sealed_record(two)
    signed = tmp_path / "signed.age"
    with pytest.raises(countersign.CountersignatureRequired):
        export.export_bundle(two, [rid], ["archive"], signed)
    assert not signed.exists()
    export.export_bundle(two, [rid], ["archive"], signed, countersigner=supervisor["identity"])
    two.lock()

    # Old-style (version 1) bundles still verify; only a requirement turns them away.
    identity = key.read_text()
    assert verify.verify(plain, identity).ok
    report = verify.verify(plain, identity, require_countersignature=True)
    assert report.problems == [
        "manifest.json: no countersignature, and a supervisor's countersignature is required"
    ]

    archive = make_vault(tmp_path / "archive", name="Legal Team")
    countersign.set_policy(archive, **{"import": True})  # type: ignore[arg-type]
    with pytest.raises(Exception, match="does not verify; nothing was imported"):
        receive.import_bundle(archive, plain, identity, trust_new=True)  # type: ignore[arg-type]
    assert not archive.query("SELECT 1 FROM records")  # type: ignore[attr-defined]
    result = receive.import_bundle(archive, signed, identity, trust_new=True)  # type: ignore[arg-type]
    assert result.new_records == [rid]
    assert result.report is not None
    assert result.report.countersigner_fingerprint == supervisor["fingerprint"]
    archive.lock()  # type: ignore[attr-defined]


def test_a_stripped_or_swapped_countersignature_is_named(
    tmp_path: Path, supervisor: dict[str, Any]
) -> None:
    key, recipient = keypair(tmp_path)
    v = _vault_with_policy(tmp_path, supervisor)
    recipients.add_recipient(v, "archive", recipient)
    out = tmp_path / "signed.age"
    export.export_bundle(
        v, [sealed_record(v)], ["archive"], out, countersigner=supervisor["identity"]
    )
    v.lock()
    zipped = age_decrypt(out, key)
    identity = key.read_text()

    def problems_of(data: bytes, name: str) -> list[str]:
        return verify.verify(age_encrypt(data, recipient, tmp_path / name), identity).problems

    stripped = rezip(zipped, lambda n, d: None if n in bundle.COUNTERSIGN_FILES else d)
    assert problems_of(stripped, "stripped.age") == [
        "manifest.json: names a countersigner, but manifest.countersig or countersigner.pem"
        " is missing"
    ]
    forger = SigningIdentity.create("Supervisor Lee", "Example NGO")
    swapped = rezip(
        zipped,
        lambda n, d: forger.cert_pem() if n == bundle.COUNTERSIGNER else d,
    )
    problems = problems_of(swapped, "swapped.age")
    assert (
        "manifest.countersig: the countersignature over manifest.json does not verify" in problems
    )
    assert "manifest.json: the countersigner it names is not countersigner.pem's" in problems


def test_the_default_policy_is_one_signature_and_unknown_actions_are_refused(
    tmp_path: Path,
) -> None:
    v = make_vault(tmp_path / "vault")
    assert countersign.policy(v) == countersign.Policy()  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown policy action 'sealing'"):
        countersign.set_policy(v, sealing=True)  # type: ignore[arg-type]
