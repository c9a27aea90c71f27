"""Proof that the chip is genuine: reader against the virtual chip, worked examples, binding.

Chip Authentication (ECDH and DH, 3DES and AES), Active Authentication (RSA ISO 9796-2 and
plain ECDSA) and PACE-CAM run between `read_document` and a real virtual chip; each QA fault
profile must end in "failed", never "passed". Independent references: ICAO Doc 9303-11's
worked examples for Active Authentication (the message representative) and for PACE-CAM
(IV, CA_IC and PK_Map,IC).
"""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardreader import read_document
from cardreader.active_authentication import (
    ActiveAuthenticationError,
    sign_rsa_9796,
    verify,
)
from cardreader.apdu import Command, Response
from cardreader.chip_proof import prove
from cardreader.cipher import Cipher
from cardreader.document import (
    ChipAuthentication,
    ChipAuthenticationMethod,
    PassiveAuthentication,
    ReadResult,
)
from cardreader.domain_parameters import STANDARD_PARAMETERS, EcDomain
from cardreader.errors import CardError
from cardreader.pace_cam import CamEvidence, PaceCamError, decrypt_ca_data, encrypt_ca_data
from cardreader.pace_cam import verify as verify_cam
from cardreader.passive_auth import TrustStore
from cardreader.passwords import Can, MrzKey
from cardreader.security_infos import (
    AaPublicKey,
    ChipPublicKey,
    KeyAgreementKind,
    encode_rsa_spki,
    parse_dg14,
    parse_dg15,
)
from cardreader.virtual.chip import FID_DG14, VirtualChip
from cardreader.virtual.chip_secrets import _rsa_key, chip_secrets
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import (
    ActiveAuthenticationMode,
    ChipAuthenticationMode,
    ChipCipher,
    ChipConfig,
    ChipCurve,
    FaultConfig,
    Profile,
    load_profile,
)
from tests.cardreader.virtual_cards import profile

PASSED, FAILED = ChipAuthentication.PASSED, ChipAuthentication.FAILED
NOT_SUPPORTED = ChipAuthentication.NOT_SUPPORTED


def _password(p: Profile) -> Can | MrzKey:
    if p.access.pace:
        assert p.access.can is not None
        return Can(p.access.can)
    d = p.document
    return MrzKey(d.document_number, d.date_of_birth, d.date_of_expiry)


def _read(
    p: Profile, *, trust_store: TrustStore | None = None, read_sod: bool = True
) -> ReadResult:
    chip = VirtualChip(p)
    return read_document(
        VirtualTransport(chip), _password(p), trust_store=trust_store, read_sod=read_sod
    )


# The curves and ciphers the shipped profiles use.
_SHIPPED_CHIPS = [
    load_profile(n).chip for n in ("kovacs-eva", "horvath-anna", "komuves-kelemen", "szabo-gyorgy")
]
SHIPPED = sorted({(chip.curve, chip.cipher) for chip in _SHIPPED_CHIPS}, key=str)


# --- reader against the virtual chip -----------------------------------------------------------
@pytest.mark.parametrize(("curve", "cipher"), SHIPPED)
@pytest.mark.parametrize("mode", [ChipAuthenticationMode.CA, ChipAuthenticationMode.CA_DH])
def test_chip_authentication_passes_on_every_curve_and_cipher_the_profiles_use(
    curve: ChipCurve, cipher: ChipCipher, mode: ChipAuthenticationMode
) -> None:
    result = _read(profile(chip=ChipConfig(curve, cipher, chip_authentication=mode)))
    assert result.passive_authentication is PassiveAuthentication.VALID
    assert result.chip_authentication is PASSED
    assert result.chip_authentication_method is ChipAuthenticationMethod.CA


@pytest.mark.parametrize(("curve", "cipher"), [c for c in SHIPPED if c[1] is not ChipCipher.TDES])
def test_pace_cam_passes_on_every_aes_curve_the_profiles_use(
    curve: ChipCurve, cipher: ChipCipher
) -> None:
    chip = ChipConfig(curve, cipher, chip_authentication=ChipAuthenticationMode.PACE_CAM)
    result = _read(profile(chip=chip))
    assert result.chip_authentication is PASSED
    assert result.chip_authentication_method is ChipAuthenticationMethod.PACE_CAM


