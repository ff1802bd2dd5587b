"""Recovery shares: SLIP-39 through our wrapper, and a lost passphrase recovered with them."""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from crypto import kdf, keys, shares
from crypto.errors import FormatError, IntegrityError, WrongPassphrase
from intake.capture import records
from intake.vault import KEY_FILE, Vault, audit, recovery
from tests.cli_run import ROOT, intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID

VECTORS = Path(__file__).parent / "fixtures" / "slip39" / "vectors.json"
NEW = b"a new passphrase after the old one was lost"


@pytest.mark.parametrize(
    "vector", json.loads(VECTORS.read_text()), ids=lambda v: v[0].split(".")[0]
)
def test_slip39_library_vectors_pass_through_our_wrapper(vector: list) -> None:
    description, mnemonics, secret_hex, _ = vector
    if secret_hex:
        assert shares.combine(mnemonics, b"TREZOR").hex() == secret_hex, description
    else:
        with pytest.raises(shares.ShareError):
            shares.combine(mnemonics, b"TREZOR")


def test_the_vectors_file_is_the_whole_published_set() -> None:
    vectors = json.loads(VECTORS.read_text())
    assert len(vectors) == 45
    assert sum(1 for v in vectors if v[2]) == 15  # valid sets; the rest must be refused


def _vault_with_shares(
    tmp_path: Path, threshold: int = 2, count: int = 3
) -> tuple[Path, list[str], str]:
    path = tmp_path / "vault"
    v = make_vault(path)
    rid = records.create(v, FORM_ID)  # type: ignore[attr-defined]
    new = recovery.new_set(threshold, count)
    recovery.activate(v, new)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    return path, new.words, rid


def _recover(path: Path, given: list[str]) -> Vault:
    return recovery.recover(
        path, given, NEW, params=kdf.insecure_test_params(), insecure_test_kdf=True
    )


@pytest.mark.parametrize("pair", [(0, 1), (0, 2), (1, 2)])
def test_any_two_of_three_shares_recover_and_set_a_new_passphrase(
    tmp_path: Path, pair: tuple[int, int]
) -> None:
    path, words, rid = _vault_with_shares(tmp_path)
    with _recover(path, [words[pair[0]], words[pair[1]]]) as v:
        assert records.get(v, rid).id == rid
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    with Vault.open(path, NEW) as v, v.transaction() as c:
        actions = [e.action for e in audit.entries(c)]
        assert "recovery shares created" in actions
        assert "vault recovered with shares" in actions
        assert actions[-2] == "passphrase set by recovery"
        assert not audit.verify_chain(audit.entries(c))
    # The recovery copy survives the recovery: the same shares still work.
    with _recover(path, [words[2], words[0]]):
        pass


def test_one_share_is_too_few_and_says_how_many_are_needed(tmp_path: Path) -> None:
    path, words, _ = _vault_with_shares(tmp_path)
    before = (path / KEY_FILE).read_bytes()
    with pytest.raises(shares.ShareError, match="too few shares: 2 are needed, 1 given"):
        _recover(path, words[:1])
    assert (path / KEY_FILE).read_bytes() == before
    with Vault.open(path, PASSPHRASE):
        pass


def test_shares_from_two_sets_are_refused_with_a_message_that_says_so(tmp_path: Path) -> None:
    path, words, _ = _vault_with_shares(tmp_path)
    other = recovery.new_set().words
    with pytest.raises(shares.ShareError, match="share 3 comes from a different set"):
        _recover(path, [words[0], words[1], other[2]])
    with pytest.raises(shares.ShareError, match="share 2 comes from a different set"):
        _recover(path, [words[0], other[1]])


def test_a_repeated_or_mistyped_share_is_named(tmp_path: Path) -> None:
    path, words, _ = _vault_with_shares(tmp_path)
    with pytest.raises(shares.ShareError, match="share 2 is the same share as share 1"):
        _recover(path, [words[0], " ".join(words[0].upper().split())])
    typo = words[1].split()
    typo[5] = "zzzz"
    with pytest.raises(shares.ShareError, match="share 2: 'zzzz' is not a recovery word"):
        _recover(path, [words[0], " ".join(typo)])
    swapped = words[1].split()
    swapped[5], swapped[6] = swapped[6], swapped[5]
    if swapped != words[1].split():
        with pytest.raises(shares.ShareError, match="share 2 is not a valid recovery share"):
            _recover(path, [words[0], " ".join(swapped)])
    numbered = " ".join(f"{i}. {w}" for i, w in enumerate(words[2].split(), start=1))
    with _recover(path, [numbered, words[0]]):  # as printed on the sheet, numbers and all
        pass


def test_new_shares_invalidate_the_old_set(tmp_path: Path) -> None:
    path, old, _ = _vault_with_shares(tmp_path)
    with Vault.open(path, PASSPHRASE) as v:
        new = recovery.new_set(3, 5)
        recovery.activate(v, new)
    with pytest.raises(WrongPassphrase, match="no longer work"):
        _recover(path, old[:2])
    with pytest.raises(shares.ShareError, match="3 are needed, 2 given"):
        _recover(path, new.words[:2])
    with _recover(path, [new.words[4], new.words[1], new.words[3]]):
        pass


