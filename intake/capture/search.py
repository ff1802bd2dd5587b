"""Full-text search inside the encrypted database (SQLite FTS5).

Korean glues particles to words and builds compounds, so whole-word tokens
fail: "관리소" must find "요덕관리소에서" and "고문" must find "고문을". Like the
CJK analyzers of search engines, runs of Hangul are indexed as overlapping
bigrams (plus the run's last syllable, so one-syllable queries work as a
prefix); a query becomes the phrase of its bigrams. Other scripts go through
FTS5's unicode61 tokenizer with Porter stemming.

Beside each index row, ``snippet_texts`` keeps the record's free texts as the snippet reads
them (in document order, zlib-compressed JSON, about 3 KB: a page of the database where the
document is about eight), under the same rowid, so a page of results never reads the
documents (migration 16).
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from intake.vault.db import Connection

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
# a Hangul run, or a run of other word characters: split where the index splits
WORD = re.compile(r"[\uac00-\ud7a3]+|[^\W\uac00-\ud7a3]+")
SNIPPET_CONTEXT = 60


def _hangul_grams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_text(texts: list[str]) -> str:
    """The body stored in the index for these texts."""
    text = unicodedata.normalize("NFC", "\n".join(texts))
    return HANGUL_RUN.sub(lambda m: " " + " ".join(_hangul_grams(m.group(0))) + " ", text)


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression requiring every word of ``query``; '' if it has none."""
    terms = []
    for word in WORD.findall(unicodedata.normalize("NFC", query)):
        if HANGUL_RUN.fullmatch(word):
            if len(word) == 1:
                terms.append(f'"{word}"*')
            else:
                grams = " ".join(word[i : i + 2] for i in range(len(word) - 1))
                terms.append(f'"{grams}"')
        else:
            terms.append('"' + word.replace('"', "") + '"')
    return " AND ".join(terms)


def update(
    conn: Connection, record_id: str, texts: list[str], notes: Sequence[str] = ()
) -> None:
    """Replace the record's index row (``texts``, the document's free texts, and ``notes``)
    and its snippet texts; the new row takes the next rowid (newest last).

    ``search_rows`` says where the old row is: FTS5 cannot index ``record_id``, and
    ``DELETE ... WHERE record_id = ?`` would read and decrypt the whole index.
    """
    remove(conn, record_id)
    cursor = conn.execute(
        "INSERT INTO search (record_id, body) VALUES (?, ?)",
        (record_id, index_text([*texts, *notes])),
    )
    conn.execute(
        "INSERT OR REPLACE INTO search_rows (record_id, row) VALUES (?, ?)",
        (record_id, cursor.lastrowid),
    )
    keep_texts(conn, cursor.lastrowid, texts)


def newest_row(conn: Connection) -> int:
    """The newest index row's number (0 when none): each write of a record takes the next."""
    return int(conn.execute("SELECT coalesce(max(row), 0) FROM search_rows").fetchone()[0])


def remove(conn: Connection, record_id: str) -> None:
    """Drop the record's index row and snippet texts (a discarded draft)."""
    old = conn.execute("SELECT row FROM search_rows WHERE record_id = ?", (record_id,)).fetchone()
    if old is not None:
        conn.execute("DELETE FROM search WHERE rowid = ?", (old[0],))
        conn.execute("DELETE FROM snippet_texts WHERE row = ?", (old[0],))
        conn.execute("DELETE FROM search_rows WHERE record_id = ?", (record_id,))


def keep_texts(conn: Connection, row: int, texts: list[str]) -> None:
    """Keep ``texts`` (the free texts the snippet of index row ``row`` is taken from)."""
    packed = zlib.compress(json.dumps(texts, ensure_ascii=False).encode("utf-8"))
    conn.execute("INSERT OR REPLACE INTO snippet_texts (row, texts) VALUES (?, ?)", (row, packed))


def marks(values: Sequence[object]) -> str:
    """The placeholders of an SQL ``IN`` list of ``values``."""
    return ", ".join("?" * len(values))


def kept_texts(conn: Connection, rows: list[int]) -> dict[int, list[str]]:
    """The snippet texts kept for these index rows (a row filled by none is left out: an
    older vault's rows until the idle maintenance has filled them)."""
    found = conn.execute(f"SELECT row, texts FROM snippet_texts WHERE row IN ({marks(rows)})", rows)
    return {row: json.loads(zlib.decompress(packed)) for row, packed in found}


