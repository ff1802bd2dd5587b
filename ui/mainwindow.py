"""The main window: set-up or unlock, then the record list and the interview editor.

One central stack holds the pages. Locking (button, Ctrl+L or idle) flushes and closes the
editor, clears every view and drops the keys; unlocking returns to the same record and
section. The emergency wipe is in the Vault menu and on Ctrl+Shift+Delete, also while locked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import forms
from crypto import kdf
from intake import vault as vault_mod
from intake.capture import records
from intake.errors import IntakeError
from intake.vault import Vault
from ui import archive as archive_ui
from ui import autosave, errors, handover, workers
from ui import recorder as recorder_ui
from ui.lock import IdleWatcher, LockedPlace, ModalKeys
from ui.passphrase import PassphraseDialog
from ui.preferences import Preferences, PreferencesDialog, Translators
from ui.recordlist import RecordListView
from ui.setup_wizard import SetupWizard
from ui.unlock import UnlockWidget
from ui.wipe import WipeDialog, unexported_count
from ui.workers import Task

log = logging.getLogger(__name__)
DEFAULT_FORM = "nk-testimony"
FRAME_ROOM = 48  # pixels left for the title bar and borders the window manager adds


class PlaceholderEditor(QWidget):
    """Stands in for ``ui.editor.RecordEditor`` while that module is missing."""

    saved = Signal()
    sealed = Signal(int)
    closed = Signal()
    discarded = Signal()

    def __init__(
        self, vault: Vault, record_id: str, parent: QWidget | None = None, *, lang: str = "en"
    ) -> None:
        super().__init__(parent)
        self.record_id = record_id
        self._section = ""
        rec = records.get(vault, record_id)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Record %1").replace("%1", rec.reference or rec.id)))
        layout.addStretch(1)

    @property
    def read_only(self) -> bool:
        return True

    def flush(self) -> None:
        return None

    def section(self) -> str:
        return self._section

    def set_section(self, key: str) -> None:
        self._section = key


def editor_class() -> Any:
    try:
        from ui.editor import RecordEditor
    except ImportError:
        return PlaceholderEditor
    return RecordEditor


class MainWindow(QMainWindow):
    locked_changed = Signal(bool)
    wiped = Signal()

    def __init__(
        self,
        path: Path,
        prefs: Preferences,
        translators: Translators | None = None,
        *,
        kdf_params: kdf.KdfParams | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.prefs = prefs
        self.translators = translators
        self._kdf_params = kdf_params  # tests only, passed to the set-up wizard
        self.vault: Vault | None = None
        self.editor: Any = None
        self.editor_record: str | None = None
        self.locked_place: LockedPlace | None = None
        self._wipe_task: Task | None = None
        self.maintainer: autosave.Maintainer | None = None
        self.handover_wizard: handover.HandoverWizard | None = None
        self.teams_dialog: handover.LegalTeamsDialog | None = None
        self._status: Callable[[], str] | None = None
        self.setWindowTitle(self.tr("Testimony Intake"))
        self._fit_to_screen()
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.idle = IdleWatcher(prefs.autolock_minutes * 60_000, self)
        self.idle.idle.connect(self._idle)
        self.setup: SetupWizard | None = None
        self.unlock_page: UnlockWidget | None = None
        self.list_page: RecordListView | None = None
        self._build_pages()
        self._build_actions()
        if vault_mod.exists(path):
            self._show_unlock()
        else:
            self._show_setup()

    # -- building ------------------------------------------------------------------------
    def _fit_to_screen(self) -> None:
        """1100 x 720 where there is room; on a smaller screen (1280 x 720 with a panel) the
        whole window, title bar and the wizard's Back/Next included, stays on it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is None or room.isEmpty():
            self.resize(1100, 720)
            return
        self.resize(min(1100, room.width() - FRAME_ROOM), min(720, room.height() - FRAME_ROOM))

    def _build_pages(self) -> None:
        self.unlock_page = UnlockWidget(self.path, self, kdf_params=self._kdf_params)
        self.unlock_page.unlocked.connect(self._unlocked)
        self.stack.addWidget(self.unlock_page)
        self.list_page = RecordListView(self.prefs.language, self)
        self.list_page.open_requested.connect(self.open_record)
        self.list_page.new_requested.connect(self.new_record)
        self.list_page.handover_requested.connect(self.hand_over)
        self.stack.addWidget(self.list_page)
        if self.vault is not None:
            self.list_page.set_vault(self.vault)

    def _build_actions(self) -> None:
        """The menus, toolbar and shortcuts, created once (a language switch only re-labels
        them: a second action on the same keys makes both dead, "Ambiguous shortcut")."""
        self.file_menu = self.menuBar().addMenu("")
        self.new_action = self._action(QKeySequence.StandardKey.New, self.new_record)
        self.records_action = self._action(QKeySequence("Ctrl+1"), self.show_records)
        self.prefs_action = self._action(QKeySequence("Ctrl+,"), self.edit_preferences)
        self.quit_action = self._action(QKeySequence("Ctrl+Q"), self.close)
        for a in (self.new_action, self.records_action, self.prefs_action, self.quit_action):
            self.file_menu.addAction(a)
        self.vault_menu = self.menuBar().addMenu("")
        self.lock_action = self._action(QKeySequence("Ctrl+L"), self.lock)
        self.lock_action.setObjectName("action.lock")
        self.wipe_action = self._action(QKeySequence("Ctrl+Shift+Delete"), self.wipe)
        self.wipe_action.setObjectName("action.wipe")
        self.handover_action = self._action(QKeySequence("Ctrl+Shift+H"), self.hand_over)
        self.handover_action.setObjectName("action.handover")
        self.teams_action = self._action(QKeySequence("Ctrl+Shift+T"), self.legal_teams)
        self.teams_action.setObjectName("action.teams")
        self.vault_menu.addAction(self.handover_action)
        self.vault_menu.addAction(self.teams_action)
        self.vault_menu.addSeparator()
        self.vault_menu.addAction(self.lock_action)
        self.shares_action = QAction(self)
        self.shares_action.triggered.connect(self.make_recovery_shares)
        self.policy_action = QAction(self)
        self.policy_action.triggered.connect(self.edit_policy)
        self.vault_menu.addAction(self.shares_action)
        self.vault_menu.addAction(self.policy_action)
        self.vault_menu.addSeparator()
        self.vault_menu.addAction(self.wipe_action)
        self.modal_keys = ModalKeys([self.lock_action, self.wipe_action], self)
        self.toolbar = self.addToolBar("main")
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.records_action)
        self.toolbar.addAction(self.lock_action)
        self._label_actions()
        self._update_actions()

    def _label_actions(self) -> None:
        """The texts of the menus and actions in the current language."""
        self.file_menu.setTitle(self.tr("&File"))
        self.vault_menu.setTitle(self.tr("&Vault"))
        self.new_action.setText(self.tr("&New interview"))
        self.records_action.setText(self.tr("&Records"))
        self.prefs_action.setText(self.tr("&Preferences…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.lock_action.setText(self.tr("&Lock"))
        self.wipe_action.setText(self.tr("Emergency &wipe…"))
        self.handover_action.setText(self.tr("&Hand over…"))
        self.teams_action.setText(self.tr("Legal &teams…"))
        self.shares_action.setText(self.tr("&Recovery shares…"))
        self.policy_action.setText(self.tr("&Supervisor and policy…"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        archive_ui.hook(self)  # File > Archive workspace; archive vaults open in it

    def _action(self, shortcut: QKeySequence | QKeySequence.StandardKey, slot: Any) -> QAction:
        action = QAction(self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _update_actions(self) -> None:
        unlocked = self.vault is not None
        for a in (
            self.new_action,
            self.records_action,
            self.lock_action,
            self.shares_action,
            self.policy_action,
            self.handover_action,
            self.teams_action,
        ):
            a.setEnabled(unlocked)
        self.wipe_action.setEnabled(vault_mod.exists(self.path) or unlocked)

    # -- pages ---------------------------------------------------------------------------
    def _show_setup(self) -> None:
        if self.setup is None:
            self.setup = SetupWizard(self.path, self, kdf_params=self._kdf_params)
            self.setup.setWindowFlags(Qt.WindowType.Widget)
            self.setup.vault_ready.connect(self._set_up)
            self.stack.addWidget(self.setup)
        self.stack.setCurrentWidget(self.setup)
        self.setup.show()

    def _set_up(self, vault: Vault) -> None:
        if self.setup is not None:
            self.stack.removeWidget(self.setup)
            self.setup.deleteLater()
            self.setup = None
        self._unlocked(vault)

    def _show_unlock(self) -> None:
        assert self.unlock_page is not None
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.reset()

    def show_records(self) -> None:
        if self.vault is None or self.list_page is None:
            return
        if self.editor is not None:
            self.close_editor()
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.table.setFocus()

    def _unlocked(self, vault: Vault) -> None:
        self.vault = vault
        name, org = vault.owner
        self._say(lambda: self.tr("Unlocked: %1").replace("%1", name))
        assert self.list_page is not None
        self.list_page.set_vault(vault)
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.table.setFocus()  # the keyboard goes on from the list (Ctrl+N, Enter)
        self.idle.set_interval(self.prefs.autolock_minutes * 60_000)
        self.idle.start()
        # records.maintain (the index's merging, an older vault's snippet texts) on a worker
        # while no editor is open (an open editor's own maintainer does it then) and the
        # user has left the window alone for a moment (a step holds the workers' connection,
        # which the list's pages need), so an archive that is only searched and imported
        # into gets it too
        self.maintainer = autosave.Maintainer(vault, self._quiet, self, retry=True)
        self.maintainer.poke()
        self._update_actions()
        self.locked_changed.emit(False)
        place, self.locked_place = self.locked_place, None
        if place is not None:
            self.open_record(place.record_id)
            if self.editor is not None and place.section:
                self.editor.set_section(place.section)

    # -- records -------------------------------------------------------------------------
    def new_record(self) -> None:
        if self.vault is None:
            return
        form_id = DEFAULT_FORM
        ids = sorted({f.id for f in forms.list_forms() if f.superseded_by is None})
        if len(ids) > 1:
            choice, ok = QInputDialog.getItem(
                self, self.tr("New interview"), self.tr("Form:"), ids, 0, False
            )
            if not ok:
                return
            form_id = choice
        try:
            rid = records.create(self.vault, form_id)
        except (IntakeError, forms.FormError) as e:
            errors.show(self, e, self.tr("The record could not be created: %1"))
            return
        self.open_record(rid)

    def open_record(self, record_id: str) -> None:
        if self.vault is None:
            return
        if self.editor is not None:
            self.close_editor()
        try:
            editor = editor_class()(self.vault, record_id, self, lang=self.prefs.language)
        except IntakeError as e:
            errors.show(self, e, self.tr("The record cannot be opened: %1"))
            return
        editor.setObjectName("editor")
        editor.closed.connect(self.show_records)
        editor.discarded.connect(self._discarded)
        editor.sealed.connect(self._record_changed)
        editor.saved.connect(self._saved)
        self.editor, self.editor_record = editor, record_id
        if hasattr(editor, "header"):  # a sealed record shows its handovers and can go
            handover.decorate_editor(editor, self.vault, self.prefs.language, self.hand_over)
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        focus_first = getattr(editor, "focus_first", None)
        if callable(focus_first):
            focus_first()
        if self.list_page is not None:
            self.list_page.select(record_id)

    # -- handing over ----------------------------------------------------------------------
    def hand_over(self) -> handover.HandoverWizard | None:
        """The hand-over wizard for the open sealed record, else the records selected."""
        if self.vault is None or self.list_page is None:
            return None
        if self.editor is not None and self.editor_record is not None:
            ids = [self.editor_record]
        else:
            ids = self.list_page.selected_ids()
        ids = handover.sealed_only(self.vault, ids)
        if not ids:
            QMessageBox.information(
                self,
                self.tr("Hand over"),
                self.tr("Select one or more sealed records in the list first."),
            )
            return None
        wizard = handover.HandoverWizard(self.vault, ids, self.prefs.language, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(self._handed_over)
        self.handover_wizard = wizard
        wizard.show()
        wizard.activateWindow()
        return wizard

    def _handed_over(self, *_: object) -> None:
        self.handover_wizard = None
        if self.list_page is not None and self.vault is not None:
            self.list_page.refresh()

    def legal_teams(self) -> handover.LegalTeamsDialog | None:
        if self.vault is None:
            return None
        dialog = handover.LegalTeamsDialog(self.vault, self.prefs.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.teams_dialog = dialog
        dialog.show()
        dialog.activateWindow()
        return dialog

    def close_editor(self, *, flush: bool = True, refresh: bool = True) -> None:
        editor, self.editor, self.editor_record = self.editor, None, None
        if editor is None:
            return
        if flush:
            for text in recorder_ui.stop_all(editor):  # a recording never outlives its editor
                self.statusBar().showMessage(text, 10_000)
            try:
                editor.flush()
            except Exception as e:  # keep going: closing must not hang on a failed save
                self.statusBar().showMessage(
                    errors.message(e, self.tr("The draft was not saved: %1")), 10_000
                )
        else:  # the emergency wipe: stop capturing at once, keep nothing
            recorder_ui.stop_all(editor, save=False)
        for sig in (editor.closed, editor.sealed, editor.saved, editor.discarded):
            try:
                sig.disconnect()
            except (RuntimeError, TypeError):
                pass
        self.stack.removeWidget(editor)
        editor.hide()
        editor.deleteLater()
        if refresh and self.list_page is not None and self.vault is not None:
            self.list_page.refresh()
        if self.maintainer is not None:
            self.maintainer.poke()

    def _discarded(self) -> None:
        """The draft is gone: nothing to save, back to the list."""
        self.close_editor(flush=False)
        self.show_records()

    def _record_changed(self, *_: object) -> None:
        if self.list_page is not None:
            self.list_page.model.reload()

    def _saved(self) -> None:
        self._say(lambda: self.tr("Saved"), 3000)

    # -- lock ----------------------------------------------------------------------------
    def lock(self) -> None:
        """Flush and close the editor, clear every view, drop the keys."""
        if self.vault is None:
            return
        self.idle.stop()
        self._close_dialogs()
        said = recorder_ui.stop_all(self)  # a recording is saved before the keys go
        place = None
        if self.editor is not None:
            try:
                section = str(self.editor.section())
            except Exception:
                section = ""
            assert self.editor_record is not None
            place = LockedPlace(self.editor_record, section)
            self.close_editor(flush=True, refresh=False)
        assert self.list_page is not None
        self.list_page.clear()
        self._stop_maintenance()
        self.vault.lock()
        self.vault = None
        self.locked_place = place
        if said:
            self._say(lambda: self.tr("Locked. %1").replace("%1", " ".join(said)))
        else:
            self._say(None)
        self._update_actions()
        self._show_unlock()
        self.locked_changed.emit(True)

    def _idle(self) -> None:
        """Auto-lock, unless a bundle is being written or imported: work left to run is not
        cut short by the quiet; the lock comes after the next quiet spell (Ctrl+L locks at
        once, cancelling a hand-over or an import: the unlock then names the bundles that
        are in and offers the rest again, see ui.archive.ArchiveHook)."""
        wizard = self.handover_wizard
        tasks = [wizard.write_page.task if wizard is not None else None]
        workspace = getattr(self.findChild(archive_ui.ArchiveHook), "page", None)
        tasks.append(workspace.imports.task if workspace is not None else None)
        if any(task is not None and not task.done.is_set() for task in tasks):
            self.idle.start()
            return
        self.lock()

    @property
    def locked(self) -> bool:
        return self.vault is None

    def _close_dialogs(self) -> None:
        """Close every dialog open over the vault before its keys go (the hand-over wizard
        cancels a write in progress and removes what it wrote; legal teams, the policy,
        preferences, a message): nothing of the vault stays on screen once it is locked or
        wiped. The wipe's own dialog stays: wiping works while locked; so does a passphrase
        change at work (a rotation holds the vault until its end: locking waits for it) and
        the dialogs under it, which then say which passphrase opens the vault."""
        dialogs = self.findChildren(QDialog)
        keep: set[QDialog] = set()
        for busy in (d for d in dialogs if isinstance(d, PassphraseDialog) and d.task is not None):
            widget: QWidget | None = busy
            while widget is not None and widget is not self:
                if isinstance(widget, QDialog):
                    keep.add(widget)
                widget = widget.parentWidget()
        for dialog in reversed(dialogs):  # the innermost first
            if dialog.isVisible() and dialog not in keep and not isinstance(
                dialog, (WipeDialog, SetupWizard)
            ):
                dialog.reject()

    def _quiet(self) -> bool:
        return self.editor is None and self.idle.quiet_ms >= autosave.MAINTAIN_MS

    def _stop_maintenance(self) -> None:
        """No further step (one running ends with its transaction, before the vault locks)."""
        if self.maintainer is not None:
            self.maintainer.timer.stop()
            self.maintainer.deleteLater()
            self.maintainer = None

    # -- wipe ----------------------------------------------------------------------------
    def wipe(self) -> None:
        if not (vault_mod.exists(self.path) or self.vault is not None):
            return
        if any(d.isVisible() for d in self.findChildren(WipeDialog)):
            return  # asked already (the keys pressed again in it)
        dialog = WipeDialog(unexported_count(self.vault), self)
        dialog.setObjectName("wipe.dialog")
        if dialog.exec() != WipeDialog.DialogCode.Accepted:
            return
        self.wipe_now()

    def wipe_now(self) -> None:
        """Drop the keys and editors at once, then destroy the vault (key file first)."""
        self.idle.stop()
        self._close_dialogs()
        if self.editor is not None:
            self.close_editor(flush=False, refresh=False)
        if self.list_page is not None:
            self.list_page.clear()
        self._stop_maintenance()
        if self.vault is not None:
            self.vault.lock()
        self.vault = None
        self.locked_place = None
        self._update_actions()
        self._wipe_task = Task(vault_mod.wipe, self.path, parent=self)
        self._wipe_task.finished.connect(self._wiped)
        self._wipe_task.failed.connect(self._wipe_failed)
        self._say(lambda: self.tr("Wiping…"))
        self._wipe_task.start()

    def _wiped(self, _: object) -> None:
        self._wipe_task = None
        self._say(lambda: self.tr("The vault was destroyed."))
        self._update_actions()
        self._show_setup()
        self.wiped.emit()

    def _wipe_failed(self, exc: BaseException) -> None:
        self._wipe_task = None
        errors.show(self, exc, self.tr("The wipe failed: %1"))
        self._update_actions()

    # -- preferences and language --------------------------------------------------------
    def make_recovery_shares(self) -> None:
        """Vault > Recovery shares: a new set (2 of 3); the old set stops working."""
        if self.vault is not None:
            from ui.recovery import make_shares_from_menu

            make_shares_from_menu(self.vault, self)

    def edit_policy(self) -> None:
        if self.vault is not None:
            from ui.countersign import PolicyDialog

            PolicyDialog(self.vault, self).open()

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.prefs, self, vault=self.vault, kdf_params=self._kdf_params)
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
            return
        self.apply_preferences()

    def apply_preferences(self) -> None:
        self.idle.set_interval(self.prefs.autolock_minutes * 60_000)
        if self.translators is not None and self.translators.language != self.prefs.language:
            self.translators.install(self.prefs.language)
            self.retranslate()

    def retranslate(self) -> None:
        """Every visible string in the new language: menus and actions re-labelled (never
        re-created), the pages without unsaved state rebuilt, the open editor saved and
        reopened at the same section, the status bar message said again."""
        current = self.stack.currentWidget()
        showing = (
            "unlock"
            if current is self.unlock_page
            else "list"
            if current is self.list_page
            else "other"
        )
        for page in (self.unlock_page, self.list_page):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self._build_pages()
        self._label_actions()
        self.setWindowTitle(self.tr("Testimony Intake"))
        if showing == "unlock":
            self._show_unlock()
        elif showing == "list":
            assert self.list_page is not None
            self.stack.setCurrentWidget(self.list_page)
        if self.editor is not None and self.editor_record is not None:
            record_id, section = self.editor_record, str(self.editor.section())
            self.close_editor(flush=True, refresh=False)
            self.open_record(record_id)
            if self.editor is not None and section:
                self.editor.set_section(section)
        if self._status is not None:
            self.statusBar().showMessage(self._status())

    def _say(self, text: Callable[[], str] | None, timeout: int = 0) -> None:
        """Show a status message; one that stays is said again after a language switch."""
        self._status = text if timeout == 0 else None
        if text is None:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(text(), timeout)

    # -- closing -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Save the draft, clear the views, drop the keys, join the workers (idempotent).

        Called when the window closes and when the application quits (logout, Ctrl+Q)."""
        for text in recorder_ui.stop_all(self):
            log.warning("on quit: %s", text)
        if self.editor is not None:
            self.close_editor(flush=True, refresh=False)
        if self.list_page is not None:
            self.list_page.clear()
        if self.vault is not None:
            self.vault.lock()
            self.vault = None
        self.idle.detach()
        self.modal_keys.detach()
        workers.wait_all()

