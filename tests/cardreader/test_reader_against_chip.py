"""Reader side against the chip side in process: every curve and cipher, CAN and MRZ,
BAC, wrong passwords, retry counting and broken channels."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

import pytest

from cardreader.apdu import SW, Command
from cardreader.apdu_session import ApduSession
from cardreader.bac import establish_bac
from cardreader.card_access import PaceInfo
from cardreader.cipher import Cipher
from cardreader.document import AccessProtocol
from cardreader.errors import (
    ApduError,
    PasswordBlockedError,
    SecureMessagingError,
    UnsupportedProtocolError,
    WrongPasswordError,
)
from cardreader.pace import establish_pace
from cardreader.passwords import Can, MrzKey, PasswordType
from cardreader.secure_messaging import SecureMessaging
from cardreader.security_infos import encode_card_access
from cardreader.virtual.access import CardAccessControl
from tests.cardreader.mini_chip import MiniChip

CAN = Can("123456")
MRZ = MrzKey("123456AB", "850301", "330101")
DG1 = bytes(range(256)) * 2
CURVES = {0: "RFC 5114 1024-bit MODP (160-bit subgroup)",
          1: "RFC 5114 2048-bit MODP (224-bit subgroup)",
          2: "RFC 5114 2048-bit MODP (256-bit subgroup)",
          12: "NIST P-256", 13: "brainpoolP256r1", 15: "NIST P-384", 16: "brainpoolP384r1",
          17: "brainpoolP512r1", 18: "NIST P-521"}  # fmt: skip


def seeded(seed: int) -> Callable[[int], bytes]:
    """A reproducible random source, so a failure can be replayed."""
    r = random.Random(seed)
    return r.randbytes


def chip(*infos: PaceInfo, bac: bool = False, seed: int = 1) -> CardAccessControl:
    return CardAccessControl(can="123456", mrz_key=MRZ, pace=list(infos), bac=bac, rng=seeded(seed))


def read(channel: SecureMessaging, length: int) -> bytes:
    assert channel.transmit(Command(0x00, 0xA4, 0x02, 0x0C, b"\x01\x01")).sw == SW.OK
    response = channel.transmit(Command(0x00, 0xB0, 0x00, 0x00, le=length))
    assert response.sw == SW.OK
    return response.data


CASES = list(itertools.product(CURVES, Cipher, (CAN, MRZ)))
IDS = [f"{p}-{c.value}-{type(w).__name__}" for p, c, w in CASES]


@pytest.mark.parametrize(
    ("parameter_id", "cipher", "password"),
    CASES,
    ids=IDS,
)
def test_pace_opens_a_channel_that_reads_the_data_group_on_every_group_and_cipher(
    parameter_id: int, cipher: Cipher, password: Can | MrzKey
) -> None:
    make = PaceInfo.dh_gm if parameter_id < 8 else PaceInfo.ecdh_gm
    card = MiniChip(chip(make(cipher, parameter_id)), DG1)
    session = ApduSession(card)
    channel = establish_pace(session, password, card.access.card_access, rng=seeded(2))
    assert channel.info is not None
    assert (channel.info.cipher, channel.info.domain_parameters) == (cipher, CURVES[parameter_id])
    assert channel.info.password is password.password_type
    assert card.access.protocol is AccessProtocol.PACE
    assert read(channel, 300) == DG1[:300]
    assert session.apdu_count == 5 + 2


def test_the_strongest_offer_is_chosen() -> None:
    offers = [
        PaceInfo.ecdh_gm(Cipher.AES128, 13),
        PaceInfo.ecdh_gm(Cipher.AES256, 12),
        PaceInfo.ecdh_gm(Cipher.DES3, 17),
        PaceInfo("0.4.0.127.0.7.2.2.4.4.2", 2, 13),  # integrated mapping: not spoken
        PaceInfo.dh_gm(Cipher.AES256, 2),
    ]
    access = CardAccessControl(
        can="123456", mrz_key=None, pace=[*offers[:3], offers[4]], bac=False, rng=seeded(3)
    )
    card = MiniChip(access, DG1)
    channel = establish_pace(ApduSession(card), CAN, encode_card_access(offers), rng=seeded(4))
    assert channel.info is not None
    assert channel.info.describe() == "PACE-CAN NIST P-256 AES-256"
    # Several offers: MSE:SET AT names the domain parameters explicitly (tag 84).
    assert read(channel, 16) == DG1[:16]


def test_only_unsupported_offers_raise_unsupported_protocol() -> None:
    card_access = encode_card_access([PaceInfo("0.4.0.127.0.7.2.2.4.4.2", 2, 13)])
    with pytest.raises(UnsupportedProtocolError, match="ECDH-IM-AES-CBC-CMAC-128"):
        establish_pace(ApduSession(MiniChip(chip(), DG1)), CAN, card_access)


def test_wrong_can_counts_down_and_then_blocks() -> None:
    card = MiniChip(chip(PaceInfo.ecdh_gm(Cipher.AES128, 13)), DG1)
    for left in (2, 1):
        with pytest.raises(WrongPasswordError) as info:
            establish_pace(ApduSession(card), Can("654321"), card.access.card_access)
        assert info.value.retries_left == left
        assert not isinstance(info.value, PasswordBlockedError)
    with pytest.raises(PasswordBlockedError) as info:
        establish_pace(ApduSession(card), Can("654321"), card.access.card_access)
    assert info.value.retries_left == 0
    # Blocked now: even the right CAN is refused at MSE:SET AT.
    with pytest.raises(PasswordBlockedError):
        establish_pace(ApduSession(card), CAN, card.access.card_access)
    assert "654321" not in str(info.value)
    assert "123456" not in str(info.value)


def test_a_right_can_restores_the_retry_counter() -> None:
    card = MiniChip(chip(PaceInfo.ecdh_gm(Cipher.AES128, 12)), DG1)
    with pytest.raises(WrongPasswordError):
        establish_pace(ApduSession(card), Can("000000"), card.access.card_access)
    assert card.access.retries_left == 2
    establish_pace(ApduSession(card), CAN, card.access.card_access)
    assert card.access.retries_left == 3


def test_wrong_mrz_key_in_pace_is_a_wrong_password_without_a_counter() -> None:
    card = MiniChip(chip(PaceInfo.ecdh_gm(Cipher.AES128, 13)), DG1)
    with pytest.raises(WrongPasswordError) as info:
        establish_pace(ApduSession(card), MrzKey("123456AC", "850301", "330101"),
                       card.access.card_access)  # fmt: skip
    assert info.value.retries_left is None
    assert not card.access.authenticated


def test_bac_opens_a_3des_channel_and_reads_in_short_chunks() -> None:
    card = MiniChip(chip(bac=True), DG1, extended=False)
    session = ApduSession(card)
    channel = establish_bac(session, MRZ, rng=seeded(5))
    assert card.access.protocol is AccessProtocol.BAC
    assert channel.info is not None
    assert channel.info.password is PasswordType.MRZ
    assert not channel.extended_length
    assert read(channel, 0xDF) == DG1[:0xDF]
    # The protected answer of a 0xDF-byte read fits a short APDU.
    assert session.apdu_count == 4


def test_bac_with_a_wrong_mrz_key_is_a_wrong_password() -> None:
    card = MiniChip(chip(bac=True), DG1)
    with pytest.raises(WrongPasswordError):
        establish_bac(ApduSession(card), MrzKey("X00000000", "850301", "330101"))
    assert not card.access.authenticated


def test_data_is_refused_before_authentication() -> None:
    card = MiniChip(chip(PaceInfo.ecdh_gm(Cipher.AES128, 13)), DG1)
    answer = ApduSession(card).transmit(Command(0x00, 0xB0, 0, 0, le=16))
    assert answer.sw == SW.SECURITY_STATUS_NOT_SATISFIED
    assert answer.data == b""


def test_a_corrupted_response_mac_ends_the_channel_for_good() -> None:
    card = MiniChip(chip(PaceInfo.ecdh_gm(Cipher.AES128, 13)), DG1)
    channel = establish_pace(ApduSession(card), CAN, card.access.card_access)
    assert read(channel, 8) == DG1[:8]
    card.access.corrupt_mac = True
    with pytest.raises(SecureMessagingError, match="MAC"):
        channel.transmit(Command(0x00, 0xB0, 0, 0, le=8))
    assert not channel.alive
    card.access.corrupt_mac = False
    with pytest.raises(SecureMessagingError):
        channel.transmit(Command(0x00, 0xB0, 0, 0, le=8))


class Wire(MiniChip):
    """The chip behind a wire that can flip the last MAC byte of short commands."""

    tamper = False

    def transmit(self, apdu: bytes) -> bytes:
        if self.tamper:
            apdu = apdu[:-2] + bytes((apdu[-2] ^ 0x01,)) + apdu[-1:]
        return super().transmit(apdu)


def test_a_tampered_command_is_refused_in_plain_and_ends_both_sides() -> None:
    card = Wire(chip(PaceInfo.ecdh_gm(Cipher.AES128, 13)), DG1, extended=False)
    channel = establish_pace(ApduSession(card), CAN, card.access.card_access)
    card.tamper = True
    with pytest.raises(SecureMessagingError, match="6988"):
        channel.transmit(Command(0x00, 0xB0, 0, 0, le=8))
    assert not card.access.authenticated
    assert not channel.alive


def test_a_plain_command_closes_the_chip_side_channel() -> None:
    card = MiniChip(chip(PaceInfo.ecdh_gm(Cipher.AES128, 13)), DG1)
    session = ApduSession(card)
    channel = establish_pace(session, CAN, card.access.card_access)
    assert card.access.authenticated
    assert session.transmit(Command(0x00, 0xB0, 0, 0, le=8)).sw == SW.SECURITY_STATUS_NOT_SATISFIED
    assert not card.access.authenticated
    with pytest.raises(SecureMessagingError):
        channel.transmit(Command(0x00, 0xB0, 0, 0, le=8))


def test_general_authenticate_out_of_order_is_refused() -> None:
    access = chip(PaceInfo.ecdh_gm(Cipher.AES128, 13))
    ga = Command(0x10, 0x86, 0, 0, bytes.fromhex("7C00"), 256)
    assert access.handle(ga).sw == SW.CONDITIONS_NOT_SATISFIED
    assert access.handle(Command(0x00, 0x22, 0xC1, 0xA4, bytes.fromhex("8001FF"))).sw == 0x6A80


def test_pace_with_a_password_the_chip_does_not_have_is_refused() -> None:
    access = CardAccessControl(
        can=None, mrz_key=MRZ, pace=[PaceInfo.ecdh_gm(Cipher.AES128, 13)], bac=False
    )
    card = MiniChip(access, DG1)
    with pytest.raises(ApduError) as info:
        establish_pace(ApduSession(card), CAN, access.card_access)
    assert info.value.sw == SW.REFERENCE_DATA_NOT_FOUND


def test_no_secret_reaches_the_log_even_at_traffic_level(caplog: pytest.LogCaptureFixture) -> None:
    can = Can("314159")
    access = CardAccessControl(
        can="314159", mrz_key=MRZ, pace=[PaceInfo.ecdh_gm(Cipher.AES128, 13)], bac=True
    )
    card = MiniChip(access, b"P<HUN" + MRZ.mrz_information.encode())
    with caplog.at_level(1):
        channel = establish_pace(ApduSession(card), can, access.card_access)
        read(channel, 16)
        establish_bac(ApduSession(card), MRZ)
        with pytest.raises(WrongPasswordError) as info:
            establish_pace(ApduSession(card), Can("271828"), access.card_access)
    text = caplog.text + str(info.value) + repr(channel.info)
    assert caplog.records  # the traffic was logged...
    for secret in ("314159", "271828", MRZ.mrz_information, "123456AB", "850301"):
        assert secret not in text  # ...without a secret in it


def test_a_chip_without_card_access_offers_no_pace() -> None:
    with pytest.raises(UnsupportedProtocolError, match="none"):
        establish_pace(ApduSession(MiniChip(chip(bac=True), DG1)), CAN, b"")


def test_without_extended_length_2048_bit_dh_is_passed_over() -> None:
    offers = [PaceInfo.dh_gm(Cipher.AES256, 2), PaceInfo.ecdh_gm(Cipher.AES128, 13)]
    card = MiniChip(chip(*offers), DG1, extended=False)
    channel = establish_pace(ApduSession(card), CAN, card.access.card_access)
    assert channel.info is not None
    assert channel.info.parameter_id == 13
    only_dh = MiniChip(chip(offers[0]), DG1, extended=False)
    with pytest.raises(UnsupportedProtocolError):
        establish_pace(ApduSession(only_dh), CAN, only_dh.access.card_access)


def test_a_programming_error_inside_the_channel_also_ends_it() -> None:
    card = MiniChip(chip(bac=True), DG1, extended=False)
    channel = establish_bac(ApduSession(card), MRZ)
    with pytest.raises(ValueError, match="extended length"):
        channel.transmit(Command(0x00, 0xD6, 0, 0, bytes(300)))
    assert not channel.alive
