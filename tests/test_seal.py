"""Sealing on its own: the envelope, the chain, redactable identity, and what check() names."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import replace

import pytest
import rfc8785

from crypto.sign import SigningIdentity
from intake.capture import seal

DOC = {
    "reference": "ORG-2026-0042",
    "interviewee": {"pseudonym": "W-17", "real_name": "김철수", "relatives": ["박영희"]},
    "incidents": [{"title": "Arrest at the border", "perpetrator": {"alias": "Captain K"}}],
}
PROTECTED = ["interviewee.real_name", "interviewee.relatives", "incidents[0].perpetrator.alias"]


@pytest.fixture(scope="module")
def identity() -> SigningIdentity:
    return SigningIdentity.create("Interviewer One", "Example NGO")


def _seal(identity: SigningIdentity, version: int = 1, prev: str | None = None,
          doc: dict | None = None) -> seal.SealedVersion:
    return seal.seal(
        identity,
        record_id="rec-1",
        version=version,
        form_id="nk-testimony",
        form_version=1,
        doc=copy.deepcopy(doc or DOC),
        protected_paths=PROTECTED,
        prev_version_hash=prev,
        sealed_at="2026-03-14T01:30:00Z",
    )


def test_version_hash_is_the_sha256_of_the_canonical_envelope(identity: SigningIdentity) -> None:
    sv = _seal(identity)
    body = rfc8785.dumps(sv.envelope)
    assert sv.version_hash == hashlib.sha256(body).hexdigest()
    assert sv.envelope["signer"] == identity.fingerprint
    assert sv.envelope["prev_version_hash"] is None
    assert set(sv.disclosures) == set(PROTECTED)
    assert seal.check(sv, None) == []


def test_the_committed_view_holds_no_protected_value(identity: SigningIdentity) -> None:
    sv = _seal(identity)
    view = seal.committed_view(sv.doc, sv.disclosures, sv.redactions)
    text = json.dumps(view, ensure_ascii=False)
    for secret in ("김철수", "박영희", "Captain K"):
        assert secret not in text
    assert set(view["redactions"]) == set(PROTECTED)
    assert sv.envelope["view_sha256"] == seal.sha256_hex(seal.canonical(view))


def test_a_redacted_copy_verifies_against_the_same_seal(identity: SigningIdentity) -> None:
    sv = _seal(identity)
    red = sv.redacted()
    assert red.is_redacted and not red.disclosures
    assert "김철수" not in json.dumps(red.to_json(), ensure_ascii=False)
    assert red.version_hash == sv.version_hash
    assert seal.check(red, None) == []
    # and it survives the trip through JSON, as in a bundle
    assert seal.check(seal.SealedVersion.from_json(red.to_json()), None) == []


def test_a_correction_chains_to_the_version_it_corrects(identity: SigningIdentity) -> None:
    v1 = _seal(identity)
    v2 = _seal(identity, 2, v1.version_hash)
    assert seal.check(v2, v1) == []
    other = _seal(identity)  # same content, other salts: another version hash
    assert other.version_hash != v1.version_hash
    assert seal.check(v2, other) == [
        "record rec-1 version 2: seal prev version hash does not match"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda sv: replace(sv, doc={**sv.doc, "reference": "ORG-2026-0043"}),
         "document does not match its sealed hash"),
        (lambda sv: replace(sv, disclosures={**sv.disclosures,
                                             "interviewee.real_name": "00" * 16}),
         "document does not match its sealed hash"),
        (lambda sv: replace(sv, version=2), "seal version does not match"),
        (lambda sv: replace(sv, envelope={**sv.envelope, "sealed_at": "2026-03-15T00:00:00Z"}),
         "version hash does not match the seal"),
        (lambda sv: replace(sv, signature=sv.signature[:-1] + bytes([sv.signature[-1] ^ 1])),
         "signature does not verify"),
        (lambda sv: replace(sv, disclosures={**sv.disclosures, "interviewee.missing": "00"}),
         "disclosed identity fields do not match the document"),
    ],
)
def test_check_names_each_kind_of_tampering(identity: SigningIdentity, change, problem) -> None:
    sv = change(_seal(identity))
    problems = seal.check(sv, None)
    assert any(problem in p for p in problems), problems


def test_a_certificate_other_than_the_named_signer_is_refused(identity: SigningIdentity) -> None:
    other = SigningIdentity.create("Interviewer One", "Example NGO")  # same name, other key
    sv = _seal(identity)
    forged = replace(sv, signer_cert=other.cert_pem().decode("ascii"),
                     signature=other.sign(seal.canonical(sv.envelope)))
    assert seal.check(forged, None) == [
        "record rec-1 version 1: signer certificate is not the one named in the seal"
    ]


def test_rows_round_trip(identity: SigningIdentity) -> None:
    sv = _seal(identity)
    assert seal.from_row(seal.to_row(sv)) == sv


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"record_id": "r"},
        {"record_id": "r", "version": 1, "form": "nk"},
    ],
)
def test_from_json_refuses_bad_shapes(bad: object) -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        seal.SealedVersion.from_json(bad)  # type: ignore[arg-type]


def test_from_json_refuses_a_version_that_is_not_an_integer(identity: SigningIdentity) -> None:
    d = _seal(identity).to_json()
    d["version"] = "1"
    with pytest.raises(TypeError):
        seal.SealedVersion.from_json(d)


def test_forked_ids_keep_their_original_record_id() -> None:
    assert seal.original_record_id(f"rec-1{seal.FORK_MARK}abcd") == "rec-1"
    assert seal.original_record_id("rec-1") == "rec-1"
