"""Name likeness for facilities and units: the normaliser and the pairs of names that look
alike (:func:`alike`, for ``entities.proposals``).

Likeness: names are cut into Hangul, Latin and digit tokens. Hangul is romanised (Revised
Romanization, letter by letter) and every Latin token is reduced to a skeleton that
McCune-Reischauer and Revised Romanization spellings share (no diacritics, eo/o, g/k, d/t,
b/p, j/ch, r/l), so "요덕", "Yodok", "Yodŏk" and "Yodeok" meet. Facility words (관리소,
camp, prison, 호 …) are set aside; a kind word (관리소 vs 교화소, 보위부 vs 안전부) or a
number (15 vs 14) that differs keeps two names apart. A maintained romaniser (PyPI's
korean-romanizer) applies pronunciation rules that would then have to be undone for a
skeleton; Unicode arithmetic does what is needed here.

:func:`alike` finds every pair :func:`likeness` scores at THRESHOLD without comparing every
pair: through an index of tokens close enough (an upper bound on difflib's ratio), the same
numbers, bounds and ratios memoised per token pair (issue 22, ``docs/performance.md``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

THRESHOLD = 0.75

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
    "court": ("인민재판소", "재판소", "court", "courts"),
    "border": ("국경경비대", "경비대", "border"),
}
_KIND_OF = {w.casefold(): k for k, words in _KIND_WORDS.items() for w in words}
_HANGUL_KINDS = sorted((w for w in _KIND_OF if w[0] >= "\uac00"), key=len, reverse=True)
#: Words that name no place: left out of the comparison.
_GENERIC = {
    "호", "제", "정치범", "군", "시", "도", "camp", "prison", "political", "no", "nr", "number",
    "the", "of", "detention", "centre", "center", "facility", "county", "city", "province",
    "provincial", "department", "bureau", "state", "security", "social", "police", "guards",
    "guard", "unit", "holding", "labour", "labor", "reform", "ho", "peoples", "people",
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


class Ratios(dict[tuple[str, str], float]):
    """``SequenceMatcher(None, t, u).ratio()`` by ``(t, u)``, each computed once, with one
    matcher kept per ``u`` (it indexes that one) for the ``t`` it meets."""

    def __init__(self) -> None:
        super().__init__()
        self.matchers: dict[str, SequenceMatcher[str]] = {}

    def __missing__(self, key: tuple[str, str]) -> float:
        t, u = key
        matcher = self.matchers.get(u)
        if matcher is None:
            matcher = self.matchers[u] = SequenceMatcher(None, "", u)
        matcher.set_seq1(t)
        ratio = self[key] = matcher.ratio()
        return ratio


def likeness(a: Name, b: Name, ratios: Ratios | None = None) -> float:
    """0..1: how likely two names name the same place or unit. ``ratios`` memoises the
    token ratios across calls (the result is the same with or without it)."""
    if not _compatible(a, b):
        return 0.0
    same_number = bool(a.numbers) and a.numbers == b.numbers
    if not a.tokens or not b.tokens:
        return 0.8 if same_number and (a.kinds & b.kinds) else 0.0
    score = _token_score(a.tokens, b.tokens, Ratios() if ratios is None else ratios)
    return min(1.0, score + 0.1) if same_number else score


def _compatible(a: Name, b: Name) -> bool:
    """False when a number or a kind word keeps the names apart."""
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return False
    return not (a.kinds and b.kinds and a.kinds.isdisjoint(b.kinds))


def _token_score(x: frozenset[str], y: frozenset[str], ratios: Ratios) -> float:
    """Each token of the name with fewer (the first if as many) against its best match in
    the other, summed over the larger count."""
    small, large = sorted((x, y), key=len)
    parts = []
    for t in small:
        best = 0.0
        for u in large:
            r = ratios[(t, u)]
            if r > best:
                best = r
        parts.append(best)
    # fsum: the score depends on the names, not on the order a set of tokens iterates in
    return math.fsum(parts) / len(large)


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

    Names are taken by their set of name tokens. Two sets can reach it only through a token
    pair close enough (:func:`_close_tokens`); their token score is bounded from the tokens'
    bounds (and the token counts) before it is computed, once per pair of sets, and only
    then are the names of both sets paired (numbers and kinds). When one side has no name
    token, only the same numbers can make it."""
    left, right = set(left), set(right)
    by_tokens: dict[frozenset[str], list[Name]] = defaultdict(list)
    holding: dict[tuple[str, int], set[frozenset[str]]] = defaultdict(set)
    by_numbers: dict[frozenset[str], list[Name]] = defaultdict(list)
    no_tokens: dict[frozenset[str], list[Name]] = defaultdict(list)
    for b in right:
        if b.tokens:
            by_tokens[b.tokens].append(b)
            for u in b.tokens:
                holding[(u, len(b.tokens))].add(b.tokens)
        if b.numbers:
            by_numbers[b.numbers].append(b)
            if not b.tokens:
                no_tokens[b.numbers].append(b)
    ratios = Ratios()
    out = {}
    mine: dict[frozenset[str], list[Name]] = defaultdict(list)
    for a in left:
        if a.tokens:
            mine[a.tokens].append(a)
        for b in (no_tokens if a.tokens else by_numbers).get(a.numbers, ()):
            if (score := likeness(a, b, ratios)) >= THRESHOLD:
                out[(a, b)] = score
    close = _close_tokens({u for u, _ in holding} | {t for x in mine for t in x})
    counts = {n for _, n in holding}
    for x, names in mine.items():
        # The token score is at most the fewer tokens over the more: sizes too far apart never
        # make it (the 0.1 for the same number needs a number on this side).
        numbered = any(a.numbers for a in names)
        floor = _TOKEN_FLOOR if numbered else _TOKEN_FLOOR + 0.1
        sizes = [n for n in counts if min(n, len(x)) >= floor * max(n, len(x))]
        for y in {y for t in x for u in close[t] for n in sizes
                  for y in holding.get((u, n), ())}:
            pairs = [(a, b) for a in names for b in by_tokens[y]  # _compatible, inlined
                     if not (a.numbers and b.numbers and a.numbers != b.numbers)
                     and not (a.kinds and b.kinds and a.kinds.isdisjoint(b.kinds))]
            if not pairs:
                continue
            # without the same number on both sides, the token score alone must reach it
            same = numbered and any(a.numbers and a.numbers == b.numbers for a, b in pairs)
            token_score = _token_score_from(x, y, close, ratios,
                                            _TOKEN_FLOOR if same else _TOKEN_FLOOR + 0.1)
            if token_score is None:
                continue
            for a, b in pairs:
                if bool(a.numbers) and a.numbers == b.numbers:
                    score = min(1.0, token_score + 0.1)  # as likeness() has it
                else:
                    score = token_score
                if score >= THRESHOLD:
                    out[(a, b)] = score
    return out


