"""Consent enforced at export: attachment permissions by kind, the third-party protection class,
records refused before anything is written, and v1 records sealed before these rules."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

import forms
from intake.capture import attachments, records, seal
from intake.errors import ConsentRefused
from intake.handover import consent, export, recipients
from tests import markers
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.records_data import FORM_ID, example
from tests.test_bundle import age_decrypt, keypair
from tests.test_export import unpack

FIXTURES = Path(__file__).parent / "fixtures"
SEALED_BEFORE = FIXTURES / "sealed-nk-testimony-v1-before-permissions.json"


@pytest.fixture
def v(tmp_path: Path) -> Any:
    vault = make_vault(tmp_path / "vault")
    yield vault
    vault.lock()


def _grant(recipient: str, level: str = "pseudonym", third: str = "no") -> dict[str, str]:
    return {"recipient": recipient, "identity_level": level, "third_party_names": third}


def _record(v: Any, doc: dict[str, Any], files: dict[str, tuple[bytes, str | None]]) -> str:
    rid = records.create(v, FORM_ID, doc)
    for name, (data, kind) in files.items():
        src = v.path.parent / name
        src.write_bytes(data)
        attachments.add(v, rid, src, kind=kind)
        src.unlink()
    records.seal_record(v, rid)
    return rid


def _every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_kind_is_guessed_stored_and_changeable(v: Any, tmp_path: Path) -> None:
    rid = records.create(v, FORM_ID, example())
    got = {}
    for name in ("a.ogg", "b.jpg", "c.mp4", "d.pdf", "e.bin"):
        (tmp_path / name).write_bytes(b"x")
        got[name] = attachments.add(v, rid, tmp_path / name).kind
    assert got == {
        "a.ogg": "audio",
        "b.jpg": "photo_video",
        "c.mp4": "photo_video",
        "d.pdf": "document",
        "e.bin": "other",
    }
    att = attachments.for_record(v, rid)[3]
    assert attachments.set_kind(v, att.id, "medical").kind == "medical"
    assert attachments.get(v, att.id).kind == "medical"
    with pytest.raises(Exception, match="unknown attachment kind"):
        attachments.set_kind(v, att.id, "x-ray")
    # Once sealed, the kind (which decides the permission that governs it) is fixed.
    records.seal_record(v, rid)
    with pytest.raises(Exception, match="sealed"):
        attachments.set_kind(v, att.id, "document")
    assert attachments.get(v, att.id).kind == "medical"


def test_audio_no_photo_yes_medical_unknown_every_byte_of_the_bundle(
    v: Any, tmp_path: Path
) -> None:
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "UN team", recipient, "un_ohchr")
    doc = example()
    doc["consent"]["grants"] = [_grant("un_ohchr")]
    doc["consent"]["audio_permission"] = "no"
    doc["consent"]["photo_permission"] = "yes"
    doc["consent"]["medical_records_permission"] = "unknown"
    audio, photo, medical = os.urandom(50_000), os.urandom(40_000), os.urandom(30_000)
    rid = _record(
        v,
        doc,
        {
            "voice.ogg": (audio, None),
            "scar.jpg": (photo, None),
            "hospital.pdf": (medical, "medical"),
        },
    )
    ids = {a.kind: a.id for a in attachments.for_record(v, rid)}
    plan = consent.preview(v, [rid], ["UN team"])[0]
    assert {(w.attachment.kind, w.reason) for w in plan.withheld} == {
        ("audio", consent.PERMISSION_NO),
        ("medical", consent.PERMISSION_UNKNOWN),
    }
    out = tmp_path / "b.age"
    export.export_bundle(v, [rid], ["UN team"], out)
    folder = unpack(age_decrypt(out, key), tmp_path / "unpacked")
    everything = _every_byte(folder)
    assert photo in everything
    for secret in (audio, medical):
        assert secret[:64] not in everything and secret[-64:] not in everything
    manifest = json.loads((folder / "manifest.json").read_bytes())
    entry = manifest["records"][0]
    assert sorted(entry["withheld_attachments"], key=lambda w: w["kind"]) == [
        {
            "id": ids["audio"],
            "kind": "audio",
            "reason": "permission_no",
            "permission": "consent.audio_permission",
        },
        {
            "id": ids["medical"],
            "kind": "medical",
            "reason": "permission_unknown",
            "permission": "consent.medical_records_permission",
        },
    ]
    assert entry["attachments"] == 1 and entry["attachments_withheld"] == 2
    assert not any("sha256" in w for w in entry["withheld_attachments"])
    pdf_text = (folder / "records" / rid / "statement.txt").read_text()
    for kind in ("audio", "medical"):
        assert ids[kind] in pdf_text
    # a Korean statement: Korean first (docs/bundle.md, "The PDF statement")
    assert "녹음 / Audio recording" in pdf_text and "의료 기록 / Medical record" in pdf_text
    assert "제외됨 / Withheld: " + ids["photo_video"] not in pdf_text
    record = json.loads((folder / "records" / rid / "record.json").read_bytes())
    assert [a["kind"] for a in record["attachments"]] == ["photo_video"]
    assert intake("verify", out, "--identity", key).returncode == 0


def test_a_kind_no_question_governs_goes(v: Any, tmp_path: Path) -> None:
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    doc = example()
    doc["consent"]["audio_permission"] = "no"
    drawing = os.urandom(20_000)
    rid = _record(v, doc, {"map.png": (drawing, "drawing")})
    export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")
    assert drawing in age_decrypt(tmp_path / "b.age", key)


def _canary_doc() -> tuple[dict[str, Any], list[str], list[str]]:
    """Example record with marker strings as the witness's identity and as third persons."""
    witness = list(markers.new_markers())
    third = list(markers.new_markers()) + [markers.new_markers()[1]]
    doc = example()
    doc["identity"]["name_hangul"], doc["identity"]["name_latin"] = witness
    act = doc["incidents"][0]["acts"][0]
    act["perpetrators"][0]["name"], act["perpetrators"][0]["alias"] = third[0], third[1]
    act["witnesses"][0]["name"] = third[2]
    # The witness named as a victim: that name is the witness's identity, not a third person.
    act["victims"][0]["person"] = "interviewee"
    witness.append(markers.new_markers()[0])
    act["victims"][0]["name"] = witness[2]
    return doc, witness, third


