"""The desktop app: ``intake gui [--vault DIR]`` (or ``python -m ui.app``).

``register`` adds the ``gui`` command to the ``intake`` command line through the
``testimony_intake.commands`` entry point, so the core never imports Qt; Qt itself is
imported only when the app starts, so other ``intake`` commands stay light.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from intake import files, platform
from intake import vault as vault_mod

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

APP_NAME = "Testimony Intake"


def application() -> QApplication:
    """The QApplication (created once), with the app's names set."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    # Qt's own dialogs everywhere, also the file dialog Qt's print dialog opens: a platform
    # dialog (GTK, the portal) tells the desktop's recently-used list (ui/filedialogs.py)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "intake"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("TestimonyIntake")
    app.setApplicationDisplayName(APP_NAME)
    add_fonts()
    return app


_fonts_added = False


def add_fonts() -> None:
    """The vendored Nanum Gothic, so Hangul renders the same on every laptop (no downloads);
    once per process."""
    global _fonts_added
    from PySide6.QtGui import QFontDatabase

    if _fonts_added:
        return
    fonts = Path(files.__file__).resolve().parent / "fonts"
    for ttf in sorted(fonts.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(ttf))
    _fonts_added = True


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="intake gui", description="Open the desktop app.")
    add_options(p)
    return p


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--vault", type=Path, help="vault folder (default: the per-user vault)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    return run(args.vault)


def run(vault_path: Path | None) -> int:
    from ui.mainwindow import MainWindow
    from ui.preferences import Preferences, Translators

    platform.harden_process()  # no core file of a process that holds the vault key
    files.private_umask()
    app = application()
    prefs = Preferences()
    translators = Translators()
    translators.install(prefs.language)
    path = vault_path if vault_path is not None else vault_mod.default_path()
    window = MainWindow(path, prefs, translators)
    app.aboutToQuit.connect(window.shutdown)  # a session ending quits without closing windows
    window.show()
    return int(app.exec())


def _cmd_gui(args: argparse.Namespace) -> int:
    return run(args.vault)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help="open the desktop app")
    add_options(p)
    p.set_defaults(func=_cmd_gui)


if __name__ == "__main__":
    sys.exit(main())
