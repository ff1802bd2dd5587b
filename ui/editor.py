"""The interview editor: one record, rendered from its form definition.

Sections (the form's top-level fields) in a navigation list; each section's
questions in a scroll area. Every edit marks the record unsaved and restarts
a short timer; the draft is saved when the timer fires, when the focus moves
to another question, when the section changes and on Save now: on a worker
(:meth:`autosave`, ``ui.autosave``), one save at a time and in order, its
result applied in slices. :meth:`flush` (closing, locking, quitting, review)
lets a save in flight land, then saves what is left and returns when it is in
the vault. The full-text index is tidied on a worker when the editor is quiet.
What the widgets hold is never thrown away: answers the draft cannot take yet
(a number out of range, a span that ends before it starts) stay in their
widget with a message and are left out of the saved draft until fixed.

A sealed record opens read-only; "Correct" opens version n+1 and shows what
changed against the sealed version. Sealing goes through the review page.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import forms
from forms.fields import GROUP, PROGRAM_ROLES
from intake.capture import attachments, records
from intake.errors import IntakeError, ValidationFailed
from intake.vault import Vault
from ui import autosave as bg
from ui import errors
from ui.attachmentspanel import AttachmentsPanel
from ui.autosave import path_tokens
from ui.diffview import DiffView
from ui.fields import (
    DateTimeInput,
    FormContext,
    GroupNode,
    LeafRow,
    Node,
    RepeatNode,
    ShowAhead,
    build_node,
    foldable_entries,
    interface_language,
    lay_out,
    order_tabs,
    shown_to,
    unfold,
)
from ui.recorder import RecorderPanel, preferred_device
from ui.sealreview import SealReview, problem_text
from ui.workers import Task
from ui.wraplabel import WrapLabel

log = logging.getLogger(__name__)
AUTOSAVE_MS = 2000
SAVE_SOON_MS = 50  # after leaving a question or a section: its save starts
WARM_MS = 40  # between two idle turns that show a few of a folded entry's questions ahead
ATTACHMENTS_SECTION = "attachments"

SAVED, SAVING, UNSAVED, NOT_SAVED = "saved", "saving", "unsaved", "not-saved"


class RecordEditor(QWidget):
    """Edit one record. Signals: ``saved()``, ``sealed(version)``, ``closed()``."""

    saved = Signal()
    sealed = Signal(int)
    closed = Signal()
    discarded = Signal()  # the draft (a record never sealed) is gone

    def __init__(
        self,
        vault: Vault,
        record_id: str,
        parent: QWidget | None = None,
        *,
        lang: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.record_id = records.resolve(vault, record_id)
        self.lang = lang or interface_language(parent)
        rec = records.get(vault, self.record_id)
        self.form: forms.Form = rec.form
        self.ctx = FormContext(self.form, self.lang, attachments.for_record(vault, self.record_id))
        self._read_only = False
        self._dirty = False
        self._edits = 0  # counts edits: a save that lands clears _dirty only if none came since
        self._save_task: Task | None = None  # the autosave in flight (one at a time)
        self._pending: tuple[int, dict[str, list[str]]] = (0, {})  # its edit count, messages
        self._again = False  # asked to save while one was in flight: the next goes when it lands
        self._loading = False
        self._state = SAVED
        self._saved_at = ""
        self._section = ""
        self._targets: dict[str, Node] = {}
        self.seal_problems: list[forms.Problem] = []
        self.draft_messages: dict[str, list[str]] = {}
        self._shown: dict[int, tuple[Node, list[str]]] = {}  # messages on screen, by question
        self._values: dict[str, Any] = {}  # each section's answers, as of its last change
        self._stale: set[str] = set()  # the sections changed since (read again at a save)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.autosave)
        # the index merging and WAL checkpoint kept out of autosave (records.maintain)
        self.maintainer = bg.Maintainer(vault, self._quiet, self)
        self.slices = bg.Slices(self)
        # leaving a question or a section saves a moment later (collecting the changed
        # section's answers is a few ms: not with the turns that move the cursor and paint)
        self._save_soon = QTimer(self)
        self._save_soon.setSingleShot(True)
        self._save_soon.setInterval(SAVE_SOON_MS)
        self._save_soon.timeout.connect(self.autosave)
        self._warmer = QTimer(self)  # folded entries and pages not shown yet, shown ahead
        self._aheads: dict[str, ShowAhead] = {}  # the pages being shown ahead, by section
        self._warmer.setInterval(WARM_MS)
        self._warmer.timeout.connect(self.show_ahead)

        self._build_header()
        self._build_body()
        self.review_page = SealReview(vault, self.record_id, self.lang, self)
        self.review_page.back.connect(self.show_form)
        self.review_page.goto.connect(self.goto)
        self.review_page.sealed.connect(self._on_sealed)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.form_page)
        self.pages.addWidget(self.review_page)
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addLayout(self.clock)
        layout.addWidget(self.reason_box)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self._shortcuts()
        self._load()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.set_section(self.form.sections[0].key)

    # -- building -------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 130%; font-weight: bold;")
        self.status = QLabel(self)
        self.status.setObjectName("save-status")
        self.status.setAccessibleName(self.tr("Save status"))
        self.save_button = QPushButton(self.tr("Save now"), self)
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.autosave)
        self.review_button = QPushButton(self.tr("Review and &seal…"), self)
        self.review_button.setToolTip("Ctrl+Shift+S")
        self.review_button.clicked.connect(self.review)
        self.correct_button = QPushButton(self.tr("&Correct (new version)"), self)
        self.correct_button.setToolTip("Ctrl+E")
        self.correct_button.clicked.connect(lambda: self.correct())
        self.discard_button = QPushButton(self.tr("Discard draft…"), self)
        self.discard_button.setToolTip(
            self.tr("Throw this draft away (the custody log keeps that it existed)")
        )
        self.discard_button.clicked.connect(lambda: self.discard())
        self.close_button = QPushButton(self.tr("C&lose"), self)
        self.close_button.setToolTip("Ctrl+W")
        self.close_button.clicked.connect(self.close_editor)
        self.header = QHBoxLayout()
        self.header.addWidget(self.title, 1)
        self.header.addWidget(self.status)
        for button in (
            self.save_button,
            self.review_button,
            self.correct_button,
            self.discard_button,
            self.close_button,
        ):
            self.header.addWidget(button)
        self.reason_box = QWidget(self)
        self.reason_label = QLabel(self.tr("Why is the sealed version corrected?"), self.reason_box)
        self.reason = QLineEdit(self.reason_box)
        self.reason.setObjectName("correction.reason")
        self.reason.setAccessibleName(self.tr("Reason for the correction"))
        self.reason.setMaxLength(records.MAX_REASON_CHARS)
        self.reason_label.setBuddy(self.reason)
        self.reason.returnPressed.connect(self.start_correction)
        self.reason_start = QPushButton(self.tr("Start the correction"), self.reason_box)
        self.reason_start.clicked.connect(self.start_correction)
        self.reason_cancel = QPushButton(self.tr("Cancel"), self.reason_box)
        self.reason_cancel.clicked.connect(self.reason_box.hide)
        reason_row = QHBoxLayout(self.reason_box)
        reason_row.setContentsMargins(0, 0, 0, 0)
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        reason_row.addWidget(self.reason_start)
        reason_row.addWidget(self.reason_cancel)
        self.reason_box.hide()
        self.clock = QHBoxLayout()
        self.clock_label = QLabel(self.tr("Interview clock:"), self)
        self.start_button = QPushButton(self.tr("Interview started"), self)
        self.start_button.setToolTip(self.tr("Fills in the session's start with the time now"))
        self.start_button.clicked.connect(self.clock_start)
        self.break_button = QPushButton(self.tr("A break"), self)
        self.break_button.setToolTip(self.tr("Counts one more break in the session"))
        self.break_button.clicked.connect(self.clock_break)
        self.end_button = QPushButton(self.tr("Interview ended"), self)
        self.end_button.setToolTip(self.tr("Fills in the session's end with the time now"))
        self.end_button.clicked.connect(self.clock_end)
        self.clock.addWidget(self.clock_label)
        for button in (self.start_button, self.break_button, self.end_button):
            self.clock.addWidget(button)
        self.clock.addStretch(1)
        self.banner = QLabel(self)
        self.banner.setObjectName("editor-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: palette(alternate-base); padding: 6px;")

    def _build_body(self) -> None:
        self.form_page = QSplitter(Qt.Orientation.Horizontal, self)
        self.nav = QListWidget(self.form_page)
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setMaximumWidth(260)
        self.stack = SectionPages(self.form_page)
        self.sections: dict[str, Node] = {}
        self.scrolls: dict[str, QScrollArea] = {}
        self.attachments_panel: AttachmentsPanel | None = None
        for each in self.form.sections:
            item = QListWidgetItem(each.label[self.lang])
            item.setData(Qt.ItemDataRole.UserRole, each.key)
            self.nav.addItem(item)
            self.stack.addWidget(self._section_page(each))
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.itemActivated.connect(lambda _item: self.focus_first())
        self.side = QTabWidget(self.form_page)
        self.checklist = QListWidget(self.side)
        self.checklist.setAccessibleName(self.tr("Needed before sealing"))
        self.checklist.setWordWrap(True)
        self.checklist.itemActivated.connect(self._on_checklist)
        self.checklist.itemClicked.connect(self._on_checklist)
        self.side.addTab(self.checklist, self.tr("Before sealing"))
        self.history = QListWidget(self.side)
        self.history.setObjectName("editor.history")
        self.history.setAccessibleName(self.tr("Version history"))
        self.history.setWordWrap(True)
        self.side.addTab(self.history, self.tr("History"))
        self.diff = DiffView(self.form, self.lang, self.side)
        self.diff.hide()
        self.recorder = RecorderPanel(
            self.vault, self.record_id, section=self._section_label, shortcut_host=self,
            device=lambda: preferred_device(self), parent=self.side)
        self.recorder.recorded.connect(self._on_recorded)
        self.side.addTab(self.recorder, self.tr("Recording"))
        self.form_page.addWidget(self.nav)
        self.form_page.addWidget(self.stack)
        self.form_page.addWidget(self.side)
        self.form_page.setStretchFactor(1, 3)
        self.form_page.setStretchFactor(2, 1)

    def _section_page(self, each: forms.Field) -> QScrollArea:
        if each.type == GROUP and not each.repeat:
            node: Node = GroupNode(each, self.ctx, titled=False)
        elif each.repeat:  # a section of entries: one open at a time, the others folded
            node = RepeatNode(each, self.ctx, foldable=True)
        else:
            node = build_node(each, self.ctx)
        node.set_path(each.key)
        node.changed.connect(lambda key=each.key: self._on_edit(key))
        node.restructured.connect(self._reindex)
        self.sections[each.key] = node
        page = QWidget()
        layout = QVBoxLayout(page)
        if not isinstance(node, RepeatNode):  # a repeating group shows its own title
            heading = QLabel(each.label[self.lang], page)
            heading.setStyleSheet("font-size: 125%; font-weight: bold;")
            layout.addWidget(heading)
        if each.help and not isinstance(node, RepeatNode):
            help_label = WrapLabel(each.help[self.lang], page)
            layout.addWidget(help_label)
        if each.key == ATTACHMENTS_SECTION:
            self.attachments_panel = AttachmentsPanel(self.vault, self.record_id, parent=page)
            self.attachments_panel.changed.connect(self._on_attachments_changed)
            layout.addWidget(self.attachments_panel)
        layout.addWidget(node)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        # never a focus stop itself: a click on the page's empty space leaves the focus where it
        # was (from a focused scroll area, Tab went on from where Qt had left it in the chain,
        # past the first entry's controls); the page scrolls to follow the focus and the wheel
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setObjectName(f"section:{each.key}")
        self.scrolls[each.key] = scroll
        return scroll

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.autosave),
            (QKeySequence("Ctrl+Shift+S"), self.review),
            (QKeySequence("Ctrl+E"), self.correct),
            (QKeySequence("Ctrl+W"), self.close_editor),
            (QKeySequence("Ctrl+PgDown"), lambda: self._step_section(1)),
            (QKeySequence("Ctrl+PgUp"), lambda: self._step_section(-1)),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- loading --------------------------------------------------------------------------
    def _load(self) -> None:
        """Show the record as stored: the open draft, or the last sealed version read-only."""
        self._land_in_flight()
        rec = records.get(self.vault, self.record_id)
        doc = records.document(self.vault, self.record_id)
        self._read_only = rec.status != "draft"
        held = None if self._read_only else records.held(self.vault, self.record_id)
        shown = doc if held is None else held  # what was typed, valid or not
        self._loading = True
        try:
            for key, node in self.sections.items():
                node.set_path(key)
                node.set_value(shown.get(key))
                node.set_read_only(self._read_only)
        finally:
            self._loading = False
        if self.attachments_panel is not None:
            self.attachments_panel.set_read_only(self._read_only)
        self.recorder.record_button.setEnabled(not self._read_only)
        self._dirty = False
        self._reindex()
        self._title(rec)
        self.save_button.setVisible(not self._read_only)
        self.review_button.setVisible(not self._read_only)
        self.correct_button.setVisible(rec.status == "sealed")
        self.discard_button.setVisible(not self._read_only)
        self.reason_box.hide()
        self._refresh_history()
        for role, button in (
            ("interview_date", self.start_button),
            ("interview_breaks", self.break_button),
            ("interview_end", self.end_button),
        ):
            button.setVisible(not self._read_only and self._clock_row(role) is not None)
        self.clock_label.setVisible(not self._read_only)
        self._reindex()
        self._apply(
            bg.read_back(self.vault, self.record_id, doc),
            self.build_document()[1] if held is not None else {},
            at_once=True,
        )
        if self._read_only:
            self.banner.setText(
                self.tr(
                    "Sealed version %1: read only. To change anything, start a correction (version %2)."  # noqa: E501
                )
                .replace("%1", str(rec.version))
                .replace("%2", str(rec.version + 1))
            )
            self._set_state(SAVED)
        elif rec.version > 1:
            self.banner.setText(
                self.tr(
                    "Correction: version %1 of a sealed record. The Changes tab shows what differs from version %2."  # noqa: E501
                )
                .replace("%1", str(rec.version))
                .replace("%2", str(rec.version - 1))
            )
            self._set_state(SAVED, saved_at=self._draft_time())
        else:
            self.banner.setText(
                self.tr("Draft. Saved automatically; fields marked * are needed before sealing.")
            )
            self._set_state(SAVED, saved_at=self._draft_time())
        self.banner.setVisible(bool(self.banner.text()))

    def _draft_time(self) -> str:
        saved_at = records.draft_saved_at(self.vault, self.record_id)
        return _clock(saved_at) if saved_at else ""

    def _title(self, rec: records.Record) -> None:
        name = rec.reference or self.tr("(no reference yet)")
        status = {
            "draft": self.tr("draft"),
            "sealed": self.tr("sealed"),
            "withdrawn": self.tr("withdrawn"),
        }.get(rec.status, rec.status)
        self.title.setText(
            self.tr("%1 · %2 · version %3 · %4")
            .replace("%1", name)
            .replace("%2", rec.pseudonym or "—")
            .replace("%3", str(rec.version))
            .replace("%4", status)
        )

    # -- public API -----------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self._read_only

    def section(self) -> str:
        return self._section

    def set_section(self, key: str) -> None:
        keys = [each.key for each in self.form.sections]
        if key not in keys:
            raise KeyError(key)
        self.nav.setCurrentRow(keys.index(key))

    def document(self) -> dict[str, Any]:
        """The document the widgets hold now, as it would be saved."""
        return self.build_document()[0]

    def node(self, path: str) -> Node | None:
        """The node answering for a concrete path (or the nearest one above it)."""
        probe = path
        while probe:
            if probe in self._targets:
                return self._targets[probe]
            stripped = re.sub(r"\[[0-9]+\]$", "", probe)
            if stripped != probe:
                probe = stripped
                continue
            probe = probe.rpartition(".")[0]
        return None

    def autosave(self) -> None:
        """Save what changed on a worker (the timer, leaving a question or a section, Save
        now). One save at a time: asked again while one is in flight, the next starts when
        it lands, so saves reach the vault in the order they were made."""
        self._timer.stop()
        if self._read_only or not self._dirty or self._loading:
            return
        if self._save_task is not None:
            self._again = True
            return
        edits = self._edits
        doc, local = self._collect()
        raw = self.raw_document() if local else None
        try:
            background = self.vault.background()
        except IntakeError as e:  # locked, or a key rotation: kept unsaved, tried again later
            log.warning("draft of %s not saved: %s", self.record_id, errors.code_of(e))
            self._set_state(NOT_SAVED)
            self.status.setText(errors.message(e, self.tr("Not saved: %1")))
            return
        task = Task(
            bg.save, background, self.record_id, doc, local, raw, self.lang,
            parent=self,
        )
        task.finished.connect(lambda _result, t=task: self._landed(t))
        task.failed.connect(lambda _error, t=task: self._landed(t))
        self._save_task, self._pending, self._again = task, (edits, local), False
        self._set_state(SAVING)
        task.start()

    def flush(self) -> bool:
        """Save now and wait (closing, locking, quitting, review): the save in flight lands
        first, then what is left is saved here. True when nothing is left unsaved."""
        self._timer.stop()
        self._land_in_flight()
        if self._read_only or not self._dirty or self._loading:
            return True
        edits = self._edits
        doc, local = self._collect()
        raw = self.raw_document() if local else None
        self._set_state(SAVING)
        try:
            result = bg.save(self.vault, self.record_id, doc, local, raw, self.lang)
        except IntakeError as e:
            self._refused(e, local)
            return False
        self._saved(edits, result, at_once=True)
        return True

    @property
    def pending(self) -> bool:
        """Whether anything typed is not in the vault yet, or a save is on its way."""
        return self._dirty or self._save_task is not None or self.slices.pending

    def _quiet(self) -> bool:
        return not self.pending and not self._timer.isActive()

    def _land_in_flight(self) -> None:
        """Wait for the autosave in flight and take its result here."""
        task = self._save_task
        if task is not None:
            task.done.wait()
            self._landed(task, chain=False)
            self.slices.drain()

    def _landed(self, task: Task, *, chain: bool = True) -> None:
        if task is not self._save_task:
            return  # already taken by flush
        self._save_task = None
        edits, local = self._pending
        if task.error is None:
            assert isinstance(task.result, bg.ReadBack)
            self._saved(edits, task.result)
        elif isinstance(task.error, IntakeError):
            self._refused(task.error, local)
        else:  # the database busy or the disk full: what was typed stays, tried again
            log.warning("draft of %s not saved: %s", self.record_id, errors.code_of(task.error))
            self._set_state(NOT_SAVED)
            self.status.setText(errors.message(task.error, self.tr("Not saved: %1")))
            self._timer.start()
        if chain and self._again:
            self.autosave()

    def _saved(self, edits: int, result: bg.ReadBack, *, at_once: bool = False) -> None:
        if edits == self._edits:  # nothing typed since that save took the document
            self._dirty = False
        self.maintainer.poke()
        self._apply(result, result.messages, at_once=at_once)
        self._title(result.record)
        if self._dirty:  # typed again meanwhile: that goes with the next save
            self._set_state(UNSAVED)
        else:
            self._set_state(SAVED, saved_at=datetime.now().strftime("%H:%M:%S"))
            self.saved.emit()

    def _refused(self, error: IntakeError, messages: dict[str, list[str]]) -> None:
        if isinstance(error, ValidationFailed):
            log.warning("draft of %s refused: %d problems", self.record_id, len(error.problems))
            for problem in error.problems:
                messages.setdefault(problem.path, []).append(self._message(problem))
            self._show_messages(messages)
        else:
            log.warning("draft of %s not saved: %s", self.record_id, errors.code_of(error))
        self._set_state(NOT_SAVED)
        if not isinstance(error, ValidationFailed):  # no message names a field: say why
            self.status.setText(errors.message(error, self.tr("Not saved: %1")))

    def raw_document(self) -> dict[str, Any]:
        """Everything the widgets hold, valid or not (kept beside the draft in the vault)."""
        doc: dict[str, Any] = {}
        for key, node in self.sections.items():
            value = node.raw_value()
            if value is not None:
                doc[key] = value
        return doc

    def build_document(self) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """The document from the widgets, without answers the draft cannot take yet.

        Returns the document and, by path, the messages of what was left out.
        """
        doc, local = self._collect()
        return bg.without_invalid(self.form, doc, local, self.lang)

    def _collect(self) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """What the widgets hold as answers, and the messages of what they hold that is not
        an answer yet (the GUI thread's part of a save; the form's checks run with the save)."""
        for key in self._stale | (self.sections.keys() - self._values.keys()):
            self._values[key] = self.sections[key].value()  # only what changed is read again
        self._stale.clear()
        doc = {key: self._values[key] for key in self.sections if self._values[key] is not None}
        local: dict[str, list[str]] = {}
        for path, target in self._targets.items():  # typed but not an answer yet
            shown = target.shown_local if isinstance(target, LeafRow) else []
            if not shown:  # (most: the path is not even parsed)
                continue
            section = self.sections.get(str(path_tokens(path)[0]))
            if section is not None and shown_to(target, section):
                local[path] = list(shown)
        return doc, local

    def review(self) -> None:
        """Save, then show the review page (summary, what is missing, confirmation)."""
        if self._read_only:
            return
        self.flush()
        self.review_page.refresh()
        self.pages.setCurrentWidget(self.review_page)
        self.review_page.setFocus()

    def show_form(self) -> None:
        self.pages.setCurrentWidget(self.form_page)

    def correct(self, reason: str | None = None) -> int | None:
        """Start version n+1 of a sealed record for ``reason``; return its number. Without a
        reason, ask for it first (the line above the form; Enter starts the correction)."""
        rec = records.get(self.vault, self.record_id)
        if rec.status != "sealed":
            return None
        if reason is None or not reason.strip():
            self.reason_box.show()
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        version = records.correct(self.vault, self.record_id, reason=reason)
        self.reason.clear()
        self._load()
        self.side.setCurrentWidget(self.diff)
        self.saved.emit()
        return version

    def start_correction(self) -> None:
        if self.reason.text().strip():
            self.correct(self.reason.text())
        else:
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def discard(self, *, confirmed: bool = False) -> bool:
        """Throw the draft away after a confirmation; True if it was discarded."""
        if self._read_only:
            return False
        rec = records.get(self.vault, self.record_id)
        if not confirmed:
            text = (
                self.tr(
                    "Discard the correction (version %1)? The sealed version stays as it is."
                ).replace("%1", str(rec.version))
                if rec.version > 1
                else self.tr(
                    "Discard this draft and its files? This cannot be undone. The custody log"
                    " keeps that a draft existed, not what it said."
                )
            )
            answer = QMessageBox.question(
                self,
                self.tr("Discard draft"),
                text,
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return False
        self._timer.stop()
        self._land_in_flight()
        self._dirty = False
        from ui import recorder  # a recording of this draft stops first, and goes with it

        recorder.stop_all(self, save=False)
        what = records.discard_draft(self.vault, self.record_id)
        if what == "correction":
            self._load()
            self.saved.emit()
        else:
            self.discarded.emit()
        return True

    def close_editor(self) -> None:
        self.flush()
        self.closed.emit()

    def goto(self, path: str) -> None:
        """Show the question at a concrete path and put the cursor in it."""
        self.show_form()
        section = path_tokens(path)[0] if path else ""
        if not isinstance(section, str) or section not in self.sections:
            return
        self.set_section(section)
        target = self.node(path)
        if target is None:
            return
        focus: QWidget = target.input if isinstance(target, LeafRow) else target
        unfold(target)
        lay_out()  # (where it is once its entry is open: laid out later in this turn anyway)
        self.scrolls[section].ensureWidgetVisible(target)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the interview clock ----------------------------------------------------------------
    def _clock_row(self, role: str) -> LeafRow | None:
        """The question the form gives ``role`` (start, breaks, end of the session)."""
        path = next((f.path for f in self.form.all_fields() if f.role == role), None)
        row = self._targets.get(path) if path is not None else None
        if path is not None and row is None:
            for node in self.sections.values():
                for each_path, target in node.targets():
                    if each_path == path:
                        row = target
        return row if isinstance(row, LeafRow) else None

    def _clock_set(self, role: str, value: object) -> None:
        row = self._clock_row(role)
        if row is None or self._read_only:
            return
        row.set_value(value)
        self._on_edit()
        self.autosave()

    def _clock_time(self, role: str) -> None:
        row = self._clock_row(role)
        if row is None or not isinstance(row.input, DateTimeInput):
            return
        if row.value() is not None:
            answer = QMessageBox.question(
                self,
                self.tr("Interview clock"),
                self.tr("Replace %1 with the time now?").replace("%1", row.input.edit.text()),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._clock_set(role, datetime.now().astimezone().replace(microsecond=0).isoformat())

    def clock_start(self) -> None:
        self._clock_time("interview_date")

    def clock_end(self) -> None:
        self._clock_time("interview_end")

    def clock_break(self) -> None:
        row = self._clock_row("interview_breaks")
        if row is not None:
            count = row.value()
            self._clock_set("interview_breaks", (count if isinstance(count, int) else 0) + 1)

    # -- reacting to edits ------------------------------------------------------------------
    def _on_edit(self, section: str | None = None) -> None:
        """Something was typed (in ``section``, or anywhere)."""
        self._stale.update([section] if section else self.sections)
        if self._loading or self._read_only:
            return
        self._dirty = True
        self._edits += 1
        self._set_state(UNSAVED)
        self._timer.start()

    def _reindex(self) -> None:
        self._stale.update(self.sections)
        self._targets = {}
        for node in self.sections.values():
            for path, target in node.targets():
                self._targets[path] = target
        # entries added later: Tab still reads in order, from the section list through the
        # pages (only the shown one counts) to the side panel
        pages = [
            page
            for s in self.scrolls.values()
            if (page := s.widget()) is not None and s.window() is self.window()
        ]  # (a page being shown ahead is in a window of its own: its Tab order is mended)
        order_tabs(pages, before=self.nav, after=self.side)
        self._warmer.start()

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Moving to another question saves what was typed in the last one."""
        if not self._warmer.isActive():  # (an entry opened: its own folded entries next)
            self._warmer.start()
        if not self._dirty or old is None or not self.isAncestorOf(old):
            return
        if new is not None and self._row_of(new) is self._row_of(old):
            return
        self._save_soon.start()

    def _row_of(self, widget: QWidget | None) -> QWidget | None:
        while widget is not None and widget is not self:
            if isinstance(widget, LeafRow):
                return widget
            widget = widget.parentWidget()
        return None

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        self._save_soon.start()
        ahead = self._aheads.pop(self.form.sections[row].key, None)
        if ahead is not None:  # what is left of showing the page ahead, now
            ahead.finish()
        self.stack.setCurrentIndex(row)
        self._section = self.form.sections[row].key
        self._warmer.start()

    def show_ahead(self) -> bool:
        """One idle turn's worth of showing ahead, out of sight (``ShowAhead``): the shown
        section's folded entries (each one's first opening is then a quick one), then the
        pages of the sections not shown yet (each one's first showing). Returns whether
        there was anything to do; the idle timer stops when not."""
        node = self.sections.get(self._section)
        if node is not None and self.isVisible():
            for item in foldable_entries(node):
                if item.warm_step():
                    return True
            for index, (key, scroll) in enumerate(self.scrolls.items()):
                if index in self.stack.shown_once:
                    continue
                ahead = self._aheads.get(key)
                if ahead is None:
                    ahead = self._aheads[key] = ShowAhead(
                        scroll,
                        self.sections[key],
                        self.nav,
                        home=self.stack.put_back,
                        size=self._page_size,
                        fit=False,
                    )
                if ahead.step():
                    return True
        self._warmer.stop()
        return False

    def _page_size(self) -> tuple[int, int]:
        """A section page's size when shown ((0, 0) while the pages are not laid out)."""
        shown = self.stack.isVisible()
        return (self.stack.width(), self.stack.height()) if shown else (0, 0)

    def _step_section(self, step: int) -> None:
        row = (self.nav.currentRow() + step) % self.nav.count()
        self.nav.setCurrentRow(row)
        self.focus_first()

    def focus_first(self) -> None:
        """Put the cursor in the first question of the current section that takes an answer
        (a section of repeating entries without any: its Add button)."""
        node = self.sections.get(self._section)
        if node is None:
            return
        rows = node.leaf_rows() if isinstance(node, GroupNode | RepeatNode) else iter([node])
        for row in rows:
            if (
                isinstance(row, LeafRow)
                and not row.program_filled
                and row.isVisibleTo(self)
                and row.window() is self.window()  # (not a folded entry's, shown ahead)
                and row.input.isEnabled()
            ):
                row.input.setFocus(Qt.FocusReason.TabFocusReason)
                return
        if isinstance(node, RepeatNode):
            node.add_button.setFocus(Qt.FocusReason.TabFocusReason)

    def _on_checklist(self, item: QListWidgetItem) -> None:
        self.goto(str(item.data(Qt.ItemDataRole.UserRole)))

    def _section_label(self) -> str:
        """The section being edited, in the interface language (noted with a marker)."""
        labels = {each.key: each.label[self.lang] for each in self.form.sections}
        return labels.get(self._section, self._section)

    def _on_recorded(self, _attachment_id: str) -> None:
        if self.attachments_panel is not None:
            self.attachments_panel.reload()
        self._on_attachments_changed()

    def _on_attachments_changed(self) -> None:
        self._stale.update(self.sections)
        self.ctx.attachments[:] = attachments.for_record(self.vault, self.record_id)
        for node in self.sections.values():
            rows = node.leaf_rows() if isinstance(node, GroupNode | RepeatNode) else iter(())
            for row in rows:
                row.set_attachments(self.ctx.attachments)

    def _on_sealed(self, version: int) -> None:
        self._load()
        self.show_form()
        self.sealed.emit(version)

    # -- showing state ----------------------------------------------------------------------
    def _message(self, problem: forms.Problem) -> str:
        return problem.ko if self.lang == "ko" else problem.en

    def _apply(
        self, result: bg.ReadBack, messages: dict[str, list[str]], *, at_once: bool
    ) -> None:
        """Show a save's result: a slice per turn of the event loop unless ``at_once``."""
        self.draft_messages = messages
        self.seal_problems = result.seal_problems
        self.slices.run(
            [
                lambda: self._show_filled(result.doc),
                lambda: self._show_messages(messages),
                lambda: self._refresh_checklist(),
                lambda: self._refresh_diff(result),
            ],
            at_once=at_once,
        )

    def _show_filled(self, doc: dict[str, Any]) -> None:
        for each in self.form.all_fields():  # what the core filled in (never typed)
            row = self._targets.get(each.path)
            if each.role in PROGRAM_ROLES and isinstance(row, LeafRow):
                values = self.form.values(doc, str(each.role))
                row.set_value(values[0] if values else None)
                self._stale.add(str(path_tokens(each.path)[0]))

    def _show_messages(self, messages: dict[str, list[str]]) -> None:
        """Show the messages of a save by their questions; only those that change are touched
        (every question's, at each save, was tens of milliseconds on a large record)."""
        by_target: dict[int, tuple[Node, list[str]]] = {}
        for path, texts in messages.items():
            target = self.node(path)
            if target is not None:
                by_target.setdefault(id(target), (target, []))[1].extend(texts)
        current = {id(t) for t in self._targets.values()}
        for key, (target, _) in self._shown.items():
            if key not in by_target and key in current:
                target.show_messages([])
        for key, (target, texts) in by_target.items():
            if self._shown.get(key, (None, None))[1] != texts:
                target.show_messages(texts)
        self._shown = by_target

    def _refresh_checklist(self) -> None:
        self.checklist.clear()
        per_section: dict[str, int] = {}
        for problem in self.seal_problems:
            item = QListWidgetItem(problem_text(self.form, problem, self.lang))
            item.setData(Qt.ItemDataRole.UserRole, problem.path)
            self.checklist.addItem(item)
            first = path_tokens(problem.path)[0]
            per_section[str(first)] = per_section.get(str(first), 0) + 1
        if not self.seal_problems:
            done = QListWidgetItem(self.tr("Nothing is missing: the record can be sealed."))
            done.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.checklist.addItem(done)
        index = self.side.indexOf(self.checklist)
        self.side.setTabText(
            index, self.tr("Before sealing (%1)").replace("%1", str(len(self.seal_problems)))
        )
        for row, each in enumerate(self.form.sections):
            missing = per_section.get(each.key, 0)
            label = each.label[self.lang]
            self.nav.item(row).setText(f"{label}  ({missing})" if missing else label)

    def _refresh_history(self) -> None:
        """The sealed versions, newest last, each with the reason it was opened."""
        self.history.clear()
        entries = records.version_history(self.vault, self.record_id)
        for entry in entries:
            text = (
                self.tr("Version %1 · sealed %2 · key %3")
                .replace("%1", str(entry.version))
                .replace("%2", _local_time(entry.sealed_at))
                .replace("%3", entry.signer[:19])
            )
            if entry.reason:
                text += "\n" + self.tr("Corrected because: %1").replace("%1", entry.reason)
            self.history.addItem(text)
        if not entries:
            self.history.addItem(self.tr("Not sealed yet."))
        rec = records.get(self.vault, self.record_id)
        if rec.status == "draft" and entries:
            opened = self.tr("Version %1 · open correction").replace("%1", str(rec.version))
            self.history.addItem(opened)

    def _refresh_diff(self, result: bg.ReadBack) -> None:
        previous = result.previous
        index = self.side.indexOf(self.diff)
        if previous is not None:
            self.diff.show_differences(previous.doc, result.doc, previous.version)
            if index < 0:
                self.side.addTab(self.diff, self.tr("Changes"))
        elif index >= 0:
            self.side.removeTab(index)
            self.diff.hide()
        if self._read_only:  # a sealed record: its versions are what there is to see
            self.side.setCurrentWidget(self.history)

    def _set_state(self, state: str, saved_at: str = "") -> None:
        self._state = state
        if saved_at:
            self._saved_at = saved_at
        if state == SAVING:
            text = self.tr("Saving…")
        elif state == UNSAVED:
            text = self.tr("Unsaved changes")
        elif state == NOT_SAVED:
            text = self.tr("Not saved: see the messages")
        elif self._read_only:
            text = self.tr("Sealed")
        elif self._saved_at:
            text = self.tr("Saved %1").replace("%1", self._saved_at)
            if self.draft_messages:
                text += " · " + self.tr(
                    "%1 answers not valid yet: kept in the draft, see the messages"
                ).replace("%1", str(len(self.draft_messages)))
        else:
            text = ""
        self.status.setText(text)

    @property
    def state(self) -> str:
        """saved, saving, unsaved or not-saved."""
        return self._state


