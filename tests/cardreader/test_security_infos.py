"""SecurityInfos, EF.DG14 and EF.DG15: what parses, and that nothing else escapes as a crash.

The parsers read bytes a hostile chip chooses: for any input they return a model or raise
`MalformedResponseError` (or `UnsupportedProtocolError` for a well-formed key they cannot
use), nothing else (hypothesis, over random bytes, over mutations of
real files and over random DER trees).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardreader import tlv
from cardreader.card_access import PaceInfo, encode_oid
from cardreader.cipher import Cipher
from cardreader.errors import MalformedResponseError, UnsupportedProtocolError
from cardreader.security_infos import (
    ActiveAuthenticationInfo,
    ChipAuthenticationInfo,
    ChipPublicKey,
    KeyAgreementKind,
    ca_oid,
    encode_card_access,
    encode_chip_public_key,
    encode_security_infos,
    parse_card_access,
    parse_chip_public_key,
    parse_dg14,
    parse_dg15,
    parse_security_infos,
)
from cardreader.virtual.chip_secrets import chip_secrets
from cardreader.virtual.profile import ActiveAuthenticationMode, ChipAuthenticationMode, ChipConfig
from tests.cardreader.virtual_cards import profile


def _present(data: bytes | None) -> bytes:
    assert data is not None, "the virtual chip has no such file"
    return data


_DG14 = _present(
    chip_secrets(
        profile(
            chip=ChipConfig(
                chip_authentication=ChipAuthenticationMode.CA,
                active_authentication=ActiveAuthenticationMode.ECDSA,
            )
        )
    ).dg14
)
_DG14_DH = _present(
    chip_secrets(profile(chip=ChipConfig(chip_authentication=ChipAuthenticationMode.CA_DH))).dg14
)
_DG15_RSA = _present(
    chip_secrets(profile(chip=ChipConfig(active_authentication=ActiveAuthenticationMode.RSA))).dg15
)
_DG15_EC = _present(
    chip_secrets(
        profile(chip=ChipConfig(active_authentication=ActiveAuthenticationMode.ECDSA))
    ).dg15
)
_CARD_ACCESS = encode_card_access([PaceInfo.ecdh_gm(Cipher.AES128, 13)])

PARSERS: dict[str, Callable[[bytes], object]] = {
    "SecurityInfos": parse_security_infos,
    "DG14": parse_dg14,
    "DG15": parse_dg15,
    "SubjectPublicKeyInfo": parse_chip_public_key,
}
SAMPLES = {
    "SecurityInfos": _CARD_ACCESS,
    "DG14": _DG14,
    "DG15": _DG15_RSA,
    "SubjectPublicKeyInfo": encode_chip_public_key(
        ChipPublicKey(KeyAgreementKind.ECDH, 13, b"\x04" + bytes(64))
    ),
}


def test_card_access_keeps_pace_and_every_other_security_info() -> None:
    ca = ChipAuthenticationInfo(ca_oid(KeyAgreementKind.ECDH, Cipher.AES128), 1, 7)
    aa = ActiveAuthenticationInfo(1, "0.4.0.127.0.7.1.1.4.1.3")
    extra = encode_security_infos(chip_authentication=[ca], active_authentication=[aa])
    pace = tlv.parse(tlv.parse_one(_CARD_ACCESS, 0x31))[0].raw
    unknown = tlv.encode(
        0x30, tlv.encode(0x06, bytes.fromhex("2B0601")) + tlv.encode(0x02, b"\x01")
    )
    combined = tlv.encode(0x31, pace + tlv.parse_one(extra, 0x31) + unknown)
    infos = parse_security_infos(combined)
    assert infos.pace == (PaceInfo.ecdh_gm(Cipher.AES128, 13),)
    assert infos.chip_authentication == (ca,)
    assert infos.active_authentication == (aa,)
    assert aa.hash_name == "sha256"
    assert infos.other == ("1.3.6.1",)


def test_pace_reads_its_offers_from_the_same_parse_and_passes_over_domain_parameter_infos() -> (
    None
):
    # A PACEDomainParameterInfo (id-PACE-ECDH-GM, explicit parameters as an
    # AlgorithmIdentifier) beside a PACEInfo: not an offer, and not a reason to refuse the file.
    domain_parameter_info = tlv.encode(
        0x30,
        tlv.encode(0x06, encode_oid("0.4.0.127.0.7.2.2.4.2"))
        + tlv.encode(0x30, tlv.encode(0x06, encode_oid("1.2.840.10045.2.1")))
        + tlv.encode(0x02, b"\x0d"),
    )
    pace = tlv.parse(tlv.parse_one(_CARD_ACCESS, 0x31))[0].raw
    card_access = tlv.encode(0x31, pace + domain_parameter_info)
    assert parse_card_access(card_access) == (PaceInfo.ecdh_gm(Cipher.AES128, 13),)
    assert parse_card_access(card_access) == parse_security_infos(card_access).pace
    assert parse_security_infos(card_access).other == ("0.4.0.127.0.7.2.2.4.2",)
    assert parse_card_access(b"") == ()
    assert encode_card_access([]) == b""


def test_dg14_names_the_ca_protocol_and_key_and_the_aa_algorithm() -> None:
    infos = parse_dg14(_DG14)
    assert infos.chip_authentication[0].cipher is Cipher.AES128
    assert infos.chip_keys[0].agreement is KeyAgreementKind.ECDH
    assert infos.chip_keys[0].parameter_id == 13
    assert infos.active_authentication[0].hash_name == "sha256"
    dh = parse_dg14(_DG14_DH)
    assert dh.chip_keys[0].agreement is KeyAgreementKind.DH
    assert len(dh.chip_keys[0].public) == 256


def test_dg15_holds_an_rsa_or_an_ec_key() -> None:
    rsa = parse_dg15(_DG15_RSA)
    assert rsa.is_rsa
    assert rsa.rsa_exponent == 65537
    ec = parse_dg15(_DG15_EC)
    assert not ec.is_rsa
    assert ec.parameter_id == 13


def test_a_key_on_explicit_brainpool_parameters_is_recognised() -> None:
    # ECParameters as many issuers write them: the curve spelled out, not named.
    from cardreader.domain_parameters import STANDARD_PARAMETERS, EcDomain

    domain = STANDARD_PARAMETERS[13]
    assert isinstance(domain, EcDomain)
    group = domain.group()
    size = domain.size

    def integer(v: int) -> bytes:
        return tlv.encode(0x02, v.to_bytes((v.bit_length() + 8) // 8, "big"))

    curve = group.curve
    field = tlv.encode(0x30, tlv.encode(0x06, bytes.fromhex("2A8648CE3D0101")) + integer(curve.p()))
    ab = tlv.encode(
        0x30,
        tlv.encode(0x04, (curve.a() % curve.p()).to_bytes(size, "big"))
        + tlv.encode(0x04, curve.b().to_bytes(size, "big")),
    )
    base = tlv.encode(0x04, group.encode(group.generator))
    params = tlv.encode(0x30, integer(1) + field + ab + base + integer(domain.order) + integer(1))
    algorithm = tlv.encode(0x30, tlv.encode(0x06, bytes.fromhex("2A8648CE3D0201")) + params)
    point = group.encode(group.public(42))
    spki = tlv.encode(0x30, algorithm + tlv.encode(0x03, b"\x00" + point))
    key = parse_chip_public_key(spki)
    assert (key.agreement, key.parameter_id, key.public) == (KeyAgreementKind.ECDH, 13, point)


@pytest.mark.parametrize(
    ("data", "parser"),
    [
        (b"", parse_dg14),
        (b"\x6e\x00", parse_dg14),
        (b"\x6f\x02\x30\x00", parse_dg15),
        (b"\x31\x03\x02\x01\x01", parse_security_infos),
        (b"\x31\x05\x30\x03\x06\x01\x00", parse_security_infos),
    ],
)
def test_malformed_files_raise_a_typed_error(
    data: bytes, parser: Callable[[bytes], object]
) -> None:
    with pytest.raises(MalformedResponseError):
        parser(data)


def _only_typed_errors(parser: Callable[[bytes], object], data: bytes) -> None:
    """Any other exception fails the test (hypothesis shows the input)."""
    with contextlib.suppress(MalformedResponseError, UnsupportedProtocolError):
        parser(data)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_random_bytes_give_a_model_or_a_typed_error(name: str, data: bytes) -> None:
    _only_typed_errors(PARSERS[name], data)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_files_give_a_model_or_a_typed_error(name: str, data: st.DataObject) -> None:
    sample = bytearray(SAMPLES[name])
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(sample) - 1))
        sample[index] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(sample)))
    _only_typed_errors(PARSERS[name], bytes(sample[:cut]))
    _only_typed_errors(PARSERS[name], bytes(sample))


_LEAF = st.tuples(
    st.sampled_from([0x02, 0x03, 0x04, 0x05, 0x06, 0x80, 0x84]), st.binary(max_size=24)
).map(lambda tv: tlv.encode(*tv))
_TREE = st.recursive(
    _LEAF,
    lambda children: st.tuples(
        st.sampled_from([0x30, 0x31, 0x6E, 0x6F]), st.lists(children, max_size=4)
    ).map(lambda tc: tlv.encode(tc[0], b"".join(tc[1]))),
    max_leaves=12,
)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_TREE)
def test_random_der_trees_give_a_model_or_a_typed_error(name: str, tree: bytes) -> None:
    _only_typed_errors(PARSERS[name], tree)


# EF.CardAccess of a German eID test card, as OpenPACE's example program carries it (the
# SET OF SecurityInfo; the bytes after it in that example are not part of the file).
GERMAN_TEST_CARD_ACCESS = bytes.fromhex(
    "318182300D060804007F00070202020201023012060A04007F000702020302020201020201413012060A"
    "04007F0007020204020202010202010D301C060904007F000702020302300C060704007F0007010202010D"
    "020141302B060804007F0007020206161F655041202D2042447220476D6248202D20546573746B61727465"
    "2076322E30"
)


def test_a_real_card_access_gives_pace_chip_authentication_and_the_rest_by_oid() -> None:
    infos = parse_security_infos(GERMAN_TEST_CARD_ACCESS)
    assert infos.pace == (PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13),)
    (ca,) = infos.chip_authentication
    assert (ca.agreement, ca.cipher, ca.version, ca.key_id) == (
        KeyAgreementKind.ECDH,
        Cipher.AES128,
        2,
        0x41,
    )
    # Terminal Authentication, the CA domain parameters and the CardInfoLocator.
    assert infos.other == ("0.4.0.127.0.7.2.2.2", "0.4.0.127.0.7.2.2.3.2", "0.4.0.127.0.7.2.2.6")


def test_a_chip_key_on_an_unknown_curve_is_kept_by_oid_and_a_dg15_of_another_kind_is_refused() -> (
    None
):
    # secp256k1 (1.3.132.0.10): well-formed, but no standardized PACE/CA domain.
    algorithm = tlv.encode(
        0x30,
        tlv.encode(0x06, bytes.fromhex("2A8648CE3D0201"))
        + tlv.encode(0x06, bytes.fromhex("2B8104000A")),
    )
    spki = tlv.encode(0x30, algorithm + tlv.encode(0x03, b"\x00\x04" + bytes(64)))
    info = tlv.encode(
        0x30, tlv.encode(0x06, bytes.fromhex("04007F0007020201 02".replace(" ", ""))) + spki
    )
    infos = parse_security_infos(tlv.encode(0x31, info))
    assert infos.chip_keys == ()
    assert infos.other == ("0.4.0.127.0.7.2.2.1.2",)
    with pytest.raises(UnsupportedProtocolError):
        parse_dg15(tlv.encode(0x6F, spki))
    dsa = tlv.encode(
        0x30,
        tlv.encode(0x30, tlv.encode(0x06, bytes.fromhex("2A8648CE380401")))
        + tlv.encode(0x03, b"\x00\x02\x01\x05"),
    )
    with pytest.raises(UnsupportedProtocolError):
        parse_dg15(tlv.encode(0x6F, dsa))
