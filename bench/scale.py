"""The archive at scale (issue 22): the record list and search at 10,000 and 100,000 records,
from a cold cache and warm, and how they grow from one size to the next.

**Cold**: the vault's files are dropped from the OS page cache (``posix_fadvise`` DONTNEED on
``vault.db`` and its WAL, nothing else on the machine is touched) and the vault is opened
again (SQLCipher's page cache empty), then one query runs; every query of the set gets
COLD_REPEATS cold starts, the set run through that many times (with one each, a p95 of 12
or 13 times was their slowest, and a growth row the ratio of two slowest). **Warm**: the
same queries on one connection, once untimed (the cold runs leave the caches cold), then
three times timed; the baselines after them, the same way.

**Record list**: ``listing.count`` plus the first 100 rows of ``listing.list_records`` for
each combination of the filters the app offers (status, violation, province, incident
dates), common and rare. **Search**: ``listing.find``, a page of results with snippets.

**Baselines**, same vault, same run, warm: for the list, SQLite answering the same
question the plain way (``count(*)`` and ``ORDER BY ... LIMIT 100`` with the facets looked
up per row, as the list did before migration 14); for search, FTS5's own MATCH for the
same page of ids, without ranking or snippets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench import corpus, vaults
from bench.measure import Figure, evict, median, percentile, settle
from crypto import keys
from intake.capture import listing, search, tidy
from intake.capture.filters import Filters, where_clause
from intake.vault import KEY_FILE, Vault

TARGET = 0.020  # p95 at 100,000 records
GROWTH = 1.3  # p95 at 100,000 / p95 at 10,000
WARM_REPEATS = 3
COLD_REPEATS = 3

FILTERS = [
    Filters(),
    Filters(status="sealed"),
    Filters(status="draft"),
    Filters(status="exported"),
    Filters(violation="torture"),
    Filters(province="KP-09"),
    Filters(status="draft", province="KP-09"),
    Filters(violation="forced_repatriation", province="KP-10"),
    Filters(status="sealed", violation="public_execution", province="KP-02"),
    Filters(date_from=date(2000, 1, 1)),
    Filters(date_to=date(1996, 12, 31)),
    Filters(status="sealed", violation="torture", date_from=date(2010, 1, 1),
            date_to=date(2012, 12, 31)),
    Filters(status="draft", violation="public_execution", province="KP-02",
            date_from=date(2018, 1, 1)),
]
QUERIES = [*corpus.KOREAN_QUERIES, *corpus.ENGLISH_QUERIES]


def _untidy(vault: Vault) -> float:
    """The share of the records written since the last tidy began (a tidy is due at
    1/tidy.SHARE): the bench's vaults are built to be measured just short of it."""
    with vault.transaction() as c:
        since = tidy.written_since(c)
    return since / max(listing.count(vault), 1)


def _page(vault: Vault, f: Filters) -> None:
    listing.count(vault, f)
    listing.list_records(vault, f, limit=100)


def _plain_page(vault: Vault, f: Filters) -> None:
    """The same count and first 100 rows the plain way (each facet looked up per row)."""
    where, params = where_clause(f)
    vault.query(f"SELECT count(*) FROM records{where}", tuple(params))
    vault.query(
        f"SELECT id FROM records{where} ORDER BY updated_at DESC, id LIMIT 100", tuple(params)
    )


def _find(vault: Vault, q: str) -> None:
    listing.find(vault, q)


def _plain_find(vault: Vault, q: str) -> None:
    expr = search.match_expression(q)
    vault.query(
        "SELECT record_id FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?",
        (expr, listing.SEARCH_PAGE),
    )