def _token_score_from(x: frozenset[str], y: frozenset[str], close: dict[str, dict[str, float]],
                      ratios: Ratios, floor: float) -> float | None:
    """``_token_score(x, y)``, or None as soon as it surely stays below ``floor``. Each of
    the fewer tokens is worth at most 1 when the other name holds it too, else at most its
    best bound (:func:`_close_tokens`); the others' ratios are computed one token at a time
    while the exact part and the bounds left can still reach the floor. (Plain loops: this
    runs for every candidate pair of token sets.)"""
    small, large = (x, y) if len(x) <= len(y) else (y, x)  # as sorted(..., key=len)
    need = floor * len(large)
    if len(small) < need:
        return None
    left = 0.0
    rest = []
    for t in small:
        if t in large:
            left += 1.0
            continue
        near = close[t]
        bound = _TOKEN_FLOOR
        for u in large:
            q = near.get(u)
            if q is not None and q > bound:
                bound = q
        rest.append((t, bound))
        left += bound
    if left < need:
        return None
    parts = []
    total = 0.0
    for t, bound in rest:
        best = 0.0
        for u in large:
            r = ratios[(t, u)]
            if r > best:
                best = r
        parts.append(best)
        total += best
        left -= bound
        if total + left < need:
            return None
    for t in small:
        if t in large:
            parts.append(max(ratios[(t, u)] for u in large))
    return math.fsum(parts) / len(large)  # fsum: the same as _token_score's, in any order
