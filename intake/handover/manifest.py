"""The bundle's manifest (``manifest.json``) as one type.

Export builds a :class:`Manifest` and writes :meth:`Manifest.to_json`; verification reads one
with :meth:`Manifest.from_json`, which checks the structure of what it is handed (untrusted) and
raises BundleError for what cannot be read at all. What can be compared (hashes, signatures,
the record entries against ``record.json``) is compared by :mod:`intake.archive.checks`.
See docs/bundle.md for the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from intake.handover import bundle
from intake.handover.bundle import BundleError

# -- the manifest -------------------------------------------------------------------------


@dataclass(frozen=True)
class FileEntry:
    """One file the manifest lists (every entry but the control files)."""

    path: str
    sha256: str
    size: int
    media_type: str
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, untrusted: Any) -> FileEntry:
        if not isinstance(untrusted, dict):
            raise BundleError("manifest: a file entry is not an object")
        path, digest, size = untrusted.get("path"), untrusted.get("sha256"), untrusted.get("size")
        if not isinstance(path, str) or not isinstance(digest, str) or type(size) is not int:
            raise BundleError("manifest: a file entry lacks path, sha256 or size")
        bundle.check_name(path)
        return cls(
            path, digest, size, str(untrusted.get("media_type", "")), str(untrusted.get("kind", ""))
        )


@dataclass(frozen=True)
class Exporter:
    name: str
    organisation: str
    fingerprint: str
    certificate: str  # PEM, as the manifest carries it


@dataclass(frozen=True)
class RecordEntry:
    """A record as the manifest names it. ``versions`` and ``latest_version_hash`` are kept
    as read (untrusted): verification compares them with the record's sealed versions."""

    id: str
    reference: str
    profile: str
    versions: Any
    latest_version_hash: Any
    extra: dict[str, Any] = field(default_factory=dict)  # form, attachments, withheld, ...

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "profile": self.profile,
            "versions": self.versions,
            "latest_version_hash": self.latest_version_hash,
            **self.extra,
        }

    @classmethod
    def from_json(cls, untrusted: Any) -> RecordEntry:
        r = untrusted
        if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not bundle.PLAIN_ID.match(
            r["id"]
        ):
            raise BundleError("manifest: a record entry has no plain id")
        return cls(
            r["id"],
            str(r.get("reference", "")),
            str(r.get("profile", "")),
            r.get("versions"),
            r.get("latest_version_hash"),
        )


@dataclass(frozen=True)
class Manifest:
    """What a bundle holds (``manifest.json``); ``raw`` is the JSON it was read from."""

    format_version: int
    bundle_id: str
    created_at: str
    exporter: Exporter
    recipients: list[dict[str, str]]
    profile: str
    records: list[RecordEntry]
    files: list[FileEntry]
    history: Any = None  # the signed head (format 3), checked by intake.vault.history
    countersigner: Any = None  # (format 2 and 3) who countersigned, if anyone
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": bundle.FORMAT,
            "format_version": self.format_version,
            "bundle_id": self.bundle_id,
            "created_at": self.created_at,
            "exporter": {
                "name": self.exporter.name,
                "organisation": self.exporter.organisation,
                "fingerprint": self.exporter.fingerprint,
                "certificate": self.exporter.certificate,
            },
            "recipients": self.recipients,
            "profile": self.profile,
            "records": [r.to_json() for r in self.records],
            "files": [f.to_json() for f in self.files],
        }
        if self.history is not None:
            out["history"] = self.history
        if self.countersigner is not None:
            out["countersigner"] = self.countersigner
        return out

    def listed(self) -> dict[str, FileEntry]:
        """The files by path."""
        return {f.path: f for f in self.files}

    @classmethod
    def check_format(cls, untrusted: Any, where: str) -> dict[str, Any]:
        """``untrusted`` if it is a manifest of a version this program reads; BundleError."""
        if not isinstance(untrusted, dict) or untrusted.get("format") != bundle.FORMAT:
            raise BundleError(
                f"{where} is not a {bundle.FORMAT}", code="bundle.not_a_bundle", detail=where
            )
        if untrusted.get("format_version") not in bundle.FORMAT_VERSIONS:
            raise BundleError(
                f"bundle format version {untrusted.get('format_version')!r} is not supported",
                code="bundle.version",
                detail=where,
            )
        return untrusted

    @classmethod
    def from_json(cls, untrusted: dict[str, Any]) -> Manifest:
        """The manifest read from its (already format-checked) JSON; BundleError for a
        structure that cannot be used."""
        m = untrusted
        exporter = m.get("exporter")
        if not isinstance(exporter, dict):
            raise BundleError("manifest: exporter is missing")
        bundle_id = _text(m, "bundle_id", "bundle")
        created_at = _text(m, "created_at", "bundle")
        name = _text(exporter, "name", "exporter")
        if not bundle.PLAIN_ID.match(bundle_id):
            raise BundleError("manifest: bundle_id is not a plain id")
        recips = m.get("recipients")
        recipients = (
            [{k: str(v) for k, v in r.items()} for r in recips if isinstance(r, dict)]
            if isinstance(recips, list)
            else []
        )
        entries = m.get("files")
        if not isinstance(entries, list):
            raise BundleError("manifest: files is not a list")
        listed: dict[str, FileEntry] = {}
        for e in entries:
            f = FileEntry.from_json(e)
            if f.path in listed or f.path in bundle.CONTROL_FILES + bundle.COUNTERSIGN_FILES:
                raise BundleError(f"manifest: {f.path} is listed twice or is a control file")
            listed[f.path] = f
        records = m.get("records")
        if not isinstance(records, list) or not records:
            raise BundleError("manifest: records is missing or empty")
        fp = exporter.get("fingerprint")
        return cls(
            int(m["format_version"]),
            bundle_id,
            created_at,
            Exporter(
                name,
                str(exporter.get("organisation", "")),
                fp if isinstance(fp, str) else "",
                str(exporter.get("certificate", "")),
            ),
            recipients,
            str(m.get("profile", "")),
            [RecordEntry.from_json(r) for r in records],
            list(listed.values()),
            m.get("history"),
            m.get("countersigner"),
            m,
        )


def _text(d: dict[str, Any], key: str, what: str) -> str:
    v = d.get(key)
    if not isinstance(v, str):
        raise BundleError(f"manifest: {what} {key} is missing or not text")
    return v
