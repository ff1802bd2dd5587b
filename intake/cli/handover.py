"""Handover commands: keygen, recipients, trust, export, verify, import.

Exit codes as everywhere: 0 ok, 1 a check failed (or consent refused), 2 unreadable
input or not a bundle, 3 wrong identity. Identity files are secrets: read from a
path, size-capped, never from an argument or the environment.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crypto import age
from intake import files
from intake.archive import pins, receive, verify
from intake.cli.vault import emit_json, unlock, vault_options
from intake.errors import CheckFailed, UsageError
from intake.handover import bundle, consent, export, recipients


def read_identity(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read(age.IDENTITY_FILE_MAX_BYTES + 1)
    except OSError as e:
        raise UsageError(f"cannot read identity file {path}: {e.strerror}") from None
    if len(data) > age.IDENTITY_FILE_MAX_BYTES:
        raise UsageError(f"identity file {path} is too large")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise UsageError(f"identity file {path} is not an age identity or SSH key") from None
    bundle.check_identity(text, f"identity file {path}")
    return text


def cmd_keygen(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists():
        raise UsageError(f"{out} already exists: refusing to overwrite an identity")
    identity, recipient = age.generate_identity()
    body = f"# created by intake keygen\n# public key: {recipient}\n{identity}\n"
    with files.atomic_writer(out) as f:  # created 0600
        f.write(body.encode("ascii"))
    print(recipient)
    print(
        f"identity written to {out} (keep it secret; give out only the age1 line)", file=sys.stderr
    )
    return 0


def cmd_recipients_add(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        r = recipients.add_recipient(v, args.name, args.recipient, args.klass, args.state)
    print(f"added {r.name} ({r.klass_and_state}) {r.recipient}")
    return 0


def cmd_recipients_list(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        rows = recipients.list_recipients(v)
    if args.json:
        emit_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        print(f"{r.name}\t{r.klass_and_state}\t{r.recipient}")
    return 0


def cmd_recipients_remove(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        recipients.remove_recipient(v, args.name)
    print(f"removed {args.name}")
    return 0


def cmd_trust_add(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        fp = pins.trust(v, args.fingerprint, args.name, args.org or "")
    print(f"trusted {fp} as {args.name}")
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        for fp, name in pins.pinned_names(v).items():
            print(f"{fp}\t{name}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from intake.cli.countersign import load_countersigner

    with unlock(args) as v:
        result = export.export_bundle(
            v,
            args.record_ids,
            args.to,
            args.out,
            profile=args.profile,
            countersigner=load_countersigner(args),
            klass=args.klass,
        )
    for rid in result.downgraded:
        print(
            f"warning: record {rid}: consent does not grant identity to every recipient;"
            " exported redacted",
            file=sys.stderr,
        )
    print(
        f"bundle {result.bundle_id}: {len(result.records)} record(s), {result.files} file(s),"
        f" {result.bytes_written} bytes -> {result.path}"
    )
    return 0


def signer_line(report: verify.Report) -> str:
    """The first line of a report: whether the signer is pinned, and where that was looked up."""
    fp = report.signer_fingerprint
    if not report.archive_consulted:
        return (
            f"signer NOT checked against pinned keys (no --vault): {fp} claims to be"
            f" {report.exporter_name!r}; compare the fingerprint with the interviewer out of band"
        )
    if report.pinned_name is not None:
        return f"signer: pinned in this archive as {report.pinned_name} ({fp})"
    line = f"signer NOT pinned in this archive: {fp} claims to be {report.exporter_name!r}"
    if report.impersonates:
        line += f"; POSSIBLE IMPERSONATION of the pinned {'; '.join(report.impersonates)}"
    return line


def _print_report(report: verify.Report) -> None:
    print(signer_line(report))
    print(f"bundle: {report.bundle_id}\ncreated: {report.created_at}")
    print(f"exporter: {report.exporter_name} {report.exporter_organisation}".rstrip())
    print(f"signer fingerprint: {report.signer_fingerprint}")
    if report.history:
        print(f"history: {report.history}")
    print(
        f"records: {len(report.records)}  attachments: {report.attachments}  files: {report.files}"
    )
    for r in report.records:
        print(f"  {r.id}  {r.reference}  {r.versions} version(s)  profile {r.profile}")
    for s in report.seal_signers:
        standing = (
            "the exporter"
            if s.is_exporter
            else f"pinned as {s.pinned_name}" if s.pinned_name else "NOT pinned"
        )
        print(f"sealed by {s.fingerprint} ({s.name}, {standing}): {', '.join(s.versions)}")
    if report.countersigner_fingerprint:
        pinned = report.countersigner_pinned_name
        standing = f"pinned as {pinned}" if pinned else "compare the fingerprint out of band"
        print(
            f"countersigned by {report.countersigner_fingerprint}"
            f" ({report.countersigner_name}, {standing})"
        )
    else:
        print("countersigned by: nobody (one signature)")
    for fp, versions in report.countersigned_versions.items():
        print(f"seal countersigned by {fp}: {', '.join(versions)}")


def cmd_verify(args: argparse.Namespace) -> int:
    identity = read_identity(args.identity)
    trusted, held = None, None
    if args.vault is not None:  # the archive's pinned keys and the heads it holds
        with unlock(args) as v:
            trusted, held = receive.archive_view(v)
    report = verify.verify(
        args.file,
        identity,
        trusted=trusted,
        held=held,
        require_countersignature=args.require_countersignature,
    )
    if args.json:
        emit_json(report.to_json())
    else:
        _print_report(report)
        for p in report.problems:
            print(f"FAILED: {p}")
        print(
            "ok: every hash and signature holds"
            if report.ok
            else f"{len(report.problems)} problem(s): do not rely on this bundle"
        )
    return 0 if report.ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    identity = read_identity(args.identity)
    with unlock(args) as v:
        try:
            result = receive.import_bundle(
                v,
                args.file,
                identity,
                require_countersignature=args.require_countersignature,
                trust_new=args.trust_new,
                accept_fork=args.accept_fork,
            )
        except CheckFailed as e:
            for p in e.problems:
                print(f"FAILED: {p}", file=sys.stderr)
            raise CheckFailed(str(e), []) from None
    report = result.report
    if report is not None and report.history:
        print(f"history: {report.history}")
    if result.pinned and report is not None:
        if report.impersonates:
            print(
                f"warning: the same name as the pinned {'; '.join(report.impersonates)}:"
                " pinned anyway, as you said the fingerprint was checked",
                file=sys.stderr,
            )
        print(f"pinned new signer {result.pinned} as {report.exporter_name!r} (--trust-new)")
    for line, warning in result.lines():
        print(f"warning: {line}" if warning else line, file=sys.stderr if warning else sys.stdout)
    return 0


IDENTITY_HELP = "age identity file, or an ssh-ed25519 / ssh-rsa private key (id_ed25519)"


def register(sub: argparse._SubParsersAction) -> None:
    common = vault_options()

    def add(
        parent: Any, name: str, func: Any, help: str, parents: list[Any] | None = None
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(
            name, parents=[common] if parents is None else parents, help=help
        )
        p.set_defaults(func=func)
        return p

    p = add(sub, "keygen", cmd_keygen, "create an age identity for a legal team", parents=[])
    p.add_argument("--out", type=Path, required=True, help="identity file to create (mode 0600)")

    rec = sub.add_parser("recipients", help="the legal teams' age keys")
    rsub = rec.add_subparsers(dest="recipients_command", required=True, metavar="ACTION")
    p = add(rsub, "add", cmd_recipients_add, "register a recipient")
    p.add_argument("name")
    p.add_argument("recipient", help="age1… public key, or an ssh-ed25519 / ssh-rsa public key")
    p.add_argument(
        "--class",
        dest="klass",
        default=recipients.DEFAULT_CLASS,
        help="consent recipient class (default: own_archive)",
    )
    p.add_argument(
        "--state",
        default="",
        help="the recipient's country (a code of the countries vocabulary, e.g. kr);"
        " consent to national prosecutors may name the states it covers",
    )
    p = add(rsub, "list", cmd_recipients_list, "list recipients")
    p.add_argument("--json", action="store_true")
    p = add(rsub, "remove", cmd_recipients_remove, "remove a recipient")
    p.add_argument("name")

    tr = sub.add_parser("trust", help="pin interviewers' signing keys (receiving side)")
    tsub = tr.add_subparsers(dest="trust_command", required=True, metavar="ACTION")
    p = add(tsub, "add", cmd_trust_add, "pin a signing-key fingerprint")
    p.add_argument("fingerprint")
    p.add_argument("--name", required=True)
    p.add_argument("--org")
    add(tsub, "list", cmd_trust_list, "list pinned signers")

    p = add(sub, "export", cmd_export, "write a signed, encrypted handover bundle")
    p.add_argument("record_ids", nargs="+", metavar="RECORD_ID")
    p.add_argument(
        "--to",
        action="append",
        required=True,
        metavar="NAME_OR_RECIPIENT",
        help="a registered recipient's name or key, or a bare age1… / ssh-ed25519 … /"
        " ssh-rsa … public key (then --class is required)",
    )
    p.add_argument(
        "--class",
        dest="klass",
        choices=list(recipients.recipient_classes()),
        help="consent class of the bare keys given with --to",
    )
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--profile", choices=consent.PROFILES, default="redacted")
    from intake.cli.countersign import countersign_options

    countersign_options(p)
    require = "refuse a bundle without a valid supervisor's countersignature"

    p = add(sub, "verify", cmd_verify, "verify a bundle (exit 0 only if everything holds)")
    p.add_argument("file", type=Path)
    p.add_argument("--identity", type=Path, required=True, help=IDENTITY_HELP)
    p.add_argument("--json", action="store_true")
    p.add_argument("--require-countersignature", action="store_true", help=require)

    p = add(sub, "import", cmd_import, "verify a bundle, then import it into an archive vault")
    p.add_argument("file", type=Path)
    p.add_argument("--identity", type=Path, required=True, help=IDENTITY_HELP)
    p.add_argument("--require-countersignature", action="store_true", help=require)
    p.add_argument(
        "--trust-new",
        action="store_true",
        help="import and pin a signer this archive has not pinned (only after comparing its"
        " fingerprint with the interviewer by another channel)",
    )
    p.add_argument(
        "--accept-fork",
        action="store_true",
        help="import a bundle whose history forks from the one held (after finding out why:"
        " a laptop restored from a backup); recorded in the audit log",
    )
