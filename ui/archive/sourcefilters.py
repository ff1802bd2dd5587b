"""The archive's filters on sources and acts, under the record list's own: interviewer, pinned
or not, source reliability, knowledge, institution, facility and perpetrator unit. The record
list, the Patterns tab and the CSV exports all read them (``intake.archive.acts`` applies
them to each act; the list shows the records with an act they keep)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QWidget

import forms
from intake.archive.patterns import Choices
from intake.capture.filters import Filters
from ui.archive import interviewer_text


class SourceFilters(QWidget):
    changed = Signal()

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("list.sources")
        self.language = language if language in ("en", "ko") else "en"
        self.interviewer = self._combo("list.interviewer", self.tr("Interviewer filter"))
        self.pinned = self._combo("list.pinned", self.tr("Pinned key filter"))
        self.pinned.addItem(self.tr("Pinned or not"), None)
        self.pinned.addItem(self.tr("Pinned keys only"), True)
        self.pinned.addItem(self.tr("Not pinned only"), False)
        self.reliability = self._terms("list.reliability", self.tr("Reliability filter"),
                                       self.tr("Any reliability"), "source-reliability")
        self.knowledge = self._terms("list.knowledge", self.tr("Knowledge filter"),
                                     self.tr("Any knowledge"), "knowledge-ways")
        self.institution = self._terms("list.institution", self.tr("Institution filter"),
                                       self.tr("Any institution"), "institutions")
        self.facility = self._combo("list.facility", self.tr("Facility filter"))
        self.unit = self._combo("list.unit", self.tr("Perpetrator unit filter"))
        self.set_choices(None)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(self.boxes()):
            grid.addWidget(box, i // 4, i % 4)
            box.currentIndexChanged.connect(self.changed)

    def boxes(self) -> list[QComboBox]:
        return [self.interviewer, self.pinned, self.reliability, self.knowledge,
                self.institution, self.facility, self.unit]

    def _combo(self, name: str, accessible: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setToolTip(accessible)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)  # the open list shows the labels whole
        return box

    def _terms(self, name: str, accessible: str, anything: str, vocabulary: str) -> QComboBox:
        box = self._combo(name, accessible)
        box.addItem(anything, None)
        for code, labels in forms.vocabulary(vocabulary).items():
            box.addItem(labels[self.language], code)
        self._widen(box)
        return box

    @staticmethod
    def _widen(box: QComboBox) -> None:
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)

    def set_choices(self, choices: Choices | None) -> None:
        """The interviewers, facilities and units the archive names (kept while still there)."""
        lang = 1 if self.language == "en" else 2
        for box, anything, items in (
            (self.interviewer, self.tr("Any interviewer"),
             [(fp, interviewer_text(who)) for fp, who in choices.interviewers] if choices
             else []),
            (self.facility, self.tr("Any facility"),
             [(c[0], c[lang]) for c in choices.facilities] if choices else []),
            (self.unit, self.tr("Any perpetrator unit"),
             [(c[0], c[lang]) for c in choices.units] if choices else []),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(anything, None)
            for value, text in items:
                box.addItem(text, value)
            found = box.findData(current) if current is not None else 0
            box.setCurrentIndex(max(found, 0))
            box.blockSignals(False)
            self._widen(box)
            if current is not None and found < 0:
                self.changed.emit()  # what was chosen is gone

    def apply(self, filters: Filters) -> Filters:
        """``filters`` with these chosen."""
        chosen: dict[str, Any] = {
            "interviewer": self.interviewer.currentData(),
            "pinned": self.pinned.currentData(),
            "reliability": self.reliability.currentData(),
            "knowledge": self.knowledge.currentData(),
            "institution": self.institution.currentData(),
            "facility": self.facility.currentData(),
            "unit": self.unit.currentData(),
        }
        return replace(filters, **chosen)
