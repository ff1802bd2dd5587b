"""Archive commands for the legal team: `intake archive stats | export-csv |
export-testimonies | register`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from forms.edtf import edtf_range
from intake.archive import acts, entities, evidence, links, notes, patterns, pins, tables
from intake.capture.filters import Filters
from intake.cli.vault import unlock, vault_options
from intake.errors import UsageError
from intake.vault import Vault


def _bound(text: str | None, which: int, flag: str) -> Any:
    """The first (0) or last (1) day of an EDTF date such as 2005, 2005-03 or 2005-03-14."""
    if text is None:
        return None
    try:
        return edtf_range(text)[which]
    except ValueError:
        raise UsageError(f"{flag}: {text[:40]!r} is not a date such as 2005, 2005-03 or"
                         " 2005-03-14") from None


def _interviewer(v: Vault, text: str | None) -> str | None:
    """A fingerprint from ``--interviewer``: a key's fingerprint, or the name it is pinned under."""
    if not text:
        return None
    named = [fp for fp, name in pins.pinned_names(v).items()
             if name.casefold() == text.strip().casefold()]
    if len(named) == 1:
        return named[0]
    try:
        return pins.normalise_fingerprint(text)
    except UsageError:
        raise UsageError(f"--interviewer: {text[:60]!r} is neither a pinned interviewer's name"
                         " nor a key's fingerprint") from None


def filters(args: argparse.Namespace, v: Vault) -> Filters:
    return Filters(
        status=args.status,
        violation=args.violation,
        province=args.province,
        date_from=_bound(args.date_from, 0, "--from"),
        date_to=_bound(args.date_to, 1, "--to"),
        institution=args.institution,
        interviewer=_interviewer(v, args.interviewer),
        pinned={"yes": True, "no": False}.get(args.pinned or ""),
        reliability=args.reliability,
        knowledge=args.knowledge,
        facility=args.facility,
        unit=args.unit,
    )


def _check_out(out: Path) -> None:
    if not out.parent.is_dir():
        raise UsageError(f"no folder {out.parent}")
    if out.is_dir():
        raise UsageError(f"{out} is a folder")