@pytest.mark.parametrize("mode", [ActiveAuthenticationMode.RSA, ActiveAuthenticationMode.ECDSA])
@pytest.mark.parametrize(
    "curve", [ChipCurve.BRAINPOOL_P256R1, ChipCurve.NIST_P256, ChipCurve.BRAINPOOL_P384R1]
)
def test_active_authentication_passes_with_rsa_and_ecdsa(
    mode: ActiveAuthenticationMode, curve: ChipCurve
) -> None:
    result = _read(profile(chip=ChipConfig(curve, active_authentication=mode)))
    assert result.chip_authentication is PASSED
    assert result.chip_authentication_method is ChipAuthenticationMethod.AA


def test_a_bac_passport_proves_itself_with_active_authentication_over_3des() -> None:
    result = _read(load_profile("farkas-bence-passport"))
    assert (result.chip_authentication, result.chip_authentication_method) == (
        PASSED,
        ChipAuthenticationMethod.AA,
    )


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("kovacs-eva", ChipAuthenticationMethod.CA),
        ("horvath-anna", ChipAuthenticationMethod.CA),
        ("komuves-kelemen", ChipAuthenticationMethod.AA),
        ("szabo-gyorgy", ChipAuthenticationMethod.PACE_CAM),
        ("farkas-bence-passport", ChipAuthenticationMethod.AA),
    ],
)
def test_every_shipped_card_says_passed_with_its_method(
    name: str, method: ChipAuthenticationMethod
) -> None:
    result = _read(load_profile(name))
    assert result.chip_authentication is PASSED
    assert result.chip_authentication_method is method


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("qa-cloned-chip", ChipAuthenticationMethod.CA),
        ("qa-wrong-aa-signature", ChipAuthenticationMethod.AA),
        ("qa-dg14-outside-sod", ChipAuthenticationMethod.CA),
    ],
)
def test_every_fault_profile_fails_and_never_passes(
    name: str, method: ChipAuthenticationMethod
) -> None:
    result = _read(load_profile(name))
    assert result.chip_authentication is FAILED
    assert result.chip_authentication_method is method
    assert result.chip_authentication_detail


@pytest.mark.parametrize(
    "chip",
    [
        ChipConfig(chip_authentication=ChipAuthenticationMode.CA),
        ChipConfig(chip_authentication=ChipAuthenticationMode.CA_DH, cipher=ChipCipher.TDES),
        ChipConfig(chip_authentication=ChipAuthenticationMode.PACE_CAM),
        ChipConfig(active_authentication=ActiveAuthenticationMode.ECDSA),
        ChipConfig(active_authentication=ActiveAuthenticationMode.RSA),
    ],
)
def test_a_cloned_chip_fails_whichever_proof_it_offers(chip: ChipConfig) -> None:
    result = _read(profile(chip=chip, faults=FaultConfig(cloned_chip=True)))
    assert result.passive_authentication is PassiveAuthentication.VALID
    assert result.chip_authentication is FAILED


def test_a_forged_dg14_with_the_copys_own_key_fails_because_passive_authentication_breaks() -> None:
    # The attack of gmrtd issue 349: the copy carries a DG14 with a key it owns.
    original = profile(chip=ChipConfig(chip_authentication=ChipAuthenticationMode.CA))
    chip = VirtualChip(dataclasses.replace(original, faults=FaultConfig(cloned_chip=True)))
    other = profile(
        chip=ChipConfig(chip_authentication=ChipAuthenticationMode.CA),
        document=dataclasses.replace(original.document, document_number="999999ZZ"),
    )
    forged = chip_secrets(other).dg14
    assert forged is not None
    chip._app[FID_DG14] = dataclasses.replace(chip._app[FID_DG14], content=forged)
    result = read_document(VirtualTransport(chip), Can("123456"))
    assert result.passive_authentication is PassiveAuthentication.INVALID
    assert result.chip_authentication is FAILED


def test_without_a_trusted_csca_a_proof_does_not_count_and_is_not_run() -> None:
    result = _read(load_profile("kovacs-eva"), trust_store=TrustStore())
    assert result.passive_authentication is PassiveAuthentication.NOT_CHECKED
    assert result.chip_authentication is NOT_SUPPORTED
    assert result.apdu_count == 9 + 1  # EF.DG14 read, no CA commands


def test_a_chip_without_key_files_says_not_supported() -> None:
    result = _read(profile(chip=ChipConfig()))
    assert result.chip_authentication is NOT_SUPPORTED
    assert result.chip_authentication_method is None


def test_a_chip_that_hides_a_data_group_its_sod_lists_fails() -> None:
    proof = prove(VirtualTransportStub(), {}, PassiveAuthentication.VALID, frozenset({1, 14}))
    assert proof.outcome is FAILED


