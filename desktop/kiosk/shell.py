"""The kiosk shell: a locked full-screen window around the wizard that ends each session clean.

A session ends (`SessionEnd`) when nobody answers the idle prompt, when the card is taken
away after it was read, after the "done" screen, on an unexpected error, or at the
attendant's request. Ending it always runs the same wipe: the wizard forgets everything and
shows Start, every text field under it is emptied with its undo history, the clipboard is
cleared, the on-screen keyboard, language and text size go back to the kiosk's, and a garbage
collection drops the objects that held the person's data. Nothing of it is logged: only why
the session ended.
"""

from __future__ import annotations

import enum
import gc
import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.kiosk.attendant import AttendantPanel, CornerTapDetector, PinPad, ServiceState
from desktop.kiosk.crash_guard import CrashGuard
from desktop.kiosk.done_screen import DoneScreen
from desktop.kiosk.idle import IdleGuard
from desktop.kiosk.keyboard import OnScreenKeyboard
from desktop.kiosk.lockdown import Lockdown
from desktop.kiosk.mail_queue import MailQueueWatcher

log = logging.getLogger(__name__)


class SessionEnd(enum.Enum):
    """Why a session was wiped (the only thing about it that is logged)."""

    IDLE = "idle"
    CARD_REMOVED = "card-removed"
    DONE = "done"
    ERROR = "error"
    ATTENDANT = "attendant"


class KioskSettings(Protocol):
    """The `[kiosk]` settings the shell uses (`desktop.config.KioskConfig` has them)."""

    @property
    def idle_seconds(self) -> int: ...
    @property
    def warning_seconds(self) -> int: ...
    @property
    def end_on_card_removal(self) -> bool: ...
    @property
    def on_screen_keyboard(self) -> bool: ...
    @property
    def attendant_pin_hash(self) -> str | None: ...
    @property
    def done_seconds(self) -> int: ...


class KioskSession(Protocol):
    """What the shell needs from the wizard it wraps."""

    def start_over(self) -> None:
        """Forget every datum of the session and show the Start screen."""
        ...

    def card_was_read(self) -> bool:
        """Whether this session has read a document from the card."""
        ...

    def is_pristine(self) -> bool:
        """True on an untouched Start screen: nothing to protect, no prompt needed."""
        ...

    def is_complete(self) -> bool:
        """True on the last screen of a finished registration (the account is ready)."""
        ...


def clear_text_inputs(root: QWidget) -> int:
    """Empty every text input under `root`, undo history included; returns how many.

    `QLineEdit.clear()` can be undone with Ctrl+Z; `setText("")` cannot, which is the point.
    Line edits are emptied even when read-only (they show what was read or looked up, and the
    page fills them again from its data); read-only text boxes hold fixed texts such as the
    privacy notice and are the wizard's to clear.
    """
    count = 0
    for edit in root.findChildren(QLineEdit):
        if edit.text() or edit.isUndoAvailable() or edit.isRedoAvailable():
            edit.setText("")
            count += 1
    for text in root.findChildren(QTextEdit):
        if not text.isReadOnly() and (text.toPlainText() or text.document().isUndoAvailable()):
            text.clear()
            count += 1
    for plain in root.findChildren(QPlainTextEdit):
        if not plain.isReadOnly() and (plain.toPlainText() or plain.document().isUndoAvailable()):
            plain.clear()
            count += 1
    for spin in root.findChildren(QAbstractSpinBox):
        spin.clear()
    return count


def clear_clipboard() -> None:
    """Empty the clipboard and, where the platform has one, the selection buffer."""
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


# Fingers, not mouse pointers: the wizard's controls grow to touch size on a kiosk.
TOUCH_STYLE = """
#wizardFrame QPushButton { min-height: 52px; padding: 6px 22px; }
#wizardFrame QCommandLinkButton { min-height: 64px; }
#wizardFrame QLineEdit { min-height: 44px; padding: 2px 8px; }
#wizardFrame QComboBox, #wizardFrame QToolButton { min-height: 44px; min-width: 44px; }
#wizardFrame QCheckBox { min-height: 44px; }
#wizardFrame QCheckBox::indicator { width: 28px; height: 28px; }
"""


