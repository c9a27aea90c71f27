"""Where the wizard's card comes from: the in-process virtual card, or a PC/SC reader.

Both satisfy `desktop.wizard.services.CardSource`: a status, change callbacks, and
`read(can, progress)` that returns the card layer's `ReadResult` or raises its typed errors.
Only this module (and the composition root) knows which card-layer calls do the work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from cardreader import monitor as pcsc_monitor
from cardreader.document import ReadResult, ReadStep
from cardreader.errors import NoCardError, NoReaderError, PcscUnavailableError
from cardreader.passwords import Can
from cardreader.reader import read_document
from cardreader.transport import Transport
from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import Profile, load_profile
from desktop.wizard.services import CardState, CardStatus

log = logging.getLogger(__name__)

DEFAULT_VIRTUAL_PROFILE = "kovacs-eva"

StatusCallback = Callable[[CardStatus], None]


def _read(transport: Transport, can: str, progress: Callable[[ReadStep], None]) -> ReadResult:
    try:
        return read_document(transport, Can(can), progress=progress)
    finally:
        transport.close()


class VirtualCardSource:
    """The virtual eID chip in this process: always present, read exactly like a real one."""

    def __init__(self, profile: str = DEFAULT_VIRTUAL_PROFILE) -> None:
        self.profile_name = profile
        # Loaded now, so a bad name fails at start with the profile error, not mid-flow.
        self._profile: Profile = load_profile(profile)

    @property
    def is_virtual(self) -> bool:
        return True

    def status(self) -> CardStatus:
        return CardStatus(CardState.CARD_PRESENT, reader=self.profile_name, virtual=True)

    def watch(self, callback: StatusCallback) -> None:
        """The virtual card never comes or goes: nothing to report."""

    def read(self, can: str, progress: Callable[[ReadStep], None]) -> ReadResult:
        # A fresh chip per read, as when a card is put on a reader again.
        return _read(VirtualTransport(VirtualChip(self._profile)), can, progress)

    def close(self) -> None:
        pass


class PcscCardSource:
    """Cards on PC/SC readers, watched by the card layer's `ReaderMonitor`.

    The monitor reports from its own thread; the status is kept here under a lock and each
    change is passed on to the callbacks (the frame turns them into queued Qt signals).
    """

    def __init__(self, *, monitor_factory: Callable[..., pcsc_monitor.ReaderMonitor] | None = None):
        self._lock = threading.Lock()
        self._callbacks: list[StatusCallback] = []
        self._service_up = True
        self._readers: list[str] = []
        self._cards: set[str] = set()
        factory = monitor_factory or pcsc_monitor.ReaderMonitor
        self._monitor = factory(self._on_event)
        self._monitor.start()

    @property
    def is_virtual(self) -> bool:
        return False

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

    def watch(self, callback: StatusCallback) -> None:
        with self._lock:
            self._callbacks.append(callback)

    def _on_event(self, event: pcsc_monitor.MonitorEvent) -> None:
        with self._lock:
            if isinstance(event, pcsc_monitor.ServiceState):
                self._service_up = event.available
                self._readers = list(event.readers)
                self._cards &= set(self._readers)
            elif isinstance(event, pcsc_monitor.ReaderAdded):
                if event.reader not in self._readers:
                    self._readers.append(event.reader)
            elif isinstance(event, pcsc_monitor.ReaderRemoved):
                self._readers = [r for r in self._readers if r != event.reader]
                self._cards.discard(event.reader)
            elif isinstance(event, pcsc_monitor.CardInserted):
                self._cards.add(event.reader)
            elif isinstance(event, pcsc_monitor.CardRemoved):
                self._cards.discard(event.reader)
            status = self._status_locked()
            callbacks = list(self._callbacks)
        log.debug("card status: %s", event.describe())
        for callback in callbacks:
            callback(status)

    def read(self, can: str, progress: Callable[[ReadStep], None]) -> ReadResult:
        from cardreader.pcsc import connect

        status = self.status()
        if status.state is CardState.SERVICE_DOWN:
            raise PcscUnavailableError("the PC/SC service is not running")
        if status.state is CardState.NO_READER:
            raise NoReaderError("no card reader is connected")
        if status.state is CardState.NO_CARD:
            raise NoCardError("no card on the reader")
        return _read(connect(status.reader), can, progress)

    def close(self) -> None:
        self._monitor.stop()