class VirtualTransportStub:
    """A channel nobody may use: the verdict must come without any APDU."""

    extended_length = True
    apdu_count = 0

    def transmit(self, cmd: Command) -> Response:
        raise AssertionError("no APDU expected")


def test_active_authentication_sends_a_fresh_random_challenge_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bytes] = []
    original = VirtualChip._internal_authenticate

    def record(self: VirtualChip, cmd: Command) -> Response:
        seen.append(cmd.data)
        return original(self, cmd)

    monkeypatch.setattr(VirtualChip, "_internal_authenticate", record)
    p = load_profile("komuves-kelemen")
    for _ in range(3):
        assert _read(p).chip_authentication is PASSED
    assert len(seen) == 3
    assert len(set(seen)) == 3
    assert all(len(challenge) == 8 for challenge in seen)


def test_chip_authentication_adds_at_most_four_apdus() -> None:
    with_ca = _read(load_profile("kovacs-eva"))
    without = _read(load_profile("kovacs-eva"), read_sod=False)
    plain = _read(profile(chip=ChipConfig()))
    assert with_ca.apdu_count - (plain.apdu_count - 2) <= 4  # minus the two absent key files
    assert without.chip_authentication is NOT_SUPPORTED


# --- worked examples ----------------------------------------------------------------------------
# ICAO Doc 9303-11 (8th ed.), worked example: Active Authentication (RSA 1024, SHA-1).
AA_CHALLENGE = bytes.fromhex("F173589974BF40C6")
AA_M1 = bytes.fromhex(
    "9D2784A67F8E7C659973EA1AEA25D95B6C8F91E5002F369F0FBDCE8A3CEC1991"
    "B543F1696546C5524CF23A5303CD6C98599F40B79F377B5F3A1406B3B4D8F967"
    "84D23AA88DB7E1032A405E69325FA91A6E86F5C71AEA978264C4A207446DAD4E"
    "7292E2DCDA3024B47DA8"
)
AA_F = bytes.fromhex(
    "6A9D2784A67F8E7C659973EA1AEA25D95B6C8F91E5002F369F0FBDCE8A3CEC19"
    "91B543F1696546C5524CF23A5303CD6C98599F40B79F377B5F3A1406B3B4D8F9"
    "6784D23AA88DB7E1032A405E69325FA91A6E86F5C71AEA978264C4A207446DAD"
    "4E7292E2DCDA3024B47DA8C063AA1E6D22FBD976AB0FE73D94D2D9C6D88127BC"
)


def test_active_authentication_message_matches_icao_worked_example_byte_for_byte() -> None:
    # The example gives no key pair: sign with the test key, open the signature, compare F.
    n, e, d = _rsa_key(False)
    signature = sign_rsa_9796(n, d, AA_CHALLENGE, rng=lambda size: AA_M1[:size])
    assert pow(int.from_bytes(signature, "big"), e, n).to_bytes(128, "big") == AA_F
    assert hashlib.sha1(AA_M1 + AA_CHALLENGE).digest().hex().upper() == (
        "C063AA1E6D22FBD976AB0FE73D94D2D9C6D88127"
    )
    key = _dg15(n, e)
    verify(key, None, AA_CHALLENGE, signature)
    with pytest.raises(ActiveAuthenticationError):
        verify(key, None, bytes(8), signature)


def _dg15(n: int, e: int) -> AaPublicKey:
    from cardreader.security_infos import encode_dg15

    return parse_dg15(encode_dg15(encode_rsa_spki(n, e)))


# ICAO Doc 9303-11 (8th ed.), Appendix I: PACE-CAM worked example (brainpoolP256r1, AES-128).
CAM_KS_ENC = bytes.fromhex("0A9DA4DB03BDDE39FC5202BC44B2E89E")
CAM_A_IC = bytes.fromhex(
    "1EEA964DAAE372AC990E3EFDE6333353BFC89A6704D93DA8798CF77F5B7A54BD"
    "10CBA372B42BE0B9B5F28AA8DE2F4F92"
)
CAM_CA_IC = bytes.fromhex("85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B3")
CAM_PK_IC = bytes.fromhex(
    "04"
    "1872709494399E7470A6431BE25E83EEE24FEA568C2ED28DB48E05DB3A610DC8"
    "84D256A40E35EFCB59BF6753D3A489D28C7A4D973C2DA138A6E7A4A08F68E16F"
)
CAM_PK_MAP_X = "A234236AA9B9621E8EFB73B5245C0E09D2576E5277183C1208BDD55280CAE8B3"


