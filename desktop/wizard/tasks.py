"""Slow work (card I/O, password hashing, SMTP) off the GUI thread, answered through signals.

A page hands a plain function to `TaskRunner.start`; it runs on a pool thread and its
result, exception or progress reports come back as queued signals on the GUI thread. The GUI
never waits and never spins `processEvents()`.

A task can be cancelled or outlived (the session was wiped): its late answer is then dropped,
and a function that reports progress is stopped at its next report.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

ProgressFn = Callable[[object], None]


class TaskCancelled(Exception):
    """Raised inside a task's progress report once the task was cancelled."""


class Reporter:
    """What a task's function is given: call it to report progress, ask it whether to stop.

    Work that cannot report often (a card read waiting for an APDU) polls `cancelled()` so
    that Cancel takes effect at once, not at the next report.
    """

    def __init__(self, task: Task) -> None:
        self._task = task

    def __call__(self, value: object) -> None:
        self._task._report(value)

    def cancelled(self) -> bool:
        return self._task.cancelled


class _Bridge(QObject):
    """Lives on the GUI thread; signals emitted from the pool arrive there queued."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)


class Task(QObject):
    """One running piece of work. Connect to its signals; they fire on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancelled = False
        self._done = False
        self._bridge = _Bridge()
        self._bridge.succeeded.connect(self._on_succeeded)
        self._bridge.failed.connect(self._on_failed)
        self._bridge.progressed.connect(self._on_progress)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def done(self) -> bool:
        return self._done

    def cancel(self) -> None:
        """Drop the answer; a task that reports progress stops at its next report."""
        self._cancelled = True

    # -- called on the pool thread -----------------------------------------------------------
    def _report(self, value: object) -> None:
        if self._cancelled:
            raise TaskCancelled()
        self._bridge.progressed.emit(value)

    # -- GUI thread ----------------------------------------------------------------------------
    def _on_succeeded(self, value: object) -> None:
        self._done = True
        if not self._cancelled:
            self.succeeded.emit(value)
        self.finished.emit()

    def _on_failed(self, error: object) -> None:
        self._done = True
        if not self._cancelled:
            self.failed.emit(error)
        self.finished.emit()

    def _on_progress(self, value: object) -> None:
        if not self._cancelled:
            self.progressed.emit(value)


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[ProgressFn], Any]) -> None:
        super().__init__()
        self._task = task
        self._fn = fn
        self._bridge = task._bridge

    def run(self) -> None:
        try:
            value = self._fn(Reporter(self._task))
        except Exception as exc:  # every failure goes back to the page, none is lost
            self._bridge.failed.emit(exc)
        else:
            self._bridge.succeeded.emit(value)


class Lane(enum.Enum):
    """Work that must not overlap runs in one lane, one task at a time.

    The registry service holds one SQLite connection, which one thread may use at a time; a
    card read must not race another read of the same card. The two lanes run side by side.
    """

    SERVICE = "service"
    CARD = "card"


class TaskRunner(QObject):
    """Starts tasks in their lane's single-thread pool and keeps them alive until they answer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[Lane, QThreadPool] = {}
        for lane in Lane:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._pools[lane] = pool
        self._running: dict[Task, _Runnable] = {}

    def start(self, fn: Callable[[ProgressFn], Any], lane: Lane = Lane.SERVICE) -> Task:
        """Run `fn(report)` in `lane`; `report(value)` emits `progressed` on the GUI thread."""
        task = Task(self)
        runnable = _Runnable(task, fn)
        # Python keeps the runnable until the task has answered: a pool-deleted Python
        # QRunnable is a known way to crash PySide.
        runnable.setAutoDelete(False)
        self._running[task] = runnable
        task.finished.connect(lambda: self._running.pop(task, None))
        self._pools[lane].start(runnable)
        return task

    def cancel_all(self) -> None:
        """Drop every running task's answer (the session is being wiped)."""
        for task in list(self._running):
            task.cancel()

    @property
    def busy(self) -> bool:
        return any(not t.cancelled for t in self._running)

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for every lane to drain (shutdown). Returns False on timeout."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())
