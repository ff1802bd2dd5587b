"""File dialogs that leave no trace of where the interviewer's files are.

Qt's own dialog remembers the last folder, a history of folders and the sidebar in
``QtProject.conf`` (``QSettings`` scope ``QtProject``, group ``FileDialog``); a platform
dialog (GTK, the desktop portal) adds the file to the desktop's "recently used" list. Every
dialog of the app goes through this module: Qt's dialog (never the platform's), opened on
the home folder, and its remembered state removed again as soon as it closes. Qt's print
dialog opens a file dialog of its own (its "…" button, printing to a file): the app never
lets Qt use a platform dialog (``ui.app.application``) and :func:`run_dialog` removes what
that one remembered too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

T = TypeVar("T")
QT_SETTINGS = "QtProject"  # the organisation name under which QFileDialog keeps its state


def file_dialog_options() -> QFileDialog.Option:
    """Qt's dialog, not the platform's (which would report the file as recently used)."""
    return QFileDialog.Option.DontUseNativeDialog


def forget_file_dialogs() -> None:
    """Remove what Qt's dialog remembered (last folder, history, sidebar), and the settings
    file itself when nothing else is in it."""
    settings = QSettings(QSettings.Scope.UserScope, QT_SETTINGS)
    settings.remove("FileDialog")
    settings.sync()
    path = Path(settings.fileName())
    if not settings.allKeys() and path.is_file():
        path.unlink()


def _run(ask: Callable[[], T]) -> T:
    try:
        return ask()
    finally:
        forget_file_dialogs()


def run_dialog(dialog: QDialog) -> bool:
    """``dialog.exec()`` (a print dialog), forgetting any file dialog opened from it; True
    when accepted."""
    return _run(dialog.exec) == QDialog.DialogCode.Accepted


def open_file_names(parent: QWidget | None, title: str, filters: str = "") -> list[str]:
    names, _ = _run(
        lambda: QFileDialog.getOpenFileNames(
            parent, title, str(Path.home()), filters, options=file_dialog_options()
        )
    )
    return list(names)


def open_file_name(parent: QWidget | None, title: str, filters: str = "") -> str:
    name, _ = _run(
        lambda: QFileDialog.getOpenFileName(
            parent, title, str(Path.home()), filters, options=file_dialog_options()
        )
    )
    return str(name)


def save_file_name(
    parent: QWidget | None, title: str, suggested: str = "", filters: str = ""
) -> str:
    start = str(Path.home() / suggested) if suggested else str(Path.home())
    name, _ = _run(
        lambda: QFileDialog.getSaveFileName(
            parent, title, start, filters, options=file_dialog_options()
        )
    )
    return str(name)
