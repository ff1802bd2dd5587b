"""Entry point of the frozen build (PyInstaller): the `intake` command and the app.

A frozen build carries no package metadata, so the `gui` command that the ui package adds
through the `testimony_intake.commands` entry point is registered here explicitly (the core
never imports ui). The windowed launcher of the Windows and macOS builds ("Testimony Intake")
opens the app directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intake.cli import main
from ui.app import register, run

if __name__ == "__main__":
    if Path(sys.executable).stem.lower().startswith("testimony"):
        sys.exit(run(None))
    sys.exit(main(commands=[register]))
