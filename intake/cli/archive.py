"""Archive commands for the legal team: `intake archive stats | export-csv |
export-testimonies | register`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from forms.edtf import edtf_range
from intake.archive import acts, entities, evidence, patterns, pins, tables
from intake.capture import records
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


def filters(args: argparse.Namespace, v: Vault) -> records.Filters:
    return records.Filters(
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
        n = evidence.export_register(v, args.out)
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
    p.set_defaults(func=cmd_register)
