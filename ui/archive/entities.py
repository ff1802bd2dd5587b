"""The Facilities and units tab: choose a facility or unit, see every act counted under it
on a timeline, link acts of different testimonies, write notes and tags, and reconcile the
spellings the archive proposes to merge."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intake.archive import acts, entities, links, notes
from intake.archive.acts import Act
from intake.archive.links import ActRef
from intake.capture.filters import Filters
from intake.errors import IntakeError
from intake.vault import Vault
from ui import errors
from ui.archive import interviewer_text
from ui.archive.timeline import (
    LinkDialog,
    MoveDialog,
    NoteDialog,
    TimelineChart,
    read,
    relation_text,
)
from ui.filedialogs import save_file_name
from ui.workers import Task

COLUMNS = 7


class EntitiesPanel(QWidget):
    loaded = Signal()  # a refresh has been read and shown
    changed = Signal()  # the reviewer linked, annotated or merged (the counts may change)
    exported = Signal(object)  # rows written to the links CSV

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.vault: Vault | None = None
        self.filters = Filters()
        self.data: dict[str, Any] = {}
        self.line: links.Timeline | None = None
        self.task: Task | None = None
        self.dialog: Any = None
        self.export_task: Task | None = None
        self.export_path = Path("links.csv")

        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Facilities"), "facility")
        self.kind.addItem(self.tr("Perpetrator units"), "unit")
        self.kind.setAccessibleName(self.tr("Facilities or units"))
        self.include_unpinned = QCheckBox(self.tr("Include keys not pinned"), self)
        self.entity_list = QListWidget(self)
        self.entity_list.setAccessibleName(self.tr("Entities and their testimonies"))
        self.chart = TimelineChart(language, self)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("From"), self.tr("To"), self.tr("Testimony"), self.tr("Interviewer"),
            self.tr("Act"), self.tr("Links"), self.tr("Notes")])
        self.table.setAccessibleName(self.tr("Acts on the timeline"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.details = QListWidget(self)
        self.details.setAccessibleName(self.tr("Links and notes of the chosen act"))
        self.link_button = QPushButton(self.tr("&Link the two acts…"), self)
        self.note_button = QPushButton(self.tr("Note on the &act…"), self)
        self.record_note_button = QPushButton(self.tr("Note on the &testimony…"), self)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.move_button = QPushButton(self.tr("Mo&ve to the new version…"), self)
        self.move_button.setToolTip(self.tr("The chosen link was made before a correction:"
                                            " name the act it judged in the new version"))
        self.export_button = QPushButton(self.tr("&Export links (CSV)…"), self)
        self.export_button.setToolTip(self.tr("Every link between acts, with both acts and the"
                                              " note"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.kind)
        column.addWidget(self.include_unpinned)
        column.addWidget(self.entity_list, 1)
        right = QWidget(self)
        body = QVBoxLayout(right)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.summary)
        chart_scroll = QScrollArea(self)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        chart_scroll.setMinimumHeight(120)
        body.addWidget(chart_scroll, 1)
        body.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for b in (self.link_button, self.note_button, self.record_note_button,
                  self.remove_button, self.move_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        body.addLayout(buttons)
        body.addWidget(self.details, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)

        self.proposals = QTableWidget(0, 3, self)
        self.proposals.setHorizontalHeaderLabels([
            self.tr("Spelling"), self.tr("May be the same as"), self.tr("Likeness")])
        self.proposals.setAccessibleName(self.tr("Spellings proposed for merging"))
        self.proposals.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.proposals.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.proposals.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col in (0, 1):
            self.proposals.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.Stretch)
        self.merge_button = QPushButton(self.tr("&Merge: count as one"), self)
        self.apart_button = QPushButton(self.tr("&Keep apart"), self)
        self.merged = QListWidget(self)
        self.merged.setAccessibleName(self.tr("Merged spellings"))
        self.unmerge_button = QPushButton(self.tr("&Undo the merge"), self)
        reconcile = QWidget(self)
        rows = QVBoxLayout(reconcile)
        rows.addWidget(QLabel(self.tr("Names written differently that may be one facility or"
                                      " unit. Nothing is merged until you say so; every"
                                      " merge is in the audit log."), reconcile))
        rows.addWidget(self.proposals, 2)
        line = QHBoxLayout()
        line.addWidget(self.merge_button)
        line.addWidget(self.apart_button)
        line.addStretch(1)
        rows.addLayout(line)
        rows.addWidget(QLabel(self.tr("Merged"), reconcile))
        rows.addWidget(self.merged, 1)
        rows.addWidget(self.unmerge_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(split, self.tr("Timeline"))
        self.tabs.addTab(reconcile, self.tr("Spellings to reconcile"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.kind.currentIndexChanged.connect(self._show)
        self.include_unpinned.toggled.connect(self._show)
        self.entity_list.currentRowChanged.connect(self._entity_chosen)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.link_button.clicked.connect(self.ask_link)
        self.note_button.clicked.connect(lambda: self.ask_note(on_act=True))
        self.record_note_button.clicked.connect(lambda: self.ask_note(on_act=False))
        self.remove_button.clicked.connect(self.remove_detail)
        self.move_button.clicked.connect(self.ask_move)
        self.details.currentRowChanged.connect(self._buttons)
        self.export_button.clicked.connect(self._export_dialog)
        self.details.itemDoubleClicked.connect(self._edit_note)
        self.merge_button.clicked.connect(self.merge_chosen)
        self.apart_button.clicked.connect(self.keep_chosen_apart)
        self.unmerge_button.clicked.connect(self.unmerge_chosen)
        self.proposals.itemSelectionChanged.connect(self._buttons)
        self.merged.currentRowChanged.connect(self._buttons)
        self._buttons()

    # -- reading ----------------------------------------------------------------------------
    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self.data = {}
        if vault is None:
            self.entity_list.clear()
            self.table.setRowCount(0)
            self.details.clear()
            self.chart.set_timeline(None)

    def refresh(self, filters: Filters | None = None) -> None:
        if self.vault is None:
            return
        if filters is not None:
            self.filters = filters
        self.task = Task(read, self.vault, self.filters, parent=self)
        self.task.finished.connect(self._read)
        self.task.start()

    def _read(self, data: object) -> None:
        if self.sender() is not self.task:  # a read started before the latest change
            return
        assert isinstance(data, dict)
        self.data = data
        self._show()
        self.loaded.emit()

    @property
    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def _acts(self) -> list[Act]:
        every: list[Act] = self.data.get("acts", [])
        return [a for a in every if a.pinned or self.include_unpinned.isChecked()]

    def _name(self, ko: str, en: str) -> str:
        first, second = (ko, en) if self.language == "ko" else (en, ko)
        return first or second

    def _show(self, *_: object) -> None:
        if not self.data:
            return
        kind, keep = self.chosen_kind, self.entity_list.currentItem()
        wanted = keep.data(Qt.ItemDataRole.UserRole) if keep is not None else None
        groups: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for a in self._acts():
            keys = [a.facility_entity] if kind == "facility" else list(a.unit_entities)
            for k in keys:
                if k:
                    groups.setdefault(k, set()).add(a.record_id)
                    names.setdefault(k, self._name(a.facility_entity_ko, a.facility_entity_en)
                                     if kind == "facility" else self._name(*entities.name_of(k)))
        self.entity_list.blockSignals(True)
        self.entity_list.clear()
        for k in sorted(groups, key=lambda k: (-len(groups[k]), names[k])):
            item = QListWidgetItem(self.tr("%1 (%2 testimonies)").replace("%1", names[k] or k)
                                   .replace("%2", str(len(groups[k]))))
            item.setData(Qt.ItemDataRole.UserRole, k)
            item.setToolTip(k)
            self.entity_list.addItem(item)
            if k == wanted:
                self.entity_list.setCurrentItem(item)
        self.entity_list.blockSignals(False)
        if self.entity_list.currentRow() < 0 and self.entity_list.count():
            self.entity_list.setCurrentRow(0)
        self._entity_chosen()
        self._show_proposals()

    def choose(self, entity: str) -> bool:
        for row in range(self.entity_list.count()):
            if self.entity_list.item(row).data(Qt.ItemDataRole.UserRole) == entity:
                self.entity_list.setCurrentRow(row)
                return True
        return False

    def _entity_chosen(self, *_: object) -> None:
        item = self.entity_list.currentItem()
        if item is None:
            self.line = None
        else:
            older = [a for a in self.data.get("older", [])
                     if a.pinned or self.include_unpinned.isChecked()]
            self.line = links.timeline_in(self.chosen_kind, item.data(Qt.ItemDataRole.UserRole),
                                          self._acts(), self.data.get("links", []), older,
                                          self.data.get("latest", {}))
        self.chart.set_timeline(self.line)
        shown = self.line.acts if self.line else []
        self.summary.setText(self.tr("%1 acts from %2 testimonies, earliest first.")
                             .replace("%1", str(len(shown)))
                             .replace("%2", str(len({a.record_id for a in shown}))))
        self.table.setRowCount(len(shown))
        by_act = self._notes_by_act()
        for row, a in enumerate(shown):
            tied = self.line.links.get(ActRef.of(a), []) if self.line else []
            cells = [a.earliest.isoformat() if a.earliest else "",
                     a.latest.isoformat() if a.latest else "",
                     a.reference or a.record_id, a.interviewer if a.pinned else interviewer_text(
                         SimpleNamespace(pinned=False, name="", fingerprint=a.signer)),
                     f"{a.incident_no}.{a.act_no} "
                     + acts.label("violations", a.violation, self._lang)
                     + self._corrected(ActRef.of(a), " — %1"),
                     ", ".join(relation_text(k.relation) for k in tied),
                     str(len(by_act.get(ActRef.of(a), [])))]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col == 4:  # the act, and whether it is from before a correction
                    cell.setToolTip(text)
                self.table.setItem(row, col, cell)
        self._selection_changed()

    @property
    def _lang(self) -> str:
        return self.language if self.language in acts.LANGS else "en"

    def _notes_by_act(self) -> dict[ActRef, list[notes.Note]]:
        """Notes by the act they are on, in the version they were written on; notes on a
        testimony under its record's id with incident and act 0 (any version)."""
        out: dict[ActRef, list[notes.Note]] = {}
        for n in self.data.get("notes", []):
            key = n.ref if n.act_no else ActRef(n.record_id, 0, 0)
            out.setdefault(key, []).append(n)
        return out

    def _corrected(self, ref: ActRef, form: str) -> str:
        """``form`` with %1 = "made on version 2; the record has been corrected since
        (version 3)" when ``ref`` is in a version older than its record's latest, else ""."""
        last = links.newer(ref, self.data.get("latest", {}))
        if not last:
            return ""
        return form.replace("%1", self.tr(
            "made on version %1; the record has been corrected since (version %2)")
            .replace("%1", str(ref.version)).replace("%2", str(last)))

    # -- the chosen acts ----------------------------------------------------------------------
    def chosen_acts(self) -> list[Act]:
        shown = self.line.acts if self.line else []
        return [shown[i.row()] for i in self.table.selectionModel().selectedRows()]

    def _selection_changed(self) -> None:
        chosen = self.chosen_acts()
        self.chart.selected = {i.row() for i in self.table.selectionModel().selectedRows()}
        self.chart.update()
        self.details.clear()
        if len(chosen) == 1 and self.line is not None:
            ref = ActRef.of(chosen[0])
            by_act = self._notes_by_act()
            for link in self.line.links.get(ref, []):
                other = link.other(ref)
                text = self.tr("%1 %2 %3").replace("%1", relation_text(link.relation)).replace(
                    "%2", self._reference(other)).replace("%3", link.note)
                item = QListWidgetItem(text.strip() + self._corrected(other, " (%1)"))
                item.setData(Qt.ItemDataRole.UserRole, ("link", link.id))
                self.details.addItem(item)
            for n in (by_act.get(ref, []) + by_act.get(ActRef(ref.record_id, 0, 0), [])):
                where = self.tr("Note") if n.act_no else self.tr("Note on the testimony")
                tags = " ".join(f"#{t}" for t in n.tags)
                item = QListWidgetItem(f"{where}: {n.text} {tags}".strip()
                                       + self._corrected(n.ref, " (%1)"))
                item.setData(Qt.ItemDataRole.UserRole, ("note", n.id))
                self.details.addItem(item)
        self._buttons()

    def _reference(self, ref: ActRef) -> str:
        every = [*self.data.get("acts", []), *self.data.get("older", [])]
        found = next((a for a in every if a.record_id == ref.record_id), None)
        return f"{found.reference if found else ref.record_id} {ref.incident_no}.{ref.act_no}"

    def _buttons(self, *_: object) -> None:
        chosen = self.chosen_acts() if self.line else []
        self.link_button.setEnabled(len(chosen) == 2
                                    and chosen[0].record_id != chosen[1].record_id)
        self.note_button.setEnabled(len(chosen) == 1)
        self.record_note_button.setEnabled(len(chosen) == 1)
        self.remove_button.setEnabled(self.details.count() > 0)
        self.move_button.setEnabled(self._movable() is not None)
        self.merge_button.setEnabled(bool(self.proposals.selectionModel().selectedRows()))
        self.apart_button.setEnabled(self.merge_button.isEnabled())
        self.unmerge_button.setEnabled(self.merged.currentRow() >= 0)

    # -- the reviewer's changes (through the core, audited) -----------------------------------
    def _changed(self) -> None:
        self.changed.emit()
        self.refresh()

    def _apply(self, fn: Any, *args: Any) -> None:
        """One change through the core; a refusal is shown, never raised into Qt."""
        if self.vault is None:
            return
        try:
            fn(self.vault, *args)
        except IntakeError as e:
            self.summary.setText(errors.message(e, self.tr("Not done: %1")))
            return
        self._changed()

    def ask_link(self) -> LinkDialog:
        self.dialog = LinkDialog(self)
        self.dialog.accepted.connect(self._link)
        self.dialog.open()
        return self.dialog

    def _link(self) -> None:
        a, b = self.chosen_acts()
        self._apply(links.add, self.dialog.relation.currentData(), ActRef.of(a), ActRef.of(b),
                    self.dialog.note.toPlainText())

    def ask_note(self, on_act: bool, note: notes.Note | None = None) -> NoteDialog:
        self.dialog = NoteDialog(note.text if note else "", note.tags if note else (), self)
        self.dialog.accepted.connect(lambda: self._note(on_act, note))
        self.dialog.open()
        return self.dialog

    def _note(self, on_act: bool, note: notes.Note | None) -> None:
        text, tags = self.dialog.text.toPlainText(), self.dialog.tags.text().split()
        if note is not None:
            self._apply(notes.edit, note.id, text, tags)
            return
        [a] = self.chosen_acts()
        self._apply(notes.add, a.record_id, text, tags,
                    *((a.incident_no, a.act_no, a.version) if on_act else ()))

    def _edit_note(self, item: QListWidgetItem) -> None:
        what, ident = item.data(Qt.ItemDataRole.UserRole)
        if what == "note":
            found = next(n for n in self.data.get("notes", []) if n.id == ident)
            self.ask_note(bool(found.act_no), found)

    def _movable(self) -> tuple[int, ActRef] | None:
        """(link id, its side on the chosen act) when the chosen detail is a link made on a
        version its record has been corrected since."""
        chosen, item = self.chosen_acts(), self.details.currentItem()
        if len(chosen) != 1 or item is None or item.data(Qt.ItemDataRole.UserRole)[0] != "link":
            return None
        ref = ActRef.of(chosen[0])
        return (item.data(Qt.ItemDataRole.UserRole)[1], ref) if links.newer(
            ref, self.data.get("latest", {})) else None

    def ask_move(self) -> MoveDialog | None:
        movable = self._movable()
        if movable is None:
            return None
        link_id, ref = movable
        last = self.data.get("latest", {}).get(ref.record_id)
        choices = [(f"{a.incident_no}.{a.act_no} "
                    + acts.label("violations", a.violation, self._lang), ActRef.of(a))
                   for a in self.data.get("acts", [])
                   if a.record_id == ref.record_id and a.version == last]
        self.dialog = MoveDialog(choices, self)
        self.dialog.accepted.connect(
            lambda: self._apply(links.move, link_id, self.dialog.act.currentData()))
        self.dialog.open()
        return self.dialog

    def remove_detail(self) -> None:
        item = self.details.currentItem() or self.details.item(0)
        if item is not None:
            what, ident = item.data(Qt.ItemDataRole.UserRole)
            self._apply(links.remove if what == "link" else notes.remove, ident)

    def _export_dialog(self) -> None:
        name = save_file_name(self, self.tr("Export links"), "links.csv", self.tr("CSV (*.csv)"))
        if name:
            self.export_links(Path(name))

    def export_links(self, path: Path) -> None:
        if self.vault is None:
            return
        self.export_path = path
        self.export_task = Task(links.export_links, self.vault, path, parent=self)
        self.export_task.finished.connect(self._exported)
        self.export_task.failed.connect(self._export_failed)
        self.export_task.start()

    def _exported(self, rows: object) -> None:
        self.summary.setText(self.tr("%1 links written to %2").replace("%1", str(rows))
                             .replace("%2", self.export_path.name))
        self.exported.emit(rows)

    def _export_failed(self, exc: BaseException) -> None:
        self.summary.setText(errors.message(exc, self.tr("Not done: %1")))

    # -- spellings to reconcile ---------------------------------------------------------------
    def _show_proposals(self) -> None:
        found: list[entities.Proposal] = self.data.get("proposals", {}).get(self.chosen_kind, [])
        self.proposals.setRowCount(len(found))
        for row, p in enumerate(found):
            cells = [" / ".join(n for n in p.spelling_name if n),
                     " / ".join(n for n in p.target_name if n) + (
                         "" if entities.is_spelling(p.target) else f"  [{p.target}]"),
                     f"{p.score:.0%}"]
            for col, text in enumerate(cells):
                self.proposals.setItem(row, col, QTableWidgetItem(text))
        self.merged.clear()
        for spelling, target in self.data.get("merged", {}).get(self.chosen_kind, []):
            item = QListWidgetItem(f"{spelling[len(entities.SPELLING_PREFIX):]}  →  "
                                   + " / ".join(n for n in entities.name_of(target) if n))
            item.setData(Qt.ItemDataRole.UserRole, spelling)
            self.merged.addItem(item)
        self._buttons()

    def _chosen_proposal(self) -> entities.Proposal | None:
        rows = self.proposals.selectionModel().selectedRows()
        found = self.data.get("proposals", {}).get(self.chosen_kind, [])
        return found[rows[0].row()] if rows else None

    def merge_chosen(self) -> None:
        p = self._chosen_proposal()
        if p is not None:
            self._apply(entities.merge, p.kind, p.spelling, p.target)

    def keep_chosen_apart(self) -> None:
        p = self._chosen_proposal()
        if p is not None:
            self._apply(entities.keep_apart, p.kind, p.spelling, p.target)

    def unmerge_chosen(self) -> None:
        item = self.merged.currentItem()
        if item is not None:
            self._apply(entities.unmerge, self.chosen_kind, item.data(Qt.ItemDataRole.UserRole))
