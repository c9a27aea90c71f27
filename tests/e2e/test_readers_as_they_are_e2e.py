"""Readers as they are, through a real pcscd + vpcd: the read's PC/SC transaction against a
second program sharing the card, a transient reader error before and inside secure messaging,
and a reader (or chip) refusing extended-length APDUs although the ATR announces them.

The faults come from QA profiles (resources/virtual-cards/qa-*.toml); the vpcd bridge turns
them into what pcscd really reports (SCARD_E_NOT_TRANSACTED with the card still present).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cardreader.cli import ExitCode
from tests.e2e.pcscd_harness import Emulator, PrivatePcscd

pytestmark = pytest.mark.e2e

CAN = "123456"


def _emulate(pcscd: PrivatePcscd, profile: str) -> Emulator:
    """`eid-card -v emulate`: the bridge's own log lines (a broken exchange) are kept."""
    card = pcscd.start_card(
        [sys.executable, "-m", "cardreader", "-v", "emulate", "--profile", profile,
         "--vpcd", pcscd.vpcd_endpoint()]
    )  # fmt: skip
    pcscd.wait_for_card()
    return card


def _read(pcscd: PrivatePcscd) -> subprocess.CompletedProcess[str]:
    return pcscd.eid_card("-v", "read", "--can", "-", "--json", input=CAN + "\n")


def _no_secret_in(text: str) -> None:
    assert CAN not in text
    assert "201847KA" not in text  # the document number (part of the MRZ key) stays out


def test_a_transient_reader_error_before_access_control_is_repeated_after_a_reconnect(
    pcscd: PrivatePcscd,
) -> None:
    card = _emulate(pcscd, "qa-transient-error")
    done = _read(pcscd)
    assert done.returncode == ExitCode.OK, done.stderr
    record = json.loads(done.stdout)
    assert (record["document_number"], record["passive_authentication"]) == ("201847KA", "valid")
    assert record["chip_authentication"] == "passed"
    assert "transient reader error before access control" in done.stderr
    assert "SCARD_E_NOT_TRANSACTED" in done.stderr
    assert "reconnected to the card" in done.stderr
    assert done.stderr.count("sending INS B0 once more") == 1
    _no_secret_in(done.stderr)
    assert "exchange 1 failed on the reader's side" in card.log()
    # The card never left: the emulator is still serving the same reader.
    assert card.running()


def test_a_transient_reader_error_inside_secure_messaging_is_not_repeated(
    pcscd: PrivatePcscd,
) -> None:
    card = _emulate(pcscd, "qa-transient-error-in-sm")
    done = _read(pcscd)
    assert done.returncode == ExitCode.COMMUNICATION, done.stderr
    assert done.stdout == ""
    assert "is not sent again" in done.stderr
    assert "reconnect" not in done.stderr
    reason = [line for line in done.stderr.splitlines() if line.startswith("eid-card: ")]
    assert len(reason) == 1
    assert "SCARD_E_NOT_TRANSACTED" in reason[0]
    assert "failure communication at step EF.DG1" in done.stderr
    _no_secret_in(done.stderr)
    assert "exchange 8 failed on the reader's side" in card.log()


@pytest.mark.parametrize(
    ("profile", "refused_by"),
    [
        ("qa-short-apdu-reader", "SCARD_E_NOT_TRANSACTED"),
        ("qa-short-apdu-card", "the card answered WRONG_LENGTH (6700)"),
    ],
)
def test_a_refused_extended_apdu_puts_the_read_on_short_apdus(
    pcscd: PrivatePcscd, profile: str, refused_by: str
) -> None:
    _emulate(pcscd, profile)
    done = pcscd.eid_card("-vv", "read", "--can", "-", "--json", input=CAN + "\n")
    assert done.returncode == ExitCode.OK, done.stderr
    record = json.loads(done.stdout)
    assert (record["passive_authentication"], record["chip_authentication"]) == (
        "valid",
        "passed",
    )
    refusals = [line for line in done.stderr.splitlines() if "extended-length APDU refused" in line]
    assert len(refusals) == 1, refusals
    assert refused_by in refusals[0]
    assert "short APDUs for the rest of the session" in refusals[0]
    # After the refusal every command the PC/SC transport sent was a short one.
    sent = _commands(done.stderr, "cardreader.pcsc")
    extended = [i for i, apdu in enumerate(sent) if len(apdu) >= 7 and apdu[4] == 0]
    assert extended == [0]  # the refused one: the plain READ BINARY of EF.CardAccess
    assert len(sent) > 15
    _no_secret_in(
        "\n".join(
            line for line in done.stderr.splitlines() if ": > " not in line and ": < " not in line
        )
    )


def _commands(log: str, logger: str) -> list[bytes]:
    """The command APDUs a traffic log (`-vv`) shows for `logger`, bodies that the log
    withholds left out."""
    found = []
    for line in log.splitlines():
        head, sep, rest = line.partition(f"{logger}: > ")
        if sep and not head.strip(" ").count(" "):
            found.append(bytes.fromhex(rest.split("<")[0].replace(" ", "")))
    return found


