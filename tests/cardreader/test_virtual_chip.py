from __future__ import annotations

import functools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardreader import lds
from cardreader.apdu import SW, Command
from cardreader.apdu_session import ApduSession
from cardreader.bac import establish_bac
from cardreader.cipher import Cipher
from cardreader.errors import CardError, CardRemovedError, WrongPasswordError
from cardreader.pace import establish_pace
from cardreader.passwords import Can, MrzKey
from cardreader.secure_messaging import SecureMessaging
from cardreader.security_infos import parse_card_access
from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import ChipCipher, ChipConfig, ChipCurve, FaultConfig
from tests.cardreader.virtual_cards import profile, transport

SELECT_EMRTD = Command(0x00, 0xA4, 0x04, 0x0C, lds.EMRTD_AID)
READ_DG1 = Command(0x00, 0xB0, 0x81, 0x00, le=256)


def _sw(t: VirtualTransport, cmd: Command) -> int:
    return int.from_bytes(t.transmit(cmd.encode())[-2:], "big")


def _card_access(t: VirtualTransport) -> bytes:
    raw = t.transmit(Command(0x00, 0xB0, 0x9C, 0x00, le=256).encode())
    assert raw[-2:] == b"\x90\x00"
    return raw[:-2]


def _pace(t: VirtualTransport, can: str = "123456") -> SecureMessaging:
    session = ApduSession(t)
    return establish_pace(session, Can(can), _card_access(t))


def test_dg1_and_sod_are_refused_before_access_control() -> None:
    t = transport()
    assert _sw(t, SELECT_EMRTD) == SW.OK
    assert _sw(t, READ_DG1) == SW.SECURITY_STATUS_NOT_SATISFIED
    assert _sw(t, Command(0x00, 0xB0, 0x9D, 0x00, le=256)) == SW.SECURITY_STATUS_NOT_SATISFIED
    assert _sw(t, Command(0x00, 0xA4, 0x02, 0x0C, b"\x01\x01")) == (
        SW.SECURITY_STATUS_NOT_SATISFIED
    )
    # With nothing selected, READ BINARY by offset has no file to read.
    assert _sw(t, Command(0x00, 0xB0, 0x00, 0x00, le=16)) == SW.COMMAND_NOT_ALLOWED


def test_card_access_offers_the_profiles_curve_and_cipher_in_plain() -> None:
    t = transport(chip=ChipConfig(ChipCurve.NIST_P384, ChipCipher.AES_256))
    (info,) = parse_card_access(_card_access(t))
    assert info.parameter_id == 15
    assert info.algorithm is not None
    assert info.algorithm.cipher is Cipher.AES256


def test_bac_only_chip_has_no_card_access_file() -> None:
    t = transport("farkas-bence-passport")
    assert _sw(t, Command(0x00, 0xB0, 0x9C, 0x00, le=256)) == SW.FILE_NOT_FOUND
    assert _sw(t, Command(0x00, 0xA4, 0x02, 0x0C, b"\x01\x1c")) == SW.FILE_NOT_FOUND


def test_read_binary_answers_end_of_file_like_a_real_chip() -> None:
    t = transport()
    size = len(_card_access(t))
    assert _sw(t, Command(0x00, 0xA4, 0x02, 0x0C, b"\x01\x1c")) == SW.OK
    rest = t.transmit(Command(0x00, 0xB0, 0x00, 0x02, le=size).encode())
    assert rest[-2:] == b"\x62\x82"
    assert len(rest) == size - 2 + 2
    all_of_it = t.transmit(Command(0x00, 0xB0, 0x00, 0x02, le=256).encode())
    assert all_of_it[-2:] == b"\x90\x00"
    assert all_of_it[:-2] == rest[:-2]
    assert _sw(t, Command(0x00, 0xB0, 0x00, size, le=1)) == SW.WRONG_P1P2
    assert _sw(t, Command(0x00, 0xB0, 0x00, 0x00)) == SW.WRONG_LENGTH


def test_after_pace_dg1_reads_under_secure_messaging_only() -> None:
    t = transport()
    channel = _pace(t)
    assert channel.transmit(SELECT_EMRTD).sw == SW.OK
    dg1 = channel.transmit(Command(0x00, 0xB0, 0x81, 0x00, le=0xDF))
    assert dg1.sw in (SW.OK, SW.END_OF_FILE_BEFORE_LE)
    assert lds.parse_dg1(dg1.data).startswith("IDHUN201847KA")
    # A plain command now is refused and ends the session ...
    assert _sw(t, READ_DG1) == SW.SM_DATA_OBJECTS_MISSING
    # ... so the next protected command has no session to belong to.
    raw = t.transmit(bytes.fromhex("0CB081000D970101" + "8E08" + "00" * 8 + "00"))
    assert raw[-2:] == bytes.fromhex("6987")


def test_bac_opens_the_passport() -> None:
    t = transport("farkas-bence-passport")
    channel = establish_bac(ApduSession(t), MrzKey("HA7654321", "870415", "300101"))
    assert channel.transmit(SELECT_EMRTD).sw == SW.OK
    dg1 = channel.transmit(Command(0x00, 0xB0, 0x81, 0x00, le=0xDF))
    assert lds.parse_dg1(dg1.data).startswith("P<HUNFARKAS<<BENCE")


