"""Archive mode: the legal team's workspace (import, trust, review, patterns, hand on).

The main window calls :func:`hook` once its menus are built: that adds "Archive
workspace" to the File menu, shows the workspace on unlock when :func:`is_archive`
says the vault holds received material, and drops the workspace (key, views) on
lock and wipe. A lock during an import cancels it; the next unlock says which of the
chosen bundles were imported and which were not (their paths kept in memory until
then; a wipe forgets them) and offers the rest again. Its strings are in the app's
one Korean catalog (ui/i18n/intake_ko.ts).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from intake.vault import Vault


def is_archive(vault: Vault) -> bool:
    """A vault of received material: it has imported a bundle or pinned an interviewer."""
    from intake.archive.acts import holds_received

    return holds_received(vault)


def open_workspace(vault: Vault, language: str = "en") -> object:
    """The workspace widget (imported lazily: QtPdf loads only in archive mode)."""
    from ui.archive.workspace import ArchiveWorkspace

    return ArchiveWorkspace(vault, language)


def interviewer_text(who: Any) -> str:
    """An :class:`intake.archive.pins.Interviewer` for the record list and the review: the pinned
    name, or plainly "not pinned" with the key's fingerprint and its own claim."""
    if who is None:
        return ""
    if who.pinned:
        return str(who.name or who.fingerprint)
    text = QCoreApplication.translate("Interviewer", "NOT PINNED: key %1").replace(
        "%1", who.fingerprint[:19] + "…")
    if who.name:
        text += " " + QCoreApplication.translate("Interviewer", "(claims to be %1)").replace(
            "%1", who.name)
    return text


def menu_text() -> str:
    return QCoreApplication.translate("ArchiveWorkspace", "&Archive workspace")


class ArchiveHook(QObject):
    """Archive mode inside the app's main window (which owns the stack, menus, lock)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.page: Any = None
        self.action: QAction | None = None
        self.cut: Any = None  # ui.archive.imports.Cut: an import the lock stopped
        window.locked_changed.connect(self._locked_changed)
        window.wiped.connect(self.close)
        window.wiped.connect(self._forget_cut)

    def add_action(self) -> None:
        """Add the menu entry once; later calls re-label it."""
        if self.action is not None:  # a language switch: re-label, never a second shortcut
            self.action.setText(menu_text())
            return
        menus = [a.menu() for a in self.window.menuBar().actions() if a.menu() is not None]
        self.action = QAction(menu_text(), self.window)
        self.action.setShortcut(QKeySequence("Ctrl+2"))
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.triggered.connect(self.show)
        self.action.setEnabled(self.window.vault is not None)
        self.window.addAction(self.action)
        if menus:
            menus[0].insertAction(menus[0].actions()[-1] if menus[0].actions() else None,
                                  self.action)

    def _locked_changed(self, locked: bool) -> None:
        if self.action is not None:
            self.action.setEnabled(not locked)
        if locked:
            self._cut_short()
            self.close()
        elif self.window.vault is not None and (self.cut is not None
                                                or is_archive(self.window.vault)):
            self.show()
            self._show_cut()

    def _cut_short(self) -> None:
        cut = self.page.imports.cut_short(self) if self.page is not None else None
        if cut is not None:
            self.cut = cut
            cut.task.finished.connect(self._show_cut)  # ended after the unlock
            cut.task.failed.connect(self._show_cut)

    def _show_cut(self, *_: object) -> None:
        """Once the stopped import's task has ended, keep only what it imported and what not
        (its outcomes go); once unlocked, say so on the import tab and the status bar."""
        from ui.archive.imports import cut_message
        from ui.workers import Task

        cut, page = self.cut, self.page
        settled = cut is not None and cut.settle()
        for task in self.findChildren(Task):  # stopped imports that ended: what they read goes
            if task.done.is_set():
                task.result = task.error = None
                task.deleteLater()
        if not settled or page is None or self.window.vault is None:
            return
        self.cut = None
        imported, rest = cut.imported, cut.chosen
        page.imports.show_cut(imported, rest)
        page.tabs.setCurrentWidget(page.imports)
        (page.imports.again_button if rest else page.imports.import_button).setFocus()
        names = [p.name for p in rest]
        self.window._say(lambda: cut_message(imported, names))

    def _forget_cut(self, *_: object) -> None:
        self.cut = None
        self._show_cut()  # an ended task's outcomes go now, a running one's when it ends

    def show(self) -> None:
        w = self.window
        if w.vault is None:
            return
        if self.page is None:
            self.page = open_workspace(w.vault, w.prefs.language)
            w.stack.addWidget(self.page)
        w.stack.setCurrentWidget(self.page)

    def close(self, *_: object) -> None:
        if self.page is not None:
            self.page.clear()
            self.window.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None


def hook(window: Any) -> ArchiveHook:
    """Called at the end of MainWindow._build_actions (also on a change of language)."""
    found = window.findChild(ArchiveHook)
    existing: ArchiveHook = found if found is not None else ArchiveHook(window)
    existing.add_action()
    return existing
