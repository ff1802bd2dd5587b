"""What verifying a bundle finds (:class:`Report`), the verified contents import works from
(:class:`Checked`), and the callback types of long work."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from intake.capture.seal import SealedVersion
from intake.handover.bundle import PLAIN_ID
from intake.handover.manifest import Manifest

Progress = Callable[[int, int], None]


Cancel = Callable[[], bool]


_HEX64 = re.compile(r"^[0-9a-f]{64}$")


_ID = PLAIN_ID


_BLOCK = 1024 * 1024


@dataclass
class RecordSummary:
    id: str
    reference: str
    profile: str
    versions: int
    attachments: int
    signers: list[str] = field(default_factory=list)  # seal signer fingerprint per version


@dataclass
class SealSigner:
    """A key that sealed versions in the bundle (the certificate's name is a claim, the
    fingerprint is what to compare out of band)."""

    fingerprint: str
    name: str
    versions: list[str]  # "<record id> v<n>"
    is_exporter: bool
    pinned_name: str | None


@dataclass
class Report:
    bundle_id: str = ""
    created_at: str = ""
    exporter_name: str = ""
    exporter_organisation: str = ""
    signer_fingerprint: str = ""
    pinned_name: str | None = None
    profile: str = ""
    recipients: list[dict[str, str]] = field(default_factory=list)
    records: list[RecordSummary] = field(default_factory=list)
    seal_signers: list[SealSigner] = field(default_factory=list)
    countersigner_fingerprint: str = ""  # the supervisor who countersigned the manifest
    countersigner_name: str = ""
    countersigner_pinned_name: str | None = None
    countersigned_versions: dict[str, list[str]] = field(default_factory=dict)  # fp -> versions
    archive_consulted: bool = False  # the signer was looked up in an archive's pinned keys
    impersonates: list[str] = field(default_factory=list)  # pinned "name (fp)" of the same name
    history_status: str = ""  # none, unchecked, first, extends, same, older, fork
    history: str = ""  # one line for people
    history_counter: int = 0
    files: int = 0
    attachments: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ok"] = self.ok
        return out


@dataclass
class Checked:
    """What verification parsed, for import to use."""

    manifest: Manifest
    versions: dict[str, list[SealedVersion]]
    record_docs: dict[str, dict[str, Any]]
    audit_rows: list[dict[str, Any]]
    statements: dict[str, tuple[bytes, int]] = field(default_factory=dict)  # id -> (PDF, pages)
    chain: dict[int, str] = field(default_factory=dict)  # the exporter's checkpoints (format 3)
