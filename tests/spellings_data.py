"""Free-text facility and unit spellings as an archive of many testimonies holds them (seeded):
North Korean places in Hangul, in Revised and McCune-Reischauer romanisations, with typos,
hyphens and spaces inside names, camp numbers ("No. 15", "15호", "Camp 15") and kind words in
both languages, given as (Korean, Latin) pairs the way an act carries them. Used by the
proposals test and by the bench (bench/entities.py)."""

from __future__ import annotations

import random
from dataclasses import replace

from forms.entities import gazetteer
from intake.archive import entities, likeness
from intake.archive.acts import Act
from intake.archive.entities import spelling_key
from intake.archive.likeness import romanise
from intake.vault import Vault

PLACES = (
    "회령 온성 무산 청진 혜산 신의주 함흥 평양 개천 요덕 북창 화성 전거리 농포 김책 단천 길주 "
    "명천 경성 어랑 부령 연사 새별 은덕 나선 선봉 라진 종성 삼지연 보천 운흥 갑산 풍서 대홍단 "
    "백암 장진 부전 신흥 영광 정평 금야 고원 수동 허천 이원 북청 덕성 홍원 신포 강계 만포 자성 "
    "중강 초산 위원 희천 전천 성간 동신 용림 화평 낭림 송원 우시 시중 구성 정주 곽산 선천 철산 "
    "용천 염주 피현 동림 천마 삭주 창성 벽동 운산 태천 박천 영변 향산 구장 덕천 순천 안주 문덕 "
    "숙천 평원 증산 온천 강서 남포 대안 사리원 해주 옹진 강령 벽성 신천 안악 은율 과일 송화 "
    "장연 용연 태탄 청단 연안 배천 개성 원산 문천 천내 고성 통천 금강 회양 세포 평강 철원 김화 "
    "이천 판교 법동 안변 신평 곡산 수안 연산 신계 평산 금천 토산 장풍"
).split()
FACILITY_KINDS = (
    ("관리소", ("kwanliso", "kwalliso", "political prison camp", "camp")),
    ("정치범수용소", ("kwalliso", "political prison camp")),
    ("교화소", ("kyohwaso", "prison", "reform-through-labour prison")),
    ("집결소", ("jipkyulso", "chipkyulso", "holding centre")),
    ("노동단련대", ("danryeondae", "labour training unit")),
    ("구류장", ("kuryujang", "detention centre")),
    ("보위부 구류장", ("bowibu kuryujang", "state security detention centre")),
)
UNIT_KINDS = (
    ("보위부", ("bowibu", "state security department", "MSS")),
    ("보위국", ("bowiguk", "provincial state security bureau")),
    ("안전부", ("anjeonbu", "anjonbu", "social security department")),
    ("보안서", ("boanseo", "boanso", "police")),
    ("인민재판소", ("people's court",)),
    ("국경경비대", ("border guard unit",)),
)
CAMP_NUMBERS = ("14", "15", "16", "18", "22", "25", "1", "3", "4", "9", "11", "12", "77")
_MR = (("eo", "ŏ"), ("eu", "ŭ"), ("g", "k"), ("d", "t"), ("b", "p"), ("j", "ch"), ("r", "l"))


def _latin(place: str, rng: random.Random) -> str:
    """One romanisation of a Hangul place, as an interviewer might type it."""
    syllables = [romanise(ch) for ch in place]
    if rng.random() < 0.5:  # McCune-Reischauer-ish
        for a, b in _MR:
            if rng.random() < 0.7:
                syllables = [s.replace(a, b) for s in syllables]
    joiner = rng.choice(("", "", "", "-", " ", "'"))
    word = joiner.join(syllables)
    if rng.random() < 0.25 and len(word) > 3:  # a typo: a letter dropped, doubled or swapped
        i = rng.randrange(1, len(word) - 1)
        word = rng.choice((word[:i] + word[i + 1:], word[:i] + word[i] + word[i:],
                           word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]))
    return word.capitalize() if rng.random() < 0.8 else word


