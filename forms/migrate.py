"""Moving a record's answers from one version of a form to the next, as a shown mapping.

A correction of a record keeps its form version unless the interviewer asks for
a later one; then :func:`mapping` says, answer by answer, where each goes, and
nothing moves without that list being shown (``intake record correct ID
--to-version 2 --show``; the app shows it before asking). An answer is carried
when the later version has a field at the same place of the same type and
vocabulary, or when a rule below says how; every other answer is listed as not
carried (it stays in the earlier sealed version, which the chain keeps).
Questions new in the later version stay unanswered until the witness is asked.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forms.fields import Field
from forms.form import Form

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Step:
    """One line of the mapping: ``source`` (abstract path) goes to ``target`` (None: not
    carried), ``count`` answers, with why in both languages."""

    source: str
    target: str | None
    count: int
    en: str
    ko: str

    def line(self, lang: str = "en") -> str:
        arrow = (
            f"{self.source} -> {self.target}" if self.target else f"{self.source} -> (not carried)"
        )
        return f"{arrow} [{self.count}]: {self.en if lang == 'en' else self.ko}"


Convert = Callable[[object], object]
#: nk-testimony 1 -> 2: answers that move or change shape (source abstract path ->
#: target abstract path, conversion, why in English and Korean).
RULES: dict[tuple[str, int, int], dict[str, tuple[str, Convert, str, str]]] = {
    ("nk-testimony", 1, 2): {
        "incidents.acts.rome_statute": (
            "incidents.acts.rome_statute",
            lambda v: [v],
            "one heading becomes the first of a list (an act can fall under several)",
            "항목 하나가 목록의 첫 항목이 됩니다 (한 행위가 여러 항목에 해당할 수 있음)",
        ),
        "session.earlier_interviews.by_whom": (
            "conditions.earlier_accounts.by_whom",
            lambda v: v,
            "earlier interviews moved to the interview conditions",
            "이전 면담은 면담 조건으로 옮겨졌습니다",
        ),
        "session.earlier_interviews.when": (
            "conditions.earlier_accounts.when",
            lambda v: v,
            "earlier interviews moved to the interview conditions",
            "이전 면담은 면담 조건으로 옮겨졌습니다",
        ),
        "consent.withdrawal_scope": (
            "consent.withdrawal_note",
            lambda v: v,
            "the free-text scope is kept as the witness's words; the structured scope is"
            " 'everything', as version 1 enforced",
            "자유 기술 범위는 증언자의 말로 남고,"
            " 구조화된 범위는 버전 1이 적용한 대로 '전부'입니다",
        ),
        "statement.read_back": (
            "closing.read_back",
            lambda v: {"yes": "read_back", "no": "not_done"}.get(str(v)),
            "read back is now asked with the consent confirmed at the end",
            "읽어 주기는 이제 마지막 동의 확인에서 묻습니다",
        ),
        "statement.acknowledged": (
            "closing.accuracy_confirmed",
            lambda v: v,
            "acknowledgement is now asked with the consent confirmed at the end",
            "확인은 이제 마지막 동의 확인에서 묻습니다",
        ),
        "incidents.source.reliability": (
            "incidents.acts.reliability",
            lambda v: v,
            "reliability is now graded per act: each act of the incident gets it",
            "신뢰도는 이제 행위마다 평가합니다: 사건의 모든 행위에 적용됩니다",
        ),
    }
}


def _tokens(path: str) -> list[str | int]:
    return [
        m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _TOKEN.finditer(path)
    ]


def _concrete(form: Form, abstract: str, indices: list[int]) -> str:
    """``abstract`` with ``indices`` placed after each repeating group, in order."""
    out, prefix = "", ""
    pending = list(indices)
    for key in abstract.split("."):
        prefix = f"{prefix}.{key}" if prefix else key
        out = f"{out}.{key}" if out else key
        each = form.field(prefix)
        if each.repeat and prefix != abstract:
            out += f"[{pending.pop(0) if pending else 0}]"
    return out


def _set(doc: dict[str, Any], path: str, value: object) -> None:
    tokens = _tokens(path)
    node: Any = doc
    for token, following in zip(tokens, tokens[1:], strict=False):
        if isinstance(token, int):
            while len(node) <= token:
                node.append({})
            node = node[token]
        else:
            node = node.setdefault(token, [] if isinstance(following, int) else {})
    node[tokens[-1]] = value


def _same_kind(a: Field, b: Field) -> bool:
    return a.type == b.type and a.vocabulary == b.vocabulary and a.gazetteer == b.gazetteer


def mapping(source: Form, target: Form, doc: dict[str, Any]) -> tuple[dict[str, Any], list[Step]]:
    """The document for ``target`` and the steps that made it, grouped by source field."""
    rules = RULES.get((source.id, source.version, target.version), {})
    out: dict[str, Any] = {}
    counts: dict[tuple[str, str | None, str, str], int] = {}

    def note(src: str, tgt: str | None, en: str, ko: str) -> None:
        counts[(src, tgt, en, ko)] = counts.get((src, tgt, en, ko), 0) + 1

    for each, value, path in source.walk(doc):
        if each.is_container or path.endswith("]"):
            continue
        indices = [t for t in _tokens(path) if isinstance(t, int)]
        if each.path in rules:
            tgt_abs, convert, en, ko = rules[each.path]
            converted = convert(value)
            if converted is None:
                note(each.path, None, "no equivalent answer", "대응하는 답이 없음")
                continue
            if each.path == "incidents.source.reliability":  # to every act of the incident
                acts = doc["incidents"][indices[0]].get("acts") or []
                for j in range(len(acts)):
                    _set(out, _concrete(target, tgt_abs, [indices[0], j]), converted)
            else:
                _set(out, _concrete(target, tgt_abs, indices), converted)
            note(each.path, tgt_abs, en, ko)
            continue
        try:
            there = target.field(each.path)
        except KeyError:
            there = None
        if there is None or not _same_kind(each, there):
            note(
                each.path,
                None,
                "no field of the same kind in the new version; kept in the earlier sealed version",
                "새 버전에 같은 종류의 항목이 없어 이전 봉인 버전에만 남습니다",
            )
            continue
        _set(out, _concrete(target, each.path, indices), copy.deepcopy(value))
        note(each.path, each.path, "same question", "같은 질문")
    # Structured answers the new version needs where version 1 implied them.
    if (source.id, source.version, target.version) == ("nk-testimony", 1, 2):
        for entry in (out.get("conditions") or {}).get("earlier_accounts", []):
            entry.setdefault("kind", "other")
            note(
                "session.earlier_interviews",
                "conditions.earlier_accounts.kind",
                "kind of earlier account set to 'other'; ask the witness",
                "이전 진술의 종류를 '기타'로 두었습니다. 증언자에게 확인하십시오",
            )
        consent = out.get("consent") or {}
        if consent.get("withdrawn") == "yes":
            consent["withdrawal_scope"] = "everything"
            note(
                "consent.withdrawn",
                "consent.withdrawal_scope",
                "a version 1 withdrawal covered everything",
                "버전 1의 철회는 전부에 적용되었습니다",
            )
    steps = [Step(s, t, n, en, ko) for (s, t, en, ko), n in counts.items()]
    return out, steps
