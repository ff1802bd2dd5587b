"""The reviewer's workbench on an archive of three interviewers (one not pinned): facilities as
entities (spellings proposed, merged by the reviewer, counted once), core and CLI."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import forms
from intake.archive import acts, entities, likeness, links, notes, patterns
from intake.capture import listing, records
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from tests.cli_run import intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, example
from tests.test_archive import doc_for, read_csv, sealed
from tests.workbench_data import CHONGORI, YODOK_A, YODOK_B, YODOK_C, Workbench, build_workbench

A, B, C = (entities.spelling_key(s) for s in (YODOK_A, YODOK_B, YODOK_C))


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    wb = build_workbench(tmp_path_factory.mktemp("workbench"))
    yield wb
    if not wb.archive.locked:
        wb.archive.lock()


def reopen(wb: Workbench) -> Vault:
    """The archive opened again (after the command line used it)."""
    wb.archive = Vault.open(wb.archive.path, PASSPHRASE)
    return wb.archive


def audit_log(v: Vault) -> list[audit.Entry]:
    with v.transaction() as c:
        return audit.entries(c)


def _facility_counts(v: Vault, **kw: bool) -> dict[str, tuple[int, int]]:
    return {f.entity_id: (f.testimonies, f.acts) for f in patterns.stats(v, **kw).facilities}


def test_normaliser_meets_korean_and_romanised_spellings() -> None:
    n = likeness.normalise
    assert likeness.likeness(n(YODOK_A), n(YODOK_B)) == 1.0
    assert likeness.likeness(n(YODOK_A), n(YODOK_C)) >= likeness.THRESHOLD
    assert likeness.likeness(n("Yodŏk"), n("요덕수용소")) >= likeness.THRESHOLD  # MR vs Hangul
    assert likeness.likeness(n(YODOK_A), n("14호 관리소 (개천)")) == 0.0  # another camp
    assert likeness.likeness(n(YODOK_A), n("15호 교화소")) == 0.0  # another kind, same number
    assert likeness.likeness(n("온성군 보위부"), n("Onsong Bowibu")) >= likeness.THRESHOLD
    assert likeness.likeness(n("온성군 보위부"), n("온성 안전부")) == 0.0  # MSS is not MSOS
    # a people's court or border guard unit is a kind: two in different places stay apart,
    # one place's in both languages meets, and a court is not the place's border guards
    assert likeness.likeness(n("김화인민재판소"), n("장연 인민재판소")) < 0.5
    assert likeness.likeness(n("Kimhwa people's court"), n("Changyeon people's court")) < 0.5
    assert likeness.likeness(n("회령 국경경비대"), n("Hoeryong border guard unit")) >= 0.75
    assert likeness.likeness(n("Hoeryong people's court"), n("회령인민재판소")) == 1.0
    assert likeness.likeness(n("회령 인민재판소"), n("회령 국경경비대")) == 0.0
    assert likeness.likeness(n(YODOK_A), n(CHONGORI)) == 0.0


def test_two_spellings_are_proposed_merged_and_counted_once(
        bench: Workbench, tmp_path: Path, passphrase_file: Path) -> None:
    v = bench.archive
    everything = acts.acts(v, include_unpinned=True)
    proposed = entities.proposals(v, "facility", everything)
    found = {frozenset((p.spelling, p.target)) for p in proposed}
    assert len(found) == len(proposed)  # each pair once
    assert {frozenset(p) for p in ((A, B), (A, C), (B, C), (A, "kp-kwanliso-15"))} <= found
    chongori = entities.spelling_key(CHONGORI)
    assert frozenset((chongori, "kp-kyohwaso-12")) in found  # the gazetteer's Chongori prison
    assert not any(chongori in pair and pair & {A, B, C} for pair in found)
    # Nothing is merged by itself: the pinned spellings count apart until the reviewer acts.
    before = _facility_counts(v)
    assert before[A] == (1, 1) and before[B] == (1, 1)
    assert C not in before  # C's key is not pinned

    common = ("--vault", v.path, "--passphrase-file", passphrase_file)
    v.lock()
    r = intake("archive", "entities", "--json", *common)
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    assert {"spelling": B, "target": A} in [
        {k: p[k] for k in ("spelling", "target")} for p in listed["proposals"]]
    r = intake("archive", "merge", "facility", B, A, *common)
    assert r.returncode == 0, r.stderr
    r = intake("archive", "merge", "facility", A, B, *common)  # would make a cycle
    assert r.returncode != 0 and "merge the other way" in r.stderr
    r = intake("archive", "stats", "--json", *common)
    facilities = json.loads(r.stdout)["facilities"]
    yodok = [f for f in facilities if f["facility_type"] == "kwanliso"]
    assert [(f["entity_id"], f["testimonies"], f["acts"], f["name_ko"]) for f in yodok] == [
        (A, 2, 2, YODOK_A)]
    out = tmp_path / "incidents.csv"
    r = intake("archive", "export-csv", "--out", out, *common)
    assert r.returncode == 0, r.stderr
    rows = read_csv(out)
    at_yodok = [row for row in rows if row["facility_type"] == "kwanliso"]
    assert {row["place_name_ko"] for row in at_yodok} == {YODOK_A, YODOK_B}  # as written
    assert {(row["facility_entity"], row["facility_entity_ko"]) for row in at_yodok} == {
        (A, YODOK_A)}
    assert len({row["facility_entity"] for row in rows}) == 2  # Yodok and Chongori
    v = reopen(bench)

    entries = [e for e in audit_log(v) if e.action == "entity merged"]
    assert entries[-1].detail == {"kind": "facility", "spelling": B, "into": A, "before": ""}
    left = {frozenset((p.spelling, p.target))
            for p in entities.proposals(v, "facility", everything)}
    assert frozenset((A, B)) not in left and frozenset((B, C)) not in left  # B is settled
    # C, once included, is its own entity until merged into the gazetteer's camp with A.
    assert _facility_counts(v, include_unpinned=True)[C] == (1, 1)
    entities.merge(v, "facility", A, "kp-kwanliso-15")
    entities.merge(v, "facility", C, "kp-kwanliso-15")
    counts = _facility_counts(v, include_unpinned=True)
    assert counts["kp-kwanliso-15"] == (3, 3) and A not in counts and C not in counts
    assert _facility_counts(v)["kp-kwanliso-15"] == (2, 2)
    entities.unmerge(v, "facility", C)
    assert _facility_counts(v, include_unpinned=True)[C] == (1, 1)
    entities.keep_apart(v, "facility", C, "kp-kwanliso-15")
    left = {frozenset((p.spelling, p.target))
            for p in entities.proposals(v, "facility", everything)}
    assert frozenset((C, "kp-kwanliso-15")) not in left
    actions = [e.action for e in audit_log(v)][-4:]
    assert actions == ["entity merged", "entity merged", "entity unmerged",
                       "entities kept apart"]
    with pytest.raises(UsageError, match="gazetteer entity"):
        entities.merge(v, "facility", "kp-kwanliso-15", A)


# -- corroboration: the facility timeline and links between acts ------------------------------


def test_a_link_between_two_testimonies_is_on_the_timeline_and_exported(
        bench: Workbench, tmp_path: Path, passphrase_file: Path) -> None:
    v = bench.archive if not bench.archive.locked else reopen(bench)
    for spelling in (A, B):  # the reviewer's merges (the test above makes the same ones)
        entities.merge(v, "facility", spelling, "kp-kwanliso-15")
    # each act as a link names it: in the sealed version it was made on (version 1 here)
    a, b, c = (links.ActRef(r, 1, 1, 1) for r in (bench.record_a, bench.record_b,
                                                  bench.record_c))
    with pytest.raises(UsageError, match="two different testimonies"):
        links.add(v, "corroborates", a, links.ActRef(bench.record_a, 1, 1))
    with pytest.raises(NotFound, match=":1.9"):
        links.add(v, "corroborates", a, links.ActRef(bench.record_b, 1, 9))
    link = links.add(v, "corroborates", b, a, "Both describe the winter of 1999 in block 2.")
    line = links.timeline(v, "facility", "kp-kwanliso-15")
    assert [(x.record_id, x.earliest.isoformat() if x.earliest else "") for x in line.acts] == [
        (bench.record_b, "1998-01-01"), (bench.record_a, "1999-01-01")]  # earliest first
    assert [k.id for k in line.links[a]] == [link] and line.links[a][0].other(a) == b
    assert (line.links[b][0].relation, line.links[b][0].note) == (
        "corroborates", "Both describe the winter of 1999 in block 2.")
    entry = audit_log(v)[-1]
    assert (entry.action, entry.detail["a"], entry.detail["b"]) == (
        "acts linked", min(a, b).text(), max(a, b).text())
    assert records.sealed_versions(v, bench.record_a)[-1].doc == records.sealed_versions(
        v, bench.record_a)[0].doc  # nothing written into the sealed record

    common = ("--vault", v.path, "--passphrase-file", passphrase_file)
    v.lock()
    r = intake("archive", "link", "contradicts", f"{bench.record_a}:1.1", c.text(), "--stdin",
               *common,
               input=b"C puts the execution in 2000, A saw none.")
    assert r.returncode == 0, r.stderr
    r = intake("archive", "timeline", "facility", "kp-kwanliso-15", "--json",
               "--include-unpinned", *common)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [x["act"] for x in data["acts"]] == [b.text(), a.text()]  # C is its own entity
    assert {(x["relation"], x["a"], x["b"]) for x in data["links"]} == {
        ("corroborates", min(a, b).text(), max(a, b).text()),
        ("contradicts", min(a, c).text(), max(a, c).text())}
    out = tmp_path / "links.csv"
    r = intake("archive", "export-links", "--out", out, *common)
    assert r.returncode == 0, r.stderr
    rows = {row["relation"]: row for row in read_csv(out)}
    assert rows["corroborates"]["note"] == "Both describe the winter of 1999 in block 2."
    assert {rows["corroborates"]["a_reference"], rows["corroborates"]["b_reference"]} == {
        "WB-A-1", "WB-B-1"}
    assert rows["contradicts"]["relation_ko"] == "상충함"
    side = "a" if rows["contradicts"]["a_reference"] == "WB-C-1" else "b"
    assert rows["contradicts"][f"{side}_interviewer"].startswith("not pinned")
    second = int(rows["contradicts"]["link_id"])
    r = intake("archive", "unlink", str(second), *common)
    assert r.returncode == 0, r.stderr
    v = reopen(bench)
    assert [k.relation for k in links.links(v)] == ["corroborates"]
    done = [e.action for e in audit_log(v) if e.action != "vault unlocked"]
    assert done[-3:] == ["acts linked", "links exported", "act link removed"]


def test_a_correction_leaves_links_and_notes_on_the_act_they_were_made_on(
        tmp_path: Path, passphrase_file: Path) -> None:
    """A link and a note name the sealed version they were made on: after a correction that
    reorders the incidents (and one that drops one), they still name and show the act that
    was judged, from that version, flagged as made before the correction; nothing moves to
    the act that now holds the place 1.1."""
    v: Vault = make_vault(tmp_path / "v")
    two = doc_for("CX-1", "torture", "KP-08", "kwanliso", YODOK_A, "1999")
    two["incidents"].append(doc_for("x", "forced_labour", "KP-08", "kwanliso", YODOK_A,
                                    "2001")["incidents"][0])
    x = sealed(v, two)
    y = sealed(v, doc_for("CY-1", "torture", "KP-08", "kwanliso", YODOK_A, "1999"))
    z = sealed(v, doc_for("CZ-1", "torture", "KP-09", "kyohwaso", CHONGORI, "2004"))
    made = links.add(v, "corroborates", links.ActRef.parse(f"{y}:1.1"),
                     links.ActRef.parse(f"{x}:1.1"), "Both were beaten at the gate")
    judged = links.ActRef(x, 1, 1, 1)
    [link] = links.links(v)
    assert {link.a, link.b} == {judged, links.ActRef(y, 1, 1, 1)}
    entry = audit_log(v)[-1]
    assert (entry.detail["a_version"], entry.detail["b_version"]) == (1, 1)
    assert judged.text() in (entry.detail["a"], entry.detail["b"])
    on_act = notes.add(v, x, "He drew the gate", ["gate"], 1, 1)
    with pytest.raises(NotFound):
        notes.add(v, x, "no such act", [], 3, 1)

    def correct(change: object) -> None:
        records.correct(v, x, reason="the witness put the incidents in order")
        doc = records.draft(v, x)
        change(doc["incidents"])  # type: ignore[operator]
        records.save_draft(v, x, doc)
        records.seal_record(v, x)

    correct(list.reverse)  # version 2: the forced labour is 1.1, the torture 2.1
    assert [(a.incident_no, a.violation) for a in acts.acts(v) if a.record_id == x] == [
        (1, "forced_labour"), (2, "torture")]
    assert links.links(v) == [link]  # not re-pointed
    assert [n.ref for n in notes.notes(v)] == [judged]
    yodok = entities.spelling_key(YODOK_A)
    line = links.timeline(v, "facility", yodok)
    shown = {links.ActRef.of(a): a for a in line.acts}
    assert shown[judged].violation == "torture" and shown[judged].version == 1
    assert links.newer(judged, line.latest) == 2  # flagged: corrected since, version 2
    assert [k.id for k in line.links[judged]] == [made]
    assert line.links.get(links.ActRef(x, 1, 1, 2)) is None  # the act now at 1.1 was not judged
    assert line.links.get(links.ActRef(x, 2, 1, 2)) is None
    data = line.to_json()
    row = next(j for j in data["acts"] if j["act"] == f"{x}@1:1.1")
    assert (row["violation"], row["version"], row["latest_version"], row["links"]) == (
        "torture", 1, 2, [made])
    side = "a" if link.a == judged else "b"
    assert data["links"][0][f"{side}_version"] == 1
    assert data["links"][0][f"{side}_latest_version"] == 2

    correct(lambda incidents: incidents.pop(1))  # version 3: the torture is gone
    assert [a.violation for a in acts.acts(v) if a.record_id == x] == ["forced_labour"]
    line = links.timeline(v, "facility", yodok)
    assert [a.violation for a in line.acts if links.ActRef.of(a) == judged] == ["torture"]
    assert links.newer(judged, line.latest) == 3

    common = ("--vault", v.path, "--passphrase-file", passphrase_file)
    v.lock()
    out = tmp_path / "links.csv"
    r = intake("archive", "export-links", "--out", out, *common)
    assert r.returncode == 0, r.stderr
    [csv_row] = read_csv(out)
    assert (csv_row[f"{side}_reference"], csv_row[f"{side}_violation"],
            csv_row[f"{side}_incident_no"], csv_row[f"{side}_version"],
            csv_row[f"{side}_latest_version"]) == ("CX-1", "torture", "1", "1", "3")
    other = "b" if side == "a" else "a"
    assert (csv_row[f"{other}_version"], csv_row[f"{other}_latest_version"]) == ("1", "1")
    assert csv_row["version_warning_en"] == (
        "CX-1: made on version 1; the record has been corrected since (version 3)")
    assert csv_row["version_warning_ko"] == "CX-1: 버전 1에서 작성함. 그 뒤 기록이 정정됨(버전 3)"
    # the command line: the versioned form round-trips; the plain form is the latest version
    r = intake("archive", "link", "contradicts", f"{y}:1.1", f"{x}:1.1", *common)
    assert r.returncode == 0, r.stderr
    r = intake("archive", "link", "same_event", f"{y}@1:1.1", f"{x}@2:2.1", *common)
    assert r.returncode == 0, r.stderr
    r = intake("archive", "link", "same_event", f"{y}:1.1", f"{x}@3:2.1", *common)
    assert r.returncode != 0 and f"{x}@3:2.1" in r.stderr
    r = intake("archive", "links", "--json", *common)
    assert r.returncode == 0, r.stderr
    listed = {k["relation"]: k for k in json.loads(r.stdout)}
    assert {listed[k][s] for k in listed for s in ("a", "b")} == {
        f"{y}@1:1.1", judged.text(), f"{x}@3:1.1", f"{x}@2:2.1"}
    r = intake("archive", "links", *common)
    assert r.stdout.count("the record has been corrected since (version 3)") == 2
    r = intake("archive", "timeline", "facility", yodok, *common)
    assert f"{x}@1:1.1" in r.stdout and "made on version 1; the record has been" in r.stdout
    r = intake("archive", "notes", "--json", *common)
    [listed_note] = json.loads(r.stdout)
    assert (listed_note["id"], listed_note["version"], listed_note["latest_version"]) == (
        on_act, 1, 3)
    # the reviewer says which act of a newer version was judged: the link moves, audited
    r = intake("archive", "relink", str(made), f"{x}@2:2.1", *common)
    assert r.returncode == 0, r.stderr
    r = intake("archive", "relink", str(made), f"{z}:1.1", *common)
    assert r.returncode != 0 and "one of its two testimonies" in r.stderr
    v = Vault.open(v.path, PASSPHRASE)
    moved = next(k for k in links.links(v) if k.id == made)
    assert {moved.a, moved.b} == {links.ActRef(x, 2, 1, 2), links.ActRef(y, 1, 1, 1)}
    entry = [e for e in audit_log(v) if e.action == "act link moved"][-1]
    assert (entry.detail["was"], entry.detail["now"], entry.detail["was_version"],
            entry.detail["version"]) == (judged.text(), f"{x}@2:2.1", 1, 2)
    v.lock()


# -- the reviewer's notes and tags -----------------------------------------------------------


def test_notes_and_tags_are_searchable_apart_from_the_record_and_audited(
        bench: Workbench, passphrase_file: Path) -> None:
    v = bench.archive if not bench.archive.locked else reopen(bench)
    before = records.sealed_versions(v, bench.record_b)[-1]

    def found(query: str) -> set[str]:
        return {hit.record.id for hit in listing.find(v, query, 50, 0)}

    assert found("위성") == set()
    on_record = notes.add(v, bench.record_a, "위성 사진과 대조할 것: the gate he drew",
                          ["imagery", "후속조치"])
    on_act = notes.add(v, bench.record_b, "Dates rest on the harvest she remembers",
                       ["dating"], incident_no=1, act_no=1)
    assert found("위성") == {bench.record_a} and found("후속조치") == {bench.record_a}
    assert found("harvest") == {bench.record_b}
    assert [n.id for n in notes.notes(v, tag="IMAGERY")] == [on_record]
    assert [(n.id, n.target) for n in notes.notes(v, query="HARVEST remembers")] == [
        (on_act, "1.1")]
    assert notes.tags(v) == [("dating", 1), ("imagery", 1), ("후속조치", 1)]
    after = records.sealed_versions(v, bench.record_b)[-1]
    assert (after.version_hash, after.doc) == (before.version_hash, before.doc)
    notes.edit(v, on_act, "Dates rest on the rice harvest", ["dating", "checked"])
    assert found("remembers") == set() and found("rice") == {bench.record_b}
    notes.remove(v, on_record)
    assert found("위성") == set()
    log = [e for e in audit_log(v) if e.action.startswith("note")]
    assert [(e.action, e.object) for e in log[-4:]] == [
        ("note added", bench.record_a), ("note added", bench.record_b),
        ("note changed", bench.record_b), ("note removed", bench.record_a)]
    assert log[-3].detail["act"] == "1.1" and log[-1].detail["was"].startswith("위성 사진")
    assert log[-2].detail["was"] == "Dates rest on the harvest she remembers"
    with pytest.raises(UsageError, match="one word"):
        notes.add(v, bench.record_a, "x", ["two words"])
    draft = records.create(v, FORM_ID, example())  # the interviewer's, not yet evidence
    with pytest.raises(UsageError, match="no sealed version"):
        notes.add(v, draft, "a note on a draft")
    records.discard_draft(v, draft)

    common = ("--vault", v.path, "--passphrase-file", passphrase_file)
    v.lock()
    r = intake("archive", "note", bench.record_c, "--act", "1.1", "--tag", "verify", "--stdin",
               *common, input="처형 장소를 다른 증언과 비교".encode())
    assert r.returncode == 0, r.stderr
    r = intake("search", "처형 장소", "--json", *common)
    assert r.returncode == 0, r.stderr
    assert [hit["record"]["id"] for hit in json.loads(r.stdout)] == [bench.record_c]
    r = intake("archive", "notes", "--tag", "verify", "--json", *common)
    [made] = json.loads(r.stdout)
    assert (made["record_id"], made["act_no"], made["text"]) == (
        bench.record_c, 1, "처형 장소를 다른 증언과 비교")
    v = reopen(bench)
    assert [e.action for e in audit_log(v) if e.action != "vault unlocked"][-1] == "note added"


# -- perpetrator units (form version 2's entity lists) ----------------------------------------


def test_units_from_the_list_and_in_free_text_count_as_one_once_merged(tmp_path: Path) -> None:
    """Version 2 names units by gazetteer id or as a new entry: the list's unit is the same in
    two testimonies; a new entry that looks like it is proposed, and counted with it once
    merged; the unit's timeline then holds the acts of both testimonies."""
    v: Vault = make_vault(tmp_path / "v2")
    first = copy.deepcopy(forms.load_form(FORM_ID, 2).example())
    second = copy.deepcopy(first)
    for inc in second["incidents"]:
        for act in inc["acts"]:
            for who in act.get("perpetrators", []):
                if who.get("unit") == "kp-mss-onsong":
                    who["unit"] = {"name_ko": "온성 보위부", "name_en": "Onsong Bowibu",
                                   "kind": "mss"}
    for doc in (first, second):
        records.seal_record(v, records.create(v, FORM_ID, doc, 2))
    free = entities.spelling_key("온성 보위부")

    def onsong() -> dict[str, tuple[int, int]]:
        return {u.entity_id: (u.testimonies, u.acts) for u in patterns.stats(v).units
                if u.entity_id in ("kp-mss-onsong", free)}

    assert onsong() == {"kp-mss-onsong": (1, 1), free: (1, 1)}
    proposed = entities.proposals(v, "unit", acts.acts(v))
    assert [(p.spelling, p.target) for p in proposed] == [(free, "kp-mss-onsong")]
    assert {"kp-msos-onsong", "kp-mss-hoeryong"}.isdisjoint(p.target for p in proposed)
    entities.merge(v, "unit", free, "kp-mss-onsong")
    assert onsong() == {"kp-mss-onsong": (2, 2)}
    line = links.timeline(v, "unit", "kp-mss-onsong")
    assert len({a.record_id for a in line.acts}) == 2
    v.lock()