class KioskWindow(QWidget):
    """Full screen, frameless, on top; refuses to close until the attendant lets it."""

    session_ended = Signal(object)  # SessionEnd
    reader_state_changed = Signal(bool, str)  # card present, the state in words
    exit_granted = Signal()
    _card_relay = Signal(bool, str)

    def __init__(
        self,
        content: QWidget,
        session: KioskSession,
        settings: KioskSettings,
        *,
        service_state: Callable[[], ServiceState] | None = None,
        reset_preferences: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setWindowTitle("Ügyfélkapu")
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setStyleSheet(TOUCH_STYLE)
        self.content = content
        self.session = session
        self.settings = settings
        self._reset_preferences = reset_preferences
        self._exit_allowed = False
        self._ending = False
        self._card_present = False
        self._reader_words = ""

        self.notice = QLabel(self)
        self.notice.setObjectName("kioskNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "#kioskNotice { font-size: 16pt; padding: 14px 24px; background: #fff4d6;"
            " color: #3d2c00; border-bottom: 2px solid #e0b000; }"
        )
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(12_000)
        self._notice_timer.timeout.connect(self.notice.hide)

        self.keyboard: OnScreenKeyboard | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice)
        layout.addWidget(content, 1)
        if settings.on_screen_keyboard:
            self.keyboard = OnScreenKeyboard(self)
            layout.addWidget(self.keyboard)

        self.idle = IdleGuard(
            self,
            settings.idle_seconds,
            settings.warning_seconds,
            needs_warning=lambda: not session.is_pristine(),
        )
        self.idle.expired.connect(lambda: self.end_session(SessionEnd.IDLE))
        # An untouched Start screen still gets a quiet reset (language, keyboard) for the next
        # person, without asking anyone whether they are there.
        self.idle.idle_unattended.connect(lambda: self.end_session(SessionEnd.IDLE, notice=False))
        self.done_screen = DoneScreen(self)
        self.done_screen.finished.connect(lambda: self.end_session(SessionEnd.DONE))
        self.pin_pad = PinPad(self, settings.attendant_pin_hash)
        self.panel = AttendantPanel(self, service_state or self._default_state)
        self.corner = CornerTapDetector(self)
        self.corner.triggered.connect(self.pin_pad.open)
        self.pin_pad.accepted.connect(self.panel.open)
        self.panel.exit_requested.connect(self.exit_kiosk)
        self.panel.end_session_requested.connect(lambda: self.end_session(SessionEnd.ATTENDANT))

        self.lockdown = Lockdown(self)
        self.crash_guard = CrashGuard(self)
        self.crash_guard.crashed.connect(self._on_crash)
        self._card_relay.connect(self._on_card_state, Qt.ConnectionType.QueuedConnection)
        # Set by `desktop.kiosk.launch`; stopped with the shell.
        self.mail_watcher: MailQueueWatcher | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self, *, full_screen: bool = True) -> None:
        """Lock the application down and show the window (full screen on a real kiosk)."""
        self.lockdown.install()
        self.crash_guard.install()
        if full_screen:
            self.cover_screen()
            self.showFullScreen()  # under a window manager or a compositor (cage) as well
            # A bound method: the connection ends with the window.
            self.screen().geometryChanged.connect(self._on_screen_resized)
        else:
            self.show()
        self.idle.start()
        log.info("kiosk started")

    def cover_screen(self) -> None:
        """Take the screen's whole geometry ourselves.

        `showFullScreen()` only asks a window manager: under a bare X server (an `xinit`
        kiosk) nothing answers and the window keeps its own size. Frameless and on top, the
        window set to the screen's geometry covers it with or without a window manager.
        """
        self.setGeometry(self.screen().geometry())

    def shutdown(self) -> None:
        """Undo `start` (tests and the attendant's exit)."""
        self.idle.stop()
        self.idle.watcher.remove()
        self.lockdown.remove()
        self.crash_guard.remove()
        if self.mail_watcher is not None:
            self.mail_watcher.stop()

    def exit_kiosk(self, *, by_system: bool = False) -> None:
        """The attendant's exit (or systemd's stop): wipe, unlock, close, and quit."""
        log.info("kiosk: %s ended kiosk mode", "the system" if by_system else "the attendant")
        self.end_session(SessionEnd.ATTENDANT, notice=False)
        self._exit_allowed = True
        self.shutdown()
        self.close()
        self.exit_granted.emit()  # the composition root quits the application on this

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._exit_allowed:
            event.accept()
            return
        log.info("kiosk: refused to close the window")
        event.ignore()

    def changeEvent(self, event: QEvent) -> None:
        # A compositor may try to minimise or un-fullscreen us; go straight back.
        if (
            event.type() == QEvent.Type.WindowStateChange
            and not self._exit_allowed
            and self.isVisible()
            and self.windowState() & Qt.WindowState.WindowMinimized
        ):
            QTimer.singleShot(0, self._back_to_full_screen)
        super().changeEvent(event)

    def _on_screen_resized(self, _geometry: QRect) -> None:
        self.cover_screen()

    def _back_to_full_screen(self) -> None:
        self.cover_screen()
        self.showFullScreen()

    # -- what happens in a session -----------------------------------------------------------------
    def session_complete(self) -> None:
        """The person finished the last screen: thank them, then start over by itself."""
        self.idle.stop()
        self.done_screen.start(self.settings.done_seconds)

    def report_card_state(self, card_present: bool, words: str) -> None:
        """Reader/card state from any thread (the card source's watcher calls this)."""
        self._card_relay.emit(card_present, words)

    def _on_card_state(self, card_present: bool, words: str) -> None:
        was_present = self._card_present
        self._card_present = card_present
        if words != self._reader_words:
            log.info("kiosk: card reader: %s", words)
        self._reader_words = words
        self.reader_state_changed.emit(card_present, words)
        if was_present and not card_present:
            log.info("kiosk: card removed")
            if self.settings.end_on_card_removal and self.session.card_was_read():
                if self.session.is_complete():
                    # Taking the card after the account is ready is how people leave: no
                    # alarm about a card taken away, just a clean Start for the next person.
                    self.end_session(SessionEnd.DONE, notice=False)
                else:
                    self.end_session(SessionEnd.CARD_REMOVED)
        if self.panel.isVisible():
            self.panel.refresh()

    @property
    def reader_words(self) -> str:
        return self._reader_words

    def _default_state(self) -> ServiceState:
        return ServiceState(self._reader_words or self.tr("unknown"), self.tr("unknown"))

    def _on_crash(self, description: str) -> None:
        if self._ending:
            return  # the wipe itself failed; it has been logged, do not loop
        self.end_session(SessionEnd.ERROR)

    # -- the wipe ------------------------------------------------------------------------------
    def end_session(self, reason: SessionEnd, *, notice: bool = True) -> None:
        """Wipe everything of the current person and show Start (see the module docstring)."""
        if self._ending:
            return
        self._ending = True
        try:
            had_data = not self.session.is_pristine()
            log.info("kiosk: session ended (%s)", reason.value)
            self.idle.prompt.cancel()
            self.done_screen.cancel()
            self.pin_pad.close_pad()
            self.panel.close_panel()
            try:
                self.session.start_over()
            finally:
                # Whatever the wizard managed, the shell's own sweep still runs.
                clear_text_inputs(self.content)
                clear_clipboard()
                if self.keyboard is not None:
                    self.keyboard.reset()
                if self._reset_preferences is not None:
                    self._reset_preferences()
                gc.collect()
            self.session_ended.emit(reason)
            if notice and had_data:
                self._show_notice(reason)
            elif reason is not SessionEnd.ERROR:
                self.notice.hide()
        finally:
            self._ending = False
            if not self.done_screen.isVisible():
                self.idle.restart()

    def _show_notice(self, reason: SessionEnd) -> None:
        texts = {
            SessionEnd.IDLE: self.tr(
                "The previous session ended because nothing happened for a while. "
                "All data were erased."
            ),
            SessionEnd.CARD_REMOVED: self.tr(
                "The card was taken from the reader, so the session ended and all data were "
                "erased. To start again, place your card on the reader."
            ),
            SessionEnd.ERROR: self.tr(
                "Something unexpected happened. For your safety all data were erased; "
                "please start again."
            ),
        }
        text = texts.get(reason)
        if text is None:
            self.notice.hide()
            return
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.show()
        self._notice_timer.start()
