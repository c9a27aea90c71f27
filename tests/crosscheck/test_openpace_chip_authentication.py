"""Our reader's Chip Authentication v1 against OpenPACE's libeac playing the chip, inside the
secure channel PACE opened with it: after CA both sides must hold the same new session keys
(compared directly), and protected commands must pass under them. The chip's static key is
OpenPACE's own; a reader told another key must fail at the first protected command."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardreader import chip_authentication, pace
from cardreader.card_access import PaceInfo
from cardreader.chip_authentication import chip_authenticate
from cardreader.cipher import Cipher
from cardreader.domain_parameters import STANDARD_PARAMETERS
from cardreader.errors import SecureMessagingError
from cardreader.passwords import Can
from cardreader.secure_messaging import SecureMessaging
from cardreader.security_infos import (
    ChipAuthenticationInfo,
    ChipPublicKey,
    KeyAgreementKind,
    ca_oid,
    encode_card_access,
)
from tests.crosscheck.checks import (
    CAN,
    PROFILE_CURVES,
    KeySpy,
    exchange_protected_commands,
    same_keys,
)
from tests.crosscheck.openpace import OpenPaceChip

DH_PARAMETER_ID = 2  # what the DH profiles use (cardreader/virtual/chip_secrets.py)
ECDH_CASES = [(pid, Cipher.AES128) for pid in PROFILE_CURVES] + [
    (13, Cipher.AES192), (13, Cipher.AES256), (13, Cipher.DES3), (18, Cipher.AES256)
]  # fmt: skip


def start_with_ca(
    binary: Path,
    chips: list[OpenPaceChip],
    agreement: KeyAgreementKind,
    parameter_id: int,
    cipher: Cipher,
) -> tuple[OpenPaceChip, SecureMessaging, ChipAuthenticationInfo]:
    """An OpenPACE chip offering CA with `cipher` on `parameter_id`, and our secure channel to
    it (PACE ECDH-GM AES-128 on brainpoolP256r1, which CA then replaces)."""
    pace_info = PaceInfo.ecdh_gm(Cipher.AES128, 13)
    info = ChipAuthenticationInfo(ca_oid(agreement, cipher), 1)
    assert pace_info.parameter_id is not None
    chip = OpenPaceChip(
        binary,
        pace_info.protocol,
        pace_info.parameter_id,
        CAN,
        ca_oid=info.protocol,
        ca_parameter_id=parameter_id,
    )
    chips.append(chip)
    channel = pace.establish_pace(chip, Can(CAN), encode_card_access([pace_info]))
    return chip, channel, info


@pytest.mark.parametrize(
    ("parameter_id", "cipher"),
    ECDH_CASES,
    ids=[f"{PROFILE_CURVES[p]}-{c.value}" for p, c in ECDH_CASES],
)
def test_chip_authentication_with_ecdh_agrees_with_openpace_as_the_chip(
    openpace_chip_binary: Path,
    chips: list[OpenPaceChip],
    monkeypatch: pytest.MonkeyPatch,
    parameter_id: int,
    cipher: Cipher,
) -> None:
    chip, channel, info = start_with_ca(
        openpace_chip_binary, chips, KeyAgreementKind.ECDH, parameter_id, cipher
    )
    key = ChipPublicKey(KeyAgreementKind.ECDH, parameter_id, chip.ca_public())
    spy = KeySpy(monkeypatch, chip_authentication)
    assert chip_authenticate(channel, info, key) is cipher
    (ours,) = spy.keys
    assert same_keys(chip.keys(), ours)
    exchange_protected_commands(channel, chip)


@pytest.mark.parametrize("cipher", [Cipher.AES128, Cipher.DES3], ids=lambda c: c.value)
def test_chip_authentication_with_dh_agrees_with_openpace_as_the_chip(
    openpace_chip_binary: Path,
    chips: list[OpenPaceChip],
    monkeypatch: pytest.MonkeyPatch,
    cipher: Cipher,
) -> None:
    """As with PACE-DH, OpenPACE's shared secret drops a zero top byte (OpenSSL's
    DH_compute_key) where ours keeps the modulus' length: such a run (about 1 in 256) must
    fail and is tried again; every other must agree."""
    size = STANDARD_PARAMETERS[DH_PARAMETER_ID].size
    for _ in range(10):
        monkeypatch.undo()  # a fresh spy each try, not one wrapped in the last
        chip, channel, info = start_with_ca(
            openpace_chip_binary, chips, KeyAgreementKind.DH, DH_PARAMETER_ID, cipher
        )
        key = ChipPublicKey(KeyAgreementKind.DH, DH_PARAMETER_ID, chip.ca_public())
        spy = KeySpy(monkeypatch, chip_authentication)
        chip_authenticate(channel, info, key)
        if len(chip.shared_secret()) < size:
            with pytest.raises(SecureMessagingError):
                exchange_protected_commands(channel, chip)
            continue
        (ours,) = spy.keys
        assert same_keys(chip.keys(), ours)
        exchange_protected_commands(channel, chip)
        return
    pytest.fail("ten DH runs in a row hit a leading zero byte")


@pytest.mark.parametrize("cipher", [Cipher.AES128, Cipher.DES3], ids=lambda c: c.value)
def test_a_chip_without_the_key_the_reader_expects_fails_at_the_first_protected_command(
    openpace_chip_binary: Path, chips: list[OpenPaceChip], cipher: Cipher
) -> None:
    """A cloned chip: the reader was told another chip's key (a second OpenPACE chip's)."""
    chip, channel, info = start_with_ca(
        openpace_chip_binary, chips, KeyAgreementKind.ECDH, 13, cipher
    )
    other, _, _ = start_with_ca(openpace_chip_binary, chips, KeyAgreementKind.ECDH, 13, cipher)
    assert other.ca_public() != chip.ca_public()
    chip_authenticate(channel, info, ChipPublicKey(KeyAgreementKind.ECDH, 13, other.ca_public()))
    with pytest.raises(SecureMessagingError):
        exchange_protected_commands(channel, chip)
    assert "MAC does not verify" in chip.close()
