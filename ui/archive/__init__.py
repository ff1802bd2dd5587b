"""Archive mode: the legal team's workspace (import, trust, review, patterns, hand on).

The main window calls :func:`hook` once its menus are built: that adds "Archive
workspace" to the File menu, shows the workspace on unlock when :func:`is_archive`
says the vault holds received material, and drops the workspace (key, views) on
lock and wipe. Its strings are in the app's one Korean catalog (ui/i18n/intake_ko.ts).
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
        window.locked_changed.connect(self._locked_changed)
        window.wiped.connect(self.close)

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
            self.close()
        elif self.window.vault is not None and is_archive(self.window.vault):
            self.show()

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