class SectionPages(QWidget):
    """The sections' pages, one shown at a time. Not a QStackedWidget: switching one of
    those turns updates off and on again over every page's widgets (thousands in a record
    of several incidents, ~10 ms a switch); here only the two pages involved are touched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current = -1
        self.shown_once: set[int] = set()  # the pages shown at least once

    def addWidget(self, page: QWidget) -> None:  # noqa: N802 (as QStackedWidget's)
        page.setParent(self)
        page.hide()
        self._layout.addWidget(page)
        self._pages.append(page)
        if self._current < 0:
            self.setCurrentIndex(0)

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentIndex(self) -> int:  # noqa: N802 (as QStackedWidget's)
        return self._current

    def currentWidget(self) -> QWidget | None:  # noqa: N802 (as QStackedWidget's)
        return self._pages[self._current] if self._current >= 0 else None

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802 (as QStackedWidget's)
        if index == self._current or not 0 <= index < len(self._pages):
            return
        old = self.currentWidget()
        self._current = index
        if old is not None:
            old.hide()
        self._pages[index].show()
        self.shown_once.add(index)

    def put_back(self, page: QWidget) -> None:
        """A page shown ahead elsewhere, back (hidden)."""
        page.hide()
        self._layout.addWidget(page)


def _local_time(stamp: str) -> str:
    """A stored UTC timestamp as local date and time."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _clock(stamp: str) -> str:
    """The local wall-clock time of a stored UTC timestamp (HH:MM:SS)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return moment.astimezone().strftime("%H:%M:%S")