def test_pace_cam_data_decrypt_as_in_the_icao_worked_example() -> None:
    assert decrypt_ca_data(Cipher.AES128, CAM_KS_ENC, CAM_A_IC) == CAM_CA_IC
    assert encrypt_ca_data(Cipher.AES128, CAM_KS_ENC, CAM_CA_IC) == CAM_A_IC


def test_pace_cam_check_of_the_icao_worked_example_holds_and_a_wrong_key_fails() -> None:
    domain = STANDARD_PARAMETERS[13]
    assert isinstance(domain, EcDomain)
    group = domain.group()
    pk_map = group.multiply(group.decode(CAM_PK_IC), int.from_bytes(CAM_CA_IC, "big"))
    # The example prints PK_Map,IC's x-coordinate: ours must be it.
    assert int(pk_map.x()).to_bytes(32, "big").hex().upper() == CAM_PK_MAP_X
    evidence = CamEvidence(13, group.encode(pk_map), CAM_CA_IC)
    verify_cam(evidence, ChipPublicKey(KeyAgreementKind.ECDH, 13, CAM_PK_IC))
    other = group.encode(group.public(12345))
    with pytest.raises(PaceCamError):
        verify_cam(evidence, ChipPublicKey(KeyAgreementKind.ECDH, 13, other))


def test_dg14_of_a_virtual_chip_parses_back_to_its_key() -> None:
    p = load_profile("kovacs-eva")
    secrets = chip_secrets(p)
    assert secrets.dg14 is not None
    assert secrets.ca_key is not None
    infos = parse_dg14(secrets.dg14)
    pair = infos.chip_authentication_pair()
    assert pair is not None
    info, key = pair
    assert info is not None
    assert info.cipher is Cipher.AES128
    assert key.public == secrets.ca_key.public()
    assert "keys hidden" in repr(secrets)
    assert str(secrets.ca_key.private) not in repr(
        secrets.ca_key
    )


