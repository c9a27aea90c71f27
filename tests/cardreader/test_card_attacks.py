"""Each defect the hostile-card attack found, as a chip that attacks the reader.

Every read must end typed (a `CardError`), within a bounded number of APDUs and a bounded
time, and never leave an authentication secret in any log.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import pytest
from asn1crypto import cms

from cardreader import lds, tlv
from cardreader.apdu import Command
from cardreader.apdu_session import ApduSession
from cardreader.card_access import PaceInfo, decode_oid
from cardreader.document import PassiveAuthentication
from cardreader.errors import CardTimeoutError, MalformedResponseError
from cardreader.passive_auth import TrustStore, verify_sod
from cardreader.passwords import Can, MrzKey
from cardreader.reader import read_document
from cardreader.security_infos import encode_card_access, parse_card_access
from cardreader.sod import build_sod
from cardreader.traffic_log import TRAFFIC
from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import FaultConfig
from tests.cardreader.hostile_chips import forged
from tests.cardreader.pki import Pki, make_pki, signer, sod_for
from tests.cardreader.virtual_cards import profile

DG1 = lds.encode_dg1(
    (
        "IDHUN201847KA<0<<<<<<<<<<<<<<<",
        "8503149F3105205HUN<<<<<<<<<<<8",
        "KOVACS<<EVA<ZSOFIA<<<<<<<<<<<<",
    )
)


class ChipFunction:
    """A transport whose every answer comes from `answer(apdu)`; counts the APDUs."""

    def __init__(self, answer: Callable[[bytes], bytes], *, extended: bool = False) -> None:
        self._answer = answer
        self.count = 0
        self.supports_extended_length = extended

    def transmit(self, apdu: bytes) -> bytes:
        self.count += 1
        if self.count > 100_000:  # only reached by a reader that loops without a bound
            raise AssertionError("the reader kept sending APDUs")
        return self._answer(apdu)

    def close(self) -> None:
        pass


# --- 1. GET RESPONSE is bounded by exchanges -----------------------------------------------
def test_a_chip_answering_6100_without_data_for_ever_ends_after_a_bounded_number_of_exchanges() -> (
    None
):
    chip = ChipFunction(lambda _apdu: b"\x61\x00")
    with pytest.raises(MalformedResponseError, match="more response data"):
        ApduSession(chip).transmit(Command(0x00, 0xB0, 0x9C, 0x00, le=256))
    assert chip.count <= 260


def test_a_6100_chip_ends_the_whole_read_typed_within_the_apdu_bound() -> None:
    chip = ChipFunction(lambda _apdu: b"\x61\x00")
    with pytest.raises(MalformedResponseError):
        read_document(chip, Can("123456"))
    assert chip.count <= 260


# --- 2. untyped exceptions from hostile card data ------------------------------------------
def test_an_oid_arc_too_long_to_print_is_a_malformed_answer_not_a_value_error() -> None:
    content = b"\x04\x00" + b"\xff" * 2000 + b"\x01"  # an arc of about 4,200 decimal digits
    with pytest.raises(MalformedResponseError, match="arc is too long"):
        decode_oid(content)


def test_a_card_access_with_a_huge_oid_arc_ends_the_read_typed_before_authentication() -> None:
    huge = tlv.encode(0x06, b"\x04\x00" + b"\xff" * 2000 + b"\x01")
    body = huge + tlv.encode(0x02, b"\x02") + tlv.encode(0x02, b"\x0d")
    card_access = tlv.encode(0x31, tlv.encode(0x30, body))
    with pytest.raises(MalformedResponseError):
        parse_card_access(card_access)
    with pytest.raises(MalformedResponseError):
        read_document(forged(card_access=card_access), Can("123456"))


def _with_pss_salt(sod: bytes, salt: int) -> bytes:
    info = cms.ContentInfo.load(tlv.parse_one(sod, 0x77))
    signer = info["content"]["signer_infos"][0]
    signer["signature_algorithm"]["parameters"]["salt_length"] = salt
    return tlv.encode(0x77, info.dump(force=True))


def test_a_pss_signature_with_an_impossible_salt_length_is_invalid_not_an_overflow() -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    pki = make_pki(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    sod = _with_pss_salt(sod_for(pki, {1: DG1}, "rsassa_pss"), 2**31)
    outcome, detail = verify_sod(sod, {1: DG1}, TrustStore([pki.csca]))
    assert outcome is PassiveAuthentication.INVALID
    assert "salt" in detail


def _sod_with_unparsable_issuer() -> tuple[bytes, Pki]:
    """EF.SOD signed by a genuine DS key whose certificate gives its issuer's common name as
    a BIT STRING: the certificate loads, its issuer name raises when it is looked at."""
    pki = make_pki()
    der = pki.ds_der
    at = der.index(b"\x0c\x09Test CSCA")  # the issuer's CN (the subject is "Test DS")
    der = der[:at] + b"\x03\x09\x00est CSCA" + der[at + 11 :]
    return build_sod({1: DG1}, der, signer(pki.ds_key, "sha256_ecdsa")), pki


def test_a_document_signer_whose_issuer_does_not_parse_is_invalid_not_a_value_error() -> None:
    sod, pki = _sod_with_unparsable_issuer()
    outcome, detail = verify_sod(sod, {1: DG1}, TrustStore([pki.csca]))
    assert outcome is PassiveAuthentication.INVALID
    assert "issuer name" in detail


def test_forged_files_behind_genuine_secure_messaging_end_typed_or_invalid() -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    pki = make_pki(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    pss = _with_pss_salt(sod_for(pki, {1: DG1}, "rsassa_pss"), 2**31)
    result = read_document(forged(sod=pss, dg1=DG1), Can("123456"))
    assert result.passive_authentication is PassiveAuthentication.INVALID
    sod, _ = _sod_with_unparsable_issuer()
    result = read_document(forged(sod=sod, dg1=DG1), Can("123456"))
    assert result.passive_authentication is PassiveAuthentication.INVALID


def test_whatever_the_card_data_make_the_parsers_raise_comes_out_as_a_card_error() -> None:
    # DG1 whose MRZ is three lines of the wrong length and characters: the MRZ parser's own
    # checks, or anything below them, must surface as a CardError from read_document.
    dg1 = tlv.encode(0x61, tlv.encode(0x5F1F, "\u00e9".encode() * 45))
    from cardreader.errors import CardError

    with pytest.raises(CardError):
        read_document(forged(dg1=dg1), Can("123456"))


# --- 3. deadlines and work per step ---------------------------------------------------------
def test_a_silent_card_ends_with_a_timeout_within_the_apdu_limit() -> None:
    from cardreader.read_limits import ReadLimits

    never = threading.Event()

    def silent(_apdu: bytes) -> bytes:
        never.wait(30)
        return b"\x90\x00"

    started = time.monotonic()
    with pytest.raises(CardTimeoutError, match=r"did not answer within 0\.3 s"):
        read_document(ChipFunction(silent), Can("123456"), limits=ReadLimits(apdu_seconds=0.3))
    assert time.monotonic() - started < 1.0
    never.set()


def test_a_slow_card_ends_at_the_overall_deadline() -> None:
    from cardreader.read_limits import ReadLimits

    slow = VirtualTransport(VirtualChip(profile(faults=FaultConfig(delay_ms=100))))
    started = time.monotonic()
    with pytest.raises(CardTimeoutError, match=r"did not finish within 0\.5 s"):
        read_document(slow, Can("123456"), limits=ReadLimits(total_seconds=0.5))
    assert time.monotonic() - started < 1.0


def test_a_read_is_cancelled_at_once_even_while_an_apdu_is_outstanding() -> None:
    from cardreader.errors import ReadCancelledError

    slow = VirtualTransport(VirtualChip(profile(faults=FaultConfig(delay_ms=2000))))
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(ReadCancelledError):
        read_document(slow, Can("123456"), cancelled=cancel.is_set)
    assert time.monotonic() - started < 0.6


def test_a_chip_handing_out_one_byte_per_read_is_refused_after_a_few_apdus() -> None:
    def one_byte(apdu: bytes) -> bytes:
        return b"\x9f\x90\x00" if apdu[1] == 0xB0 else b"\x90\x00"

    chip = ChipFunction(one_byte)
    started = time.monotonic()
    with pytest.raises(MalformedResponseError):
        read_document(chip, Can("123456"))
    assert chip.count <= 10
    assert time.monotonic() - started < 0.5


def test_a_file_announcing_more_than_any_eid_file_is_refused_before_it_is_read() -> None:
    def huge(apdu: bytes) -> bytes:
        return b"\x77\x83\x7f\xff\xff" + b"\x00" * 251 + b"\x90\x00" if apdu[1] == 0xB0 else b""

    chip = ChipFunction(huge)
    with pytest.raises(MalformedResponseError, match="more than any eID file"):
        read_document(chip, Can("123456"))
    assert chip.count == 1


def test_a_chip_needing_more_apdus_than_the_limit_is_refused() -> None:
    from cardreader.read_limits import ReadLimits

    def trickle(apdu: bytes) -> bytes:  # a long EF.CardAccess, 1 byte per READ BINARY
        if apdu[1] != 0xB0:
            return b"\x6d\x00"
        return b"\x31\x82\x7f\x00\x90\x00" if apdu[2] & 0x80 else b"\x00\x90\x00"

    chip = ChipFunction(trickle)
    with pytest.raises(MalformedResponseError, match="more than 50 APDUs"):
        read_document(chip, Can("123456"), limits=ReadLimits(max_apdus=50))
    assert chip.count == 50


def test_a_dh_chip_sending_a_64_kib_nonce_is_refused_before_any_exponentiation() -> None:
    card_access = encode_card_access([PaceInfo("0.4.0.127.0.7.2.2.4.1.2", 2, 0)])

    def chip(apdu: bytes) -> bytes:
        if apdu[1] == 0xB0:
            return card_access + b"\x90\x00"
        if apdu[1] == 0x22:
            return b"\x90\x00"
        z = bytes(range(256)) * 255 + bytes(240)  # 65,520 bytes: whole AES blocks
        return tlv.encode(0x7C, tlv.encode(0x80, z)) + b"\x90\x00"

    started = time.monotonic()
    with pytest.raises(MalformedResponseError, match="nonce"):
        read_document(ChipFunction(chip, extended=True), Can("123456"))
    assert time.monotonic() - started < 0.5


# --- 4. no authentication data in the traffic log -------------------------------------------
class Recording:
    """The real virtual chip's transport, keeping every exchange for the test to search."""

    def __init__(self, inner: VirtualTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[bytes, bytes]] = []

    @property
    def supports_extended_length(self) -> bool:
        return self.inner.supports_extended_length

    def transmit(self, apdu: bytes) -> bytes:
        answer = self.inner.transmit(apdu)
        self.exchanges.append((apdu, answer))
        return answer

    def close(self) -> None:
        self.inner.close()


