"""`PcscTransport` against a scripted stand-in for pyscard's `scard` module: which failed
transmits count as transient, how a reconnect is asked for, and how the connection ends its
PC/SC transaction. The same behaviour through a real pcscd is in
tests/e2e/test_readers_as_they_are_e2e.py."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import pytest

from cardreader import errors, pcsc
from cardreader.pcsc import PcscTransport, ReaderState

ATR = bytes.fromhex("3B8580018073C0004077")
READER = "Reader 00 00"


class FakeScard(SimpleNamespace):
    """The calls PcscTransport makes, recorded; SCardTransmit answers from `answers`."""

    def __init__(self, answers: list[tuple[int, bytes]]) -> None:
        super().__init__(
            SCARD_SHARE_SHARED=2,
            SCARD_SHARE_EXCLUSIVE=1,
            SCARD_PROTOCOL_T0=1,
            SCARD_PROTOCOL_T1=2,
            SCARD_LEAVE_CARD=0,
            SCARD_RESET_CARD=1,
            SCARD_ATTR_MAXINPUT=0x7A007,
        )
        self.answers = answers
        self.calls: list[tuple[Any, ...]] = []

    def SCardStatus(self, handle: int) -> tuple[int, str, int, int, list[int]]:
        return 0, READER, 0x34, 2, list(ATR)

    def SCardGetAttrib(self, handle: int, attr: int) -> tuple[int, list[int]]:
        return pcsc.SCARD_E_NOT_TRANSACTED, []

    def SCardTransmit(self, handle: int, protocol: int, apdu: list[int]) -> tuple[int, list[int]]:
        self.calls.append(("transmit", bytes(apdu)))
        code, answer = self.answers.pop(0)
        return code, list(answer)

    def SCardReconnect(self, handle: int, share: int, protocols: int, init: int) -> tuple[int, int]:
        self.calls.append(("reconnect", share, init))
        return 0, 2

    def SCardEndTransaction(self, handle: int, disposition: int) -> int:
        self.calls.append(("end transaction", disposition))
        return 0

    def SCardDisconnect(self, handle: int, disposition: int) -> int:
        self.calls.append(("disconnect", disposition))
        return 0


class FakeContext:
    """What PC/SC says about the reader while the transport waits for its verdict."""

    def __init__(self, scard: FakeScard, card_present: bool) -> None:
        self._scard = scard
        self.card_present = card_present
        self.closed = False

    def get_status_change(
        self, states: Sequence[tuple[str, int]], timeout_ms: int
    ) -> list[ReaderState] | None:
        if states[0][1]:
            return None  # no change while waiting
        bits = pcsc.SCARD_STATE_PRESENT if self.card_present else pcsc.SCARD_STATE_EMPTY
        return [ReaderState(READER, bits, ATR)]

    def close(self) -> None:
        self.closed = True


def _transport(
    answers: list[tuple[int, bytes]], *, card_present: bool = True, shared: bool = False
) -> tuple[PcscTransport, FakeScard, FakeContext]:
    scard = FakeScard(answers)
    context = FakeContext(scard, card_present)
    made = PcscTransport(context, 7, 2, READER, shared, in_transaction=True)  # type: ignore[arg-type]
    return made, scard, context


def test_a_card_reset_under_the_connection_is_a_card_reset_error_at_once() -> None:
    transport, _scard, _context = _transport([(pcsc.SCARD_W_RESET_CARD, b"")])
    with pytest.raises(errors.CardResetError, match="SCARD_W_RESET_CARD"):
        transport.transmit(bytes.fromhex("00A4000C"))


@pytest.mark.parametrize(
    "code",
    [
        pcsc.SCARD_E_NOT_TRANSACTED,
        pcsc.SCARD_W_UNRESPONSIVE_CARD,
        pcsc.SCARD_W_UNPOWERED_CARD,
        pcsc.SCARD_E_NOT_READY,
    ],
)
def test_a_failed_exchange_with_the_card_still_present_is_transient(code: int) -> None:
    transport, _scard, _context = _transport([(code, b"")])
    with pytest.raises(errors.TransientTransportError) as raised:
        transport.transmit(bytes.fromhex("00A4000C"))
    assert not isinstance(raised.value, errors.CardResetError)


def test_the_same_failure_with_the_card_gone_is_a_removal() -> None:
    transport, _scard, _context = _transport(
        [(pcsc.SCARD_E_NOT_TRANSACTED, b"")], card_present=False
    )
    with pytest.raises(errors.CardRemovedError):
        transport.transmit(bytes.fromhex("00A4000C"))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (pcsc.SCARD_W_REMOVED_CARD, errors.CardRemovedError),
        (pcsc.SCARD_E_NO_SERVICE, errors.PcscUnavailableError),
        (pcsc.SCARD_E_TIMEOUT, errors.CardTimeoutError),
        (pcsc.SCARD_E_SHARING_VIOLATION, errors.CardInUseError),
    ],
)
def test_removal_a_missing_service_a_timeout_and_sharing_are_not_transient(
    code: int, expected: type[errors.TransportError]
) -> None:
    transport, _scard, _context = _transport([(code, b"")])
    with pytest.raises(expected) as raised:
        transport.transmit(bytes.fromhex("00A4000C"))
    assert not isinstance(raised.value, errors.TransientTransportError)


@pytest.mark.parametrize("shared", [False, True])
def test_a_reconnect_resets_the_card_and_keeps_the_sharing_mode(shared: bool) -> None:
    transport, scard, _context = _transport([], shared=shared)
    transport.reconnect()
    share = scard.SCARD_SHARE_SHARED if shared else scard.SCARD_SHARE_EXCLUSIVE
    assert scard.calls == [("reconnect", share, scard.SCARD_RESET_CARD)]


def test_closing_ends_the_transaction_leaving_the_card_then_disconnects_with_a_reset() -> None:
    transport, scard, context = _transport([])
    transport.close()
    transport.close()
    assert scard.calls == [
        ("end transaction", scard.SCARD_LEAVE_CARD),
        ("disconnect", scard.SCARD_RESET_CARD),
    ]
    assert context.closed


def test_a_connection_given_up_on_leaves_the_card_as_it_was() -> None:
    transport, scard, context = _transport([])
    transport.abandon()
    assert scard.calls == [
        ("end transaction", scard.SCARD_LEAVE_CARD),
        ("disconnect", scard.SCARD_LEAVE_CARD),
    ]
    assert context.closed
