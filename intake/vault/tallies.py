"""The record list's kept counts (migration 14): ``list_tallies`` and ``records.facet_keys``.

``list_tallies`` holds how many records each combination of the list's filters keeps: status
class ('' for any, draft, sealed, exported, withdrawn) x violation ('' for any) x province
('' for any) x the day the record's incidents end (side ``latest``) or start (``earliest``),
the same by month (``latest-m``, day 'YYYY-MM') and by year (``latest-y``, 'YYYY'), and every
day at once (``all``, day ''). A count without dates reads one row (migration 23); one from a
day on, at most 31 days, 11 months and the years after (24), where a real archive's incidents
fall on thousands of days.
``records.facet_keys`` holds a record's list facets in one string, each one's number in
``facet_codes`` (migration 15) between two \\x1f, so a page filters on one index in list
order (numbers, not ``kind=value``: the list's index entries are half as long, a page reads
half the index pages).

No trigger keeps them (per-row triggers made bulk writes ~9x slower): every writer that
changes what they count (a record's status, version, export mark, dates or list facets)
does it inside :func:`kept`, in the same transaction, which writes the records' old -> new
difference once; ``derive`` writes ``facet_keys`` with the facets; a bulk writer may call
:func:`rebuild` once at the end instead.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import product
from typing import Any

TALLIED = ("violation", "province")  # the facets list_tallies counts by
LISTED = ("violation", "province", "institution")  # the facets in records.facet_keys
SEP = "\x1f"

Key = tuple[str, str, str, tuple[str, str]]  # status class, violation, province, (side, day)
ALL = ("all", "")  # the side and day counting each record once, whatever its dates
MONTH, YEAR = "-m", "-y"  # a side's rows by month ('YYYY-MM') and by year ('YYYY')
_COLUMNS = "status, violation, province, side, day, n"
# a record's columns the tallies count by, its facet_keys and its list facets as JSON pairs
_RECORD = (
    "SELECT id, status, version, exported_at, earliest, latest, facet_keys,"
    " (SELECT json_group_array(json_array(kind, value)) FROM facets"
    f" WHERE record_id = records.id AND kind IN {LISTED}) FROM records"
)


def classes(status: str, version: int, exported_at: str | None) -> tuple[str, ...]:
    """The status classes a record is counted in ('' is any status)."""
    sealed = status == "sealed" or (status == "draft" and version > 1)
    return (
        "",
        *((status,) if status in ("draft", "withdrawn") else ()),
        *(("sealed",) if sealed else ()),
        *(("exported",) if sealed and exported_at is not None else ()),
    )


def _add(into: Counter[Key], row: tuple[Any, ...]) -> list[tuple[str, str]]:
    """Count the record ``row`` (``_RECORD``'s columns); return its list facets."""
    _, status, version, exported_at, earliest, latest, _, pairs = row
    listed = [(str(k), str(v)) for k, v in json.loads(pairs)]
    into.update(product(
        classes(status, version, exported_at),
        ("", *(v for k, v in listed if k == "violation")),
        ("", *(v for k, v in listed if k == "province")),
        (*_dated("latest", latest), *_dated("earliest", earliest), ALL),
    ))
    return listed


def _dated(side: str, day: str) -> tuple[tuple[str, str], ...]:
    """A record's keys on ``side`` for its ``day`` ('YYYY-MM-DD', or '' with no dates)."""
    return (side, day), (side + MONTH, day[:7]), (side + YEAR, day[:4])


def counted(c: Any, rids: Iterable[str]) -> Counter[Key]:
    """The tally keys of the records ``rids`` as they are now (a record not there counts none)."""
    out: Counter[Key] = Counter()
    for rid in rids:
        row = c.execute(f"{_RECORD} WHERE id = ?", (rid,)).fetchone()
        if row is not None:
            _add(out, row)
    return out


def move(c: Any, delta: Counter[Key]) -> None:
    """Add ``delta`` to ``list_tallies`` (rows left at zero go), in key order (written in
    the table's order, a bulk write's ~60,000 rows take a tenth of the time)."""
    rows = sorted((s, v, p, side, day, n) for (s, v, p, (side, day)), n in delta.items() if n)
    c.executemany(
        f"INSERT INTO list_tallies ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT"
        " (status, violation, province, side, day) DO UPDATE SET n = n + excluded.n",
        rows,
    )
    c.executemany(
        "DELETE FROM list_tallies WHERE status = ? AND violation = ? AND province = ?"
        " AND side = ? AND day = ? AND n = 0",
        [r[:5] for r in rows if r[5] < 0],
    )


@contextmanager
def kept(c: Any, rids: Iterable[str]) -> Iterator[None]:
    """Keep the tallies right through the writes made inside: the records ``rids`` are
    counted before and after, and the difference written once (in the caller's transaction)."""
    ids = list(dict.fromkeys(rids))  # each once
    before = counted(c, ids)
    yield
    after = counted(c, ids)
    after.subtract(before)
    move(c, after)


def facet_keys(c: Any, facets: Iterable[tuple[str, str]]) -> str:
    """``records.facet_keys`` for a record's ``(kind, value)`` facets (numbering any facet
    not seen before)."""
    listed = sorted({(k, v) for k, v in facets if k in LISTED})
    if not listed:
        return ""
    c.executemany("INSERT OR IGNORE INTO facet_codes (kind, value) VALUES (?, ?)", listed)
    marks = ", ".join("(?, ?)" for _ in listed)
    codes = c.execute(
        f"SELECT code FROM facet_codes WHERE (kind, value) IN (VALUES {marks})",
        [x for pair in listed for x in pair],
    )
    return _joined(code for (code,) in codes)


def _joined(codes: Iterable[int]) -> str:
    return f"{SEP}{SEP.join(str(n) for n in sorted(codes))}{SEP}"


def recount(c: Any) -> None:
    """Count every record again from one read of the records with their list facets
    (migration 14, which is followed by 15 numbering the facets in ``facet_keys``)."""
    tally: Counter[Key] = Counter()
    for row in c.execute(_RECORD):
        _add(tally, row)
    _write(c, tally)


def rebuild(c: Any) -> None:
    """Count every record again from one read of the records with their list facets, and
    set each record's ``facet_keys`` (migration 15, and bulk writers once at the end)."""
    c.execute(
        "INSERT OR IGNORE INTO facet_codes (kind, value) SELECT DISTINCT kind, value FROM facets"
        f" WHERE kind IN {LISTED} ORDER BY kind, value"
    )
    codes = {(k, v): n for n, k, v in c.execute("SELECT code, kind, value FROM facet_codes")}
    tally: Counter[Key] = Counter()
    changed = []
    for row in c.execute(_RECORD):
        listed = _add(tally, row)
        keys = _joined({codes[f] for f in listed}) if listed else ""
        if keys != row[6]:
            changed.append((keys, row[0]))
    c.executemany("UPDATE records SET facet_keys = ? WHERE id = ?", changed)
    _write(c, tally)


def _write(c: Any, tally: Counter[Key]) -> None:
    c.execute("DELETE FROM list_tallies")
    c.executemany(
        f"INSERT INTO list_tallies ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        sorted((s, v, p, side, day, n) for (s, v, p, (side, day)), n in tally.items()),
    )


def total(c: Any) -> int:
    """How many records the vault holds (their tallies' row for any status, facet and day)."""
    row = c.execute(
        "SELECT coalesce(sum(n), 0) FROM list_tallies"
        " WHERE status = '' AND violation = '' AND province = '' AND side = ? AND day = ?", ALL
    ).fetchone()
    return int(row[0])
