"""The custody trail: which bundles brought each record, when, from whom, and the audit entries
that go with them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from intake.capture import records
from intake.errors import NotFound
from intake.vault import Vault, audit


@dataclass(frozen=True)
class ReceivedBundle:
    bundle_id: str
    exporter_fingerprint: str
    exporter_name: str
    exporter_organisation: str
    created_at: str
    imported_at: str
    files: dict[str, dict[str, Any]]  # path -> manifest file entry
    custody: list[audit.Entry]  # audit rows the bundle carried


def received_bundle(vault: Vault, bundle_id: str) -> ReceivedBundle:
    rows = vault.query(
        "SELECT bundle_id, exporter_fingerprint, created_at, imported_at, manifest"
        " FROM received_bundles WHERE bundle_id = ?", (bundle_id,))
    if not rows:
        raise NotFound(f"no received bundle {bundle_id}", detail=bundle_id[:80])
    bid, fp, created, imported, stored = rows[0]
    manifest: dict[str, Any] = {}
    custody: list[audit.Entry] = []
    try:  # stored by intake.archive.receive after verification; read defensively all the same
        outer = json.loads(stored)
        manifest = json.loads(outer["manifest"])
        for r in outer.get("audit", []):
            custody.append(audit.Entry(int(r["seq"]), str(r["at"]), str(r["action"]),
                                       str(r["object"]), dict(r["detail"]), str(r["prev_hash"]),
                                       str(r["hash"])))
    except (ValueError, KeyError, TypeError, AttributeError):
        manifest = manifest if isinstance(manifest, dict) else {}
    exporter = manifest.get("exporter")
    exporter = exporter if isinstance(exporter, dict) else {}
    entries = manifest.get("files")
    entries = entries if isinstance(entries, list) else []
    return ReceivedBundle(
        str(bid), str(fp), str(exporter.get("name", "")), str(exporter.get("organisation", "")),
        str(created), str(imported),
        {str(e["path"]): e for e in entries if isinstance(e, dict) and "path" in e},
        custody,
    )


@dataclass(frozen=True)
class Provenance:
    """Which bundle brought which version of a record."""

    bundle: ReceivedBundle
    versions: list[int]


def provenance(vault: Vault, record_id: str) -> list[Provenance]:
    rid = records.resolve(vault, record_id)
    rows = vault.query(
        "SELECT p.bundle_id, group_concat(p.version) FROM provenance p"
        " JOIN received_bundles b ON b.bundle_id = p.bundle_id"
        " WHERE p.record_id = ? GROUP BY p.bundle_id ORDER BY min(b.imported_at), p.bundle_id",
        (rid,))
    return [
        Provenance(received_bundle(vault, str(bid)),
                   sorted(int(v) for v in str(versions).split(",")))
        for bid, versions in rows
    ]


def custody(vault: Vault, record_id: str) -> list[audit.Entry]:
    """The custody entries of a record: those its bundles carried, then this vault's own."""
    rid = records.resolve(vault, record_id)
    original = rid.split("~fork~", 1)[0]
    seen: set[str] = set()
    out: list[audit.Entry] = []
    for p in provenance(vault, rid):
        for e in p.bundle.custody:
            concerns = e.object in (original, p.bundle.bundle_id) or original in e.detail.get(
                "records", [])
            if concerns and e.hash not in seen:
                seen.add(e.hash)
                out.append(e)
    with vault.transaction() as c:
        own = audit.entries(c, rid)
    return out + own