def test_importing_the_reader_loads_no_asn1_library() -> None:
    # asn1crypto (~25 ms) is for EF.SOD; the new protocol modules are imported lazily too.
    import subprocess
    import sys

    code = (
        "import sys, cardreader.reader; "
        "print(sorted(m for m in ('asn1crypto', 'cryptography', 'ecdsa', "
        "'cardreader.chip_proof', 'cardreader.security_infos', 'cardreader.sod') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


class RecordingChannel:
    """Answers every command 9000 and keeps what Chip Authentication sent and re-keyed."""

    extended_length = True
    apdu_count = 0

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.keys: object = None

    def transmit(self, cmd: Command) -> Response:
        self.commands.append(cmd)
        return Response(b"\x7c\x00" if cmd.ins == 0x86 else b"", 0x9000)

    def rekey(self, keys: object) -> None:
        self.keys = keys


@pytest.mark.parametrize(
    ("parameter_id", "cipher"),
    [(13, Cipher.AES128), (12, Cipher.AES256), (16, Cipher.AES192), (13, Cipher.DES3)],
)
def test_chip_authentication_keys_agree_with_openssl_ecdh_and_the_icao_kdf(
    parameter_id: int, cipher: Cipher
) -> None:
    # An independent computation of K: OpenSSL's ECDH between the chip's private key and the
    # ephemeral public key we sent; KSenc/KSmac = H(K || counter) as 9303-11 9.7.1 defines.
    from cryptography.hazmat.primitives.asymmetric import ec

    from cardreader import tlv
    from cardreader.active_authentication import ec_curve
    from cardreader.chip_authentication import ChipKeyPair, chip_authenticate
    from cardreader.kdf import adjust_des_parity
    from cardreader.security_infos import ChipAuthenticationInfo, ca_oid

    chip = ChipKeyPair(parameter_id, 0x1234567890ABCDEF1234567890ABCDEF)
    info = ChipAuthenticationInfo(ca_oid(KeyAgreementKind.ECDH, cipher), 1)
    key = ChipPublicKey(KeyAgreementKind.ECDH, parameter_id, chip.public())
    channel = RecordingChannel()
    chip_authenticate(channel, info, key)  # type: ignore[arg-type]
    if cipher is Cipher.DES3:
        (mse,) = channel.commands
        assert (mse.ins, mse.p1, mse.p2) == (0x22, 0x41, 0xA6)
        ephemeral = tlv.find(tlv.parse(mse.data), 0x91)
    else:
        mse, ga = channel.commands
        assert (mse.ins, mse.p1, mse.p2, ga.ins) == (0x22, 0x41, 0xA4, 0x86)
        ephemeral = tlv.find(tlv.parse(tlv.parse_one(ga.data, 0x7C)), 0x80)
    assert ephemeral is not None
    curve = ec_curve(parameter_id)
    private = ec.derive_private_key(chip.private, curve)
    peer = ec.EllipticCurvePublicKey.from_encoded_point(curve, ephemeral)
    k = private.exchange(ec.ECDH(), peer)
    if cipher is Cipher.DES3:
        expected_enc = adjust_des_parity(hashlib.sha1(k + b"\0\0\0\1").digest()[:16])
    elif cipher is Cipher.AES128:
        expected_enc = hashlib.sha1(k + b"\0\0\0\1").digest()[:16]
    else:
        expected_enc = hashlib.sha256(k + b"\0\0\0\1").digest()[: cipher.key_length]
    keys = channel.keys
    assert keys is not None
    assert keys.k_enc == expected_enc  # type: ignore[attr-defined]
    assert keys.ssc == 0  # type: ignore[attr-defined]


def test_a_dg15_key_this_reader_cannot_use_is_not_supported_rather_than_failed() -> None:
    from cardreader import tlv

    dsa = tlv.encode(
        0x30,
        tlv.encode(0x30, tlv.encode(0x06, bytes.fromhex("2A8648CE380401")))
        + tlv.encode(0x03, b"\x00\x02\x01\x05"),
    )
    proof = prove(
        VirtualTransportStub(),
        {15: tlv.encode(0x6F, dsa)},
        PassiveAuthentication.VALID,
        frozenset({1, 15}),
    )
    assert proof.outcome is NOT_SUPPORTED


def _chip_with_key_files(dg14: bytes | None, dg15: bytes | None) -> VirtualChip:
    """Kovács Éva's CA chip with these DG14/DG15 contents, signed into a valid EF.SOD: what
    the proof step makes of files the issuer vouches for but a hostile chip wrote."""
    from cardreader import lds
    from cardreader.virtual.chip import FID_DG15, _File, _signed_files

    p = profile(chip=ChipConfig(chip_authentication=ChipAuthenticationMode.CA))
    chip = VirtualChip(p)
    others = tuple((n, c) for n, c in ((14, dg14), (15, dg15)) if c is not None)
    _dg1, sod = _signed_files(p.document.mrz_lines(), others)
    chip._app.pop(FID_DG14, None)
    for fid, sfi, content in ((FID_DG14, 0x0E, dg14), (FID_DG15, 0x0F, dg15)):
        if content is not None:
            chip._app[fid] = _File(fid, sfi, content, True)
    chip._app[lds.FID_SOD] = _File(lds.FID_SOD, 0x1D, sod, True)
    return chip


_TLV_BODY = st.binary(max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dg14=st.one_of(st.none(), _TLV_BODY.map(lambda b: b"\x6e" + _len(b) + b)),
    dg15=st.one_of(st.none(), _TLV_BODY.map(lambda b: b"\x6f" + _len(b) + b)),
)
def test_key_files_a_hostile_chip_wrote_never_pass_and_never_crash(
    dg14: bytes | None, dg15: bytes | None
) -> None:
    chip = _chip_with_key_files(dg14, dg15)
    try:
        result = read_document(VirtualTransport(chip), Can("123456"))
    except CardError:
        return  # refused with a typed error: as good as "failed"
    assert result.passive_authentication is PassiveAuthentication.VALID
    assert result.chip_authentication is not PASSED


def _len(body: bytes) -> bytes:
    from cardreader import tlv

    return tlv.encode_length(len(body))


_REAL_DG14 = chip_secrets(
    profile(chip=ChipConfig(chip_authentication=ChipAuthenticationMode.CA))
).dg14


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_real_dg14_altered_anywhere_and_re_signed_never_passes(data: st.DataObject) -> None:
    assert _REAL_DG14 is not None
    altered = bytearray(_REAL_DG14)
    index = data.draw(st.integers(0, len(altered) - 1))
    altered[index] ^= data.draw(st.integers(1, 255))
    try:
        result = read_document(
            VirtualTransport(_chip_with_key_files(bytes(altered), None)), Can("123456")
        )
    except CardError:
        return  # a file that cannot even be read: the read is refused with a typed error
    if result.chip_authentication is PASSED:
        # Only when the change left the chip's key and protocol as they were (a version
        # number, say): the issuer signed the altered file, and the chip proved that key.
        pair = parse_dg14(bytes(altered)).chip_authentication_pair()
        original = parse_dg14(_REAL_DG14).chip_authentication_pair()
        assert pair is not None
        assert original is not None
        assert pair[1].public == original[1].public
        assert pair[0] is not None
        assert original[0] is not None
        assert pair[0].cipher is original[0].cipher
