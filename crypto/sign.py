"""The interviewer's signing identity: ECDSA P-256 with a self-signed X.509 certificate.

P-256 rather than Ed25519 because PDF signatures must validate in ordinary readers (poppler's
pdfsig, Adobe). The fingerprint is what a legal team pins out of band.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from crypto.errors import FormatError, SignatureError

CERT_MAX_BYTES = 64 * 1024
KEY_MAX_BYTES = 64 * 1024
VALIDITY = timedelta(days=20 * 365 + 5)


def _check_p256_public(key: object) -> ec.EllipticCurvePublicKey:
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise SignatureError("only ECDSA P-256 keys are accepted")
    return key


@dataclass
class SigningIdentity:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @classmethod
    def create(cls, name: str, org: str | None, *, now: datetime | None = None) -> SigningIdentity:
        """A new key and a self-signed certificate (CN=name, O=org) valid for 20 years."""
        if not name.strip():
            raise ValueError("a signing identity needs a name")
        now = (now or datetime.now(UTC)).replace(microsecond=0)
        key = ec.generate_private_key(ec.SECP256R1())
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
        if org:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
        subject = x509.Name(attributes)
        public = key.public_key()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(key=key, certificate=certificate)

    def key_pem(self) -> bytes:
        """PKCS#8 PEM, unencrypted: it is only ever stored inside the encrypted vault."""
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @classmethod
    def from_pem(cls, key_pem: bytes, cert_pem: bytes) -> SigningIdentity:
        """Load a stored identity; FormatError unless key and certificate are a P-256 pair."""
        if len(key_pem) > KEY_MAX_BYTES:
            raise FormatError("private key is too large")
        try:
            key = serialization.load_pem_private_key(key_pem, password=None)
        except (ValueError, TypeError) as exc:
            raise FormatError("not an unencrypted PEM private key") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(
            key.curve, ec.SECP256R1
        ):
            raise FormatError("the signing key is not ECDSA P-256")
        certificate = load_certificate(cert_pem)
        if certificate.public_key() != key.public_key():
            raise FormatError("the certificate does not belong to the signing key")
        return cls(key=key, certificate=certificate)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)

    def sign(self, data: bytes) -> bytes:
        """A DER-encoded ECDSA-SHA256 signature of data."""
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the SubjectPublicKeyInfo, uppercase hex in space-separated groups of 4."""
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashlib.sha256(spki).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def load_certificate(pem: bytes) -> x509.Certificate:
    """One PEM certificate from untrusted bytes; FormatError on anything else."""
    if len(pem) > CERT_MAX_BYTES:
        raise FormatError("certificate is too large")
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise FormatError("not a PEM X.509 certificate") from exc


def verify(cert: x509.Certificate, data: bytes, signature: bytes) -> None:
    """Raise SignatureError unless signature is a valid ECDSA-SHA256 by cert's P-256 key."""
    public = _check_p256_public(cert.public_key())
    try:
        public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise SignatureError("signature does not verify") from exc
