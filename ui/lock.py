"""Auto-lock: an application-wide event filter that notices when the person stops using the app.

Any key press, click, mouse move, wheel or touch restarts a single-shot timer; when it runs out
the watcher emits ``idle`` and the main window locks the vault (flush drafts, close the editor,
clear every view, drop the keys). ``LockedPlace`` remembers where the person was, so unlocking
returns to the same record and section. It holds an id and a section key, never testimony.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


@dataclass(frozen=True)
class LockedPlace:
    record_id: str
    section: str


class IdleWatcher(QObject):
    """Emits ``idle`` after ``interval_ms`` without user input while ``active``."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle)
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QCoreApplication")
        app.installEventFilter(self)

    @property
    def interval_ms(self) -> int:
        return int(self._timer.interval())

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    @property
    def active(self) -> bool:
        return bool(self._timer.isActive())

    @property
    def quiet_ms(self) -> int:
        """Milliseconds since the last user input while ``active`` (else 0)."""
        return self.interval_ms - int(self._timer.remainingTime()) if self.active else 0

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._timer.isActive() and event.type() in ACTIVITY:
            self._timer.start()
        return False

    def detach(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()


class ModalKeys(QObject):
    """Lock (Ctrl+L) and the emergency wipe (Ctrl+Shift+Delete) also while a dialog is open.

    Qt blocks an application shortcut while a modal dialog shadows its window (a message, the
    preferences, a print dialog): pressed there, these keys would do nothing at the moment
    they matter most. This filter triggers the action itself while a modal dialog is up;
    otherwise the ordinary shortcut does."""

    def __init__(self, actions: list[QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QCoreApplication")
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or QApplication.activeModalWidget() is None:
            return False
        assert isinstance(event, QKeyEvent)
        pressed = QKeySequence(event.keyCombination())
        for action in self._actions:
            if action.isEnabled() and action.shortcut() == pressed:
                QTimer.singleShot(0, action.trigger)  # after this event, not inside it
                return True
        return False

    def detach(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