def _read_bytes() -> int:
    """Bytes this process has had read from the disk so far (Linux), 0 where unknown: a cold
    run's reads do not depend on what else the machine is doing, its time does."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("read_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _runs(
    path: Path, key: bytes, items: list[object], run: Callable[[Vault, object], None],
    plain: Callable[[Vault, object], None],
) -> tuple[list[float], list[float], list[float], list[int]]:
    """Cold times (COLD_REPEATS fresh starts per item), warm times, the baseline's warm
    times and the bytes each cold run read from the disk."""
    cold: list[float] = []
    warm: list[float] = []
    base: list[float] = []
    reads: list[int] = []
    settle()  # what earlier groups left dirty (the editor's saves, the idle merging) written back
    for item in items * COLD_REPEATS:
        evict(path)
        vault = Vault.open_with_key(path, key)
        try:
            before = _read_bytes()
            start = time.perf_counter()
            run(vault, item)
            cold.append(time.perf_counter() - start)
            reads.append(_read_bytes() - before)
        finally:
            vault.lock()
    vault = Vault.open_with_key(path, key)
    try:
        # each side warmed up once (the cold runs left the caches cold), then timed in its
        # own loop: the plain baseline reads most of the table at 100,000 records, and
        # between two of our queries it would push their pages out of SQLite's cache
        for times, each in ((warm, run), (base, plain)):
            for item in items:
                each(vault, item)
            for _ in range(WARM_REPEATS):
                for item in items:
                    start = time.perf_counter()
                    each(vault, item)
                    times.append(time.perf_counter() - start)
    finally:
        vault.lock()
    return cold, warm, base, reads


def rows(paths: dict[int, Path], parts: tuple[str, ...] = ("list", "search")) -> list[Figure]:
    """The list and search rows at each size, and the growth between the two largest (quick:
    1,000 -> 10,000; --full: 10,000 -> 100,000)."""
    sizes = sorted(paths)[-2:]
    p95s: dict[tuple[str, str, int], float] = {}
    out: list[Figure] = []
    for n in sizes:
        path = paths[n]
        key = keys.unwrap((path / KEY_FILE).read_bytes(), vaults.PASSPHRASE)
        vault = Vault.open_with_key(path, key)  # migrations, then the idle timer's merging
        try:
            from bench.cases import idle

            idle(vault)
            since = _untidy(vault)
        finally:
            vault.lock()
        for part, what, items, run, plain, baseline in (
            ("list", "record list: count + first 100 rows", FILTERS, _page, _plain_page,
             "plain count(*) + ORDER BY LIMIT 100"),
            ("search", f"search: a page of {listing.SEARCH_PAGE} with snippets", QUERIES, _find,
             _plain_find, "FTS5 MATCH alone, same page of ids"),
        ):
            if part not in parts:
                continue
            cold, warm, base, reads = _runs(path, key, list(items), run, plain)  # type: ignore[arg-type]
            for cache, times in (("cold", cold), ("warm", warm)):
                p95 = percentile(times, 95)
                p95s[(what, cache, n)] = p95
                big = n >= 100_000
                out.append(
                    Figure(
                        f"{what}, {cache} cache ({n:,} records)",
                        median(times),
                        p95=p95,
                        baseline=baseline if cache == "warm" else "",
                        baseline_value=median(base) if cache == "warm" else None,
                        target="p95 < 20 ms at 100k",
                        met=p95 < TARGET if big else None,
                        runs=len(times),
                        note=f"{len(items)} {'filter sets' if items is FILTERS else 'queries'}"
                        + (f" x {COLD_REPEATS} cold starts, slowest {max(times) * 1000:.1f} ms;"
                           f" read from disk per run: median {median(reads) / 1024:.0f} KiB,"
                           f" most {max(reads) / 1024:.0f} KiB" if cache == "cold" else "")
                        + f"; written since the last tidy: {since:.1%} of the records",
                    )
                )
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        for (what, cache, n), p95 in p95s.items():
            if n != large:
                continue
            ratio = p95 / p95s[(what, cache, small)]
            out.append(
                Figure(
                    f"growth {small:,} -> {large:,} records: {what}, {cache}",
                    ratio,
                    unit="x",
                    target=f"<= {GROWTH}x",
                    met=ratio <= GROWTH,
                    note="p95 at the larger size / p95 at the smaller",
                )
            )
    return out
