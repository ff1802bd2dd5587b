"""End to end through the real `intake` command in a child process, as a user would run it."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import forms
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.records_data import FORM_ID, example, set_narrative


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    v = make_vault(tmp_path / "vault")
    v.lock()  # type: ignore[attr-defined]
    return tmp_path / "vault"


def hashes(path: Path) -> dict[str, str]:
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_init_calibrates_and_shows_the_fingerprint(tmp_path: Path, passphrase_file: Path) -> None:
    r = intake(
        "init",
        "--vault",
        tmp_path / "v",
        "--name",
        "Park",
        "--org",
        "NGO",
        "--passphrase-file",
        passphrase_file,
    )
    assert r.returncode == 0, r.stderr
    fpr = r.stdout.split("signing fingerprint: ")[1].strip()
    assert len(fpr.split(" ")) == 16
    key = json.loads((tmp_path / "v" / "vault.key").read_text())
    assert key["kdf"]["memory_kib"] >= 256 * 1024
    again = intake(
        "init", "--vault", tmp_path / "v", "--name", "Park", "--passphrase-file", passphrase_file
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    ident = intake("identity", "--vault", tmp_path / "v", "--passphrase-file", passphrase_file)
    assert ident.returncode == 0 and fpr in ident.stdout and "BEGIN CERTIFICATE" in ident.stdout


@pytest.mark.parametrize(
    ("weak", "said"),
    [
        ("password12", "too easy to guess (rated 1 of 4, at least 3 needed)"),
        ("Kim Interviewer 2026", "too easy to guess"),  # the interviewer's own name and a year
        ("sesame", "at least 10 characters"),
    ],
)
def test_a_guessable_new_passphrase_is_refused_as_set_up_refuses_it(
    tmp_path: Path, passphrase_file: Path, weak: str, said: str
) -> None:
    """`intake init` and `intake passwd` keep to the app's rule (zxcvbn Good, 10 characters):
    nothing is created, the passphrase is not changed."""
    secret = tmp_path / "weak"
    secret.write_text(weak + "\n")
    r = intake("init", "--vault", tmp_path / "v", "--name", "Kim Interviewer", "--org",
               "Example NGO", "--passphrase-file", secret)
    assert r.returncode == 2 and said in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and weak not in r.stderr
    assert not (tmp_path / "v").exists()
    make_vault(tmp_path / "vault", "Kim Interviewer").lock()  # type: ignore[attr-defined]
    key = (tmp_path / "vault" / "vault.key").read_bytes()
    r = intake("passwd", "--rotate", "--vault", tmp_path / "vault", "--passphrase-file",
               passphrase_file, "--new-passphrase-file", secret)
    assert r.returncode == 2 and said in r.stderr, r.stderr
    assert (tmp_path / "vault" / "vault.key").read_bytes() == key
    assert not (tmp_path / "vault" / ".rotate").exists()


def test_a_whole_interview_from_the_command_line(
    vault_dir: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    common = ["--vault", vault_dir, "--passphrase-file", passphrase_file]
    data = tmp_path / "record.json"
    data.write_text(
        json.dumps(set_narrative(example(), "그는 요덕관리소에서 고문을 당했다.")), encoding="utf-8"
    )

    r = intake("record", "new", "--form", FORM_ID, "--version", "1", "--data", data, *common)
    assert r.returncode == 0, r.stderr
    rid = r.stdout.strip()
    r = intake("record", "edit", rid, "--data", data, *common)
    assert r.returncode == 0, r.stderr
    assert intake("record", "validate", data, "--form", FORM_ID, "--version", "1").returncode == 0

    media = tmp_path / "map.png"
    media.write_bytes(os.urandom(200_000))
    r = intake("attach", rid, media, "--note", "hand-drawn map", *common)
    assert r.returncode == 0, r.stderr
    att_id = r.stdout.strip()

    r = intake("record", "seal", rid, *common)
    assert r.returncode == 0 and "version 1" in r.stdout, r.stderr
    r = intake("record", "edit", rid, "--data", data, *common)
    assert r.returncode == 2 and "sealed" in r.stderr
    r = intake("record", "correct", rid, *common)
    assert r.returncode == 0 and "version 2" in r.stdout
    r = intake("record", "seal", rid, *common)
    assert r.returncode == 0 and "version 2" in r.stdout

    r = intake("record", "show", rid, "--json", "--version", "1", *common)
    assert r.returncode == 0
    narrative = forms.load_form(FORM_ID, 1).values(json.loads(r.stdout), "narrative")
    assert "요덕관리소" in str(narrative[0])
    r = intake("record", "list", "--json", "--status", "sealed", *common)
    assert [x["id"] for x in json.loads(r.stdout)] == [rid]
    r = intake("search", "관리소", "--json", *common)
    assert [x["record"]["id"] for x in json.loads(r.stdout)] == [rid]

    out = tmp_path / "extracted.png"
    r = intake("attachment", "extract", att_id, "--out", out, *common)
    assert r.returncode == 0 and out.read_bytes() == media.read_bytes()

    r = intake("audit", "--json", *common)
    actions = [e["action"] for e in json.loads(r.stdout)]
    assert {
        "record created",
        "record edited",
        "attachment added",
        "record sealed",
        "record corrected",
    } <= set(actions)
    assert intake("check", *common).returncode == 0

    new_pass = tmp_path / "new"
    new_pass.write_text("a new passphrase\n")
    r = intake("passwd", *common, "--new-passphrase-file", new_pass)
    assert r.returncode == 0, r.stderr
    assert intake("record", "list", *common).returncode == 3
    assert (
        intake("record", "list", "--vault", vault_dir, "--passphrase-file", new_pass).returncode
        == 0
    )

    r = intake("wipe", "--vault", vault_dir)
    assert r.returncode == 2
    r = intake("wipe", "--yes", "--vault", vault_dir)
    assert r.returncode == 0 and not vault_dir.exists()


def test_wrong_passphrase_exits_3_and_changes_nothing(vault_dir: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not it\n")
    before = hashes(vault_dir)
    r = intake("record", "list", "--vault", vault_dir, "--passphrase-file", wrong)
    assert r.returncode == 3 and r.stderr.count("\n") == 1
    assert hashes(vault_dir) == before


def test_check_exits_1_naming_a_damaged_attachment(
    vault_dir: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    common = ["--vault", vault_dir, "--passphrase-file", passphrase_file]
    rid = intake("record", "new", "--form", FORM_ID, "--version", "1", *common).stdout.strip()
    f = tmp_path / "a.bin"
    f.write_bytes(b"x" * 100_000)
    att = intake("attach", rid, f, *common).stdout.strip()
    blob = vault_dir / "attachments" / f"{att}.blob"
    raw = bytearray(blob.read_bytes())
    raw[-5] ^= 0x80
    blob.write_bytes(bytes(raw))
    r = intake("check", *common)
    assert r.returncode == 1 and att in r.stderr


def test_bad_input_is_one_clear_line(
    vault_dir: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    common = ["--vault", vault_dir, "--passphrase-file", passphrase_file]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = intake("record", "new", "--form", FORM_ID, "--version", "1", "--data", bad, *common)
    assert r.returncode == 2 and "bad.json is not valid JSON" in r.stderr
    r = intake("record", "show", "nosuchrecord", *common)
    assert r.returncode == 2 and "no record" in r.stderr
    r = intake(
        "record", "list", "--vault", tmp_path / "nothing", "--passphrase-file", passphrase_file
    )
    assert r.returncode == 2 and "no vault" in r.stderr
    r = intake("record", "list", "--vault", vault_dir)  # no terminal, no file
    assert r.returncode == 2 and "--passphrase-file" in r.stderr


def test_search_pages(vault_dir: Path, passphrase_file: Path) -> None:
    from intake.capture import records
    from intake.vault import Vault
    from tests.conftest import PASSPHRASE

    with Vault.open(vault_dir, PASSPHRASE) as v:
        docs = [set_narrative(example(), f"강제송환 {i}") for i in range(3)]
        made = {records.create(v, FORM_ID, doc) for doc in docs}
    common = ["--vault", vault_dir, "--passphrase-file", passphrase_file, "--json"]
    first = intake("search", "강제송환", "--limit", "2", *common)
    rest = intake("search", "강제송환", "--limit", "2", "--offset", "2", *common)
    assert first.returncode == 0 and rest.returncode == 0, first.stderr + rest.stderr
    pages = [[hit["record"]["id"] for hit in json.loads(r.stdout)] for r in (first, rest)]
    assert [len(p) for p in pages] == [2, 1] and set(pages[0] + pages[1]) == made
    assert intake("search", "강제송환", "--limit", "-1", *common).returncode == 2
