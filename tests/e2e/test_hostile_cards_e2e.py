"""Hostile chips behind a real pcscd + vpcd: every `eid-card read` ends typed and in time.

A silent chip, a chip answering `61 00` for ever and one handing out a single byte per
answer each end with a one-line reason on stderr and a non-zero exit code, within the read's
deadline. The traffic log of real PACE and BAC reads (`eid-card -vv`) keeps the bodies of
authentication exchanges out.
"""

from __future__ import annotations

import re
import time

import pytest

from cardreader.cli import ExitCode
from tests.e2e.conftest import scripted_card_argv
from tests.e2e.pcscd_harness import PrivatePcscd

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("mode", "options", "within", "reason"),
    [
        ("silent", ("--timeout", "3"), 3.0, "did not"),
        ("6100", (), 3.0, "more response data"),
        ("one-byte", (), 3.0, "tag is longer than three bytes"),
    ],
)
def test_a_hostile_card_ends_the_read_typed_within_its_deadline(
    pcscd: PrivatePcscd, mode: str, options: tuple[str, ...], within: float, reason: str
) -> None:
    pcscd.start_card(scripted_card_argv(pcscd, "--hostile", mode))
    pcscd.wait_for_card()
    started = time.monotonic()
    done = pcscd.eid_card("read", "--can", "-", *options, input="123456\n", timeout=40)
    elapsed = time.monotonic() - started
    assert done.returncode == ExitCode.COMMUNICATION, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert reason in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    # Interpreter start and PC/SC connect come on top of the read's own bound.
    assert elapsed < within + 3.0, elapsed


_AUTH = re.compile(r"^> [0-9A-F]{2} (22|82|84|86|88) ", re.IGNORECASE)


# The level is named TRAFFIC in every line, whichever module logged it.
_LINE = re.compile(r"^TRAFFIC cardreader\.(pcsc|apdu_session): ([<>] .*)$")


def _traffic(stderr: str) -> dict[str, list[str]]:
    """The APDU lines of `eid-card -vv` by the layer that logged them (the PC/SC transport
    and the APDU session each dump the wire), as '> ...' / '< ...'."""
    layers: dict[str, list[str]] = {"pcsc": [], "apdu_session": []}
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            layers[match.group(1)].append(match.group(2))
    return layers


@pytest.mark.parametrize(
    ("profile", "slot", "option", "secret"),
    [
        ("kovacs-eva", 0, "--can", "123456"),
        ("farkas-bence-passport", 1, "--mrz-key", "HA7654321,870415,300101"),
    ],
)
def test_the_traffic_log_of_a_real_read_withholds_every_authentication_body(
    pcscd: PrivatePcscd, profile: str, slot: int, option: str, secret: str
) -> None:
    pcscd.start_emulator(profile, slot=slot)
    reader = pcscd.readers[slot]
    pcscd.wait_for_card(reader)
    done = pcscd.eid_card("-vv", "read", option, "-", "--reader", reader, input=secret + "\n")
    assert done.returncode == ExitCode.OK, done.stderr[-2000:]
    layers = _traffic(done.stderr)
    for layer, lines in layers.items():
        assert len(lines) >= 10, (layer, done.stderr[-2000:])
        authentication = 0
        for command, answer in zip(lines[::2], lines[1::2], strict=True):
            assert command.startswith("> ")
            assert answer.startswith("< ")
            if _AUTH.match(command):
                authentication += 1
                assert len(command) <= len("> 00 84 00 00 08") or "withheld" in command, command
                assert answer == "< 90 00" or "withheld" in answer, answer
        assert authentication >= 2, layer
    assert secret not in done.stderr