def spelling(kind: str, rng: random.Random) -> tuple[str, str]:
    """One (Korean, Latin) free-text name: one side may be empty."""
    place = rng.choice(PLACES)
    ko_kind, en_kinds = rng.choice(FACILITY_KINDS if kind == "facility" else UNIT_KINDS)
    en_kind = rng.choice(en_kinds)
    number = rng.choice(CAMP_NUMBERS) if kind == "facility" and rng.random() < 0.4 else ""
    county = rng.choice(("", "", "군", "시"))
    ko = rng.choice((f"{place}{county} {ko_kind}", f"{place}{ko_kind}",
                     f"{number}호 {ko_kind} ({place})" if number else f"{place} {ko_kind}",
                     f"{place} {number}호 {ko_kind}" if number else f"{ko_kind} ({place})"))
    latin = _latin(place, rng)
    en = rng.choice((f"{latin} {en_kind}", f"{en_kind} {latin}",
                     f"{latin} {en_kind} No. {number}" if number else f"{latin} {en_kind}",
                     f"Camp {number} ({latin})" if number else latin))
    if rng.random() < 0.03:  # the number and the kind only
        ko, en = (f"{number or 15}호 {ko_kind}", f"{en_kind} {number or 15}")
    side = rng.random()
    return (ko, "") if side < 0.3 else ("", en) if side < 0.6 else (ko, en)


def spellings(kind: str, n: int, seed: int = 22) -> list[tuple[str, str]]:
    """``n`` spellings with distinct keys (as :func:`intake.archive.entities.spelling_key`)."""
    rng = random.Random(seed)
    out: dict[str, tuple[str, str]] = {}
    while len(out) < n:
        pair = spelling(kind, rng)
        out.setdefault(spelling_key(pair[0] or pair[1]), pair)
    return list(out.values())


_ACT = Act(record_id="", reference="", origin="", version=1, version_hash="", incident_no=1,
           incident_title="", incident_date="", coi_category="", act_no=1, violation="",
           start="", end="", earliest=None, latest=None, province="", facility_type="",
           place_ko="", place_latin="", institutions=(), rome_statute=())


def acts(kind: str, names: list[tuple[str, str]]) -> list[Act]:
    """One act per spelling, as :func:`intake.archive.acts.acts` would read them."""
    if kind == "facility":
        return [replace(_ACT, record_id=f"R{i}", facility_spelling=p) for i, p in enumerate(names)]
    return [replace(_ACT, record_id=f"R{i}", unit_spellings=(p,)) for i, p in enumerate(names)]


def all_pairs(vault: Vault, kind: str, selected: list[Act]) -> list[entities.Proposal]:
    """The proposals the straightforward way: every spelling against every other name with
    :func:`intake.archive.likeness.likeness` (as before issue 22), the reference."""
    resolver = entities.Resolver(vault)
    resolver.apply(selected)
    apart = {(str(a), str(b)) for a, b in vault.query(
        "SELECT a, b FROM entity_apart WHERE kind = ?", (kind,))}
    used = {entities.spelling_key(p[0] or p[1]) for a in selected for p in (
        [a.facility_spelling] if kind == "facility" else a.unit_spellings) if any(p)}
    mine = sorted(k for k in used if (kind, k) not in resolver.targets)
    candidates = {e.id: [likeness.normalise(t) for t in (*e.name.values(), *e.aliases)]
                  for e in gazetteer(entities.GAZETTEER[kind]).values()}
    for k in mine:
        candidates[k] = [likeness.normalise(t) for t in resolver.names[k] if t]
    out = []
    for s in mine:
        for t, other in candidates.items():
            if t == s or (entities.is_spelling(t) and t < s):
                continue
            if tuple(sorted((s, t))) in apart or resolver.root(kind, t) == s:
                continue
            score = max((likeness.likeness(a, b) for a in candidates[s] for b in other),
                        default=0.0)
            if score >= likeness.THRESHOLD:
                out.append(entities.Proposal(kind, s, t, resolver.name(s), resolver.name(t),
                                             score))
    out.sort(key=lambda p: (-p.score, p.spelling, p.target))
    return out
