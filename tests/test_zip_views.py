"""A ZIP's two views, its local headers and its central directory, must agree entry by entry.

Each crafted bundle below is a ZIP Python's zipfile opens, whose central directory tells one
story and whose local headers (what a streaming reader follows) another: a different name,
different sizes (another length of the same bytes), another CRC-32, an extra local entry the
directory does not list. Each is encrypted with the stock `age` binary; verification and
import both refuse it with a message that names the entry and says the views disagree, and
the archive is left as it was.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intake.archive import receive, verify
from intake.handover import bundle, export, recipients
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.test_bundle import age_decrypt, age_encrypt, keypair, make_exported, rezip, sealed_record

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL_CRC, _CENTRAL_CSIZE, _CENTRAL_USIZE = 16, 20, 24  # offsets in a central header
_EOCD_OFFSET = 16  # the central directory's offset, in the end record


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    ex = make_exported(tmp_path_factory.mktemp("views"))
    # Rebuilt by zipfile into memory: every local header carries its sizes and CRC-32.
    ex["zip"] = rezip(age_decrypt(ex["bundle"], ex["key"]))
    return ex


def _info(z: bytes, suffix: str) -> zipfile.ZipInfo:
    with zipfile.ZipFile(io.BytesIO(z)) as zf:
        return next(i for i in zf.infolist() if i.filename.endswith(suffix))


def _central_at(z: bytes, name: str) -> int:
    return z.rindex(b"PK\x01\x02", 0, z.rindex(name.encode()) + 1)


def other_name(z: bytes) -> bytes:
    """record.json's local header names recorX.json; the directory still says record.json."""
    info, out = _info(z, "/record.json"), bytearray(z)
    at = info.header_offset + _LOCAL.size + len(info.filename) - len("d.json")
    out[at : at + 1] = b"X"
    return bytes(out)


def other_size(z: bytes) -> bytes:
    """The directory gives the attachment 10 bytes less (with the CRC-32 of those bytes): a
    reader of the directory sees a shorter file than a reader of the local headers."""
    info, out = _info(z, ".png"), bytearray(z)
    with zipfile.ZipFile(io.BytesIO(z)) as zf:
        short = zf.read(info)[:-10]
    cd = _central_at(z, info.filename)
    struct.pack_into("<III", out, cd + _CENTRAL_CRC, zlib.crc32(short), len(short), len(short))
    return bytes(out)


def other_crc(z: bytes) -> bytes:
    info, out = _info(z, ".png"), bytearray(z)
    cd = _central_at(z, info.filename)
    struct.pack_into("<I", out, cd + _CENTRAL_CRC, info.CRC ^ 1)
    return bytes(out)


def hidden_entry(z: bytes) -> bytes:
    """A local entry between the last listed one and the directory, which lists it nowhere."""
    with zipfile.ZipFile(io.BytesIO(z)) as zf:
        start = zf.start_dir
        rid = zf.infolist()[0].filename.split("/")[1]
    name, data = f"records/{rid}/hidden.json".encode(), b'{"smuggled": true}'
    header = _LOCAL.pack(
        b"PK\x03\x04", 20, 0, 0, 0, 0x21, zlib.crc32(data), len(data), len(data), len(name), 0
    )
    hidden = header + name + data
    out = bytearray(z[:start] + hidden + z[start:])
    eocd = out.rindex(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", out, eocd + _EOCD_OFFSET)
    struct.pack_into("<I", out, eocd + _EOCD_OFFSET, cd_offset + len(hidden))
    return bytes(out)


CRAFTED: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "name": (other_name, "the local header there names records/"),
    "size": (other_size, "sizes"),
    "crc": (other_crc, "CRC-32 differs"),
    "hidden_entry": (hidden_entry, "a local header the central directory does not list"),
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_a_zip_whose_two_views_disagree_fails_verify_and_import(
    exported: dict[str, Any], tmp_path: Path, case: str
) -> None:
    craft, says = CRAFTED[case]
    crafted = craft(exported["zip"])
    with zipfile.ZipFile(io.BytesIO(crafted)) as zf:  # a ZIP by its central directory
        assert len(zf.infolist()) == len(zipfile.ZipFile(io.BytesIO(exported["zip"])).infolist())
    path = age_encrypt(crafted, exported["recipient"], tmp_path / f"{case}.age")
    identity = exported["key"].read_text()

    with pytest.raises(bundle.BundleError) as err:
        verify.verify(path, identity)
    assert says in str(err.value)
    if case != "hidden_entry":
        assert "local header and central directory disagree" in str(err.value)

    archive = make_vault(tmp_path / "archive")
    try:
        with pytest.raises(bundle.BundleError) as err:
            receive.import_bundle(archive, path, identity, trust_new=True)
        assert says in str(err.value)
        tables = ("records", "sealed_versions", "received_bundles", "attachments")
        tables += ("trusted_signers",)
        for table in tables:
            assert archive.query(f"SELECT count(*) FROM {table}") == [(0,)]
        assert list((tmp_path / "archive" / "attachments").iterdir()) == []
    finally:
        archive.lock()


def test_the_cli_names_the_hidden_entry(exported: dict[str, Any], tmp_path: Path) -> None:
    path = age_encrypt(hidden_entry(exported["zip"]), exported["recipient"], tmp_path / "h.age")
    run = intake("verify", path, "--identity", exported["key"])
    assert run.returncode == 2, run.stderr
    assert "hidden.json: a local header the central directory does not list" in run.stderr


def test_the_untouched_zip_rebuilt_in_memory_verifies(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """The harness is sound: the same rebuilt ZIP, unchanged, passes."""
    path = age_encrypt(exported["zip"], exported["recipient"], tmp_path / "same.age")
    assert verify.verify(path, exported["key"].read_text()).ok


def test_an_attachment_holding_a_false_zip_trailer_still_verifies(tmp_path: Path) -> None:
    """An attachment is written with its sizes after it (a data descriptor). Evidence that
    contains bytes looking like that trailer, sized to end it early, does not cut it short:
    its length comes from record.json, which precedes it in the bundle."""
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    head = os.urandom(100)
    trailer = b"PK\x07\x08" + struct.pack("<IQQ", zlib.crc32(head), 100, 100)
    evidence = head + trailer + b"PK\x01\x02" + os.urandom(5000)
    rid = sealed_record(v, files={"scan.png": evidence})
    export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")
    v.lock()
    report = verify.verify(tmp_path / "b.age", key.read_text())
    assert report.ok, report.problems
    assert report.attachments == 1
