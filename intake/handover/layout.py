"""Render a testimony statement as a PDF (reportlab platypus).

The renderer takes a neutral :class:`Statement` model (:mod:`intake.handover.model`), so it
knows nothing of forms or records: the export builds the model, this module lays it out.

- All text is set in the vendored Nanum Gothic font, embedded as a subset, so
  Korean and English read the same on any machine and no font is ever looked
  up on the system or the network.
- Every piece of text is XML-escaped before it reaches a Paragraph: testimony
  may contain ``<``, ``&`` and ``>``.
- Lines wrap at spaces (Korean puts spaces between words, so line breaks fall
  between 어절 and text extraction gives the words back whole); a run longer
  than a line is split wherever it must.
- Every page carries a footer with the pseudonym, the reference, the export
  profile, the version hash, "page X of Y / Y쪽 중 X쪽" (drawn once the page
  count is known) and a place for the witness's initials.
- Paragraphs of the narrative and its translations are numbered alike; a
  Korean witness's statement puts Korean first in every bilingual label
  (:func:`korean_first`), never touching the testimony itself.
- The PDF is written to the given stream only: no temporary file, nothing on
  disk. Output is deterministic for the same input (reportlab ``invariant``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from intake.errors import StatementError
from intake.handover.model import (
    Block,
    Row,
    Statement,
    in_witness_order,
    korean_first,
)

FONT = "NanumGothic"
FONT_BOLD = "NanumGothic-Bold"
_FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
_FONT_FILES = {FONT: "NanumGothic.ttf", FONT_BOLD: "NanumGothicBold.ttf"}

PAGE_SIZE = A4
MARGIN = 20 * mm
FOOTER_Y = 10 * mm
_LABEL_WIDTH = 0.32
_MAX_DEPTH_INDENT = 3
PROFILES = ("redacted", "full")


def register_fonts() -> None:
    """Register the vendored Nanum fonts with reportlab (idempotent)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


#: Parsed short paragraphs by (text, style, bullet): the labels, coded values and marks of a
#: statement come back in every record (nine paragraphs in ten were seen before). In memory
#: only, bounded, emptied by :func:`forget` at the end of a handover; a narrative's
#: paragraphs (longer, never the same twice) are not kept.
_PARSED: dict[tuple[str, ParagraphStyle, str | None], tuple[str, ParagraphStyle, list[Any]]] = {}
_PARSED_MAX = 4096
_PARSED_TEXT = 240  # characters
#: The lines of such a paragraph on one line of fragments (no ``<br/>``), by its key and
#: width: what :meth:`Paragraph.wrap` sets, shared (drawing and splitting only read them).
_LINES: dict[tuple[tuple[str, ParagraphStyle, str | None], float], dict[str, Any]] = {}
_WRAP_STATE = frozenset(
    ("width", "height", "blPara", "_wrapWidths", "_width_max", "_splitLongWordCount",
     "_hyphenations")
)  # fmt: skip


def forget() -> None:
    """Drop the paragraphs kept from earlier statements (at the end of a handover)."""
    _PARSED.clear()
    _LINES.clear()


