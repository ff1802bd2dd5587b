"""Realistic, deterministic record documents built from the real default form.

Each record has several incidents with one to three acts, a Korean narrative of a few
thousand characters and its English translation. Sentences are put together from word
lists with a seeded random generator, so record ``i`` is the same in every run.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import forms

FORM_ID = "nk-testimony"
FORM_VERSION = 1  # the corpus is written for version 1 (v2 is now the default)

KO_SUBJECTS = [
    "저는",
    "어머니는",
    "남편은",
    "제 동생은",
    "같은 감방의 여성은",
    "보위원은",
    "안전원은",
    "경비대원은",
    "마을 사람들은",
    "담당 보위원은",
    "옆 감방의 남자는",
    "아버지는",
]
KO_PLACES = [
    "요덕관리소에서",
    "개천교화소에서",
    "온성 보위부 구류장에서",
    "회령 집결소에서",
    "청진 노동단련대에서",
    "무산 국경에서",
    "두만강 근처에서",
    "중국 공안국에서",
    "함경북도 보위국에서",
    "신의주 안전부 구류장에서",
    "평양 외곽에서",
    "혜산 시장에서",
]
KO_ACTS = [
    "고문을 당했습니다",
    "구타를 당했습니다",
    "강제노동을 했습니다",
    "심문을 받았습니다",
    "식량을 받지 못했습니다",
    "공개처형을 보았습니다",
    "강제송환되었습니다",
    "몇 주 동안 구금되었습니다",
    "무릎을 꿇고 앉아 있어야 했습니다",
    "잠을 자지 못했습니다",
    "가족의 소식을 듣지 못했습니다",
    "한국 드라마를 본 이유로 처벌받았습니다",
]
KO_TIMES = [
    "2008년 봄에",
    "그해 겨울에",
    "체포된 지 사흘 뒤에",
    "1997년 고난의 행군 때",
    "딸의 생일 직후에",
    "새벽마다",
    "매일 밤",
    "석 달 동안",
    "송환된 첫 주에",
    "2011년 가을에",
]
KO_TAILS = [
    "그때의 일을 지금도 잊을 수 없습니다.",
    "함께 있던 사람들도 그것을 보았습니다.",
    "이름은 모르지만 안경을 쓴 사람이었습니다.",
    "다른 사람들도 같은 일을 겪었다고 들었습니다.",
    "그 뒤로 몸이 많이 약해졌습니다.",
    "아무도 이유를 설명해 주지 않았습니다.",
]
EN_SUBJECTS = [
    "I",
    "My mother",
    "My husband",
    "My younger brother",
    "The woman in my cell",
    "The interrogator",
    "The guards",
    "People from the village",
    "The MSS officer",
    "The man in the next cell",
]
EN_ACTS = [
    "was interrogated",
    "was beaten",
    "was forced to work",
    "was held for weeks",
    "was denied food",
    "saw a public execution",
    "was forcibly repatriated",
    "had to kneel motionless",
    "was kept awake",
    "was punished for watching foreign films",
]
EN_PLACES = [
    "at the Yodok camp",
    "in the Kaechon prison",
    "in the Onsong detention centre",
    "at the Hoeryong holding centre",
    "in the Chongjin labour training unit",
    "near the Tumen river",
    "at the Chinese public security bureau",
    "in Hyesan market",
]
EN_TIMES = [
    "in spring 2008",
    "that winter",
    "three days after the arrest",
    "during the famine",
    "shortly after my daughter's birthday",
    "every morning",
    "every night",
    "for three months",
]
EN_TAILS = [
    "I still remember it clearly.",
    "The others in the room saw it too.",
    "I do not know his name, but he wore glasses.",
    "Others told me the same happened to them.",
    "My health never recovered afterwards.",
    "Nobody ever told us why.",
]

VIOLATIONS = [
    "arbitrary_arrest",
    "arbitrary_detention",
    "torture",
    "beating",
    "forced_labour",
    "denial_of_food",
    "forced_repatriation",
    "public_execution",
    "guilt_by_association",
    "punishment_foreign_media",
    "surveillance",
    "sexual_violence",
]
PROVINCES = [f"KP-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15)]
COI = ["movement_residence", "detention_torture_executions", "food_and_life", "discrimination"]


def _sentence_ko(rng: random.Random) -> str:
    return (
        f"{rng.choice(KO_TIMES)} {rng.choice(KO_SUBJECTS)} {rng.choice(KO_PLACES)} "
        f"{rng.choice(KO_ACTS)}. {rng.choice(KO_TAILS)}"
    )


def _sentence_en(rng: random.Random) -> str:
    return (
        f"{rng.choice(EN_TIMES).capitalize()} {rng.choice(EN_SUBJECTS).lower()} "
        f"{rng.choice(EN_ACTS)} {rng.choice(EN_PLACES)}. {rng.choice(EN_TAILS)}"
    )


def text(rng: random.Random, chars: int, korean: bool) -> str:
    """Paragraphs of varied sentences, about ``chars`` characters long."""
    out: list[str] = []
    size = 0
    para: list[str] = []
    while size < chars:
        s = _sentence_ko(rng) if korean else _sentence_en(rng)
        para.append(s)
        size += len(s) + 1
        if len(para) == 5:
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out)


def _coi_codes(form: forms.Form) -> list[str]:
    codes = set(form.vocabulary_codes.get("coi-categories", []))
    return [c for c in COI if c in codes] or sorted(codes)


def document(index: int, seed: int = 8, narrative_chars: int = 3000) -> dict[str, Any]:
    """Record ``index`` of the corpus: a valid draft of the default form, ready to seal."""
    form = forms.load_form(FORM_ID, FORM_VERSION)
    rng = random.Random(seed * 1_000_003 + index)
    doc = copy.deepcopy(form.example())
    doc["record"]["reference"] = f"ORG-{2010 + index % 16}-{index:06d}"
    doc["interviewee"]["pseudonym"] = f"W-{index:06d}"
    doc["interviewee"]["province_of_origin"] = rng.choice(PROVINCES)
    day = 1 + index % 28
    doc["session"]["start"] = f"{2012 + index % 14}-{1 + index % 12:02d}-{day:02d}T01:30:00Z"
    doc["session"]["end"] = f"{2012 + index % 14}-{1 + index % 12:02d}-{day:02d}T05:10:00Z"
    template = doc["incidents"][0]
    coi = _coi_codes(form)
    incidents = []
    for n in range(rng.randint(2, 5)):
        inc = copy.deepcopy(template)
        year = rng.randint(1994, 2019)
        inc["title"] = f"{rng.choice(EN_ACTS).capitalize()} {rng.choice(EN_PLACES)}, {year}"
        inc["description"] = text(rng, 400, korean=n % 2 == 0)
        month = rng.randint(1, 12)
        # a year, a month (approximate), a season, or the day itself (a quarter of them: the
        # list's tallies hold a row per day, so a vault's dates are spread as real ones are)
        inc["date"] = rng.choice([
            f"{year}", f"{year}-{month:02d}~", f"{year}-21",
            f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
        ])
        inc["place"]["province"] = rng.choice(PROVINCES)
        inc["coi_category"] = rng.choice(coi)
        acts = []
        for _ in range(rng.randint(1, 3)):
            act = copy.deepcopy(template["acts"][0])
            act["type"] = rng.choice(VIOLATIONS)
            if act["type"] != "forced_repatriation":
                act.pop("repatriation_stage", None)
            act["place"]["province"] = inc["place"]["province"]
            act["consequences"] = text(rng, 200, korean=False)
            act["start"] = f"{year}"
            act["end"] = f"{year}"
            acts.append(act)
        inc["acts"] = acts
        incidents.append(inc)
    doc["incidents"] = incidents
    for att in doc.get("attachments", []):
        att["incident_number"] = 1
        att["act_number"] = 1
    doc["statement"]["narrative"] = text(rng, narrative_chars, korean=True)
    doc["statement"]["translations"][0]["text"] = text(rng, narrative_chars, korean=False)
    # Plain JSON types, as every document read back from the vault is.
    result: dict[str, Any] = json.loads(json.dumps(doc))
    return result


def edit(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The document after a few seconds of typing: one more sentence in the narrative."""
    out = copy.deepcopy(doc)
    out["statement"]["narrative"] += " " + _sentence_ko(rng)
    return out


KOREAN_QUERIES = ["관리소", "고문", "보위부 구류장", "강제송환", "공개처형", "한국 드라마"]
ENGLISH_QUERIES = ["interrogated", "Yodok camp", "public execution", "famine", "glasses", "Tumen"]
