from __future__ import annotations

from datetime import date

import pytest

from cardreader import read_document
from cardreader.document import (
    AccessProtocol,
    ChipAuthentication,
    Document,
    PassiveAuthentication,
    ReadStep,
)
from cardreader.errors import (
    CanNotAcceptedError,
    CardRemovedError,
    NotAnEidError,
    SecureMessagingError,
    WrongPasswordError,
)
from cardreader.mrz import transliterate
from cardreader.passive_auth import TrustStore
from cardreader.passwords import Can, MrzKey
from cardreader.virtual.profile import (
    ChipCipher,
    ChipConfig,
    ChipCurve,
    FaultConfig,
    list_profiles,
    load_profile,
)
from tests.cardreader.virtual_cards import transport

DEMO = [name for name in list_profiles() if not name.startswith("qa-")]


def _mrz_key(name: str) -> MrzKey:
    doc = load_profile(name).document
    return MrzKey(doc.document_number, doc.date_of_birth, doc.date_of_expiry)


def _expect_document(name: str, result_doc: Document) -> None:
    doc = load_profile(name).document
    assert result_doc.document_number == doc.document_number
    assert result_doc.surname == transliterate(doc.surname).replace("<", " ")
    assert result_doc.date_of_birth == doc.date_of_birth
    assert result_doc.date_of_expiry == doc.date_of_expiry
    assert result_doc.issuing_state == doc.issuing_state


@pytest.mark.parametrize("name", [n for n in DEMO if load_profile(n).access.pace])
def test_every_demo_card_reads_with_its_can_and_passive_authentication_is_valid(
    name: str,
) -> None:
    can = load_profile(name).access.can
    assert can is not None
    result = read_document(transport(name), Can(can))
    _expect_document(name, result.document)
    assert result.access is AccessProtocol.PACE
    assert result.passive_authentication is PassiveAuthentication.VALID, (
        result.passive_authentication_detail
    )


@pytest.mark.parametrize("name", DEMO)
def test_every_demo_card_reads_with_its_mrz_key(name: str) -> None:
    result = read_document(transport(name), _mrz_key(name))
    _expect_document(name, result.document)
    expected = AccessProtocol.PACE if load_profile(name).access.pace else AccessProtocol.BAC
    assert result.access is expected
    assert result.passive_authentication is PassiveAuthentication.VALID


def test_passport_reads_as_td3_over_bac() -> None:
    result = read_document(transport("farkas-bence-passport"), _mrz_key("farkas-bence-passport"))
    assert result.access is AccessProtocol.BAC
    assert result.document.document_code == "P"
    assert len(result.document.mrz) == 2
    assert result.document.date_of_birth == date(1987, 4, 15)


def test_expired_card_still_reads_and_says_so() -> None:
    result = read_document(transport("nagy-ilona-expired"), Can("246810"))
    assert result.document.is_expired(date(2026, 1, 1))
    assert result.passive_authentication is PassiveAuthentication.VALID


def test_pace_and_dg1_take_at_most_twelve_apdus_and_the_whole_read_nine_plus_four_for_ca() -> None:
    result = read_document(transport(), Can("123456"), read_sod=False)
    assert result.apdu_count <= 12
    assert result.passive_authentication is PassiveAuthentication.NOT_CHECKED
    full = read_document(transport(), Can("123456"))
    # Nine as before, and Chip Authentication adds four: EF.DG14, MSE:Set AT, GENERAL
    # AUTHENTICATE and the first command under the new keys.
    assert full.apdu_count == 9 + 4
    assert full.chip_authentication is ChipAuthentication.PASSED
    assert full.seconds > 0
    plain = read_document(transport(chip=ChipConfig()), Can("123456"))
    # A chip with neither key file: one READ BINARY each for EF.DG14 and EF.DG15 (6A82).
    assert plain.apdu_count == 9 + 2
    assert plain.chip_authentication is ChipAuthentication.NOT_SUPPORTED


def test_short_apdus_read_in_chunks_and_still_verify() -> None:
    t = transport(chip=ChipConfig(extended_length=False))
    assert not t.supports_extended_length
    result = read_document(t, Can("123456"))
    assert result.passive_authentication is PassiveAuthentication.VALID
    # EF.SOD is several 0xDF-byte chunks long, so more APDUs than with extended length.
    assert result.apdu_count > 9


def test_progress_reports_each_step_in_order() -> None:
    steps: list[ReadStep] = []
    read_document(transport(), Can("123456"), progress=steps.append)
    assert steps == [
        ReadStep.CONNECTING,
        ReadStep.SECURE_CHANNEL,
        ReadStep.READING,
        ReadStep.VERIFYING,
    ]


def test_empty_trust_store_gives_not_checked() -> None:
    result = read_document(transport(), Can("123456"), trust_store=TrustStore())
    assert result.passive_authentication is PassiveAuthentication.NOT_CHECKED
    assert "no trusted CSCA" in result.passive_authentication_detail


