"""The bundle format against hostile archives, plus helpers the export and receive tests share.

Hostile bundles are built with Python's zipfile and encrypted with the stock `age`
binary, so the reader meets them exactly as it would meet a file from outside.
"""

from __future__ import annotations

import io
import json
import os
import stat
import struct
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intake.archive import receive
from intake.capture import attachments, records
from intake.handover import bundle, export, recipients
from intake.vault import Vault
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.records_data import FORM_ID, example

AGE = "age"


# -- helpers shared by test_export.py and test_receive.py ------------------------------


def keypair(folder: Path, name: str = "key.txt") -> tuple[Path, str]:
    """A stock age-keygen identity file and its recipient."""
    key = folder / name
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
    ).stdout.strip()
    return key, recipient


def sealed_record(
    v: Vault, doc: dict[str, Any] | None = None, files: dict[str, bytes] | None = None
) -> str:
    rid = records.create(v, FORM_ID, doc if doc is not None else example())
    for name, data in (files or {}).items():
        src = v.path.parent / name
        src.write_bytes(data)
        attachments.add(v, rid, src)
        src.unlink()
    records.seal_record(v, rid)
    return rid


def age_decrypt(path: Path, key: Path) -> bytes:
    return subprocess.run(
        [AGE, "-d", "-i", str(key), str(path)], check=True, capture_output=True
    ).stdout


def age_encrypt(data: bytes, recipient: str, out: Path) -> Path:
    subprocess.run([AGE, "-r", recipient, "-o", str(out)], input=data, check=True)
    return out


def rezip(
    zip_bytes: bytes,
    change: Callable[[str, bytes], bytes | None] = lambda n, d: d,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The same entries rebuilt with zipfile; ``change`` may alter (or drop, with None) each."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def entries(zip_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def make_exported(tmp_path: Path) -> dict[str, Any]:
    """A vault with one sealed record (one attachment) exported to a fresh age key."""
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    rid = sealed_record(v, files={"scan.png": os.urandom(200_000)})  # type: ignore[arg-type]
    out = tmp_path / "bundle.age"
    export.export_bundle(v, [rid], ["archive"], out)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    return {
        "vault": tmp_path / "vault",
        "key": key,
        "recipient": recipient,
        "rid": rid,
        "bundle": out,
        "tmp": tmp_path,
    }


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, Any]:
    return make_exported(tmp_path)


# -- hostile archives ---------------------------------------------------------------


def _control_files() -> dict[str, bytes]:
    manifest = {"format": bundle.FORMAT, "format_version": 1, "files": []}
    return {
        bundle.MANIFEST: bundle.canonical(manifest),
        bundle.SIGNATURE: b"x",
        bundle.CERTIFICATE: b"x",
    }


