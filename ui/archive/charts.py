"""Patterns: bar charts of acts by year, province, country, facility type and violation;
facilities. Acts placed outside the DPRK have their own bar on the province chart.

Charts are drawn with QPainter, so the same drawing goes to the screen, to a PNG
(QImage) and to an SVG (QSvgGenerator). Files are written atomically.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake import files
from intake.archive import acts, patterns
from intake.archive.patterns import Bucket, Stats
from ui.filedialogs import save_file_name

WIDTH = 640
ROW = 24
TOP = 44
BAR = QColor("#2f6f9f")
INK = QColor("#222222")
GRID = QColor("#dddddd")
_FONT_FAMILY: str | None = None


def chart_font(size: float, bold: bool = False) -> QFont:
    """The vendored Nanum Gothic (Hangul everywhere, also offscreen), loaded once."""
    global _FONT_FAMILY
    if _FONT_FAMILY is None:
        font_dir = Path(files.__file__).parent / "fonts"
        fid = QFontDatabase.addApplicationFont(str(font_dir / "NanumGothic.ttf"))
        QFontDatabase.addApplicationFont(str(font_dir / "NanumGothicBold.ttf"))
        families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        _FONT_FAMILY = families[0] if families else ""
    font = QFont(_FONT_FAMILY) if _FONT_FAMILY else QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def chart_size(bars: int) -> QSize:
    return QSize(WIDTH, TOP + max(bars, 1) * ROW + 16)


def paint_chart(p: QPainter, size: QSize, title: str, bars: list[tuple[str, int]],
                empty_text: str) -> None:
    """Horizontal bars: label, bar, count; one row per bucket, in the order given."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(QRectF(0, 0, size.width(), size.height()), QColor("white"))
    p.setPen(INK)
    p.setFont(chart_font(12, bold=True))
    p.drawText(QRectF(12, 8, size.width() - 24, 26), Qt.AlignmentFlag.AlignLeft, title)
    p.setFont(chart_font(9))
    if not bars:
        p.drawText(QRectF(12, TOP, size.width() - 24, ROW), Qt.AlignmentFlag.AlignLeft, empty_text)
        return
    label_w = min(260.0, size.width() * 0.42)
    left, right = 12 + label_w + 8, size.width() - 48.0
    top = max(b[1] for b in bars) or 1
    for i, (label, count) in enumerate(bars):
        y = TOP + i * ROW
        p.setPen(INK)
        p.drawText(QRectF(12, y, label_w, ROW - 4),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(label_w)))
        p.setPen(GRID)
        p.drawLine(int(left), y + ROW - 2, int(right), y + ROW - 2)
        width = (right - left) * count / top
        p.fillRect(QRectF(left, y + 3, max(width, 1.0), ROW - 8), BAR)
        p.setPen(INK)
        p.drawText(QRectF(left + width + 4, y, 44, ROW - 4),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(count))


