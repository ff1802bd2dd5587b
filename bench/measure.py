"""Timing, percentiles, child processes with their peak memory, and the external baselines."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from intake.vault import DB_FILE


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def percentile(values: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass
class Figure:
    """One row of the table. Times in seconds; ``ratio`` is value / baseline (same run)."""

    name: str
    value: float  # the median (or the one figure)
    unit: str = "s"
    p95: float | None = None
    baseline: str = ""
    baseline_value: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    runs: int = 0

    @property
    def ratio(self) -> float | None:
        if self.baseline_value is None or self.baseline_value <= 0:
            return None
        return self.value / self.baseline_value

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio"] = self.ratio
        return d


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"the baseline tool {name!r} is not installed")
    return path


def settle() -> None:
    """Write back what earlier runs left dirty in the page cache, so that each timed run
    starts with an idle disk (otherwise one 1 GiB write is paid for by the next run)."""
    sync = getattr(os, "sync", None)  # not on Windows
    if sync is not None:
        sync()


def evict(vault: Path) -> None:
    """Drop a vault database's pages from the OS page cache (its files only: vault.db and its
    WAL; Linux and other systems with ``posix_fadvise``)."""
    for name in (DB_FILE, DB_FILE + "-wal"):
        f = vault / name
        if f.is_file():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def run_tool(argv: list[str]) -> float:
    """Wall-clock seconds of an external command (its output discarded)."""
    settle()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def run_child(op: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run ``bench.child`` ``op`` in a fresh interpreter; its JSON result.

    Arguments (the bench passphrase and age identity among them) go through stdin, never
    argv. The result holds ``seconds`` of the operation and ``peak_rss`` in bytes.
    """
    settle()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.child", op],
        input=json.dumps(args).encode(),
        capture_output=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench child {op} failed:\n{proc.stderr.decode(errors='replace')}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result