@pytest.mark.parametrize("curve", list(ChipCurve))
@pytest.mark.parametrize("cipher", list(ChipCipher))
def test_every_curve_and_cipher_reads_through_read_document(
    curve: ChipCurve, cipher: ChipCipher
) -> None:
    result = read_document(transport(chip=ChipConfig(curve, cipher)), Can("123456"))
    assert result.document.document_number == "201847KA"
    assert result.passive_authentication is PassiveAuthentication.VALID


def test_wrong_can_is_a_wrong_password_error_without_the_can_in_it() -> None:
    with pytest.raises(WrongPasswordError) as info:
        read_document(transport(), Can("654321"))
    assert "654321" not in str(info.value)


def test_wrong_mrz_key_is_a_wrong_password_error() -> None:
    with pytest.raises(WrongPasswordError):
        read_document(transport("farkas-bence-passport"), MrzKey("HA7654321", "870415", "300102"))


def test_a_can_on_a_bac_only_passport_asks_for_the_mrz_key() -> None:
    with pytest.raises(CanNotAcceptedError, match="MRZ key") as info:
        read_document(transport("farkas-bence-passport"), Can("123456"))
    # Still a wrong password for callers that only know the base class (CLI exit code 3).
    assert isinstance(info.value, WrongPasswordError)
    assert info.value.retries_left is None


def test_corrupted_mac_is_a_secure_messaging_error() -> None:
    with pytest.raises(SecureMessagingError):
        read_document(transport("qa-bad-mac"), Can("123456"))


def test_mac_corrupted_only_on_a_later_response_is_caught_there() -> None:
    t = transport(faults=FaultConfig(corrupt_mac_after=2))
    with pytest.raises(SecureMessagingError):
        read_document(t, Can("123456"))


def test_qa_vanish_profile_ends_in_card_removed() -> None:
    with pytest.raises(CardRemovedError):
        read_document(transport("qa-vanish"), Can("123456"))


def _apdus_of_a_read() -> int:
    return read_document(transport(), Can("123456")).apdu_count


@pytest.mark.parametrize("name", ["kovacs-eva", "farkas-bence-passport"])
def test_card_removed_after_any_apdu_of_a_read_is_card_removed_error(name: str) -> None:
    password = Can("123456") if name == "kovacs-eva" else _mrz_key(name)
    total = read_document(transport(name), password).apdu_count
    for n in range(1, total):
        t = transport(name, faults=FaultConfig(vanish_after_apdus=n))
        with pytest.raises(CardRemovedError):
            read_document(t, password)
    # Vanishing after the last answer leaves a complete read.
    done = read_document(transport(name, faults=FaultConfig(vanish_after_apdus=total)), password)
    assert done.document.document_number == load_profile(name).document.document_number


def test_a_card_left_in_a_session_inside_its_application_reads_again() -> None:
    t = transport()
    first = read_document(t, Can("123456"))
    second = read_document(t, Can("123456"))
    assert second.document == first.document
    assert second.passive_authentication is PassiveAuthentication.VALID
    # The plain read ends the old session (6987), finds no EF.CardAccess in the eMRTD
    # application (6A82), selects the MF and reads it: three more APDUs, no more.
    assert second.apdu_count == first.apdu_count + 3


def test_no_secret_reaches_the_log_even_at_apdu_trace_level(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(1)
    read_document(transport(), Can("123456"))
    with pytest.raises(WrongPasswordError):
        read_document(transport(), Can("654321"))
    read_document(transport("farkas-bence-passport"), _mrz_key("farkas-bence-passport"))
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert caplog.records  # the trace level did log the exchange
    for secret in ("123456", "654321", "313233343536", "870415", "HA765432158704153"):
        assert secret not in text


class _BankCard:
    """A card that knows no eMRTD: every command is 'file not found' or 'INS not supported'."""

    supports_extended_length = False

    def transmit(self, apdu: bytes) -> bytes:
        return bytes.fromhex("6A82") if apdu[1] == 0xA4 else bytes.fromhex("6D00")

    def close(self) -> None:
        pass


def test_a_card_without_emrtd_application_is_not_an_eid() -> None:
    with pytest.raises(NotAnEidError):
        read_document(_BankCard(), Can("123456"))
    with pytest.raises(NotAnEidError):
        read_document(_BankCard(), _mrz_key("farkas-bence-passport"))


def test_a_read_of_dg1_alone_never_loads_asn1crypto_and_passive_authentication_does() -> None:
    # asn1crypto (~25 ms) is for EF.SOD only. The virtual chip signs its EF.SOD when it is
    # built, so the library is dropped from the process after that and must not come back.
    import subprocess
    import sys

    code = """
import sys
from cardreader import read_document
from cardreader.passwords import Can
from tests.cardreader.virtual_cards import transport

chips = transport(), transport()
for name in [m for m in sys.modules if m.startswith("asn1crypto") or m == "cardreader.sod"]:
    del sys.modules[name]
read_document(chips[0], Can("123456"), read_sod=False)
print("asn1crypto" in sys.modules)
read_document(chips[1], Can("123456"))
print("asn1crypto" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
