"""Anchored history (intake/vault/history.py): signed, counted checkpoints at every seal and export,
carried in every bundle; the archive remembers each key's chain and flags a fork; a short
code checked by `intake check --against`. And pinned signers: an unpinned or impersonating
signer is refused unless the user says --trust-new. And a bundle from before this change
(tests/fixtures/bundles, made by main at c485b9a) still verifies and imports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crypto import sign
from intake import check
from intake.archive import pins, receive, verify
from intake.capture import attachments, listing, records
from intake.errors import CheckFailed
from intake.handover import export, recipients
from intake.vault import Vault, audit, history
from tests.cli_run import intake
from tests.conftest import PASSPHRASE, make_vault
from tests.test_bundle import keypair, sealed_record

FIXTURES = Path(__file__).parent / "fixtures" / "bundles"


class Interviewer:
    def __init__(self, tmp: Path, name: str = "Interviewer One", folder: str = "iv") -> None:
        self.path = tmp / folder
        self.tmp = tmp
        self.key, recipient = keypair(tmp, f"{folder}-archive.key")
        v = make_vault(self.path, name=name)
        recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
        v.lock()  # type: ignore[attr-defined]
        self.identity = self.key.read_text()
        self.n = 0

    def open(self) -> Vault:
        return Vault.open(self.path, PASSPHRASE)

    def seal(self) -> str:
        with self.open() as v:
            return sealed_record(v)

    def export(self, rids: list[str] | None = None) -> Path:
        self.n += 1
        out = self.tmp / f"{self.path.name}-bundle{self.n}.age"
        with self.open() as v:
            ids = rids or [r.id for r in listing.list_records(v) if r.status == "sealed"]
            export.export_bundle(v, ids, ["archive"], out)
        return out


def _archive(tmp: Path, name: str = "archive") -> Path:
    make_vault(tmp / name, name="Legal Team").lock()  # type: ignore[attr-defined]
    return tmp / name


def _import(archive: Path, bundle: Path, identity: str, **kw: bool) -> receive.ImportResult:
    with Vault.open(archive, PASSPHRASE) as a:
        return receive.import_bundle(a, bundle, identity, **kw)


def test_every_seal_and_export_leaves_a_signed_checkpoint(tmp_path: Path) -> None:
    iv = Interviewer(tmp_path)
    iv.seal()
    bundle = iv.export()
    with iv.open() as v, v.transaction() as c:
        cps = history.all_checkpoints(c)
        actions = {e.seq: e.action for e in audit.entries(c)}
    assert [actions[cp.counter] for cp in cps] == ["record sealed", "exported"]
    head = history.read_head(iv.path)
    assert head == cps[-1]
    with iv.open() as v:
        cert = sign.load_certificate(v.identity.cert_pem())
    for cp in cps:
        cp.verify(cert)
    report = verify.verify(bundle, iv.identity)
    assert report.ok, report.problems
    assert report.history_status == "unchecked" and report.history_counter == cps[-1].counter


def test_a_rewritten_log_is_found_by_check(tmp_path: Path) -> None:
    """With the vault key and a raw database connection: cut the log's tail, or delete a
    sealed record with its audit rows and recompute every hash. check_vault finds both."""
    iv = Interviewer(tmp_path)
    rids = [iv.seal() for _ in range(3)]
    snapshot = tmp_path / "snapshot"
    shutil.copytree(iv.path, snapshot)

    with iv.open() as v:
        c = v._conn
        c.execute("DROP TRIGGER audit_no_delete")
        c.execute("DROP TRIGGER checkpoints_no_delete")
        cut = c.execute(
            "SELECT seq FROM audit WHERE action = 'record sealed' ORDER BY seq LIMIT 1"
        ).fetchone()[0]
        c.execute("DELETE FROM audit WHERE seq > ?", (cut,))
        c.execute("DELETE FROM checkpoints WHERE counter > ?", (cut,))  # a thorough attacker
        problems = check.check_vault(v)
    assert any("vault.head" in p and "is gone" in p for p in problems), problems

    shutil.rmtree(iv.path)
    shutil.copytree(snapshot, iv.path)
    with iv.open() as v:
        c = v._conn
        for trigger in ("audit_no_delete", "audit_no_update", "sealed_versions_no_delete"):
            c.execute(f"DROP TRIGGER {trigger}")
        c.execute("DELETE FROM sealed_versions WHERE record_id = ?", (rids[1],))
        kept = [e for e in audit.entries(c) if e.object != rids[1]]
        c.execute("DELETE FROM audit")
        prev = audit.GENESIS
        for seq, e in enumerate(kept, start=1):  # renumbered and rehashed: a valid chain
            digest = audit.entry_hash(prev, seq, e.at, e.action, e.object, e.detail)
            c.execute(
                "INSERT INTO audit (seq, at, action, object, detail, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (seq, e.at, e.action, e.object, json.dumps(e.detail), prev, digest),
            )
            prev = digest
        assert audit.verify_chain(audit.entries(c)) == []
        problems = check.check_vault(v)
    assert any("no longer has the head that was signed" in p for p in problems), problems


def test_an_older_vault_db_put_back_is_a_fork_for_the_archive_and_fails_the_code(
    tmp_path: Path, passphrase_file: Path
) -> None:
    iv = Interviewer(tmp_path)
    first = [iv.seal(), iv.seal()]
    older_db = (iv.path / "vault.db").read_bytes()  # after a few seals (locked: no WAL)
    archive = _archive(tmp_path)
    assert _import(archive, iv.export(first), iv.identity, trust_new=True).report
    r = intake("audit", "--checkpoint", "--vault", iv.path, "--passphrase-file", passphrase_file)
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    common = ("--vault", iv.path, "--passphrase-file", passphrase_file)
    assert intake("check", "--against", code, *common).returncode == 0
    with iv.open() as v:  # an attachment added after the older copy was taken
        src = tmp_path / "later.bin"
        src.write_bytes(b"evidence added later" * 100)
        late = attachments.add(v, records.create(v, "nk-testimony"), src)

    # The adversary puts the older database back (and leaves vault.head as it was).
    for name in ("vault.db-wal", "vault.db-shm"):
        (iv.path / name).unlink(missing_ok=True)
    (iv.path / "vault.db").write_bytes(older_db)
    r = intake("check", "--against", code, *common)
    assert r.returncode == 1
    assert f"checkpoint {code}: the audit log ends at entry" in r.stderr
    assert "are gone (the vault was rolled back or its log cut)" in r.stderr
    assert "vault.head (checkpoint" in r.stderr  # plain check says so too
    # Its blob has no row in the older database: kept (not swept as an orphan), and named.
    assert (iv.path / "attachments" / f"{late.id}.blob").exists()
    assert f"attachments/{late.id}.blob: no attachment or statement names this" in r.stderr

    # Work goes on in the rolled-back vault; its next bundle forks from what the archive holds.
    later = iv.seal()
    forked = iv.export([first[0], later])
    with pytest.raises(CheckFailed) as err:
        _import(archive, forked, iv.identity)
    (line,) = [p for p in err.value.problems if "FORKS" in p]
    assert "held checkpoint(s) missing" in line and "with another head" in line
    r = intake(
        "verify", forked, "--identity", iv.key, "--vault", archive,
        "--passphrase-file", passphrase_file,
    )
    assert r.returncode == 1 and "FAILED: history.json: FORKS from the history" in r.stdout
    with Vault.open(archive, PASSPHRASE) as a:
        assert a.query("SELECT count(*) FROM received_bundles") == [(1,)]


def test_bundle_from_a_rolled_back_copy_is_flagged_and_an_older_bundle_is_consistent(
    tmp_path: Path,
) -> None:
    iv = Interviewer(tmp_path)
    iv.seal()
    b1 = iv.export()
    copy = tmp_path / "copy"
    shutil.copytree(iv.path, copy)  # a copy of the laptop's vault after bundle 1
    iv.seal()
    b2 = iv.export()
    archive = _archive(tmp_path)
    first = _import(archive, b1, iv.identity, trust_new=True)
    assert first.report is not None and first.report.history_status == "first"
    second = _import(archive, b2, iv.identity)
    assert second.report is not None and second.report.history_status == "extends"

    rolled = Interviewer.__new__(Interviewer)
    rolled.__dict__.update(iv.__dict__, path=copy, n=10)
    rolled.seal()
    rolled.seal()
    b3 = rolled.export()
    with pytest.raises(CheckFailed) as err:
        _import(archive, b3, iv.identity)
    assert any("FORKS from the history this archive holds" in p for p in err.value.problems)

    again = _import(archive, b1, iv.identity)  # bundle 1 again, after 2: older, consistent
    assert again.already_imported and again.report is not None
    assert again.report.history_status == "older"
    assert "older than what this archive holds" in again.report.history

    late = _archive(tmp_path, "archive2")  # another archive gets bundle 2 first, then 1
    _import(late, b2, iv.identity, trust_new=True)
    result = _import(late, b1, iv.identity)
    assert not result.already_imported  # its records came in bundle 2 already
    assert result.report is not None and result.report.history_status == "older"


def test_an_impersonating_bundle_is_refused_flagged_and_pinned_only_when_told(
    tmp_path: Path, passphrase_file: Path
) -> None:
    real = Interviewer(tmp_path, folder="real")
    fake = Interviewer(tmp_path, folder="fake")  # same name and organisation, another key
    fake.key, fake.identity = real.key, real.identity  # both export to the same archive
    with fake.open() as v:
        recipients.remove_recipient(v, "archive")
        recipients.add_recipient(v, "archive", _recipient_of(real.key))
        fake_fp = v.identity.fingerprint
    with real.open() as v:
        real_fp = v.identity.fingerprint
    real.seal()
    fake.seal()
    archive = _archive(tmp_path)
    with Vault.open(archive, PASSPHRASE) as a:
        pins.trust(a, real_fp, "Interviewer One", "Example NGO")
    assert _import(archive, real.export(), real.identity).new_records
    forged = fake.export()

    common = ("--vault", archive, "--passphrase-file", passphrase_file)
    r = intake("import", forged, "--identity", real.key, *common)
    assert r.returncode == 1
    assert f"signer {fake_fp} ('Interviewer One' by its own claim) is not pinned" in r.stderr
    assert "POSSIBLE IMPERSONATION" in r.stderr and real_fp in r.stderr
    r = intake("verify", forged, "--identity", real.key, *common)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith(f"signer NOT pinned in this archive: {fake_fp}")
    assert "POSSIBLE IMPERSONATION of the pinned Interviewer One" in r.stdout.splitlines()[0]
    r = intake("verify", forged, "--identity", real.key)  # no archive: says so, first line
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].startswith("signer NOT checked against pinned keys")

    r = intake("import", forged, "--identity", real.key, "--trust-new", *common)
    assert r.returncode == 0, r.stderr
    assert f"pinned new signer {fake_fp}" in r.stdout and "same name as the pinned" in r.stderr
    with Vault.open(archive, PASSPHRASE) as a:
        assert pins.pinned_names(a)[fake_fp] == "Interviewer One"


def _recipient_of(key: Path) -> str:
    line = next(x for x in key.read_text().splitlines() if "public key:" in x)
    return line.split("public key:")[1].strip()


def test_a_bundle_from_before_anchored_history_verifies_and_imports(
    tmp_path: Path, passphrase_file: Path
) -> None:
    bundle = FIXTURES / "format1-before-history.age"
    key = FIXTURES / "format1-before-history.key"
    r = intake("verify", bundle, "--identity", key)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "history: not carried (bundle format 1, made before anchored history)" in r.stdout
    archive = _archive(tmp_path)
    common = ("--vault", archive, "--passphrase-file", passphrase_file)
    assert intake("import", bundle, "--identity", key, *common).returncode == 1  # not pinned
    r = intake("import", bundle, "--identity", key, "--trust-new", *common)
    assert r.returncode == 0, r.stderr
    assert "1 new record(s)" in r.stdout
    assert intake("check", *common).returncode == 0
