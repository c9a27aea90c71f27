"""Where the wizard's card comes from: the in-process virtual card, or a PC/SC reader.

Each satisfies `desktop.wizard.services.CardSource`: a status, change callbacks, and
`read(can, progress)` that returns the card layer's `ReadResult` or raises its typed errors.
`AutoCardSource` is the app's default: it asks PC/SC in the background and uses a reader when
there is one, else the virtual card, saying why. The card layer's crypto is imported on the
first read, not at start.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cardreader.errors import NoCardError, NoReaderError, PcscUnavailableError
from desktop.wizard.services import (
    CardSource,
    CardState,
    CardStatus,
    VirtualCardReason,
    Watch,
)

if TYPE_CHECKING:
    from cardreader import monitor as pcsc_monitor
    from cardreader.document import ReadResult, ReadStep
    from cardreader.passive_auth import TrustStore
    from cardreader.passwords import Can
    from cardreader.transport import Transport

log = logging.getLogger(__name__)

DEFAULT_VIRTUAL_PROFILE = "kovacs-eva"
# A whole card read, at most (`[card] read_timeout_seconds`); each APDU gets at most 5 s.
DEFAULT_READ_SECONDS = 30.0

StatusCallback = Callable[[CardStatus], None]
Progress = Callable[["ReadStep"], None]


def _read(
    transport: Transport,
    can: Can,
    progress: Progress,
    csca: tuple[Path, ...],
    read_seconds: float = DEFAULT_READ_SECONDS,
) -> ReadResult:
    from cardreader.read_limits import ReadLimits
    from cardreader.reader import read_document
    from desktop.wizard.tasks import Reporter

    # A task's reporter also says when the person pressed Cancel: the card layer looks at it
    # while it waits for each APDU, so a cancelled read ends at once and frees the card lane.
    cancelled = progress.cancelled if isinstance(progress, Reporter) else None
    try:
        return read_document(
            transport,
            can,
            progress=progress,
            trust_store=_trust_store(csca),
            limits=ReadLimits(total_seconds=read_seconds),
            cancelled=cancelled,
        )
    finally:
        transport.close()


@functools.lru_cache(maxsize=4)
def _trust_store(csca: tuple[Path, ...]) -> TrustStore | None:
    """The configured CSCAs (`[card] csca`), loaded once; None means the shipped ones."""
    if not csca:
        return None
    from cardreader.passive_auth import TrustStore

    return TrustStore.from_paths(csca)


class _Subscription:
    """What `watch` returns: `stop()` removes the callback, so a closed window is not called."""

    def __init__(self, watchers: _Watchers, callback: StatusCallback) -> None:
        self._watchers: _Watchers | None = watchers
        self._callback = callback

    def stop(self) -> None:
        watchers, self._watchers = self._watchers, None
        if watchers is not None:
            watchers.remove(self._callback)


class _NoWatch:
    """The subscription of a source whose status never changes: nothing to stop."""

    def stop(self) -> None:
        pass


class _Watchers:
    """Status callbacks, called from whichever thread saw the change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._callbacks: list[StatusCallback] = []

    def add(self, callback: StatusCallback) -> _Subscription:
        with self._lock:
            self._callbacks.append(callback)
        return _Subscription(self, callback)

    def remove(self, callback: StatusCallback) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    def notify(self, status: CardStatus) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback(status)


class VirtualCardSource:
    """The virtual eID chip in this process: always present, read exactly like a real one."""

    def __init__(
        self,
        profile: str = DEFAULT_VIRTUAL_PROFILE,
        reason: VirtualCardReason = VirtualCardReason.REQUESTED,
        *,
        csca: tuple[Path, ...] = (),
        read_seconds: float = DEFAULT_READ_SECONDS,
    ) -> None:
        from cardreader.virtual.profile import load_profile

        self.profile_name = profile
        self.reason = reason
        self._csca = csca
        self._read_seconds = read_seconds
        # Loaded now, so a bad name fails at start with the profile's error, not mid-flow.
        self._profile = load_profile(profile)

    def status(self) -> CardStatus:
        return CardStatus(
            CardState.CARD_PRESENT, reader=self.profile_name, virtual_reason=self.reason
        )

    def watch(self, callback: StatusCallback) -> Watch:
        """The virtual card never comes or goes: nothing to report."""
        return _NoWatch()

    def read(self, can: Can, progress: Progress) -> ReadResult:
        from cardreader.virtual.chip import VirtualChip
        from cardreader.virtual.connection import VirtualTransport

        # A fresh chip per read, as when a card is put on a reader again.
        transport = VirtualTransport(VirtualChip(self._profile))
        return _read(transport, can, progress, self._csca, self._read_seconds)

    def close(self) -> None:
        pass


