"""PAdES signatures on the statement, checked by pyhanko and by poppler's pdfsig."""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from crypto.errors import SignatureError
from crypto.pdfsign import sign_pdf, verify_pdf
from crypto.sign import SigningIdentity
from intake.handover.layout import render_statement
from tests.test_statement import korean_narrative, make_statement, page_texts, run

WHEN = datetime(2026, 3, 1, 12, 40, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def identity() -> SigningIdentity:
    return SigningIdentity.create("Kim Interviewer 김면담", "Example Documentation Org")


@pytest.fixture(scope="module")
def unsigned() -> tuple[bytes, int]:
    buf = io.BytesIO()
    pages = render_statement(make_statement(korean_narrative(40)), buf)
    return buf.getvalue(), pages


def sign(data: bytes, identity: SigningIdentity, **kwargs: object) -> bytes:
    out = io.BytesIO()
    options: dict[str, object] = {
        "reason": "Sealed statement v1",
        "signer_name": "Kim Interviewer",
        "location": "Seoul",
        "when": WHEN,
    }
    options.update(kwargs)
    sign_pdf(io.BytesIO(data), out, identity.key, identity.certificate, **options)  # type: ignore[arg-type]
    return out.getvalue()


@pytest.fixture(scope="module")
def signed(unsigned: tuple[bytes, int], identity: SigningIdentity) -> bytes:
    return sign(unsigned[0], identity)


def pdfsig(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    # pdfsig exits non-zero for some invalid signatures; its report is what we judge.
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    return result.stdout + result.stderr


def test_pdfsig_says_valid_and_whole_document(
    tmp_path: Path, signed: bytes, unsigned: tuple[bytes, int]
) -> None:
    report = pdfsig(tmp_path, signed)
    assert "Signature is Valid" in report
    assert "Total document signed" in report
    assert "Signer Certificate Common Name: Kim Interviewer 김면담" in report
    assert "Signing Hash Algorithm: SHA-256" in report
    assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES, not adbe.pkcs7
    assert "Signing Time: Mar 01 2026 12:40:05" in report
    assert report.count("Signature #") == 1
    # Signing kept the statement intact: same pages, same fonts, same text.
    path = tmp_path / "signed.pdf"
    assert re.search(rf"^Pages:\s+{unsigned[1]}$", run("pdfinfo", path), re.M)
    assert "NanumGothic" in run("pdffonts", path)
    assert "증언 문단 40번입니다." in "\n".join(page_texts(path))


def test_verify_reports_signer_fingerprint_and_time(
    signed: bytes, identity: SigningIdentity
) -> None:
    [sig] = verify_pdf(io.BytesIO(signed))
    assert sig.signer_fingerprint == identity.fingerprint
    assert "CN=Kim Interviewer 김면담" in sig.signer_subject
    assert "O=Example Documentation Org" in sig.signer_subject
    assert sig.signed_at == WHEN
    assert sig.covers_whole_file is True


def test_verify_with_pinned_certificate(signed: bytes, identity: SigningIdentity) -> None:
    [sig] = verify_pdf(io.BytesIO(signed), trusted=identity.certificate)
    assert sig.signer_fingerprint == identity.fingerprint
    stranger = SigningIdentity.create("Someone Else", None)
    with pytest.raises(SignatureError, match="not by the trusted signer"):
        verify_pdf(io.BytesIO(signed), trusted=stranger.certificate)


def test_one_changed_byte_in_signed_range_is_caught(tmp_path: Path, signed: bytes) -> None:
    found = re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)", signed)
    assert found
    start, length = int(found.group(1)), int(found.group(2))
    at = signed.index(b"ReportLab")  # the producer string of the original revision
    assert start <= at < start + length
    tampered = bytearray(signed)
    tampered[at] = ord("X")
    with pytest.raises(SignatureError, match="invalid"):
        verify_pdf(io.BytesIO(bytes(tampered)))
    report = pdfsig(tmp_path, bytes(tampered))
    assert "Signature is Valid" not in report


def test_appended_bytes_are_flagged(signed: bytes) -> None:
    with pytest.raises(SignatureError, match="modified after"):
        verify_pdf(io.BytesIO(signed + b"\n% appended after signing\n"))


def test_incremental_update_after_signing_is_flagged(tmp_path: Path, signed: bytes) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    # A new revision that replaces the document information (title) after signing.
    writer.set_info(generic.DictionaryObject({generic.pdf_name("/Title"): pdf_string("Altered")}))
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.startswith(signed) and len(updated) > len(signed)
    with pytest.raises(SignatureError):
        verify_pdf(io.BytesIO(updated))
    # poppler agrees the signature no longer covers the whole document.
    assert "Total document signed" not in pdfsig(tmp_path, updated)


def test_a_second_signature_keeps_the_first_standing(
    signed: bytes, identity: SigningIdentity
) -> None:
    legal = SigningIdentity.create("Legal Team Reviewer", "Prosecutor's Office")
    out = io.BytesIO()
    sign_pdf(
        io.BytesIO(signed),
        out,
        legal.key,
        legal.certificate,
        reason="Received",
        signer_name="Reviewer",
    )
    first, second = verify_pdf(io.BytesIO(out.getvalue()))
    assert (first.signer_fingerprint, first.covers_whole_file) == (identity.fingerprint, False)
    assert (second.signer_fingerprint, second.covers_whole_file) == (legal.fingerprint, True)
    assert second.signed_at is not None


def test_unsigned_pdf_is_refused(unsigned: tuple[bytes, int]) -> None:
    with pytest.raises(SignatureError, match="no signature"):
        verify_pdf(io.BytesIO(unsigned[0]))


@pytest.mark.parametrize("junk", [b"", b"not a pdf at all", b"%PDF-1.7\n" + b"\x00" * 500])
def test_garbage_is_refused(junk: bytes) -> None:
    with pytest.raises(SignatureError):
        verify_pdf(io.BytesIO(junk))


def test_sign_refuses_a_key_that_is_not_the_certificates(
    unsigned: tuple[bytes, int], identity: SigningIdentity
) -> None:
    other = SigningIdentity.create("Other", None)
    out = io.BytesIO()
    with pytest.raises(SignatureError, match="does not match"):
        sign_pdf(
            io.BytesIO(unsigned[0]),
            out,
            other.key,
            identity.certificate,
            reason="r",
            signer_name="n",
        )
    p384 = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(SignatureError, match="P-256"):
        sign_pdf(
            io.BytesIO(unsigned[0]), out, p384, identity.certificate, reason="r", signer_name="n"
        )
    assert out.getvalue() == b""


def test_sign_refuses_a_naive_time(unsigned: tuple[bytes, int], identity: SigningIdentity) -> None:
    with pytest.raises(SignatureError, match="timezone"):
        sign(unsigned[0], identity, when=datetime(2026, 3, 1, 12, 0))


def test_damaged_files_only_ever_raise_signature_error(signed: bytes) -> None:
    rng = random.Random(20260301)
    for round_ in range(60):
        damaged = bytearray(signed)
        if round_ % 3 == 0:
            for _ in range(rng.randint(1, 4)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        elif round_ % 3 == 1:
            del damaged[rng.randrange(len(damaged)) :]
        else:
            at = rng.randrange(len(damaged))
            del damaged[at : at + rng.randint(1, 50)]
        with pytest.raises(SignatureError):
            verify_pdf(io.BytesIO(bytes(damaged)))


_watched: list[list[str]] = []


def _record_file_writes(event: str, args: tuple[object, ...]) -> None:
    if not _watched:
        return
    if event == "open" and len(args) > 1 and isinstance(args[1], str):
        if any(flag in args[1] for flag in "wax+"):
            _watched[-1].append(f"open {args[0]!r}")
    elif event in ("os.rename", "os.replace", "os.mkdir", "tempfile.mkstemp", "tempfile.mkdtemp"):
        _watched[-1].append(f"{event} {args[0]!r}")


def test_render_sign_verify_write_nothing_to_disk(identity: SigningIdentity) -> None:
    """Plaintext testimony stays in memory: no file is opened for writing on the way."""
    sys.addaudithook(_record_file_writes)  # inert unless a test is watching
    _watched.append([])
    try:
        buf, out = io.BytesIO(), io.BytesIO()
        render_statement(make_statement(korean_narrative(12, seed=3)), buf)
        sign_pdf(
            io.BytesIO(buf.getvalue()),
            out,
            identity.key,
            identity.certificate,
            reason="r",
            signer_name="n",
        )
        verify_pdf(io.BytesIO(out.getvalue()))
        open(os.devnull, "wb").close()  # the hook itself sees writes
    finally:
        events = _watched.pop()
    assert events == [f"open {os.devnull!r}"]


def test_the_room_kept_for_the_signature_fits_the_longest_names(
    unsigned: tuple[bytes, int],
) -> None:
    """The signature's room in the PDF is reckoned from the certificate (not measured by a
    dummy signature): names as long as a certificate takes (64 bytes each) fit and verify."""
    longest = SigningIdentity.create("K" * 64, "O" * 64)
    signed = sign(unsigned[0], longest, signer_name="K" * 64)
    [sig] = verify_pdf(io.BytesIO(signed), trusted=longest.certificate)
    assert sig.covers_whole_file
