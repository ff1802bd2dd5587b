"""Second-person commands: supervisor keygen / add / show, policy set / show, and the
countersign options of `record seal` and `export`.

The supervisor's key file is read from a path they bring (``--countersign-key``); their
passphrase from the terminal or ``--countersign-passphrase-file``, never an argument.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crypto import kdf, sign, signkey
from crypto.sign import SigningIdentity
from intake import files
from intake.capture import countersign
from intake.cli.vault import ask_secret, emit_json, unlock, vault_options
from intake.errors import UsageError

CHOICES = {"required": True, "off": False}


def read_key_file(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read(signkey.MAX_BYTES + 1)
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    if len(data) > signkey.MAX_BYTES:
        raise UsageError(f"{path} is too large for a key or certificate file")
    return data


def countersign_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--countersign-key", type=Path, metavar="FILE", help="the supervisor's signing key file"
    )
    p.add_argument(
        "--countersign-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the supervisor's passphrase from the first line of FILE",
    )


def load_countersigner(args: argparse.Namespace) -> SigningIdentity | None:
    """The supervisor's identity from ``--countersign-key``, or None when not given."""
    if args.countersign_key is None:
        if args.countersign_passphrase_file is not None:
            raise UsageError("--countersign-passphrase-file needs --countersign-key FILE")
        return None
    data = read_key_file(args.countersign_key)
    secret = ask_secret("Supervisor's passphrase: ", args.countersign_passphrase_file)
    return signkey.unwrap(data, secret)


def cmd_supervisor_keygen(args: argparse.Namespace) -> int:
    out: Path = args.out
    cert_out = out.with_suffix(".pem")
    for target in (out, cert_out):
        if target.exists():
            raise UsageError(f"{target} already exists: refusing to overwrite it")
    passphrase = ask_secret("Supervisor's new passphrase: ", args.passphrase_file, confirm=True)
    print("Calibrating the key derivation (about a second)…", file=sys.stderr)
    identity = SigningIdentity.create(args.name, args.org)
    with files.atomic_writer(out) as f:  # created 0600
        f.write(signkey.wrap(identity, passphrase, kdf.calibrate()))
    with files.atomic_writer(cert_out) as f:
        f.write(identity.cert_pem())
    print(f"supervisor key: {out}\ncertificate: {cert_out}")
    print(f"fingerprint: {identity.fingerprint}")
    return 0


def cmd_supervisor_add(args: argparse.Namespace) -> int:
    pem = signkey.certificate(read_key_file(args.cert))
    with unlock(args) as v:
        fp = countersign.add_supervisor(v, pem, replace=args.replace)
    print(f"supervisor pinned: {fp}")
    return 0


def cmd_supervisor_show(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        cert = countersign.supervisor(v)
    if cert is None:
        print("no supervisor pinned")
        return 0
    print(f"supervisor: {countersign.common_name(cert)}\nfingerprint: {sign.fingerprint(cert)}")
    return 0


def cmd_policy_set(args: argparse.Namespace) -> int:
    changes = {
        action: CHOICES[value]
        for action, value in (
            ("seal", args.seal),
            ("handover", args.handover),
            ("import", args.import_),
        )
        if value is not None
    }
    if not changes:
        raise UsageError("say what to change: --seal, --handover or --import (required|off)")
    with unlock(args) as v:
        new = countersign.set_policy(v, **changes)
    _print_policy(new)
    return 0


def cmd_policy_show(args: argparse.Namespace) -> int:
    with unlock(args) as v:
        current = countersign.policy(v)
    if args.json:
        emit_json(current.to_json())
    else:
        _print_policy(current)
    return 0


def _print_policy(p: countersign.Policy) -> None:
    for action, needed in p.to_json().items():
        print(f"{action}: {'countersignature required' if needed else 'one signature'}")


def register(sub: Any) -> None:
    common = vault_options()
    sup = sub.add_parser("supervisor", help="the second person who countersigns")
    ssub = sup.add_subparsers(dest="supervisor_command", required=True, metavar="ACTION")
    p = ssub.add_parser(
        "keygen",
        help="create a supervisor's passphrase-protected key file (and FILE.pem, the certificate)",
    )
    p.set_defaults(func=cmd_supervisor_keygen)
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--name", required=True)
    p.add_argument("--org")
    p.add_argument("--passphrase-file", type=Path, metavar="FILE")
    p = ssub.add_parser("add", parents=[common], help="pin the supervisor's certificate")
    p.set_defaults(func=cmd_supervisor_add)
    p.add_argument("cert", type=Path, metavar="CERT", help="certificate (PEM) or key file")
    p.add_argument("--replace", action="store_true", help="replace a supervisor already pinned")
    p = ssub.add_parser("show", parents=[common], help="show the pinned supervisor")
    p.set_defaults(func=cmd_supervisor_show)

    pol = sub.add_parser("policy", help="which actions need a supervisor's countersignature")
    psub = pol.add_subparsers(dest="policy_command", required=True, metavar="ACTION")
    p = psub.add_parser("set", parents=[common], help="change the countersign policy")
    p.set_defaults(func=cmd_policy_set)
    for action, what in (
        ("seal", "sealing a record"),
        ("handover", "exporting a bundle"),
        ("import", "importing a bundle (an archive)"),
    ):
        p.add_argument(
            f"--{action}",
            dest=action.replace("import", "import_"),
            choices=list(CHOICES),
            help=f"countersignature for {what}",
        )
    p = psub.add_parser("show", parents=[common], help="show the countersign policy")
    p.set_defaults(func=cmd_policy_show)
    p.add_argument("--json", action="store_true")
