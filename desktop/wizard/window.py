"""The desktop window around the wizard frame; it remembers its size between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.wizard.frame import WizardFrame
from desktop.wizard.services import WizardServices

DEFAULT_SIZE = QSize(1024, 640)
FIRST_SHOWN_DELAY_MS = 100
# Small netbooks and kiosks have 1024x600 screens: the window must fit there.
MINIMUM_SIZE = QSize(800, 560)


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
        self.setMinimumSize(MINIMUM_SIZE)
        # An explicit file (under the data dir) rather than the user's home: tests and
        # kiosks must not touch ~/.config.
        self._settings = (
            QSettings(str(settings_path), QSettings.Format.IniFormat) if settings_path else None
        )
        self.resize(self._stored_size())
        self._painted = False
        self._retranslate()

    def _stored_size(self) -> QSize:
        if self._settings is None:
            return DEFAULT_SIZE
        value = self._settings.value("window/size")
        if isinstance(value, QSize) and value.isValid():
            return value.expandedTo(MINIMUM_SIZE)
        return DEFAULT_SIZE

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
