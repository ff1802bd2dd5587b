"""An archive built the real way from bundles of three interviewers (C's key not pinned), for
the reviewer's workbench: one camp under three spellings, acts to link, records to annotate.

Built with tests/test_archive.py's builders: each interviewer seals records in a vault of
their own and exports a signed age bundle; the legal team imports the three bundles and then
unpins C's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intake.archive import pins, receive
from intake.handover import export, recipients
from intake.vault import Vault
from tests.conftest import make_vault
from tests.test_archive import doc_for, keypair, sealed

YODOK_A = "요덕 15호 관리소"
YODOK_B = "15호 관리소 (요덕)"
YODOK_C = "Yodok Camp 15"
CHONGORI = "전거리 교화소"


@dataclass
class Workbench:
    archive: Vault
    record_a: str  # interviewer A (pinned): torture at Yodok, 1999
    record_b: str  # interviewer B (pinned): forced labour at Yodok, 1998-2001; Chongori, 2004
    record_c: str  # interviewer C (not pinned): public execution at Yodok, 2000
    fingerprint_c: str


def build_workbench(root: Path) -> Workbench:
    root.mkdir(parents=True, exist_ok=True)
    identity, recipient = keypair(root)
    bundles, ids, prints = [], [], []
    plan = [
        ("Interviewer A", doc_for("WB-A-1", "torture", "KP-08", "kwanliso", YODOK_A, "1999")),
        ("Interviewer B", doc_for("WB-B-1", "forced_labour", "KP-08", "kwanliso", YODOK_B,
                                  "1998/2001")),
        ("Interviewer C", doc_for("WB-C-1", "public_execution", "KP-08", "kwanliso", "",
                                  "2000-06")),
    ]
    plan[2][1]["incidents"][0]["acts"][0]["place"] = {
        "name_latin": YODOK_C, "province": "KP-08", "country": "kp", "facility_type": "kwanliso"}
    # B's testimony has a second incident at another prison: a place that is not Yodok.
    second = doc_for("x", "forced_labour", "KP-09", "kyohwaso", CHONGORI, "2004")
    plan[1][1]["incidents"].append(second["incidents"][0])
    for name, doc in plan:
        v: Vault = make_vault(root / name, name=name)
        recipients.add_recipient(v, "legal team", recipient)
        ids.append(sealed(v, doc))
        bundle = root / f"{name[-1]}.bundle"
        export.export_bundle(v, [ids[-1]], ["legal team"], bundle)
        bundles.append(bundle)
        prints.append(v.identity.fingerprint)
        v.lock()
    archive: Vault = make_vault(root / "archive", name="Legal Team", org="Accountability Unit")
    for bundle in bundles:
        receive.import_bundle(archive, bundle, identity, trust_new=True)
    pins.remove_trusted(archive, prints[2])
    return Workbench(archive, ids[0], ids[1], ids[2], prints[2])
