"""Where the wizard's card comes from: the in-process virtual card, or a PC/SC reader.

Both satisfy `desktop.wizard.services.CardSource`: a status in words' terms, change callbacks,
and `read(can, progress)` that returns the card layer's `ReadResult` or raises its typed
errors. Only this module (and the composition root) knows which card layer calls do the work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from cardreader.document import ReadResult, ReadStep
from desktop.wizard.services import CardState, CardStatus

log = logging.getLogger(__name__)

DEFAULT_VIRTUAL_PROFILE = "kovacs-eva"


class VirtualCardSource:
    """The virtual eID chip in this process: always present, read exactly like a real one."""

    def __init__(self, profile: str = DEFAULT_VIRTUAL_PROFILE) -> None:
        from cardreader.virtual.profile import load_profile  # type: ignore[import-not-found]

        self.profile_name = profile
        self._profile = load_profile(profile)  # fails early on a bad name, before the window

    @property
    def is_virtual(self) -> bool:
        return True

    def status(self) -> CardStatus:
        return CardStatus(CardState.CARD_PRESENT, reader=self.profile_name, virtual=True)

    def watch(self, callback: Callable[[CardStatus], None]) -> None:
        """The virtual card never comes or goes: nothing to report."""

    def read(self, can: str, progress: Callable[[ReadStep], None]) -> ReadResult:
        from cardreader.passwords import Can  # type: ignore[import-not-found]
        from cardreader.reader import read_document  # type: ignore[import-not-found]
        from cardreader.virtual.chip import VirtualChip  # type: ignore[import-not-found]
        from cardreader.virtual.connection import (  # type: ignore[import-not-found]
            VirtualTransport,
        )

        transport = VirtualTransport(VirtualChip(self._profile))
        try:
            result: ReadResult = read_document(transport, Can(can), progress=progress)
            return result
        finally:
            transport.close()

    def close(self) -> None:
        pass


class _Watchers:
    """Callbacks registered by the frame; called from the monitor's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[CardStatus], None]] = []

    def add(self, callback: Callable[[CardStatus], None]) -> None:
        with self._lock:
            self._callbacks.append(callback)

    def notify(self, status: CardStatus) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback(status)
