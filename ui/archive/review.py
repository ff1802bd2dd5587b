"""Review of one received record: versions, differences, provenance, custody, attachments,
and its signed PDF statement, decrypted from the archive into memory (no bundle file, no
dialog, nothing written to disk)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.dates_in_words import datetime_in_words
from intake.archive import acts, custody, pins, statements
from intake.archive.statements import ReceivedStatement
from intake.capture import records
from intake.capture.seal import SealedVersion
from intake.vault import Vault
from ui import errors
from ui.archive import interviewer_text
from ui.archive.actsview import ActsTable
from ui.archive.attachview import AttachmentViewer
from ui.diffview import DiffView
from ui.setup_wizard import group_fingerprint
from ui.workers import Task

#: Detail keys of custody entries worth showing (ids, hashes, counts; never testimony).
CUSTODY_KEYS = ("version", "version_hash", "bundle_id", "attachment", "sha256", "records")


class StatementView(QWidget):
    """A PDF shown from bytes in memory (QPdfDocument over a QBuffer): no file is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(self.tr("Signed statement"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_pdf(self, data: bytes) -> int:
        """Load ``data``; return the page count (0 if it cannot be read)."""
        self.close_pdf()
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        return int(self.document.pageCount())

    def close_pdf(self) -> None:
        self.document.close()
        if self.buffer is not None:
            self.buffer.close()
            self.buffer.setData(QByteArray())
            self.buffer.deleteLater()
            self.buffer = None


class RecordReview(QWidget):
    """Everything the archive knows about one record."""

    statement_loaded = Signal(int)  # page count

    def __init__(self, vault: Vault, record_id: str, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.record = records.get(vault, record_id)
        self.language = language if language in acts.LANGS else "en"
        self.versions: list[SealedVersion] = records.sealed_versions(vault, self.record.id)
        self.task: Task | None = None
        title = self.tr("Record %1 (%2): %n sealed version(s)", "", len(self.versions)).replace(
            "%1", self.record.reference or "—").replace("%2", self.record.id)
        self.heading = QLabel(f"<b>{_esc(title)}</b>", self)
        self.heading.setWordWrap(True)
        self.who = pins.interviewers(vault, [self.record.id]).get(self.record.id)
        self.interviewer = QLabel(self)
        self.interviewer.setWordWrap(True)
        self.interviewer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self.who is not None:
            text = _esc(self.tr("Interviewer: %1").replace("%1", interviewer_text(self.who)))
            self.interviewer.setText(text if self.who.pinned else (
                f'<span style="color:#b00020"><b>{text}</b></span><br>'
                + _esc(self.tr("Its key is not pinned in this archive: its material is left out"
                               " of the charts and exports unless included."))))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._history(), self.tr("&History"))
        self.acts = ActsTable(self.record, self.versions[-1] if self.versions else None,
                              self.who, self.language, self)
        self.tabs.addTab(self.acts, self.tr("A&cts"))
        self.tabs.addTab(self._provenance(), self.tr("&Provenance"))
        self.tabs.addTab(self._attachments(), self.tr("&Attachments"))
        self.statement_page = self._statement()
        self.tabs.addTab(self.statement_page, self.tr("&Statement"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.interviewer)
        layout.addWidget(self.tabs, 1)
        if self.versions:
            self.version_list.setCurrentRow(len(self.versions) - 1)

    # -- history ---------------------------------------------------------------------
    def _history(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Horizontal, self)
        self.version_list = QListWidget(page)
        self.version_list.setAccessibleName(self.tr("Sealed versions"))
        for sv in self.versions:
            when = datetime_in_words(sv.sealed_at, self.language)
            item = QListWidgetItem(self.tr("Version %1, sealed %2").replace(
                "%1", str(sv.version)).replace("%2", when), self.version_list)
            item.setToolTip(sv.version_hash)
        self.version_list.currentRowChanged.connect(self.show_version)
        right = QWidget(page)
        self.version_info = QLabel(right)
        self.version_info.setWordWrap(True)
        self.version_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = self.record.form if self.versions else None
        self.diff = DiffView(form, self.language, right) if form is not None else None
        column = QVBoxLayout(right)
        column.addWidget(self.version_info)
        if self.diff is not None:
            column.addWidget(self.diff, 1)
        page.setStretchFactor(1, 3)
        return page

    def show_version(self, row: int) -> None:
        if not 0 <= row < len(self.versions):
            return
        sv = self.versions[row]
        lines = [
            self.tr("Version hash: %1").replace("%1", group_fingerprint(sv.version_hash)),
            self.tr("Previous version: %1").replace(
                "%1", group_fingerprint(sv.prev_hash) if sv.prev_hash else "—"),
            self.tr("Sealed by: %1").replace("%1", pins.signer_name(sv)),
        ]
        if sv.is_redacted:
            lines.append(self.tr("Protected answers withheld (redacted profile)."))
        self.version_info.setText("<br>".join(_esc(line) for line in lines))
        if self.diff is None:
            return
        if row == 0:
            self.diff.show_differences(sv.doc, sv.doc, sv.version)
            self.diff.heading.setText(self.tr("The first sealed version."))
        else:
            self.diff.show_differences(self.versions[row - 1].doc, sv.doc, row)
            self.diff.heading.setText(
                self.tr("%n difference(s) from version %1 to version %2.", "", len(self.diff.found))
                .replace("%1", str(row)).replace("%2", str(sv.version)))
        self.diff.tree.setHeaderLabels([
            self.tr("Field"), self.tr("Version %1").replace("%1", str(max(row, 1))),
            self.tr("Version %1").replace("%1", str(sv.version))])

    # -- provenance and custody ----------------------------------------------------------
    def _provenance(self) -> QWidget:
        page = QWidget(self)
        self.provenance = QTreeWidget(page)
        self.provenance.setHeaderLabels([self.tr("Bundle"), self.tr("Detail")])
        self.provenance.setAccessibleName(self.tr("Bundles this record came in"))
        self.prov = custody.provenance(self.vault, self.record.id)
        for p in self.prov:
            b = p.bundle
            top = QTreeWidgetItem([b.bundle_id, ", ".join(f"v{v}" for v in p.versions)])
            for key, value in (
                (self.tr("Exported by"), f"{b.exporter_name} ({b.exporter_organisation})"),
                (self.tr("Exporter key"), b.exporter_fingerprint),
                (self.tr("Created"), b.created_at),
                (self.tr("Imported"), b.imported_at),
            ):
                top.addChild(QTreeWidgetItem([key, value]))
            self.provenance.addTopLevelItem(top)
            top.setExpanded(True)
        self.provenance.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.custody = QTableWidget(0, 4, page)
        self.custody.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Action"), self.tr("Object"), self.tr("Detail")])
        self.custody.setAccessibleName(self.tr("Custody log"))
        self.custody.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.custody.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        entries = custody.custody(self.vault, self.record.id)
        self.custody.setRowCount(len(entries))
        for row, e in enumerate(entries):
            detail = ", ".join(f"{k}={str(e.detail[k])[:70]}" for k in CUSTODY_KEYS
                               if k in e.detail)
            for col, text in enumerate((e.at, e.action, e.object, detail)):
                self.custody.setItem(row, col, QTableWidgetItem(text))
        layout = QVBoxLayout(page)
        layout.addWidget(self.provenance, 1)
        layout.addWidget(QLabel(self.tr("Custody"), page))
        layout.addWidget(self.custody, 2)
        return page

    # -- attachments -------------------------------------------------------------------
    def _attachments(self) -> QWidget:
        self.attachment_view = AttachmentViewer(
            self.vault, self.record, self.versions[-1] if self.versions else None, self)
        self.attachment_table = self.attachment_view.table
        return self.attachment_view

    # -- the signed statement ---------------------------------------------------------------
    def _statement(self) -> QWidget:
        page = QWidget(self)
        self.kept: list[ReceivedStatement] = statements.statements(self.vault, self.record.id)
        self.statement_choice = QComboBox(page)
        self.statement_choice.setAccessibleName(self.tr("Bundles this record came in"))
        for st in self.kept:  # one per bundle the record came in, latest version last
            self.statement_choice.addItem(
                f"{self.tr('Version %1').replace('%1', str(st.version))} — {st.bundle_id}")
        self.statement_choice.setCurrentIndex(len(self.kept) - 1)
        self.statement_choice.setVisible(len(self.kept) > 1)
        self.statement_choice.currentIndexChanged.connect(lambda _i: self.open_statement())
        self.open_button = QPushButton(self.tr("&Open signed statement"), page)
        self.open_button.setAccessibleName(self.tr("Open the signed PDF statement"))
        self.open_button.clicked.connect(self.open_statement)
        self.statement_info = QLabel(page)
        self.statement_info.setWordWrap(True)
        self.statement = StatementView(page)
        self.statement_shown = False
        top = QHBoxLayout()
        top.addWidget(self.statement_choice)
        top.addWidget(self.open_button)
        top.addWidget(self.statement_info, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.statement, 1)
        return page

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.statement_page and not self.statement_shown:
            self.open_statement()

    def open_statement(self) -> None:
        """Decrypt the chosen (by default the latest) kept statement in a worker and show it."""
        if self.task is not None:
            return
        row = self.statement_choice.currentIndex()
        bundle_id = self.kept[row].bundle_id if 0 <= row < len(self.kept) else None
        self.statement_shown = True
        self.open_button.setEnabled(False)
        self.task = Task(statements.read_statement, self.vault, self.record.id, bundle_id,
                         parent=self)
        self.task.finished.connect(self._statement_read)
        self.task.failed.connect(self._statement_failed)
        self.task.start()

    def _statement_read(self, result: tuple[ReceivedStatement, bytes]) -> None:
        self.task = None
        self.open_button.setEnabled(True)
        st, data = result
        pages = self.statement.show_pdf(data)
        # the bundle's id in groups of four, so that the line wraps inside the pane
        text = self.tr("Signed statement from bundle %1: %n page(s).", "", pages)
        self.statement_info.setText(text.replace("%1", group_fingerprint(st.bundle_id)))
        self.tabs.setCurrentWidget(self.statement_page)
        self.statement_loaded.emit(pages)

    def _statement_failed(self, exc: BaseException) -> None:
        self.task = None
        self.open_button.setEnabled(True)
        self.statement_info.setText(
            errors.message(exc, self.tr("The statement could not be opened: %1")))
        self.statement_loaded.emit(0)

    def close_statement(self) -> None:
        """On closing the review (and lock): the statement and any playback go."""
        self.statement.close_pdf()
        self.attachment_view.stop()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
