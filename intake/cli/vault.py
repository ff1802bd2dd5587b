"""Vault commands: init, identity, record …, search, attach, attachment extract, audit,
check, passwd, wipe."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import forms
from crypto.errors import WrongPassphrase
from intake import check, vault
from intake.archive import acts, pins
from intake.capture import attachments, listing, records
from intake.capture.filters import Filters
from intake.errors import CheckFailed, UsageError
from intake.vault import audit, history, passphrase, rotate

MAX_SECRET_FILE = 4096
MAX_DATA_FILE = records.MAX_DOCUMENT_BYTES


def vault_options() -> argparse.ArgumentParser:
    """Options every vault-opening command takes (before or after the command name)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--vault", type=Path, help="vault folder (default: the per-user vault)")
    p.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the passphrase from the first line of FILE",
    )
    return p


def vault_path(args: argparse.Namespace) -> Path:
    return args.vault if args.vault is not None else vault.default_path()


def read_secret_file(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_SECRET_FILE + 1)
    except OSError as e:
        raise UsageError(f"cannot read passphrase file {path}: {e.strerror}") from None
    if len(data) > MAX_SECRET_FILE:
        raise UsageError(f"passphrase file {path} is too large")
    line = data.split(b"\n", 1)[0].rstrip(b"\r")
    if not line:
        raise UsageError(f"passphrase file {path} has an empty first line")
    return line


def ask_secret(prompt: str, file: Path | None, *, confirm: bool = False) -> bytes:
    if file is not None:
        return read_secret_file(file)
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the passphrase: use --passphrase-file FILE")
    first = getpass.getpass(prompt).encode("utf-8")
    if confirm and getpass.getpass("Repeat: ").encode("utf-8") != first:
        raise UsageError("the two passphrases differ")
    if not first:
        raise UsageError("the passphrase is empty")
    return first


def ask_new_passphrase(file: Path | None, words: Sequence[str] = ()) -> bytes:
    """A new vault passphrase (typed twice, or the file's first line), refused as the app's
    set-up refuses it: under ``passphrase.MIN_CHARS`` characters or rated below Good by zxcvbn
    (``words``, the interviewer's name and organisation, count as guessable)."""
    new = ask_secret("New passphrase: ", file, confirm=True)
    text = new.decode("utf-8", errors="replace")
    if len(text) < passphrase.MIN_CHARS:
        raise UsageError(f"the passphrase needs at least {passphrase.MIN_CHARS} characters")
    strength = passphrase.estimate(text, words)
    if not strength.acceptable:
        why = " ".join(t for t in (strength.warning, *strength.suggestions) if t)
        raise UsageError(
            f"the passphrase is too easy to guess (rated {strength.score} of 4, at least"
            f" {passphrase.MIN_SCORE} needed){': ' + why if why else ''}"
        )
    return new


ATTEMPTS = 3  # at a terminal; a passphrase file gets one


def unlock(args: argparse.Namespace) -> vault.Vault:
    path = vault_path(args)
    if not vault.exists(path):
        raise UsageError(f"no vault at {path} (create one with `intake init`)")
    return open_with_retries(path, args.passphrase_file, "Passphrase: ")


def open_with_retries(path: Path, passphrase_file: Path | None, prompt: str) -> vault.Vault:
    """Unlock, waiting longer after each wrong passphrase (1 s, 2 s, 4 s … as the app does);
    a terminal gets three tries, a passphrase file one (then exit 3, after the wait)."""
    failures = 0
    while True:
        try:
            return vault.Vault.open(path, ask_secret(prompt, passphrase_file))
        except WrongPassphrase:
            failures += 1
            time.sleep(vault.failure_delay_ms(failures) / 1000)
            if passphrase_file is not None or failures >= ATTEMPTS:
                raise
            print("wrong passphrase, try again", file=sys.stderr)


def read_json_file(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_DATA_FILE:
            raise UsageError(f"{path.name} is larger than {MAX_DATA_FILE // 2**20} MiB")
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path.name} is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as e:
        msg = f"line {e.lineno}: {e.msg}" if isinstance(e, json.JSONDecodeError) else "too deep"
        raise UsageError(f"{path.name} is not valid JSON ({msg})") from None


