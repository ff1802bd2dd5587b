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

from crypto.errors import (
    CryptoError,
    FormatError,
    IntegrityError,
    WrongIdentity,
    WrongPassphrase,
)
from intake import __version__, files, platform
from intake.errors import IntakeError, ValidationFailed

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PASSPHRASE = 0, 1, 2, 3
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
    except ValidationFailed as e:
        for p in e.problems:
            print(f"{p.path}: {p.en} / {p.ko}", file=sys.stderr)
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    except IntakeError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except (WrongPassphrase, WrongIdentity) as e:
        print(f"error: {e or 'wrong passphrase'}", file=sys.stderr)
        return EXIT_PASSPHRASE
    except IntegrityError as e:
        print(f"error: integrity check failed: {e}", file=sys.stderr)
        return EXIT_FAILED
    except (FormatError, CryptoError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:  # a full disk, a folder that went away: one line, no traceback
        where = f" ({e.filename})" if e.filename else ""
        print(f"error: {e.strerror or type(e).__name__}{where}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