@pytest.mark.parametrize(
    ("klass", "grant", "profile", "third_goes", "witness_goes"),
    [
        ("icc", _grant("icc", "pseudonym", "yes"), "redacted", True, False),
        ("icc", _grant("icc", "identity_protected", "yes"), "full", True, True),
        ("icc", _grant("icc", "identity_protected", "no"), "full", False, True),
        ("national_prosecutors", _grant("national_prosecutors", "pseudonym"), "full", False, False),
        ("media", _grant("media", "public", "yes"), "full", False, True),
        ("public", _grant("public", "public", "yes"), "redacted", False, False),
    ],
)
def test_third_person_names_follow_their_own_grant(
    tmp_path: Path,
    klass: str,
    grant: dict[str, str],
    profile: str,
    third_goes: bool,
    witness_goes: bool,
) -> None:
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "team", recipient, klass)  # type: ignore[attr-defined]
    doc, witness, third = _canary_doc()
    doc["consent"]["grants"] = [grant]
    rid = _record(v, doc, {})
    out = tmp_path / "b.age"
    export.export_bundle(v, [rid], ["team"], out, profile=profile)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    folder = unpack(age_decrypt(out, key), tmp_path / "unpacked")
    pdf = folder / "records" / rid / "statement.txt"
    # Each marker, in the record and in the PDF, or nowhere in any byte of any file.
    for marker in third:
        assert bool(markers.scan([folder], [marker])) == third_goes, marker
        assert bool(markers.scan([pdf], [marker])) == third_goes, marker
    for marker in witness:  # the witness named as a victim follows the identity grant too
        assert bool(markers.scan([folder], [marker])) == witness_goes, marker
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert manifest["records"][0]["third_party"] == ("disclosed" if third_goes else "withheld")
    assert intake("verify", out, "--identity", key).returncode == 0


def test_preview_names_refusals_without_writing(v: Any, tmp_path: Path) -> None:
    _, r1 = keypair(tmp_path, "a.txt")
    _, r2 = keypair(tmp_path, "b.txt")
    recipients.add_recipient(v, "ICC", r1, "icc")
    recipients.add_recipient(v, "Press", r2, "media")
    doc = example()
    doc["consent"]["grants"] = [_grant("icc")]
    ok = _record(v, doc, {})
    withdrawn = copy.deepcopy(doc)
    withdrawn["consent"]["withdrawn"] = "yes"
    withdrawn["consent"]["withdrawal_date"] = "2026-04"
    gone = _record(v, withdrawn, {})
    plans = consent.preview(v, [ok, gone], ["ICC", "Press"])
    assert [(r.recipient.name, r.reason) for r in plans[0].refusals] == [
        ("Press", consent.NOT_GRANTED)
    ]
    assert {r.reason for r in plans[1].refusals} == {consent.WITHDRAWN}
    with pytest.raises(ConsentRefused, match="media"):
        export.export_bundle(v, [ok], ["ICC", "Press"], tmp_path / "x.age")
    assert not list(tmp_path.glob("x.age*"))


def test_v1_records_sealed_before_the_new_form_format_still_verify_and_export(
    v: Any, tmp_path: Path
) -> None:
    sv = seal.SealedVersion.from_json(json.loads(SEALED_BEFORE.read_text()))
    assert seal.check(sv, None) == []
    form = forms.load_form(FORM_ID, 1)
    assert form.validate(sv.doc, for_seal=True) == []
    # Sealing the same document today cuts out exactly the same answers: same committed view.
    assert sorted(form.protected_paths(sv.doc)) == sorted(sv.disclosures)
    classes = {p: form.protection(sv.doc, p) for p in sv.disclosures}
    assert classes["incidents[0].acts[0].perpetrators[0].name"] == "third_party"
    assert classes["incidents[0].acts[0].victims[0].name"] == "identity"  # the interviewee
    for cut in ([p for p, c in classes.items() if c == "identity"], None):
        part = sv.redacted(cut)
        assert seal.check(part, None) == []
        assert set(part.disclosures) | set(part.redactions) == set(sv.disclosures)


