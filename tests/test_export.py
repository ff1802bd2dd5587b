"""Export: a bundle the stock tools open and check, consent enforced, identity redacted."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

import forms
from crypto.errors import Cancelled, CryptoError
from intake import check
from intake.archive import verify
from intake.capture import attachments, listing, records
from intake.capture.filters import Filters
from intake.errors import ConsentRefused
from intake.handover import bundle, consent, export, pack, recipients
from intake.vault import Vault, audit
from tests import markers
from tests.cli_run import intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example, set_narrative
from tests.test_bundle import age_decrypt, entries, keypair, sealed_record
from tests.test_statement import korean_narrative


@pytest.fixture
def v(tmp_path: Path) -> Any:
    vault = make_vault(tmp_path / "vault")
    yield vault
    vault.lock()  # type: ignore[attr-defined]


def unpack(zip_bytes: bytes, folder: Path) -> Path:
    """Write every entry (names were checked safe by the reader's rules) and the PDFs' text."""
    for name, data in entries(zip_bytes).items():
        bundle.check_name(name)
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if name.endswith(".pdf"):
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(target), "-"], check=True, capture_output=True
            ).stdout
            target.with_suffix(".txt").write_bytes(text)
    return folder


def with_consent(
    doc: dict[str, Any], grants: list[dict[str, str]], withdrawn: str = "no"
) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["consent"]["grants"] = grants
    doc["consent"]["withdrawn"] = withdrawn
    return doc


def test_round_trip_with_stock_tools(tmp_path: Path, passphrase_file: Path) -> None:
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    audio = os.urandom(300_000)
    rid = sealed_record(v, files={"interview.ogg": audio})  # type: ignore[arg-type]
    fingerprint = v.identity.fingerprint  # type: ignore[attr-defined]
    v.lock()  # type: ignore[attr-defined]
    out = tmp_path / "handover.age"
    run = intake(
        "export",
        rid,
        "--to",
        "archive",
        "--out",
        out,
        "--vault",
        tmp_path / "vault",
        "--passphrase-file",
        passphrase_file,
    )
    assert run.returncode == 0, run.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    # The stock age binary opens it; every manifest hash matches sha256sum.
    folder = unpack(age_decrypt(out, key), tmp_path / "unpacked")
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert manifest["format"] == "testimony-intake-bundle" and manifest["format_version"] == 3
    assert manifest["exporter"]["fingerprint"] == fingerprint
    assert [r["profile"] for r in manifest["records"]] == ["redacted"]
    kinds = {f["kind"] for f in manifest["files"]}
    assert kinds == {"record", "schema", "statement", "attachment", "audit", "history"}
    for f in manifest["files"]:
        line = subprocess.run(
            ["sha256sum", str(folder / f["path"])], check=True, capture_output=True, text=True
        ).stdout
        assert line.split()[0] == f["sha256"], f["path"]
        assert (folder / f["path"]).stat().st_size == f["size"]
    att = next(f for f in manifest["files"] if f["kind"] == "attachment")
    assert (folder / att["path"]).read_bytes() == audio
    assert "interview" not in att["path"]  # redacted profile: no original file name

    # openssl checks the manifest signature with the exporter's certificate.
    subprocess.run(
        [
            "openssl",
            "x509",
            "-in",
            str(folder / "exporter.pem"),
            "-pubkey",
            "-noout",
            "-out",
            str(folder / "pub.pem"),
        ],
        check=True,
    )
    verified = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            str(folder / "pub.pem"),
            "-signature",
            str(folder / "manifest.sig"),
            str(folder / "manifest.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0 and "Verified OK" in verified.stdout

    # pdfsig says the statement's signature is valid; JSON validates against the bundled schema.
    pdf = folder / "records" / rid / "statement.pdf"
    sig = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig and "Interviewer One" in sig
    schema = json.loads((folder / "records" / rid / "schema.json").read_bytes())
    record = json.loads((folder / "records" / rid / "record.json").read_bytes())
    for version in record["versions"]:
        forms.schema_validator(schema).validate(version["document"])
    audit_rows = json.loads((folder / "audit.json").read_bytes())
    custody = audit_rows[-1]
    assert (
        custody["action"] == "exported" and custody["detail"]["bundle_id"] == manifest["bundle_id"]
    )

    # intake verify exits 0; import into an empty archive twice gives one copy.
    run = intake("verify", out, "--identity", key)
    assert run.returncode == 0, run.stdout + run.stderr
    assert fingerprint in run.stdout and "signer NOT checked against pinned keys" in run.stdout
    assert f"sealed by {fingerprint} (Interviewer One, the exporter): {rid} v1" in run.stdout
    archive = tmp_path / "archive"
    make_vault(archive, name="Legal Team").lock()  # type: ignore[attr-defined]
    for attempt in range(2):
        run = intake(
            "import", "--trust-new",
            out,
            "--identity",
            key,
            "--vault",
            archive,
            "--passphrase-file",
            passphrase_file,
        )
        assert run.returncode == 0, run.stderr
        assert ("already imported" in run.stdout) == (attempt == 1)
        assert ("1 signed statement(s)" in run.stdout) == (attempt == 0)
    with Vault.open(archive, PASSPHRASE) as a:
        assert a.query("SELECT id, origin, status FROM records") == [(rid, "imported", "sealed")]
        assert a.query("SELECT count(*) FROM sealed_versions") == [(1,)]
        assert a.query("SELECT count(*) FROM attachments") == [(1,)]
        assert a.query("SELECT count(*) FROM received_bundles") == [(1,)]
        with a.transaction() as c:
            actions = [e.action for e in audit.entries(c)]
        assert actions.count("bundle imported") == 1 and actions.count("record imported") == 1
    run = intake("check", "--vault", archive, "--passphrase-file", passphrase_file)
    assert run.returncode == 0, run.stderr

    # The interviewer's vault recorded the export.
    with Vault.open(tmp_path / "vault", PASSPHRASE) as src:
        assert records.get(src, rid).exported_at == manifest["created_at"]
        exported_only = Filters(status="exported")
        assert [r.id for r in listing.list_records(src, exported_only)] == [rid]
        assert listing.count_unexported_sealed(src) == 0
        with src.transaction() as c:
            exported = [e for e in audit.entries(c) if e.action == "exported"]
        assert [e.hash for e in exported] == [custody["hash"]]


def test_trusted_signer_is_named(tmp_path: Path, passphrase_file: Path) -> None:
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    rid = sealed_record(v)  # type: ignore[arg-type]
    fingerprint = v.identity.fingerprint  # type: ignore[attr-defined]
    export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    make_vault(tmp_path / "archive").lock()  # type: ignore[attr-defined]
    common = ["--vault", tmp_path / "archive", "--passphrase-file", passphrase_file]
    run = intake(
        "trust", "add", fingerprint.replace(" ", "").lower(), "--name", "Kim (NGO)", *common
    )
    assert run.returncode == 0, run.stderr
    run = intake("verify", tmp_path / "b.age", "--identity", key, "--json", *common)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["pinned_name"] == "Kim (NGO)" and report["signer_fingerprint"] == fingerprint
    assert report["ok"] is True and len(report["records"]) == 1


def test_consent_not_granted_to_class_is_refused_and_nothing_written(
    v: Any, tmp_path: Path
) -> None:
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "icc", recipient, "icc")
    rid = sealed_record(v)  # example grants own_archive only
    with v.transaction() as c:
        before = audit.entries(c)
    with pytest.raises(ConsentRefused) as err:
        export.export_bundle(v, [rid], ["icc"], tmp_path / "b.age")
    assert rid in str(err.value) and "icc" in str(err.value) and "ORG-2026-0042" in str(err.value)
    assert not (tmp_path / "b.age").exists()
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name] == []
    with v.transaction() as c:
        assert audit.entries(c) == before
    assert records.get(v, rid).exported_at is None


def test_withdrawn_consent_is_refused_by_the_cli(tmp_path: Path, passphrase_file: Path) -> None:
    v = make_vault(tmp_path / "vault")
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    rid = sealed_record(v)  # type: ignore[arg-type]
    records.correct(v, rid)  # type: ignore[arg-type]
    doc = records.draft(v, rid)  # type: ignore[arg-type]
    doc["consent"]["withdrawn"] = "yes"
    doc["consent"]["withdrawal_date"] = "2026-04-01"
    records.save_draft(v, rid, doc)  # type: ignore[arg-type]
    records.seal_record(v, rid)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    run = intake(
        "export",
        rid,
        "--to",
        "archive",
        "--out",
        tmp_path / "b.age",
        "--vault",
        tmp_path / "vault",
        "--passphrase-file",
        passphrase_file,
    )
    assert run.returncode == 1
    assert "withdrawn" in run.stderr and rid in run.stderr
    assert not (tmp_path / "b.age").exists()


def _marked_doc() -> tuple[dict[str, Any], str, str, str]:
    korean, english = markers.new_markers()
    control = "CONTROLMARK" + korean[-8:]
    doc = example()
    doc["identity"]["name_hangul"] = korean
    doc["identity"]["name_latin"] = english
    doc = set_narrative(doc, f"공개 진술입니다 {control}. 이름은 말하지 않았습니다.")
    return doc, korean, english, control


@pytest.mark.parametrize(
    ("level", "profile", "revealed"),
    [
        ("identity_protected", "redacted", False),
        ("pseudonym", "full", False),
        ("identity_protected", "full", True),
    ],
)
def test_protected_identity_only_with_consent_and_full_profile(
    tmp_path: Path, passphrase_file: Path, level: str, profile: str, revealed: bool
) -> None:
    v = make_vault(tmp_path / "vault")
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)  # type: ignore[arg-type]
    doc, korean, english, control = _marked_doc()
    doc = with_consent(doc, [{"recipient": "own_archive", "identity_level": level}])
    rid = sealed_record(v, doc)  # type: ignore[arg-type]
    v.lock()  # type: ignore[attr-defined]
    out = tmp_path / "b.age"
    run = intake(
        "export",
        rid,
        "--to",
        "archive",
        "--out",
        out,
        "--profile",
        profile,
        "--vault",
        tmp_path / "vault",
        "--passphrase-file",
        passphrase_file,
    )
    assert run.returncode == 0, run.stderr
    assert ("exported redacted" in run.stderr) == (profile == "full" and not revealed)
    folder = unpack(age_decrypt(out, key), tmp_path / "unpacked")
    # The control marker (narrative, not protected) proves the scan reads the PDF text too.
    assert markers.scan([folder / "records" / rid / "statement.txt"], [control])
    found = markers.scan([folder], [korean, english])
    if revealed:
        assert any("statement.txt" in f for f in found) and any("record.json" in f for f in found)
    else:
        assert found == []
    manifest = json.loads((folder / "manifest.json").read_bytes())
    applied = "full" if revealed else "redacted"
    assert manifest["records"][0]["profile"] == applied
    assert (
        f"내보내기 프로필 / Export profile\n\n{applied}"  # a Korean statement: Korean first
        in (folder / "records" / rid / "statement.txt").read_text()
    )
    assert intake("verify", out, "--identity", key).returncode == 0


def test_photo_referenced_only_from_identity_stays_out_of_a_redacted_bundle(
    v: Any, tmp_path: Path
) -> None:
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    rid = records.create(v, FORM_ID, example())
    src = tmp_path / "face.jpg"
    src.write_bytes(os.urandom(1000))
    from intake.capture import attachments

    photo = attachments.add(v, rid, src)
    doc = records.draft(v, rid)
    doc["identity"]["photo"] = [photo.id]
    for key_ in ("recordings",):
        doc["statement"].pop(key_, None)
    records.save_draft(v, rid, doc)
    records.seal_record(v, rid)
    export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")
    names = entries(age_decrypt(tmp_path / "b.age", key))
    assert not [n for n in names if photo.id in n]
    manifest = json.loads(names["manifest.json"])
    assert manifest["records"][0]["attachments_withheld"] == 1


def test_korean_narrative_survives_in_the_pdf(v: Any, tmp_path: Path) -> None:
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    narrative = korean_narrative(30)
    rid = sealed_record(v, set_narrative(example(), narrative))
    export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")
    folder = unpack(age_decrypt(tmp_path / "b.age", key), tmp_path / "unpacked")
    pdf = folder / "records" / rid / "statement.pdf"
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout,
        ).group(1)
    )  # type: ignore[union-attr]
    assert pages >= 4
    lines = pdf.with_suffix(".txt").read_text().splitlines()
    body = [
        ln
        for ln in lines
        if not re.fullmatch(r"\s*(page \d+ of \d+ / \d+쪽 중 \d+쪽|Initials / 이니셜: _+)\s*", ln)
        and " · sha256 " not in ln
    ]  # the footers
    squash = re.sub(r"\s+", "", "".join(body))
    for paragraph in narrative.split("\n\n"):
        assert re.sub(r"\s+", "", paragraph) in squash
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    nanum = [line for line in fonts.splitlines() if "Nanum" in line]
    assert nanum and all(" yes " in line for line in nanum)  # emb column


def test_cancelled_export_leaves_no_file_and_no_audit(v: Any, tmp_path: Path) -> None:
    _, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    rid = sealed_record(v, files={"a.bin": os.urandom(400_000)})
    with v.transaction() as c:
        before = audit.entries(c)
    seen: list[int] = []
    with pytest.raises(Cancelled):
        export.export_bundle(
            v,
            [rid],
            ["archive"],
            tmp_path / "b.age",
            progress=lambda d, t: seen.append(d),
            cancel=lambda: bool(seen),
        )
    assert seen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.txt", "vault"]
    with v.transaction() as c:
        assert audit.entries(c) == before
    assert records.get(v, rid).exported_at is None


def test_the_export_lists_the_hash_recorded_at_capture_and_never_hashes_again(
    v: Any, tmp_path: Path
) -> None:
    """The manifest takes each attachment's SHA-256 from capture: decryption authenticates
    every chunk, so the bytes are the ones hashed then. A recorded hash that no longer fits
    the bytes (only a writer holding the vault key could cause it) goes out as it is, and the
    receiver's verify and the interviewer's `intake check` both name the attachment."""
    identity, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    rid = sealed_record(v, files={"a.bin": os.urandom(300_000)})
    with v.transaction() as c:
        c.execute("UPDATE attachments SET sha256 = ? WHERE record_id = ?", ("0" * 64, rid))
    export.export_bundle(v, [rid], ["archive"], tmp_path / "b.age")
    manifest = json.loads(entries(age_decrypt(tmp_path / "b.age", identity))["manifest.json"])
    assert [f["sha256"] for f in manifest["files"] if f["kind"] == "attachment"] == ["0" * 64]
    report = verify.verify(tmp_path / "b.age", identity.read_text())
    assert any("SHA-256 does not match" in p for p in report.problems)
    att_id = attachments.for_record(v, rid)[0].id
    assert any(f"attachment {att_id}" in p for p in check.check_vault(v))


def test_a_bundle_of_many_blocks_opens_with_stock_tools_and_its_hash_is_the_file_s(
    v: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """age's output reaches the file through a background stage (hashed and written 1 MiB at
    a time, fdatasynced as it goes, here every MiB): the file the stock tools open holds every
    byte, the SHA-256 read out to the legal team is the file's, the CRC-32s (zlib-ng's) are
    the ones `unzip -t` computes, and the manifest lists the hash recorded at capture, which
    is the attachment's."""
    monkeypatch.setattr(pack, "DURABLE_EVERY", 1024 * 1024)
    identity, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "archive", recipient)
    data = os.urandom(5 * 1024 * 1024 + 12_345)  # several blocks, the last one short
    rid = sealed_record(v, files={"a.bin": data})
    out = tmp_path / "b.age"
    result = export.export_bundle(v, [rid], ["archive"], out)
    opens_with_stock_tools(v, rid, data, out, result, identity)