def test_wrong_can_is_refused_with_retries_counting_down() -> None:
    t = transport()
    with pytest.raises(WrongPasswordError) as first:
        _pace(t, "111111")
    with pytest.raises(WrongPasswordError) as second:
        _pace(t, "111111")
    assert (first.value.retries_left, second.value.retries_left) == (2, 1)
    assert _pace(t).transmit(SELECT_EMRTD).sw == SW.OK


def test_power_cycle_ends_the_session() -> None:
    chip = VirtualChip(profile())
    t = VirtualTransport(chip)
    channel = _pace(t)
    assert channel.transmit(SELECT_EMRTD).sw == SW.OK
    assert chip.reset() == chip.atr
    assert not chip.access.authenticated
    assert _sw(t, SELECT_EMRTD) == SW.OK
    assert _sw(t, READ_DG1) == SW.SECURITY_STATUS_NOT_SATISFIED


def test_extended_apdus_are_refused_when_the_chip_has_no_extended_length() -> None:
    t = transport(chip=ChipConfig(extended_length=False))
    assert _sw(t, Command(0x00, 0xB0, 0x9C, 0x00, le=65536)) == SW.WRONG_LENGTH
    assert _sw(t, Command(0x00, 0xB0, 0x9C, 0x00, le=256)) == SW.OK


@pytest.mark.parametrize(
    ("apdu", "sw"),
    [
        ("00", SW.WRONG_LENGTH),
        ("00CA", SW.WRONG_LENGTH),
        ("00CA010000", SW.INS_NOT_SUPPORTED),
        ("80B09C0000", SW.CLA_NOT_SUPPORTED),
        ("FFCA000000", SW.CLA_NOT_SUPPORTED),
        ("01B09C0000", SW.LOGICAL_CHANNEL_NOT_SUPPORTED),
        ("00A4040C08A000000247100199", SW.FILE_NOT_FOUND),
        ("00A4050C00", SW.INCORRECT_P1P2),
        ("00A4040C07A00000024710", SW.WRONG_LENGTH),
        ("00A4030C02011C", SW.INCORRECT_P1P2),
        ("00A4020102011C", SW.INCORRECT_P1P2),
        ("00B0FF0000", SW.INCORRECT_P1P2),
        ("0CB0810000", SW.SM_DATA_OBJECTS_MISSING),
    ],
)
def test_malformed_or_unknown_commands_get_a_status_word(apdu: str, sw: int) -> None:
    assert _sw_raw(transport(), bytes.fromhex(apdu)) == sw


def _sw_raw(t: VirtualTransport, raw: bytes) -> int:
    return int.from_bytes(t.transmit(raw)[-2:], "big")


_CHIP = VirtualChip(profile())


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_process_never_raises_and_always_answers_a_status_word(apdu: bytes) -> None:
    answer = _CHIP.process(apdu)
    assert len(answer) >= 2


def test_chip_vanishes_after_the_profiles_apdu_count() -> None:
    t = transport(faults=FaultConfig(vanish_after_apdus=2))
    t.transmit(SELECT_EMRTD.encode())
    t.transmit(SELECT_EMRTD.encode())
    assert not t.chip.present
    with pytest.raises(CardRemovedError):
        t.transmit(SELECT_EMRTD.encode())


def test_slow_profile_answers_late() -> None:
    t = transport(faults=FaultConfig(delay_ms=40))
    start = time.perf_counter()
    t.transmit(SELECT_EMRTD.encode())
    assert time.perf_counter() - start >= 0.04


def test_the_same_profile_always_gives_the_same_sod() -> None:
    def sod(chip: VirtualChip) -> bytes:
        t = VirtualTransport(chip)
        channel = _pace(t)
        channel.transmit(SELECT_EMRTD)
        return channel.transmit(Command(0x00, 0xB0, 0x9D, 0x00, le=65536)).data

    assert sod(VirtualChip(profile())) == sod(VirtualChip(profile()))


def test_closed_transport_refuses_to_transmit() -> None:
    t = transport()
    t.close()
    with pytest.raises(CardError):
        t.transmit(SELECT_EMRTD.encode())


@settings(max_examples=60, deadline=None)
@given(ins=st.integers(0, 255), p1p2=st.binary(min_size=2, max_size=2), body=st.binary(max_size=80))
def test_garbage_protected_commands_in_a_session_get_a_status_word(
    ins: int, p1p2: bytes, body: bytes
) -> None:
    chip = VirtualChip(profile())
    t = VirtualTransport(chip)
    _pace(t)
    assert chip.access.authenticated
    answer = chip.process(bytes((0x0C, ins)) + p1p2 + body)
    assert len(answer) >= 2


@pytest.mark.parametrize("extended", [True, False])
def test_atr_announces_extended_length_exactly_when_the_chip_has_it(extended: bool) -> None:
    from cardreader.pcsc import atr_allows_extended_length

    chip = VirtualChip(profile(chip=ChipConfig(extended_length=extended)))
    assert chip.atr[0] == 0x3B
    assert functools.reduce(lambda a, b: a ^ b, chip.atr[1:], 0) == 0  # TCK
    assert atr_allows_extended_length(chip.atr) is extended
