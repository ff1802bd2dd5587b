"""`intake forms ...` end to end, as a user runs it."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from forms import load_form, schema_validator
from intake.cli.forms import check_command

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
ROOT = Path(__file__).parent.parent


def intake(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intake", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_forms_list() -> None:
    result = intake("forms", "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "nk-testimony\t1\tNorth Korea testimony / 북한 인권 증언\t(superseded by v2)",
        "nk-testimony\t2\tNorth Korea testimony / 북한 인권 증언",
    ]


def test_forms_schema_and_example_agree() -> None:
    schema = intake("forms", "schema", "nk-testimony")
    seal = intake("forms", "schema", "nk-testimony", "--version", "2", "--seal")
    example = intake("forms", "example", "nk-testimony")
    assert schema.returncode == seal.returncode == example.returncode == 0
    document = json.loads(example.stdout)
    for text in (schema.stdout, seal.stdout):
        assert list(schema_validator(json.loads(text)).iter_errors(document)) == []
    assert json.loads(seal.stdout) == load_form("nk-testimony").json_schema(for_seal=True)
    assert load_form("nk-testimony").validate(document, for_seal=True) == []


def test_unknown_form_or_version_is_bad_input() -> None:
    for args in (("schema", "no-such-form"), ("example", "nk-testimony", "--version", "7")):
        result = intake("forms", *args)
        assert result.returncode == 2
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")


def test_forms_check() -> None:
    good = intake("forms", "check", str(FIXTURES / "valid" / "mini.v1.yaml"))
    assert good.returncode == 0, good.stderr
    assert "ok: form mini version 1" in good.stdout
    for name in ("bad_indentation", "missing_korean_label"):
        path = FIXTURES / "invalid" / f"{name}.yaml"
        bad = intake("forms", "check", str(path))
        assert bad.returncode == 1, path.name
        assert bad.stdout == ""
        lines = bad.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{path}:"), (path.name, bad.stderr)
    missing = intake("forms", "check", "no/such/file.yaml")
    assert missing.returncode == 2


def test_check_handler_on_every_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = ROOT / "forms" / "definitions" / "nk-testimony.v1.yaml"
    assert check_command(argparse.Namespace(file=shipped)) == 0
    assert "ok: form nk-testimony version 1" in capsys.readouterr().out
    for path in sorted((FIXTURES / "invalid").glob("*.yaml")):
        assert check_command(argparse.Namespace(file=path)) == 1, path.name
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.splitlines()) == 1 and captured.err.startswith(f"{path}:")