def opens_with_stock_tools(
    v: Any, rid: str, data: bytes, out: Path, result: export.ExportResult, identity: Path
) -> None:
    """The bundle ``out`` of the record ``rid`` with the one attachment ``data``: its hash read
    out to the legal team is the file's, stock `age -d` opens it, `unzip -t` checks every
    CRC, the manifest lists the hash recorded at capture, which is the attachment's, and
    verify is clean."""
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert result.bytes_written == out.stat().st_size
    plain = out.with_suffix(".zip")
    plain.write_bytes(age_decrypt(out, identity))
    tested = subprocess.run(["unzip", "-t", str(plain)], capture_output=True, text=True)
    assert tested.returncode == 0 and "No errors detected" in tested.stdout, tested.stdout
    files = entries(plain.read_bytes())
    manifest = json.loads(files["manifest.json"])
    (att,) = [f for f in manifest["files"] if f["kind"] == "attachment"]
    assert att["sha256"] == attachments.for_record(v, rid)[0].sha256
    assert att["sha256"] == hashlib.sha256(data).hexdigest() and files[att["path"]] == data
    assert verify.verify(out, identity.read_text()).problems == []


def test_a_failing_encryptor_stops_the_zip_writer(tmp_path: Path) -> None:
    """The in-process pipe to age: when the encryptor fails, the writer gets its error
    instead of waiting on a full pipe, and no bundle is left."""
    outcome: list[BaseException] = []

    def write() -> None:
        try:
            with pack.encrypted_zip(tmp_path / "b.age", ["not-a-recipient"]) as zf:
                with zf.open("big.bin", "w", force_zip64=True) as f:
                    for _ in range(16):  # more than the pipe holds
                        f.write(os.urandom(1024 * 1024))
        except BaseException as e:  # noqa: BLE001 - checked below
            outcome.append(e)

    worker = threading.Thread(target=write, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert outcome and isinstance(outcome[0], CryptoError), outcome  # age's own error
    assert list(tmp_path.iterdir()) == []


def test_unknown_recipient_and_bad_keys_are_refused(v: Any) -> None:
    from intake.errors import UsageError

    with pytest.raises(UsageError, match="not a valid age|not an age"):
        recipients.add_recipient(v, "x", "age1notakey")
    with pytest.raises(UsageError, match="unknown recipient class"):
        recipients.add_recipient(v, "x", "age1" + "q" * 58, "martians")
    with pytest.raises(UsageError, match="unknown recipient"):
        recipients.resolve_recipients(v, ["nobody"])


def test_keygen_writes_a_private_identity_stock_age_can_use(tmp_path: Path) -> None:
    out = tmp_path / "team.key"
    run = intake("keygen", "--out", out)
    assert run.returncode == 0, run.stderr
    recipient = run.stdout.strip()
    assert recipient.startswith("age1") and (out.stat().st_mode & 0o777) == 0o600
    enc = subprocess.run(
        ["age", "-r", recipient], input=b"hello", capture_output=True, check=True
    ).stdout
    dec = subprocess.run(
        ["age", "-d", "-i", str(out)], input=enc, capture_output=True, check=True
    ).stdout
    assert dec == b"hello"
    again = intake("keygen", "--out", out)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest()  # untouched, still readable


def test_two_records_to_two_recipients_each_key_opens_it(v: Any, tmp_path: Path) -> None:
    key1, rec1 = keypair(tmp_path, "one.txt")
    key2, rec2 = keypair(tmp_path, "two.txt")
    recipients.add_recipient(v, "archive", rec1)
    recipients.add_recipient(v, "un", rec2, "un_ohchr")
    grants = [{"recipient": "own_archive", "identity_level": "pseudonym"},
              {"recipient": "un_ohchr", "identity_level": "none"}]
    rids = [sealed_record(v, with_consent(example(), grants)) for _ in range(2)]
    result = export.export_bundle(v, rids, ["archive", rec2], tmp_path / "b.age")
    assert result.records == rids
    for key in (key1, key2):
        manifest = json.loads(entries(age_decrypt(tmp_path / "b.age", key))["manifest.json"])
        assert [r["id"] for r in manifest["records"]] == rids
        assert [r["class"] for r in manifest["recipients"]] == ["own_archive", "un_ohchr"]


def test_a_file_added_to_a_discarded_correction_never_leaves(v: Any, tmp_path: Path) -> None:
    """'Discard the correction? The sealed version stays as it is': a photo attached while
    correcting went out with the sealed version's bundles, while the correction was open
    and after it was discarded (the witness may have objected: that is why it was
    dropped). It is in no sealed version: it stays out, and goes with the correction,
    blob too; the sealed version's own file stays."""
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "Archive", recipient, "own_archive")
    rid = sealed_record(v, files={"map.png": b"\x89PNG kept " * 100})
    kept = [a.id for a in attachments.for_record(v, rid)]
    records.correct(v, rid, reason="the witness remembered the camp's gate")
    photo = tmp_path / "gate.jpg"
    photo.write_bytes(b"the witness's face " * 300)
    added = attachments.add(v, rid, photo, kind="photo_video")
    assert attachments.blob_path(v, added.id).exists()
    # handed over while the correction is open: version 1, without the correction's file
    export.export_bundle(v, [rid], ["Archive"], tmp_path / "open.age")
    names = entries(age_decrypt(tmp_path / "open.age", Path(key)))
    assert not [n for n in names if added.id in n] and [n for n in names if kept[0] in n]
    assert records.discard_draft(v, rid) == "correction"
    assert [a.id for a in attachments.for_record(v, rid)] == kept
    assert not attachments.blob_path(v, added.id).exists()
    assert check.check_vault(v) == []
    with v.transaction() as c:
        last = audit.entries(c, rid)[-1]
    assert (last.action, last.detail["files"]) == ("correction discarded", 1)
    export.export_bundle(v, [rid], ["Archive"], tmp_path / "b.age")
    names = entries(age_decrypt(tmp_path / "b.age", Path(key)))
    assert not [n for n in names if added.id in n]
    assert [n for n in names if kept[0] in n]


