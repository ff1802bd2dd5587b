"""The handover bundle format: an age-encrypted ZIP with a signed manifest (see docs/bundle.md).

Layout inside the ZIP::

    manifest.json                     canonical JSON (RFC 8785): every other file, its SHA-256
    manifest.sig                      DER ECDSA-SHA256 of manifest.json by the exporter's key
    exporter.pem                      the exporter's certificate
    manifest.countersig               (version 2, when countersigned) the same by a supervisor
    countersigner.pem                 (version 2, when countersigned) the supervisor's certificate
    audit.json                        audit entries for these records + this export's custody entry
    records/<id>/record.json          every sealed version (SealedVersion.to_json), as exported
    records/<id>/schema.json          JSON Schema of the record's form version
    records/<id>/statement.pdf        PAdES-signed statement
    records/<id>/attachments/<attachment id>/<name>   the attachment bytes (STORED)

This module holds the format's names, limits and the checks every name and JSON file
read from a bundle goes through (everything read is hostile). The manifest and the
entry paths are :mod:`intake.handover.manifest`; writing is :mod:`intake.handover.pack`,
reading :mod:`intake.handover.unpack`.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

import rfc8785

from crypto import age
from crypto.errors import FormatError
from intake.errors import IntakeError, UsageError

FORMAT = "testimony-intake-bundle"
FORMAT_VERSION = 1
# 2: the manifest may name a countersigner, whose signature and certificate sit beside the
# exporter's (intake/capture/countersign.py). Written only for a countersigned bundle.
COUNTERSIGNED_VERSION = 2
# 3: every bundle carries the exporting vault's signed audit head (manifest "history") and
# history.json, the counter and head of each of that vault's checkpoints (intake/vault/history.py),
# so an archive can tell a history that forks from the one it holds. A countersignature is
# optional, as in 2. Versions 1 and 2 still verify and import (without a history).
HISTORY_VERSION = 3
FORMAT_VERSIONS = (FORMAT_VERSION, COUNTERSIGNED_VERSION, HISTORY_VERSION)
HISTORY = "history.json"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CERTIFICATE = "exporter.pem"
COUNTERSIGNATURE = "manifest.countersig"
COUNTERSIGNER = "countersigner.pem"
AUDIT = "audit.json"
CONTROL_FILES = (MANIFEST, SIGNATURE, CERTIFICATE)
COUNTERSIGN_FILES = (COUNTERSIGNATURE, COUNTERSIGNER)  # optional control files

# Limits on what a bundle may hold (decrypted). Generous for real interviews, fatal for bombs.
MAX_BUNDLE_BYTES = 64 * 1024**3
MAX_ENTRIES = 20_000
MAX_ENTRY_BYTES = 32 * 1024**3
MAX_JSON_BYTES = 64 * 1024**2
MAX_SMALL_BYTES = 256 * 1024  # manifest.sig, exporter.pem
MAX_JSON_DEPTH = 64
MAX_NAME_CHARS = 255
# What reading a damaged ZIP entry raises: a bad CRC, a corrupt deflate stream, a short entry.
DAMAGED_ENTRY = (zipfile.BadZipFile, zlib.error, EOFError)
MAX_RATIO = 100  # uncompressed / compressed, for deflated entries
_SAFE_PART = re.compile(r"^[A-Za-z0-9가-힣._-]{1,100}$")

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class BundleError(IntakeError):
    """Unreadable, not a bundle, or structurally unsafe: nothing in it is used (exit 2)."""

    code = "bundle.damaged"


# -- JSON -----------------------------------------------------------------------


def canonical(value: Any) -> bytes:
    return rfc8785.dumps(value)


def _depth(value: Any) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:
        node, d = todo.pop()
        deepest = max(deepest, d)
        if isinstance(node, dict):
            todo.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            todo.extend((v, d + 1) for v in node)
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def parse_json(untrusted: bytes, what: str, limit: int = MAX_JSON_BYTES) -> Any:
    """Parse untrusted JSON with a size cap, a depth cap and no duplicate keys; BundleError."""
    if len(untrusted) > limit:
        raise BundleError(f"{what}: larger than {limit} bytes")
    try:
        value = json.loads(untrusted.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise BundleError(f"{what}: not valid JSON ({type(e).__name__})") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BundleError(f"{what}: JSON nested deeper than {MAX_JSON_DEPTH}")
    return value


# -- names ----------------------------------------------------------------------


def safe_part(text: str, fallback: str) -> str:
    """One path component made of safe characters only (for ids and file names we write)."""
    cleaned = re.sub(r"[^A-Za-z0-9가-힣._-]+", "_", text).strip("._")[:100]
    return cleaned if cleaned and _SAFE_PART.match(cleaned) else fallback


def check_name(untrusted_name: str) -> None:
    """Raise BundleError unless the entry name is a plain relative path of safe components."""
    n = untrusted_name
    shown = n[:80].encode("unicode_escape").decode("ascii")
    if not n or len(n) > MAX_NAME_CHARS:
        raise BundleError(f"unsafe entry name {shown!r}: empty or too long")
    if n.startswith("/") or "\\" in n or re.match(r"^[A-Za-z]:", n) or "\x00" in n:
        raise BundleError(f"unsafe entry name {shown!r}: absolute path or backslash")
    parts = n.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise BundleError(f"unsafe entry name {shown!r}: '..', '.' or empty component")
    if not all(_SAFE_PART.match(p) for p in parts):
        raise BundleError(f"unsafe entry name {shown!r}: characters outside the bundle alphabet")


# -- where a record's files sit inside the ZIP ------------------------------------------

RECORDS = "records"
RECORD_JSON = "record.json"
SCHEMA_JSON = "schema.json"
STATEMENT_PDF = "statement.pdf"
ATTACHMENTS = "attachments"
PLAIN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def record_dir(record_id: str) -> str:
    """``records/<id>`` (the id as written: made of safe characters only)."""
    return f"{RECORDS}/{safe_part(record_id, 'record')}"


def record_json(record_id: str) -> str:
    return f"{record_dir(record_id)}/{RECORD_JSON}"


def schema_json(record_id: str) -> str:
    return f"{record_dir(record_id)}/{SCHEMA_JSON}"


def statement_pdf(record_id: str) -> str:
    return f"{record_dir(record_id)}/{STATEMENT_PDF}"


def attachment_path(record_id: str, attachment_id: str, name: str) -> str:
    """``records/<id>/attachments/<attachment id>/<name>``."""
    folder = f"{record_dir(record_id)}/{ATTACHMENTS}/{safe_part(attachment_id, 'id')}"
    return f"{folder}/{name}"


def record_file(name: str) -> str:
    """For ``records/<id>/<file>`` one of a record's own files (record.json, schema.json,
    statement.pdf), that file's name; else ""."""
    parts = name.split("/")
    if len(parts) == 3 and parts[0] == RECORDS and parts[2] in (
        RECORD_JSON, SCHEMA_JSON, STATEMENT_PDF
    ):
        return parts[2]
    return ""


def is_attachment(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 5 and parts[0] == RECORDS and parts[2] == ATTACHMENTS


def check_identity(identity_text: str, where: str = "the identity") -> None:
    """UsageError naming ``where`` (the identity file) unless age can use this identity: an
    age-keygen file, or an unencrypted ssh-ed25519 / ssh-rsa private key."""
    try:
        age.load_identity(identity_text)
    except FormatError as e:
        raise UsageError(f"{where} is not usable: {e}", code="identity.unusable") from None
