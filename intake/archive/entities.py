"""Facilities and perpetrator units as entities across testimonies.

An act names a facility (or a unit) either by a gazetteer id (form version 2's lists, see
``forms/entities.py``: the same id is the same entity in every record) or in free text (a
version-1 place with a facility type, a new entry of version 2). A free-text spelling is its
own entity until the reviewer merges it into another (a gazetteer entity or another
spelling). Spellings that look alike are *proposed* for merging (:func:`proposals`), never
merged silently; a merge, an unmerge and "keep apart" are audited. Merges live in this
archive's vault (``entity_merges``, ``entity_apart``), never in the sealed records.

Likeness: names are cut into Hangul, Latin and digit tokens. Hangul is romanised (Revised
Romanization, letter by letter) and every Latin token is reduced to a skeleton that
McCune-Reischauer and Revised Romanization spellings share (no diacritics, eo/o, g/k, d/t,
b/p, j/ch, r/l), so "요덕", "Yodok", "Yodŏk" and "Yodeok" meet. Facility words (관리소,
camp, prison, 호 …) are set aside; a kind word (관리소 vs 교화소, 보위부 vs 안전부) or a
number (15 vs 14) that differs keeps two names apart. A maintained romaniser (PyPI's
korean-romanizer) applies pronunciation rules that would then have to be undone for a
skeleton; Unicode arithmetic does what is needed here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from forms import entities as gazetteers
from intake.errors import NotFound, UsageError
from intake.vault import Vault, audit
from intake.vault.db import utc_now

if TYPE_CHECKING:
    from intake.archive.acts import Act

KINDS = ("facility", "unit")
GAZETTEER = {"facility": "facilities", "unit": "units"}
SPELLING_PREFIX = "new:"
THRESHOLD = 0.75
MAX_SPELLING = 200

# -- the normaliser --------------------------------------------------------------------------

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
             "k", "t", "p", "h"]
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "ks", "n", "nj", "nh", "t", "l", "lk", "lm", "lb", "ls", "lt", "lp",
           "lh", "m", "p", "ps", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]
_TOKEN = re.compile(r"[0-9]+|[\uac00-\ud7a3]+|[^\W\d_\uac00-\ud7a3]+(?:'[^\W\d_]+)*")

#: Words that say what kind of place or unit it is: two names of different kinds differ.
_KIND_WORDS = {
    "kwanliso": ("관리소", "정치범수용소", "수용소", "kwanliso", "kwalliso", "gwalliso",
                 "gwanliso"),
    "kyohwaso": ("교화소", "kyohwaso", "gyohwaso"),
    "jipkyulso": ("집결소", "jipkyulso", "jipgyeolso", "chipkyulso"),
    "danryeondae": ("노동단련대", "단련대", "danryeondae", "tallyondae", "rodong"),
    "kuryujang": ("구류장", "kuryujang", "guryujang"),
    "mss": ("보위부", "보위국", "보위성", "bowibu", "bowiguk", "bowiseong"),
    "msos": ("안전부", "안전국", "보안서", "보안부", "anjeonbu", "anjonbu", "boanseo", "boanso",
             "boanbu"),
}
_KIND_OF = {w.casefold(): k for k, words in _KIND_WORDS.items() for w in words}
_HANGUL_KINDS = sorted((w for w in _KIND_OF if w[0] >= "\uac00"), key=len, reverse=True)
#: Words that name no place: left out of the comparison.
_GENERIC = {
    "호", "제", "정치범", "군", "시", "도", "camp", "prison", "political", "no", "nr", "number",
    "the", "of", "detention", "centre", "center", "facility", "county", "city", "province",
    "provincial", "department", "bureau", "state", "security", "social", "police", "guards",
    "guard", "unit", "holding", "labour", "labor", "reform", "ho",
}


def romanise(hangul: str) -> str:
    """Revised Romanization, syllable by syllable (no sound changes across syllables)."""
    out = []
    for ch in hangul:
        s = ord(ch) - 0xAC00
        if 0 <= s < 11172:
            out.append(_INITIALS[s // 588] + _VOWELS[(s % 588) // 28] + _FINALS[s % 28])
        else:
            out.append(ch)
    return "".join(out)


def skeleton(latin: str) -> str:
    """What McCune-Reischauer and Revised Romanization spellings of one name share."""
    text = "".join(c for c in unicodedata.normalize("NFKD", latin.casefold())
                   if not unicodedata.combining(c))
    text = re.sub(r"[^a-z]", "", text)
    for a, b in (("eo", "o"), ("eu", "u"), ("sh", "s"), ("j", "ch"), ("g", "k"), ("d", "t"),
                 ("b", "p"), ("r", "l")):
        text = text.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", text)


@dataclass(frozen=True)
class Name:
    """A name cut for comparison: its name tokens (skeletons), numbers and kinds."""

    tokens: frozenset[str]
    numbers: frozenset[str]
    kinds: frozenset[str]


def normalise(text: str) -> Name:
    tokens: set[str] = set()
    numbers: set[str] = set()
    kinds: set[str] = set()
    for raw in _TOKEN.findall(unicodedata.normalize("NFC", text)):
        word = raw.casefold().replace("'", "")
        if word.isdigit():
            numbers.add(str(int(word)))
            continue
        if word[0] >= "\uac00":  # Hangul: a kind word may be glued on (요덕수용소)
            for suffix in _HANGUL_KINDS:
                if word.endswith(suffix):
                    kinds.add(_KIND_OF[suffix])
                    word = word[: -len(suffix)]
                    break
            if len(word) > 2 and word[-1] in "군시도":  # 온성군 -> 온성
                word = word[:-1]
            if word and word not in _GENERIC:
                tokens.add(skeleton(romanise(word)))
        elif word in _KIND_OF:
            kinds.add(_KIND_OF[word])
        elif word not in _GENERIC:
            tokens.add(skeleton(word))
    tokens.discard("")
    return Name(frozenset(tokens), frozenset(numbers), frozenset(kinds))


def likeness(a: Name, b: Name, ratios: dict[tuple[str, str], float] | None = None) -> float:
    """0..1: how likely two names name the same place or unit. ``ratios`` memoises the
    token ratios across calls (the result is the same with or without it)."""
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return 0.0
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return 0.0
    same_number = bool(a.numbers) and a.numbers == b.numbers
    if not a.tokens or not b.tokens:
        return 0.8 if same_number and (a.kinds & b.kinds) else 0.0
    small, large = sorted((a.tokens, b.tokens), key=len)
    memo = {} if ratios is None else ratios
    parts = []
    for t in small:
        best = 0.0
        for u in large:
            r = memo.get((t, u))
            if r is None:
                r = memo[(t, u)] = SequenceMatcher(None, t, u).ratio()
            if r > best:
                best = r
        parts.append(best)
    # fsum: the score depends on the names, not on the order a set of tokens iterates in
    score = math.fsum(parts) / len(large)
    return min(1.0, score + 0.1) if same_number else score


#: A name's token score (before the 0.1 for the same number) below this never proposes: the
#: score is a mean of per-token best ratios, so some token pair has a ratio at least this.
_TOKEN_FLOOR = THRESHOLD - 0.1 - 1e-9


def _close_tokens(tokens: Iterable[str]) -> dict[str, dict[str, float]]:
    """For each token, the tokens (itself too) whose ratio with it may reach the floor, each
    with a bound on that ratio.

    The bound is ``quick_ratio``'s (twice the letters in common, counted with repeats, over
    both lengths): it bounds ``ratio`` from above in either direction, so no pair at the floor
    is left out. The letters in common are counted through an index of (letter, nth time)."""
    elements = {t: [(c, i) for c, n in Counter(t).items() for i in range(n)] for t in tokens}
    holders: dict[tuple[str, int], list[str]] = defaultdict(list)
    for t, els in elements.items():
        for e in els:
            holders[e].append(t)
    close: dict[str, dict[str, float]] = {}
    for t, els in elements.items():
        shared: Counter[str] = Counter()
        for e in els:
            shared.update(holders[e])
        n = len(t)
        close[t] = {u: bound for u, k in shared.items()
                    if (bound := 2 * k / (n + len(u))) >= _TOKEN_FLOOR}
    return close


def alike(left: Iterable[Name], right: Iterable[Name]) -> dict[tuple[Name, Name], float]:
    """``likeness(a, b)`` of every ``a`` of ``left`` and ``b`` of ``right`` where it reaches
    THRESHOLD: exactly what comparing every pair would keep, without comparing every pair.

    With name tokens on both sides, a pair reaches it only through a token pair close enough
    (:func:`_close_tokens`), of kinds that do not differ; those pairs are bounded (the token
    counts, then the tokens' bounds) and only the pairs the bound lets through are scored.
    When one side has no name token, only the same numbers can make it."""
    with_token: dict[tuple[str, str], list[Name]] = defaultdict(list)
    by_numbers: dict[frozenset[str], list[Name]] = defaultdict(list)
    no_tokens: dict[frozenset[str], list[Name]] = defaultdict(list)
    for b in set(right):
        for u in b.tokens:
            for k in b.kinds or ("",):
                with_token[(u, k)].append(b)
            if b.kinds:
                with_token[(u, "*")].append(b)  # "any kind", for a name without one
        if b.numbers:
            by_numbers[b.numbers].append(b)
            if not b.tokens:
                no_tokens[b.numbers].append(b)
    left = set(left)
    close = _close_tokens({t for a in left for t in a.tokens} | {u for u, _ in with_token})
    ratios: dict[tuple[str, str], float] = {}
    out = {}
    for a in left:
        kinds = (*a.kinds, "") if a.kinds else ("", "*")
        maybe = set((no_tokens if a.tokens else by_numbers).get(a.numbers, ()))
        if a.tokens:
            maybe.update(b for t in a.tokens for u in close[t] for k in kinds
                         for b in with_token.get((u, k), ()))
        for b in maybe:
            if a.numbers and b.numbers and a.numbers != b.numbers:
                continue
            if a.tokens and b.tokens and not _may_reach(a, b, close):
                continue
            score = likeness(a, b, ratios)
            if score >= THRESHOLD:
                out[(a, b)] = score
    return out


def _may_reach(a: Name, b: Name, close: dict[str, dict[str, float]]) -> bool:
    """False when ``likeness(a, b)`` surely stays below THRESHOLD (both have name tokens):
    its token score is at most the mean over the fewer tokens of each one's best bound."""
    small, large = sorted((a.tokens, b.tokens), key=len)
    same_number = bool(a.numbers) and a.numbers == b.numbers
    floor = (_TOKEN_FLOOR if same_number else _TOKEN_FLOOR + 0.1) * len(large)
    if len(small) < floor:
        return False
    total = 0.0
    for t in small:
        near = close[t]
        total += max(near.get(u, _TOKEN_FLOOR) for u in large)
    return total >= floor


# -- keys, names and the reviewer's merges ----------------------------------------------------


def spelling_key(text: str) -> str:
    """The key of a free-text spelling: the text, case and spacing aside."""
    return SPELLING_PREFIX + " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _spelling_of(pair: tuple[str, str]) -> str:
    return spelling_key(pair[0] or pair[1]) if any(pair) else ""


def is_spelling(key: str) -> bool:
    return key.startswith(SPELLING_PREFIX)


def _texts(pair: tuple[str, str]) -> list[str]:
    return [t for t in pair if t]


def name_of(key: str) -> tuple[str, str]:
    """(Korean, English) of a gazetteer entity; a spelling's own text otherwise."""
    known = gazetteers.entity(key)
    if known is not None:
        return known.name["ko"], known.name["en"]
    text = key[len(SPELLING_PREFIX):] if is_spelling(key) else key
    hangul = any("\uac00" <= c <= "\ud7a3" for c in text)
    return (text, "") if hangul else ("", text)


class Resolver:
    """The reviewer's merges, read once: which entity a spelling counts under."""

    def __init__(self, vault: Vault) -> None:
        self.targets: dict[tuple[str, str], str] = {
            (str(k), str(s)): str(t)
            for k, s, t in vault.query("SELECT kind, spelling, target FROM entity_merges")}
        self.names: dict[str, tuple[str, str]] = {}

    def root(self, kind: str, key: str) -> str:
        seen = {key}
        while (kind, key) in self.targets:
            key = self.targets[(kind, key)]
            if key in seen:  # never written (merge refuses cycles); stop rather than loop
                break
            seen.add(key)
        return key

    def name(self, key: str) -> tuple[str, str]:
        """(Korean, English or Latin) name of an entity key, as first written."""
        return self.names.get(key) or name_of(key)

    def apply(self, selected: Iterable[Act]) -> list[Act]:
        """The acts with their facility and unit entities filled in."""
        selected = list(selected)
        for a in selected:
            for pair in (a.facility_spelling, *a.unit_spellings):
                if any(pair):
                    self.names.setdefault(_spelling_of(pair), pair)
        out = []
        for a in selected:
            own = a.facility_id or _spelling_of(a.facility_spelling)
            facility = self.root("facility", own) if own else ""
            ko, en = self.name(facility) if facility else ("", "")
            units = [self.root("unit", u) for u in
                     (*a.units, *(_spelling_of(p) for p in a.unit_spellings))]
            out.append(replace(a, facility_entity=facility, facility_entity_ko=ko,
                               facility_entity_en=en, unit_entities=tuple(dict.fromkeys(units))))
        return out


@dataclass(frozen=True)
class Proposal:
    """Two names the archive holds that may be one entity: ``spelling`` (free text, as
    written) would merge into ``target`` (a gazetteer id or another spelling)."""

    kind: str
    spelling: str
    target: str
    spelling_name: tuple[str, str]
    target_name: tuple[str, str]
    score: float

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "spelling": self.spelling, "target": self.target,
                "spelling_name": list(self.spelling_name),
                "target_name": list(self.target_name), "score": round(self.score, 3)}


