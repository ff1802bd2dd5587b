"""The neutral model of a statement: what the PDF shows, already chosen and worded, in the
witness's order. :mod:`intake.handover.statement` builds it from a record, the read-back
from a draft; :mod:`intake.handover.layout` lays it out (and nothing here knows of PDF)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace


@dataclass
class Row:
    """One label/value line; labels are already bilingual ("Date / 날짜")."""

    label: str
    value: str


@dataclass
class Block:
    """A titled section with rows, free paragraphs and nested sub-blocks."""

    heading: str
    rows: list[Row] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


@dataclass
class Declaration:
    """A declaration, certification or attestation in both languages, with lines to sign."""

    heading: str
    texts: list[str]  # the same declaration in each language, the witness's first
    signer: str  # who signs: "Witness / 증언자: W-0117"


@dataclass
class SignatureBlock:
    """What the visible signature block says; filled from the real signing key."""

    signer: str
    signed_at: str
    fingerprint: str
    version_hash: str


@dataclass
class Statement:
    """Everything the PDF shows, already chosen for the export profile."""

    reference: str
    title: str
    profile: str
    version_hash: str
    cover: list[Row]
    blocks: list[Block]  # the annexes the profile allows
    narrative_heading: str
    narrative: str
    attachments: list[Row]
    history: list[Row]
    pseudonym: str = ""
    lang: str = "en"  # BCP 47 tag of the witness's language, for the PDF's /Lang
    translations: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)
    chronology: list[Row] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    withheld: list[Row] = field(default_factory=list)
    signature: SignatureBlock | None = None
    korean_first: bool = False  # a Korean witness: "증언자 / Witness", Korean text first


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# "English / 한국어: value" where the value is not bilingual itself
_LABEL_VALUE = re.compile(r"([^/\n]+?) / ([^/\n]+?): ([^/\n]*)")


def korean_first(text: str) -> str:
    """``English / 한국어`` (each line, and ``English / 한국어: value``) as ``한국어 / English``."""
    lines = []
    for line in text.split("\n"):
        if "[" in line:  # a withheld mark, already in the witness's order
            lines.append(line)
            continue
        parts = line.split(" / ")
        m = _LABEL_VALUE.fullmatch(line)
        if m and _HANGUL.search(m[2]) and not _HANGUL.search(m[1] + m[3]):
            line = f"{m[2]} / {m[1]}: {m[3]}"
        elif len(parts) == 2 and _HANGUL.search(parts[1]) and not _HANGUL.search(parts[0]):
            line = f"{parts[1]} / {parts[0]}"
        lines.append(line)
    return "\n".join(lines)


def in_witness_order(st: Statement) -> Statement:
    """``st`` with every bilingual label, heading and short value in the witness's order;
    the narrative and its translations are never touched."""
    if not st.korean_first:
        return st
    k = korean_first

    def rows(items: list[Row]) -> list[Row]:
        return [Row(k(r.label), k(r.value)) for r in items]

    def block(b: Block) -> Block:
        return Block(k(b.heading), rows(b.rows), list(b.paragraphs), [block(c) for c in b.children])

    return replace(
        st,
        title=k(st.title),
        cover=rows(st.cover),
        blocks=[block(b) for b in st.blocks],
        narrative_heading=k(st.narrative_heading),
        attachments=rows(st.attachments),
        history=rows(st.history),
        translations=[(k(h), text) for h, text in st.translations],
        chronology=rows(st.chronology),
        declarations=[
            Declaration(k(d.heading), list(d.texts), k(d.signer)) for d in st.declarations
        ],
        withheld=rows(st.withheld),
    )
