"""`ugyfelkapu --smoke-test`: start as usual, report the first screen once it is shown, exit.

Installers are checked by starting the real program (offscreen) and seeing its first screen
appear. The probe watches the application's events rather than knowing any window class, so
it keeps working whatever the first screen is.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# Long enough for a cold start on a slow machine; a hang must still end the run.
DEADLINE_SECONDS = 60.0
FAILED = 3


class FirstScreenProbe(QObject):
    """Quit the application with 0 once a top-level window has been shown and painted."""

    def __init__(self, app: QCoreApplication, deadline_seconds: float = DEADLINE_SECONDS) -> None:
        super().__init__(app)
        self._app = app
        self._done = False
        app.installEventFilter(self)
        QTimer.singleShot(int(deadline_seconds * 1000), self._give_up)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.isVisible()
        ):
            self._done = True
            # Let this paint finish before quitting: the screen has then really been drawn.
            QTimer.singleShot(0, lambda w=watched: self._report(w))
        return False

    def _report(self, window: QWidget) -> None:
        title = window.windowTitle() or "(untitled)"
        print(f"smoke-test: first screen shown: {type(window).__name__} {title!r}", flush=True)
        self._app.exit(0)

    def _give_up(self) -> None:
        if not self._done:
            print("smoke-test: no screen was shown in time", file=sys.stderr, flush=True)
            QCoreApplication.exit(FAILED)


def arm(app: QCoreApplication) -> FirstScreenProbe:
    """Make `app.exec()` return 0 once the first window is on screen (3 if none appears)."""
    return FirstScreenProbe(app)