class PcscCardSource:
    """Cards on PC/SC readers, watched by the card layer's `ReaderMonitor`.

    The monitor reports from its own thread; the status is kept here under a lock and each
    change is passed on to the callbacks (the frame turns them into queued Qt signals).
    """

    def __init__(
        self,
        *,
        monitor_factory: Callable[..., pcsc_monitor.ReaderMonitor] | None = None,
        csca: tuple[Path, ...] = (),
        read_seconds: float = DEFAULT_READ_SECONDS,
    ) -> None:
        self._csca = csca
        self._read_seconds = read_seconds
        self._lock = threading.Lock()
        self._watchers = _Watchers()
        self._service_up = True
        self._readers: list[str] = []
        self._cards: set[str] = set()
        if monitor_factory is None:
            from cardreader.monitor import ReaderMonitor

            monitor_factory = ReaderMonitor
        self._monitor = monitor_factory(self._on_event)
        self._monitor.start()

    def status(self) -> CardStatus:
        with self._lock:
            return self._status_locked()

    def _status_locked(self) -> CardStatus:
        if not self._service_up:
            return CardStatus(CardState.SERVICE_DOWN)
        if not self._readers:
            return CardStatus(CardState.NO_READER)
        with_card = [r for r in self._readers if r in self._cards]
        if with_card:
            return CardStatus(CardState.CARD_PRESENT, reader=with_card[0])
        return CardStatus(CardState.NO_CARD, reader=self._readers[0])

    def watch(self, callback: StatusCallback) -> Watch:
        return self._watchers.add(callback)

    def _on_event(self, event: pcsc_monitor.MonitorEvent) -> None:
        from cardreader import monitor as m

        with self._lock:
            if isinstance(event, m.ServiceState):
                self._service_up = event.available
                self._readers = list(event.readers)
                self._cards &= set(self._readers)
            elif isinstance(event, m.ReaderAdded):
                if event.reader not in self._readers:
                    self._readers.append(event.reader)
            elif isinstance(event, m.ReaderRemoved):
                self._readers = [r for r in self._readers if r != event.reader]
                self._cards.discard(event.reader)
            elif isinstance(event, m.CardInserted):
                self._cards.add(event.reader)
            elif isinstance(event, m.CardRemoved):
                self._cards.discard(event.reader)
            status = self._status_locked()
        log.debug("card status: %s", event.describe())
        self._watchers.notify(status)

    def read(self, can: Can, progress: Progress) -> ReadResult:
        from cardreader.pcsc import connect

        status = self.status()
        if status.state is CardState.SERVICE_DOWN:
            raise PcscUnavailableError("the PC/SC service is not running")
        if status.state is CardState.NO_READER:
            raise NoReaderError("no card reader is connected")
        if status.state is CardState.NO_CARD:
            raise NoCardError("no card on the reader")
        return _read(connect(status.reader), can, progress, self._csca, self._read_seconds)

    def close(self) -> None:
        self._monitor.stop()


def probe_pcsc() -> VirtualCardReason | None:
    """None when PC/SC runs with a reader; else why the virtual card has to stand in."""
    from cardreader.pcsc import list_readers

    try:
        readers = list_readers()
    except PcscUnavailableError:
        return VirtualCardReason.NO_SERVICE
    return None if readers else VirtualCardReason.NO_READER


class AutoCardSource:
    """A reader when PC/SC has one, else the default virtual card: decided in the background.

    Asking PC/SC and loading the card layer take a moment; the window shows meanwhile with
    "looking for a card reader" and updates when the answer comes.
    """

    def __init__(
        self,
        *,
        probe: Callable[[], VirtualCardReason | None] = probe_pcsc,
        pcsc_factory: Callable[[], CardSource] | None = None,
        virtual_profile: str = DEFAULT_VIRTUAL_PROFILE,
        csca: tuple[Path, ...] = (),
        read_seconds: float = DEFAULT_READ_SECONDS,
    ) -> None:
        self._csca = csca
        self._read_seconds = read_seconds
        if pcsc_factory is None:
            pcsc_factory = functools.partial(PcscCardSource, csca=csca, read_seconds=read_seconds)
        self._watchers = _Watchers()
        self._chosen: CardSource | None = None
        self._ready = threading.Event()
        self._probe = probe
        self._pcsc_factory = pcsc_factory
        self._virtual_profile = virtual_profile
        self._closed = False
        self._start_lock = threading.Lock()
        self._started = False
        self._thread = threading.Thread(target=self._choose, name="card-source", daemon=True)

    def start(self) -> None:
        """Ask PC/SC now (the app calls this once the first screen is up); idempotent."""
        with self._start_lock:
            if not self._started:
                self._started = True
                self._thread.start()

    def _choose(self) -> None:
        reason: VirtualCardReason | None = None
        try:
            reason = self._probe()
            chosen: CardSource = (
                self._pcsc_factory()
                if reason is None
                else VirtualCardSource(
                    self._virtual_profile, reason, csca=self._csca, read_seconds=self._read_seconds
                )
            )
        except Exception:
            log.exception("choosing the card source failed; using the virtual card")
            chosen = VirtualCardSource(
                self._virtual_profile,
                VirtualCardReason.NO_SERVICE,
                csca=self._csca,
                read_seconds=self._read_seconds,
            )
        if reason is not None:
            log.info("using the virtual card: %s", reason.value)
        self._chosen_watch = chosen.watch(self._watchers.notify)
        self._chosen = chosen
        self._ready.set()
        if self._closed:
            chosen.close()
        self._watchers.notify(chosen.status())

    def wait_chosen(self, timeout: float | None = None) -> CardSource | None:
        self._ready.wait(timeout)
        return self._chosen

    def status(self) -> CardStatus:
        chosen = self._chosen
        return chosen.status() if chosen is not None else CardStatus(CardState.SEARCHING)

    def watch(self, callback: StatusCallback) -> Watch:
        return self._watchers.add(callback)

    def read(self, can: Can, progress: Progress) -> ReadResult:
        self.start()
        chosen = self.wait_chosen(30)
        if chosen is None:
            raise PcscUnavailableError("the card reader service did not answer")
        return chosen.read(can, progress)

    def close(self) -> None:
        self._closed = True
        if self._chosen is not None:
            self._chosen.close()
