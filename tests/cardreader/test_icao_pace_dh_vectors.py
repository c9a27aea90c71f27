"""ICAO Doc 9303-11 Appendix G, the DH example: PACE DH generic mapping on the RFC 5114
1024-bit group (parameter id 0), AES-128, the same MRZ password as the ECDH example."""

from __future__ import annotations

import random

import pytest

from cardreader.apdu import Command
from cardreader.apdu_session import ApduSession
from cardreader.card_access import PaceInfo
from cardreader.cipher import Cipher
from cardreader.domain_parameters import STANDARD_PARAMETERS, DhDomain
from cardreader.pace import authentication_token, decrypt_nonce, establish_pace, session_keys
from cardreader.passwords import MrzKey
from cardreader.security_infos import parse_card_access
from cardreader.virtual.access import CardAccessControl
from tests.cardreader.scripted import ScriptedTransport
from tests.cardreader.test_icao_pace_vectors import K_PI, feed

H = bytes.fromhex
MRZ = MrzKey("T22000129", "640812", "101031")
OID = "0.4.0.127.0.7.2.2.4.1.2"
CARD_ACCESS = H("31143012060A04007F00070202040102020102020100")
Z = H("854D8DF5827FA6852D1A4FA701CDDDCA")
S = H("FA5B7E3E49753A0DB9178B7B9BD898C8")
SK_MAP_PCD = H("5265030F751F4AD18B08AC565FC7AC952E41618D")
PK_MAP_PCD = H(
    "23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3E"
    "B71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A4"
    "4D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022D"
    "CB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C"
)
SK_MAP_PICC = H("66DDAFEAC1609CB5B963BB0CB3FF8B3E047F336C")
PK_MAP_PICC = H(
    "78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E6"
    "23EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882"
    "A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F24"
    "49400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6"
)
H_VALUE = H(
    "5BABEBEF5B74E5BA94B5C063FDA15F1F1CDE94873EE0A5D3A2FCAB49F258D07F"
    "544F13CB66658C3AFEE9E727389BE3F6CBBBD32128A8C21DD6EEA3CF7091CDDF"
    "B08B8D007D40318DCCA4FFBF51208790FB4BD111E5A968ED6B6F08B26CA87C41"
    "0B3CE0C310CE104EABD16629AA48620C1279270CB0750C0D37C57FFFE302AE7F"
)
G_MAPPED = H(
    "7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A123702496"
    "84D64EE37AF44B8DBD9D45BF6023919CBAA027AB97ACC771666C8E98FF483301"
    "BFA4872DEDE9034EDFACB70814166B7F360676829B826BEA57291B5AD69FBC84"
    "EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5"
)
SK_PCD = H("89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA")
PK_PCD = H(
    "907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD91155"
    "1B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08F"
    "A8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236"
    "B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4"
)
SK_PICC = H("A5B780126B7C980E9FCEA1D4539DA1D27C342DFA")
PK_PICC = H(
    "075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152B"
    "D8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC"
    "71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064"
    "386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1"
)
SHARED = H(
    "6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E3"
    "8B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5"
    "990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E"
    "465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD"
)
KS_ENC = H("2F7F46ADCC9E7E521B45D192FAFA9126")
KS_MAC = H("805A1D27D45A5116F73C54469462B7D8")
T_PCD = H("B46DD9BD4D98381F")
T_PICC = H("917F37B5C0E6D8D1")

CONVERSATION = [
    ("0022C1A40F800A04007F00070202040102830101", "9000"),
    ("10860000027C0000", "7C128010" + Z.hex() + "9000"),
    ("10860000867C8183818180" + PK_MAP_PCD.hex() + "00",
     "7C8183828180" + PK_MAP_PICC.hex() + "9000"),
    ("10860000867C8183838180" + PK_PCD.hex() + "00", "7C8183848180" + PK_PICC.hex() + "9000"),
    # The example chip adds its CVCA reference (tag 87) after the token; readers ignore it.
    ("008600000C7C0A8508" + T_PCD.hex() + "00",
     "7C1B8608" + T_PICC.hex() + "870F444554455354435643413030303033" + "9000"),
]  # fmt: skip