def test_a_passphrase_change_keeps_recovery_working(tmp_path: Path) -> None:
    path, words, _ = _vault_with_shares(tmp_path)
    with Vault.open(path, PASSPHRASE) as v:
        v.change_passphrase(
            PASSPHRASE, b"changed", kdf.insecure_test_params(), insecure_test_kdf=True
        )
    assert keys.recovery_info((path / KEY_FILE).read_bytes()) is not None
    with _recover(path, words[1:]):
        pass


def test_a_key_file_written_without_its_recovery_copy_gets_it_back_at_unlock(
    tmp_path: Path,
) -> None:
    """A rewrite that forgot the recovery copy (a rotation, an older tool) is repaired from the
    public key pinned in the database: the shares keep working."""
    path, words, _ = _vault_with_shares(tmp_path)
    with Vault.open(path, PASSPHRASE) as v:
        key = v._key
        assert key is not None
        (path / KEY_FILE).write_bytes(
            keys.wrap(key, PASSPHRASE, keys.read_params((path / KEY_FILE).read_bytes()))
        )
    assert keys.recovery_info((path / KEY_FILE).read_bytes()) is None
    with Vault.open(path, PASSPHRASE):
        pass
    assert keys.recovery_info((path / KEY_FILE).read_bytes()) is not None
    with _recover(path, words[:2]):
        pass


def test_an_altered_recovery_copy_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path, words, _ = _vault_with_shares(tmp_path)
    doc = json.loads((path / KEY_FILE).read_text())
    for field, value in (("threshold", 3), ("set_id", 1), ("nonce", "AAAAAAAAAAAAAAAA")):
        bad = json.loads(json.dumps(doc))
        bad["recovery"][field] = value
        (path / KEY_FILE).write_text(json.dumps(bad))
        with pytest.raises((IntegrityError, FormatError, WrongPassphrase)):
            _recover(path, words[:2])
    bad = json.loads(json.dumps(doc))
    bad["recovery"]["extra"] = 1
    (path / KEY_FILE).write_text(json.dumps(bad))
    with pytest.raises(FormatError, match="recovery copy"):
        _recover(path, words[:2])


def test_a_damaged_recovery_copy_never_blocks_the_passphrase_and_is_remade(
    tmp_path: Path,
) -> None:
    path, words, _ = _vault_with_shares(tmp_path)
    doc = json.loads((path / KEY_FILE).read_text())
    doc["recovery"]["public"] = 7
    (path / KEY_FILE).write_text(json.dumps(doc))
    with pytest.raises(FormatError):
        keys.recovery_info((path / KEY_FILE).read_bytes())
    with Vault.open(path, PASSPHRASE):  # the passphrase copy is untouched: it opens
        pass
    assert keys.recovery_info((path / KEY_FILE).read_bytes()) is not None  # remade
    with _recover(path, words[:2]):
        pass


def test_a_vault_without_shares_says_so(tmp_path: Path) -> None:
    make_vault(tmp_path / "v").lock()  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="no recovery shares"):
        _recover(tmp_path / "v", recovery.new_set().words[:2])


def test_confirmation_needs_the_right_words() -> None:
    share = recovery.new_set().words[0]
    words = share.split()
    assert recovery.check_confirmation(share, (3, 7), [words[3].upper(), f" {words[7]} "])
    assert not recovery.check_confirmation(share, (3, 7), [words[7], words[3]])
    picks = recovery.confirm_positions(3, len(words))
    assert len(picks) == 3 and all(a < b < len(words) for a, b in picks)


def test_cli_create_then_recover_two_of_three(tmp_path: Path, passphrase_file: Path) -> None:
    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    made = intake("recovery", "create", "--vault", path, "--passphrase-file", passphrase_file)
    assert made.returncode == 0, made.stderr
    lines = made.stdout.splitlines()
    assert len(lines) == 3 and all(len(line.split()) == 20 for line in lines)
    assert "any 2 open the vault" in made.stderr
    new_pass = tmp_path / "new"
    new_pass.write_text("recovered passphrase\n")
    one = tmp_path / "one"
    one.write_text(lines[1] + "\n")
    r = intake("recover", "--vault", path, "--shares-file", one, "--new-passphrase-file", new_pass)
    assert r.returncode == 2 and "too few shares: 2 are needed, 1 given" in r.stderr
    assert lines[1] not in r.stderr and lines[1] not in r.stdout
    two = tmp_path / "two"
    two.write_text(f"{lines[2]}\n\n{lines[0]}\n")
    weak = tmp_path / "weak"
    weak.write_text("password12\n")  # refused as set-up refuses it, good shares or not
    r = intake("recover", "--vault", path, "--shares-file", two, "--new-passphrase-file", weak)
    assert r.returncode == 2 and "too easy to guess" in r.stderr, r.stderr
    r = intake("recover", "--vault", path, "--shares-file", two, "--new-passphrase-file", new_pass)
    assert r.returncode == 0, r.stderr
    audit_out = intake("audit", "--vault", path, "--passphrase-file", new_pass)
    assert audit_out.returncode == 0 and "passphrase set by recovery" in audit_out.stdout
    again = intake(
        "recovery",
        "create",
        "--vault",
        path,
        "--passphrase-file",
        new_pass,
        "--shares",
        "4",
        "--threshold",
        "3",
    )
    assert again.returncode == 0 and len(again.stdout.splitlines()) == 4
    old = intake(
        "recover", "--vault", path, "--shares-file", two, "--new-passphrase-file", new_pass
    )
    assert old.returncode == 3 and "no longer work" in old.stderr
    bad = intake(
        "recovery",
        "create",
        "--vault",
        path,
        "--passphrase-file",
        new_pass,
        "--shares",
        "2",
        "--threshold",
        "3",
    )
    assert bad.returncode == 2 and "threshold" in bad.stderr


