"""What a kiosk must not let anyone reach: context menus, file dialogs, external links.

`Lockdown` is an application-wide event filter plus URL handlers. Context-menu events are
swallowed before any widget sees them (a line edit's menu would offer the clipboard); a file
dialog is rejected the moment it is shown; `QDesktopServices.openUrl` for web, mail and file
addresses goes to a handler that only logs the scheme, so a link in a label opens nothing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QColorDialog, QFileDialog, QFontDialog

log = logging.getLogger(__name__)

BLOCKED_SCHEMES = ("http", "https", "mailto", "file", "ftp", "tel", "sms")
_SYSTEM_DIALOGS = (QFileDialog, QColorDialog, QFontDialog)


class Lockdown(QObject):
    """Installs the filters on `install()` and takes them off on `remove()`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked_urls = 0
        self.rejected_dialogs = 0
        self._installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("Lockdown needs a QApplication")
        app.installEventFilter(self)
        for scheme in BLOCKED_SCHEMES:
            # PySide6 6.12 types `method` as bytes but accepts only a str at run time.
            QDesktopServices.setUrlHandler(scheme, self, "refuse_url")  # type: ignore[arg-type]
        self._installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if not self._installed or app is None:
            return
        app.removeEventFilter(self)
        for scheme in BLOCKED_SCHEMES:
            QDesktopServices.unsetUrlHandler(scheme)
        self._installed = False

    @Slot(QUrl)
    def refuse_url(self, url: QUrl) -> None:
        """Called instead of the system browser or mail program; logs the scheme only."""
        self.blocked_urls += 1
        log.info("kiosk: refused to open a %s address", url.scheme() or "schemeless")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind == QEvent.Type.Show and isinstance(watched, _SYSTEM_DIALOGS):
            dialog = watched
            self.rejected_dialogs += 1
            log.info("kiosk: closed a %s", type(dialog).__name__)
            # Rejecting inside its own show event would leave Qt's modal state half set up.
            QTimer.singleShot(0, dialog.reject)
        return False
