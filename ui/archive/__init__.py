"""Archive mode: the legal team's workspace (import, trust, review, patterns, hand on).

The main window shows :class:`ArchiveWorkspace` instead of the interviewer's record
list when :func:`is_archive` says the unlocked vault holds received material, and
calls :func:`install_translator` with the app's language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from intake.vault import Vault

CATALOG = "archive_ko"
I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
_installed: list[QTranslator] = []


def install_translator(language: str) -> bool:
    """Install (or, for English, remove) the archive's Korean catalog; True if installed."""
    for t in _installed:
        QCoreApplication.removeTranslator(t)
    _installed.clear()
    if language != "ko":
        return False
    t = QTranslator()
    if not t.load(CATALOG, str(I18N_DIR)):
        return False
    QCoreApplication.installTranslator(t)
    _installed.append(t)
    return True


def is_archive(vault: Vault) -> bool:
    """A vault of received material: it has imported a bundle or pinned an interviewer."""
    return bool(vault.query(
        "SELECT 1 FROM received_bundles UNION ALL SELECT 1 FROM trusted_signers LIMIT 1"))


def workspace(vault: Vault, language: str = "en") -> object:
    """The workspace widget (imported lazily: QtPdf loads only in archive mode)."""
    from ui.archive.workspace import ArchiveWorkspace

    return ArchiveWorkspace(vault, language)
