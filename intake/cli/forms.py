"""``intake forms ...``: list, print and check interview form definitions.

Exit codes: 0 ok, 1 the check found a problem, 2 bad input (unknown form or
version, unreadable file). Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import forms
from forms import FormError, UnknownFormError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``forms`` command group to the ``intake`` parser."""
    parser = subparsers.add_parser("forms", help="interview form definitions")
    sub = parser.add_subparsers(dest="forms_command", required=True, metavar="FORMS_COMMAND")

    listing = sub.add_parser("list", help="every form version: id, version, title (en/ko)")
    listing.set_defaults(func=list_command)

    schema = sub.add_parser("schema", help="the JSON Schema (draft 2020-12) of a form's records")
    schema.add_argument("form_id", metavar="FORM_ID")
    schema.add_argument("--version", type=int, default=None, help="form version (default: latest)")
    schema.add_argument(
        "--seal", action="store_true", help="the schema of a record complete enough to seal"
    )
    schema.set_defaults(func=schema_command)

    example = sub.add_parser("example", help="a complete, fictional, valid record document")
    example.add_argument("form_id", metavar="FORM_ID")
    example.add_argument("--version", type=int, default=None, help="form version (default: latest)")
    example.set_defaults(func=example_command)

    check = sub.add_parser("check", help="check a form definition file")
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(func=check_command)


def _print_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def list_command(args: argparse.Namespace) -> int:
    try:
        found = forms.list_forms()
    except FormError as error:
        _error(str(error))
        return EXIT_FAILED
    for form in found:
        note = f"\t(superseded by v{form.superseded_by})" if form.superseded_by else ""
        print(f"{form.id}\t{form.version}\t{form.title['en']} / {form.title['ko']}{note}")
    return EXIT_OK


def _load(args: argparse.Namespace) -> forms.Form | None:
    try:
        return forms.load_form(args.form_id, args.version)
    except UnknownFormError as error:
        _error(error.reason)
    except FormError as error:
        _error(str(error))
    return None


def schema_command(args: argparse.Namespace) -> int:
    form = _load(args)
    if form is None:
        return EXIT_USAGE
    _print_json(form.json_schema(for_seal=args.seal))
    return EXIT_OK


def example_command(args: argparse.Namespace) -> int:
    form = _load(args)
    if form is None:
        return EXIT_USAGE
    _print_json(form.example())
    return EXIT_OK


def check_command(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        _error(f"{path}: no such file")
        return EXIT_USAGE
    try:
        form = forms.load_form_file(path)
    except FormError as error:
        print(str(error), file=sys.stderr)
        return EXIT_FAILED
    count = sum(1 for _ in form.all_fields())
    print(f"{path}: ok: form {form.id} version {form.version}, {count} fields")
    return EXIT_OK
