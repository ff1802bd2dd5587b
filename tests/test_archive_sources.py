"""Sources in the legal team's archive: who gave each testimony and how each act is graded,
the filters on them (core and CLI), and the CSV exports read the way HURIDOCS Uwazi's import
reads them (tests/uwazi_csv.py), field by field.

The archive is built the real way from bundles of three interviewers: A and B pinned, C
imported and then unpinned by the reviewer.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import forms
from intake.archive import acts, evidence, patterns, pins, receive, tables
from intake.capture import attachments, listing, records
from intake.capture.filters import Filters
from intake.handover import export, recipients
from intake.vault import Vault
from tests import uwazi_csv
from tests.cli_run import intake
from tests.conftest import make_vault
from tests.test_archive import keypair, read_csv

V2 = forms.load_form("nk-testimony", 2)
SKETCH = b"\x89PNG the holding centre, drawn by the witness"
DESCRIPTION = "Sketch of the Onsong holding centre, drawn by the witness"


def v2_doc(reference: str, reliability: str, knowledge: str) -> dict[str, Any]:
    """The version-2 example record with every act graded ``reliability``/``knowledge``."""
    doc = copy.deepcopy(V2.example())
    del doc["explanations"]
    doc["record"]["reference"] = reference
    for inc in doc["incidents"]:
        for act in inc["acts"]:
            act.update(reliability=reliability, knowledge=knowledge)
            act.pop("heard_from", None)
    return doc


@dataclass
class Sources:
    archive: Vault
    fingerprints: dict[str, str]  # "A", "B", "C" -> the key's fingerprint
    ids: dict[str, str]  # "A", "B", "C" -> the record id in the archive
    bundles: dict[str, str]  # "A", "B", "C" -> bundle id
    sketch: str  # the attachment id of A's sketch


def build(root: Path) -> Sources:
    identity, recipient = keypair(root)
    archive: Vault = make_vault(root / "archive", name="Legal Team")
    fingerprints, ids, bundles = {}, {}, {}
    sketch = ""
    grades = {"A": ("likely_reliable", "experienced"), "B": ("unsure", "heard_from_witness"),
              "C": ("highly_unreliable", "public_knowledge")}
    for who, (reliability, knowledge) in grades.items():
        v: Vault = make_vault(root / who, name=f"Interviewer {who}")
        recipients.add_recipient(v, "legal team", recipient)
        doc = v2_doc(f"ORG-{who}-1", reliability, knowledge)
        if who == "B":  # B's first act took place at a facility not in the list: a new entry
            act = doc["incidents"][0]["acts"][0]
            act["facility"] = {"name_ko": "요덕 15호 관리소", "name_en": "Yodok camp 15"}
            act["place"] = {"name_ko": "요덕 15호 관리소", "name_latin": "Yodok camp 15",
                            "province": "KP-08", "country": "kp", "facility_type": "kwanliso",
                            "latitude": -39.75, "longitude": 126.85}
        rid = records.create(v, "nk-testimony", doc, 2)
        if who == "A":
            src = root / "sketch.png"
            src.write_bytes(SKETCH)
            sketch = attachments.add(v, rid, src, kind="drawing").id
            src.unlink()
            doc["attachments"] = [{"attachment": sketch, "kind": "drawing",
                                   "made_on": "2026-03-14", "made_by": "The witness",
                                   "description": DESCRIPTION}]
            records.save_draft(v, rid, doc)
        records.seal_record(v, rid)
        out = root / f"{who}.bundle"
        export.export_bundle(v, [rid], ["legal team"], out)
        fingerprints[who] = v.identity.fingerprint
        v.lock()
        result = receive.import_bundle(archive, out, identity, trust_new=True)
        bundles[who] = result.bundle_id
        ids[who] = rid
    pins.trust(archive, fingerprints["A"], "Interviewer A")
    pins.trust(archive, fingerprints["B"], "Interviewer B")
    pins.remove_trusted(archive, fingerprints["C"])
    return Sources(archive, fingerprints, ids, bundles, sketch)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    s = build(tmp_path_factory.mktemp("sources"))
    yield s
    s.archive.lock()


def test_acts_carry_their_interviewer_and_grading(sources: Sources) -> None:
    everything = acts.acts(sources.archive, include_unpinned=True)
    by = {who: [a for a in everything if a.record_id == rid] for who, rid in sources.ids.items()}
    assert all(len(v) == 10 for v in by.values()), {k: len(v) for k, v in by.items()}
    a, c = by["A"][0], by["C"][0]
    assert (a.signer, a.pinned, a.interviewer) == (sources.fingerprints["A"], True,
                                                   "Interviewer A")
    assert (c.signer, c.pinned) == (sources.fingerprints["C"], False)
    assert c.interviewer.startswith("not pinned: ")
    assert {x.reliability for x in by["B"]} == {"unsure"}
    assert {x.knowledge for x in by["C"]} == {"public_knowledge"}
    graded = acts.gradings(sources.archive, [records.get(sources.archive, sources.ids["A"])])
    assert graded[sources.ids["A"]] == acts.Grading(("likely_reliable",), ("experienced",))


def test_filters_by_source_and_act(sources: Sources) -> None:
    v = sources.archive

    def refs(**kw: Any) -> set[str]:
        f = Filters(**kw)
        from_acts = {a.reference for a in acts.acts(v, f, include_unpinned=True)}
        listed = {r.reference for r in listing.list_records(v, acts.narrow(v, f))}
        assert listed == from_acts, kw  # the record list shows the records of those acts
        assert listing.count(v, acts.narrow(v, f)) == len(listed)
        return from_acts

    fp = sources.fingerprints
    assert refs() == {"ORG-A-1", "ORG-B-1", "ORG-C-1"}
    assert refs(interviewer=fp["B"]) == {"ORG-B-1"}
    assert refs(pinned=False) == {"ORG-C-1"}
    assert refs(pinned=True) == {"ORG-A-1", "ORG-B-1"}
    assert refs(reliability="likely_reliable") == {"ORG-A-1"}
    assert refs(knowledge="public_knowledge") == {"ORG-C-1"}
    assert refs(reliability="likely_reliable", interviewer=fp["B"]) == set()
    # a facility by its gazetteer id, and a new entry by its name as written (any case)
    assert refs(facility="cn-tumen-border-detention", pinned=True) == {"ORG-A-1", "ORG-B-1"}
    assert refs(facility="yodok CAMP 15") == {"ORG-B-1"}
    assert refs(unit="kp-mss-onsong") == {"ORG-A-1", "ORG-B-1", "ORG-C-1"}
    assert refs(unit="kp-mss-onsong", pinned=False) == {"ORG-C-1"}
    assert refs(institution="mss", interviewer=fp["A"]) == {"ORG-A-1"}
    assert refs(date_from=date(2030, 1, 1)) == set()
    # the acts themselves are filtered, not only the records
    picked = acts.acts(v, Filters(facility="yodok camp 15"))
    assert [(a.reference, a.incident_no, a.act_no) for a in picked] == [("ORG-B-1", 1, 1)]
    picked = acts.acts(v, Filters(facility="cn-tumen-border-detention",
                                          interviewer=fp["B"]))
    assert [(a.reference, a.incident_no, a.act_no) for a in picked] == [("ORG-B-1", 2, 1)]
    # unpinned material stays out of counts unless included, or asked for by the filter
    assert patterns.stats(v).acts == 20 and patterns.stats(v).unpinned == 10
    assert patterns.stats(v, Filters(pinned=False)).acts == 10


def test_cli_filters(sources: Sources, tmp_path: Path, passphrase_file: Path) -> None:
    common = ("--vault", sources.archive.path, "--passphrase-file", passphrase_file)
    out = tmp_path / "incidents.csv"

    def exported(*flags: str) -> list[dict[str, str]]:
        r = intake("archive", "export-csv", "--out", out, *flags, *common)
        assert r.returncode == 0, r.stderr
        return read_csv(out)

    assert {r["reference"] for r in exported("--interviewer", "interviewer b")} == {"ORG-B-1"}
    rows = exported("--interviewer", sources.fingerprints["C"].replace(" ", ""))
    assert {r["reference"] for r in rows} == {"ORG-C-1"}  # asked for: no --include-unpinned
    assert {r["reference"] for r in exported("--pinned", "no")} == {"ORG-C-1"}
    assert {r["reference"] for r in exported("--reliability", "unsure")} == {"ORG-B-1"}
    assert {r["reference"] for r in exported("--facility", "Yodok camp 15")} == {"ORG-B-1"}
    assert len(exported("--unit", "kp-mss-onsong", "--include-unpinned")) == 3
    assert len(exported("--unit", "kp-mss-onsong")) == 2
    r = intake("archive", "stats", "--json", "--knowledge", "experienced", *common)
    assert r.returncode == 0 and '"acts": 10,' in r.stdout, r.stdout + r.stderr
    r = intake("archive", "stats", "--interviewer", "Nobody", *common)
    assert r.returncode != 0 and "neither a pinned interviewer's name" in r.stderr
    t = tmp_path / "testimonies.csv"
    r = intake("archive", "export-testimonies", "--out", t, "--reliability", "unsure", *common)
    assert r.returncode == 0 and "1 rows (one per testimony)" in r.stdout, r.stderr
    assert [row["title"] for row in read_csv(t)] == ["Testimony ORG-B-1"]


# -- Uwazi ------------------------------------------------------------------------------------

#: Uwazi templates as a legal team would set them up for our three CSVs: each column a
#: property of that name; the kinds follow what each column holds.
COMMON_TEXT = ("record_id", "reference", "version_hash", "origin", "interviewer",
               "interviewer_fingerprint")
INCIDENTS = {
    **dict.fromkeys(tables.INCIDENT_COLUMNS, "text"),
    "testimony": "relationship", "version": "numeric", "incident_no": "numeric",
    "act_no": "numeric", "date_range": "daterange", "date_earliest": "date",
    "date_latest": "date", "interviewer_pinned": "select", "place_in_dprk": "select",
    "coordinates_geolocation": "geolocation", "victim_count": "numeric",
    **{f"{n}{s}": "select" for n in ("violation", "coi_category", "country", "province",
                                     "facility_type", "knowledge", "source_reliability",
                                     "information_credibility", "persecution_ground",
                                     "victim_status") for s in ("", "_en", "_ko")},
    **{f"{n}{s}": "multiselect" for n in ("institution", "rome_statute", "methods")
       for s in ("", "_en", "_ko")},
    "perpetrator_units": "multiselect", "unit_entities": "multiselect",
}
TESTIMONIES = {
    **dict.fromkeys(tables.TESTIMONY_COLUMNS, "text"),
    "version": "numeric", "sealed_at": "date", "interview_date": "date",
    "interviewer_pinned": "select", "source_bundles": "multiselect", "incidents": "numeric",
    "acts": "numeric", "date_range": "daterange", "date_earliest": "date", "date_latest": "date",
    **{f"{n}{s}": "multiselect" for n in ("violations", "source_reliability", "knowledge")
       for s in ("", "_en", "_ko")},
}
REGISTER = {
    **dict.fromkeys(evidence.REGISTER_COLUMNS, "text"),
    "date": "date", "language": "multiselect", "size_bytes": "numeric", "type": "select",
    "kind": "select", "captured_at": "date",
}


def day(text: str) -> int:
    return uwazi_csv.parse_date(text)


def test_uwazi_reads_the_three_csvs_as_they_are(sources: Sources, tmp_path: Path) -> None:
    v = sources.archive
    paths = {n: tmp_path / f"{n}.csv" for n in ("incidents", "testimonies", "register")}
    assert tables.export_incidents(v, paths["incidents"]) == 20  # C's acts left out
    assert tables.export_testimonies(v, paths["testimonies"]) == 2
    evidence.export_register(v, paths["register"])
    testimonies = uwazi_csv.read(paths["testimonies"], TESTIMONIES)
    incidents = uwazi_csv.read(paths["incidents"], INCIDENTS)
    register = uwazi_csv.read(paths["register"], REGISTER)
    uwazi_csv.relate(incidents, "testimony", testimonies)

    # testimonies: one entity per testimony, its title the one acts relate to
    t = {e.title: e.metadata for e in testimonies}
    assert set(t) == {"Testimony ORG-A-1", "Testimony ORG-B-1"}
    a = t["Testimony ORG-A-1"]
    assert a["record_id"] == sources.ids["A"] and a["interviewer"] == "Interviewer A"
    assert a["interviewer_fingerprint"] == sources.fingerprints["A"]
    assert a["interviewer_pinned"] == "yes" and a["source_bundles"] == [sources.bundles["A"]]
    mine = [x for x in acts.acts(v) if x.record_id == sources.ids["A"]]
    assert (a["incidents"], a["acts"]) == (4, 10)
    assert a["date_range"] == {"from": day(min(x.earliest for x in mine).isoformat()),
                               "to": day(max(x.latest for x in mine).isoformat())}
    violations = list(dict.fromkeys(x.violation for x in mine))
    assert a["violations"] == violations and len(violations) == 9
    assert a["violations_en"] == [acts.label("violations", c, "en") for c in violations]
    assert a["source_reliability_en"] == ["Likely reliable"]
    assert a["knowledge_ko"] == ["직접 당함"]
    sealed = records.sealed_versions(v, sources.ids["A"])[-1]
    assert a["sealed_at"] == day(sealed.sealed_at[:10])

    # incidents: every act, with its testimony, grading, legal headings, place and dates
    rows = {e.title: e.metadata for e in incidents}
    assert len(rows) == 20
    every = acts.acts(v)
    for act in every:
        title = f"{act.reference} {act.incident_no}.{act.act_no} " + acts.label(
            "violations", act.violation, "en")
        m = rows[title]
        assert m["testimony"] == [f"Testimony {act.reference}"]
        assert m["interviewer"] == act.interviewer and m["interviewer_pinned"] == "yes"
        assert m["date_range"] == {"from": day(act.earliest.isoformat()),
                                   "to": day(act.latest.isoformat())}
        assert m["rome_statute"] == list(act.rome_statute)
        assert m["rome_statute_en"] == [acts.label("rome-statute", c, "en")
                                        for c in act.rome_statute]
        assert m["knowledge"] == act.knowledge and m["source_reliability"] == act.reliability
        assert m["source_reliability_ko"] == acts.label("source-reliability", act.reliability,
                                                        "ko")
        assert m["information_credibility"] == act.credibility
        assert m["coi_category"] == act.coi_category
        if act.latitude is not None:
            assert m["coordinates_geolocation"] == {"lat": act.latitude, "lon": act.longitude,
                                                    "label": ""}
        else:
            assert "coordinates_geolocation" not in m
        if act.units:
            assert m["perpetrator_units"] == list(act.units)
    torture = rows["ORG-A-1 1.2 Torture"]
    assert torture["rome_statute"] == ["torture", "imprisonment", "persecution"]
    assert torture["persecution_ground_en"] == acts.label("persecution-grounds",
                                                          "political_songbun", "en")
    assert torture["methods"] == ["beating", "forced_postures"]
    # B's new entry, placed by its own coordinates (a negative latitude stays a number)
    yodok = next(m for title, m in rows.items() if title.startswith("ORG-B-1 1.1 "))
    assert yodok["coordinates_geolocation"] == {"lat": -39.75, "lon": 126.85, "label": ""}
    assert yodok["place_name_latin"] == "Yodok camp 15" and yodok["facility_new_entry"] == "yes"

    # the register: versions dated by sealing, attachments by description, kind and bundle
    items = {e.metadata["item_id"]: e for e in register}
    version = items[f"{sources.ids['A']}-v1"]
    assert version.title == "Testimony record ORG-A-1, version 1"
    assert version.metadata["date"] == day(sealed.sealed_at[:10])
    assert version.metadata["source_bundle"] == sources.bundles["A"]
    statement = next(e for e in register if e.metadata["type"] == "signed PDF statement"
                     and e.metadata["record_id"] == sources.ids["A"])
    assert statement.metadata["language"] == ["en", "ko"]
    assert statement.metadata["date"] >= version.metadata["date"]
    sketch = items[sources.sketch]
    assert sketch.title == DESCRIPTION
    assert (sketch.metadata["kind"], sketch.metadata["description"]) == ("drawing", DESCRIPTION)
    assert sketch.metadata["date"] == day("2026-03-14")  # when the witness drew it
    assert sketch.metadata["source_bundle"] == sources.bundles["A"]
    assert sketch.metadata["size_bytes"] == len(SKETCH)
    att = attachments.get(v, sources.sketch)
    assert sketch.metadata["captured_at"] == day(att.captured_at[:10])


def test_unpinned_material_is_exported_only_when_included(sources: Sources,
                                                          tmp_path: Path) -> None:
    v = sources.archive
    out = tmp_path / "t.csv"
    tables.export_testimonies(v, out)
    assert "Testimony ORG-C-1" not in {e.title for e in uwazi_csv.read(out, TESTIMONIES)}
    tables.export_testimonies(v, out, include_unpinned=True)
    c = {e.title: e.metadata for e in uwazi_csv.read(out, TESTIMONIES)}["Testimony ORG-C-1"]
    assert c["interviewer_pinned"] == "no" and c["interviewer"].startswith("not pinned: ")
    tables.export_incidents(v, out, include_unpinned=True)
    rows = uwazi_csv.read(out, INCIDENTS)
    assert sum(e.metadata["reference"] == "ORG-C-1" for e in rows) == 10
    tables.export_testimonies(v, out, Filters(pinned=False))
    assert [e.title for e in uwazi_csv.read(out, TESTIMONIES)] == ["Testimony ORG-C-1"]
    # the evidence register too
    evidence.export_register(v, out)
    held = {e.metadata["record_id"] for e in uwazi_csv.read(out, REGISTER)}
    assert held == {sources.ids["A"], sources.ids["B"]}
    evidence.export_register(v, out, include_unpinned=True)
    held = {e.metadata["record_id"] for e in uwazi_csv.read(out, REGISTER)}
    assert held == set(sources.ids.values())


def test_uwazi_reader_refuses_what_uwazi_cannot_take(tmp_path: Path) -> None:
    """The reader is strict where Uwazi would lose data (a test that cannot fail proves
    nothing)."""
    bad = tmp_path / "bad.csv"
    for text, problem in (
        ("title,when\r\nx,2005-03-14/2005-04\r\n", "from:to"),
        ("title,where\r\nx,41.4\r\n", "lat|lon"),
        ("title,when__ko\r\nx,2005:\r\n", "translation column"),
        ("title,other\r\nx,1\r\n", "not a property"),
        ("title,when\r\n,2005:2006\r\n", "without a title"),
        ("title,when\r\nx,about 2005:\r\n", "not a date"),
    ):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(uwazi_csv.UwaziError, match=problem):
            uwazi_csv.read(bad, {"when": "daterange", "where": "geolocation"})
    bad.write_text("\ufefftitle;when\r\nx;2005-03-14:\r\n", encoding="utf-8")
    [e] = uwazi_csv.read(bad, {"when": "daterange"})
    assert e.metadata["when"] == {"from": day("2005-03-14"), "to": None}
