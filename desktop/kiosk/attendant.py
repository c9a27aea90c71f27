"""The attendant's way in: a hidden corner gesture, the PIN pad, and the service panel.

Five taps in the top-right corner within three seconds open the PIN pad. The PIN is checked
against the Argon2id hash from the config on a worker thread (hashing is slow on purpose);
wrong PINs make the pad wait longer each time. Behind it the panel shows the reader's state
and the mail queue, and offers the diagnostics, ending the current session or leaving kiosk
mode.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.kiosk.keyboard import NO_ON_SCREEN_KEYBOARD
from desktop.kiosk.overlay import Cover
from desktop.kiosk.pin import PinThrottle, is_pin_hash, verify_pin

log = logging.getLogger(__name__)

CORNER_SIZE = 96  # px: big enough to hit with a finger, small enough to hold no controls


@dataclass
class TapSequence:
    """Counts taps; `tap()` is True when `count` of them fell within `window_seconds`."""

    count: int = 5
    window_seconds: float = 3.0
    _times: deque[float] = field(default_factory=deque)

    def tap(self, now: float) -> bool:
        self._times.append(now)
        while self._times and now - self._times[0] > self.window_seconds:
            self._times.popleft()
        if len(self._times) >= self.count:
            self._times.clear()
            return True
        return False

    def reset(self) -> None:
        self._times.clear()


class CornerTapDetector(QObject):
    """Emits `triggered` after five presses in the window's top-right corner within 3 s.

    It only watches: the presses still reach whatever is under them.
    """

    triggered = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        sequence: TapSequence | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._sequence = sequence or TapSequence()
        self._clock = clock
        self._last_event: tuple[int, int, int] | None = None
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def corner(self) -> QRect:
        """The hot corner, in window coordinates."""
        width = self._window.width()
        return QRect(width - CORNER_SIZE, 0, CORNER_SIZE, CORNER_SIZE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.MouseButtonPress or not isinstance(event, QMouseEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        pos = event.globalPosition().toPoint()
        # One press travels up the parent chain when a child ignores it: count it once.
        key = (event.timestamp(), pos.x(), pos.y())
        if key == self._last_event:
            return False
        self._last_event = key
        local: QPoint = self._window.mapFromGlobal(pos)
        if self.corner().contains(local):
            if self._sequence.tap(self._clock()):
                self.triggered.emit()
        else:
            self._sequence.reset()
        return False


class _PinCheck(QObject):
    """Verifies a PIN on a plain thread; the answer arrives queued on the GUI thread."""

    done = Signal(bool)

    def start(self, pin: str, phc_hash: str) -> None:
        threading.Thread(
            target=lambda: self.done.emit(verify_pin(pin, phc_hash)),
            name="kiosk-pin-check",
            daemon=True,
        ).start()


def _card_style(name: str) -> str:
    return (
        f"#{name} {{ background: rgba(20, 30, 50, 215); }}"
        f"#{name} QFrame#card {{ background: white; border-radius: 20px; }}"
        f"#{name} QLabel {{ font-size: 18pt; color: #1a1a1a; }}"
        f"#{name} QLabel#title {{ font-size: 28pt; font-weight: bold; color: #13294b; }}"
        f"#{name} QPushButton {{ font-size: 18pt; min-height: 72px; min-width: 96px;"
        " padding: 8px 24px; border-radius: 10px; border: 1px solid #8894a6;"
        " background: #f4f6fa; }"
        f"#{name} QLineEdit {{ font-size: 26pt; min-height: 64px; }}"
    )


class _Overlay(Cover):
    """A full-window layer with a white card in the middle."""

    def __init__(self, parent: QWidget, name: str, width: int) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(_card_style(name))
        self.card = QFrame(self)
        self.card.setObjectName("card")
        # A fixed width lets wrapped labels claim their height, so nothing overlaps.
        self.card.setFixedWidth(width)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

    def open(self) -> None:
        self.cover()


class PinPad(_Overlay):
    """Asks for the attendant PIN with a large digit pad; `accepted` when it matches."""

    accepted = Signal()
    closed = Signal()

    def __init__(
        self, parent: QWidget, pin_hash: str | None, throttle: PinThrottle | None = None
    ) -> None:
        super().__init__(parent, "kioskPinPad", 560)
        self._pin_hash = pin_hash
        self.throttle = throttle or PinThrottle()
        self._checker = _PinCheck(self)
        self._checker.done.connect(self._on_checked)
        self._checking = False

        self._title = QLabel(self.card)
        self._title.setObjectName("title")
        self._message = QLabel(self.card)
        self._message.setWordWrap(True)
        self.field = QLineEdit(self.card)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(12)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The pad has its own digits: the letter keyboard stays away from this field.
        self.field.setProperty(NO_ON_SCREEN_KEYBOARD, True)
        self.field.returnPressed.connect(self.submit)
        self.digit_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._digit(digit), i // 3, i % 3)
        self.clear_button = QPushButton("⌫", self.card)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.field.backspace)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self._digit("0"), 3, 1)
        self.ok_button = QPushButton(self.card)
        self.ok_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok_button.clicked.connect(self.submit)
        grid.addWidget(self.ok_button, 3, 2)
        self.cancel_button = QPushButton(self.card)
        self.cancel_button.clicked.connect(self.close_pad)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(16)
        layout.addWidget(self._title)
        layout.addWidget(self._message)
        layout.addWidget(self.field)
        layout.addLayout(grid)
        layout.addWidget(self.cancel_button)

        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._refresh_wait)
        self._retranslate()

    def _digit(self, digit: str) -> QPushButton:
        button = QPushButton(digit, self.card)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(digit)
        button.clicked.connect(lambda _=False, d=digit: self.field.insert(d))
        self.digit_buttons[digit] = button
        return button

    def open(self) -> None:
        """Show the pad, empty, with the focus in the PIN field."""
        self.field.clear()
        self._retranslate()
        super().open()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh_wait()

    def close_pad(self) -> None:
        self.field.clear()
        self._wait_timer.stop()
        self.hide()
        self.closed.emit()

    def submit(self) -> None:
        """Check the typed PIN (unless the pad is still waiting after wrong ones)."""
        if self._checking or self.throttle.seconds_left() > 0:
            return
        pin = self.field.text()
        self.field.clear()
        if self._pin_hash is None or not is_pin_hash(self._pin_hash):
            self._message.setText(
                self.tr(
                    "No usable attendant PIN is configured: kiosk mode can only be ended by "
                    "the system."
                )
            )
            return
        if not pin:
            return
        self._checking = True
        self.ok_button.setEnabled(False)
        self._message.setText(self.tr("Checking…"))
        self._checker.start(pin, self._pin_hash)

    def _on_checked(self, ok: bool) -> None:
        self._checking = False
        if ok:
            self.throttle.record_success()
            log.info("attendant PIN accepted")
            self.hide()
            self.accepted.emit()
            return
        delay = self.throttle.record_failure()
        log.warning("wrong attendant PIN (%d in a row)", self.throttle.failures)
        self._message.setText(self.tr("Wrong PIN."))
        if delay > 0:
            self._wait_timer.start()
        self._refresh_wait()

    def _refresh_wait(self) -> None:
        left = self.throttle.seconds_left()
        waiting = left > 0 or self._checking
        self.ok_button.setEnabled(not waiting)
        for button in self.digit_buttons.values():
            button.setEnabled(left <= 0)
        self.field.setReadOnly(left > 0)
        if left > 0:
            seconds = int(left + 0.999)
            self._message.setText(
                self.tr("Wrong PIN. You can try again in %n second(s).", "", seconds)
            )
        elif self._wait_timer.isActive():
            self._wait_timer.stop()
            self._message.setText(self.tr("Enter the attendant PIN."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Attendant"))
        self._message.setText(self.tr("Enter the attendant PIN."))
        self.field.setAccessibleName(self.tr("Attendant PIN"))
        self.ok_button.setText(self.tr("OK"))
        self.ok_button.setAccessibleName(self.tr("Check the PIN"))
        self.clear_button.setAccessibleName(self.tr("Delete the last digit"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.setAccessibleName(self.tr("Attendant PIN"))


@dataclass(frozen=True)
class ServiceState:
    """What the attendant panel shows, already in words."""

    reader: str
    mail_queue: str


class AttendantPanel(_Overlay):
    """Reader state, mail queue, and the two things only an attendant may do."""

    exit_requested = Signal()
    end_session_requested = Signal()
    diagnostics_requested = Signal()
    opened = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget, state: Callable[[], ServiceState]) -> None:
        super().__init__(parent, "kioskAttendantPanel", 760)
        self._state = state
        self._title = QLabel(self.card)
        self._title.setObjectName("title")
        self.reader_label = QLabel(self.card)
        self.reader_label.setWordWrap(True)
        self.mail_label = QLabel(self.card)
        self.mail_label.setWordWrap(True)
        self.back_button = QPushButton(self.card)
        self.back_button.clicked.connect(self.close_panel)
        self.diagnostics_button = QPushButton(self.card)
        self.diagnostics_button.clicked.connect(self._diagnostics)
        self.end_session_button = QPushButton(self.card)
        self.end_session_button.clicked.connect(self._end_session)
        self.exit_button = QPushButton(self.card)
        self.exit_button.setStyleSheet("background: #8e1b1b; color: white;")
        self.exit_button.clicked.connect(self.exit_requested)
        buttons = QVBoxLayout()
        buttons.setSpacing(14)
        for b in (
            self.back_button,
            self.diagnostics_button,
            self.end_session_button,
            self.exit_button,
        ):
            b.setMinimumHeight(88)
            buttons.addWidget(b)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(18)
        layout.addWidget(self._title)
        layout.addWidget(self.reader_label)
        layout.addWidget(self.mail_label)
        layout.addLayout(buttons)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(2000)
        self._refresh_timer.timeout.connect(self.refresh)
        self._retranslate()

    def open(self) -> None:
        self.refresh()
        super().open()
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh_timer.start()
        self.opened.emit()

    def close_panel(self) -> None:
        self._refresh_timer.stop()
        self.hide()
        self.closed.emit()

    def refresh(self) -> None:
        """Ask for the current reader and mail state and show it."""
        try:
            state = self._state()
        except Exception:  # the panel must open even when a service is in trouble
            log.exception("attendant panel: state unavailable")
            state = ServiceState(self.tr("unknown"), self.tr("unknown"))
        self.reader_label.setText(self.tr("Card reader: %1").replace("%1", state.reader))
        self.mail_label.setText(self.tr("Mail queue: %1").replace("%1", state.mail_queue))

    def _diagnostics(self) -> None:
        self.close_panel()
        self.diagnostics_requested.emit()

    def _end_session(self) -> None:
        self.close_panel()
        self.end_session_requested.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Attendant panel"))
        self.back_button.setText(self.tr("Back to the kiosk"))
        self.end_session_button.setText(self.tr("End the current session"))
        self.exit_button.setText(self.tr("Leave kiosk mode"))
        self.diagnostics_button.setText(self.tr("Diagnostics"))
        for b in (
            self.back_button,
            self.diagnostics_button,
            self.end_session_button,
            self.exit_button,
        ):
            b.setAccessibleName(b.text())
        self.setAccessibleName(self.tr("Attendant panel"))
