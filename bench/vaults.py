"""Vaults of N realistic records, built once and cached under bench/out/ by size.

Two worker processes generate the documents and seal them with the vault's identity
(``seal.seal``); this process writes them through the core's own row writers in batches
of 250 per transaction: exactly the rows ``records.create`` then ``records.seal_record``
write (the ``records`` row, the draft, the list columns, facets and search index through
``derived.derive``, the sealed version through ``records.insert_sealed``, the audit
entries). Only
the per-call validation is left out (every generated document is valid; ``check_corpus``
validates a sample). Nine records in ten are sealed, one in ten stays a draft.
Once 8/9 of the records are written the idle maintenance runs to its end (a tidy included,
intake/capture/tidy.py), then the rest are written: the vault as a real one is between two
tidies at its worst, 1/9 of it grown entry by entry since the last (the next tidy is due at 1/8).

The vault key is wrapped with cheap KDF parameters while building, then re-wrapped with
parameters calibrated on this machine, so opening a cached vault costs a real unlock.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import corpus
from bench.measure import evict, settle
from crypto import kdf
from crypto.sign import SigningIdentity
from intake.capture import derived, records, tidy
from intake.capture.seal import SealedVersion, seal
from intake.vault import Vault, audit, tallies

OUT = Path(__file__).resolve().parent / "out"
PASSPHRASE = "bench passphrase, not a secret 벤치마크".encode()
BUILD_VERSION = 8  # 2: migration 20 (one-page search leaves); 3: tidied at 8/9; 4: migration 22;
# 5: 16 KiB pages; 6: each record written at its own time; 7: a quarter of incidents dated
# to the day; 8: built again, since every run before wrote into the cached vaults (scratch)
BATCH = 250
WORKERS = 2  # processes preparing documents and seals while this one writes
DRAFT_EVERY = 10
START = datetime(2020, 1, 1, tzinfo=UTC)  # the first record's time
STEP = timedelta(minutes=10)  # 100,000 records: nearly two years


def record_id(index: int) -> str:
    return hashlib.sha256(f"bench-record-{index}".encode()).hexdigest()[:16]


def is_draft(index: int) -> bool:
    return index % DRAFT_EVERY == 0


def check_corpus(sample: int = 50) -> None:
    form = records.form_for(corpus.FORM_ID, corpus.FORM_VERSION)
    for i in range(sample):
        problems = form.validate(corpus.document(i), for_seal=True)
        if problems:
            raise SystemExit(f"bench corpus document {i} is invalid: {problems[:3]}")


_worker_identity: SigningIdentity | None = None


def _init_worker(key_pem: bytes, cert_pem: bytes) -> None:
    global _worker_identity
    _worker_identity = SigningIdentity.from_pem(key_pem, cert_pem)


def written_at(index: int) -> str:
    """When record ``index`` was written (created, and sealed unless a draft): each record at
    its own time, STEP after the one before, as a vault is filled interview by interview
    (records written in one second would come in the list's order by id, not by time)."""
    return (START + STEP * index).strftime("%Y-%m-%dT%H:%M:%SZ")


def _prepare(batch: tuple[int, int]) -> list[tuple[int, dict[str, Any], SealedVersion | None]]:
    """Documents and sealed versions of records first..last-1 (in a worker process)."""
    first, last = batch
    assert _worker_identity is not None
    form = records.form_for(corpus.FORM_ID, corpus.FORM_VERSION)
    out: list[tuple[int, dict[str, Any], SealedVersion | None]] = []
    for i in range(first, last):
        doc = corpus.document(i)
        sv = None
        if not is_draft(i):
            sv = seal(
                _worker_identity,
                record_id=record_id(i),
                version=1,
                form_id=form.id,
                form_version=form.version,
                doc=doc,
                protected_paths=form.protected_paths(doc),
                prev_version_hash=None,
                sealed_at=written_at(i),
            )
        out.append((i, doc, sv))
    return out


def _insert(vault: Vault, rows: list[tuple[int, dict[str, Any], SealedVersion | None]]) -> None:
    """One batch in one transaction (the list's tallies: rebuilt once after the last)."""
    form = records.form_for(corpus.FORM_ID, corpus.FORM_VERSION)
    with vault.transaction() as c:
        for i, doc, sv in rows:
            rid = record_id(i)
            now = written_at(i)
            c.execute(
                "INSERT INTO records (id, form_id, form_version, status, version, created_at,"
                " updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?)",
                (rid, form.id, form.version, now, now),
            )
            c.execute(
                "INSERT INTO drafts (record_id, version, doc, saved_at) VALUES (?, 1, ?, ?)",
                (rid, records._dumps(doc), now),
            )
            derived.derive(c, rid, form, doc)
            audit.append(c, "record created", rid, form=form.id, form_version=form.version)
            if sv is None:
                continue
            records.insert_sealed(c, sv)
            c.execute("DELETE FROM drafts WHERE record_id = ?", (rid,))
            c.execute(
                "UPDATE records SET status = 'sealed', updated_at = ? WHERE id = ?", (now, rid)
            )
            audit.append(c, "record sealed", rid, version=1, version_hash=sv.version_hash)


def path_for(n: int) -> Path:
    return OUT / f"vault-{n}"


@contextlib.contextmanager
def scratch(paths: dict[int, Path]) -> Iterator[dict[int, Path]]:
    """Copies of the cached vaults for the groups that write (autosave, seal, the editor's
    session), removed after: the cached ones stay as built, just short of their next tidy,
    for every run to measure the same vaults. (Written into, a 10,000-record vault took
    some 125 records a run and crossed its next tidy after a few runs; then its list was
    measured tidied and the 100,000-record one not.)"""
    copies = {n: OUT / f"scratch-{n}" for n in paths}
    try:
        for n, path in paths.items():
            shutil.rmtree(copies[n], ignore_errors=True)
            shutil.copytree(path, copies[n])
        settle()  # the copies written back before anything is timed,
        for copy in copies.values():  # and not read from memory: as cold as a vault just opened
            evict(copy)
        yield copies
    finally:
        for copy in copies.values():
            shutil.rmtree(copy, ignore_errors=True)


def _marker(path: Path) -> Path:
    return path / "bench-complete.json"


def open_records_vault(n: int, params: kdf.KdfParams) -> Path:
    """The path of a cached vault with ``n`` records, building it if needed."""
    path = path_for(n)
    marker = _marker(path)
    if marker.is_file() and json.loads(marker.read_text()).get("version") == BUILD_VERSION:
        return path
    if path.exists():
        shutil.rmtree(path)
    check_corpus()
    OUT.mkdir(exist_ok=True)
    vault = Vault.create(
        path,
        PASSPHRASE,
        name="Bench Interviewer",
        org="Bench NGO",
        params=kdf.insecure_test_params(),
        insecure_test_kdf=True,
    )
    identity = vault.identity
    batches = [(f, min(f + BATCH, n)) for f in range(0, n, BATCH)]
    # the vault as the idle tidy leaves it at its worst: the last records written since the
    # last tidy just short of the share that makes the next one due (tidy.SHARE)
    tidied = len(batches) - n // (tidy.SHARE + 1) // BATCH
    try:
        with multiprocessing.Pool(
            WORKERS, _init_worker, (identity.key_pem(), identity.cert_pem())
        ) as pool:
            for done, rows in enumerate(pool.imap(_prepare, batches), start=1):
                _insert(vault, rows)
                print(f"  building vault-{n}: {done * BATCH}/{n}", end="\r", file=sys.stderr)
                if done == tidied:  # the idle maintenance, a tidy included, then the rest
                    with vault.transaction() as c:
                        tallies.rebuild(c)
                    while records.maintain(vault):
                        pass
        print(file=sys.stderr)
        with vault.transaction() as c:  # the list's counts, once for the whole build
            tallies.rebuild(c)
        weak = params.memory_kib < kdf.MIN_MEMORY_KIB  # only in a dry run of the builder
        vault.change_passphrase(PASSPHRASE, PASSPHRASE, params, insecure_test_kdf=weak)
    finally:
        vault.lock()
    marker.write_text(json.dumps({"version": BUILD_VERSION, "records": n}))
    return path