def count(text: str) -> int:
    """A whole number of at least 0 (for argparse)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    return int(text)


def emit_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- commands -------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    path = vault_path(args)
    if vault.exists(path):
        raise UsageError(f"a vault already exists at {path}")
    secret = ask_new_passphrase(args.passphrase_file, [args.name, args.org or ""])
    print("Calibrating the key derivation (about a second)…", file=sys.stderr)
    with vault.Vault.create(path, secret, name=args.name, org=args.org or "") as v:
        print(f"vault: {path}")
        print(f"signing fingerprint: {v.identity.fingerprint}")
    return 0


def cmd_identity(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        name, org = v.owner
        print(f"name: {name}")
        if org:
            print(f"organisation: {org}")
        print(f"fingerprint: {v.identity.fingerprint}")
        sys.stdout.write(v.identity.cert_pem().decode("ascii"))
    return 0


def cmd_record_new(args: argparse.Namespace) -> int:
    doc = read_json_file(args.data) if args.data else None
    with unlock(args) as v:
        print(records.create(v, args.form, doc, args.version))
    return 0


def cmd_record_edit(args: argparse.Namespace) -> int:
    doc = read_json_file(args.data)
    with unlock(args) as v:
        records.save_draft(v, args.record_id, doc)
    return 0


def cmd_record_show(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        rec = records.get(v, args.record_id)
        doc = records.document(v, rec.id, args.version)
        if args.json:
            emit_json(doc)
            return 0
        print(
            f"record: {rec.id}\nreference: {rec.reference}\nform: {rec.form_id} v{rec.form_version}"
        )
        print(f"status: {rec.status} (version {rec.version})\ninterviewee: {rec.pseudonym}")
        for sv in records.sealed_versions(v, rec.id):
            print(f"sealed v{sv.version} {sv.sealed_at} hash {sv.version_hash} by {sv.signer}")
        for att in attachments.for_record(v, rec.id):
            print(f"attachment {att.id} {att.size} bytes sha256 {att.sha256} {att.media_type}")
        emit_json(doc)
    return 0


def cmd_record_seal(args: argparse.Namespace) -> int:
    from intake.cli.countersign import load_countersigner

    with unlock(args) as v:
        counter = load_countersigner(args)
        sv = records.seal_record(v, args.record_id, counter)
        print(f"sealed {sv.record_id} version {sv.version} hash {sv.version_hash}")
        if counter is not None:
            print(f"countersigned by {counter.fingerprint}")
    return 0


def cmd_record_correct(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        if args.to_version is not None:
            rec = records.get(v, args.record_id)
            _, steps = records.correction_mapping(v, rec.id, args.to_version)
            print(f"form {rec.form_id}: version {rec.form_version} -> {args.to_version}")
            for step in steps:
                print(f"  {step.line('en')}\n    {step.ko}")
            if args.show:
                return 0
        elif args.show:
            raise UsageError("--show needs --to-version")
        n = records.correct(v, args.record_id, args.to_version, reason=args.reason or "")
        print(f"draft of version {n} opened for {records.resolve(v, args.record_id)}")
    return 0


def cmd_record_discard(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UsageError("discarding a draft cannot be undone: add --yes")
    with unlock(args) as v:
        rid = records.resolve(v, args.record_id)
        what = records.discard_draft(v, rid)
        kept = " (the sealed version stays)" if what == "correction" else ""
        print(f"draft of {rid} discarded{kept}")
    return 0


def cmd_record_list(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        rows = listing.list_records(v, Filters(status=args.status))
        who = pins.interviewers(v, (r.id for r in rows))
        if args.json:
            emit_json([{**r.to_json(), "interviewer": who[r.id].to_json() if r.id in who
                        else None} for r in rows])
            return 0
        received = acts.holds_received(v)
        for r in rows:
            print(
                f"{r.id}  {r.status:<9} v{r.version}  {r.reference:<16} {r.pseudonym:<10}"
                f" {r.interview_date[:10]:<10} incidents {r.incident_count}"
                + (f"  interviewer: {who[r.id].text()}" if received and r.id in who else "")
            )
    return 0


def cmd_record_validate(args: argparse.Namespace) -> int:
    doc = read_json_file(args.file)
    form = forms.load_form(args.form, args.version)
    problems = form.validate(doc, for_seal=not args.draft)
    for p in problems:
        print(f"{p.path}: {p.en}")
    return 1 if problems else 0


def cmd_search(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        results = listing.find(v, args.query, args.limit, args.offset)
        if args.json:
            emit_json([{"record": r.record.to_json(), "snippet": r.snippet} for r in results])
            return 0
        for r in results:
            print(f"{r.record.id}  {r.record.reference}  {r.snippet}")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        att = attachments.add(v, args.record_id, args.file, note=args.note or "", kind=args.kind)
        print(att.id)
    return 0


def cmd_attachment_kind(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        att = attachments.set_kind(v, args.attachment_id, args.kind)
    print(f"{att.id}\t{att.kind}")
    return 0


def cmd_attachment_extract(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        attachments.extract(v, args.attachment_id, args.out)
    print(f"written (unencrypted): {args.out}", file=sys.stderr)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    if args.checkpoint:
        with unlock(args) as v:
            cp = history.issue(v)
        print(cp.code)
        print(
            f"checkpoint {cp.counter} of the audit log, signed. Send this code by another"
            f" channel; `intake check --against {cp.code}` proves the vault still extends it.",
            file=sys.stderr,
        )
        return 0
    with unlock(args) as v, v.transaction() as c:
        log = audit.entries(c)
    if args.json:
        emit_json([e.to_json() for e in log])
        return 0
    for e in log:
        detail = " ".join(f"{k}={val}" for k, val in e.detail.items())
        print(f"{e.seq:>6} {e.at} {e.action:<22} {e.object} {detail}".rstrip())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    if args.against is not None:
        try:
            history.parse_code(args.against)
        except ValueError as e:
            raise UsageError(str(e)) from None
    with unlock(args) as v:
        problems = check.check_vault(v, against=args.against)
    if problems:
        raise CheckFailed("\n".join(problems), problems)
    print("ok: every hash, signature and chain holds")
    if args.against is not None:
        print(f"ok: the vault still extends checkpoint {args.against.strip()}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    path = vault_path(args)
    old = ask_secret("Current passphrase: ", args.passphrase_file)
    with vault.Vault.open(path, old) as v:
        new = ask_new_passphrase(args.new_passphrase_file, v.owner)
        if not args.rotate:
            v.change_passphrase(old, new)
            print(
                "passphrase changed (quick re-wrap: the vault key is the same, so a copy of the"
                " old vault.key still opens the vault with the old passphrase;"
                " `intake passwd --rotate` ends that)"
            )
            return 0
        shown = [-1]

        def progress(done: int, total: int) -> None:
            tenth = done * 10 // max(total, 1)
            if tenth != shown[0]:
                shown[0] = tenth
                print(f"re-encrypting: {tenth * 10}%", file=sys.stderr)

        print("Calibrating the key derivation (about a second)…", file=sys.stderr)
        rotate.rotate(v, old, new, progress=progress)  # Ctrl+C cancels: nothing changes
    print(
        "vault key rotated: the database and every attachment are re-encrypted under a new key;"
        " old copies of vault.key and the old passphrase open nothing"
    )
    return 0


def cmd_maintain(args: argparse.Namespace) -> int:
    """What the app does when it is quiet, run to its end: the search index's merging and,
    when one is due, a tidy of the indexes (intake/capture/tidy.py), one step at a time."""
    with unlock(args) as v:
        steps = 0
        try:
            while records.maintain(v):
                steps += 1
                if steps % 100 == 0:
                    print(f"maintaining: {steps} steps", file=sys.stderr)
        except KeyboardInterrupt:
            print(
                f"stopped after {steps} steps, each one whole: `intake maintain` goes on from"
                " there",
                file=sys.stderr,
            )
            return 130
    print(f"maintained: {steps} steps; nothing is left to merge or tidy")
    return 0


def cmd_wipe(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UsageError("wipe destroys the vault for good: confirm with --yes")
    path = vault_path(args)
    vault.wipe(path)
    print(f"wiped: {path}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    common = vault_options()

    def add(parent: Any, name: str, func: Any, help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help)
        p.set_defaults(func=func)
        return p

    p = add(sub, "init", cmd_init, "create a vault and a signing identity")
    p.add_argument("--name", required=True)
    p.add_argument("--org")
    add(sub, "identity", cmd_identity, "show the signing fingerprint and certificate")

    rec = sub.add_parser("record", help="create, edit, show, seal and correct records")
    rsub = rec.add_subparsers(dest="record_command", required=True, metavar="ACTION")
    p = add(rsub, "new", cmd_record_new, "create a record; prints its id")
    p.add_argument("--form", required=True)
    p.add_argument("--version", type=int, help="form version (default: the latest)")
    p.add_argument("--data", type=Path)
    p = add(rsub, "edit", cmd_record_edit, "replace a draft's document")
    p.add_argument("record_id")
    p.add_argument("--data", type=Path, required=True)
    p = add(rsub, "show", cmd_record_show, "show a record")
    p.add_argument("record_id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--version", type=int)
    p = add(rsub, "seal", cmd_record_seal, "seal and sign the draft")
    p.add_argument("record_id")
    from intake.cli.countersign import countersign_options

    countersign_options(p)
    p = add(rsub, "correct", cmd_record_correct, "open a draft of the next version")
    p.add_argument("record_id")
    p.add_argument(
        "--to-version",
        type=int,
        help="move the correction to this later form version; prints the mapping first",
    )
    p.add_argument("--show", action="store_true", help="only print the mapping, change nothing")
    p.add_argument("--reason", help="why the sealed version is corrected (custody log)")
    p = add(rsub, "discard", cmd_record_discard, "throw an open draft away (logged, not kept)")
    p.add_argument("record_id")
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(rsub, "list", cmd_record_list, "list records")
    p.add_argument("--json", action="store_true")
    p.add_argument("--status", choices=["draft", "sealed", "withdrawn"])
    p = rsub.add_parser("validate", help="check a record document against its form")
    p.set_defaults(func=cmd_record_validate)
    p.add_argument("file", type=Path)
    p.add_argument("--form", required=True)
    p.add_argument("--version", type=int)
    p.add_argument("--draft", action="store_true", help="skip the required-for-sealing checks")

    p = add(sub, "search", cmd_search, "full-text search")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=count, default=listing.SEARCH_PAGE, help="hits per page")
    p.add_argument("--offset", type=count, default=0, help="hits to skip (the next page)")
    p = add(sub, "attach", cmd_attach, "add a file to a record; prints the attachment id")
    p.add_argument("record_id")
    p.add_argument("file", type=Path)
    p.add_argument("--note")
    p.add_argument(
        "--kind",
        choices=attachments.KINDS,
        help="what the file is (default: guessed from its type); the form's permission for"
        " this kind decides whether it may be exported",
    )
    att = sub.add_parser("attachment", help="attachment actions")
    asub = att.add_subparsers(dest="attachment_command", required=True, metavar="ACTION")
    p = add(asub, "kind", cmd_attachment_kind, "change what an attachment is (its kind)")
    p.add_argument("attachment_id")
    p.add_argument("kind", choices=attachments.KINDS)
    p = add(asub, "extract", cmd_attachment_extract, "write an attachment, unencrypted, to FILE")
    p.add_argument("attachment_id")
    p.add_argument("--out", type=Path, required=True)
    p = add(sub, "audit", cmd_audit, "show the audit log")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--checkpoint",
        action="store_true",
        help="sign the log's head now and print its code (COUNTER-HEX) to send elsewhere",
    )
    p = add(sub, "check", cmd_check, "verify every hash, signature and chain (exit 1 on failure)")
    p.add_argument(
        "--against",
        metavar="CODE",
        help="also prove the log still extends this checkpoint code (intake audit --checkpoint)",
    )
    p = add(sub, "passwd", cmd_passwd, "change the passphrase (--rotate: and the vault key)")
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE")
    p.add_argument(
        "--rotate",
        action="store_true",
        help="new vault key, everything re-encrypted (old key files stop working)",
    )
    add(
        sub, "maintain", cmd_maintain,
        "merge the search index and tidy the indexes now (the app does it when idle)",
    )
    p = add(sub, "wipe", cmd_wipe, "destroy the vault")
    p.add_argument("--yes", action="store_true")