def merge(conn: Connection, pages: int, *, whole: bool = False) -> bool:
    """Merge index segments, writing about ``pages`` pages; False when there was nothing to do.

    Writes are not merged as they happen (migration 6 turns FTS5's automerge off): a level
    with 2 segments (FTS5's ``usermerge``, migration 21) is merged here, a little at a time.
    ``whole`` makes every segment, whatever its level, the input of one merge (FTS5's negative
    page count), which later calls carry on: a search then probes one segment (``tidy``).
    """
    before = conn.total_changes
    pages = -max(pages, 1) if whole else max(pages, 1)
    conn.execute("INSERT INTO search (search, rank) VALUES ('merge', ?)", (pages,))
    return bool(conn.total_changes - before >= 2)  # FTS5's documented sign of work done


@dataclass(frozen=True)
class Hit:
    record_id: str
    rank: float  # bm25 (lower is better) when ranked, else 0.0
    row: int  # the record's index row (where its snippet texts are kept)


# Up to this many matches are ranked by relevance (bm25 reads every match, about 18 us each
# at 100,000 records); a larger match set is listed newest first, straight from the index.
RANK_LIMIT = 1000


def search(conn: Connection, query: str, limit: int = 200, offset: int = 0) -> list[Hit]:
    """Records matching every word of ``query``: the best ``limit`` after ``offset``.

    A small match set is ranked by bm25; a large one (a common word) comes newest indexed
    first, which stops after ``offset + limit`` rows instead of ranking them all. One probe
    reads the newest ``RANK_LIMIT + 1`` matching rowids (the index alone, no stored row):
    it tells which case this is and, for a large set, already holds the page. The page's
    record ids come from the row map (its covering index), never from the stored rows.
    """
    expr = match_expression(query)
    if not expr or limit <= 0:
        return []
    offset = max(offset, 0)
    probe = "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?"
    newest = [r[0] for r in conn.execute(probe, (expr, RANK_LIMIT + 1))]
    if len(newest) > RANK_LIMIT and offset + limit <= len(newest):
        ranked = [(row, 0.0) for row in newest[offset : offset + limit]]
    elif len(newest) > RANK_LIMIT:
        ranked = conn.execute(
            "SELECT rowid, 0.0 FROM search WHERE search MATCH ?"
            " ORDER BY rowid DESC LIMIT ? OFFSET ?",
            (expr, limit, offset),
        ).fetchall()
    else:  # rowids only: a record id here would read every match's stored row before the sort
        ranked = conn.execute(
            "SELECT rowid, bm25(search) AS r FROM search WHERE search MATCH ?"
            " ORDER BY r, rowid DESC LIMIT ? OFFSET ?",
            (expr, limit, offset),
        ).fetchall()
    if not ranked:
        return []
    rows = [row for row, _ in ranked]
    found = dict(
        conn.execute(f"SELECT row, record_id FROM search_rows WHERE row IN ({marks(rows)})", rows)
    )
    if len(found) < len(rows):  # not in the row map: read them from the index's rows
        found.update(
            conn.execute(f"SELECT rowid, record_id FROM search WHERE rowid IN ({marks})", rows)
        )
    return [Hit(found[row], float(rank), row) for row, rank in ranked]


def snippet(texts: Iterable[str], query: str) -> tuple[str, list[tuple[int, int]]]:
    """A short passage around the first match, with the (start, end) of each match in it.

    ``texts`` is read only up to the first text that matches (it may be a lazy walk)."""
    words = [w.casefold() for w in WORD.findall(unicodedata.normalize("NFC", query))]
    if not words:
        return "", []
    for text in texts:
        text = unicodedata.normalize("NFC", text)
        folded = text.casefold()
        found = [(folded.find(w), w) for w in words if folded.find(w) >= 0]
        if not found:
            continue
        first = min(pos for pos, _ in found)
        start = max(0, first - SNIPPET_CONTEXT)
        end = min(len(text), first + SNIPPET_CONTEXT + max(len(w) for _, w in found))
        passage = " ".join(text[start:end].split("\n"))
        spans = []
        low = passage.casefold()
        for w in words:
            pos = low.find(w)
            while pos >= 0:
                spans.append((pos, pos + len(w)))
                pos = low.find(w, pos + len(w))
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        shifted = sorted((a + len(prefix), b + len(prefix)) for a, b in spans)
        return prefix + passage + suffix, shifted
    return "", []
