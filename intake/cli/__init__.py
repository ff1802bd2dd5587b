"""The `intake` command line. Every command calls the same core functions as the app.

Exit codes: 0 success, 1 a check failed, 2 bad usage or input, 3 wrong
passphrase or identity. Errors are one line on stderr naming what was wrong,
never testimony text. Passphrases come from the terminal (no echo) or from
``--passphrase-file``; never from an argument or the environment.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from crypto.errors import CryptoError, IntegrityError, WrongIdentity, WrongPassphrase
from forms.errors import FormError
from intake import __version__, files, platform
from intake.errors import CODES, IntakeError, ValidationFailed, code_of

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PASSPHRASE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
#: The exit code of every error code (intake.errors.CODES): bad usage or input unless listed.
EXIT_CODES: dict[str, int] = {
    **dict.fromkeys(CODES, EXIT_USAGE),
    **dict.fromkeys(
        ("record.invalid", "check.failed", "export.consent_refused", "export.protected_text",
         "countersign.required", "integrity", "signature"),
        EXIT_FAILED,
    ),  # fmt: skip
    **dict.fromkeys(("wrong_passphrase", "wrong_identity", "countersign.not_supervisor"),
                    EXIT_PASSPHRASE),  # fmt: skip
    "interrupted": EXIT_INTERRUPTED,
}
PLUGIN_GROUP = "testimony_intake.commands"
Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def build_parser(commands: Sequence[Register] = ()) -> argparse.ArgumentParser:
    """``commands`` adds plugins by hand: a frozen build has no entry points to find them."""
    from intake.cli import archive, audio, countersign, forms, handover, recovery, vault

    parser = argparse.ArgumentParser(
        prog="intake", description="Offline, encrypted intake of human-rights testimony."
    )
    parser.add_argument("--version", action="version", version=f"intake {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    vault.register(sub)
    archive.register(sub)
    handover.register(sub)
    forms.register(sub)
    recovery.register(sub)
    audio.register(sub)
    countersign.register(sub)
    for register in commands:
        register(sub)
    for ep in entry_points(group=PLUGIN_GROUP):  # e.g. `gui`, registered by the ui package
        if ep.name not in sub.choices:
            ep.load()(sub)
    return parser


def main(argv: Sequence[str] | None = None, commands: Sequence[Register] = ()) -> int:
    platform.harden_process()  # no core file of a process that holds the vault key
    files.private_umask()
    parser = build_parser(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (IntakeError, CryptoError, FormError, OSError, KeyboardInterrupt) as e:
        if isinstance(e, ValidationFailed):
            for p in e.problems:
                print(f"{p.path}: {p.en} / {p.ko}", file=sys.stderr)
        print(f"error: {_one_line(e)}", file=sys.stderr)
        return EXIT_CODES[code_of(e)]


def _one_line(e: BaseException) -> str:
    """The error's English line (the GUI shows a translated message keyed on the same code)."""
    if isinstance(e, OSError):  # a full disk, a folder that went away: one line, no traceback
        where = f" ({e.filename})" if e.filename else ""
        return f"{e.strerror or type(e).__name__}{where}"
    if isinstance(e, WrongPassphrase | WrongIdentity):
        return str(e) or "wrong passphrase"
    if isinstance(e, IntegrityError):
        return f"integrity check failed: {e}"
    if isinstance(e, KeyboardInterrupt):
        return "interrupted"
    return str(e)

if __name__ == "__main__":
    sys.exit(main())