_AUTH_INS = {0x22, 0x82, 0x84, 0x86, 0x88}


def _secret_fragments(recording: Recording) -> list[bytes]:
    """Challenge, cryptograms, nonces and keys: bodies of the authentication exchanges."""
    fragments = []
    for apdu, answer in recording.exchanges:
        if apdu[1] in _AUTH_INS:
            if len(apdu) > 5:
                fragments.append(apdu[5:-1] if len(apdu) > 6 else apdu[5:])
            if len(answer) > 2:
                fragments.append(answer[:-2])
    return [f for f in fragments if len(f) >= 8]


@pytest.mark.parametrize(
    ("name", "password"),
    [
        ("farkas-bence-passport", MrzKey("HA7654321", "870415", "300101")),
        ("kovacs-eva", Can("123456")),
    ],
)
def test_no_challenge_cryptogram_or_nonce_reaches_the_traffic_log(
    caplog: pytest.LogCaptureFixture, name: str, password: Can | MrzKey
) -> None:
    recording = Recording(VirtualTransport(VirtualChip(profile(name))))
    with caplog.at_level(TRAFFIC, logger="cardreader"):
        read_document(recording, password)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "withheld" in text  # the traffic level was really on
    fragments = _secret_fragments(recording)
    assert len(fragments) >= 3
    for fragment in fragments:
        for rendering in (fragment.hex(" ").upper(), fragment.hex(), fragment.hex().upper()):
            assert rendering[:23] not in text, rendering


