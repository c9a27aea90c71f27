"""The desktop window around the wizard frame; it remembers its size between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.wizard.frame import WizardFrame
from desktop.wizard.services import WizardServices

# What the window asks for where the screen has room; never more than the screen's free area.
DEFAULT_SIZE = QSize(1024, 640)
FIRST_SHOWN_DELAY_MS = 100
# The smallest useful window where the screen allows it. A fixed minimum pushed Back and Next
# off 1024x600 screens and off 1280x800 at 150 % (a 853x533 logical screen): the minimum is
# at most this share of the screen's free area; the page scrolls, the navigation stays.
MINIMUM_SIZE = QSize(800, 560)
MINIMUM_SHARE = 0.75


def minimum_for(available: QSize) -> QSize:
    """The window's minimum size on a screen whose free area is `available`."""
    return MINIMUM_SIZE.boundedTo(
        QSize(int(available.width() * MINIMUM_SHARE), int(available.height() * MINIMUM_SHARE))
    )


class WizardWindow(QMainWindow):
    """Top-level window: the frame as central widget, size kept in an INI file."""

    # The first screen is on the screen: slower start-up work may begin without delaying it.
    first_shown = Signal()

    def __init__(
        self,
        services: WizardServices,
        settings_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.frame = WizardFrame(services, self)
        self.setCentralWidget(self.frame)
        # An explicit file (under the data dir) rather than the user's home: tests and
        # kiosks must not touch ~/.config.
        self._settings = (
            QSettings(str(settings_path), QSettings.Format.IniFormat) if settings_path else None
        )
        self.resize(self._stored_size())
        self._fit_to_screen()
        self._painted = False
        self._fitted_when_shown = False
        self._retranslate()

    def _stored_size(self) -> QSize:
        if self._settings is None:
            return DEFAULT_SIZE
        value = self._settings.value("window/size")
        if isinstance(value, QSize) and value.isValid():
            return value
        return DEFAULT_SIZE

    def _fit_to_screen(self) -> None:
        """Minimum from the screen; size and place within its free area (panels excluded).

        Without a window manager nothing else keeps the window on the screen; with one, its
        frame (known once shown) counts too.
        """
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        self.setMinimumSize(minimum_for(available.size()))
        frame = self.frameGeometry()
        decoration = frame.size() - self.geometry().size()
        room = available.size() - decoration
        if self.width() > room.width() or self.height() > room.height():
            self.resize(self.size().boundedTo(room))
            frame = self.frameGeometry()
        x = min(max(frame.x(), available.left()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.top()), available.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(QPoint(x, y))

    def _on_screen_changed(self, _screen: QScreen) -> None:
        self._fit_to_screen()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted_when_shown:
            self._fitted_when_shown = True
            handle = self.windowHandle()
            if handle is not None:
                # A bound method, not a lambda holding the window: that would keep it alive.
                handle.screenChanged.connect(self._on_screen_changed)
            self._fit_to_screen()

    def save_size(self) -> None:
        if self._settings is not None:
            self._settings.setValue("window/size", self.size())
            self._settings.sync()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Without a window manager (a bare X kiosk) nothing else gives the window the
            # keyboard focus, and with no focus neither keys nor a screen reader reach it.
            self.activateWindow()
            # A moment after the first paint, so the frame reaches the screen (and the
            # compositor) before background imports compete with it for the interpreter; no
            # one clicks within a tenth of a second.
            # The window is the timer's context: if it is gone within the delay, nothing fires.
            QTimer.singleShot(FIRST_SHOWN_DELAY_MS, self, self.first_shown.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_size()
        self.frame.wipe_session()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(
            QCoreApplication.translate(
                "WizardWindow", "Ügyfélkapu registration with the electronic identity card"
            )
        )
