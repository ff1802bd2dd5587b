"""The PDF statement, read back with poppler's tools (pdftotext, pdffonts, pdfinfo)."""

from __future__ import annotations

import hashlib
import io
import random
import re
import subprocess
from pathlib import Path

import pytest

from intake.handover import layout
from intake.handover.layout import MARGIN, PAGE_SIZE, StatementError, render_statement
from intake.handover.model import Block, Row, Statement

REFERENCE = "ORG-2026-0042"
VERSION_HASH = hashlib.sha256(b"sealed version 1").hexdigest()

_WHO = ["저는", "제 남편은", "어머니와 저는", "같은 마을 사람 세 명이", "제 동생은", "우리 가족은"]
_WHERE = [
    "요덕관리소에서",
    "회령 보위부 구류장에서",
    "신의주 집결소에서",
    "함경북도 무산군 노동단련대에서",
    "중국 도문 변방구류소에서",
    "전거리 교화소에서",
]
_WHAT = [
    "고문을 당했습니다",
    "매일 열네 시간씩 강제노동을 했습니다",
    "강제송환된 뒤 조사를 받았습니다",
    "공개처형을 목격했습니다",
    "식량을 받지 못해 굶주렸습니다",
    "무릎을 꿇은 채 움직이지 못하게 하는 벌을 받았습니다",
]
_WHEN = ["1998년 봄에", "2003년 겨울에", "고난의 행군 시기에", "열일곱 살 때", "2011년 3월 무렵에"]


def korean_narrative(paragraphs: int, seed: int = 7) -> str:
    """Varied Korean testimony; each paragraph opens with a unique marker sentence."""
    rng = random.Random(seed)
    out = []
    for n in range(paragraphs):
        sentences = [f"증언 문단 {n + 1}번입니다."]
        for _ in range(rng.randint(4, 9)):
            sentences.append(
                f"{rng.choice(_WHEN)} {rng.choice(_WHO)} {rng.choice(_WHERE)} {rng.choice(_WHAT)}."
            )
        if n % 5 == 2:
            sentences.append('Interpreter: the witness said "bowibu" <MSS> & pointed to 지도.')
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def make_statement(narrative: str, **changes: object) -> Statement:
    st = Statement(
        reference=REFERENCE,
        title="Testimony of witness W-17 / 증인 W-17의 진술",
        profile="redacted",
        version_hash=VERSION_HASH,
        cover=[
            Row("Form / 양식", "coi-default v1"),
            Row("Interview date / 면담 날짜", "2026-03-01 09:00–12:30 UTC"),
            Row("Place / 장소", "Seoul (general area) / 서울"),
            Row("Interviewer / 면담자", "FPR 1A2B 3C4D"),
            Row("Languages / 언어", "Korean, English / 한국어, 영어"),
            Row("Consent / 동의", "UN OHCHR: pseudonym only; ICC: pseudonym only. " * 3),
        ],
        blocks=[
            Block(
                "Incident 1 / 사건 1: 강제송환",
                rows=[Row("Date / 날짜", "1998-03~ (spring, 봄)"), Row("Place / 장소", "온성")],
                paragraphs=["The witness was handed over at the bridge."],
                children=[
                    Block(
                        "Act 1.1 / 행위 1.1: 고문",
                        rows=[Row("Type / 유형", "torture 고문"), Row("Facility / 시설", "구류장")],
                        children=[
                            Block(
                                "Person / 인물: perpetrator group",
                                rows=[Row("Institution / 기관", "국가보위성 (Bowibu)")],
                            )
                        ],
                    )
                ],
            )
        ],
        narrative_heading="Narrative / 진술 (verbatim)",
        narrative=narrative,
        attachments=[Row("map-sketch.jpg", "sha256 " + "ab" * 32 + " · 48213 bytes")],
        history=[Row("v1 sealed 2026-03-01T12:40Z by 1A2B 3C4D", VERSION_HASH)],
    )
    for name, value in changes.items():
        setattr(st, name, value)
    return st


