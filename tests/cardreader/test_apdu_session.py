"""The APDU session: response chaining (61xx), wrong Le (6Cxx), short and extended APDUs."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from cardreader.apdu import Command, Response
from cardreader.apdu_session import ApduSession, require
from cardreader.errors import ApduError, MalformedResponseError
from cardreader.traffic_log import TRAFFIC
from tests.cardreader.scripted import ScriptedTransport

READ_ALL = Command(0x00, 0xB0, 0x00, 0x00, le=65536)


def test_get_response_is_sent_until_the_chip_has_no_more_data() -> None:
    transport = ScriptedTransport(
        [
            ("00B0000000", "AABB6104"),
            ("00C0000004", "CCDDEEFF6100"),
            ("00C0000000", "119000"),
        ]
    )
    session = ApduSession(transport)
    response = session.transmit(Command(0x00, 0xB0, 0, 0, le=256))
    assert response == Response(bytes.fromhex("AABBCCDDEEFF11"), 0x9000)
    assert session.apdu_count == 3
    assert transport.finished


def test_get_response_keeps_the_logical_channel_but_drops_secure_messaging_bits() -> None:
    transport = ScriptedTransport([("0DB0000000", "6102"), ("01C0000002", "01029000")])
    response = ApduSession(transport).transmit(Command(0x0D, 0xB0, 0, 0, le=256))
    assert response.data == b"\x01\x02"


def test_wrong_le_is_corrected_by_resending_with_the_length_the_chip_named() -> None:
    transport = ScriptedTransport([("00B0000000", "6C05"), ("00B0000005", "01020304059000")])
    session = ApduSession(transport)
    assert session.transmit(Command(0x00, 0xB0, 0, 0, le=256)).data == bytes(range(1, 6))
    assert session.apdu_count == 2


def test_a_chip_asking_for_another_le_twice_is_a_malformed_response() -> None:
    transport = ScriptedTransport([("00B0000000", "6C05"), ("00B0000005", "6C06")])
    with pytest.raises(MalformedResponseError):
        ApduSession(transport).transmit(Command(0x00, 0xB0, 0, 0, le=256))


def test_extended_length_is_used_when_the_reader_supports_it() -> None:
    transport = ScriptedTransport([("00B00000000000", "00" * 300 + "9000")], extended=True)
    session = ApduSession(transport)
    assert session.extended_length
    assert len(session.transmit(READ_ALL).data) == 300


def test_without_extended_length_le_is_capped_to_a_short_read() -> None:
    transport = ScriptedTransport([("00B0000000", "00" * 256 + "9000")], extended=False)
    session = ApduSession(transport)
    assert not session.extended_length
    assert len(session.transmit(READ_ALL).data) == 256


def test_without_extended_length_long_command_data_is_refused_before_sending() -> None:
    transport = ScriptedTransport([])
    with pytest.raises(ValueError, match="extended length"):
        ApduSession(transport).transmit(Command(0x00, 0xD6, 0, 0, bytes(300)))
    assert transport.sent == []


def test_a_response_without_status_word_is_malformed() -> None:
    with pytest.raises(MalformedResponseError):
        ApduSession(ScriptedTransport([("00A4040C00", "90")])).transmit(
            Command(0x00, 0xA4, 0x04, 0x0C, le=256)
        )


def test_endless_response_chaining_is_cut_off() -> None:
    class Endless(ScriptedTransport):
        def transmit(self, apdu: bytes) -> bytes:
            return bytes(255) + b"\x61\x00"

    with pytest.raises(MalformedResponseError):
        ApduSession(Endless([])).transmit(Command(0x00, 0xB0, 0, 0, le=256))


def test_require_names_the_unexpected_status_word() -> None:
    assert require(Response(b"", 0x6282), 0x9000, 0x6282).sw == 0x6282
    with pytest.raises(ApduError, match="FILE_NOT_FOUND") as info:
        require(Response(b"", 0x6A82))
    assert info.value.sw == 0x6A82


def test_traffic_is_logged_below_debug_only(caplog: pytest.LogCaptureFixture) -> None:
    transport = ScriptedTransport([("00B0000008", "01020304050607089000")] * 2)
    session = ApduSession(transport)
    with caplog.at_level(logging.DEBUG, logger="cardreader.apdu_session"):
        session.transmit(Command(0x00, 0xB0, 0, 0, le=8))
    assert not [r for r in caplog.records if r.levelno == TRAFFIC]
    with caplog.at_level(TRAFFIC, logger="cardreader.apdu_session"):
        session.transmit(Command(0x00, 0xB0, 0, 0, le=8))
    dumps = [r.getMessage() for r in caplog.records if r.levelno == TRAFFIC]
    assert dumps == ["> 00 B0 00 00 08", "< 01 02 03 04 05 06 07 08 90 00"]


def test_the_traffic_log_withholds_a_challenge_even_across_get_response(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = ScriptedTransport([("0084000008", "010203046104"), ("00C0000004", "050607089000")])
    session = ApduSession(transport)
    with caplog.at_level(TRAFFIC, logger="cardreader.apdu_session"):
        assert session.transmit(Command(0x00, 0x84, 0, 0, le=8)).data == bytes(range(1, 9))
    dumps = [r.getMessage() for r in caplog.records if r.levelno == TRAFFIC]
    assert dumps == [
        "> 00 84 00 00 08",
        "< <4 bytes withheld> 61 04",
        "> 00 C0 00 00 04",
        "< <4 bytes withheld> 90 00",
    ]


@pytest.mark.parametrize(
    "first", ["cardreader.pcsc", "cardreader.apdu_session", "cardreader.virtual.vpcd"]
)
def test_the_traffic_level_has_one_name_whichever_layer_is_imported_first(first: str) -> None:
    code = (
        f"import logging, {first}, cardreader.pcsc, cardreader.apdu_session; "
        "from cardreader.traffic_log import TRAFFIC; "
        "print(TRAFFIC, logging.getLevelName(TRAFFIC), logging.getLevelName('APDU'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["5", "TRAFFIC", "Level", "APDU"]
