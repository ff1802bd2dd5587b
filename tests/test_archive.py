"""The legal team's archive: stats, the incidents CSV and the evidence register, core and CLI.

The archive is built the real way: interviewers seal records in their own vaults,
export signed age bundles, and the legal team imports them (one interviewer
pinned, one not; a tampered bundle imports nothing).
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake.archive import (
    acts,
    batch,
    custody,
    evidence,
    patterns,
    pins,
    receive,
    statements,
    tables,
)
from intake.capture import attachments, listing, records
from intake.capture.filters import Filters
from intake.errors import CheckFailed, NotFound
from intake.handover import export, recipients
from intake.vault import Vault
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.records_data import FORM_ID, FORM_VERSION, example

# (reference, violation, province, facility type, place name, incident date)
RECORDS_A = [
    ("ORG-2026-0001", "torture", "KP-09", "kyohwaso", "전거리 교화소", "1999-03~"),
    ("ORG-2026-0002", "forced_labour", "KP-09", "kyohwaso", "전거리 교화소", "2004"),
]
RECORDS_B = [("NGO-B-0007", "public_execution", "KP-10", "", "혜산", "2012-21")]
CORRECTED_TITLE = "Detention at Chongori (corrected after read-back)"
RECORD_TAMPERED = ("ORG-2026-0099", "beating", "KP-02", "jipkyulso", "평성 집결소", "2010")


def doc_for(reference: str, violation: str, province: str, facility: str, place: str,
            when: str) -> dict[str, Any]:
    """The example record with one incident and one act changed to these values."""
    doc = example()
    doc["record"]["reference"] = reference
    inc = doc["incidents"][0]
    inc["date"] = when
    inc["place"]["province"] = province
    act = inc["acts"][0]
    act["type"] = violation
    act.pop("repatriation_stage", None)
    act.pop("start", None)
    act.pop("end", None)
    act["place"] = {"name_ko": place, "province": province, "country": "kp"}
    if facility:
        act["place"]["facility_type"] = facility
    return doc


def keypair(folder: Path) -> tuple[str, str]:
    key = folder / "legal-team.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    text = key.read_text()
    recipient = next(line.split(": ", 1)[1] for line in text.splitlines() if "public key" in line)
    return text, recipient


def sealed(v: Vault, doc: dict[str, Any], files: dict[str, bytes] | None = None) -> str:
    rid = records.create(v, FORM_ID, doc, FORM_VERSION)
    for name, data in (files or {}).items():
        src = v.path.parent / name
        src.write_bytes(data)
        attachments.add(v, rid, src)
        src.unlink()
    records.seal_record(v, rid)
    return rid


def tamper(bundle: Path, identity: str, recipient: str, out: Path) -> Path:
    """Decrypt with the stock age tool, change one byte of a record, encrypt again."""
    import zipfile

    key = bundle.parent / "tamper-key.txt"
    key.write_text(identity)
    plain = subprocess.run(["age", "-d", "-i", str(key), str(bundle)], check=True,
                           capture_output=True).stdout
    key.unlink()
    src, dst = zipfile.ZipFile(io.BytesIO(plain)), io.BytesIO()
    with zipfile.ZipFile(dst, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("record.json"):
                data = data.replace("평성".encode(), "평양".encode())
            z.writestr(info.filename, data)
    subprocess.run(["age", "-r", recipient, "-o", str(out)], input=dst.getvalue(), check=True)
    return out


@dataclass
class Scenario:
    """Three bundles from two interviewers, ready to import into a fresh archive vault."""

    root: Path
    identity: str
    pinned: Path  # interviewer A, whose key the archive trusts
    unpinned: Path  # interviewer B
    tampered: Path  # interviewer A, one record altered after signing
    fingerprint_a: str
    fingerprint_b: str
    records_a: list[str]
    records_b: list[str]
    attachment_bytes: bytes

    def archive(self, name: str = "archive", *, pin: bool = True) -> Vault:
        v: Vault = make_vault(self.root / name, name="Legal Team", org="Accountability Unit")
        if pin:
            pins.trust(v, self.fingerprint_a, "Interviewer A", "Example NGO")
        return v


def build_scenario(root: Path) -> Scenario:
    identity, recipient = keypair(root)
    scan = os.urandom(50_000)

    def interviewer(name: str, rows: list[tuple[str, ...]], files: bool) -> tuple[Vault, list[str]]:
        v: Vault = make_vault(root / name, name=name)
        recipients.add_recipient(v, "legal team", recipient)
        ids = [sealed(v, doc_for(*r), {"scan.png": scan} if files and i == 0 else None)
               for i, r in enumerate(rows)]
        return v, ids

    va, ids_a = interviewer("Interviewer A", RECORDS_A, True)
    # A correction: version 2 of the first record changes the incident's title.
    records.correct(va, ids_a[0])
    doc = records.draft(va, ids_a[0])
    doc["incidents"][0]["title"] = CORRECTED_TITLE
    records.save_draft(va, ids_a[0], doc)
    records.seal_record(va, ids_a[0])
    vb, ids_b = interviewer("Interviewer B", RECORDS_B, False)
    pinned, unpinned = root / "a.bundle", root / "b.bundle"
    export.export_bundle(va, ids_a, ["legal team"], pinned)
    export.export_bundle(vb, ids_b, ["legal team"], unpinned)
    extra = sealed(va, doc_for(*RECORD_TAMPERED))
    export.export_bundle(va, [extra], ["legal team"], root / "c-original.bundle")
    tampered = tamper(root / "c-original.bundle", identity, recipient, root / "c.bundle")
    fa, fb = va.identity.fingerprint, vb.identity.fingerprint
    va.lock()
    vb.lock()
    return Scenario(root, identity, pinned, unpinned, tampered, fa, fb, ids_a, ids_b, scan)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build_scenario(tmp_path_factory.mktemp("scenario"))


@pytest.fixture(scope="module")
def imported(scenario: Scenario) -> Vault:
    """An archive holding the two good bundles (the tampered one was refused)."""
    v = scenario.archive()
    receive.import_bundle(v, scenario.pinned, scenario.identity, trust_new=True)
    receive.import_bundle(v, scenario.unpinned, scenario.identity, trust_new=True)
    with pytest.raises(CheckFailed):
        receive.import_bundle(v, scenario.tampered, scenario.identity, trust_new=True)
    yield v
    v.lock()


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for spreadsheets"
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


# -- core -------------------------------------------------------------------------------


def test_tampered_bundle_leaves_nothing(scenario: Scenario) -> None:
    v = scenario.archive("archive-tampered")
    blobs_before = sorted(v.attachments_dir.iterdir())
    with pytest.raises(CheckFailed) as e:
        receive.import_bundle(v, scenario.tampered, scenario.identity, trust_new=True)
    assert any("record.json" in p for p in e.value.problems)
    assert acts.acts(v) == []
    assert v.query("SELECT count(*) FROM received_bundles")[0][0] == 0
    assert sorted(v.attachments_dir.iterdir()) == blobs_before
    v.lock()


def test_acts_follow_the_imported_records(imported: Vault, scenario: Scenario) -> None:
    found = acts.acts(imported)
    assert {a.record_id for a in found} == set(scenario.records_a + scenario.records_b)
    assert [a.reference for a in found] == sorted(r[0] for r in RECORDS_A + RECORDS_B)
    for a in found:
        sv = records.sealed_versions(imported, a.record_id)[-1]
        assert a.version_hash == sv.version_hash and a.origin == "imported"
    torture = next(a for a in found if a.violation == "torture")
    assert (torture.earliest, torture.latest) == (date(1999, 3, 1), date(1999, 3, 31))
    assert torture.place_ko == "전거리 교화소" and torture.facility_type == "kyohwaso"
    assert torture.institutions == ("mss",)  # from the perpetrator


def test_stats_count_acts_by_kind_and_facilities(imported: Vault) -> None:
    st = patterns.stats(imported)
    assert (st.records, st.incidents, st.acts) == (3, 3, 3)
    assert [(b.code, b.count) for b in st.by["year"]] == [("1999", 1), ("2004", 1), ("2012", 1)]
    assert [(b.code, b.count) for b in st.by["province"]] == [("KP-09", 2), ("KP-10", 1)]
    assert st.by["province"][0].ko == "함경북도"
    assert {(b.code, b.count) for b in st.by["facility_type"]} == {("kyohwaso", 2),
                                                                     ("unknown", 1)}
    assert {b.code for b in st.by["violation"]} == {"torture", "forced_labour",
                                                    "public_execution"}
    [fac] = st.facilities
    assert (fac.name_ko, fac.testimonies, fac.acts) == ("전거리 교화소", 2, 2)


def test_filters_apply_to_records_and_acts(imported: Vault) -> None:
    by_violation = patterns.stats(imported, Filters(violation="torture"))
    assert by_violation.acts == 1 and by_violation.by["violation"][0].code == "torture"
    assert patterns.stats(imported, Filters(province="KP-10")).acts == 1
    window = Filters(date_from=date(2000, 1, 1), date_to=date(2010, 12, 31))
    assert [a.reference for a in acts.acts(imported, window)] == ["ORG-2026-0002"]
    assert acts.acts(imported, Filters(violation="abduction")) == []


def test_incidents_csv_rows_match_records(imported: Vault, tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    n = tables.export_incidents(imported, out)
    rows = read_csv(out)
    assert n == len(rows) == 3
    assert list(rows[0]) == tables.INCIDENT_COLUMNS
    for row in rows:
        sv = records.sealed_versions(imported, row["record_id"])[-1]
        assert row["version_hash"] == sv.version_hash and row["version"] == str(sv.version)
        assert row["reference"] == records.get(imported, row["record_id"]).reference
    torture = next(r for r in rows if r["violation"] == "torture")
    assert torture["violation_ko"] == "고문" and torture["violation_en"] == "Torture"
    assert torture["incident_date_edtf"] == "1999-03~"
    assert (torture["incident_date_en"], torture["incident_date_ko"]) == (
        "about March 1999", "1999년 3월경")
    assert torture["province_ko"] == "함경북도" and torture["place_name_ko"] == "전거리 교화소"
    assert torture["institution"] == "mss" and torture["institution_ko"].startswith("국가보위성")
    # A stricter filter writes fewer rows, and a failed write leaves the old file alone.
    assert tables.export_incidents(imported, out, Filters(province="KP-10")) == 1
    assert [r["reference"] for r in read_csv(out)] == ["NGO-B-0007"]


def test_register_has_one_row_per_item(imported: Vault, scenario: Scenario,
                                       tmp_path: Path) -> None:
    out = tmp_path / "register.csv"
    n = evidence.export_register(imported, out)
    rows = read_csv(out)
    assert n == len(rows) and list(rows[0]) == evidence.REGISTER_COLUMNS
    kinds = [r["type"] for r in rows]
    assert kinds.count("testimony record (sealed version)") == 4
    v2 = next(r for r in rows if r["item_id"] == f"{scenario.records_a[0]}-v2")
    assert v2["parent_item"] == f"{scenario.records_a[0]}-v1" and v2["relation"] == "corrects"
    assert kinds.count("signed PDF statement") == 3
    assert kinds.count("attachment") == 1
    assert len({r["item_id"] for r in rows}) == len(rows), "ids are unique"
    ids = {r["item_id"] for r in rows}
    for r in rows:
        assert len(r["sha256"]) == 64 and (r["parent_item"] in ids or not r["parent_item"])
        assert r["confidentiality"] == "strictly_confidential"
    att = next(r for r in rows if r["type"] == "attachment")
    assert att["sha256"] == hashlib.sha256(scenario.attachment_bytes).hexdigest()
    assert att["size_bytes"] == str(len(scenario.attachment_bytes))
    record_a = next(r for r in rows if r["record_id"] == scenario.records_a[0]
                    and r["type"].startswith("testimony"))
    assert "Interviewer A" in record_a["author"] and record_a["language"] == "ko"
    statement = next(r for r in rows if r["record_id"] == scenario.records_b[0]
                     and r["type"] == "signed PDF statement")
    assert statement["parent_item"] == f"{scenario.records_b[0]}-v1"
    assert statement["source_bundle"] and statement["author"] == "Interviewer B"
    # Each statement row is the one kept at import, with its page count.
    kept = {(st.record_id, st.sha256): st for rid in scenario.records_a + scenario.records_b
            for st in statements.statements(imported, rid)}
    for r in rows:
        if r["type"] == "signed PDF statement":
            st = kept.pop((r["record_id"], r["sha256"]))
            assert r["pages_or_duration"] == str(st.pages) and int(r["pages_or_duration"]) >= 1
            assert r["size_bytes"] == str(st.size) and r["source_bundle"] == st.bundle_id
    assert kept == {}


def test_provenance_custody_and_trust(imported: Vault, scenario: Scenario) -> None:
    [prov] = custody.provenance(imported, scenario.records_b[0])
    assert prov.versions == [1] and prov.bundle.exporter_name == "Interviewer B"
    actions = [e.action for e in custody.custody(imported, scenario.records_b[0])]
    assert "record sealed" in actions and "exported" in actions and "record imported" in actions
    signers = {s.name: s for s in pins.trusted_signers(imported)}
    assert signers["Interviewer A"].bundles == 1 and signers["Interviewer A"].first_bundle


def test_trust_remove(scenario: Scenario) -> None:
    v = scenario.archive("archive-trust")
    [signer] = pins.trusted_signers(v)
    assert signer.bundles == 0 and signer.first_bundle == ""
    pins.remove_trusted(v, signer.fingerprint.replace(" ", "").lower())
    assert pins.trusted_signers(v) == []
    with pytest.raises(NotFound):
        pins.remove_trusted(v, signer.fingerprint)
    v.lock()


def test_local_drafts_are_left_out_and_formulas_neutralised(tmp_path: Path) -> None:
    v: Vault = make_vault(tmp_path / "vault")
    doc = doc_for("ORG-1", "torture", "KP-01", "kuryujang", "=HYPERLINK(\"x\")", "2001")
    sealed(v, doc)
    records.create(v, FORM_ID, copy.deepcopy(doc))  # a draft: no version hash, not exported
    out = tmp_path / "i.csv"
    assert tables.export_incidents(v, out) == 1
    [row] = read_csv(out)
    assert row["place_name_ko"].startswith("'=") and row["origin"] == "local"
    v.lock()


# -- command line --------------------------------------------------------------------------


def test_cli_stats_and_exports(imported: Vault, scenario: Scenario, tmp_path: Path,
                               passphrase_file: Path) -> None:
    vault_dir = imported.path
    r = intake("archive", "stats", "--json", "--vault", vault_dir, "--passphrase-file",
               passphrase_file)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["acts"] == 3 and data["facilities"][0]["testimonies"] == 2
    r = intake("archive", "stats", "--vault", vault_dir, "--passphrase-file", passphrase_file,
               "--violation", "torture")
    assert r.returncode == 0 and "Torture / 고문" in r.stdout and "Forced labour" not in r.stdout
    out = tmp_path / "incidents.csv"
    r = intake("archive", "export-csv", "--out", out, "--vault", vault_dir, "--passphrase-file",
               passphrase_file, "--from", "2000", "--to", "2012")
    assert r.returncode == 0, r.stderr
    assert sorted(row["reference"] for row in read_csv(out)) == ["NGO-B-0007", "ORG-2026-0002"]
    reg = tmp_path / "register.csv"
    r = intake("archive", "register", "--out", reg, "--vault", vault_dir, "--passphrase-file",
               passphrase_file)
    assert r.returncode == 0 and len(read_csv(reg)) == 8
    r = intake("archive", "export-csv", "--out", out, "--vault", vault_dir, "--passphrase-file",
               passphrase_file, "--from", "spring")
    assert r.returncode == 2 and "--from" in r.stderr
    r = intake("archive", "register", "--out", tmp_path / "no" / "r.csv", "--vault", vault_dir,
               "--passphrase-file", passphrase_file)
    assert r.returncode == 2 and "no folder" in r.stderr


# -- several imports, reports, the statement read back ---------------------------------------


def test_import_many_reports_each_bundle(scenario: Scenario) -> None:
    v = scenario.archive("archive-many")
    seen: list[tuple[int, int]] = []
    outcomes = batch.import_many(
        v, [scenario.pinned, scenario.unpinned, scenario.tampered], scenario.identity,
        progress=lambda d, t: seen.append((d, t)))
    assert [o.ok for o in outcomes] == [True, False, False]  # B's key is not pinned
    assert seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)
    a, b, bad = outcomes
    assert a.report.pinned_name == "Interviewer A" and b.report.pinned_name is None
    assert b.report.signer_fingerprint == scenario.fingerprint_b
    assert b.needs_pin and not bad.needs_pin and {c.code for c in b.checks if not c.ok} == {
        "signature"}
    [b] = batch.import_many(v, [scenario.unpinned], scenario.identity, trust_new=True)
    assert b.ok and b.result.pinned == scenario.fingerprint_b
    assert all(c.ok for c in a.checks) and len(a.checks) == len(batch.CHECKS)
    failed = {c.code for c in bad.checks if not c.ok}
    assert "versions" in failed and "signature" not in failed and "decrypt" not in failed
    assert "nothing was imported" in bad.error
    assert RECORD_TAMPERED[0] not in {r.reference for r in listing.list_records(v)}
    assert len(a.report.records) == 2 and a.report.attachments == 1
    (scenario.root / "stranger").mkdir()
    stranger = batch.import_one(v, scenario.pinned, keypair(scenario.root / "stranger")[0])
    assert not stranger.ok and not stranger.decrypted and "cannot open" in stranger.error
    v.lock()


def test_import_many_cancelled_inside_a_bundle_returns_the_outcomes_so_far(
        scenario: Scenario) -> None:
    """Cancelled while the second bundle is read: the first is in, the second is named as
    cancelled (nothing of it imported), the third is not tried; no exception loses the
    outcomes (it did: the caller could not tell that the first bundle was in)."""
    from crypto.errors import Cancelled

    v = scenario.archive("archive-cancelled")
    pins.trust(v, scenario.fingerprint_b, "Interviewer B")
    first, second = scenario.pinned, scenario.root / "c-original.bundle"
    seen: list[int] = []
    outcomes = batch.import_many(
        v, [first, second, scenario.unpinned], scenario.identity,
        progress=lambda d, t: seen.append(d),
        cancel=lambda: any(d > first.stat().st_size for d in seen))
    assert [(o.path, o.ok) for o in outcomes] == [(first, True), (second, False)]
    assert isinstance(outcomes[1].exception, Cancelled)
    assert v.query("SELECT count(*) FROM received_bundles") == [(1,)]
    assert len(listing.list_records(v)) == len(scenario.records_a)
    v.lock()


def test_statement_read_from_the_archive(imported: Vault, scenario: Scenario,
                                        tmp_path: Path) -> None:
    """Kept at import, read back without the bundle: the bytes the signed manifest named."""
    from crypto import pdfsign
    from tests.test_receive import pdfinfo_pages

    rid = scenario.records_b[0]
    st, pdf = statements.read_statement(imported, rid)
    [prov] = custody.provenance(imported, rid)
    entry = prov.bundle.files[statements.statement_path(rid)]
    assert st.bundle_id == prov.bundle.bundle_id and (st.version, st.record_id) == (1, rid)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == entry["sha256"]
    assert st.pages == pdfinfo_pages(pdf, tmp_path)
    [sig] = pdfsign.verify_pdf(io.BytesIO(pdf))
    assert sig.signer_fingerprint == scenario.fingerprint_b
    corrected, _ = statements.read_statement(imported, scenario.records_a[0])
    assert corrected.version == 2  # the statement of the latest version the bundle carried
    with pytest.raises(NotFound):
        statements.read_statement(imported, rid, bundle_id=corrected.bundle_id)
    assert statements.read_statement(imported, rid, bundle_id=st.bundle_id)[1] == pdf


# -- places by jurisdiction -------------------------------------------------------------


def test_act_in_china_under_a_dprk_incident_is_counted_outside(tmp_path: Path,
                                                                passphrase_file: Path) -> None:
    """An act placed in China with no province, in an incident placed in KP-09: the act is
    not given KP-09 (nor the incident's place name), and stats and the CSV count it outside
    the DPRK; the incident's other act, with no place of its own, stays in KP-09."""
    identity, recipient = keypair(tmp_path)
    interviewer: Vault = make_vault(tmp_path / "interviewer", name="Interviewer C")
    recipients.add_recipient(interviewer, "legal team", recipient)
    doc = doc_for("ORG-CN-1", "torture", "KP-09", "kyohwaso", "전거리 교화소", "2003")
    inc = doc["incidents"][0]
    inc["place"].update({"name_ko": "온성", "name_latin": "Onsong", "country": "kp"})
    china = inc["acts"][0]
    china["place"] = {"name_ko": "투먼 변방대", "name_latin": "Tumen border post", "country": "cn"}
    at_home = copy.deepcopy(china)
    at_home["type"] = "forced_labour"
    del at_home["place"]
    inc["acts"].append(at_home)
    rid = sealed(interviewer, doc)
    bundle = tmp_path / "c.bundle"
    export.export_bundle(interviewer, [rid], ["legal team"], bundle)
    interviewer.lock()
    v: Vault = make_vault(tmp_path / "archive", name="Legal Team")
    receive.import_bundle(v, bundle, identity, trust_new=True)
    v.lock()

    r = intake("archive", "stats", "--json", "--vault", v.path, "--passphrase-file",
               passphrase_file)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["acts"] == 2
    assert data["places"] == {"dprk": 1, "outside_dprk": 1, "unknown": 0}
    assert {(b["code"], b["count"]) for b in data["by"]["province"]} == {("KP-09", 1),
                                                                         ("outside_dprk", 1)}
    assert {(b["code"], b["count"]) for b in data["by"]["country"]} == {("kp", 1), ("cn", 1)}
    out = tmp_path / "incidents.csv"
    r = intake("archive", "export-csv", "--out", out, "--vault", v.path, "--passphrase-file",
               passphrase_file)
    assert r.returncode == 0, r.stderr
    rows = {row["violation"]: row for row in read_csv(out)}
    cn, kp = rows["torture"], rows["forced_labour"]
    assert (cn["place_in_dprk"], cn["country"], cn["country_en"], cn["province"]) == (
        "no", "cn", "China", "")
    assert cn["place_name_latin"] == "Tumen border post" and cn["facility_type"] == ""
    assert (kp["place_in_dprk"], kp["country"], kp["province"], kp["place_name_ko"]) == (
        "yes", "kp", "KP-09", "온성")
    r = intake("archive", "export-csv", "--out", out, "--vault", v.path, "--passphrase-file",
               passphrase_file, "--province", "KP-09")
    assert [row["violation"] for row in read_csv(out)] == ["forced_labour"]


# -- material from keys not pinned ----------------------------------------------------------


@pytest.fixture(scope="module")
def half_pinned(scenario: Scenario) -> Vault:
    """Both good bundles imported; interviewer B's key then unpinned by the reviewer."""
    v = scenario.archive("archive-half-pinned")
    receive.import_bundle(v, scenario.pinned, scenario.identity)
    receive.import_bundle(v, scenario.unpinned, scenario.identity, trust_new=True)
    pins.remove_trusted(v, scenario.fingerprint_b)
    yield v
    v.lock()


def test_unpinned_material_is_named_and_left_out(half_pinned: Vault, scenario: Scenario,
                                                 tmp_path: Path, passphrase_file: Path) -> None:
    v = half_pinned
    who = pins.interviewers(v, scenario.records_a + scenario.records_b)
    assert all(who[r].pinned and who[r].text() == "Interviewer A" for r in scenario.records_a)
    b = who[scenario.records_b[0]]
    assert not b.pinned and b.fingerprint == scenario.fingerprint_b
    assert b.text().startswith("not pinned: ") and "'Interviewer B' by its own claim" in b.text()
    st = patterns.stats(v)
    assert (st.acts, st.unpinned, st.unpinned_included) == (2, 1, False)
    assert "KP-10" not in {x.code for x in st.by["province"]}  # B's act is in KP-10
    both = patterns.stats(v, include_unpinned=True)
    assert (both.acts, both.unpinned) == (3, 1)

    common = ("--vault", v.path, "--passphrase-file", passphrase_file)
    r = intake("record", "list", "--json", *common)
    assert r.returncode == 0, r.stderr
    listed = {row["reference"]: row["interviewer"] for row in json.loads(r.stdout)}
    assert listed["NGO-B-0007"] == {"fingerprint": scenario.fingerprint_b,
                                    "name": "Interviewer B", "pinned": False}
    assert listed["ORG-2026-0001"]["pinned"] and listed["ORG-2026-0001"]["name"] == "Interviewer A"
    r = intake("record", "list", *common)
    line = next(x for x in r.stdout.splitlines() if "NGO-B-0007" in x)
    assert "interviewer: not pinned: " + scenario.fingerprint_b[:19] in line
    r = intake("archive", "stats", "--json", *common)
    data = json.loads(r.stdout)
    assert (data["acts"], data["unpinned_acts"], data["unpinned_included"]) == (2, 1, False)
    r = intake("archive", "stats", *common)
    assert "1 acts from interviewers not pinned in this archive are left out" in r.stdout
    r = intake("archive", "stats", "--json", "--include-unpinned", *common)
    assert json.loads(r.stdout)["acts"] == 3
    out = tmp_path / "incidents.csv"
    r = intake("archive", "export-csv", "--out", out, *common)
    assert r.returncode == 0, r.stderr
    assert sorted(row["reference"] for row in read_csv(out)) == ["ORG-2026-0001", "ORG-2026-0002"]
    r = intake("archive", "export-csv", "--out", out, "--include-unpinned", *common)
    rows = {row["reference"]: row for row in read_csv(out)}
    assert len(rows) == 3 and rows["NGO-B-0007"]["interviewer_pinned"] == "no"
    assert rows["NGO-B-0007"]["interviewer"].startswith("not pinned: ")
    assert (rows["ORG-2026-0001"]["interviewer"], rows["ORG-2026-0001"]["interviewer_pinned"]) \
        == ("Interviewer A", "yes")


# -- the evidence register -------------------------------------------------------------------


def test_register_dates_versions_by_sealing_and_describes_attachments(tmp_path: Path) -> None:
    """A version is dated when it was sealed (not the interview day); an attachment row has
    the interviewer's description (its title), its kind and the bundle it came in."""
    identity, recipient = keypair(tmp_path)
    iv: Vault = make_vault(tmp_path / "interviewer", name="Interviewer E")
    recipients.add_recipient(iv, "legal team", recipient)
    doc = doc_for("ORG-E-1", "torture", "KP-09", "kyohwaso", "전거리 교화소", "2001")
    rid = records.create(iv, FORM_ID, doc, FORM_VERSION)
    sketch = tmp_path / "sketch.png"
    sketch.write_bytes(b"\x89PNG fictional sketch of the cells")
    att = attachments.add(iv, rid, sketch)
    sketch.unlink()
    doc["attachments"] = [{"attachment": att.id, "kind": "drawing",
                           "description": "Sketch of the cells, drawn by the witness"}]
    records.save_draft(iv, rid, doc)
    sv = records.seal_record(iv, rid)
    bundle = tmp_path / "e.bundle"
    export.export_bundle(iv, [rid], ["legal team"], bundle)
    iv.lock()
    v: Vault = make_vault(tmp_path / "archive", name="Legal Team")
    result = receive.import_bundle(v, bundle, identity, trust_new=True)
    out = tmp_path / "register.csv"
    evidence.export_register(v, out)
    rows = {r["item_id"]: r for r in read_csv(out)}
    version = rows[f"{rid}-v1"]
    assert version["date"] == sv.sealed_at and version["date"] != doc["session"]["start"]
    row = rows[att.id]
    assert row["title"] == "Sketch of the cells, drawn by the witness"
    assert (row["kind"], row["description"], row["filename"]) == (
        "drawing", "Sketch of the cells, drawn by the witness", "attachment.png")
    assert row["source_bundle"] == result.bundle_id
    # The statement: dated when its PDF was signed (at export, after sealing), to the second.
    [statement] = [r for r in rows.values() if r["type"] == "signed PDF statement"]
    from datetime import datetime
    signed = datetime.fromisoformat(statement["date"])
    created = datetime.fromisoformat(custody.received_bundle(v, result.bundle_id).created_at)
    assert datetime.fromisoformat(sv.sealed_at) <= signed
    assert abs((signed - created).total_seconds()) < 600
    assert "T" in statement["date"] and statement["date"] != created.date().isoformat()
    v.lock()


def test_protected_answers_received_in_full_never_reach_the_csv_files(tmp_path: Path) -> None:
    """README: "Protected answers (names, identity) are never exported" in the CSVs, which go
    on to Uwazi. The scenarios above bring redacted bundles only; here a full bundle puts the
    witness's name, her relatives' names, a perpetrator's alias and the withheld passages of
    the narrative and its translation into the archive, and none reaches the three files."""
    import forms

    v2 = forms.load_form("nk-testimony", 2)
    identity, recipient = keypair(tmp_path)
    iv: Any = make_vault(tmp_path / "interviewer")
    recipients.add_recipient(iv, "ICC OTP", recipient, "icc")
    doc = copy.deepcopy(v2.example())
    rid = records.create(iv, "nk-testimony", doc, 2)
    records.seal_record(iv, rid)
    result = export.export_bundle(iv, [rid], ["ICC OTP"], tmp_path / "full.age", profile="full")
    assert result.profiles[rid] == "full"
    iv.lock()
    protected = ["김은정", "Kim Eun-jeong", "리옥순", "김철민", "1990-XX-XX", '"Glasses"']
    for path in v2.protected_paths(doc):
        if "#" in path:  # a withheld passage: statement.narrative#30-42
            field, span = path.split("#")
            start, end = map(int, span.split("-"))
            text = doc["statement"]["narrative"] if field == "statement.narrative" else (
                doc["statement"]["translations"][0]["text"])
            protected.append(text[start:end])
    assert len(protected) == 10 and all(len(p) >= 3 for p in protected)
    v: Any = make_vault(tmp_path / "archive")
    receive.import_bundle(v, tmp_path / "full.age", identity, trust_new=True)
    def strings(x: Any) -> list[str]:
        if isinstance(x, dict):
            return [s for y in x.values() for s in strings(y)]
        return [s for y in x for s in strings(y)] if isinstance(x, list) else [str(x)]

    held = "\n".join(strings(records.sealed_versions(v, rid)[-1].doc))
    assert all(p in held for p in protected)  # the archive holds them: the CSVs could leak
    for name, write in (("incidents", tables.export_incidents),
                        ("testimonies", tables.export_testimonies),
                        ("register", evidence.export_register)):
        out = tmp_path / f"{name}.csv"
        assert write(v, out) > 0
        text = out.read_bytes().decode("utf-8-sig")
        assert [p for p in protected if p in text] == [], name
    v.lock()