def _apart(vault: Vault, kind: str) -> set[tuple[str, str]]:
    return {(str(a), str(b)) for a, b in vault.query(
        "SELECT a, b FROM entity_apart WHERE kind = ?", (kind,))}


def proposals(vault: Vault, kind: str, selected: Iterable[Act]) -> list[Proposal]:
    """Spellings in ``selected`` not yet merged that look like another entity, best first."""
    selected = list(selected)
    resolver = Resolver(vault)
    resolver.apply(selected)  # collects the spellings' names
    apart = _apart(vault, kind)
    used = {_spelling_of(p) for a in selected for p in (
        [a.facility_spelling] if kind == "facility" else a.unit_spellings) if any(p)}
    mine = sorted(k for k in used if (kind, k) not in resolver.targets)
    candidates: dict[str, list[Name]] = {
        e.id: [normalise(t) for t in (*e.name.values(), *e.aliases)]
        for e in gazetteers.gazetteer(GAZETTEER[kind]).values()}
    for k in mine:
        candidates[k] = [normalise(t) for t in _texts(resolver.names[k])]
    holders: dict[Name, list[str]] = defaultdict(list)
    for k, names in candidates.items():
        for n in dict.fromkeys(names):
            holders[n].append(k)
    spellers = {n: [k for k in keys if is_spelling(k)] for n, keys in holders.items()}
    best: dict[tuple[str, str], float] = {}
    for (a, b), score in alike((n for n, ks in spellers.items() if ks), holders).items():
        for s in spellers[a]:
            for t in holders[b]:
                if t == s or (is_spelling(t) and t < s):
                    continue  # a pair of spellings is proposed once
                if best.get((s, t), -1.0) < score:
                    best[(s, t)] = score
    out = [Proposal(kind, s, t, resolver.name(s), resolver.name(t), score)
           for (s, t), score in best.items()
           if tuple(sorted((s, t))) not in apart and resolver.root(kind, t) != s]
    out.sort(key=lambda p: (-p.score, p.spelling, p.target))
    return out