class _Para(Paragraph):
    """A Paragraph parsed once per text and style, whose lines are broken once per width.

    reportlab wraps a table cell's paragraph each time the table is measured, split at a
    page or drawn, and a KeepTogether's content when it is tried and again when it is
    placed: two wraps in three at the width of the one before. The lines depend only on
    the width (and the text and style, which do not change), so the same lines are kept.
    The same text in the same style parses to the same fragments, so those are copied, and
    (on one line of fragments) breaks into the same lines at the same width, so those are
    shared: reportlab's drawing and splitting only read them (the same bytes come out).
    """

    def __init__(
        self, text: str | None, style: ParagraphStyle, bulletText: str | None = None,  # noqa: N803
        frags: list[Any] | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        if frags is not None or text is None or len(text) > _PARSED_TEXT:
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        key = self._key = (text, style, bulletText)
        hit = _PARSED.get(key)
        if hit is not None:
            cleaned, parsed_style, parsed = hit
            frags = [f.clone() for f in parsed]
            super().__init__(cleaned, parsed_style, bulletText, frags, **kwargs)
            return
        super().__init__(text, style, bulletText, **kwargs)
        if isinstance(self.bulletText, str | None):  # (a <bullet> tag's fragments: not kept)
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[key] = (self.text, self.style, [f.clone() for f in self.frags])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        memo = self.__dict__.get("_memo")
        if memo is not None and memo[0] == availWidth and self.__dict__.get("blPara") is memo[1]:
            self.width, self.height = memo[2]
            return memo[2]
        key = self.__dict__.get("_key")
        shared = _LINES.get((key, availWidth)) if key is not None else None
        if shared is not None:
            self.__dict__.update(shared)
            size = (self.width, self.height)
        else:
            size = super().wrap(availWidth, availHeight)
            if key is not None and getattr(self.blPara, "kind", None) == 0:
                if len(_LINES) >= _PARSED_MAX:
                    _LINES.clear()
                _LINES[(key, availWidth)] = {
                    k: v for k, v in self.__dict__.items() if k in _WRAP_STATE
                }
        self._memo = (availWidth, self.__dict__.get("blPara"), size)
        return size


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles, made once (parsed paragraphs are kept by style)."""
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=10,
        leading=15,
        splitLongWords=1,
        spaceAfter=4,
    )
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=13, spaceAfter=0),
        # Small enough for a whole SHA-256 in hex on one line of a value cell.
        "hash": ParagraphStyle("hash", parent=base, fontSize=8, leading=11, spaceAfter=0),
        "label": ParagraphStyle(
            "label", parent=base, fontName=FONT_BOLD, fontSize=9, leading=13, spaceAfter=0
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=26, spaceAfter=10
        ),
        "reference": ParagraphStyle(
            "reference", parent=base, fontName=FONT_BOLD, fontSize=14, leading=20
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=14,
            leading=19,
            spaceBefore=10,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=17,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=15,
            spaceBefore=6,
            spaceAfter=3,
        ),
    }


def _text(value: str) -> str:
    """Escape testimony text for a Paragraph; newlines become line breaks."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def _chunks(text: str) -> list[str]:
    """Free text split into paragraphs at blank lines, single breaks kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [c.strip("\n") for c in re.split(r"\n[ \t]*\n", text)]
    return [c for c in chunks if c.strip()]


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Free text as paragraphs (split at blank lines, keeping single breaks)."""
    return [_Para(_text(c), style) for c in _chunks(text)]


@functools.cache
def _indented(level: int) -> tuple[ParagraphStyle, ParagraphStyle]:
    """The heading and body styles of a block ``level`` deep."""
    st, indent = _styles(), level * 6 * mm
    return (
        ParagraphStyle(f"h{level + 1}i", parent=st[f"h{level + 1}"], leftIndent=indent),
        ParagraphStyle(f"body{level}", parent=st["body"], leftIndent=indent),
    )


@functools.cache
def _numbered_style(name: str) -> ParagraphStyle:
    """``name``'s style with a margin for paragraph numbers."""
    return ParagraphStyle(
        f"{name}-n", parent=_styles()[name], leftIndent=9 * mm, bulletIndent=0, bulletFontName=FONT
    )


def _rows_table(
    rows: Iterable[Row],
    width: float,
    st: dict[str, ParagraphStyle],
    indent: float = 0,
    value_style: str = "cell",
) -> Table:
    """Two-column label/value table; long values wrap and may split across pages.

    An indented table is as wide as the text column minus the indent and sits
    at the right edge, so its left edge lines up with the indented headings.
    """
    data = [
        [_Para(_text(r.label), st["label"]), _Para(_text(r.value), st[value_style])]
        for r in rows
    ]
    inner = width - indent
    label_w = inner * _LABEL_WIDTH
    table = Table(
        data,
        colWidths=[label_w, inner - label_w],
        splitInRow=1,
        hAlign="RIGHT" if indent else "LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # else the cell default is Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.95, 0.95, 0.95)),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _block(block: Block, depth: int, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A block's heading, rows and paragraphs, then its children one level deeper."""
    level = min(depth, _MAX_DEPTH_INDENT - 1)
    indent = level * 6 * mm
    heading_style, body_style = _indented(level)
    heading = _Para(escape(block.heading), heading_style)
    body: list[Flowable] = []
    if block.rows:
        body.append(_rows_table(block.rows, width, st, indent))
    for text in block.paragraphs:
        body.extend(_paragraphs(text, body_style))
    # Keep the heading with the start of its content, never alone at a page foot.
    out: list[Flowable] = [KeepTogether([heading, body[0]]) if body else heading]
    out.extend(body[1:])
    for child in block.children:
        out.extend(_block(child, depth + 1, width, st))
    return out


def _footer_canvas(st: Statement, pages: list[int]) -> type[Canvas]:
    """A canvas class that holds pages back until the total is known."""
    short_hash = st.version_hash[:16]
    who = f"{st.pseudonym} · " if st.pseudonym else ""
    left = f"{who}{st.reference} · {st.profile} · sha256 {short_hash}…"

    class FooterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                Canvas.showPage(self)
            pages.append(total)
            Canvas.save(self)

        def _draw_footer(self, number: int, total: int) -> None:
            width, _ = PAGE_SIZE
            self.saveState()
            self.setStrokeColor(colors.grey)
            self.setLineWidth(0.3)
            self.line(MARGIN, FOOTER_Y + 22, width - MARGIN, FOOTER_Y + 22)
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.black)
            self.drawString(MARGIN, FOOTER_Y, left)
            self.drawRightString(
                width - MARGIN, FOOTER_Y, f"page {number} of {total} / {total}쪽 중 {number}쪽"
            )
            self.drawRightString(width - MARGIN, FOOTER_Y + 11, "Initials / 이니셜: ________")
            self.restoreState()

    return FooterCanvas


def _check(st: Statement) -> None:
    if st.profile not in PROFILES:
        raise StatementError(f"unknown export profile {st.profile!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", st.version_hash):
        raise StatementError("version hash must be 64 lowercase hex characters (SHA-256)")


def _numbered(text: str) -> list[Flowable]:
    """Body paragraphs split at blank lines, numbered 1, 2, 3... in the margin."""
    style = _numbered_style("body")
    return [_Para(_text(c), style, bulletText=f"{n}.") for n, c in enumerate(_chunks(text), 1)]


def _sign_lines(
    signer: str, width: float, st: dict[str, ParagraphStyle], k: Callable[[str], str]
) -> Table:
    rows = [
        (k("Signature or thumbprint / 서명 또는 손도장"), ""),
        (k("Name / 성명"), signer),
        (k("Date / 날짜"), ""),
    ]
    table = Table(
        [[_Para(escape(a), st["label"]), _Para(escape(b), st["cell"])] for a, b in rows],
        colWidths=[width * 0.4, width * 0.6],
        rowHeights=[16 * mm, None, 9 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
            ]
        )
    )
    return table


