"""age bundles interoperate with the stock age tool in both directions; failures are typed."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest

from crypto import age
from crypto.errors import FormatError, IntegrityError, WrongIdentity

PAYLOAD = os.urandom(200_000)  # several 64 KiB age chunks


@pytest.fixture(scope="module")
def keygen_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An identity file written by the stock age-keygen, with its recipient."""
    path = tmp_path_factory.mktemp("age") / "key.txt"
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(path)], check=True, capture_output=True, text=True
    ).stdout.strip()
    return path, recipient


def _encrypt(data: bytes, recipients: list[str]) -> bytes:
    dst = io.BytesIO()
    age.encrypt(io.BytesIO(data), dst, recipients)
    return dst.getvalue()


def test_stock_age_decrypts_ours(keygen_file: tuple[Path, str], tmp_path: Path) -> None:
    path, recipient = keygen_file
    other_identity, other_recipient = age.generate_identity()
    sealed = tmp_path / "bundle.age"
    sealed.write_bytes(_encrypt(PAYLOAD, [recipient, other_recipient]))
    out = subprocess.run(["age", "-d", "-i", str(path), str(sealed)], capture_output=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == PAYLOAD
    # The second recipient works too, through our own decrypt.
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(sealed.read_bytes()), plain, other_identity)
    assert plain.getvalue() == PAYLOAD


def test_we_decrypt_stock_age_with_keygen_identity(keygen_file: tuple[Path, str]) -> None:
    path, recipient = keygen_file
    sealed = subprocess.run(
        ["age", "-e", "-r", recipient], input=PAYLOAD, check=True, capture_output=True
    ).stdout
    identity_text = path.read_text("utf-8")
    assert identity_text.startswith("#")  # age-keygen writes comments, which we accept
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(sealed), plain, identity_text)
    assert plain.getvalue() == PAYLOAD


def test_wrong_identity(keygen_file: tuple[Path, str]) -> None:
    _, recipient = keygen_file
    stranger, _ = age.generate_identity()
    with pytest.raises(WrongIdentity):
        age.decrypt(io.BytesIO(_encrypt(b"secret", [recipient])), io.BytesIO(), stranger)


def test_tampering_is_integrity_error_and_junk_is_format_error() -> None:
    identity, recipient = age.generate_identity()
    sealed = _encrypt(PAYLOAD, [recipient])
    header_end = sealed.index(b"\n---") + 1
    mac = bytearray(sealed)  # another valid base64 letter inside the header MAC
    mac[header_end + 10] = ord("A") if mac[header_end + 10] != ord("A") else ord("B")
    with pytest.raises(IntegrityError):
        age.decrypt(io.BytesIO(bytes(mac)), io.BytesIO(), identity)
    for index in (len(sealed) // 2, len(sealed) - 1):  # payload, last tag (binary: any bit)
        tampered = bytearray(sealed)
        tampered[index] ^= 0x01
        with pytest.raises(IntegrityError):
            age.decrypt(io.BytesIO(bytes(tampered)), io.BytesIO(), identity)
    with pytest.raises(IntegrityError):
        age.decrypt(io.BytesIO(sealed[:-1000]), io.BytesIO(), identity)
    with pytest.raises(IntegrityError):
        age.decrypt(io.BytesIO(sealed + b"extra"), io.BytesIO(), identity)
    with pytest.raises(FormatError):
        age.decrypt(io.BytesIO(b"PK\x03\x04 not an age file"), io.BytesIO(), identity)
    with pytest.raises(FormatError):
        age.decrypt(io.BytesIO(b"age-encryption.org/v2\n" + sealed[22:]), io.BytesIO(), identity)


def test_parse_recipient_and_load_identity() -> None:
    identity, recipient = age.generate_identity()
    assert recipient.startswith("age1") and identity.startswith("AGE-SECRET-KEY-1")
    assert age.parse_recipient(f"  {recipient}\n") == recipient
    for bad in ("", "age1", recipient[:-1] + ("q" if recipient[-1] != "q" else "p"),
                "ssh-ed25519 AAAA", identity, "age1" + "q" * 300):
        with pytest.raises(FormatError):
            age.parse_recipient(bad)
    text = f"# created: today\n# public key: {recipient}\n\n{identity}\n"
    assert len(age.load_identity(text)) == 1
    for bad in ("", "# only comments\n", "AGE-SECRET-KEY-1QQQQ\n", f"{recipient}\n",
                "x" * (age.IDENTITY_FILE_MAX_BYTES + 1)):
        with pytest.raises(FormatError):
            age.load_identity(bad)
    with pytest.raises(ValueError):
        age.encrypt(io.BytesIO(b"x"), io.BytesIO(), [])
