"""`eid-card read` and `eid-card emulate` with the virtual eID chip, through a real pcscd + vpcd."""

from __future__ import annotations

import json
import signal

import pytest

from cardreader.cli import ExitCode
from tests.e2e.pcscd_harness import PrivatePcscd

pytestmark = pytest.mark.e2e


def test_read_with_the_can_opens_the_card_with_pace_and_verifies_it(pcscd: PrivatePcscd) -> None:
    pcscd.start_emulator("kovacs-eva")
    pcscd.wait_for_card()
    done = pcscd.eid_card("read", "--can", "-", "--json", input="123456\n")
    assert done.returncode == ExitCode.OK, done.stderr
    record = json.loads(done.stdout)
    assert record["document_number"] == "201847KA"
    assert record["issuing_state"] == "HUN"
    assert record["document_code"] == "ID"
    assert record["access"] == "PACE"
    assert record["passive_authentication"] == "valid"
    assert record["chip_authentication"] == "passed"
    assert record["chip_authentication_method"] == "CA"


def test_a_cloned_chip_says_failed_and_exits_non_zero_with_a_one_line_reason(
    pcscd: PrivatePcscd,
) -> None:
    pcscd.start_emulator("qa-cloned-chip")
    pcscd.wait_for_card()
    done = pcscd.eid_card("read", "--can", "-", "--json", input="123456\n")
    assert done.returncode == ExitCode.CHIP_NOT_GENUINE
    record = json.loads(done.stdout)
    assert record["passive_authentication"] == "valid"  # the copied data are the issuer's
    assert (record["chip_authentication"], record["chip_authentication_method"]) == (
        "failed",
        "CA",
    )
    assert done.stderr.count("\n") == 1
    assert "not genuine" in done.stderr


def test_read_with_the_mrz_key_opens_the_bac_only_passport(pcscd: PrivatePcscd) -> None:
    pcscd.start_emulator("farkas-bence-passport", slot=1)
    pcscd.wait_for_card(pcscd.readers[1])
    done = pcscd.eid_card(
        "read", "--mrz-key", "HA7654321,870415,300101", "--reader", pcscd.readers[1], "--json"
    )
    assert done.returncode == ExitCode.OK, done.stderr
    record = json.loads(done.stdout)
    assert (record["document_number"], record["access"]) == ("HA7654321", "BAC")
    assert record["passive_authentication"] == "valid"
    assert (record["chip_authentication"], record["chip_authentication_method"]) == (
        "passed",
        "AA",
    )


def test_a_wrong_can_exits_non_zero_with_a_one_line_reason(pcscd: PrivatePcscd) -> None:
    pcscd.start_emulator("kovacs-eva")
    pcscd.wait_for_card()
    done = pcscd.eid_card("read", "--can", "-", "--json", input="111111\n")
    assert done.returncode == ExitCode.WRONG_PASSWORD
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "wrong CAN" in done.stderr
    assert "111111" not in done.stderr


def test_a_card_vanishing_mid_read_gives_the_card_removed_exit_code(pcscd: PrivatePcscd) -> None:
    emulator = pcscd.start_emulator("qa-vanish")
    pcscd.wait_for_card()
    done = pcscd.eid_card("read", "--can", "-", input="123456\n")
    assert done.returncode == ExitCode.CARD_REMOVED, done.stderr
    assert done.stderr.count("\n") == 1
    assert "removed" in done.stderr
    emulator.process.wait(10)
    assert emulator.process.returncode == 0
    assert "left the reader after" in emulator.log()


def test_read_without_a_card_or_with_an_unknown_reader_names_the_problem(
    pcscd: PrivatePcscd,
) -> None:
    no_card = pcscd.eid_card("read", "--can", "-", input="123456\n")
    assert no_card.returncode == ExitCode.NO_CARD
    assert "no card" in no_card.stderr
    no_reader = pcscd.eid_card("read", "--can", "-", "--reader", "Nowhere 00 00", input="123456\n")
    assert no_reader.returncode == ExitCode.NO_READER
    assert "Nowhere 00 00" in no_reader.stderr


def test_emulate_runs_until_interrupted_and_then_leaves_the_reader(pcscd: PrivatePcscd) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        emulator = pcscd.start_emulator("kovacs-eva")
        pcscd.wait_for_card()
        assert emulator.running()
        assert emulator.stop(sig) == ExitCode.OK
        pcscd.wait_for_card(present=False)
        assert "Traceback" not in emulator.log()


def test_the_card_can_be_read_again_after_pcscd_restarts(pcscd: PrivatePcscd) -> None:
    emulator = pcscd.start_emulator("kovacs-eva")
    pcscd.wait_for_card()
    pcscd.restart()
    pcscd.wait_for_card()
    done = pcscd.eid_card("read", "--can", "-", "--json", input="123456\n")
    assert done.returncode == ExitCode.OK, done.stderr
    assert json.loads(done.stdout)["document_number"] == "201847KA"
    assert emulator.running()
