"""PAdES signatures on PDF statements (pyhanko).

``sign_pdf`` adds one PAdES baseline B-B signature (``/ETSI.CAdES.detached``,
SHA-256, ECDSA P-256) as an incremental update, so poppler's ``pdfsig`` and
Adobe show it. Nothing here touches the network: no timestamp authority, no
validation context (so no OCSP/CRL fetching), no embedded revocation data.
A time-stamp is a later, online step at the legal team.

``verify_pdf`` checks every embedded signature's integrity and that nothing
was appended after the last one. It judges integrity, not trust: a caller
that pins the interviewer's certificate passes it as ``trusted``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfSigningSession, _ensure_esic_ext
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from crypto.errors import SignatureError
from crypto.sign import fingerprint

FIELD_PREFIX = "IntakeSignature"
MAX_PDF_BYTES = 512 * 1024 * 1024
# Later revisions that leave earlier signatures standing: another signature
# (form filling) or validation data (DSS/LTA), nothing that changes content.
_ALLOWED_LATER = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
)


@dataclass
class PdfSignature:
    """One validated signature, as a court or a legal team would read it."""

    signer_subject: str
    signer_fingerprint: str
    signed_at: datetime | None
    covers_whole_file: bool


class _TimedPdfSigner(signers.PdfSigner):
    """A PdfSigner whose signing time (/M) is given, not read from the clock."""

    def __init__(self, when: datetime | None, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._when = when

    def register_extensions(self, pdf_out: BasePdfFileWriter, *, md_algorithm: str) -> None:
        """Only PAdES's ESIC extension (PDF 1.7). pyHanko would also declare ISO 32002 for a
        P-256 key, which raises the file to PDF 2.0: no longer PDF/A-3, and a PDF 1.7 reader
        verifies ECDSA signatures without it."""
        if self.signature_meta.subfilter == fields.SigSeedSubFilter.PADES:
            _ensure_esic_ext(pdf_out)

    def init_signing_session(
        self, pdf_out: object, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)  # type: ignore[arg-type]
        if self._when is not None:
            session.system_time = self._when
        return session


def _reserved(cert_der: bytes) -> int:
    """Room for the signature's CMS in the PDF, in hex digits. Its content is fixed by this
    module: the certificate, signed attributes naming it again (issuer and serial) and an
    ECDSA P-256 signature of at most 72 bytes, about the certificate plus 900 bytes; twice the
    certificate plus 2 KiB leaves room to spare. Left to pyHanko, every signature would be
    made twice: first a dummy one, to measure it (40% of the signing time)."""
    return 2 * (2 * len(cert_der) + 2048)


def _read_all(src: BinaryIO, what: str) -> bytes:
    data = src.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise SignatureError(f"{what} is larger than {MAX_PDF_BYTES} bytes")
    return data


def sign_pdf(
    src: BinaryIO,
    dst: BinaryIO,
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    *,
    reason: str,
    signer_name: str,
    location: str | None = None,
    when: datetime | None = None,
) -> None:
    """Sign the PDF read from ``src`` and write the signed PDF to ``dst``.

    The key must be ECDSA P-256 and match ``cert``. ``when`` (timezone-aware)
    fixes the signing time; by default it is now.
    """
    if not isinstance(key.curve, ec.SECP256R1):
        raise SignatureError("PDF signing key must be ECDSA P-256")
    if key.public_key() != cert.public_key():
        raise SignatureError("signing key does not match the certificate")
    if when is not None and when.tzinfo is None:
        raise SignatureError("signing time must be timezone-aware")

    pkcs8 = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cert_der = cert.public_bytes(serialization.Encoding.DER)
    signing_cert = asn1_x509.Certificate.load(cert_der)
    signer = signers.SimpleSigner(
        signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=SimpleCertificateStore.from_certs([signing_cert]),
    )
    out = io.BytesIO()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(_read_all(src, "PDF")))
        # A fresh field per signature: IntakeSignature1, IntakeSignature2...
        field_name = f"{FIELD_PREFIX}{len(writer.prev.embedded_signatures) + 1}"
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
            name=signer_name,
            # No validation context and no timestamper: nothing to fetch, ever.
            validation_context=None,
            embed_validation_info=False,
            use_pades_lta=False,
        )
        pdf_signer = _TimedPdfSigner(when, meta, signer=signer, timestamper=None)
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=_reserved(cert_der))
    except (PdfError, SigningError, ValueError) as exc:
        raise SignatureError(f"could not sign PDF: {type(exc).__name__}") from exc
    dst.write(out.getvalue())


def verify_pdf(src: BinaryIO, trusted: x509.Certificate | None = None) -> list[PdfSignature]:
    """Validate every signature in the PDF; raise SignatureError on any doubt.

    Raises if there is no signature, if any signature's digest or cryptographic
    signature fails, if anything but further signatures follows a signature,
    if bytes follow the last signature, or if ``trusted`` is given and a
    signer's key is not that certificate's key.
    """
    untrusted_data = _read_all(src, "PDF")
    try:
        reader = PdfFileReader(io.BytesIO(untrusted_data), strict=True)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SignatureError(f"unreadable PDF: {type(exc).__name__}") from exc
    if not embedded:
        raise SignatureError("PDF carries no signature")

    want = None if trusted is None else fingerprint(trusted)
    results: list[PdfSignature] = []
    last = len(embedded) - 1
    for index, sig in enumerate(embedded):
        try:
            signer_cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
        except Exception as exc:  # noqa: BLE001 - hostile input fails in many ways
            raise SignatureError(
                f"signature {index + 1} has no readable signer certificate: {type(exc).__name__}"
            ) from exc
        print_ = fingerprint(signer_cert)
        if want is not None and print_ != want:
            raise SignatureError(f"signature {index + 1} is not by the trusted signer")
        # Trust comes from pinning the fingerprint (above), not from a PKI: the
        # signer's own certificate is the only anchor, so path building is
        # trivial, never looks anywhere else, and fetching stays off.
        anchor = sig.signer_cert
        context = ValidationContext(trust_roots=[anchor], allow_fetching=False)
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context)
        except Exception as exc:  # noqa: BLE001 - pyhanko raises many types on hostile input
            raise SignatureError(
                f"signature {index + 1} cannot be validated: {type(exc).__name__}"
            ) from exc
        if not (status.intact and status.valid):
            raise SignatureError(f"signature {index + 1} is invalid (document altered?)")
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if index == last and not whole:
            raise SignatureError("the PDF was modified after it was signed")
        if not whole and (
            status.coverage != SignatureCoverageLevel.ENTIRE_REVISION
            or status.modification_level not in _ALLOWED_LATER
            or status.docmdp_ok is False
        ):
            raise SignatureError(f"content changed after signature {index + 1}")
        results.append(
            PdfSignature(
                signer_subject=signer_cert.subject.rfc4514_string(),
                signer_fingerprint=print_,
                signed_at=status.signer_reported_dt,
                covers_whole_file=whole,
            )
        )
    return results
