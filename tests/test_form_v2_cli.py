"""A full version-2 interview through the command line: a minor who was twice returned
from China and tried in public; a contradiction refused in both languages; a withdrawal
limited to identity obeyed at export; the bundle verified and imported into an archive
that also holds a version-1 record, and counted by the charts and the CSV."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

import forms
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.test_bundle import keypair

V2 = forms.load_form("nk-testimony", 2)
V1 = forms.load_form("nk-testimony", 1)

NARRATIVE = (
    "저는 2009년 량강도 혜산에서 태어났습니다. 집은 혜산시 연봉동 압록강 쪽에 있었습니다. "
    "2023년 9월쯤 압록강을 건넜다가 11월에 잡혀 12월에 혜산 집결소로 넘겨졌고 "
    "2024년 3월에 풀려났습니다. 2024년 8월에 다시 건넜지만 10월에 잡혀 11월에 넘겨졌고, "
    "2025년 1월 혜산 장마당 앞 공개재판에서 "
    "로동단련형 1년을 받았습니다."
)


def minor_doc() -> dict[str, Any]:
    """A 16-year-old witness: two forced returns and a public trial with its sentence."""
    doc = copy.deepcopy(V2.example())
    for empty in ("attachments", "explanations"):
        del doc[empty]
    doc["record"]["reference"] = "ORG-2026-0201"
    doc["safety"] = {
        "age_at_interview": 16, "minor": "yes", "child_at_events": "yes", "vulnerable": "yes",
        "vulnerabilities": ["minor_at_interview", "child_at_events"], "guardian_kind": "parent",
        "guardian_consent": "yes", "guardian_id": "P-GUARDIAN-1",
        "protocol": ["child_safeguarding", "appropriate_adult_present", "shortened_sessions"],
    }
    doc["interviewee"].update(pseudonym="W-0201", birth_year="2009", province_of_origin="KP-10",
                              departure_year="2025")
    doc["identity"] = {"name_hangul": "박소연", "name_latin": "Pak So-yeon"}
    village = "혜산시 연봉동 압록강 쪽"
    start = NARRATIVE.index(village)
    doc["statement"] = {"language": "ko", "form": "summary", "narrative": NARRATIVE,
                        "narrative_withheld": [{"start": start, "end": start + len(village),
                                                "class": "family"}]}
    hyesan = {"name_ko": "혜산", "name_latin": "Hyesan", "province": "KP-10", "country": "kp"}
    doc["journey"] = {
        "crossings": [
            {"date": "2023-09~", "place": hyesan, "to_country": "cn", "outcome": "reached"},
            {"date": "2024-08", "place": hyesan, "to_country": "cn", "outcome": "reached"},
        ],
        "repatriations": [
            {"arrested_on": "2023-11", "arrested_by": "cn-psb-yanji", "handed_over_on": "2023-12",
             "released_on": "2024-03", "incident_number": 1},
            {"arrested_on": "2024-10", "arrested_by": "cn-border-defence-tumen",
             "handed_over_on": "2024-11", "released_on": "2025-06~", "incident_number": 2},
        ],
    }
    me = {"person": "interviewee", "kind": "individual", "relationship": "Herself",
          "sex": "female"}
    grade = {"knowledge": "experienced", "reliability": "likely_reliable",
             "credibility": "probably_true"}
    doc["incidents"] = [
        {"title": "First forced return, Hyesan, 2023-2024", "date": "2023-11/2024-03",
         "date_basis": "witness_recall", "place": hyesan, "facility": "kp-jipkyulso-hyesan",
         "coi_category": "movement_residence",
         "links": [{"incident_number": 2, "relation": "led_to"}],
         "acts": [{"type": "forced_repatriation", "rome_statute": ["imprisonment"],
                   "repatriation_stage": "jipkyulso", "start": "2023-12", "end": "2024-03",
                   "facility": "kp-jipkyulso-hyesan", "victim_status_end": "released", **grade,
                   "victims": [{**me, "approximate_age": 14}]}]},
        {"title": "Second forced return and public trial, Hyesan, 2024-2025",
         "date": "2024-10/2025-01", "date_basis": "witness_recall", "place": hyesan,
         "coi_category": "detention_torture_executions",
         "acts": [
             {"type": "forced_repatriation", "rome_statute": ["imprisonment"],
              "repatriation_stage": "handover", "start": "2024-11", "end": "2024-11",
              "facility": "cn-tumen-border-detention", "victim_status_end": "still_detained",
              **grade, "victims": [{**me, "approximate_age": 15}]},
             {"type": "public_trial", "rome_statute": ["imprisonment", "persecution"],
              "persecution_ground": "political_songbun", "start": "2025-01", "end": "2025-01",
              "decision": {"charge": "Illegal border crossing", "decided_by": "public_trial",
                           "decided_on": "2025-01", "public": "yes", "defence": "no",
                           "sentence": "labour_training", "sentence_years": 1},
              "victim_status_end": "still_detained", **grade,
              "victims": [{**me, "approximate_age": 15}],
              "perpetrators": [{"person": "P1", "kind": "group", "institution": "courts",
                                "involvement": "implemented_policy", "name": "Judge Ri"}]},
         ]},
    ]
    return doc


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_full_v2_interview_through_the_command_line(tmp_path: Path, passphrase_file: Path) -> None:
    vault = tmp_path / "vault"
    make_vault(vault).lock()  # type: ignore[attr-defined]
    team_key, team = keypair(tmp_path, "team.txt")
    auth = ("--vault", vault, "--passphrase-file", passphrase_file)

    def run(*args: object, code: int = 0) -> Any:
        result = intake(*args, *auth)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        return result

    run("recipients", "add", "ICC OTP", team, "--class", "icc")
    doc = minor_doc()
    doc["session"]["end"] = "2026-03-14T01:00:00Z"  # a contradiction: before the start
    data = tmp_path / "doc.json"
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rid = run("record", "new", "--form", "nk-testimony", "--data", data).stdout.strip()
    sketch = tmp_path / "sketch.png"
    sketch.write_bytes(b"\x89PNG the holding centre, drawn by the witness")
    att = run("attach", rid, sketch, "--note", "sketch of the holding centre",
              "--kind", "drawing").stdout.strip()
    refused = run("record", "seal", rid, code=1)
    assert "session.start" in refused.stderr
    assert "An end before its start" in refused.stderr and "종료가 시작보다 앞섬" in refused.stderr
    doc["session"]["end"] = "2026-03-14T05:10:00Z"
    doc["attachments"] = [{"attachment": att, "kind": "drawing", "made_on": "2026-03-14",
                           "made_by": "The witness", "incident_number": 1}]
    doc["incidents"][0]["acts"][0]["attachments"] = [att]
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    run("record", "edit", rid, "--data", data)
    run("record", "seal", rid)
    # a minor's identity never leaves above the pseudonym
    minor = run("export", rid, "--to", "ICC OTP", "--out", tmp_path / "full.age",
                "--profile", "full", code=1)
    assert "minor" in minor.stderr and not (tmp_path / "full.age").exists()
    # the withdrawal is limited to identity: the account still goes, redacted
    run("record", "correct", rid)
    doc["consent"].update(withdrawn="yes", withdrawal_date="2026-04-02",
                          withdrawal_scope="identity_only",
                          withdrawal_note="Her mother was questioned again; no name anywhere.")
    doc["closing"]["changes_to_consent"] = "Withdrew her identity on 2026-04-02."
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    run("record", "edit", rid, "--data", data)
    run("record", "seal", rid)
    out = tmp_path / "handover.age"
    run("export", rid, "--to", "ICC OTP", "--out", out)
    verified = intake("verify", out, "--identity", team_key, "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # the archive holds a version-1 record too
    v1_key_dir = tmp_path / "v1"
    v1_key_dir.mkdir()
    old_vault = tmp_path / "old"
    make_vault(old_vault).lock()  # type: ignore[attr-defined]
    old = ("--vault", old_vault, "--passphrase-file", passphrase_file)
    assert intake("recipients", "add", "archive", team, *old).returncode == 0
    v1_data = tmp_path / "v1.json"
    v1_data.write_text(json.dumps(V1.example(), ensure_ascii=False), encoding="utf-8")
    made = intake("record", "new", "--form", "nk-testimony", "--version", "1", "--data", v1_data,
                  *old)
    assert made.returncode == 0, made.stderr
    v1_id = made.stdout.strip()
    assert intake("record", "seal", v1_id, *old).returncode == 0
    old_bundle = tmp_path / "v1.age"
    assert intake("export", v1_id, "--to", "archive", "--out", old_bundle, *old).returncode == 0

    archive_dir = tmp_path / "archive"
    make_vault(archive_dir).lock()  # type: ignore[attr-defined]
    arch = ("--vault", archive_dir, "--passphrase-file", passphrase_file)
    for bundle_file in (old_bundle, out):
        imported = intake("import", bundle_file, "--identity", team_key, "--trust-new", *arch)
        assert imported.returncode == 0, imported.stdout + imported.stderr
    stats = intake("archive", "stats", "--json", *arch)
    assert stats.returncode == 0, stats.stderr
    counted = json.loads(stats.stdout)
    assert counted["records"] == 2
    assert counted["acts"] == 1 + 3  # the v1 example's act and the witness's three
    csv_path = tmp_path / "incidents.csv"
    assert intake("archive", "export-csv", "--out", csv_path, *arch).returncode == 0
    rows = read_csv(csv_path)
    assert sorted({r["reference"] for r in rows}) == ["ORG-2026-0042", "ORG-2026-0201"]
    trial = next(r for r in rows if r["violation"] == "public_trial")
    assert trial["rome_statute"] == "imprisonment|persecution"
    assert trial["persecution_ground"] == "political_songbun"
    assert (trial["knowledge"], trial["source_reliability"], trial["information_credibility"]) == (
        "experienced", "likely_reliable", "probably_true")
    assert trial["victim_count"] == "1" and trial["victim_status"] == "still_detained"
    first = next(r for r in rows if r["reference"] == "ORG-2026-0201" and r["incident_no"] == "1")
    assert first["facility_id"] == "kp-jipkyulso-hyesan"
    assert first["coordinates_geolocation"] == "41.4|128.18" and first["province"] == "KP-10"
    # the evidence register dates the sketch by when it was made, and names who made it
    register = tmp_path / "register.csv"
    assert intake("archive", "register", "--out", register, *arch).returncode == 0
    sketch_row = next(r for r in read_csv(register) if r["item_id"] == att)
    assert (sketch_row["date"], sketch_row["author"]) == ("2026-03-14", "The witness")
    # identity was withdrawn: the archive never received the witness's or the judge's name
    shown = intake("record", "show", rid, "--json", *arch)
    assert shown.returncode == 0, shown.stderr
    at = shown.stdout.find("박소연")
    assert at < 0, shown.stdout[max(0, at - 400):at + 40]
    assert "Judge Ri" in shown.stdout  # third persons' names were granted to the ICC
    assert "연봉동" not in shown.stdout  # the family's neighbourhood, withheld in the narrative
