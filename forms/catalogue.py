"""The forms shipped under ``forms/definitions``: one file per version,
named ``<form id>.v<version>.yaml``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from forms.errors import FormError, UnknownFormError
from forms.form import Form
from forms.loader import load_form_file

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
_FILE_RE = re.compile(r"^(?P<id>[a-z][a-z0-9-]{0,62})\.v(?P<version>[0-9]{1,5})\.yaml$")


def _definition_files(directory: Path) -> dict[tuple[str, int], Path]:
    return _shipped() if directory == DEFINITIONS_DIR else _scan(directory)


@cache
def _shipped() -> dict[tuple[str, int], Path]:
    """The shipped files, listed once: a record's form is looked up for every row shown."""
    return _scan(DEFINITIONS_DIR)


def _scan(directory: Path) -> dict[tuple[str, int], Path]:
    found: dict[tuple[str, int], Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        match = _FILE_RE.match(path.name)
        if match is None:
            raise FormError(path, 1, "a form file must be named <form id>.v<version>.yaml")
        found[(match["id"], int(match["version"]))] = path
    return found


@cache
def _load(path: Path) -> Form:
    form = load_form_file(path)
    expected = f"{form.id}.v{form.version}.yaml"
    if path.name != expected:
        raise FormError(path, 1, f"form '{form.id}' version {form.version} must be in {expected}")
    return form


def list_forms(directory: Path | None = None) -> list[Form]:
    """Every form version shipped (or found in ``directory``), by id then version."""
    files = _definition_files(directory or DEFINITIONS_DIR)
    return [_load(files[key]) for key in sorted(files)]


def load_form(form_id: str, version: int | None = None, *, directory: Path | None = None) -> Form:
    """A form version; the latest when ``version`` is None.

    Raises :class:`UnknownFormError` (a :class:`FormError` and :class:`KeyError`)
    when no such form or version is shipped.
    """
    base = directory or DEFINITIONS_DIR
    files = _definition_files(base)
    versions = sorted(v for (fid, v) in files if fid == form_id)
    if not versions:
        raise UnknownFormError(base, 1, f"no form with id {form_id!r}")
    chosen = versions[-1] if version is None else version
    if chosen not in versions:
        raise UnknownFormError(base, 1, f"form {form_id!r} has no version {version!r}")
    return _load(files[(form_id, chosen)])
