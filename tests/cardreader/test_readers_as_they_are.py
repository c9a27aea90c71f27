"""Readers as they are, in process: a transient reader error repeated once after a reconnect
(only before access control and only for commands that can be repeated), and extended-length
APDUs refused by the reader or the chip, with and without secure messaging."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest

from cardreader import lds
from cardreader.apdu import SW, Command
from cardreader.apdu_session import ApduSession
from cardreader.errors import (
    CardResetError,
    SecureMessagingError,
    TransientTransportError,
    TransportError,
)
from cardreader.pace import establish_pace
from cardreader.passwords import Can
from cardreader.reader import SFI_DG1, read_document, read_file
from cardreader.secure_messaging import SecureMessaging
from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import load_profile
from tests.cardreader.virtual_cards import transport

CAN = Can("123456")
READ_CARD_ACCESS_SHORT = Command(0x00, 0xB0, 0x9C, 0x00, le=256)


@dataclass
class Watched:
    """The virtual transport with its reconnects counted and its APDUs kept."""

    inner: VirtualTransport
    reconnects: int = 0
    sent: list[bytes] = field(default_factory=list)
    # From this APDU on, extended-length APDUs fail as a short-APDU reader fails them.
    refuse_extended_from: int | None = None

    @property
    def supports_extended_length(self) -> bool:
        return self.inner.supports_extended_length

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        extended = len(apdu) >= 7 and apdu[4] == 0
        refusing = self.refuse_extended_from is not None
        if extended and refusing and len(self.sent) >= (self.refuse_extended_from or 0):
            raise TransientTransportError("the reader refuses extended-length APDUs")
        return self.inner.transmit(apdu)

    def reconnect(self) -> None:
        self.reconnects += 1
        self.inner.reconnect()

    def close(self) -> None:
        self.inner.close()


def _watched(name: str) -> Watched:
    return Watched(transport(name))


def _messages(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


# --- a transient error -----------------------------------------------------------------------
def test_a_transient_error_before_access_control_is_repeated_once_after_a_reconnect(
    caplog: pytest.LogCaptureFixture,
) -> None:
    card = _watched("qa-transient-error")
    with caplog.at_level(logging.INFO):
        result = read_document(card, CAN)
    assert result.document.document_number == "201847KA"
    assert result.passive_authentication.value == "valid"
    assert card.reconnects == 1
    assert card.sent[0] == card.sent[1]  # the same READ BINARY of EF.CardAccess, once more
    text = _messages(caplog)
    assert "transient reader error before access control" in text
    assert "sending INS B0 once more" in text
    assert "123456" not in text
    assert "201847KA" not in text


def test_a_transient_error_inside_secure_messaging_goes_up_typed_without_a_second_try(
    caplog: pytest.LogCaptureFixture,
) -> None:
    card = _watched("qa-transient-error-in-sm")
    with caplog.at_level(logging.INFO), pytest.raises(TransientTransportError):
        read_document(card, CAN)
    assert card.reconnects == 0
    assert len(card.sent) == 8  # the lost one was the last
    assert "is not sent again" in _messages(caplog)


def test_a_command_lost_twice_is_not_tried_a_third_time() -> None:
    session = ApduSession(_FlakyScript(failures=2))
    with pytest.raises(TransientTransportError):
        session.transmit(READ_CARD_ACCESS_SHORT)


def test_after_access_control_starts_even_a_plain_select_is_not_repeated() -> None:
    script = _FlakyScript(failures=1)
    session = ApduSession(script)
    session.start_access_control()
    with pytest.raises(TransientTransportError):
        session.transmit(Command(0x00, 0xA4, 0x04, 0x0C, bytes.fromhex("A0000002471001")))
    assert script.reconnects == 0


@pytest.mark.parametrize(
    "first",
    [
        Command(0x00, 0x22, 0xC1, 0xA4, bytes(3)),  # MSE:SET AT: access control begins
        Command(0x00, 0xB0, 0x00, 0x10, le=16),  # READ BINARY by offset: needs a selected file
        Command(0x0C, 0xA4, 0x04, 0x0C, bytes(8)),  # protected
        Command(0x10, 0xA4, 0x00, 0x0C),  # chained
    ],
)
def test_a_command_that_cannot_be_repeated_is_not_and_ends_the_repeatable_phase(
    first: Command,
) -> None:
    script = _FlakyScript(failures=1)
    session = ApduSession(script)
    with pytest.raises(TransientTransportError):
        session.transmit(first)
    script.failures = 1
    with pytest.raises(TransientTransportError):
        session.transmit(READ_CARD_ACCESS_SHORT)
    assert script.reconnects == 0


def test_a_card_reset_is_repeated_in_the_same_extended_form() -> None:
    script = _FlakyScript(failures=1, error=CardResetError, extended=True)
    session = ApduSession(script)
    response = session.transmit(Command(0x00, 0xB0, 0x9C, 0x00, le=65536))
    assert response.sw == SW.OK
    assert script.reconnects == 1
    assert session.extended_length
    assert script.sent == [bytes.fromhex("00B09C00000000")] * 2


class _FlakyScript:
    """Fails the first `failures` exchanges with `error`, then answers 9000."""

    def __init__(
        self,
        failures: int,
        error: type[TransientTransportError] = TransientTransportError,
        extended: bool = False,
    ) -> None:
        self.failures = failures
        self.error = error
        self.supports_extended_length = extended
        self.reconnects = 0
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        if self.failures:
            self.failures -= 1
            raise self.error("the reader lost the card for a moment")
        return b"\x90\x00"

    def reconnect(self) -> None:
        self.reconnects += 1

    def close(self) -> None:
        pass


# --- extended length refused -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("qa-short-apdu-reader", "the reader refuses extended-length APDUs"),
        ("qa-short-apdu-card", "the card answered WRONG_LENGTH (6700)"),
    ],
)
def test_a_refused_extended_read_binary_is_sent_again_short_and_the_session_stays_short(
    name: str, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    card = _watched(name)
    session = ApduSession(card)
    assert session.extended_length  # the ATR announces it
    with caplog.at_level(logging.INFO):
        response = session.transmit(Command(0x00, 0xB0, 0x9C, 0x00, le=65536))
    assert response.sw == SW.OK
    assert response.data[:1] == b"\x31"  # EF.CardAccess, whole
    assert not session.extended_length
    assert [apdu.hex().upper() for apdu in card.sent] == ["00B09C00000000", "00B09C0000"]
    assert why in _messages(caplog)
    assert "short APDUs for the rest of the session" in _messages(caplog)


@pytest.mark.parametrize("name", ["qa-short-apdu-reader", "qa-short-apdu-card"])
def test_the_whole_read_passes_on_short_apdus_when_extended_ones_are_refused(name: str) -> None:
    card = _watched(name)
    result = read_document(card, CAN)
    assert (result.passive_authentication.value, result.chip_authentication.value) == (
        "valid",
        "passed",
    )
    extended = [apdu for apdu in card.sent if len(apdu) >= 7 and apdu[4] == 0]
    assert extended == [card.sent[0]]


def _secure_channel(card: Watched) -> tuple[ApduSession, SecureMessaging]:
    """PACE over short commands only, so that the first extended one comes under SM."""
    session = ApduSession(card)
    card_access = session.transmit(READ_CARD_ACCESS_SHORT).data
    session.start_access_control()
    channel = establish_pace(session, CAN, card_access)
    assert channel.transmit(Command(0x00, 0xA4, 0x04, 0x0C, lds.EMRTD_AID)).sw == SW.OK
    assert session.extended_length
    assert channel.extended_length
    return session, channel


def test_secure_messaging_wraps_a_command_the_reader_refused_again_with_the_same_counter(
    caplog: pytest.LogCaptureFixture,
) -> None:
    card = _watched("kovacs-eva")
    session, channel = _secure_channel(card)
    card.refuse_extended_from = len(card.sent) + 1
    chip = card.inner.chip
    with caplog.at_level(logging.INFO):
        dg1 = read_file(channel, SFI_DG1, "EF.DG1")
    assert dg1 == lds.encode_dg1(chip.profile.document.mrz_lines())
    assert not session.extended_length
    assert not channel.extended_length
    assert channel.alive
    assert "sent again in short form with the same counter" in _messages(caplog)
    # The chip accepted the short one, so its counter and ours agree; the next command too.
    select = Command(0x00, 0xA4, 0x04, 0x0C, lds.EMRTD_AID)
    assert channel.transmit(select).sw == SW.OK


def test_a_plain_6700_to_an_extended_protected_command_ends_secure_messaging_typed() -> None:
    card = _watched("qa-short-apdu-card")
    session, channel = _secure_channel(card)
    with pytest.raises(SecureMessagingError, match="refused an extended-length protected command"):
        read_file(channel, SFI_DG1, "EF.DG1")
    assert not channel.alive
    assert not session.extended_length
    # The virtual chip ended its session too: as ICAO 9303-11 9.8 lets a chip do.
    assert not card.inner.chip.access.authenticated


def test_a_command_too_long_for_a_short_apdu_is_refused_typed_after_the_fall_back() -> None:
    card = _watched("qa-short-apdu-reader")
    session = ApduSession(card)
    with pytest.raises(TransportError, match="more data than a short one carries"):
        session.transmit(Command(0x00, 0xD6, 0x00, 0x00, bytes(300)))


def test_the_transient_error_fault_fires_once_per_chip() -> None:
    chip = VirtualChip(load_profile("qa-transient-error"))
    virtual = VirtualTransport(chip)
    with pytest.raises(TransientTransportError):
        virtual.transmit(READ_CARD_ACCESS_SHORT.encode())
    assert virtual.transmit(READ_CARD_ACCESS_SHORT.encode())[-2:] == b"\x90\x00"
