"""Noticing that nobody is at the kiosk: an input watcher and the "Itt van még?" prompt.

`IdleWatcher` hears of every input of the application (through the wizard's `UserActivity`
event filter) and fires `idle` after `idle_ms` without one. `StillTherePrompt` is the large
overlay that asks whether the person is still there and counts down; `IdleGuard` joins the
two: idle -> prompt -> either "yes" (the session goes on) or `expired` (the session is wiped).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.kiosk.overlay import CountdownCover
from desktop.wizard.activity import UserActivity


class IdleWatcher(QObject):
    """Emits `idle` once `idle_ms` pass with no input anywhere in the application.

    Input is what the wizard's `UserActivity` seam reports (keys, mouse, touch, wheel):
    paint, timer and focus events are the program's own and must not keep a forgotten
    session alive.
    """

    idle = Signal()

    def __init__(self, idle_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_ms)
        self._timer.timeout.connect(self.idle)
        self._activity = UserActivity(self)
        self._activity.happened.connect(self._on_activity)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Begin watching (again); the idle time counts from now."""
        self._activity.install()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def remove(self) -> None:
        """Stop and take the activity watch off the application."""
        self._timer.stop()
        self._activity.uninstall()

    def _on_activity(self) -> None:
        # Only restarts a running timer: while the prompt counts down, input goes to the prompt.
        if self._timer.isActive():
            self._timer.start()


class StillTherePrompt(CountdownCover):
    """A full-window overlay: "Itt van még?", a countdown, and one large "Yes" button."""

    answered = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("kioskStillTherePrompt")
        self.setStyleSheet(
            "#kioskStillTherePrompt { background: rgba(20, 30, 50, 200); }"
            "#kioskStillThereCard { background: white; border-radius: 24px; }"
            "QLabel#kioskStillThereTitle { font-size: 44pt; font-weight: bold; color: #13294b; }"
            "QLabel#kioskStillThereText { font-size: 20pt; color: #222; }"
            "QPushButton#kioskStillThereYes { font-size: 26pt; padding: 24px 48px;"
            " background: #1b5e20; color: white; border-radius: 16px; }"
        )
        card = QFrame(self)
        card.setObjectName("kioskStillThereCard")
        self._title = QLabel(card)
        self._title.setObjectName("kioskStillThereTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._text = QLabel(card)
        self._text.setObjectName("kioskStillThereText")
        self._text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._text.setWordWrap(True)
        self._yes = QPushButton(card)
        self._yes.setObjectName("kioskStillThereYes")
        self._yes.setMinimumHeight(96)
        self._yes.setDefault(True)
        self._yes.clicked.connect(self._answer)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(48, 40, 48, 40)
        inner.setSpacing(28)
        inner.addWidget(self._title)
        inner.addWidget(self._text)
        inner.addWidget(self._yes)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        # A fixed width lets the word-wrapped text take the height it needs (no clipping).
        card.setFixedWidth(860)
        self._retranslate()

    @property
    def yes_button(self) -> QPushButton:
        return self._yes

    def default_button(self) -> QPushButton:
        return self._yes

    def timed_out(self) -> None:
        self.expired.emit()

    def _answer(self) -> None:
        self.cancel()
        self.answered.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Any key means somebody is there; Enter and Space also reach the default button.
        self._answer()
        event.accept()

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Are you still there?"))
        self._text.setText(
            self.tr(
                "Nothing has happened for a while. To protect your data, everything you "
                "entered will be erased in %n second(s).",
                "",
                self._remaining,
            )
        )
        self._yes.setText(self.tr("Yes, I am still here"))
        self.setAccessibleName(self.tr("Are you still there?"))
        self._yes.setAccessibleName(self.tr("Yes, I am still here"))
        self._yes.setAccessibleDescription(self._text.text())


class IdleGuard(QObject):
    """Idle -> "Itt van még?" for `warning_seconds` -> `expired` unless someone answers."""

    expired = Signal()
    warned = Signal()
    # Idle with nothing to protect (`needs_warning` said no): reset quietly, no question.
    idle_unattended = Signal()

    def __init__(
        self,
        window: QWidget,
        idle_seconds: int,
        warning_seconds: int,
        needs_warning: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(window)
        self._warning_seconds = warning_seconds
        self._needs_warning = needs_warning
        self.watcher = IdleWatcher(idle_seconds * 1000, self)
        self.prompt = StillTherePrompt(window)
        self.watcher.idle.connect(self._on_idle)
        self.prompt.answered.connect(self.watcher.start)
        self.prompt.expired.connect(self._on_expired)

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()
        self.prompt.cancel()

    def restart(self) -> None:
        """A new session begins: forget any running countdown and count idle time afresh."""
        self.prompt.cancel()
        self.watcher.start()

    def _on_idle(self) -> None:
        if self._needs_warning is not None and not self._needs_warning():
            self.watcher.start()
            self.idle_unattended.emit()
            return
        self.prompt.start(self._warning_seconds)
        self.warned.emit()

    def _on_expired(self) -> None:
        self.expired.emit()
