"""The bounds of one card read: time per APDU, time in all, APDUs in all, and cancellation.

A chip is untrusted input. It may stay silent, answer `61 00` for ever, or hand out one byte
per READ BINARY; `GuardedTransport` wraps the real transport so that every read ends, typed,
within `ReadLimits`, and so that a cancel (the wizard's Cancel button) stops it at once, even
while an APDU is still waiting for its answer.

Each APDU runs on one daemon worker thread while the caller waits in short slices, checking
the cancel flag and both clocks. A transmit that never returns (a silent card behind pcscd)
is abandoned on that thread; the guard then refuses further APDUs, and the process can still
exit because the thread is a daemon.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from cardreader.errors import (
    CardTimeoutError,
    MalformedResponseError,
    ReadCancelledError,
    TransportError,
)
from cardreader.transport import Reconnectable, Transport

# How often a waiting caller looks at the cancel flag: short enough to feel immediate.
_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on one `read_document`; the defaults leave a slow genuine card ample room.

    A genuine read takes 10-20 APDUs and under 3 s on the slowest readers measured
    (docs/PERFORMANCE.md); a chip needing more than `max_apdus` is not behaving.
    """

    apdu_seconds: float = 5.0
    total_seconds: float = 30.0
    max_apdus: int = 1000

    def __post_init__(self) -> None:
        if self.apdu_seconds <= 0 or self.total_seconds <= 0 or self.max_apdus <= 0:
            raise ValueError("read limits must be positive")


class _Call:
    """One transmit (or reconnect) handed to the worker, with its answer or its exception."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        self.work = work
        self.done = threading.Event()
        self.answer: bytes = b""
        self.error: BaseException | None = None


class GuardedTransport:
    """A `Transport` that enforces `ReadLimits` and a cancel flag around another transport."""

    def __init__(
        self,
        inner: Transport,
        limits: ReadLimits | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._limits = limits or ReadLimits()
        self._cancelled = cancelled or (lambda: False)
        self._clock = clock
        self._deadline = clock() + self._limits.total_seconds
        self._count = 0
        self._stuck = False
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None

    @property
    def supports_extended_length(self) -> bool:
        return bool(self._inner.supports_extended_length)

    def _check(self) -> None:
        """Raise if the read was cancelled or its time is up (also between APDUs)."""
        if self._cancelled():
            raise ReadCancelledError("the read was cancelled")
        if self._clock() >= self._deadline:
            raise CardTimeoutError(
                f"the card read did not finish within {self._limits.total_seconds:g} s"
            )

    def transmit(self, apdu: bytes) -> bytes:
        self._check()
        if self._stuck:
            raise CardTimeoutError("the card stopped answering")
        if self._count >= self._limits.max_apdus:
            raise MalformedResponseError(
                f"the card needed more than {self._limits.max_apdus} APDUs for one read"
            )
        self._count += 1
        return self._run(lambda: self._inner.transmit(apdu))

    def reconnect(self) -> None:
        """Reconnect the inner transport (`cardreader.transport.Reconnectable`), within the
        same limits as an APDU: a reader that hangs in its reset ends the read typed too."""
        inner = self._inner
        if not isinstance(inner, Reconnectable):
            raise TransportError("this connection to the card cannot be taken up again")
        self._check()
        if self._stuck:
            raise CardTimeoutError("the card stopped answering")

        def work() -> bytes:
            inner.reconnect()
            return b""

        self._run(work)

    def _run(self, work: Callable[[], bytes]) -> bytes:
        call = _Call(work)
        self._ensure_worker()
        self._calls.put(call)
        apdu_deadline = min(self._clock() + self._limits.apdu_seconds, self._deadline)
        while not call.done.wait(_POLL_SECONDS):
            if self._cancelled():
                self._stuck = True
                raise ReadCancelledError("the read was cancelled")
            if self._clock() >= apdu_deadline:
                self._stuck = True
                raise CardTimeoutError(
                    f"the card did not answer within {self._limits.apdu_seconds:g} s"
                    if apdu_deadline < self._deadline
                    else f"the card read did not finish within {self._limits.total_seconds:g} s"
                )
        if call.error is not None:
            raise call.error
        return call.answer

    def close(self) -> None:
        """Close the inner transport (its owner's job; present to satisfy `Transport`)."""
        self.release()
        self._inner.close()

    def release(self) -> None:
        """Let the worker thread end; the inner transport stays open for its owner.

        A worker still inside an abandoned transmit ends once that returns; one that never
        returns (a silent card) is left behind, a daemon that does not keep the process.
        """
        if self._worker is not None:
            self._calls.put(None)
        self._worker = None

    def _ensure_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._serve, name="card-apdu", daemon=True)
            self._worker.start()

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            try:
                call.answer = call.work()
            except Exception as exc:  # handed to the caller's thread, which raises it
                call.error = exc
            finally:
                call.done.set()
