"""Unexpected exceptions on a kiosk: logged without personal data, then the session is wiped.

Qt calls `sys.excepthook` for an exception escaping a slot or an event handler and carries on;
the guard replaces that hook (and `threading.excepthook`) so that nothing reaches the screen,
the log gets the exception type and where it happened, never its message or local values
(a message may quote what the person typed), and the shell is told to start over.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)


def describe_exception(kind: type[BaseException], tb: TracebackType | None) -> str:
    """`KeyError at desktop/wizard/pages/card.py:120 in _on_read < ...`: type and frames only."""
    frames = traceback.extract_tb(tb)[-6:]
    where = " < ".join(f"{_short(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames))
    return f"{kind.__module__}.{kind.__qualname__} at {where or 'an unknown place'}"


def _short(path: str) -> str:
    for marker in ("/desktop/", "/cardreader/", "/site-packages/"):
        if marker in path:
            return path[path.index(marker) + 1 :]
    return path.rsplit("/", 1)[-1]


class CrashGuard(QObject):
    """While installed, every unhandled exception emits `crashed` on the GUI thread."""

    crashed = Signal(str)  # the sanitised description
    _relay = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._installed = False
        self.count = 0
        # Emitted from any thread, handled on the thread this object lives in (the GUI's).
        self._relay.connect(self.crashed, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook
        self._installed = True

    def remove(self) -> None:
        if self._installed:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook
            self._installed = False

    def _hook(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, value, tb)
            return
        self._report(kind, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        self._report(args.exc_type, args.exc_traceback)

    def _report(self, kind: type[BaseException], tb: TracebackType | None) -> None:
        self.count += 1
        description = describe_exception(kind, tb)
        log.error("unexpected error, the session is wiped: %s", description)
        self._relay.emit(description)
