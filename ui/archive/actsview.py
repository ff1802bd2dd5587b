"""The acts of a record in its review, each with its source grading: how the witness knows
it, the source's reliability and the information's credibility (the latest sealed version)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from intake.archive import acts
from intake.archive.pins import Interviewer
from intake.capture.records import Record
from intake.capture.seal import SealedVersion

MAX_COLUMN = 170  # pixels


class ActsTable(QTableWidget):
    def __init__(self, record: Record, latest: SealedVersion | None, who: Interviewer | None,
                 language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review.acts")
        self.setAccessibleName(self.tr("Acts and how each is graded"))
        headers = [self.tr("Act"), self.tr("Violation"), self.tr("Knowledge"),
                   self.tr("Reliability"), self.tr("Credibility"), self.tr("Date"),
                   self.tr("Place")]
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.acts = acts.acts_of(record, latest, who=who) if latest is not None else []
        self.setRowCount(len(self.acts))
        for row, a in enumerate(self.acts):
            cells = (
                f"{a.incident_no}.{a.act_no}",
                acts.label("violations", a.violation, language),
                acts.label("knowledge-ways", a.knowledge, language) or "—",
                acts.label("source-reliability", a.reliability, language) or "—",
                acts.label("information-credibility", a.credibility, language) or "—",
                " – ".join(x for x in (a.start or a.incident_date, a.end) if x),
                (a.place_ko if language == "ko" else a.place_latin) or a.place_ko or a.place_latin,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(row, col, item)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.resizeColumnsToContents()
        for col in range(1, len(headers)):  # long labels are whole in their tooltips
            self.setColumnWidth(col, min(self.columnWidth(col), MAX_COLUMN))