def test_the_traffic_log_keeps_headers_and_status_words_for_debugging(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recording = Recording(VirtualTransport(VirtualChip(profile("farkas-bence-passport"))))
    with caplog.at_level(TRAFFIC, logger="cardreader"):
        read_document(recording, MrzKey("HA7654321", "870415", "300101"))
    lines = [r.getMessage() for r in caplog.records if r.levelno == TRAFFIC]
    assert "> 00 84 00 00 08" in lines
    assert "< <8 bytes withheld> 90 00" in lines
    assert any(line.startswith("> 00 82 00 00 <") for line in lines)
    # SELECT of the eMRTD application is not authentication: shown in full.
    assert "> 00 A4 04 0C 07 A0 00 00 02 47 10 01" in lines


def test_no_secret_lands_in_any_log_at_debug_level_either(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recording = Recording(VirtualTransport(VirtualChip(profile("kovacs-eva"))))
    with caplog.at_level(logging.DEBUG, logger="cardreader"):
        read_document(recording, Can("123456"))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "123456" not in text
    for fragment in _secret_fragments(recording):
        assert fragment.hex(" ").upper()[:23] not in text


class Interrupted(Exception):
    """Stands for the CLI's SIGTERM or the wizard's TaskCancelled: not a card fault."""


def test_an_interrupt_during_a_read_is_not_mistaken_for_bad_card_data() -> None:
    def interrupted(_apdu: bytes) -> bytes:
        raise Interrupted()

    with pytest.raises(Interrupted):
        read_document(ChipFunction(interrupted), Can("123456"))


def test_a_failing_progress_callback_comes_back_unchanged() -> None:
    def progress(_step: object) -> None:
        raise ValueError("the caller's own")

    with pytest.raises(ValueError, match="the caller's own"):
        read_document(forged(), Can("123456"), progress=progress)


def test_a_cancelled_read_leaves_no_thread_behind_once_the_card_has_answered() -> None:
    from cardreader.errors import ReadCancelledError

    slow = VirtualTransport(VirtualChip(profile(faults=FaultConfig(delay_ms=300))))
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    with pytest.raises(ReadCancelledError):
        read_document(slow, Can("123456"), cancelled=cancel.is_set)
    deadline = time.monotonic() + 2
    while any(t.name == "card-apdu" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the APDU worker outlived its answer"
        time.sleep(0.05)
