"""The transport, monitor, vpcd bridge and `eid-card readers|monitor` through a real pcscd.

The monitor tests use the virtual eID chip through `eid-card emulate`; the transport-level tests
use the scripted test card (tests/e2e/scripted_card.py), whose answers and ATR are fixed, so
they exercise the PC/SC plumbing alone. Reading a document is in test_read_e2e.py.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cardreader.virtual.chip import ATR as CHIP_ATR
from tests.e2e.conftest import scripted_card_argv
from tests.e2e.pcscd_harness import PrivatePcscd

pytestmark = pytest.mark.e2e


def _run_client(harness: PrivatePcscd, code: str, timeout: float = 30) -> dict[str, object]:
    """Run a PC/SC client snippet in its own process; it prints one JSON object."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=harness.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class MonitorProcess:
    """`eid-card monitor` running against the harness, its stdout lines collected."""

    def __init__(self, harness: PrivatePcscd) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cardreader", "monitor"],
            env=harness.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._collect, daemon=True)
        self._reader.start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 10.0, after: int = 0) -> int:
        """Index of the first line at or after `after` that equals `text` (waiting for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index, line in enumerate(self.lines[after:], start=after):
                if line == text:
                    return index
            time.sleep(0.05)
        raise AssertionError(f"monitor never printed {text!r}; it printed {self.lines}")

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        _out, err = self.process.communicate(timeout=10)
        self._reader.join(5)
        return self.process.returncode, err


def test_readers_lists_both_virtual_readers_of_the_private_pcscd(pcscd: PrivatePcscd) -> None:
    done = pcscd.eid_card("readers")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == pcscd.readers


def test_readers_without_a_pcsc_service_says_so_in_one_line(
    pcscd: PrivatePcscd,
) -> None:
    pcscd.stop()
    done = pcscd.eid_card("readers")
    assert done.returncode == 5
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "PC/SC service not running" in done.stderr
    assert "Traceback" not in done.stderr


def test_monitor_reports_a_card_being_inserted_and_removed(pcscd: PrivatePcscd) -> None:
    monitor = MonitorProcess(pcscd)
    try:
        reader = pcscd.readers[0]
        start = monitor.wait_for(f"reader added: {reader}")
        card = pcscd.start_emulator("kovacs-eva")
        inserted = monitor.wait_for(
            f"card inserted: {reader} (ATR {CHIP_ATR.hex().upper()})", after=start
        )
        card.stop()
        monitor.wait_for(f"card removed: {reader}", after=inserted)
    finally:
        code, err = monitor.stop()
    assert code == 0, err
    assert monitor.lines[0] == f"2 readers: {', '.join(pcscd.readers)}"


def test_monitor_survives_pcscd_being_stopped_and_restarted(pcscd: PrivatePcscd) -> None:
    card = pcscd.start_emulator("kovacs-eva")
    pcscd.wait_for_card()
    monitor = MonitorProcess(pcscd)
    try:
        reader = pcscd.readers[0]
        inserted = f"card inserted: {reader} (ATR {CHIP_ATR.hex().upper()})"
        first = monitor.wait_for(inserted)
        pcscd.stop()
        removed = monitor.wait_for(f"card removed: {reader}", after=first)
        down = monitor.wait_for("PC/SC service not running", after=removed)
        assert monitor.lines[removed + 1 : down] == [f"reader removed: {r}" for r in pcscd.readers]
        time.sleep(1.0)  # let the monitor retry against the absent service a few times
        pcscd.start()
        up = monitor.wait_for(f"2 readers: {', '.join(pcscd.readers)}", after=down)
        # The emulator reconnects to the new vpcd by itself: the card comes back.
        monitor.wait_for(inserted, after=up)
        assert card.running()
    finally:
        code, err = monitor.stop()
    assert code == 0, err
    assert "Traceback" not in err


def test_transport_exchanges_apdus_and_reads_extended_length_from_the_atr(
    pcscd: PrivatePcscd,
) -> None:
    pcscd.start_card(scripted_card_argv(pcscd))
    pcscd.wait_for_card()
    result = _run_client(
        pcscd,
        "import json\nfrom cardreader import pcsc\n"
        f"t = pcsc.connect({pcscd.readers[0]!r})\n"
        "r1 = t.transmit(bytes.fromhex('00A4040C07A0000002471001')).hex()\n"
        "r2 = t.transmit(bytes.fromhex('0084000008')).hex()\n"
        "print(json.dumps({'r1': r1, 'r2': r2, 'ext': t.supports_extended_length,\n"
        "                  'shared': t.shared, 'atr': t.atr.hex()}))\n"
        "t.close()\n",
    )
    assert result == {
        "r1": "9000",
        "r2": "01020304050607089000",
        "ext": True,
        "shared": False,
        "atr": "3b8580018073c0004077",
    }


def test_connect_to_an_empty_reader_is_no_card_and_to_an_unknown_one_no_reader(
    pcscd: PrivatePcscd,
) -> None:
    result = _run_client(
        pcscd,
        "import json\nfrom cardreader import pcsc, errors\nout = {}\n"
        "for name in (" + repr(pcscd.readers[0]) + ", 'No Such Reader 00 00'):\n"
        "    try:\n        pcsc.connect(name)\n        out[name] = 'connected'\n"
        "    except errors.CardError as e:\n        out[name] = type(e).__name__\n"
        "try:\n    pcsc.first_reader_with_card()\nexcept errors.CardError as e:\n"
        "    out['first'] = type(e).__name__\n"
        "print(json.dumps(out))\n",
    )
    assert result == {
        pcscd.readers[0]: "NoCardError",
        "No Such Reader 00 00": "NoReaderError",
        "first": "NoCardError",
    }


def test_connect_shares_the_card_when_another_program_holds_a_shared_connection(
    pcscd: PrivatePcscd, tmp_path: Path
) -> None:
    pcscd.start_card(scripted_card_argv(pcscd))
    pcscd.wait_for_card()
    reader = pcscd.readers[0]
    ready = tmp_path / "holder-ready"
    # Another program (here pyscard used directly) keeps a shared connection open.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pathlib\nfrom smartcard import scard as s\n"
            "hr, ctx = s.SCardEstablishContext(s.SCARD_SCOPE_USER)\n"
            f"hr, h, p = s.SCardConnect(ctx, {reader!r}, s.SCARD_SHARE_SHARED,"
            " s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1)\n"
            "assert hr == 0, hr\n"
            f"pathlib.Path({str(ready)!r}).touch()\ntime.sleep(30)\n",
        ],
        env=pcscd.env(),
    )
    try:
        deadline = time.monotonic() + 10
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the holder process did not connect"
        result = _run_client(
            pcscd,
            "import json\nfrom cardreader import pcsc\n"
            f"t = pcsc.connect({reader!r})\n"
            "r = t.transmit(bytes.fromhex('00A4040C07A0000002471001')).hex()\n"
            "print(json.dumps({'shared': t.shared, 'r': r}))\nt.close()\n",
        )
    finally:
        holder.kill()
        holder.wait(5)
    assert result == {"shared": True, "r": "9000"}


def test_a_card_vanishing_mid_session_is_card_removed(pcscd: PrivatePcscd) -> None:
    card = pcscd.start_card(scripted_card_argv(pcscd, "--vanish-after", "2"))
    pcscd.wait_for_card()
    result = _run_client(
        pcscd,
        "import json\nfrom cardreader import pcsc, errors\n"
        f"t = pcsc.connect({pcscd.readers[0]!r})\nanswers = []\n"
        "try:\n    for _ in range(5):\n"
        "        answers.append(t.transmit(bytes.fromhex('0084000008')).hex())\n"
        "except errors.CardError as e:\n    answers.append(type(e).__name__)\n"
        "print(json.dumps({'answers': answers}))\n",
    )
    assert result == {
        "answers": ["01020304050607089000", "01020304050607089000", "CardRemovedError"]
    }
    card.process.wait(10)
    assert "end: card removed" in card.log()


def test_emulator_stops_cleanly_on_sigterm_and_sigint(pcscd: PrivatePcscd) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        card = pcscd.start_card(scripted_card_argv(pcscd))
        pcscd.wait_for_card()
        assert card.stop(sig) == 0
        assert "end: stopped" in card.log()
        pcscd.wait_for_card(present=False)


def test_monitor_reports_the_reader_being_unplugged_and_plugged_back(pcscd: PrivatePcscd) -> None:
    monitor = MonitorProcess(pcscd)
    try:
        monitor.wait_for(f"reader added: {pcscd.readers[1]}")
        pcscd.detach_reader()
        gone = monitor.wait_for("no reader")
        none = pcscd.eid_card("readers")
        assert (none.returncode, none.stdout) == (6, "")
        assert none.stderr == "eid-card: no card reader is connected\n"
        pcscd.attach_reader()
        monitor.wait_for(f"reader added: {pcscd.readers[0]}", after=gone)
    finally:
        code, err = monitor.stop()
    assert code == 0, err
    done = pcscd.eid_card("readers")
    assert done.stdout.splitlines() == pcscd.readers
