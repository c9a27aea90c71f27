"""The reader monitor's event logic, driven by a scripted PC/SC context.

The real SCardGetStatusChange path (with pcscd stopped and restarted) is covered end to end in
tests/e2e/test_pcsc_infrastructure.py; here each rule gets its own small, fast case.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pytest

from cardreader.errors import PcscUnavailableError, TransportError
from cardreader.monitor import (
    CardInserted,
    CardRemoved,
    MonitorEvent,
    ReaderAdded,
    ReaderMonitor,
    ReaderRemoved,
    ServiceState,
)
from cardreader.pcsc import (
    PNP_NOTIFICATION,
    SCARD_STATE_CHANGED,
    SCARD_STATE_EMPTY,
    SCARD_STATE_PRESENT,
    SCARD_STATE_UNKNOWN,
    ReaderState,
)

ATR = bytes.fromhex("3B8580018073C0004077")


@dataclass
class World:
    """What the fake PC/SC service shows; tests change it and the context reports it."""

    available: bool = True
    cards: dict[str, bytes | None] = field(default_factory=dict)  # reader -> ATR or None
    counters: dict[str, int] = field(default_factory=dict)
    pnp_supported: bool = True
    changed: threading.Event = field(default_factory=threading.Event)

    def state_of(self, reader: str) -> int:
        count = self.counters.get(reader, 0) << 16
        return count | (SCARD_STATE_PRESENT if self.cards.get(reader) else SCARD_STATE_EMPTY)

    def insert(self, reader: str) -> None:
        self.cards[reader] = ATR
        self.counters[reader] = self.counters.get(reader, 0) + 1
        self.changed.set()

    def remove(self, reader: str) -> None:
        self.cards[reader] = None
        self.counters[reader] = self.counters.get(reader, 0) + 1
        self.changed.set()


class FakeContext:
    """Answers like pcsc-lite: returns when some believed state differs from the world."""

    def __init__(self, world: World) -> None:
        if not world.available:
            raise PcscUnavailableError("PC/SC service not running")
        self.world = world
        self.cancelled = threading.Event()
        self.closed = False

    def list_readers(self) -> list[str]:
        self._check()
        return list(self.world.cards)

    def _check(self) -> None:
        if not self.world.available:
            raise PcscUnavailableError("PC/SC service not running (SCARD_E_NO_SERVICE)")

    def get_status_change(
        self, states: Sequence[tuple[str, int]], timeout_ms: int
    ) -> list[ReaderState] | None:
        deadline_waits = max(1, timeout_ms // 10)
        for _ in range(deadline_waits):
            self._check()
            if self.cancelled.is_set():
                return None
            out, differs = [], False
            for reader, believed in states:
                if reader == PNP_NOTIFICATION:
                    if not self.world.pnp_supported:
                        out.append(
                            ReaderState(reader, SCARD_STATE_UNKNOWN | SCARD_STATE_CHANGED, b"")
                        )
                        differs = True
                        continue
                    now = len(self.world.cards) << 16
                else:
                    if reader not in self.world.cards:
                        out.append(
                            ReaderState(reader, SCARD_STATE_UNKNOWN | SCARD_STATE_CHANGED, b"")
                        )
                        differs = True
                        continue
                    now = self.world.state_of(reader)
                if now != believed:
                    differs = True
                    now |= SCARD_STATE_CHANGED
                out.append(ReaderState(reader, now, self.world.cards.get(reader) or b""))
            if differs:
                return out
            self.world.changed.clear()
            self.world.changed.wait(0.01)
        return None

    def cancel(self) -> None:
        self.cancelled.set()

    def is_valid(self) -> bool:
        return self.world.available

    def close(self) -> None:
        self.closed = True


class Recorder:
    def __init__(self) -> None:
        self.events: queue.Queue[MonitorEvent] = queue.Queue()
        self.seen: list[MonitorEvent] = []

    def __call__(self, event: MonitorEvent) -> None:
        self.events.put(event)

    def expect(self, *wanted: MonitorEvent, timeout: float = 5.0) -> None:
        """The next events are exactly `wanted`, in order."""
        got = [self.events.get(timeout=timeout) for _ in wanted]
        self.seen.extend(got)
        assert got == list(wanted)


@contextlib.contextmanager
def watching(world: World) -> Iterator[Recorder]:
    """A running monitor over `world`, its first events (two readers, a card in A) already
    seen; stopped afterwards."""
    recorder = Recorder()
    monitor = start_monitor(world, recorder)
    try:
        recorder.expect(
            ServiceState(True, ("Reader A", "Reader B")),
            ReaderAdded("Reader A"),
            ReaderAdded("Reader B"),
            CardInserted("Reader A", ATR),
        )
        yield recorder
    finally:
        monitor.stop()


def start_monitor(world: World, recorder: Recorder) -> ReaderMonitor:
    monitor = ReaderMonitor(
        recorder,
        context_factory=lambda: FakeContext(world),
        rescan_ms=100,
        initial_backoff=0.01,
        max_backoff=0.05,
    )
    monitor.start()
    return monitor


@pytest.fixture
def world() -> World:
    return World(cards={"Reader A": ATR, "Reader B": None}, counters={"Reader A": 1})


def test_first_events_describe_the_present_readers_and_cards(world: World) -> None:
    recorder = Recorder()
    monitor = ReaderMonitor(recorder, context_factory=lambda: FakeContext(world), rescan_ms=100)
    with monitor:
        recorder.expect(
            ServiceState(True, ("Reader A", "Reader B")),
            ReaderAdded("Reader A"),
            ReaderAdded("Reader B"),
            CardInserted("Reader A", ATR),
        )
    assert not monitor.running


def test_insertion_and_removal_are_reported_per_reader(world: World) -> None:
    with watching(world) as recorder:
        world.insert("Reader B")
        recorder.expect(CardInserted("Reader B", ATR))
        world.remove("Reader A")
        recorder.expect(CardRemoved("Reader A"))


def test_a_card_swapped_between_two_polls_is_a_removal_and_an_insertion(world: World) -> None:
    with watching(world) as recorder:
        world.counters["Reader A"] += 2  # removed and another card put in, unseen
        world.changed.set()
        recorder.expect(CardRemoved("Reader A"), CardInserted("Reader A", ATR))


@pytest.mark.parametrize("pnp_supported", [True, False])
def test_readers_plugged_in_and_out_are_reported_with_or_without_pnp(
    world: World, pnp_supported: bool
) -> None:
    world.pnp_supported = pnp_supported
    with watching(world) as recorder:
        world.cards["Reader C"] = None
        world.changed.set()
        recorder.expect(
            ServiceState(True, ("Reader A", "Reader B", "Reader C")), ReaderAdded("Reader C")
        )
        del world.cards["Reader A"]
        world.changed.set()
        recorder.expect(
            CardRemoved("Reader A"),
            ReaderRemoved("Reader A"),
            ServiceState(True, ("Reader B", "Reader C")),
        )


def test_the_service_going_away_and_coming_back_is_survived(world: World) -> None:
    with watching(world) as recorder:
        world.available = False
        world.changed.set()
        recorder.expect(
            CardRemoved("Reader A"),
            ReaderRemoved("Reader A"),
            ReaderRemoved("Reader B"),
            ServiceState(False),
        )
        world.available = True
        recorder.expect(
            ServiceState(True, ("Reader A", "Reader B")),
            ReaderAdded("Reader A"),
            ReaderAdded("Reader B"),
            CardInserted("Reader A", ATR),
        )
    assert recorder.events.empty()


def test_an_absent_service_is_reported_once_while_the_monitor_keeps_retrying() -> None:
    world = World(available=False)
    recorder = Recorder()
    attempts: list[int] = []

    def factory() -> FakeContext:
        attempts.append(1)
        return FakeContext(world)

    monitor = ReaderMonitor(
        recorder, context_factory=factory, initial_backoff=0.01, max_backoff=0.02
    )
    monitor.start()
    try:
        recorder.expect(ServiceState(False))
        while len(attempts) < 5:
            threading.Event().wait(0.01)
        world.available = True
        recorder.expect(ServiceState(True, ()))
    finally:
        monitor.stop()
    assert recorder.seen[0].describe() == "PC/SC service not running"
    assert recorder.seen[1].describe() == "no reader"


def test_stop_wakes_the_blocking_wait_and_ends_the_thread(world: World) -> None:
    recorder = Recorder()
    monitor = ReaderMonitor(recorder, context_factory=lambda: FakeContext(world), rescan_ms=60_000)
    monitor.start()
    recorder.expect(
        ServiceState(True, ("Reader A", "Reader B")),
        ReaderAdded("Reader A"),
        ReaderAdded("Reader B"),
        CardInserted("Reader A", ATR),
    )
    monitor.stop(timeout=2)
    assert not monitor.running


def test_a_failing_event_handler_does_not_stop_the_monitor(world: World) -> None:
    recorder = Recorder()

    def handler(event: MonitorEvent) -> None:
        recorder(event)
        if isinstance(event, ReaderAdded):
            raise RuntimeError("consumer bug")

    monitor = ReaderMonitor(handler, context_factory=lambda: FakeContext(world), rescan_ms=100)
    monitor.start()
    try:
        recorder.expect(
            ServiceState(True, ("Reader A", "Reader B")),
            ReaderAdded("Reader A"),
            ReaderAdded("Reader B"),
            CardInserted("Reader A", ATR),
        )
        world.remove("Reader A")
        recorder.expect(CardRemoved("Reader A"))
        assert monitor.running
    finally:
        monitor.stop()


def test_an_unexpected_pcsc_failure_reestablishes_the_context(world: World) -> None:
    recorder = Recorder()
    contexts: list[FakeContext] = []
    fail_once = [True]

    class FlakyContext(FakeContext):
        def get_status_change(self, states: Sequence[tuple[str, int]], timeout_ms: int):  # type: ignore[no-untyped-def]
            if fail_once[0] and any(b for _, b in states if b):
                fail_once[0] = False
                raise TransportError("PC/SC failed: 0x80100001")
            return super().get_status_change(states, timeout_ms)

    def factory() -> FakeContext:
        contexts.append(FlakyContext(world))
        return contexts[-1]

    monitor = ReaderMonitor(recorder, context_factory=factory, rescan_ms=100, initial_backoff=0.01)
    monitor.start()
    try:
        recorder.expect(
            ServiceState(True, ("Reader A", "Reader B")),
            ReaderAdded("Reader A"),
            ReaderAdded("Reader B"),
            CardInserted("Reader A", ATR),
            CardRemoved("Reader A"),
            ReaderRemoved("Reader A"),
            ReaderRemoved("Reader B"),
            ServiceState(False),
            ServiceState(True, ("Reader A", "Reader B")),
        )
    finally:
        monitor.stop()
    assert len(contexts) >= 2
    assert contexts[0].closed


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (ServiceState(False), "PC/SC service not running"),
        (ServiceState(True), "no reader"),
        (ServiceState(True, ("R 00 00",)), "1 reader: R 00 00"),
        (ServiceState(True, ("R 00 00", "R 00 01")), "2 readers: R 00 00, R 00 01"),
    ],
)
def test_service_state_is_described_in_words(state: ServiceState, words: str) -> None:
    assert state.describe() == words


def test_event_lines_name_the_reader(world: World) -> None:
    lines: list[Callable[[], str]] = [
        ReaderAdded("R").describe,
        ReaderRemoved("R").describe,
        CardInserted("R", b"\x3b\x00").describe,
        CardRemoved("R").describe,
    ]
    assert [f() for f in lines] == [
        "reader added: R",
        "reader removed: R",
        "card inserted: R (ATR 3B00)",
        "card removed: R",
    ]
