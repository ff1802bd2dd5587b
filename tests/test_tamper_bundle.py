"""Tampering with a handover bundle: every change is detected, none crashes the reader.

Three layers, each with seeded single-byte changes, truncations and extensions:
- the age file as it travels (header and encrypted payload);
- each file inside the bundle (record, schema, statement PDF, attachment, audit log,
  manifest, manifest signature, exporter certificate), re-zipped and re-encrypted with
  the stock `age` binary to the legal team's key, as someone holding that key could;
- the ZIP container itself (local headers, central directory), re-encrypted likewise.
Detected means verify raises a typed error or reports a problem. A changed ZIP whose
entries still have the same names and bytes (a timestamp, say) is counted as
"equivalent", never as detected. Every tenth inner change is also imported into an
archive: it must be refused and leave the archive as it was.

Default: 360 trials; ``pytest --long``: 3600.
"""

from __future__ import annotations

import random
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crypto.errors import CryptoError
from intake import check
from intake.archive import pins, receive, verify
from intake.errors import IntakeError
from intake.vault import Vault
from tests.conftest import PASSPHRASE, make_vault
from tests.test_bundle import age_decrypt, age_encrypt, entries, make_exported, rezip
from tests.test_tamper_vault import mutate

OUTER, INNER, CONTAINER = 100, 160, 100
LONG_FACTOR = 10


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("tamper-bundle")
    ex = make_exported(tmp)
    with Vault.open(ex["vault"], PASSPHRASE) as v:
        fingerprint = v.identity.fingerprint
    archive: Vault = make_vault(tmp / "archive", name="Legal Team")  # type: ignore[assignment]
    pins.trust(archive, fingerprint, "Interviewer One")
    archive.lock()
    ex["archive"] = tmp / "archive"
    ex["identity"] = ex["key"].read_text()
    ex["plain"] = age_decrypt(ex["bundle"], ex["key"])
    return ex


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.accepted: list[str] = []
        self.crashed: list[str] = []

    def outcome(self, path: Path, identity: str, what: str) -> bool:
        """True if the change was detected; records crashes and silent acceptance."""
        try:
            report = verify.verify(path, identity)
        except (IntakeError, CryptoError) as e:
            self.counts[f"error {type(e).__name__}"] += 1
            return True
        except Exception as e:  # a crash: any untyped error
            self.crashed.append(f"{what}: {type(e).__name__}: {e}")
            return True
        if report.problems:
            self.counts["report names a problem"] += 1
            return True
        return False


def archive_state(path: Path) -> tuple[int, int, int]:
    with Vault.open(path, PASSPHRASE) as v:
        counts = tuple(
            int(v.query(f"SELECT count(*) FROM {t}")[0][0])  # noqa: S608
            for t in ("records", "sealed_versions", "received_bundles")
        )
        assert check.check_vault(v) == []
    return counts  # type: ignore[return-value]


def try_import(ex: dict[str, Any], path: Path, tally: Tally, what: str) -> None:
    with Vault.open(ex["archive"], PASSPHRASE) as v:
        try:
            receive.import_bundle(v, path, ex["identity"], trust_new=True)
        except (IntakeError, CryptoError):
            tally.counts["import refused"] += 1
        except Exception as e:
            tally.crashed.append(f"import {what}: {type(e).__name__}: {e}")
        else:
            tally.accepted.append(f"import {what}")


def test_every_change_to_a_bundle_is_detected(
    exported: dict[str, Any],
    tmp_path: Path,
    request: pytest.FixtureRequest,
    record_property: object,
) -> None:
    factor = LONG_FACTOR if request.config.getoption("--long") else 1
    rnd = random.Random("tamper-bundle")
    ident, recipient = exported["identity"], exported["recipient"]
    original_age = exported["bundle"].read_bytes()
    plain: bytes = exported["plain"]
    names = list(entries(plain))
    before = archive_state(exported["archive"])
    tally = Tally()
    tried = detected = equivalent = 0
    target = tmp_path / "tampered.age"

    for _ in range(OUTER * factor):  # the age file as it travels
        what, data = mutate(original_age, rnd)
        target.write_bytes(data)
        tried += 1
        if tally.outcome(target, ident, f"age file {what}"):
            detected += 1
        else:
            tally.accepted.append(f"age file {what}")

    for i in range(INNER * factor):  # each file inside
        name = names[i % len(names)]
        what, changed = mutate(entries(plain)[name], rnd)
        zipped = rezip(plain, lambda n, d, name=name, changed=changed: changed if n == name else d)
        age_encrypt(zipped, recipient, target.with_suffix(".new"))
        target.with_suffix(".new").replace(target)
        tried += 1
        if tally.outcome(target, ident, f"{name} {what}"):
            detected += 1
        else:
            tally.accepted.append(f"{name} {what}")
        if i % 10 == 0:
            try_import(exported, target, tally, f"{name} {what}")

    original_entries = entries(plain)
    for _ in range(CONTAINER * factor):  # the ZIP structure
        what, zipped = mutate(plain, rnd)
        age_encrypt(zipped, recipient, target.with_suffix(".new"))
        target.with_suffix(".new").replace(target)
        tried += 1
        if tally.outcome(target, ident, f"zip {what}"):
            detected += 1
            continue
        try:
            same = entries(zipped) == original_entries
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            same = False
        if same:
            equivalent += 1  # only ZIP metadata changed: every entry's name and bytes intact
            tally.counts["equivalent " + what.split("@")[0].split("+")[0]] += 1
        else:
            tally.accepted.append(f"zip {what}")

    print(
        f"tamper[bundle]: {tried} tried, {detected} detected, {equivalent} equivalent"
        f" (ZIP metadata only), {len(tally.crashed)} crashed; {dict(tally.counts)}"
    )
    record_property("tampered_bundles_tried", tried)  # type: ignore[operator]
    record_property("tampered_bundles_detected", detected)  # type: ignore[operator]
    record_property("tampered_bundles_equivalent", equivalent)  # type: ignore[operator]
    assert tally.crashed == []
    assert tally.accepted == []
    assert detected + equivalent == tried
    assert tally.counts["import refused"] == INNER * factor // 10 + (INNER * factor % 10 > 0)
    assert archive_state(exported["archive"]) == before

    # the harness is sound: the untouched bundle verifies and imports
    assert verify.verify(exported["bundle"], ident).ok
    with Vault.open(exported["archive"], PASSPHRASE) as v:
        result = receive.import_bundle(v, exported["bundle"], ident, trust_new=True)
    assert result.new_records == [exported["rid"]]