def _check(kind: str, key: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}")
    if not key or len(key) > MAX_SPELLING:
        raise UsageError("an entity key is a gazetteer id or 'new:' and a spelling")


def merge(vault: Vault, kind: str, spelling: str, target: str) -> None:
    """Count the free-text ``spelling`` as ``target`` from now on (audited)."""
    _check(kind, spelling)
    _check(kind, target)
    if not is_spelling(spelling):
        raise UsageError(f"{spelling!r} is a gazetteer entity: only a free-text spelling is"
                         " merged into another entity", code="entity.gazetteer", detail=spelling)
    if not is_spelling(target) and gazetteers.entity(target) is None:
        raise NotFound(f"no gazetteer entity {target!r}")
    resolver = Resolver(vault)
    if resolver.root(kind, target) == spelling:
        raise UsageError(f"{target!r} already counts as {spelling!r}: merge the other way",
                         code="entity.merge_other_way", detail=(target, spelling))
    before = resolver.targets.get((kind, spelling), "")
    with vault.transaction() as c:
        c.execute("INSERT OR REPLACE INTO entity_merges VALUES (?, ?, ?, ?)",
                  (kind, spelling, target, utc_now()))
        c.execute("DELETE FROM entity_apart WHERE kind = ? AND a = ? AND b = ?",
                  (kind, *sorted((spelling, target))))
        audit.append(c, "entity merged", "", kind=kind, spelling=spelling, into=target,
                     before=before)


