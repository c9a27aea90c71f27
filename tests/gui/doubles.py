"""A scripted card, only where no real or virtual chip can give the answer under test
(not an eID, a blocked CAN, a signature that does not verify)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from cardreader.document import (
    AccessProtocol,
    Document,
    PassiveAuthentication,
    ReadResult,
    ReadStep,
)
from cardreader.passwords import Can
from desktop.wizard.services import (
    CardState,
    CardStatus,
    Watch,
)

StatusCallback = Callable[[CardStatus], None]


@dataclass
class Unwatch:
    """A watch on a test card source: `stop()` takes the callback off the list."""

    callbacks: list[StatusCallback]
    callback: StatusCallback

    def stop(self) -> None:
        if self.callback in self.callbacks:
            self.callbacks.remove(self.callback)


def document(number: str = "201847KA", expiry: date = date(2031, 5, 20)) -> Document:
    return Document(
        document_code="ID",
        issuing_state="HUN",
        document_number=number,
        surname="KOVACS",
        given_names="EVA ZSOFIA",
        nationality="HUN",
        date_of_birth=date(1985, 3, 14),
        sex="F",
        date_of_expiry=expiry,
    )


@dataclass
class ScriptedCard:
    """A card source whose next read gives a chosen result or error, after chosen delays."""

    result: ReadResult | None = None
    error: Exception | None = None
    state: CardStatus = field(default_factory=lambda: CardStatus(CardState.CARD_PRESENT, "R"))
    reads: int = 0
    _callbacks: list[StatusCallback] = field(default_factory=list)

    @property
    def watchers(self) -> int:
        return len(self._callbacks)

    def status(self) -> CardStatus:
        return self.state

    def watch(self, callback: Callable[[CardStatus], None]) -> Watch:
        self._callbacks.append(callback)
        return Unwatch(self._callbacks, callback)

    def read(self, can: Can, progress: Callable[[ReadStep], None]) -> ReadResult:
        self.reads += 1
        for step in ReadStep:
            progress(step)
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result

    def close(self) -> None:
        pass


def read_result(
    doc: Document | None = None,
    pa: PassiveAuthentication = PassiveAuthentication.VALID,
) -> ReadResult:
    return ReadResult(
        document=doc or document(),
        access=AccessProtocol.PACE,
        passive_authentication=pa,
        passive_authentication_detail="",
        apdu_count=10,
        seconds=0.01,
    )