def _story(st: Statement, width: float) -> list[Flowable]:
    styles = _styles()
    st = in_witness_order(st)

    def k(text: str) -> str:
        return korean_first(text) if st.korean_first else text

    cover = [Row(k("Export profile / 내보내기 프로필"), st.profile), *st.cover]
    story: list[Flowable] = [
        _Para(escape(st.title), styles["title"]),
    ]
    if st.pseudonym:
        story.append(_Para(escape(k(f"Witness / 증언자: {st.pseudonym}")), styles["reference"]))
    story += [
        _Para(escape(k(f"Reference / 참조 번호: {st.reference}")), styles["body"]),
        _Para(k("Version hash (SHA-256) / 버전 해시"), styles["label"]),
        _Para(escape(st.version_hash), styles["body"]),  # whole, on one line
        Spacer(1, 2 * mm),
        _rows_table(cover, width, styles),
        PageBreak(),
        _Para(escape(st.narrative_heading), styles["h1"]),
        *_numbered(st.narrative),
    ]
    for heading, text in st.translations:
        story.append(_Para(escape(heading), styles["h1"]))
        story.extend(_numbered(text))
    if st.chronology:
        story.append(
            _Para(k("Chronology of incidents and acts / 사건과 행위의 순서"), styles["h1"])
        )
        story.append(_rows_table(st.chronology, width, styles))
    for declaration in st.declarations:
        story.append(
            KeepTogether(
                [
                    _Para(escape(declaration.heading), styles["h1"]),
                    *(_Para(_text(t), styles["body"]) for t in declaration.texts),
                    _sign_lines(declaration.signer, width, styles, k),
                ]
            )
        )
    if st.signature is not None:
        sig = st.signature
        story.append(
            KeepTogether(
                [
                    _Para(k("Electronic signature / 전자 서명"), styles["h1"]),
                    _rows_table(
                        [
                            Row(k("Signed by / 서명자"), sig.signer),
                            Row(k("Signed at / 서명 시각"), k(sig.signed_at)),
                            Row(k("Certificate fingerprint / 인증서 지문"), sig.fingerprint),
                            Row(k("Version hash / 버전 해시"), sig.version_hash),
                        ],
                        width,
                        styles,
                        value_style="hash",
                    ),
                ]
            )
        )
    if st.withheld:
        story.append(
            _Para(k("Withheld from this copy / 이 사본에서 비공개한 내용"), styles["h1"])
        )
        story.append(_rows_table(st.withheld, width, styles))
    for block in st.blocks:
        story.extend(_block(block, 0, width, styles))
    for heading, rows in (
        (k("Attachments / 첨부 파일"), st.attachments),
        (k("Version history / 버전 이력"), st.history),
    ):
        story.append(_Para(heading, styles["h1"]))
        if rows:
            story.append(_rows_table(rows, width, styles, value_style="hash"))
        else:
            story.append(_Para(k("None / 없음"), styles["body"]))
    return story


def render_statement(st: Statement, out: BinaryIO) -> int:
    """Write the statement as a PDF to ``out``; return the number of pages."""
    _check(st)
    register_fonts()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=st.reference,
        author="",
        subject="Testimony statement",
        creator="Testimony Intake",
        invariant=1,  # same input, same bytes; the true creation time is set below
        initialFontName=FONT,  # else every page references an unembedded Helvetica
    )
    pages: list[int] = []
    doc.build(_story(st, doc.width), canvasmaker=_footer_canvas(st, pages))
    return pages[0]
