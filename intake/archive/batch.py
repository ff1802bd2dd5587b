"""Import many bundles, one outcome each (the CLI's and the Import tab's report), a damaged
bundle named as damaged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crypto import age
from crypto.errors import (
    Cancelled,
    CryptoError,
    IntegrityError,
    WrongIdentity,
)
from intake.archive.pins import PIN_PROBLEM, PIN_PROBLEM_IMPERSONATION
from intake.archive.receive import archive_view, import_bundle
from intake.archive.report import Report
from intake.archive.verify import verify
from intake.capture import countersign
from intake.errors import CheckFailed, IntakeError
from intake.vault import Vault

#: The checks an import report shows, in order; each problem of a report falls under one.
CHECKS = ("decrypt", "signature", "files", "versions", "schema", "statements", "custody")


_CHECK_MARKERS = (
    ("signature", ("manifest.sig", "exporter.pem", "manifest.json", "manifest.countersig",
                   "countersigner.pem")),
    ("schema", ("schema.json", "validate against")),
    ("statements", ("statement.pdf",)),
    ("custody", ("audit.json", "history.json")),
    ("versions", ("record.json",)),
)


@dataclass(frozen=True)
class Check:
    code: str  # one of CHECKS
    ok: bool
    problems: list[str]


def checks(problems: list[str], *, decrypted: bool = True, damaged: bool = False) -> list[Check]:
    """Sort a report's problems under the named checks (the rest: file hashes). A bundle
    file that is cut short or altered fails ``intact``, not ``decrypt`` (not a key problem)."""
    if damaged:
        return [Check("intact", False, [])]
    found: dict[str, list[str]] = {c: [] for c in CHECKS}
    for p in problems:
        code = next((c for c, marks in _CHECK_MARKERS if any(m in p for m in marks)), "files")
        if "SHA-256" in p or "size" in p or "listed" in p or "damaged" in p:
            code = "files"
        found[code].append(p)
    out = [Check("decrypt", decrypted, [])]
    if decrypted:
        out += [Check(c, not found[c], found[c]) for c in CHECKS[1:]]
    return out


@dataclass
class ImportOutcome:
    """What importing one bundle file did: a result, or why nothing was imported."""

    path: Path
    report: Any = None  # intake.archive.Report when the bundle could be decrypted
    result: Any = None  # intake.archive.ImportResult on success
    error: str = ""  # one line, empty on success
    exception: BaseException | None = None  # what stopped it (the GUI translates its code)
    decrypted: bool = False
    damaged: bool = False  # the bundle file is cut short or altered (not a wrong key)

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def checks(self) -> list[Check]:
        problems = list(self.report.problems) if self.report is not None else []
        return checks(problems, decrypted=self.decrypted, damaged=self.damaged)

    @property
    def needs_pin(self) -> bool:
        """Refused only because its signer is not pinned: the user may confirm the key."""
        r = self.report
        return (
            not self.ok and r is not None and r.archive_consulted and r.pinned_name is None
            and bool(r.problems)
            and all(p.startswith((PIN_PROBLEM, PIN_PROBLEM_IMPERSONATION)) for p in r.problems)
        )


def import_one(vault: Vault, path: Path, identity_text: str, *,
               progress: Callable[[int, int], None] | None = None,
               cancel: Callable[[], bool] | None = None,
               trust_new: bool = False) -> ImportOutcome:
    """Import one bundle; never raises for a bad bundle (the outcome says why). ``trust_new``:
    the user compared the signer's fingerprint out of band; pin it and import."""
    outcome = ImportOutcome(path)
    try:
        result = import_bundle(vault, path, identity_text, progress=progress,
                                       cancel=cancel, trust_new=trust_new)
        outcome.result, outcome.report, outcome.decrypted = result, result.report, True
    except CheckFailed as e:
        outcome.decrypted, outcome.exception = True, e
        outcome.error = str(e)
        try:  # the full report (signer, pin, history, counts) for the failed bundle
            trusted, held = archive_view(vault)
            outcome.report = verify(
                path, identity_text, trusted=trusted, held=held,
                require_countersignature=countersign.policy(vault).import_)
        except (IntakeError, CryptoError):
            outcome.report = Report(problems=list(e.problems))
    except WrongIdentity as e:
        outcome.error = "this archive's age key cannot open the bundle (sent to someone else?)"
        outcome.exception = e
    except (IntakeError, CryptoError) as e:
        outcome.error, outcome.exception = str(e) or type(e).__name__, e
        outcome.damaged = isinstance(e, IntegrityError) or age.DAMAGED in str(e)
    return outcome


def import_many(vault: Vault, paths: list[Path], identity_text: str, *,
                progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None,
                trust_new: bool = False) -> list[ImportOutcome]:
    """Import bundles one after another; each stands or falls alone. Progress counts bytes.
    Cancelled (between bundles or inside one, which then imports nothing): the outcomes so
    far, the cut one last, so the caller knows which bundles are in."""
    sizes = [p.stat().st_size if p.is_file() else 0 for p in paths]
    total, done = max(sum(sizes), 1), 0
    out = []
    for path, size in zip(paths, sizes, strict=True):
        if cancel is not None and cancel():
            break

        def step(d: int, _t: int, base: int = done, size: int = size) -> None:
            if progress is not None:
                progress(min(base + min(d, size), total), total)

        try:
            out.append(import_one(vault, path, identity_text, progress=step, cancel=cancel,
                                  trust_new=trust_new))
        except Cancelled as e:
            out.append(ImportOutcome(path, error="cancelled", exception=e))
            break
        done += size
        if progress is not None:
            progress(min(done, total), total)
    return out
