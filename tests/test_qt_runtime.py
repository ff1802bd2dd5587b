"""The Qt binding we ship keeps the interpreter alive through long sessions.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a Qt
method returning void, and the app aborted after a few thousand calls (hence the
pin below 6.12 in pyproject.toml). This fails if a release with that bug is installed.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QLineEdit


def test_void_qt_calls_do_not_leak_references_to_none(qtbot: object) -> None:
    field = QLineEdit()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        field.setText("관리소")
    assert sys.getrefcount(None) >= before - 100
