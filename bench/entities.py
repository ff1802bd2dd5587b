"""Merge proposals at scale (issue 22): ``entities.proposals`` for 300 and 3,000 free-text
spellings of facilities and of units (tests/spellings_data.py, seeded), in CPU time (the
machine is shared), against the straightforward all-pairs comparison in the same run (every
spelling against every other name with ``likeness``). The all-pairs reference at 3,000 takes
minutes: quick mode estimates it from its time at 300 times the ratio of the pairs compared
(about 100x); ``--full`` measures it. A vault with no merges, acts made from the spellings.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import Figure, median
from intake.archive import entities
from intake.archive.acts import Act
from intake.vault import Vault
from tests.conftest import make_vault
from tests.spellings_data import acts, all_pairs, spellings

SIZES = (300, 3000)
TARGET = 2.0  # CPU seconds at 3,000 spellings
REPEATS = 3


def _cpu(fn: Callable[[Vault, str, list[Act]], object], *args: Any) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def rows(full: bool) -> list[Figure]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        vault = make_vault(Path(tmp) / "archive")
        assert isinstance(vault, Vault)
        for kind in entities.KINDS:
            reference: dict[int, float] = {}
            for n in SIZES:
                every = acts(kind, spellings(kind, n))
                times = [_cpu(entities.proposals, vault, kind, every)
                         for _ in range(REPEATS)]
                if n == SIZES[0] or full:
                    reference[n] = _cpu(all_pairs, vault, kind, every)
                    how = "all pairs"
                else:
                    reference[n] = reference[SIZES[0]] * (n / SIZES[0]) ** 2
                    how = "all pairs (estimated n^2)"
                big = n == SIZES[-1]
                out.append(Figure(
                    f"merge proposals, {n:,} {kind} spellings (CPU)", median(times),
                    baseline=how, baseline_value=reference[n],
                    target="< 2 s CPU at 3,000" if big else "", met=median(times) < TARGET
                    if big else None, runs=REPEATS,
                    note=f"{len(entities.proposals(vault, kind, every)):,} proposals"))
        vault.lock()
    return out
