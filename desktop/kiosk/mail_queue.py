"""The activation e-mails waiting in the outbox, summarised for the kiosk attendant.

When the SMTP server is away, the registry keeps each activation e-mail in its outbox, the
person is told "we keep trying", and the wizard retries in the background. The attendant
should see that the queue grows: this watcher reads it on its own thread, with its own
registry connection (a SQLite connection is not shared between threads). The summary holds
counts and times only, never an address.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, Signal

from desktop.registration.mail import QueuedMail
from desktop.registration.protocols import MailQueue

log = logging.getLogger(__name__)

__all__ = ["MailQueue", "MailQueueSummary", "MailQueueWatcher", "describe", "summarise"]


@dataclass(frozen=True)
class MailQueueSummary:
    waiting: int
    oldest: datetime | None
    failing: bool  # the last attempt of some waiting mail failed
    checked_at: datetime
    unavailable: bool = False  # the registry could not be asked at all


def summarise(queued: Sequence[QueuedMail], now: datetime) -> MailQueueSummary:
    """Counts and times of the waiting mail (nothing that names a person)."""
    return MailQueueSummary(
        waiting=len(queued),
        oldest=min((q.created_at for q in queued), default=None),
        failing=any(q.last_error for q in queued),
        checked_at=now,
    )


class MailQueueWords(QObject):
    """The summary in words, in the current language (a QObject for Qt Linguist's tr())."""

    def describe(self, summary: MailQueueSummary | None, now: datetime | None = None) -> str:
        if summary is None:
            return self.tr("not checked yet")
        if summary.unavailable:
            return self.tr("the registry cannot be reached")
        if summary.waiting == 0:
            return self.tr("empty: every e-mail has been sent")
        now = now or datetime.now(UTC)
        minutes = 0
        if summary.oldest is not None:
            minutes = max(0, int((now - summary.oldest).total_seconds() // 60))
        waiting = summary.waiting
        text = self.tr("%n e-mail(s) waiting; the oldest has waited %1 min", "", waiting)
        text = text.replace("%1", str(minutes))
        if summary.failing:
            text += self.tr("; the mail server does not answer, retrying")
        return text


def describe(summary: MailQueueSummary | None, now: datetime | None = None) -> str:
    """The summary in words, in the current language."""
    return MailQueueWords().describe(summary, now)


class MailQueueWatcher(QObject):
    """Reads the queue every `interval` seconds on a thread of its own; emits `updated`."""

    updated = Signal(object)  # MailQueueSummary
    _relay = Signal(object)

    def __init__(
        self,
        open_queue: Callable[[], MailQueue],
        interval: float = 60.0,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self._open_queue = open_queue
        self.interval = interval
        self._clock = clock
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.last: MailQueueSummary | None = None
        self._relay.connect(self._on_summary, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-mail", daemon=True)
            self._thread.start()

    def check_now(self) -> None:
        """Look again at once (the attendant opened the panel)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _on_summary(self, summary: object) -> None:
        if isinstance(summary, MailQueueSummary):
            self.last = summary
            self.updated.emit(summary)

    def _run(self) -> None:
        queue: MailQueue | None = None
        try:
            while not self._stop.is_set():
                try:
                    if queue is None:
                        queue = self._open_queue()
                    summary = summarise(queue.queued_mail(), self._clock())
                except Exception as exc:  # a kiosk keeps going; the panel says what is wrong
                    log.warning("mail queue check failed: %s", type(exc).__name__)
                    summary = MailQueueSummary(0, None, False, self._clock(), unavailable=True)
                    if queue is not None:
                        queue.close()
                        queue = None
                self._relay.emit(summary)
                self._wake.wait(self.interval)
                self._wake.clear()
        finally:
            if queue is not None:
                queue.close()
