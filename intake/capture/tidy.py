"""Lay the archive's indexes out again now and then, so a vault grown write by write reads
about as few pages from a cold cache as one built in one go (issue 22).

A vault fed by interviews and imports grows its indexes an entry at a time: pages split, part
full, and the new ones land wherever the file has room, so a cold page of the record list reads
more pages, scattered, than the disk can read ahead (migration 22 keeps the list's own indexes
full as records are written in time order; saves still leave holes); the full-text index keeps
a segment or so per level, and a search probes each. A **tidy** rebuilds each index on
``records`` (``REINDEX``, one per step: packed, its pages taken from the freelist, so not
always in file order), then makes every segment of the full-text index the input of
one merge, which the idle merging (``search.merge``, ``pages`` at a time) carries to its end
before anything else, new segments saved meanwhile or not (migration 21); the tidy ends at the
first step that finds the idle merging with nothing left.

The idle maintenance (``records.maintain``) does it a step at a time, after its own work, once
the full-text index's newest row number has grown by ``1/SHARE`` of the records since the last
tidy began. A record created, imported, sealed or saved takes the next number (its old row
goes), unless it already holds the newest: a draft saved again and again while nothing else is
written keeps its number, and moves only at the hot end of the list's indexes. Over a vault's
growth each entry is re-laid a bounded number of times (about ``SHARE + 1``), and no more than
about ``1/SHARE`` of the vault is ever written since the last tidy.

Each step is one transaction: a ``REINDEX`` holds the write lock for as long as it takes (at
100,000 records 0.06-1.3 s each on the bench machine, 2.4 s for the first while another process
loaded both cores; a save waits, the busy timeout is 5 s), so above ``RELAY_MAX`` records the
indexes are left as they are and only the (bounded) merging is done. The state is one ``meta``
row, so a tidy cut by a lock goes on at the next idle time; every answer is the same whether or
not it ran.
"""

from __future__ import annotations

import json
from typing import Any

from intake.capture import search
from intake.vault import tallies

# meta key: {"done": newest row when the last tidy began[, "from": row, "next": i, "folding"]}
STATE = "tidy"
SHARE = 8  # a tidy is due once the rows written since the last reach 1/SHARE of the records
AT_LEAST = 1000  # ... and this many (a small vault's tidy is cheap, but not worth a step)
RELAY_MAX = 150_000  # records above which no index is rebuilt at idle (a step ~2-3.5 s there)


def step(c: Any, pages: int) -> bool:
    """One step of a tidy if one is due or under way; True while more of it is left. Called
    when the idle merging (``search.merge``) has found nothing to do."""
    state, newest = _state(c), search.newest_row(c)
    total = tallies.total(c)
    if "from" not in state:
        if newest - state["done"] < max(AT_LEAST, total // SHARE):
            return False
        state = {"done": state["done"], "from": newest, "next": 0}
    indexes = relaid(c) if total <= RELAY_MAX else []
    if state["next"] < len(indexes):
        c.execute(f'REINDEX "{indexes[state["next"]]}"')
        state["next"] += 1
    elif not state.get("folding"):
        search.merge(c, pages, whole=True)  # every segment made the input of one merge ...
        state["folding"] = True
    else:  # ... which the idle merging has carried to its end: nothing was left for it
        state = {"done": state["from"]}
    c.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (STATE, json.dumps(state))
    )
    return "from" in state


def written_since(c: Any) -> int:
    """Index rows written since the last tidy began (what makes the next one due)."""
    return search.newest_row(c) - int(_state(c)["done"])


def _state(c: Any) -> dict[str, Any]:
    row = c.execute("SELECT value FROM meta WHERE key = ?", (STATE,)).fetchone()
    return dict(json.loads(row[0])) if row else {"done": 0}


def relaid(c: Any) -> list[str]:
    """The indexes a tidy rebuilds: every one declared on ``records``, by name."""
    return [name for (name,) in c.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'"
        " AND sql IS NOT NULL ORDER BY name"
    )]
