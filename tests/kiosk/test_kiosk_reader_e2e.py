"""The kiosk on a real private pcscd + vpcd reader: card and reader go away and come back.

The kiosk runs in a subprocess (tests/kiosk/pcsc_kiosk_driver.py) because pcsc-lite reads its
socket path once per process; this test controls pcscd and the `eid-card emulate` card.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pcscd_harness import REPO_ROOT, PrivatePcscd, missing_components

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

DRIVER = Path(__file__).with_name("pcsc_kiosk_driver.py")
Event = dict[str, Any]


class KioskProcess:
    """The driver subprocess: commands in, JSON events out."""

    def __init__(self, harness: PrivatePcscd, data_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), str(data_dir)],
            env=harness.env(QT_QPA_PLATFORM="offscreen"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
        )
        self.events: queue.Queue[Event] = queue.Queue()
        self.seen: list[Event] = []
        self._unclaimed: list[Event] = []
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        threading.Thread(target=self._pump_stderr, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self.events.put(json.loads(line))

    def _pump_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def expect(self, matches: Callable[[Event], bool], what: str, timeout: float = 20) -> Event:
        """The first event not yet expected that `matches` (events of one change may come in
        either order), waiting for it if need be; fails naming `what` otherwise."""
        for event in self._unclaimed:
            if matches(event):
                self._unclaimed.remove(event)
                return event
        try:
            while True:
                event = self.events.get(timeout=timeout)
                self.seen.append(event)
                if matches(event):
                    return event
                self._unclaimed.append(event)
        except queue.Empty:
            log = "".join(self.stderr[-40:])
            pytest.fail(f"the kiosk did not report {what}; it said {self.seen}\n{log}")

    def close(self) -> int:
        if self.process.poll() is None:
            self.send("quit")
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


@pytest.fixture
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePcscd]:
    reason = missing_components()
    if reason:
        pytest.skip(f"private pcscd unavailable: {reason}")
    pcscd = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    try:
        pcscd.start()
        yield pcscd
    finally:
        pcscd.close()


def reader(present: bool, *, containing: str = "") -> Callable[[Event], bool]:
    return lambda e: e["event"] == "reader" and e["present"] is present and containing in e["words"]


def read_document(kiosk: KioskProcess) -> Event:
    kiosk.send("read")
    return kiosk.expect(lambda e: e["event"] == "read", "the result of reading the card")


def test_the_kiosk_notices_card_and_reader_leaving_and_returning_and_reads_again(
    harness: PrivatePcscd, tmp_path: Path
) -> None:
    reader_name = harness.readers[0]
    card = harness.start_emulator("kovacs-eva")
    harness.wait_for_card()
    kiosk = KioskProcess(harness, tmp_path / "data")
    try:
        kiosk.expect(lambda e: e["event"] == "ready", "that it started")
        kiosk.expect(reader(True, containing=reader_name), "the card on the reader")
        first = read_document(kiosk)
        assert first == {"event": "read", "document": "201847KA", "error": ""}

        # The card leaves after it was read: the session ends and everything is wiped.
        card.stop()
        kiosk.expect(lambda e: e == {"event": "ended", "reason": "card-removed"}, "the wipe")
        kiosk.expect(reader(False, containing=reader_name), "the empty reader")

        # The reader goes (the PC/SC service stops with it), then comes back.
        harness.stop()
        kiosk.expect(reader(False, containing="PC/SC"), "the card reader service gone")
        harness.start()
        kiosk.expect(reader(False, containing=reader_name), "the reader back, empty")
        card = harness.start_emulator("kovacs-eva")
        kiosk.expect(reader(True, containing=reader_name), "the card back on the reader")

        # No restart: the same kiosk process reads the card again.
        again = read_document(kiosk)
        assert again == {"event": "read", "document": "201847KA", "error": ""}
    finally:
        code = kiosk.close()
    assert code == 0, "".join(kiosk.stderr[-40:])
    logged = "".join(kiosk.stderr)
    assert "201847KA" not in logged
    assert "123456" not in logged
    assert "Kovács" not in logged
