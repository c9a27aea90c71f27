"""ICAO Doc 9303-11 Appendix D: BAC and 3DES secure messaging, byte for byte
(MRZ L898902C<, 690806, 940623)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cardreader.apdu import Command, Response
from cardreader.apdu_session import ApduSession
from cardreader.bac import document_keys, establish_bac, session_keys
from cardreader.cipher import Cipher
from cardreader.errors import SecureMessagingError, WrongPasswordError
from cardreader.passwords import MrzKey
from cardreader.secure_messaging import CardSecureMessaging, SecureMessaging, SessionKeys
from cardreader.virtual.access import CardAccessControl
from tests.cardreader.scripted import ScriptedTransport

H = bytes.fromhex
MRZ = MrzKey("L898902C<", "690806", "940623")
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
K_IC = H("0B4F80323EB3191CB04970CB4052790B")
CMD_DATA = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7")
RESP_DATA = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226

# Appendix D.4: SELECT EF.COM, READ BINARY 4 bytes, READ BINARY 18 bytes from offset 4.
SM_EXCHANGES = [
    (
        Command(0x00, 0xA4, 0x02, 0x0C, H("011E")),
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
        "990290008E08FA855A5D4C50A8ED9000",
        Response(b"", 0x9000),
    ),
    (
        Command(0x00, 0xB0, 0x00, 0x00, le=4),
        "0CB000000D9701048E08ED6705417E96BA5500",
        "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000",
        Response(H("60145F01"), 0x9000),
    ),
    (
        Command(0x00, 0xB0, 0x00, 0x04, le=18),
        "0CB000040D9701128E082EA28A70F3C7B53500",
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
        Response(H("04303130365F36063034303030305C026175"), 0x9000),
    ),
]


def feed(*chunks: bytes) -> Callable[[int], bytes]:
    queue = list(chunks)

    def rng(n: int) -> bytes:
        chunk = queue.pop(0)
        assert len(chunk) == n
        return chunk

    return rng


def test_mrz_information_and_key_seed_match_the_example() -> None:
    assert MRZ.mrz_information == "L898902C<369080619406236"
    assert MRZ.key_seed() == H("239AB9CB282DAF66231DC5A4DF6BFBAEDF477565")


def test_document_keys_have_adjusted_parity_as_in_the_example() -> None:
    keys = document_keys(MRZ)
    assert keys.k_enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert keys.k_mac == H("7962D9ECE03D1ACD4C76089DCE131543")


def test_session_keys_and_send_sequence_counter_match_the_example() -> None:
    keys = session_keys(K_IFD, K_IC, RND_IC, RND_IFD)
    assert (keys.k_enc, keys.k_mac, keys.ssc) == (KS_ENC, KS_MAC, SSC)


def test_reader_runs_mutual_authentication_with_the_example_bytes() -> None:
    transport = ScriptedTransport(
        [
            ("0084000008", RND_IC.hex() + "9000"),
            ("0082000028" + CMD_DATA.hex() + "28", RESP_DATA.hex() + "9000"),
        ]
    )
    channel = establish_bac(ApduSession(transport), MRZ, rng=feed(RND_IFD, K_IFD))
    assert transport.finished
    assert channel.info is not None
    assert channel.info.describe() == "BAC-MRZ 3DES"


def test_reader_reports_a_refused_mrz_key_as_wrong_password() -> None:
    transport = ScriptedTransport(
        [("0084000008", RND_IC.hex() + "9000"), ("0082000028" + CMD_DATA.hex() + "28", "6300")]
    )
    with pytest.raises(WrongPasswordError):
        establish_bac(ApduSession(transport), MRZ, rng=feed(RND_IFD, K_IFD))


def test_reader_rejects_a_chip_cryptogram_with_a_bad_mac() -> None:
    bad = RESP_DATA[:-1] + bytes((RESP_DATA[-1] ^ 1,))
    transport = ScriptedTransport(
        [
            ("0084000008", RND_IC.hex() + "9000"),
            ("0082000028" + CMD_DATA.hex() + "28", bad.hex() + "9000"),
        ]
    )
    with pytest.raises(SecureMessagingError):
        establish_bac(ApduSession(transport), MRZ, rng=feed(RND_IFD, K_IFD))


def test_chip_side_answers_mutual_authentication_with_the_example_bytes() -> None:
    chip = CardAccessControl(can=None, mrz_key=MRZ, pace=None, bac=True, rng=feed(RND_IC, K_IC))
    assert chip.card_access == b""
    assert chip.handle(Command.parse(H("0084000008"))) == Response(RND_IC, 0x9000)
    answer = chip.handle(Command(0x00, 0x82, 0, 0, CMD_DATA, 40))
    assert answer == Response(RESP_DATA, 0x9000)
    assert chip.authenticated


def test_reader_secure_messaging_protects_and_unprotects_the_example_apdus() -> None:
    transport = ScriptedTransport([(sent, answer) for _, sent, answer, _ in SM_EXCHANGES])
    channel = SecureMessaging(ApduSession(transport), SessionKeys(Cipher.DES3, KS_ENC, KS_MAC, SSC))
    for plain, _, _, expected in SM_EXCHANGES:
        assert channel.transmit(plain) == expected
    assert transport.finished


def test_card_secure_messaging_unwraps_and_wraps_the_example_apdus() -> None:
    card = CardSecureMessaging(SessionKeys(Cipher.DES3, KS_ENC, KS_MAC, SSC))
    for plain, sent, answer, expected in SM_EXCHANGES:
        assert card.unwrap(Command.parse(H(sent))) == plain
        assert card.wrap(expected).encode() == H(answer)