def _pty_session(args: list[object]) -> tuple[int, subprocess.Popen[bytes]]:
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE")}
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "intake", *map(str, args)],
        stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    return master, proc


def _read_until(master: int, buf: bytearray, pattern: bytes) -> re.Match[bytes]:
    while True:
        m = re.search(pattern, bytes(buf), re.S)
        if m:
            return m
        ready, _, _ = select.select([master], [], [], 60)
        assert ready, f"no {pattern!r} in {bytes(buf)[-500:]!r}"
        try:
            chunk = os.read(master, 4096)
        except OSError:
            chunk = b""
        assert chunk, f"the program ended before {pattern!r}: {bytes(buf)[-500:]!r}"
        buf += chunk


def test_cli_create_on_a_terminal_shows_one_share_at_a_time(
    tmp_path: Path, passphrase_file: Path
) -> None:
    path = tmp_path / "vault"
    make_vault(path).lock()  # type: ignore[attr-defined]
    master, proc = _pty_session(
        ["recovery", "create", "--vault", path, "--passphrase-file", passphrase_file]
    )
    buf = bytearray()
    seen: list[str] = []
    for i in range(1, 4):
        m = _read_until(master, buf, rb"To confirm, type word (\d+): ")
        screen = bytes(buf[: m.start()]).rsplit(b"\x1b[2J\x1b[H", 1)[1].decode()
        assert f"Recovery share {i} of 3 (any 2 open the vault)." in screen
        words = re.findall(r"(\d+)\. ([a-z]+)", screen)
        assert [int(n) for n, _ in words] == list(range(1, 21))  # one share on the screen
        share = [w for _, w in words]
        seen.append(" ".join(share))
        del buf[: m.end()]
        if i == 1:  # wrong words first: the share stays and both words are asked again
            os.write(master, b"wrong\n")
            m = _read_until(master, buf, rb"type word (\d+): ")
            del buf[: m.end()]
            os.write(master, b"words\n")
            m = _read_until(master, buf, rb"does not match the share.*?type word (\d+): ")
            del buf[: m.end()]
        os.write(master, share[int(m.group(1)) - 1].encode() + b"\n")
        m = _read_until(master, buf, rb"type word (\d+): ")
        del buf[: m.end()]
        os.write(master, share[int(m.group(1)) - 1].encode() + b"\n")
    tail = bytearray()
    with contextlib.suppress(AssertionError):
        _read_until(master, tail, rb"earlier shares no longer do")
    assert proc.wait(timeout=60) == 0
    os.close(master)
    assert b"earlier shares no longer do" in tail
    assert len(set(seen)) == 3
    with _recover(path, [seen[2], seen[1]]):
        pass


def test_cli_recover_asks_for_shares_on_the_terminal_without_echo(
    tmp_path: Path,
) -> None:
    path, words, _ = _vault_with_shares(tmp_path)
    new_pass = tmp_path / "new"
    new_pass.write_text("recovered on a terminal\n")
    master, proc = _pty_session(["recover", "--vault", path, "--new-passphrase-file", new_pass])
    buf, seen = bytearray(), bytearray()

    def expect(pattern: bytes) -> None:
        m = _read_until(master, buf, pattern)
        seen.extend(buf[: m.end()])
        del buf[: m.end()]  # the next prompt must be a new one

    expect(rb"Share 1 \(words, not shown\): ")
    os.write(master, b"not a share at all\n")
    expect(rb"share 1: 'not' is not a recovery word")
    expect(rb"Share 1 \(words, not shown\): ")
    os.write(master, words[2].encode() + b"\n")
    expect(rb"Share 2 \(words, not shown\): ")
    os.write(master, words[0].encode() + b"\n")
    expect(rb"recovered: the vault opens with the new passphrase")
    assert proc.wait(timeout=120) == 0
    os.close(master)
    seen.extend(buf)
    assert words[2].encode() not in seen and words[0].split()[5].encode() not in seen  # no echo
    with Vault.open(path, b"recovered on a terminal"):
        pass
