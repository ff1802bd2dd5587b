"""Brute force: every guess costs a full Argon2id run with the parameters stored in the key
file; nothing the command line or the app offers creates a vault below the minimum; a key
file asking for absurd parameters is refused before Argon2 runs (so before it allocates).

No timing is asserted: Argon2id itself is observed (the real function, wrapped to record
its arguments), which shows the cost per guess without depending on the machine's speed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import crypto.kdf
from crypto import kdf
from crypto.errors import ParameterError, WrongPassphrase
from intake.vault import Vault
from tests.conftest import PASSPHRASE, make_vault

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every Argon2id derivation from now on, with its arguments (the real one still runs)."""
    calls: list[dict[str, Any]] = []
    real = crypto.kdf.hash_secret_raw

    def observed(**kwargs: Any) -> bytes:
        calls.append({k: v for k, v in kwargs.items() if k != "secret"})
        return real(**kwargs)

    monkeypatch.setattr(crypto.kdf, "hash_secret_raw", observed)
    return calls


def test_every_wrong_guess_runs_argon2id_with_the_stored_parameters(
    tmp_path: Path, argon2_calls: list[dict[str, Any]]
) -> None:
    make_vault(tmp_path / "v").lock()  # type: ignore[attr-defined]
    stored = json.loads((tmp_path / "v" / "vault.key").read_text())["kdf"]
    argon2_calls.clear()
    guesses = [b"password", b"123456", PASSPHRASE[:-1]]
    for guess in guesses:
        with pytest.raises(WrongPassphrase):
            Vault.open(tmp_path / "v", guess)
    assert len(argon2_calls) == len(guesses)  # one full derivation per guess, no shortcut
    for call in argon2_calls:
        assert call["memory_cost"] == stored["memory_kib"]
        assert call["time_cost"] == stored["time_cost"]
        assert call["parallelism"] == stored["parallelism"]
        assert call["type"] == kdf.Type.ID


def test_cheapening_the_stored_parameters_does_not_help_a_guesser(tmp_path: Path) -> None:
    """The parameters are authenticated: lowered costs make even the right passphrase fail."""
    v = make_vault(tmp_path / "v")
    v.lock()  # type: ignore[attr-defined]
    keyfile = tmp_path / "v" / "vault.key"
    doc = json.loads(keyfile.read_text())
    doc["kdf"]["memory_kib"] = 8 * doc["kdf"]["parallelism"]
    keyfile.write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        Vault.open(tmp_path / "v", PASSPHRASE)


def test_absurd_key_file_parameters_are_refused_before_argon2_runs(
    tmp_path: Path, argon2_calls: list[dict[str, Any]]
) -> None:
    make_vault(tmp_path / "v").lock()  # type: ignore[attr-defined]
    keyfile = tmp_path / "v" / "vault.key"
    doc = json.loads(keyfile.read_text())
    argon2_calls.clear()
    for field, value in (
        ("memory_kib", 2**40),
        ("memory_kib", kdf.MAX_MEMORY_KIB + 1),
        ("time_cost", 10**6),
        ("parallelism", 2**16),
        ("memory_kib", "1e12"),
    ):
        keyfile.write_text(json.dumps(dict(doc, kdf=dict(doc["kdf"], **{field: value}))))
        with pytest.raises(ParameterError):
            Vault.open(tmp_path / "v", PASSPHRASE)
    assert argon2_calls == []


def test_the_core_refuses_to_create_or_rewrap_below_the_minimum(tmp_path: Path) -> None:
    weak = kdf.insecure_test_params()
    below = kdf.KdfParams(4, kdf.MIN_MEMORY_KIB - 1024, 2, kdf.new_salt())
    for params in (weak, below):
        with pytest.raises(ParameterError):
            Vault.create(tmp_path / "v", PASSPHRASE, name="x", params=params)
        assert not (tmp_path / "v" / "vault.key").exists()
    v = make_vault(tmp_path / "ok")
    before = (tmp_path / "ok" / "vault.key").read_bytes()
    with pytest.raises(ParameterError):
        v.change_passphrase(PASSPHRASE, b"new passphrase", below)  # type: ignore[attr-defined]
    assert (tmp_path / "ok" / "vault.key").read_bytes() == before
    v.lock()  # type: ignore[attr-defined]


def test_neither_the_command_line_nor_the_app_offers_weaker_parameters() -> None:
    from intake.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    options = {
        name: [o for a in p._actions for o in a.option_strings]
        for name, p in sub.choices.items()  # type: ignore[attr-defined]
    }
    assert "init" in options and "passwd" in options
    weakening = re.compile(r"kdf|memory|cost|param|insecure|argon|iteration|fast", re.I)
    offending = {n: [o for o in opts if weakening.search(o)] for n, opts in options.items()}
    assert {n: o for n, o in offending.items() if o} == {}

    # the switch is used by tests and benchmarks only; the app passes no parameters
    product = [p for d in ("intake", "crypto", "forms", "ui") for p in (ROOT / d).rglob("*.py")]
    for path in product:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"insecure_test_kdf\s*=\s*True\s*[,)]", text), path
        assert "insecure_test_params(" not in text or path.name == "kdf.py", path
    app = (ROOT / "ui" / "app.py").read_text(encoding="utf-8")
    assert "kdf_params" not in app  # the running app always calibrates


def test_the_app_waits_longer_after_each_wrong_passphrase() -> None:
    from ui.unlock import MAX_DELAY_MS, failure_delay_ms

    delays = [failure_delay_ms(n) for n in range(1, 12)]
    assert delays[0] >= 1000
    assert all(b > a or b == MAX_DELAY_MS for a, b in zip(delays, delays[1:], strict=False))
    assert delays[-1] == MAX_DELAY_MS


def test_the_cli_waits_longer_after_each_wrong_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal: three tries, 1 s then 2 s (then 4 s before exit 3); the waits are the
    app's (vault.failure_delay_ms). Recorded, not timed: the wait itself is time.sleep."""
    import getpass
    import sys

    from intake.cli import vault as cli_vault

    make_vault(tmp_path / "v").lock()  # type: ignore[attr-defined]
    waits: list[float] = []
    monkeypatch.setattr(cli_vault.time, "sleep", waits.append)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter([b"wrong one", b"wrong two", PASSPHRASE])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers).decode())
    cli_vault.open_with_retries(tmp_path / "v", None, "Passphrase: ").lock()
    assert waits == [1.0, 2.0]
    waits.clear()
    answers = iter([b"a", b"b", b"c"])
    with pytest.raises(WrongPassphrase):
        cli_vault.open_with_retries(tmp_path / "v", None, "Passphrase: ")
    assert waits == [1.0, 2.0, 4.0]
