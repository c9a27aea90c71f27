"""Full-window layers of the kiosk: the idle prompt, the done screen, the attendant's pads.

`Cover` lies over its parent widget and follows its size; `CountdownCover` adds the
once-a-second countdown that the idle prompt and the done screen share.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QPushButton, QWidget


class Cover(QFrame):
    """A layer over the whole parent widget, hidden until `cover()`; it follows resizes."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        parent.installEventFilter(self)
        self.hide()

    def cover(self) -> None:
        """Show the layer over the parent, on top of everything else in it."""
        self._fit()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False


class CountdownCover(Cover):
    """A `Cover` that counts whole seconds down and calls `timed_out()` at zero.

    Subclasses build their widgets, then provide `_retranslate()` (called at every tick and
    language change, so the text can say how many seconds are left), `default_button()`
    (focused when shown) and `timed_out()`.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._remaining = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)

    @property
    def remaining_seconds(self) -> int:
        return self._remaining

    def start(self, seconds: int) -> None:
        """Show the layer and count down from `seconds`."""
        self._remaining = seconds
        self._retranslate()
        self.cover()
        self.default_button().setFocus(Qt.FocusReason.OtherFocusReason)
        self._tick.start()

    def cancel(self) -> None:
        """Hide without a verdict (the session ended some other way)."""
        self._tick.stop()
        self.hide()

    def _on_tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self.cancel()
            self.timed_out()
        else:
            self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        raise NotImplementedError

    def default_button(self) -> QPushButton:
        raise NotImplementedError

    def timed_out(self) -> None:
        raise NotImplementedError