def test_a_kind_changed_in_a_correction_does_not_choose_the_permission_yet(
    v: Any, tmp_path: Path
) -> None:
    """The witness said no to photos; a photo of version 1 made 'other' (no question governs
    it) while correcting went out with version 1's bundles, during the correction and after
    it was discarded. The sealed version's kind holds until the correction is sealed."""
    key, recipient = keypair(tmp_path)
    recipients.add_recipient(v, "Archive", recipient, "own_archive")
    doc = example()
    doc["consent"]["photo_permission"] = "no"
    rid = sealed_record(v, doc, files={"face.jpg": b"the witness's face " * 200})
    (photo,) = attachments.for_record(v, rid)
    assert photo.kind == "photo_video"
    records.correct(v, rid, reason="the drawing was filed as a photo")
    attachments.set_kind(v, photo.id, "other")
    for name in ("open", "discarded"):
        plan = consent.plan_record(v, rid, recipients.list_recipients(v), "redacted")
        assert not plan.attachments and [w.reason for w in plan.withheld] == ["permission_no"]
        export.export_bundle(v, [rid], ["Archive"], tmp_path / f"{name}.age")
        assert not [n for n in entries(age_decrypt(tmp_path / f"{name}.age", Path(key)))
                    if photo.id in n]
        if name == "open":
            records.discard_draft(v, rid)
    assert attachments.get(v, photo.id).kind == "photo_video"  # set back with the discard