def cmd_stats(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        st = patterns.stats(v, filters(args, v), args.include_unpinned)
    if args.json:
        print(json.dumps(st.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"records: {st.records}  incidents: {st.incidents}  acts: {st.acts}")
    if st.unpinned:
        print(f"{st.unpinned} acts from interviewers not pinned in this archive are"
              + (" included" if st.unpinned_included else
                 " left out (--include-unpinned counts them)"))
    print("places: {dprk} in the DPRK, {outside_dprk} outside it, {unknown} unknown".format(
        **st.places))
    titles = {"year": "by year", "province": "by province", "country": "by country",
              "facility_type": "by facility type", "violation": "by violation"}
    for kind in patterns.CHART_KINDS:
        print(f"\nacts {titles[kind]}:")
        for b in st.by[kind]:
            print(f"  {b.count:6d}  {b.en} / {b.ko}" if b.en != b.ko else f"  {b.count:6d}  {b.en}")
    print("\nfacilities (testimonies, acts):")
    for f in st.facilities:
        name = " / ".join(n for n in (f.name_ko, f.name_latin) if n)
        print(f"  {f.testimonies:6d} {f.acts:6d}  {name} [{f.facility_type}, {f.province}]")
    return 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    _check_out(args.out)
    with unlock(args) as v:
        n = tables.export_incidents(v, args.out, filters(args, v), args.include_unpinned)
    print(f"{n} rows (one per act) written to {args.out}")
    return 0


def cmd_export_testimonies(args: argparse.Namespace) -> int:
    _check_out(args.out)
    with unlock(args) as v:
        n = tables.export_testimonies(v, args.out, filters(args, v), args.include_unpinned)
    print(f"{n} rows (one per testimony) written to {args.out}")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    _check_out(args.out)
    with unlock(args) as v:
        n = evidence.export_register(v, args.out, args.include_unpinned)
    print(f"{n} items written to {args.out}")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        selected = acts.acts(v, filters(args, v), include_unpinned=True)
        st = patterns.stats(v, filters(args, v), args.include_unpinned)
        found = entities.proposals(v, args.kind, selected)
        done = entities.merged(v, args.kind)
    counted: list[Any] = st.facilities if args.kind == "facility" else st.units
    if args.json:
        print(json.dumps({"entities": [c.to_json() for c in counted],
                          "proposals": [p.to_json() for p in found],
                          "merged": [{"spelling": s, "into": t} for s, t in done]},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"{args.kind} entities (testimonies, acts):")
    for c in counted:
        name = " / ".join(n for n in (c.name_ko, c.name_latin if args.kind == "facility"
                                      else c.name_en) if n)
        print(f"  {c.testimonies:6d} {c.acts:6d}  {name}  [{c.entity_id}]")
    print(f"\nproposed merges ({len(found)}; intake archive merge {args.kind} SPELLING TARGET):")
    for p in found:
        target = " / ".join(n for n in p.target_name if n)
        print(f"  {p.score:.2f}  {p.spelling}  ->  {p.target}  ({target})")
    if done:
        print("\nmerged:")
        for spelling, target in done:
            print(f"  {spelling}  ->  {target}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        if args.archive_command == "merge":
            entities.merge(v, args.kind, args.spelling, args.target)
            print(f"{args.spelling} now counts as {args.target}")
        elif args.archive_command == "unmerge":
            entities.unmerge(v, args.kind, args.spelling)
            print(f"{args.spelling} counts as itself again")
        else:
            entities.keep_apart(v, args.kind, args.spelling, args.target)
            print(f"{args.spelling} and {args.target} are kept apart (no longer proposed)")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        line = links.timeline(v, args.kind, args.entity, filters(args, v), args.include_unpinned)
    if args.json:
        print(json.dumps(line.to_json(), ensure_ascii=False, indent=1))
        return 0
    ko, en = entities.name_of(args.entity)
    print(f"{' / '.join(n for n in (ko, en) if n) or args.entity}: {len(line.acts)} acts")
    for a in line.acts:
        span = "/".join(dict.fromkeys(d.isoformat() for d in (a.earliest, a.latest) if d))
        tied = ", ".join(f"{k.relation} #{k.id}" for k in line.links.get(links.ActRef.of(a), []))
        print(f"  {span or 'undated':23s} {links.ActRef.of(a).text()}  {a.reference}"
              f"  {a.violation}  [{a.interviewer}]" + (f"  ({tied})" if tied else "")
              + _warning(links.ActRef.of(a), line.latest))
    return 0


def _warning(ref: links.ActRef, latest: dict[str, int]) -> str:
    """``  [made on version 2; the record has been corrected since (version 3)]``, or ""."""
    last = links.newer(ref, latest)
    return f"  [{links.version_warning(ref.version, last)[0]}]" if last else ""


def _stdin_text(args: argparse.Namespace) -> str:
    """A note's text: read from standard input (never from the command line, which shells
    keep in their history)."""
    if not args.stdin:
        return ""
    text = sys.stdin.read(notes.MAX_NOTE + 2)
    if len(text.strip()) > notes.MAX_NOTE:
        raise UsageError(f"a note is at most {notes.MAX_NOTE} characters")
    return text


def cmd_link(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        if args.archive_command == "link":
            made = links.add(v, args.relation, links.ActRef.parse(args.act_a),
                             links.ActRef.parse(args.act_b), _stdin_text(args))
            print(f"link #{made}: {args.act_a} {args.relation} {args.act_b}")
        elif args.archive_command == "unlink":
            links.remove(v, args.id)
            print(f"link #{args.id} removed")
        elif args.archive_command == "relink":
            links.move(v, args.id, links.ActRef.parse(args.act))
            print(f"link #{args.id} now names {args.act}")
        elif args.archive_command == "links":
            found = links.links(v)
            latest = links.latest_versions(v, (r.record_id for k in found for r in (k.a, k.b)))
            if args.json:
                print(json.dumps([k.to_json(latest) for k in found], ensure_ascii=False,
                                 indent=1))
            for k in [] if args.json else found:
                print(f"#{k.id}  {k.a.text()} {k.relation} {k.b.text()}  {k.note}"
                      + "".join(_warning(r, latest) for r in (k.a, k.b)))
        else:
            _check_out(args.out)
            rows = links.export_links(v, args.out)
            print(f"{rows} links written to {args.out}")
    return 0


def _act(text: str | None) -> tuple[int, int]:
    if not text:
        return 0, 0
    ref = links.ActRef.parse(f"{'0' * 8}:{text}")
    return ref.incident_no, ref.act_no


def cmd_note(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        if args.archive_command == "note":
            made = notes.add(v, args.record, _stdin_text(args), args.tag or [], *_act(args.act))
            print(f"note #{made} added")
        elif args.archive_command == "note-edit":
            notes.edit(v, args.id, _stdin_text(args), args.tag or [])
            print(f"note #{args.id} changed")
        elif args.archive_command == "note-remove":
            notes.remove(v, args.id)
            print(f"note #{args.id} removed")
        else:
            found = notes.notes(v, args.record, args.tag, args.search or "")
            latest = links.latest_versions(v, (n.record_id for n in found))
            if args.json:
                print(json.dumps([n.to_json() | {"latest_version": latest.get(n.record_id, 0)}
                                  for n in found], ensure_ascii=False, indent=1))
            for n in [] if args.json else found:
                where = f"{n.record_id}@{n.version}" + (f":{n.target}" if n.target else "")
                print(f"#{n.id}  {where}  [{' '.join(n.tags)}]  {n.text}"
                      + _warning(n.ref, latest))
    return 0


def _register_workbench(asub: Any, common: argparse.ArgumentParser,
                        filtering: argparse.ArgumentParser) -> None:
    """The reviewer's workbench: timelines, links between acts, notes and tags."""
    p = asub.add_parser("timeline", parents=[common, filtering],
                        help="every act counted under one facility or unit, earliest first,"
                             " with its links")
    p.add_argument("kind", choices=entities.KINDS)
    p.add_argument("entity", help="a gazetteer id, or 'new:' and a spelling")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_timeline)
    stdin = argparse.ArgumentParser(add_help=False)
    stdin.add_argument("--stdin", action="store_true",
                       help="read the note from standard input (not kept in shell history)")
    p = asub.add_parser("link", parents=[common, stdin],
                        help="link two acts of different testimonies (audited)")
    p.add_argument("relation", choices=list(links.RELATIONS))
    p.add_argument("act_a", metavar="RECORD[@V]:I.A",
                   help="RECORD:I.A is the act in the record's latest sealed version")
    p.add_argument("act_b", metavar="RECORD[@V]:I.A")
    p.set_defaults(func=cmd_link)
    p = asub.add_parser("unlink", parents=[common], help="remove a link (audited)")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_link)
    p = asub.add_parser("relink", parents=[common],
                        help="move a link's side to another act of the same testimony, e.g. in"
                             " the version a correction sealed (audited)")
    p.add_argument("id", type=int)
    p.add_argument("act", metavar="RECORD[@V]:I.A")
    p.set_defaults(func=cmd_link)
    p = asub.add_parser("links", parents=[common], help="the links between acts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_link)
    p = asub.add_parser("export-links", parents=[common],
                        help="the links between acts as CSV (UTF-8 with BOM)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(func=cmd_link)
    tags = argparse.ArgumentParser(add_help=False)
    tags.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeatable)")
    p = asub.add_parser("note", parents=[common, stdin, tags],
                        help="a reviewer's note on a record or one of its acts (audited)")
    p.add_argument("record")
    p.add_argument("--act", metavar="I.A", help="the act (incident.act), e.g. 1.2")
    p.set_defaults(func=cmd_note)
    p = asub.add_parser("note-edit", parents=[common, stdin, tags],
                        help="replace a note's text and tags (audited)")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_note)
    p = asub.add_parser("note-remove", parents=[common], help="remove a note (audited)")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_note)
    p = asub.add_parser("notes", parents=[common], help="the reviewer's notes")
    p.add_argument("--record")
    p.add_argument("--tag")
    p.add_argument("--search", metavar="WORDS")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_note)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    common = vault_options()
    filtering = argparse.ArgumentParser(add_help=False)
    filtering.add_argument("--violation", help="violation code, e.g. torture")
    filtering.add_argument("--province", help="province code, e.g. KP-09")
    filtering.add_argument("--from", dest="date_from", metavar="DATE",
                           help="acts on or after DATE (2005, 2005-03 or 2005-03-14)")
    filtering.add_argument("--to", dest="date_to", metavar="DATE", help="acts on or before DATE")
    filtering.add_argument("--status", choices=["draft", "sealed", "withdrawn"])
    filtering.add_argument("--institution", help="institution code, e.g. mss")
    filtering.add_argument("--interviewer", metavar="NAME_OR_FINGERPRINT",
                           help="acts from the records this interviewer's key sealed")
    filtering.add_argument("--pinned", choices=["yes", "no"],
                           help="only material whose key is pinned here (yes) or not (no)")
    filtering.add_argument("--reliability", help="source reliability code, e.g. likely_reliable")
    filtering.add_argument("--knowledge", help="how the witness knows the act, e.g. saw")
    filtering.add_argument("--facility", metavar="ID_OR_NAME",
                           help="a facility's gazetteer id, or its name as written")
    filtering.add_argument("--unit", metavar="ID", help="a perpetrator unit's gazetteer id")
    filtering.add_argument("--include-unpinned", action="store_true",
                           help="count and export records sealed by keys this archive has not"
                                " pinned (left out by default)")

    top = sub.add_parser("archive", help="patterns and CSV exports for the legal team")
    asub = top.add_subparsers(dest="archive_command", required=True, metavar="ACTION")
    p = asub.add_parser("stats", parents=[common, filtering],
                        help="acts by year, province, country, facility type and violation;"
                             " facilities")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)
    p = asub.add_parser("export-csv", parents=[common, filtering],
                        help="the filtered incidents as CSV, one row per act (UTF-8 with BOM)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(func=cmd_export_csv)
    p = asub.add_parser("export-testimonies", parents=[common, filtering],
                        help="the testimonies as CSV, one row per testimony (the incidents"
                             " CSV's acts name theirs in `testimony`)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(func=cmd_export_testimonies)
    p = asub.add_parser("entities", parents=[common, filtering],
                        help="facilities or units as entities (testimonies, acts) and the"
                             " merges proposed for free-text spellings")
    p.add_argument("--kind", choices=entities.KINDS, default="facility")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_entities)
    for name, text in (("merge", "count a free-text spelling as another entity (audited)"),
                       ("unmerge", "undo a merge (audited)"),
                       ("keep-apart", "two names are different entities: stop proposing them")):
        p = asub.add_parser(name, parents=[common], help=text)
        p.add_argument("kind", choices=entities.KINDS)
        p.add_argument("spelling", help="'new:' and the spelling, as 'archive entities' lists it")
        if name != "unmerge":
            p.add_argument("target", help="a gazetteer id or another spelling's key")
        p.set_defaults(func=cmd_merge)
    p = asub.add_parser("register", parents=[common],
                        help="evidence register CSV: one row per record version, statement,"
                             " attachment")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--include-unpinned", action="store_true",
                   help="list records sealed by keys this archive has not pinned (left out by"
                        " default)")
    p.set_defaults(func=cmd_register)
    _register_workbench(asub, common, filtering)