@pytest.mark.parametrize("parameter_id", [0, 1, 2])
def test_the_rfc_5114_constants_describe_prime_order_subgroups(parameter_id: int) -> None:
    domain = STANDARD_PARAMETERS[parameter_id]
    assert isinstance(domain, DhDomain)
    assert pow(domain.g, domain.q, domain.p) == 1
    assert domain.g > 1
    assert (domain.p - 1) % domain.q == 0
    witnesses = random.Random(parameter_id).sample(range(2, 1 << 30), 8)
    for n in (domain.p, domain.q):  # Fermat test: a mistyped digit fails it
        assert all(pow(a, n - 1, n) == 1 for a in witnesses)


def test_card_access_of_the_dh_example_offers_dh_gm_aes128_on_group_0() -> None:
    assert parse_card_access(CARD_ACCESS) == (PaceInfo(OID, 2, 0),)


def test_dh_mapping_and_key_agreement_reproduce_every_intermediate_value() -> None:
    assert decrypt_nonce(Cipher.AES128, K_PI, Z) == S
    group = STANDARD_PARAMETERS[0].group()
    sk_map_pcd = int.from_bytes(SK_MAP_PCD, "big")
    assert group.encode(group.public(sk_map_pcd)) == PK_MAP_PCD
    assert group.encode(group.public(int.from_bytes(SK_MAP_PICC, "big"))) == PK_MAP_PICC
    h = group.multiply(group.decode(PK_MAP_PICC), sk_map_pcd)
    assert group.encode(h) == H_VALUE
    mapped = group.mapped(int.from_bytes(S, "big"), h)
    assert mapped.encode(mapped.generator) == G_MAPPED
    pk_pcd = mapped.public(int.from_bytes(SK_PCD, "big"))
    pk_picc = mapped.public(int.from_bytes(SK_PICC, "big"))
    assert (mapped.encode(pk_pcd), mapped.encode(pk_picc)) == (PK_PCD, PK_PICC)
    shared = mapped.shared_secret(mapped.multiply(pk_picc, int.from_bytes(SK_PCD, "big")))
    assert shared == SHARED
    keys = session_keys(shared, Cipher.AES128)
    assert (keys.k_enc, keys.k_mac) == (KS_ENC, KS_MAC)
    assert authentication_token(keys, OID, mapped, pk_picc) == T_PCD
    assert authentication_token(keys, OID, mapped, pk_pcd) == T_PICC


def test_reader_sends_exactly_the_dh_example_apdus() -> None:
    transport = ScriptedTransport(CONVERSATION)
    channel = establish_pace(ApduSession(transport), MRZ, CARD_ACCESS, rng=feed(SK_MAP_PCD, SK_PCD))
    assert transport.finished
    assert channel.info is not None
    assert channel.info.describe() == "PACE-MRZ RFC 5114 1024-bit MODP (160-bit subgroup) AES-128"


def test_chip_side_answers_the_dh_example_up_to_its_token() -> None:
    chip = CardAccessControl(
        can=None, mrz_key=MRZ, pace=[PaceInfo(OID, 2, 0)], bac=False,
        rng=feed(S, SK_MAP_PICC, SK_PICC),
    )  # fmt: skip
    assert chip.card_access == CARD_ACCESS
    for command, answer in CONVERSATION[:-1]:
        assert chip.handle(Command.parse(H(command))).encode() == H(answer)
    last = chip.handle(Command.parse(H(CONVERSATION[-1][0])))
    assert last.data == H("7C0A8608") + T_PICC
    assert chip.authenticated


def test_a_dh_public_value_outside_the_subgroup_is_refused() -> None:
    from cardreader.errors import MalformedResponseError

    domain = STANDARD_PARAMETERS[0]
    assert isinstance(domain, DhDomain)
    group = domain.group()
    for bad in (b"\x01", (domain.p - 1).to_bytes(128, "big"), b"\x02" * 129, b""):
        with pytest.raises(MalformedResponseError):
            group.decode(bad)


def test_a_dh_public_value_in_a_token_is_written_in_the_fewest_octets() -> None:
    """ICAO 9303-11, 9.4.1: unsigned integers carry no leading 00 octets, so a key whose top
    bytes are zero goes into the token shorter than the modulus (as OpenPACE writes it)."""
    from cardreader import tlv
    from cardreader.card_access import encode_oid
    from cardreader.pace import token_input

    group = STANDARD_PARAMETERS[0].group()
    value = b"\x11" * 126
    small = int.from_bytes(b"\x00\x00" + value, "big")
    expected = tlv.encode(0x06, encode_oid(OID)) + tlv.encode(0x84, value)
    assert token_input(OID, group, small) == tlv.encode(0x7F49, expected)
