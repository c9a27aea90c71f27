"""Whether a person is using the app: the seam an unattended kiosk's idle timeout hangs on.

`UserActivity` watches the whole application's input (keys, mouse, touch, wheel) through one
event filter and says when the last input was; it never looks at what was typed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)


class UserActivity(QObject):
    """Emits `happened` on input anywhere in the application (at most once per event)."""

    happened = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = time.monotonic()
        self._installed = False

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QApplication")
        if not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def idle_seconds(self) -> float:
        """Seconds since the last input."""
        return time.monotonic() - self._last

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last = time.monotonic()
            self.happened.emit()
        return False  # only watching; every event goes on to its widget
