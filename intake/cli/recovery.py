"""Recovery commands: `recovery create` (new shares) and `recover` (shares -> new passphrase).

On a terminal the shares are shown one at a time, each confirmed by typing two of its
words, and the screen is cleared before the next. When standard input is not a terminal
(scripts, tests) every share is printed, one a line. Shares are read without echo, or one
a line from ``--shares-file``; they are never written anywhere by the program.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from crypto import shares
from intake.cli.vault import ask_new_passphrase, unlock, vault_options, vault_path
from intake.errors import UsageError
from intake.vault import recovery

MAX_SHARES_FILE = 64 * 1024
CLEAR = "\033[2J\033[H"


def _show_on_terminal(new: recovery.NewSet) -> None:
    words_per_share = len(new.words[0].split())
    positions = recovery.confirm_positions(new.count, words_per_share)
    for i, (share, pos) in enumerate(zip(new.words, positions, strict=True), start=1):
        words = share.split()
        print(CLEAR, end="")
        print(f"Recovery share {i} of {new.count} (any {new.threshold} open the vault).")
        print("Write it down on paper for its holder; never photograph or type it elsewhere.\n")
        for row in range(0, len(words), 5):
            print(
                "  "
                + "  ".join(
                    f"{n + 1:>2}. {w:<10}" for n, w in enumerate(words) if row <= n < row + 5
                )
            )
        print()
        while True:
            typed = [input(f"To confirm, type word {p + 1}: ") for p in pos]
            if recovery.check_confirmation(share, pos, typed):
                break
            print("That does not match the share: look again.")
    print(CLEAR, end="")


def cmd_recovery_create(args: argparse.Namespace) -> int:
    new = recovery.new_set(args.threshold, args.shares)
    with unlock(args) as v:
        if sys.stdin.isatty():
            _show_on_terminal(new)
        else:
            for share in new.words:
                print(share)
        recovery.activate(v, new)
    print(
        f"recovery set {new.info.set_id}: {new.count} shares, any {new.threshold} open the vault;"
        " earlier shares no longer do",
        file=sys.stderr,
    )
    return 0


def read_shares_file(path: Path) -> list[str]:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_SHARES_FILE + 1)
    except OSError as e:
        raise UsageError(f"cannot read shares file {path}: {e.strerror}") from None
    if len(data) > MAX_SHARES_FILE:
        raise UsageError(f"shares file {path} is too large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"shares file {path} is not UTF-8 text") from None
    return [line for line in text.splitlines() if line.strip()]


def _ask_shares() -> list[str]:
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the shares: use --shares-file FILE")
    got: list[str] = []
    needed = 0
    while not needed or len(got) < needed:
        text = getpass.getpass(f"Share {len(got) + 1} (words, not shown): ")
        try:
            share = shares.parse(text, len(got) + 1)
        except shares.ShareError as e:
            print(f"{e}; type it again", file=sys.stderr)
            continue
        needed = needed or share.member_threshold
        got.append(text)
        print(f"share {len(got)} of {needed} taken", file=sys.stderr)
    return got


def cmd_recover(args: argparse.Namespace) -> int:
    path = vault_path(args)
    given = read_shares_file(args.shares_file) if args.shares_file else _ask_shares()
    new = ask_new_passphrase(args.new_passphrase_file)
    print("Calibrating the key derivation (about a second)…", file=sys.stderr)
    with recovery.recover(path, given, new):
        pass
    print("recovered: the vault opens with the new passphrase")
    return 0


def register(sub: Any) -> None:
    common = vault_options()
    rec = sub.add_parser("recovery", help="recovery shares for a lost passphrase")
    rsub = rec.add_subparsers(dest="recovery_command", required=True, metavar="ACTION")
    p = rsub.add_parser(
        "create", parents=[common], help="make a new set of shares (earlier ones stop working)"
    )
    p.set_defaults(func=cmd_recovery_create)
    p.add_argument("--shares", type=int, default=shares.DEFAULT_SHARES, metavar="N")
    p.add_argument("--threshold", type=int, default=shares.DEFAULT_THRESHOLD, metavar="K")
    p = sub.add_parser(
        "recover", parents=[common], help="open the vault with shares and set a new passphrase"
    )
    p.set_defaults(func=cmd_recover)
    p.add_argument("--shares-file", type=Path, metavar="FILE", help="one share a line")
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE")
