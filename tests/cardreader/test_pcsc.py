"""PC/SC return codes to typed errors, and what an ATR says about extended length."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardreader import errors, pcsc
from cardreader.pcsc import Operation, atr_allows_extended_length, error_for, historical_bytes

# German eID (nPA): card capabilities 73 F7 41 E0, third byte b7 set -> extended length.
NPA_ATR = bytes.fromhex("3B8A80018031F873F741E082900075")
# The scripted test card: category 80, card capabilities C0 00 40.
SCRIPTED_ATR = bytes.fromhex("3B8580018073C0004077")
# Historical bytes in a proprietary format (category 0x14): nothing to learn from them.
PLAIN_ATR = bytes.fromhex("3B02144150")
# Card capabilities without the extended-length bit.
SHORT_ONLY_ATR = bytes.fromhex("3B8580018073C0000037")


@pytest.mark.parametrize(
    ("code", "operation", "expected"),
    [
        (pcsc.SCARD_E_NO_SERVICE, Operation.CONTEXT, errors.PcscUnavailableError),
        (pcsc.SCARD_E_SERVICE_STOPPED, Operation.STATUS, errors.PcscUnavailableError),
        (pcsc.SCARD_F_COMM_ERROR, Operation.LIST, errors.PcscUnavailableError),
        (pcsc.SCARD_E_UNKNOWN_READER, Operation.CONNECT, errors.NoReaderError),
        (pcsc.SCARD_E_READER_UNAVAILABLE, Operation.TRANSMIT, errors.NoReaderError),
        (pcsc.SCARD_E_NO_SMARTCARD, Operation.CONNECT, errors.NoCardError),
        (pcsc.SCARD_W_REMOVED_CARD, Operation.CONNECT, errors.NoCardError),
        (pcsc.SCARD_W_REMOVED_CARD, Operation.TRANSMIT, errors.CardRemovedError),
        (pcsc.SCARD_W_RESET_CARD, Operation.TRANSMIT, errors.CardRemovedError),
        (pcsc.SCARD_E_TIMEOUT, Operation.TRANSMIT, errors.CardTimeoutError),
        (pcsc.SCARD_W_UNRESPONSIVE_CARD, Operation.CONNECT, errors.TransportError),
        (pcsc.SCARD_E_SHARING_VIOLATION, Operation.CONNECT, errors.CardInUseError),
        (0x80100001, Operation.TRANSMIT, errors.TransportError),
    ],
)
def test_each_pcsc_return_code_becomes_the_typed_error_a_caller_can_act_on(
    code: int, operation: Operation, expected: type[errors.TransportError]
) -> None:
    error = error_for(code, operation, "Reader 00 00")
    assert type(error) is expected
    assert f"0x{code:08X}" in str(error)
    assert "\n" not in str(error)


def test_a_service_that_is_gone_is_described_in_words() -> None:
    assert str(error_for(pcsc.SCARD_E_NO_SERVICE, Operation.CONTEXT)).startswith(
        "PC/SC service not running"
    )


def test_negative_return_codes_from_32_bit_platforms_are_understood() -> None:
    signed = pcsc.SCARD_E_NO_SERVICE - (1 << 32)
    assert isinstance(error_for(signed, Operation.LIST), errors.PcscUnavailableError)


def test_return_codes_are_named_as_in_winscard_h() -> None:
    assert pcsc.describe_return_code(0x80100069) == "SCARD_W_REMOVED_CARD (0x80100069)"
    assert pcsc.describe_return_code(0x80100099) == "0x80100099"


def test_historical_bytes_follow_the_interface_bytes() -> None:
    assert historical_bytes(NPA_ATR) == bytes.fromhex("8031F873F741E0829000")
    assert historical_bytes(SCRIPTED_ATR) == bytes.fromhex("8073C00040")


@pytest.mark.parametrize(
    ("atr", "extended"),
    [
        (NPA_ATR, True),
        (SCRIPTED_ATR, True),
        (SHORT_ONLY_ATR, False),
        (PLAIN_ATR, False),
        (b"", False),
        (bytes.fromhex("3B8F80"), False),  # truncated
    ],
)
def test_extended_length_is_taken_from_the_card_capabilities_in_the_atr(
    atr: bytes, extended: bool
) -> None:
    assert atr_allows_extended_length(atr) is extended


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40))
def test_any_atr_bytes_are_parsed_without_an_exception(atr: bytes) -> None:
    assert isinstance(atr_allows_extended_length(atr), bool)
    assert len(historical_bytes(atr)) <= 15


def test_reader_state_reads_presence_and_change_bits() -> None:
    present = pcsc.ReaderState("R", pcsc.SCARD_STATE_PRESENT | pcsc.SCARD_STATE_CHANGED, b"\x3b")
    assert present.card_present
    assert present.changed
    assert not present.unknown
    gone = pcsc.ReaderState("R", pcsc.SCARD_STATE_UNKNOWN | pcsc.SCARD_STATE_PRESENT, b"")
    assert not gone.card_present
    assert gone.unknown