# --- the PC/SC transaction ---------------------------------------------------------------------
_OTHER_PROGRAM = """
import json, pathlib, sys, time
from smartcard import scard as s
reader, ready, stop, out = sys.argv[1:5]
hr, ctx = s.SCardEstablishContext(s.SCARD_SCOPE_USER)
T0_T1 = s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1
hr, h, p = s.SCardConnect(ctx, reader, s.SCARD_SHARE_SHARED, T0_T1)
assert hr == 0, hr
pathlib.Path(ready).touch()
log = []
while not pathlib.Path(stop).exists():
    sent = time.time()
    # SELECT MF: were it to reach the chip inside a secure-messaging session, the chip would
    # end that session (a plain command), and the read would fail.
    hr, response = s.SCardTransmit(h, p, [0x00, 0xA4, 0x00, 0x0C])
    if hr == s.SCARD_W_RESET_CARD:
        s.SCardReconnect(h, s.SCARD_SHARE_SHARED, T0_T1, s.SCARD_LEAVE_CARD)
    log.append([sent, time.time(), hr & 0xFFFFFFFF, bytes(response).hex()])
    time.sleep(0.01)
pathlib.Path(out).write_text(json.dumps(log))
"""


def test_a_program_sharing_the_card_cannot_put_apdus_between_those_of_the_read(
    pcscd: PrivatePcscd, tmp_path: Path
) -> None:
    # A slow card (150 ms an APDU) keeps the read's transaction open for seconds; the card's
    # own traffic log (-vv) shows the order in which the APDUs of both programs reached it.
    card = pcscd.start_card(
        [sys.executable, "-m", "cardreader", "-vv", "emulate", "--profile", "qa-slow",
         "--vpcd", pcscd.vpcd_endpoint()]
    )  # fmt: skip
    pcscd.wait_for_card()
    ready, stop, out = tmp_path / "ready", tmp_path / "stop", tmp_path / "log.json"
    other = subprocess.Popen(
        [sys.executable, "-c", _OTHER_PROGRAM, pcscd.readers[0], str(ready), str(stop), str(out)],
        env=pcscd.env(),
    )
    try:
        deadline = time.monotonic() + 10
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the other program did not connect"
        time.sleep(0.5)  # its SELECTs reach the card before the read starts
        done = _read(pcscd)
        time.sleep(0.5)  # and again after the read ended
        stop.touch()
        assert other.wait(30) == 0
    finally:
        if other.poll() is None:
            other.kill()
            other.wait(5)
    assert done.returncode == ExitCode.OK, done.stderr
    assert json.loads(done.stdout)["passive_authentication"] == "valid"
    assert "connecting shared" in done.stderr
    received = _commands(card.log(), "cardreader.virtual.vpcd")
    theirs = bytes.fromhex("00A4000C")
    protected = [i for i, apdu in enumerate(received) if apdu[0] & 0x0C]
    first_ours = received.index(bytes.fromhex("00B09C00000000"))
    # The other program's SELECTs reached the card before the read and after it, never
    # from the read's first command to its last protected one.
    assert theirs in received[:first_ours]
    assert theirs in received[protected[-1] :]
    assert theirs not in received[first_ours : protected[-1]]
    # It kept trying meanwhile: one of its SELECTs was held for as long as the read ran.
    log = json.loads(out.read_text())
    assert max(returned - sent for sent, returned, _code, _answer in log) > 1.0


_HOLDER = """
import pathlib, sys, time
from smartcard import scard as s
reader, ready, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
hr, ctx = s.SCardEstablishContext(s.SCARD_SCOPE_USER)
T0_T1 = s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1
hr, h, p = s.SCardConnect(ctx, reader, s.SCARD_SHARE_SHARED, T0_T1)
assert hr == 0, hr
assert s.SCardBeginTransaction(h) == 0
pathlib.Path(ready).touch()
time.sleep(seconds)
s.SCardEndTransaction(h, s.SCARD_LEAVE_CARD)
time.sleep(30)
"""


def _hold_transaction(
    pcscd: PrivatePcscd, tmp_path: Path, seconds: float
) -> subprocess.Popen[bytes]:
    ready = tmp_path / f"holding-{seconds}"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, pcscd.readers[0], str(ready), str(seconds)],
        env=pcscd.env(),
    )
    deadline = time.monotonic() + 10
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), "the holder did not take its transaction"
    return holder


def test_the_read_waits_for_another_programs_short_transaction(
    pcscd: PrivatePcscd, tmp_path: Path
) -> None:
    _emulate(pcscd, "kovacs-eva")
    holder = _hold_transaction(pcscd, tmp_path, 1.5)
    try:
        started = time.monotonic()
        done = _read(pcscd)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(5)
    assert done.returncode == ExitCode.OK, done.stderr
    assert took > 1.0


def test_a_transaction_another_program_keeps_ends_the_read_with_a_reason_not_a_hang(
    pcscd: PrivatePcscd, tmp_path: Path
) -> None:
    _emulate(pcscd, "kovacs-eva")
    holder = _hold_transaction(pcscd, tmp_path, 60)
    try:
        started = time.monotonic()
        done = pcscd.eid_card("read", "--can", "-", input=CAN + "\n", timeout=20)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(5)
    assert done.returncode == ExitCode.COMMUNICATION, done.stderr
    assert done.stderr.count("\n") == 1
    assert "another program is using the card" in done.stderr
    assert 5 <= took < 12
    # Once the other program is gone, the card reads again.
    again = _read(pcscd)
    assert again.returncode == ExitCode.OK, again.stderr
