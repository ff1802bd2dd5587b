"""The archive mode of the app: the legal team's workspace over a vault of received bundles.

Tabs: Records (the shared record list and search, and a review of the chosen
record), Import, Patterns (charts read the record list's filters) and Trusted
keys; buttons hand the filtered incidents and testimonies and the evidence register on
as CSV. The record list's filters include the archive's filters on sources and acts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intake.archive import evidence, patterns, tables
from intake.archive.patterns import Stats
from intake.capture.filters import Filters
from intake.vault import Vault
from ui import errors
from ui.archive.charts import PatternsPanel
from ui.archive.entities import EntitiesPanel
from ui.archive.imports import ImportPanel
from ui.archive.review import RecordReview
from ui.archive.trust import TrustPanel
from ui.filedialogs import save_file_name
from ui.recordlist import RecordListView
from ui.workers import Task


class ArchiveWorkspace(QWidget):
    patterns_updated = Signal(object)  # Stats
    exported = Signal(str, int)  # which ("incidents", "testimonies" or "register"), rows
    export_failed = Signal(str)

    def __init__(self, vault: Vault | None, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.language = language
        self.review: RecordReview | None = None
        self.tasks: list[tuple[Task, Any]] = []
        self._stale = True
        self._entities_stale = True

        self.records = RecordListView(language, self)
        self.records.new_button.hide()  # an archive receives records, it does not start them
        self.records.model.show_interviewers()
        self.sources = self.records.show_sources()
        self.records.open_requested.connect(self.open_record)
        self.records.model.total_changed.connect(self._filters_changed)
        self.review_host = QWidget(self)
        self.review_layout = QVBoxLayout(self.review_host)
        self.review_layout.setContentsMargins(0, 0, 0, 0)
        self.review_hint = QLabel(self.tr("Open a record to review its history, provenance,"
                                          " attachments and signed statement."), self)
        self.review_hint.setWordWrap(True)
        self.review_layout.addWidget(self.review_hint)
        # The review scrolls inside its pane: whatever a record holds (hashes, long names),
        # opening it never raises the window's minimum width (it fits a 1366x768 screen).
        self.review_scroll = review_scroll = QScrollArea(self)
        review_scroll.setWidgetResizable(True)
        review_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        review_scroll.setWidget(self.review_host)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.records)
        split.addWidget(review_scroll)
        split.setStretchFactor(1, 2)

        self.imports = ImportPanel(self)
        self.imports.imported.connect(self.refresh)
        self.patterns = PatternsPanel(language, self)
        self.patterns.include_unpinned.toggled.connect(self._filters_changed)
        self.trust = TrustPanel(self)
        self.entities = EntitiesPanel(language, self)
        self.entities.changed.connect(self._counts_changed)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(split, self.tr("Records"))
        self.tabs.addTab(self.imports, self.tr("Import"))
        self.tabs.addTab(self.patterns, self.tr("Patterns"))
        self.tabs.addTab(self.entities, self.tr("Facilities and units"))
        self.tabs.addTab(self.trust, self.tr("Trusted keys"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.incidents_button = QPushButton(self.tr("Export &incidents (CSV)…"), self)
        self.incidents_button.setToolTip(self.tr("The filtered incidents, one row per act, for"
                                                 " analysis or HURIDOCS Uwazi"))
        self.testimonies_button = QPushButton(self.tr("Export &testimonies (CSV)…"), self)
        self.testimonies_button.setToolTip(self.tr("One row per testimony, for the incidents'"
                                                   " acts to relate to (HURIDOCS Uwazi)"))
        self.register_button = QPushButton(self.tr("Export evidence &register (CSV)…"), self)
        self.incidents_button.clicked.connect(lambda: self._export_dialog("incidents"))
        self.testimonies_button.clicked.connect(lambda: self._export_dialog("testimonies"))
        self.register_button.clicked.connect(lambda: self._export_dialog("register"))
        self.status = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("<b>Archive</b>"), self))
        bar.addWidget(self.status, 1)
        bar.addWidget(self.incidents_button)
        bar.addWidget(self.testimonies_button)
        bar.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.set_vault(vault)

    # -- vault ----------------------------------------------------------------------------
    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self.imports.vault = vault
        self.records.set_vault(vault)
        self.entities.set_vault(vault)
        self._entities_stale = True
        self.trust.set_vault(vault)
        self._stale = True
        self._refresh_choices()

    def _refresh_choices(self) -> None:
        """The interviewers, facilities and units the source filters offer (in a worker)."""
        if self.vault is not None:
            self._run(patterns.choices, self.vault, done=self.sources.set_choices)

    def clear(self) -> None:
        """On lock: drop the key, the open statement and every view of records."""
        self.close_review()
        self.entities.set_vault(None)
        self.imports.clear()
        self.records.clear()
        self.trust.set_vault(None)
        self.vault = None

    def refresh(self) -> None:
        self.records.refresh()
        self.trust.refresh()
        self._refresh_choices()
        self._stale = True
        if self.tabs.currentWidget() is self.patterns:
            self.refresh_patterns()
        self._entities_stale = True
        if self.tabs.currentWidget() is self.entities:
            self.refresh_entities()

    # -- review ---------------------------------------------------------------------------
    def open_record(self, record_id: str) -> RecordReview | None:
        if self.vault is None:
            return None
        self.close_review()
        self.review_hint.hide()
        self.review = RecordReview(self.vault, record_id, self.language, self.review_host)
        self.review_layout.addWidget(self.review)
        self.tabs.setCurrentIndex(0)
        return self.review

    def close_review(self) -> None:
        if self.review is not None:
            self.review.close_statement()
            self.review.deleteLater()
            self.review = None
        self.review_hint.show()

    # -- patterns ----------------------------------------------------------------------
    @property
    def filters(self) -> Filters:
        """The record list's filters: the charts and the incidents CSV read the same."""
        return self.records.model.filters

    @property
    def include_unpinned(self) -> bool:
        """The Patterns tab's choice: charts and the incidents CSV include unpinned keys."""
        return self.patterns.include_unpinned.isChecked()

    def _filters_changed(self, *_: Any) -> None:
        self._stale = True
        if self.tabs.currentWidget() is self.patterns:
            self.refresh_patterns()
        self._entities_stale = True
        if self.tabs.currentWidget() is self.entities:
            self.refresh_entities()

    def _counts_changed(self) -> None:
        """The reviewer merged, linked or annotated: the charts count again when shown."""
        self._stale = True
        self.records.refresh()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.patterns and self._stale:
            self.refresh_patterns()
        if self.tabs.currentWidget() is self.entities and self._entities_stale:
            self.refresh_entities()

    def refresh_entities(self) -> None:
        """The Facilities and units tab reads the record list's filters."""
        self._entities_stale = False
        self.entities.refresh(self.filters)

    def refresh_patterns(self) -> None:
        if self.vault is None:
            return
        self._stale = False
        self._run(patterns.stats, self.vault, self.filters, self.include_unpinned,
                  done=self._show_stats)

    def _show_stats(self, st: Stats) -> None:
        self.patterns.show_stats(st)
        self.patterns_updated.emit(st)

    # -- hand on ------------------------------------------------------------------------
    def _export_dialog(self, which: str) -> None:
        default = {"incidents": "incidents.csv", "testimonies": "testimonies.csv"}.get(
            which, "evidence-register.csv")
        name = save_file_name(self, self.tr("Export CSV"), default, self.tr("CSV (*.csv)"))
        if name:
            self.export(which, Path(name))

    def export(self, which: str, path: Path) -> None:
        if self.vault is None:
            return
        if which in ("incidents", "testimonies"):
            fn = tables.export_incidents if which == "incidents" else tables.export_testimonies
            self._run(fn, self.vault, path, self.filters, self.include_unpinned,
                      done=lambda n: self._exported(which, path, n))
        else:
            self._run(evidence.export_register, self.vault, path, self.include_unpinned,
                      done=lambda n: self._exported("register", path, n))

    def _exported(self, which: str, path: Path, rows: int) -> None:
        self.status.setText(self.tr("%1 rows written to %2").replace("%1", str(rows))
                            .replace("%2", path.name))
        self.exported.emit(which, rows)

    def _run(self, fn: Any, *args: Any, done: Any) -> None:
        task = Task(fn, *args, parent=self)
        self.tasks.append((task, done))
        # Bound methods of this (GUI-thread) object: the results arrive queued, on the GUI thread.
        task.finished.connect(self._task_finished)
        task.failed.connect(self._task_failed)
        task.start()

    def _take(self) -> Any:
        sender = self.sender()
        for i, (task, done) in enumerate(self.tasks):
            if task is sender:
                del self.tasks[i]
                return done
        return None

    def _task_finished(self, result: object) -> None:
        done = self._take()
        if done is not None:
            done(result)

    def _task_failed(self, exc: BaseException) -> None:
        self._take()
        text = errors.message(exc, self.tr("Failed: %1"))
        self.status.setText(text)
        self.export_failed.emit(text)