def _zip(entries_: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries_:
            z.writestr(name, data)
    return out.getvalue()


def _symlink() -> bytes:
    info = zipfile.ZipInfo("records/x/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _zip([*_control_files().items(), (info, b"/etc/passwd")])


def _huge_declared() -> bytes:
    data = bytearray(_zip([*_control_files().items(), ("records/x/big.bin", b"A" * 100)]))
    # Patch the central directory's uncompressed size of that entry to 40 GB-ish.
    name = b"records/x/big.bin"
    cd = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[cd + 24 : cd + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    return bytes(data)


def _duplicate() -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _zip(
            [*_control_files().items(), ("records/x/a.json", b"1"), ("records/x/a.json", b"2")]
        )


HOSTILE: dict[str, Callable[[], bytes]] = {
    "dotdot": lambda: _zip([*_control_files().items(), ("records/../../evil.txt", b"x")]),
    "absolute": lambda: _zip([*_control_files().items(), ("/tmp/evil.txt", b"x")]),
    "backslash": lambda: _zip([*_control_files().items(), ("records\\..\\evil.txt", b"x")]),
    "drive": lambda: _zip([*_control_files().items(), ("C:/evil.txt", b"x")]),
    "duplicate": _duplicate,
    "symlink": _symlink,
    "huge_declared_size": _huge_declared,
    "bomb": lambda: _zip_deflated("records/x/zeros.bin", b"\0" * 20_000_000),
    "not_a_zip": lambda: b"just some text, not a ZIP archive",
    "no_manifest": lambda: _zip([("records/x/a.json", b"{}")]),
    "corrupt_deflate": lambda: _corrupt_deflate(),
}

EXPECTED = {
    "dotdot": "unsafe entry name",
    "absolute": "unsafe entry name",
    "backslash": "unsafe entry name",
    "drive": "unsafe entry name",
    "duplicate": "duplicate entry",
    "symlink": "not a regular file",
    "huge_declared_size": "records/x/big.bin",
    "bomb": "compression ratio",
    "not_a_zip": "does not hold a ZIP",
    "no_manifest": "manifest.json is missing",
    "corrupt_deflate": "manifest.json: damaged inside the ZIP (error)",
}


def _zip_deflated(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in _control_files().items():
            z.writestr(n, d)
        z.writestr(name, data)
    return out.getvalue()


def _corrupt_deflate() -> bytes:
    """The manifest's deflate stream starts with a reserved block type: zlib itself fails."""
    data = bytearray(_zip_deflated("records/x/a.json", b"{}"))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("manifest.json")
    at = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[at + 26 : at + 30])
    data[at + 30 + name_len + extra_len] = 0xFF
    return bytes(data)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archive_is_rejected_and_nothing_is_imported(tmp_path: Path, case: str) -> None:
    key, recipient = keypair(tmp_path)
    path = age_encrypt(HOSTILE[case](), recipient, tmp_path / "hostile.age")
    archive = make_vault(tmp_path / "archive")
    try:
        with pytest.raises(bundle.BundleError) as err:
            receive.import_bundle(archive, path, key.read_text(), trust_new=True)  # type: ignore[arg-type]
        assert EXPECTED[case] in str(err.value)
        for table in ("records", "sealed_versions", "received_bundles", "attachments"):
            assert archive.query(f"SELECT count(*) FROM {table}") == [(0,)]  # type: ignore[attr-defined]
        assert list((tmp_path / "archive" / "attachments").iterdir()) == []
    finally:
        archive.lock()  # type: ignore[attr-defined]
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize("case", ["dotdot", "symlink", "not_a_zip"])
def test_cli_verify_exits_2_for_a_hostile_archive(tmp_path: Path, case: str) -> None:
    key, recipient = keypair(tmp_path)
    path = age_encrypt(HOSTILE[case](), recipient, tmp_path / "hostile.age")
    run = intake("verify", path, "--identity", key)
    assert run.returncode == 2, run.stderr
    assert EXPECTED[case] in run.stderr


def test_not_an_age_file_exits_2(tmp_path: Path) -> None:
    key, _ = keypair(tmp_path)
    path = tmp_path / "plain.zip"
    path.write_bytes(_zip(list(_control_files().items())))
    run = intake("verify", path, "--identity", key)
    assert run.returncode == 2, run.stderr
    assert "not an age-encrypted bundle" in run.stderr


def test_json_depth_and_duplicate_keys_are_refused() -> None:
    with pytest.raises(bundle.BundleError, match="deeper"):
        bundle.parse_json(b"[" * 100 + b"]" * 100, "x.json")
    with pytest.raises(bundle.BundleError, match="not valid JSON"):
        bundle.parse_json(b'{"a": 1, "a": 2}', "x.json")
    with pytest.raises(bundle.BundleError, match="larger"):
        bundle.parse_json(b"[]" + b" " * 100, "x.json", limit=10)
    assert bundle.parse_json(json.dumps({"a": [1, {"b": None}]}).encode(), "x.json") == {
        "a": [1, {"b": None}]
    }


def test_entry_not_in_manifest_is_named(exported: dict[str, Any]) -> None:
    plain = age_decrypt(exported["bundle"], exported["key"])
    extra = rezip(plain, add={"records/extra/notes.txt": b"smuggled"})
    path = age_encrypt(extra, exported["recipient"], exported["tmp"] / "extra.age")
    run = intake("verify", path, "--identity", exported["key"])
    assert run.returncode == 1, run.stderr
    assert "records/extra/notes.txt: in the bundle but not listed in the manifest" in run.stdout
