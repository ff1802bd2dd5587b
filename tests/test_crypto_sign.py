"""The signing identity: openssl verifies it, tampering is caught, PDF tools accept it."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from crypto import sign
from crypto.errors import FormatError, SignatureError


@pytest.fixture(scope="module")
def identity() -> sign.SigningIdentity:
    return sign.SigningIdentity.create("Kim Interviewer", "Example Documentation Centre")


def test_openssl_verifies_our_signature(identity: sign.SigningIdentity, tmp_path: Path) -> None:
    data = b"manifest bytes \x00\x01 to be signed"
    (tmp_path / "data").write_bytes(data)
    (tmp_path / "sig").write_bytes(identity.sign(data))
    (tmp_path / "cert.pem").write_bytes(identity.cert_pem())
    pub = subprocess.run(
        ["openssl", "x509", "-in", str(tmp_path / "cert.pem"), "-pubkey", "-noout"],
        check=True, capture_output=True,
    ).stdout
    (tmp_path / "pub.pem").write_bytes(pub)
    cmd = ["openssl", "dgst", "-sha256", "-verify", str(tmp_path / "pub.pem"),
           "-signature", str(tmp_path / "sig")]
    ok = subprocess.run([*cmd, str(tmp_path / "data")], capture_output=True, text=True)
    assert ok.returncode == 0 and "Verified OK" in ok.stdout
    (tmp_path / "data").write_bytes(data + b"!")
    bad = subprocess.run([*cmd, str(tmp_path / "data")], capture_output=True, text=True)
    assert bad.returncode != 0


def test_verify_accepts_good_and_rejects_tampered(identity: sign.SigningIdentity) -> None:
    signature = identity.sign(b"record v1")
    sign.verify(identity.certificate, b"record v1", signature)
    with pytest.raises(SignatureError):
        sign.verify(identity.certificate, b"record v2", signature)
    with pytest.raises(SignatureError):
        sign.verify(identity.certificate, b"record v1", signature[:-1] + bytes([signature[-1] ^ 1]))
    other = sign.SigningIdentity.create("Someone Else", None)
    with pytest.raises(SignatureError):
        sign.verify(other.certificate, b"record v1", signature)


def test_verify_rejects_non_p256_keys() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ed")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now).not_valid_after(now.replace(year=now.year + 1))
        .sign(key, None)
    )
    with pytest.raises(SignatureError):
        sign.verify(cert, b"x", key.sign(b"x"))
    p384 = ec.generate_private_key(ec.SECP384R1())
    cert384 = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(p384.public_key()).serial_number(2)
        .not_valid_before(now).not_valid_after(now.replace(year=now.year + 1))
        .sign(p384, hashes.SHA256())
    )
    with pytest.raises(SignatureError):
        sign.verify(cert384, b"x", p384.sign(b"x", ec.ECDSA(hashes.SHA256())))


def test_certificate_profile() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    ident = sign.SigningIdentity.create("박 인터뷰어", "NKDB", now=now)
    cert = ident.certificate
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "박 인터뷰어"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "NKDB"
    assert cert.issuer == cert.subject
    assert cert.not_valid_before_utc == now
    assert (cert.not_valid_after_utc - now).days >= 20 * 365
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)
    basic = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca is False
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    cert.verify_directly_issued_by(cert)  # self-signed signature is valid
    no_org = sign.SigningIdentity.create("Solo", None).certificate
    assert no_org.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME) == []


def test_pem_round_trip_and_fingerprint(identity: sign.SigningIdentity) -> None:
    loaded = sign.SigningIdentity.from_pem(identity.key_pem(), identity.cert_pem())
    assert loaded.fingerprint == identity.fingerprint
    sign.verify(identity.certificate, b"d", loaded.sign(b"d"))
    assert b"BEGIN PRIVATE KEY" in identity.key_pem()  # PKCS#8, unencrypted
    assert re.fullmatch(r"([0-9A-F]{4} ){15}[0-9A-F]{4}", identity.fingerprint)
    spki = subprocess.run(
        "openssl x509 -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r",
        shell=True, input=identity.cert_pem(), check=True, capture_output=True,
    ).stdout.split()[0].decode().upper()
    assert identity.fingerprint.replace(" ", "") == spki


def test_from_pem_rejects_mismatched_pair_and_junk(identity: sign.SigningIdentity) -> None:
    other = sign.SigningIdentity.create("Other", None)
    with pytest.raises(FormatError):
        sign.SigningIdentity.from_pem(identity.key_pem(), other.cert_pem())
    with pytest.raises(FormatError):
        sign.SigningIdentity.from_pem(b"junk", identity.cert_pem())
    with pytest.raises(FormatError):
        sign.load_certificate(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(FormatError):
        sign.load_certificate(b"A" * (sign.CERT_MAX_BYTES + 1))


def test_pyhanko_pades_signature_validates_in_pdfsig(
    identity: sign.SigningIdentity, tmp_path: Path
) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(72, 720, "statement")
    page.save()
    signer = signers.SimpleSigner.load(
        key_file=str(_write(tmp_path / "k.pem", identity.key_pem())),
        cert_file=str(_write(tmp_path / "c.pem", identity.cert_pem())),
        ca_chain_files=(),
    )
    assert signer is not None
    out = tmp_path / "signed.pdf"
    with out.open("wb") as f:
        signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(buf.getvalue())),
            signers.PdfSignatureMetadata(field_name="Sig1", subfilter=SigSeedSubFilter.PADES),
            signer=signer,
            output=f,
        )
    result = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True)
    assert "Signature is Valid" in result.stdout, result.stdout + result.stderr
    assert "Signer Certificate Common Name: Kim Interviewer" in result.stdout
    assert "Signature Type: ETSI.CAdES.detached" in result.stdout
    assert "Total document signed" in result.stdout


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
