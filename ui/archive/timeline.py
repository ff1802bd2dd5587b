"""Facilities and units: every act counted under one of them on a timeline, the links a
reviewer makes between acts of different testimonies, notes and tags, and the spellings
proposed for merging (intake/archive/entities.py, links.py, notes.py).

The acts are read once per refresh on a worker (:class:`ui.workers.Task`); choosing an
entity, linking and annotating work on what was read, and each change goes through the core
(audited) before the view is read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from intake.archive import acts, entities, links, notes
from intake.archive.links import ActRef, Timeline
from intake.capture.filters import Filters
from intake.vault import Vault
from ui.archive.charts import chart_font

ROW = 22
LABEL_W = 190
LINK_COLOURS = {"corroborates": QColor("#2e7d32"), "contradicts": QColor("#c62828"),
                "same_event": QColor("#6a1b9a")}
PINNED, UNPINNED = QColor("#2f6f9f"), QColor("#a0a0a0")


def read(vault: Vault, filters: Filters) -> dict[str, Any]:
    """Everything the panel shows, read on a worker: acts (unpinned too), links, notes, the
    acts links and notes name in versions older than their record's latest ("older", read
    from those versions) with each such record's latest version ("latest"), and the merges
    proposed for each kind."""
    every, tied, written = (acts.acts(vault, filters, include_unpinned=True),
                            links.links(vault), notes.notes(vault))
    older, latest = links.older_acts(
        vault, [*(r for k in tied for r in (k.a, k.b)), *(n.ref for n in written)], filters)
    return {"acts": every, "links": tied, "notes": written, "older": older, "latest": latest,
            "proposals": {k: entities.proposals(vault, k, every) for k in entities.KINDS},
            "merged": {k: entities.merged(vault, k) for k in entities.KINDS}}


class TimelineChart(QWidget):
    """One row per act: a bar from the earliest to the latest day its date allows; links
    drawn as arcs between rows on the right, coloured by relation."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language if language in acts.LANGS else "en"
        self.line: Timeline | None = None
        self.selected: set[int] = set()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(360)

    def set_timeline(self, line: Timeline | None) -> None:
        self.line = line
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 36 + ROW * max(len(self.line.acts) if self.line else 0, 1))

    def _span(self) -> tuple[date, date] | None:
        days = [d for a in (self.line.acts if self.line else []) for d in (a.earliest, a.latest)
                if d]
        if not days:
            return None
        return date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        p.setFont(chart_font(8.5))
        span, line = self._span(), self.line
        if line is None or span is None:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       self.tr("No dated acts for this choice."))
            p.end()
            return
        left, right = LABEL_W, self.width() - 40
        first, last = span
        scale = (right - left) / max((last - first).days, 1)

        def x(d: date) -> float:
            return left + (d - first).days * scale

        step = max(1, (last.year - first.year) // 8)
        p.setPen(QColor("#dddddd"))
        for year in range(first.year, last.year + 1, step):
            p.drawLine(int(x(date(year, 1, 1))), 18, int(x(date(year, 1, 1))), self.height())
            p.setPen(QColor("#555555"))
            p.drawText(int(x(date(year, 1, 1))) + 2, 12, str(year))
            p.setPen(QColor("#dddddd"))
        rows = {ActRef.of(a): i for i, a in enumerate(line.acts)}
        for i, a in enumerate(line.acts):
            y = 24 + i * ROW
            if i in self.selected:
                p.fillRect(0, y - 2, self.width(), ROW, QColor("#fff3c4"))
            p.setPen(QColor("#222222"))
            violation = acts.label("violations", a.violation, self.language)
            label = f"{a.reference} {a.incident_no}.{a.act_no} {violation}"
            if links.newer(a, line.latest):
                label = self.tr("%1 (version %2, corrected since)").replace(
                    "%1", label).replace("%2", str(a.version))
            p.drawText(QRectF(4, y, LABEL_W - 8, ROW - 4),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                  LABEL_W - 8))
            if a.earliest and a.latest:
                x0, x1 = x(a.earliest), x(a.latest)
                p.fillRect(QRectF(x0, y + 3, max(x1 - x0, 4), ROW - 10),
                           PINNED if a.pinned else UNPINNED)
        drawn: set[int] = set()
        for ref, tied in line.links.items():
            for link in tied:
                other = rows.get(link.other(ref))
                if link.id in drawn or other is None:
                    continue
                drawn.add(link.id)
                y0, y1 = 24 + rows[ref] * ROW + ROW // 2, 24 + other * ROW + ROW // 2
                bend = right + 8 + (len(drawn) % 3) * 8
                p.setPen(QPen(LINK_COLOURS[link.relation], 2))
                p.drawLine(right, y0, bend, y0)
                p.drawLine(bend, y0, bend, y1)
                p.drawLine(bend, y1, right, y1)
        p.end()


class LinkDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Link two acts"))
        self.relation = QComboBox(self)
        for code in links.RELATIONS:
            self.relation.addItem(relation_text(code), code)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName(self.tr("Note"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Relation"), self.relation)
        form.addRow(self.tr("&Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class MoveDialog(QDialog):
    """Which act of the testimony's latest version a link made before a correction names."""

    def __init__(self, choices: Sequence[tuple[str, object]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move the link to the new version"))
        self.act = QComboBox(self)
        for text, value in choices:
            self.act.addItem(text, value)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("The act the link was made on is no longer the same in"
                                   " the corrected record. Which act of the new version is"
                                   " it? The move is in the audit log."), self))
        form.addRow(self.tr("&Act"), self.act)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class NoteDialog(QDialog):
    def __init__(self, text: str = "", tags: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reviewer's note"))
        self.text = QPlainTextEdit(text, self)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Note"))
        self.tags = QLineEdit(" ".join(tags), self)
        self.tags.setPlaceholderText(self.tr("Tags, separated by spaces"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Note"), self.text)
        form.addRow(self.tr("&Tags"), self.tags)
        form.addRow(QLabel(self.tr("Kept in this archive only, never in the sealed record."),
                           self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def relation_text(code: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {"corroborates": QCoreApplication.translate("Relation", "corroborates"),
            "contradicts": QCoreApplication.translate("Relation", "contradicts"),
            "same_event": QCoreApplication.translate("Relation", "same event")}[code]