def png_bytes(title: str, bars: list[tuple[str, int]], empty_text: str) -> bytes:
    size = chart_size(len(bars))
    image = QImage(size, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    paint_chart(painter, size, title, bars, empty_text)
    painter.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; PySide a str
    buf.close()
    return bytes(buf.data().data())


def svg_bytes(title: str, bars: list[tuple[str, int]], empty_text: str) -> bytes:
    size = chart_size(len(bars))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(size)
    gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    gen.setTitle(title)
    painter = QPainter(gen)
    paint_chart(painter, size, title, bars, empty_text)
    painter.end()
    buf.close()
    return bytes(buf.data().data())


def bars_of(buckets: list[Bucket], language: str) -> list[tuple[str, int]]:
    return [(b.ko if language == "ko" else b.en, b.count) for b in buckets]


class ChartView(QWidget):
    """One chart on screen, with buttons to save it as PNG or SVG."""

    def __init__(self, kind: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.language = kind, language
        self.bars: list[tuple[str, int]] = []
        self.canvas = _Canvas(self)
        self.png_button = QPushButton(self.tr("Save as PNG…"), self)
        self.svg_button = QPushButton(self.tr("Save as SVG…"), self)
        self.png_button.clicked.connect(lambda: self._save_dialog("png"))
        self.svg_button.clicked.connect(lambda: self._save_dialog("svg"))
        self.png_button.setAccessibleName(self.tr("Save chart as PNG"))
        self.svg_button.setAccessibleName(self.tr("Save chart as SVG"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.svg_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas)
        layout.addLayout(buttons)

    def title(self) -> str:
        titles = {
            "year": self.tr("Acts by year"),
            "province": self.tr("Acts by province"),
            "country": self.tr("Acts by country"),
            "facility_type": self.tr("Acts by facility type"),
            "violation": self.tr("Acts by violation"),
        }
        return titles[self.kind]

    def empty_text(self) -> str:
        return self.tr("No acts match the filters.")

    def set_buckets(self, buckets: list[Bucket]) -> None:
        self.bars = bars_of(buckets, self.language)
        self.canvas.setFixedHeight(chart_size(len(self.bars)).height())
        self.canvas.setMinimumWidth(320)
        self.canvas.update()

    def save(self, path: Path, fmt: str) -> None:
        draw = png_bytes if fmt == "png" else svg_bytes
        files.atomic_write(path, draw(self.title(), self.bars, self.empty_text()))

    def _save_dialog(self, fmt: str) -> None:
        name = save_file_name(
            self, self.tr("Save chart"), f"{self.kind}.{fmt}",
            self.tr("PNG image (*.png)") if fmt == "png" else self.tr("SVG image (*.svg)"))
        if name:
            self.save(Path(name), fmt)


class _Canvas(QWidget):
    def __init__(self, chart: ChartView) -> None:
        super().__init__(chart)
        self.chart = chart
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return chart_size(len(self.chart.bars))

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        paint_chart(p, self.size(), self.chart.title(), self.chart.bars, self.chart.empty_text())
        p.end()


class PatternsPanel(QWidget):
    """Four charts and the facilities table, for the filters of the record list."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.stats: Stats | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.include_unpinned = QCheckBox(
            self.tr("Include material from interviewers whose keys are not pinned"), self)
        self.include_unpinned.setToolTip(self.tr("Counted in the charts and the CSV exports"
                                                 " only when ticked"))
        self.charts = {kind: ChartView(kind, language, self) for kind in patterns.CHART_KINDS}
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        for i, kind in enumerate(patterns.CHART_KINDS):
            grid.addWidget(self.charts[kind], i // 2, i % 2)
        self.facilities = QTableWidget(0, 5, self)
        self.facilities.setHorizontalHeaderLabels([
            self.tr("Facility"), self.tr("Type"), self.tr("Province"), self.tr("Testimonies"),
            self.tr("Acts")])
        self.facilities.setAccessibleName(self.tr("Facilities and the testimonies that mention"
                                                  " them"))
        self.facilities.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.facilities.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.facilities.setMinimumHeight(160)
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.addWidget(self.include_unpinned)
        column.addWidget(self.summary)
        column.addWidget(grid_host)
        column.addWidget(QLabel(self.tr("Facilities"), inner))
        column.addWidget(self.facilities)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def show_stats(self, st: Stats) -> None:
        self.stats = st
        self.summary.setText(
            self.tr("%1 records, %2 incidents, %3 acts match the filters.")
            .replace("%1", str(st.records)).replace("%2", str(st.incidents))
            .replace("%3", str(st.acts)) + " "
            + self.tr("Places: %1 in the DPRK, %2 outside it, %3 unknown.")
            .replace("%1", str(st.places.get("dprk", 0)))
            .replace("%2", str(st.places.get(acts.OUTSIDE, 0)))
            .replace("%3", str(st.places.get(acts.UNKNOWN, 0)))
            + ("" if not st.unpinned else " " + (
                self.tr("%1 acts from keys not pinned are included.") if st.unpinned_included
                else self.tr("%1 acts from keys not pinned are left out.")
            ).replace("%1", str(st.unpinned))))
        for kind, chart in self.charts.items():
            chart.set_buckets(st.by[kind])
        self.facilities.setRowCount(len(st.facilities))
        lang = self.language if self.language in acts.LANGS else "en"
        for row, f in enumerate(st.facilities):
            name = " / ".join(n for n in (f.name_ko, f.name_latin) if n)
            cells = [name, acts.label("facility-types", f.facility_type, lang),
                     acts.label("provinces", f.province, lang), str(f.testimonies),
                     str(f.acts)]
            for col, text in enumerate(cells):
                self.facilities.setItem(row, col, QTableWidgetItem(text))