def render_to(tmp_path: Path, st: Statement, name: str = "statement.pdf") -> tuple[Path, int]:
    buf = io.BytesIO()
    pages = render_statement(st, buf)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path, pages


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def page_texts(pdf: Path, *mode: str) -> list[str]:
    """Text per page; mode "-raw" keeps content-stream order (table rows on one line)."""
    pages = run("pdftotext", *mode, "-enc", "UTF-8", pdf, "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    return " ".join(text.split())


def body_text(pages: list[str]) -> str:
    """All page text without the footers, joined, whitespace-normalised."""
    kept = []
    for page in pages:
        for line in page.splitlines():
            footer = r"\s*(page \d+ of \d+ / \d+쪽 중 \d+쪽|Initials / 이니셜: _+)\s*"
            if re.fullmatch(footer, line):
                continue
            if line.startswith(f"{REFERENCE} · ") or re.fullmatch(r"\s*\d+\.\s*", line):
                continue  # the footer; a paragraph's number
            kept.append(line)
    return squash("\n".join(kept))


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    narrative = korean_narrative(60)
    path, pages = render_to(tmp_path_factory.mktemp("statement"), make_statement(narrative))
    return path, pages, narrative


def test_page_count_matches_pdfinfo(long_pdf: tuple[Path, int, str]) -> None:
    path, pages, _ = long_pdf
    assert pages >= 5  # several pages of narrative, as the fixture intends
    info = run("pdfinfo", path)
    assert re.search(rf"^Pages:\s+{pages}$", info, re.M)


def test_nanum_fonts_embedded_and_nothing_else(long_pdf: tuple[Path, int, str]) -> None:
    path, _, _ = long_pdf
    rows = run("pdffonts", path).splitlines()[2:]
    assert rows, "pdffonts listed no fonts"
    names = [r.split()[0] for r in rows]
    assert any(n.endswith("+NanumGothic") for n in names)
    assert any(n.endswith("+NanumGothic-Bold") or n.endswith("+NanumGothicBold") for n in names)
    for row in rows:
        # columns: name type encoding emb sub uni object ID ("TrueType" is one word)
        assert "Nanum" in row.split()[0], row
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_narrative_comes_back_whole(long_pdf: tuple[Path, int, str]) -> None:
    path, _, narrative = long_pdf
    text = body_text(page_texts(path))
    assert "\ufffd" not in text
    assert not re.search(r"[\ue000-\uf8ff]", text)  # no private-use garbage glyphs
    # Every paragraph, in order, exactly (whitespace aside), across page breaks.
    paragraphs = [squash(p) for p in narrative.split("\n\n")]
    position = 0
    for p in paragraphs:
        found = text.find(p, position)
        assert found >= 0, f"paragraph missing or altered: {p[:40]}"
        position = found + len(p)
    # Paragraphs stay paragraphs: each one starts on a line of its own.
    raw = "\n".join(page_texts(path))
    starts = re.findall(r"^증언 문단 (\d+)번입니다\.", raw, re.M)
    assert starts == [str(n) for n in range(1, len(paragraphs) + 1)]


def test_footer_on_every_page(long_pdf: tuple[Path, int, str]) -> None:
    path, pages, _ = long_pdf
    texts = page_texts(path)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {pages}" in text
        assert REFERENCE in text
        assert VERSION_HASH[:16] in text
        assert "redacted" in text


def test_cover_shows_reference_title_profile_and_full_hash(
    long_pdf: tuple[Path, int, str],
) -> None:
    pages = page_texts(long_pdf[0], "-raw")
    cover = pages[0]
    for expected in (REFERENCE, "증인 W-17의 진술", "redacted", VERSION_HASH, "coi-default v1"):
        assert expected in cover
    assert "Export profile / 내보내기 프로필 redacted" in cover
    later = squash("\n".join(pages[1:]))
    for expected in ("사건 1: 강제송환", "국가보위성 (Bowibu)", "ab" * 32, "map-sketch.jpg"):
        assert expected in later
    assert "v1 sealed 2026-03-01T12:40Z" in later


def test_xml_special_characters_render_literally(tmp_path: Path) -> None:
    st = make_statement(
        "if a < b && c > d then <script>alert(1)</script> &amp; 끝",
        title="<Title> & co",
        blocks=[Block("<b>not bold</b>", rows=[Row("x < y", "a & b > c")], paragraphs=["<br/>"])],
    )
    path, _ = render_to(tmp_path, st)
    text = squash("\n".join(page_texts(path, "-raw")))
    for expected in (
        "if a < b && c > d then <script>alert(1)</script> &amp; 끝",
        "<Title> & co",
        "<b>not bold</b>",
        "x < y",
        "a & b > c",
        "<br/>",
    ):
        assert expected in text


def test_long_runs_wrap_inside_the_margins(tmp_path: Path) -> None:
    run_ko = "요덕관리소" * 80  # 400 syllables without a space
    run_en = "x" * 500
    long_value = "고문 " * 900  # a table value longer than one page
    st = make_statement(
        f"{run_ko}\n\n{run_en}\n\nmixed English 그리고 한국어 text 문장.",
        cover=[Row("Consent / 동의", long_value)],
    )
    path, pages = render_to(tmp_path, st)
    assert pages >= 3
    # Nothing is drawn outside the text area (poppler's word boxes).
    page_width = PAGE_SIZE[0]
    html = run("pdftotext", "-bbox", path, "-")
    xs = [float(x) for x in re.findall(r'xMax="([\d.]+)"', html)]
    assert xs and max(xs) <= page_width - MARGIN + 1
    # The runs come back complete (line breaks aside).
    flat = re.sub(r"\s+", "", "\n".join(page_texts(path)))
    assert run_ko in flat and run_en in flat
    assert flat.count("고문") >= 900


def test_newlines_inside_a_paragraph_are_kept(tmp_path: Path) -> None:
    st = make_statement("첫째 줄입니다\n둘째 줄입니다\n\n새 문단입니다")
    path, _ = render_to(tmp_path, st)
    raw = "\n".join(page_texts(path))
    assert re.search(r"첫째 줄입니다\n둘째 줄입니다\n", raw)


def test_output_is_deterministic(tmp_path: Path) -> None:
    st = make_statement(korean_narrative(8))
    first, second = io.BytesIO(), io.BytesIO()
    assert render_statement(st, first) == render_statement(st, second)
    assert first.getvalue() == second.getvalue()


def test_full_profile_in_every_footer(tmp_path: Path) -> None:
    path, pages = render_to(tmp_path, make_statement(korean_narrative(20), profile="full"))
    texts = page_texts(path)
    assert len(texts) == pages > 1
    assert all(f"· full · sha256 {VERSION_HASH[:16]}" in t for t in texts)


@pytest.mark.parametrize(
    "changes",
    [{"profile": "everything"}, {"version_hash": "abc"}, {"version_hash": "G" * 64}],
)
def test_bad_model_is_refused(changes: dict[str, object]) -> None:
    out = io.BytesIO()
    with pytest.raises(StatementError):
        render_statement(make_statement("x", **changes), out)
    assert out.getvalue() == b""


def test_empty_sections_render(tmp_path: Path) -> None:
    st = make_statement("", cover=[], blocks=[Block("Empty / 빈 블록")], attachments=[], history=[])
    path, pages = render_to(tmp_path, st)
    text = squash("\n".join(page_texts(path, "-raw")))
    assert pages == 2
    assert "Attachments / 첨부 파일 None / 없음 Version history / 버전 이력 None / 없음" in text
    assert "Empty / 빈 블록" in text


def test_nested_blocks_are_indented_by_depth(tmp_path: Path) -> None:
    st = make_statement("x")  # incident -> act -> person
    path, _ = render_to(tmp_path, st)
    html = run("pdftotext", "-bbox", path, "-")

    def x_of(word: str) -> float:
        found = re.search(rf'xMin="([\d.]+)"[^>]*>{re.escape(word)}</word>', html)
        assert found, word
        return float(found.group(1))

    incident, act, person = x_of("Incident"), x_of("Act"), x_of("Person")
    assert incident < act < person


def test_what_one_statement_keeps_changes_nothing_in_the_next(tmp_path: Path) -> None:
    """Labels and values parsed and broken into lines for one statement are reused by the
    next in the same process (layout._PARSED, _LINES): the next comes out byte for byte as
    with nothing kept, and an answer changed under the same label shows the new answer,
    never the kept one."""
    st = make_statement(korean_narrative(6))
    layout.forget()
    cold = io.BytesIO()
    render_statement(st, cold)
    assert layout._PARSED and layout._LINES  # short paragraphs were kept
    other = make_statement(korean_narrative(4, seed=3))
    render_statement(other, io.BytesIO())
    warm = io.BytesIO()
    render_statement(st, warm)
    assert warm.getvalue() == cold.getvalue()

    changed = make_statement(korean_narrative(6))
    changed.cover = [
        Row("Place / 장소", "Busan (general area) / 부산") if r.label == "Place / 장소" else r
        for r in changed.cover
    ]
    path, _ = render_to(tmp_path, changed)
    text = body_text(page_texts(path))
    assert "Busan (general area) / 부산" in text
    assert "Seoul (general area) / 서울" not in text
    layout.forget()
    assert not layout._PARSED and not layout._LINES
