"""ICAO Doc 9303-11 Appendix G: PACE, ECDH generic mapping on brainpoolP256r1 with
AES-128, MRZ password (T22000129 / 640812 / 101031), byte for byte."""

from __future__ import annotations

from collections.abc import Callable

from cardreader.apdu import Command
from cardreader.apdu_session import ApduSession
from cardreader.card_access import PaceInfo
from cardreader.cipher import Cipher
from cardreader.domain_parameters import STANDARD_PARAMETERS
from cardreader.pace import (
    authentication_token,
    decrypt_nonce,
    encrypt_nonce,
    establish_pace,
    password_key,
    session_keys,
)
from cardreader.passwords import Can, MrzKey, PasswordType
from cardreader.security_infos import parse_card_access
from tests.cardreader.scripted import ScriptedTransport

H = bytes.fromhex
MRZ = MrzKey("T22000129", "640812", "101031")
CARD_ACCESS = H("31143012060A04007F0007020204020202010202010D")
K_PI = H("89DED1B26624EC1E634C1989302849DD")
Z = H("95A3A016522EE98D01E76CB6B98B42C3")
S = H("3F00C4D39D153F2B2A214A078D899B22")
SK_MAP_PCD = H("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99")
PK_MAP_PCD = H(
    "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
    "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"
)
SK_MAP_PICC = H("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560")
PK_MAP_PICC = H(
    "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
    "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"
)
H_POINT = H(
    "0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5"
    "0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181"
)
G_MAPPED = H(
    "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
    "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522"
)
SK_PCD = H("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595")
PK_PCD = H(
    "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
    "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462"
)
SK_PICC = H("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A")
PK_PICC = H(
    "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
    "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"
)
SHARED = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")
T_PCD = H("C2B0BD78D94BA866")
T_PICC = H("3ABB9674BCE93C08")

CONVERSATION = [
    ("0022C1A40F800A04007F00070202040202830101", "9000"),
    ("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000"),
    ("10860000457C438141" + PK_MAP_PCD.hex() + "00", "7C438241" + PK_MAP_PICC.hex() + "9000"),
    ("10860000457C438341" + PK_PCD.hex() + "00", "7C438441" + PK_PICC.hex() + "9000"),
    ("008600000C7C0A8508C2B0BD78D94BA86600", "7C0A86083ABB9674BCE93C089000"),
]


def feed(*chunks: bytes) -> Callable[[int], bytes]:
    """A random source that hands out the example's private keys in order."""
    queue = list(chunks)

    def rng(n: int) -> bytes:
        chunk = queue.pop(0)
        assert len(chunk) == n
        return chunk

    return rng


def test_card_access_of_the_example_offers_ecdh_gm_aes128_on_brainpool_p256() -> None:
    assert parse_card_access(CARD_ACCESS) == (PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13),)


def test_password_key_from_the_mrz_matches_the_example() -> None:
    assert MRZ.pace_secret() == H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
    assert password_key(MRZ, Cipher.AES128) == K_PI


def test_password_key_from_can_123456_matches_the_field_note() -> None:
    assert password_key(Can("123456"), Cipher.AES128) == H("591468CDA83D65219CCCB8560233600F")


def test_nonce_decrypts_and_encrypts_as_in_the_example() -> None:
    assert decrypt_nonce(Cipher.AES128, K_PI, Z) == S
    assert encrypt_nonce(Cipher.AES128, K_PI, S) == Z


def test_generic_mapping_and_key_agreement_reproduce_every_intermediate_value() -> None:
    group = STANDARD_PARAMETERS[13].group()
    sk_map_pcd = int.from_bytes(SK_MAP_PCD, "big")
    sk_map_picc = int.from_bytes(SK_MAP_PICC, "big")
    assert group.encode(group.public(sk_map_pcd)) == PK_MAP_PCD
    assert group.encode(group.public(sk_map_picc)) == PK_MAP_PICC
    h_reader = group.multiply(group.decode(PK_MAP_PICC), sk_map_pcd)
    h_chip = group.multiply(group.decode(PK_MAP_PCD), sk_map_picc)
    assert group.encode(h_reader) == group.encode(h_chip) == H_POINT
    mapped = group.mapped(int.from_bytes(S, "big"), h_reader)
    assert mapped.encode(mapped.generator) == G_MAPPED
    pk_pcd = mapped.public(int.from_bytes(SK_PCD, "big"))
    pk_picc = mapped.public(int.from_bytes(SK_PICC, "big"))
    assert mapped.encode(pk_pcd) == PK_PCD
    assert mapped.encode(pk_picc) == PK_PICC
    shared = mapped.shared_secret(mapped.multiply(pk_picc, int.from_bytes(SK_PCD, "big")))
    assert shared == SHARED
    keys = session_keys(shared, Cipher.AES128)
    assert (keys.k_enc, keys.k_mac, keys.ssc) == (KS_ENC, KS_MAC, 0)
    protocol = "0.4.0.127.0.7.2.2.4.2.2"
    assert authentication_token(keys, protocol, mapped, pk_picc) == T_PCD
    assert authentication_token(keys, protocol, mapped, pk_pcd) == T_PICC


def test_reader_sends_exactly_the_example_apdus_and_accepts_the_chip_token() -> None:
    transport = ScriptedTransport(CONVERSATION)
    session = ApduSession(transport)
    channel = establish_pace(session, MRZ, CARD_ACCESS, rng=feed(SK_MAP_PCD, SK_PCD))
    assert transport.finished
    assert session.apdu_count == 5
    assert channel.info is not None
    assert channel.info.describe() == "PACE-MRZ brainpoolP256r1 AES-128"
    assert channel.info.password is PasswordType.MRZ


def test_reader_rejects_a_chip_token_that_does_not_verify() -> None:
    import pytest

    from cardreader.errors import SecureMessagingError

    bad = [*CONVERSATION[:-1], (CONVERSATION[-1][0], "7C0A86083ABB9674BCE93C099000")]
    with pytest.raises(SecureMessagingError):
        establish_pace(ApduSession(ScriptedTransport(bad)), MRZ, CARD_ACCESS,
                       rng=feed(SK_MAP_PCD, SK_PCD))  # fmt: skip


def test_chip_side_answers_the_example_byte_for_byte() -> None:
    from cardreader.virtual.access import CardAccessControl

    chip = CardAccessControl(
        can=None,
        mrz_key=MRZ,
        pace=[PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13)],
        bac=False,
        rng=feed(S, SK_MAP_PICC, SK_PICC),
    )
    assert chip.card_access == CARD_ACCESS
    for command, answer in CONVERSATION:
        assert chip.handles(Command.parse(H(command)))
        assert chip.handle(Command.parse(H(command))).encode() == H(answer)
    assert chip.authenticated
