"""Our reader's PACE (generic mapping, ECDH and DH) and secure messaging against OpenPACE's
libeac playing the chip: the run must succeed end to end (each side verifies the other's
authentication token, then protected commands and answers pass both sides' MAC checks and
decrypt), and both sides must have derived the same session keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardreader import pace
from cardreader.card_access import PaceInfo
from cardreader.cipher import Cipher
from cardreader.domain_parameters import STANDARD_PARAMETERS
from cardreader.errors import SecureMessagingError, WrongPasswordError
from cardreader.passwords import Can, MrzKey
from cardreader.security_infos import encode_card_access
from tests.cardreader.virtual_cards import profile
from tests.crosscheck.checks import (
    CAN,
    PROFILE_CURVES,
    KeySpy,
    exchange_protected_commands,
    same_keys,
)
from tests.crosscheck.openpace import OpenPaceChip

CIPHERS = (Cipher.AES128, Cipher.AES192, Cipher.AES256, Cipher.DES3)
ECDH_CASES = [(pid, Cipher.AES128) for pid in PROFILE_CURVES] + [
    (13, cipher) for cipher in CIPHERS if cipher is not Cipher.AES128
] + [(17, Cipher.AES256), (18, Cipher.AES256)]  # fmt: skip


def start(binary: Path, chips: list[OpenPaceChip], info: PaceInfo, password: str) -> OpenPaceChip:
    assert info.parameter_id is not None
    chip = OpenPaceChip(binary, info.protocol, info.parameter_id, password)
    chips.append(chip)
    return chip


def run_pace(
    binary: Path,
    chips: list[OpenPaceChip],
    monkeypatch: pytest.MonkeyPatch,
    info: PaceInfo,
) -> None:
    chip = start(binary, chips, info, CAN)
    spy = KeySpy(monkeypatch, pace)
    channel = pace.establish_pace(chip, Can(CAN), encode_card_access([info]))
    assert channel.info is not None
    assert channel.info.protocol_oid == info.protocol
    (ours,) = spy.keys
    assert same_keys(chip.keys(), ours)
    exchange_protected_commands(channel, chip)


@pytest.mark.parametrize(
    ("parameter_id", "cipher"),
    ECDH_CASES,
    ids=[f"{PROFILE_CURVES[p]}-{c.value}" for p, c in ECDH_CASES],
)
def test_pace_ecdh_generic_mapping_agrees_with_openpace_as_the_chip(
    openpace_chip_binary: Path,
    chips: list[OpenPaceChip],
    monkeypatch: pytest.MonkeyPatch,
    parameter_id: int,
    cipher: Cipher,
) -> None:
    run_pace(openpace_chip_binary, chips, monkeypatch, PaceInfo.ecdh_gm(cipher, parameter_id))


@pytest.mark.parametrize(
    ("parameter_id", "cipher"),
    [(0, Cipher.AES128), (1, Cipher.AES128), (2, Cipher.AES128), (2, Cipher.DES3)],
    ids=["1024-160-AES-128", "2048-224-AES-128", "2048-256-AES-128", "2048-256-3DES"],
)
def test_pace_dh_generic_mapping_agrees_with_openpace_as_the_chip(
    openpace_chip_binary: Path,
    chips: list[OpenPaceChip],
    monkeypatch: pytest.MonkeyPatch,
    parameter_id: int,
    cipher: Cipher,
) -> None:
    """OpenPACE's shared secret drops a zero top byte (OpenSSL's DH_compute_key) where ours
    keeps the modulus' length (PKCS #3): such a run (about 1 in 150) fails and is tried
    again. Every other run must agree, also when a public key's top byte is zero (both sides
    then write it shorter in the tokens, ICAO 9303-11, 9.4.1)."""
    info = PaceInfo.dh_gm(cipher, parameter_id)
    size = STANDARD_PARAMETERS[parameter_id].size
    for _ in range(10):
        monkeypatch.undo()  # a fresh spy each try, not one wrapped in the last
        chip = start(openpace_chip_binary, chips, info, CAN)
        spy = KeySpy(monkeypatch, pace)
        try:
            channel = pace.establish_pace(chip, Can(CAN), encode_card_access([info]))
        except (WrongPasswordError, SecureMessagingError):
            assert len(chip.shared_secret()) < size, "PACE-DH failed for another reason"
            continue
        (ours,) = spy.keys
        assert same_keys(chip.keys(), ours)
        exchange_protected_commands(channel, chip)
        return
    pytest.fail("ten DH runs in a row hit a shared secret with a zero top byte")


@pytest.mark.parametrize("name", ["kovacs-eva", "horvath-anna", "szabo-gyorgy"])
def test_pace_with_an_id_cards_mrz_agrees_with_openpace_as_the_chip(
    openpace_chip_binary: Path,
    chips: list[OpenPaceChip],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    """OpenPACE derives the MRZ password from the MRZ lines itself (document number with its
    filler and check digit, birth and expiry dates), we from the typed fields."""
    doc = profile(name).document
    line1, line2, _ = doc.mrz_lines()
    info = PaceInfo.ecdh_gm(Cipher.AES128, 13)
    chip = start(openpace_chip_binary, chips, info, "MRZ:" + line1 + line2)
    spy = KeySpy(monkeypatch, pace)
    mrz_key = MrzKey(doc.document_number, doc.date_of_birth, doc.date_of_expiry)
    channel = pace.establish_pace(chip, mrz_key, encode_card_access([info]))
    (ours,) = spy.keys
    assert same_keys(chip.keys(), ours)
    exchange_protected_commands(channel, chip)


def test_a_wrong_can_is_refused_by_openpace_and_reported_as_a_wrong_password(
    openpace_chip_binary: Path, chips: list[OpenPaceChip]
) -> None:
    info = PaceInfo.ecdh_gm(Cipher.AES128, 13)
    chip = start(openpace_chip_binary, chips, info, "654321")
    with pytest.raises(WrongPasswordError):
        pace.establish_pace(chip, Can(CAN), encode_card_access([info]))
    assert "token does not verify" in chip.close()
