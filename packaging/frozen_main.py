"""Entry point of the frozen build (PyInstaller): the `intake` command and the app.

A frozen build carries no package metadata, so the `gui` command that the ui package adds
through the `testimony_intake.commands` entry point is registered here explicitly (the core
never imports ui). The windowed launcher of the Windows and macOS builds ("Testimony Intake")
opens the app directly. The same executable is also started by itself during a large
handover (see below).
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

if __name__ == "__main__":
    # The same executable started by itself for a large handover: a statement worker
    # (intake/handover/rendering.py) runs and exits inside freeze_support; age's encryptor
    # (intake/handover/agechild.py) is the flag and the file it writes.
    multiprocessing.freeze_support()
    from intake.handover import agechild

    if len(sys.argv) == 3 and sys.argv[1] == agechild.FROZEN_FLAG:
        agechild.main(sys.argv[2])
        sys.exit(0)

    from intake.cli import main
    from ui.app import register, run

    if Path(sys.executable).stem.lower().startswith("testimony"):
        sys.exit(run(None))
    sys.exit(main(commands=[register]))