def unmerge(vault: Vault, kind: str, spelling: str) -> None:
    """The spelling counts as itself again (audited)."""
    _check(kind, spelling)
    with vault.transaction() as c:
        row = c.execute("SELECT target FROM entity_merges WHERE kind = ? AND spelling = ?",
                        (kind, spelling)).fetchone()
        if row is None:
            raise NotFound(f"{spelling!r} is not merged", detail=spelling)
        c.execute("DELETE FROM entity_merges WHERE kind = ? AND spelling = ?", (kind, spelling))
        audit.append(c, "entity unmerged", "", kind=kind, spelling=spelling, was=row[0])


def keep_apart(vault: Vault, kind: str, a: str, b: str) -> None:
    """The reviewer says two names are different entities: no longer proposed (audited)."""
    _check(kind, a)
    _check(kind, b)
    if a == b:
        raise UsageError("an entity is not apart from itself", code="entity.apart_self")
    first, second = sorted((a, b))
    with vault.transaction() as c:
        c.execute("INSERT OR REPLACE INTO entity_apart VALUES (?, ?, ?, ?)",
                  (kind, first, second, utc_now()))
        audit.append(c, "entities kept apart", "", kind=kind, a=first, b=second)


def merged(vault: Vault, kind: str) -> list[tuple[str, str]]:
    """(spelling, target) of every merge of this kind."""
    return [(str(s), str(t)) for s, t in vault.query(
        "SELECT spelling, target FROM entity_merges WHERE kind = ? ORDER BY spelling", (kind,))]