def _redacted_and_full(tmp_path: Path) -> tuple[Path, str, list[str], list[str]]:
    """A laptop vault (locked after) with one sealed record whose witness withheld their
    identity from the ICC, exported to it twice: ``redacted.age`` and ``full.age``. Returns
    the ICC's key, the record, the witness's name and the third persons' names."""
    key, recipient = keypair(tmp_path)
    src = make_vault(tmp_path / "laptop")
    recipients.add_recipient(src, "ICC", recipient, "icc")  # type: ignore[attr-defined]
    doc, witness, third = _canary_doc()
    doc["consent"]["grants"] = [_grant("icc", "identity_protected", "no")]
    rid = _record(src, doc, {})
    for profile in ("redacted", "full"):
        export.export_bundle(  # type: ignore[arg-type]
            src, [rid], ["ICC"], tmp_path / f"{profile}.age", profile=profile
        )
    src.lock()  # type: ignore[attr-defined]
    return key, rid, witness, third


@pytest.mark.parametrize("order", ["redacted_then_full", "full_then_redacted"])
def test_a_fuller_copy_upgrades_the_archive_and_never_the_reverse(
    tmp_path: Path, passphrase_file: Path, order: str
) -> None:
    from intake import check
    from intake.vault import Vault, audit
    from tests.conftest import PASSPHRASE

    key, rid, witness, third = _redacted_and_full(tmp_path)
    first, second = order.split("_then_")
    make_vault(tmp_path / "archive").lock()  # type: ignore[attr-defined]

    def run_import(profile: str) -> str:
        run = intake(
            "import", "--trust-new", tmp_path / f"{profile}.age", "--identity", key,
            "--vault", tmp_path / "archive", "--passphrase-file", passphrase_file,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    run_import(first)
    out = run_import(second)
    with Vault.open(tmp_path / "archive", PASSPHRASE) as a:
        held = records.sealed_versions(a, rid)
        assert len(held) == 1
        text = json.dumps(held[0].doc, ensure_ascii=False)
        # Either way the archive ends with the full copy: the witness's name is held.
        assert witness[0] in text and witness[1] in text
        # ... and never the third persons' names: no bundle carried them.
        assert not any(m in text for m in third)
        assert seal.check(held[0], None) == []
        assert check.check_vault(a) == []
        with a.transaction() as c:
            added = [e for e in audit.entries(c) if e.action == "disclosures added"]
        sv_hash = held[0].version_hash
    upgraded = first == "redacted"
    assert ("disclosures added" in out) == upgraded
    assert [e.detail["version_hash"] for e in added] == ([sv_hash] if upgraded else [])


def test_a_disclosure_that_does_not_match_its_commitment_is_refused() -> None:
    sv = seal.SealedVersion.from_json(json.loads(SEALED_BEFORE.read_text()))
    redacted = sv.redacted()
    assert redacted.with_disclosures_of(redacted) is None  # nothing to add
    merged = redacted.with_disclosures_of(sv)
    assert merged is not None and merged.doc == sv.doc and seal.check(merged, None) == []
    forged = copy.deepcopy(sv.doc)
    forged["identity"]["name_latin"] = "Someone Else"
    with pytest.raises(ValueError, match="does not match its commitment"):
        redacted.with_disclosures_of(seal.replace(sv, doc=forged))


def test_a_fuller_copy_leaves_an_open_corrections_snippet_texts(tmp_path: Path) -> None:
    """A fuller copy of the latest version arriving while the archive has a correction of
    that record open changes the sealed version, not what the index and its snippet texts
    hold: the draft's (migration 16)."""
    from intake.archive import receive
    from intake.capture import search

    key, rid, witness, _ = _redacted_and_full(tmp_path)
    with make_vault(tmp_path / "archive") as a:  # type: ignore[attr-defined]
        receive.import_bundle(a, tmp_path / "redacted.age", key.read_text(), trust_new=True)
        records.correct(a, rid)
        draft = records.draft(a, rid)
        receive.import_bundle(a, tmp_path / "full.age", key.read_text(), trust_new=True)
        assert witness[0] in json.dumps(records.sealed_version(a, rid).doc, ensure_ascii=False)
        with a.transaction() as c:
            (row,) = c.execute("SELECT row FROM search_rows WHERE record_id = ?", (rid,)).fetchone()
            kept = search.kept_texts(c, [row])
    assert kept == {row: forms.load_form(FORM_ID, 1).text_values(draft)}
