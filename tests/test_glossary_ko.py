"""The Korean glossary (docs/glossary-ko.md) is obeyed by the catalog and every form file.

The rules are read from the glossary's ``rules`` block, so the page a
documenter reads and the check are one text. Every file in
forms/definitions/ and forms/vocabularies/ is scanned, so a form added later
is held to the same words.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary-ko.md"
CATALOG = ROOT / "ui" / "i18n" / "intake_ko.ts"
FORM_DIRS = (ROOT / "forms" / "definitions", ROOT / "forms" / "vocabularies")
#: Keys whose bilingual text is read aloud to the witness (a form may add them).
WITNESS_KEYS = {"question", "ask", "read_aloud"}
#: Vocabularies read aloud to the witness as they are.
WITNESS_VOCABULARIES = {"consent-explanations.yaml"}


@dataclass(frozen=True)
class Rule:
    scope: str
    forbidden: re.Pattern[str]
    when_english: re.Pattern[str] | None
    why: str


@dataclass(frozen=True)
class Text:
    where: str
    en: str
    ko: str
    witness: bool


def load_rules() -> list[Rule]:
    block = re.search(r"```rules\n(.*?)```", GLOSSARY.read_text(encoding="utf-8"), re.S)
    assert block, "docs/glossary-ko.md has no ```rules block"
    rules = []
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        scope, forbidden, when, why = (part.strip() for part in line.split(" | "))
        assert scope in ("ko", "both", "witness"), line
        rules.append(
            Rule(
                scope,
                re.compile(forbidden),
                None if when == "-" else re.compile(when, re.I),
                why,
            )
        )
    return rules


def catalog_texts() -> list[Text]:
    texts = []
    for context in ET.parse(CATALOG).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            forms_ = [n.text or "" for n in translation.iter("numerusform")]
            for ko in forms_ or [translation.text or ""]:
                texts.append(Text(f"catalog {name}: {source!r}", source, ko, False))
    return texts


def _walk(node: object, where: str, witness: bool, out: list[Text]) -> None:
    if isinstance(node, dict):
        en, ko = node.get("en"), node.get("ko")
        if isinstance(en, str) and isinstance(ko, str):
            out.append(Text(where, en, ko, witness or en.rstrip().endswith("?")))
        for key, value in node.items():
            _walk(value, f"{where}.{key}", witness or key in WITNESS_KEYS, out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, f"{where}[{i}]", witness, out)


def form_files() -> list[Path]:
    return sorted(p for d in FORM_DIRS for p in d.glob("*.yaml"))


def form_texts(path: Path) -> list[Text]:
    out: list[Text] = []
    _walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name,
          path.name in WITNESS_VOCABULARIES, out)  # fmt: skip
    return out


def violations(texts: list[Text], rules: list[Rule]) -> list[str]:
    found = []
    for t in texts:
        for rule in rules:
            if rule.when_english is not None and not rule.when_english.search(t.en):
                continue
            if rule.scope == "witness" and not t.witness:
                continue
            targets = [t.ko, t.en] if rule.scope == "both" else [t.ko]
            for text in targets:
                hit = rule.forbidden.search(text)
                if hit:
                    found.append(f"{t.where}: {text!r} uses {hit.group(0)!r} ({rule.why})")
    return found


RULES = load_rules()


def test_the_rules_catch_what_the_issue_found() -> None:
    """The checker is not blind: the reviewers' findings are caught (and the fixes are not)."""
    bad = [
        Text("x", "Passphrase", "암호문", False),
        Text("x", "Sealed version %1.", "판 %1을 봉인했습니다.", False),
        Text("x", "Start (UTC)", "시작 시각", False),
        Text("x", "Type", "형식", False),
        Text("x", "&Provenance", "출처(&P)", False),
        Text("x", "Emergency wipe", "긴급 삭제", False),
        Text("x", "May the audio recording be used?", "녹음 파일을 사용해도 됩니까?", True),
        Text("x", "Songbun", "성분 배경", False),
    ]
    for text in bad:
        assert violations([text], RULES), text
    good = [
        Text("x", "Passphrase", "암호 문구", False),
        Text("x", "Sealed version %1.", "버전 %1을(를) 봉인했습니다.", False),
        Text("x", "Court", "재판소", False),
        Text("x", "Type", "유형", False),
        Text("x", "Remove", "삭제", False),
        Text("x", "%1 records", "기록 %1건", False),
    ]
    assert violations(good, RULES) == []


def test_catalog_follows_the_glossary() -> None:
    texts = catalog_texts()
    assert len(texts) > 300
    assert violations(texts, RULES) == []


def test_every_form_file_is_scanned() -> None:
    names = {p.name for p in form_files()}
    assert "nk-testimony.v1.yaml" in names and "risks.yaml" in names
    for directory in FORM_DIRS:  # nothing in the form folders escapes the scan
        assert {p.name for p in directory.iterdir() if p.suffix in (".yaml", ".yml")} <= names


@pytest.mark.parametrize("path", form_files(), ids=lambda p: p.name)
def test_form_labels_follow_the_glossary(path: Path) -> None:
    texts = form_texts(path)
    assert texts, f"{path.name} has no bilingual text"
    assert violations(texts, RULES) == []
