"""Reader monitor: readers coming and going, cards inserted and removed, as events.

A background thread waits in SCardGetStatusChange on every reader plus the
``\\\\?PnP?\\Notification`` pseudo-reader (so a reader being plugged in wakes it at once where
the PC/SC stack supports that; elsewhere it rescans on a timeout). When the PC/SC service is
absent, stops or restarts, the monitor reports it in words, forgets what it saw (each card and
reader gets its removal event) and re-establishes its context with backoff.

No Qt here: the wizard wraps `ReaderMonitor` and re-emits its events as signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cardreader.errors import TransportError
from cardreader.pcsc import PNP_NOTIFICATION, SCARD_STATE_CHANGED, ReaderState

log = logging.getLogger(__name__)


# --- Events ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReaderAdded:
    reader: str

    def describe(self) -> str:
        return f"reader added: {self.reader}"


@dataclass(frozen=True)
class ReaderRemoved:
    reader: str

    def describe(self) -> str:
        return f"reader removed: {self.reader}"


@dataclass(frozen=True)
class CardInserted:
    reader: str
    atr: bytes = field(repr=False, default=b"")

    def describe(self) -> str:
        return f"card inserted: {self.reader} (ATR {self.atr.hex().upper()})"


@dataclass(frozen=True)
class CardRemoved:
    reader: str

    def describe(self) -> str:
        return f"card removed: {self.reader}"


@dataclass(frozen=True)
class ServiceState:
    """Whether PC/SC can be used at all, and which readers it offers."""

    available: bool
    readers: tuple[str, ...] = ()

    def describe(self) -> str:
        """The state in words, as AusweisApp shows it (the wizard translates these)."""
        if not self.available:
            return "PC/SC service not running"
        if not self.readers:
            return "no reader"
        if len(self.readers) == 1:
            return f"1 reader: {self.readers[0]}"
        return f"{len(self.readers)} readers: {', '.join(self.readers)}"


MonitorEvent = ReaderAdded | ReaderRemoved | CardInserted | CardRemoved | ServiceState


# --- What the monitor needs from PC/SC -----------------------------------------------------------
class StatusContext(Protocol):
    """The part of `cardreader.pcsc.PcscContext` the monitor uses (tests pass a double)."""

    def list_readers(self) -> list[str]: ...

    def get_status_change(
        self, states: Sequence[tuple[str, int]], timeout_ms: int
    ) -> list[ReaderState] | None: ...

    def cancel(self) -> None: ...

    def is_valid(self) -> bool: ...

    def close(self) -> None: ...


def _pcsc_context() -> StatusContext:
    from cardreader.pcsc import PcscContext

    return PcscContext()


def _event_count(state: int) -> int:
    # pcsc-lite counts card insertions/removals in the high 16 bits of the event state: a
    # changed count with the card still present means it was swapped between two polls.
    return (state >> 16) & 0xFFFF


class ReaderMonitor:
    """Watches PC/SC in a background thread and calls `on_event` with each `MonitorEvent`.

    The callback runs on the monitor's thread; it must be quick (the wizard queues a signal).
    The first events after `start()` describe the present state: a `ServiceState`, then a
    `ReaderAdded` per reader and a `CardInserted` per card already in one.
    """

    def __init__(
        self,
        on_event: Callable[[MonitorEvent], None],
        *,
        context_factory: Callable[[], StatusContext] = _pcsc_context,
        rescan_ms: int = 2000,
        initial_backoff: float = 0.2,
        max_backoff: float = 2.0,
    ) -> None:
        self._on_event = on_event
        self._context_factory = context_factory
        self.rescan_ms = rescan_ms
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._context: StatusContext | None = None
        self._thread: threading.Thread | None = None
        # What has been reported so far: the consumer's view of the world.
        self._service: ServiceState | None = None
        self._readers: list[str] = []
        self._cards: dict[str, int] = {}  # reader -> event state when the card was seen

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> None:
        """Start watching in a daemon thread (once)."""
        if self._thread is not None:
            raise RuntimeError("the reader monitor is already started")
        self._thread = threading.Thread(target=self._run, name="reader-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching: wake the blocking PC/SC wait and join the thread."""
        self._stopping.set()
        with self._lock:
            context = self._context
        if context is not None:
            try:
                context.cancel()
            except Exception:  # the service may be gone already; the timeout still ends it
                log.debug("cancelling the status wait failed", exc_info=True)
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> ReaderMonitor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the loop --------------------------------------------------------------------------------
    def _emit(self, event: MonitorEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # a faulty consumer must not kill the monitor
            log.exception("reader monitor event handler failed on %r", event)

    def _run(self) -> None:
        backoff = self.initial_backoff
        while not self._stopping.is_set():
            try:
                context = self._context_factory()
            except TransportError as exc:
                log.debug("no PC/SC context: %s", exc)
                self._lose_service()
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            with self._lock:
                self._context = context
            try:
                self._watch(context)
                backoff = self.initial_backoff
            except TransportError as exc:
                log.info("PC/SC went away: %s", exc)
            finally:
                with self._lock:
                    self._context = None
                try:
                    context.close()
                except Exception:
                    log.debug("releasing the PC/SC context failed", exc_info=True)
            if not self._stopping.is_set():
                self._lose_service()
                self._stopping.wait(backoff)

    def _watch(self, context: StatusContext) -> None:
        readers = context.list_readers()
        self._sync_readers(readers)
        believed: dict[str, int] = dict.fromkeys(readers, 0)  # 0: unaware, answer at once
        pnp: int | None = 0  # None once the stack says it has no PnP pseudo-reader
        while not self._stopping.is_set():
            request = list(believed.items())
            if pnp is not None:
                request.append((PNP_NOTIFICATION, pnp))
            result = context.get_status_change(request, self.rescan_ms)
            if self._stopping.is_set():
                return
            rescan = result is None
            if result is None and not context.is_valid():
                raise TransportError("the PC/SC context is no longer valid")
            for state in result or ():
                if state.reader == PNP_NOTIFICATION:
                    if state.unknown:
                        pnp = None
                    else:
                        rescan = rescan or state.changed
                        pnp = state.event_state & ~SCARD_STATE_CHANGED
                    continue
                if state.unknown:
                    rescan = True
                    continue
                self._card_state(state)
                believed[state.reader] = state.event_state & ~SCARD_STATE_CHANGED
            if rescan:
                current = context.list_readers()
                if current != self._readers:
                    self._sync_readers(current)
                    believed = {r: believed.get(r, 0) for r in current}

    # --- bookkeeping ---------------------------------------------------------------------------
    def _card_state(self, state: ReaderState) -> None:
        reader = state.reader
        seen = self._cards.get(reader)
        if state.card_present:
            if seen is not None and _event_count(state.event_state) - _event_count(seen) > 1:
                self._cards.pop(reader)
                self._emit(CardRemoved(reader))
                seen = None
            if seen is None:
                self._emit(CardInserted(reader, state.atr))
            self._cards[reader] = state.event_state
        elif seen is not None:
            del self._cards[reader]
            self._emit(CardRemoved(reader))

    def _sync_readers(self, readers: list[str], available: bool = True) -> None:
        # Removals first, then the summary, then additions: a consumer that rebuilds its
        # view from ServiceState never sees a reader before the service that offers it.
        for reader in [r for r in self._readers if r not in readers]:
            if self._cards.pop(reader, None) is not None:
                self._emit(CardRemoved(reader))
            self._emit(ReaderRemoved(reader))
        added = [r for r in readers if r not in self._readers]
        self._readers = list(readers)
        self._set_service(ServiceState(available, tuple(readers)))
        for reader in added:
            self._emit(ReaderAdded(reader))

    def _lose_service(self) -> None:
        self._sync_readers([], available=False)

    def _set_service(self, state: ServiceState) -> None:
        if state != self._service:
            self._service = state
            self._emit(state)
