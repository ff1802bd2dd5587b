"""The record list: a lazily loaded table with filters, and full-text search with snippets.

Rows come from ``listing.list_records(offset, limit)`` one page at a time, fetched in a worker
when the view scrolls near the end (``canFetchMore``/``fetchMore``), so a vault with 100,000
records opens at once and scrolling never waits on the database in the GUI thread. Pages
double with what is already loaded (500, 500, 1000, 2000 … up to 10,000 rows), so scrolling
to the end of a long list takes a handful of queries rather than hundreds. The search
box runs ``records.find`` in a worker too and shows each hit with its matches highlighted.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeySequence,
    QPainter,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import forms
from intake.archive import acts, pins
from intake.capture import listing, records
from intake.capture.filters import Filters
from intake.capture.listing import SearchResult
from intake.capture.records import Record
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors
from ui.archive import interviewer_text
from ui.workers import Task

PAGE_SIZE = 500
MAX_PAGE = 10_000  # pages grow with what is loaded, so reaching the end takes few queries
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # on the "show more results" item: hits shown so far
HIGHLIGHT = "#ffe066"
Index = QModelIndex | QPersistentModelIndex


def display_status(rec: Record) -> str:
    """draft / sealed / exported / withdrawn (an exported record is a sealed one handed over)."""
    if rec.status == "sealed" and rec.exported_at:
        return "exported"
    return rec.status


def _page(
    vault: Vault, filters: Filters, offset: int, limit: int, generation: int,
    interviewers: bool = False, after: Record | None = None,
) -> tuple[int, int, list[Record], dict[str, Any]]:
    """Rows ``offset`` to ``offset + limit``: the ``limit`` after ``after`` (the last row
    loaded), so a page deep in the list costs what the first one does."""
    rows = listing.list_records(vault, filters, limit=limit, after=after)
    who: dict[str, Any] = {}
    if interviewers:  # the archive: who sealed each record, and how its acts are graded
        who = {rid: (w, None) for rid, w in pins.interviewers(vault, (r.id for r in rows)).items()}
        for rid, graded in acts.gradings(vault, rows).items():
            who[rid] = (who.get(rid, (None, None))[0], graded)
    return generation, offset, rows, who


def _count(vault: Vault, filters: Filters, generation: int) -> tuple[int, int, Filters]:
    """The count, and the filters the pages read (the archive's filters on acts narrowed to
    the records with such an act)."""
    narrowed = acts.narrow(vault, filters)
    return generation, listing.count(vault, narrowed), narrowed


def _find(
    vault: Vault, query: str, generation: int, offset: int
) -> tuple[int, int, list[SearchResult]]:
    return generation, offset, listing.find(vault, query, listing.SEARCH_PAGE, offset)


class RecordTableModel(QAbstractTableModel):
    """Records in list order, loaded page by page in workers."""

    total_changed = Signal(int)
    loading_changed = Signal(bool)
    failed = Signal(str)  # a page or count that could not be read, in words

    def __init__(
        self, parent: QObject | None = None, page_size: int = PAGE_SIZE, language: str = "en"
    ) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.language = language if language in ("ko", "en") else "en"
        self._vault: Vault | None = None
        self._filters = Filters()
        self._rows: list[Record] = []
        # record id -> (intake.archive.pins.Interviewer, intake.archive.acts.Grading)
        self._who: dict[str, Any] = {}
        self._narrowed = self._filters  # what the pages read (see _count)
        self.interviewers = False  # the archive's Interviewer column (show_interviewers)
        self._total: int | None = None
        self._generation = 0
        self._fetching = False
        self._limit = page_size
        self._tasks: list[Task] = []
        self._headers = [
            self.tr("Reference"),
            self.tr("Pseudonym"),
            self.tr("Interview date"),
            self.tr("Status"),
            self.tr("Incidents"),
            self.tr("Form"),
        ]
        self._status_names = {
            "draft": self.tr("draft"),
            "sealed": self.tr("sealed"),
            "exported": self.tr("exported"),
            "withdrawn": self.tr("withdrawn"),
        }

    # -- state ---------------------------------------------------------------------------
    @property
    def total(self) -> int | None:
        return self._total

    @property
    def loading(self) -> bool:
        return self._fetching

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.reload()

    def set_filters(self, filters: Filters) -> None:
        self._filters = filters
        self.reload()

    def clear(self) -> None:
        """Forget every row and the vault (on lock)."""
        self._vault = None
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._who = {}
        self._total = None
        self._set_fetching(False)
        self.endResetModel()
        if self._vault is not None:
            self._start(_count, self._filters, self._generation, done=self._counted)

    def record(self, row: int) -> Record:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        for i, rec in enumerate(self._rows):
            if rec.id == record_id:
                return i
        return None

    # -- workers -------------------------------------------------------------------------
    def _start(self, fn: Any, *args: Any, done: Any) -> None:
        """``fn(vault, *args)`` on a worker, with the vault's background connection: the
        GUI thread's own reads (the editor's) never wait behind a page of the list."""
        assert self._vault is not None
        try:
            vault = self._vault.background()
        except IntakeError as e:
            self._failed(e)
            return
        self._tasks = [t for t in self._tasks if not t.done.is_set()]
        task = Task(fn, vault, *args, parent=self)
        task.finished.connect(done)
        task.failed.connect(self._failed)
        self._tasks.append(task)
        task.start()

    def _counted(self, result: tuple[int, int, Filters]) -> None:
        generation, total, narrowed = result
        if generation != self._generation:
            return
        self._narrowed = narrowed
        self._total = total
        self.total_changed.emit(total)
        if total and not self._rows:
            self.fetchMore(QModelIndex())

    def show_interviewers(self) -> None:
        """Add the archive's columns: Interviewer (pinned name, or plainly not pinned), and
        the source reliability and knowledge of the record's acts."""
        if not self.interviewers:
            self.beginInsertColumns(QModelIndex(), len(self._headers), len(self._headers) + 2)
            self._headers += [self.tr("Interviewer"), self.tr("Reliability"),
                              self.tr("Knowledge")]
            self.interviewers = True
            self.endInsertColumns()
            self.reload()

    def interviewer(self, record_id: str) -> Any:
        return self._who.get(record_id, (None, None))[0]

    def _graded(self, record_id: str, column: int) -> str:
        graded = self._who.get(record_id, (None, None))[1]
        if graded is None:
            return ""
        vocabulary, codes = (("source-reliability", graded.reliability) if column == 7
                             else ("knowledge-ways", graded.knowledge))
        return ", ".join(acts.label(vocabulary, c, self.language) for c in codes)

    def _fetched(self, result: tuple[int, int, list[Record], dict[str, Any]]) -> None:
        generation, offset, page, who = result
        if generation != self._generation or offset != len(self._rows):
            return
        self._set_fetching(False)
        self._who.update(who)
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        if len(page) < self._limit:  # the end, whatever count said
            self._total = len(self._rows)

    def _failed(self, exc: BaseException) -> None:
        # A page that failed (the vault was locked meanwhile) is not shown; the view says why.
        self._set_fetching(False)
        self.failed.emit(errors.message(exc, self.tr("The list could not be read: %1")))

    def _set_fetching(self, on: bool) -> None:
        if on != self._fetching:
            self._fetching = on
            self.loading_changed.emit(on)

    # -- Qt model API --------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        if parent.isValid() or self._vault is None or self._total is None:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self._fetching or not self.canFetchMore(parent) or self._vault is None:
            return
        self._set_fetching(True)
        self._limit = min(max(self.page_size, len(self._rows)), MAX_PAGE)
        self._start(
            _page,
            self._narrowed,
            len(self._rows),
            self._limit,
            self._generation,
            self.interviewers,
            self._rows[-1] if self._rows else None,
            done=self._fetched,
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        rec = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            col = index.column()
            if col == 0:
                return rec.reference or rec.id[:8]
            if col == 1:
                return rec.pseudonym
            if col == 2:
                return rec.interview_date.split("T", 1)[0]  # the day; the time is in the record
            if col == 3:
                status = display_status(rec)
                return self._status_names.get(status, status)
            if col == 4:
                return str(rec.incident_count)
            if col == 5:
                return self._form_title(rec)
            if col == 6:
                return interviewer_text(self.interviewer(rec.id))
            if col in (7, 8):
                return self._graded(rec.id, col)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6:
            who = self.interviewer(rec.id)
            return QColor("#b00020") if who is not None and not who.pinned else None
        if role == RECORD_ID_ROLE:
            return rec.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return f"{rec.form_id} v{rec.form_version}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


    def _form_title(self, rec: Record) -> str:
        try:
            title = records.form_for(rec.form_id, rec.form_version).title
        except (forms.FormError, KeyError):
            return f"{rec.form_id} v{rec.form_version}"
        return f"{title.get(self.language) or rec.form_id} v{rec.form_version}"


def snippet_html(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` escaped, with each (start, end) span highlighted."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(
            f'<span style="background-color:{HIGHLIGHT}; font-weight:bold;">'
            f"{html.escape(text[start:end])}</span>"
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


class SnippetDelegate(QStyledItemDelegate):
    """Paints an item's ``HTML_ROLE`` as rich text (reference line, then the snippet)."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(option.rect.width(), 200))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(opt, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        painter.save()
        painter.translate(opt.rect.topLeft())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class RecordListView(QWidget):
    """The record list page: search, filters, the table and the search results."""

    open_requested = Signal(str)
    new_requested = Signal()
    handover_requested = Signal()
    search_done = Signal(int)

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self._vault: Vault | None = None
        self._search_generation = 0
        self._search_tasks: list[Task] = []
        self.model = RecordTableModel(self, language=language)

        self.new_button = QPushButton(self.tr("&New interview"), self)
        self.new_button.setObjectName("list.new")
        self.new_button.setToolTip(self.tr("Start a new interview (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.handover_button = QPushButton(self.tr("Hand &over…"), self)
        self.handover_button.setObjectName("list.handover")
        self.handover_button.setToolTip(
            self.tr("Hand the selected sealed records over to a legal team (Ctrl+Shift+H)")
        )
        self.handover_button.clicked.connect(self.handover_requested)
        self.search = QLineEdit(self)
        self.search.setObjectName("list.search")
        self.search.setPlaceholderText(self.tr("Search all records (Korean or English)…"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(400)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.run_search)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)

        self.status = self._combo("list.status", self.tr("Status filter"))
        self.status.addItem(self.tr("Any status"), None)
        self.status.addItem(self.tr("Draft"), "draft")
        self.status.addItem(self.tr("Sealed"), "sealed")
        self.status.addItem(self.tr("Exported"), "exported")
        self.status.addItem(self.tr("Withdrawn"), "withdrawn")
        self.violation = self._combo("list.violation", self.tr("Violation filter"))
        self.violation.addItem(self.tr("Any violation"), None)
        self._add_terms(self.violation, "violations")
        self.province = self._combo("list.province", self.tr("Province filter"))
        self.province.addItem(self.tr("Any province"), None)
        self._add_terms(self.province, "provinces")
        self.from_on = QCheckBox(self.tr("Fro&m"), self)
        self.from_on.setObjectName("list.from_on")
        self.date_from = self._date("list.from", self.tr("Incidents from"))
        self.to_on = QCheckBox(self.tr("&To"), self)
        self.to_on.setObjectName("list.to_on")
        self.date_to = self._date("list.to", self.tr("Incidents until"))
        for w in (self.status, self.violation, self.province):
            w.currentIndexChanged.connect(self.apply_filters)
        for c in (self.from_on, self.to_on):
            c.toggled.connect(self.apply_filters)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self._date_changed)

        self.sources: Any = None  # the archive's filters on sources (show_sources)

        self.table = QTableView(self)
        self.table.setObjectName("list.table")
        self.table.setAccessibleName(self.tr("Records"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(True)
        for col, width in enumerate((160, 160, 120, 100, 80)):
            hh.resizeSection(col, width)
        self.table.activated.connect(self._activated)

        self.results = QListWidget(self)
        self.results.setObjectName("list.results")
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(self._result_activated)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.results)
        self.summary = QLabel(self)
        self.summary.setObjectName("list.summary")
        self.model.total_changed.connect(self._show_total)
        self.model.failed.connect(self.summary.setText)

        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.handover_button)
        top.addWidget(self.search, 1)
        filters = QHBoxLayout()
        widget: QWidget
        for widget in (
            self.status,
            self.violation,
            self.province,
            self.from_on,
            self.date_from,
            self.to_on,
            self.date_to,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        self._layout = layout
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.summary)
        for a, b in (
            (self.new_button, self.handover_button),
            (self.handover_button, self.search),
            (self.search, self.status),
            (self.status, self.violation),
            (self.violation, self.province),
            (self.province, self.from_on),
            (self.from_on, self.date_from),
            (self.date_from, self.to_on),
            (self.to_on, self.date_to),
            (self.date_to, self.table),
            (self.table, self.results),
        ):
            QWidget.setTabOrder(a, b)

    def show_sources(self) -> Any:
        """Add the archive's filters on sources and acts under the others (once)."""
        if self.sources is None:
            from ui.archive.sourcefilters import SourceFilters

            self.sources = SourceFilters(self.language, self)
            self.sources.changed.connect(self.apply_filters)
            self._layout.insertWidget(2, self.sources)
            QWidget.setTabOrder(self.date_to, self.sources.boxes()[0])
            for a, b in zip(self.sources.boxes(), self.sources.boxes()[1:], strict=False):
                QWidget.setTabOrder(a, b)
            QWidget.setTabOrder(self.sources.boxes()[-1], self.table)
        return self.sources

    def _combo(self, name: str, accessible: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        # As wide as about 14 characters (long vocabulary labels would push the list, and an
        # archive's review beside it, past a 1366 px screen); the open list shows them whole.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(14)
        return box

    def _date(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate.currentDate())
        return edit

    def _add_terms(self, box: QComboBox, vocabulary: str) -> None:
        lang = self.language if self.language in ("ko", "en") else "en"
        for code, labels in forms.vocabulary(vocabulary).items():
            box.addItem(labels[lang], code)
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)

    # -- vault ---------------------------------------------------------------------------
    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.model.set_vault(vault)

    def clear(self) -> None:
        """Drop every row, result and query (on lock)."""
        self._vault = None
        self._search_generation += 1
        self._search_timer.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.results.clear()
        self.pages.setCurrentWidget(self.table)
        self.model.clear()
        self.summary.clear()

    def refresh(self) -> None:
        self.model.reload()
        if self.search.text().strip():
            self.run_search()

    # -- filters -------------------------------------------------------------------------
    def current_filters(self) -> Filters:
        def day(edit: QDateEdit) -> date:
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        chosen = Filters(
            status=self.status.currentData(),
            violation=self.violation.currentData(),
            province=self.province.currentData(),
            date_from=day(self.date_from) if self.from_on.isChecked() else None,
            date_to=day(self.date_to) if self.to_on.isChecked() else None,
        )
        return chosen if self.sources is None else self.sources.apply(chosen)

    def apply_filters(self) -> None:
        if self._vault is not None:
            self.model.set_filters(self.current_filters())

    def _date_changed(self) -> None:
        if self.from_on.isChecked() or self.to_on.isChecked():
            self.apply_filters()

    def _show_total(self, total: int) -> None:
        self.summary.setText(self.tr("%n record(s)", "", total))

    # -- search --------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._search_generation += 1
            self.results.clear()
            self.pages.setCurrentWidget(self.table)

    def run_search(self, offset: int = 0) -> None:
        """Search from the first hit, or fetch the next page after ``offset`` hits."""
        self._search_timer.stop()
        query = self.search.text().strip()
        if not query or self._vault is None:
            return
        if offset == 0:
            self._search_generation += 1
        self._search_tasks = [t for t in self._search_tasks if not t.done.is_set()]
        try:
            vault = self._vault.background()
        except IntakeError as e:
            self._search_failed(e)
            return
        task = Task(
            _find, vault, query, self._search_generation, offset, parent=self
        )
        task.finished.connect(self._found)
        task.failed.connect(self._search_failed)
        self._search_tasks.append(task)
        self.summary.setText(self.tr("Searching…"))
        task.start()

    def _found(self, result: tuple[int, int, list[SearchResult]]) -> None:
        generation, offset, hits = result
        if generation != self._search_generation:
            return
        if offset == 0:
            self.results.clear()
        elif self.results.count() and self.results.item(self.results.count() - 1).data(MORE_ROLE):
            self.results.takeItem(self.results.count() - 1)
        for hit in hits:
            rec = hit.record
            head = " · ".join(
                html.escape(x)
                for x in (rec.reference or rec.id[:8], rec.pseudonym, rec.interview_date[:10])
                if x
            )
            plain = f"{rec.reference or rec.id[:8]} {rec.pseudonym} — {hit.snippet}"
            item = QListWidgetItem(plain)
            item.setData(HTML_ROLE, f"<b>{head}</b><br>{snippet_html(hit.snippet, hit.spans)}")
            item.setData(RECORD_ID_ROLE, rec.id)
            self.results.addItem(item)
        shown = offset + len(hits)
        if len(hits) == listing.SEARCH_PAGE:  # there may be more: fetched on request
            label = self.tr("Show more results…")
            more = QListWidgetItem(label)
            more.setData(HTML_ROLE, f"<i>{html.escape(label)}</i>")
            more.setData(MORE_ROLE, shown)
            self.results.addItem(more)
        self.pages.setCurrentWidget(self.results)
        self.summary.setText(self.tr("%n record(s) found", "", shown))
        self.search_done.emit(shown)

    def _search_failed(self, exc: BaseException) -> None:
        self.summary.setText(errors.message(exc, self.tr("The search failed: %1")))

    # -- opening -------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(str(index.data(RECORD_ID_ROLE)))

    def _result_activated(self, item: QListWidgetItem) -> None:
        if item.data(MORE_ROLE):
            self.run_search(offset=int(item.data(MORE_ROLE)))
            return
        self.open_requested.emit(str(item.data(RECORD_ID_ROLE)))

    def selected_ids(self) -> list[str]:
        """The records selected in the table (Shift/Ctrl+arrows and Space select several)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.record(r).id for r in rows]

    def select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)
