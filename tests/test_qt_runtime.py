"""The Qt binding we ship keeps the interpreter alive through long sessions.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a Qt
method returning void, and the app aborted after a few thousand calls (hence the
pin below 6.12 in pyproject.toml). Two checks, each able to fail on every Python the
project supports:

- the installed PySide6 is inside the range pyproject.toml pins (a release outside it,
  on any Python, was never tested here);
- void calls leave the reference count of a fresh object passed through Qt unchanged.
  (``None`` itself is immortal from Python 3.12 on, so its count cannot show a leak
  there; a leaked reference to a mortal object shows on every version.)
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import PySide6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit

ROOT = Path(__file__).resolve().parent.parent


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_installed_pyside6_is_inside_the_pinned_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (pin,) = [d for d in project["dependencies"] if d.startswith("PySide6-Essentials")]
    low, high = re.findall(r">=([\d.]+),<([\d.]+)", pin)[0]
    assert _version(low) <= _version(PySide6.__version__) < _version(high), PySide6.__version__


def test_void_qt_calls_do_not_leak_references(qtbot: object) -> None:
    field = QLineEdit()
    parent = QObject()
    before_parent = sys.getrefcount(parent)
    before_none = sys.getrefcount(None)
    for _ in range(20_000):
        field.setText("관리소")
        field.setObjectName("field")
    child = QObject()
    for _ in range(2_000):
        child.setParent(parent)
        child.setParent(None)
    assert sys.getrefcount(parent) - before_parent < 10
    assert sys.getrefcount(None) >= before_none - 100
